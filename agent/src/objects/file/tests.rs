//! File objects against CPython 3.11's `open()`: reading, writing, lines,
//! seeking, modes, codecs and the errors, class by class.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::open;
use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::testing::with_cx;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn p(path: &Path) -> Py {
    Py::str(path.to_string_lossy().into_owned())
}

fn open_kw(cx: &Cx, args: Vec<Py>, kw: Vec<(&str, Py)>) -> PyResult<Py> {
    open(cx, Args::new(args, kw.into_iter().map(|(k, v)| (Arc::from(k), v)).collect()))
}

fn m(cx: &Cx, f: &Py, name: &str, args: Vec<Py>) -> PyResult<Py> {
    attr::call_method(cx, f, name, Args::positional(args))
}

fn repr(cx: &Cx, r: PyResult<Py>) -> String {
    match r {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_default(),
        Err(e) => format!("{}: {}", e.class().qualified_name(), e.message(cx)),
    }
}

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("rpyc-file-{name}-{}", std::process::id()))
}

#[test]
fn text_reads_with_universal_newlines() {
    let path = scratch("text");
    fs::write(&path, b"a\r\nbb\rccc\n").expect("write");
    with_cx(|cx| {
        let f = open(cx, Args::one(p(&path))).expect("open");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![])), r"'a\nbb\nccc\n'");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![])), "''");
        assert_eq!(repr(cx, attr::getattr(cx, &f, "mode")), "'r'");
        assert_eq!(repr(cx, attr::getattr(cx, &f, "encoding")), "'UTF-8'");
        assert_eq!(repr(cx, attr::getattr(cx, &f, "closed")), "False");
        assert_eq!(
            semantics::repr(cx, &f).unwrap_or_default(),
            format!("<_io.TextIOWrapper name='{}' mode='r' encoding='UTF-8'>", path.display())
        );
        assert_eq!(repr(cx, m(cx, &f, "write", vec![Py::str("x")])), "io.UnsupportedOperation: not writable");
        assert_eq!(
            repr(cx, m(cx, &f, "seek", vec![Py::Int(1), Py::Int(1)])),
            "io.UnsupportedOperation: can't do nonzero cur-relative seeks"
        );
        assert_eq!(
            repr(cx, m(cx, &f, "seek", vec![Py::Int(0), Py::Int(5)])),
            "builtins.ValueError: invalid whence (5, should be 0, 1 or 2)"
        );
        assert_eq!(repr(cx, m(cx, &f, "truncate", vec![])), "io.UnsupportedOperation: truncate");
        assert_eq!(repr(cx, m(cx, &f, "seek", vec![Py::Int(0)])), "0");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![Py::Int(3)])), r"'a\nb'");
        m(cx, &f, "close", vec![]).expect("close");
        assert_eq!(repr(cx, attr::getattr(cx, &f, "closed")), "True");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![])), "builtins.ValueError: I/O operation on closed file.");
        assert_eq!(repr(cx, m(cx, &f, "fileno", vec![])), "builtins.ValueError: I/O operation on closed file");

        let raw = open_kw(cx, vec![p(&path)], vec![("newline", Py::str(""))]).expect("newline=''");
        assert_eq!(repr(cx, m(cx, &raw, "readlines", vec![])), r"['a\r\n', 'bb\r', 'ccc\n']");
        let bin = open(cx, Args::positional(vec![p(&path), Py::str("rb")])).expect("rb");
        assert_eq!(repr(cx, m(cx, &bin, "readlines", vec![])), r"[b'a\r\n', b'bb\rccc\n']");
        assert!(repr(cx, attr::getattr(cx, &bin, "encoding")).starts_with("builtins.AttributeError"));
        let text = open(cx, Args::one(p(&path))).expect("open");
        assert!(repr(cx, m(cx, &text, "readall", vec![])).starts_with("builtins.AttributeError"));
    });
    let _ = fs::remove_file(&path);
}

