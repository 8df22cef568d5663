"""Small programs: comprehensions and generator expressions, functions
(defaults, *args, **kwargs, keyword-only, closures, nonlocal/global,
recursion, lambda), and control flow (for/while/else, break/continue)."""

from cases import family

# fmt: off
ITERABLES = [
    "range(6)", "range(-3, 4)", "range(10, 0, -3)", "'abc'", "[3, 1, 2]", "(1, 2, 3)", "{'a': 1, 'b': 2}", "[]",
    "[[1, 2], [3]]", "[0, '', None, 'x', 5]", "'hello world'.split()", "[1.5, -2, 3]", "b'ab'",
]
# fmt: on
EXPRS = [
    "x",
    "x * 2",
    "x ** 2",
    "(x, y)",
    "x + y",
    "str(x)",
    "x if x else -1",
    "[x] * 2",
    "-x",
    "x % 3",
    "(x, len(str(x)))",
    "bool(x)",
]
CONDS = ["x", "x % 2", "x > 1", "x != 2", "True", "not x", "x == x", "str(x) < 'b'", "y"]


def _comp(rng, kind):
    it1, it2 = rng.choice(ITERABLES), rng.choice(ITERABLES)
    expr = rng.choice(EXPRS)
    nested = "y" in expr or rng.random() < 0.3
    loops = f"for x in {it1}" + (f" for y in {it2}" if nested else "")
    cond = rng.choice(CONDS)
    if "y" in cond and not nested:
        cond = "x"
    if rng.random() < 0.5:
        loops += f" if {cond}"
    if kind == "list":
        return f"[{expr} {loops}]"
    if kind == "dict":
        return f"{{str(x): {expr} {loops}}}"
    if kind == "set":
        return f"sorted({{{expr} {loops}}}, key=repr)"
    fn = rng.choice(["sum", "any", "all", "tuple", "list", "max", "min", "len"])
    if fn == "len":
        return f"len([{expr} {loops}])"
    return f"{fn}({expr} {loops})"


# fmt: off
COMP_FIXED = [
    "[x * y for x in range(3) for y in range(x)]", "[[y for y in range(x)] for x in range(4)]",
    "[x for x in range(10) if x % 2 if x % 3]", "{x: x * x for x in range(5) if x != 2}",
    "sorted({c for c in 'mississippi'})", "sum(x * x for x in range(10))", "list(x for x in 'abc')",
    "tuple(i for i in range(3))", "next(x for x in [] )", "next((x for x in [5, 6]), None)",
    "any(x > 3 for x in [1, 5])", "all(x for x in [])", "max(len(w) for w in 'a bb ccc'.split())",
    "''.join(c.upper() if i % 2 else c for i, c in enumerate('abcdef'))", "[(i, c) for i, c in enumerate('ab', 1)]",
    "{k: v for k, v in zip('abc', range(3))}", "[x for x in [[1, 2], [3]] for x in x]",
    "[y for x in range(3) for y in (x, -x) if y]", "[a + b for a, b in [(1, 2), (3, 4)]]",
    "[(yield_ := 0) for _ in range(1)]", "[last := x for x in range(3)]",
    ("exec", "x = 5\ny = [x for x in range(3)]\nresult = (x, y)"),
    ("exec", "result = [v := i * 2 for i in range(3)]\nresult = (result, v)"),
    ("exec", "n = 3\ng = (i * n for i in range(3))\nn = 10\nresult = list(g)"),
    ("exec", "a = [1, 2]\ng = (x for x in a)\na = [9]\nresult = list(g)"),
    ("exec", "g = (x * x for x in range(4))\nfirst = next(g)\nresult = (first, list(g), list(g))"),
    ("exec", "fs = [lambda: i for i in range(3)]\nresult = [f() for f in fs]"),
    ("exec", "fs = [lambda i=i: i for i in range(3)]\nresult = [f() for f in fs]"),
    ("exec", "total = 0\nresult = [total := total + x for x in range(5)]"),
    ("exec", "data = {'b': 2, 'a': 1}\nresult = {v: k for k, v in data.items()}"),
    ("exec", "m = [[1, 2, 3], [4, 5, 6]]\nresult = [[row[i] for row in m] for i in range(3)]"),
    "[x for x in range(3)] == list(range(3))", "[*(x for x in 'ab')]", "{**{x: 1 for x in 'ab'}}", "[i for i in 5]",
    "[1 / x for x in [1, 0]]", "{[x]: 1 for x in range(2)}", "1 if 0 else 2 if 0 else 3",
    "(lambda: 1)() if [] else 'no'", "[x if x % 2 else None for x in range(4)]", "1 < 2 < 3 == 3 != 4",
    "'a' < 'b' > 'a' in 'xa'", "(x := 5) + x", "[(x := i) for i in range(2)] + [x]", "0 < (n := 10) < 20 and n",
    "[y := 1, y + 1]", "list(map(lambda x: (x, x), 'ab'))",
]
# fmt: on


