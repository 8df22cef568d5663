"""random: seeded first, always (int, negative and huge ints, float, str,
bytes, bytearray, version 1 and 2), then the module's functions and a
``Random`` instance's methods in sequences — the exact floats, ints and
choices of CPython's Mersenne Twister and random.py's algorithms;
getstate/setstate round trips; argument errors as random.py raises them;
SystemRandom observed only through properties that do not depend on the
entropy; seeded calls from the client (``M.random``)."""

from cases import family

from .seqs import op_program, programs

# fmt: off
FIXED = [
    "import random\nrandom.seed(0)\nresult = [random.random() for _ in range(3)]",
    "import random\n"
        "random.seed(42)\n"
        "result = random.randint(1, 10), random.randrange(100), random.randrange(0, 100, 7), random.choice('abcdef')",
    "import random\nrandom.seed(-5)\na = random.random()\nrandom.seed(5)\nresult = a == random.random()",
    "import random\nrandom.seed(2**100 + 1)\nresult = random.random(), random.getrandbits(70)",
    "import random\nrandom.seed(-2**100)\nresult = random.random()",
    "import random\nrandom.seed(1.5)\nresult = random.random()",
    "import random\nrandom.seed(-0.0)\na = random.random()\nrandom.seed(0)\nresult = a, random.random()",
    "import random\nrandom.seed('hello')\nresult = random.random(), random.randrange(10**30)",
    "import random\n"
        "random.seed(b'hello')\n"
        "a = random.random()\n"
        "random.seed(bytearray(b'hello'))\n"
        "result = a, random.random()",
    "import random\nrandom.seed('hello', version=1)\nresult = random.random()",
    "import random\nrandom.seed(b'hello', version=1)\nresult = random.random()",
    "import random\nrandom.seed('', version=1)\nresult = random.random()",
    "import random\nrandom.seed('é', version=1)\nresult = random.random()",
    "import random\nrandom.seed('abc', version=3)",
    "import random\nrandom.seed([1, 2])",
    "import random\nrandom.seed((1, 2))",
    "import random\nrandom.seed(True)\na = random.random()\nrandom.seed(1)\nresult = a, random.random()",
    "import random\n"
        "random.seed(3)\n"
        "result = random.getrandbits(0), random.getrandbits(1), random.getrandbits(32), random.getrandbits(33), "
        "random.getrandbits(200)",
    "import random\nrandom.getrandbits(-1)",
    "import random\nrandom.getrandbits(1.5)",
    "import random\nrandom.seed(3)\nresult = random.randbytes(0), random.randbytes(5), random.randbytes(9)",
    "import random\nrandom.randbytes(-1)",
    "import random\n"
        "random.seed(7)\n"
        "result = [random.randrange(-10, 10, 3) for _ in range(6)], [random.randrange(10, -10, -4) for _ in range(4)]",
    "import random\n"
        "random.seed(7)\n"
        "result = random.randrange(2**64), random.randrange(-2**70, 2**70), random.randrange(1, 2**65, 2**60)",
    "import random\nrandom.randrange(0)",
    "import random\nrandom.randrange(5, 5)",
    "import random\nrandom.randrange(1, 10, 0)",
    "import random\nrandom.randrange(10, 1)",
    "import random\nrandom.randrange(1, 10, -1)",
    "import random\nrandom.randrange(1.5)",
    "import random\nrandom.seed(1)\nresult = random.randrange(10.0), random.randrange(1, 10.0)",
    "import random\nrandom.randrange('5')",
    "import random\nrandom.randrange(1, 5, 1.5)",
    "import random\nrandom.randint(3, 1)",
    "import random\nrandom.randint(1.5, 3)",
    "import random\nrandom.seed(9)\nresult = [random.randint(-3, 3) for _ in range(10)], random.randint(5, 5)",
    "import random\nrandom.choice([])",
    "import random\nrandom.choice('')",
    "import random\nrandom.choice({1: 2})",
    "import random\nrandom.choice({1, 2})",
    "import random\n"
        "random.seed(11)\n"
        "result = random.choice(range(10**20)), random.choice((None,)), random.choice({0: 'zero'})",
    "import random\n"
        "random.seed(5)\n"
        "x = list(range(10))\n"
        "random.shuffle(x)\n"
        "y = list('abcdef')\n"
        "random.shuffle(y)\n"
        "result = x, y",
    "import random\nrandom.shuffle((1, 2))",
    "import random\nrandom.shuffle('abc')",
    "import random\nrandom.seed(5)\nx = []\nrandom.shuffle(x)\nz = [1]\nrandom.shuffle(z)\nresult = x, z",
    "import random\n"
        "random.seed(2)\n"
        "result = random.sample(range(100), 5), random.sample('abcdef', 6), random.sample([1, 2], 0)",
    "import random\nrandom.seed(2)\nresult = random.sample(range(10**12), 3), random.sample(range(50), 40)[:5]",
    "import random\nrandom.sample([1, 2], 3)",
    "import random\nrandom.sample([1, 2], -1)",
    "import random\nrandom.sample({1, 2}, 1)",
    "import random\nrandom.sample({'a': 1}, 1)",
    "import random\nrandom.sample([1, 2])",
    "import random\n"
        "random.seed(8)\n"
        "result = random.sample(['a', 'b', 'c'], 4, counts=[1, 2, 3]), random.sample('xy', k=2, counts=[3, 1])",
    "import random\nrandom.sample('ab', 1, counts=[1])",
    "import random\nrandom.sample('ab', 1, counts=[0, 0])",
    "import random\nrandom.sample('ab', 1, counts=[1, -1])",
    "import random\nrandom.sample('ab', 1, counts=[1.5, 1])",
    "import random\n"
        "random.seed(4)\n"
        "result = random.choices('abc', k=5), random.choices('abc', weights=[0, 0, 1], k=3), random.choices('abc', "
        "cum_weights=[1, 1, 5], k=4)",
    "import random\n"
        "random.seed(4)\n"
        "result = random.choices('abc'), random.choices([1, 2], k=0), random.choices(range(3), [1.5, 2.5, 0.5], k=4)",
    "import random\nrandom.choices('abc', weights=[1, 2], k=1)",
    "import random\nrandom.choices('abc', weights=[1, 2, 3], cum_weights=[1, 2, 3])",
    "import random\nrandom.choices('abc', weights=[0, 0, 0])",
    "import random\nrandom.choices('abc', weights=[1, float('inf'), 1])",
    "import random\nrandom.choices('abc', weights=[1, float('nan'), 1])",
    "import random\nrandom.choices([], k=2)",
    "import random\nrandom.seed(4)\nresult = random.choices([], k=0)",
    "import random\nrandom.choices('abc', k=-1)",
    "import random\nrandom.seed(4)\nresult = random.choices('abc', k=-1)",
    "import random\n"
        "random.seed(6)\n"
        "result = random.uniform(1, 2), random.uniform(5, -5), random.uniform(1, 1), random.triangular(), "
        "random.triangular(0, 10, 9), random.triangular(5, 5)",
    "import random\n"
        "random.seed(6)\n"
        "result = random.gauss(), random.gauss(10, 2), random.normalvariate(), random.normalvariate(1, 0.5), "
        "random.lognormvariate(0, 1)",
    "import random\n"
        "random.seed(6)\n"
        "result = random.expovariate(1.5), random.expovariate(0.1), random.vonmisesvariate(1, 4), "
        "random.vonmisesvariate(0, 0), random.vonmisesvariate(1, 1e-7)",
    "import random\n"
        "random.seed(6)\n"
        "result = random.gammavariate(0.5, 1), random.gammavariate(1, 2), random.gammavariate(3, 0.5), "
        "random.betavariate(2, 3), random.betavariate(0.5, 0.5)",
    "import random\n"
        "random.seed(6)\n"
        "result = random.paretovariate(2), random.weibullvariate(1, 1.5), random.weibullvariate(2, 0.5)",
    "import random\nrandom.gammavariate(0, 1)",
    "import random\nrandom.gammavariate(1, -1)",
    "import random\nrandom.expovariate(0)",
    "import random\nrandom.expovariate()",
    "import random\nrandom.seed(6)\nresult = random.normalvariate(0, -1), random.gauss(0, 0)",
    "import random\nrandom.seed(6)\nresult = random.betavariate(0, 1)",
    "import random\nrandom.seed(6)\nresult = random.paretovariate(0)",
    "import random\n"
        "random.seed(12)\n"
        "s = random.getstate()\n"
        "a = [random.random() for _ in range(3)]\n"
        "random.setstate(s)\n"
        "result = a == [random.random() for _ in range(3)], s[0], len(s[1]), s[2], s[1][-1]",
    "import random\nrandom.seed(12)\nrandom.gauss()\nresult = random.getstate()[2]",
    "import random\nrandom.setstate((3, (0,) * 625, None))\nresult = random.random()",
    "import random\nrandom.setstate((3, (0,) * 624, None))",
    "import random\nrandom.setstate((9, (0,) * 625, None))",
    "import random\nrandom.setstate('x')",
    "import random\nrandom.setstate((2, (1,) * 625, None))\nresult = random.random()",
    "import random\n"
        "r = random.Random(5)\n"
        "result = r.random(), r.randint(1, 6), r.choice('xyz'), random.Random('5').random(), "
            "random.Random(b'5').random()",
    "import random\nr = random.Random()\nr.seed(5)\nresult = r.random() == random.Random(5).random()",
    "import random\n"
        "r1 = random.Random(1)\n"
        "r2 = random.Random(1)\n"
        "r1.random()\n"
        "result = r2.random() == random.Random(1).random(), r1.random() == r2.random()",
    "import random\n"
        "r = random.Random(1)\n"
        "s = r.getstate()\n"
        "r2 = random.Random()\n"
        "r2.setstate(s)\n"
        "result = r.random() == r2.random()",
    "import random\nresult = random.Random([1])",
    "import random\nresult = random.Random(1, 2)",
    "import random\n"
        "r = random.Random(3)\n"
        "x = list(range(8))\n"
        "r.shuffle(x)\n"
        "result = x, r.sample(range(20), 4), r.choices('ab', k=3), r.getrandbits(40), r.randbytes(3)",
    "import random\nr = random.Random(3)\nresult = r.uniform(0, 1), r.gauss(0, 1), r.gauss(0, 1), r.triangular(1, 2)",
    "import random\n"
        "result = type(random.Random(1)).__name__, isinstance(random.SystemRandom(), random.Random), "
        "random.Random.__module__",
    "import random\n"
        "r = random.SystemRandom()\n"
        "x = r.random()\n"
        "result = 0.0 <= x < 1.0, 1 <= r.randint(1, 3) <= 3, len(r.randbytes(4)), r.getrandbits(8) < 256, "
        "sorted(r.sample(range(5), 5))",
    "import random\nr = random.SystemRandom(5)\nresult = r.seed(7)",
    "import random\nrandom.SystemRandom().getstate()",
    "import random\nrandom.SystemRandom().setstate(None)",
    "import random\n"
        "r = random.SystemRandom()\n"
        "x = [1, 2, 3]\n"
        "r.shuffle(x)\n"
        "result = sorted(x), r.choice([7]), r.uniform(2, 2)",
    "import random\n"
        "result = random.BPF, random.RECIP_BPF, random.TWOPI, random.LOG4, random.NV_MAGICCONST, random.SG_MAGICCONST",
    "import random\n"
        "result = sorted(n for n in dir(random) if not n.startswith('_') and n.islower() and n not in ('warn_', 'os', "
        "'bisect', 'itertools'))[:30]",
    "import random\n"
        "random.seed(1)\n"
        "result = random.randrange(3, 2**31, 2), random.randrange(2**31), random.randrange(2**32), "
        "random.randrange(2**53 + 1)",
    "import random\nrandom.seed(1)\nresult = random.random(5)",
    "import random\nresult = random.randint(1)",
    "import random\nresult = random.choice()",
    "import random\nresult = random.uniform(1)",
    "import random\nresult = random.shuffle([1], random.random)",
    "import random\nresult = random.sample(population=[1, 2], k=1, extra=1)",
    "import random\nresult = random.Random(1).randint(1)",
    "import random\nresult = random.Random(1).choice([])",
    "import random\nresult = random.Random(1).sample([1], 2)",
    # eval: one expression
    ("eval", "__import__('random').Random(5).random()"),
    ("eval", "__import__('random').Random('x').sample(range(10), 3)"),
    ("eval", "__import__('random').Random(1).choice([])"),
    ("eval", "__import__('random').Random(b'seed').getrandbits(100)"),
    # proxy: seeded on the server, drawn from the client
    ("proxy", "import random\nrandom.seed(17)", "[M.random.random() for _ in range(3)]"),
    ("proxy", "import random\nrandom.seed(17)",
     "M.random.randint(1, 100), M.random.choice('abc'), M.random.sample(range(10), 3)"),
    ("proxy", "import random\nrandom.seed(17)", "M.random.choices([1, 2, 3], weights=[1, 0, 5], k=4)"),
    ("proxy", "import random\nrandom.seed(17)", "M.random.choice([])"),
    ("proxy", "import random\nrandom.seed(17)", "M.random.randrange(0)"),
    ("proxy", "import random\nr = random.Random(99)", "ns['r'].random(), ns['r'].getrandbits(64)"),
    ("proxy", "import random\nr = random.Random(99)\nx = list(range(6))",
     "(ns['r'].shuffle(ns['x']), list(ns['x']))[1]"),
    ("proxy", "import random\nrandom.seed(17)", "M.random.sample([5, 6, 7], 5)"),
    ("proxy", "import random", "(M.random.seed('client'), M.random.random())[1]"),
    ("proxy", "import random", "(M.random.seed(b'\\x00\\xff'), M.random.random())[1]"),
]

