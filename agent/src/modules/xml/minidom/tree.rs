//! The DOM's tree operations on an arena (minidom's `Node` methods):
//! appending, inserting, removing and replacing children with minidom's
//! checks, cloning, normalising, searching by tag name.

use super::arena::{adopt, alloc, detach, handle, Arena, Kind, Node, NodeData, Slots};
use super::dom_error;
use crate::runtime::exceptions::PyResult;
use std::sync::Arc;

/// The document element of a document slot.
pub fn document_element(slots: &Slots, doc: usize) -> Option<usize> {
    slots[doc].data.children.iter().copied().find(|&c| slots[c].data.kind == Kind::Element)
}

/// Checks that `child` may go under `parent`, and brings it into the
/// parent's arena (one arena locked at a time); its index there.
fn prepare(parent: &Node, child: &Node, replacing: Option<usize>) -> PyResult<(Arc<Arena>, usize, usize)> {
    let (arena, p) = parent.loc();
    let ck = child.with(|s, i| s[i].data.kind);
    let (pk, doc, root) = {
        let s = arena.lock();
        let pk = s[p].data.kind;
        let doc = if pk == Kind::Document { Some(p) } else { s[p].data.document };
        let root = if pk == Kind::Document { document_element(&s, p) } else { None };
        (pk, doc, root)
    };
    if matches!(pk, Kind::Text | Kind::Comment | Kind::CData | Kind::Pi | Kind::DocumentType) {
        let name = parent.with(|s, i| super::node::node_name(&s[i].data).to_owned());
        return Err(dom_error("HierarchyRequestErr", format!("{name} nodes cannot have children")));
    }
    if !pk.accepts(ck) {
        let child_repr = child.with(|s, i| super::node::repr_of(s, i));
        let parent_repr = parent.with(|s, i| super::node::repr_of(s, i));
        return Err(dom_error("HierarchyRequestErr", format!("{child_repr} cannot be child of {parent_repr}")));
    }
    if ck == Kind::Element && root.is_some_and(|e| Some(e) != replacing) {
        return Err(dom_error("HierarchyRequestErr", "two document elements disallowed"));
    }
    let c = adopt(child, &arena, doc);
    Ok((arena, p, c))
}

/// Whether `ancestor` is `node` or above it.
fn is_ancestor(slots: &Slots, ancestor: usize, node: usize) -> bool {
    let mut cur = Some(node);
    while let Some(i) = cur {
        if i == ancestor {
            return true;
        }
        cur = slots[i].data.parent;
    }
    false
}

pub fn append_child(parent: &Node, child: &Node) -> PyResult<()> {
    let (arena, p, c) = prepare(parent, child, None)?;
    let mut slots = arena.lock();
    if is_ancestor(&slots, c, p) {
        return Err(dom_error("HierarchyRequestErr", "a node cannot be its own ancestor"));
    }
    detach(&mut slots, c);
    slots[p].data.children.push(c);
    slots[c].data.parent = Some(p);
    Ok(())
}

pub fn insert_before(parent: &Node, child: &Node, reference: Option<&Node>) -> PyResult<()> {
    let Some(reference) = reference else { return append_child(parent, child) };
    let (ra, r) = reference.loc();
    let (pa, p) = parent.loc();
    if !Arc::ptr_eq(&ra, &pa) || !pa.lock()[p].data.children.contains(&r) {
        return Err(dom_error("NotFoundErr", ""));
    }
    let (arena, p, c) = prepare(parent, child, None)?;
    let mut slots = arena.lock();
    detach(&mut slots, c);
    let at = slots[p].data.children.iter().position(|&x| x == r).unwrap_or(slots[p].data.children.len());
    slots[p].data.children.insert(at, c);
    slots[c].data.parent = Some(p);
    Ok(())
}

