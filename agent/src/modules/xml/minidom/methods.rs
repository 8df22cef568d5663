//! The methods of minidom's node classes: tree changes, attributes,
//! searches, serialising, and the `Document` factories.

use std::sync::Arc;

use super::arena::{alloc, Kind, Node, NodeData};
use super::lists::ChildNodes;
use super::node::{as_node, node_arg, node_value};
use super::{dom_error, tree, write};
use crate::objects::attr;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub fn this_node(this: &Py) -> PyResult<Arc<Node>> {
    as_node(this).ok_or_else(|| {
        exceptions::type_error(format!("descriptor requires a minidom node, not '{}'", semantics::type_name(this)))
    })
}

fn str_arg(v: Option<Py>, func: &str) -> PyResult<String> {
    args::to_str(func, &req(v))
}

pub fn append_child(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [n] = a.bind("appendChild", ["node"])?;
    let n = req(n);
    tree::append_child(&*this_node(this)?, &*node_arg(&n, "nodeType")?)?;
    Ok(n)
}

pub fn insert_before(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [new, reference] = a.bind("insertBefore", ["newChild", "refChild"])?;
    let new = req(new);
    let reference = req(reference);
    let r = if reference.is_none() { None } else { Some(node_arg(&reference, "parentNode")?) };
    tree::insert_before(&*this_node(this)?, &*node_arg(&new, "nodeType")?, r.as_deref())?;
    Ok(new)
}

pub fn remove_child(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [old] = a.bind("removeChild", ["oldChild"])?;
    let old = req(old);
    tree::remove_child(&*this_node(this)?, &*node_arg(&old, "parentNode")?)?;
    Ok(old)
}

pub fn replace_child(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [new, old] = a.bind("replaceChild", ["newChild", "oldChild"])?;
    let (new, old) = (req(new), req(old));
    tree::replace_child(&*this_node(this)?, &*node_arg(&new, "nodeType")?, &*node_arg(&old, "parentNode")?)?;
    Ok(old)
}

pub fn has_child_nodes(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    a.none("hasChildNodes")?;
    Ok(Py::Bool(this_node(this)?.with(|s, i| !s[i].data.children.is_empty())))
}

pub fn has_attributes(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    a.none("hasAttributes")?;
    Ok(Py::Bool(this_node(this)?.with(|s, i| !s[i].data.attrs.is_empty())))
}

pub fn clone_node(cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [deep] = a.bind("cloneNode", ["deep"])?;
    let deep = semantics::truthy(cx, &req(deep))?;
    let (arena, i) = this_node(this)?.loc();
    let mut slots = arena.lock();
    let c = tree::clone(&mut slots, i, deep);
    Ok(node_value(&arena, &mut slots, c))
}

pub fn normalize(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    a.none("normalize")?;
    this_node(this)?.with(tree::normalize);
    Ok(Py::None)
}

pub fn is_same_node(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [other] = a.bind("isSameNode", ["other"])?;
    Ok(Py::Bool(this.is(&req(other))))
}

/// `unlink()`: the subtree taken apart (children dropped, links cut).
pub fn unlink(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    a.none("unlink")?;
    this_node(this)?.with(|slots, i| {
        let mut stack = vec![i];
        while let Some(n) = stack.pop() {
            let kids = std::mem::take(&mut slots[n].data.children);
            for &k in &kids {
                slots[k].data.parent = None;
            }
            stack.extend(kids);
        }
        super::arena::detach(slots, i);
    });
    Ok(Py::None)
}

/// The node serialised with `writexml`'s arguments.
fn render(
    cx: &Cx,
    node: &Node,
    indent: &str,
    addindent: &str,
    newl: &str,
    decl: Option<(Option<&str>, Option<bool>)>,
) -> PyResult<String> {
    let (arena, i) = node.loc();
    let slots = arena.lock();
    let mut out = String::new();
    if slots[i].data.kind == Kind::Document {
        let (encoding, standalone) = decl.unwrap_or((None, None));
        write::declaration(&mut out, encoding, standalone, newl);
    }
    write::node(cx, &slots, i, indent, &write::Style { addindent, newl }, &mut out)?;
    Ok(out)
}

fn opt_standalone(cx: &Cx, v: Option<Py>) -> PyResult<Option<bool>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => semantics::truthy(cx, &v).map(Some),
    }
}

fn finish(text: String, encoding: Option<String>) -> PyResult<Py> {
    match encoding {
        None => Ok(Py::str(text)),
        Some(e) => Ok(Py::bytes(crate::objects::bytes::encode(&text, &e, "xmlcharrefreplace")?)),
    }
}

pub fn toxml(cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [encoding, standalone] = a.bind("toxml", ["encoding?", "standalone?"])?;
    let encoding = args::opt_str("toxml", encoding.as_ref().filter(|e| !e.is_none()))?;
    let standalone = opt_standalone(cx, standalone)?;
    let text = render(cx, &*this_node(this)?, "", "", "", Some((encoding.as_deref(), standalone)))?;
    finish(text, encoding)
}