SEEDS = [
    "0", "1", "7", "-3", "2**64", "12345678901234567890", "3.5", "-0.5", "'abc'", "''", "b'\\x00\\xff'",
    "bytearray(b'ab')", "'ünïcode'", "True", "'x' * 100", "2**32 - 1", "2**32",
]
CALLS = [
    "random()", "randint(1, 6)", "randint(-10**20, 10**20)", "randrange(10)", "randrange(-5, 5)",
    "randrange(0, 100, 9)", "randrange(100, 0, -7)", "randrange(2**80)", "choice('abcdefg')", "choice(range(1000))",
    "getrandbits(1)", "getrandbits(31)", "getrandbits(32)", "getrandbits(64)", "getrandbits(100)", "randbytes(3)",
    "uniform(-1, 1)", "triangular(0, 1, 0.2)", "gauss(0, 1)", "normalvariate(5, 2)", "lognormvariate(0, 0.5)",
    "expovariate(2)", "vonmisesvariate(0, 1)", "gammavariate(2, 1)", "gammavariate(0.3, 1)", "betavariate(1, 1)",
    "paretovariate(3)", "weibullvariate(2, 2)", "sample(range(30), 4)", "sample('abcde', 2)", "choices('ab', k=3)",
    "choices(range(4), weights=[4, 3, 2, 1], k=2)", "choices('xyz', cum_weights=[0.5, 0.5, 2], k=3)",
    "sample(range(5), 3, counts=[1, 0, 2, 1, 1])", "randrange(1, 2**64, 3)", "choice([])", "randrange(5, 1)",
    "sample([1], 2)", "binomialvariate(5)", "randint(1.0, 3)",
]
# fmt: on


