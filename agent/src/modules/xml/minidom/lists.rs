//! `NodeList` (a node's live `childNodes`, or what `getElementsByTagName`
//! found) and `NamedNodeMap` (an element's live `attributes`).

use std::sync::{Arc, LazyLock};

use super::node::{as_node, node_value};
use crate::objects::list::{items_repr, List};
use crate::runtime::args::req;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::iterators::TupleIter;
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static NODE_LIST: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("xml.dom.minicompat", "NodeList", None, &NODE_LIST_METHODS, None));

pub static NAMED_NODE_MAP: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("xml.dom.minidom", "NamedNodeMap", None, &NAMED_NODE_MAP_METHODS, None));

/// A list of nodes: live (a node's children) or found once.
pub struct ChildNodes {
    source: Source,
}

enum Source {
    Live(Py),
    Fixed(Vec<Py>),
}

impl ChildNodes {
    pub fn new(node: Py) -> ChildNodes {
        ChildNodes { source: Source::Live(node) }
    }
    pub fn fixed(items: Vec<Py>) -> Py {
        Py::obj(ChildNodes { source: Source::Fixed(items) })
    }
    fn items(&self) -> Vec<Py> {
        match &self.source {
            Source::Fixed(items) => items.clone(),
            Source::Live(node) => match as_node(node) {
                Some(n) => {
                    let (arena, i) = n.loc();
                    let mut slots = arena.lock();
                    let kids = slots[i].data.children.clone();
                    kids.into_iter().map(|c| node_value(&arena, &mut slots, c)).collect()
                }
                None => Vec::new(),
            },
        }
    }
}

fn list_self(this: &Py) -> PyResult<&ChildNodes> {
    this.downcast::<ChildNodes>().ok_or_else(|| exceptions::type_error("descriptor requires a 'NodeList' object"))
}

static NODE_LIST_METHODS: [Method; 2] = [
    method("item", |_, this, a| {
        let [i] = a.bind("item", ["index"])?;
        let i = crate::runtime::args::to_int("item", &req(i))?;
        let items = list_self(this)?.items();
        Ok(usize::try_from(i).ok().and_then(|i| items.get(i).cloned()).unwrap_or(Py::None))
    }),
    property("length", |_, this, _| Ok(Py::from(list_self(this)?.items().len()))),
];

impl PyObject for ChildNodes {
    fn ty(&self) -> TypeRef {
        NODE_LIST.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        items_repr(cx, &self.items(), "[", "]")
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.items().len()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(TupleIter::new(Arc::from(self.items()))))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let items = self.items();
        if let Some(s) = key.downcast::<Slice>() {
            return Ok(Some(List::new(slice::positions(cx, s, items.len())?.map(|i| items[i].clone()).collect())));
        }
        semantics::getitem(cx, &List::new(items), key).map(Some)
    }
    fn contains(&self, item: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(self.items().iter().any(|x| x.is(item))))
    }
    fn richcmp(
        &self,
        _this: &ObjRef,
        op: crate::runtime::object::CmpOp,
        other: &Py,
        cx: &Cx,
    ) -> PyResult<Option<bool>> {
        let mine = List::new(self.items());
        let theirs = match other.downcast::<ChildNodes>() {
            Some(o) => List::new(o.items()),
            None => other.clone(),
        };
        semantics::richcmp(cx, &mine, &theirs, op).map(Some)
    }
    fn take_children(&self) -> Vec<Py> {
        match &self.source {
            Source::Fixed(items) => items.clone(),
            Source::Live(n) => vec![n.clone()],
        }
    }
}

/// An element's attributes, live.
pub struct NamedNodeMap {
    element: Py,
}

