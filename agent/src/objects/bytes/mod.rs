//! `bytes`: the constructor and the methods of binary data. The methods
//! are shared with `bytearray` ([`super::bytearray`]): each works on a
//! snapshot of the data and makes its result of the receiver's kind.
//!
//! [`codecs`]: text encodings; [`search`]: find, count, replace,
//! prefixes; [`split`]: split, strip, partition, join; [`transform`]:
//! case, padding, tabs, hex, translation, decoding.

mod codecs;
pub mod search;
pub mod split;
#[cfg(test)]
mod tests;
pub mod transform;

use std::sync::{Arc, LazyLock};

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, static_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static BYTES: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "bytes", None, &BYTES_METHODS, Some(bytes_new)));

fn bytes_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [source, encoding, errors] = args.bind("bytes", ["source?", "encoding?", "errors?"])?;
    let Some(source) = source else { return Ok(Py::bytes(Vec::new())) };
    if let Py::Str(s) = &source {
        let Some(encoding) = encoding else {
            return Err(exceptions::type_error("string argument without an encoding"));
        };
        let encoding = crate::runtime::args::to_str("bytes", &encoding)?;
        let errors = crate::runtime::args::opt_str("bytes", errors.as_ref())?.unwrap_or_else(|| "strict".into());
        return encode(s, &encoding, &errors).map(Py::bytes);
    }
    if encoding.is_some() || errors.is_some() {
        return Err(exceptions::type_error("encoding without a string argument"));
    }
    match &source {
        Py::Bytes(_) => Ok(source.clone()),
        Py::Int(n) if *n < 0 => Err(exceptions::value_error("negative count")),
        Py::Int(n) => {
            if *n as usize > semantics::MAX_BYTES {
                return Err(exceptions::memory_error("bytes"));
            }
            Ok(Py::bytes(vec![0u8; *n as usize]))
        }
        other => {
            if let Py::Obj(o) = other {
                if let Some(Py::Bytes(b)) = o.base_value() {
                    return Ok(Py::Bytes(b));
                }
            }
            let items = semantics::iterate(cx, other).map_err(|e| {
                if e.is("TypeError") {
                    exceptions::type_error(format!("cannot convert '{}' object to bytes", semantics::type_name(other)))
                } else {
                    e
                }
            })?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match semantics::index_value(&item) {
                    Some(Py::Int(n)) if (0..256).contains(&n) => out.push(n as u8),
                    Some(_) => return Err(exceptions::value_error("bytes must be in range(0, 256)")),
                    None => {
                        return Err(exceptions::type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            semantics::type_name(&item)
                        )))
                    }
                }
            }
            Ok(Py::bytes(out))
        }
    }
}

pub use codecs::{decode, encode};

/// Which of the two binary kinds a method's receiver is: results are made
/// of the same kind.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Bytes,
    ByteArray,
}

impl Kind {
    /// The class name, as messages spell it.
    pub fn owner(self) -> &'static str {
        match self {
            Kind::Bytes => "bytes",
            Kind::ByteArray => "bytearray",
        }
    }

    /// A result of this kind.
    pub fn make(self, data: Vec<u8>) -> Py {
        match self {
            Kind::Bytes => Py::bytes(data),
            Kind::ByteArray => super::bytearray::ByteArray::new(data),
        }
    }

    /// The receiver itself when a method changes nothing (bytes are
    /// immutable and shared; a bytearray result is always a new object).
    fn same(self, this: &Py, data: &Arc<[u8]>) -> Py {
        match (self, this) {
            (Kind::Bytes, Py::Bytes(_)) => this.clone(),
            // A subclass of bytes gets plain bytes back, as in CPython.
            (Kind::Bytes, _) => Py::Bytes(data.clone()),
            (Kind::ByteArray, _) => self.make(data.to_vec()),
        }
    }
}

/// The data of a method's receiver (a snapshot for a bytearray) and its
/// kind.
pub fn receiver(this: &Py, name: &str) -> PyResult<(Arc<[u8]>, Kind)> {
    if let Some(ba) = this.downcast::<super::bytearray::ByteArray>() {
        return Ok((ba.snapshot().into(), Kind::ByteArray));
    }
    match bytes_like(this) {
        Some(b) => Ok((b, Kind::Bytes)),
        None => Err(exceptions::type_error(format!(
            "descriptor '{name}' for 'bytes' objects doesn't apply to a '{}' object",
            semantics::type_name(this)
        ))),
    }
}

/// A bytes-like value: bytes, bytearray, or an object standing for bytes.
pub fn bytes_like(v: &Py) -> Option<Arc<[u8]>> {
    match v {
        Py::Bytes(b) => Some(b.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Bytes(b)) => Some(b),
            _ => None,
        },
        _ => None,
    }
}

/// A bytes-like argument, or `TypeError: a bytes-like object is required`.
pub fn bytes_arg(v: &Py) -> PyResult<Arc<[u8]>> {
    bytes_like(v).ok_or_else(|| {
        exceptions::type_error(format!("a bytes-like object is required, not '{}'", semantics::type_name(v)))
    })
}

/// Guards the size of binary data being built.
fn check_size(n: usize) -> PyResult<()> {
    if n > semantics::MAX_BYTES {
        return Err(exceptions::memory_error("bytes"));
    }
    Ok(())
}

/// The methods `bytes` and `bytearray` share.
macro_rules! shared_methods {
    ($($extra:expr),* $(,)?) => {
        [
            method("capitalize", transform::capitalize),
            method("center", transform::center),
            method("count", search::count),
            method("decode", transform::decode_method),
            method("endswith", search::endswith),
            method("expandtabs", transform::expandtabs),
            method("find", search::find),
            class_method("fromhex", transform::fromhex),
            method("hex", transform::hex),
            method("index", search::index),
            method("isalnum", transform::isalnum),
            method("isalpha", transform::isalpha),
            method("isascii", transform::isascii),
            method("isdigit", transform::isdigit),
            method("islower", transform::islower),
            method("isspace", transform::isspace),
            method("istitle", transform::istitle),
            method("isupper", transform::isupper),
            method("join", split::join),
            method("ljust", transform::ljust),
            method("lower", transform::lower),
            method("lstrip", split::lstrip),
            static_method("maketrans", transform::maketrans),
            method("partition", split::partition),
            method("removeprefix", search::removeprefix),
            method("removesuffix", search::removesuffix),
            method("replace", search::replace),
            method("rfind", search::rfind),
            method("rindex", search::rindex),
            method("rjust", transform::rjust),
            method("rpartition", split::rpartition),
            method("rsplit", split::rsplit),
            method("rstrip", split::rstrip),
            method("split", split::split),
            method("splitlines", split::splitlines),
            method("startswith", search::startswith),
            method("strip", split::strip),
            method("swapcase", transform::swapcase),
            method("title", transform::title),
            method("translate", transform::translate),
            method("upper", transform::upper),
            method("zfill", transform::zfill),
            $($extra),*
        ]
    };
}
pub(crate) use shared_methods;

/// How many methods [`shared_methods`] lists.
pub const SHARED_METHODS: usize = 42;

static BYTES_METHODS: [Method; SHARED_METHODS] = shared_methods!();
