"""The os module: directories, stat, environ, the filesystem operations, walk, scandir."""

import os
import stat

import pytest
import rpyc

from conftest import ENV_MARKER, ENV_MARKER_VALUE


def test_getcwd(conn, server):
    cwd = conn.modules.os.getcwd()
    assert isinstance(cwd, str)
    assert cwd == server.cwd


def test_listdir_is_a_list(conn, tmp_path):
    for name in ("b.txt", "a.txt", "c"):
        (tmp_path / name).write_text(name)
    names = conn.modules.os.listdir(str(tmp_path))
    assert isinstance(names, list)
    assert len(names) == 3
    assert sorted(names) == ["a.txt", "b.txt", "c"]
    assert names[0] in {"a.txt", "b.txt", "c"}
    assert names[-1] == names[2]
    assert "a.txt" in names
    assert "nope" not in names
    assert sorted(n for n in names) == sorted(os.listdir(tmp_path))
    assert sorted(rpyc.classic.obtain(names)) == sorted(os.listdir(tmp_path))


def test_stat_attributes_and_indexing(conn, tmp_path):
    p = tmp_path / "f.bin"
    p.write_bytes(b"x" * 1234)
    st = conn.modules.os.stat(str(p))
    local = os.stat(p)
    assert st.st_size == 1234
    assert st[6] == st.st_size
    assert st[stat.ST_SIZE] == 1234
    assert st.st_mode == local.st_mode
    assert stat.S_ISREG(st.st_mode)
    assert st.st_ino == local.st_ino
    assert st.st_dev == local.st_dev
    assert st.st_uid == local.st_uid
    assert st.st_nlink == 1
    assert st.st_mtime == local.st_mtime
    assert st.st_mtime_ns == local.st_mtime_ns
    assert len(st) == len(local)
    assert tuple(st) == tuple(local)
    dst = conn.modules.os.stat(str(tmp_path))
    assert stat.S_ISDIR(dst.st_mode)


def test_lstat_of_symlink(conn, tmp_path):
    target = tmp_path / "target"
    target.write_text("t")
    link = tmp_path / "link"
    os.symlink(target, link)
    assert stat.S_ISLNK(conn.modules.os.lstat(str(link)).st_mode)
    assert stat.S_ISREG(conn.modules.os.stat(str(link)).st_mode)


def test_environ_mapping(conn):
    env = conn.modules.os.environ
    assert "PATH" in env
    assert env["PATH"] == os.environ["PATH"]
    assert env[ENV_MARKER] == ENV_MARKER_VALUE
    assert env.get("RPYC_INTEROP_NOPE_XYZ") is None
    assert env.get("RPYC_INTEROP_NOPE_XYZ", "dflt") == "dflt"
    assert "RPYC_INTEROP_NOPE_XYZ" not in env
    assert ENV_MARKER in list(env.keys())
    with pytest.raises(KeyError):
        env["RPYC_INTEROP_NOPE_XYZ"]


def test_environ_set_and_delete(conn):
    env = conn.modules.os.environ
    env["RPYC_INTEROP_SET"] = "v1"
    assert conn.modules.os.getenv("RPYC_INTEROP_SET") == "v1"
    del env["RPYC_INTEROP_SET"]
    assert conn.modules.os.getenv("RPYC_INTEROP_SET") is None


def test_getenv(conn):
    getenv = conn.modules.os.getenv
    assert getenv(ENV_MARKER) == ENV_MARKER_VALUE
    assert getenv("PATH") == os.environ["PATH"]
    assert getenv("RPYC_INTEROP_NOPE_XYZ") is None
    assert getenv("RPYC_INTEROP_NOPE_XYZ", "dflt") == "dflt"


def test_mkdir_makedirs_rmdir(conn, tmp_path):
    ros = conn.modules.os
    d = tmp_path / "d"
    ros.mkdir(str(d))
    assert d.is_dir()
    deep = tmp_path / "a" / "b" / "c"
    ros.makedirs(str(deep))
    assert deep.is_dir()
    ros.makedirs(str(deep), exist_ok=True)
    ros.rmdir(str(d))
    assert not d.exists()
    ros.mkdir(str(tmp_path / "m"), 0o700)
    assert stat.S_IMODE(os.stat(tmp_path / "m").st_mode) == 0o700 & ~_umask()


def _umask():
    old = os.umask(0)
    os.umask(old)
    return old


def test_remove_rename_replace(conn, tmp_path):
    ros = conn.modules.os
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    a.write_text("A")
    c.write_text("C")
    ros.rename(str(a), str(b))
    assert not a.exists() and b.read_text() == "A"
    ros.replace(str(b), str(c))
    assert not b.exists() and c.read_text() == "A"
    ros.remove(str(c))
    assert not c.exists()
    (tmp_path / "u").write_text("U")
    ros.unlink(str(tmp_path / "u"))
    assert not (tmp_path / "u").exists()


def test_symlink_readlink(conn, tmp_path):
    ros = conn.modules.os
    target = tmp_path / "target.txt"
    target.write_text("T")
    link = tmp_path / "link"
    ros.symlink(str(target), str(link))
    assert link.is_symlink()
    assert ros.readlink(str(link)) == str(target)
    assert os.readlink(link) == str(target)
    assert conn.modules.os.path.islink(str(link))


def test_chmod(conn, tmp_path):
    p = tmp_path / "f"
    p.write_text("x")
    conn.modules.os.chmod(str(p), 0o640)
    assert stat.S_IMODE(os.stat(p).st_mode) == 0o640
    conn.modules.os.chmod(str(p), 0o755)
    assert stat.S_IMODE(conn.modules.os.stat(str(p)).st_mode) == 0o755


def test_walk(conn, tmp_path):
    (tmp_path / "x" / "y").mkdir(parents=True)
    (tmp_path / "x" / "f1").write_text("1")
    (tmp_path / "x" / "y" / "f2").write_text("2")
    (tmp_path / "top").write_text("t")

    def norm(walk):
        return sorted((root, sorted(dirs), sorted(files)) for root, dirs, files in walk)

    remote = norm(conn.modules.os.walk(str(tmp_path)))
    assert remote == norm(os.walk(str(tmp_path)))
    assert remote[0] == (str(tmp_path), ["x"], ["top"])


def test_scandir(conn, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "file.txt").write_bytes(b"12345")
    with conn.modules.os.scandir(str(tmp_path)) as it:
        entries = sorted(it, key=lambda e: e.name)
    assert [e.name for e in entries] == ["file.txt", "sub"]
    f, d = entries
    assert f.path == str(tmp_path / "file.txt")
    assert f.is_file() and not f.is_dir()
    assert d.is_dir() and not d.is_file()
    assert not f.is_symlink()
    assert f.stat().st_size == 5
    assert f.inode() == os.stat(tmp_path / "file.txt").st_ino


def test_getpid_and_ids(conn, server):
    ros = conn.modules.os
    assert ros.getpid() == server.proc.pid
    assert ros.getuid() == os.getuid()
    assert ros.geteuid() == os.geteuid()
    assert ros.sep == os.sep
    assert ros.name == os.name
    assert ros.linesep == os.linesep
