"""list, dict, set, tuple and range: methods, mutation then repr, and the
order of small-int sets (observed only in the set_order family)."""

from cases import family

from . import pools

VALS = ["0", "1", "2", "3", "-1", "7", "'a'", "'b'", "None", "1.5", "True", "[1]", "(1, 2)", "2**64", "-0.0"]
NUMS = ["0", "1", "2", "3", "-1", "7", "1.5", "True", "2**64", "-0.0", "10"]
IDXS = ["0", "1", "-1", "2", "-2", "5", "-10", "100", "2**64"]
SLICE_PARTS = ["", "0", "1", "2", "-1", "-3", "10", "-10", "None"]
ITERS = ["[]", "[4]", "[5, 6]", "(7, 8)", "'xy'", "range(3)", "{9: 0}", "b'ab'", "iter([1, 2])", "[[0]]"]
KEYS = ["None", "abs", "str", "repr", "len", "lambda v: -v", "lambda v: (v % 3, v)", "bool"]


def _list_literal(rng, numeric):
    n = rng.randrange(0, 7)
    vals = NUMS if numeric else VALS
    return "[" + ", ".join(rng.choice(vals) for _ in range(n)) + "]"


def list_op(rng, numeric):
    v = rng.choice(NUMS if numeric else VALS)
    i = rng.choice(IDXS)
    a, b, c = rng.choice(SLICE_PARTS), rng.choice(SLICE_PARTS), rng.choice(["", "1", "2", "-1", "-2", "3", "0"])
    it = rng.choice(ITERS)
    ops = [
        f"x.append({v})",
        f"x.extend({it})",
        f"x.insert({i}, {v})",
        f"r.append(x.remove({v}))",
        "r.append(x.pop())",
        f"r.append(x.pop({i}))",
        "x.clear()",
        f"r.append(x.index({v}))",
        f"r.append(x.index({v}, {i}))",
        f"r.append(x.count({v}))",
        "x.sort()",
        "x.sort(reverse=True)",
        f"x.sort(key={rng.choice(KEYS)})",
        f"x.sort(key={rng.choice(KEYS)}, reverse={rng.choice(['True', 'False'])})",
        "x.reverse()",
        "r.append(x.copy())",
        f"x[{i}] = {v}",
        f"x[{a}:{b}] = {it}",
        f"x[{a}:{b}:{c}] = {it}",
        f"del x[{i}]",
        f"del x[{a}:{b}:{c}]",
        f"x += {it}",
        f"x *= {rng.choice(['0', '1', '2', '-1', 'True'])}",
        f"x = x + [{v}]",
        f"r.append(x[{i}])",
        "r.append(len(x))",
        f"r.append(x[{a}:{b}:{c}])",
        f"r.append({v} in x)",
        f"r.append(sorted(x, key={rng.choice(KEYS)}))",
        "r.append(list(reversed(x)))",
        "r.append(x == x[:])",
        f"r.append(x < {_list_literal(rng, numeric)})",
        "r.append(x.__len__())",
        f"r.append(x.__contains__({v}))",
    ]
    return rng.choice(ops)


def list_program(rng):
    numeric = rng.random() < 0.5
    lines = [f"x = {_list_literal(rng, numeric)}", "r = []"]
    lines += [list_op(rng, numeric) for _ in range(rng.randrange(1, 5))]
    lines.append("result = (x, r)")
    return "\n".join(lines)


