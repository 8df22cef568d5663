//! `collections.ChainMap`: several mappings searched in order as one;
//! writes go to the first. Its `keys()`, `values()` and `items()` are the
//! `collections.abc` views over any mapping.

use std::sync::{LazyLock, Mutex};

use rpyc_protocol::Value;

use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::list::{items_repr, List};
use crate::objects::set::{self, Set};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::{class_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static CHAINMAP: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "ChainMap", None, &METHODS, Some(chainmap_new)).with_specials(SPECIALS)
});
/// The operators of its slots, as CPython's ChainMap defines them.
const SPECIALS: &[&str] = &["__or__", "__ror__", "__ior__"];

pub struct ChainMap {
    /// The `maps` attribute: a list the caller may change.
    maps: Mutex<Py>,
}

impl ChainMap {
    fn of(maps: Vec<Py>) -> Py {
        let maps = if maps.is_empty() { vec![Dict::new_empty()] } else { maps };
        Py::obj(ChainMap { maps: Mutex::new(List::new(maps)) })
    }

    fn maps_value(&self) -> Py {
        self.maps.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn maps(&self, cx: &Cx) -> PyResult<Vec<Py>> {
        semantics::iterate(cx, &self.maps_value())
    }

    fn first(&self, cx: &Cx) -> PyResult<Py> {
        semantics::getitem(cx, &self.maps_value(), &Py::Int(0))
    }

    fn lookup(&self, cx: &Cx, key: &Py) -> PyResult<Option<Py>> {
        for m in self.maps(cx)? {
            match semantics::getitem(cx, &m, key) {
                Ok(v) => return Ok(Some(v)),
                Err(e) if e.is("KeyError") => {}
                Err(e) => return Err(e),
            }
        }
        Ok(None)
    }

    /// The keys, each once, in the order of the last map first.
    fn keys(&self, cx: &Cx) -> PyResult<Vec<Py>> {
        let d = Dict::empty();
        for m in self.maps(cx)?.into_iter().rev() {
            for k in semantics::iterate(cx, &m)? {
                d.set_item(cx, k, Py::None)?;
            }
        }
        Ok(d.keys())
    }
}

fn chainmap_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    args.no_kw("ChainMap")?;
    Ok(ChainMap::of(args.pos))
}