pub fn toprettyxml(cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [indent, newl, encoding, standalone] =
        a.bind("toprettyxml", ["indent?", "newl?", "encoding?", "standalone?"])?;
    let indent = args::opt_str("toprettyxml", indent.as_ref())?.unwrap_or_else(|| "\t".into());
    let newl = args::opt_str("toprettyxml", newl.as_ref())?.unwrap_or_else(|| "\n".into());
    let encoding = args::opt_str("toprettyxml", encoding.as_ref().filter(|e| !e.is_none()))?;
    let standalone = opt_standalone(cx, standalone)?;
    let text = render(cx, &*this_node(this)?, "", &indent, &newl, Some((encoding.as_deref(), standalone)))?;
    finish(text, encoding)
}

/// `writexml(writer, indent="", addindent="", newl="")` (and, for a
/// document, `encoding=None, standalone=None`).
pub fn writexml(cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [writer, indent, addindent, newl, encoding, standalone] =
        a.bind("writexml", ["writer", "indent?", "addindent?", "newl?", "encoding?", "standalone?"])?;
    let s = |v: Option<Py>| args::opt_str("writexml", v.as_ref()).map(Option::unwrap_or_default);
    let encoding = args::opt_str("writexml", encoding.as_ref().filter(|e| !e.is_none()))?;
    let standalone = opt_standalone(cx, standalone)?;
    let text = render(
        cx,
        &*this_node(this)?,
        &s(indent)?,
        &s(addindent)?,
        &s(newl)?,
        Some((encoding.as_deref(), standalone)),
    )?;
    attr::call_method(cx, &req(writer), "write", Args::one(Py::str(text)))?;
    Ok(Py::None)
}

/// The attribute slot of an element by name.
fn find_attr(slots: &super::arena::Slots, el: usize, name: &str) -> Option<usize> {
    slots[el].data.attrs.iter().copied().find(|&a| slots[a].data.name == name)
}

fn find_attr_ns(slots: &super::arena::Slots, el: usize, ns: Option<&str>, local: &str) -> Option<usize> {
    slots[el].data.attrs.iter().copied().find(|&a| {
        let d = &slots[a].data;
        d.namespace.as_deref() == ns && super::node::local_name(d) == local
    })
}

fn ns_arg(v: Option<Py>) -> PyResult<Option<String>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => args::to_str("namespaceURI", &v).map(|s| Some(s).filter(|s| !s.is_empty())),
    }
}

pub fn get_attribute(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name] = a.bind("getAttribute", ["attname"])?;
    let name = str_arg(name, "getAttribute")?;
    Ok(Py::str(
        this_node(this)?.with(|s, i| find_attr(s, i, &name).map(|a| s[a].data.value.clone()).unwrap_or_default()),
    ))
}

pub fn get_attribute_ns(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [ns, local] = a.bind("getAttributeNS", ["namespaceURI", "localName"])?;
    let ns = ns_arg(ns)?;
    let local = str_arg(local, "getAttributeNS")?;
    let v = this_node(this)?.with(|s, i| find_attr_ns(s, i, ns.as_deref(), &local).map(|a| s[a].data.value.clone()));
    Ok(Py::str(v.unwrap_or_default()))
}

pub fn has_attribute(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name] = a.bind("hasAttribute", ["name"])?;
    let name = str_arg(name, "hasAttribute")?;
    Ok(Py::Bool(this_node(this)?.with(|s, i| find_attr(s, i, &name).is_some())))
}

pub fn has_attribute_ns(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [ns, local] = a.bind("hasAttributeNS", ["namespaceURI", "localName"])?;
    let ns = ns_arg(ns)?;
    let local = str_arg(local, "hasAttributeNS")?;
    Ok(Py::Bool(this_node(this)?.with(|s, i| find_attr_ns(s, i, ns.as_deref(), &local).is_some())))
}

fn value_arg(v: Option<Py>) -> PyResult<String> {
    match req(v) {
        Py::Str(s) => Ok(s.to_string()),
        other => Err(exceptions::type_error(format!(
            "attribute values are str in the agent's minidom, not {}",
            semantics::type_name(&other)
        ))),
    }
}

/// Sets (or adds) an attribute of slot `el`. A new attribute takes the
/// element's `ownerDocument`, which a constructed `Element('a')` lacks
/// until it joins a document: CPython's AttributeError then.
fn put_attr(slots: &mut super::arena::Slots, el: usize, name: &str, ns: Option<String>, value: String) -> PyResult<()> {
    let found = match &ns {
        Some(uri) => find_attr_ns(slots, el, Some(uri), name.rsplit_once(':').map_or(name, |(_, l)| l)),
        None => find_attr(slots, el, name),
    };
    match found {
        Some(a) => slots[a].data.value = value,
        None => {
            if slots[el].data.document.is_none() {
                return Err(exceptions::attribute_error("Element", "ownerDocument"));
            }
            let mut data = NodeData::new(Kind::Attr, name, value);
            if let Some((p, l)) = name.split_once(':') {
                data.prefix = Some(p.to_owned());
                data.local = Some(l.to_owned());
            }
            data.namespace = ns;
            data.owner_element = Some(el);
            data.document = slots[el].data.document;
            let a = alloc(slots, data);
            slots[el].data.attrs.push(a);
        }
    }
    Ok(())
}

