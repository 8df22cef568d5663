//! Where documents come from and go to: a path (opened as the builtin
//! `open` opens it) or a file object (the agent's or the client's, read
//! and written through its own `read` and `write`).

use crate::objects::attr;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

use super::expat::{self, Parsed, Source};

/// A document's content: text or bytes.
pub enum Content {
    Text(String),
    Bytes(Vec<u8>),
}

impl Content {
    /// Parses it with expat's rules.
    pub fn parse(&self) -> PyResult<Parsed> {
        match self {
            Content::Text(t) => expat::parse(Source::Text(t)),
            Content::Bytes(b) => expat::parse(Source::Bytes(b)),
        }
    }
}

/// A str or bytes-like argument as content.
pub fn content_of(cx: &Cx, v: &Py, what: &str) -> PyResult<Content> {
    match v {
        Py::Str(s) => Ok(Content::Text(s.to_string())),
        Py::Bytes(b) => Ok(Content::Bytes(b.to_vec())),
        other => match crate::objects::file::bytes_like(cx, other) {
            Ok(b) => Ok(Content::Bytes(b.to_vec())),
            Err(_) => Err(exceptions::type_error(format!(
                "{what} argument must be str or bytes-like object, not {}",
                semantics::type_name(other)
            ))),
        },
    }
}

/// Whether a value is a file object (has `read`).
pub fn is_readable(cx: &Cx, v: &Py) -> bool {
    !matches!(v, Py::Str(_) | Py::Bytes(_)) && attr::hasattr(cx, v, "read").unwrap_or(false)
}

/// Everything a file object gives from `read()`.
pub fn read_file_object(cx: &Cx, f: &Py) -> PyResult<Content> {
    let data = attr::call_method(cx, f, "read", Args::default())?;
    content_of(cx, &data, "read()")
}

/// The content of a path or file object.
pub fn read_source(cx: &Cx, source: &Py) -> PyResult<Content> {
    if is_readable(cx, source) {
        return read_file_object(cx, source);
    }
    let f = crate::objects::file::open(cx, Args::positional(vec![source.clone(), Py::str("rb")]))?;
    let data = attr::call_method(cx, &f, "read", Args::default());
    let closed = attr::call_method(cx, &f, "close", Args::default());
    let data = data?;
    closed?;
    content_of(cx, &data, "read()")
}

/// Writes `data` to a path (a new file) or with a file object's `write`.
pub fn write_target(cx: &Cx, target: &Py, data: Py) -> PyResult<()> {
    if !matches!(target, Py::Str(_) | Py::Bytes(_)) && attr::hasattr(cx, target, "write").unwrap_or(false) {
        attr::call_method(cx, target, "write", Args::one(data))?;
        return Ok(());
    }
    let mode = if matches!(data, Py::Bytes(_)) { "wb" } else { "w" };
    let mut args = Args::positional(vec![target.clone(), Py::str(mode)]);
    if mode == "w" {
        args.kw.push(("encoding".into(), Py::str("utf-8")));
    }
    let f = crate::objects::file::open(cx, args)?;
    let written = attr::call_method(cx, &f, "write", Args::one(data));
    let closed = attr::call_method(cx, &f, "close", Args::default());
    written?;
    closed?;
    Ok(())
}
