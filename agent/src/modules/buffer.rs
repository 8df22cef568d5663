//! Arguments that are binary data, with CPython's wording when they are
//! not: the buffer protocol as the data modules (`struct`, `binascii`,
//! `base64`, `zlib`, `hashlib`) see it. bytes, and objects standing for
//! bytes (bytearray, records whose base value is bytes), are buffers; str
//! is not, except where a function takes ASCII text too (`a2b_*`).

use std::sync::Arc;

use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// The bytes of a buffer argument, if it is one.
pub fn buffer_of(v: &Py) -> Option<Arc<[u8]>> {
    match v {
        Py::Bytes(b) => Some(b.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Bytes(b)) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// `TypeError: a bytes-like object is required, not 'str'`.
pub fn not_buffer(v: &Py) -> PyErr {
    exceptions::type_error(format!("a bytes-like object is required, not '{}'", semantics::type_name(v)))
}

/// A bytes-like argument.
pub fn bytes_like(v: &Py) -> PyResult<Arc<[u8]>> {
    buffer_of(v).ok_or_else(|| not_buffer(v))
}

/// An argument of the `a2b_*` functions: bytes-like, or a str of ASCII
/// characters only.
pub fn ascii_data(v: &Py) -> PyResult<Arc<[u8]>> {
    match v {
        Py::Str(s) if s.is_ascii() => Ok(Arc::from(s.as_bytes())),
        Py::Str(_) => Err(exceptions::value_error("string argument should contain only ASCII characters")),
        other => buffer_of(other).ok_or_else(|| {
            exceptions::type_error(format!(
                "argument should be bytes, buffer or ASCII string, not '{}'",
                semantics::type_name(other)
            ))
        }),
    }
}