pub fn set_attribute(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name, value] = a.bind("setAttribute", ["attname", "value"])?;
    let name = str_arg(name, "setAttribute")?;
    let value = value_arg(value)?;
    this_node(this)?.with(|s, i| put_attr(s, i, &name, None, value))?;
    Ok(Py::None)
}

pub fn set_attribute_ns(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [ns, qname, value] = a.bind("setAttributeNS", ["namespaceURI", "qualifiedName", "value"])?;
    let ns = ns_arg(ns)?;
    let qname = str_arg(qname, "setAttributeNS")?;
    let value = value_arg(value)?;
    this_node(this)?.with(|s, i| put_attr(s, i, &qname, ns, value))?;
    Ok(Py::None)
}

pub fn remove_attribute(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name] = a.bind("removeAttribute", ["name"])?;
    let name = str_arg(name, "removeAttribute")?;
    let removed = this_node(this)?.with(|s, i| match find_attr(s, i, &name) {
        Some(a) => {
            s[i].data.attrs.retain(|&x| x != a);
            s[a].data.owner_element = None;
            true
        }
        None => false,
    });
    if removed {
        Ok(Py::None)
    } else {
        Err(dom_error("NotFoundErr", ""))
    }
}

pub fn get_attribute_node(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name] = a.bind("getAttributeNode", ["attrname"])?;
    let name = str_arg(name, "getAttributeNode")?;
    let (arena, i) = this_node(this)?.loc();
    let mut slots = arena.lock();
    let found = find_attr(&slots, i, &name);
    Ok(super::node::opt_node(&arena, &mut slots, found))
}

pub fn elements_by_tag_name(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [name] = a.bind("getElementsByTagName", ["name"])?;
    let name = str_arg(name, "getElementsByTagName")?;
    let (arena, i) = this_node(this)?.loc();
    let mut slots = arena.lock();
    let found = tree::elements_by_tag(&slots, i, &name, None);
    Ok(ChildNodes::fixed(found.into_iter().map(|f| node_value(&arena, &mut slots, f)).collect()))
}

pub fn elements_by_tag_name_ns(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [ns, local] = a.bind("getElementsByTagNameNS", ["namespaceURI", "localName"])?;
    let ns = match req(ns) {
        Py::None => String::new(),
        v => args::to_str("getElementsByTagNameNS", &v)?,
    };
    let local = str_arg(local, "getElementsByTagNameNS")?;
    let (arena, i) = this_node(this)?.loc();
    let mut slots = arena.lock();
    let found = tree::elements_by_tag(&slots, i, "", Some((&ns, &local)));
    Ok(ChildNodes::fixed(found.into_iter().map(|f| node_value(&arena, &mut slots, f)).collect()))
}

/// A new node of the document `this`.
fn create(this: &Py, data: NodeData) -> PyResult<Py> {
    let (arena, doc) = this_node(this)?.loc();
    Ok(Py::Obj(tree::create(&arena, doc, data)))
}

fn text_arg(v: Option<Py>) -> PyResult<String> {
    match req(v) {
        Py::Str(s) => Ok(s.to_string()),
        _ => Err(exceptions::type_error("node contents must be a string")),
    }
}

pub fn create_element(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [tag] = a.bind("createElement", ["tagName"])?;
    create(this, NodeData::new(Kind::Element, str_arg(tag, "createElement")?, ""))
}

pub fn create_element_ns(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [ns, qname] = a.bind("createElementNS", ["namespaceURI", "qualifiedName"])?;
    let qname = str_arg(qname, "createElementNS")?;
    let mut data = NodeData::new(Kind::Element, qname.as_str(), "");
    data.namespace = ns_arg(ns)?;
    if let Some((p, l)) = qname.split_once(':') {
        data.prefix = Some(p.to_owned());
        data.local = Some(l.to_owned());
    }
    create(this, data)
}

pub fn create_text_node(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [data] = a.bind("createTextNode", ["data"])?;
    create(this, NodeData::new(Kind::Text, "", text_arg(data)?))
}

pub fn create_comment(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [data] = a.bind("createComment", ["data"])?;
    create(this, NodeData::new(Kind::Comment, "", str_arg(data, "createComment")?))
}

pub fn create_cdata_section(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [data] = a.bind("createCDATASection", ["data"])?;
    create(this, NodeData::new(Kind::CData, "", text_arg(data)?))
}

pub fn create_processing_instruction(_cx: &Cx, this: &Py, a: Args) -> PyResult<Py> {
    let [target, data] = a.bind("createProcessingInstruction", ["target", "data"])?;
    create(
        this,
        NodeData::new(
            Kind::Pi,
            str_arg(target, "createProcessingInstruction")?,
            str_arg(data, "createProcessingInstruction")?,
        ),
    )
}
