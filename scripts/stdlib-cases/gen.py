"""Runs a case file's cases under CPython and prints them as Rust tuples
(setup, expr, expected), expected being repr(value) or 'Class: message'.

A case file defines PREFIX (statements run before every setup) and CASES,
a list of (setup, expr) pairs or bare expressions."""
import runpy
import sys


def rust_str(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')
    return '"' + s + '"'


def outcome(prefix, setup, expr):
    ns = {}
    try:
        exec(prefix + setup, ns)
        return repr(eval(expr, ns))
    except BaseException as e:
        return f"{type(e).__name__}: {e}"


def rows(path):
    mod = runpy.run_path(path)
    prefix = mod.get('PREFIX', '')
    for case in mod['CASES']:
        setup, expr = ("", case) if isinstance(case, str) else case
        yield f"        ({rust_str(setup)}, {rust_str(expr)}, {rust_str(outcome(prefix, setup, expr))}),"


if __name__ == '__main__':
    print("\n".join(rows(sys.argv[1])))
