"""Remote exceptions arrive with Python's types and attributes."""

import errno
import os

import pytest


def test_file_not_found(conn, tmp_path):
    p = str(tmp_path / "missing.txt")
    with pytest.raises(FileNotFoundError) as info:
        conn.modules.os.stat(p)
    e = info.value
    assert isinstance(e, OSError)
    assert e.errno == errno.ENOENT == 2
    assert e.strerror == os.strerror(errno.ENOENT)
    assert e.filename == p
    assert e.args == (2, os.strerror(2))
    with pytest.raises(FileNotFoundError) as info:
        conn.builtins.open(p)
    assert info.value.filename == p


def test_permission_error(conn, tmp_path):
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not deny root")
    p = tmp_path / "secret"
    p.write_text("s")
    os.chmod(p, 0)
    try:
        with pytest.raises(PermissionError) as info:
            conn.builtins.open(str(p))
        assert info.value.errno == errno.EACCES
        assert info.value.filename == str(p)
    finally:
        os.chmod(p, 0o600)


def test_file_exists(conn, tmp_path):
    with pytest.raises(FileExistsError) as info:
        conn.modules.os.mkdir(str(tmp_path))
    assert info.value.errno == errno.EEXIST
    assert info.value.filename == str(tmp_path)


def test_is_a_directory(conn, tmp_path):
    with pytest.raises(IsADirectoryError) as info:
        conn.builtins.open(str(tmp_path))
    assert info.value.errno == errno.EISDIR
    assert info.value.filename == str(tmp_path)


def test_not_a_directory(conn, tmp_path):
    p = tmp_path / "file"
    p.write_text("x")
    with pytest.raises(NotADirectoryError) as info:
        conn.modules.os.listdir(str(p))
    assert info.value.errno == errno.ENOTDIR
    assert info.value.filename == str(p)


def test_rename_two_filenames(conn, tmp_path):
    a, b = str(tmp_path / "a"), str(tmp_path / "nodir" / "b")
    with pytest.raises(FileNotFoundError) as info:
        conn.modules.os.rename(a, b)
    assert info.value.filename == a
    assert info.value.filename2 == b


def test_attribute_error(conn):
    with pytest.raises(AttributeError):
        conn.modules.os.no_such_attribute_xyz
    with pytest.raises(AttributeError):
        conn.builtins.list().no_such_method_xyz()


def test_type_error(conn):
    with pytest.raises(TypeError):
        conn.builtins.len(5)
    with pytest.raises(TypeError):
        conn.modules.os.getcwd(1)
    with pytest.raises(TypeError):
        conn.builtins.int("1", base="x")


def test_value_error(conn):
    with pytest.raises(ValueError):
        conn.builtins.int("not a number")


def test_key_error(conn):
    d = conn.builtins.dict(a=1)
    with pytest.raises(KeyError) as info:
        d["missing"]
    assert info.value.args == ("missing",)


def test_index_error(conn):
    rl = conn.builtins.list((1, 2))
    with pytest.raises(IndexError):
        rl[5]
    with pytest.raises(IndexError):
        conn.builtins.list().pop()


def test_stop_iteration(conn):
    it = conn.builtins.iter(conn.builtins.list((1, 2)))
    assert next(it) == 1
    assert next(it) == 2
    with pytest.raises(StopIteration):
        next(it)
    assert next(conn.builtins.iter(conn.builtins.list()), "dflt") == "dflt"


def test_zero_division(conn):
    with pytest.raises(ZeroDivisionError):
        conn.eval("1/0")


def test_nonexistent_module(conn):
    with pytest.raises(AttributeError):
        conn.modules.nonexistent_module_xyz
    with pytest.raises(ModuleNotFoundError) as info:
        conn.modules["nonexistent_module_xyz"]
    assert info.value.name == "nonexistent_module_xyz"
    assert isinstance(info.value, ImportError)


def test_connection_survives_exceptions(conn):
    for _ in range(3):
        with pytest.raises(ValueError):
            conn.builtins.int("nope")
        with pytest.raises(KeyError):
            conn.builtins.dict()["k"]
    assert conn.builtins.len("abc") == 3


def test_execute_syntax_error_and_name_error(conn):
    with pytest.raises(SyntaxError):
        conn.execute("x = = 1")
    with pytest.raises(NameError):
        conn.eval("undefined_name_xyz")
