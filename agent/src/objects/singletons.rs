//! `None`'s class, `Ellipsis` and `NotImplemented`.

use std::sync::{Arc, LazyLock};

use rpyc_protocol::Value;

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

fn none_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if !args.is_empty() {
        return Err(exceptions::type_error("NoneType takes no arguments"));
    }
    Ok(Py::None)
}

pub static NONE_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "NoneType", None, &[], Some(none_new)));

/// `Ellipsis` / `...` and `NotImplemented`: one object each.
pub struct Singleton {
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Ellipsis,
    NotImplemented,
}

pub static ELLIPSIS_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "ellipsis", None, &[], Some(|_, _, _| Ok(ellipsis()))));
pub static NOT_IMPLEMENTED_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "NotImplementedType", None, &[], Some(|_, _, _| Ok(not_implemented()))));

static ELLIPSIS: LazyLock<ObjRef> = LazyLock::new(|| Arc::new(Singleton { kind: Kind::Ellipsis }));
static NOT_IMPLEMENTED: LazyLock<ObjRef> = LazyLock::new(|| Arc::new(Singleton { kind: Kind::NotImplemented }));

pub fn ellipsis() -> Py {
    Py::Obj(ELLIPSIS.clone())
}

pub fn not_implemented() -> Py {
    Py::Obj(NOT_IMPLEMENTED.clone())
}

pub fn is_not_implemented(v: &Py) -> bool {
    matches!(v.downcast::<Singleton>(), Some(s) if s.kind == Kind::NotImplemented)
}

impl PyObject for Singleton {
    fn ty(&self) -> TypeRef {
        match self.kind {
            Kind::Ellipsis => ELLIPSIS_TYPE.clone(),
            Kind::NotImplemented => NOT_IMPLEMENTED_TYPE.clone(),
        }
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(match self.kind {
            Kind::Ellipsis => "Ellipsis",
            Kind::NotImplemented => "NotImplemented",
        }
        .into())
    }
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(true))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(self.wire_value())
    }
    fn wire_value(&self) -> Option<Value> {
        Some(match self.kind {
            Kind::Ellipsis => Value::Ellipsis,
            Kind::NotImplemented => Value::NotImplemented,
        })
    }
}
