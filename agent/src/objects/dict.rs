//! `dict`: an insertion-ordered mapping keyed by Python's hash and `==`,
//! its views (`keys()`, `values()`, `items()`), iterators and methods.
//!
//! Keys of the plain kinds (numbers, str, bytes, tuples of them) are
//! compared under the lock; any other key is compared outside it (its
//! `__eq__` may reach the client or this very dict).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

pub use super::dict_subclass::DictSubclass;
use super::hashtable::{is_plain, DictTable};
use super::set_algebra;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef, PyObject, UnaryOp};
use crate::runtime::semantics::{self, num, ReprGuard};
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static DICT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict", None, &DICT_METHODS, Some(dict_new)));

pub struct Dict {
    table: Mutex<DictTable<Py>>,
    /// Bumped on every change of the set of keys (iterators check it).
    version: AtomicUsize,
    /// For instances of subclasses (`collections.Counter`, ...): their class
    /// and the slots they override.
    subclass: Option<Box<dyn DictSubclass>>,
}

/// `==` between plain keys (and false against anything else).
pub fn plain_eq(a: &Py, b: &Py) -> bool {
    match (a, b) {
        (Py::Str(x), Py::Str(y)) => x == y,
        (Py::Bytes(x), Py::Bytes(y)) => x == y,
        (Py::None, Py::None) => true,
        (Py::Tuple(x), Py::Tuple(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| plain_eq(p, q)),
        _ => match (num::of(a), num::of(b)) {
            (Some(x), Some(y)) => num::eq(&x, &y),
            _ => false,
        },
    }
}

impl Dict {
    pub fn empty() -> Dict {
        Dict { table: Mutex::new(DictTable::default()), version: AtomicUsize::new(0), subclass: None }
    }

    /// An empty instance of a subclass of dict.
    pub fn with_subclass(subclass: Box<dyn DictSubclass>) -> Dict {
        Dict { subclass: Some(subclass), ..Dict::empty() }
    }

    /// What the subclass this dict is an instance of overrides, if any.
    pub fn subclass(&self) -> Option<&dyn DictSubclass> {
        self.subclass.as_deref()
    }

    pub fn new_empty() -> Py {
        Py::Obj(Arc::new(Dict::empty()))
    }

    /// A dict of the pairs, later pairs winning.
    pub fn from_pairs(cx: &Cx, pairs: Vec<(Py, Py)>) -> PyResult<Py> {
        let d = Dict::empty();
        for (k, v) in pairs {
            d.set_item(cx, k, v)?;
        }
        Ok(Py::Obj(Arc::new(d)))
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, DictTable<Py>> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn bump(&self) {
        self.version.fetch_add(1, Ordering::Relaxed);
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The key object stored for a key equal to `key`, found by calling
    /// `==` outside the lock.
    pub(super) fn stored_key(&self, cx: &Cx, hash: i64, key: &Py) -> PyResult<Option<Py>> {
        let candidates: Vec<Py> =
            self.lock().iter().filter(|(h, _, _)| **h == hash).map(|(_, k, _)| k.clone()).collect();
        for k in candidates {
            if k.is(key) || semantics::eq(cx, &k, key)? {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    /// Runs a table operation for a plain key, comparing under the lock;
    /// `None` (nothing done) when a stored key of the same hash is not plain
    /// (a named tuple equal to a tuple): its `==` must run outside the lock.
    fn locked_plain<T>(
        &self,
        op: impl FnOnce(&mut DictTable<Py>, &mut super::hashtable::EqFn<'_>) -> PyResult<T>,
    ) -> PyResult<Option<T>> {
        let mut mixed = false;
        let result = {
            let mut eq = |a: &Py, b: &Py| {
                if is_plain(a) {
                    Ok(plain_eq(a, b))
                } else {
                    mixed = true;
                    Err(exceptions::runtime_error("a key that is not plain"))
                }
            };
            op(&mut self.lock(), &mut eq)
        };
        if mixed {
            return Ok(None);
        }
        result.map(Some)
    }

    /// `d.get(key)`.
    pub fn get_item(&self, cx: &Cx, key: &Py) -> PyResult<Option<Py>> {
        let hash = semantics::hash(cx, key)?;
        if is_plain(key) {
            if let Some(found) = self.locked_plain(|t, eq| Ok(t.get(hash, key, eq)?.cloned()))? {
                return Ok(found);
            }
        }
        match self.stored_key(cx, hash, key)? {
            Some(k) => Ok(self.lock().get(hash, &k, &mut |a, b| Ok(a.is(b)))?.cloned()),
            None => Ok(None),
        }
    }

    /// `d[key] = value`.
    pub fn set_item(&self, cx: &Cx, key: Py, value: Py) -> PyResult<()> {
        let hash = semantics::hash(cx, &key)?;
        let plain = match is_plain(&key) {
            true => self.locked_plain(|t, eq| t.insert(hash, key.clone(), value.clone(), eq))?,
            false => None,
        };
        let old = match plain {
            Some(old) => old,
            None => {
                let key = self.stored_key(cx, hash, &key)?.unwrap_or(key);
                self.lock().insert(hash, key, value, &mut |a, b| Ok(a.is(b)))?
            }
        };
        match old {
            Some(old) => crate::runtime::object::drop_values(vec![old]),
            None => self.bump(),
        }
        Ok(())
    }

    /// `del d[key]`; the removed pair, if the key was there.
    pub fn remove_item(&self, cx: &Cx, key: &Py) -> PyResult<Option<(Py, Py)>> {
        let hash = semantics::hash(cx, key)?;
        let plain = match is_plain(key) {
            true => self.locked_plain(|t, eq| t.remove(hash, key, eq))?,
            false => None,
        };
        let removed = match plain {
            Some(removed) => removed,
            None => match self.stored_key(cx, hash, key)? {
                Some(k) => self.lock().remove(hash, &k, &mut |a, b| Ok(a.is(b)))?,
                None => None,
            },
        };
        if removed.is_some() {
            self.bump();
        }
        Ok(removed)
    }

    /// Stores a pair whose key is a plain value (from the wire): no context
    /// needed. Other keys are ignored.
    pub fn set_plain(&self, key: Py, value: Py) {
        if let Some(hash) = semantics::plain_hash(&key) {
            if let Ok(None) = self.lock().insert(hash, key, value, &mut |a, b| Ok(plain_eq(a, b))) {
                self.bump();
            }
        }
    }

    /// A str-keyed lookup (namespaces).
    pub fn get_str(&self, name: &str) -> Option<Py> {
        let key = Py::str(name);
        let hash = semantics::hash_str(name.as_bytes());
        self.lock().get(hash, &key, &mut |a, b| Ok(plain_eq(a, b))).ok().flatten().cloned()
    }

    /// A str-keyed store (namespaces).
    pub fn set_str(&self, name: &str, value: Py) {
        let hash = semantics::hash_str(name.as_bytes());
        let old = self.lock().insert(hash, Py::str(name), value, &mut |a, b| Ok(plain_eq(a, b)));
        match old {
            Ok(Some(old)) => crate::runtime::object::drop_values(vec![old]),
            _ => self.bump(),
        }
    }

    /// A str-keyed delete (namespaces); whether it was there.
    pub fn del_str(&self, name: &str) -> bool {
        let hash = semantics::hash_str(name.as_bytes());
        let removed = self.lock().remove(hash, &Py::str(name), &mut |a, b| Ok(plain_eq(a, b))).ok().flatten();
        if removed.is_some() {
            self.bump();
        }
        removed.is_some()
    }

    /// The pairs, in order.
    pub fn items(&self) -> Vec<(Py, Py)> {
        self.lock().iter().map(|(_, k, v)| (k.clone(), v.clone())).collect()
    }

    pub fn keys(&self) -> Vec<Py> {
        self.lock().iter().map(|(_, k, _)| k.clone()).collect()
    }

    pub fn values(&self) -> Vec<Py> {
        self.lock().iter().map(|(_, _, v)| v.clone()).collect()
    }

    /// The `i`-th live entry, for iterators.
    fn nth(&self, i: usize) -> Option<(Py, Py)> {
        self.lock().iter().nth(i).map(|(_, k, v)| (k.clone(), v.clone()))
    }

    /// `dict.update(other)`: a mapping (with `keys()`) or pairs.
    pub fn update_from(&self, cx: &Cx, other: &Py) -> PyResult<()> {
        for (k, v) in mapping_pairs(cx, other)? {
            self.set_item(cx, k, v)?;
        }
        Ok(())
    }
}

/// The pairs of a mapping (`keys()` then `[]`), of a dict directly, or of
/// an iterable of pairs.
pub fn mapping_pairs(cx: &Cx, other: &Py) -> PyResult<Vec<(Py, Py)>> {
    if let Some(d) = other.downcast::<Dict>() {
        return Ok(d.items());
    }
    if super::attr::hasattr(cx, other, "keys")? {
        let keys = semantics::iterate(cx, &super::attr::call_method(cx, other, "keys", Args::default())?)?;
        return keys.into_iter().map(|k| Ok((k.clone(), semantics::getitem(cx, other, &k)?))).collect();
    }
    let mut out = Vec::new();
    for (i, item) in semantics::iterate(cx, other)?.into_iter().enumerate() {
        let pair = semantics::iterate(cx, &item).map_err(|_| {
            exceptions::type_error(format!("cannot convert dictionary update sequence element #{i} to a sequence"))
        })?;
        if pair.len() != 2 {
            return Err(exceptions::value_error(format!(
                "dictionary update sequence element #{i} has length {}; 2 is required",
                pair.len()
            )));
        }
        let mut it = pair.into_iter();
        if let (Some(k), Some(v)) = (it.next(), it.next()) {
            out.push((k, v));
        }
    }
    Ok(out)
}

/// `self` of a dict method.
pub fn dict_self(this: &Py) -> PyResult<&Dict> {
    this.downcast::<Dict>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'dict' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn dict_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("dict expected at most 1 argument, got {}", pos.len())));
    }
    let d = Dict::empty();
    if let Some(src) = pos.first() {
        d.update_from(cx, src)?;
    }
    for (k, v) in kw {
        d.set_item(cx, Py::Str(k), v)?;
    }
    Ok(Py::Obj(Arc::new(d)))
}

impl PyObject for Dict {
    fn ty(&self) -> TypeRef {
        self.subclass().map_or_else(|| DICT.clone(), |s| s.class())
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        if let Some(r) = self.subclass().and_then(|s| s.repr(this, self, cx)) {
            return r;
        }
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("{...}".into()) };
        let mut out = String::from("{");
        for (i, (k, v)) in self.items().iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&semantics::repr(cx, k)?);
            out.push_str(": ");
            out.push_str(&semantics::repr(cx, v)?);
        }
        out.push('}');
        Ok(out)
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error(format!("unhashable type: '{}'", self.ty().name)))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.len()))
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(DictIter::new(this.clone(), ViewKind::Keys, self)))
    }
    fn getitem(&self, this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(v) = self.get_item(cx, key)? {
            return Ok(Some(v));
        }
        if let Some(v) = self.subclass().map(|s| s.missing(this, key, cx)).transpose()?.flatten() {
            return Ok(Some(v));
        }
        Err(exceptions::key_error(key.clone()))
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        self.set_item(cx, key, value).map(|()| true)
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        match self.remove_item(cx, key)? {
            Some(old) => {
                crate::runtime::object::drop_values(vec![old.0, old.1]);
                Ok(true)
            }
            None if self.subclass().is_some_and(|s| s.deletes_missing_silently()) => Ok(true),
            None => Err(exceptions::key_error(key.clone())),
        }
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(self.get_item(cx, item)?.is_some()))
    }
    fn richcmp(&self, this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        if let Some(r) = self.subclass().and_then(|s| s.richcmp(this, self, op, other, cx)) {
            return r;
        }
        let Some(o) = other.downcast::<Dict>() else { return Ok(None) };
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        let mine = self.items();
        let equal = mine.len() == o.len() && {
            let mut all = true;
            for (k, v) in &mine {
                match o.get_item(cx, k)? {
                    Some(w) if v.is(&w) || semantics::eq(cx, v, &w)? => {}
                    _ => {
                        all = false;
                        break;
                    }
                }
            }
            all
        };
        Ok(Some(equal == (op == CmpOp::Eq)))
    }
    fn binary(&self, this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(r) = self.subclass().and_then(|s| s.binary(this, self, op, other, reflected, cx)) {
            return r;
        }
        // Python asks a subclass's reflected operator first (`{} | OrderedDict()`).
        if let (None, false, Py::Obj(o)) = (self.subclass(), reflected, other) {
            if let Some(sub) = other.downcast::<Dict>().and_then(|d| Some((d, d.subclass()?))) {
                if let Some(r @ (Ok(Some(_)) | Err(_))) = sub.1.binary(o, sub.0, op, &Py::Obj(this.clone()), true, cx) {
                    return r;
                }
            }
        }
        if op != BinOp::Or {
            return Ok(None);
        }
        let Some(o) = other.downcast::<Dict>() else { return Ok(None) };
        let (first, second) = if reflected { (o, self) } else { (self, o) };
        let out = Dict::empty();
        for (k, v) in first.items().into_iter().chain(second.items()) {
            out.set_item(cx, k, v)?;
        }
        Ok(Some(Py::Obj(Arc::new(out))))
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(r) = self.subclass().and_then(|s| s.inplace(this, self, op, other, cx)) {
            return r;
        }
        if op != BinOp::Or {
            return Ok(None);
        }
        self.update_from(cx, other)?;
        Ok(Some(Py::Obj(this.clone())))
    }
    fn unary(&self, this: &ObjRef, op: UnaryOp, cx: &Cx) -> PyResult<Option<Py>> {
        self.subclass().map_or(Ok(None), |s| s.unary(this, self, op, cx))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.subclass().and_then(|s| s.getattr(name)))
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        self.subclass().is_some_and(|s| s.blocks(method))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        self.subclass().map_or(Ok(false), |s| s.setattr(name, value))
    }
    fn attr_names(&self) -> Vec<String> {
        self.subclass().map_or_else(Vec::new, |s| s.attr_names())
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let Some(_guard) = ReprGuard::enter(self as *const Dict as usize) else {
            return Err(exceptions::recursion_error("maximum recursion depth exceeded while pickling an object"));
        };
        let pairs = self
            .items()
            .iter()
            .map(|(k, v)| Ok((semantics::to_value(cx, k)?, semantics::to_value(cx, v)?)))
            .collect::<PyResult<_>>()?;
        match self.subclass() {
            Some(s) => s.to_value(pairs, cx),
            None => Ok(Some(Value::Dict(pairs))),
        }
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = self.lock().drain_values();
        out.extend(self.subclass().map_or_else(Vec::new, |s| s.take_children()));
        out
    }
}

