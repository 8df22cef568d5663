"""Unit tests of the harness itself: verdicts, the determinism screen, the
client's view of exceptions, generation, exit statuses. Run by
scripts/difftest.sh before every run (``python -m pytest tests/diff``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import cases  # noqa: E402
import report  # noqa: E402
from cases import Case  # noqa: E402
from observe import ServerLost, _guarded_repr, classify, local_proxy, message_verdict, reference, unplain  # noqa: E402


def value(r, obtained=None):
    return {"kind": "value", "repr": r, "obtained": r if obtained is None else obtained}


def exc(t, msg=""):
    return {"kind": "exc", "type": t, "msg": msg}


def test_verdicts():
    assert classify(value("1"), value("1")) == ("agree", None)
    assert classify(value("1"), {"kind": "value", "repr": None, "obtained": "1"}) == ("agree", None)
    assert classify(value("[1]"), value("[1]", obtained="[1]") | {"repr": "[1, 1]"}) == ("wrong", "server-repr")
    assert classify(value("1"), value("2")) == ("wrong", "value")
    assert classify(value("1"), exc("TypeError")) == ("wrong", "raised")
    assert classify(exc("TypeError"), value("1")) == ("wrong", "no-raise")
    assert classify(exc("TypeError"), exc("ValueError")) == ("wrong", "exc-type")
    assert classify(exc("TypeError", "a"), exc("TypeError", "b")) == ("agree", None)
    assert classify(value("1"), exc("SyntaxError")) == ("unsupported", "SyntaxError")
    assert classify(value("1"), exc("IndentationError")) == ("unsupported", "IndentationError")
    assert classify(exc("TypeError"), exc("NotImplementedError")) == ("unsupported", "NotImplementedError")
    # CPython's own SyntaxError, matched, is agreement.
    assert classify(exc("SyntaxError"), exc("SyntaxError")) == ("agree", None)
    # A refusal that happens to share CPython's exception type.
    assert classify(exc("TypeError", "bad operand"), exc("TypeError", "x is not implemented by rpyc-agent")) == (
        "wrong",
        "hollow",
    )
    assert classify(value("1"), {"kind": "lost", "why": "EOF"}) == ("crash", "lost")


def test_message_metric():
    case = Case("t", "f", "eval", "x")
    assert message_verdict(case, exc("KeyError", "'k'"), exc("KeyError", "'k'")) is True
    assert message_verdict(case, exc("KeyError", "'k'"), exc("KeyError", "k")) is False
    assert message_verdict(case, exc("KeyError"), exc("IndexError")) is None
    assert message_verdict(Case("t", "f", "eval", "x", msg=False), exc("E", "a"), exc("E", "b")) is None


def test_determinism_screen():
    assert unplain({"b": 1, "a": 2}, False) is None
    assert unplain({1, 2}, False) is not None
    assert unplain({1, 2}, True) is None
    assert unplain({"a", "b"}, True) is not None
    assert unplain(frozenset({"a"}), False) is None
    assert unplain([(1, {2: {3, 4}})], False) is not None
    assert unplain(len, False) is not None
    assert unplain(range(3), False) is None


def test_reference_sees_exceptions_as_the_rpyc_client_does():
    # rpyc sends StopIteration as a bare constant: the client sees no args.
    assert reference(Case("t", "f", "eval", "next(iter([]))")) == exc("StopIteration", "")
    assert reference(Case("t", "f", "exec", "raise StopIteration(7)")) == exc("StopIteration", "")
    assert reference(Case("t", "f", "eval", "{}['k']")) == exc("KeyError", "'k'")
    out = reference(Case("t", "f", "exec", "raise OSError(2, 'No such file')"))
    assert out["type"] == "FileNotFoundError" and out["msg"].startswith("[Errno 2] No such file")
    # A value that cannot cross rpyc, a result that is not a plain value, no result.
    assert reference(Case("t", "f", "eval", "chr(0xd800)"))["kind"] == "invalid"
    assert reference(Case("t", "f", "eval", "len"))["kind"] == "invalid"
    assert reference(Case("t", "f", "exec", "x = 1"))["kind"] == "invalid"
    assert reference(Case("t", "set_order", "eval", "{3, 1, 2}")) == value("{1, 2, 3}")


def test_a_lost_server_is_not_a_repr_failure():
    def hang():
        raise EOFError("stream has been closed")

    def broken():
        raise TypeError("cannot pickle 'reversed' object")

    try:
        _guarded_repr(hang)
    except ServerLost:
        pass
    else:
        raise AssertionError("EOFError while fetching a result must be ServerLost")
    assert _guarded_repr(broken) == "<repr failed: TypeError: cannot pickle 'reversed' object>"


def test_local_proxy():
    out = local_proxy(Case("t", "proxy", "proxy", "r = [3, 1]", "B.sorted(ns['r'])"))
    assert out == value("[1, 3]")


def test_generation_is_deterministic_and_seeded():
    a = cases.generate(5, 800)
    assert a == cases.generate(5, 800)
    assert a != cases.generate(6, 800)
    assert len({c.id for c in a}) == len(a)
    assert {c.family for c in a} == {n for n, f in cases.FAMILIES.items() if f.suite == "language"}
    both = cases.generate(5, 800, suites=cases.SUITES)
    assert {c.family for c in both} == set(cases.FAMILIES)
    assert all(c.suite == cases.FAMILIES[c.family].suite for c in both)
    # Every family keeps its hand-picked cases whatever the count.
    small = cases.generate(5, 10, ["arith"])
    assert [c.src for c in small][:3] == ["7 // 2", "-7 // 2", "7 // -2"]


def summary(server, agree, total, wrong=0, crash=0, msgs=(0, 0)):
    o = {
        "agree": agree,
        "total": total,
        "wrong": wrong,
        "unsupported": total - agree - wrong - crash,
        "crash": crash,
        "agreement": 100.0 * agree / total,
        "messages_agree": msgs[0],
        "messages_compared": msgs[1],
    }
    return {"server": server, "overall": o}


def test_exit_statuses():
    ok = {"invalid": [], "servers": [summary("classic", 10, 10, msgs=(3, 3)), summary("agent", 5, 10, wrong=2)]}
    assert report.verdict(ok, None, None) == 0
    assert report.verdict(ok, 50, 2) == 0
    assert report.verdict(ok, 51, None) == 1
    assert report.verdict(ok, None, 1) == 1
    crashed = {"invalid": [], "servers": [summary("agent", 5, 10, crash=1)]}
    assert report.verdict(crashed, None, None) == 1
    assert report.verdict(crashed, None, None, max_crashes=1) == 0
    bad_harness = {"invalid": [], "servers": [summary("classic", 9, 10, wrong=1)]}
    assert report.verdict(bad_harness, None, None) == 2
    bad_messages = {"invalid": [], "servers": [summary("classic", 10, 10, msgs=(2, 3))]}
    assert report.verdict(bad_messages, None, None) == 2
    invalid = {"invalid": [{"id": "x", "why": "y"}], "servers": []}
    assert report.verdict(invalid, None, None) == 2


def test_fixture_is_rebuilt_alike_and_bound_as_fix():
    import os

    import fixture

    case = Case("t", "f", "exec", "import os\nresult = sorted(os.listdir(FIX))", suite="stdlib")
    first = reference(case)
    # A case that wrecks the tree does not leak into the next one.
    wreck = Case("t", "f", "exec", "import shutil\nshutil.rmtree(FIX + '/sub')\nresult = 1", suite="stdlib")
    assert reference(wreck) == value("1")
    assert reference(case) == first
    assert "'sub'" in first["repr"] and "'dangling'" in first["repr"]
    st = os.lstat(fixture.ROOT / "a.txt")
    assert (st.st_mtime, st.st_size) == (fixture.MTIME, 11)
    assert not fixture.uses_fixture(Case("t", "f", "eval", "FIXED + 1"))


def test_stdlib_results_may_be_any_picklable_class():
    ok = reference(Case("t", "f", "exec", "import datetime\nresult = datetime.date(2024, 2, 29)", suite="stdlib"))
    assert ok == value("datetime.date(2024, 2, 29)")
    lang = reference(Case("t", "f", "exec", "import datetime\nresult = datetime.date(2024, 2, 29)"))
    assert lang["kind"] == "invalid"
    unpicklable = reference(Case("t", "f", "exec", "import threading\nresult = threading.Lock()", suite="stdlib"))
    assert unpicklable["kind"] == "invalid"


def test_local_proxy_offers_modules_as_m():
    out = local_proxy(Case("t", "proxy", "proxy", "x = 1", "M['os.path'].join('a', 'b'), M.json.dumps([1])"))
    assert out == value("('a/b', '[1]')")