pub fn remove_child(parent: &Node, child: &Node) -> PyResult<()> {
    let (pa, p) = parent.loc();
    let (ca, c) = child.loc();
    let mut slots = pa.lock();
    if !Arc::ptr_eq(&pa, &ca) || !slots[p].data.children.contains(&c) {
        return Err(dom_error("NotFoundErr", ""));
    }
    detach(&mut slots, c);
    Ok(())
}

pub fn replace_child(parent: &Node, new: &Node, old: &Node) -> PyResult<()> {
    let (pa, p) = parent.loc();
    let (oa, o) = old.loc();
    if Arc::ptr_eq(&new.loc().0, &oa) && new.loc().1 == o {
        return Ok(());
    }
    if !Arc::ptr_eq(&pa, &oa) || !pa.lock()[p].data.children.contains(&o) {
        return Err(dom_error("NotFoundErr", ""));
    }
    let (arena, p, c) = prepare(parent, new, Some(o))?;
    let mut slots = arena.lock();
    detach(&mut slots, c);
    if let Some(at) = slots[p].data.children.iter().position(|&x| x == o) {
        slots[p].data.children[at] = c;
        slots[o].data.parent = None;
    }
    slots[c].data.parent = Some(p);
    Ok(())
}

/// A copy of slot `i` (with its attributes; with its children when
/// `deep`), parentless, in the same arena.
pub fn clone(slots: &mut Slots, i: usize, deep: bool) -> usize {
    let mut data = slots[i].data.clone();
    data.parent = None;
    data.children = Vec::new();
    data.attrs = Vec::new();
    let attrs = slots[i].data.attrs.clone();
    let children = if deep { slots[i].data.children.clone() } else { Vec::new() };
    let copy = alloc(slots, data);
    for a in attrs {
        let ac = clone(slots, a, true);
        slots[ac].data.owner_element = Some(copy);
        slots[copy].data.attrs.push(ac);
    }
    for c in children {
        let cc = clone(slots, c, true);
        slots[cc].data.parent = Some(copy);
        slots[copy].data.children.push(cc);
    }
    copy
}

/// `normalize()`: adjacent text nodes joined, empty ones dropped.
pub fn normalize(slots: &mut Slots, i: usize) {
    let children = slots[i].data.children.clone();
    let mut kept: Vec<usize> = Vec::new();
    for c in children {
        if slots[c].data.kind == Kind::Text {
            if slots[c].data.value.is_empty() {
                slots[c].data.parent = None;
                continue;
            }
            if let Some(&last) = kept.last() {
                if slots[last].data.kind == Kind::Text {
                    let more = std::mem::take(&mut slots[c].data.value);
                    slots[last].data.value.push_str(&more);
                    slots[c].data.parent = None;
                    continue;
                }
            }
        } else if slots[c].data.kind == Kind::Element {
            normalize(slots, c);
        }
        kept.push(c);
    }
    slots[i].data.children = kept;
}

/// Descendant elements (not `i` itself) whose tag is `name` (or any, for
/// `*`), in document order.
pub fn elements_by_tag(slots: &Slots, i: usize, name: &str, ns: Option<(&str, &str)>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = slots[i].data.children.iter().rev().copied().collect();
    while let Some(c) = stack.pop() {
        let d = &slots[c].data;
        if d.kind == Kind::Element {
            let hit = match ns {
                None => name == "*" || d.name == name,
                Some((uri, local)) => {
                    (uri == "*" || d.namespace.as_deref().unwrap_or("") == uri)
                        && (local == "*" || super::node::local_name(d) == local)
                }
            };
            if hit {
                out.push(c);
            }
        }
        stack.extend(d.children.iter().rev());
    }
    out
}

/// A new node in `arena` owned by document `doc`.
pub fn create(arena: &Arc<Arena>, doc: usize, data: NodeData) -> Arc<Node> {
    let mut slots = arena.lock();
    let mut data = data;
    data.document = Some(doc);
    let i = alloc(&mut slots, data);
    handle(arena, &mut slots, i)
}
