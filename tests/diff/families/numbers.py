"""Arithmetic across int (of any size), float, complex and bool; big
integers; float corner cases; methods of numbers."""

from cases import family

from . import pools

BINOPS = ["+", "-", "*", "/", "//", "%", "**"]
BITOPS = ["&", "|", "^", "<<", ">>"]
EXPONENTS = ["0", "1", "2", "3", "-1", "-2", "0.5", "-0.5", "10", "63", "64", "100", "1/3", "2+1j", "True", "0.0"]
SHIFTS = ["0", "1", "3", "31", "63", "64", "100", "-1", "True"]
MODULI = ["1", "2", "7", "-7", "10**9 + 7", "2**64", "0", "-1"]


def _operand(rng):
    r = rng.random()
    if r < 0.4:
        return rng.choice(pools.INTS + pools.SMALL_INTS)
    if r < 0.75:
        return rng.choice(pools.FLOATS)
    if r < 0.9:
        return rng.choice(pools.COMPLEXES)
    return rng.choice(pools.BOOLS)


def _paren(v):
    return f"({v})" if any(c in v for c in " +-*/") else v


# fmt: off
ARITH_FIXED = [
    "7 // 2", "-7 // 2", "7 // -2", "-7 // -2", "7 % 3", "-7 % 3", "7 % -3", "-7 % -3", "divmod(-7, 2)",
    "divmod(7, -2)", "-7.5 // 2", "-7.5 % 2", "7.5 % -2", "divmod(-7.5, 2)", "5 % float('inf')", "-5 % float('inf')",
    "5 // float('inf')", "-5 // float('inf')", "1 / 0", "1 // 0", "1 % 0", "divmod(1, 0)", "1.0 / 0", "1.0 // 0.0",
    "1.0 % 0.0", "divmod(1.0, 0.0)", "1j / 0", "0 ** 0", "0.0 ** 0", "0 ** -1", "0.0 ** -1", "(-8) ** (1/3)",
    "(-1) ** 0.5", "2 ** -1", "(-2) ** -2", "10 ** -3", "2.0 ** 10000", "10.0 ** 308 * 10", "1e308 + 1e308",
    "pow(3, -1, 7)", "pow(2, 100, 10**9 + 7)", "pow(2, -1, 4)", "pow(2, 3, 0)", "pow(2.0, 3, 5)", "pow(-3, 3, 5)",
    "pow(3, 4, -5)", "1j ** 2", "(1+1j) ** 8", "(2+3j) * (4-5j)", "(1+2j) / (3-4j)", "abs(3+4j)", "abs(-0.0)", "-(0.0)",
    "+(-0.0)", "~0", "~-1", "~(2**64)", "~True", "-True", "+False", "True + True", "True / 2", "True // True",
    "3 * True", "'ab' * 3", "3 * 'ab'", "[1] * -1", "(1,) + (2,)", "'a' + 1", "[1] + (2,)", "'a' * 2.0", "[1, 2] * 0",
    "b'ab' * 2", "[[]] * 3", "'a' * True", "'a' * (2**63)", "[0] * (2**63)", "1 + 'a'", "None + 1", "[] - []",
    "{1} - {1}", "{1: 2} | {3: 4}", "{1, 2} ^ {2, 3} == {1, 3}", "1 << -1", "1 >> -1", "1 << 64", "-1 >> 100",
    "-(2**70) >> 3", "1.0 << 1", "2 ** 0.5", "4 ** 0.5", "10 ** 20", "10.0 ** 20", "10 ** 22 == 1e22",
    "10 ** 23 == 1e23", "0.1 * 3", "1 / 3", "2 / 3", "-1 / 3", "10 / 4", "10 ** 30 / 10 ** 10", "(2**53 + 1) / 1",
    "2**1024 / 2**1023", "2**1024 / 1", "1 / 2**1100", "(10**400 + 1) // 10**399", "5e-324 / 2", "5e-324 * 0.5",
    "1e-320 * 1e10", "-5 % 3.0", "5.5 % -2", "divmod(-0.0, 1)", "divmod(0.0, -1)", "-0.0 % 5", "0.0 % -5",
    "(-0.0) // 1", "float('inf') % 2", "float('inf') // 2", "divmod(float('inf'), 2)", "2 % float('nan')",
    "float('inf') - float('inf')", "float('inf') * 0", "0 * float('nan')", "1j * float('inf')", "complex(1, 2) ** 0",
    "0j ** 0", "0j ** -1", "0j ** 1j", "2 ** (2 + 0j)", "(1e200 + 1e200j) * (1e200 + 1e200j)", "10 ** 1000 * 1.0",
    "float(10 ** 400)",
]
# fmt: on


