"""io: StringIO in every newline mode (None, '', '\\n', '\\r', '\\r\\n')
over text with mixed line endings — read, readline with sizes, readlines
with hints, iteration, tell/seek (and the seeks text streams refuse),
write past the end, truncate, getvalue, newlines, closed-stream errors;
BytesIO (read/read1/readline/readinto, zero-filled writes past the end,
truncate, getvalue, getbuffer-free paths); io.UnsupportedOperation's
place in the hierarchy; both streams read line by line from the client
(``M.io``)."""

from cases import family

from .seqs import op_program, programs

# fmt: off
FIXED = [
    "import io\ns = io.StringIO('a\\nb\\r\\nc\\rd')\nresult = s.read(), s.read(), s.tell()",
    "import io\ns = io.StringIO('a\\nb\\r\\nc\\rd', newline=None)\nresult = s.readlines(), s.getvalue(), s.newlines",
    "import io\ns = io.StringIO('a\\nb\\r\\nc\\rd', newline='')\nresult = s.readlines(), s.getvalue(), s.newlines",
    "import io\ns = io.StringIO('a\\nb\\r\\nc\\rd', newline='\\n')\nresult = s.readlines(), s.getvalue(), s.newlines",
    "import io\ns = io.StringIO('a\\nb\\r\\nc\\rd', newline='\\r')\nresult = s.readlines(), s.getvalue(), s.newlines",
    "import io\n"
        "s = io.StringIO('a\\n"
        "b\\r\\n"
        "c\\rd', newline='\\r\\n"
        "')\n"
        "result = s.readlines(), s.getvalue(), s.newlines",
    "import io\ns = io.StringIO(newline=None)\ns.write('x\\r\\ny\\rz\\n')\nresult = s.getvalue(), s.newlines",
    "import io\n"
        "s = io.StringIO(newline=None)\n"
        "s.write('x\\n"
        "')\n"
        "a = s.newlines\n"
        "s.write('y\\r\\n"
        "')\n"
        "b = s.newlines\n"
        "s.write('z\\r')\n"
        "result = a, b, s.newlines",
    "import io\ns = io.StringIO()\nresult = s.newlines, io.StringIO('a\\r\\n').newlines",
    "import io\ns = io.StringIO('a\\r\\n')\ns.read()\nresult = s.newlines",
    "import io\ns = io.StringIO('a\\r\\nb\\n', newline=None)\nresult = s.newlines, s.readline(), s.newlines",
    "import io\ns = io.StringIO(newline='')\ns.write('a\\rb\\r\\n')\nresult = s.getvalue(), s.newlines",
    "import io\n"
        "s = io.StringIO(newline='\\r\\n"
        "')\n"
        "s.write('a\\n"
        "b\\r\\n"
        "')\n"
        "s.seek(0)\n"
        "result = s.getvalue(), s.readlines(), s.newlines",
    "import io\n"
        "s = io.StringIO(newline='\\r')\n"
        "s.write('a\\n"
        "b')\n"
        "s.seek(0)\n"
        "result = s.getvalue(), s.readline(), s.tell()",
    "import io\nresult = io.StringIO(newline='x')",
    "import io\nresult = io.StringIO(newline=5)",
    "import io\nresult = io.StringIO(5)",
    "import io\nresult = io.StringIO(b'x')",
    "import io\nresult = io.StringIO(None).getvalue(), io.StringIO(initial_value='q').read()",
    "import io\n"
        "s = io.StringIO('hello\\n"
        "world\\n"
        "')\n"
        "result = s.readline(), s.readline(3), s.readline(-1), s.readline(), s.readline()",
    "import io\n"
        "s = io.StringIO('hello\\n"
        "world\\n"
        "')\n"
        "result = s.readline(0), s.readline(None), s.read(0), s.read(2), s.read(-1), s.read(None)",
    "import io\ns = io.StringIO('hello')\ns.readline(1.5)",
    "import io\n"
        "s = io.StringIO('a\\n"
        "bb\\n"
        "ccc\\n"
        "dddd\\n"
        "')\n"
        "result = s.readlines(3), s.readlines(1), s.readlines(0), s.readlines()",
    "import io\ns = io.StringIO('a\\nbb\\nccc\\n')\nresult = list(s), list(s)",
    "import io\ns = io.StringIO('a\\nb')\nresult = next(s), next(s), next(s, 'end')",
    "import io\ns = io.StringIO('a')\nnext(s)\nnext(s)",
    "import io\ns = io.StringIO()\nresult = s.write('abc'), s.write(''), s.tell(), s.getvalue(), s.read()",
    "import io\ns = io.StringIO()\ns.write(5)",
    "import io\ns = io.StringIO('abcdef')\ns.seek(10)\ns.write('X')\nresult = s.getvalue(), s.tell()",
    "import io\n"
        "s = io.StringIO('abcdef')\n"
        "result = s.seek(2), s.read(2), s.tell(), s.seek(0, 2), s.tell(), s.seek(0, 1), s.seek(0)",
    "import io\ns = io.StringIO('abc')\ns.seek(1, 1)",
    "import io\ns = io.StringIO('abc')\ns.seek(-1, 2)",
    "import io\ns = io.StringIO('abc')\ns.seek(-1)",
    "import io\ns = io.StringIO('abc')\ns.seek(0, 3)",
    "import io\ns = io.StringIO('abc')\ns.seek(1.5)",
    "import io\n"
        "s = io.StringIO('abcdef')\n"
        "s.seek(2)\n"
        "result = s.truncate(), s.getvalue(), s.truncate(1), s.getvalue(), s.tell()",
    "import io\ns = io.StringIO('abcdef')\nresult = s.truncate(10), s.getvalue()",
    "import io\ns = io.StringIO('abc')\ns.truncate(-1)",
    "import io\ns = io.StringIO('abcdef')\ns.read(2)\ns.write('XY')\nresult = s.getvalue(), s.tell(), s.read()",
    "import io\ns = io.StringIO('x')\ns.close()\nresult = s.closed",
    "import io\ns = io.StringIO('x')\ns.close()\ns.read()",
    "import io\ns = io.StringIO('x')\ns.close()\ns.getvalue()",
    "import io\ns = io.StringIO('x')\ns.close()\ns.write('y')",
    "import io\ns = io.StringIO('x')\ns.close()\ns.tell()",
    "import io\ns = io.StringIO('x')\ns.close()\nnext(s)",
    "import io\ns = io.StringIO('x')\ns.close()\ns.close()\nresult = s.closed",
    "import io\n"
        "s = io.StringIO('x')\n"
        "result = s.readable(), s.writable(), s.seekable(), s.isatty(), s.closed, s.line_buffering, s.encoding, "
            "s.errors",
    "import io\ns = io.StringIO('x')\ns.fileno()",
    "import io\ns = io.StringIO('x')\ns.detach()",
    "import io\ns = io.StringIO('x')\nresult = s.flush(), s.writelines(['a', 'b']), s.getvalue()",
    "import io\ns = io.StringIO('x')\ns.writelines([1])",
    "import io\nwith io.StringIO('ctx') as s:\n    a = s.read()\nresult = a, s.closed",
    "import io\nwith io.StringIO('ctx') as s:\n    pass\ns.read()",
    "import io\n"
        "result = issubclass(io.UnsupportedOperation, OSError), issubclass(io.UnsupportedOperation, ValueError), "
        "io.UnsupportedOperation.__mro__[1:3]",
    "import io\n"
        "try:\n"
        "    io.StringIO().fileno()\n"
        "except ValueError as e:\n"
        "    result = 'value', type(e).__name__\n"
        "except OSError as e:\n"
        "    result = 'os', type(e).__name__",
    "import io\n"
        "try:\n"
        "    io.StringIO().fileno()\n"
        "except OSError as e:\n"
        "    result = 'os', type(e).__name__, isinstance(e, ValueError)",
    "import io\n"
        "try:\n"
        "    io.StringIO('a').seek(1, 1)\n"
        "except io.UnsupportedOperation as e:\n"
        "    result = type(e).__name__, isinstance(e, OSError), isinstance(e, ValueError)",
    "import io\nresult = io.UnsupportedOperation('x').args, str(io.UnsupportedOperation('a', 'b'))",
    "import io\nresult = io.SEEK_SET, io.SEEK_CUR, io.SEEK_END, io.DEFAULT_BUFFER_SIZE",
    "import io\ns = io.StringIO('é日本\\U0001f600')\nresult = s.read(1), s.tell(), s.read(), s.tell()",
    "import io\ns = io.StringIO('ab\\r\\ncd')\nresult = s.read(3), s.tell(), s.read(), repr(s.getvalue())",
    "import io\ns = io.StringIO('ab\\r\\ncd', newline='')\nresult = s.read(3), s.read(1), s.read()",
    "import io\ns = io.StringIO('line\\r')\nresult = s.readline(), s.readline(), s.newlines",
    "import io\ns = io.StringIO('\\r\\n\\r\\n', newline=None)\nresult = s.readlines(), s.newlines",
    "import io\ns = io.StringIO('a\\rb', newline='')\nresult = s.readline(), s.readline(), s.readline()",
    "import io\ns = io.StringIO('a\\r\\nb', newline='\\r')\nresult = s.readline(), s.readline()",
    "import io\ns = io.StringIO('a\\r\\nb', newline='\\n')\nresult = s.readline(), s.readline()",
    "import io\nresult = type(io.StringIO()).__name__, type(io.StringIO()).__module__, type(io.BytesIO()).__name__",
    # BytesIO
    "import io\n"
        "b = io.BytesIO(b'ab\\n"
        "cd\\n"
        "\\n"
        "e')\n"
        "result = b.readline(), b.readline(1), b.readlines(), b.read(), b.tell()",
    "import io\nb = io.BytesIO(b'abcdef')\nresult = b.read(2), b.read1(2), b.read1(), b.read(), b.getvalue()",
    "import io\n"
        "b = io.BytesIO()\n"
        "result = b.write(b'abc'), b.write(bytearray(b'de')), b.write(memoryview(b'f')), b.getvalue(), b.tell()",
    "import io\nb = io.BytesIO()\nb.write('str')",
    "import io\nb = io.BytesIO(b'abc')\nb.seek(6)\nb.write(b'Z')\nresult = b.getvalue()",
    "import io\n"
        "b = io.BytesIO(b'abc')\n"
        "result = b.seek(-1, 2), b.read(), b.seek(-1, 1), b.read(), b.seek(100), b.read()",
    "import io\nb = io.BytesIO(b'abc')\nb.seek(-1)",
    "import io\nb = io.BytesIO(b'abc')\nb.seek(-10, 2)\nresult = b.tell()",
    "import io\nb = io.BytesIO(b'abc')\nb.seek(0, 5)",
    "import io\n"
        "b = io.BytesIO(b'abcdef')\n"
        "b.seek(4)\n"
        "result = b.truncate(2), b.getvalue(), b.tell(), b.truncate(), b.getvalue()",
    "import io\nb = io.BytesIO(b'abc')\nb.truncate(-1)",
    "import io\n"
        "b = io.BytesIO(b'abcdef')\n"
        "buf = bytearray(4)\n"
        "result = b.readinto(buf), buf, b.readinto(buf), buf, b.readinto(buf)",
    "import io\nb = io.BytesIO('str')",
    "import io\nb = io.BytesIO(5)",
    "import io\n"
        "b = io.BytesIO(bytearray(b'xy'))\n"
        "result = b.read(), io.BytesIO(memoryview(b'q')).read(), io.BytesIO(None).read()",
    "import io\nb = io.BytesIO(b'a\\nb\\n')\nresult = list(b), list(b)",
    "import io\nb = io.BytesIO(b'x')\nb.close()\nb.read()",
    "import io\nb = io.BytesIO(b'x')\nb.close()\nb.getvalue()",
    "import io\nb = io.BytesIO(b'x')\nresult = b.readable(), b.writable(), b.seekable(), b.isatty(), b.closed",
    "import io\nb = io.BytesIO(b'x')\nb.fileno()",
    "import io\nb = io.BytesIO(b'a\\r\\nb\\rc')\nresult = b.readlines()",
    "import io\nb = io.BytesIO(b'a\\nbb\\nccc\\n')\nresult = b.readlines(2), b.readlines(-1)",
    "import io\nb = io.BytesIO()\nb.writelines([b'a', bytearray(b'b')])\nresult = b.getvalue()",
    "import io\nb = io.BytesIO()\nb.writelines(['a'])",
    "import io\nwith io.BytesIO(b'q') as b:\n    r = b.read()\nresult = r, b.closed",
    "import io\nb = io.BytesIO(b'abc')\nb.read(1.5)",
    "import io\nb = io.BytesIO(b'abc')\nresult = b.read(None), b.read(-5), b.read(0)",
    # eval: one expression
    ("eval", "__import__('io').StringIO('a\\nb').readlines()"),
    ("eval", "__import__('io').BytesIO(b'xy').read(1)"),
    ("eval", "__import__('io').StringIO(newline='x')"),
    ("eval", "__import__('io').StringIO('a\\r\\nb', newline=None).newlines"),
    # proxy: the client reads the server's streams
    ("proxy", "import io", "[line for line in M.io.StringIO('a\\nb\\nc')]"),
    ("proxy", "import io\ns = io.StringIO('a\\nb\\n')", "(ns['s'].readline(), ns['s'].readline(), ns['s'].readline())"),
    ("proxy", "import io\ns = io.StringIO('a\\r\\nb', newline='')", "list(ns['s'])"),
    ("proxy", "import io\ns = io.StringIO('a\\r\\nb\\rc')", "(ns['s'].readlines(), ns['s'].newlines)"),
    ("proxy", "import io\ns = io.StringIO()", "(ns['s'].write('abc'), ns['s'].getvalue())"),
    ("proxy", "import io\ns = io.StringIO('x')", "ns['s'].seek(1, 1)"),
    ("proxy", "import io\ns = io.StringIO('x')", "(ns['s'].close(), ns['s'].read())"),
    ("proxy", "import io\nb = io.BytesIO(b'x\\ny')", "list(ns['b'])"),
    ("proxy", "import io\nb = io.BytesIO(b'abc')", "(ns['b'].read(1), ns['b'].read(), ns['b'].tell())"),
    ("proxy", "import io", "M.io.BytesIO(b'hi').getvalue()"),
    ("proxy", "import io", "B.issubclass(M.io.UnsupportedOperation, B.OSError)"),
    ("proxy", "import io", "M.io.StringIO(newline='bad')"),
    ("proxy", "import io", "M.io.StringIO('a\\nb').readlines()"),
]

