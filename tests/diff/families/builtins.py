"""Builtin functions: iteration helpers, numeric conversions and parsing,
rounding, chr/ord, hex/oct/bin, introspection (isinstance, issubclass,
type, getattr/setattr/hasattr, callable, dir, vars, id, hash)."""

from cases import family

from . import pools

SEQS = [
    "[]",
    "[3, 1, 2]",
    "'abc'",
    "(1, 2, 3, 4)",
    "range(5)",
    "{'a': 1, 'b': 2}",
    "[0, 1, '', 'x']",
    "b'xy'",
    "[[1], [2, 3]]",
    "[1.5, 2, True]",
]
# fmt: off
INT_STRINGS = [
    "'0'", "'12'", "'-12'", "'  42  '", "'1_000'", "'1__0'", "'_1'", "'0x1f'", "'0o17'", "'0b101'", "'08'", "'z'",
    "'ZZ'", "'١٢٣'", "'+7'", "'- 7'", "''", "'1.5'", "'0X1F'", "'00'", "'0_0'", "'9' * 30", "'\\t3\\n'", "'1e3'",
]
# fmt: on
BASES = ["", "0", "2", "8", "10", "16", "36", "1", "37", "-1"]
NUMBERS = pools.INTS[:14] + pools.FLOATS[:16] + ["True", "-0.5", "2.5", "-2.5", "0.125"]
TYPES = [
    "int",
    "float",
    "complex",
    "bool",
    "str",
    "bytes",
    "tuple",
    "list",
    "dict",
    "set",
    "frozenset",
    "type(None)",
    "range",
    "slice",
    "object",
]


def iter_case(rng):
    a, b = rng.choice(SEQS), rng.choice(SEQS)
    forms = [
        f"list(enumerate({a}))",
        f"list(enumerate({a}, {rng.choice(['1', '-2', '10**20', 'start=5'])}))",
        f"list(zip({a}, {b}))",
        f"list(zip({a}, {b}, strict=True))",
        f"list(zip({a}))",
        f"list(map(str, {a}))",
        f"list(map(lambda x, y: (x, y), {a}, {b}))",
        f"list(filter(None, {a}))",
        f"list(filter(lambda x: x, {a}))",
        f"list(reversed({a}))",
        f"any({a})",
        f"all({a})",
        f"sum({a})",
        f"sum({a}, {rng.choice(['10', '0.5', '[]', '()', repr('')])})",
        f"sorted({a})",
        f"sorted({a}, reverse=True)",
        f"min({a})",
        f"max({a})",
        f"len({a})",
        f"list({a})",
        f"tuple({a})",
        f"next(iter({a}), 'empty')",
        f"list(iter({a}))[::-1]",
        f"dict(enumerate({a}))",
        f"[*{a}, *{b}]",
        f"sorted(zip({a}, {b}))",
    ]
    return rng.choice(forms)


COMPLEX_ARGS = ["1", repr("1+2j"), repr(" 3j "), repr("1 + 2j"), repr("inf"), repr("x"), "1, 2", "1j, 1j"]


def conv_case(rng):
    n = rng.choice(NUMBERS)
    forms = [
        f"int({rng.choice(INT_STRINGS)}{', ' + rng.choice(BASES) if rng.random() < 0.6 else ''})".replace(", )", ")"),
        f"int({n})",
        f"float({n})",
        f"complex({n})",
        f"bool({n})",
        f"str({n})",
        f"round({n})",
        f"round({n}, {rng.choice(['0', '1', '2', '-1', '-2', 'None', '3'])})",
        f"divmod({n}, {rng.choice(NUMBERS)})",
        f"abs({n})",
        f"hex({n})",
        f"oct({n})",
        f"bin({n})",
        f"pow({n}, {rng.choice(['2', '-1', '0.5', '3'])})",
        f"chr({rng.choice(['0', '65', '233', '0x263a', '0x10FFFF', '0x110000', '-1', '55295', '127', '1.5'])})",
        f"ord({rng.choice(['chr(0)', repr('a'), repr('é'), repr('😀'), repr('ab'), repr(''), 'b' + repr('a'), '1'])})",
        f"complex({rng.choice(COMPLEX_ARGS)})",
        f"int({rng.choice(['True', '-0.9', '1e20', '2.5', 'float(2**60)', repr(b'12'), '10**20'])})",
    ]
    return rng.choice(forms)


