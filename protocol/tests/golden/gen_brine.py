#!/usr/bin/env python3
"""Generate protocol/tests/golden/brine.txt with the REAL rpyc 6.0.2 brine encoder.

Each line: <lowercase hex of brine.dump(v)> TAB <description> LF
Description grammar (no spaces):
  N None, T True, F False, E Ellipsis, NI NotImplemented
  i:<decimal>             int
  f:<16 hex>              float, IEEE-754 binary64 bits, big-endian
  c:<16 hex>:<16 hex>     complex (real, imag)
  s:<hex of utf-8>        str
  b:<hex>                 bytes
  t(<d>,...)              tuple
  fs(<d>,...)             frozenset, in iteration order
  sl(<d>,<d>,<d>)         slice (start, stop, step)

Deterministic: re-execs itself under PYTHONHASHSEED=0 (frozenset iteration order of str/bytes
depends on it) and uses a fixed random seed.
"""
import os
import sys

if os.environ.get("PYTHONHASHSEED") != "0":
    env = dict(os.environ, PYTHONHASHSEED="0")
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

import random
import struct

import rpyc
from rpyc.core import brine

assert rpyc.__version__ == "6.0.2", rpyc.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "brine.txt")
rng = random.Random(0x5EED_B21E)


# ----------------------------------------------------------------------------- description
def fbits(x):
    return struct.pack(">d", x).hex()


def desc(v, canonical=False):
    """Description string. canonical=True sorts frozenset members (for order-free comparison)."""
    t = type(v)
    if v is None:
        return "N"
    if v is True:
        return "T"
    if v is False:
        return "F"
    if v is Ellipsis:
        return "E"
    if v is NotImplemented:
        return "NI"
    if t is int:
        return "i:%d" % v
    if t is float:
        return "f:" + fbits(v)
    if t is complex:
        return "c:%s:%s" % (fbits(v.real), fbits(v.imag))
    if t is str:
        return "s:" + v.encode("utf-8").hex()
    if t is bytes:
        return "b:" + v.hex()
    if t is tuple:
        return "t(" + ",".join(desc(x, canonical) for x in v) + ")"
    if t is frozenset:
        items = [desc(x, canonical) for x in v]
        if canonical:
            items.sort()
        return "fs(" + ",".join(items) + ")"
    if t is slice:
        return "sl(%s,%s,%s)" % (desc(v.start, canonical), desc(v.stop, canonical),
                                 desc(v.step, canonical))
    raise TypeError("no description for %r" % (t,))


# ----------------------------------------------------------------------------- value pools
def f_from_bits(h):
    return struct.unpack(">d", bytes.fromhex(h))[0]


def rand_int_digits(n):
    """Random int with exactly n decimal digits (n >= 1)."""
    if n == 1:
        return rng.randrange(0, 10)
    return rng.randrange(10 ** (n - 1), 10 ** n)


def rand_float():
    k = rng.randrange(6)
    if k == 0:
        return f_from_bits("%016x" % rng.getrandbits(64))
    if k == 1:
        return rng.uniform(-1e6, 1e6)
    if k == 2:
        return float(rng.randrange(-10**6, 10**6))
    if k == 3:
        return rng.random()
    if k == 4:
        return rng.choice([0.5, 1.5, -2.25, 0.1, 1e-300, 1e300, 3.141592653589793])
    return rng.gauss(0, 1e10)


CHAR_POOLS = [
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-./\\\"'\t\n\r\x00\x7f",
    "".join(chr(c) for c in range(0x80, 0x100)),           # latin-1 supplement (2-byte utf-8)
    "ĀāĂăĄąσπΩжЖщЩאבגعربي",                                   # 2-byte
    "中文字符日本語한국어漢字\u3000\uff01\ufeff\uffff\ud7ff\ue000",  # 3-byte
    "\U0001F600\U0001F4A9\U0001F680\U00010000\U0010FFFF\U0001D11E\U00020000",  # 4-byte (astral)
]


def rand_str(maxlen=20):
    n = rng.randrange(0, maxlen + 1)
    pools = rng.sample(CHAR_POOLS, rng.randrange(1, len(CHAR_POOLS) + 1))
    chars = "".join(pools)
    return "".join(rng.choice(chars) for _ in range(n))


