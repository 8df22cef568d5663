//! Where minidom's nodes live. A DOM is a graph (parents, siblings, the
//! owner document), which reference counting cannot free; so the nodes of
//! one document are slots of one arena, and a Python-visible node is a
//! handle to a slot that keeps the whole arena alive, as holding any node
//! keeps its document alive in CPython. Each slot has at most one live
//! handle, so `is` and netref identity hold. A node moved into another
//! document's tree is copied into that arena and its handles re-pointed.

use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// The node types of `xml.dom.Node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Element = 1,
    Attr = 2,
    Text = 3,
    CData = 4,
    Pi = 7,
    Comment = 8,
    Document = 9,
    DocumentType = 10,
}

impl Kind {
    /// The minidom class name.
    pub fn class(self) -> &'static str {
        match self {
            Kind::Element => "Element",
            Kind::Attr => "Attr",
            Kind::Text => "Text",
            Kind::CData => "CDATASection",
            Kind::Pi => "ProcessingInstruction",
            Kind::Comment => "Comment",
            Kind::Document => "Document",
            Kind::DocumentType => "DocumentType",
        }
    }

    /// Whether a node of this kind may hold one of `child`.
    pub fn accepts(self, child: Kind) -> bool {
        match self {
            Kind::Document => matches!(child, Kind::Element | Kind::Pi | Kind::Comment | Kind::DocumentType),
            Kind::Element => matches!(child, Kind::Element | Kind::Text | Kind::Comment | Kind::Pi | Kind::CData),
            Kind::Attr => child == Kind::Text,
            _ => false,
        }
    }
}

/// One node's state.
#[derive(Debug, Clone)]
pub struct NodeData {
    pub kind: Kind,
    /// Tag name, attribute name, PI target, doctype name.
    pub name: String,
    /// Character data, attribute value, PI data.
    pub value: String,
    pub namespace: Option<String>,
    pub prefix: Option<String>,
    pub local: Option<String>,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// An element's attribute nodes, in order.
    pub attrs: Vec<usize>,
    /// An attribute's element.
    pub owner_element: Option<usize>,
    /// The owner document's slot (none for a document).
    pub document: Option<usize>,
    /// Document: version, encoding, standalone; doctype: public id,
    /// system id, internal subset.
    pub extra: [Option<String>; 3],
}

impl NodeData {
    pub fn new(kind: Kind, name: impl Into<String>, value: impl Into<String>) -> NodeData {
        NodeData {
            kind,
            name: name.into(),
            value: value.into(),
            namespace: None,
            prefix: None,
            local: None,
            parent: None,
            children: Vec::new(),
            attrs: Vec::new(),
            owner_element: None,
            document: None,
            extra: [None, None, None],
        }
    }
}

pub struct Slot {
    pub data: NodeData,
    handle: Weak<Node>,
}

impl Slot {
    /// The live handle, if any.
    pub fn handle_ref(&self) -> Option<Arc<Node>> {
        self.handle.upgrade()
    }
}

/// The nodes of one document.
pub struct Arena {
    slots: Mutex<Vec<Slot>>,
}

pub type Slots = Vec<Slot>;

impl Arena {
    pub fn new() -> Arc<Arena> {
        Arc::new(Arena { slots: Mutex::new(Vec::new()) })
    }

    pub fn lock(&self) -> MutexGuard<'_, Slots> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A new slot.
pub fn alloc(slots: &mut Slots, data: NodeData) -> usize {
    slots.push(Slot { data, handle: Weak::new() });
    slots.len() - 1
}

/// A Python-visible node: a handle to a slot.
pub struct Node {
    loc: Mutex<(Arc<Arena>, usize)>,
}

impl Node {
    /// Where the node is now.
    pub fn loc(&self) -> (Arc<Arena>, usize) {
        self.loc.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Runs `f` on the arena's slots with the node's index.
    pub fn with<R>(&self, f: impl FnOnce(&mut Slots, usize) -> R) -> R {
        let (arena, i) = self.loc();
        let mut slots = arena.lock();
        f(&mut slots, i)
    }
}

/// The one handle of slot `i` (made if none is alive).
pub fn handle(arena: &Arc<Arena>, slots: &mut Slots, i: usize) -> Arc<Node> {
    if let Some(h) = slots[i].handle.upgrade() {
        return h;
    }
    let h = Arc::new(Node { loc: Mutex::new((arena.clone(), i)) });
    slots[i].handle = Arc::downgrade(&h);
    h
}

/// The slots of a subtree (the node, its attributes and descendants).
fn subtree(slots: &Slots, root: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(i) = stack.pop() {
        out.push(i);
        stack.extend(slots[i].data.attrs.iter().rev());
        stack.extend(slots[i].data.children.iter().rev());
    }
    out
}

/// Moves the subtree of `node` (detached from its parent) into `to`,
/// re-pointing its live handles; returns its index there. `doc` is the
/// new owner document's slot.
pub fn adopt(node: &Node, to: &Arc<Arena>, doc: Option<usize>) -> usize {
    let (from, root) = node.loc();
    if Arc::ptr_eq(&from, to) {
        return root;
    }
    let moved: Vec<(NodeData, Weak<Node>, usize)> = {
        let mut slots = from.lock();
        detach(&mut slots, root);
        subtree(&slots, root).into_iter().map(|i| (slots[i].data.clone(), slots[i].handle.clone(), i)).collect()
    };
    let mut slots = to.lock();
    let base = slots.len();
    let index_of = |old: usize| moved.iter().position(|(_, _, o)| *o == old).map(|k| base + k);
    for (data, handle, _) in &moved {
        let mut data = data.clone();
        data.parent = data.parent.and_then(index_of);
        data.owner_element = data.owner_element.and_then(index_of);
        data.children = data.children.iter().filter_map(|&c| index_of(c)).collect();
        data.attrs = data.attrs.iter().filter_map(|&a| index_of(a)).collect();
        data.document = if data.kind == Kind::Document { None } else { doc };
        slots.push(Slot { data, handle: handle.clone() });
    }
    for (k, (_, handle, _)) in moved.iter().enumerate() {
        if let Some(h) = handle.upgrade() {
            *h.loc.lock().unwrap_or_else(|e| e.into_inner()) = (to.clone(), base + k);
        }
    }
    base
}

/// Takes a node out of its parent's children.
pub fn detach(slots: &mut Slots, i: usize) {
    if let Some(p) = slots[i].data.parent.take() {
        slots[p].data.children.retain(|&c| c != i);
    }
}
