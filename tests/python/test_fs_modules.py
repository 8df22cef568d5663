"""pathlib, zipfile, tarfile and os.popen through the real client: values
that travel by value arrive as the client's own classes (obtain gives a real
pathlib.PosixPath, zipfile.ZipInfo, tarfile.TarInfo, os.stat_result), and
the objects that stay on the server behave as Python's through netrefs."""

import os
import pathlib
import tarfile
import zipfile

import rpyc


def test_obtained_paths_are_real_posix_paths(conn, tmp_path):
    remote = conn.modules.pathlib.Path(str(tmp_path)) / "a" / "b.txt"
    local = rpyc.classic.obtain(remote)
    assert type(local) is pathlib.PosixPath
    assert local == tmp_path / "a" / "b.txt"
    assert local.parts == (tmp_path / "a" / "b.txt").parts
    pure = rpyc.classic.obtain(conn.modules.pathlib.PurePath("/x/../y"))
    assert type(pure) is pathlib.PurePosixPath and str(pure) == "/x/../y"
    assert type(rpyc.classic.obtain(conn.modules.pathlib.Path())) is pathlib.PosixPath
    assert rpyc.classic.obtain(conn.modules.pathlib.Path("/tmp")) == pathlib.Path("/tmp")


def test_paths_through_netrefs(conn, tmp_path):
    (tmp_path / "f.txt").write_text("hello")
    p = conn.modules.pathlib.Path(str(tmp_path))
    assert str(p / "f.txt") == str(tmp_path / "f.txt")
    assert repr(p) == repr(tmp_path)
    assert os.fspath(p) == str(tmp_path)
    assert (p / "f.txt").read_text() == "hello"
    assert sorted(x.name for x in p.iterdir()) == ["f.txt"]
    assert [x.name for x in p.glob("*.txt")] == ["f.txt"]
    assert (p / "f.txt").stat().st_size == 5
    assert (p / "f.txt").suffix == ".txt"


def test_obtained_archive_members(conn, tmp_path):
    zp, tp = str(tmp_path / "t.zip"), str(tmp_path / "t.tar")
    conn.execute(
        "import zipfile, tarfile\n"
        f"with zipfile.ZipFile({zp!r}, 'w') as z:\n"
        "    z.writestr(zipfile.ZipInfo('a.txt', (2001, 2, 3, 4, 5, 6)), 'alpha')\n"
        f"with open({zp!r} + '.src', 'w') as f:\n"
        "    f.write('x')\n"
        f"with tarfile.open({tp!r}, 'w') as t:\n"
        f"    t.add({zp!r} + '.src', 'src')\n"
    )
    info = rpyc.classic.obtain(conn.modules.zipfile.ZipFile(zp).getinfo("a.txt"))
    assert type(info) is zipfile.ZipInfo
    assert (info.filename, info.date_time, info.file_size) == ("a.txt", (2001, 2, 3, 4, 5, 6), 5)
    assert info.CRC == zipfile.ZipFile(zp).getinfo("a.txt").CRC
    member = rpyc.classic.obtain(conn.modules.tarfile.open(tp).getmember("src"))
    assert type(member) is tarfile.TarInfo
    assert (member.name, member.size, member.isfile()) == ("src", 1, True)
    # The archives the server wrote are read by the client's own libraries.
    assert zipfile.ZipFile(zp).read("a.txt") == b"alpha"
    assert tarfile.open(tp).getnames() == ["src"]


def test_popen_status_and_stream(conn):
    f = conn.modules.os.popen("echo out; exit 3")
    assert f.read() == "out\n"
    assert f.close() == 3 << 8
    assert conn.modules.os.popen("true").close() is None
    assert conn.modules.os.system("exit 2") == 2 << 8
    st = rpyc.classic.obtain(conn.modules.os.statvfs("/"))
    assert type(st) is os.statvfs_result and st.f_bsize > 0
