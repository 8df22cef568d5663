#!/usr/bin/env python3
"""Writes cases.txt: seeded random calls of posixpath's pure functions and
CPython's answers (repr, or "Class: message"), for the differential test
in ../tests.rs. Regenerate with CPython 3.11: python3 gen_cases.py

One case per line: function|arguments|expected, arguments separated by ';',
each 's' + hex (str), 'b' + hex (bytes) or 'l' + comma-separated arguments
(a list); expected is hex of UTF-8 text.
"""

import os.path
import random
import sys

PARTS = ["", ".", "..", "a", "bb", "c.d", ".e", "f.", "..g", "h.tar.gz", "~", "~root", "$HOME", "${X}", "é", "x y"]
FUNCS = ["split", "splitext", "basename", "dirname", "normpath", "isabs", "join", "relpath",
         "commonprefix", "commonpath", "splitdrive", "normcase"]


def random_path(rng):
    s = rng.choice(["/", "//", "///"]) if rng.random() < 0.4 else ""
    s += "/".join(rng.choice(PARTS) for _ in range(rng.randint(0, 5)))
    return s + "/" if rng.random() < 0.2 else s


def arguments(rng, f):
    as_bytes = rng.random() < 0.3
    enc = (lambda s: s.encode()) if as_bytes else (lambda s: s)
    if f == "join":
        return [enc(random_path(rng)) for _ in range(rng.randint(1, 4))]
    if f == "relpath":
        # Absolute paths only: the answer must not depend on the cwd.
        return [enc("/" + random_path(rng)), enc("/" + random_path(rng))]
    if f == "commonprefix":
        return [[enc(random_path(rng)) for _ in range(rng.randint(1, 3))]]
    if f == "commonpath":
        lead = "/" if rng.random() < 0.5 else ""
        return [[enc(lead + random_path(rng).lstrip("/")) for _ in range(rng.randint(1, 3))]]
    return [enc(random_path(rng))]


def encode(a):
    if isinstance(a, bytes):
        return "b" + a.hex()
    if isinstance(a, list):
        return "l" + ",".join(encode(x) for x in a)
    return "s" + a.encode().hex()


def main():
    rng = random.Random(20240611)
    out = []
    for _ in range(1500):
        f = rng.choice(FUNCS)
        args = arguments(rng, f)
        try:
            want = repr(getattr(os.path, f)(*args))
        except Exception as e:  # the error is the expected answer
            want = f"{type(e).__name__}: {e}"
        out.append(f"{f}|{';'.join(encode(a) for a in args)}|{want.encode().hex()}")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.txt"), "w") as fh:
        fh.write("\n".join(out) + "\n")
    print(f"{len(out)} cases from Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