def comp_fixed():
    return list(COMP_FIXED)


def comp_draw(rng):
    kind = rng.choice(["list", "list", "dict", "set", "gen", "gen"])
    c = _comp(rng, kind)
    if rng.random() < 0.2:
        return ("exec", f"x = 'outer'\ny = {c}\nresult = (y, x)")
    return c


# ---- functions ------------------------------------------------------------

# fmt: off
SIGNATURES = [
    ("a, b=2, *args, c=3, **kw", "(a, b, args, c, sorted(kw.items()))"), ("a, b", "(a, b)"), ("*args", "args"),
    ("**kw", "sorted(kw.items())"), ("a, *, k", "(a, k)"), ("a=1, b=[]", "(a, b)"), ("a, /, b=0", "(a, b)"),
    ("*args, k=None, **kw", "(args, k, sorted(kw))"), ("a, b=None, /, *, c, d=4", "(a, b, c, d)"),
]
# fmt: on
# fmt: off
CALLARGS = [
    "", "1", "1, 2", "1, 2, 3", "1, 2, 3, 4", "a=1", "b=2", "1, b=5", "1, c=9", "1, d=8", "c=1, a=2", "1, a=1",
    "*[1, 2]", "*'xy', c=0", "**{'a': 1, 'b': 2}", "1, **{'k': 2}", "1, k=2", "*(), **{}", "1, 2, k=3, z=4",
    "1, *[2], *[3]", "**{'a': 1}, b=2", "a=1, **{'a': 2}",
]
# fmt: on


def function_sig(rng):
    sig, body = rng.choice(SIGNATURES)
    calls = [rng.choice(CALLARGS) for _ in range(rng.randrange(1, 3))]
    lines = [f"def f({sig}):", f"    return {body}"]
    lines.append("result = [" + ", ".join(f"f({c})" for c in calls) + "]")
    return "\n".join(lines)


# fmt: off
RECURSIVE = [
    ("def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)", "fib({n})", (0, 18)),
    ("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)", "fact({n})", (0, 80)),
    ("def gcd(a, b):\n    return a if b == 0 else gcd(b, a % b)", "gcd({n} * 12, {n} * 18 + 6)", (0, 500)),
    (
        "def hanoi(n, a='A', b='B', c='C'):\n"
        "    if n == 0:\n"
        "        return []\n"
        "    return hanoi(n - 1, a, c, b) + [(a, c)] + hanoi(n - 1, b, a, c)",
        "len(hanoi({n})), hanoi(min({n}, 2))",
        (0, 8),
    ),
    (
        "def ack(m, n):\n"
        "    if m == 0:\n"
        "        return n + 1\n"
        "    if n == 0:\n"
        "        return ack(m - 1, 1)\n"
        "    return ack(m - 1, ack(m, n - 1))",
        "ack(2, {n})",
        (0, 6),
    ),
    (
        "def flat(x):\n"
        "    if not isinstance(x, list):\n"
        "        return [x]\n"
        "    out = []\n"
        "    for y in x:\n"
        "        out += flat(y)\n"
        "    return out",
        "flat([1, [2, [3, [{n}]]], []])",
        (0, 9),
    ),
    (
        "def perms(s):\n"
        "    if len(s) <= 1:\n"
        "        return [s]\n"
        "    return [c + p for i, c in enumerate(s) for p in perms(s[:i] + s[i + 1:])]",
        "perms('abcd'[:{n}])",
        (0, 4),
    ),
    (
        "def power(xs):\n"
        "    if not xs:\n"
        "        return [[]]\n"
        "    rest = power(xs[1:])\n"
        "    return rest + [[xs[0]] + r for r in rest]",
        "power(list(range({n})))",
        (0, 4),
    ),
    (
        "def digits(n, base=10):\n"
        "    return [n] if n < base else digits(n // base, base) + [n % base]",
        "digits(2**{n}, 7)",
        (0, 200),
    ),
    ("def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)", "depth({n})", (0, 300)),
]
# fmt: on