impl NamedNodeMap {
    pub fn new(element: Py) -> NamedNodeMap {
        NamedNodeMap { element }
    }
    /// The attribute nodes, in order.
    fn attrs(&self) -> Vec<Py> {
        let Some(n) = as_node(&self.element) else { return Vec::new() };
        let (arena, i) = n.loc();
        let mut slots = arena.lock();
        let attrs = slots[i].data.attrs.clone();
        attrs.into_iter().map(|a| node_value(&arena, &mut slots, a)).collect()
    }
    /// (name, value) of each attribute.
    fn pairs(&self) -> Vec<(String, String)> {
        let Some(n) = as_node(&self.element) else { return Vec::new() };
        n.with(|s, i| s[i].data.attrs.iter().map(|&a| (s[a].data.name.clone(), s[a].data.value.clone())).collect())
    }
    fn named(&self, name: &str) -> Option<Py> {
        let pos = self.pairs().iter().position(|(n, _)| n == name)?;
        self.attrs().get(pos).cloned()
    }
}

fn map_self(this: &Py) -> PyResult<&NamedNodeMap> {
    this.downcast::<NamedNodeMap>().ok_or_else(|| exceptions::type_error("descriptor requires a 'NamedNodeMap' object"))
}

/// `self._attrs.keys()` / `.values()`: views of a dict of name → Attr.
fn dict_view(cx: &Cx, this: &Py, which: &str) -> PyResult<Py> {
    let m = map_self(this)?;
    let pairs = m.pairs().into_iter().map(|(k, _)| Py::str(k)).zip(m.attrs()).collect();
    let d = crate::objects::dict::Dict::from_pairs(cx, pairs)?;
    crate::objects::attr::call_method(cx, &d, which, crate::runtime::args::Args::default())
}

fn name_arg(v: Option<Py>, func: &str) -> PyResult<String> {
    crate::runtime::args::to_str(func, &req(v))
}

static NAMED_NODE_MAP_METHODS: [Method; 9] = [
    property("length", |_, this, _| Ok(Py::from(map_self(this)?.pairs().len()))),
    method("item", |_, this, a| {
        let [i] = a.bind("item", ["index"])?;
        let i = crate::runtime::args::to_int("item", &req(i))?;
        let attrs = map_self(this)?.attrs();
        Ok(usize::try_from(i).ok().and_then(|i| attrs.get(i).cloned()).unwrap_or(Py::None))
    }),
    method("keys", |cx, this, a| {
        a.none("keys")?;
        dict_view(cx, this, "keys")
    }),
    method("values", |cx, this, a| {
        a.none("values")?;
        dict_view(cx, this, "values")
    }),
    method("items", |_, this, a| {
        a.none("items")?;
        let pairs = map_self(this)?.pairs();
        Ok(List::new(pairs.into_iter().map(|(k, v)| Py::tuple(vec![Py::str(k), Py::str(v)])).collect()))
    }),
    method("getNamedItem", |_, this, a| {
        let [n] = a.bind("getNamedItem", ["name"])?;
        Ok(map_self(this)?.named(&name_arg(n, "getNamedItem")?).unwrap_or(Py::None))
    }),
    method("get", |_, this, a| {
        let [n, default] = a.bind("get", ["name", "value?"])?;
        let found = map_self(this)?.named(&name_arg(n, "get")?);
        Ok(found.unwrap_or_else(|| default.unwrap_or(Py::None)))
    }),
    method("__contains__", |_, this, a| {
        let [n] = a.bind("__contains__", ["key"])?;
        Ok(Py::Bool(map_self(this)?.named(&name_arg(n, "__contains__")?).is_some()))
    }),
    method("__len__", |_, this, a| {
        a.none("__len__")?;
        Ok(Py::from(map_self(this)?.pairs().len()))
    }),
];

impl PyObject for NamedNodeMap {
    fn ty(&self) -> TypeRef {
        NAMED_NODE_MAP.clone()
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.pairs().len()))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        let found = match key {
            Py::Str(s) => self.named(s),
            _ => None,
        };
        found.map(Some).ok_or_else(|| exceptions::key_error(key.clone()))
    }
    fn contains(&self, item: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(matches!(item, Py::Str(s) if self.named(s).is_some())))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.element.clone()]
    }
}
