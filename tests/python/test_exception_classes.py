"""Exception classes of the server are objects: constructed, raised, caught,
isinstance-checked with the client's and the server's classes alike."""

import pytest


def test_builtin_exception_classes_are_callable(conn):
    b = conn.modules.builtins
    e = b.RuntimeError("boom", 2)
    assert isinstance(e, Exception)
    assert isinstance(e, RuntimeError)
    assert not isinstance(e, ValueError)
    assert e.args == ("boom", 2)
    assert str(e) == "('boom', 2)"
    assert repr(e) == "RuntimeError('boom', 2)"
    assert str(b.KeyError("k")) == "'k'"
    assert repr(b.ValueError()) == "ValueError()"


def test_oserror_picks_the_subclass_for_the_errno(conn):
    e = conn.modules.builtins.OSError(2, "No such file or directory", "/x")
    assert isinstance(e, FileNotFoundError)
    assert e.errno == 2
    assert e.filename == "/x"
    assert str(e) == "[Errno 2] No such file or directory: '/x'"


def test_hierarchy_on_the_server(conn):
    assert conn.eval("issubclass(FileNotFoundError, OSError)")
    assert conn.eval("issubclass(KeyError, LookupError) and not issubclass(KeyError, ValueError)")
    assert conn.eval("isinstance(ZeroDivisionError(), ArithmeticError)")
    assert list(conn.eval("[c.__name__ for c in ZeroDivisionError.__mro__]")) == [
        "ZeroDivisionError", "ArithmeticError", "Exception", "BaseException", "object"]


def test_raise_in_execute_and_catch_on_the_client(conn):
    with pytest.raises(PermissionError) as info:
        conn.execute("raise PermissionError(13, 'Permission denied', '/root/x')")
    assert info.value.errno == 13
    with pytest.raises(KeyError):
        conn.execute("d = {}\nd['missing']")
    with pytest.raises(ValueError, match="bad value"):
        conn.execute("def check(x):\n    if x < 0:\n        raise ValueError('bad value')\ncheck(-1)")


def test_raise_a_constructed_instance_from_the_client(conn):
    e = conn.modules.builtins.TimeoutError("slow")
    conn.namespace["err"] = e
    with pytest.raises(TimeoutError, match="slow"):
        conn.execute("raise err")


def test_catch_inside_execute_with_the_hierarchy(conn):
    conn.execute(
        "caught = []\n"
        "for exc in (KeyError('a'), IndexError(1), ZeroDivisionError(), OSError(2, 'x')):\n"
        "    try:\n"
        "        raise exc\n"
        "    except LookupError as e:\n"
        "        caught.append(('lookup', type(e).__name__))\n"
        "    except (ArithmeticError, OSError) as e:\n"
        "        caught.append(('other', type(e).__name__))\n"
    )
    assert list(conn.namespace["caught"]) == [
        ("lookup", "KeyError"), ("lookup", "IndexError"),
        ("other", "ZeroDivisionError"), ("other", "FileNotFoundError")]


def test_exception_chaining(conn):
    conn.execute(
        "try:\n"
        "    try:\n"
        "        1 / 0\n"
        "    except ZeroDivisionError as e:\n"
        "        raise ValueError('wrapped') from e\n"
        "except ValueError as e:\n"
        "    cause = type(e.__cause__).__name__\n"
    )
    assert conn.namespace["cause"] == "ZeroDivisionError"


def test_exception_instances_travel_both_ways(conn):
    conn.execute("def make(msg):\n    return LookupError(msg)")
    e = conn.namespace["make"]("nope")
    assert isinstance(e, LookupError)
    assert e.args == ("nope",)
