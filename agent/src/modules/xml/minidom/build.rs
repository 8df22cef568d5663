//! A document from the parser's events, as `ExpatBuilderNS` makes it.

use super::arena::{alloc, handle, Arena, Kind, NodeData};
use crate::modules::xml::expat::{Event, XMLNS_NAMESPACE};
use crate::modules::xml::source::Content;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

/// The document of `content`, or its `ExpatError`.
pub fn document(cx: &Cx, content: &Content) -> PyResult<Py> {
    let parsed = content.parse()?;
    if let Some(e) = &parsed.error {
        return Err(crate::modules::xml::expat_error(e));
    }
    let arena = Arena::new();
    let mut slots = arena.lock();
    let doc = alloc(&mut slots, NodeData::new(Kind::Document, "", ""));
    let mut current = doc;
    let mut pending_ns: Vec<(Option<String>, String)> = Vec::new();
    let add = |slots: &mut super::arena::Slots, parent: usize, mut data: NodeData| {
        data.parent = Some(parent);
        data.document = Some(doc);
        let i = alloc(slots, data);
        slots[parent].data.children.push(i);
        i
    };
    for (n, ev) in parsed.events.into_iter().enumerate() {
        if n % 4096 == 0 {
            cx.check_interrupt()?;
        }
        match ev {
            Event::XmlDecl { version, encoding, standalone } => {
                slots[doc].data.extra = [Some(version), encoding, (standalone >= 0).then(|| standalone.to_string())];
            }
            Event::Doctype(dt) => {
                let mut data = NodeData::new(Kind::DocumentType, dt.name.as_str(), "");
                data.extra = [
                    dt.public_id.clone(),
                    dt.system_id.clone(),
                    dt.internal_subset.as_ref().map(|s| s.replace("\r\n", "\n").replace('\r', "\n")),
                ];
                add(&mut slots, doc, data);
            }
            Event::StartNs { prefix, uri } => pending_ns.push((prefix, uri)),
            Event::Start { name, attrs } => {
                let mut data = NodeData::new(Kind::Element, name.qname(), "");
                data.namespace = name.uri.as_deref().map(str::to_owned);
                data.prefix = name.prefix.clone();
                data.local = name.uri.is_some().then(|| name.local.clone());
                let el = add(&mut slots, current, data);
                let decls = std::mem::take(&mut pending_ns);
                for (prefix, uri) in decls {
                    let qname = prefix.as_ref().map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}"));
                    let mut a = NodeData::new(Kind::Attr, qname, uri);
                    a.namespace = Some(XMLNS_NAMESPACE.to_owned());
                    a.prefix = prefix.as_ref().map(|_| "xmlns".to_owned());
                    a.local = Some(prefix.unwrap_or_else(|| "xmlns".to_owned()));
                    push_attr(&mut slots, el, doc, a);
                }
                for (n, v) in attrs {
                    let mut a = NodeData::new(Kind::Attr, n.qname(), v);
                    a.namespace = n.uri.as_deref().map(str::to_owned);
                    a.prefix = n.prefix.clone();
                    a.local = n.uri.is_some().then(|| n.local.clone());
                    push_attr(&mut slots, el, doc, a);
                }
                current = el;
            }
            Event::End { .. } => current = slots[current].data.parent.unwrap_or(doc),
            Event::EndNs { .. } | Event::SkippedEntity { .. } => {}
            Event::Text(t) => {
                let last = slots[current].data.children.last().copied();
                match last {
                    Some(l) if slots[l].data.kind == Kind::Text => slots[l].data.value.push_str(&t),
                    _ => {
                        add(&mut slots, current, NodeData::new(Kind::Text, "", t));
                    }
                }
            }
            Event::CData(t) => {
                add(&mut slots, current, NodeData::new(Kind::CData, "", t));
            }
            Event::Comment(t) => {
                add(&mut slots, current, NodeData::new(Kind::Comment, "", t));
            }
            Event::Pi { target, data } => {
                add(&mut slots, current, NodeData::new(Kind::Pi, target, data));
            }
        }
    }
    Ok(Py::Obj(handle(&arena, &mut slots, doc)))
}

fn push_attr(slots: &mut super::arena::Slots, el: usize, doc: usize, mut a: NodeData) {
    a.owner_element = Some(el);
    a.document = Some(doc);
    let i = alloc(slots, a);
    slots[el].data.attrs.push(i);
}
