"""functools: reduce (initial values, empty inputs, errors from the
function), partial (flattening, keyword overrides, attributes, repr of
partials of builtins), cmp_to_key, lru_cache/cache (hits and misses,
maxsize 0 and None, typed, cache_clear, cache_parameters), wraps and
update_wrapper; reduce and partial driven from the client with callbacks
(``M.functools``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
FIXED = [
    "import functools, operator\n"
        "result = functools.reduce(operator.add, [1, 2, 3, 4]), functools.reduce(operator.add, [], 0), "
        "functools.reduce(operator.add, 'abc')",
    "import functools\n"
        "result = functools.reduce(lambda a, b: a * b, range(1, 6), 1), functools.reduce(lambda a, b: b, [7])",
    "import functools\nresult = functools.reduce(lambda a, b: a + b, [])",
    "import functools\nresult = functools.reduce(lambda a, b: a + b, 5)",
    "import functools\nresult = functools.reduce(lambda a, b: a + b)",
    "import functools\nresult = functools.reduce(lambda a, b: a / b, [1, 0])",
    "import functools\nresult = functools.reduce(lambda a, b: a + b, [1, 2], initial=0)",
    "import functools\nresult = functools.reduce(max, [3, 1, 4, 1, 5], -1), functools.reduce(pow, [2, 3, 2])",
    "import functools\nresult = functools.reduce(lambda acc, x: acc + [x * 2], range(4), [])",
    "import functools\nresult = functools.reduce(None, [1, 2])",
    "import functools\nresult = functools.reduce(lambda a, b: a + b, iter([[1], [2], [3]]))",
    "import functools\n"
        "p = functools.partial(int, base=2)\n"
        "result = p('101'), p('11', base=10), p.args, p.keywords, p.func is int",
    "import functools\np = functools.partial(max, 5)\nresult = p(1), p(10, 2), p.args, p.keywords",
    "import functools\n"
        "p = functools.partial(functools.partial(max, 1, key=abs), -7)\n"
        "result = p(3), p.args, p.keywords, p.func is max",
    "import functools\n"
        "result = repr(functools.partial(int, base=2)), repr(functools.partial(max, 1, 2)), "
        "repr(functools.partial(sorted))",
    "import functools\n"
        "result = repr(functools.partial(functools.partial(pow, 2), 3)), repr(functools.partial(str, 'x', "
            "encoding='y'))",
    "import functools\nresult = functools.partial(1)",
    "import functools\nresult = functools.partial()",
    "import functools\np = functools.partial(pow, 2, 3, 4, 5)\nresult = p()",
    "import functools\n"
        "def f(a, b=2, *, c=3):\n"
        "    return (a, b, c)\n"
        "p = functools.partial(f, c=9)\n"
        "result = p(1), p(1, c=0), p(1, 5), functools.partial(f, 1, 2)()",
    "import functools\n"
        "def f(a, b):\n"
        "    return a - b\n"
        "result = functools.partial(f, b=1)(5), functools.partial(f, 5)(b=1)",
    "import functools\ndef f(a, b):\n    return a - b\nresult = functools.partial(f, b=1)(5, 6)",
    "import functools\np = functools.partial(dict, a=1)\nresult = p(b=2), p(a=5), p([('c', 3)])",
    "import functools\np = functools.partial(int)\np.func = str",
    "import functools\nresult = callable(functools.partial(int)), type(functools.partial(int)).__name__",
    "import functools\nresult = functools.partial(int, '5')() + 1, functools.partial(int, '5').__call__()",
    "import functools\n"
        "key = functools.cmp_to_key(lambda a, b: (a > b) - (a < b))\n"
        "result = sorted([3, 1, 2], key=key), sorted('bca', key=key, reverse=True)",
    "import functools\nresult = sorted(['bb', 'a', 'ccc'], key=functools.cmp_to_key(lambda a, b: len(b) - len(a)))",
    "import functools\n"
        "k = functools.cmp_to_key(lambda a, b: a - b)\n"
        "result = k(1) < k(2), k(2) == k(2), k(3) >= k(4), k(1) != k(1)",
    "import functools\nk = functools.cmp_to_key(lambda a, b: a - b)\nresult = k(1) < 2",
    "import functools\nk = functools.cmp_to_key(lambda a, b: a - b)\nresult = hash(k(1))",
    "import functools\nk = functools.cmp_to_key(lambda a, b: a - b)\nresult = k(5).obj",
    "import functools\nresult = sorted([1, 'a'], key=functools.cmp_to_key(lambda a, b: a - b))",
    "import functools\nresult = max([3, 9, 2], key=functools.cmp_to_key(lambda a, b: b - a))",
    "import functools\n"
        "calls = []\n"
        "@functools.lru_cache(maxsize=2)\n"
        "def f(x):\n"
        "    calls.append(x)\n"
        "    return x * 2\n"
        "for v in [1, 2, 1, 3, 1, 2]:\n"
        "    f(v)\n"
        "result = calls, tuple(f.cache_info()), f.cache_parameters()",
    "import functools\n"
        "calls = []\n"
        "@functools.lru_cache(maxsize=None)\n"
        "def f(x):\n"
        "    calls.append(x)\n"
        "    return x\n"
        "for v in [1, 1.0, True, 2]:\n"
        "    f(v)\n"
        "result = calls, tuple(f.cache_info())",
    "import functools\n"
        "calls = []\n"
        "@functools.lru_cache(typed=True)\n"
        "def f(x):\n"
        "    calls.append(x)\n"
        "    return x\n"
        "for v in [1, 1.0, True, 1]:\n"
        "    f(v)\n"
        "result = calls, tuple(f.cache_info()), f.cache_parameters()",
    "import functools\n"
        "calls = []\n"
        "@functools.lru_cache(maxsize=0)\n"
        "def f(x):\n"
        "    calls.append(x)\n"
        "    return x\n"
        "f(1)\n"
        "f(1)\n"
        "result = calls, tuple(f.cache_info())",
    "import functools\n"
        "@functools.lru_cache\n"
        "def f(x):\n"
        "    return x\n"
        "f(1)\n"
        "f(1)\n"
        "f.cache_clear()\n"
        "f(1)\n"
        "result = tuple(f.cache_info()), f.__name__",
    "import functools\n"
        "@functools.cache\n"
        "def fib(n):\n"
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)\n"
        "result = fib(80), tuple(fib.cache_info())",
    "import functools\n"
        "@functools.lru_cache(maxsize=-5)\n"
        "def f(x):\n"
        "    return x\n"
        "f(1)\n"
        "f(1)\n"
        "result = tuple(f.cache_info())",
    "import functools\n@functools.lru_cache()\ndef f(x):\n    return x\nf([1])",
    "import functools\n"
        "@functools.lru_cache()\n"
        "def f(*a, **k):\n"
        "    return len(a) + len(k)\n"
        "result = f(1, 2), f(1, b=2), f(b=2, a=1), f(a=1, b=2), tuple(f.cache_info())",
    "import functools\nresult = functools.lru_cache(maxsize='x')",
    "import functools\n"
        "f = functools.lru_cache(maxsize=3)(len)\n"
        "result = f('ab'), f('ab'), tuple(f.cache_info()), f.__wrapped__ is len",
    "import functools\nresult = functools.lru_cache(len)('abc')",
    "import functools\n"
        "info = functools.lru_cache(len).cache_info()\n"
        "result = info.hits, info.misses, info.maxsize, info.currsize, info._fields",
    "import functools\n"
        "def g():\n"
        "    'doc'\n"
        "    return 1\n"
        "def w():\n"
        "    return g()\n"
        "functools.update_wrapper(w, g)\n"
        "result = w.__name__, w.__doc__, w.__wrapped__ is g, w()",
    "import functools\n"
        "def g():\n"
        "    'doc'\n"
        "def deco(fn):\n"
        "    @functools.wraps(fn)\n"
        "    def inner(*a):\n"
        "        return fn(*a)\n"
        "    return inner\n"
        "h = deco(g)\n"
        "result = h.__name__, h.__doc__, h.__qualname__, h.__wrapped__ is g",
    "import functools\n"
        "def g():\n"
        "    pass\n"
        "def w():\n"
        "    pass\n"
        "functools.update_wrapper(w, g, assigned=(), updated=())\n"
        "result = w.__name__, hasattr(w, '__wrapped__')",
    "import functools\nresult = functools.WRAPPER_ASSIGNMENTS, functools.WRAPPER_UPDATES",
    "import functools\n"
        "result = sorted(n for n in dir(functools) if n in ('reduce', 'partial', 'lru_cache', 'cache', 'wraps', "
        "'cmp_to_key', 'total_ordering', 'update_wrapper'))",
    # proxy: the client calls the server's functools with its own callbacks
    ("proxy", "import functools", "M.functools.reduce(lambda a, b: a + b, [1, 2, 3])"),
    ("proxy", "import functools", "M.functools.reduce(lambda a, b: a + b, ['x', 'y'], 'z')"),
    ("proxy", "import functools", "M.functools.reduce(lambda a, b: a + b, [])"),
    ("proxy", "import functools", "M.functools.reduce(lambda a, b: a / b, [1, 0])"),
    ("proxy", "import functools", "M.functools.reduce(max, range(5))"),
    ("proxy", "import functools", "M.functools.partial(int, base=16)('ff')"),
    ("proxy", "import functools", "M.functools.partial(lambda a, b: a - b, 10)(3)"),
    ("proxy", "import functools", "M.functools.partial(max, 1).args"),
    ("proxy", "import functools", "repr(M.functools.partial(int, base=2))"),
    ("proxy", "import functools", "B.sorted([3, 1, 2], key=M.functools.cmp_to_key(lambda a, b: b - a))"),
    ("proxy", "import functools\n@functools.lru_cache(maxsize=2)\ndef f(x):\n    return x * 3",
     "(ns['f'](2), ns['f'](2), tuple(ns['f'].cache_info()))"),
    ("proxy", "import functools\np = functools.partial(divmod, 17)", "ns['p'](5)"),
]

SEQS = ["[1, 2, 3]", "[]", "'abc'", "range(1, 6)", "[[1], [2]]", "[0.5, 0.25]", "(x for x in [4, 2])", "[2**64, -1]"]
REDUCERS = [
    "operator.add", "operator.mul", "operator.sub", "max", "min", "lambda a, b: a * 10 + b", "operator.truediv",
    "operator.floordiv", "lambda a, b: (a, b)", "operator.concat", "operator.mod",
]
INITIALS = ["", ", 0", ", 1", ", []", ", ''", ", None", ", 10**20"]
PARTIAL_FUNCS = [
    ("int", ["'10'", "'ff', 16", "base=2", "'11'"]),
    ("max", ["1", "3, 2", "key=abs", "-5"]),
    ("sorted", ["[3, 1]", "key=len", "reverse=True"]),
    ("pow", ["2", "2, 10", "3, 2, 5"]),
    ("str", ["b'x'", "encoding='ascii'", "5"]),
    ("divmod", ["7", "7, 2"]),
]
# fmt: on


def draw(rng):
    kind = rng.random()
    if kind < 0.5:
        seq, fn, init = rng.choice(SEQS), rng.choice(REDUCERS), rng.choice(INITIALS)
        if rng.random() < 0.1:
            return (
                "proxy",
                "import functools, operator",
                f"M.functools.reduce({fn.replace('operator.', 'M.operator.')}, {seq}{init})",
            )
        return program_or_eval(
            rng, {"functools": "functools", "operator": "operator"}, f"functools.reduce({fn}, {seq}{init})"
        )
    if kind < 0.85:
        func, args = rng.choice(PARTIAL_FUNCS)
        # Positional arguments before keywords, or the program does not compile.
        bound = ", ".join(sorted(rng.sample(args, rng.randrange(0, 3)), key=lambda a: "=" in a))
        call = ", ".join(rng.sample(args, rng.randrange(0, 2)))
        p = f"functools.partial({func}{', ' if bound else ''}{bound})"
        what = rng.choice(
            [f"p({call})", "p.args", "p.keywords", "repr(p)", f"functools.partial(p, {rng.choice(args)}).args"]
        )
        return ("exec", f"import functools\np = {p}\nresult = {what}")
    size = rng.choice(["None", "0", "1", "2", "3"])
    typed = rng.choice(["False", "True"])
    calls = [rng.choice(["1", "2", "3", "1.0", "True", "'1'"]) for _ in range(rng.randrange(1, 8))]
    body = "\n".join(f"f({c})" for c in calls)
    head = f"import functools\nseen = []\n@functools.lru_cache(maxsize={size}, typed={typed})\n"
    return ("exec", head + f"def f(x):\n    seen.append(x)\n    return x\n{body}\nresult = seen, tuple(f.cache_info())")


family("mod_functools", __doc__, lambda: programs(FIXED), draw, weight=2, suite="stdlib")