TEXTS = [
    "''", "'a'", "'a\\nb'", "'a\\nb\\n'", "'a\\r\\nb\\r\\n'", "'a\\rb\\r'", "'x\\r\\ny\\nz\\rw'", "'\\n\\n\\r\\r\\n'",
    "'é\\r\\n日本\\n'", "'no newline at all'", "'\\r\\n'", "'\\r'", "'line\\r\\r\\n'",
]
NEWLINES = ["", ", newline=None", ", newline=''", ", newline='\\n'", ", newline='\\r'", ", newline='\\r\\n'"]
SOPS = [
    "s.read()", "s.read({n})", "s.readline()", "s.readline({n})", "s.readlines()", "s.readlines({n})", "s.tell()",
    "s.seek({n})", "s.seek(0, 2)", "s.seek(0, 1)", "s.write({t})", "s.truncate()", "s.truncate({n})", "s.getvalue()",
    "s.newlines", "next(s)", "list(s)", "s.writelines([{t}, {t}])", "s.seek({n}, 1)",
]
BOPS = [
    "b.read()", "b.read({n})", "b.read1({n})", "b.readline()", "b.readline({n})", "b.readlines()", "b.tell()",
    "b.seek({n})", "b.seek({n}, 1)", "b.seek(-{n}, 2)", "b.write({b})", "b.truncate()", "b.truncate({n})",
    "b.getvalue()", "list(b)", "next(b)", "b.writelines([{b}])",
]
NS = ["0", "1", "2", "3", "5", "-1", "100"]
BYTES = ["b''", "b'x'", "b'\\n'", "b'ab\\ncd'", "b'\\x00\\xff'", "bytearray(b'yz')"]
# fmt: on


def draw(rng):
    steps = rng.randrange(1, 8)
    fill = lambda t: t.format(n=rng.choice(NS), t=rng.choice(TEXTS), b=rng.choice(BYTES))  # noqa: E731
    if rng.random() < 0.7:
        setup = f"import io\ns = io.StringIO({rng.choice(TEXTS)}{rng.choice(NEWLINES)})"
        ops = [fill(rng.choice(SOPS)) for _ in range(steps)]
        if rng.random() < 0.08:
            return ("proxy", setup, "[ns['s'].readline() for _ in range(4)], ns['s'].newlines, ns['s'].getvalue()")
        return ("exec", op_program(setup, ops, "s.getvalue()"))
    setup = f"import io\nb = io.BytesIO({rng.choice(BYTES)})"
    ops = [fill(rng.choice(BOPS)) for _ in range(steps)]
    return ("exec", op_program(setup, ops, "b.getvalue()"))


family("mod_io", __doc__, lambda: programs(FIXED), draw, weight=2, suite="stdlib")
