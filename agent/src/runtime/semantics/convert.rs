//! Conversions: `__index__`, `__float__`, `os.fspath`, calling, and the
//! by-value copy of a value (PICKLE, `obtain`, exception arguments).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

use rpyc_protocol::Value;

use super::{client, num, type_name};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;
use crate::runtime::wire::plain_value;

/// The integer a value stands for (`operator.index`): int, bool, or an
/// int-like object (an `IntEnum` member).
pub fn index_value(v: &Py) -> Option<Py> {
    match v {
        Py::Int(_) | Py::BigInt(_) => Some(v.clone()),
        Py::Bool(b) => Some(Py::Int(i64::from(*b))),
        Py::Obj(o) => o.base_value().and_then(|b| index_value(&b)),
        _ => None,
    }
}

/// A real number as float (`__float__`); `None` when it is not one.
pub fn float_value(v: &Py) -> Option<PyResult<f64>> {
    match v {
        Py::Float(f) => Some(Ok(*f)),
        Py::Int(n) => Some(Ok(*n as f64)),
        Py::Bool(b) => Some(Ok(f64::from(u8::from(*b)))),
        Py::BigInt(n) => Some(num::big_to_f64(n)),
        Py::Obj(o) => o.base_value().and_then(|b| float_value(&b)),
        _ => None,
    }
}

/// `os.fspath(v)`: str and bytes as they are, path-like objects through
/// `__fspath__`.
pub fn fspath(cx: &Cx, v: &Py) -> PyResult<Py> {
    match v {
        Py::Str(_) | Py::Bytes(_) => Ok(v.clone()),
        Py::Obj(o) => match o.fspath(cx)? {
            Some(p @ (Py::Str(_) | Py::Bytes(_))) => Ok(p),
            Some(other) => Err(exceptions::type_error(format!(
                "expected {}.__fspath__() to return str or bytes, not {}",
                type_name(v),
                type_name(&other)
            ))),
            None => match o.base_value() {
                Some(b @ (Py::Str(_) | Py::Bytes(_))) => Ok(b),
                _ => Err(not_path(v)),
            },
        },
        Py::Client(r) => match client::client_callattr(cx, r, "__fspath__", Args::default()) {
            Ok(p @ (Py::Str(_) | Py::Bytes(_))) => Ok(p),
            Ok(_) => Err(not_path(v)),
            Err(e) if e.is("AttributeError") => Err(not_path(v)),
            Err(e) => Err(e),
        },
        _ => Err(not_path(v)),
    }
}

fn not_path(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("expected str, bytes or os.PathLike object, not {}", type_name(v)))
}

/// [`fspath`] as a `PathBuf` (bytes kept as they are).
pub fn fspath_buf(cx: &Cx, v: &Py) -> PyResult<PathBuf> {
    match fspath(cx, v)? {
        Py::Str(s) => {
            if s.contains('\0') {
                return Err(exceptions::value_error("embedded null byte"));
            }
            Ok(PathBuf::from(&*s))
        }
        Py::Bytes(b) => {
            if b.contains(&0) {
                return Err(exceptions::value_error("embedded null byte"));
            }
            Ok(PathBuf::from(OsString::from_vec(b.to_vec())))
        }
        other => Err(not_path(&other)),
    }
}

/// `f(*args, **kwargs)` for any callable value.
pub fn call(cx: &Cx, f: &Py, args: Args) -> PyResult<Py> {
    cx.check_stack("while calling a Python object")?;
    match f {
        Py::Obj(o) => o.call(o, args, cx),
        Py::Client(r) => client::call(cx, r, args),
        other => Err(exceptions::type_error(format!("'{}' object is not callable", type_name(other)))),
    }
}

/// `client_obj.name(*args)`.
pub fn call_method_of_client(cx: &Cx, r: &rpyc_protocol::Netref, name: &str, args: Args) -> PyResult<Py> {
    client::client_callattr(cx, r, name, args)
}

/// A class or function the client imports by name, as pickle copies it.
pub fn global_ref(module: &str, name: &str) -> Value {
    Value::Record(Box::new(rpyc_protocol::Record {
        class: rpyc_protocol::pickle::GLOBAL_REF.to_owned(),
        args: vec![Value::str(module), Value::str(name)],
        state: None,
    }))
}

/// The value copied by value: what PICKLE sends and `obtain` gives the
/// client. Agent objects copy themselves ([`to_value`](crate::runtime::object::PyObject::to_value));
/// client objects are fetched from the client.
pub fn to_value(cx: &Cx, v: &Py) -> PyResult<Value> {
    if let Some(plain) = plain_value(v) {
        return Ok(plain);
    }
    cx.check_stack("while copying a value")?;
    match v {
        Py::Tuple(items) => Ok(Value::Tuple(items.iter().map(|i| to_value(cx, i)).collect::<PyResult<_>>()?)),
        Py::Obj(o) => match o.to_value(cx)? {
            Some(v) => Ok(v),
            None => Err(exceptions::type_error(format!("cannot pickle '{}' object", o.ty().name))),
        },
        Py::Client(r) => client::obtain(cx, r),
        _ => Err(exceptions::type_error(format!("cannot pickle '{}' object", type_name(v)))),
    }
}
