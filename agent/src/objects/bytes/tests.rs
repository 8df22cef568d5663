//! bytes methods and codecs against CPython 3.11: each expectation below
//! was printed by `python3` (3.11.7) for the same call. The wider
//! differential run is `objects::text_cases`.

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::testing::cx;
use crate::runtime::args::Args;
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn s(text: &str) -> Py {
    Py::str(text)
}

/// `repr(recv.name(*args))`, or `Class: message` when it raises.
fn m(recv: Py, name: &str, args: Vec<Py>) -> String {
    let cx = cx();
    match attr::call_method(&cx, &recv, name, Args::positional(args)) {
        Ok(v) => semantics::repr(&cx, &v).expect("repr"),
        Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
    }
}

#[test]
fn codecs_follow_cpython() {
    assert_eq!(m(Py::bytes(b"caf\xc3\xa9".to_vec()), "decode", vec![]), "'caf\u{e9}'");
    assert_eq!(
        m(Py::bytes(b"\xe2\x82z".to_vec()), "decode", vec![]),
        "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"
    );
    assert_eq!(
        m(Py::bytes(b"\xe0\x80".to_vec()), "decode", vec![]),
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte"
    );
    assert_eq!(
        m(Py::bytes(b"\xe2\x82".to_vec()), "decode", vec![]),
        "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"
    );
    assert_eq!(m(Py::bytes(b"\xffabc".to_vec()), "decode", vec![s("utf-8"), s("replace")]), "'\u{fffd}abc'");
    assert_eq!(m(Py::bytes(b"a\xffb".to_vec()), "decode", vec![s("utf-8"), s("backslashreplace")]), "'a\\\\xffb'");
    assert_eq!(m(Py::bytes(b"a\xffb".to_vec()), "decode", vec![s("ascii"), s("ignore")]), "'ab'");
    assert_eq!(
        m(Py::bytes(b"\xff".to_vec()), "decode", vec![s("utf-8"), s("xmlcharrefreplace")]),
        "TypeError: don't know how to handle UnicodeDecodeError in error callback"
    );
    assert_eq!(
        m(Py::bytes(b"\xff".to_vec()), "decode", vec![s("utf-8"), s("bogus")]),
        "LookupError: unknown error handler name 'bogus'"
    );
    assert_eq!(m(Py::bytes(b"x".to_vec()), "decode", vec![s("utf-8"), s("bogus")]), "'x'");
    assert_eq!(m(Py::bytes(b"\xff\xfea\x00".to_vec()), "decode", vec![s("utf-16")]), "'a'");
    assert_eq!(m(Py::bytes(b"\xfe\xff\x00a".to_vec()), "decode", vec![s("utf-16")]), "'a'");
    assert_eq!(
        m(Py::bytes(b"a\x00b".to_vec()), "decode", vec![s("utf-16")]),
        "UnicodeDecodeError: 'utf-16-le' codec can't decode byte 0x62 in position 2: truncated data"
    );
    assert_eq!(
        m(Py::bytes(b"\x00\xd8a\x00".to_vec()), "decode", vec![s("utf-16-le")]),
        "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 0-1: illegal UTF-16 surrogate"
    );
    assert_eq!(
        m(Py::bytes(b"\x00\xdc\x00\x00".to_vec()), "decode", vec![s("utf-16-le")]),
        "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 0-1: illegal encoding"
    );
    assert_eq!(
        m(Py::bytes(b"\x00\xd8".to_vec()), "decode", vec![s("utf-16")]),
        "UnicodeDecodeError: 'utf-16-le' codec can't decode bytes in position 0-1: unexpected end of data"
    );
    assert_eq!(
        m(Py::bytes(b"\x00\x00\x11\x00".to_vec()), "decode", vec![s("utf-32-le")]),
        "UnicodeDecodeError: 'utf-32-le' codec can't decode bytes in position 0-3: code point not in range(0x110000)"
    );
    assert_eq!(m(Py::bytes(b"\x00\xd8\x00\x00".to_vec()), "decode", vec![s("utf-32-le")]), "UnicodeDecodeError: 'utf-32-le' codec can't decode bytes in position 0-3: code point in surrogate code point range(0xd800, 0xe000)");
    assert_eq!(
        m(Py::bytes(b"abcde".to_vec()), "decode", vec![s("utf-32")]),
        "UnicodeDecodeError: 'utf-32-le' codec can't decode bytes in position 0-3: code point not in range(0x110000)"
    );
    assert_eq!(m(Py::bytes(b"\x80\x9f".to_vec()), "decode", vec![s("cp1252")]), "'\u{20ac}\u{178}'");
    assert_eq!(
        m(Py::bytes(b"\x81".to_vec()), "decode", vec![s("cp1252")]),
        "UnicodeDecodeError: 'charmap' codec can't decode byte 0x81 in position 0: character maps to <undefined>"
    );
    assert_eq!(m(Py::bytes(b"\xef\xbb\xbfhi".to_vec()), "decode", vec![s("utf-8-sig")]), "'hi'");
    assert_eq!(m(Py::bytes(b"\xe9".to_vec()), "decode", vec![s("latin-1")]), "'\u{e9}'");
    assert_eq!(
        m(Py::bytes(b"x".to_vec()), "decode", vec![s("rot13")]),
        "LookupError: 'rot13' is not a text encoding; use codecs.decode() to handle arbitrary codecs"
    );
    assert_eq!(
        m(Py::bytes(b"\xe9".to_vec()), "decode", vec![s("ascii")]),
        "UnicodeDecodeError: 'ascii' codec can't decode byte 0xe9 in position 0: ordinal not in range(128)"
    );
}

