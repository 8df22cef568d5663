"""The unmodified rpyc client's own proxy operations on server objects.

Each case runs a program on the server (``src``), then evaluates ``op`` on
the client with ``ns`` (the server's namespace, a netref) and ``B`` (the
server's builtins module). The reference is a real classic server on a
thread of the runner: what the rpyc client sees from a Python server
(where rpyc's netrefs differ from local values, as for ``netref == list``,
that difference is the reference too)."""

from cases import family

SETUPS = {
    "ints": lambda rng: "r = [" + ", ".join(str(rng.randrange(-9, 20)) for _ in range(rng.randrange(0, 7))) + "]",
    "strs": lambda rng: (
        "r = " + repr([rng.choice(["a", "bb", "C", "é", "", "xyz"]) for _ in range(rng.randrange(0, 5))])
    ),
    "dict": lambda rng: "r = " + repr({k: rng.randrange(10) for k in ["a", "b", "c", "d"][: rng.randrange(0, 5)]}),
    "nested": lambda rng: "r = [[1, 2], [3], [], [4, [5, 6]]][: " + str(rng.randrange(1, 5)) + "]",
    "iset": lambda rng: "r = set(" + repr([rng.randrange(0, 12) for _ in range(rng.randrange(0, 6))]) + ")",
}
OPS = {
    "ints": [
        "len(ns['r'])",
        "list(ns['r'])",
        "ns['r'][0]",
        "ns['r'][-1]",
        "ns['r'][1:3]",
        "ns['r'][::-1]",
        "3 in ns['r']",
        "ns['r'] == [3, 1, 2]",
        "ns['r'] != []",
        "bool(ns['r'])",
        "repr(ns['r'])",
        "str(ns['r'])",
        "[x * 2 for x in ns['r']]",
        "sorted(ns['r'])",
        "B.sorted(ns['r'])",
        "B.sorted(ns['r'], key=lambda x: -x)",
        "B.sorted(ns['r'], reverse=True)",
        "B.sum(ns['r'])",
        "sum(ns['r'])",
        "B.max(ns['r'])",
        "B.min(ns['r'], default=None)",
        "B.len(ns['r'])",
        "B.list(B.map(lambda x: x * 10, ns['r']))",
        "B.list(B.reversed(ns['r']))",
        "list(reversed(ns['r']))",
        "B.list(B.enumerate(ns['r']))",
        "B.list(B.zip(ns['r'], 'abc'))",
        "B.any(ns['r'])",
        "B.all(ns['r'])",
        "B.isinstance(ns['r'], B.list)",
        "isinstance(ns['r'], list)",
        "type(ns['r']).__name__",
        "ns['r'].count(1)",
        "ns['r'].index(3)",
        "(ns['r'].append(99), ns['r'])[1]",
        "(ns['r'].sort(), ns['r'])[1]",
        "(ns['r'].sort(key=lambda v: -v), ns['r'])[1]",
        "(ns['r'].extend([7, 8]), ns['r'])[1]",
        "(ns['r'].pop(), ns['r'])",
        "ns['r'] * 2",
        "ns['r'] + [1]",
        "[1] + ns['r']",
        "ns['r'] < [5]",
        "B.tuple(ns['r'])",
        "tuple(ns['r'])",
        "B.repr(ns['r'])",
        "B.str(ns['r'])",
        "B.hash(B.tuple(ns['r']))",
        "ns['r'].__len__()",
        "ns['r'].copy()",
        "(ns['r'].__setitem__(0, 'z'), ns['r'])[1]",
        "(ns['r'].clear(), len(ns['r']))",
        "B.list(B.filter(None, ns['r']))",
        "B.sorted(ns['r'], key=ns['keyfn'])",
        "B.list(B.map(ns['f'], ns['r']))",
        "ns['f'](ns['r'])",
        "ns['g'](lambda v: v * 3)",
    ],
    "strs": [
        "list(ns['r'])",
        "B.sorted(ns['r'])",
        "B.sorted(ns['r'], key=str.lower)",
        "B.sorted(ns['r'], key=len)",
        "'a' in ns['r']",
        "','.join(ns['r'])",
        "B.str.join('-', ns['r'])",
        "B.max(ns['r'], key=len, default='')",
        "[s.upper() for s in ns['r']]",
        "ns['r'] == []",
        "len(ns['r'])",
        "B.list(B.map(str.upper, ns['r']))",
        "B.list(B.map(ns['f'], ns['r']))",
    ],
    "dict": [
        "len(ns['r'])",
        "dict(ns['r'])",
        "list(ns['r'])",
        "list(ns['r'].keys())",
        "list(ns['r'].items())",
        "'a' in ns['r']",
        "ns['r']['a']",
        "ns['r'].get('a')",
        "ns['r'].get('zz', -1)",
        "ns['r'] == {'a': 1}",
        "B.sorted(ns['r'])",
        "B.sorted(ns['r'].items(), key=lambda kv: -kv[1])",
        "(ns['r'].__setitem__('new', 1), dict(ns['r']))[1]",
        "(ns['r'].update({'a': 100}), ns['r'])[1]",
        "(ns['r'].pop('a', None), dict(ns['r']))",
        "B.dict(ns['r'], extra=1)",
        "[k for k in ns['r']]",
        "ns['r'].copy()",
        "B.len(ns['r'])",
        "repr(ns['r'])",
        "B.list(B.zip(ns['r'], ns['r'].values()))",
        "{**ns['r']}",
        "ns['r'] | {'z': 0}",
    ],
    "nested": [
        "list(ns['r'])",
        "ns['r'][0]",
        "ns['r'][0][0]",
        "len(ns['r'][0])",
        "B.sorted(ns['r'], key=len)",
        "[len(x) for x in ns['r']]",
        "ns['r'] == [[1, 2]]",
        "(ns['r'][0].append(9), ns['r'])[1]",
        "B.sum(ns['r'], [])",
        "repr(ns['r'])",
    ],
    "iset": [
        "len(ns['r'])",
        "sorted(ns['r'])",
        "B.sorted(ns['r'])",
        "3 in ns['r']",
        "B.sorted(ns['r'] | {100})",
        "B.len(ns['r'] & {1, 2, 3})",
        "ns['r'] == {1}",
        "B.sum(ns['r'])",
        "(ns['r'].add(50), sorted(ns['r']))[1]",
        "B.sorted(ns['r'], key=lambda v: -v)",
        "B.max(ns['r'], default=None)",
        "ns['r'].issubset(B.set(B.range(20)))",
    ],
}
HELPERS = (
    "\ndef f(x, y=2):\n    return x * y\n"
    "def keyfn(v):\n    return (str(v), v)\n"
    "def g(cb):\n    return [cb(i) for i in range(3)]"
)

