PREFIX = "import io\n"
CASES = [
    ("s = io.StringIO('a\\r\\nb\\rc\\nd', newline=None)", "(s.getvalue(), s.readlines())"),
    ("s = io.StringIO('a\\r\\nb\\rc\\nd', newline='')", "(s.getvalue(), s.readlines())"),
    ("s = io.StringIO('a\\r\\nb\\rc\\nd', newline='\\r')", "(s.getvalue(), s.readlines())"),
    ("s = io.StringIO('a\\r\\nb\\rc\\nd', newline='\\r\\n')", "(s.getvalue(), s.readlines())"),
    ("s = io.StringIO('a\\r\\nb\\rc\\nd')", "(s.getvalue(), s.readlines())"),
    ("s = io.StringIO('abc')", "(s.write('XY'), s.getvalue(), s.tell())"),
    ("s = io.StringIO('abc')\ns.seek(6)", "(s.write('Z'), s.getvalue())"),
    ("s = io.StringIO('abcdef')\ns.seek(2)", "(s.truncate(), s.getvalue(), s.tell())"),
    ("s = io.StringIO('abcdef')", "(s.truncate(10), s.getvalue())"),
    ("s = io.StringIO('l1\\nl2\\nl3\\n')", "s.readlines(4)"),
    ("s = io.StringIO('l1\\nl2\\nl3')", "(s.readline(1), s.readline(), s.read(0), s.read(-1), s.read())"),
    ("s = io.StringIO('héllo\\nwörld')", "(s.read(3), s.tell(), s.readline(), s.tell(), s.read())"),
    ("s = io.StringIO()\ns.write('one\\n')\ns.writelines(['two\\n', 'three'])\ns.seek(0)", "(list(s), s.getvalue())"),
    ("s = io.StringIO()", "s.write(5)"), ("s = io.StringIO()", "s.seek(-1)"), ("s = io.StringIO()", "s.seek(1, 1)"),
    ("s = io.StringIO('a')", "s.seek(1, 2)"), ("s = io.StringIO('abc')", "(s.seek(0, 2), s.seek(0, 1), s.tell())"),
    ("s = io.StringIO()", "s.seek(0, 3)"), ("s = io.StringIO()", "s.seek(1.5)"), ("s = io.StringIO()", "s.fileno()"),
    ("s = io.StringIO()", "s.truncate(-1)"), "io.StringIO(5)", "io.StringIO(newline='x')", "io.StringIO(newline=5)",
    ("s = io.StringIO('abc')", "s.read('a')"), ("s = io.StringIO('abc')", "(s.read(None), s.closed)"),
    ("s = io.StringIO()\ns.close()", "s.write('a')"), ("s = io.StringIO()\ns.close()", "s.getvalue()"),
    ("s = io.StringIO()\ns.close()", "s.closed"), ("s = io.StringIO()\ns.close()", "iter(s)"),
    ("s = io.StringIO()\ns.close()", "s.readable()"),
    ("s = io.StringIO()", "(s.__enter__() is s, s.readable(), s.writable(), s.seekable(), s.isatty(), s.flush())"),
    ("with io.StringIO('x\\ny') as f:\n    lines = [l for l in f]\n", "(lines, f.closed)"),
    ("s = io.StringIO()\nprint('hello', 42, file=s) if False else s.write('hello 42\\n')", "s.getvalue()"),
    ("s = io.StringIO('abc', '\\n')", "s.getvalue()"), "io.StringIO(None).getvalue()", "io.StringIO('x').newlines",
    ("s = io.StringIO()", "s.write('a\\r\\nb')"), ("s = io.StringIO(newline=None)\ns.write('a\\r\\nb\\r')", "s.getvalue()"),
    ("s = io.StringIO(newline='\\r\\n')\ns.write('a\\nb')", "(s.getvalue(), s.tell())"),
    "type(io.StringIO())", "isinstance(io.StringIO(), io.StringIO)",
    ("b = io.BytesIO(b'abc')\nb.seek(5)", "(b.write(b'Z'), b.getvalue(), b.tell())"),
    ("b = io.BytesIO(b'x\\ny\\nz')", "(b.readlines(), b.seek(0, 2), b.seek(-10, 1), b.read1(), b.read())"),
    ("b = io.BytesIO(b'ab')", "(b.readline(1), b.readline(), b.readline())"),
    ("b = io.BytesIO()", "(b.write(b'hello'), b.tell(), b.getvalue(), b.seek(1), b.read(2), b.read(), b.read())"),
    ("b = io.BytesIO(b'abcdef')\nb.seek(3)", "(b.truncate(), b.getvalue(), b.tell(), b.truncate(1), b.tell())"),
    ("b = io.BytesIO()", "b.write('a')"), "io.BytesIO('a')", ("b = io.BytesIO()", "b.seek(-1)"),
    ("b = io.BytesIO()", "b.seek(0, 3)"), ("b = io.BytesIO()", "b.truncate(-1)"),
    ("b = io.BytesIO()\nb.close()", "b.write(b'a')"), ("b = io.BytesIO()\nb.close()", "b.getvalue()"),
    ("b = io.BytesIO(b'a\\nb')", "list(b)"), ("b = io.BytesIO(b'l1\\nl2\\nl3')", "b.readlines(3)"),
    ("with io.BytesIO(b'data') as b:\n    got = b.read()\n", "(got, b.closed)"),
    ("b = io.BytesIO()\nb.writelines([b'a', b'bc'])", "b.getvalue()"),
    "io.SEEK_SET, io.SEEK_CUR, io.SEEK_END, io.DEFAULT_BUFFER_SIZE", "issubclass(io.UnsupportedOperation, OSError)",
    ("try:\n    io.BytesIO().fileno()\nexcept io.UnsupportedOperation as e:\n    got = repr(e)\n", "got"),
    "type(io.BytesIO())",
]
CASES += [
    ("s = io.StringIO('ab\\ncd\\nef')", "s.readlines(3)"), ("b = io.BytesIO(b'ab\\ncd\\nef')", "b.readlines(3)"),
    ("s = io.StringIO('ab\\ncd\\nef')", "s.readlines(0)"), ("s = io.StringIO('ab\\ncd\\nef')", "s.readlines(4)"),
    ("s = io.StringIO()\ns.close()", "s.writelines(['a'])"), ("s = io.StringIO()\ns.close()", "s.readlines()"),
]
for cls in ("io.StringIO", "io.BytesIO"):
    for m in ['readable', 'writable', 'seekable', 'isatty', 'flush', '__enter__', 'readlines', 'tell', 'getvalue', 'read', 'readline', 'truncate', '__next__']:
        CASES.append((f"s = {cls}()\ns.close()", f"s.{m}()"))
    CASES.append((f"s = {cls}()\ns.close()", "iter(s) is s"))
    CASES.append((f"s = {cls}()\ns.close()", "s.seek(0)"))
CASES += [
    ("s = io.StringIO('x')", "s.encoding, s.errors, s.line_buffering"),
    ("b = io.BytesIO(b'abcdef')\nbuf = bytearray(4)", "b.readinto(buf), buf, b.readinto(buf), buf, b.readinto(buf)"),
    ("b = io.BytesIO(b'ab')", "b.readinto(b'xx')"),
    ("b = io.BytesIO(b'ab')\nb.close()", "b.readinto(bytearray(1))"),
]
