"""collections: Counter, OrderedDict, defaultdict, deque, namedtuple,
ChainMap and UserDict/UserList/UserString — hand-picked hard cases (arithmetic of Counters, deque bounds and
rotation, namedtuple's validation and class attributes, order-sensitive
equality) and random operation sequences on each container, every step's
return value or exception recorded; results by value (the client's own
classes), server-side reprs, and the same containers driven from the client
(``M.collections``)."""

from cases import family

from .seqs import op_program, programs

# fmt: off
FIXED = [
    # Counter
    "from collections import Counter\nresult = Counter('abracadabra')",
    "from collections import Counter\nresult = Counter('abracadabra').most_common(3)",
    "from collections import Counter\nresult = Counter('abracadabra').most_common()",
    "from collections import Counter\nresult = Counter('abracadabra').most_common(0), Counter('ab').most_common(-1)",
    "from collections import Counter\nresult = Counter('abracadabra').most_common(100)",
    "from collections import Counter\nresult = Counter('abc').most_common('2')",
    "from collections import Counter\nresult = Counter('zyzyx').most_common(None)",
    "from collections import Counter\nresult = Counter({'a': 3, 'b': -2, 'c': 0})",
    "from collections import Counter\nresult = Counter(a=1, b=2), Counter({'a': 1}, b=5)",
    "from collections import Counter\nresult = Counter(['x', 'y', 'x'], ['z'])",
    "from collections import Counter\nresult = Counter(5)",
    "from collections import Counter\nresult = Counter()['missing'], len(Counter())",
    "from collections import Counter\nc = Counter('aab')\nc['zz']\nresult = c, 'zz' in c",
    "from collections import Counter\nc = Counter('aab')\ndel c['nope']\ndel c['a']\nresult = c",
    "from collections import Counter\nresult = sorted(Counter({'a': 2, 'b': 0, 'c': -1, 'd': 3}).elements())",
    "from collections import Counter\nresult = list(Counter({'a': 2.0}).elements())",
    "from collections import Counter\nresult = list(Counter({'a': 2**70}).elements())[:1]",
    "from collections import Counter\nc = Counter('aabbb')\nc.subtract('abz')\nresult = c",
    "from collections import Counter\nc = Counter('aabbb')\nc.subtract({'a': 5}, b=1)\nresult = c",
    "from collections import Counter\n"
        "c = Counter('ab')\n"
        "c.update('bc')\n"
        "c.update({'a': -3})\n"
        "c.update(d=2)\n"
        "result = c",
    "from collections import Counter\nc = Counter('ab')\nc.update(Counter('bbb'))\nresult = c",
    "from collections import Counter\nc = Counter()\nc.update(5)\nresult = c",
    "from collections import Counter\nresult = Counter('aab').total(), Counter({'a': 1.5, 'b': -1}).total()",
    "from collections import Counter\nresult = Counter('aab') + Counter('bcc')",
    "from collections import Counter\nresult = Counter('aab') - Counter('abbc')",
    "from collections import Counter\nresult = Counter('aab') | Counter('abbc')",
    "from collections import Counter\nresult = Counter('aab') & Counter('abbc')",
    "from collections import Counter\n"
        "result = +Counter({'a': 1, 'b': -1, 'c': 0}), -Counter({'a': 1, 'b': -1, 'c': 0})",
    "from collections import Counter\nresult = Counter('a') + {'a': 1}",
    "from collections import Counter\nresult = Counter('a') + 1",
    "from collections import Counter\nresult = Counter('a') * 2",
    "from collections import Counter\nc = Counter('aab')\nc += Counter({'a': -5, 'z': 1})\nresult = c",
    "from collections import Counter\nc = Counter('aab')\nc -= Counter('a')\nresult = c",
    "from collections import Counter\nc = Counter({'a': 1, 'b': 3})\nc |= Counter({'a': 2, 'c': -1})\nresult = c",
    "from collections import Counter\nc = Counter({'a': 1, 'b': 3})\nc &= Counter({'a': 2, 'b': 1})\nresult = c",
    "from collections import Counter\nc = Counter('ab')\nc += 'a'\nresult = c",
    "from collections import Counter\nresult = Counter('ab') == Counter('ba'), Counter(a=1, b=0) == Counter(a=1)",
    "from collections import Counter\nresult = Counter('ab') == {'a': 1, 'b': 1}, Counter('a') != Counter('b')",
    "from collections import Counter\n"
        "result = Counter('ab') <= Counter('aab'), Counter('ab') < Counter('ab'), Counter('aab') >= Counter('b')",
    "from collections import Counter\nresult = Counter('ab') > Counter('a'), Counter() < Counter(a=0)",
    "from collections import Counter\nresult = Counter('a') <= {'a': 1}",
    "from collections import Counter\nresult = repr(Counter()), repr(Counter('bba')), str(Counter({'x': 2.5}))",
    "from collections import Counter\nresult = repr(Counter({'a': [1]})), repr(Counter({1: 'x', 2: 'y'}))",
    "from collections import Counter\nresult = Counter.fromkeys('abc')",
    "from collections import Counter\nresult = Counter('aab').copy(), type(Counter('a').copy()).__name__",
    "from collections import Counter\nresult = isinstance(Counter(), dict), issubclass(Counter, dict)",
    "from collections import Counter\nresult = dict(Counter('hello')), list(Counter('hello'))",
    "from collections import Counter\nresult = sorted(Counter('hello').items()), list(Counter('hello').values())",
    "from collections import Counter\nc = Counter('aab')\nresult = c.pop('a'), c.pop('q', 7), c.setdefault('q', 4), c",
    "from collections import Counter\nresult = Counter('aab') | {'c': 1}",
    "from collections import Counter\nresult = Counter([1, 1.0, True])",
    "from collections import Counter\nresult = Counter([[1]])",
    "from collections import Counter\nresult = Counter(words=3).most_common(1)[0]",
    "from collections import Counter\nresult = Counter('abc', 'd')",
    # OrderedDict
    "from collections import OrderedDict\nresult = OrderedDict([('b', 1), ('a', 2)])",
    "from collections import OrderedDict\nresult = OrderedDict(b=1, a=2), OrderedDict()",
    "from collections import OrderedDict\n"
        "d = OrderedDict.fromkeys('abcde')\n"
        "d.move_to_end('b')\n"
        "d.move_to_end('d', last=False)\n"
        "result = list(d)",
    "from collections import OrderedDict\nd = OrderedDict.fromkeys('abc')\nd.move_to_end('z')",
    "from collections import OrderedDict\n"
        "d = OrderedDict.fromkeys('abc', 0)\n"
        "result = d.popitem(), d.popitem(last=False), d",
    "from collections import OrderedDict\nOrderedDict().popitem()",
    "from collections import OrderedDict\nOrderedDict().popitem(last=False)",
    "from collections import OrderedDict\n"
        "result = OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == {'b': 2, 'a': 1}",
    "from collections import OrderedDict\n"
        "result = OrderedDict(a=1) != OrderedDict(a=1), OrderedDict(a=1, b=2) != OrderedDict(b=2, a=1)",
    "from collections import OrderedDict\n"
        "result = list(reversed(OrderedDict.fromkeys('abc'))), list(reversed(OrderedDict(a=1).items()))",
    "from collections import OrderedDict\n"
        "result = list(reversed(OrderedDict(a=1, b=2).values())), list(reversed(OrderedDict(a=1, b=2).keys()))",
    "from collections import OrderedDict\n"
        "result = repr(OrderedDict()), repr(OrderedDict(a=[1])), str(OrderedDict(x=1))",
    "from collections import OrderedDict\nresult = OrderedDict(a=1) | {'b': 2}, {'b': 2} | OrderedDict(a=1)",
    "from collections import OrderedDict\nd = OrderedDict(a=1)\nd |= [('c', 3), ('a', 0)]\nresult = d",
    "from collections import OrderedDict\n"
        "d = OrderedDict(a=1, b=2)\n"
        "result = d.pop('a'), d.pop('a', None), d.setdefault('c', 5), d",
    "from collections import OrderedDict\nd = OrderedDict(a=1, b=2)\nd.pop('zz')",
    "from collections import OrderedDict\nd = OrderedDict(a=1, b=2, c=3)\ndel d['b']\nd['b'] = 9\nresult = d",
    "from collections import OrderedDict\nd = OrderedDict(a=1, b=2)\nd['a'] = 5\nresult = list(d.items())",
    "from collections import OrderedDict\nd = OrderedDict(a=1, b=2)\nd.update([('c', 1)], a=7)\nresult = d",
    "from collections import OrderedDict\nd = OrderedDict(a=1)\nresult = d.copy(), type(d.copy()).__name__",
    "from collections import OrderedDict\nd = OrderedDict.fromkeys('ab')\nfor k in d:\n    d['x'] = 1",
    "from collections import OrderedDict\nresult = OrderedDict([(1, 'a'), (1.0, 'b'), (True, 'c')])",
    "from collections import OrderedDict\nresult = OrderedDict([1, 2])",
    "from collections import OrderedDict\n"
        "d = OrderedDict.fromkeys('abcd')\n"
        "d.move_to_end('a', False)\n"
        "d.move_to_end('d', True)\n"
        "result = list(d)",
    # defaultdict
    "from collections import defaultdict\nd = defaultdict(list)\nd['a'].append(1)\nd['b']\nresult = d",
    "from collections import defaultdict\nd = defaultdict(int)\nfor ch in 'mississippi':\n    d[ch] += 1\nresult = d",
    "from collections import defaultdict\nd = defaultdict(int)\nresult = d.get('x'), 'x' in d, d",
    "from collections import defaultdict\nd = defaultdict()\nd['x']",
    "from collections import defaultdict\nd = defaultdict(None, a=1)\nresult = d, d.default_factory",
    "from collections import defaultdict\nresult = defaultdict(1)",
    "from collections import defaultdict\nresult = defaultdict(list, [('a', [1])], b=[2])",
    "from collections import defaultdict\n"
        "result = repr(defaultdict(int)), repr(defaultdict(None)), repr(defaultdict(list, a=[]))",
    "from collections import defaultdict\n"
        "d = defaultdict(set)\n"
        "d['a'].add(1)\n"
        "result = d.copy(), type(d.copy()).__name__",
    "from collections import defaultdict\n"
        "d = defaultdict(int, a=1)\n"
        "result = d | {'b': 2}, type(d | {'b': 2}).__name__",
    "from collections import defaultdict\n"
        "d = defaultdict(int, a=1)\n"
        "result = {'b': 2} | d, type({'b': 2} | d).__name__",
    "from collections import defaultdict\nd = defaultdict(str)\nresult = d.__missing__('k'), d",
    "from collections import defaultdict\nd = defaultdict(int)\nd.default_factory = list\nd['a'].append(3)\nresult = d",
    "from collections import defaultdict\nd = defaultdict(int)\nresult = d.setdefault('a'), d.pop('zz', 0), d",
    "from collections import defaultdict\nresult = defaultdict(int) == {}, defaultdict(int, a=1) == {'a': 1}",
    "from collections import defaultdict\nd = defaultdict(lambda: 'dflt')\nd['k']\nresult = dict(d)",
    "from collections import defaultdict\nd = defaultdict(int)\nd[[1]]",
    "from collections import defaultdict\nd = defaultdict(lambda: 1 / 0)\nd['k']",
    "from collections import defaultdict\nresult = defaultdict.fromkeys('ab', 1)",
    # deque
    "from collections import deque\nresult = deque('abc'), deque(), deque(range(5), maxlen=3)",
    "from collections import deque\nresult = deque([1, 2], maxlen=0)",
    "from collections import deque\nresult = deque([1], maxlen=-1)",
    "from collections import deque\nresult = deque([1], maxlen=1.5)",
    "from collections import deque\nresult = deque(maxlen=2**64)",
    "from collections import deque\nresult = deque(1)",
    "from collections import deque\nd = deque([1, 2, 3], maxlen=3)\nd.append(4)\nd.appendleft(0)\nresult = d, d.maxlen",
    "from collections import deque\nd = deque(maxlen=3)\nd.extend(range(10))\nresult = d",
    "from collections import deque\nd = deque(maxlen=3)\nd.extendleft(range(10))\nresult = d",
    "from collections import deque\nd = deque([1])\nd.extendleft('abc')\nresult = d",
    "from collections import deque\nd = deque([1, 2])\nd.extend(d)\nresult = d",
    "from collections import deque\nd = deque([1, 2])\nd.extendleft(d)\nresult = d",
    "from collections import deque\n"
        "d = deque(range(6))\n"
        "d.rotate(2)\n"
        "a = list(d)\n"
        "d.rotate(-5)\n"
        "b = list(d)\n"
        "d.rotate(6 * 10**6 + 1)\n"
        "result = a, b, d",
    "from collections import deque\nd = deque()\nd.rotate(5)\nresult = d",
    "from collections import deque\nd = deque([1])\nd.rotate(2**64)",
    "from collections import deque\nd = deque([1])\nd.rotate('x')",
    "from collections import deque\ndeque().pop()",
    "from collections import deque\ndeque().popleft()",
    "from collections import deque\nd = deque([1, 2, 3], maxlen=3)\nd.insert(1, 'x')",
    "from collections import deque\nd = deque([1, 2, 3], maxlen=4)\nd.insert(-1, 'x')\nd.insert(100, 'y')\nresult = d",
    "from collections import deque\nd = deque([1, 2, 3])\nd.insert(-100, 'x')\nresult = d",
    "from collections import deque\nd = deque('abcb')\nresult = d.index('b'), d.index('b', 2), d.index('a', -4, -1)",
    "from collections import deque\nd = deque('abc')\nd.index('z')",
    "from collections import deque\nd = deque('abc')\nd.index('a', 1)",
    "from collections import deque\nd = deque('abcb')\nd.remove('b')\nresult = d",
    "from collections import deque\nd = deque('abc')\nd.remove('z')",
    "from collections import deque\nd = deque([1, 2.0, True, 1])\nresult = d.count(1), d.count(2), d.count('x')",
    "from collections import deque\nd = deque('abcd')\nresult = d[0], d[-1], d[2], d[-4]",
    "from collections import deque\ndeque('abc')[3]",
    "from collections import deque\ndeque()[0]",
    "from collections import deque\ndeque('abc')[-4]",
    "from collections import deque\ndeque('abc')[1:2]",
    "from collections import deque\ndeque('abc')['a']",
    "from collections import deque\nd = deque('abcd')\nd[1] = 'X'\ndel d[-1]\nresult = d",
    "from collections import deque\nd = deque('ab')\ndel d[5]",
    "from collections import deque\nd = deque('ab')\nd[2] = 1",
    "from collections import deque\n"
        "result = deque('ab') + deque('cd'), deque('ab') * 2, 3 * deque([0]), deque('ab') * -1",
    "from collections import deque\nresult = deque([1, 2], maxlen=3) * 3, deque([1, 2], maxlen=3) + deque([3, 4])",
    "from collections import deque\nresult = deque('ab') + 'cd'",
    "from collections import deque\nresult = deque('ab') + ['c']",
    "from collections import deque\nd = deque('ab')\nd += 'cd'\nd *= 2\nresult = d",
    "from collections import deque\nd = deque('ab', maxlen=3)\nd += 'cd'\nresult = d",
    "from collections import deque\n"
        "result = deque([1, 2]) == deque([1, 2]), deque([1]) == [1], deque([1, 2]) < deque([1, 3]), deque() <= deque()",
    "from collections import deque\nresult = deque([1, 2], maxlen=2) == deque([1, 2]), deque([2]) > deque([1, 5])",
    "from collections import deque\nresult = deque([1]) < [2]",
    "from collections import deque\n"
        "result = repr(deque()), repr(deque('ab', maxlen=5)), str(deque([None])), repr(deque(maxlen=0))",
    "from collections import deque\nd = deque([1])\nd.append(d)\nresult = repr(d)",
    "from collections import deque\n"
        "d = deque('abc')\n"
        "d.reverse()\n"
        "c = d.copy()\n"
        "d.clear()\n"
        "result = c, d, len(c), bool(d)",
    "from collections import deque\nresult = 'b' in deque('abc'), 'z' in deque('abc'), list(reversed(deque('abc')))",
    "from collections import deque\nd = deque('abc')\nfor x in d:\n    d.append(x)",
    "from collections import deque\nd = deque('abc')\nfor x in d:\n    d[0] = 'z'\nresult = d",
    "from collections import deque\nd = deque('abc')\nit = iter(d)\nnext(it)\nd.pop()\nnext(it)",
    "from collections import deque\nresult = deque('ab').maxlen, deque('ab', 4).maxlen",
    "from collections import deque\nd = deque('ab')\nd.maxlen = 3",
    "from collections import deque\nresult = hash(deque())",
    "from collections import deque\n"
        "d = deque(range(100))\n"
        "d.rotate(37)\n"
        "result = d.index(0), d[0], d[-1], d.popleft(), d.pop(), len(d)",
    "from collections import deque\nresult = deque('abc', 2).copy(), deque(deque('ab', 1))",
    "from collections import deque\nresult = deque(x * x for x in range(4))",
    "from collections import deque\n"
        "result = isinstance(deque(), list), type(deque()).__name__, type(deque()).__module__",
    # namedtuple
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "p = P(1, 2)\n"
        "result = tuple(p), p._asdict(), p._fields, P._fields",
    "from collections import namedtuple\n"
        "P = namedtuple('P', ['x', 'y'])\n"
        "result = repr(P(1, y='a')), str(P(x=[], y=None))",
    "from collections import namedtuple\nP = namedtuple('P', 'x, y,z')\nresult = P._fields",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = P(1, 2) == (1, 2), P(1, 2) < (1, 3), hash(P(1, 2)) == hash((1, 2)), isinstance(P(1, 2), tuple)",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "p = P(3, 4)\n"
        "a, b = p\n"
        "result = a, b, p[0], p[-1], p[:1], len(p), p.x + p.y, p.index(4), p.count(3)",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = tuple(P._make([5, 6])), tuple(P._make(iter('ab')))",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP._make([1])",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP._make([1, 2, 3])",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = tuple(P(1, 2)._replace(y=5)), tuple(P(1, 2)._replace())",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, 2)._replace(z=5)",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1)",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, 2, 3)",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, 2, z=3)",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nP(1, x=2)",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y z', defaults=[2, 3])\n"
        "result = tuple(P(1)), tuple(P(1, z=9)), P._field_defaults",
    "from collections import namedtuple\nP = namedtuple('P', 'x y', defaults=[1, 2, 3])",
    "from collections import namedtuple\nP = namedtuple('P', 'x y', defaults=None)\nresult = P._field_defaults",
    "from collections import namedtuple\nP = namedtuple('P', 'x def _y x 1a', rename=True)\nresult = P._fields",
    "from collections import namedtuple\nnamedtuple('P', 'x def')",
    "from collections import namedtuple\nnamedtuple('P', 'x x')",
    "from collections import namedtuple\nnamedtuple('P', '_x')",
    "from collections import namedtuple\nnamedtuple('P', '1x')",
    "from collections import namedtuple\nnamedtuple('1P', 'x')",
    "from collections import namedtuple\nnamedtuple('P', 'x-y')",
    "from collections import namedtuple\nnamedtuple('P', 5)",
    "from collections import namedtuple\nP = namedtuple('P', '')\nresult = tuple(P()), P._fields, repr(P())",
    "from collections import namedtuple\n"
        "P = namedtuple('Point', 'x y', module='geo')\n"
        "result = P.__name__, P.__module__, P.__qualname__",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = P.__doc__, P.x.__doc__, type(P.x).__name__",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = P.x.__get__(P(7, 8)), P.y.__get__(P(7, 8))",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\np = P(1, 2)\np.x = 5",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\np = P(1, 2)\np.z",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = (1, 2) in {P(1, 2)}, P(1, 2) in {(1, 2)}, {P(1, 2): 'a'}[(1, 2)], {(1, 2): 'b'}[P(1, 2)]",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = (1, 2) in {P(1, 2): 0}, P(1, 2) in [(1, 2)], (1, 2) in frozenset([P(1, 2)])",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "s = {P(1, 2)}\n"
        "s.discard((1, 2))\n"
        "result = len(s), len({P(1, 2), (1, 2)})",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = P(1, 2) + (3,), P(1, 2) * 2, type(P(1, 2) + (3,)).__name__",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = sorted([P(2, 1), P(1, 2), (1, 1)]), max(P(1, 2), P(1, 3))",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = dict(P(1, 2)._asdict()), type(P(1, 2)._asdict()).__name__",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "Q = namedtuple('Q', P._fields + ('z',))\n"
        "result = Q._fields, tuple(Q(*P(1, 2), 3))",
    "from collections import namedtuple\n"
        "P = namedtuple('P', 'x y')\n"
        "result = P(1, 2) == P(1, 2), P(1, 2) == namedtuple('Q', 'a b')(1, 2)",
    "from collections import namedtuple\nP = namedtuple('P', 'x y')\nresult = repr(P(P(1, 2), [3]))",
    # ChainMap
    "from collections import ChainMap\n"
        "c = ChainMap({'a': 1}, {'a': 2, 'b': 3})\n"
        "result = c['a'], c['b'], c.get('z'), len(c), list(c), c.maps",
    "from collections import ChainMap\nc = ChainMap({'a': 1}, {'b': 2})\nc['b'] = 5\nc['z'] = 0\nresult = c.maps",
    "from collections import ChainMap\nc = ChainMap({'a': 1}, {'b': 2})\ndel c['b']",
    "from collections import ChainMap\nc = ChainMap({'a': 1}, {'b': 2})\nc['zz']",
    "from collections import ChainMap\n"
        "c = ChainMap({'a': 1}, {'b': 2})\n"
        "result = c.new_child().maps, c.new_child({'q': 0}).maps, c.parents.maps",
    "from collections import ChainMap\n"
        "c = ChainMap({'a': 1}, {'b': 2, 'a': 0})\n"
        "result = repr(c), dict(c), sorted(c.items()), 'b' in c",
    "from collections import ChainMap\nc = ChainMap()\nresult = c.maps, len(c), bool(c), c.pop('x', 'd')",
    "from collections import ChainMap\nc = ChainMap({}, {'a': 1})\nc.pop('a')",
    "from collections import ChainMap\nc = ChainMap({}, {'a': 1})\nc.popitem()",
    "from collections import ChainMap\nc = ChainMap({'x': 1}, {'a': 1})\nresult = c.popitem(), c.maps",
    "from collections import ChainMap\nresult = list(ChainMap({'c': 1}, {'b': 2}, {'a': 3, 'c': 4}))",
    "from collections import ChainMap\nresult = ChainMap({'a': 1}) | {'b': 2}, type(ChainMap() | {}).__name__",
    "from collections import ChainMap\nresult = ChainMap({'a': 1}, {'b': 2}) == {'a': 1, 'b': 2}",
    # UserDict, UserList, UserString
    "from collections import UserDict\n"
        "u = UserDict({'a': 1}, b=2)\n"
        "result = u, u.data, len(u), u['a'], 'b' in u, sorted(u)",
    "from collections import UserDict\nresult = UserDict({'a': 1})",
    "from collections import UserDict\nresult = UserDict()['missing']",
    "from collections import UserDict\nresult = UserDict([1])",
    "from collections import UserDict\nresult = UserDict({}, {})",
    "from collections import UserDict\n"
        "u = UserDict(a=1, b=2)\n"
        "result = u.pop('a'), u.pop('z', 0), u.setdefault('c', 3), u.get('z'), u.popitem(), u",
    "from collections import UserDict\nresult = UserDict().popitem()",
    "from collections import UserDict\n"
        "u = UserDict(a=1)\n"
        "result = u | {'b': 2}, {'b': 2} | u, u == {'a': 1}, u != UserDict(a=2), type(u | {}).__name__",
    "from collections import UserDict\nresult = UserDict(a=1) < UserDict(a=1)",
    "from collections import UserDict\nu = UserDict(a=1)\nu |= [('b', 2)]\nu.update(c=3)\nresult = u, u.copy()",
    "from collections import UserDict\nresult = UserDict.fromkeys('ab', 0), repr(UserDict(a=1).items())",
    "from collections import UserDict\nresult = hash(UserDict())",
    "from collections import UserList\n"
        "l = UserList([3, 1, 2])\n"
        "result = l, l.data, l[0], l[1:], type(l[1:]).__name__, 2 in l, len(l)",
    "from collections import UserList\nresult = UserList('abc')",
    "from collections import UserList\nresult = UserList(5)",
    "from collections import UserList\nresult = UserList([1])[5]",
    "from collections import UserList\n"
        "l = UserList([1, 2])\n"
        "result = l + [3], [0] + l, l + (4,), l * 2, 2 * l, l == [1, 2], l < [1, 3], [0] < l",
    "from collections import UserList\nresult = UserList([1]) < (2,)",
    "from collections import UserList\n"
        "l = UserList([3, 1, 2])\n"
        "l.append(0)\n"
        "l.extend(UserList([5]))\n"
        "l.sort(reverse=True)\n"
        "result = l, l.pop(), l.index(3), l.count(1), l.copy()",
    "from collections import UserList\nresult = UserList([1]).index(9)",
    "from collections import UserList\nresult = UserList([1]).append()",
    "from collections import UserString\n"
        "s = UserString('Hello')\n"
        "result = s, s.data, s[1:3], type(s[0]).__name__, 'ell' in s, s + '!', '>' + s, s * 2",
    "from collections import UserString\n"
        "s = UserString('  a-b  ')\n"
        "result = s.strip(), s.upper(), type(s.upper()).__name__, s.split('-'), s.find('b'), s.replace('-', '+')",
    "from collections import UserString\n"
        "result = UserString('ab') == 'ab', UserString('a') < 'b', hash(UserString('x')) == hash('x')",
    "from collections import UserString\nresult = UserString(12), UserString('a%sc') % 'b', UserString('{}').format(1)",
    "from collections import UserString\nresult = UserString('ab')[5]",
    "from collections import UserString\nresult = UserString('ab').count()",
    "from collections import UserString\nresult = UserString('ab') < 1",
    "import collections\nresult = sorted(n for n in dir(collections) if not n.startswith('_') and n[0].isupper())",
    # eval: one expression
    ("eval", "__import__('collections').Counter('abracadabra').most_common(2)"),
    ("eval", "__import__('collections').deque(range(5), 3)"),
    ("eval", "__import__('collections').OrderedDict.fromkeys('ab')"),
    ("eval", "__import__('collections').namedtuple('P', 'x y')(1, 2)._asdict()"),
    ("eval", "__import__('collections').Counter(5)"),
    ("eval", "__import__('collections').defaultdict(list, a=[1])"),
    ("eval", "__import__('collections').deque().popleft()"),
    ("eval", "__import__('collections').UserDict(a=1)"),
    ("eval", "__import__('collections').UserList('ab')"),
    ("eval", "__import__('collections').UserString('ab').upper()"),
    # proxy: the client drives the server's containers
    ("proxy", "import collections", "M.collections.Counter('abracadabra').most_common(2)"),
    ("proxy", "import collections", "dict(M.collections.UserDict(a=1, b=2))"),
    ("proxy", "import collections", "M.collections.UserDict(a=1)['b']"),
    ("proxy", "import collections", "list(M.collections.UserList('abc')[1:])"),
    ("proxy", "import collections", "str(M.collections.UserString('ab').upper())"),
    ("proxy", "import collections", "M.collections.Counter('abracadabra')['a']"),
    ("proxy", "import collections", "M.collections.Counter('abracadabra')['zz']"),
    ("proxy", "import collections", "sorted(M.collections.Counter('hello').elements())"),
    ("proxy", "import collections", "dict(M.collections.Counter('hello'))"),
    ("proxy", "import collections", "repr(M.collections.Counter('hello'))"),
    ("proxy", "import collections", "M.collections.Counter('ab') + M.collections.Counter('bc')"),
    ("proxy", "import collections", "M.collections.Counter(['x', 'y', 'x']) == {'x': 2, 'y': 1}"),
    ("proxy", "from collections import Counter\nc = Counter('ab')", "(ns['c'].update('bbq'), ns['c'])[1]"),
    ("proxy", "from collections import Counter\nc = Counter('ab')", "(ns['c'].subtract({'a': 3}), dict(ns['c']))[1]"),
    ("proxy", "import collections", "list(M.collections.deque('abc', maxlen=2))"),
    ("proxy", "from collections import deque\nd = deque('abc', maxlen=4)",
     "(ns['d'].append('z'), ns['d'].append('w'), list(ns['d']))[2]"),
    ("proxy", "from collections import deque\nd = deque('abcde')",
     "(ns['d'].rotate(2), ns['d'][0], ns['d'][-1], len(ns['d']))"),
    ("proxy", "from collections import deque\nd = deque()", "ns['d'].pop()"),
    ("proxy", "from collections import deque\nd = deque('ab')", "ns['d'][5]"),
    ("proxy", "from collections import deque\nd = deque('ab')", "repr(ns['d'])"),
    ("proxy", "from collections import deque\nd = deque('abc')", "[x.upper() for x in ns['d']]"),
    ("proxy", "from collections import deque\nd = deque('abc')", "'b' in ns['d'], len(ns['d']), ns['d'].maxlen"),
    ("proxy", "from collections import deque\nd = deque([3, 1, 2])", "B.sorted(ns['d'], key=lambda v: -v)"),
    ("proxy", "import collections", "M.collections.OrderedDict([('b', 1), ('a', 2)])"),
    ("proxy", "from collections import OrderedDict\nd = OrderedDict.fromkeys('abc')",
     "(ns['d'].move_to_end('a'), list(ns['d']))[1]"),
    ("proxy", "from collections import OrderedDict\nd = OrderedDict.fromkeys('abc')", "ns['d'].popitem(last=False)"),
    ("proxy", "from collections import defaultdict\nd = defaultdict(list)",
     "(ns['d']['k'].append(1), dict(ns['d']))[1]"),
    ("proxy", "from collections import defaultdict\nd = defaultdict(int)", "ns['d']['missing'], 'missing' in ns['d']"),
    ("proxy", "import collections", "M.collections.defaultdict(lambda: 'client')['k']"),
    ("proxy", "import collections", "M.collections.defaultdict(None)['k']"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "tuple(ns['P'](1, 2))"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "ns['P'](1, y=2).y"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "ns['P'](1, 2)._asdict()"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "ns['P']._fields, ns['P'].__name__"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "ns['P'](1)"),
    ("proxy", "from collections import namedtuple\nP = namedtuple('P', 'x y')", "repr(ns['P'](1, 'a'))"),
    ("proxy", "import collections", "M.collections.namedtuple('Q', 'a b')._fields"),
    ("proxy", "import collections", "M.collections.ChainMap({'a': 1}, {'a': 2, 'b': 3})['a']"),
]

