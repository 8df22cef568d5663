//! Expectations printed by CPython 3.11 (`python3`) for the same
//! formats and arguments; the wider differential run is
//! `objects::text_cases`.

use super::{format_bytes, format_str};
use crate::objects::bytearray::ByteArray;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::objects::testing::cx;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

fn s(text: &str) -> Py {
    Py::str(text)
}

fn dict(pairs: Vec<(Py, Py)>) -> Py {
    Dict::from_pairs(&cx(), pairs).expect("dict")
}

fn shown(cx: &Cx, r: PyResult<Py>) -> String {
    match r {
        Ok(v) => crate::runtime::semantics::repr(cx, &v).expect("repr"),
        Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
    }
}

fn pct(fmt: &str, args: Py) -> String {
    let cx = cx();
    shown(&cx, format_str(&cx, fmt, &args).map(Py::str))
}

fn pct_bytes(fmt: &[u8], args: Py) -> String {
    let cx = cx();
    shown(&cx, format_bytes(&cx, fmt, &args).map(Py::bytes))
}

#[test]
fn percent_follows_cpython() {
    assert_eq!(
        pct("%s|%r|%a", Py::tuple(vec![s("\u{e9}"), s("\u{e9}"), s("\u{e9}")])),
        "\"\u{e9}|'\u{e9}'|'\\\\xe9'\""
    );
    assert_eq!(
        pct("%5.2f|%-8.3e|%+g", Py::tuple(vec![Py::Float(3.25159), Py::Float(1234.5), Py::Float(0.0001)])),
        "' 3.25|1.234e+03|+0.0001'"
    );
    assert_eq!(pct("%#x %#o %#X", Py::tuple(vec![Py::Int(255), Py::Int(8), Py::Int(255)])), "'0xff 0o10 0XFF'");
    assert_eq!(
        pct("%05d|%-5d|% d|%+d", Py::tuple(vec![Py::Int(-3), Py::Int(3), Py::Int(3), Py::Int(3)])),
        "'-0003|3    | 3|+3'"
    );
    assert_eq!(pct("%.3d|%#.3x", Py::tuple(vec![Py::Int(-5), Py::Int(-5)])), "'-005|-0x005'");
    assert_eq!(
        pct(
            "%*d|%-*d|%.*f",
            Py::tuple(vec![Py::Int(5), Py::Int(3), Py::Int(5), Py::Int(3), Py::Int(2), Py::Float(1.2345)])
        ),
        "'    3|3    |1.23'"
    );
    assert_eq!(pct("%c%c", Py::tuple(vec![Py::Int(65), s("\u{e9}")])), "'A\u{e9}'");
    assert_eq!(pct("%(a)s-%(b)05.1f", dict(vec![(s("a"), s("x")), (s("b"), Py::Float(2.25))])), "'x-002.2'");
    assert_eq!(pct("%s", Py::tuple(vec![Py::tuple(vec![Py::Int(1), Py::Int(2)])])), "'(1, 2)'");
    assert_eq!(pct("%s %s", Py::tuple(vec![Py::Int(1)])), "TypeError: not enough arguments for format string");
    assert_eq!(
        pct("%s", Py::tuple(vec![Py::Int(1), Py::Int(2)])),
        "TypeError: not all arguments converted during string formatting"
    );
    assert_eq!(pct("%d", Py::tuple(vec![s("x")])), "TypeError: %d format: a real number is required, not str");
    assert_eq!(pct("%x", Py::tuple(vec![Py::Float(1.5)])), "TypeError: %x format: an integer is required, not float");
    assert_eq!(pct("%d", Py::tuple(vec![Py::Float(1.5)])), "'1'");
    assert_eq!(pct("%c", Py::tuple(vec![Py::Int(1114112)])), "OverflowError: %c arg not in range(0x110000)");
    assert_eq!(pct("%c", Py::tuple(vec![s("ab")])), "TypeError: %c requires int or char");
    assert_eq!(
        pct("%y", Py::tuple(vec![Py::Int(1)])),
        "ValueError: unsupported format character 'y' (0x79) at index 1"
    );
    assert_eq!(pct("%", Py::tuple(vec![])), "ValueError: incomplete format");
    assert_eq!(
        pct("%(a", dict(vec![(s("a"), s("x")), (s("b"), Py::Float(2.25))])),
        "ValueError: incomplete format key"
    );
    assert_eq!(
        pct("%5%", Py::tuple(vec![Py::Int(1)])),
        "ValueError: unsupported format character '%' (0x25) at index 2"
    );
    assert_eq!(
        pct("%d", Py::tuple(vec![Py::Float(f64::INFINITY)])),
        "OverflowError: cannot convert float infinity to integer"
    );
    assert_eq!(pct("%f", Py::tuple(vec![s("x")])), "TypeError: must be real number, not str");
    assert_eq!(pct("%010.2f|%05f", Py::tuple(vec![Py::Float(-3.25159), Py::Float(f64::NAN)])), "'-000003.25|00nan'");
    assert_eq!(pct("%.0f %.0f", Py::tuple(vec![Py::Float(2.5), Py::Float(3.5)])), "'2 4'");
    assert_eq!(pct("%i%%", Py::tuple(vec![Py::Bool(true)])), "'1%'");
    assert_eq!(pct("abc", List::new(vec![Py::Int(1)])), "'abc'");
    assert_eq!(pct("abc", Py::Int(1)), "TypeError: not all arguments converted during string formatting");
    assert_eq!(
        pct_bytes(
            b"%s|%b|%r|%a",
            Py::tuple(vec![Py::bytes(b"x".to_vec()), ByteArray::new(b"y".to_vec()), s("\u{e9}"), s("\u{e9}")])
        ),
        "b\"x|y|'\\\\xe9'|'\\\\xe9'\""
    );
    assert_eq!(pct_bytes(b"%c%c", Py::tuple(vec![Py::Int(65), Py::bytes(b"z".to_vec())])), "b'Az'");
    assert_eq!(
        pct_bytes(b"%5b|%-5b|", Py::tuple(vec![Py::bytes(b"a".to_vec()), Py::bytes(b"b".to_vec())])),
        "b'    a|b    |'"
    );
    assert_eq!(pct_bytes(b"%x %d", Py::tuple(vec![Py::Int(255), Py::Int(-3)])), "b'ff -3'");
    assert_eq!(
        pct_bytes(b"%s", Py::tuple(vec![s("x")])),
        "TypeError: %b requires a bytes-like object, or an object that implements __bytes__, not 'str'"
    );
    assert_eq!(pct_bytes(b"%c", Py::tuple(vec![Py::Int(256)])), "OverflowError: %c arg not in range(256)");
    assert_eq!(pct_bytes(b"%f", Py::tuple(vec![s("x")])), "TypeError: float argument required, not str");
    assert_eq!(pct_bytes(b"%(a)s", dict(vec![(Py::bytes(b"a".to_vec()), Py::bytes(b"v".to_vec()))])), "b'v'");
}