def rand_bytes(maxlen=40):
    return bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, maxlen + 1)))


def rand_int():
    k = rng.randrange(5)
    if k == 0:
        return rng.randrange(-60, 170)
    if k == 1:
        return rng.randrange(-2**31, 2**31)
    if k == 2:
        return rng.randrange(-2**64, 2**64)
    if k == 3:
        return rng.choice([1, -1]) * rand_int_digits(rng.randrange(1, 40))
    return rng.randrange(-10**6, 10**6)


def rand_scalar():
    k = rng.randrange(10)
    if k == 0:
        return rng.choice([None, True, False, Ellipsis, NotImplemented])
    if k in (1, 2, 3):
        return rand_int()
    if k == 4:
        return rand_float()
    if k == 5:
        return complex(rand_float(), rand_float())
    if k in (6, 7):
        return rand_str()
    return rand_bytes()


def rand_hashable_leaf():
    """Leaves safe for frozensets (NaN is fine too but makes equality odd; allowed anyway)."""
    k = rng.randrange(4)
    if k == 0:
        return rand_int()
    if k == 1:
        return rand_str(8)
    if k == 2:
        return rand_bytes(8)
    # no None/Ellipsis/NotImplemented: see id_hashed() below
    return rng.choice([True, False, 1.5, -0.25, 2j, float("inf"), -0.0])


ID_HASHED = (None, Ellipsis, NotImplemented)


def id_hashed(v):
    """True if hash(v) involves an object address. On CPython 3.11, hash(None), hash(Ellipsis)
    and hash(NotImplemented) are id-based (ASLR), so a frozenset of 2+ members containing them
    (even nested in a tuple) has a run-dependent iteration order and therefore run-dependent
    brine bytes. Such frozensets are kept out of the vectors."""
    if any(v is x for x in ID_HASHED):
        return True
    if type(v) in (tuple, frozenset):
        return any(id_hashed(x) for x in v)
    return False


def check_deterministic(v):
    t = type(v)
    if t is frozenset:
        assert len(v) <= 1 or not id_hashed(v), desc(v)
    if t in (tuple, frozenset):
        for x in v:
            check_deterministic(x)
    elif t is slice:
        for x in (v.start, v.stop, v.step):
            check_deterministic(x)


def rand_value(depth):
    if depth <= 0:
        return rand_scalar()
    k = rng.randrange(10)
    if k < 4:
        return rand_scalar()
    if k < 7:
        n = rng.choice([0, 1, 2, 3, 4, 5, 6, rng.randrange(0, 12)])
        return tuple(rand_value(depth - 1) for _ in range(n))
    if k < 8:
        return rand_frozenset(depth - 1)
    if k < 9:
        return rand_slice(depth - 1)
    return tuple(rand_value(depth - 1) for _ in range(rng.randrange(1, 4)))


def rand_frozenset_member(depth):
    if depth > 0 and rng.randrange(4) == 0:
        return tuple(rand_frozenset_member(depth - 1) for _ in range(rng.randrange(0, 4)))
    if depth > 0 and rng.randrange(8) == 0:
        return rand_frozenset(depth - 1)
    return rand_hashable_leaf()


def rand_frozenset(depth):
    n = rng.randrange(0, 8)
    return frozenset(rand_frozenset_member(depth) for _ in range(n))


def rand_slice(depth):
    def part():
        k = rng.randrange(6)
        if k == 0:
            return None
        if k in (1, 2):
            return rand_int()
        if k == 3:
            return rand_str(6)
        if k == 4 and depth > 0:
            return rand_value(depth - 1)
        return rand_scalar()
    return slice(part(), part(), part())


def nested(depth, leaf):
    v = leaf
    for i in range(depth):
        v = (v,) if i % 2 == 0 else (i, v, "d%d" % i)
    return v


def str_with_utf8_len(n, unit):
    """A str whose UTF-8 encoding is exactly n bytes, built from `unit` chars then ASCII filler."""
    ul = len(unit.encode("utf-8"))
    k = n // ul
    s = unit * k + "a" * (n - k * ul)
    assert len(s.encode("utf-8")) == n
    return s