#[test]
fn lines_iteration_and_context_manager() {
    let path = scratch("lines");
    fs::write(&path, b"a\nbb\nccc\n").expect("write");
    with_cx(|cx| {
        let f = open(cx, Args::one(p(&path))).expect("open");
        let same = m(cx, &f, "__enter__", vec![]).expect("enter");
        assert!(same.is(&f));
        assert_eq!(repr(cx, m(cx, &f, "readline", vec![])), r"'a\n'");
        assert_eq!(repr(cx, m(cx, &f, "readline", vec![Py::Int(1)])), "'b'");
        assert_eq!(repr(cx, m(cx, &f, "readlines", vec![])), r"['b\n', 'ccc\n']");
        assert_eq!(repr(cx, m(cx, &f, "readline", vec![])), "''");
        m(cx, &f, "__exit__", vec![Py::None, Py::None, Py::None]).expect("exit");
        assert_eq!(repr(cx, attr::getattr(cx, &f, "closed")), "True");
        assert!(m(cx, &f, "__enter__", vec![]).is_err_and(|e| e.is("ValueError")));
        assert!(semantics::iter(cx, &f).is_err_and(|e| e.is("ValueError")));

        let f = open(cx, Args::one(p(&path))).expect("open");
        let lines = semantics::iterate(cx, &f).expect("iterate");
        assert_eq!(repr(cx, Ok(List::new(lines))), r"['a\n', 'bb\n', 'ccc\n']");
        let f = open(cx, Args::one(p(&path))).expect("open");
        assert_eq!(repr(cx, m(cx, &f, "readlines", vec![Py::Int(3)])), r"['a\n', 'bb\n']");
    });
    let _ = fs::remove_file(&path);
}

#[test]
fn binary_seek_tell_truncate() {
    let path = scratch("bin");
    fs::write(&path, b"0123456789").expect("write");
    with_cx(|cx| {
        let f = open(cx, Args::positional(vec![p(&path), Py::str("rb")])).expect("rb");
        assert_eq!(
            semantics::repr(cx, &f).unwrap_or_default(),
            format!("<_io.BufferedReader name='{}'>", path.display())
        );
        assert_eq!(repr(cx, m(cx, &f, "tell", vec![])), "0");
        assert_eq!(repr(cx, m(cx, &f, "seek", vec![Py::Int(4)])), "4");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![Py::Int(2)])), "b'45'");
        assert_eq!(repr(cx, m(cx, &f, "tell", vec![])), "6");
        assert_eq!(repr(cx, m(cx, &f, "seek", vec![Py::Int(-3), Py::Int(2)])), "7");
        assert_eq!(repr(cx, m(cx, &f, "read", vec![])), "b'789'");
        assert_eq!(repr(cx, m(cx, &f, "seek", vec![Py::Int(-5), Py::Int(1)])), "5");
        assert_eq!(repr(cx, m(cx, &f, "read1", vec![Py::Int(1)])), "b'5'");
        assert_eq!(repr(cx, m(cx, &f, "seekable", vec![])), "True");
        assert_eq!(repr(cx, m(cx, &f, "readable", vec![])), "True");
        assert_eq!(repr(cx, m(cx, &f, "writable", vec![])), "False");
        assert_eq!(repr(cx, m(cx, &f, "isatty", vec![])), "False");
        assert_eq!(
            repr(cx, m(cx, &f, "seek", vec![Py::Int(0), Py::Int(5)])),
            "builtins.ValueError: whence value 5 unsupported"
        );
        assert_eq!(repr(cx, m(cx, &f, "write", vec![Py::bytes(b"x".to_vec())])), "io.UnsupportedOperation: write");
        assert!(matches!(m(cx, &f, "fileno", vec![]), Ok(Py::Int(n)) if n > 2));

        let rw = open(cx, Args::positional(vec![p(&path), Py::str("r+b")])).expect("r+b");
        assert_eq!(
            semantics::repr(cx, &rw).unwrap_or_default(),
            format!("<_io.BufferedRandom name='{}'>", path.display())
        );
        assert_eq!(repr(cx, attr::getattr(cx, &rw, "mode")), "'rb+'");
        assert_eq!(repr(cx, m(cx, &rw, "read", vec![Py::Int(2)])), "b'01'");
        assert_eq!(repr(cx, m(cx, &rw, "write", vec![Py::bytes(b"AB".to_vec())])), "2");
        assert_eq!(repr(cx, m(cx, &rw, "truncate", vec![])), "4");
        m(cx, &rw, "flush", vec![]).expect("flush");
        assert_eq!(fs::read(&path).ok(), Some(b"01AB".to_vec()));
        assert_eq!(
            repr(cx, m(cx, &rw, "write", vec![Py::str("s")])),
            "builtins.TypeError: a bytes-like object is required, not 'str'"
        );

        let raw = open_kw(cx, vec![p(&path), Py::str("rb")], vec![("buffering", Py::Int(0))]).expect("FileIO");
        assert_eq!(
            semantics::repr(cx, &raw).unwrap_or_default(),
            format!("<_io.FileIO name='{}' mode='rb' closefd=True>", path.display())
        );
        assert_eq!(repr(cx, m(cx, &raw, "readall", vec![])), "b'01AB'");
        assert_eq!(repr(cx, attr::getattr(cx, &raw, "closefd")), "True");
        assert_eq!(
            repr(cx, m(cx, &raw, "write", vec![Py::bytes(b"x".to_vec())])),
            "io.UnsupportedOperation: File not open for writing"
        );
        m(cx, &raw, "close", vec![]).expect("close");
        assert_eq!(semantics::repr(cx, &raw).unwrap_or_default(), "<_io.FileIO [closed]>");

        let a = open(cx, Args::positional(vec![p(&path), Py::str("ab")])).expect("ab");
        assert_eq!(repr(cx, m(cx, &a, "read", vec![])), "io.UnsupportedOperation: read");
        let b = open(cx, Args::one(Py::bytes(path.as_os_str().as_encoded_bytes().to_vec()))).expect("bytes name");
        assert!(matches!(attr::getattr(cx, &b, "name"), Ok(Py::Bytes(_))));
    });
    let _ = fs::remove_file(&path);
}

