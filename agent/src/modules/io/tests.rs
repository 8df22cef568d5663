//! `io` against CPython 3.11: every expectation below is what
//! CPython printed for the same source.

use crate::modules::testing::check;

const PREFIX: &str = "import io\n";

#[test]
fn io_matches_cpython() {
    check(
        PREFIX,
        &[
            (
                "s = io.StringIO('a\\r\\nb\\rc\\nd', newline=None)",
                "(s.getvalue(), s.readlines())",
                "('a\\nb\\nc\\nd', ['a\\n', 'b\\n', 'c\\n', 'd'])",
            ),
            (
                "s = io.StringIO('a\\r\\nb\\rc\\nd', newline='')",
                "(s.getvalue(), s.readlines())",
                "('a\\r\\nb\\rc\\nd', ['a\\r\\n', 'b\\r', 'c\\n', 'd'])",
            ),
            (
                "s = io.StringIO('a\\r\\nb\\rc\\nd', newline='\\r')",
                "(s.getvalue(), s.readlines())",
                "('a\\r\\rb\\rc\\rd', ['a\\r', '\\r', 'b\\r', 'c\\r', 'd'])",
            ),
            (
                "s = io.StringIO('a\\r\\nb\\rc\\nd', newline='\\r\\n')",
                "(s.getvalue(), s.readlines())",
                "('a\\r\\r\\nb\\rc\\r\\nd', ['a\\r\\r\\n', 'b\\rc\\r\\n', 'd'])",
            ),
            (
                "s = io.StringIO('a\\r\\nb\\rc\\nd')",
                "(s.getvalue(), s.readlines())",
                "('a\\r\\nb\\rc\\nd', ['a\\r\\n', 'b\\rc\\n', 'd'])",
            ),
            ("s = io.StringIO('abc')", "(s.write('XY'), s.getvalue(), s.tell())", "(2, 'XYc', 2)"),
            ("s = io.StringIO('abc')\ns.seek(6)", "(s.write('Z'), s.getvalue())", "(1, 'abc\\x00\\x00\\x00Z')"),
            ("s = io.StringIO('abcdef')\ns.seek(2)", "(s.truncate(), s.getvalue(), s.tell())", "(2, 'ab', 2)"),
            ("s = io.StringIO('abcdef')", "(s.truncate(10), s.getvalue())", "(10, 'abcdef')"),
            ("s = io.StringIO('l1\\nl2\\nl3\\n')", "s.readlines(4)", "['l1\\n', 'l2\\n']"),
            (
                "s = io.StringIO('l1\\nl2\\nl3')",
                "(s.readline(1), s.readline(), s.read(0), s.read(-1), s.read())",
                "('l', '1\\n', '', 'l2\\nl3', '')",
            ),
            (
                "s = io.StringIO('héllo\\nwörld')",
                "(s.read(3), s.tell(), s.readline(), s.tell(), s.read())",
                "('hél', 3, 'lo\\n', 6, 'wörld')",
            ),
            (
                "s = io.StringIO()\ns.write('one\\n')\ns.writelines(['two\\n', 'three'])\ns.seek(0)",
                "(list(s), s.getvalue())",
                "(['one\\n', 'two\\n', 'three'], 'one\\ntwo\\nthree')",
            ),
            ("s = io.StringIO()", "s.write(5)", "TypeError: string argument expected, got 'int'"),
            ("s = io.StringIO()", "s.seek(-1)", "ValueError: Negative seek position -1"),
            ("s = io.StringIO()", "s.seek(1, 1)", "OSError: Can't do nonzero cur-relative seeks"),
            ("s = io.StringIO('a')", "s.seek(1, 2)", "OSError: Can't do nonzero cur-relative seeks"),
            ("s = io.StringIO('abc')", "(s.seek(0, 2), s.seek(0, 1), s.tell())", "(3, 3, 3)"),
            ("s = io.StringIO()", "s.seek(0, 3)", "ValueError: Invalid whence (3, should be 0, 1 or 2)"),
            ("s = io.StringIO()", "s.seek(1.5)", "TypeError: 'float' object cannot be interpreted as an integer"),
            ("s = io.StringIO()", "s.fileno()", "UnsupportedOperation: fileno"),
            ("s = io.StringIO()", "s.truncate(-1)", "ValueError: Negative size value -1"),
            ("", "io.StringIO(5)", "TypeError: initial_value must be str or None, not int"),
            ("", "io.StringIO(newline='x')", "ValueError: illegal newline value: 'x'"),
            ("", "io.StringIO(newline=5)", "TypeError: newline must be str or None, not int"),
            ("s = io.StringIO('abc')", "s.read('a')", "TypeError: argument should be integer or None, not 'str'"),
            ("s = io.StringIO('abc')", "(s.read(None), s.closed)", "('abc', False)"),
            ("s = io.StringIO()\ns.close()", "s.write('a')", "ValueError: I/O operation on closed file"),
            ("s = io.StringIO()\ns.close()", "s.getvalue()", "ValueError: I/O operation on closed file"),
            ("s = io.StringIO()\ns.close()", "s.closed", "True"),
            ("s = io.StringIO()\ns.close()", "iter(s)", "ValueError: I/O operation on closed file."),
            ("s = io.StringIO()\ns.close()", "s.readable()", "ValueError: I/O operation on closed file"),
            (
                "s = io.StringIO()",
                "(s.__enter__() is s, s.readable(), s.writable(), s.seekable(), s.isatty(), s.flush())",
                "(True, True, True, True, False, None)",
            ),
            (
                "with io.StringIO('x\\ny') as f:\n    lines = [l for l in f]\n",
                "(lines, f.closed)",
                "(['x\\n', 'y'], True)",
            ),
            (
                "s = io.StringIO()\nprint('hello', 42, file=s) if False else s.write('hello 42\\n')",
                "s.getvalue()",
                "'hello 42\\n'",
            ),
            ("s = io.StringIO('abc', '\\n')", "s.getvalue()", "'abc'"),
            ("", "io.StringIO(None).getvalue()", "''"),
            ("", "io.StringIO('x').newlines", "None"),
            ("s = io.StringIO()", "s.write('a\\r\\nb')", "4"),
            ("s = io.StringIO(newline=None)\ns.write('a\\r\\nb\\r')", "s.getvalue()", "'a\\nb\\n'"),
            ("s = io.StringIO(newline='\\r\\n')\ns.write('a\\nb')", "(s.getvalue(), s.tell())", "('a\\r\\nb', 4)"),
            ("", "type(io.StringIO())", "<class '_io.StringIO'>"),
            ("", "isinstance(io.StringIO(), io.StringIO)", "True"),
            (
                "b = io.BytesIO(b'abc')\nb.seek(5)",
                "(b.write(b'Z'), b.getvalue(), b.tell())",
                "(1, b'abc\\x00\\x00Z', 6)",
            ),
            (
                "b = io.BytesIO(b'x\\ny\\nz')",
                "(b.readlines(), b.seek(0, 2), b.seek(-10, 1), b.read1(), b.read())",
                "([b'x\\n', b'y\\n', b'z'], 5, 0, b'x\\ny\\nz', b'')",
            ),
            ("b = io.BytesIO(b'ab')", "(b.readline(1), b.readline(), b.readline())", "(b'a', b'b', b'')"),
            (
                "b = io.BytesIO()",
                "(b.write(b'hello'), b.tell(), b.getvalue(), b.seek(1), b.read(2), b.read(), b.read())",
                "(5, 5, b'hello', 1, b'el', b'lo', b'')",
            ),
            (
                "b = io.BytesIO(b'abcdef')\nb.seek(3)",
                "(b.truncate(), b.getvalue(), b.tell(), b.truncate(1), b.tell())",
                "(3, b'abc', 3, 1, 3)",
            ),
            ("b = io.BytesIO()", "b.write('a')", "TypeError: a bytes-like object is required, not 'str'"),
            ("", "io.BytesIO('a')", "TypeError: a bytes-like object is required, not 'str'"),
            ("b = io.BytesIO()", "b.seek(-1)", "ValueError: negative seek value -1"),
            ("b = io.BytesIO()", "b.seek(0, 3)", "ValueError: invalid whence (3, should be 0, 1 or 2)"),
            ("b = io.BytesIO()", "b.truncate(-1)", "ValueError: negative size value -1"),
            ("b = io.BytesIO()\nb.close()", "b.write(b'a')", "ValueError: I/O operation on closed file."),
            ("b = io.BytesIO()\nb.close()", "b.getvalue()", "ValueError: I/O operation on closed file."),
            ("b = io.BytesIO(b'a\\nb')", "list(b)", "[b'a\\n', b'b']"),
            ("b = io.BytesIO(b'l1\\nl2\\nl3')", "b.readlines(3)", "[b'l1\\n']"),
            ("with io.BytesIO(b'data') as b:\n    got = b.read()\n", "(got, b.closed)", "(b'data', True)"),
            ("b = io.BytesIO()\nb.writelines([b'a', b'bc'])", "b.getvalue()", "b'abc'"),
            ("", "io.SEEK_SET, io.SEEK_CUR, io.SEEK_END, io.DEFAULT_BUFFER_SIZE", "(0, 1, 2, 8192)"),
            ("", "issubclass(io.UnsupportedOperation, OSError)", "True"),
            (
                "try:\n    io.BytesIO().fileno()\nexcept io.UnsupportedOperation as e:\n    got = repr(e)\n",
                "got",
                "\"UnsupportedOperation('fileno')\"",
            ),
            ("", "type(io.BytesIO())", "<class '_io.BytesIO'>"),
        ],
    );
}
