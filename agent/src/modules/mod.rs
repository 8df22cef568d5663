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
#[cfg(test)]
mod by_value_tests;
pub mod calendar;
pub mod catalog;
pub mod collections;
pub mod datetime;
pub mod errno;
pub mod fnmatch;
pub mod functools;
pub mod glob;
pub mod gzip;
pub mod hashlib;
pub mod hmac;
pub mod importlib;
pub mod io;
pub mod itertools;
pub mod json;
pub mod math;
pub mod operator;
pub mod os;
pub mod os_path;
pub mod pathlib;
pub mod platform;
pub mod psutil;
pub mod random;
pub mod re;
pub mod resource;
pub mod shlex;
pub mod shutil;
pub mod signal;
pub mod socket;
pub mod stat;
mod stdlib_names;
pub mod string;
pub mod r#struct;
pub mod subprocess;
pub mod sys;
pub mod tarfile;
pub mod tempfile;
#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod tests;
pub mod textwrap;
pub mod time;
pub mod users;
pub mod uuid;
pub mod xml;
pub mod zipfile;
pub mod zlib;

/// Every module the agent implements.
const MODULES: &[&ModuleDef] = &[
    &base64::MODULE,
    &binascii::MODULE,
    &builtins::MODULE,
    &calendar::MODULE,
    &collections::MODULE,
    &datetime::MODULE,
    &errno::MODULE,
    &fnmatch::MODULE,
    &functools::MODULE,
    &users::getpass::MODULE,
    &glob::MODULE,
    &users::grp::MODULE,
    &gzip::MODULE,
    &hashlib::MODULE,
    &hmac::MODULE,
    &importlib::MODULE,
    &importlib::UTIL,
    &io::MODULE,
    &itertools::MODULE,
    &json::MODULE,
    &math::MODULE,
    &operator::MODULE,
    &os::MODULE,
    &os_path::MODULE,
    &pathlib::MODULE,
    &platform::MODULE,
    &psutil::MODULE,
    &users::pwd::MODULE,
    &random::MODULE,
    &re::MODULE,
    &resource::MODULE,
    &shlex::MODULE,
    &shutil::MODULE,
    &signal::MODULE,
    &socket::MODULE,
    &stat::MODULE,
    &string::MODULE,
    &r#struct::MODULE,
    &subprocess::MODULE,
    &sys::MODULE,
    &tarfile::MODULE,
    &tempfile::MODULE,
    &textwrap::MODULE,
    &time::MODULE,
    &uuid::MODULE,
    &xml::EXPAT,
    &xml::MODULE,
    &xml::PARSERS,
    &xml::etree::MODULE,
    &xml::etree::PACKAGE,
    &xml::minidom::DOM,
    &xml::minidom::MODULE,
    &zipfile::MODULE,
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
    calendar::register_classes();
    gzip::register_classes();
    hashlib::register_classes();
    json::register_classes();
    re::register_classes();
    signal::register_classes();
    socket::register_classes();
    r#struct::register_classes();
    subprocess::register_classes();
    tarfile::register_classes();
    xml::register_classes();
    zipfile::register_classes();
    zlib::register_classes();
}

/// `importlib.import_module(name)`, for the modules the agent has.
pub fn getmodule(name: &str) -> PyResult<ObjRef> {
    if let Some(m) = registry().get(canonical(name)) {
        return Ok(m.clone());
    }
    let top = name.split('.').next().unwrap_or(name);
    if stdlib_names::STDLIB.binary_search(&top).is_ok() {
        return Err(exceptions::module_not_found(name));
    }
    Err(exceptions::new("ModuleNotFoundError", format!("No module named '{name}'"))
        .with_attr("name", crate::runtime::value::Py::str(name))
        .with_attr("path", crate::runtime::value::Py::None)
        .with_attr("msg", crate::runtime::value::Py::None))
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
