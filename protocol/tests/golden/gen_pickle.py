#!/usr/bin/env python3
"""Golden vectors (and a checker) for the Rust pickle codec (protocol/src/pickle.rs).

Modes (run with the project venv: scripts/setup-python.sh, then .venv/bin/python):

  gen_pickle.py            rewrite pickle.txt and pickle_errors.txt next to this file
  gen_pickle.py --check    read "<proto>\\t<hex>" lines on stdin, pickle.loads each and
                           print "ok\\t<type>\\t<model repr>" or "err\\t<exception>"
                           (used by protocol/tests/pickle_python.rs)
  gen_pickle.py --compat-rs  print protocol/src/pickle/compat.rs (the _compat_pickle tables)

pickle.txt lines are "<proto>\\t<hex of pickle.dumps(v, proto)>\\t<expected>" where
<expected> is what the Rust `Value` decoded from those bytes displays as. For values
without class instances that is exactly repr(v) (asserted below). Instances become
`Value::Record`s, displayed as `module.QualName(arg, ..., state=...)`: model_repr()
derives that from v.__reduce_ex__(proto), the same information the pickler wrote.

pickle_errors.txt lines are "<proto>\\t<hex>\\t<error tag>" for pickles CPython writes
but a tree-shaped Value cannot hold (self-referencing containers).
"""
import os
import sys

if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0":
    # Set iteration order of str/bytes depends on the hash seed: pin it.
    os.execve(sys.executable, [sys.executable, *sys.argv], {**os.environ, "PYTHONHASHSEED": "0"})

import _compat_pickle
import collections
import copyreg
import datetime
import decimal
import difflib
import fractions
import pathlib
import pickle
import posix
import re
import subprocess
import time
import types
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOCOLS = (0, 1, 2, 3, 4, 5)

# The marker class the Rust decoder uses for a bare class/function reference.
GLOBAL_REF = "pickle.global"


def global_name(obj, proto):
    """(module, qualname) of a global as the Rust unpickler reports it."""
    name = getattr(obj, "__qualname__", None) or obj.__name__
    module = pickle.whichmodule(obj, name)
    if proto < 3:
        # The pickler writes Python 2 names, the unpickler maps them back.
        if (module, name) in _compat_pickle.REVERSE_NAME_MAPPING:
            module, name = _compat_pickle.REVERSE_NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.REVERSE_IMPORT_MAPPING:
            module = _compat_pickle.REVERSE_IMPORT_MAPPING[module]
        if (module, name) in _compat_pickle.NAME_MAPPING:
            module, name = _compat_pickle.NAME_MAPPING[(module, name)]
        elif module in _compat_pickle.IMPORT_MAPPING:
            module = _compat_pickle.IMPORT_MAPPING[module]
    return module, name


def items(seq, proto):
    return ", ".join(model_repr(x, proto) for x in seq)


def model_repr(obj, proto):
    """How the Rust `Value` decoded from pickle.dumps(obj, proto) displays."""
    t = type(obj)
    if obj is None or obj is True or obj is False or obj is ... or obj is NotImplemented:
        return repr(obj)
    if t in (int, float, complex, str, bytes, bytearray):
        return repr(obj)
    if t is slice:
        return f"slice({items((obj.start, obj.stop, obj.step), proto)})"
    if t is tuple:
        return "(" + items(obj, proto) + ("," if len(obj) == 1 else "") + ")"
    if t is list:
        return "[" + items(obj, proto) + "]"
    if t in (dict, collections.OrderedDict, collections.defaultdict):
        # OrderedDict and defaultdict decode to plain dicts.
        return "{" + ", ".join(f"{model_repr(k, proto)}: {model_repr(v, proto)}" for k, v in obj.items()) + "}"
    if t is set:
        return "{" + items(obj, proto) + "}" if obj else "set()"
    if t is frozenset:
        return "frozenset({" + items(obj, proto) + "})" if obj else "frozenset()"
    if isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        module, name = global_name(obj, proto)
        return f"{GLOBAL_REF}({module!r}, {name!r})"
    reducer = copyreg.dispatch_table.get(t)
    rv = reducer(obj) if reducer else obj.__reduce_ex__(proto)
    if isinstance(rv, str):
        raise ValueError(f"global-by-name objects are not modelled: {obj!r}")
    func, args, state = (tuple(rv) + (None, None))[:3]
    if len(rv) > 3 and any(x is not None for x in rv[3:]):
        raise ValueError(f"list/dict items on an instance are not modelled: {obj!r}")
    if func is copyreg.__newobj__:
        cls, args = args[0], args[1:]
    elif func is copyreg.__newobj_ex__:
        cls, args, kwargs = args
        assert not kwargs
    elif func is copyreg._reconstructor:
        cls, _base, base_state = args
        args = () if base_state is None else (base_state,)
    else:
        cls = func
    module, name = global_name(cls, proto)
    parts = [model_repr(a, proto) for a in args]
    if state is not None:
        parts.append("state=" + model_repr(state, proto))
    return f"{module}.{name}({', '.join(parts)})"


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


