//! Native modules laid out like Python's, one file per module.
//!
//! A module is a static [`ModuleDef`]: its functions (each marked blocking
//! or not) and a lookup for its other attributes. `getmodule` hands out one
//! object per module for the life of the process, so its id pack is stable.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rpyc_protocol::{Obj, Value};

use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, Function, NativeFn, PyObject, PyRef, Val};

pub mod builtins;
pub mod importlib;
pub mod os;
pub mod os_path;
pub mod platform;
pub mod psutil;
pub mod shutil;
pub mod socket;
pub mod subprocess;
mod subprocess_run;
pub mod sys;
pub mod time;

/// A function of a module.
pub struct FnDef {
    pub name: &'static str,
    pub func: NativeFn,
    /// May block (I/O, processes, sleeping): runs on the blocking pool.
    pub blocking: bool,
}

/// Shorthand for a non-blocking function entry.
pub const fn f(name: &'static str, func: NativeFn) -> FnDef {
    FnDef { name, func, blocking: false }
}

/// Shorthand for a blocking function entry.
pub const fn b(name: &'static str, func: NativeFn) -> FnDef {
    FnDef { name, func, blocking: true }
}

/// A module's static description.
pub struct ModuleDef {
    /// The name it is imported by (`os.path`).
    pub name: &'static str,
    /// Its `__name__`, which is also its id pack name (`posixpath`).
    pub type_name: &'static str,
    pub functions: &'static [FnDef],
    /// Non-function attributes (constants, submodules, classes).
    pub attr: fn(&str, &Cx) -> Option<PyResult<Val>>,
    /// Names `attr` answers, for `dir()`.
    pub attr_names: &'static [&'static str],
}

/// Every module the agent implements.
const MODULES: &[&ModuleDef] = &[
    &builtins::MODULE,
    &importlib::MODULE,
    &importlib::UTIL,
    &os::MODULE,
    &os_path::MODULE,
    &platform::MODULE,
    &psutil::MODULE,
    &shutil::MODULE,
    &socket::MODULE,
    &subprocess::MODULE,
    &sys::MODULE,
    &time::MODULE,
];

/// Other names modules are imported by.
fn canonical(name: &str) -> &str {
    match name {
        "posixpath" => "os.path",
        "__builtin__" | "__builtins__" => "builtins",
        "posix" => "os",
        other => other,
    }
}

fn registry() -> &'static HashMap<&'static str, PyRef> {
    static REGISTRY: OnceLock<HashMap<&'static str, PyRef>> = OnceLock::new();
    REGISTRY.get_or_init(|| MODULES.iter().map(|def| (def.name, Module::new(def))).collect())
}

/// `importlib.import_module(name)`, for the modules the agent has.
pub fn getmodule(name: &str) -> PyResult<PyRef> {
    registry().get(canonical(name)).cloned().ok_or_else(|| exc::module_not_found(name))
}

pub fn is_module_type(type_name: &str) -> bool {
    MODULES.iter().any(|m| m.type_name == type_name)
}

/// Names of the implemented modules (`sys.modules` keys).
pub fn names() -> Vec<&'static str> {
    MODULES.iter().map(|m| m.name).collect()
}

pub struct Module {
    def: &'static ModuleDef,
    id: i64,
    /// Function objects, made once so their id packs stay stable.
    functions: HashMap<&'static str, PyRef>,
}

impl Module {
    fn new(def: &'static ModuleDef) -> PyRef {
        let functions =
            def.functions.iter().map(|f| (f.name, Function::new(def.name, f.name, f.func, f.blocking))).collect();
        Arc::new(Module { def, id: next_instance_id(), functions })
    }
}

impl PyObject for Module {
    fn type_name(&self) -> &str {
        self.def.type_name
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        method.is_some_and(|m| self.def.functions.iter().any(|f| f.name == m && f.blocking))
    }
    fn getattr(&self, _this: &PyRef, name: &str, cx: &Cx) -> PyResult<Val> {
        if let Some(f) = self.functions.get(name) {
            return Ok(Obj::Local(f.clone()));
        }
        if let Some(v) = (self.def.attr)(name, cx) {
            return v;
        }
        match name {
            "__name__" => Ok(Obj::Value(Value::str(self.def.type_name))),
            "__doc__" | "__file__" => Ok(Obj::none()),
            "__package__" => Ok(Obj::Value(Value::str(self.def.name.rsplit_once('.').map_or("", |(p, _)| p)))),
            _ => Err(exc::module_attribute_error(self.def.name, name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.def.functions.iter().map(|f| f.name.to_owned()).collect();
        names.extend(self.def.attr_names.iter().map(|s| (*s).to_owned()));
        names.extend(["__name__", "__doc__", "__package__"].map(String::from));
        names
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<module '{}' (native, rpyc-agent)>", self.def.type_name))
    }
}
