"""itertools: every iterator over a pool of iterables (empty, strings,
ranges, generators, dicts) and arguments (negative, zero, huge, None, wrong
types), consumed whole or in part (``islice``, ``next``), their reprs,
``__length_hint__`` and ``__reduce__``-free state, laziness (what a
consumer sees after partial consumption), errors as CPython raises them;
the same iterators iterated on the client (``M.itertools``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
FIXED = [
    "import itertools as it\nresult = list(it.islice(it.count(), 5)), list(it.islice(it.count(10, -3), 4))",
    "import itertools as it\n"
        "result = list(it.islice(it.count(0.5, 0.25), 4)), list(it.islice(it.count(2**64, 2**63), 3))",
    "import itertools as it\nresult = list(it.islice(it.count(1j, 1), 2)), list(it.islice(it.count(step=-1.5), 3))",
    "import itertools as it\n"
        "result = repr(it.count()), repr(it.count(5)), repr(it.count(1, 2)), repr(it.count(1.5, 0.5)), "
            "repr(it.count(0, "
        "1.0))",
    "import itertools as it\nresult = repr(it.count(2**70, -1)), repr(it.count(step=1)), repr(it.count(0, 1))",
    "import itertools as it\nresult = it.count('a')",
    "import itertools as it\nresult = it.count(1, 'x')",
    "import itertools as it\nc = it.count(3)\nnext(c)\nresult = repr(c), next(c)",
    "import itertools as it\nresult = list(it.islice(it.cycle('abc'), 7)), list(it.cycle(''))",
    "import itertools as it\nc = it.cycle(iter([1, 2]))\nresult = [next(c) for _ in range(5)]",
    "import itertools as it\n"
        "result = list(it.repeat('x', 3)), list(it.repeat(1, 0)), list(it.repeat(1, -5)), "
        "list(it.islice(it.repeat(None), 2))",
    "import itertools as it\nresult = repr(it.repeat('x', 3)), repr(it.repeat(1)), repr(it.repeat([], -2))",
    "import itertools as it\nresult = it.repeat(1, 'x')",
    "import itertools as it\nresult = it.repeat(1, 2**64)",
    "import itertools as it\nresult = it.repeat(1, 3).__length_hint__(), it.repeat(1, -3).__length_hint__()",
    "import itertools as it\nresult = it.repeat(1).__length_hint__()",
    "import itertools as it, operator\n"
        "result = operator.length_hint(it.repeat(0, 9)), operator.length_hint(it.count(), 7)",
    "import itertools as it, operator\n"
        "result = list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([1, 2, 3, 4], operator.mul))",
    "import itertools as it\n"
        "result = list(it.accumulate([])), list(it.accumulate([], initial=5)), list(it.accumulate([1], initial=None))",
    "import itertools as it\n"
        "result = list(it.accumulate('abc')), list(it.accumulate([3, 1, 4, 1, 5], max)), list(it.accumulate([1, 2], "
        "initial=10))",
    "import itertools as it\nresult = list(it.accumulate([1, 2], lambda a, b: a * 10 + b, initial=0))",
    "import itertools as it\nresult = list(it.accumulate([1, 'a']))",
    "import itertools as it\nresult = list(it.accumulate(5))",
    "import itertools as it\nresult = list(it.accumulate([0.1] * 10))[-1]",
    "import itertools as it\n"
        "result = list(it.chain('ab', [1], (), range(2))), list(it.chain()), list(it.chain.from_iterable(['ab', "
            "'cd']))",
    "import itertools as it\nresult = list(it.chain.from_iterable([[1], [], [2, [3]]]))",
    "import itertools as it\nresult = list(it.chain(1, 2))",
    "import itertools as it\nc = it.chain([1], 5)\nresult = next(c), next(c)",
    "import itertools as it\nresult = list(it.chain.from_iterable([1]))",
    "import itertools as it\n"
        "result = list(it.compress('abcdef', [1, 0, 1, 0, 1, 1])), list(it.compress('abc', [])), list(it.compress('a', "
        "[1, 1, 1]))",
    "import itertools as it\nresult = list(it.compress(data='ab', selectors=[0, 'x']))",
    "import itertools as it\nresult = list(it.compress('ab'))",
    "import itertools as it\n"
        "result = list(it.dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])), list(it.takewhile(lambda x: x < 5, [1, 4, "
            "6, 4, "
        "1]))",
    "import itertools as it\n"
        "result = list(it.dropwhile(bool, [])), list(it.takewhile(bool, [1, 0, 1])), list(it.dropwhile(bool, [1, 0, "
            "1]))",
    "import itertools as it\nresult = list(it.takewhile(lambda x: 1 / x, [1, 0]))",
    "import itertools as it\n"
        "result = list(it.filterfalse(None, [0, 1, '', 'a', None, [], [0]])), list(it.filterfalse(lambda x: x % 2, "
        "range(7)))",
    "import itertools as it\nresult = list(it.filterfalse(None, 3))",
    "import itertools as it\nresult = [(k, list(g)) for k, g in it.groupby('AAAABBBCCDAABBB')]",
    "import itertools as it\n"
        "result = [(k, len(list(g))) for k, g in it.groupby([1, 1.0, True, 2, 2.0], key=lambda v: v)]",
    "import itertools as it\n"
        "result = [(k, list(g)) for k, g in it.groupby(['ab', 'ac', 'b', 'bd', 'a'], key=lambda s: s[0])]",
    "import itertools as it\ngroups = list(it.groupby('aabbc'))\nresult = [(k, list(g)) for k, g in groups]",
    "import itertools as it\n"
        "g = it.groupby('aaabbb')\n"
        "k1, g1 = next(g)\n"
        "k2, g2 = next(g)\n"
        "result = k1, list(g1), k2, list(g2)",
    "import itertools as it\nresult = list(it.groupby([]))",
    "import itertools as it\nresult = [k for k, g in it.groupby([3, 1, 2], key=lambda v: v > 1)]",
    "import itertools as it\n"
        "result = list(it.islice('abcdefg', 2)), list(it.islice('abcdefg', 2, 4)), list(it.islice('abcdefg', 2, "
            "None)), "
        "list(it.islice('abcdefg', 0, None, 2))",
    "import itertools as it\n"
        "result = list(it.islice('abcdefg', None)), list(it.islice('abc', None, None, None)), list(it.islice('abc', "
            "10, "
        "20))",
    "import itertools as it\nresult = list(it.islice('abc', -1))",
    "import itertools as it\nresult = list(it.islice('abc', 0, 2, 0))",
    "import itertools as it\nresult = list(it.islice('abc', 1.5))",
    "import itertools as it\nresult = list(it.islice('abc', 'x'))",
    "import itertools as it\nresult = list(it.islice('abc', 2**64))",
    "import itertools as it\nresult = list(it.islice('abc', 0, 2, -1))",
    "import itertools as it\nresult = list(it.islice('abc'))",
    "import itertools as it\nresult = list(it.islice('abcdef', True, 5, 2))",
    "import itertools as it\ni = iter(range(10))\nresult = list(it.islice(i, 2, 4)), next(i)",
    "import itertools as it\ni = iter(range(10))\nresult = list(it.islice(i, 3, 3)), next(i)",
    "import itertools as it\nresult = list(it.pairwise('abcd')), list(it.pairwise('a')), list(it.pairwise([]))",
    "import itertools as it\n"
        "result = list(it.starmap(pow, [(2, 5), (3, 2), (10, 3)])), list(it.starmap(max, ['ab', [1, 2]]))",
    "import itertools as it\nresult = list(it.starmap(pow, [1, 2]))",
    "import itertools as it\nresult = list(it.starmap(pow, [(1, 2, 3, 4)]))",
    "import itertools as it\na, b = it.tee('abc')\nresult = list(a), list(b)",
    "import itertools as it\nts = it.tee([1, 2, 3], 3)\nresult = len(ts), [list(t) for t in ts]",
    "import itertools as it\nresult = it.tee('abc', 0)",
    "import itertools as it\nresult = it.tee('abc', -1)",
    "import itertools as it\na, b = it.tee(iter([1, 2, 3]))\nresult = next(a), next(a), next(b), list(a), list(b)",
    "import itertools as it\nsrc = iter('abcd')\na, b = it.tee(src)\nnext(a)\nresult = next(src), list(a), list(b)",
    "import itertools as it\na, = it.tee('xy', 1)\nc, d = it.tee(a)\nresult = list(c), list(d)",
    "import itertools as it\n"
        "result = list(it.zip_longest('ab', 'xyz', '')), list(it.zip_longest('ab', [1], fillvalue='-'))",
    "import itertools as it\nresult = list(it.zip_longest()), list(it.zip_longest('a')), list(it.zip_longest([], []))",
    "import itertools as it\nresult = list(it.zip_longest('a', bad=1))",
    "import itertools as it\nresult = list(it.zip_longest(1, 'a'))",
    "import itertools as it\n"
        "result = list(it.product('ab', range(2))), list(it.product()), list(it.product('ab', repeat=2))",
    "import itertools as it\n"
        "result = list(it.product('ab', [], 'c')), list(it.product(repeat=3)), list(it.product('ab', repeat=0))",
    "import itertools as it\nresult = list(it.product('ab', repeat=-1))",
    "import itertools as it\nresult = list(it.product(1))",
    "import itertools as it\n"
        "result = list(it.product('ab', 'cd', repeat=2))[:5], len(list(it.product('abc', repeat=4)))",
    "import itertools as it\n"
        "result = list(it.permutations('abc')), list(it.permutations('abc', 2)), list(it.permutations('abc', 0))",
    "import itertools as it\n"
        "result = list(it.permutations('abc', 4)), list(it.permutations([])), list(it.permutations([], 1))",
    "import itertools as it\nresult = list(it.permutations('abc', -1))",
    "import itertools as it\nresult = list(it.permutations('abc', None)), list(it.permutations(range(3), r=2))",
    "import itertools as it\nresult = list(it.permutations('abc', 1.0))",
    "import itertools as it\n"
        "result = list(it.combinations('abcd', 2)), list(it.combinations('abc', 0)), list(it.combinations('abc', 4))",
    "import itertools as it\nresult = list(it.combinations('abc'))",
    "import itertools as it\nresult = list(it.combinations('abc', -1))",
    "import itertools as it\nresult = list(it.combinations(range(4), r=3)), list(it.combinations([], 0))",
    "import itertools as it\n"
        "result = list(it.combinations_with_replacement('abc', 2)), list(it.combinations_with_replacement('', 2)), "
        "list(it.combinations_with_replacement('', 0))",
    "import itertools as it\n"
        "result = list(it.combinations_with_replacement('ab', 3)), list(it.combinations_with_replacement('ab', 0))",
    "import itertools as it\nresult = list(it.combinations_with_replacement('ab', -2))",
    "import itertools as it\n"
        "result = len(list(it.combinations(range(12), 6))), len(list(it.permutations(range(7)))), "
        "sum(1 for _ in it.product(range(5), repeat=5))",
    "import itertools as it\n"
        "result = it.chain.__name__, it.islice.__name__, type(it.count()).__name__, type(it.chain()).__module__",
    "import itertools as it\nresult = isinstance(it.chain(), it.chain), iter(it.count(1)) is not None",
    "import itertools as it\nc = it.combinations('abc', 2)\nresult = iter(c) is c, next(c), list(c), list(c)",
    "import itertools as it\nx = it.islice('abc', 1)\nresult = next(x), next(x, 'end')",
    "import itertools as it\nx = it.islice('abc', 1)\nnext(x)\nnext(x)",
    "import itertools as it\nresult = next(it.permutations(''))",
    "import itertools as it\nresult = next(it.repeat('z', 0))",
    "import itertools as it\nresult = list(map(len, it.repeat('ab', 3)))",
    "import itertools as it\nresult = dict(zip(it.count(1), 'abc'))",
    "import itertools as it\nresult = sorted(n for n in dir(it) if not n.startswith('_'))",
    "import itertools as it\nresult = it.chain('a', 'b').__length_hint__()",
    "import itertools as it\nresult = list(it.accumulate(range(5), initial=2**70))[-1]",
    "import itertools as it\nresult = list(it.islice(it.cycle(it.repeat(1, 2)), 5))",
    "import itertools as it\nresult = list(it.islice(it.zip_longest(it.repeat(1, 2), it.count(), fillvalue=None), 4))",
    # proxy: the client iterates the server's iterators
    ("proxy", "import itertools", "list(M.itertools.islice(M.itertools.count(5), 3))"),
    ("proxy", "import itertools", "list(M.itertools.islice('abcdefg', 1, 6, 2))"),
    ("proxy", "import itertools", "[x for x in M.itertools.chain('ab', [1, 2])]"),
    ("proxy", "import itertools", "list(M.itertools.permutations('abc', 2))"),
    ("proxy", "import itertools", "list(M.itertools.combinations(range(4), 3))"),
    ("proxy", "import itertools", "list(M.itertools.product('ab', repeat=2))"),
    ("proxy", "import itertools", "list(M.itertools.accumulate([1, 2, 3], lambda a, b: a * b))"),
    ("proxy", "import itertools", "list(M.itertools.takewhile(lambda v: v < 3, [1, 2, 3, 1]))"),
    ("proxy", "import itertools", "list(M.itertools.filterfalse(lambda v: v % 2, range(6)))"),
    ("proxy", "import itertools", "[(k, list(g)) for k, g in M.itertools.groupby('aabbbc')]"),
    ("proxy", "import itertools", "list(M.itertools.starmap(lambda a, b: a - b, [(5, 1), (2, 7)]))"),
    ("proxy", "import itertools", "list(M.itertools.zip_longest('ab', 'xyz', fillvalue='?'))"),
    ("proxy", "import itertools", "list(M.itertools.islice('abc', -1))"),
    ("proxy", "import itertools", "list(M.itertools.combinations('abc', -1))"),
    ("proxy", "import itertools", "repr(M.itertools.count(3, 2))"),
    ("proxy", "import itertools", "list(M.itertools.repeat('x', 3))"),
    ("proxy", "import itertools", "list(M.itertools.pairwise([1, 2, 3]))"),
    ("proxy", "import itertools", "list(M.itertools.chain.from_iterable(['ab', 'c']))"),
    ("proxy", "import itertools", "[list(t) for t in M.itertools.tee('abc', 2)]"),
    ("proxy", "import itertools\nc = itertools.count()", "(next(ns['c']), next(ns['c']), next(ns['c']))"),
    ("proxy", "import itertools\nc = itertools.islice('ab', 5)",
     "(next(ns['c']), next(ns['c']), next(ns['c'], 'done'))"),
    ("proxy", "import itertools\nc = itertools.islice('a', 5)", "(next(ns['c']), next(ns['c']))"),
    ("proxy", "import itertools\nc = itertools.cycle('ab')", "[next(ns['c']) for _ in range(5)]"),
    ("proxy", "import itertools", "list(M.itertools.compress('abcd', [True, False, 1, 0]))"),
    ("proxy", "import itertools", "B.sorted(M.itertools.chain([3, 1], [2]), key=lambda v: -v)"),
]

ITERABLES = [
    "''", "'a'", "'abc'", "'aabbbc'", "[]", "[1]", "[3, 1, 2]", "[1, 1, 2, 3, 3]", "range(5)", "range(0)",
    "(x * x for x in range(4))", "iter([0, '', None, 1])", "{'k': 1, 'j': 2}", "b'xy'", "(1.5, -0.0, 2)",
    "[[1], [2, 3], []]", "['ab', 'c', '', 'de']", "[0, 0, 1, 0]", "range(-3, 3)", "[True, False, True]",
]
R_ARGS = ["0", "1", "2", "3", "4", "-1", "None", "1.5", "'2'"]
SLICE_ARGS = [
    "0", "1", "2", "5", "-1", "None", "100", "1.0", "2, 5", "1, None, 2", "0, 10, 3", "3, 1", "None, None, 0",
    "5, 2, -1",
]
PREDS = ["bool", "None", "lambda v: v", "lambda v: not v", "str", "lambda v: v in 'ab'", "lambda v: len(str(v)) < 2"]
NUMS = ["[1, 2, 3, 4]", "[5, -1, 0.5, 2**65]", "[]", "range(1, 7)", "[2.5, 1e308, 1e308]", "[1, 2j]", "[True, True, 2]"]
FUNCS = ["None", "operator.mul", "max", "min", "operator.sub", "lambda a, b: a * 2 + b", "operator.truediv", "pow"]

STAR_ARGS = ["[(1, 2), (3, 4)]", "[(2, 0)]", "[]", "zip(range(3), range(3))", "[(0, 0)]", "['ab', 'cd']", "[5]"]
# fmt: on


def _consume(expr, rng):
    way = rng.random()
    if way < 0.65:
        return f"list({expr})"
    if way < 0.8:
        return f"list(it.islice({expr}, {rng.choice(['0', '1', '3', '7'])}))"
    if way < 0.9:
        return f"next({expr}, 'END')"
    return f"[x for x in {expr}][{rng.choice(['0', '-1', ':2'])}]"


def draw(rng):
    kind = rng.randrange(16)
    a, b = rng.choice(ITERABLES), rng.choice(ITERABLES)
    if kind == 0:
        e = f"it.permutations({a}, {rng.choice(R_ARGS)})" if rng.random() < 0.7 else f"it.permutations({a})"
    elif kind == 1:
        e = f"it.combinations({a}, {rng.choice(R_ARGS)})"
    elif kind == 2:
        e = f"it.combinations_with_replacement({a}, {rng.choice(R_ARGS)})"
    elif kind == 3:
        e = f"it.product({a}, {b}" + rng.choice([")", ", repeat=2)", ", repeat=0)", ", repeat=-1)"])
    elif kind == 4:
        e = f"it.islice({a}, {rng.choice(SLICE_ARGS)})"
    elif kind == 5:
        e = f"it.accumulate({rng.choice(NUMS)}, {rng.choice(FUNCS)}" + rng.choice(
            [")", ", initial=0)", ", initial=None)", ", initial='s')"]
        )
    elif kind == 6:
        e = f"it.chain({a}, {b})" if rng.random() < 0.6 else f"it.chain.from_iterable([{a}, {b}])"
    elif kind == 7:
        e = f"it.compress({a}, {b})"
    elif kind == 8:
        e = f"it.{rng.choice(['dropwhile', 'takewhile'])}({rng.choice(PREDS)}, {a})"
    elif kind == 9:
        e = f"it.filterfalse({rng.choice(PREDS)}, {a})"
    elif kind == 10:
        key = rng.choice(["", ", key=bool", ", key=str", ", key=lambda v: v", ", None"])
        return program_or_eval(rng, {"it": "itertools"}, f"[(k, list(g)) for k, g in it.groupby({a}{key})]")
    elif kind == 11:
        e = f"it.zip_longest({a}, {b}" + rng.choice([")", ", fillvalue=0)", f", {rng.choice(ITERABLES)})"])
    elif kind == 12:
        e = f"it.pairwise({a})"
    elif kind == 13:
        e = f"it.starmap({rng.choice(['pow', 'max', 'operator.add', 'divmod'])}, {rng.choice(STAR_ARGS)})"
    elif kind == 14:
        n = rng.choice(["0", "1", "2", "3"])
        return ("exec", f"import itertools as it\nts = it.tee({a}, {n})\nresult = [list(t) for t in ts]")
    else:
        e = f"it.cycle({a})"
        return program_or_eval(rng, {"it": "itertools"}, f"list(it.islice({e}, {rng.choice(['0', '4', '9'])}))")
    consumed = _consume(e, rng)
    if rng.random() < 0.12:
        # The client iterates the server's iterator.
        return (
            "proxy",
            "import itertools as it, operator",
            "list(" + e.replace("it.", "M.itertools.").replace("operator.", "M.operator.") + ")",
        )
    return program_or_eval(rng, {"it": "itertools", "operator": "operator"}, consumed)


family("mod_itertools", __doc__, lambda: programs(FIXED), draw, weight=3, suite="stdlib")
