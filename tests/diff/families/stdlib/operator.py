"""operator: every function over a pool of operand pairs of every kind
(the same rules as the operators themselves, with the errors they raise),
the in-place functions on mutable and immutable targets, itemgetter /
attrgetter / methodcaller (reprs, dotted names, tuples of items, errors),
index, length_hint, countOf/indexOf; called from the client too."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
FIXED = [
    "import operator\n"
        "result = operator.add(1, 2), operator.add('a', 'b'), operator.add([1], [2]), operator.add(1.5, True)",
    "import operator\nresult = operator.add(1, 'a')",
    "import operator\n"
        "result = operator.sub(5, 7), operator.mul('ab', 3), operator.mul(3, [0]), operator.truediv(7, 2), "
        "operator.floordiv(-7, 2), operator.mod(-7, 3)",
    "import operator\nresult = operator.truediv(1, 0)",
    "import operator\n"
        "result = operator.mod('%s-%d', ('a', 5)), operator.mod(5.5, -2), operator.pow(2, -1), operator.pow(-8, 1 / 3)",
    "import operator\nresult = operator.pow(0, -1)",
    "import operator\n"
        "result = operator.neg(5), operator.pos(-0.0), operator.abs(-2**70), operator.inv(5), operator.invert(-1), "
        "operator.not_([])",
    "import operator\nresult = operator.neg('a')",
    "import operator\nresult = operator.inv(1.5)",
    "import operator\n"
        "result = operator.lshift(1, 100), operator.rshift(-1, 5), operator.and_(12, 10), operator.or_(12, 10), "
        "operator.xor(12, 10)",
    "import operator\nresult = operator.lshift(1, -1)",
    "import operator\n"
        "result = operator.and_({1, 2}, {2, 3}), operator.or_({'a': 1}, {'b': 2}), operator.xor(True, False)",
    "import operator\nresult = operator.matmul(1, 2)",
    "import operator\n"
        "result = operator.eq(1, 1.0), operator.ne('a', 'a'), operator.lt(1, 2), operator.le([1], [1]), "
        "operator.gt('b', 'a'), operator.ge((), ())",
    "import operator\nresult = operator.lt(1, 'a')",
    "import operator\nresult = operator.eq(float('nan'), float('nan')), operator.lt(float('nan'), 1)",
    "import operator\n"
        "result = operator.is_(None, None), operator.is_not(1, None), operator.truth([0]), operator.truth(0.0)",
    "import operator\n"
        "result = operator.contains([1, 2], 2), operator.contains('abc', 'bc'), operator.contains({'a': 1}, 'a'), "
        "operator.contains(range(5), 5)",
    "import operator\nresult = operator.contains(5, 1)",
    "import operator\nresult = operator.contains('abc', 1)",
    "import operator\n"
        "result = operator.countOf([1, 2, 1, 1.0, True], 1), operator.countOf('banana', 'a'), operator.indexOf([3, 4, "
        "5], 5), operator.indexOf('abc', 'c')",
    "import operator\nresult = operator.indexOf([1, 2], 3)",
    "import operator\nresult = operator.countOf(5, 5)",
    "import operator\n"
        "result = operator.concat([1], [2]), operator.concat('a', 'b'), operator.concat((1,), (2,)), "
        "operator.concat(b'x', b'y')",
    "import operator\nresult = operator.concat(1, 2)",
    "import operator\nresult = operator.concat([1], (2,))",
    "import operator\nresult = operator.concat({'a': 1}, {'b': 2})",
    "import operator\n"
        "result = operator.getitem([1, 2, 3], 1), operator.getitem('abc', slice(None, None, -1)), "
        "operator.getitem({'a': 1}, 'a'), operator.getitem(range(10), -1)",
    "import operator\nresult = operator.getitem([1], 5)",
    "import operator\nresult = operator.getitem({}, 'k')",
    "import operator\nresult = operator.getitem(5, 0)",
    "import operator\n"
        "x = [1, 2, 3]\n"
        "operator.setitem(x, 0, 'a')\n"
        "operator.delitem(x, -1)\n"
        "operator.setitem(x, slice(1, 1), [7, 8])\n"
        "result = x",
    "import operator\nx = {'a': 1}\noperator.delitem(x, 'z')",
    "import operator\nx = (1,)\noperator.setitem(x, 0, 2)",
    "import operator\nx = [1]\ny = operator.iadd(x, [2])\nz = operator.imul(x, 2)\nresult = x, y is x, z is x",
    "import operator\nx = (1,)\ny = operator.iadd(x, (2,))\nresult = x, y",
    "import operator\n"
        "x = 5\n"
        "result = operator.iadd(x, 1), operator.isub(x, 1), operator.imul(x, 2), operator.itruediv(x, 2), "
        "operator.ifloordiv(x, 2), operator.imod(x, 3), operator.ipow(x, 2)",
    "import operator\n"
        "result = operator.ilshift(1, 3), operator.irshift(16, 2), operator.iand(6, 3), operator.ior(6, 3), "
        "operator.ixor(6, 3), operator.iconcat('a', 'b')",
    "import operator\n"
        "s = {1, 2}\n"
        "t = operator.ior(s, {3})\n"
        "u = operator.iand(s, {1, 3})\n"
        "result = sorted(s), t is s, u is s",
    "import operator\nd = {'a': 1}\ne = operator.ior(d, {'b': 2})\nresult = d, e is d",
    "import operator\nx = [1]\ny = operator.iconcat(x, (2, 3))\nresult = x, y is x",
    "import operator\nresult = operator.iconcat(1, 2)",
    "import operator\nresult = operator.iadd([1], 2)",
    "import operator\nresult = operator.index(5), operator.index(True), operator.index(-2**100)",
    "import operator\nresult = operator.index(1.5)",
    "import operator\nresult = operator.index('1')",
    "import operator\n"
        "result = operator.length_hint([1, 2, 3]), operator.length_hint(iter([1, 2, 3])), "
        "operator.length_hint(iter('abcd'))",
    "import operator\n"
        "result = operator.length_hint(iter(range(7))), operator.length_hint(iter((1, 2))), "
        "operator.length_hint(reversed([1, 2]))",
    "import operator\nit = iter([1, 2, 3])\nnext(it)\nresult = operator.length_hint(it), it.__length_hint__()",
    "import operator\n"
        "result = iter([1, 2]).__length_hint__(), iter((1,)).__length_hint__(), iter(range(3)).__length_hint__(), "
        "iter('ab').__length_hint__()",
    "import operator\n"
        "result = reversed([1, 2, 3]).__length_hint__(), iter({'a': 1}).__length_hint__(), "
            "iter(b'xyz').__length_hint__()",
    "import operator\n"
        "result = operator.length_hint(x for x in []), operator.length_hint((x for x in []), 42), "
            "operator.length_hint(5, "
        "3)",
    "import operator\n"
        "result = operator.length_hint(iter({1, 2, 3})), operator.length_hint(iter({'a': 1}.values())), "
        "operator.length_hint(iter({}.items()))",
    "import operator\nresult = operator.length_hint([], 'x')",
    "import operator\nresult = operator.length_hint([], -1)",
    "import operator\nx = [1, 2]\nit = iter(x)\nx.append(3)\nresult = operator.length_hint(it)",
    "import operator\nx = [1, 2, 3]\nit = iter(x)\nx.clear()\nresult = operator.length_hint(it), list(it)",
    "import operator\n"
        "f = operator.itemgetter(1)\n"
        "g = operator.itemgetter(0, -1)\n"
        "result = f('abc'), g([1, 2, 3]), f({1: 'x'}), g('a')",
    "import operator\nresult = operator.itemgetter(5)('abc')",
    "import operator\nresult = operator.itemgetter()",
    "import operator\n"
        "result = repr(operator.itemgetter(1)), repr(operator.itemgetter('a', 2)), "
            "repr(operator.itemgetter(slice(1, 2)))",
    "import operator\n"
        "result = operator.itemgetter(slice(None, 2))('abcd'), sorted([(1, 'b'), (0, 'c'), (2, 'a')], "
        "key=operator.itemgetter(1))",
    "import operator\n"
        "f = operator.attrgetter('real')\n"
        "g = operator.attrgetter('real', 'imag')\n"
        "result = f(3), g(1 + 2j), operator.attrgetter('__class__.__name__')(5)",
    "import operator\nresult = operator.attrgetter('nope')(5)",
    "import operator\nresult = operator.attrgetter(5)",
    "import operator\nresult = operator.attrgetter()",
    "import operator\nresult = repr(operator.attrgetter('a')), repr(operator.attrgetter('a.b', 'c'))",
    "import operator\nresult = operator.attrgetter('real.nope')(5)",
    "import operator\n"
        "f = operator.methodcaller('split', ',')\n"
        "g = operator.methodcaller('replace', 'a', 'b', 1)\n"
        "result = f('a,b'), g('aaa'), operator.methodcaller('upper')('x')",
    "import operator\n"
        "result = operator.methodcaller('split', sep='-', maxsplit=1)('a-b-c'), repr(operator.methodcaller('split', "
        "sep='-', maxsplit=1))",
    "import operator\nresult = repr(operator.methodcaller('upper')), repr(operator.methodcaller('f', 1, 'x'))",
    "import operator\nresult = operator.methodcaller('nope')(5)",
    "import operator\nresult = operator.methodcaller(5)",
    "import operator\nresult = operator.methodcaller()",
    "import operator\nresult = operator.call(max, 1, 5), operator.call(int, '10', base=2)",
    "import operator\nresult = operator.call(5)",
    "import operator\n"
        "result = operator.__add__(1, 2), operator.__getitem__('ab', 1), operator.__not__(1), operator.__index__(7)",
    "import operator\nresult = operator.add(1)",
    "import operator\nresult = operator.add(1, 2, 3)",
    "import operator\nresult = operator.add(a=1, b=2)",
    "import operator\nresult = sorted([3, 1, 2], key=operator.neg), list(map(operator.mul, [1, 2], [3, 4]))",
    "import operator, functools\n"
        "result = functools.reduce(operator.or_, [1, 2, 4]), functools.reduce(operator.concat, ['a', 'b'])",
    "import operator\nresult = operator.itemgetter(0)(iter([1]))",
    "import operator\nresult = operator.itemgetter('a', 'b')({'a': 1, 'b': 2}), operator.itemgetter(0)([[]])",
    # proxy
    ("proxy", "import operator", "M.operator.add(2, 3)"),
    ("proxy", "import operator", "M.operator.itemgetter(1)('abc')"),
    ("proxy", "import operator", "M.operator.itemgetter(0, 2)([1, 2, 3])"),
    ("proxy", "import operator", "B.sorted([(1, 'b'), (2, 'a')], key=M.operator.itemgetter(1))"),
    ("proxy", "import operator", "M.operator.attrgetter('imag')(2 + 5j)"),
    ("proxy", "import operator", "M.operator.methodcaller('upper')('abc')"),
    ("proxy", "import operator", "repr(M.operator.itemgetter(1, 'a'))"),
    ("proxy", "import operator", "M.operator.truediv(1, 0)"),
    ("proxy", "import operator", "M.operator.length_hint([1, 2, 3])"),
    ("proxy", "import operator", "M.operator.index(2.5)"),
    ("proxy", "import operator", "M.operator.indexOf([1, 2], 5)"),
    ("proxy", "import operator", "M.operator.contains([1, 2], 2)"),
    ("proxy", "import operator\nx = [1]", "(M.operator.iadd(ns['x'], [2]), list(ns['x']))[1]"),
]

OPERANDS = [
    "0", "1", "-3", "7", "2**64", "1.5", "-0.0", "float('inf')", "float('nan')", "2j", "True", "'ab'", "''", "b'x'",
    "[1, 2]", "[]", "(1,)", "{1, 2}", "frozenset({3})", "{'a': 1}", "None", "range(3)",
]
MUTABLE = ["[1, 2]", "[]", "{1, 2}", "{'a': 1}"]
BINARY = [
    "add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and_", "or_", "xor", "eq", "ne",
    "lt", "le", "gt", "ge", "contains", "concat", "getitem", "countOf", "indexOf", "is_", "is_not", "matmul",
]
UNARY = ["neg", "pos", "abs", "inv", "invert", "not_", "truth", "index", "length_hint"]
INPLACE = [
    "iadd", "isub", "imul", "itruediv", "ifloordiv", "imod", "ipow", "ilshift", "irshift", "iand", "ior", "ixor",
    "iconcat",
]


GETTERS = [
    "itemgetter(0)", "itemgetter(-1)", "itemgetter(1, 0)", "itemgetter(slice(1, None))", "itemgetter('a')",
    "attrgetter('real')", "attrgetter('imag')", "attrgetter('real', 'imag')", "attrgetter('__class__.__name__')",
    "attrgetter('__class__')", "methodcaller('upper')", "methodcaller('count', 1)", "methodcaller('index', 2)",
    "methodcaller('copy')", "methodcaller('bit_length')",
]
# fmt: on


def _sorted_if_set(expr):
    # Sets of several elements are compared sorted (their order depends on hashing).
    return f"(lambda v: sorted(v) if isinstance(v, (set, frozenset)) else v)({expr})"


def draw(rng):
    kind = rng.random()
    a, b = rng.choice(OPERANDS), rng.choice(OPERANDS)
    if kind < 0.55:
        fn = rng.choice(BINARY)
        if fn == "pow":
            # A small exponent: 2**64 ** 2**64 would not finish.
            b = rng.choice(["2", "-1", "0.5", "0", "1j"])
        expr = f"operator.{fn}({a}, {b})"
    elif kind < 0.75:
        expr = f"operator.{rng.choice(UNARY)}({a})"
    elif kind < 0.9:
        fn = rng.choice(INPLACE)
        if fn == "ipow":
            b = rng.choice(["2", "-1", "0.5"])
        x, y = _sorted_if_set("x"), _sorted_if_set("y")
        # Identity is observed for mutable targets only (for immutable ones it is CPython's caching).
        same = ", x is y" if a in MUTABLE else ""
        return ("exec", f"import operator\nx = {a}\ny = operator.{fn}(x, {b})\nresult = {x}, {y}{same}")
    else:
        getter = rng.choice(GETTERS)
        expr = f"operator.{getter}({a})"
        if rng.random() < 0.3:
            return ("proxy", "import operator", expr.replace("operator.", "M.operator."))
    return program_or_eval(rng, {"operator": "operator"}, _sorted_if_set(expr))


family("mod_operator", __doc__, lambda: programs(FIXED), draw, weight=2, suite="stdlib")
