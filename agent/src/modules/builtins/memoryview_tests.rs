//! `memoryview` against CPython 3.11: every expectation below is what
//! CPython printed for the same source (regenerate with
//! scripts/gen-stdlib-tests.sh).

use crate::modules::testing::check;

const PREFIX: &str = "import io\n";

#[test]
fn memoryview_matches_cpython() {
    check(
        PREFIX,
        &[
            ("m = memoryview(b'abcdef')", "len(m), m[0], m[-1], m[1:3].tobytes(), m[::2].tolist(), m[::-1].tobytes(), bytes(m[2:])", "(6, 97, 102, b'bc', [97, 99, 101], b'fedcba', b'cdef')"),
            ("m = memoryview(b'abc')", "m.readonly, m.nbytes, m.format, m.itemsize, m.ndim, m.shape, m.strides, m.obj, m.contiguous", "(True, 3, 'B', 1, 1, (3,), (1,), b'abc', True)"),
            ("m = memoryview(b'abc')", "m[5]", "IndexError: index out of bounds on dimension 1"),
            ("m = memoryview(b'abc')", "m['x']", "TypeError: memoryview: invalid slice key"),
            ("m = memoryview(b'abc')", "m.__setitem__(0, 1)", "TypeError: cannot modify read-only memory"),
            ("m = memoryview(b'abc')", "m == b'abc', m == bytearray(b'abc'), m == memoryview(b'abc'), m != b'x', m == 'abc', hash(m) == hash(b'abc')", "(True, True, True, True, False, True)"),
            ("m = memoryview(b'abc')", "m < m", "TypeError: '<' not supported between instances of 'memoryview' and 'memoryview'"),
            ("b = bytearray(b'abcd')\nm = memoryview(b)\nm[0] = 120\nm[1:3] = b'YZ'\nb[3] = 33", "b, m.tobytes(), m.readonly, m[3]", "(bytearray(b'xYZ!'), b'xYZ!', False, 33)"),
            ("m = memoryview(bytearray(b'ab'))", "hash(m)", "ValueError: cannot hash writable memoryview object"),
            ("m = memoryview(bytearray(b'ab'))", "m.__setitem__(0, 300)", "ValueError: memoryview: invalid value for format 'B'"),
            ("m = memoryview(bytearray(b'ab'))", "m.__setitem__(slice(0, 2), b'x')", "ValueError: memoryview assignment: lvalue and rvalue have different structures"),
            ("m = memoryview(bytearray(b'ab'))", "m.toreadonly().readonly, m.toreadonly().__setitem__(0, 1)", "TypeError: cannot modify read-only memory"),
            ("m = memoryview(bytearray(b'abcdef'))\nv = m[1:5][::2]", "v.tobytes(), v.strides, v.contiguous, list(v)", "(b'bd', (2,), False, [98, 100])"),
            ("m = memoryview(b'xyz')\nm.release()", "m.tobytes()", "ValueError: operation forbidden on released memoryview object"),
            ("m = memoryview(b'xyz')\nm.release()", "len(m)", "ValueError: operation forbidden on released memoryview object"),
            ("with memoryview(b'ab') as m:\n    t = m.tobytes()", "t, repr(m).startswith('<released memory at 0x')", "(b'ab', True)"),
            ("", "memoryview('abc')", "TypeError: memoryview: a bytes-like object is required, not 'str'"),
            ("", "memoryview(5)", "TypeError: memoryview: a bytes-like object is required, not 'int'"),
            ("", "repr(memoryview(b'a')).startswith('<memory at 0x'), memoryview(b'ab').hex(), memoryview(b'ab').hex(':')", "(True, '6162', '61:62')"),
            ("", "memoryview(memoryview(b'abc')[1:]).tobytes(), bytearray(memoryview(b'hi')), b''.join([memoryview(b'a'), b'b'])", "(b'bc', bytearray(b'hi'), b'ab')"),
            ("b = io.BytesIO()", "b.write(memoryview(b'f')), io.BytesIO(memoryview(b'q')).read(), b.getvalue()", "(1, b'q', b'f')"),
            ("m = memoryview(b'abc')", "m.__delitem__(0)", "TypeError: cannot modify read-only memory"),
            ("m = memoryview(bytearray(b'abc'))", "m.__delitem__(0)", "TypeError: cannot delete memory"),
            ("", "memoryview(b'') == b'', bool(memoryview(b'')), bool(memoryview(b'a'))", "(True, False, True)"),
        ],
    );
}
