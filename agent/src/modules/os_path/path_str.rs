//! [`PathStr`]: a path as Python code has it — the str or bytes
//! `os.fspath` gives — so that what is derived from it keeps its kind
//! (`os.listdir(b'.')` lists bytes, `os.path.join(b'a', b'b')` is bytes).

use std::ffi::OsStr;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;

use crate::runtime::args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// A str or bytes path (by construction: only `os.fspath` makes one).
#[derive(Clone, Debug)]
pub struct PathStr(Py);

impl PathStr {
    /// `os.fspath(v)`, with the `TypeError` of `os.path` functions
    /// ("expected str, bytes or os.PathLike object, not int").
    pub fn new(cx: &Cx, v: &Py) -> PyResult<PathStr> {
        semantics::fspath(cx, v).map(PathStr)
    }

    /// A path argument of the `os` function `func` (its `TypeError`
    /// names the function).
    pub fn arg(func: &str, cx: &Cx, v: &Py) -> PyResult<PathStr> {
        args::to_path_value(func, v, cx).map(PathStr)
    }

    /// The path's bytes (a str's UTF-8).
    pub fn bytes(&self) -> &[u8] {
        match &self.0 {
            Py::Bytes(b) => b,
            Py::Str(s) => s.as_bytes(),
            _ => b"",
        }
    }

    pub fn is_bytes(&self) -> bool {
        matches!(self.0, Py::Bytes(_))
    }

    /// `b` as a path of the same kind as this one (bytes that are not
    /// UTF-8 become U+FFFD in a str: Python's surrogate escapes do not fit
    /// a Rust string).
    pub fn like(&self, b: &[u8]) -> PathStr {
        PathStr(if self.is_bytes() { Py::bytes(b.to_vec()) } else { Py::str(String::from_utf8_lossy(b)) })
    }

    /// A name from the OS as a path of this kind.
    pub fn like_os(&self, name: &OsStr) -> PathStr {
        self.like(name.as_bytes())
    }

    /// The str or bytes value.
    pub fn value(&self) -> Py {
        self.0.clone()
    }

    /// The path for the OS (`ValueError` for an embedded NUL, as Python).
    pub fn to_path(&self, cx: &Cx) -> PyResult<PathBuf> {
        semantics::fspath_buf(cx, &self.0)
    }

    /// The OSError Python raises for `e` on this path: its `filename` is
    /// the path as given, bytes staying bytes.
    pub fn error(&self, e: &io::Error) -> PyErr {
        with_filename(exceptions::os_error(e, None), e, "filename", self)
    }

    /// The OSError of an operation on two paths (`rename`, `link`).
    pub fn error2(&self, e: &io::Error, other: &PathStr) -> PyErr {
        let err = with_filename(exceptions::os_error(e, None), e, "filename", self);
        with_filename(err, e, "filename2", other)
    }

    /// The path as Python shows it inside a message: its text for str,
    /// its repr for bytes (`f"{p}"` of bytes is `b'...'`).
    pub fn display(&self, cx: &Cx) -> String {
        semantics::str(cx, &self.0).unwrap_or_default()
    }
}

fn with_filename(err: PyErr, e: &io::Error, attr: &str, p: &PathStr) -> PyErr {
    if e.raw_os_error().is_some() {
        err.with_attr(attr, p.value())
    } else {
        err
    }
}

/// Paths that must all be str or all bytes.
pub fn same_kind(paths: &[PathStr]) -> PyResult<()> {
    match paths.first() {
        Some(first) if paths.iter().any(|p| p.is_bytes() != first.is_bytes()) => {
            Err(exceptions::type_error("Can't mix strings and bytes in path components"))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::with_cx;

    #[test]
    fn kinds_are_kept() {
        with_cx(|cx| {
            let s = PathStr::new(cx, &Py::str("/tmp/x")).expect("str path");
            let b = PathStr::new(cx, &Py::bytes(b"/tmp/y".to_vec())).expect("bytes path");
            assert!(!s.is_bytes() && b.is_bytes());
            assert!(matches!(s.like(b"a\xffb").value(), Py::Str(t) if &*t == "a\u{fffd}b"));
            assert!(matches!(b.like(b"a\xffb").value(), Py::Bytes(t) if &*t == b"a\xffb"));
            assert!(same_kind(&[s.clone(), b.clone()]).is_err());
            assert!(same_kind(&[s.clone(), s.clone()]).is_ok());
            let e = b.error(&io::Error::from_raw_os_error(2));
            assert!(e.is("FileNotFoundError"));
            assert!(matches!(e.0.attr("filename"), Some(Py::Bytes(f)) if &*f == b"/tmp/y"));
            let e = s.error2(&io::Error::from_raw_os_error(2), &b);
            assert!(matches!(e.0.attr("filename2"), Some(Py::Bytes(_))));
            let err = PathStr::arg("stat", cx, &Py::Int(3)).expect_err("int is no path");
            assert!(err.message(cx).starts_with("stat: path should be string, bytes or os.PathLike, not int"));
            let err = PathStr::new(cx, &Py::None).expect_err("None is no path");
            assert_eq!(err.message(cx), "expected str, bytes or os.PathLike object, not NoneType");
            assert!(PathStr::new(cx, &Py::str("a\0b")).expect("a str").to_path(cx).is_err());
            assert_eq!(b.display(cx), "b'/tmp/y'");
        });
    }
}
