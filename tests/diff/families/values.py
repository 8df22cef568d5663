"""Value-kind matrices: truthiness, comparisons, hashing, repr/str/ascii."""

from cases import family

from . import pools

NUMERIC = ["int", "float", "bool", "complex"]


def _not_multi_set(v):
    return not any(v.startswith(p) for p in ("{", "set(", "frozenset(")) or v in ("set()", "frozenset()")


# ---- truthiness -----------------------------------------------------------


def truth_fixed():
    out = [f"bool({v})" for _, v in pools.ALL]
    out += [
        "not []",
        "not [0]",
        "not ''",
        "not ' '",
        "not 0.0",
        "not -0.0",
        "not 0j",
        "not complex(0, -0.0)",
        "bool(float('nan'))",
        "bool(range(0))",
        "bool(range(5, 1))",
        "bool(range(1, 2))",
        "bool(slice(None))",
        "bool(...)",
        "bool(b'\\x00')",
        "bool('\\x00')",
        "bool((0,))",
        "bool([[]])",
        "bool({0: 0})",
        "bool(set())",
        "bool(frozenset())",
        "bool(10**100)",
        "bool(5e-324)",
        "[] or {} or () or 0 or ''",
        "0 or None",
        "1 and [] and 2",
        "'a' and 'b'",
        "0.0 or -0.0",
        "None and 1",
        "not not 3",
        ("exec", "x = []\nif x:\n    result = 'T'\nelse:\n    result = 'F'"),
        ("exec", "result = 0\nwhile 'nonempty':\n    result += 1\n    if result == 3:\n        break"),
        "any([0, 0.0, '', [], None])",
        "all([1, 'a', [0], (None,)])",
        "list(filter(None, [0, 1, '', 'a', [], [0]]))",
    ]
    return out


def truth_draw(rng):
    kind, v = pools.any_value(rng)
    form = rng.randrange(8)
    if form == 0:
        return f"bool({v})"
    if form == 1:
        return f"not {v}"
    if form == 2:
        return f"'T' if {v} else 'F'"
    if form == 3 and _not_multi_set(v):
        return f"({v}) and 'yes'"
    if form == 4 and _not_multi_set(v):
        return f"({v}) or 'no'"
    if form == 5:
        return ("exec", f"if {v}:\n    result = 1\nelif 0:\n    result = 2\nelse:\n    result = 3")
    if form == 6:
        k2, w = pools.any_value(rng)
        return f"[bool({v}), bool({w}), not ({v} or {w}), bool({v} and {w})]"
    return f"(any([{v}]), all([{v}]), len([x for x in [{v}] if x]))"


# ---- comparisons ----------------------------------------------------------

# fmt: off
COMPARE_FIXED = [
    "1 == 1.0", "True == 1", "1 == 1+0j", "[1] == [1.0]", "(1, 2) == [1, 2]", "{1: 'a'} == {1.0: 'a'}",
    "{1, 2} == frozenset({2, 1})", "float('nan') == float('nan')", "float('nan') != float('nan')",
    ("exec", "x = float('nan')\nresult = ([x] == [x], x in [x], (x,) == (x,), x == x, [x] != [x])"),
    "float('nan') in [float('nan')]", "2**53 + 1 == 2.0**53", "2**53 + 1 > 2.0**53", "2**53 + 1 >= 2.0**53 + 2",
    "10**400 < float('inf')", "-10**400 > float('-inf')", "10**400 > 1e308", "0.1 + 0.2 == 0.3", "-0.0 == 0.0",
    "-0.0 < 0.0", "'a' < 'b' < 'c'", "'Z' < 'a'", "'é' > 'z'", "'\\U0001f600' > '\\uffff'", "b'a' < b'b'",
    "'a' == b'a'", "[1, 2] < [1, 2, 0]", "(1, 'a') < (1, 'b')", "(1, 'a') < (1, 2)", "[1, 2] < (1, 2)", "{1} < {1, 2}",
    "{1, 2} <= {1, 2}", "{1} < {2}", "{1} > {2}", "{1: 2} < {1: 3}", "None < None", "None == None", "None == 0",
    "1 < 1j", "1j == 1j", "1j < 2j", "range(0) == range(5, 1)", "range(0, 3) == range(0, 3, 1)",
    "range(1, 10, 2) == range(1, 11, 2)", "range(3) == [0, 1, 2]", "range(3) < range(4)", "slice(1, 2) == slice(1, 2)",
    "slice(1, 2) < slice(1, 3)", "'a' in 'abc'", "'' in 'abc'", "'ac' in 'abc'", "1 in 'abc'", "b'a' in b'abc'",
    "97 in b'abc'", "256 in b'abc'", "'a' in b'abc'", "[] in {1}", "[] in [1, []]", "1 in {1: 2}", "2 in {1: 2}",
    "(1, 2) in {(1, 2): 3}", "3 in range(0, 10, 3)", "3.0 in range(5)", "'a' in range(5)", "10**30 in range(10**31)",
    "True in [1]", "1.0 in {1}", "'a' < 1", "'a' == 1", "1 != 1.0", "[1, 2] != [1, 2]", "not 1 == 2", "1 < 2 > 1.5",
    "1 < 2 < 3 < 2", "(1 < 2) == True", "b'' == ''", "frozenset() == set()", "{} == dict()",
    "{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", "[[]] == [[]]", "[0] * 3 == [0, 0, 0]", "1e308 * 10 == float('inf')",
    "float('nan') < 1", "float('inf') > 10**1000", "2**1024 == float('inf')", "[1, float('nan')] < [1, 2]",
    "[float('nan')] < [float('nan')]", "(1, 2) < (1, 2, -1)", "'abc' < 'abd' <= 'abd'", "[] < [[]]",
    "{'a': 1}.keys() == {'a'}", "{'a': 1}.items() == {('a', 1)}", "{'a': 1}.values() == [1]",
    "{1: 2}.keys() < {1: 2, 3: 4}.keys()", "True + True == 2", "False < True", "'1' == 1", "1 is not None",
    "None is None", "[] is not None", "0 is None", "(1, [2]) == (1, [2.0])", "[(1, 2)] < [(1, 3)]",
    "{1: [2]} == {1: [2]}", "-1 < -0.5 < 0 < 5e-324", "2**63 > 9.223372036854775e18",
]
# fmt: on