// ------------------------------------------------------------------ views

#[derive(Clone, Copy, PartialEq)]
pub enum ViewKind {
    Keys,
    Values,
    Items,
}

impl ViewKind {
    fn name(self) -> &'static str {
        match self {
            ViewKind::Keys => "dict_keys",
            ViewKind::Values => "dict_values",
            ViewKind::Items => "dict_items",
        }
    }
}

/// `reversed(d.keys())` and friends (the order of insertion, backwards).
fn view_reversed(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reversed__")?;
    let v = this.downcast::<DictView>().ok_or_else(|| exceptions::type_error("__reversed__ requires a dict view"))?;
    let items: Vec<Py> = v.elements().into_iter().rev().collect();
    Ok(crate::runtime::iterators::TupleIter::new(items.into()))
}

static VIEW_METHODS: [Method; 1] = [method("__reversed__", view_reversed)];

pub static DICT_KEYS: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_keys", None, &VIEW_METHODS, None));
pub static DICT_VALUES: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_values", None, &VIEW_METHODS, None));
pub static DICT_ITEMS: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_items", None, &VIEW_METHODS, None));
pub static DICT_KEYITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_keyiterator", None, &[], None));
pub static DICT_VALUEITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_valueiterator", None, &[], None));
pub static DICT_ITEMITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "dict_itemiterator", None, &[], None));