def introspect_case(rng):
    _, v = rng.choice(pools.REPRABLE)
    t = rng.choice(TYPES)
    forms = [
        f"isinstance({v}, {t})",
        f"isinstance({v}, ({t}, {rng.choice(TYPES)}))",
        f"type({v}) is {t}",
        f"issubclass({t}, {rng.choice(TYPES)})",
        f"type({v}).__name__",
        f"callable({v})",
        f"hasattr({v}, {rng.choice(['upper', 'append', 'real', 'keys', '__len__', 'nope', 'start', 'imag'])!r})",
        f"getattr({v}, 'nope', 'default')",
        f"type({v}) == type({rng.choice(pools.REPRABLE)[1]})",
        f"{t}.__name__",
        f"isinstance({v}, object)",
    ]
    return rng.choice(forms)


# fmt: off
BUILTINS_FIXED = [
    "list(enumerate('ab', 1))", "list(zip('abc', range(2)))", "list(zip('ab', range(3), strict=True))", "list(zip())",
    "list(zip(*[(1, 2), (3, 4)]))", "list(map(pow, [2, 3], [3, 2]))", "list(map(None, [1]))",
    "list(filter(str.isdigit, 'a1b2'))", "list(reversed([1, 2, 3]))", "list(reversed(range(3)))",
    "list(reversed({'a': 1, 'b': 2}))", "reversed({1, 2})", "any([])", "all([])", "any(iter([0, 0, 1]))",
    "sum([0.1] * 10)", "sum(range(10), 100)", "sum([[1], [2]], [])", "sum(['a'])", "sum(['a'], '')",
    "sum([1, 2.5, True])", "sum([], start=3)", "sum(x for x in range(10**3))", "round(2.5)", "round(3.5)",
    "round(-2.5)", "round(0.5)", "round(1.5)", "round(2.675, 2)", "round(1.005, 2)", "round(1234, -2)",
    "round(1250, -2)", "round(1350, -2)", "round(-1250, -2)", "round(5, -1)", "round(15, -1)", "round(2.5, 0)",
    "round(0.285, 2)", "round(1e20, 2)", "round(1.5, -1000)", "round(7, 2)", "round(True)", "round(2**100 + 0.0)",
    "round(float('inf'))", "round(float('nan'), 1)", "round(1.23456789, 5)", "round(-0.0)", "round(10.0, -1)",
    "round(25, -1)", "round(35.0, -1)", "round(0.5, 1)", "type(round(2.5)).__name__", "type(round(2.5, 0)).__name__",
    "round(2.5, None)", "round('1')", "divmod(7, 2)", "divmod(-7, 2)", "divmod(7.5, 2)", "divmod(1, 0.0)",
    "divmod(2**70, 3)", "chr(65)", "chr(0x1F600)", "chr(0x110000)", "chr(-1)", "ord('A')", "ord('😀')", "ord('ab')",
    "ord(b'A')", "ord('')", "hex(255)", "hex(-255)", "hex(0)", "oct(8)", "oct(-8)", "bin(5)", "bin(-5)", "bin(0)",
    "hex(2**100)", "hex(1.5)", "bin(True)", "int('0x1f', 0)", "int('0x1f', 16)", "int('1f', 16)", "int('0b101', 0)",
    "int('0o17', 0)", "int('017', 0)", "int('08', 0)", "int('0', 0)", "int('00', 0)", "int('  12  ')", "int('1_000')",
    "int('1__0')", "int('z', 36)", "int('Z', 36)", "int('12', 1)", "int('12', 37)", "int('١٢٣')", "int(3.9)",
    "int(-3.9)", "int(True)", "int('3.9')", "int(b'12')", "int(b'12', 16)", "int(12, 10)", "int()", "int('')",
    "int(' ')", "int('+-1')", "int('9' * 4301)", "float()", "str()", "bool()", "complex()", "complex('1+2j')",
    "complex('1 + 2j')", "complex(1, 2j)", "complex('j')", "complex('-j')", "complex(' (1+2j) ')",
    "isinstance(True, int)", "isinstance(1, bool)", "isinstance(1, (str, float))", "isinstance(1, ())",
    "isinstance(1, 'int')", "issubclass(bool, int)", "issubclass(int, bool)", "issubclass(int, object)",
    "issubclass(type(None), object)", "type(None).__name__", "type(type).__name__", "type(int).__name__",
    "type(1) == int", "type(True) is bool", "callable(len)", "callable(1)", "callable(int)", "callable(lambda: 0)",
    "callable('a'.upper)", "hasattr('', 'upper')", "hasattr(1, 'nope')", "getattr('abc', 'upper')()",
    "getattr(1, 'real')", "getattr(1, 'nope')", "getattr(1, 'nope', None)", "getattr(1, 5)",
    "getattr([], 'append').__name__", "len([])", "len('héllo')", "len(b'h\\xc3')", "len(5)", "len(range(0, 10, 3))",
    "len({1: 2, 3: 4})", "abs(-5)", "abs(-0.0)", "abs(-2**70)", "abs(True)", "abs('x')", "max(3, 1, 2)",
    "max('a', 'B')", "max([1, 2], [1, 3])", "min((), default='d')", "max(range(0), default=None)", "min([1], [0])",
    "max(1, 'a')", "pow(2, 10)", "pow(2, -2)", "pow(-2, 0.5)", "pow(2, 3, 5)", "pow(2, 3, 5.0)", "ascii('naïve')",
    "ascii([1, 'é'])", "format(3.14159, '.3f')", "format('x')", "format(5, 'b')", "iter([1, 2]).__next__()",
    "next(iter([]), 'dflt')", "next(iter([]))", "next([1])", "next(iter('ab'))", "list(iter(range(3)))",
    "id(1) == id(1)", "id([]) != id(1)", ("exec", "x = []\nresult = id(x) == id(x)"),
    ("exec", "x = [1]\ny = x\nresult = (x is y, id(x) == id(y), x is [1])"),
    (
        "exec",
        "def f():\n"
        "    pass\n"
        "setattr(f, 'tag', 5)\n"
        "result = (f.tag, getattr(f, 'tag'), hasattr(f, 'tag'), vars(f))",
    ),
    ("exec", "def f(a):\n    b = 2\n    return sorted(dir())\nresult = f(1)"),
    ("exec", "def f(a):\n    b = 2\n    return vars()\nresult = f(1)"), ("exec", "setattr(1, 'x', 2)\nresult = 1"),
    ("exec", "x = [1]\nsetattr(x, 'append', 2)\nresult = x"),
    ("exec", "result = ('append' in dir([]), 'upper' in dir(''), 'keys' in dir({}), 'real' in dir(1))"),
    ("exec", "result = [n for n in dir([]) if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir('') if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir({}) if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir(1) if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir(1.0) if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir(b'') if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir(set()) if not n.startswith('_')]"),
    ("exec", "result = [n for n in dir(()) if not n.startswith('_')]"),
    ("exec", "it = iter([1, 2])\nresult = (next(it), next(it), next(it, 'end'))"),
    ("exec", "it = enumerate('ab')\nresult = (next(it), list(it), list(it))"),
    ("exec", "z = zip('ab', 'cd')\nresult = (list(z), list(z))"),
    ("exec", "m = map(abs, [-1, -2])\nresult = (next(m), list(m))"),
    ("exec", "r = reversed([1, 2, 3])\nnext(r)\nresult = list(r)"),
    ("exec", "it = iter('abc')\nresult = (list(zip(it, it)), list(it))"),
    ("exec", "result = hash(1) == hash(1.0) and hash((1, 2)) == hash((1.0, 2.0))"), "list(range(3)) + [len('ab')]",
    "sorted([3, 1, 2], key=lambda v: v % 2)", "sorted('Hello', key=str.lower)", "dict(zip('ab', 'cd'))",
    "list(map(int, '123'))", "list(map(float, ['1.5', 'inf']))", "set()", "frozenset()", "bytes(2)", "str(5)",
    "str(b'x', 'ascii')", "repr(str)", "tuple(map(len, ['a', 'bb']))", "list(filter(None, (0, 1, 2)))", "vars(1)",
    "dir(5) == dir(int)", "type('a')('b')", "int.__name__", "bool(float('nan'))", "min('hello')", "print is print",
    "callable(print)",
]
# fmt: on


def builtins_fixed():
    return list(BUILTINS_FIXED)


def builtins_draw(rng):
    r = rng.random()
    if r < 0.45:
        return iter_case(rng)
    if r < 0.8:
        return conv_case(rng)
    return introspect_case(rng)


family(
    "builtins",
    "enumerate zip map filter reversed any all sum round divmod chr ord hex oct bin int() float() isinstance "
    "issubclass getattr ...",
    builtins_fixed,
    builtins_draw,
    weight=5,
)
