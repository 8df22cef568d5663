//! What `UserDict`, `UserList` and `UserString` share: the `data`
//! attribute their methods delegate to (any object: Python code may
//! replace it) and their by-value form. Their methods bind arguments as
//! the Python `def`s of Lib/collections/__init__.py do
//! ([`crate::objects::arg_styles::def_bind`]).

use std::sync::Mutex;

use rpyc_protocol::Value;

use crate::objects::dict::Dict;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

/// The `data` attribute.
pub struct Data(Mutex<Py>);

impl Data {
    pub fn new(v: Py) -> Data {
        Data(Mutex::new(v))
    }

    pub fn get(&self) -> Py {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set(&self, v: Py) {
        let old = std::mem::replace(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()), v);
        crate::runtime::object::drop_values(vec![old]);
    }

    /// For `take_children`.
    pub fn take(&self) -> Py {
        std::mem::replace(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()), Py::None)
    }

    /// What CPython pickles for an instance of a plain class whose
    /// `__dict__` is `{'data': ...}`: `cls.__new__(cls)` then `BUILD`.
    pub fn to_value(&self, cx: &Cx, class: &str) -> PyResult<Option<Value>> {
        let data = semantics::to_value(cx, &self.get())?;
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: class.to_owned(),
            args: Vec::new(),
            state: Some(Value::Dict(vec![(Value::str("data"), data)])),
        }))))
    }
}

/// `__reduce_ex__(protocol)`, for `copy.copy` and `copy.deepcopy`: the
/// class called with `args` (CPython's first item is
/// `copyreg.__newobj__`, which the agent lacks; the class rebuilds the
/// same object), then the `data` state.
pub fn reduce(cls: &TypeRef, args: Vec<Py>, data: Py) -> Py {
    let state = Dict::empty();
    state.set_str("data", data);
    Py::tuple(vec![type_value(cls), Py::tuple(args), Py::obj(state), Py::None, Py::None])
}

/// `TypeError: unhashable type: 'UserList'`: the classes define `__eq__`
/// and so lose `object.__hash__`.
pub fn unhashable(class: &str) -> exceptions::PyErr {
    exceptions::type_error(format!("unhashable type: '{class}'"))
}