def arith_fixed():
    return list(ARITH_FIXED)


def arith_draw(rng):
    form = rng.randrange(10)
    a, b = _operand(rng), _operand(rng)
    if form <= 3:
        op = rng.choice(BINOPS)
        if op == "**":
            b = rng.choice(EXPONENTS)
        return f"{_paren(a)} {op} {_paren(b)}"
    if form == 4:
        a = rng.choice(pools.INTS + pools.SMALL_INTS + pools.BOOLS)
        op = rng.choice(BITOPS)
        b = rng.choice(SHIFTS) if op in ("<<", ">>") else rng.choice(pools.INTS + pools.SMALL_INTS + pools.BOOLS)
        if rng.random() < 0.1:
            b = rng.choice(pools.FLOATS)
        return f"{_paren(a)} {op} {_paren(b)}"
    if form == 5:
        return f"divmod({a}, {b})"
    if form == 6:
        if rng.random() < 0.7:
            a = rng.choice(pools.INTS + pools.SMALL_INTS)
            b = rng.choice(["0", "1", "2", "3", "5", "17", "-1", "-2", "100"])
            return f"pow({a}, {b}, {rng.choice(MODULI)})"
        return f"pow({a}, {rng.choice(EXPONENTS)})"
    if form == 7:
        return f"{rng.choice(['-', '+', '~', 'abs', 'not '])}({a})".replace("abs(", "abs(")
    if form == 8:
        c = _operand(rng)
        o1, o2 = rng.choice(BINOPS[:6]), rng.choice(BINOPS[:6])
        return f"{_paren(a)} {o1} {_paren(b)} {o2} {_paren(c)}"
    op = rng.choice(BINOPS[:6] + BITOPS[:3])
    return ("exec", f"x = {a}\nx {op}= {b}\nresult = x")


# ---- big integers -----------------------------------------------------------


def big_literal(rng, digits=None):
    digits = digits or rng.randrange(19, 90)
    n = rng.randrange(10 ** (digits - 1), 10**digits)
    return f"-{n}" if rng.random() < 0.35 else str(n)