# fmt: off
LIST_FIXED = [
    ("exec", "x = [1, 2, 3]\nx[1:2] = []\nresult = x"), ("exec", "x = [1, 2, 3]\nx[::2] = [9]\nresult = x"),
    ("exec", "x = [1, 2, 3, 4]\nx[::2] = 'ab'\nresult = x"), ("exec", "x = [1, 2, 3]\nx[5:] = [4]\nresult = x"),
    ("exec", "x = [1, 2, 3]\nx[-10:1] = [0]\nresult = x"), ("exec", "x = [1, 2, 3]\nx[3:0] = [9]\nresult = x"),
    ("exec", "x = [1, 2, 3]\ndel x[::-2]\nresult = x"),
    ("exec", "x = [1, 2, 3]\nx.insert(100, 4)\nx.insert(-100, 0)\nresult = x"),
    ("exec", "x = [1, 2, 3]\nx += 'ab'\nresult = x"), ("exec", "x = [1, 2, 3]\ny = x\nx += [4]\nresult = (x is y, y)"),
    ("exec", "x = [1, 2, 3]\ny = x\nx = x + [4]\nresult = (x is y, y)"),
    ("exec", "x = [[]] * 3\nx[0].append(1)\nresult = x"), ("exec", "x = [3, 1, 2]\nresult = (x.sort(), x)"),
    ("exec", "x = ['b', 'A', 'c']\nx.sort(key=str.lower)\nresult = x"),
    ("exec", "x = [(1, 'b'), (0, 'c'), (1, 'a')]\nx.sort(key=lambda t: t[0])\nresult = x"),
    ("exec", "x = [1, 'a']\nx.sort()\nresult = x"), ("exec", "x = [1, 2]\nx.remove(3)\nresult = x"),
    ("exec", "x = []\nx.pop()\nresult = x"), ("exec", "x = [1]\nx.pop(5)\nresult = x"),
    ("exec", "x = [1, 2, 1]\nresult = (x.index(1, 1), x.index(1, -1), x.count(1))"),
    ("exec", "x = [1, 2]\nresult = x.index(1, 1)"), ("exec", "x = [1, 2, 3]\nx[1:2] = 5\nresult = x"),
    ("exec", "x = [1, 2, 3]\nx[::2] = [1, 2, 3]\nresult = x"), ("exec", "x = [1, 2, 3]\nx[::0] = []\nresult = x"),
    ("exec", "x = [1, 2, 3]\nx[0], x[2] = x[2], x[0]\nresult = x"),
    ("exec", "x = [1, 2, 3]\ni = 0\ni, x[i] = 1, 9\nresult = x"), ("exec", "x = [1, 2, 3]\nx[1:1] = x\nresult = x"),
    ("exec", "x = [0] * 5\nfor i in range(5):\n    x[i] = i * i\nresult = x"), "[1, 2] * 2", "[3, 1, 2].sort()",
    "sorted([3, 1, 2], reverse=True)", "list('abc')", "list({1: 2, 3: 4})", "list(range(5, 0, -2))", "[1, 2, 3][::-1]",
    "list((1, 2)) + [3]", "[].pop()", "[1].index(2)", "len([[], []])", "[1, 2] == (1, 2)", "list()", "list(None)",
    "list(5)", "[1, [2, [3]]][1][1][0]", "[0][-2]", "[*range(3), *'ab']",
    "[1, 2, 3].__getitem__(slice(None, None, -1))", "list.__name__", "[1, 2].copy()", "max([[1, 2], [1, 3]])",
]
# fmt: on


def list_fixed():
    return list(LIST_FIXED)


def list_draw(rng):
    return ("exec", list_program(rng))


DKEYS = ["'a'", "'b'", "'c'", "1", "2", "1.0", "True", "(1, 2)", "None", "0", "-0.0", "[1]"]
DVALS = ["0", "1", "'x'", "[1]", "None", "2.5", "(0,)"]
DOTHERS = [
    "{}",
    "{'a': 9}",
    "{'z': 1, 'a': 2}",
    "[('a', 5)]",
    "[(1, 2), (3, 4)]",
    "{1: 'one'}",
    "[['k', 'v']]",
    "[1]",
    "'ab'",
]