#[test]
fn methods_follow_cpython() {
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "hex", vec![]), "'616263'");
    assert_eq!(m(Py::bytes(b"\x01\x02\x03\x04\x05".to_vec()), "hex", vec![s(":"), Py::Int(2)]), "'01:0203:0405'");
    assert_eq!(m(Py::bytes(b"\x01\x02\x03\x04\x05".to_vec()), "hex", vec![s(":"), Py::Int(-2)]), "'0102:0304:05'");
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "hex", vec![s("\u{e9}")]), "ValueError: sep must be ASCII.");
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "hex", vec![s("::")]), "ValueError: sep must be length 1.");
    assert_eq!(m(Py::bytes(b"Hello World".to_vec()), "swapcase", vec![]), "b'hELLO wORLD'");
    assert_eq!(m(Py::bytes(b"hello world".to_vec()), "title", vec![]), "b'Hello World'");
    assert_eq!(m(Py::bytes(b"aXbXc".to_vec()), "split", vec![Py::bytes(b"X".to_vec())]), "[b'a', b'b', b'c']");
    assert_eq!(m(Py::bytes(b"  a  b ".to_vec()), "split", vec![]), "[b'a', b'b']");
    assert_eq!(
        m(Py::bytes(b"a\x0d\x0ab\x0dc".to_vec()), "splitlines", vec![Py::Bool(true)]),
        "[b'a\\r\\n', b'b\\r', b'c']"
    );
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "find", vec![Py::Int(98)]), "1");
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "find", vec![Py::Int(300)]), "ValueError: byte must be in range(0, 256)");
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "find", vec![s("b")]),
        "TypeError: argument should be integer or bytes-like object, not 'str'"
    );
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "startswith", vec![s("a")]),
        "TypeError: startswith first arg must be bytes or a tuple of bytes, not str"
    );
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "index", vec![Py::bytes(b"z".to_vec())]),
        "ValueError: subsection not found"
    );
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "center", vec![Py::Int(7), Py::bytes(b"*".to_vec())]), "b'**abc**'");
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "center", vec![Py::Int(7), s("*")]),
        "TypeError: center() argument 2 must be a byte string of length 1, not str"
    );
    assert_eq!(m(Py::bytes(b"-5".to_vec()), "zfill", vec![Py::Int(4)]), "b'-005'");
    assert_eq!(m(Py::bytes(b"abc".to_vec()), "translate", vec![Py::None, Py::bytes(b"b".to_vec())]), "b'ac'");
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "translate", vec![Py::bytes(b"x".to_vec())]),
        "ValueError: translation table must be 256 characters long"
    );
    assert_eq!(m(Py::bytes(b"a-b".to_vec()), "partition", vec![Py::bytes(b"-".to_vec())]), "(b'a', b'-', b'b')");
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "replace", vec![Py::bytes(b"".to_vec()), Py::bytes(b"-".to_vec())]),
        "b'-a-b-c-'"
    );
    assert_eq!(
        m(
            Py::bytes(b"abc".to_vec()),
            "join",
            vec![List::new(vec![Py::bytes(b"x".to_vec()), Py::bytes(b"y".to_vec())])]
        ),
        "b'xabcy'"
    );
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "join", vec![List::new(vec![s("x")])]),
        "TypeError: sequence item 0: expected a bytes-like object, str found"
    );
    assert_eq!(
        m(Py::bytes(b"abcabc".to_vec()), "rsplit", vec![Py::bytes(b"b".to_vec()), Py::Int(1)]),
        "[b'abca', b'c']"
    );
    assert_eq!(m(Py::bytes(b"xxaxx".to_vec()), "strip", vec![Py::bytes(b"x".to_vec())]), "b'a'");
    assert_eq!(
        m(Py::bytes(b"abc".to_vec()), "strip", vec![s("x")]),
        "TypeError: a bytes-like object is required, not 'str'"
    );
}

