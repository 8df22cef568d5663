//! str methods against CPython 3.11: each expectation below was printed by
//! `python3` (3.11.7) for the same call. The wider differential run is
//! `objects::text_cases`.

use crate::objects::attr;
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
fn case_mappings_follow_cpython() {
    assert_eq!(m(s("stra\u{df}e"), "upper", vec![]), "'STRASSE'");
    assert_eq!(m(s("stra\u{df}e"), "casefold", vec![]), "'strasse'");
    assert_eq!(m(s("stra\u{df}e"), "title", vec![]), "'Stra\u{df}e'");
    assert_eq!(m(s("\u{fb01}ne \u{1c6}emal"), "title", vec![]), "'Fine \u{1c5}emal'");
    assert_eq!(
        m(s("\u{3a3}\u{391}\u{3a3} \u{39f}\u{394}\u{39f}\u{3a3}"), "lower", vec![]),
        "'\u{3c3}\u{3b1}\u{3c2} \u{3bf}\u{3b4}\u{3bf}\u{3c2}'"
    );
    assert_eq!(m(s("\u{3a3}\u{391}\u{3a3}"), "capitalize", vec![]), "'\u{3a3}\u{3b1}\u{3c2}'");
    assert_eq!(m(s("\u{1c6}"), "capitalize", vec![]), "'\u{1c5}'");
    assert_eq!(m(s("\u{130}"), "lower", vec![]), "'i\u{307}'");
    assert_eq!(m(s("\u{13a0}\u{ab70}"), "casefold", vec![]), "'\u{13a0}\u{13a0}'");
    assert_eq!(m(s("hello WORLD \u{1c5}"), "swapcase", vec![]), "'HELLO world \u{1c5}'");
    assert_eq!(m(s("they're bill's friends"), "title", vec![]), "\"They'Re Bill'S Friends\"");
    assert_eq!(m(s("A\u{3a3}'"), "lower", vec![]), "\"a\u{3c2}'\"");
    assert_eq!(m(s("\u{3a3}"), "lower", vec![]), "'\u{3c3}'");
    assert_eq!(m(s("a\u{3a3}b"), "lower", vec![]), "'a\u{3c3}b'");
}

#[test]
fn predicates_follow_cpython() {
    assert_eq!(m(s("\u{661}\u{662}\u{663}"), "isdecimal", vec![]), "True");
    assert_eq!(m(s("\u{b2}"), "isdecimal", vec![]), "False");
    assert_eq!(m(s("\u{b2}"), "isdigit", vec![]), "True");
    assert_eq!(m(s("\u{bd}"), "isdigit", vec![]), "False");
    assert_eq!(m(s("\u{bd}"), "isnumeric", vec![]), "True");
    assert_eq!(m(s("\u{4e00}\u{4e8c}"), "isnumeric", vec![]), "True");
    assert_eq!(m(s("\u{2167}"), "isalpha", vec![]), "False");
    assert_eq!(m(s("\u{1c5}emal"), "istitle", vec![]), "True");
    assert_eq!(m(s("\u{2b0}a"), "islower", vec![]), "True");
    assert_eq!(m(s(""), "isprintable", vec![]), "True");
    assert_eq!(m(s("\u{a0}"), "isprintable", vec![]), "False");
    assert_eq!(m(s("a\u{301}"), "isidentifier", vec![]), "True");
    assert_eq!(m(s("_1"), "isidentifier", vec![]), "True");
    assert_eq!(m(s("1a"), "isidentifier", vec![]), "False");
    assert_eq!(m(s("\u{3000}\u{1c}"), "isspace", vec![]), "True");
    assert_eq!(m(s("\u{200b}"), "isspace", vec![]), "False");
    assert_eq!(m(s(""), "isascii", vec![]), "True");
    assert_eq!(m(s("\u{e9}"), "isascii", vec![]), "False");
    assert_eq!(m(s("A1"), "isalnum", vec![]), "True");
}