def dict_op(rng):
    k, v, o = rng.choice(DKEYS), rng.choice(DVALS), rng.choice(DOTHERS)
    ops = [
        f"d[{k}] = {v}",
        f"r.append(d.get({k}))",
        f"r.append(d.get({k}, {v}))",
        f"r.append(d.setdefault({k}, {v}))",
        f"r.append(d.setdefault({k}))",
        f"r.append(d.pop({k}))",
        f"r.append(d.pop({k}, {v}))",
        "r.append(d.popitem())",
        f"d.update({o})",
        f"d.update(k={v})",
        f"d.update({o}, z={v})",
        f"del d[{k}]",
        "r.append(list(d.keys()))",
        "r.append(list(d.values()))",
        "r.append(list(d.items()))",
        "r.append(d.copy())",
        f"r.append({k} in d)",
        "r.append(len(d))",
        "d.clear()",
        f"r.append(d[{k}])",
        "r.append(list(reversed(d)))",
        f"d = d | {o}",
        f"d |= {o}",
        f"r.append(d == {o})",
        f"r.append(dict.fromkeys(d, {v}))",
        "r.append(sorted(d, key=repr))",
        "r.append(list(d))",
        f"r.append({k} in d.keys())",
        f"r.append(({k}, {v}) in d.items())",
        f"r.append({v} in d.values())",
        "r.append(list(zip(d, d.values())))",
        f"r.append(d.keys() & {{{k}}} == {{{k}}})",
        "r.append(len(d.items()))",
    ]
    return rng.choice(ops)


def dict_program(rng):
    n = rng.randrange(0, 5)
    pairs = ", ".join(f"{rng.choice(DKEYS[:-1])}: {rng.choice(DVALS)}" for _ in range(n))
    lines = [f"d = {{{pairs}}}", "r = []"]
    lines += [dict_op(rng) for _ in range(rng.randrange(1, 5))]
    lines.append("result = (d, r)")
    return "\n".join(lines)


# fmt: off
DICT_FIXED = [
    ("exec", "d = {'a': 1, 'b': 2}\ndel d['a']\nd['a'] = 3\nresult = d"),
    ("exec", "d = {1: 'a'}\nd[1.0] = 'b'\nd[True] = 'c'\nresult = d"), ("exec", "d = {}\nresult = d.popitem()"),
    ("exec", "d = {'a': 1, 'b': 2}\nresult = (d.popitem(), d)"), ("exec", "d = {'a': 1}\nresult = d['b']"),
    ("exec", "d = {'a': 1}\nresult = d[(1, 2)]"), ("exec", "d = {(1, 2): 3}\nresult = d[1, 2]"),
    ("exec", "d = dict(a=1)\nd.update([('b', 2)], c=3)\nresult = d"),
    ("exec", "d = {'a': 1}\nd.update([('b', 2, 3)])\nresult = d"), ("exec", "d = {'a': 1}\nd.update(1)\nresult = d"),
    ("exec", "d = {'a': [1]}\ne = d.copy()\ne['a'].append(2)\nresult = d"),
    ("exec", "d = {}\nfor w in 'the cat the hat'.split():\n    d[w] = d.get(w, 0) + 1\nresult = d"),
    ("exec", "d = {}\nfor w in 'abcab':\n    d.setdefault(w, []).append(1)\nresult = d"),
    ("exec", "d = {'b': 1, 'a': 2}\nresult = (list(d), sorted(d), sorted(d.items(), key=lambda kv: kv[1]))"),
    "dict([(1, 2), (3, 4)])", "dict(zip('ab', [1, 2]))", "dict({'a': 1}, b=2)", "dict([1, 2])", "dict(a=1, **{'b': 2})",
    "dict.fromkeys('abc')", "dict.fromkeys([1, 2], [])", "{**{'a': 1}, 'a': 2, **{'b': 3}}", "{'a': 1} | {'a': 2}",
    "{'a': 1} | [('b', 2)]", "{'a': 1}.get('a', 2)", "{}.pop('x')", "{}.pop('x', None)", "len({1: 2, 1.0: 3})",
    "sorted({1: 2}.keys() | {3})", "list({1: 2, 3: 4}.items())", "{1: 2} == {1: 2.0}",
    "{1: 2}.values() == {1: 2}.values()", "list(reversed({1: 2, 3: 4}.items()))", "{'a': 1}.__getitem__('a')",
    "dict.__name__", "{[]: 1}", "dict(((1, 2),))", "list(dict(x=1).items())", "repr({}.keys())",
    "repr({'a': 1}.values())", "repr({1: 2}.items())",
]
# fmt: on


