PREFIX = ("import math\nfrom math import *\n"
          "VALS = [0.0, -0.0, 0.5, 1.0, -1.5, 2.0, 10.0, 1e-300, 1e300, inf, -inf, nan, 3, -7, 10**20, True, 0.1, 0.7, 100]\n"
          "def each(f):\n"
          "    out = []\n"
          "    for v in VALS:\n"
          "        try:\n"
          "            out.append(f(v))\n"
          "        except Exception as e:\n"
          "            out.append(type(e).__name__ + ': ' + str(e))\n"
          "    return out\n")
vals = ["0.0", "-0.0", "0.5", "1.0", "-1.5", "2.0", "10.0", "1e-300", "1e300", "inf", "-inf", "nan", "3", "-7", "10**20", "True", "0.1", "0.7", "100"]
funcs1 = ["acos", "acosh", "asin", "asinh", "atan", "atanh", "cbrt", "cos", "cosh", "erf", "erfc", "exp", "exp2", "expm1", "fabs",
          "gamma", "lgamma", "log", "log10", "log1p", "log2", "sin", "sinh", "sqrt", "tan", "tanh", "degrees", "radians",
          "isfinite", "isinf", "isnan", "frexp", "modf", "ulp", "floor", "ceil", "trunc"]
CASES = [f"each({f})" for f in funcs1]
CASES += [
    "pi", "e", "tau", "inf", "nan", "-inf",
    "gamma(0.5)", "gamma(5.5)", "gamma(-0.5)", "gamma(-1.5)", "gamma(171.5)", "gamma(-171.5)", "gamma(1e-25)", "gamma(150.3)",
    "gamma(-200.5)", "gamma(-250.5)", "lgamma(0.5)", "lgamma(-0.5)", "lgamma(1e-25)", "lgamma(1000.5)", "lgamma(-3.7)", "lgamma(2.5)",
    "[gamma(x / 7) for x in range(1, 40)]", "[lgamma(x / 3) for x in range(1, 30)]",
    "erf(0.3)", "erfc(3.0)", "erfc(30.0)",
    "log(8, 2)", "log(100, 10)", "log(2**1000)", "log(10**400, 10)", "log(1, 1)", "log(0)", "log(-1)", "log()", "log(1, 2, 3)",
    "log(2**1023 * 3)", "log2(2**2000)", "log10(10**400)", "log2(3**700)", "log10(7**999)", "log(True)", "log(False)",
    "sqrt(10**400)", "sqrt(-1)", "sqrt(2)", "sqrt()", "sqrt(1, 2)", "sqrt(x=1)", "sqrt('a')", "floor('a')", "trunc('a')",
    "atan2(1, 1)", "atan2(inf, inf)", "atan2(-inf, -inf)", "atan2(inf, 1)", "atan2(0.0, -0.0)", "atan2(-0.0, -1)", "atan2(1, nan)", "atan2(1)",
    "copysign(3, -0.0)", "copysign(-2, 1)", "copysign(nan, -1)", "copysign(1)",
    "fmod(10, 3)", "fmod(-10, 3)", "fmod(1, 0)", "fmod(inf, 1)", "fmod(1, inf)", "fmod(5.5, -2)", "fmod(nan, 1)",
    "remainder(10, 3)", "remainder(11, 3)", "remainder(-10, 4)", "remainder(5, 2)", "remainder(7, 2)", "remainder(1, 0)",
    "remainder(inf, 1)", "remainder(1, inf)", "remainder(0.3, 0.1)", "remainder(1e300, 3e-300)",
    "pow(2, 10)", "pow(2, 0.5)", "pow(0, -1)", "pow(-1, 0.5)", "pow(10, 400)", "pow(nan, 0)", "pow(1, nan)", "pow(inf, -1)",
    "pow(-inf, 3)", "pow(-inf, 2)", "pow(-inf, -3)", "pow(0.5, inf)", "pow(2, -inf)", "pow(-1, inf)", "pow(-2.0, 3)", "pow(-0.0, -3)", "pow(1)",
    "ldexp(1, 10)", "ldexp(0.75, -1074)", "ldexp(1, -1075)", "ldexp(1.5, -1074)", "ldexp(1, 2000)", "ldexp(1, -2000)", "ldexp(1, 1.5)",
    "ldexp(inf, 5)", "ldexp(3, 10**30)", "ldexp(3, -10**30)", "ldexp(0.9999999999999999, 1024)", "ldexp(5e-324, 1)", "ldexp(1)",
    "frexp(5e-324)", "frexp(1e308)", "frexp(-3)", "modf(-3.0)", "modf(-0.5)", "modf(3.75)",
    "fsum([0.1] * 10)", "fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])", "fsum([])",
    "fsum([1e308, 1e308])", "fsum([inf, -inf])", "fsum([inf, 1])", "fsum([nan, 1])", "fsum([1e-16, 1, 1e16])",
    "fsum([2.0**53, -0.5, -2.0**-54])", "fsum(x / 3 for x in range(100))", "fsum(['a'])", "fsum(range(10))", "fsum([-0.0])",
    "hypot(3, 4)", "hypot()", "hypot(5)", "hypot(-5)", "hypot(1, 2, 3)", "hypot(1e300, 1e300)", "hypot(1e-320, 1e-320)",
    "hypot(inf, nan)", "hypot(nan, 1)", "hypot(0.1, 0.2, 0.3, 0.4)", "hypot('a')", "[hypot(x, x + 1) for x in range(20)]",
    "dist((1, 2), (4, 6))", "dist([0, 0, 0], [1, 1, 1])", "dist([1], [1, 2])", "dist((1.5, 2.25), (0.1, 0.7))", "dist(1)",
    "isclose(1.0, 1.0 + 1e-10)", "isclose(1, 1.1)", "isclose(1, 1.1, rel_tol=0.2)", "isclose(0, 1e-10, abs_tol=1e-9)",
    "isclose(inf, inf)", "isclose(inf, -inf)", "isclose(nan, nan)", "isclose(1, 1, rel_tol=-1)", "isclose(1)", "isclose(a=1, b=1)",
    "nextafter(1, 2)", "nextafter(1, 0)", "nextafter(0.0, 1)", "nextafter(0.0, -1)", "nextafter(1, 1)", "nextafter(-0.0, 0.0)",
    "nextafter(1.7976931348623157e308, inf)", "nextafter(inf, 0)", "nextafter(nan, 1)", "nextafter(1)",
    "ulp(1.0)", "ulp(1e308)", "ulp(1.7976931348623157e308)", "ulp(5e-324)", "ulp(0.0)", "ulp(-2.0)",
    "floor(-2.5)", "ceil(-2.5)", "floor(1e300)", "ceil(2**70 + 0.0)", "trunc(-2.7)", "trunc(10**30)", "floor(10**30)",
    "floor(True)", "floor(inf)", "floor(nan)", "type(floor(2.0))",
    "gcd()", "gcd(12)", "gcd(-12)", "gcd(12, 18)", "gcd(12, 18, 8)", "gcd(0, 0)", "gcd(2**100, 2**80 * 3)", "gcd(1.5)",
    "gcd(-4, 6)", "gcd(True, 4)",
    "lcm()", "lcm(4, 6)", "lcm(4, 6, 10)", "lcm(0, 5)", "lcm(-4, 6)", "lcm(2**70, 3**40)", "lcm(1.5)",
    "isqrt(0)", "isqrt(1)", "isqrt(15)", "isqrt(16)", "isqrt(2**64 - 1)", "isqrt(10**50)", "isqrt(10**50 - 1)", "isqrt(-1)",
    "isqrt(1.5)", "isqrt(True)", "[isqrt(n) for n in range(30)]",
    "factorial(0)", "factorial(20)", "factorial(21)", "factorial(50)", "factorial(-1)", "factorial(1.5)", "factorial(10**20)",
    "len(str(factorial(1000)))",
    "comb(5, 2)", "comb(10, 0)", "comb(10, 10)", "comb(10, 11)", "comb(100, 50)", "comb(-1, 1)", "comb(1, -1)", "comb(1.5, 1)",
    "comb(10**20, 3)", "comb(1)", "comb(67, 33)", "comb(200, 100)",
    "perm(5, 2)", "perm(5)", "perm(5, None)", "perm(5, 6)", "perm(10**20, 2)", "perm(5, -1)", "perm()", "perm(1, 2, 3)", "perm(20, 20)",
    "prod([1, 2, 3, 4])", "prod([])", "prod([], start=5)", "prod([2.5, 4])", "prod(range(1, 30))", "prod([1, 2], start=2.0)",
    "prod(['a', 3])", "prod([3, 'a'])", "prod()", "prod([1], 2)", "prod([1], begin=2)",
]
CASES += ["[cbrt(x / 7) for x in range(-60, 60)]", "[cbrt(10.0 ** k) for k in range(-300, 300, 7)]", "cbrt(5e-324)", "cbrt(-1e-310)",
          "[asinh(x / 3) for x in range(-30, 30)]", "[acosh(1 + x / 3) for x in range(0, 40)]", "[atanh(x / 31) for x in range(-30, 30)]",
          "[erf(x / 5) for x in range(-30, 30)]", "[erfc(x / 5) for x in range(-30, 60)]", "[expm1(x / 7) for x in range(-30, 30)]",
          "[log1p(x / 7) for x in range(-6, 30)]", "[tan(x / 7) for x in range(-30, 30)]", "[exp2(x / 7) for x in range(-30, 30)]"]