COUNTER_INIT = ["''", "'abracadabra'", "'mississippi'", "{'a': 2, 'b': -1, 'c': 0}", "[1, 2, 2, 3, 3, 3]", "a=1, b=2"]
COUNTER_ARGS = ["'abc'", "'zz'", "{'a': 5}", "{'b': -3}", "Counter('aab')", "Counter({'x': -1})", "[1, 1]", "{}"]
COUNTER_OPS = [
    "c.most_common({n})", "c.update({a})", "c.subtract({a})", "c.total()", "sorted(c.elements(), key=repr)", "c[{k}]",
    "c.pop({k})", "c.get({k})", "c + Counter({a})", "c - Counter({a})", "c | Counter({a})", "c & Counter({a})", "+c",
    "-c", "c == Counter({a})", "c <= Counter({a})", "c >= Counter({a})", "c.setdefault({k}, 1)", "c.copy()", "len(c)",
    "c.__delitem__({k})", "c.__setitem__({k}, {n})",
]
KEYS = ["'a'", "'b'", "'z'", "1", "3", "(1,)", "[]"]
DEQUE_INIT = ["''", "'abc'", "range(6)", "[1, 'a', None]", "[0] * 3"]
DEQUE_ITEMS = ["'x'", "0", "1", "None", "'a'", "(1, 2)", "2.5"]
DEQUE_OPS = [
    "d.append({x})", "d.appendleft({x})", "d.pop()", "d.popleft()", "d.extend({it})", "d.extendleft({it})",
    "d.rotate({n})", "d.insert({n}, {x})", "d.index({x})", "d.index({x}, {n})", "d.remove({x})", "d.count({x})",
    "d.reverse()", "d.clear()", "d[{n}]", "d.__setitem__({n}, {x})", "d.__delitem__({n})", "len(d)", "{x} in d",
    "d.copy()", "d * {n}", "d + deque({it})", "list(reversed(d))", "d == deque({it})", "d < deque({it})",
]
ITERABLES = ["''", "'ab'", "[1, 2, 3]", "range(4)", "(None,)", "[]"]
SMALL_NS = ["0", "1", "-1", "2", "-3", "5", "100", "True"]
OD_OPS = [
    "d.move_to_end({k})", "d.move_to_end({k}, last=False)", "d.popitem()", "d.popitem(last=False)",
    "d.__setitem__({k}, {n})", "d.__delitem__({k})", "d.pop({k})", "d.pop({k}, None)", "d.setdefault({k}, {n})",
    "list(d)", "list(reversed(d))", "d.get({k})", "d == OrderedDict(a=1, b=2)", "d.update({{{k}: {n}}})",
    "list(d.items())[-1:]", "d.copy()", "d | {{{k}: 0}}",
]
DD_FACTORIES = ["int", "list", "str", "None", "tuple", "float"]
DD_OPS = [
    "d[{k}]", "d.get({k})", "{k} in d", "d.pop({k}, 'gone')", "d.__missing__({k})", "d.setdefault({k})", "len(d)",
    "d.copy()", "sorted(d.items(), key=repr)", "d.default_factory", "d.__delitem__({k})",
]
# fmt: on