def dict_fixed():
    return list(DICT_FIXED)


def dict_draw(rng):
    return ("exec", dict_program(rng))


# ---- sets (order never observed) ------------------------------------------

ISETS = [
    "set()",
    "{1}",
    "{1, 2}",
    "{2, 3, 4}",
    "set(range(5))",
    "{0, -1}",
    "{10, 20, 30}",
    "frozenset({1, 5})",
    "set([3, 3, 1])",
]
SSETS = ["set()", "{'a'}", "{'a', 'b'}", "{'b', 'c', 'd'}", "set('hello')", "frozenset({'x', 'a'})", "set(['ab', 'a'])"]
SET_METHODS = ["union", "intersection", "difference", "symmetric_difference"]
SET_PREDICATES = ["issubset", "issuperset", "isdisjoint"]
SET_OPS = ["|", "&", "-", "^"]
SET_CMPS = ["==", "!=", "<", "<=", ">", ">="]


def set_expr(rng):
    pool = ISETS if rng.random() < 0.6 else SSETS
    a, b = rng.choice(pool), rng.choice(pool)
    form = rng.randrange(7)
    if form == 0:
        return f"sorted({a} {rng.choice(SET_OPS)} {b})"
    if form == 1:
        extra = rng.choice(["", ", [1, 9]" if pool is ISETS else ", ['z']", ", (9,)" if pool is ISETS else ", 'q'"])
        return f"sorted({a}.{rng.choice(SET_METHODS)}({b}{extra}))"
    if form == 2:
        return f"{a}.{rng.choice(SET_PREDICATES)}({rng.choice([b, '[1, 2]', 'range(3)', 'iter([])'])})"
    if form == 3:
        return f"{a} {rng.choice(SET_CMPS)} {b}"
    if form == 4:
        return f"(type({a} {rng.choice(SET_OPS)} {b}).__name__, len({a} {rng.choice(SET_OPS)} {b}))"
    if form == 5:
        return f"{rng.choice(['1', '3', chr(39) + 'a' + chr(39), '[1]', '1.0', 'True'])} in {a}"
    return f"(len({a}), bool({a}), sorted({a}), {a} == set({b}))"


def set_op_stmt(rng, pool):
    v = rng.choice(["1", "2", "7", "-1", "1.0"] if pool is ISETS else ["'a'", "'b'", "'z'", "'hello'"])
    other = rng.choice(pool)
    ops = [
        f"s.add({v})",
        f"s.discard({v})",
        f"s.remove({v})",
        f"s |= {other}",
        f"s &= {other}",
        f"s -= {other}",
        f"s ^= {other}",
        f"s.update({other}, [{v}])",
        f"s.intersection_update({other})",
        f"s.difference_update({other})",
        f"s.symmetric_difference_update({other})",
        "s.clear()",
        "r.append(len(s))",
        f"r.append({v} in s)",
        "r.append(sorted(s.copy()))",
        f"r.append(s.isdisjoint({other}))",
    ]
    return rng.choice(ops)


def set_program(rng):
    pool = ISETS if rng.random() < 0.6 else SSETS
    start = rng.choice(pool)
    if start.startswith("frozenset"):
        start = f"set({start})"
    lines = [f"s = {start}", "r = []"]
    lines += [set_op_stmt(rng, pool) for _ in range(rng.randrange(1, 5))]
    lines.append("result = (sorted(s), r)")
    return "\n".join(lines)


