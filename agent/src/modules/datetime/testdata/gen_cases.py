#!/usr/bin/env python3
"""Writes cases.txt: expressions over the datetime module and CPython
3.11's answers, for the differential unit test in ../tests.rs.
Regenerate with CPython 3.11: python3 gen_cases.py

The expressions are in exprs.txt (one per line, evaluated after
`from datetime import *` and `import time as _time`, in a UTC zone). One case per
line of cases.txt: the expression, a tab, then the repr of the value or
`!Class` for an exception of that class.
"""

import os
import time

os.environ["TZ"] = "UTC"
time.tzset()

here = os.path.dirname(os.path.abspath(__file__))
ns = {}
exec("from datetime import *\nimport time as _time", ns)
out = []
for line in open(os.path.join(here, "exprs.txt"), encoding="utf-8"):
    expr = line.rstrip("\n")
    if not expr or expr.startswith("#"):
        continue
    try:
        value = eval(expr, ns)
        result = repr(value)
    except Exception as e:  # noqa: BLE001 - every exception is an answer
        result = "!" + type(e).__name__
    assert "\t" not in expr and "\n" not in result, expr
    out.append(f"{expr}\t{result}\n")
with open(os.path.join(here, "cases.txt"), "w", encoding="utf-8") as f:
    f.writelines(out)
print(len(out), "cases")