def function_recursive(rng):
    src, call, (lo, hi) = rng.choice(RECURSIVE)
    n = rng.randrange(lo, hi + 1)
    return f"{src}\nresult = ({call.format(n=n)})"


KEYFNS = [
    "lambda v: -v",
    "abs",
    "lambda v: (v % 3, -v)",
    "str",
    "lambda v: v * v",
    "lambda v: str(v)[::-1]",
    "None",
    "len",
]


def function_key(rng):
    xs = "[" + ", ".join(str(rng.randrange(-20, 20)) for _ in range(rng.randrange(0, 8))) + "]"
    fn = rng.choice(["sorted", "min", "max"])
    key = rng.choice(KEYFNS)
    extra = ""
    if fn == "sorted" and rng.random() < 0.5:
        extra = f", reverse={rng.choice(['True', 'False'])}"
    if fn != "sorted" and rng.random() < 0.4:
        extra = f", default={rng.choice(['None', '0', repr('empty')])}"
    return f"{fn}({xs}, key={key}{extra})"


def function_closure(rng):
    start, step, times = rng.randrange(-5, 5), rng.randrange(1, 4), rng.randrange(0, 5)
    variant = rng.randrange(4)
    if variant == 0:
        return (
            f"def counter(n={start}):\n    def inc(k={step}):\n        nonlocal n\n        n += k\n"
            "        return n\n    return inc\n"
            f"c = counter()\nd = counter(100)\nresult = [c() for _ in range({times})] + [d(), c(0)]"
        )
    if variant == 1:
        return (
            f"total = {start}\ndef add(x):\n    global total\n    total += x\n    return total\n"
            f"result = ([add({step}) for _ in range({times})], total)"
        )
    if variant == 2:
        return (
            f"def make_adders():\n    return [lambda x, i=i: x + i * {step} for i in range({times} + 1)]\n"
            f"result = [f({start}) for f in make_adders()]"
        )
    return (
        f"def outer():\n    x = {start}\n    def middle():\n        def inner():\n"
        f"            return x * {step}\n        return inner\n"
        f"    x += {times}\n    return middle()()\nresult = outer()"
    )