# fmt: off
BIG_FIXED = [
    "2**63", "2**64 - 1", "-2**63 - 1", "(2**64) // -3", "(2**64) % -3", "divmod(-2**100, 7)", "divmod(2**100, -7)",
    "(-2**70) & (2**65 - 1)", "(-2**70) | 5", "(-2**70) ^ -1", "~(2**100)", "(2**100) >> 99", "(-2**100) >> 99",
    "(-2**100) >> 200", "1 << 200", "-(1 << 100) >> 3", "(2**200 + 1) // 2**100", "(10**30) / 7", "(2**80 + 1) / 2**27",
    "10**50 // 10**49", "-(10**50) // 10**49 - 1", "(3**100) % (2**64)", "12345678901234567890 * 98765432109876543210",
    "int('9' * 100) + 1", "str(2**200)", "hex(-2**100)", "oct(2**70)", "bin(-(2**65))", "(2**100).bit_length()",
    "(-2**100).bit_length()", "(2**100 - 1).bit_count()", "(2**64).to_bytes(9, 'big')",
    "(-1).to_bytes(2, 'little', signed=True)", "(2**64).to_bytes(8, 'big')", "int.from_bytes(b'\\xff' * 10, 'big')",
    "int.from_bytes(b'\\xff' * 10, 'little', signed=True)", "float(2**1023 * 2)", "float(2**1023 + 2**970)",
    "float(2**1023 + 2**971)", "float(2**53 + 1)", "float(2**53 + 3)", "float(-(2**64) - 1)", "int(1e300)",
    "int(-1.5e30)", "2**64 == 2.0**64", "2**64 + 1 == 2.0**64", "2**64 + 1 > 2.0**64", "-(2**64) - 1 < -(2.0**64)",
    "round(2**70, -20)", "round(-(10**25) + 5 * 10**4, -5)", "round(10**25 + 5 * 10**4, -5)", "abs(-2**100)",
    "-(-2**63)", "(2**63) * (2**63)", "(2**64) ** 3", "(-3) ** 101", "pow(12345678901234567, 10**10, 2**127 - 1)",
    "sum(range(10**6, 10**6 + 1000)) * 10**20", "divmod(10**40, -3**30)", "(2**100) // 0", "(2**100) % 0.5",
    "(2**100) / 0.5", "2**100 * 0.5", "2**1000 * 1.0", "(2**100) ** 0.5", "hash(2**100) == hash(2**100 % (2**61 - 1))",
    "int('-0x' + 'f' * 30, 16)", "int('1' * 60, 2)", "int('z' * 25, 36)", "(10**20).__index__()",
    "list(range(2**64, 2**64 + 3))", "range(2**64)[-1]", "len(range(2**62))", "len(range(2**64))", "(2**64)[0]",
]
# fmt: on


def big_fixed():
    return list(BIG_FIXED)


def big_draw(rng):
    a, b = big_literal(rng), big_literal(rng)
    form = rng.randrange(9)
    if form <= 2:
        op = rng.choice(["+", "-", "*", "//", "%", "&", "|", "^", "/", "<", "==", ">="])
        return f"({a}) {op} ({b})"
    if form == 3:
        return f"divmod({a}, {big_literal(rng, rng.randrange(2, 40))})"
    if form == 4:
        return f"({a}) {rng.choice(['<<', '>>'])} {rng.randrange(0, 200)}"
    if form == 5:
        return f"({big_literal(rng, rng.randrange(2, 25))}) ** {rng.randrange(0, 12)}"
    if form == 6:
        return f"{rng.choice(['str', 'hex', 'oct', 'bin', 'float', 'abs', 'repr'])}({a})"
    if form == 7:
        return f"pow({a.lstrip('-')}, {rng.randrange(2, 10**6)}, {big_literal(rng, rng.randrange(3, 40)).lstrip('-')})"
    m = rng.choice(["bit_length()", "bit_count()", "__neg__()", "__invert__()", "conjugate()", "numerator", "real"])
    return f"({a}).{m}"


# ---- float corner cases ---------------------------------------------------

