//! Native modules laid out like Python's, one file (or folder) per module,
//! and the registry `import` and `conn.modules` use.
//!
//! Lower layers: [`crate::objects`] and [`crate::runtime`]; every libc call
//! and `unsafe` block is in [`crate::platform`].

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::objects::module::{Module, ModuleDef};
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::ObjRef;

pub mod base64;
pub mod binascii;
pub mod buffer;
pub mod builtins;
pub mod gzip;
pub mod hashlib;
pub mod hmac;
pub mod json;
pub mod re;
pub mod r#struct;
#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;
pub mod uuid;
pub mod zlib;

/// Every module the agent implements.
const MODULES: &[&ModuleDef] = &[
    &base64::MODULE,
    &binascii::MODULE,
    &builtins::MODULE,
    &gzip::MODULE,
    &hashlib::MODULE,
    &hmac::MODULE,
    &json::MODULE,
    &re::MODULE,
    &r#struct::MODULE,
    &uuid::MODULE,
    &zlib::MODULE,
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

fn registry() -> &'static HashMap<&'static str, ObjRef> {
    static REGISTRY: OnceLock<HashMap<&'static str, ObjRef>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        register_exception_classes();
        MODULES.iter().map(|def| (def.name, Module::new(def))).collect()
    })
}

/// The modules' own exception classes, made before the client can send an
/// exception of their names (which then maps onto them).
fn register_exception_classes() {
    binascii::register_classes();
    gzip::register_classes();
    hashlib::register_classes();
    json::register_classes();
    re::register_classes();
    r#struct::register_classes();
    zlib::register_classes();
}

/// `importlib.import_module(name)`, for the modules the agent has.
pub fn getmodule(name: &str) -> PyResult<ObjRef> {
    registry().get(canonical(name)).cloned().ok_or_else(|| exceptions::module_not_found(name))
}

/// Whether an id pack name is a module's.
pub fn is_module_name(name: &str) -> bool {
    MODULES.iter().any(|m| m.type_name == name)
}

/// Names of the implemented modules (`sys.modules` keys).
pub fn names() -> Vec<&'static str> {
    MODULES.iter().map(|m| m.name).collect()
}

/// Every module's description, for the generated table of what the agent
/// implements.
pub fn definitions() -> &'static [&'static ModuleDef] {
    MODULES
}