# fmt: off
FUNC_FIXED = [
    ("exec", "def f(x, acc=[]):\n    acc.append(x)\n    return acc\nf(1)\nresult = f(2)"),
    ("exec", "def f():\n    pass\nresult = f()"), ("exec", "def f():\n    return\nresult = f()"),
    ("exec", "def f(a, b):\n    return a - b\nresult = f(b=1, a=5)"),
    ("exec", "def f(a, b):\n    return a\nresult = f(1)"), ("exec", "def f(a):\n    return a\nresult = f(1, 2)"),
    ("exec", "def f(a):\n    return a\nresult = f(1, a=2)"), ("exec", "def f(a):\n    return a\nresult = f(b=2)"),
    ("exec", "def f(*, k):\n    return k\nresult = f(1)"), ("exec", "def f(*, k):\n    return k\nresult = f()"),
    ("exec", "def f(a, /):\n    return a\nresult = f(a=1)"),
    ("exec", "def f(a, b=1, *c, d, e=2, **g):\n    return (a, b, c, d, e, g)\nresult = f(0, 1, 2, 3, d=4, z=5)"),
    ("exec", "def f(**kw):\n    return list(kw)\nresult = f(b=1, a=2, c=3)"),
    ("exec", "def f(*a, **k):\n    return (a, k)\nresult = f(*range(3), **dict(x=1))"),
    ("exec", "def f():\n    return x\nx = 5\nresult = f()"),
    ("exec", "def f():\n    y = 1\n    return y\nresult = (f(), 'y' in dir())"),
    ("exec", "def f():\n    print_me = undefined_thing\nresult = f()"),
    ("exec", "def f():\n    x = x + 1\n    return x\nx = 1\nresult = f()"),
    ("exec", "x = 1\ndef f():\n    global x\n    x = 2\nf()\nresult = x"),
    ("exec", "def f():\n    global g\n    g = 'set in f'\nf()\nresult = g"),
    (
        "exec",
        "def outer():\n"
        "    n = 0\n"
        "    def inc():\n"
        "        nonlocal n\n"
        "        n += 1\n"
        "    inc()\n"
        "    inc()\n"
        "    return n\n"
        "result = outer()",
    ),
    ("exec", "def f(n):\n    return f(n + 1)\nresult = f(0)", "", False),
    ("exec", "fact = lambda n: 1 if n == 0 else n * fact(n - 1)\nresult = fact(25)"),
    ("exec", "def compose(f, g):\n    return lambda x: f(g(x))\nresult = compose(str, abs)(-5)"),
    ("exec", "def f(x):\n    return x * 2\nresult = (f.__name__, callable(f), list(map(f, 'ab')))"),
    ("exec", "f = lambda: 0\nresult = f.__name__"),
    ("exec", "def f(a, b=2):\n    return a + b\nresult = f.__defaults__"),
    ("exec", "def f(a, *, b=2):\n    return a\nresult = f.__kwdefaults__"),
    (
        "exec",
        "def f(x):\n"
        "    if x > 0:\n"
        "        return 'pos'\n"
        "    elif x < 0:\n"
        "        return 'neg'\n"
        "    return 'zero'\n"
        "result = [f(v) for v in (-1, 0, 1)]",
    ),
    ("exec", "def f(x):\n    'doc string'\n    return x\nresult = f.__doc__"),
    ("exec", "def f(a, b):\n    return a, b\nargs = (1,)\nresult = f(*args, *args)"),
    ("exec", "def f(x):\n    return [x]\nresult = sorted([3, 1, 2], key=f)"),
    ("exec", "def apply(fn, *a, **k):\n    return fn(*a, **k)\nresult = apply(sorted, [3, 1], reverse=True)"),
    ("exec", "def f():\n    return 1, 2\na, b = f()\nresult = b"),
    ("exec", "def f():\n    try:\n        return 'try'\n    finally:\n        return 'finally'\nresult = f()"),
    ("exec", "def f():\n    for i in range(5):\n        if i == 2:\n            return i\nresult = f()"),
    ("exec", "def f(x):\n    def g():\n        return x\n    x = x + 1\n    return g\nresult = f(1)()"),
    ("exec", "def f(n):\n    if n:\n        return f(n - 1) + [n]\n    return []\nresult = f(5)"),
    ("exec", "add = lambda a, b=1, *c, **d: (a + b, c, d)\nresult = (add(1), add(1, 2, 3, k=4))"),
    ("exec", "result = (lambda *a: a)(1, 2)"), ("exec", "result = (lambda: (yield_ := 3))()"),
    ("exec", "def f(a, a2=lambda: 1):\n    return a + a2()\nresult = f(1)"), "sorted(['b', 'A', 'c'], key=str.lower)",
    "max([], default=0)", "min([3, 1, 2], key=lambda v: -v)", "max('abc', key=ord)",
    "sorted([(1, 'b'), (1, 'a'), (0, 'z')])", "sorted([3, 1, 2], key=None, reverse=True)",
    "max(1, 2, key=lambda v: -v)", "min([])", "max([], key=len)", "min(1)", "max(1, 2, default=0)",
    "(lambda x, y=2: x * y)(3)", "(lambda: 1)(2)", "(lambda *a, **k: (a, sorted(k)))(1, b=2, a=3)",
    "list(map(lambda x, y: x + y, [1, 2], [10, 20, 30]))", "sorted(range(-5, 5), key=abs)",
    "sorted('bca', key=lambda c: -ord(c))",
]
# fmt: on