def draw(rng):
    seed = rng.choice(SEEDS)
    version = rng.choice(["", "", "", ", version=1"]) if seed.startswith(("'", "b", "by")) else ""
    calls = [rng.choice(CALLS) for _ in range(rng.randrange(1, 6))]
    kind = rng.random()
    if kind < 0.5:
        ops = [f"random.{c}" for c in calls]
        setup = f"import random\nrandom.seed({seed}{version})"
    elif kind < 0.85:
        ops = [f"rnd.{c}" for c in calls]
        setup = f"import random\nrnd = random.Random({seed})"
    else:
        if rng.random() < 0.5:
            return (
                "proxy",
                f"import random\nrandom.seed({seed}{version})",
                "["
                + ", ".join(
                    f"M.random.{c}"
                    for c in calls
                    if "[]" not in c
                    and "5, 1" not in c
                    and "[1], 2" not in c
                    and "binomial" not in c
                    and "1.0, 3" not in c
                )
                + "]",
            )
        x = rng.choice(["list(range(12))", "list('abcdef')", "[]", "[None] * 3"])
        return ("exec", f"import random\nrandom.seed({seed})\nx = {x}\nrandom.shuffle(x)\nresult = x")
    return ("exec", op_program(setup, ops, "0"))


family("mod_random", __doc__, lambda: programs(FIXED), draw, weight=3, suite="stdlib")
