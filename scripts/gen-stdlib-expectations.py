#!/usr/bin/env python3
"""Writes CPython's answers for the agent's module case files.

Each `cases*.txt` (and `cases/*.txt`) under agent/src/modules/ is a list of Python lines run in one
namespace: `>>> statement` lines are executed (continued by `... ` lines, as
in the REPL), other lines are expressions. For every expression this writes one line to the
`.expected` file next to it: `repr(result)`, or `Class: message` when it raises
(`module.Class` outside builtins), with object addresses masked and newlines
escaped. The agent's unit tests (agent/src/modules/testing.rs) run the same
lines and compare. Run with the reference CPython (3.11):

    python3 scripts/gen-stdlib-expectations.py            # every case file
    python3 scripts/gen-stdlib-expectations.py FILE...    # some
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "agent" / "src" / "modules"
ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def describe(e):
    cls = type(e)
    name = cls.__name__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"
    msg = str(e)
    return f"{name}: {msg}" if msg else name


def clean(text):
    return ADDRESS.sub(" at 0x...", text).replace("\n", "\\n")


def run(path):
    namespace = {}
    out = []
    lines = path.read_text().splitlines()
    for n, line in enumerate(lines):
        if not line.strip() or line.startswith("#") or line.startswith("... "):
            continue
        if line.startswith(">>> "):
            block = [line[4:]]
            for more in lines[n + 1:]:
                if not more.startswith("... "):
                    break
                block.append(more[4:])
            exec("\n".join(block), namespace)
            continue
        try:
            result = repr(eval(line, namespace))
        except Exception as e:  # the expectation is the exception
            result = describe(e)
        out.append(clean(result))
    path.with_suffix(".expected").write_text("\n".join(out) + "\n")
    print(f"{path.relative_to(ROOT.parent.parent.parent)}: {len(out)} expectations")


def main(args):
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"gen-stdlib-expectations: needs CPython 3.11, this is {sys.version.split()[0]}")
    paths = [pathlib.Path(a).resolve() for a in args] or sorted(set(ROOT.rglob("cases*.txt")) | set(ROOT.rglob("cases/*.txt")))
    for path in paths:
        run(path)


if __name__ == "__main__":
    main(sys.argv[1:])