def func_fixed():
    return list(FUNC_FIXED)


def func_draw(rng):
    r = rng.random()
    if r < 0.35:
        return ("exec", function_sig(rng))
    if r < 0.6:
        return ("exec", function_recursive(rng))
    if r < 0.8:
        return function_key(rng)
    return ("exec", function_closure(rng))


# ---- control flow ------------------------------------------------------------

LOOP_ITERS = [
    "range(8)",
    "range(10, 0, -2)",
    "'abcde'",
    "[3, 0, -1, 7, 7, 2]",
    "[]",
    "range(0)",
    "{'x': 1, 'y': 0}",
    "(5, 'a', None)",
]
# fmt: off
BODY = [
    "acc.append(x)", "n += 1", "acc.append(n)", "continue", "break", "pass", "n += x if isinstance(x, int) else 1",
    "acc.append(str(x) * 2)", "flag = not flag",
]
# fmt: on
GUARDS = ["x == 3", "n > 2", "x", "not x", "n % 2", "str(x) in 'ace'", "True", "len(acc) >= 2"]


def _body(rng, depth=0):
    lines = []
    for _ in range(rng.randrange(1, 4)):
        r = rng.random()
        if r < 0.35:
            lines.append(f"if {rng.choice(GUARDS)}:")
            lines.append("    " + rng.choice(BODY))
            if rng.random() < 0.4:
                lines.append("elif " + rng.choice(GUARDS) + ":")
                lines.append("    " + rng.choice(BODY))
            if rng.random() < 0.3:
                lines.append("else:")
                lines.append("    " + rng.choice(BODY))
        elif r < 0.45 and depth == 0:
            lines.append(f"for z in range({rng.randrange(0, 4)}):")
            lines += ["    " + ln for ln in _body(rng, 1)]
        else:
            lines.append(rng.choice(BODY))
    return lines


def control_program(rng):
    lines = ["acc = []", "n = 0", "flag = False"]
    if rng.random() < 0.7:
        lines.append(f"for x in {rng.choice(LOOP_ITERS)}:")
    else:
        limit = rng.randrange(0, 12)
        lines += [f"x = {limit}", f"while x {rng.choice(['>', '>=', '!='])} 0 and n < 50:", "    x -= 1"]
    lines += ["    " + ln for ln in _body(rng)]
    if rng.random() < 0.5:
        lines += ["else:", "    acc.append('else')"]
    lines.append("result = (acc, n, flag)")
    return "\n".join(lines)


