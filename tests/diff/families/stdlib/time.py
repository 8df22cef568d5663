"""time: struct_time conversions (gmtime, localtime, mktime, asctime,
ctime), strftime with glibc's directives, flags, widths and bad
sequences, strptime, the zone variables, clocks and get_clock_info."""

from cases import family

# fmt: off
CONVS = list("aAbBcCdDeFgGhHIjklmMnprRStTuUVwWxXyYz%PQEO+:") + ["Ey", "EY", "Od", "OH", "Ec", "E%", "O%"]
FLAGS = ["", "", "", "_", "-", "0", "^", "#", "^#"]
WIDTHS = ["", "", "", "1", "5", "10", "03"]
YEARS = [1, 5, 99, 999, 1900, 1969, 2000, 2024, 2025, 9999, -5, 0, 10000]
FIXED = [
    "import time\nresult = time.gmtime(0)",
    "import time\nresult = time.gmtime(1700000000.9)",
    "import time\nresult = time.gmtime(-1)",
    "import time\nresult = time.gmtime(2**63)",
    "import time\nresult = time.gmtime(float('nan'))",
    "import time\nresult = time.gmtime('x')",
    "import time\nt = time.gmtime(1700000000)\nresult = (t.tm_zone, t.tm_gmtoff, t[8], len(t))",
    "import time\nresult = time.mktime(time.localtime(1700000000))",
    "import time\nresult = time.mktime((2024, 1, 1, 0, 0, 0, 0, 1, -1))",
    "import time\nresult = time.mktime((2024, 1, 1, 0, 0, 0))",
    "import time\nresult = time.asctime((2024, 2, 29, 13, 4, 5, 3, 60, 0))",
    "import time\nresult = time.asctime((2024, 13, 29, 13, 4, 5, 3, 60, 0))",
    "import time\nresult = time.ctime(1700000000)",
    "import time\nresult = time.strftime('%Y-%m-%d %H:%M:%S %Z %z', time.gmtime(1700000000))",
    "import time\nresult = time.strftime('%Y', (2024, 0, 0, 0, 0, 0, 0, 0, 0))",
    "import time\nresult = time.strftime('%Y', (2024, 1, 1, 24, 0, 0, 0, 1, 0))",
    "import time\nresult = time.strftime('a\\0b')",
    "import time\nresult = time.strftime(5)",
    "import time\nresult = time.strptime('2024-01-02 10:11:12', '%Y-%m-%d %H:%M:%S')",
    "import time\nresult = time.strptime('Tue Nov 14 22:13:20 2023')",
    "import time\nresult = time.strptime('2023 52 1', '%G %V %u')",
    "import time\nresult = time.strptime('2023-11-14 22:13:20.5 +0130', '%Y-%m-%d %H:%M:%S.%f %z')",
    "import time\nresult = time.strptime('x', '%Y')",
    "import time\nresult = time.strptime('2024', '%Y %Q')",
    "import time\nresult = time.struct_time((2024, 1, 2, 3, 4, 5, 6, 7, 0))",
    "import time\nresult = time.struct_time((1, 2, 3))",
    "import time\nresult = (time.timezone, time.altzone, time.daylight, time.tzname)",
    "import time\nresult = time.get_clock_info('monotonic')",
    "import time\nresult = time.get_clock_info('time').adjustable",
    "import time\nresult = time.get_clock_info('nope')",
    "import time\nresult = abs(time.time() - time.time_ns() / 1e9) < 1",
    "import time\na = time.monotonic_ns()\nb = time.monotonic_ns()\nresult = b >= a",
    "import time\na = time.perf_counter()\nresult = time.perf_counter() >= a",
    "import time\nresult = type(time.process_time()), type(time.thread_time_ns())",
    "import time\nresult = time.clock_getres(time.CLOCK_MONOTONIC) > 0",
    "import time\nresult = time.sleep(-1)",
    "import time\nresult = time.sleep(0.01)",
    ("proxy", "import time", "M.time.gmtime(0)"),
    ("proxy", "import time", "M.time.strftime('%d %b %Y', M.time.gmtime(86400 * 365))"),
    ("proxy", "import time", "M.time.struct_time((2024, 1, 2, 3, 4, 5, 6, 7, 0)).tm_year"),
    ("proxy", "import time", "abs(M.time.time() - __import__('time').time()) < 5"),
]
# fmt: on


def draw(rng):
    if rng.random() < 0.8:
        parts = []
        for _ in range(rng.randint(1, 3)):
            parts.append("%" + rng.choice(FLAGS) + rng.choice(WIDTHS) + rng.choice(CONVS))
            if rng.random() < 0.3:
                parts.append(rng.choice([" ", "-", "é", "x"]))
        tup = (
            rng.choice(YEARS),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 61),
            rng.randint(0, 6),
            rng.randint(1, 366),
            rng.choice([-1, 0, 1]),
        )
        return ("exec", f"import time\nresult = time.strftime({''.join(parts)!r}, {tup!r})")
    t = rng.choice([0, 1, -86401, 951782400, 1700000000, 2**31, 2**33, 253402300799, 1.5, -0.5])
    fn = rng.choice(["gmtime", "localtime", "ctime"])
    return ("exec", f"import time\nresult = time.{fn}({t!r})")


family("mod_time", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