/// A live view of a dict's keys, values or items.
pub struct DictView {
    dict: ObjRef,
    kind: ViewKind,
}

impl DictView {
    fn dict(&self) -> &Dict {
        self.dict.as_any().downcast_ref::<Dict>().expect("a view of a dict")
    }

    fn elements(&self) -> Vec<Py> {
        let d = self.dict();
        match self.kind {
            ViewKind::Keys => d.keys(),
            ViewKind::Values => d.values(),
            ViewKind::Items => d.items().into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect(),
        }
    }
}

impl PyObject for DictView {
    fn ty(&self) -> TypeRef {
        match self.kind {
            ViewKind::Keys => DICT_KEYS.clone(),
            ViewKind::Values => DICT_VALUES.clone(),
            ViewKind::Items => DICT_ITEMS.clone(),
        }
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("...".into()) };
        let inner = super::list::items_repr(cx, &self.elements(), "[", "]")?;
        Ok(format!("{}({inner})", self.kind.name()))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.dict().len()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(DictIter::new(self.dict.clone(), self.kind, self.dict())))
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let d = self.dict();
        Ok(Some(match self.kind {
            ViewKind::Keys => d.get_item(cx, item)?.is_some(),
            ViewKind::Items => match item {
                Py::Tuple(t) if t.len() == 2 => match d.get_item(cx, &t[0])? {
                    Some(v) => v.is(&t[1]) || semantics::eq(cx, &v, &t[1])?,
                    None => false,
                },
                _ => false,
            },
            ViewKind::Values => {
                let mut found = false;
                for v in d.values() {
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
        let mine = super::set::Set::from_items(cx, self.elements(), false)?;
        super::set::compare_with(cx, &mine, other, op)
    }
    fn binary(&self, this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if self.kind == ViewKind::Values || !matches!(op, BinOp::And | BinOp::Or | BinOp::Sub | BinOp::Xor) {
            return Ok(None);
        }
        // CPython's dictviews_*: a set of the left operand, updated with
        // the right one.
        let me = Py::Obj(this.clone());
        let (left, right) = if reflected { (other, &me) } else { (&me, other) };
        let mut t = super::hashtable::SetTable::default();
        set_algebra::update(cx, &mut t, left)?;
        match op {
            BinOp::Or => set_algebra::update(cx, &mut t, right)?,
            BinOp::And => t = set_algebra::intersection(cx, &t, right)?,
            BinOp::Sub => set_algebra::difference_update(cx, &mut t, right)?,
            _ => set_algebra::symmetric_difference_update(cx, &mut t, right)?,
        }
        Ok(Some(super::set::from_table(t, false)))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![Py::Obj(self.dict.clone())]
    }
}

/// Iterates a dict by position; a change in size while iterating raises
/// `RuntimeError`, as in Python.
pub struct DictIter {
    dict: ObjRef,
    kind: ViewKind,
    pos: AtomicUsize,
    size: usize,
}

impl DictIter {
    fn new(dict: ObjRef, kind: ViewKind, d: &Dict) -> Py {
        Py::obj(DictIter { dict, kind, pos: AtomicUsize::new(0), size: d.len() })
    }
}

impl PyObject for DictIter {
    fn ty(&self) -> TypeRef {
        match self.kind {
            ViewKind::Keys => DICT_KEYITERATOR.clone(),
            ViewKind::Values => DICT_VALUEITERATOR.clone(),
            ViewKind::Items => DICT_ITEMITERATOR.clone(),
        }
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(None)
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        // CPython counts down from the size; a dict that changed size says 0.
        let Some(d) = self.dict.as_any().downcast_ref::<Dict>() else { return Ok(Some(0)) };
        let left = if d.len() == self.size { self.size.saturating_sub(self.pos.load(Ordering::Relaxed)) } else { 0 };
        Ok(Some(left))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let Some(d) = self.dict.as_any().downcast_ref::<Dict>() else { return Ok(None) };
        if d.len() != self.size {
            return Err(exceptions::runtime_error("dictionary changed size during iteration"));
        }
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        Ok(d.nth(i).map(|(k, v)| match self.kind {
            ViewKind::Keys => k,
            ViewKind::Values => v,
            ViewKind::Items => Py::tuple(vec![k, v]),
        }))
    }
}

// ------------------------------------------------------------------ methods

fn view(this: &Py, kind: ViewKind) -> PyResult<Py> {
    dict_self(this)?;
    let Py::Obj(o) = this else { return Err(exceptions::type_error("a dict is required")) };
    Ok(Py::obj(DictView { dict: o.clone(), kind }))
}

fn get(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("get", ["key", "default?"])?;
    Ok(dict_self(this)?.get_item(cx, &req(key))?.unwrap_or_else(|| default.unwrap_or(Py::None)))
}

fn setdefault(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("setdefault", ["key", "default?"])?;
    let d = dict_self(this)?;
    let key = req(key);
    if let Some(v) = d.get_item(cx, &key)? {
        return Ok(v);
    }
    let v = default.unwrap_or(Py::None);
    d.set_item(cx, key, v.clone())?;
    Ok(v)
}

fn pop(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("pop", ["key", "default?"])?;
    let key = req(key);
    let d = dict_self(this)?;
    if d.is_empty() {
        // CPython answers an empty dict without hashing the key.
        return default.ok_or_else(|| exceptions::key_error(key));
    }
    match d.remove_item(cx, &key)? {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| exceptions::key_error(key)),
    }
}

fn popitem(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("popitem")?;
    let d = dict_self(this)?;
    let item = d.lock().pop_last();
    match item {
        Some((k, v)) => {
            d.bump();
            Ok(Py::tuple(vec![k, v]))
        }
        None => Err(exceptions::key_error(Py::str("popitem(): dictionary is empty"))),
    }
}

fn update(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let d = dict_self(this)?;
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("update expected at most 1 argument, got {}", pos.len())));
    }
    if let Some(src) = pos.first() {
        d.update_from(cx, src)?;
    }
    for (k, v) in kw {
        d.set_item(cx, Py::Str(k), v)?;
    }
    Ok(Py::None)
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    let d = dict_self(this)?;
    let old = d.lock().drain_values();
    d.bump();
    crate::runtime::object::drop_values(old);
    Ok(Py::None)
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    Dict::from_pairs(cx, dict_self(this)?.items())
}

fn fromkeys(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [iterable, value] = args.bind("fromkeys", ["iterable", "value?"])?;
    let value = value.unwrap_or(Py::None);
    let keys = semantics::iterate(cx, &req(iterable))?;
    Dict::from_pairs(cx, keys.into_iter().map(|k| (k, value.clone())).collect())
}

fn reversed(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reversed__")?;
    let keys: Vec<Py> = dict_self(this)?.keys().into_iter().rev().collect();
    Ok(crate::runtime::iterators::TupleIter::new(keys.into()))
}

static DICT_METHODS: [Method; 12] = [
    method("keys", |_, this, a| a.none("keys").and_then(|()| view(this, ViewKind::Keys))),
    method("values", |_, this, a| a.none("values").and_then(|()| view(this, ViewKind::Values))),
    method("items", |_, this, a| a.none("items").and_then(|()| view(this, ViewKind::Items))),
    method("get", get),
    method("setdefault", setdefault),
    method("pop", pop),
    method("popitem", popitem),
    method("update", update),
    method("clear", clear),
    method("copy", copy),
    class_method("fromkeys", fromkeys),
    method("__reversed__", reversed),
];