def compare_fixed():
    return list(COMPARE_FIXED)


OPS = ["==", "!=", "<", "<=", ">", ">=", "in", "not in"]


def _pair(rng):
    r = rng.random()
    if r < 0.45:
        kind = rng.choice(list(pools.KINDS))
        return pools.pick(rng, kind), pools.pick(rng, kind)
    if r < 0.75:
        return pools.pick(rng, rng.choice(NUMERIC)), pools.pick(rng, rng.choice(NUMERIC))
    return pools.any_value(rng), pools.any_value(rng)


def compare_draw(rng):
    (ka, a), (kb, b) = _pair(rng)
    form = rng.randrange(10)
    if form < 6:
        op = rng.choice(OPS)
        return f"{a} {op} {b}"
    if form == 6:
        return f"({a} is None, {a} is not None)"
    if form == 7:
        (_, c) = pools.pick(rng, ka)
        return f"{a} {rng.choice(OPS[:6])} {b} {rng.choice(OPS[:6])} {c}"
    if form == 8:
        return f"[{a}, 1] {rng.choice(OPS[:6])} [{b}, 2]"
    return f"({a} == {b}, {b} == {a}, {a} != {b})"


# ---- hashing --------------------------------------------------------------

# fmt: off
HASH_FIXED = [
    "hash(0)", "hash(-1)", "hash(-2)", "hash(2**61 - 1)", "hash(2**61)", "hash(-2**61)", "hash(2**64)", "hash(10**30)",
    "hash(-10**30)", "hash(1.5)", "hash(0.1)", "hash(-0.0)", "hash(1e300)", "hash(5e-324)", "hash(float('inf'))",
    "hash(float('-inf'))", "hash(1.0) == hash(1)", "hash(True)", "hash(1j)", "hash(2+3j)", "hash(-1.5-0.5j)",
    "hash(())", "hash((1, 2))", "hash((1, (2, 3)))", "hash((-1,))", "hash((1.5, -2))", "hash(frozenset())",
    "hash(frozenset({1, 2}))", "hash(frozenset({1, 2})) == hash(frozenset([2, 1]))", "hash(range(3))",
    "hash(range(0)) == hash(range(5, 1))", "hash([])", "hash({})", "hash(set())", "hash((1, [2]))", "hash(slice(1, 2))",
    "hash(2**100) == hash(float(2**100))", "hash(0.5) == hash(1/2)", "{1: 'a', 1.0: 'b', True: 'c'}",
    "{0: 1, -0.0: 2, False: 3}", "len({1, 1.0, True})", "{(1, 2): 1}[(1.0, 2.0)]",
    ("exec", "d = {}\nd[2**64] = 1\nresult = d[float(2**64)]"), "{frozenset({1}): 1}[frozenset([1])]", "{[1]: 2}",
    "{1: 2}[[1]]", "{1j: 1}[complex(0, 1)]", "hash(7) == hash(7.0) == hash(complex(7, 0))",
    "hash(2**61 - 1) == hash(0)", "hash(-(2**61 - 1))",
]
# fmt: on
HASHABLE = [
    v
    for v in pools.INTS + pools.FLOATS + pools.COMPLEXES + pools.BOOLS + pools.RANGES + pools.FROZENSETS
    # hash(None) is its address in CPython 3.11, and an empty range hashes
    # as (0, None, None).
    if "nan" not in v and "'" not in v and v not in ("range(0)", "range(5, 1)")
]