class Slotted:
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a = a
        self.b = b


class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v


Pair = collections.namedtuple("Pair", "left right")


def corpus():
    """(value, contains_instances) pairs."""
    plain = [
        None, True, False,
        0, 1, -1, 127, 128, 255, 256, 65535, 65536, -256, -65536,
        2**31 - 1, -(2**31), 2**31, -(2**31) - 1, 2**32, 2**63 - 1, -(2**63), 2**63,
        -(2**63) - 1, 2**64, 10**30, -(10**30), 2**2000, -(2**3000), 7**1000,
        0.0, -0.0, 1.5, 0.1, -2.5e-8, 1e16, 123456.789, 1e300, -1e-300, 5e-324,
        float("inf"), float("-inf"), float("nan"),
        1 + 2j, -1.5j, 0j, complex(1e300, -0.0), complex(-1, 0.5),
        "", "a", "hello world", "it's", 'say "hi"', "both ' and \"", "tab\tnew\nline\\ cr\r",
        "héllo wörld", "日本語テキスト", "🐍 snake \U0001f600", "\x00\x01\x1a\x7f", "é" * 200,
        "x" * 255, "y" * 256, "z" * 70000,
        b"", b"a", b"\x00\xff\x80", b"it's", bytes(range(256)), b"x" * 300,
        bytearray(), bytearray(b"abc"), bytearray(b"\x00\xff" * 200),
        (), (1,), (1, 2), (1, 2, 3), (1, 2, 3, 4), ((), ((),)), ("a", (b"b", ("c",))),
        [], [1], [1, "a", None, 2.5], list(range(1500)), [[[[[]]]]], [True, False, None],
        {}, {"a": 1}, {1: "x", (1, 2): [3], None: {}}, {str(i): i for i in range(1200)},
        {"a": {"b": {"c": [1, {2: (3,)}]}}}, {1.5: b"f", -1: frozenset({1})},
        set(), {1, 2, 3}, {"a", "b", "c"}, set(range(1100)), {(1, 2), "t", None},
        frozenset(), frozenset({1, 2}), frozenset({"x", (1, 2)}), [frozenset({b"a"})],
        slice(1, 2, 3), slice(None, 5, None), slice("a", (1,), 2.5), [slice(0, 1, None)],
        ..., NotImplemented, [..., NotImplemented, ...],
        int, float, os.getcwd, len, collections.OrderedDict, Point,
        collections.OrderedDict([("a", 1), ("b", [2])]), collections.defaultdict(list, {"k": [1]}),
    ]
    a = [1]
    d = {"k": a}
    s = "shared string"
    t = (1, (2, 3))
    b = b"shared bytes"
    shared = [[a, a], (a, d, a), [s, s, s], [t, t, {"t": t}], {"x": b, "y": [b, b]}, [d, d]]
    deep = []
    for _ in range(100):
        deep = [deep]
    deep_d = {}
    for i in range(60):
        deep_d = {i: deep_d, "t": (i,)}
    plain += shared + [deep, deep_d]

    st = os.stat_result((0o100644, 1234567, 2049, 1, 1000, 1000, 4096, 1700000000, 1700000001, 1700000002))
    records = [
        os.stat_result(tuple(range(10))),
        st,
        [st, st],
        posix.uname_result(("Linux", "h", "r", "v", "x86_64")),
        subprocess.CompletedProcess(["ls"], 0, b"out", b""),
        subprocess.CompletedProcess(["false", "-x"], 1),
        subprocess.CompletedProcess("sh -c 'echo é'", 0, "é\n", None),
        time.struct_time((2020, 1, 2, 3, 4, 5, 6, 7, 0)),
        os.terminal_size((80, 24)),
        difflib.Match(1, 2, 3),
        Pair(1, [2]),
        urllib.parse.SplitResult("http", "h", "/p", "q", "f"),
        datetime.date(2020, 1, 2),
        datetime.datetime(2020, 1, 2, 3, 4, 5, 6),
        datetime.datetime(2020, 1, 2, tzinfo=datetime.timezone.utc),
        datetime.timedelta(1, 2, 3),
        decimal.Decimal("1.5"),
        fractions.Fraction(1, 3),
        pathlib.PurePosixPath("/etc/passwd"),
        ValueError("bad"),
        OSError(2, "No such file"),
        range(0, 10, 2),
        re.compile("a+b", re.I),
        uuid.UUID(int=5),
        Point(1, "two"),
        Point([Point(0, 0)], {"k": (1,)}),
        Slotted(1, 2),
        Outer.Inner(3),
        {"proc": subprocess.CompletedProcess(["ls"], 0), "stat": st},
    ]
    return [(v, False) for v in plain] + [(v, True) for v in records]