# ----------------------------------------------------------------------------- vectors
values = []
add = values.append

# singletons
for v in (None, True, False, NotImplemented, Ellipsis):
    add(v)

# ints: every immediate, boundaries, powers
for i in range(-60, 175):
    add(i)
int_marks = set()
for base in (2**7, 2**8, 2**15, 2**16, 2**31, 2**32, 2**53, 2**63, 2**64, 2**127, 2**128,
             2**256, 10**9, 10**18, 10**19, 10**38, 10**100):
    for d in (-1, 0, 1):
        int_marks.add(base + d)
        int_marks.add(-(base + d))
for e in range(1, 310):
    int_marks.add(10 ** e)
    int_marks.add(10 ** e - 1)
    int_marks.add(-(10 ** e))
    int_marks.add(-(10 ** e - 1))
for e in range(0, 1030, 7):
    int_marks.add(2 ** e)
    int_marks.add(-(2 ** e))
for v in sorted(int_marks):
    add(v)
# decimal text length exactly 254, 255, 256, 257 chars (positive and negative variants)
for L in (1, 2, 3, 254, 255, 256, 257, 258):
    for _ in range(3):
        add(rand_int_digits(L))
        if L >= 2:
            add(-rand_int_digits(L - 1))   # text length L including '-'
        add(-rand_int_digits(L))           # text length L + 1
# big random ints, up to the CPython 3.11 str-conversion limit (4300 digits)
for _ in range(150):
    n = rng.choice([rng.randrange(1, 300), rng.randrange(300, 2001)])
    add(rng.choice([1, -1]) * rand_int_digits(n))
for v in (10**4299, 10**4300 - 1, -(10**4300 - 1), rand_int_digits(4300)):
    add(v)
for _ in range(700):
    add(rand_int())

# floats
FLOAT_BITS = [
    "0000000000000000", "8000000000000000",  # +0.0, -0.0
    "7ff0000000000000", "fff0000000000000",  # inf, -inf
    "7ff8000000000000", "fff8000000000000",  # nan, -nan
    "7ff8000000000001", "7ff0000000000001", "7fffffffffffffff", "fff4000000000000",  # nan payloads
    "0000000000000001", "8000000000000001",  # min subnormal
    "000fffffffffffff", "800fffffffffffff",  # max subnormal
    "0010000000000000", "8010000000000000",  # min normal
    "7fefffffffffffff", "ffefffffffffffff",  # max
    "3ff0000000000000", "bff0000000000000",  # 1, -1
    "3cb0000000000000", "3ff0000000000001",  # eps-ish
]
for h in FLOAT_BITS:
    add(f_from_bits(h))
for x in (0.1, 0.5, 1.5, 2.5, -2.5, 1e-300, 1e300, 1e308, 1e-320, 3.141592653589793,
          2.718281828459045, 2.0**53, 2.0**53 + 2, 2.0**63, 2.0**64, 123456789.0, -0.1, 1/3):
    add(x)
for _ in range(500):
    add(rand_float())

# complex
SPECIAL_F = [f_from_bits(h) for h in FLOAT_BITS[:10]]
for _ in range(40):
    add(complex(rng.choice(SPECIAL_F), rng.choice(SPECIAL_F)))
for x in (0j, 1j, -1j, 2 + 3j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(1e308, -1e-308)):
    add(x)
for _ in range(150):
    add(complex(rand_float(), rand_float()))

# bytes
for n in (0, 1, 2, 3, 4, 5, 6, 127, 128, 254, 255, 256, 257, 1000, 4096, 65535, 65536, 70000):
    add(bytes(rng.getrandbits(8) for _ in range(n)))
for n in (1, 2, 3, 4, 5, 255, 256):
    add(b"\x00" * n)
    add(b"\xff" * n)
for _ in range(350):
    add(rand_bytes(rng.choice([8, 40, 300])))

