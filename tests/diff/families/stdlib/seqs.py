"""Program builders shared by the module families."""

import ast
import re


def programs(cases):
    """A fixed-case table where a bare string is a program (``exec``: its
    ``result`` is observed), not an expression as the generator reads bare
    strings. A program that sets no ``result`` and ends in an expression
    statement (``deque().pop()``, written for its exception) observes that
    expression, so it is still a case where CPython does not raise."""
    return [("exec", _with_result(c)) if isinstance(c, str) else c for c in cases]


def _with_result(src):
    tree = ast.parse(src)
    assigned = any(isinstance(n, ast.Name) and n.id == "result" for n in ast.walk(tree))
    last = tree.body[-1]
    if assigned or not isinstance(last, ast.Expr) or last.lineno != last.end_lineno or last.col_offset:
        return src
    lines = src.split("\n")
    lines[last.lineno - 1] = "result = " + lines[last.lineno - 1]
    return "\n".join(lines)


def op_program(setup, ops, final):
    """A program that runs ``setup``, then each expression of ``ops`` in
    turn, recording its value or the name of the exception it raised (so
    one failing step does not hide the next), and sets ``result`` to
    ``(final, steps)``."""
    lines = [setup, "r = []"]
    for op in ops:
        lines.append(f"try:\n    r.append({op})\nexcept Exception as e:\n    r.append(type(e).__name__)")
    lines.append(f"result = ({final}, r)")
    return "\n".join(lines)


def program_or_eval(rng, modules, expr, share=0.15):
    """``expr`` after importing ``modules`` (``{alias: module}``) as a
    program, or, for ``share`` of the draws, as one eval expression that
    reaches each module through ``__import__``."""
    if rng.random() < share:
        for alias, module in modules.items():
            expr = re.sub(rf"\b{re.escape(alias)}\.", f"__import__('{module}').", expr)
        return ("eval", expr)
    imports = ", ".join(m if a == m else f"{m} as {a}" for a, m in modules.items())
    return ("exec", f"import {imports}\nresult = {expr}")
