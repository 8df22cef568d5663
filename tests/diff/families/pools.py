"""Values the families draw from, as Python source, by kind.

Every entry is source text that evaluates to the value, so a case reads
like code a user would type. Sets of more than one element hold small ints
only where iteration order cannot show (``==``, ``in``, ``len``, ``sorted``);
the set_order family is the one place their order is observed.
"""

# fmt: off
INTS = [
    "0", "1", "-1", "2", "3", "-7", "10", "255", "-256", "1000", "12345", "2**31 - 1", "-2**31", "2**32", "2**53 + 1",
    "2**63 - 1", "-2**63", "2**64", "2**64 + 1", "10**20", "-10**25 + 3", "12345678901234567890123", "3**80",
    "-(2**100) + 1",
]
# fmt: on
SMALL_INTS = ["0", "1", "-1", "2", "3", "-3", "5", "7", "-8", "10", "13", "100"]
# fmt: off
FLOATS = [
    "0.0", "-0.0", "1.0", "-1.0", "0.5", "1.5", "-2.5", "2.5", "0.1", "0.2", "0.3", "3.14159", "1e-05", "1e16", "1e22",
    "1.7976931348623157e308", "5e-324", "2.0**53", "2.0**53 + 2", "123456789.125", "-1234.5678", "1e300",
    "float('inf')", "float('-inf')", "float('nan')", "100.0", "7.0", "1/3",
]
# fmt: on
FINITE_FLOATS = [f for f in FLOATS if "inf" not in f and "nan" not in f]
# fmt: off
COMPLEXES = [
    "0j", "1j", "-1j", "2+3j", "-1.5-0.5j", "complex(1, 0)", "complex(0.0, -0.0)", "complex(-0.0, 0.0)", "1e20j",
    "3+0j", "complex(float('inf'), 1)", "complex(1, float('nan'))",
]
# fmt: on
BOOLS = ["True", "False"]
# fmt: off
STRS = [
    "''", "'a'", "'abc'", "'A'", "'Hello World'", "'  padded  '", "'a,b,,c'", "'a b  c\\t d\\n'",
    "'line1\\nline2\\r\\nline3\\rline4'", "'ß'", "'Straße'", "'İstanbul'", "'ǅungla'", "'ﬁnance'", "'éàü'", "'日本語'",
    "'١٢٣'", "'½'", "'²'", "'x\\ty\\tz'", "'MiXeD cAsE'", "'hello world foo'", "'aaa'", "'abcabcabc'", "'123'", "'-12'",
    "'3.14'", "'0x1f'", "'CamelCaseString'", "'snake_case_name'", "\"it's\"", "'say \"hi\"'", "'both \\' and \"'",
    "'\\x00\\x1f\\x7f'", "'a\\u2028b'", "'ΣΊΣΥΦΟΣ'", "'ὈΔΥΣΣΕΎΣ'", "'\\U0001f600 smile'", "'0'", "' '", "'\\n'",
    "'tab\\there'", "'10'", "'9'", "'b'", "'ab'", "'abd'", "'Abc'", "'ABC'", "'a\\u0301'", "'\\u00e1'",
    "'Title Case Words'", "'\\u2167'", "'x' * 30",
]
# fmt: on
SHORT_STRS = ["''", "'a'", "'b'", "'ab'", "'abc'", "'abd'", "'A'", "'é'", "'10'", "'9'", "' '", "'aa'"]
# fmt: off
BYTES = [
    "b''", "b'a'", "b'abc'", "b'Hello World'", "b'  padded  '", "b'a,b,,c'", "b'a b  c\\t d\\n'", "b'\\x00\\xff'",
    "b'\\x80abc'", "b'line1\\nline2\\r\\nline3'", "b'123'", "b'MiXeD cAsE'", "b'abcabcabc'", "bytes(3)",
    "bytes([65, 66, 67])", "'é'.encode()", "b'x\\ty'", "b\"it's\"", "b'a' * 20",
]
# fmt: on
# fmt: off
TUPLES = [
    "()", "(0,)", "(1, 2)", "(1, 2, 3)", "(1, 'a')", "((),)", "(1, (2, 3))", "(None,)", "(1.5, -0.0)",
    "('a', 'b', 'c')", "(1, 2, 1, 2)", "(float('nan'),)", "(2, 1)", "(1, 2.0)", "(True, False)",
]
# fmt: on
# fmt: off
LISTS = [
    "[]", "[0]", "[1, 2]", "[1, 2, 3]", "[3, 1, 2]", "[1, 'a']", "[[]]", "[[1], [2, 3]]", "[None]", "[1.5, -0.0]",
    "['b', 'a', 'c']", "[1, 2, 1, 2]", "[float('nan')]", "[2, 1]", "[1, 2.0]", "[True, 0, 1.0]", "list(range(10))",
    "[(1, 'x'), (0, 'y')]",
]
# fmt: on
# fmt: off
DICTS = [
    "{}", "{1: 2}", "{'a': 1}", "{'a': 1, 'b': 2}", "{'b': 2, 'a': 1}", "{1: 'one', 2: 'two'}", "{(1, 2): [3]}",
    "{0: None}", "{1.0: 'f'}", "{True: 'yes'}", "{'x': {'y': 1}}", "dict(a=1, b=[2, 3])", "{None: 0}",
]
# fmt: on
SETS = ["set()", "{0}", "{1}", "{1, 2}", "{1, 2, 3}", "{3, 2, 1}", "{'a'}", "{2}", "{1, 3}", "set([1, 1, 2])"]
FROZENSETS = ["frozenset()", "frozenset({1})", "frozenset({1, 2})", "frozenset('a')", "frozenset([2, 1])"]
NONES = ["None"]
RANGES = ["range(0)", "range(3)", "range(1, 10, 2)", "range(5, 1)", "range(10, 0, -3)", "range(-5, 5)"]
SLICES = ["slice(None)", "slice(1, 5)", "slice(None, None, -1)", "slice(1, None, 2)"]

KINDS = {
    "int": INTS,
    "float": FLOATS,
    "complex": COMPLEXES,
    "bool": BOOLS,
    "str": STRS,
    "bytes": BYTES,
    "tuple": TUPLES,
    "list": LISTS,
    "dict": DICTS,
    "set": SETS,
    "frozenset": FROZENSETS,
    "None": NONES,
    "range": RANGES,
    "slice": SLICES,
}

# Values whose repr is deterministic and that cross by value: no sets of
# more than one element.
REPRABLE = [
    (kind, v)
    for kind, values in KINDS.items()
    for v in values
    if not ((kind in ("set", "frozenset")) and ("," in v or "[" in v or "(2" in v))
]

ALL = [(kind, v) for kind, values in KINDS.items() for v in values]


def pick(rng, kind=None):
    """A (kind, source) pair: of ``kind`` or of a random kind."""
    if kind is None:
        kind = rng.choice(list(KINDS))
    return kind, rng.choice(KINDS[kind])


def any_value(rng):
    return rng.choice(ALL)