fn cm_self(this: &Py) -> PyResult<&ChainMap> {
    this.downcast::<ChainMap>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'ChainMap' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn first_mapping_error(cx: &Cx, key: &Py) -> PyResult<exceptions::PyErr> {
    Ok(exceptions::key_error(Py::str(format!("Key not found in the first mapping: {}", semantics::repr(cx, key)?))))
}

impl PyObject for ChainMap {
    fn ty(&self) -> TypeRef {
        CHAINMAP.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("...".into()) };
        items_repr(cx, &self.maps(cx)?, "ChainMap(", ")")
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'ChainMap'"))
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Its maps may be the client's, or hold Python code.
        true
    }
    fn truthy(&self, cx: &Cx) -> PyResult<Option<bool>> {
        for m in self.maps(cx)? {
            if semantics::truthy(cx, &m)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
    fn len(&self, cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.keys(cx)?.len()))
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(crate::runtime::iterators::TupleIter::new(self.keys(cx)?.into())))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        match self.lookup(cx, key)? {
            Some(v) => Ok(Some(v)),
            None => Err(exceptions::key_error(key.clone())),
        }
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        semantics::setitem(cx, &self.first(cx)?, key, value).map(|()| true)
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        match semantics::delitem(cx, &self.first(cx)?, key) {
            Ok(()) => Ok(true),
            Err(e) if e.is("KeyError") => Err(first_mapping_error(cx, key)?),
            Err(e) => Err(e),
        }
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        for m in self.maps(cx)? {
            if semantics::contains(cx, &m, item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
    fn richcmp(&self, this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) || !super::is_mapping(other) {
            return Ok(None);
        }
        // Mapping.__eq__: dict(self.items()) == dict(other.items())
        let mine = Dict::empty();
        mine.update_from(cx, &Py::Obj(this.clone()))?;
        let theirs = Dict::empty();
        theirs.update_from(cx, other)?;
        let equal = semantics::eq(cx, &Py::obj(mine), &Py::obj(theirs))?;
        Ok(Some(equal == (op == CmpOp::Eq)))
    }
    fn binary(&self, this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or || !super::is_mapping(other) {
            return Ok(None);
        }
        if reflected {
            let m = Dict::empty();
            m.update_from(cx, other)?;
            for child in self.maps(cx)?.into_iter().rev() {
                m.update_from(cx, &child)?;
            }
            return Ok(Some(ChainMap::of(vec![Py::obj(m)])));
        }
        let copied = copy(cx, &Py::Obj(this.clone()), Args::default())?;
        let first = cm_self(&copied)?.first(cx)?;
        attr::call_method(cx, &first, "update", Args::one(other.clone()))?;
        Ok(Some(copied))
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or {
            return Ok(None);
        }
        attr::call_method(cx, &self.first(cx)?, "update", Args::one(other.clone()))?;
        Ok(Some(Py::Obj(this.clone())))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok((name == "maps").then(|| self.maps_value()))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        if name != "maps" {
            return Err(exceptions::attribute_error("ChainMap", name));
        }
        let old = std::mem::replace(&mut *self.maps.lock().unwrap_or_else(|e| e.into_inner()), value);
        crate::runtime::object::drop_values(vec![old]);
        Ok(true)
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["maps".to_owned()]
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let maps = semantics::to_value(cx, &self.maps_value())?;
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "collections.ChainMap".to_owned(),
            args: Vec::new(),
            state: Some(Value::Dict(vec![(Value::str("maps"), maps)])),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![std::mem::replace(&mut *self.maps.lock().unwrap_or_else(|e| e.into_inner()), Py::None)]
    }
}

// ------------------------------------------------------------------ methods

fn get(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("get", ["key", "default?"])?;
    let key = req(key);
    let cm = cm_self(this)?;
    if cm.contains(&key, cx)? == Some(true) {
        if let Some(v) = cm.lookup(cx, &key)? {
            return Ok(v);
        }
    }
    Ok(default.unwrap_or(Py::None))
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let mut maps = cm_self(this)?.maps(cx)?;
    if let Some(first) = maps.first_mut() {
        *first = attr::call_method(cx, first, "copy", Args::default())?;
    }
    Ok(ChainMap::of(maps))
}

fn new_child(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let [m] = Args::positional(pos).bind("new_child", ["m?"])?;
    let kwargs = Dict::from_pairs(cx, kw.into_iter().map(|(k, v)| (Py::Str(k), v)).collect())?;
    let m = match m {
        None | Some(Py::None) => kwargs,
        Some(m) => {
            if crate::objects::dict::dict_self(&kwargs).is_ok_and(|d| !d.is_empty()) {
                attr::call_method(cx, &m, "update", Args::one(kwargs))?;
            }
            m
        }
    };
    let mut maps = vec![m];
    maps.extend(cm_self(this)?.maps(cx)?);
    Ok(ChainMap::of(maps))
}

fn parents(cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(ChainMap::of(cm_self(this)?.maps(cx)?.into_iter().skip(1).collect()))
}

fn fromkeys(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [iterable, value] = args.bind("fromkeys", ["iterable", "value?"])?;
    let value = value.unwrap_or(Py::None);
    let keys = semantics::iterate(cx, &req(iterable))?;
    Ok(ChainMap::of(vec![Dict::from_pairs(cx, keys.into_iter().map(|k| (k, value.clone())).collect())?]))
}

fn pop(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("pop", ["key", "default?"])?;
    let key = req(key);
    let mut pass = vec![key.clone()];
    pass.extend(default);
    match attr::call_method(cx, &cm_self(this)?.first(cx)?, "pop", Args::positional(pass)) {
        Err(e) if e.is("KeyError") => Err(first_mapping_error(cx, &key)?),
        other => other,
    }
}

fn popitem(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("popitem")?;
    match attr::call_method(cx, &cm_self(this)?.first(cx)?, "popitem", Args::default()) {
        Err(e) if e.is("KeyError") => Err(exceptions::key_error(Py::str("No keys found in the first mapping."))),
        other => other,
    }
}

fn clear(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    attr::call_method(cx, &cm_self(this)?.first(cx)?, "clear", Args::default())
}

fn setdefault(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("setdefault", ["key", "default?"])?;
    let (key, default) = (req(key), default.unwrap_or(Py::None));
    let cm = cm_self(this)?;
    if let Some(v) = cm.lookup(cx, &key)? {
        return Ok(v);
    }
    cm.setitem(key, default.clone(), cx)?;
    Ok(default)
}

fn update(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("update expected at most 1 argument, got {}", pos.len())));
    }
    let cm = cm_self(this)?;
    let mut pairs = match pos.first() {
        Some(src) => crate::objects::dict::mapping_pairs(cx, src)?,
        None => Vec::new(),
    };
    pairs.extend(kw.into_iter().map(|(k, v)| (Py::Str(k), v)));
    for (k, v) in pairs {
        cm.setitem(k, v, cx)?;
    }
    Ok(Py::None)
}

