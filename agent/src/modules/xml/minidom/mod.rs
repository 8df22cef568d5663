//! `xml.dom.minidom` (`parse`, `parseString`, the node classes) and
//! `xml.dom` (`Node`, the DOM exception classes), built as CPython's
//! `expatbuilder` builds a document with namespaces: a `Document` with
//! its doctype, elements with their namespace declarations as `xmlns`
//! attributes first, text joined, CDATA sections, comments and processing
//! instructions kept, skipped entities dropped; `ExpatError` for
//! malformed input. Nodes live on the agent and travel as references
//! (copying one by value is refused: a DOM is a graph that the agent's
//! value tree cannot carry).

mod arena;
mod build;
mod lists;
mod methods;
mod node;
#[cfg(test)]
mod tests;
mod tree;
mod types;
mod write;

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "xml.dom.minidom",
    type_name: "xml.dom.minidom",
    doc: "Simple implementation of the Level 1 DOM.",
    functions: &[b("parse", parse), f("parseString", parse_string)],
    attr,
    attr_names: &[
        "Attr",
        "CDATASection",
        "Comment",
        "Document",
        "DocumentType",
        "Element",
        "Node",
        "ProcessingInstruction",
        "Text",
        "EMPTY_NAMESPACE",
        "EMPTY_PREFIX",
        "XMLNS_NAMESPACE",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "Attr" => type_value(&types::ATTR),
        "CDATASection" => type_value(&types::CDATA),
        "Comment" => type_value(&types::COMMENT),
        "Document" => type_value(&types::DOCUMENT),
        "DocumentType" => type_value(&types::DOCUMENT_TYPE),
        "Element" => type_value(&types::ELEMENT),
        "Node" => type_value(&types::NODE),
        "ProcessingInstruction" => type_value(&types::PI),
        "Text" => type_value(&types::TEXT),
        "EMPTY_NAMESPACE" | "EMPTY_PREFIX" => Py::None,
        "XMLNS_NAMESPACE" => Py::str(super::expat::XMLNS_NAMESPACE),
        _ => return None,
    }))
}

/// The DOM exceptions of `xml.dom`, with their `code`.
const DOM_EXCEPTIONS: [(&str, i64); 8] = [
    ("IndexSizeErr", 1),
    ("HierarchyRequestErr", 3),
    ("WrongDocumentErr", 4),
    ("InvalidCharacterErr", 5),
    ("NotFoundErr", 8),
    ("NotSupportedErr", 9),
    ("InuseAttributeErr", 10),
    ("SyntaxErr", 12),
];

static DOM_EXCEPTION: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("xml.dom", "DOMException", Some(&exceptions::exc_type("Exception")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

static DOM_EXCEPTION_CLASSES: LazyLock<Vec<TypeRef>> = LazyLock::new(|| {
    DOM_EXCEPTIONS
        .iter()
        .map(|(name, code)| {
            let t = Type::with_attrs(
                Cow::Borrowed("xml.dom"),
                Cow::Borrowed(*name),
                DOM_EXCEPTION.clone(),
                &[],
                Some(exception_new),
                None,
                vec![(Cow::Borrowed("code"), Py::Int(*code))],
            );
            exceptions::register_class(&t);
            t
        })
        .collect()
});

fn dom_class(name: &str) -> Option<TypeRef> {
    DOM_EXCEPTIONS.iter().position(|(n, _)| *n == name).map(|i| DOM_EXCEPTION_CLASSES[i].clone())
}

/// An exception of one of `xml.dom`'s classes (no message: no arguments).
pub fn dom_error(name: &str, msg: impl Into<String>) -> PyErr {
    let msg = msg.into();
    let args = if msg.is_empty() { Vec::new() } else { vec![Py::str(msg)] };
    match dom_class(name) {
        Some(t) => PyErr::new(t, args),
        None => PyErr::new(DOM_EXCEPTION.clone(), args),
    }
}

/// The `xml.dom` package.
pub static DOM: ModuleDef = ModuleDef {
    name: "xml.dom",
    type_name: "xml.dom",
    doc: "W3C Document Object Model implementation for Python.",
    functions: &[],
    attr: dom_attr,
    attr_names: &[
        "DOMException",
        "HierarchyRequestErr",
        "IndexSizeErr",
        "InuseAttributeErr",
        "InvalidCharacterErr",
        "Node",
        "NotFoundErr",
        "NotSupportedErr",
        "SyntaxErr",
        "WrongDocumentErr",
        "EMPTY_NAMESPACE",
        "EMPTY_PREFIX",
        "XML_NAMESPACE",
        "XMLNS_NAMESPACE",
        "minidom",
    ],
    setattr: None,
};

fn dom_attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    if let Some(t) = dom_class(name) {
        return Some(Ok(type_value(&t)));
    }
    Some(Ok(match name {
        "DOMException" => type_value(&DOM_EXCEPTION),
        "Node" => type_value(&types::NODE),
        "EMPTY_NAMESPACE" | "EMPTY_PREFIX" => Py::None,
        "XML_NAMESPACE" => Py::str(super::expat::XML_NAMESPACE),
        "XMLNS_NAMESPACE" => Py::str(super::expat::XMLNS_NAMESPACE),
        "minidom" => return Some(crate::modules::getmodule("xml.dom.minidom").map(Py::Obj)),
        _ => return None,
    }))
}

/// Makes the exception classes before a client can send one of their names.
pub fn register_classes() {
    LazyLock::force(&DOM_EXCEPTION_CLASSES);
}

fn no_parser(parser: Option<Py>, bufsize: Option<Py>) -> PyResult<()> {
    let given = |v: &Option<Py>| v.as_ref().is_some_and(|p| !p.is_none());
    if given(&parser) || given(&bufsize) {
        return Err(exceptions::not_implemented(
            "xml.dom.minidom with a SAX parser (rpyc-agent is native: only the expat builder)",
        ));
    }
    Ok(())
}

/// `parse(file, parser=None, bufsize=None)`: a path or a file object.
fn parse(cx: &Cx, args: Args) -> PyResult<Py> {
    let [file, parser, bufsize] = args.bind("parse", ["file", "parser?", "bufsize?"])?;
    no_parser(parser, bufsize)?;
    let content = super::source::read_source(cx, &req(file))?;
    build::document(cx, &content)
}

/// `parseString(string, parser=None)`: str or bytes.
fn parse_string(cx: &Cx, args: Args) -> PyResult<Py> {
    let [string, parser] = args.bind("parseString", ["string", "parser?"])?;
    no_parser(parser, None)?;
    let string = req(string);
    let content = super::source::content_of(cx, &string, "Parse()").map_err(|_| {
        exceptions::type_error(format!(
            "a bytes-like object is required, not '{}'",
            crate::runtime::semantics::type_name(&string)
        ))
    })?;
    build::document(cx, &content)
}