/// The arguments of a `UnicodeDecodeError` are CPython's: the codec, the
/// whole input, the bad range and the reason.
#[test]
fn decode_errors_carry_cpython_arguments() {
    let cx = cx();
    let err = super::decode(b"ab\xe2\x82z", "utf-8", "strict").expect_err("invalid");
    assert!(err.is("UnicodeDecodeError"));
    let args = semantics::repr(&cx, &Py::Tuple(err.0.args())).expect("repr");
    assert_eq!(args, "('utf-8', b'ab\\xe2\\x82z', 2, 4, 'invalid continuation byte')");
    let err = super::encode("aé€b", "latin-1", "strict").expect_err("unencodable");
    let args = semantics::repr(&cx, &Py::Tuple(err.0.args())).expect("repr");
    assert_eq!(args, "('latin-1', 'aé€b', 2, 3, 'ordinal not in range(256)')");
    assert_eq!(
        err.message(&cx),
        "'latin-1' codec can't encode character '\\u20ac' in position 2: ordinal not in range(256)"
    );
}

/// Substring search is linear: the classic worst case of a naive search
/// (a long run of one byte, a needle that almost matches everywhere).
#[test]
fn big_inputs_stay_linear() {
    let n = 1 << 20;
    let hay = [vec![b'a'; n], b"b".to_vec()].concat();
    let needle = [vec![b'a'; n / 2], b"b".to_vec()].concat();
    assert_eq!(m(Py::bytes(hay.clone()), "find", vec![Py::bytes(needle.clone())]), (n / 2).to_string());
    assert_eq!(m(Py::bytes(hay.clone()), "rfind", vec![Py::bytes(needle.clone())]), (n / 2).to_string());
    assert_eq!(m(Py::bytes(hay.clone()), "count", vec![Py::bytes(b"aa".to_vec())]), (n / 2).to_string());
    let replaced = super::search::replace_bytes(&hay, b"a", b"xy", -1).expect("replace");
    assert_eq!(replaced.len(), 2 * n + 1);
    let parts = attr::call_method(&cx(), &Py::bytes(b"a,".repeat(n)), "split", Args::one(Py::bytes(b",".to_vec())))
        .expect("split");
    assert_eq!(semantics::len(&cx(), &parts).expect("len"), n + 1);
}
