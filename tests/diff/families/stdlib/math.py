"""math: every function over a pool of awkward numbers (signed zeros,
infinities, NaN, subnormals, the largest float, ints beyond 2**53 and far
beyond a float's range, bools, wrong types): results compared by repr (the
bits of every float), domain and range errors as ValueError /
OverflowError, integer functions on huge ints, fsum/prod/dist/hypot over
awkward sequences; called from the client too (``M.math``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
FIXED = [
    "import math\nresult = math.pi, math.e, math.tau, math.inf, -math.inf, math.nan",
    "import math\nresult = math.sqrt(-1)",
    "import math\nresult = math.sqrt(-0.0), math.sqrt(10**400 // 10**200), math.sqrt(2**1023 * 2)",
    "import math\nresult = math.sqrt(10**400)",
    "import math\nresult = math.sqrt('4')",
    "import math\nresult = math.exp(1000)",
    "import math\nresult = math.exp(-1000), math.exp(709.78), math.expm1(1e-10), math.exp2(-1075), math.exp2(1023.5)",
    "import math\nresult = math.log(0)",
    "import math\nresult = math.log(-1)",
    "import math\n"
        "result = math.log(10**400), math.log(2**1024, 2), math.log10(10**400), math.log2(2**2000), math.log1p(-0.5)",
    "import math\nresult = math.log(-10**400)",
    "import math\n"
        "result = math.log(8, 2), math.log(100, 10), math.log(1, 10), math.log(2.5, 0.5), math.log(10, 1e-300)",
    "import math\nresult = math.log(10, 1)",
    "import math\nresult = math.log(10, 0)",
    "import math\nresult = math.log(1, 1)",
    "import math\nresult = math.log(0.0, 2)",
    "import math\nresult = math.log1p(-1)",
    "import math\nresult = math.log2(0)",
    "import math\nresult = math.log10(-0.0)",
    "import math\nresult = math.log(True), math.log10(True), math.log2(2**64), math.log(5e-324)",
    "import math\n"
        "result = math.pow(2, 0.5), math.pow(-8, 1 / 3) if False else 0, math.pow(0.0, -1.0) if False else 0, "
        "math.pow(-0.0, 3)",
    "import math\nresult = math.pow(0.0, -1.0)",
    "import math\nresult = math.pow(-8, 1 / 3)",
    "import math\nresult = math.pow(10, 400)",
    "import math\n"
        "result = math.pow(float('nan'), 0), math.pow(1, float('nan')), math.pow(-1, float('inf')), "
        "math.pow(float('-inf'), -3)",
    "import math\n"
        "result = math.floor(2.5), math.floor(-2.5), math.ceil(-0.5), math.ceil(2**70 + 0.0), math.trunc(-2.9), "
        "math.floor(True)",
    "import math\nresult = math.floor(float('nan'))",
    "import math\nresult = math.ceil(float('inf'))",
    "import math\nresult = math.floor('1')",
    "import math\nresult = math.trunc('1')",
    "import math\nresult = math.floor(10**400), math.ceil(-10**400) == -10**400, math.trunc(2**100)",
    "import math\n"
        "result = math.fabs(-0.0), math.fabs(-2**80), math.copysign(1, -0.0), math.copysign(float('inf'), -1), "
        "math.copysign(float('nan'), -1.0)",
    "import math\nresult = math.factorial(0), math.factorial(20), math.factorial(30), math.factorial(True)",
    "import math\nresult = math.factorial(-1)",
    "import math\nresult = math.factorial(5.0)",
    "import math\nresult = math.factorial(5.5)",
    "import math\nresult = math.factorial('5')",
    "import math\nresult = math.factorial(10**20)",
    "import math\nresult = len(str(math.factorial(1000))), math.factorial(100) % (10**9 + 7)",
    "import math\n"
        "result = math.isqrt(0), math.isqrt(15), math.isqrt(16), math.isqrt(10**40 + 1), math.isqrt(2**127), "
        "math.isqrt(True)",
    "import math\nresult = math.isqrt(-1)",
    "import math\nresult = math.isqrt(4.0)",
    "import math\nresult = math.isqrt(10**400) == 10**200, math.isqrt(10**401) % 1000",
    "import math\n"
        "result = math.gcd(), math.gcd(0), math.gcd(-12), math.gcd(12, 18), math.gcd(12, -18, 27), math.gcd(0, 0), "
        "math.gcd(2**100, 6**40)",
    "import math\nresult = math.gcd(1.0, 2)",
    "import math\n"
        "result = math.lcm(), math.lcm(0), math.lcm(4, 6), math.lcm(-4, 6, 10), math.lcm(0, 5), math.lcm(2**64, 3**40)",
    "import math\nresult = math.lcm(1, 'a')",
    "import math\n"
        "result = math.comb(5, 2), math.comb(5, 0), math.comb(5, 6), math.comb(100, 50), math.comb(0, 0), "
        "math.comb(10**4, 3)",
    "import math\nresult = math.comb(-1, 2)",
    "import math\nresult = math.comb(5, -1)",
    "import math\nresult = math.comb(5.0, 2)",
    "import math\n"
        "result = math.perm(5), math.perm(5, 2), math.perm(5, 0), math.perm(5, 6), math.perm(5, None), "
            "math.perm(30, 15)",
    "import math\nresult = math.perm(-5, 2)",
    "import math\nresult = math.perm(5, -2)",
    "import math\n"
        "result = math.sin(0.0), math.sin(-0.0), math.cos(math.pi), math.tan(math.pi / 4), math.sin(1e22), "
        "math.cos(2**60 + 0.0)",
    "import math\nresult = math.sin(float('inf'))",
    "import math\nresult = math.asin(2)",
    "import math\n"
        "result = math.asin(1), math.acos(-1), math.atan(float('inf')), math.atan2(0.0, -0.0), math.atan2(-0.0, -1), "
        "math.atan2(float('inf'), float('-inf'))",
    "import math\nresult = math.sinh(710)",
    "import math\nresult = math.cosh(-710)",
    "import math\n"
        "result = math.sinh(1e-300), math.tanh(1000), math.asinh(-0.0), math.acosh(1), math.atanh(0.5), math.cosh(0)",
    "import math\nresult = math.acosh(0.5)",
    "import math\nresult = math.atanh(1)",
    "import math\nresult = math.atanh(-1.0)",
    "import math\nresult = math.degrees(math.pi), math.radians(180), math.degrees(1e308), math.radians(-0.0)",
    "import math\n"
        "result = math.hypot(), math.hypot(3, 4), math.hypot(-3), math.hypot(3, 4, 12), math.hypot(1e308, 1e308), "
        "math.hypot(float('inf'), float('nan'))",
    "import math\nresult = math.hypot(float('nan'), 1), math.hypot(5e-324, 5e-324), math.hypot(2**1000, 2**1000)",
    "import math\nresult = math.hypot('3')",
    "import math\n"
        "result = math.dist((0, 0), (3, 4)), math.dist([1], [4]), math.dist((), ()), math.dist((1e308, -1e308), "
        "(-1e308, 1e308))",
    "import math\nresult = math.dist((1, 2), (1,))",
    "import math\nresult = math.dist([1, 2], [3, 4])",
    "import math\nresult = math.dist(1, 2)",
    "import math\n"
        "result = math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]), "
        "math.fsum([])",
    "import math\nresult = math.fsum([1e308, 1e308])",
    "import math\nresult = math.fsum([float('inf'), float('-inf')])",
    "import math\n"
        "result = math.fsum([float('inf'), 1.0, float('inf')]), math.fsum([float('nan'), 1.0]), math.fsum([2**1000, "
        "0.5, -2**1000])",
    "import math\nresult = math.fsum([1, 'a'])",
    "import math\nresult = math.fsum([10**400])",
    "import math\n"
        "result = math.fsum(x / 7 for x in range(100)), math.fsum(iter([5e-324] * 3)), math.fsum([True, 2**53, 1])",
    "import math\n"
        "result = math.prod([]), math.prod([2, 3, 4]), math.prod([2.5, 2]), math.prod(range(1, 30)), math.prod([], "
        "start=5), math.prod('a', start=3)",
    "import math\nresult = math.prod([1, 'a'], start=2)",
    "import math\nresult = math.prod([[1]], start=2), math.prod([2], start=[1])",
    "import math\nresult = math.prod([1e308, 10.0]), math.prod([float('inf'), 0.0]), math.prod([True, True])",
    "import math\n"
        "result = math.frexp(0.0), math.frexp(-0.0), math.frexp(1.0), math.frexp(5e-324), math.frexp(1e308), "
        "math.frexp(float('inf')), math.frexp(10**300)",
    "import math\nresult = math.frexp(float('nan'))",
    "import math\nresult = math.ldexp(1.0, 1024)",
    "import math\n"
        "result = math.ldexp(0.5, 1024), math.ldexp(1.0, -1075), math.ldexp(1.0, -1074), math.ldexp(1.0, -10**20), "
        "math.ldexp(0.0, 10**20), math.ldexp(-0.0, 5)",
    "import math\nresult = math.ldexp(1.0, 10**20)",
    "import math\nresult = math.ldexp(1.0, 1.5)",
    "import math\n"
        "result = math.modf(2.5), math.modf(-2.5), math.modf(-0.0), math.modf(float('inf')), math.modf(float('-inf')), "
        "math.modf(10**20)",
    "import math\n"
        "result = math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(-0.0, 1), math.fmod(1, float('inf')), "
        "math.fmod(1e308, 3)",
    "import math\nresult = math.fmod(1, 0)",
    "import math\nresult = math.fmod(float('inf'), 1)",
    "import math\n"
        "result = math.remainder(7, 3), math.remainder(-7, 3), math.remainder(5, 2), math.remainder(7, 2), "
        "math.remainder(-0.0, 1), math.remainder(1e308, 3e-300)",
    "import math\nresult = math.remainder(1, 0)",
    "import math\nresult = math.remainder(float('inf'), 2)",
    "import math\n"
        "result = math.isclose(1, 1 + 1e-10), math.isclose(1, 1.1, rel_tol=0.1), math.isclose(0, 1e-10), "
        "math.isclose(0, 1e-10, abs_tol=1e-9), math.isclose(float('inf'), float('inf')), math.isclose(float('nan'), "
        "float('nan'))",
    "import math\nresult = math.isclose(1, 2, rel_tol=-1)",
    "import math\nresult = math.isclose(1, 2, 0.5)",
    "import math\n"
        "result = math.isfinite(1e308), math.isfinite(float('nan')), math.isinf(-math.inf), math.isinf(10**400 // 1), "
        "math.isnan(float('nan')), math.isfinite(10**300)",
    "import math\nresult = math.isnan(10**400)",
    "import math\nresult = math.isnan('x')",
    "import math\n"
        "result = math.gamma(0.5), math.gamma(1), math.gamma(171.5) if False else math.gamma(171), math.gamma(-1.5), "
        "math.gamma(1e-300), math.lgamma(-2.5)",
    "import math\nresult = math.gamma(0)",
    "import math\nresult = math.gamma(-1)",
    "import math\nresult = math.gamma(172)",
    "import math\nresult = math.lgamma(0)",
    "import math\n"
        "result = math.lgamma(1e306), math.lgamma(float('-inf')), math.gamma(float('inf')), math.lgamma(-1e-300)",
    "import math\nresult = math.gamma(float('-inf'))",
    "import math\n"
        "result = math.erf(0.5), math.erf(-3), math.erfc(10), math.erfc(-10), math.erf(float('inf')), math.erfc(30)",
    "import math\n"
        "result = math.nextafter(1.0, 2.0), math.nextafter(0.0, -1.0), math.nextafter(1e308, float('inf')), "
        "math.nextafter(5e-324, 0), math.nextafter(1, 1)",
    "import math\n"
        "result = math.ulp(1.0), math.ulp(0.0), math.ulp(-1e308), math.ulp(float('inf')), math.ulp(float('nan')), "
        "math.ulp(5e-324), math.ulp(2**52)",
    "import math\n"
        "result = math.cbrt(27), math.cbrt(-8), math.cbrt(-0.0), math.cbrt(1e308), math.exp2(10), math.exp2(0.5)",
    "import math\nresult = math.trunc(float('inf'))",
    "import math\nresult = math.sqrt()",
    "import math\nresult = math.sqrt(1, 2)",
    "import math\nresult = math.sqrt(x=4)",
    "import math\nresult = math.atan2(1)",
    "import math\nresult = math.sqrt(1 + 1j)",
    "import math\n"
        "result = math.floor(-0.0), math.ceil(-0.0), math.floor(2**53 + 1.0), math.ceil(5e-324), math.floor(-5e-324)",
    "import math\n"
        "result = math.exp(float('-inf')), math.exp(float('nan')), math.log(float('inf')), math.expm1(-1000), "
        "math.expm1(709.0)",
    "import math\nresult = math.expm1(1000)",
    "import math\nresult = math.sumprod([1, 2], [3, 4])",
    "import math\nresult = sorted(n for n in dir(math) if not n.startswith('_'))",
    # proxy
    ("proxy", "import math", "M.math.sqrt(2)"),
    ("proxy", "import math", "M.math.sqrt(-1)"),
    ("proxy", "import math", "M.math.factorial(25)"),
    ("proxy", "import math", "M.math.log(10**400)"),
    ("proxy", "import math", "M.math.exp(1000)"),
    ("proxy", "import math", "M.math.fsum([0.1] * 10)"),
    ("proxy", "import math", "M.math.fsum(x / 10 for x in range(10))"),
    ("proxy", "import math", "M.math.gcd(12, 18, 30)"),
    ("proxy", "import math", "M.math.isnan(M.math.nan), M.math.pi, M.math.inf"),
    ("proxy", "import math", "M.math.prod([1, 2, 3], start=10)"),
    ("proxy", "import math", "M.math.floor(float('nan'))"),
    ("proxy", "import math", "M.math.comb(10, 3), M.math.perm(10, 3)"),
    ("proxy", "import math", "M.math.dist((1, 2), (4, 6))"),
]

NUMS = [
    "0", "1", "-1", "2", "3", "-7", "10", "0.0", "-0.0", "0.5", "-0.5", "1.0", "-1.5", "2.5", "0.1", "1e-10", "1e-300",
    "5e-324", "2.2250738585072014e-308", "1e16", "1e22", "1.7976931348623157e308", "-1e308", "709.0", "710", "-745.2",
    "1e300", "float('inf')", "float('-inf')", "float('nan')", "2**53 + 1", "2**63", "-2**64", "10**400", "-10**400",
    "True", "False", "3.141592653589793", "0.9999999999999999", "1.0000000000000002", "100", "171", "-2.5", "1 / 3",
    "2**1023", "2**1024", "0.001", "-20", "40.5", "'1'", "None", "1j",
]
INTS = [
    "0", "1", "-1", "2", "7", "12", "-18", "20", "100", "2**64", "10**20", "-10**30", "True", "3**50", "1.0", "'3'",
    "-3", "5",
]
ONE_ARG = [
    "sqrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "sin", "cos", "tan", "asin", "acos", "atan",
    "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "floor", "ceil", "trunc", "fabs", "gamma", "lgamma", "erf",
    "erfc", "frexp", "modf", "isfinite", "isinf", "isnan", "degrees", "radians", "cbrt", "ulp",
]
TWO_FLOAT = ["pow", "atan2", "copysign", "fmod", "remainder", "log", "nextafter", "isclose", "hypot"]
INT_FUNCS_1 = ["factorial", "isqrt", "gcd", "lcm", "perm"]
INT_FUNCS_2 = ["gcd", "lcm", "comb", "perm"]
# fmt: on


def draw(rng):
    kind = rng.random()
    if kind < 0.45:
        expr = f"math.{rng.choice(ONE_ARG)}({rng.choice(NUMS)})"
    elif kind < 0.7:
        expr = f"math.{rng.choice(TWO_FLOAT)}({rng.choice(NUMS)}, {rng.choice(NUMS)})"
    elif kind < 0.78:
        x = rng.choice(NUMS)
        n = rng.choice(["0", "1", "-1", "1024", "-1074", "-1075", "10**20", "-10**20", "2**63", "True", "1.5"])
        expr = f"math.ldexp({x}, {n})"
    elif kind < 0.86:
        fn = rng.choice(INT_FUNCS_1)
        n = rng.choice([i for i in INTS if "**" not in i or fn not in ("factorial", "perm")])
        expr = f"math.{fn}({n})"
    elif kind < 0.92:
        fn = rng.choice(INT_FUNCS_2)
        pool = INTS if fn in ("gcd", "lcm") else [i for i in INTS if "**" not in i]
        expr = f"math.{fn}({rng.choice(pool)}, {rng.choice(pool)})"
    else:
        n = rng.randrange(0, 5)
        seq = "[" + ", ".join(rng.choice(NUMS[:48]) for _ in range(n)) + "]"
        other = "[" + ", ".join(rng.choice(NUMS[:48]) for _ in range(n)) + "]"
        expr = rng.choice(
            [f"math.fsum({seq})", f"math.prod({seq})", f"math.hypot(*{seq})", f"math.dist({seq}, {other})"]
        )
    if rng.random() < 0.1:
        return ("proxy", "import math", expr.replace("math.", "M.math."))
    return program_or_eval(rng, {"math": "math"}, expr)


family("mod_math", __doc__, lambda: programs(FIXED), draw, weight=3, suite="stdlib")
