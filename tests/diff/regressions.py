"""Named regression cases: one per disagreement the differential run found
(or the issue reported). The expected behaviour is never written here: it
is what CPython (or, for proxy cases, a real classic server) does when the
runner executes the case. Add a case with the bug's name, where it came
from, and the smallest source that shows it.

    R(name, mode, src, op="", msg=True)   # mode: eval | exec | proxy
"""

from cases import Case


def R(name, mode, src, op="", msg=True):
    return Case(f"regression:{name}", "regression", mode, src, op, msg)


REGRESSIONS = [
    # issue 9: truthiness and equality existed twice and disagreed.
    R("bool_of_empty_list_is_false", "eval", "bool([])"),
    R("list_equality_compares_int_and_float_by_value", "eval", "[1] == [1.0]"),
    # issue 9: exception classes were not objects.
    R("remote_exception_class_is_callable", "proxy", "x = 1", "B.RuntimeError('boom').args"),
    R("isinstance_remote_exception_with_remote_class", "proxy", "x = 1", "B.isinstance(B.RuntimeError(), B.Exception)"),
]