def hash_fixed():
    return list(HASH_FIXED)


def hash_draw(rng):
    form = rng.randrange(4)
    a = rng.choice(HASHABLE)
    if form == 0:
        return f"hash({a})"
    if form == 1:
        b = rng.choice(HASHABLE)
        return f"hash(({a}, {b}))"
    if form == 2:
        b = rng.choice(HASHABLE)
        return f"(hash({a}) == hash({b})) == ({a} == {b})"
    b = rng.choice(HASHABLE)
    return ("exec", f"d = {{{a}: 'first'}}\nd[{b}] = 'second'\nresult = (len(d), list(d.values()))")


# ---- repr / str / ascii -----------------------------------------------------

# fmt: off
REPR_FIXED = [
    ("exec", "x = [1]\nx.append(x)\nresult = repr(x)"),
    ("exec", "d = {'a': 1}\nd['self'] = d\nresult = (repr(d), str(d))"),
    ("exec", "x = [1]\nt = (x,)\nx.append(t)\nresult = repr(t)"), "repr(-0.0)", "repr(1e16)", "repr(1e-05)",
    "repr(0.0001)", "repr(123456789012345678.0)", "repr(1e22)", "repr(1.7976931348623157e308)", "repr(5e-324)",
    "repr(2.5e-07)", "repr(float('-nan'))", "repr(0.1 + 0.2)", "repr(complex(-0.0, 0.0))", "repr(complex(0.0, -0.0))",
    "repr(-1j)", "repr(1e20j)", "repr(complex(1e16, 1))", "repr(complex(float('inf'), float('nan')))", "str(1+2j)",
    "repr('\\ud800')", "repr('\\x7f\\x80\\xa0\\xad')", "repr('\\U0001f600')", "repr('\\u200b\\u2028')",
    "ascii('é\\U0001f600\\x7f')", "repr(b'\\x7f\\x80\\'\"')", "repr(\"'\")", "repr('\"')", "repr('\\'\"')", "repr(...)",
    "repr(NotImplemented)", "str(None)", "repr(range(0, 5, 1))", "repr(range(-3))", "repr(slice(1, None, None))",
    "repr(frozenset())", "repr(set())", "str(b'abc')", "repr(10**50)", "str(-10**30)", "repr(True + 0)",
    "repr([1.0, -0.0, 1e100])", "repr({1: {2: (3,)}})", "repr(((((),),),))", "str(('a',))", "repr(('a'))",
    "str([None, True, 'x'])", "type(1).__name__", "type(True).__name__", "type(1.0).__name__", "type(1j).__name__",
    "type('').__name__", "type(b'').__name__", "type(()).__name__", "type([]).__name__", "type({}).__name__",
    "type(set()).__name__", "type(frozenset()).__name__", "type(None).__name__", "type(range(1)).__name__",
    "type(slice(1)).__name__", "type(...).__name__", "type(len).__name__", "type(lambda: 0).__name__",
    "type(iter([])).__name__", "type(zip()).__name__", "type(map(int, [])).__name__", "type({}.keys()).__name__",
    "type(x for x in []).__name__",
]
# fmt: on


def repr_fixed():
    return list(REPR_FIXED)


def repr_draw(rng):
    kind, v = rng.choice(pools.REPRABLE)
    form = rng.randrange(7)
    if form == 0:
        return f"repr({v})"
    if form == 1:
        return f"str({v})"
    if form == 2:
        return f"ascii({v})"
    if form == 3:
        return f"type({v}).__name__"
    if form == 4:
        return v
    if form == 5:
        _, w = rng.choice(pools.REPRABLE)
        return f"repr([{v}, ({w},), {{'k': {v}}}])"
    return f"(str({v}) == repr({v}), len(repr({v})))"


family("truthiness", "bool(), not, and/or, if/while over every value kind", truth_fixed, truth_draw, weight=2)
family("compare", "== != < <= > >= in, chains and is None across kinds", compare_fixed, compare_draw, weight=4)
family("hashing", "hash() of numbers, tuples, frozensets, ranges; dict keys that compare equal", hash_fixed, hash_draw)
family("repr", "repr/str/ascii/type names of every kind, recursive containers", repr_fixed, repr_draw, weight=2)