# fmt: off
FLOAT_FIXED = [
    "float('nan') == float('nan')", "float('inf') - float('inf')", "float('inf') * 0", "-float('inf') * -1",
    "0.0 == -0.0", "str(-0.0)", "1 / float('inf')", "-1 / float('inf')", "(-0.0) * 5", "0.0 * -1", "-0.0 + 0.0",
    "-0.0 - 0.0", "-0.0 + -0.0", "round(-0.4)", "round(-0.5)", "round(0.5)", "round(1.5)", "round(2.5)", "round(-2.5)",
    "round(2.675, 2)", "round(0.125, 2)", "round(0.375, 2)", "round(1234.5678, -2)", "round(-0.0, 1)",
    "round(5e-324, 400)", "round(1e300, -300)", "round(1.5, None)", "round(float('inf'))", "round(float('nan'))",
    "round(float('inf'), 2)", "round(2.5, 0)", "str(1e16)", "str(1e15)", "str(123456789012345.6)", "repr(1e-4)",
    "repr(0.00001)", "0.1 + 0.2", "1.1 * 3", "1e308 * 10", "-1e308 * 10", "5e-324 / 2", "2.0 ** 1023 * 2",
    "2.0 ** -1074", "2.0 ** -1075", "(0.5).as_integer_ratio()", "(0.1).as_integer_ratio()", "(-0.0).as_integer_ratio()",
    "float('inf').as_integer_ratio()", "float('nan').as_integer_ratio()", "(1.0).is_integer()", "(1.5).is_integer()",
    "float('inf').is_integer()", "(0.1).hex()", "(-0.0).hex()", "float('inf').hex()", "(5e-324).hex()",
    "float.fromhex('0x1.8p1')", "float.fromhex('-0x1p-1074')", "float.fromhex('inf')", "float.fromhex('0x1p2000')",
    "int(1e20)", "int(float('nan'))", "int(float('inf'))", "int(-0.0)", "int(-2.9)", "int(2.9)", "float(' 1_000.5 ')",
    "float('1e500')", "float('-nan')", "float('infinity')", "float('-Infinity')", "float('0x1p3')", "float('1_0')",
    "float('1__0')", "float('.5')", "float('5.')", "float('.')", "float('  -3.25e-2\\n')", "float('١٢٣')",
    "float(' nan ')", "float(True)", "float('')", "float('1e')", "float(2**53 + 1)", "2**53 + 1 > 2.0**53",
    "int(2.0**53) + 1 == 2.0**53 + 1", "1e16 + 1", "1e16 + 2", "sum([0.1] * 10)", "sum([0.1] * 10) == 1.0",
    "max(float('nan'), 1)", "max(1, float('nan'))", "min(-0.0, 0.0)", "min(0.0, -0.0)",
    "sorted([3.0, float('nan'), 1.0])", "float('nan') in {float('nan')}", "divmod(5.0, -0.5)", "7.0 // 0.1",
    "7.0 % 0.1", "-1e-300 * 1e-300", "1e-300 * -1e-300 == 0", "(1e-300 * -1e-300) == -0.0", "float(-(10**400))",
    "1e400", "-1e400", "1e-400", "[0.1 * i for i in range(5)]", "3.0 * 1.1", "100.0 / 3", "(2.0 ** 53 + 1) - 2.0 ** 53",
    "9007199254740993.0", "0.30000000000000004 == 0.1 + 0.2", "1.0000000000000002", "0.9999999999999999", "4.35 * 100",
]
# fmt: on


def float_fixed():
    return list(FLOAT_FIXED)


