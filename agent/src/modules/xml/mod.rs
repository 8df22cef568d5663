//! The `xml` package: `xml.dom.minidom`, `xml.etree.ElementTree` and
//! `xml.parsers.expat`'s `ExpatError`, on a parser with expat's rules
//! ([`expat`]). Each subpackage is also an attribute of its parent
//! (`import xml.dom.minidom` binds `xml`).

pub mod etree;
pub mod expat;
pub mod minidom;
mod source;

use std::sync::LazyLock;

use crate::objects::module::ModuleDef;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

/// A submodule as an attribute of its package.
fn submodule(name: &str) -> Option<PyResult<Py>> {
    Some(crate::modules::getmodule(name).map(Py::Obj))
}

pub static MODULE: ModuleDef = ModuleDef {
    name: "xml",
    type_name: "xml",
    doc: "Core XML support for Python.",
    functions: &[],
    attr: |name, _cx| match name {
        "dom" => submodule("xml.dom"),
        "etree" => submodule("xml.etree"),
        "parsers" => submodule("xml.parsers"),
        _ => None,
    },
    attr_names: &["dom", "etree", "parsers"],
    setattr: None,
};

pub static PARSERS: ModuleDef = ModuleDef {
    name: "xml.parsers",
    type_name: "xml.parsers",
    doc: "Python interfaces to XML parsers.",
    functions: &[],
    attr: |name, _cx| match name {
        "expat" => submodule("xml.parsers.expat"),
        _ => None,
    },
    attr_names: &["expat"],
    setattr: None,
};

/// `xml.parsers.expat`: its error class and constants; the parser object
/// itself (`ParserCreate`) is not implemented.
pub static EXPAT: ModuleDef = ModuleDef {
    name: "xml.parsers.expat",
    type_name: "xml.parsers.expat",
    doc: "Python wrapper for Expat parser.",
    functions: &[],
    attr: expat_attr,
    attr_names: &["EXPAT_VERSION", "ExpatError", "error", "native_encoding", "version_info"],
    setattr: None,
};

fn expat_attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "ExpatError" | "error" => type_value(&EXPAT_ERROR),
        "EXPAT_VERSION" => Py::str("expat_2.5.0"),
        "version_info" => Py::tuple(vec![Py::Int(2), Py::Int(5), Py::Int(0)]),
        "native_encoding" => Py::str("UTF-8"),
        _ => return None,
    }))
}

/// `xml.parsers.expat.ExpatError` (pyexpat's class).
pub static EXPAT_ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "xml.parsers.expat",
        "ExpatError",
        Some(&exceptions::exc_type("Exception")),
        &[],
        Some(exception_new),
    );
    exceptions::register_class(&t);
    t
});

/// An `ExpatError` for a parse error, with `code`, `lineno` and `offset`.
pub fn expat_error(e: &expat::XmlError) -> PyErr {
    PyErr::new(EXPAT_ERROR.clone(), vec![Py::str(e.message())])
        .with_attr("code", Py::Int(e.code as i64))
        .with_attr("lineno", Py::from(e.line))
        .with_attr("offset", Py::from(e.column))
}

/// A `SyntaxError` (or subclass) made natively, with the attributes
/// Python's constructor gives it: rpyc's client rebuilds exceptions from
/// their attributes without calling the constructor, so `msg` must be one.
pub fn syntax_error(class: TypeRef, msg: impl Into<String>) -> PyErr {
    // The runtime sets `msg` and the location attributes of every
    // SyntaxError, as SyntaxError.__init__ does.
    PyErr::new(class, vec![Py::str(msg.into())])
}

/// The exception classes, made before a client can send one of their names.
pub fn register_classes() {
    LazyLock::force(&EXPAT_ERROR);
    etree::register_classes();
    minidom::register_classes();
}
