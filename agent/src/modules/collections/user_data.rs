//! What `UserDict`, `UserList` and `UserString` share: their instance
//! `__dict__` with the `data` attribute their methods delegate to (any
//! object: Python code may replace it) and their by-value form. Their methods bind arguments as
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

/// The instance's `__dict__` (CPython's classes are plain Python
/// classes: any attribute may be set), holding the `data` attribute.
pub struct Data {
    class: &'static str,
    /// A dict; `None` once given up ([`Data::take`]).
    dict: Mutex<Py>,
}

impl Data {
    pub fn new(class: &'static str, data: Py) -> Data {
        let dict = Dict::empty();
        dict.set_str("data", data);
        Data { class, dict: Mutex::new(Py::obj(dict)) }
    }

    /// The `__dict__`.
    pub fn dict(&self) -> Py {
        self.dict.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn lookup(&self, name: &str) -> Option<Py> {
        self.dict().downcast::<Dict>().and_then(|d| d.get_str(name))
    }

    /// `self.data`: an AttributeError once deleted, as in CPython.
    pub fn get(&self) -> PyResult<Py> {
        self.lookup("data").ok_or_else(|| exceptions::attribute_error(self.class, "data"))
    }

    pub fn set(&self, v: Py) {
        if let Some(d) = self.dict().downcast::<Dict>() {
            d.set_str("data", v);
        }
    }

    /// An instance attribute (`__dict__` included).
    pub fn getattr(&self, name: &str) -> Option<Py> {
        if name == "__dict__" {
            return Some(self.dict());
        }
        self.lookup(name)
    }

    pub fn setattr(&self, name: &str, value: Py) -> PyResult<bool> {
        if name == "__dict__" {
            // Replacing the whole `__dict__` is not supported.
            return Err(exceptions::attribute_error(self.class, name));
        }
        if let Some(d) = self.dict().downcast::<Dict>() {
            d.set_str(name, value);
        }
        Ok(true)
    }

    pub fn delattr(&self, name: &str) -> PyResult<bool> {
        match self.dict().downcast::<Dict>() {
            Some(d) if d.del_str(name) => Ok(true),
            _ => Err(exceptions::attribute_error(self.class, name)),
        }
    }

    pub fn names(&self) -> Vec<String> {
        let keys = self.dict().downcast::<Dict>().map(Dict::keys).unwrap_or_default();
        keys.iter().filter_map(|k| k.as_str().map(str::to_owned)).collect()
    }

    /// `__copy__`'s `inst.__dict__.update(self.__dict__)`: the other
    /// attributes of `from` besides `data`.
    pub fn copy_attrs(&self, from: &Data) {
        let (mine, theirs) = (self.dict(), from.dict());
        let (Some(mine), Some(theirs)) = (mine.downcast::<Dict>(), theirs.downcast::<Dict>()) else { return };
        for (k, v) in theirs.items() {
            if let Some(name) = k.as_str().filter(|n| *n != "data") {
                mine.set_str(name, v);
            }
        }
    }

    /// For `take_children`.
    pub fn take(&self) -> Py {
        std::mem::replace(&mut *self.dict.lock().unwrap_or_else(|e| e.into_inner()), Py::None)
    }

    /// What CPython pickles for an instance of a plain class:
    /// `cls.__new__(cls)` then `BUILD` with its `__dict__`.
    pub fn to_value(&self, cx: &Cx, class: &str) -> PyResult<Option<Value>> {
        let state = semantics::to_value(cx, &self.dict())?;
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: class.to_owned(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
}

/// `__reduce_ex__(protocol)`, for `copy.copy` and `copy.deepcopy`: the
/// class called with `args` (CPython's first item is
/// `copyreg.__newobj__`, which the agent lacks; the class rebuilds the
/// same object), then the `__dict__` as state.
pub fn reduce(cls: &TypeRef, args: Vec<Py>, data: &Data) -> Py {
    Py::tuple(vec![type_value(cls), Py::tuple(args), data.dict(), Py::None, Py::None])
}

/// `TypeError: unhashable type: 'UserList'`: the classes define `__eq__`
/// and so lose `object.__hash__`.
pub fn unhashable(class: &str) -> exceptions::PyErr {
    exceptions::type_error(format!("unhashable type: '{class}'"))
}
