//! Truthiness (`bool(x)`, `if x:`): `__bool__`, else `__len__`, else true.

use super::client;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

pub fn truthy(cx: &Cx, v: &Py) -> PyResult<bool> {
    Ok(match v {
        Py::None => false,
        Py::Bool(b) => *b,
        Py::Int(n) => *n != 0,
        Py::BigInt(_) => true,
        Py::Float(f) => *f != 0.0,
        Py::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Py::Str(s) => !s.is_empty(),
        Py::Bytes(b) => !b.is_empty(),
        Py::Tuple(t) => !t.is_empty(),
        Py::Obj(o) => {
            if let Some(b) = o.truthy(cx)? {
                b
            } else if let Some(n) = o.len(cx)? {
                n > 0
            } else if let Some(base) = o.base_value() {
                truthy(cx, &base)?
            } else {
                true
            }
        }
        Py::Client(r) => client::truthy(cx, r)?,
    })
}