def _fill(template, rng):
    return template.format(
        n=rng.choice(SMALL_NS),
        a=rng.choice(COUNTER_ARGS),
        k=rng.choice(KEYS),
        x=rng.choice(DEQUE_ITEMS),
        it=rng.choice(ITERABLES),
    )


def draw(rng):
    kind = rng.random()
    steps = rng.randrange(1, 9)
    if kind < 0.3:
        init = rng.choice(COUNTER_INIT)
        setup = f"from collections import Counter\nc = Counter({init})"
        ops = [_fill(rng.choice(COUNTER_OPS), rng) for _ in range(steps)]
        return ("exec", op_program(setup, ops, "c"))
    if kind < 0.6:
        maxlen = rng.choice(["", "", ", maxlen=3", ", maxlen=1", ", maxlen=0", ", 5"])
        setup = f"from collections import deque\nd = deque({rng.choice(DEQUE_INIT)}{maxlen})"
        ops = [_fill(rng.choice(DEQUE_OPS), rng) for _ in range(steps)]
        return ("exec", op_program(setup, ops, "d"))
    if kind < 0.75:
        setup = "from collections import OrderedDict\nd = OrderedDict.fromkeys('abz', 0)"
        ops = [_fill(rng.choice(OD_OPS), rng) for _ in range(steps)]
        return ("exec", op_program(setup, ops, "d"))
    if kind < 0.9:
        setup = f"from collections import defaultdict\nd = defaultdict({rng.choice(DD_FACTORIES)}, a=1)"
        ops = [_fill(rng.choice(DD_OPS), rng) for _ in range(steps)]
        return ("exec", op_program(setup, ops, "d"))
    setup = "from collections import deque\nd = deque('abcde')"
    op = rng.choice(
        [
            "list(ns['d'])",
            "ns['d'][{n}]",
            "ns['d'].index({x})",
            "{x} in ns['d']",
            "ns['d'].count({x})",
            "(ns['d'].rotate({n}), list(ns['d']))[1]",
            "(ns['d'].extend({it}), len(ns['d']))[1]",
        ]
    )
    return ("proxy", setup, _fill(op, rng))


family("mod_collections", __doc__, lambda: programs(FIXED), draw, weight=3, suite="stdlib")
