"""The fixture directory of the stdlib suite.

A case whose source (or client-side op) names ``FIX`` gets that name bound
to the absolute path of a directory rebuilt, exactly alike, right before
the case runs on each side (CPython in this process, rpyc_classic, the
agent): files with known bytes, hidden files, nested directories, symlinks
(to a file, to a directory, dangling), an unreadable file, names with
spaces and non-ASCII letters, and fixed access and modification times, so
that `stat`, `glob`, `os.walk` or `pathlib` see the same tree every time.
What differs between two builds (inode numbers, ctime) is not for cases to
look at.

The path is the same for the whole run and across runs in one checkout
(``target/difftest/fixture``), so results that contain it compare equal and
``selfcheck`` sees the same outcomes under both hash seeds. Cases must
leave process-wide state as they found it (the reference runs in this
process): restore the working directory, umask and environment they
change.
"""

import os
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "target" / "difftest" / "fixture"

# 2023-11-14 22:13:20 UTC: every file's atime and mtime.
MTIME = 1_700_000_000

# (relative path, bytes); directories are made as needed.
FILES = [
    ("a.txt", b"alpha\nbeta\n"),
    ("b.py", b"print('hi')\n"),
    ("empty.txt", b""),
    ("bin.dat", bytes(range(256))),
    (".hidden", b"secret\n"),
    ("with space.txt", b"spaced\n"),
    ("\u00fcn\u00efcode.txt", "\u00fcml\u00e4ut\n".encode()),
    ("lines.txt", b"one\ntwo\r\nthree\rfour\n\nsix"),
    ("noperm.txt", b"locked\n"),
    ("sub/c.txt", b"gamma\n"),
    ("sub/c.log", b"log line\n"),
    ("sub/deeper/d.txt", b"delta\n"),
    ("sub/.hid/e.txt", b"epsilon\n"),
    ("data/config.ini", b"[main]\nname = fixture\ncount = 3\n"),
    ("data/list.json", b'{"hosts": ["a", "b"], "port": 22, "tls": false}\n'),
    (
        "data/hosts.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- fleet inventory -->\n"
        '<inventory xmlns:n="urn:net" version="2">\n'
        '  <host name="web1" role="web"><n:ip>10.0.0.1</n:ip><port>80</port></host>\n'
        '  <host name="db\u00fc" role="db"><n:ip>10.0.0.2</n:ip><port>5432</port>'
        "<note><![CDATA[a<b & c]]></note></host>\n"
        "  <?audit ok?>\n"
        '  <group id="all">&amp; more</group>\n'
        "</inventory>\n".encode(),
    ),
    (
        "data/latin1.xml",
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<a t="\u00e9t\u00e9">caf\u00e9</a>\n'.encode("latin-1"),
    ),
    ("data/bad.xml", b"<a>\n  <b>\n</a>\n"),
    ("data/xxe.xml", b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n<a>&e;</a>\n'),
]
DIRS = ["emptydir"]
# (link path, target) — relative targets, like `ln -s`.
SYMLINKS = [
    ("link_to_a", "a.txt"),
    ("link_to_sub", "sub"),
    ("dangling", "missing.txt"),
]
MODES = {"noperm.txt": 0o000, "b.py": 0o755}

_NAME = re.compile(r"\bFIX\b")


def uses_fixture(case):
    return bool(_NAME.search(case.src) or _NAME.search(case.op))


def _remove(path):
    if not os.path.lexists(path):
        return

    def unlock(func, p, _exc):
        # An unreadable or unwritable entry left by a case: open it up, retry.
        os.chmod(p, 0o700)
        func(p)

    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if not os.path.islink(full):
                os.chmod(full, 0o700)
    shutil.rmtree(path, onerror=unlock)


def build():
    """Rebuilds the fixture from nothing; returns its path as a str."""
    _remove(ROOT)
    ROOT.mkdir(parents=True)
    for rel, data in FILES:
        p = ROOT / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    for rel in DIRS:
        (ROOT / rel).mkdir()
    for rel, target in SYMLINKS:
        os.symlink(target, ROOT / rel)
    for rel, mode in MODES.items():
        os.chmod(ROOT / rel, mode)
    # Times last, deepest first, so making entries does not touch them again.
    entries = sorted(ROOT.rglob("*"), key=lambda p: len(p.parts), reverse=True) + [ROOT]
    for p in entries:
        os.utime(p, (MTIME, MTIME), follow_symlinks=False)
    return str(ROOT)


def prepare(case):
    """The value of ``FIX`` for this case (rebuilt now), or None when the
    case does not use it."""
    return build() if uses_fixture(case) else None