#[test]
fn writing_text_encodings_and_newlines() {
    let path = scratch("write");
    with_cx(|cx| {
        let f = open(cx, Args::positional(vec![p(&path), Py::str("w")])).expect("w");
        assert_eq!(repr(cx, m(cx, &f, "write", vec![Py::str("line 1\n")])), "7");
        m(cx, &f, "writelines", vec![List::new(vec![Py::str("é\n"), Py::str("x")])]).expect("writelines");
        assert_eq!(
            repr(cx, m(cx, &f, "write", vec![Py::bytes(b"s".to_vec())])),
            "builtins.TypeError: write() argument must be str, not bytes"
        );
        m(cx, &f, "close", vec![]).expect("close");
        assert_eq!(fs::read(&path).ok(), Some("line 1\né\nx".as_bytes().to_vec()));
        let a = open(cx, Args::positional(vec![p(&path), Py::str("a")])).expect("a");
        m(cx, &a, "write", vec![Py::str("\nmore")]).expect("append");
        m(cx, &a, "close", vec![]).expect("close");
        assert!(fs::read_to_string(&path).is_ok_and(|s| s.ends_with("x\nmore")));

        let sig = open_kw(cx, vec![p(&path), Py::str("w")], vec![("encoding", Py::str("utf-8-sig"))]).expect("sig");
        m(cx, &sig, "write", vec![Py::str("hé")]).expect("write");
        m(cx, &sig, "close", vec![]).expect("close");
        assert_eq!(fs::read(&path).ok(), Some(b"\xef\xbb\xbfh\xc3\xa9".to_vec()));
        let back = open_kw(cx, vec![p(&path)], vec![("encoding", Py::str("utf-8-sig"))]).expect("sig");
        assert_eq!(repr(cx, m(cx, &back, "read", vec![])), "'hé'");
        let plain = open(cx, Args::one(p(&path))).expect("utf-8");
        assert_eq!(repr(cx, m(cx, &plain, "read", vec![])), r"'\ufeffhé'");

        let crlf = open_kw(cx, vec![p(&path), Py::str("w")], vec![("newline", Py::str("\r\n"))]).expect("crlf");
        m(cx, &crlf, "write", vec![Py::str("a\nb")]).expect("write");
        m(cx, &crlf, "close", vec![]).expect("close");
        assert_eq!(fs::read(&path).ok(), Some(b"a\r\nb".to_vec()));

        let latin = open_kw(cx, vec![p(&path), Py::str("w")], vec![("encoding", Py::str("ascii"))]).expect("ascii");
        let e = m(cx, &latin, "write", vec![Py::str("é")]).expect_err("not ascii");
        assert!(e.is("UnicodeEncodeError"));
        fs::write(&path, b"ab\xffc").expect("write");
        let bad = open(cx, Args::one(p(&path))).expect("open");
        assert_eq!(
            repr(cx, m(cx, &bad, "read", vec![])),
            "builtins.UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 2: invalid start byte"
        );
        let replaced = open_kw(cx, vec![p(&path)], vec![("errors", Py::str("replace"))]).expect("replace");
        assert_eq!(repr(cx, m(cx, &replaced, "read", vec![])), "'ab\u{fffd}c'");
    });
    let _ = fs::remove_file(&path);
}