# fmt: off
SET_FIXED = [
    "sorted({1, 2} | {2, 3})", "sorted(set('mississippi'))", "{1, 2} <= {1, 2, 3}", "{1, 2}.issubset([1, 2])",
    "{1}.union([2], (3,), range(4, 5)) == {1, 2, 3, 4}", "len(set([1, 1.0, True]))", "set([[]])", "{1, 2}.remove(3)",
    "set().pop()", "frozenset([1]) | {2} == {1, 2}", "type(frozenset([1]) | {2}).__name__",
    "type({2} | frozenset([1])).__name__", "{1, 2} == [1, 2]", "set('ab') == {'a', 'b'}", "set() == frozenset()",
    "{frozenset({1}), frozenset([1])} == {frozenset({1})}", "sorted({x % 3 for x in range(10)})", "{1, 2} + {3}",
    "{1, 2} - [1]", "len({(1, 2), (1, 2.0)})", "sorted({'b', 'a'}, reverse=True)", "max({'abc', 'b'})",
    "sorted({1, 2}.symmetric_difference([2, 3]))", ("exec", "s = {1, 2}\ns.add(frozenset())\nresult = len(s)"),
    ("exec", "s = {1}\nr = s.discard(5)\nresult = (r, sorted(s))"),
    ("exec", "s = set()\ns.update('abc', [1])\nresult = len(s)"),
    ("exec", "s = {1, 2, 3}\ns -= {2}\nresult = sorted(s)"),
]
# fmt: on


def set_fixed():
    return list(SET_FIXED)


def set_draw(rng):
    if rng.random() < 0.5:
        return set_expr(rng)
    return ("exec", set_program(rng))


# ---- the order of small-int sets -------------------------------------------

# fmt: off
ORDER_FIXED = [
    "repr({3, 1, 2})", "repr({5, 3, 1, 100})", "repr({1, 33, 65})", "repr({-1, -2})", "repr({-1, -2, -3, 7})",
    "repr(set(range(20, 0, -1)))", "repr({8, 16, 0, 24})", "repr({2**61 - 1, 0, 1})", "repr({2**64, 3})",
    "repr(frozenset([9, 1, 17, 25]))", "list({100, 1, 33})", "str({0, 8})", "repr({8, 0})",
    "[x for x in {40, 8, 0, 16}]", ("exec", "s = set(range(10))\ns.discard(3)\ns.add(13)\nresult = repr(s)"),
    ("exec", "s = {1, 9, 17}\nresult = (s.pop(), repr(s))"),
    ("exec", "s = set()\nfor i in range(30, 0, -3):\n    s.add(i)\nresult = list(s)"),
    ("exec", "s = set(range(100))\nfor i in range(0, 100, 2):\n    s.discard(i)\nresult = list(s)[:10]"),
    ("exec", "s = {1, 2, 3} | {100, 200}\nresult = repr(s)"), ("exec", "s = {5, 6, 7} - {6}\nresult = list(s)"),
    ("exec", "result = repr({7, 15, 23, 31} & {31, 23, 7})"), ("exec", "result = list({1, 2, 3} ^ {3, 4, 9})"),
]
# fmt: on


def order_fixed():
    return list(ORDER_FIXED)


def order_draw(rng):
    n = rng.randrange(2, 12)
    pool = list(range(-20, 70)) + [100, 128, 256, 1000, 2**32, 2**61 - 2]
    elems = [rng.choice(pool) for _ in range(n)]
    lit = "{" + ", ".join(map(str, elems)) + "}"
    form = rng.randrange(6)
    if form == 0:
        return f"repr({lit})"
    if form == 1:
        return f"list({lit})"
    if form == 2:
        return f"repr(frozenset({sorted(elems, reverse=True)}))"
    if form == 3:
        other = "{" + ", ".join(str(rng.choice(pool)) for _ in range(rng.randrange(1, 6))) + "}"
        return f"list({lit} {rng.choice(SET_OPS)} {other})"
    if form == 4:
        return ("exec", f"s = {lit}\nr = [s.pop() for _ in range(len(s) // 2)]\nresult = (r, repr(s))")
    return ("exec", f"s = set()\nfor v in {elems}:\n    s.add(v)\n    s.discard(v - 1)\nresult = repr(s)")