# fmt: off
PROXY_FIXED = [
    ("proxy", "r = [1, 2]", "ns['r'] == [1, 2]"), ("proxy", "r = [1, 2]", "[1, 2] == ns['r']"),
    ("proxy", "r = {'x': 1}", "'x' in ns['r']"), ("proxy", "r = [3, 1, 2]", "B.sorted(ns['r'], key=lambda v: -v)"),
    ("proxy", "def f(a, b=10, *c, **d):\n    return (a, b, c, sorted(d.items()))", "ns['f'](1)"),
    ("proxy", "def f(a, b=10, *c, **d):\n    return (a, b, c, sorted(d.items()))", "ns['f'](1, 2, 3, k=4)"),
    ("proxy", "def f(a):\n    return a", "ns['f']()"), ("proxy", "def f(a):\n    return 1 / a", "ns['f'](0)"),
    ("proxy", "def f(cb, xs):\n    return [cb(x) for x in xs]", "ns['f'](lambda v: v * 2, [1, 2])"),
    ("proxy", "def f(cb):\n    return cb()", "ns['f'](lambda: 1 / 0)"),
    ("proxy", "def f(x):\n    return x + 1", "B.sorted([3, 1, 2], key=ns['f'])"),
    ("proxy", "def f(x):\n    return x + 1", "B.list(B.map(ns['f'], [1, 2]))"),
    ("proxy", "fns = [lambda x, k=k: x * k for k in range(3)]", "[fn(10) for fn in ns['fns']]"),
    (
        "proxy",
        "counter = [0]\n"
        "def bump():\n"
        "    counter[0] += 1\n"
        "    return counter[0]",
        "(ns['bump'](), ns['bump'](), ns['counter'][0])",
    ),
    ("proxy", "r = 5", "ns['r']"), ("proxy", "r = (1, 'a', None)", "ns['r']"),
    ("proxy", "r = 'text'", "ns['r'].upper()"), ("proxy", "r = 2**100", "ns['r'] + 1"),
    ("proxy", "r = 1.5", "ns['r'] * 2"), ("proxy", "r = b'x'", "ns['r']"), ("proxy", "r = frozenset({1})", "ns['r']"),
    ("proxy", "r = range(3)", "list(ns['r'])"), ("proxy", "r = range(3)", "ns['r']"),
    ("proxy", "r = slice(1, 2)", "ns['r']"), ("proxy", "r = [1]", "'r' in ns"),
    ("proxy", "r = [1]", "'__builtins__' in ns"), ("proxy", "r = [1]", "ns['missing']"),
    ("proxy", "r = {'a': 1}", "ns['r']['b']"), ("proxy", "r = [1]", "ns['r'][5]"), ("proxy", "r = [1]", "ns['r'].nope"),
    ("proxy", "r = [1, 2]", "hash(ns['r'])"), ("proxy", "r = (1, 2)", "hash(ns['r'])"),
    ("proxy", "r = [1]", "B.ValueError('x').args"), ("proxy", "r = [1]", "B.int('ff', 16)"),
    ("proxy", "r = [1]", "B.divmod(7, 2)"), ("proxy", "r = [1]", "B.isinstance(1, B.int)"),
    ("proxy", "r = [1]", "B.issubclass(B.KeyError, B.LookupError)"), ("proxy", "r = [1]", "B.round(2.5)"),
    ("proxy", "r = [1]", "B.len('héllo')"), ("proxy", "r = [1]", "B.repr(B.float('nan'))"),
    ("proxy", "r = [1]", "B.list(B.range(3))"), ("proxy", "r = [1]", "B.sum([0.1] * 10)"),
    ("proxy", "r = [1]", "B.max([], default=7)"), ("proxy", "r = [1]", "B.abs(-2**70)"),
    ("proxy", "r = [1]", "B.format(1234.5, ',.1f')"), ("proxy", "r = [1]", "B.bool([])"),
    ("proxy", "r = [1]", "B.sorted({'b': 1, 'a': 2})"), ("proxy", "r = [1]", "B.str.upper('abc')"),
    ("proxy", "r = [1]", "B.chr(0x110000)"), ("proxy", "import os\nr = os.sep", "ns['r']"),
    ("proxy", "x = [1]\nr = [x, x]", "ns['r'][0] is ns['r'][1]"), ("proxy", "r = [1, 2]", "ns['r'] is ns['r']"),
    ("proxy", "r = {'a': [1]}", "ns['r']['a'].append(2) or ns['r']"),
]
# fmt: on


def proxy_fixed():
    return list(PROXY_FIXED)


def proxy_draw(rng):
    kind = rng.choice(list(SETUPS))
    op = rng.choice(OPS[kind])
    setup = SETUPS[kind](rng)
    if any(f"ns['{name}']" in op for name in ("f", "g", "keyfn")):
        setup += HELPERS
    return ("proxy", setup, op)


family(
    "proxy",
    "netrefs through the unmodified rpyc client: compare, call, iterate, mutate, callbacks both ways",
    proxy_fixed,
    proxy_draw,
    weight=3,
)