# fmt: off
CONTROL_FIXED = [
    ("exec", "for i in range(3):\n    pass\nresult = i"), ("exec", "for i in []:\n    pass\nresult = 'i' in dir()"),
    ("exec", "for i in range(5):\n    if i == 3:\n        break\nelse:\n    i = 'no break'\nresult = i"),
    ("exec", "for i in range(5):\n    continue\nelse:\n    i = 'else ran'\nresult = i"),
    ("exec", "n = 0\nwhile n < 5:\n    n += 1\nelse:\n    n *= 10\nresult = n"),
    ("exec", "n = 0\nwhile True:\n    n += 1\n    if n > 3:\n        break\nelse:\n    n = -1\nresult = n"),
    (
        "exec",
        "primes = []\n"
        "for n in range(2, 30):\n"
        "    for d in range(2, n):\n"
        "        if n % d == 0:\n"
        "            break\n"
        "    else:\n"
        "        primes.append(n)\n"
        "result = primes",
    ),
    (
        "exec",
        "out = []\n"
        "for i in range(3):\n"
        "    for j in range(3):\n"
        "        if j == i:\n"
        "            continue\n"
        "        if j > i:\n"
        "            break\n"
        "        out.append((i, j))\n"
        "result = out",
    ),
    ("exec", "out = []\nfor i, (a, b) in enumerate([(1, 2), (3, 4)]):\n    out.append(i + a * b)\nresult = out"),
    ("exec", "out = []\nfor a, *rest in ['abc', 'de']:\n    out.append((a, rest))\nresult = out"),
    ("exec", "d = {'a': 1, 'b': 2}\nout = []\nfor k in d:\n    out.append(k * d[k])\nresult = out"),
    ("exec", "x = [1, 2, 3]\nfor v in x:\n    if v == 1:\n        x.remove(v)\nresult = x"),
    ("exec", "d = {1: 2}\nfor k in d:\n    d[k + 1] = 0\nresult = d"),
    (
        "exec",
        "out = []\n"
        "for i in range(3):\n"
        "    try:\n"
        "        if i == 1:\n"
        "            continue\n"
        "        out.append(i)\n"
        "    finally:\n"
        "        out.append('f')\n"
        "result = out",
    ),
    (
        "exec",
        "out = []\n"
        "for i in range(3):\n"
        "    try:\n"
        "        break\n"
        "    finally:\n"
        "        out.append('cleanup')\n"
        "result = out",
    ),
    ("exec", "n = 10\nwhile n:\n    n //= 2\nresult = n"),
    ("exec", "a, b = 0, 1\nfib = []\nwhile a < 100:\n    fib.append(a)\n    a, b = b, a + b\nresult = fib"),
    (
        "exec",
        "if 0:\n"
        "    result = 'a'\n"
        "elif []:\n"
        "    result = 'b'\n"
        "elif 'x':\n"
        "    result = 'c'\n"
        "else:\n"
        "    result = 'd'",
    ),
    ("exec", "x = 5\nif x > 3: result = 'big'\nelse: result = 'small'"),
    ("exec", "result = 0\nfor i in range(3): result += i"), ("exec", "x = 1; y = 2; result = x + y"),
    ("exec", "result = []\nfor i in range(3):\n    i = i * 10\n    result.append(i)"),
    ("exec", "x = 10\ndel x\nresult = 'x' in dir()"), ("exec", "x = 10\ndel x\nresult = x"),
    ("exec", "result = [1, 2, 3]\ndel result[0], result[-1]"), ("exec", "d = {'a': 1}\ndel d['b']\nresult = d"),
    ("exec", "assert 1 + 1 == 2, 'math'\nresult = 'ok'"), ("exec", "assert [], 'empty list'\nresult = 'ok'"),
    ("exec", "assert False\nresult = 1"),
    ("exec", "x = 3\nx **= 2\nx //= 4\nx <<= 3\nx |= 1\nx ^= 6\nx %= 7\nresult = x"),
    ("exec", "s = 'a'\ns *= 3\ns += 'b'\nresult = s"), ("exec", "t = (1,)\nu = t\nt += (2,)\nresult = (t, u)"),
    ("exec", "x = y = z = 0\nx += 1\nresult = (x, y, z)"),
    ("exec", "a, (b, [c, d]) = 1, (2, [3, 4])\nresult = a + b + c + d"),
    ("exec", "first, *middle, last = 'hello'\nresult = (first, middle, last)"), ("exec", "a, *b, c = [1]\nresult = b"),
    ("exec", "import sys\nresult = type(sys.maxsize).__name__"),
    ("exec", "import os.path\nresult = os.path.join('a', 'b')"),
    ("exec", "from os import path as p\nresult = p.basename('/x/y.txt')"), ("exec", "import nosuchmodule\nresult = 1"),
    ("exec", "i = 0\nwhile i < 3:\n    i += 1\n    if i == 2:\n        continue\nelse:\n    i = -i\nresult = i"),
]
# fmt: on


def control_fixed():
    return list(CONTROL_FIXED)


def control_draw(rng):
    return ("exec", control_program(rng))


family(
    "comprehension",
    "list/dict/set comprehensions, generator expressions, :=, conditional expressions, chained comparisons, scoping",
    comp_fixed,
    comp_draw,
    weight=4,
)
family(
    "functions",
    "def with defaults/*args/**kwargs/keyword-only, closures, nonlocal/global, recursion, lambda, key functions",
    func_fixed,
    func_draw,
    weight=4,
)
family(
    "control",
    "if/elif/else, for/while with break/continue/else, unpacking, augmented assignment, del, assert, import",
    control_fixed,
    control_draw,
    weight=3,
)