# ---- tuple and range --------------------------------------------------------

# fmt: off
SEQ_FIXED = [
    "(1, 2, 1).count(1)", "(1, 2).index(2)", "(1, 2).index(3)", "(1,) * 3", "(1, 2) + (3,)", "(1, 2) + [3]",
    "tuple('ab')", "tuple({1: 2})", "tuple(range(3))", "tuple()", "(1, [2])[1].append(3)",
    ("exec", "t = (1, [2])\nt[1].append(3)\nresult = t"), ("exec", "t = (1, [2])\nt[1] += [3]\nresult = t"),
    ("exec", "t = (1, 2)\nt[0] = 5\nresult = t"), ("exec", "a, b = 1, 2\na, b = b, a\nresult = (a, b)"),
    ("exec", "a, *b, c = range(5)\nresult = (a, b, c)"), ("exec", "(a, b), c = 'xy', 3\nresult = (a, b, c)"),
    ("exec", "a, b = [1, 2, 3]\nresult = a"), ("exec", "a, b, c = 'xy'\nresult = a"),
    ("exec", "*a, = 'abc'\nresult = a"), ("exec", "a = b = [1]\nb.append(2)\nresult = a"), "range(10)[2:8:2]",
    "range(10)[::-1]", "range(0, 10, 3)[-1]", "range(10)[-11]", "range(1, 10, 2).index(5)", "range(1, 10, 2).index(4)",
    "range(3).count(1)", "range(5, 1)[0]", "len(range(0, 10, 3))", "len(range(10, 0, -3))", "list(range(10, 0, -3))",
    "list(reversed(range(5)))", "range(0, 10, 0)", "range(1.5)", "range(3).start", "range(1, 10, 2).stop",
    "range(5)[1:3].step", "range(10)[3:100]", "range(-5, 5)[::3]", "7 in range(1, 10, 3)", "sum(range(101))",
    "max(range(5))", "min(range(0))", "list(range(-3, 3))[::-1]", "range(2**100)[2**99]", "range(5) == range(0, 5)",
    "list(range(0))", "tuple(range(5))[1:-1]", "range(3) + range(2)", "range(3) * 2",
]
# fmt: on
TUPLE_OPS = ["count({v})", "index({v})", "__len__()", "__contains__({v})", "__getitem__({i})"]


def seq_fixed():
    return list(SEQ_FIXED)


def seq_draw(rng):
    if rng.random() < 0.5:
        t = rng.choice(pools.TUPLES)
        op = rng.choice(TUPLE_OPS).format(v=rng.choice(VALS), i=rng.choice(IDXS))
        if rng.random() < 0.3:
            return f"{t} {rng.choice(['+', '*', '<', '==', '>='])} {rng.choice(pools.TUPLES + ['2', '[1]'])}"
        return f"{t}.{op}"
    r = rng.choice(pools.RANGES + ["range(2, 40, 7)", "range(-10, -40, -4)", "range(2**64, 2**64 + 10, 3)"])
    form = rng.randrange(6)
    if form == 0:
        return f"list({r})"
    if form == 1:
        return f"{r}[{rng.choice(IDXS)}]"
    if form == 2:
        return f"{r}[{rng.choice(SLICE_PARTS)}:{rng.choice(SLICE_PARTS)}:{rng.choice(['', '1', '2', '-1', '-3'])}]"
    if form == 3:
        return f"({rng.choice(NUMS)} in {r}, len({r}), bool({r}))"
    if form == 4:
        return f"({r}.index({rng.choice(NUMS)}), {r}.count(1))"
    return f"(list(reversed({r})), {r}.start, {r}.stop, {r}.step)"


