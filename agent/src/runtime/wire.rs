//! Values across the wire: what a request's unboxed arguments become in
//! the runtime, and what a result becomes for the reply. Immutable values
//! travel by value; agent objects as references (or by value for the kinds
//! brine carries, such as frozenset); client objects as their netrefs.

use rpyc_protocol::{Obj, Value};

use super::context::Hooks;
use super::object::ObjRef;
use super::value::Py;

/// A plain value from the wire.
pub fn py_from_value(v: Value, hooks: &Hooks) -> Py {
    match v {
        Value::None => Py::None,
        Value::Bool(b) => Py::Bool(b),
        Value::Int(n) => Py::Int(n),
        Value::BigInt(n) => Py::from_bigint(n),
        Value::Float(f) => Py::Float(f),
        Value::Complex(re, im) => Py::Complex(re, im),
        Value::Str(s) => Py::Str(s.into()),
        Value::Bytes(b) => Py::Bytes(b.into()),
        Value::Tuple(items) => Py::Tuple(items.into_iter().map(|i| py_from_value(i, hooks)).collect()),
        other => (hooks.from_value)(other),
    }
}

/// An unboxed request argument.
pub fn py_from_obj(obj: Obj<ObjRef>, hooks: &Hooks) -> Py {
    match obj {
        Obj::Value(v) => py_from_value(v, hooks),
        Obj::Tuple(items) => Py::Tuple(items.into_iter().map(|i| py_from_obj(i, hooks)).collect()),
        Obj::Local(o) => Py::Obj(o),
        Obj::Remote(r) => Py::Client(r),
    }
}

/// A value as brine carries it, when it can go by value.
pub fn plain_value(v: &Py) -> Option<Value> {
    Some(match v {
        Py::None => Value::None,
        Py::Bool(b) => Value::Bool(*b),
        Py::Int(n) => Value::Int(*n),
        Py::BigInt(n) => Value::BigInt((**n).clone()),
        Py::Float(f) => Value::Float(*f),
        Py::Complex(re, im) => Value::Complex(*re, *im),
        Py::Str(s) => Value::Str(s.to_string()),
        Py::Bytes(b) => Value::Bytes(b.to_vec()),
        Py::Tuple(items) => Value::Tuple(items.iter().map(plain_value).collect::<Option<_>>()?),
        Py::Obj(o) => o.wire_value()?,
        Py::Client(_) => return None,
    })
}

/// A result for the reply (or an argument for a request to the client).
pub fn py_to_obj(v: Py) -> Obj<ObjRef> {
    match v {
        Py::Tuple(items) => match plain_value(&Py::Tuple(items.clone())) {
            Some(value) => Obj::Value(value),
            None => Obj::Tuple(items.iter().cloned().map(py_to_obj).collect()),
        },
        Py::Obj(o) => match o.wire_value() {
            Some(value) => Obj::Value(value),
            None => Obj::Local(o),
        },
        Py::Client(r) => Obj::Remote(r),
        other => match plain_value(&other) {
            Some(value) => Obj::Value(value),
            None => Obj::none(),
        },
    }
}