fn view(this: &Py, kind: ViewKind) -> PyResult<Py> {
    cm_self(this)?;
    Ok(mapping_view(this.clone(), kind))
}

/// `KeysView(mapping)` (or its siblings): the views `collections.abc`
/// gives every mapping (a ChainMap's, a UserDict's).
pub(super) fn mapping_view(mapping: Py, kind: ViewKind) -> Py {
    Py::obj(MappingView { mapping, kind })
}

static METHODS: [Method; 15] = [
    method("get", get),
    method("copy", copy),
    method("__copy__", copy),
    method("new_child", new_child),
    property("parents", parents),
    class_method("fromkeys", fromkeys),
    method("pop", pop),
    method("popitem", popitem),
    method("clear", clear),
    method("setdefault", setdefault),
    method("update", update),
    method("keys", |_, this, a| a.none("keys").and_then(|()| view(this, ViewKind::Keys))),
    method("values", |_, this, a| a.none("values").and_then(|()| view(this, ViewKind::Values))),
    method("items", |_, this, a| a.none("items").and_then(|()| view(this, ViewKind::Items))),
    method("__missing__", |_cx, _this, a| {
        let [key] = a.bind("__missing__", ["key"])?;
        Err(exceptions::key_error(req(key)))
    }),
];

// ------------------------------------------------------------------ views

#[derive(Clone, Copy, PartialEq)]
pub(super) enum ViewKind {
    Keys,
    Values,
    Items,
}

fn view_type(name: &'static str) -> TypeRef {
    Type::native("collections.abc", name, None, &[], None)
}

static KEYS_VIEW: LazyLock<TypeRef> = LazyLock::new(|| view_type("KeysView"));
static VALUES_VIEW: LazyLock<TypeRef> = LazyLock::new(|| view_type("ValuesView"));
static ITEMS_VIEW: LazyLock<TypeRef> = LazyLock::new(|| view_type("ItemsView"));

/// `collections.abc.KeysView(mapping)` and its siblings: live views that
/// ask the mapping each time.
struct MappingView {
    mapping: Py,
    kind: ViewKind,
}

impl MappingView {
    fn elements(&self, cx: &Cx) -> PyResult<Vec<Py>> {
        let keys = semantics::iterate(cx, &self.mapping)?;
        if self.kind == ViewKind::Keys {
            return Ok(keys);
        }
        keys.into_iter()
            .map(|k| {
                let v = semantics::getitem(cx, &self.mapping, &k)?;
                Ok(if self.kind == ViewKind::Values { v } else { Py::tuple(vec![k, v]) })
            })
            .collect()
    }
}

impl PyObject for MappingView {
    fn ty(&self) -> TypeRef {
        match self.kind {
            ViewKind::Keys => KEYS_VIEW.clone(),
            ViewKind::Values => VALUES_VIEW.clone(),
            ViewKind::Items => ITEMS_VIEW.clone(),
        }
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("{}({})", self.ty().name, semantics::repr(cx, &self.mapping)?))
    }
    fn len(&self, cx: &Cx) -> PyResult<Option<usize>> {
        semantics::len(cx, &self.mapping).map(Some)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(crate::runtime::iterators::TupleIter::new(self.elements(cx)?.into())))
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(match self.kind {
            ViewKind::Keys => semantics::contains(cx, &self.mapping, item)?,
            ViewKind::Items => match item {
                Py::Tuple(t) if t.len() == 2 => match semantics::getitem(cx, &self.mapping, &t[0]) {
                    Ok(v) => v.is(&t[1]) || semantics::eq(cx, &v, &t[1])?,
                    Err(e) if e.is("KeyError") => false,
                    Err(e) => return Err(e),
                },
                _ => false,
            },
            ViewKind::Values => {
                let mut found = false;
                for v in self.elements(cx)? {
                    if v.is(item) || semantics::eq(cx, &v, item)? {
                        found = true;
                        break;
                    }
                }
                found
            }
        }))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        if self.kind == ViewKind::Values {
            return Ok(None);
        }
        let mine = Set::from_items(cx, self.elements(cx)?, false)?;
        set::compare_with(cx, &mine, other, op)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if self.kind == ViewKind::Values || !matches!(op, BinOp::And | BinOp::Or | BinOp::Sub | BinOp::Xor) {
            return Ok(None);
        }
        let mine = Set::from_items(cx, self.elements(cx)?, false)?;
        set::set_binary(cx, &mine, op, other, reflected)
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.mapping.clone()]
    }
}