def error_corpus():
    """(value, tag) for values Python pickles but a tree cannot represent."""
    lst = []
    lst.append(lst)
    dct = {}
    dct["self"] = dct
    p = Point(1, 2)
    p.me = p
    inner = []
    tup = (inner,)
    inner.append(tup)
    nested = [1, [2, [3, lst]]]
    return [(lst, "recursive"), (dct, "recursive"), (p, "recursive"), (tup, "recursive"),
            (nested, "recursive")]


def generate():
    lines = []
    for value, has_instances in corpus():
        for proto in PROTOCOLS:
            try:
                data = pickle.dumps(value, proto)
            except Exception as exc:  # e.g. __slots__ classes at protocol 0/1
                print(f"skipping proto {proto} {type(value).__name__}: {exc}", file=sys.stderr)
                continue
            expected = model_repr(value, proto)
            if not has_instances:
                assert expected == repr(value) or type(value) in (collections.OrderedDict, collections.defaultdict) \
                    or isinstance(value, type) or callable(value), (expected, repr(value))
            assert pickle.loads(data) is not None or value is None
            assert "\t" not in expected and "\n" not in expected
            lines.append(f"{proto}\t{data.hex()}\t{expected}\n")
    with open(os.path.join(HERE, "pickle.txt"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    err_lines = []
    for value, tag in error_corpus():
        for proto in PROTOCOLS:
            err_lines.append(f"{proto}\t{pickle.dumps(value, proto).hex()}\t{tag}\n")
    with open(os.path.join(HERE, "pickle_errors.txt"), "w", encoding="utf-8") as f:
        f.writelines(err_lines)
    print(f"wrote {len(lines)} vectors and {len(err_lines)} error vectors", file=sys.stderr)


def check():
    """Decode pickles given on stdin with CPython, print their model repr."""
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        proto, hexdata = line.split("\t")
        try:
            obj = pickle.loads(bytes.fromhex(hexdata))
            kind = f"{type(obj).__module__}.{type(obj).__qualname__}"
            print(f"ok\t{kind}\t{model_repr(obj, int(proto))}", flush=True)
        except Exception as exc:
            print(f"err\t{type(exc).__name__}: {exc}".replace("\n", " "), flush=True)


def compat_rs():
    def rs(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    out = [
        "//! Python 2 <-> 3 name mappings applied to globals in protocol 0-2 pickles, exactly as",
        "//! CPython's `_compat_pickle` (3.11). Generated by",
        "//! `protocol/tests/golden/gen_pickle.py --compat-rs`; every table is sorted by key.",
        "",
        "/// A global: (module, qualified name).",
        "pub(super) type Name = (&'static str, &'static str);",
        "",
    ]
    for table in ("IMPORT_MAPPING", "REVERSE_IMPORT_MAPPING"):
        entries = sorted(getattr(_compat_pickle, table).items())
        out.append("#[rustfmt::skip]")
        out.append(f"pub(super) static {table}: &[(&str, &str)] = &[")
        out += [f"    ({rs(k)}, {rs(v)})," for k, v in entries]
        out.append("];")
        out.append("")
    for table in ("NAME_MAPPING", "REVERSE_NAME_MAPPING"):
        entries = sorted(getattr(_compat_pickle, table).items())
        out.append("#[rustfmt::skip]")
        out.append(f"pub(super) static {table}: &[(Name, Name)] = &[")
        out += [f"    (({rs(k[0])}, {rs(k[1])}), ({rs(v[0])}, {rs(v[1])}))," for k, v in entries]
        out.append("];")
        out.append("")
    sys.stdout.write("\n".join(out).rstrip("\n") + "\n")


if __name__ == "__main__":
    if "--check" in sys.argv:
        check()
    elif "--compat-rs" in sys.argv:
        compat_rs()
    else:
        generate()