# ---- slicing ------------------------------------------------------------------

# fmt: off
SEQS = [
    "'abcdefgh'", "b'abcdefgh'", "[0, 1, 2, 3, 4, 5, 6, 7]", "(0, 1, 2, 3, 4, 5, 6, 7)", "range(8)", "range(1, 20, 3)",
    "''", "[]", "'é日x'", "'ab'",
]
# fmt: on
BOUNDS = ["", "None", "0", "1", "3", "-1", "-3", "7", "8", "9", "-8", "-9", "100", "-100", "2**70", "-2**70", "True"]
STEPS = ["", "None", "1", "2", "3", "-1", "-2", "-3", "0", "100", "-100", "2**70"]


def slice_fixed():
    out = []
    for s in SEQS[:5]:
        out += [
            f"{s}[::-1]",
            f"{s}[::2]",
            f"{s}[-3:]",
            f"{s}[:-3]",
            f"{s}[5:2]",
            f"{s}[5:2:-1]",
            f"{s}[::0]",
            f"{s}[-100:100]",
            f"{s}[8]",
            f"{s}[-9]",
            f"{s}[1.0]",
            f"{s}['a']",
            f"{s}[None]",
            f"{s}[True]",
        ]
    out += [
        "slice(1, None, 2).indices(10)",
        "slice(-1, None, -1).indices(5)",
        "slice(None, None, -2).indices(0)",
        "slice(0, 10, 0).indices(5)",
        "slice(2**70).indices(5)",
        "slice(1, 2, 3).start",
        "slice(5).stop",
        "slice(5).start",
        "'abc'[slice(None, None, -1)]",
        "[1, 2, 3][slice(1)]",
        "'abcdef'[1:5][::-1][1:]",
        "[0, 1, 2][1:][0]",
        "'abc'[::-1][::-1]",
        "'ab'[3:]",
        "b'x'[0:1]",
        "(1,)[0:0]",
        "'abc'[1:2:None]",
        "'abc'[1.5:2]",
        "'abc'[:'b']",
        "[1, 2, 3][::2**70]",
        "'abcdef'[-2**70::2]",
        "'abc'[10**30:]",
        "range(10)[slice(2, 8, 3)]",
    ]
    return out


def slice_draw(rng):
    s = rng.choice(SEQS)
    a, b, c = rng.choice(BOUNDS), rng.choice(BOUNDS), rng.choice(STEPS)
    form = rng.randrange(5)
    if form <= 2:
        return f"{s}[{a}:{b}:{c}]"
    if form == 3:
        return f"{s}[{rng.choice(BOUNDS[1:])}]"
    return (
        f"slice({a or 'None'}, {b or 'None'}, {c or 'None'}).indices({rng.choice(['0', '1', '5', '8', '100', '-1'])})"
    )


family("list", "list methods and slice/del/augmented assignment, mutation then repr", list_fixed, list_draw, weight=4)
family("dict", "dict methods, views, update/|, order after delete and reinsert", dict_fixed, dict_draw, weight=4)
family("set", "set and frozenset operators, methods, comparisons (results sorted)", set_fixed, set_draw, weight=3)
family(
    "set_order",
    "iteration order and repr of small-int sets (CPython's hash-table order)",
    order_fixed,
    order_draw,
    weight=1,
)
family("tuple_range", "tuple methods, unpacking, range indexing/slicing/attributes", seq_fixed, seq_draw, weight=2)
family(
    "slicing",
    "slices of str/bytes/list/tuple/range with negative, None, huge and zero steps",
    slice_fixed,
    slice_draw,
    weight=3,
)
