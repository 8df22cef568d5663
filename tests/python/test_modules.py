"""sys, platform, socket, time and shutil, as a client sees them."""

import os
import platform
import shutil
import socket
import sys
import time

import pytest
import rpyc


def test_sys_attributes(conn):
    rsys = conn.modules.sys
    assert rsys.platform == sys.platform
    assert rsys.byteorder == sys.byteorder
    assert rsys.maxsize == sys.maxsize


def test_sys_version_info(conn):
    rsys = conn.modules.sys
    # The version itself may differ (the agent is not CPython); its shape may not.
    assert isinstance(rsys.version, str)
    assert rsys.version_info[0] == 3
    assert rsys.version_info.major == 3


def test_sys_path_and_modules(conn):
    rsys = conn.modules.sys
    assert isinstance(rsys.path, list)
    assert "sys" in rsys.modules
    assert "os" in rsys.modules


def test_sys_exit_raises_system_exit(conn):
    with pytest.raises(SystemExit) as info:
        conn.modules.sys.exit(3)
    assert info.value.code == 3


def test_redirected_stdio_carries_remote_print(conn, capsys):
    with rpyc.classic.redirected_stdio(conn):
        conn.execute("print('hello from the server')")
    assert capsys.readouterr().out == "hello from the server\n"
    # Restored: the server's stdout is its own again.
    assert "<stdout>" in repr(conn.modules.sys.stdout)


def test_platform(conn):
    rplat = conn.modules.platform
    assert rplat.machine() == platform.machine()
    assert rplat.system() == platform.system()
    assert rplat.node() == platform.node()
    u = rplat.uname()
    local = platform.uname()
    assert u.system == local.system
    assert u.node == local.node
    assert u.release == local.release
    assert u.machine == local.machine
    assert u[0] == local[0]
    assert len(u) == len(local)


def test_os_uname(conn):
    u = conn.modules.os.uname()
    local = os.uname()
    assert u.sysname == local.sysname
    assert u.machine == local.machine
    assert u[1] == local.nodename


def test_socket_gethostname(conn):
    assert conn.modules.socket.gethostname() == socket.gethostname()


def test_time(conn):
    rtime = conn.modules.time
    t = rtime.time()
    assert isinstance(t, float)
    assert abs(t - time.time()) < 5
    m1 = rtime.monotonic()
    assert isinstance(m1, float)
    # Same host, same clock.
    assert abs(m1 - time.monotonic()) < 5
    t0 = time.monotonic()
    assert rtime.sleep(0.2) is None
    assert time.monotonic() - t0 >= 0.2
    assert rtime.monotonic() - m1 >= 0.2


def test_time_strptime_and_struct_time(conn):
    rtime = conn.modules.time
    text, fmt = "2023-11-14 22:13:20", "%Y-%m-%d %H:%M:%S"
    assert tuple(rtime.strptime(text, fmt)) == tuple(time.strptime(text, fmt))
    assert rpyc.classic.obtain(rtime.gmtime(0)) == time.gmtime(0)
    with pytest.raises(ValueError):
        rtime.strptime("2023-02-30", "%Y-%m-%d")


def test_shutil_disk_usage(conn, tmp_path):
    du = conn.modules.shutil.disk_usage(str(tmp_path))
    local = shutil.disk_usage(tmp_path)
    assert du.total == local.total
    assert du[0] == du.total
    assert du.used + du.free <= du.total
    assert du.free > 0
    assert len(du) == 3
    assert tuple(du)[0] == local.total


def test_shutil_which(conn):
    rwhich = conn.modules.shutil.which
    assert rwhich("sh") == shutil.which("sh")
    assert rwhich("no-such-program-xyz") is None


def test_shutil_copy(conn, tmp_path):
    src = tmp_path / "src.txt"
    src.write_text("copy me")
    os.chmod(src, 0o640)
    dst = conn.modules.shutil.copy(str(src), str(tmp_path / "dst.txt"))
    assert dst == str(tmp_path / "dst.txt")
    assert (tmp_path / "dst.txt").read_text() == "copy me"
    assert os.stat(tmp_path / "dst.txt").st_mode == os.stat(src).st_mode
    (tmp_path / "d").mkdir()
    into = conn.modules.shutil.copy(str(src), str(tmp_path / "d"))
    assert into == str(tmp_path / "d" / "src.txt")


def test_shutil_copytree_rmtree(conn, tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "top.txt").write_text("top")
    (src / "a" / "b" / "deep.bin").write_bytes(bytes(range(256)))
    rshutil = conn.modules.shutil
    out = rshutil.copytree(str(src), str(tmp_path / "dst"))
    assert out == str(tmp_path / "dst")
    assert (tmp_path / "dst" / "top.txt").read_text() == "top"
    assert (tmp_path / "dst" / "a" / "b" / "deep.bin").read_bytes() == bytes(range(256))
    with pytest.raises(FileExistsError):
        rshutil.copytree(str(src), str(tmp_path / "dst"))
    rshutil.rmtree(str(tmp_path / "dst"))
    assert not (tmp_path / "dst").exists()
    with pytest.raises(FileNotFoundError):
        rshutil.rmtree(str(tmp_path / "dst"))
    rshutil.rmtree(str(tmp_path / "dst"), ignore_errors=True)


def test_shutil_move(conn, tmp_path):
    (tmp_path / "f").write_text("F")
    (tmp_path / "dir").mkdir()
    rmove = conn.modules.shutil.move
    assert rmove(str(tmp_path / "f"), str(tmp_path / "g")) == str(tmp_path / "g")
    assert (tmp_path / "g").read_text() == "F"
    assert rmove(str(tmp_path / "g"), str(tmp_path / "dir")) == str(tmp_path / "dir" / "g")
    assert (tmp_path / "dir" / "g").read_text() == "F"
    rmove(str(tmp_path / "dir"), str(tmp_path / "dir2"))
    assert (tmp_path / "dir2" / "g").read_text() == "F"
    assert not (tmp_path / "dir").exists()
