"""Running one case and describing what happened, on either side.

An outcome is a dict:

- ``{"kind": "value", "repr": R, "obtained": O}``: ``R`` is the repr made
  where the value lives (CPython in-process, or the server: ``repr(result)``
  evaluated there, or a netref's remote ``__repr__``; ``None`` when the
  value crossed by value and no server-side repr exists), ``O`` is the repr
  of the value after it crossed to the client by value
  (``rpyc.classic.obtain``; in-process, a pickle round trip, which rebuilds
  sets exactly as the client does).
- ``{"kind": "exc", "type": T, "msg": M}``: the exception's qualified class
  name and ``str()`` (for exceptions raised on the server, the message
  without the remote traceback rpyc appends).
- ``{"kind": "invalid", "why": W}``: the *reference* run shows the case
  cannot be compared (a generator bug: no ``result``, a value that cannot
  cross by value, a set whose order depends on string hashing).
- ``{"kind": "lost", "why": W}``: the server stopped answering (crash,
  hang, closed connection).
"""

import importlib
import pickle

import rpyc
from rpyc.core import brine, vinegar
from rpyc.core.async_ import AsyncResultTimeout
from rpyc.core.protocol import DEFAULT_CONFIG
from rpyc.core.vinegar import GenericException

import fixture

# What a classic connection's SlaveService sets on top of rpyc's defaults.
CLASSIC_CONFIG = dict(
    DEFAULT_CONFIG,
    import_custom_exceptions=True,
    instantiate_custom_exceptions=True,
    instantiate_oldstyle_exceptions=True,
)

PLAIN_TYPES = (type(None), bool, int, float, complex, str, bytes, tuple, list, dict, set, frozenset, range, slice)


class ServerLost(Exception):
    """The connection died or timed out: the case did not finish."""


def qualified_name(cls):
    if cls.__module__ == "builtins" or issubclass(cls, GenericException):
        # GenericException subclasses are named "module.Class" already.
        return cls.__name__
    return f"{cls.__module__}.{cls.__qualname__}"


def exc_outcome(e):
    cls = type(e)
    if hasattr(e, "_remote_tb"):
        # rpyc's vinegar wraps the remote class in a subclass whose __str__
        # appends the remote traceback: describe the class it wraps.
        cls = cls.__mro__[1]
        try:
            msg = cls.__str__(e)
        except Exception as inner:  # a broken exception is a finding too
            msg = f"<unprintable: {type(inner).__name__}>"
    else:
        try:
            msg = str(e)
        except Exception as inner:
            msg = f"<unprintable: {type(inner).__name__}>"
    return {"kind": "exc", "type": qualified_name(cls), "msg": msg}


def unplain(v, allow_int_sets, any_class=False, depth=0):
    """Why ``v`` cannot be compared deterministically by repr, or None.
    ``any_class`` (the stdlib suite) admits instances of any class that
    pickles (a datetime, a struct_passwd, a PosixPath): the client's copy
    of those is what `obtain` gives."""
    if depth > 50:
        return None  # recursive containers: the repr shows [...] on both sides
    if isinstance(v, (set, frozenset)):
        if len(v) <= 1:
            return unplain(next(iter(v)), allow_int_sets, any_class, depth + 1) if v else None
        if not allow_int_sets:
            return "a set of more than one element outside the set_order family"
        if not all(type(x) is int for x in v):
            return "a set of non-int elements (iteration order depends on hashing)"
        return None
    if v is ... or v is NotImplemented:
        return None
    if not isinstance(v, PLAIN_TYPES):
        if not any_class:
            return f"a {type(v).__name__} result (not a plain value)"
        try:
            pickle.loads(pickle.dumps(v))
        except Exception as e:
            return f"a {type(v).__name__} result that does not pickle ({type(e).__name__})"
        return None
    if isinstance(v, (tuple, list)):
        for x in v:
            why = unplain(x, allow_int_sets, any_class, depth + 1)
            if why:
                return why
    if isinstance(v, dict):
        for k, x in v.items():
            why = unplain(k, allow_int_sets, any_class, depth + 1) or unplain(x, allow_int_sets, any_class, depth + 1)
            if why:
                return why
    return None