#[test]
fn search_counts_code_points() {
    assert_eq!(m(s("h\u{e9}llo w\u{f6}rld"), "find", vec![s("w")]), "6");
    assert_eq!(m(s("h\u{e9}llo w\u{f6}rld"), "rfind", vec![s("l"), Py::Int(0), Py::Int(-2)]), "3");
    assert_eq!(m(s("h\u{e9}llo"), "index", vec![s("z")]), "ValueError: substring not found");
    assert_eq!(m(s("aaaa"), "count", vec![s("aa")]), "2");
    assert_eq!(m(s("abc"), "count", vec![s("")]), "4");
    assert_eq!(m(s("abc"), "find", vec![s(""), Py::Int(3)]), "3");
    assert_eq!(m(s("abc"), "find", vec![s(""), Py::Int(4)]), "-1");
    assert_eq!(m(s("abc"), "startswith", vec![Py::tuple(vec![s("x"), s("ab")])]), "True");
    assert_eq!(m(s("abc"), "startswith", vec![s(""), Py::Int(4)]), "False");
    assert_eq!(m(s("abc"), "endswith", vec![s("bc"), Py::None, Py::Int(3)]), "True");
    assert_eq!(m(s("abc"), "find", vec![Py::Int(1)]), "TypeError: must be str, not int");
    assert_eq!(
        m(s("abc"), "startswith", vec![Py::Int(1)]),
        "TypeError: startswith first arg must be str or a tuple of str, not int"
    );
    assert_eq!(
        m(s("abc"), "find", vec![s("a"), Py::Float(1.5)]),
        "TypeError: slice indices must be integers or None or have an __index__ method"
    );
}

#[test]
fn split_join_strip_follow_cpython() {
    assert_eq!(m(s("a\u{1c}b\u{3000}c  d"), "split", vec![]), "['a', 'b', 'c', 'd']");
    assert_eq!(m(s("  a b  "), "split", vec![Py::None, Py::Int(1)]), "['a', 'b  ']");
    assert_eq!(m(s("  a b  "), "rsplit", vec![Py::None, Py::Int(1)]), "['  a', 'b']");
    assert_eq!(m(s("a,b,,c"), "split", vec![s(",")]), "['a', 'b', '', 'c']");
    assert_eq!(m(s("a,b,,c"), "rsplit", vec![s(","), Py::Int(1)]), "['a,b,', 'c']");
    assert_eq!(m(s("aaa"), "rsplit", vec![s("aa")]), "['a', '']");
    assert_eq!(m(s("a"), "split", vec![s("")]), "ValueError: empty separator");
    assert_eq!(
        m(
            s("a\u{d}\u{a}b\u{d}c\u{a}d\u{b}e\u{c}f\u{1c}g\u{1d}h\u{1e}i\u{85}j\u{2028}k\u{2029}l"),
            "splitlines",
            vec![]
        ),
        "['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l']"
    );
    assert_eq!(m(s("a\u{d}\u{a}b\u{a}"), "splitlines", vec![Py::Bool(true)]), "['a\\r\\n', 'b\\n']");
    assert_eq!(m(s("xxhixx"), "strip", vec![s("x")]), "'hi'");
    assert_eq!(m(s("\u{a0}hi\u{2003}"), "strip", vec![]), "'hi'");
    assert_eq!(m(s("abc"), "strip", vec![Py::Int(1)]), "TypeError: strip arg must be None or str");
    assert_eq!(m(s("a-b-c"), "partition", vec![s("-")]), "('a', '-', 'b-c')");
    assert_eq!(m(s("a-b-c"), "rpartition", vec![s("-")]), "('a-b', '-', 'c')");
    assert_eq!(m(s("abc"), "rpartition", vec![s("x")]), "('', '', 'abc')");
    assert_eq!(m(s("abc"), "partition", vec![s("")]), "ValueError: empty separator");
}

