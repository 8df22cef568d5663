"""os.path: each function compared with the local os.path on the same paths (same host)."""

import os

import pytest


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "file.tar.gz").write_bytes(b"abcdef")
    os.symlink(tmp_path / "dir", tmp_path / "dirlink")
    return tmp_path


def _paths(tree):
    return [
        str(tree),
        str(tree / "dir"),
        str(tree / "dir" / "file.tar.gz"),
        str(tree / "dirlink" / "file.tar.gz"),
        str(tree / "missing"),
        str(tree / "dir" / ".." / "dir" / "." / "file.tar.gz"),
        "relative/path.txt",
        "~",
        "~/x/y",
        "",
        "/",
        ".hidden",
        "a//b/../c/",
    ]


@pytest.mark.parametrize(
    "name",
    ["exists", "isfile", "isdir", "islink", "splitext", "basename", "dirname", "split", "isabs",
     "normpath", "abspath", "realpath", "expanduser"],
)
def test_path_function_matches_local(conn, tree, name):
    remote = getattr(conn.modules.os.path, name)
    local = getattr(os.path, name)
    for p in _paths(tree):
        got = remote(p)
        want = local(p) if name not in ("abspath", "realpath") or os.path.isabs(p) else None
        if want is None:
            # Relative paths resolve against the server's cwd, not ours.
            continue
        assert got == want, f"os.path.{name}({p!r})"
        assert type(got) is type(want)


def test_abspath_of_relative_uses_server_cwd(conn, server):
    assert conn.modules.os.path.abspath("x/../y.txt") == os.path.join(server.cwd, "y.txt")


def test_join(conn, tree):
    rjoin = conn.modules.os.path.join
    for parts in [(str(tree), "a", "b.txt"), ("a", "/abs", "c"), ("a", ""), ("", "b"), ("a/", "b")]:
        assert rjoin(*parts) == os.path.join(*parts)


def test_getsize(conn, tree):
    p = str(tree / "dir" / "file.tar.gz")
    assert conn.modules.os.path.getsize(p) == 6 == os.path.getsize(p)


def test_getmtime(conn, tree):
    p = str(tree / "dir" / "file.tar.gz")
    assert conn.modules.os.path.getmtime(p) == os.path.getmtime(p)