def _guarded_repr(fn):
    """``fn()``, or a description of its failure that never equals a repr;
    a dead or hung server is not a failure of the value: ServerLost."""
    try:
        return fn()
    except (AsyncResultTimeout, EOFError, ConnectionError) as e:
        raise ServerLost(f"{type(e).__name__} while fetching the result: {e}") from e
    except Exception as e:
        o = exc_outcome(e)
        return f"<repr failed: {o['type']}: {o['msg']}>"


def transported(e):
    """The exception as the rpyc client sees it when a real Python server
    raises it (rpyc's vinegar dump, brine, load): the client's view is what
    the agent must reproduce, rpyc's quirks included (``StopIteration(7)``
    reads as ``''``, an ``OSError`` shows ``: None -> None``). None when it
    cannot cross at all (a lone surrogate in its args)."""
    raw = vinegar.dump(type(e), e, None, include_local_traceback=False, include_local_version=False)
    try:
        raw = brine.load(brine.dump(raw))
    except (UnicodeError, ValueError, TypeError):
        return None
    # The classic client's settings (SlaveService.on_connect), not rpyc's
    # defaults: a module's exception class (io.UnsupportedOperation) is
    # imported and instantiated as itself, with its own __str__.
    seen = vinegar.load(
        raw,
        import_custom_exceptions=CLASSIC_CONFIG["import_custom_exceptions"],
        instantiate_custom_exceptions=CLASSIC_CONFIG["instantiate_custom_exceptions"],
        instantiate_oldstyle_exceptions=CLASSIC_CONFIG["instantiate_oldstyle_exceptions"],
    )
    # StopIteration crosses as a bare constant and is raised as the class.
    return seen() if isinstance(seen, type) else seen


def brine_fails(v):
    """Values rpyc sends by value (brine) must encode: a str with a lone
    surrogate does not (utf-8), and a real server drops the connection."""
    if not brine.dumpable(v):
        return False
    try:
        brine.dump(v)
    except (UnicodeError, ValueError):
        return True
    return False


def reference(case):
    """The case run by CPython in this process, in a fresh namespace."""
    if case.suite == "stdlib":
        # A module call that does not even compile agrees everywhere on a
        # SyntaxError and tests nothing (a program written as a plain
        # string is an eval case: write it as ("exec", src)).
        try:
            compile(case.src, "<case>", "eval" if case.mode == "eval" else "exec")
        except SyntaxError as e:
            return {"kind": "invalid", "why": f"the {case.mode} source does not compile: {e.msg}"}
    ns = {}
    fix = fixture.prepare(case)
    if fix is not None:
        ns["FIX"] = fix
    try:
        if case.mode == "eval":
            v = eval(case.src, ns)
        else:
            exec(case.src, ns)
            if "result" not in ns:
                return {"kind": "invalid", "why": "the program sets no `result`"}
            v = ns["result"]
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        seen = transported(e)
        if seen is None:
            return {"kind": "invalid", "why": f"{type(e).__name__} cannot cross rpyc (lone surrogate)"}
        return exc_outcome(seen)
    if brine_fails(v):
        return {"kind": "invalid", "why": "the value cannot cross rpyc by value (lone surrogate)"}
    why = unplain(v, case.family == "set_order", case.suite == "stdlib")
    if why:
        return {"kind": "invalid", "why": why}
    return {
        "kind": "value",
        "repr": _guarded_repr(lambda: repr(v)),
        "obtained": _guarded_repr(lambda: repr(pickle.loads(pickle.dumps(v)))),
    }


