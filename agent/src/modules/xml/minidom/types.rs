//! minidom's classes: `Node` (with the node-type constants) and, under
//! it, `Element`, `Attr`, `Text`, `CDATASection` (a `Text`), `Comment`,
//! `ProcessingInstruction`, `Document` and `DocumentType`, each callable
//! as in CPython to make a node outside any document.

use std::borrow::Cow;
use std::sync::LazyLock;

use super::arena::{alloc, handle, Arena, Kind, NodeData};
use super::methods::*;
use super::node::NODE_CONSTANTS;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

const MODULE: &str = "xml.dom.minidom";

pub static NODE: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::with_attrs(
        Cow::Borrowed(MODULE),
        Cow::Borrowed("Node"),
        crate::runtime::types::OBJECT.clone(),
        &NODE_METHODS,
        None,
        None,
        NODE_CONSTANTS.iter().map(|(k, v)| (Cow::Borrowed(*k), Py::Int(*v))).collect(),
    )
});

static NODE_METHODS: [Method; 14] = [
    method("appendChild", append_child),
    method("insertBefore", insert_before),
    method("removeChild", remove_child),
    method("replaceChild", replace_child),
    method("hasChildNodes", has_child_nodes),
    method("hasAttributes", has_attributes),
    method("cloneNode", clone_node),
    method("normalize", normalize),
    method("isSameNode", is_same_node),
    method("unlink", unlink),
    method("toxml", toxml),
    method("toprettyxml", toprettyxml),
    method("writexml", writexml),
    method("__exit__", |cx, this, _| unlink(cx, this, Args::default())),
];

fn class(
    name: &'static str,
    base: &TypeRef,
    methods: &'static [Method],
    new: crate::runtime::types::Constructor,
) -> TypeRef {
    Type::native(MODULE, name, Some(base), methods, Some(new))
}

pub static ELEMENT: LazyLock<TypeRef> = LazyLock::new(|| class("Element", &NODE, &ELEMENT_METHODS, element_new));
pub static ATTR: LazyLock<TypeRef> = LazyLock::new(|| class("Attr", &NODE, &[], attr_new));
pub static TEXT: LazyLock<TypeRef> = LazyLock::new(|| class("Text", &NODE, &[], text_new));
pub static CDATA: LazyLock<TypeRef> = LazyLock::new(|| class("CDATASection", &TEXT, &[], cdata_new));
pub static COMMENT: LazyLock<TypeRef> = LazyLock::new(|| class("Comment", &NODE, &[], comment_new));
pub static PI: LazyLock<TypeRef> = LazyLock::new(|| class("ProcessingInstruction", &NODE, &[], pi_new));
pub static DOCUMENT: LazyLock<TypeRef> = LazyLock::new(|| class("Document", &NODE, &DOCUMENT_METHODS, document_new));
pub static DOCUMENT_TYPE: LazyLock<TypeRef> = LazyLock::new(|| class("DocumentType", &NODE, &[], doctype_new));

static ELEMENT_METHODS: [Method; 11] = [
    method("getAttribute", get_attribute),
    method("getAttributeNS", get_attribute_ns),
    method("setAttribute", set_attribute),
    method("setAttributeNS", set_attribute_ns),
    method("hasAttribute", has_attribute),
    method("hasAttributeNS", has_attribute_ns),
    method("removeAttribute", remove_attribute),
    method("getAttributeNode", get_attribute_node),
    method("getElementsByTagName", elements_by_tag_name),
    method("getElementsByTagNameNS", elements_by_tag_name_ns),
    method("__enter__", |_, this, _| Ok(this.clone())),
];

static DOCUMENT_METHODS: [Method; 9] = [
    method("createElement", create_element),
    method("createElementNS", create_element_ns),
    method("createTextNode", create_text_node),
    method("createComment", create_comment),
    method("createCDATASection", create_cdata_section),
    method("createProcessingInstruction", create_processing_instruction),
    method("getElementsByTagName", elements_by_tag_name),
    method("getElementsByTagNameNS", elements_by_tag_name_ns),
    method("__enter__", |_, this, _| Ok(this.clone())),
];

/// The class of a node kind.
pub fn class_of(kind: Kind) -> TypeRef {
    match kind {
        Kind::Element => ELEMENT.clone(),
        Kind::Attr => ATTR.clone(),
        Kind::Text => TEXT.clone(),
        Kind::CData => CDATA.clone(),
        Kind::Comment => COMMENT.clone(),
        Kind::Pi => PI.clone(),
        Kind::Document => DOCUMENT.clone(),
        Kind::DocumentType => DOCUMENT_TYPE.clone(),
    }
}

/// A node alone in a new arena.
fn lone(data: NodeData) -> Py {
    let arena = Arena::new();
    let mut slots = arena.lock();
    let i = alloc(&mut slots, data);
    Py::Obj(handle(&arena, &mut slots, i))
}

fn opt(v: Option<Py>, func: &str) -> PyResult<Option<String>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => args::to_str(func, &v).map(Some),
    }
}

fn element_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    let [tag, ns, prefix, local] = a.bind("Element", ["tagName", "namespaceURI?", "prefix?", "localName?"])?;
    let mut data = NodeData::new(Kind::Element, args::to_str("Element", &req(tag))?, "");
    data.namespace = opt(ns, "Element")?;
    data.prefix = opt(prefix, "Element")?;
    data.local = opt(local, "Element")?;
    Ok(lone(data))
}

fn attr_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    let [name, ns, local, prefix] = a.bind("Attr", ["qName", "namespaceURI?", "localName?", "prefix?"])?;
    let mut data = NodeData::new(Kind::Attr, args::to_str("Attr", &req(name))?, "");
    data.namespace = opt(ns, "Attr")?;
    data.local = opt(local, "Attr")?;
    data.prefix = opt(prefix, "Attr")?;
    Ok(lone(data))
}

fn text_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    a.none("Text")?;
    Ok(lone(NodeData::new(Kind::Text, "", "")))
}

fn cdata_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    a.none("CDATASection")?;
    Ok(lone(NodeData::new(Kind::CData, "", "")))
}

fn comment_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    let [data] = a.bind("Comment", ["data"])?;
    Ok(lone(NodeData::new(Kind::Comment, "", args::to_str("Comment", &req(data))?)))
}

fn pi_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    let [target, data] = a.bind("ProcessingInstruction", ["target", "data"])?;
    let target = args::to_str("ProcessingInstruction", &req(target))?;
    Ok(lone(NodeData::new(Kind::Pi, target, args::to_str("ProcessingInstruction", &req(data))?)))
}

fn document_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    a.none("Document")?;
    Ok(lone(NodeData::new(Kind::Document, "", "")))
}

fn doctype_new(_cx: &Cx, _cls: &TypeRef, a: Args) -> PyResult<Py> {
    let [name] = a.bind("DocumentType", ["qualifiedName"])?;
    let name = opt(name, "DocumentType")?.unwrap_or_default();
    Ok(lone(NodeData::new(Kind::DocumentType, name, "")))
}
