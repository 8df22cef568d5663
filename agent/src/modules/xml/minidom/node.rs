//! minidom's node objects: one handle type ([`Node`]) whose class is the
//! node's kind (`Element`, `Text`, `Document`, ...), with the DOM's
//! attributes (`nodeType`, `nodeName`, `nodeValue`, `tagName`, `data`,
//! `childNodes`, `firstChild`, `parentNode`, siblings, `attributes`,
//! `documentElement`, ...) and CPython's reprs.

use std::sync::Arc;

use super::arena::{handle, Arena, Kind, Node, NodeData, Slots};
use super::lists::{ChildNodes, NamedNodeMap};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::semantics::{self, str_repr};
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

/// The node constants of `xml.dom.Node`.
pub const NODE_CONSTANTS: [(&str, i64); 12] = [
    ("ELEMENT_NODE", 1),
    ("ATTRIBUTE_NODE", 2),
    ("TEXT_NODE", 3),
    ("CDATA_SECTION_NODE", 4),
    ("ENTITY_REFERENCE_NODE", 5),
    ("ENTITY_NODE", 6),
    ("PROCESSING_INSTRUCTION_NODE", 7),
    ("COMMENT_NODE", 8),
    ("DOCUMENT_NODE", 9),
    ("DOCUMENT_TYPE_NODE", 10),
    ("DOCUMENT_FRAGMENT_NODE", 11),
    ("NOTATION_NODE", 12),
];

/// The value of slot `i` of `arena`: its one handle.
pub fn node_value(arena: &Arc<Arena>, slots: &mut Slots, i: usize) -> Py {
    Py::Obj(handle(arena, slots, i))
}

/// An optional slot as a value (`None` when absent).
pub fn opt_node(arena: &Arc<Arena>, slots: &mut Slots, i: Option<usize>) -> Py {
    i.map_or(Py::None, |i| node_value(arena, slots, i))
}

/// The node a value is, if it is one.
pub fn as_node(v: &Py) -> Option<Arc<Node>> {
    match v {
        Py::Obj(o) if o.as_any().is::<Node>() => o.clone().into_any_arc().downcast::<Node>().ok(),
        _ => None,
    }
}

/// The node argument of a DOM method (minidom fails on the attribute it
/// reads first; the agent says what it wanted).
pub fn node_arg(v: &Py, what: &str) -> PyResult<Arc<Node>> {
    as_node(v).ok_or_else(|| exceptions::attribute_error(&semantics::type_name(v), what))
}

/// `nodeName`.
pub fn node_name(d: &NodeData) -> &str {
    match d.kind {
        Kind::Text => "#text",
        Kind::CData => "#cdata-section",
        Kind::Comment => "#comment",
        Kind::Document => "#document",
        _ => d.name.as_str(),
    }
}

/// The local part of a name: after the colon.
pub fn local_name(d: &NodeData) -> &str {
    d.local.as_deref().unwrap_or_else(|| d.name.rsplit_once(':').map_or(d.name.as_str(), |(_, l)| l))
}

/// `CharacterData.__repr__`: the first ten characters.
fn data_repr(class: &str, data: &str) -> String {
    let head: String = data.chars().take(10).collect();
    let dots = if data.chars().count() > 10 { "..." } else { "" };
    format!("<DOM {class} node \"{}{dots}\">", str_repr(&head))
}

/// A node's repr; its handle's address (none alive: 0).
pub fn repr_of(slots: &Slots, i: usize) -> String {
    let d = &slots[i].data;
    let addr = slots[i].handle_address();
    match d.kind {
        Kind::Element => format!("<DOM Element: {} at {addr:#x}>", d.name),
        Kind::Text | Kind::Comment | Kind::CData => data_repr(d.kind.class(), &d.value),
        k => format!("<xml.dom.minidom.{} object at {addr:#x}>", k.class()),
    }
}

impl super::arena::Slot {
    /// The address of the live handle, or 0.
    pub fn handle_address(&self) -> i64 {
        self.handle_ref().map_or(0, |h| {
            let o: ObjRef = h;
            address(&o)
        })
    }
}

/// The class of each kind.
pub fn class_of(kind: Kind) -> TypeRef {
    super::types::class_of(kind)
}