def remote(conn, case):
    """The case run through the unmodified rpyc client on ``conn``.

    Raises ServerLost when the server stops answering."""
    ns = conn.namespace
    try:
        try:
            ns.clear()
        except Exception as e:
            raise ServerLost(f"clearing the namespace failed: {exc_outcome(e)}") from e
        fix = fixture.prepare(case)
        if fix is not None:
            ns["FIX"] = fix
        try:
            if case.mode == "eval":
                v = conn.eval(case.src)
            elif case.mode == "exec":
                conn.execute(case.src)
                v = ns["result"]
            else:
                conn.execute(case.src)
                v = eval(case.op, {"ns": ns, "B": conn.builtins, "M": conn.modules, "FIX": fix})
        except (AsyncResultTimeout, EOFError, ConnectionError) as e:
            raise ServerLost(f"{type(e).__name__}: {e}") from e
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt) and not hasattr(e, "_remote_tb"):
                raise
            if conn.closed:
                raise ServerLost(f"connection closed during the case ({type(e).__name__})") from e
            return exc_outcome(e)
        obtained = _guarded_repr(lambda: repr(rpyc.classic.obtain(v)))
        if case.mode == "exec":
            server_repr = _guarded_repr(lambda: conn.eval("repr(result)"))
        elif isinstance(v, rpyc.BaseNetref):
            server_repr = _guarded_repr(lambda: repr(v))
        else:
            server_repr = None
        if conn.closed:
            raise ServerLost("connection closed while fetching the result")
        return {"kind": "value", "repr": server_repr, "obtained": obtained}
    except AsyncResultTimeout as e:
        raise ServerLost(f"timed out: {e}") from e


# How the agent refuses what it does not implement: a SyntaxError (its
# subclasses included: `except SyntaxError` catches them) or
# NotImplementedError. Any other answer that differs is a wrong answer.
def local_proxy(case):
    """A proxy case with plain local objects instead of netrefs (``ns`` a
    dict, ``B`` this process's builtins): where this differs from the
    reference through rpyc, the case shows an rpyc quirk, and the report
    says so."""
    import builtins

    ns = {}
    fix = fixture.prepare(case)
    if fix is not None:
        ns["FIX"] = fix
    try:
        exec(case.src, ns)
        v = eval(case.op, {"ns": ns, "B": builtins, "M": LocalModules(), "FIX": fix})
    except KeyboardInterrupt:
        raise
    except BaseException as e:
        return exc_outcome(e)
    return {
        "kind": "value",
        "repr": _guarded_repr(lambda: repr(v)),
        "obtained": _guarded_repr(lambda: repr(pickle.loads(pickle.dumps(v)))),
    }


class LocalModules:
    """This process's modules the way ``conn.modules`` offers a server's:
    ``M.json``, ``M['xml.dom.minidom']``."""

    def __getitem__(self, name):
        return importlib.import_module(name)

    def __getattr__(self, name):
        return importlib.import_module(name)


UNSUPPORTED_TYPES = ("SyntaxError", "IndentationError", "TabError", "NotImplementedError")


# Every refusal of rpyc-agent names itself ("... is not implemented by
# rpyc-agent", "rpyc-agent evaluates a subset of Python"); CPython's
# messages never do.
HOLLOW_MARK = "rpyc-agent"


def classify(expected, got):
    """``(verdict, detail)``: verdict is agree, unsupported, wrong or crash;
    detail names how a wrong answer is wrong."""
    if got["kind"] == "lost":
        return "crash", "lost"
    ek, gk = expected["kind"], got["kind"]
    if ek == "exc" and gk == "exc" and expected["type"] == got["type"]:
        if HOLLOW_MARK in got["msg"] and HOLLOW_MARK not in expected["msg"]:
            # The types match by accident: the agent says it does not
            # implement this (a TypeError for '%', say) where CPython
            # raised the same type for another reason.
            return ("unsupported", got["type"]) if got["type"] in UNSUPPORTED_TYPES else ("wrong", "hollow")
        return "agree", None
    if gk == "exc" and got["type"] in UNSUPPORTED_TYPES:
        return "unsupported", got["type"]
    if ek == "value" and gk == "value":
        if expected["obtained"] != got["obtained"]:
            return "wrong", "value"
        if got["repr"] is not None and got["repr"] != expected["repr"]:
            return "wrong", "server-repr"
        return "agree", None
    if ek == "value":
        return "wrong", "raised"
    if gk == "value":
        return "wrong", "no-raise"
    return "wrong", "exc-type"


def message_verdict(case, expected, got):
    """None when messages are not compared, else whether they agree."""
    if not case.msg or expected["kind"] != "exc" or got["kind"] != "exc":
        return None
    if expected["type"] != got["type"]:
        return None
    return expected["msg"] == got["msg"]
