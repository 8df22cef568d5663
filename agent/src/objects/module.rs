//! Module objects: a module of the agent is a static [`ModuleDef`] (its
//! functions and a lookup for its other attributes) behind one object per
//! module for the life of the process, so its id pack is stable.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::runtime::callables::{Function, NativeFn};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE_TYPE: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "module", None, &[], None));

/// A function of a module.
pub struct FnDef {
    pub name: &'static str,
    pub func: NativeFn,
    /// May block (I/O, processes, sleeping): runs on the blocking pool.
    pub blocking: bool,
}

/// A function entry that does not block.
pub const fn f(name: &'static str, func: NativeFn) -> FnDef {
    FnDef { name, func, blocking: false }
}

/// A function entry that may block.
pub const fn b(name: &'static str, func: NativeFn) -> FnDef {
    FnDef { name, func, blocking: true }
}

/// Sets an attribute with a meaning; `None` when the name has none.
pub type SetAttrHook = fn(&str, &Py, &Cx) -> Option<PyResult<()>>;

/// A module's static description.
pub struct ModuleDef {
    /// The name it is imported by (`os.path`).
    pub name: &'static str,
    /// Its `__name__`, which is also its id pack name (`posixpath`).
    pub type_name: &'static str,
    pub doc: &'static str,
    pub functions: &'static [FnDef],
    /// Other attributes (constants, classes, submodules).
    pub attr: fn(&str, &Cx) -> Option<PyResult<Py>>,
    /// Names `attr` answers, for `dir()`.
    pub attr_names: &'static [&'static str],
    /// Attributes a client may set with a meaning (`sys.stdout`); `None`
    /// keeps the value as a plain attribute.
    pub setattr: Option<SetAttrHook>,
}

pub struct Module {
    pub def: &'static ModuleDef,
    /// Function objects, made once so their id packs stay stable.
    functions: HashMap<&'static str, ObjRef>,
    /// Attributes set on the module by Python code.
    extra: Mutex<Vec<(String, Py)>>,
}

impl Module {
    pub fn new(def: &'static ModuleDef) -> ObjRef {
        let functions =
            def.functions.iter().map(|f| (f.name, Function::new(def.type_name, f.name, f.func, f.blocking))).collect();
        Arc::new(Module { def, functions, extra: Mutex::new(Vec::new()) })
    }
}

impl PyObject for Module {
    fn ty(&self) -> TypeRef {
        MODULE_TYPE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<module '{}' (native, rpyc-agent)>", self.def.type_name))
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        method.is_some_and(|m| self.def.functions.iter().any(|f| f.name == m && f.blocking))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some((_, v)) = self.extra.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| k == name) {
            return Ok(Some(v.clone()));
        }
        if let Some(f) = self.functions.get(name) {
            return Ok(Some(Py::Obj(f.clone())));
        }
        if let Some(v) = (self.def.attr)(name, cx) {
            return v.map(Some);
        }
        Ok(Some(match name {
            "__name__" => Py::str(self.def.type_name),
            "__doc__" => Py::str(self.def.doc),
            "__file__" | "__spec__" | "__loader__" => Py::None,
            "__package__" => Py::str(self.def.name.rsplit_once('.').map_or("", |(p, _)| p)),
            _ => return Err(exceptions::module_attribute_error(self.def.name, name)),
        }))
    }
    fn setattr(&self, name: &str, value: Py, cx: &Cx) -> PyResult<bool> {
        if let Some(hook) = self.def.setattr {
            if let Some(done) = hook(name, &value, cx) {
                return done.map(|()| true);
            }
        }
        let mut extra = self.extra.lock().unwrap_or_else(|e| e.into_inner());
        match extra.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => extra.push((name.to_owned(), value)),
        }
        Ok(true)
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        let mut extra = self.extra.lock().unwrap_or_else(|e| e.into_inner());
        let before = extra.len();
        extra.retain(|(k, _)| k != name);
        Ok(extra.len() != before)
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.def.functions.iter().map(|f| f.name.to_owned()).collect();
        names.extend(self.def.attr_names.iter().map(|s| (*s).to_owned()));
        names.extend(self.extra.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(k, _)| k.clone()));
        names.extend(["__name__", "__doc__", "__package__", "__file__", "__spec__", "__loader__"].map(String::from));
        names
    }
}
