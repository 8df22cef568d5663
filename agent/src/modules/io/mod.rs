//! `io`: the in-memory streams `StringIO` and `BytesIO` (read, readline,
//! readlines, write, writelines, seek, tell, truncate, getvalue, close,
//! iteration, `with`), `SEEK_SET`/`SEEK_CUR`/`SEEK_END` and
//! `UnsupportedOperation`.

mod buffer;
mod bytesio;
mod stringio;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use crate::objects::module::ModuleDef;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub use bytesio::BYTES_IO;
pub use stringio::STRING_IO;

pub static MODULE: ModuleDef = ModuleDef {
    name: "io",
    type_name: "io",
    doc: "The io module provides the Python interfaces to stream handling.",
    functions: &[],
    attr,
    attr_names: &[
        "StringIO",
        "BytesIO",
        "SEEK_SET",
        "SEEK_CUR",
        "SEEK_END",
        "DEFAULT_BUFFER_SIZE",
        "UnsupportedOperation",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "StringIO" => type_value(&STRING_IO),
        "BytesIO" => type_value(&BYTES_IO),
        "SEEK_SET" => Py::Int(0),
        "SEEK_CUR" => Py::Int(1),
        "SEEK_END" => Py::Int(2),
        "DEFAULT_BUFFER_SIZE" => Py::Int(8192),
        "UnsupportedOperation" => type_value(&UNSUPPORTED_OPERATION),
        _ => return None,
    }))
}

/// `io.UnsupportedOperation`, an `OSError` and a `ValueError`.
static UNSUPPORTED_OPERATION: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("io", "UnsupportedOperation", Some(&exceptions::exc_type("OSError")), &[], None)
        .with_other_bases(&[&exceptions::exc_type("ValueError")]);
    exceptions::register_class(&t);
    t
});

fn unsupported(what: &str) -> PyErr {
    PyErr::new(UNSUPPORTED_OPERATION.clone(), vec![Py::str(what)])
}

/// A size argument: an int, or `None`/negative for "all".
fn size_arg(v: Option<Py>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => match semantics::index_value(&v) {
            Some(Py::Int(n)) => Ok(usize::try_from(n).ok()),
            Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
            None => Err(exceptions::type_error(format!(
                "argument should be integer or None, not '{}'",
                semantics::type_name(&v)
            ))),
        },
    }
}

/// A position or offset argument.
fn int_arg(v: &Py) -> PyResult<i64> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(n),
        Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// `seek(pos, whence=0)`'s arguments.
fn seek_args(args: Args) -> PyResult<(i64, i64)> {
    let [pos, whence] = args.bind("seek", ["pos", "whence?"])?;
    let pos = int_arg(&crate::runtime::args::req(pos))?;
    let whence = whence.map_or(Ok(0), |w| int_arg(&w))?;
    Ok((pos, whence))
}

/// What every in-memory stream answers.
trait Stream {
    fn is_closed(&self) -> bool;
    fn close(&self);
    /// `ValueError` once closed (CPython's messages differ by class).
    fn check_open(&self) -> PyResult<()>;
    /// `flush()`: a closed StringIO does not mind, a closed BytesIO does.
    fn flush(&self) -> PyResult<()>;
}

/// `IOBase`'s own check, as its methods word it.
fn check_base_open(this: &Py) -> PyResult<()> {
    if stream(this)?.is_closed() {
        return Err(exceptions::value_error("I/O operation on closed file."));
    }
    Ok(())
}

/// The stream a base-class method was called on.
fn stream(this: &Py) -> PyResult<&dyn Stream> {
    if let Some(s) = this.downcast::<stringio::StringIo>() {
        return Ok(s);
    }
    if let Some(b) = this.downcast::<bytesio::BytesIo>() {
        return Ok(b);
    }
    Err(exceptions::type_error(format!(
        "descriptor requires an '_io._IOBase' object but received a '{}'",
        semantics::type_name(this)
    )))
}

/// A method that only checks the stream is open: with the stream's own
/// message (`readable`...) or `IOBase`'s (`isatty`, `__enter__`).
fn answer(this: &Py, args: Args, name: &str, value: Py) -> PyResult<Py> {
    args.none(name)?;
    match name {
        "isatty" | "__enter__" => check_base_open(this)?,
        _ => stream(this)?.check_open()?,
    }
    Ok(value)
}

/// `_io._IOBase`: the methods both streams share.
static IO_BASE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "_IOBase", None, &IO_BASE_METHODS, None).in_c());

/// `IOBase.readlines(hint=-1)`: lines until their total length passes `hint`.
fn readlines(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [hint] = args.bind("readlines", ["hint?"])?;
    let hint = size_arg(hint)?.filter(|&h| h > 0);
    let it = semantics::iter(cx, this)?;
    let mut lines = Vec::new();
    let mut total = 0usize;
    while let Some(line) = semantics::next(cx, &it)? {
        let n = semantics::len(cx, &line)?;
        lines.push(line);
        if hint.is_some_and(|h| n > h.saturating_sub(total)) {
            break;
        }
        total += n;
    }
    Ok(crate::objects::list::List::new(lines))
}

/// `IOBase.writelines(lines)`: `write` of each.
fn writelines(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [lines] = args.bind("writelines", ["lines"])?;
    check_base_open(this)?;
    for line in semantics::iterate(cx, &crate::runtime::args::req(lines))? {
        crate::objects::attr::call_method(cx, this, "write", Args::one(line))?;
    }
    Ok(Py::None)
}

static IO_BASE_METHODS: [Method; 12] = [
    method("readlines", readlines),
    method("writelines", writelines),
    method("readable", |_, this, a| answer(this, a, "readable", Py::Bool(true))),
    method("writable", |_, this, a| answer(this, a, "writable", Py::Bool(true))),
    method("seekable", |_, this, a| answer(this, a, "seekable", Py::Bool(true))),
    method("isatty", |_, this, a| answer(this, a, "isatty", Py::Bool(false))),
    method("flush", |_, this, a| {
        a.none("flush")?;
        stream(this)?.flush().map(|()| Py::None)
    }),
    method("fileno", |_, _, _| Err(unsupported("fileno"))),
    method("__enter__", |_, this, a| answer(this, a, "__enter__", this.clone())),
    method("__exit__", |_, this, _| {
        stream(this)?.close();
        Ok(Py::None)
    }),
    method("close", |_, this, a| {
        a.none("close")?;
        stream(this)?.close();
        Ok(Py::None)
    }),
    property("closed", |_, this, _| Ok(Py::Bool(stream(this)?.is_closed()))),
];