#[test]
fn layout_follows_cpython() {
    assert_eq!(m(s("abc"), "center", vec![Py::Int(6)]), "' abc  '");
    assert_eq!(m(s("abc"), "center", vec![Py::Int(6), s("*")]), "'*abc**'");
    assert_eq!(m(s("ab"), "center", vec![Py::Int(5), s("\u{e9}")]), "'\u{e9}\u{e9}ab\u{e9}'");
    assert_eq!(m(s("-42"), "zfill", vec![Py::Int(6)]), "'-00042'");
    assert_eq!(m(s("+x"), "zfill", vec![Py::Int(4)]), "'+00x'");
    assert_eq!(m(s("a\u{9}bc\u{9}d\u{a}\u{9}x"), "expandtabs", vec![]), "'a       bc      d\\n        x'");
    assert_eq!(m(s("a\u{9}b"), "expandtabs", vec![Py::Int(3)]), "'a  b'");
    assert_eq!(m(s("a\u{9}b"), "expandtabs", vec![Py::Int(0)]), "'ab'");
    assert_eq!(
        m(s("abc"), "center", vec![Py::Int(5), s("ab")]),
        "TypeError: The fill character must be exactly one character long"
    );
    assert_eq!(
        m(s("abc"), "ljust", vec![Py::Int(5), Py::Int(1)]),
        "TypeError: The fill character must be a unicode character, not int"
    );
    assert_eq!(m(s("aXbXc"), "replace", vec![s("X"), s("--")]), "'a--b--c'");
    assert_eq!(m(s("abc"), "replace", vec![s(""), s("-")]), "'-a-b-c-'");
    assert_eq!(m(s("abc"), "replace", vec![s(""), s("-"), Py::Int(2)]), "'-a-bc'");
    assert_eq!(m(s("aaa"), "replace", vec![s("a"), s("b"), Py::Int(2)]), "'bba'");
    assert_eq!(m(s("Hello"), "removeprefix", vec![s("He")]), "'llo'");
    assert_eq!(m(s("caf\u{e9}"), "encode", vec![s("ascii"), s("backslashreplace")]), "b'caf\\\\xe9'");
    assert_eq!(m(s("caf\u{e9}"), "encode", vec![s("ascii"), s("xmlcharrefreplace")]), "b'caf&#233;'");
    assert_eq!(
        m(s("caf\u{e9}"), "encode", vec![s("ascii")]),
        "UnicodeEncodeError: 'ascii' codec can't encode character '\\xe9' in position 3: ordinal not in range(128)"
    );
    assert_eq!(m(s("\u{e9}\u{20ac}"), "encode", vec![s("utf-16-le")]), "b'\\xe9\\x00\\xac '");
    assert_eq!(m(s("\u{e9}"), "encode", vec![s("cp1252")]), "b'\\xe9'");
    assert_eq!(m(s("\u{20ac}"), "encode", vec![s("cp1252")]), "b'\\x80'");
    assert_eq!(m(s("\u{101}"), "encode", vec![s("cp1252")]), "UnicodeEncodeError: 'charmap' codec can't encode character '\\u0101' in position 0: character maps to <undefined>");
    assert_eq!(m(s("x"), "encode", vec![s("nope")]), "LookupError: unknown encoding: nope");
    assert_eq!(
        m(s("x"), "encode", vec![s("hex")]),
        "LookupError: 'hex' is not a text encoding; use codecs.encode() to handle arbitrary codecs"
    );
}

/// Big inputs: every method here is linear, so these finish at once; a
/// quadratic one would not.
#[test]
fn big_inputs_stay_linear() {
    let n = 1 << 20;
    let text = "ab".repeat(n);
    assert_eq!(m(s(&text), "count", vec![s("ab")]), (n).to_string());
    let replaced = m(s(&text), "replace", vec![s("a"), s("xy")]);
    assert_eq!(replaced.len(), 3 * n + 2);
    let parts = attr::call_method(&cx(), &s(&"a,".repeat(n)), "split", Args::one(s(","))).expect("split");
    assert_eq!(semantics::len(&cx(), &parts).expect("len"), n + 1);
    let joined = attr::call_method(&cx(), &s(","), "join", Args::one(parts)).expect("join");
    assert_eq!(semantics::len(&cx(), &joined).expect("len"), 2 * n);
    let hay = "a".repeat(n) + "b";
    let needle = "a".repeat(n / 2) + "b";
    assert_eq!(m(s(&hay), "find", vec![s(&needle)]), (n / 2).to_string());
    let wide = "é".repeat(n);
    assert_eq!(m(s(&wide), "rfind", vec![s("é"), Py::Int(0), Py::Int(-1)]), (n - 2).to_string());
    assert_eq!(m(s(&wide), "upper", vec![]).chars().count(), n + 2);
    let sigmas = "\u{3a3}'".repeat(n / 4);
    assert_eq!(m(s(&sigmas), "lower", vec![]).chars().filter(|&c| c == '\u{3c2}').count(), 1);
}
