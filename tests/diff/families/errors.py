"""Exceptions: raise/except through the class hierarchy, as, else/finally,
raise from, bare raise, exception objects (args, str, repr, isinstance),
and uncaught exceptions (compared by type and message)."""

from cases import family

# fmt: off
RAISERS = [
    ("1 / 0", "ZeroDivisionError"), ("[][1]", "IndexError"), ("{}['k']", "KeyError"), ("int('x')", "ValueError"),
    ("None + 1", "TypeError"), ("raise ValueError('m')", "ValueError"), ("raise KeyError(1)", "KeyError"),
    ("assert False, 'a'", "AssertionError"), ("[].pop()", "IndexError"), ("'a'.index('b')", "ValueError"),
    ("undefined_name", "NameError"), ("(1).nope", "AttributeError"), ("raise TypeError", "TypeError"), ("x = 1", None),
    ("raise RuntimeError('r', 2)", "RuntimeError"), ("raise NotImplementedError('later')", "NotImplementedError"),
    ("raise LookupError()", "LookupError"), ("raise Exception('plain')", "Exception"),
    ("'é'.encode('ascii')", "UnicodeEncodeError"), ("b'\\xff'.decode()", "UnicodeDecodeError"),
    ("2.0 ** 10000", "OverflowError"), ("raise StopIteration(7)", "StopIteration"), ("next(iter([]))", "StopIteration"),
    ("raise OSError(2, 'No such file')", "FileNotFoundError"), ("import no_such_mod", "ModuleNotFoundError"),
    ("raise ArithmeticError('arith')", "ArithmeticError"), ("raise UnicodeError('u')", "UnicodeError"),
    ("chr(-1)", "ValueError"), ("raise SystemExit(3)", "SystemExit"), ("hash([])", "TypeError"),
    ("raise ZeroDivisionError", "ZeroDivisionError"), ("raise IndexError('custom', 'args')", "IndexError"),
]
# fmt: on
# fmt: off
CATCHERS = [
    "Exception", "ArithmeticError", "LookupError", "ZeroDivisionError", "KeyError", "IndexError", "ValueError",
    "TypeError", "NameError", "AttributeError", "AssertionError", "(TypeError, ValueError)", "BaseException", "OSError",
    "UnicodeError", "RuntimeError", "(KeyError, IndexError, ZeroDivisionError)", "StopIteration", "ImportError",
]
# fmt: on
# fmt: off
INFO = [
    "type(e).__name__", "e.args", "str(e)", "repr(e)", "isinstance(e, LookupError)", "isinstance(e, Exception)",
    "type(e).__mro__[1].__name__", "len(e.args)", "e.__class__.__name__", "bool(e)",
]
# fmt: on


def try_program(rng):
    body, _ = rng.choice(RAISERS)
    lines = ["trace = []", "info = None", "try:", "    trace.append('try')", f"    {body}", "    trace.append('after')"]
    for _ in range(rng.randrange(1, 4)):
        catcher = rng.choice(CATCHERS)
        lines += [
            f"except {catcher} as e:",
            f"    trace.append({catcher.split(',')[0].strip('(')!r})",
            f"    info = ({rng.choice(INFO)}, {rng.choice(INFO)})",
        ]
        if rng.random() < 0.15:
            lines.append("    raise")
    if rng.random() < 0.4:
        lines += ["else:", "    trace.append('else')"]
    if rng.random() < 0.5 or len(lines) == 6:
        lines += ["finally:", "    trace.append('finally')"]
    lines.append("result = (trace, info)")
    return "\n".join(lines)


def raise_from_program(rng):
    inner, _ = rng.choice(
        [r for r in RAISERS if r[1] and not r[0].startswith("raise SystemExit") and "Keyboard" not in r[0]]
    )
    outer = rng.choice(["ValueError('outer')", "RuntimeError", "KeyError('k')", "TypeError('t', 1)"])
    how = rng.choice(["from e", "from None", "", "from ValueError('explicit')"])
    return (
        "try:\n    try:\n"
        f"        {inner}\n"
        "    except BaseException as e:\n"
        f"        raise {outer} {how}\n"
        "except Exception as e2:\n"
        "    c, x = e2.__cause__, e2.__context__\n"
        "    result = (type(e2).__name__, e2.args, type(c).__name__, type(x).__name__, e2.__suppress_context__)"
    )


def uncaught(rng):
    body, _ = rng.choice(RAISERS)
    return ("exec", f"x = 0\n{body}\nresult = 'not raised'")