impl PyObject for Node {
    fn ty(&self) -> TypeRef {
        class_of(self.with(|s, i| s[i].data.kind))
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let addr = address(this);
        Ok(self.with(|s, i| {
            let d = &s[i].data;
            match d.kind {
                Kind::Element => format!("<DOM Element: {} at {addr:#x}>", d.name),
                Kind::Text | Kind::Comment | Kind::CData => data_repr(d.kind.class(), &d.value),
                k => format!("<xml.dom.minidom.{} object at {addr:#x}>", k.class()),
            }
        }))
    }
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(true))
    }
    fn richcmp(
        &self,
        this: &ObjRef,
        op: crate::runtime::object::CmpOp,
        other: &Py,
        _cx: &Cx,
    ) -> PyResult<Option<bool>> {
        use crate::runtime::object::CmpOp;
        let same = matches!(other, Py::Obj(o) if Arc::ptr_eq(o, this));
        Ok(match op {
            CmpOp::Eq => Some(same),
            CmpOp::Ne => Some(!same),
            _ => None,
        })
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Ok(None)
    }
    fn getattr(&self, this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some((_, v)) = NODE_CONSTANTS.iter().find(|(k, _)| *k == name) {
            return Ok(Some(Py::Int(*v)));
        }
        let (arena, i) = self.loc();
        let mut slots = arena.lock();
        let d = slots[i].data.clone();
        let text_like = matches!(d.kind, Kind::Text | Kind::Comment | Kind::CData | Kind::Pi);
        let v = match name {
            "nodeType" => Py::Int(d.kind as i64),
            "nodeName" => Py::str(node_name(&d)),
            "nodeValue" => match d.kind {
                Kind::Text | Kind::Comment | Kind::CData | Kind::Pi | Kind::Attr => Py::str(d.value.as_str()),
                _ => Py::None,
            },
            "parentNode" => opt_node(&arena, &mut slots, d.parent),
            "childNodes" => Py::obj(ChildNodes::new(Py::Obj(this.clone()))),
            "firstChild" => opt_node(&arena, &mut slots, d.children.first().copied()),
            "lastChild" => opt_node(&arena, &mut slots, d.children.last().copied()),
            "previousSibling" | "nextSibling" => {
                let sibling = d.parent.and_then(|p| {
                    let kids = &slots[p].data.children;
                    let at = kids.iter().position(|&c| c == i)?;
                    if name == "nextSibling" {
                        kids.get(at + 1).copied()
                    } else {
                        at.checked_sub(1).map(|k| kids[k])
                    }
                });
                opt_node(&arena, &mut slots, sibling)
            }
            // A constructed Element has no `ownerDocument` until it joins one.
            "ownerDocument" if d.kind == Kind::Element && d.document.is_none() => {
                return Err(exceptions::attribute_error("Element", "ownerDocument"))
            }
            "ownerDocument" => opt_node(&arena, &mut slots, d.document),
            "attributes" if d.kind == Kind::Element => Py::obj(NamedNodeMap::new(Py::Obj(this.clone()))),
            "attributes" => Py::None,
            "namespaceURI" => d.namespace.clone().map_or(Py::None, Py::str),
            "prefix" => d.prefix.clone().map_or(Py::None, Py::str),
            "localName" => match d.kind {
                Kind::Element | Kind::Attr => Py::str(local_name(&d)),
                _ => Py::None,
            },
            "tagName" if d.kind == Kind::Element => Py::str(d.name.as_str()),
            "data" if text_like => Py::str(d.value.as_str()),
            "length" if text_like && d.kind != Kind::Pi => Py::from(d.value.chars().count()),
            "target" if d.kind == Kind::Pi => Py::str(d.name.as_str()),
            "name" if matches!(d.kind, Kind::Attr | Kind::DocumentType) => Py::str(d.name.as_str()),
            "value" if d.kind == Kind::Attr => Py::str(d.value.as_str()),
            "specified" if d.kind == Kind::Attr => Py::Bool(true),
            "ownerElement" if d.kind == Kind::Attr => opt_node(&arena, &mut slots, d.owner_element),
            "documentElement" if d.kind == Kind::Document => {
                let root = super::tree::document_element(&slots, i);
                opt_node(&arena, &mut slots, root)
            }
            "doctype" if d.kind == Kind::Document => {
                let dt = d.children.iter().copied().find(|&c| slots[c].data.kind == Kind::DocumentType);
                opt_node(&arena, &mut slots, dt)
            }
            "version" | "encoding" if d.kind == Kind::Document => {
                let k = if name == "version" { 0 } else { 1 };
                d.extra[k].clone().map_or(Py::None, Py::str)
            }
            "standalone" if d.kind == Kind::Document => match d.extra[2].as_deref() {
                Some("1") => Py::Bool(true),
                Some("0") => Py::Bool(false),
                _ => Py::None,
            },
            "publicId" | "systemId" | "internalSubset" if d.kind == Kind::DocumentType => {
                let k = ["publicId", "systemId", "internalSubset"].iter().position(|n| *n == name).unwrap_or(0);
                d.extra[k].clone().map_or(Py::None, Py::str)
            }
            _ => return Ok(None),
        };
        Ok(Some(v))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let kind = self.with(|s, i| s[i].data.kind);
        let settable = match kind {
            Kind::Text | Kind::Comment | Kind::CData | Kind::Pi => matches!(name, "data" | "nodeValue"),
            Kind::Attr => matches!(name, "value" | "nodeValue"),
            _ => false,
        };
        if !settable {
            return Err(exceptions::attribute_error(kind.class(), name));
        }
        let Py::Str(s) = value else {
            return Err(exceptions::type_error(format!(
                "the agent's minidom holds str data, not {}",
                semantics::type_name(&value)
            )));
        };
        self.with(|slots, i| slots[i].data.value = s.to_string());
        Ok(true)
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = [
            "nodeType",
            "nodeName",
            "nodeValue",
            "parentNode",
            "childNodes",
            "firstChild",
            "lastChild",
            "previousSibling",
            "nextSibling",
            "ownerDocument",
            "attributes",
            "namespaceURI",
            "prefix",
            "localName",
        ]
        .map(String::from)
        .to_vec();
        names.extend(NODE_CONSTANTS.iter().map(|(k, _)| (*k).to_owned()));
        names
    }
}
