"""Remote file objects, large reads, rpyc.classic.upload/download, unicode paths."""

import hashlib
import os

import rpyc


def test_open_read_text(conn, tmp_path):
    p = tmp_path / "t.txt"
    p.write_text("hello\nworld\n")
    f = conn.builtins.open(str(p))
    try:
        assert f.read() == "hello\nworld\n"
        assert f.read() == ""
        assert f.mode == "r"
        assert f.name == str(p)
        assert not f.closed
    finally:
        f.close()
    assert f.closed


def test_open_binary(conn, tmp_path):
    p = tmp_path / "b.bin"
    data = bytes(range(256)) * 4
    p.write_bytes(data)
    with conn.builtins.open(str(p), "rb") as f:
        assert f.read(10) == data[:10]
        assert f.read() == data[10:]
    with conn.builtins.open(str(tmp_path / "w.bin"), "wb") as f:
        assert f.write(b"\x00\xff" * 3) == 6
    assert (tmp_path / "w.bin").read_bytes() == b"\x00\xff" * 3


def test_with_open_write(conn, tmp_path):
    p = tmp_path / "out.txt"
    with conn.builtins.open(str(p), "w") as f:
        assert f.write("line 1\n") == 7
        f.write("line 2\n")
        f.writelines(["line 3\n", "line 4\n"])
    assert f.closed
    assert p.read_text() == "line 1\nline 2\nline 3\nline 4\n"
    with conn.builtins.open(str(p), "a") as f:
        f.write("more\n")
    assert p.read_text().endswith("line 4\nmore\n")


def test_readline_readlines_iteration(conn, tmp_path):
    p = tmp_path / "lines.txt"
    p.write_text("a\nbb\nccc\n")
    with conn.builtins.open(str(p)) as f:
        assert f.readline() == "a\n"
        assert list(f.readlines()) == ["bb\n", "ccc\n"]
        assert f.readline() == ""
    with conn.builtins.open(str(p)) as f:
        assert [line for line in f] == ["a\n", "bb\n", "ccc\n"]
    with conn.builtins.open(str(p)) as f:
        assert list(f) == ["a\n", "bb\n", "ccc\n"]


def test_seek_tell(conn, tmp_path):
    p = tmp_path / "s.bin"
    p.write_bytes(b"0123456789")
    with conn.builtins.open(str(p), "rb") as f:
        assert f.tell() == 0
        assert f.seek(4) == 4
        assert f.read(2) == b"45"
        assert f.tell() == 6
        assert f.seek(-3, os.SEEK_END) == 7
        assert f.read() == b"789"
        assert f.seek(-5, os.SEEK_CUR) == 5
        assert f.read(1) == b"5"
        assert f.seekable()


def test_closed_after_with(conn, tmp_path):
    p = tmp_path / "c.txt"
    p.write_text("x")
    with conn.builtins.open(str(p)) as f:
        assert f.closed is False
    assert f.closed is True


def test_read_10_mib(conn, tmp_path):
    p = tmp_path / "big.bin"
    data = os.urandom(10 * 1024 * 1024)
    p.write_bytes(data)
    with conn.builtins.open(str(p), "rb") as f:
        got = f.read()
    assert len(got) == len(data)
    assert hashlib.sha256(got).hexdigest() == hashlib.sha256(data).hexdigest()


def test_upload_download_file(conn, tmp_path):
    local = tmp_path / "local.bin"
    data = os.urandom(300_000)
    local.write_bytes(data)
    remote = tmp_path / "remote.bin"
    rpyc.classic.upload(conn, str(local), str(remote))
    assert remote.read_bytes() == data
    back = tmp_path / "back.bin"
    rpyc.classic.download(conn, str(remote), str(back))
    assert back.read_bytes() == data


def _snapshot(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        out[rel] = None
        for name in filenames:
            with open(os.path.join(dirpath, name), "rb") as f:
                out[os.path.join(rel, name)] = f.read()
    return out


def test_upload_download_tree(conn, tmp_path):
    src = tmp_path / "src"
    (src / "a" / "b").mkdir(parents=True)
    (src / "empty").mkdir()
    (src / "top.txt").write_text("top")
    (src / "a" / "mid.bin").write_bytes(os.urandom(5000))
    (src / "a" / "b" / "deep.txt").write_text("deep\n" * 100)
    rpyc.classic.upload(conn, str(src), str(tmp_path / "up"))
    assert _snapshot(tmp_path / "up") == _snapshot(src)
    rpyc.classic.download(conn, str(tmp_path / "up"), str(tmp_path / "down"))
    assert _snapshot(tmp_path / "down") == _snapshot(src)


def test_unicode_paths(conn, tmp_path):
    name = "\u00fcn\u00efc\u00f8d\u00e9-\u65e5\u672c.txt"
    p = tmp_path / name
    with conn.builtins.open(str(p), "w", encoding="utf-8") as f:
        f.write("\u65e5\u672c\u8a9e \u2713\n")
    assert p.read_text(encoding="utf-8") == "\u65e5\u672c\u8a9e \u2713\n"
    assert name in conn.modules.os.listdir(str(tmp_path))
    assert conn.modules.os.path.exists(str(p))
    assert conn.modules.os.path.getsize(str(p)) == os.path.getsize(p)
    with conn.builtins.open(str(p), encoding="utf-8") as f:
        assert f.read() == "\u65e5\u672c\u8a9e \u2713\n"
    d = tmp_path / "\u00e9t\u00e9"
    conn.modules.os.mkdir(str(d))
    assert d.is_dir()
    conn.modules.os.rename(str(p), str(d / name))
    assert (d / name).exists()