# str
for s in ("", "a", "ab", "abc", "abcd", "abcde", "é", "中", "\U0001F600", "\x00", "\x7f", "\x80",
          "\u07ff", "\u0800", "\uffff", "\U00010000", "\U0010FFFF", "\ufeff", "\ud7ff", "\ue000",
          "hello world", "os", "builtins", "__getattribute__", "abcdefghijklmnopqrstuvwxyz" * 20,
          "é" * 100, "中" * 100, "\U0001F4A9" * 100, "line\nbreak\ttab\r"):
    add(s)
for n in (1, 2, 3, 4, 5, 6, 7, 8, 253, 254, 255, 256, 257, 258, 4000):
    for unit in ("a", "é", "中", "\U0001F600"):
        add(str_with_utf8_len(n, unit))
for _ in range(600):
    add(rand_str(rng.choice([6, 20, 80])))
add(rand_str(3000))

# tuples
for n in list(range(0, 8)) + [254, 255, 256, 257, 300]:
    for _ in range(3 if n < 8 else 1):
        add(tuple(rand_scalar() for _ in range(n)))
    add(tuple(range(n)))
for n in (0, 1, 2, 5, 255, 256):
    add(tuple([None] * n))
    add(tuple([()] * n))
for d in range(1, 21):
    add(nested(d, 1))
    add(nested(d, "leaf"))
    add(nested(d, ()))
x = ()
for d in range(20):
    x = (x,)
    add(x)
for _ in range(250):
    add(tuple(rand_value(2) for _ in range(rng.randrange(0, 7))))

# frozensets
for fs in (frozenset(), frozenset([5]), frozenset([1, 2, 3]), frozenset(range(-60, 200, 7)),
           frozenset(["a", "b", "c"]), frozenset([b"x", b"yy", b""]), frozenset([(1, 2), (3,), ()]),
           frozenset([True, 0, 1.5, "s", b"b", (), frozenset([1])]),
           frozenset([None]), frozenset([Ellipsis]), frozenset([NotImplemented]),
           frozenset([(None, Ellipsis, NotImplemented)]), frozenset([float("nan")]),
           frozenset([frozenset(), frozenset([frozenset()])]),
           frozenset([1, True]), frozenset([0.0, -0.0]), frozenset(range(300))):
    add(fs)
for _ in range(250):
    add(rand_frozenset(2))

# slices
for sl in (slice(None), slice(1), slice(1, 2), slice(1, 2, 3), slice(None, None, None),
           slice(-1, None, -1), slice(None, 10, None), slice(160, -49, 2**64),
           slice("a", "b", "c"), slice((1, 2), (3, (4, 5)), None), slice(1.5, 2j, b"x"),
           slice(Ellipsis, NotImplemented, True), slice(frozenset([1]), (), ""),
           slice(slice(1, 2, 3), None, None), slice(10**300, None, None)):
    add(sl)
for _ in range(200):
    add(rand_slice(2))

# random nested mixes
for _ in range(700):
    add(rand_value(rng.randrange(1, 6)))


# ----------------------------------------------------------------------------- write
lines = []
seen = set()
fs_reorder = 0
for v in values:
    check_deterministic(v)
    data = brine.dump(v)
    assert brine.dumpable(v), desc(v)
    d = desc(v)
    back = brine.load(data)
    assert desc(back, canonical=True) == desc(v, canonical=True), (d, desc(back))
    # re-dumping what was loaded usually gives the same bytes; it can differ only when a
    # frozenset's iteration order changes on reconstruction (insertion-order dependent probing)
    if brine.dump(back) != data:
        assert "fs(" in d, d
        fs_reorder += 1
    assert " " not in d and "\t" not in d and "\n" not in d
    line = "%s\t%s\n" % (data.hex(), d)
    if line in seen:
        continue
    seen.add(line)
    lines.append(line)

with open(OUT, "w", encoding="ascii", newline="\n") as f:
    f.write("# brine golden vectors: rpyc %s brine.dump; generated by gen_brine.py "
            "(PYTHONHASHSEED=0); format: <hex>\\t<description>\n" % rpyc.__version__)
    f.writelines(lines)
print("wrote %d vectors to %s (%d bytes); %d frozensets re-dump in a different order"
      % (len(lines), OUT, os.path.getsize(OUT), fs_reorder))
