"""mktest.py CASES.py OUT.rs TESTNAME MODULE: writes the Rust test whose
expectations are what CPython gives for each case of CASES.py."""
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

cases, out, name, module = sys.argv[1:5]
prefix = runpy.run_path(cases).get('PREFIX', '')
lines = [
    f"//! `{module}` against CPython 3.11: every expectation below is what",
    "//! CPython printed for the same source (regenerate with",
    "//! scripts/gen-stdlib-tests.sh).",
    "",
    "use crate::modules::testing::check;",
    "",
    f"const PREFIX: &str = {gen.rust_str(prefix)};",
    "",
    "#[test]",
    f"fn {name}() {{",
    "    check(",
    "        PREFIX,",
    "        &[",
]
lines += ["    " + row for row in gen.rows(cases)]
lines += ["        ],", "    );", "}", ""]
with open(out, "w") as f:
    f.write("\n".join(lines))