/// Arguments, keywords and the error `open` raises for them.
type OpenCase = (Vec<Py>, Vec<(&'static str, Py)>, String);

#[test]
fn open_refuses_like_python() {
    let path = scratch("refuse");
    fs::write(&path, b"x").expect("write");
    with_cx(|cx| {
        let cases: Vec<OpenCase> = vec![
            (
                vec![p(&path), Py::str("rw")],
                vec![],
                "builtins.ValueError: must have exactly one of create/read/write/append mode".into(),
            ),
            (
                vec![p(&path), Py::str("rb")],
                vec![("encoding", Py::str("utf-8"))],
                "builtins.ValueError: binary mode doesn't take an encoding argument".into(),
            ),
            (
                vec![p(&path)],
                vec![("buffering", Py::Int(0))],
                "builtins.ValueError: can't have unbuffered text I/O".into(),
            ),
            (vec![p(&path)], vec![("newline", Py::str("x"))], "builtins.ValueError: illegal newline value: x".into()),
            (
                vec![p(&path)],
                vec![("encoding", Py::str("koi9"))],
                "builtins.LookupError: unknown encoding: koi9".into(),
            ),
            (
                vec![p(&path), Py::str("x")],
                vec![],
                format!("builtins.FileExistsError: [Errno 17] File exists: '{}'", path.display()),
            ),
            (
                vec![Py::None],
                vec![],
                "builtins.TypeError: expected str, bytes or os.PathLike object, not NoneType".into(),
            ),
            (vec![Py::str("/")], vec![], "builtins.IsADirectoryError: [Errno 21] Is a directory: '/'".into()),
            (
                vec![p(&path)],
                vec![("closefd", Py::Bool(false))],
                "builtins.ValueError: Cannot use closefd=False with file name".into(),
            ),
        ];
        for (args, kw, want) in cases {
            let shown = format!("open{args:?} {kw:?}");
            assert_eq!(repr(cx, open_kw(cx, args, kw)), want, "{shown}");
        }
        let e = open(cx, Args::one(Py::bytes(b"/no/such/file".to_vec()))).expect_err("missing");
        assert!(e.is("FileNotFoundError"));
        assert!(matches!(e.0.attr("filename"), Some(Py::Bytes(b)) if &*b == b"/no/such/file"));
    });
    let _ = fs::remove_file(&path);
}

#[test]
fn large_reads_are_whole() {
    let path = scratch("large");
    let data: Vec<u8> = (0..3 * super::CHUNK + 17).map(|i| (i % 251) as u8).collect();
    fs::write(&path, &data).expect("write");
    with_cx(|cx| {
        let f = open(cx, Args::positional(vec![p(&path), Py::str("rb")])).expect("rb");
        assert!(matches!(m(cx, &f, "read", vec![Py::Int(5)]), Ok(Py::Bytes(b)) if *b == data[..5]));
        assert!(matches!(m(cx, &f, "read", vec![]), Ok(Py::Bytes(b)) if *b == data[5..]));
        let t = open_kw(cx, vec![p(&path)], vec![("encoding", Py::str("latin-1"))]).expect("latin-1");
        assert!(matches!(m(cx, &t, "read", vec![]), Ok(Py::Str(s)) if s.chars().count() == data.len()));
    });
    let _ = fs::remove_file(&path);
}
