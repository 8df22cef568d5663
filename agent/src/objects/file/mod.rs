//! File objects: what `open()` returns, named like Python's so the
//! client's `isinstance(f, io.TextIOWrapper)` holds: `_io.TextIOWrapper`
//! (text), `_io.BufferedReader` / `_io.BufferedWriter` /
//! `_io.BufferedRandom` (binary), `_io.FileIO` (binary, `buffering=0`),
//! under `_io._IOBase` and its `_TextIOBase` / `_BufferedIOBase` /
//! `_RawIOBase` as in CPython.
//!
//! Reads go through one read-ahead buffer of raw bytes ([`buffer`]); text
//! is decoded only when it is returned ([`codec`]), so `tell()` is always a
//! byte offset. Writes go straight to the file (each is one request
//! anyway), so `flush()` has nothing to do. Every method may block: they
//! all run on the blocking pool.
//!
//! - [`open`](open::open): `builtins.open`; [`mode`]: its modes.
//! - [`io`]: reading, writing and seeking; [`methods`]: the methods Python
//!   code calls.

mod buffer;
pub mod codec;
mod io;
mod methods;
mod mode;
mod open;
mod pipe;
#[cfg(test)]
mod tests;

pub use codec::{decode_text, encode_text};
pub use open::{open, open_file};
pub use pipe::{pipe_file, take_pipe, PipeText};

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use crate::runtime::args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;
use buffer::State;
use codec::Encoding;

/// Read-ahead size.
const CHUNK: usize = 64 * 1024;

pub static IOBASE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "_IOBase", None, &methods::IOBASE_METHODS, None));
pub static RAW_IOBASE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "_RawIOBase", Some(&IOBASE), &methods::RAW_METHODS, None));
pub static BUFFERED_IOBASE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "_BufferedIOBase", Some(&IOBASE), &methods::BUFFERED_METHODS, None));
pub static TEXT_IOBASE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "_TextIOBase", Some(&IOBASE), &methods::TEXT_METHODS, None));
pub static FILE_IO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "FileIO", Some(&RAW_IOBASE), &methods::FILE_IO_METHODS, None));
pub static BUFFERED_READER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "BufferedReader", Some(&BUFFERED_IOBASE), &[], None));
pub static BUFFERED_WRITER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "BufferedWriter", Some(&BUFFERED_IOBASE), &[], None));
pub static BUFFERED_RANDOM: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "BufferedRandom", Some(&BUFFERED_IOBASE), &[], None));
pub static TEXT_IO_WRAPPER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "TextIOWrapper", Some(&TEXT_IOBASE), &[], None));

/// `io.UnsupportedOperation`. Python derives it from both OSError and
/// ValueError; classes here have one base, so it is an OSError (what
/// `except OSError` in agent-side code catches; the client rebuilds its
/// own class with both bases).
pub static UNSUPPORTED_OPERATION: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "io",
        "UnsupportedOperation",
        Some(&exceptions::exc_type("OSError")),
        &[],
        Some(exceptions::exception_new),
    );
    exceptions::register_class(&t);
    t
});

/// `io.UnsupportedOperation(msg)`.
pub fn unsupported(msg: &str) -> PyErr {
    PyErr::new(UNSUPPORTED_OPERATION.clone(), vec![Py::str(msg)])
        .with_attr("errno", Py::None)
        .with_attr("strerror", Py::None)
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None)
}

fn closed() -> PyErr {
    exceptions::value_error("I/O operation on closed file.")
}

fn io_err(e: &std::io::Error) -> PyErr {
    exceptions::os_error(e, None)
}

/// A bytes-like argument (`write(b)`, `os.write(fd, b)`): bytes, an object
/// standing for bytes, or a client's bytes or bytearray (copied).
pub fn bytes_like(cx: &Cx, v: &Py) -> PyResult<Arc<[u8]>> {
    let wrong =
        || exceptions::type_error(format!("a bytes-like object is required, not '{}'", semantics::type_name(v)));
    match v {
        Py::Client(_) => match semantics::to_value(cx, v)? {
            Value::Bytes(b) | Value::ByteArray(b) => Ok(b.into()),
            _ => Err(wrong()),
        },
        _ => args::to_bytes("write", v).map_err(|_| wrong()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Buffered,
    Raw,
}

/// Text-mode settings.
struct Text {
    enc: Encoding,
    /// The `encoding` attribute: as given, or Python's default `UTF-8`.
    encoding: String,
    errors: String,
    newline: Option<String>,
}

/// An open (or closed) file.
pub struct File {
    ty: TypeRef,
    kind: Kind,
    /// The `name` attribute: the path as given (str or bytes).
    name: Py,
    mode: String,
    readable: bool,
    writable: bool,
    text: Option<Text>,
    state: Mutex<State>,
}

impl File {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state of an open file (only file I/O happens under the lock).
    fn open_state(&self) -> PyResult<MutexGuard<'_, State>> {
        let st = self.lock();
        if st.file.is_none() {
            return Err(closed());
        }
        Ok(st)
    }

    /// `ValueError` unless the file is open.
    fn check_open(&self) -> PyResult<()> {
        self.open_state().map(drop)
    }

    fn is_closed(&self) -> bool {
        self.lock().file.is_none()
    }

    fn close(&self) {
        let mut st = self.lock();
        st.file = None;
        st.buf = Vec::new();
        st.pos = 0;
    }

    fn check_readable(&self, method: &str) -> PyResult<()> {
        match (self.readable, self.kind) {
            (true, _) => Ok(()),
            (false, Kind::Text) => Err(unsupported("not readable")),
            (false, Kind::Buffered) => Err(unsupported(method)),
            (false, Kind::Raw) => Err(unsupported("File not open for reading")),
        }
    }

    fn check_writable(&self, method: &str) -> PyResult<()> {
        match (self.writable, self.kind) {
            (true, _) => Ok(()),
            (false, Kind::Text) if method != "truncate" => Err(unsupported("not writable")),
            (false, Kind::Raw) => Err(unsupported("File not open for writing")),
            (false, _) => Err(unsupported(method)),
        }
    }
}

impl PyObject for File {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let name = semantics::repr(cx, &self.name)?;
        let mode = semantics::repr(cx, &Py::str(self.mode.as_str()))?;
        Ok(match (self.kind, &self.text) {
            (Kind::Text, Some(t)) => {
                let encoding = semantics::repr(cx, &Py::str(t.encoding.as_str()))?;
                // A wrapper made over a descriptor (a pipe) has no mode.
                if self.mode.is_empty() {
                    format!("<_io.TextIOWrapper name={name} encoding={encoding}>")
                } else {
                    format!("<_io.TextIOWrapper name={name} mode={mode} encoding={encoding}>")
                }
            }
            (Kind::Raw, _) if self.is_closed() => "<_io.FileIO [closed]>".to_owned(),
            (Kind::Raw, _) => format!("<_io.FileIO name={name} mode={mode} closefd=True>"),
            _ => format!("<{} name={name}>", self.ty.qualified_name()),
        })
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        self.check_open()?;
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let mut st = self.open_state()?;
        self.check_readable("readline")?;
        Ok(match self.readline(&mut st, -1)? {
            Py::Str(s) if s.is_empty() => None,
            Py::Bytes(b) if b.is_empty() => None,
            line => Some(line),
        })
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.name.clone()]
    }
}

/// The file behind `self` of a file method.
fn file_self(this: &Py) -> PyResult<&File> {
    this.downcast::<File>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires an '_io._IOBase' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}