# fmt: off
ERR_FIXED = [
    ("exec", "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    result = (e.args, str(e), repr(e))"),
    ("exec", "try:\n    {}['k']\nexcept LookupError as e:\n    result = (type(e).__name__, str(e), e.args)"),
    ("exec", "try:\n    raise ValueError\nexcept ValueError as e:\n    result = (e.args, str(e), repr(e))"),
    ("exec", "try:\n    raise ValueError()\nexcept ValueError as e:\n    result = repr(e)"),
    ("exec", "e = ValueError('a', 1)\nresult = (e.args, str(e), repr(e))"), ("exec", "result = str(KeyError('k'))"),
    ("exec", "result = (str(KeyError()), str(KeyError(1, 2)), repr(KeyError('x')))"),
    ("exec", "result = (repr(OSError(2, 'x')), type(OSError(2, 'x')).__name__, str(OSError(2, 'x')))"),
    (
        "exec",
        "e = OSError(13, 'denied', 'f.txt')\n"
        "result = (type(e).__name__, e.errno, e.strerror, e.filename, str(e))",
    ),
    (
        "exec",
        "result = (type(OSError(17, 'x')).__name__, type(OSError(20, 'x')).__name__, type(OSError(999, 'x')).__name__)",
    ),
    ("exec", "result = [c.__name__ for c in ZeroDivisionError.__mro__]"),
    ("exec", "result = [c.__name__ for c in KeyError.__mro__]"),
    ("exec", "result = [c.__name__ for c in FileNotFoundError.__mro__]"),
    ("exec", "result = (issubclass(KeyError, LookupError), issubclass(LookupError, KeyError), issubclass(bool, int))"),
    (
        "exec",
        "result = (issubclass(ZeroDivisionError, (TypeError, ArithmeticError)), issubclass(Exception, BaseException))",
    ),
    (
        "exec",
        "result = (isinstance(KeyError(), Exception), isinstance(SystemExit(), Exception), "
        "isinstance(KeyboardInterrupt(), BaseException))",
    ),
    (
        "exec",
        "result = (issubclass(ModuleNotFoundError, ImportError), issubclass(UnicodeDecodeError, ValueError), "
        "issubclass(IOError, OSError), IOError is OSError)",
    ),
    (
        "exec",
        "result = (issubclass(TimeoutError, OSError), issubclass(ConnectionRefusedError, ConnectionError), "
        "issubclass(RecursionError, RuntimeError))",
    ),
    (
        "exec",
        "result = (issubclass(NotImplementedError, RuntimeError), issubclass(IndentationError, SyntaxError), "
        "issubclass(StopIteration, Exception))",
    ),
    (
        "exec",
        "trace = []\n"
        "try:\n"
        "    trace.append(1)\n"
        "except Exception:\n"
        "    trace.append(2)\n"
        "else:\n"
        "    trace.append(3)\n"
        "finally:\n"
        "    trace.append(4)\n"
        "result = trace",
    ),
    (
        "exec",
        "trace = []\n"
        "try:\n"
        "    try:\n"
        "        1 / 0\n"
        "    finally:\n"
        "        trace.append('inner finally')\n"
        "except ZeroDivisionError:\n"
        "    trace.append('outer')\n"
        "result = trace",
    ),
    (
        "exec",
        "try:\n"
        "    try:\n"
        "        1 / 0\n"
        "    finally:\n"
        "        raise KeyError('from finally')\n"
        "except Exception as e:\n"
        "    result = (type(e).__name__, type(e.__context__).__name__)",
    ),
    (
        "exec",
        "try:\n"
        "    try:\n"
        "        raise ValueError('a')\n"
        "    except ValueError:\n"
        "        raise\n"
        "except ValueError as e:\n"
        "    result = e.args",
    ),
    (
        "exec",
        "try:\n"
        "    try:\n"
        "        raise ValueError('a')\n"
        "    except ValueError as e:\n"
        "        raise TypeError('b') from e\n"
        "except TypeError as e:\n"
        "    result = (repr(e.__cause__), e.__suppress_context__)",
    ),
    (
        "exec",
        "try:\n"
        "    raise KeyError('k') from None\n"
        "except KeyError as e:\n"
        "    result = (e.__cause__, e.__context__, e.__suppress_context__)",
    ),
    ("exec", "try:\n    raise 1\nexcept TypeError as e:\n    result = str(e)"),
    ("exec", "try:\n    raise ValueError from 1\nexcept TypeError as e:\n    result = str(e)"),
    ("exec", "try:\n    raise\nexcept RuntimeError as e:\n    result = str(e)"),
    ("exec", "e = None\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    pass\nresult = 'e' in dir()"),
    ("exec", "try:\n    1 / 0\nexcept (ValueError, ZeroDivisionError) as e:\n    result = type(e).__name__"),
    ("exec", "try:\n    int('12a')\nexcept ValueError as e:\n    result = str(e)"),
    ("exec", "try:\n    [].pop()\nexcept IndexError as e:\n    result = e.args"),
    (
        "exec",
        "try:\n"
        "    'é'.encode('ascii')\n"
        "except UnicodeEncodeError as e:\n"
        "    result = (e.encoding, e.object, e.start, e.end, e.reason, str(e))",
    ),
    (
        "exec",
        "try:\n"
        "    b'a\\xffb'.decode()\n"
        "except UnicodeDecodeError as e:\n"
        "    result = (e.encoding, e.object, e.start, e.end, e.reason, str(e))",
    ),
    ("exec", "try:\n    undefined\nexcept NameError as e:\n    result = (e.args, e.name)"),
    ("exec", "try:\n    (1).nope\nexcept AttributeError as e:\n    result = (str(e), e.name)"),
    ("exec", "try:\n    import no_such_mod\nexcept ImportError as e:\n    result = (type(e).__name__, e.name, str(e))"),
    ("exec", "try:\n    raise SystemExit(3)\nexcept SystemExit as e:\n    result = (e.code, e.args)"),
    (
        "exec",
        "try:\n"
        "    raise KeyboardInterrupt('k')\n"
        "except BaseException as e:\n"
        "    result = (type(e).__name__, isinstance(e, Exception))",
    ),
    ("exec", "try:\n    raise StopIteration(7)\nexcept StopIteration as e:\n    result = (e.value, e.args)"),
    ("exec", "def f():\n    raise KeyError('in f')\ntry:\n    f()\nexcept KeyError as e:\n    result = e.args[0]"),
    ("exec", "def f():\n    try:\n        return 1\n    finally:\n        pass\nresult = f()"),
    (
        "exec",
        "def f():\n"
        "    for i in range(3):\n"
        "        try:\n"
        "            return i\n"
        "        finally:\n"
        "            if i == 0:\n"
        "                continue\n"
        "result = f()",
    ),
    (
        "exec",
        "result = []\n"
        "for exc in (ValueError, KeyError, ZeroDivisionError):\n"
        "    try:\n"
        "        raise exc('x')\n"
        "    except LookupError:\n"
        "        result.append('lookup')\n"
        "    except Exception as e:\n"
        "        result.append(type(e).__name__)",
    ),
    ("exec", "e = ValueError('x')\ne.extra = 5\nresult = (e.extra, e.args)"),
    ("exec", "e = Exception()\ne.args = (1, 2)\nresult = str(e)"),
    (
        "exec",
        "result = (BaseException.__name__, ValueError.__name__, type(ValueError('x')).__name__, "
        "ValueError('x').__class__.__name__)",
    ),
    ("exec", "result = str(ValueError(ValueError('nested')))"),
    ("exec", "result = repr(ValueError('a', ValueError('b')))"),
    ("exec", "result = [str(Exception(x)) for x in (None, 1, 'a', (1,), [2], {'k': 1})]"),
    ("exec", "assert 1 == 2, ('tuple', 'message')\nresult = 0"),
    ("exec", "try:\n    assert False, 'm'\nexcept AssertionError as e:\n    result = e.args"), "ValueError('x').args",
    "KeyError(1) == KeyError(1)", "isinstance(ValueError(), (KeyError, ValueError))",
    "issubclass(ValueError, ValueError)", "issubclass(ValueError(), Exception)", "issubclass(int, 1)",
    "isinstance(1, (str, (int,)))", "BaseException('a', 'b').args", "str(BaseException())", "repr(Exception('a'))",
    "repr(Exception('a',))", "StopIteration().value", "type(KeyError).__name__", "KeyError.__base__.__name__",
    "LookupError.__subclasses__() != []",
]
# fmt: on


def err_fixed():
    return list(ERR_FIXED)


def err_draw(rng):
    r = rng.random()
    if r < 0.6:
        return ("exec", try_program(rng))
    if r < 0.8:
        return ("exec", raise_from_program(rng))
    return uncaught(rng)


family(
    "exceptions",
    "raise/except through the hierarchy, as/else/finally, raise from, exception objects, uncaught errors",
    err_fixed,
    err_draw,
    weight=4,
)