def _random_float(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(pools.FLOATS)
    if r < 0.6:
        return repr(rng.uniform(-1e6, 1e6))
    if r < 0.8:
        return f"{rng.randrange(1, 10 ** rng.randrange(1, 18))}e{rng.randrange(-320, 309)}"
    return repr(rng.random() / 10 ** rng.randrange(0, 20))


FLOAT_STRINGS = [
    "1.5",
    " -2.25 ",
    "1e5",
    "1E-5",
    "inf",
    "-INF",
    "nan",
    "1_2.5",
    "0x10",
    "abc",
    "1.5.2",
    "+.5e+3",
    " 12 ",
]


def float_draw(rng):
    a, b = _random_float(rng), _random_float(rng)
    form = rng.randrange(8)
    if form <= 2:
        return f"{_paren(a)} {rng.choice(BINOPS[:6])} {_paren(b)}"
    if form == 3:
        return f"round({a}, {rng.choice(['None', '0', '1', '2', '3', '-1', '-2', '5', '10'])})"
    if form == 4:
        # hash(nan) is the float's address since CPython 3.10.
        fns = ["repr", "str", "int", "float", "abs", "bool"] + ([] if "nan" in a else ["hash"])
        return f"{rng.choice(fns)}({a})"
    if form == 5:
        return f"({a}).{rng.choice(['as_integer_ratio()', 'is_integer()', 'hex()', 'conjugate()', 'real', 'imag'])}"
    if form == 6:
        return f"float({rng.choice(FLOAT_STRINGS)!r})"
    return f"{_paren(a)} {rng.choice(['==', '<', '<=', '>'])} {rng.choice(pools.INTS)}"


# ---- methods of numbers ------------------------------------------------------

# fmt: off
NUM_METHODS_FIXED = [
    "(255).bit_length()", "(0).bit_length()", "(-1).bit_length()", "(255).bit_count()", "(-255).bit_count()",
    "(1024).to_bytes(2, 'big')", "(1024).to_bytes(2, 'little')", "(1024).to_bytes(1, 'big')", "(-1).to_bytes(1, 'big')",
    "(-129).to_bytes(1, 'big', signed=True)", "(0).to_bytes(0, 'big')", "(5).to_bytes()", "(5).to_bytes(2, 'middle')",
    "int.from_bytes(b'\\x01\\x00', 'big')", "int.from_bytes(b'\\x01\\x00', 'little')", "int.from_bytes(b'', 'big')",
    "int.from_bytes(b'\\xff', 'big', signed=True)", "int.from_bytes([1, 2, 3], 'big')", "(7).as_integer_ratio()",
    "(-7).conjugate()", "(7).real", "(7).imag", "(7).numerator", "(7).denominator", "True.real", "True.numerator",
    "(3.5).real", "(3.5).imag", "(3.5).conjugate()", "(1+2j).real", "(1+2j).imag", "(1+2j).conjugate()",
    "(-0.0).conjugate()", "(1.5).__trunc__()", "(-1.5).__floor__()", "(-1.5).__ceil__()", "(2.5).__round__()",
    "(7).__floordiv__(2)", "(7).__rsub__(10)", "(7).__add__(1.5)", "(7.0).__add__(1)", "(1).__lt__(2)",
    "(1).__eq__(1.0)", "(1).__truediv__(0)", "(5).__pow__(2, 3)", "(5).__divmod__(3)", "(5).__neg__()", "(5).__abs__()",
    "(5).__bool__()", "(0.0).__bool__()", "(3).__index__()", "(3).__format__('04d')", "(3.25).__format__('.1f')",
    "(3).__int__()", "(3.9).__int__()", "(3).__float__()", "int.__name__", "float.__name__", "(1).__class__.__name__",
]
# fmt: on


def nummeth_fixed():
    return list(NUM_METHODS_FIXED)


def nummeth_draw(rng):
    kind = rng.choice(["int", "int", "float", "complex", "bool"])
    v = rng.choice(pools.KINDS[kind] if kind != "int" else pools.INTS + pools.SMALL_INTS)
    meths = {
        "int": [
            "bit_length()",
            "bit_count()",
            "as_integer_ratio()",
            "conjugate()",
            "real",
            "imag",
            "numerator",
            "denominator",
            f"to_bytes({rng.randrange(0, 12)}, {rng.choice(['big', 'little'])!r}, signed={rng.choice([True, False])})",
            "__neg__()",
            "__invert__()",
            "__abs__()",
            "__index__()",
            "__hash__()",
        ],
        "float": [
            "is_integer()",
            "as_integer_ratio()",
            "hex()",
            "conjugate()",
            "real",
            "imag",
            "__trunc__()",
            "__floor__()",
            "__ceil__()",
            "__round__()",
            f"__round__({rng.randrange(-3, 5)})",
            "__int__()",
        ],
        "complex": ["real", "imag", "conjugate()", "__abs__()", "__neg__()", "__bool__()"],
        "bool": ["real", "imag", "numerator", "bit_length()", "conjugate()", "__invert__()", "__neg__()"],
    }[kind]
    return f"({v}).{rng.choice(meths)}"


family(
    "arith",
    "+ - * / // % ** divmod pow, unary, bit ops across int/float/complex/bool and sequences",
    arith_fixed,
    arith_draw,
    weight=5,
)
family("bigint", "ints beyond 64 bits: every operator, conversions, bytes, shifts", big_fixed, big_draw, weight=3)
family("float", "nan/inf/-0.0, rounding, repr, float() parsing, int/float exactness", float_fixed, float_draw, weight=3)
family("num_methods", "methods and attributes of int, float, complex, bool", nummeth_fixed, nummeth_draw, weight=1)
