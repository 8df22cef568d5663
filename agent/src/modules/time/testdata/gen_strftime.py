#!/usr/bin/env python3
"""Writes strftime_cases.txt: seeded random formats (every glibc
conversion, flags, widths, E/O modifiers, bad and truncated sequences)
over random broken-down times, and what CPython 3.11's time.strftime gives
on glibc in a UTC zone, for the unit test in ../tests.rs.
Regenerate on a glibc host: python3 gen_strftime.py

One case per line: the format, the nine tuple fields, the result; fields
separated by tabs, the format and result hex-encoded (UTF-8).
"""

import os
import random
import time

os.environ["TZ"] = "UTC"
time.tzset()
rng = random.Random(5)
CONVS = list("aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%PQEO+:") + [
    "Ey", "EY", "Od", "OH", "Ec", "Ex", "EX", "EC", "Oy", "Ea", "Ob", "OB", "Eb", "E%", "O%"]
FLAGS = ["", "", "", "_", "-", "0", "^", "#", "^#", "_^"]
WIDTHS = ["", "", "", "1", "5", "10", "03"]
YEARS = [1, 5, 99, 999, 1900, 1969, 2000, 2024, 2025, 9999, -5, 0, 10000]
cases = []
for _ in range(800):
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append("%" + rng.choice(FLAGS) + rng.choice(WIDTHS) + rng.choice(CONVS))
        if rng.random() < 0.3:
            parts.append(rng.choice([" ", "-", "é", "x"]))
    tup = (rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
           rng.randint(0, 61), rng.randint(0, 6), rng.randint(1, 366), rng.choice([-1, 0, 1]))
    cases.append(("".join(parts), tup))
for f in ["%", "%E", "%5", "%-", "%_5E", "abc%", "%%%", "", "%E%d", "%10E%5OH", "%^#E%#U"]:
    cases.append((f, (2024, 1, 2, 3, 4, 5, 1, 2, 0)))
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "strftime_cases.txt"), "w", encoding="utf-8") as out:
    for fmt, tup in cases:
        result = time.strftime(fmt, tup)
        out.write("\t".join([fmt.encode().hex(), *map(str, tup), result.encode().hex()]) + "\n")
print(len(cases), "cases")
