//! Functions defined by Python code (`def`, `lambda`): the object the
//! client and native code see. What runs when one is called is a
//! [`FunctionBody`] the interpreter provides.

use std::sync::{Arc, LazyLock, Mutex};

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static FUNCTION: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "function", None, &[], None));

/// The code of a function, with its defaults and closure: run by the
/// interpreter.
pub trait FunctionBody: Send + Sync {
    fn call(&self, cx: &Cx, args: Args) -> PyResult<Py>;
    /// `__defaults__`.
    fn defaults(&self) -> Py {
        Py::None
    }
    /// `__kwdefaults__` as pairs (`None` when there are none).
    fn kwdefaults(&self) -> Option<Vec<(Arc<str>, Py)>> {
        None
    }
    /// Values the body keeps alive (defaults, closure cells), for dropping
    /// without recursion.
    fn take_children(&self) -> Vec<Py> {
        Vec::new()
    }
}

pub struct PyFunction {
    pub name: Arc<str>,
    pub qualname: Arc<str>,
    pub module: Arc<str>,
    pub doc: Py,
    pub body: Arc<dyn FunctionBody>,
    /// `f.attr = value` (a function's `__dict__`).
    attrs: Mutex<Vec<(String, Py)>>,
}

impl PyFunction {
    pub fn new(name: Arc<str>, qualname: Arc<str>, doc: Py, body: Arc<dyn FunctionBody>) -> Py {
        Py::Obj(Arc::new(PyFunction {
            name,
            qualname,
            module: Arc::from("__main__"),
            doc,
            body,
            attrs: Mutex::new(Vec::new()),
        }))
    }
}

impl PyObject for PyFunction {
    fn ty(&self) -> TypeRef {
        FUNCTION.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<function {} at {:#x}>", self.qualname, address(this)))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        self.body.call(cx, args)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Python code may do anything, including waiting for the client.
        true
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some((_, v)) = self.attrs.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| k == name) {
            return Ok(Some(v.clone()));
        }
        Ok(Some(match name {
            "__name__" => Py::Str(self.name.clone()),
            "__qualname__" => Py::Str(self.qualname.clone()),
            "__module__" => Py::Str(self.module.clone()),
            "__doc__" => self.doc.clone(),
            "__defaults__" => self.body.defaults(),
            "__kwdefaults__" => match self.body.kwdefaults() {
                None => Py::None,
                Some(pairs) => {
                    let d = super::dict::Dict::empty();
                    for (k, v) in pairs {
                        d.set_str(&k, v);
                    }
                    Py::Obj(Arc::new(d))
                }
            },
            "__dict__" => {
                let d = super::dict::Dict::empty();
                for (k, v) in self.attrs.lock().unwrap_or_else(|e| e.into_inner()).iter() {
                    d.set_str(k, v.clone());
                }
                Py::Obj(Arc::new(d))
            }
            _ => return Ok(None),
        }))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let mut attrs = self.attrs.lock().unwrap_or_else(|e| e.into_inner());
        match attrs.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => attrs.push((name.to_owned(), value)),
        }
        Ok(true)
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> =
            self.attrs.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(k, _)| k.clone()).collect();
        names.extend(["__name__", "__qualname__", "__module__", "__doc__", "__defaults__"].map(String::from));
        names
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out: Vec<Py> = std::mem::take(&mut *self.attrs.lock().unwrap_or_else(|e| e.into_inner()))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        out.extend(self.body.take_children());
        out
    }
}
