//! `set` and `frozenset`: one table type ([`SetTable`], CPython's layout),
//! the set algebra, comparisons by inclusion, and their methods.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use super::dict::plain_eq;
use super::hashtable::SetTable;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;
use crate::runtime::wire::plain_value;

pub static SET: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "set", None, &SET_METHODS, Some(set_new)));
pub static FROZENSET: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "frozenset", None, &FROZENSET_METHODS, Some(frozenset_new)));
pub static SET_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "set_iterator", None, &[], None));

pub struct Set {
    table: Mutex<SetTable>,
    pub frozen: bool,
}

fn is_plain(k: &Py) -> bool {
    match k {
        Py::None
        | Py::Bool(_)
        | Py::Int(_)
        | Py::BigInt(_)
        | Py::Float(_)
        | Py::Complex(..)
        | Py::Str(_)
        | Py::Bytes(_) => true,
        Py::Tuple(t) => t.iter().all(is_plain),
        _ => false,
    }
}

impl Set {
    pub fn empty(frozen: bool) -> Set {
        Set { table: Mutex::new(SetTable::default()), frozen }
    }

    /// A set of the items (duplicates dropped), as a value.
    pub fn from_items(cx: &Cx, items: Vec<Py>, frozen: bool) -> PyResult<Py> {
        let s = Set::empty(frozen);
        for item in items {
            s.add(cx, item)?;
        }
        Ok(Py::Obj(Arc::new(s)))
    }

    fn lock(&self) -> MutexGuard<'_, SetTable> {
        self.table.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn items(&self) -> Vec<Py> {
        self.lock().items()
    }

    /// The member equal to `key` (compared outside the lock for keys that
    /// are not plain values).
    fn member(&self, cx: &Cx, hash: i64, key: &Py) -> PyResult<Option<Py>> {
        if is_plain(key) {
            return self.lock().get(hash, key, &mut |a, b| Ok(plain_eq(a, b)));
        }
        let candidates: Vec<Py> = self.lock().iter().filter(|(h, _)| *h == hash).map(|(_, k)| k.clone()).collect();
        for k in candidates {
            if k.is(key) || semantics::eq(cx, &k, key)? {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    pub fn contains_item(&self, cx: &Cx, key: &Py) -> PyResult<bool> {
        let hash = semantics::hash(cx, key)?;
        Ok(self.member(cx, hash, key)?.is_some())
    }

    /// Adds `key`; whether it was new.
    pub fn add(&self, cx: &Cx, key: Py) -> PyResult<bool> {
        let hash = semantics::hash(cx, &key)?;
        if is_plain(&key) {
            return self.lock().add(hash, key, &mut |a, b| Ok(plain_eq(a, b)));
        }
        if self.member(cx, hash, &key)?.is_some() {
            return Ok(false);
        }
        self.lock().add(hash, key, &mut |a, b| Ok(a.is(b)))
    }

    /// Adds a plain value (from the wire): no context needed. Other values
    /// are ignored.
    pub fn add_plain(&self, key: Py) {
        if let Some(hash) = semantics::plain_hash(&key) {
            let _ = self.lock().add(hash, key, &mut |a, b| Ok(plain_eq(a, b)));
        }
    }

    /// Removes `key`; whether it was there.
    pub fn discard_item(&self, cx: &Cx, key: &Py) -> PyResult<bool> {
        let hash = semantics::hash(cx, key)?;
        let Some(k) = self.member(cx, hash, key)? else { return Ok(false) };
        Ok(self.lock().discard(hash, &k, &mut |a, b| Ok(a.is(b)))?.is_some())
    }
}

/// The items of any iterable, for the set algebra's arguments.
fn items_of(cx: &Cx, v: &Py) -> PyResult<Vec<Py>> {
    match v.downcast::<Set>() {
        Some(s) => Ok(s.items()),
        None => semantics::iterate(cx, v),
    }
}

fn as_set<'a>(cx: &Cx, v: &'a Py, holder: &'a mut Option<Py>) -> PyResult<&'a Set> {
    if let Some(s) = v.downcast::<Set>() {
        return Ok(s);
    }
    *holder = Some(Set::from_items(cx, semantics::iterate(cx, v)?, true)?);
    Ok(holder.as_ref().and_then(|h| h.downcast::<Set>()).expect("just made"))
}

fn union(cx: &Cx, a: &Set, others: &[Py], frozen: bool) -> PyResult<Py> {
    let out = Set::empty(frozen);
    for k in a.items() {
        out.add(cx, k)?;
    }
    for o in others {
        for k in items_of(cx, o)? {
            out.add(cx, k)?;
        }
    }
    Ok(Py::Obj(Arc::new(out)))
}

fn intersection(cx: &Cx, a: &Set, others: &[Py], frozen: bool) -> PyResult<Py> {
    let mut current: Vec<Py> = a.items();
    for o in others {
        let mut holder = None;
        let other = as_set(cx, o, &mut holder)?;
        let mut kept = Vec::new();
        for k in current {
            if other.contains_item(cx, &k)? {
                kept.push(k);
            }
        }
        current = kept;
    }
    Set::from_items(cx, current, frozen)
}

fn difference(cx: &Cx, a: &Set, others: &[Py], frozen: bool) -> PyResult<Py> {
    let mut current: Vec<Py> = a.items();
    for o in others {
        let mut holder = None;
        let other = as_set(cx, o, &mut holder)?;
        let mut kept = Vec::new();
        for k in current {
            if !other.contains_item(cx, &k)? {
                kept.push(k);
            }
        }
        current = kept;
    }
    Set::from_items(cx, current, frozen)
}

fn symmetric_difference(cx: &Cx, a: &Set, other: &Py, frozen: bool) -> PyResult<Py> {
    let mut holder = None;
    let b = as_set(cx, other, &mut holder)?;
    let out = Set::empty(frozen);
    for k in a.items() {
        if !b.contains_item(cx, &k)? {
            out.add(cx, k)?;
        }
    }
    for k in b.items() {
        if !a.contains_item(cx, &k)? {
            out.add(cx, k)?;
        }
    }
    Ok(Py::Obj(Arc::new(out)))
}

fn is_subset(cx: &Cx, a: &Set, b: &Set) -> PyResult<bool> {
    if a.len() > b.len() {
        return Ok(false);
    }
    for k in a.items() {
        if !b.contains_item(cx, &k)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Set comparison of `mine` (a set value) with `other`: inclusion for the
/// orderings, equality of members for `==`.
pub fn compare_with(cx: &Cx, mine: &Py, other: &Py, op: CmpOp) -> PyResult<Option<bool>> {
    let Some(a) = mine.downcast::<Set>() else { return Ok(None) };
    let holder;
    let b = match other.downcast::<Set>() {
        Some(b) => b,
        None => match other.downcast::<super::dict::DictView>() {
            Some(_) => {
                holder = Set::from_items(cx, semantics::iterate(cx, other)?, true)?;
                holder.downcast::<Set>().expect("just made")
            }
            None => return Ok(None),
        },
    };
    Ok(Some(match op {
        CmpOp::Eq => a.len() == b.len() && is_subset(cx, a, b)?,
        CmpOp::Ne => !(a.len() == b.len() && is_subset(cx, a, b)?),
        CmpOp::Le => is_subset(cx, a, b)?,
        CmpOp::Lt => a.len() < b.len() && is_subset(cx, a, b)?,
        CmpOp::Ge => is_subset(cx, b, a)?,
        CmpOp::Gt => b.len() < a.len() && is_subset(cx, b, a)?,
    }))
}

/// `|`, `&`, `-`, `^` between `mine` and another set (or dict view).
pub fn set_binary(cx: &Cx, mine: &Py, op: BinOp, other: &Py, reflected: bool) -> PyResult<Option<Py>> {
    let Some(a) = mine.downcast::<Set>() else { return Ok(None) };
    let is_setlike = other.downcast::<Set>().is_some() || other.downcast::<super::dict::DictView>().is_some();
    if !is_setlike {
        return Ok(None);
    }
    let frozen = a.frozen;
    let (left, right): (Py, Py) = if reflected {
        let holder = match other.downcast::<Set>() {
            Some(_) => other.clone(),
            None => Set::from_items(cx, semantics::iterate(cx, other)?, frozen)?,
        };
        (holder, mine.clone())
    } else {
        (mine.clone(), other.clone())
    };
    let l = left.downcast::<Set>().expect("a set");
    let r = std::slice::from_ref(&right);
    Ok(Some(match op {
        BinOp::Or => union(cx, l, r, l.frozen)?,
        BinOp::And => intersection(cx, l, r, l.frozen)?,
        BinOp::Sub => difference(cx, l, r, l.frozen)?,
        BinOp::Xor => symmetric_difference(cx, l, &right, l.frozen)?,
        _ => return Ok(None),
    }))
}

fn set_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("set", ["iterable?"])?;
    Set::from_items(cx, iterable.map(|i| items_of(cx, &i)).transpose()?.unwrap_or_default(), false)
}

fn frozenset_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("frozenset", ["iterable?"])?;
    if let Some(it) = &iterable {
        if matches!(it.downcast::<Set>(), Some(s) if s.frozen) {
            return Ok(it.clone());
        }
    }
    Set::from_items(cx, iterable.map(|i| items_of(cx, &i)).transpose()?.unwrap_or_default(), true)
}

/// CPython's frozenset hash (`frozenset_hash`), in the host's `size_t`.
fn frozenset_hash(cx: &Cx, s: &Set) -> PyResult<i64> {
    fn shuffle(h: usize) -> usize {
        ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
    }
    let mut hash: usize = 0;
    for k in s.items() {
        hash ^= shuffle(semantics::hash(cx, &k)? as isize as usize);
    }
    hash ^= (s.len().wrapping_add(1)).wrapping_mul(1927868237);
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash.wrapping_mul(69069).wrapping_add(907133923);
    if hash == usize::MAX {
        hash = 590923713;
    }
    Ok(hash as isize as i64)
}

impl PyObject for Set {
    fn ty(&self) -> TypeRef {
        if self.frozen {
            FROZENSET.clone()
        } else {
            SET.clone()
        }
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let name = if self.frozen { "frozenset" } else { "set" };
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok(format!("{name}(...)")) };
        let items = self.items();
        if items.is_empty() {
            return Ok(format!("{name}()"));
        }
        let inner = super::list::items_repr(cx, &items, "{", "}")?;
        Ok(if self.frozen { format!("frozenset({inner})") } else { inner })
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        if !self.frozen {
            return Err(exceptions::type_error("unhashable type: 'set'"));
        }
        frozenset_hash(cx, self).map(Some)
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.len()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        let items: Arc<[Py]> = self.items().into();
        Ok(Some(Py::obj(SetIter { items, pos: AtomicUsize::new(0) })))
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let probe;
        let key = match item.downcast::<Set>() {
            // A set is looked up as the frozenset of its items.
            Some(s) if !s.frozen => {
                probe = Set::from_items(cx, s.items(), true)?;
                &probe
            }
            _ => item,
        };
        self.contains_item(cx, key).map(Some)
    }
    fn richcmp(&self, this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        compare_with(cx, &Py::Obj(this.clone()), other, op)
    }
    fn binary(&self, this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        set_binary(cx, &Py::Obj(this.clone()), op, other, reflected)
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if self.frozen || other.downcast::<Set>().is_none() {
            return Ok(None);
        }
        let Some(result) = set_binary(cx, &Py::Obj(this.clone()), op, other, false)? else { return Ok(None) };
        let items = result.downcast::<Set>().map(Set::items).unwrap_or_default();
        let old = self.lock().clear();
        crate::runtime::object::drop_values(old);
        for k in items {
            self.add(cx, k)?;
        }
        Ok(Some(Py::Obj(this.clone())))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let items = self.items().iter().map(|i| semantics::to_value(cx, i)).collect::<PyResult<Vec<_>>>()?;
        Ok(Some(if self.frozen { Value::FrozenSet(items) } else { Value::Set(items) }))
    }
    fn wire_value(&self) -> Option<Value> {
        if !self.frozen {
            return None;
        }
        Some(Value::FrozenSet(self.items().iter().map(plain_value).collect::<Option<_>>()?))
    }
    fn take_children(&self) -> Vec<Py> {
        self.lock().clear()
    }
}

/// Iterates a snapshot of a set.
pub struct SetIter {
    items: Arc<[Py]>,
    pos: AtomicUsize,
}

impl PyObject for SetIter {
    fn ty(&self) -> TypeRef {
        SET_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        Ok(self.items.get(i).cloned())
    }
}

// ------------------------------------------------------------------ methods

fn set_self(this: &Py) -> PyResult<&Set> {
    this.downcast::<Set>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'set' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn mutable(this: &Py) -> PyResult<&Set> {
    let s = set_self(this)?;
    if s.frozen {
        return Err(exceptions::attribute_error("frozenset", "add"));
    }
    Ok(s)
}

fn one_arg(args: Args, name: &str) -> PyResult<Py> {
    let [x] = args.bind(name, ["object"])?;
    Ok(x.unwrap_or(Py::None))
}

fn add(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let x = one_arg(args, "add")?;
    mutable(this)?.add(cx, x)?;
    Ok(Py::None)
}

fn discard(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let x = one_arg(args, "discard")?;
    mutable(this)?.discard_item(cx, &x)?;
    Ok(Py::None)
}

fn remove(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let x = one_arg(args, "remove")?;
    if !mutable(this)?.discard_item(cx, &x)? {
        return Err(exceptions::key_error(x));
    }
    Ok(Py::None)
}

fn pop(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("pop")?;
    let item = mutable(this)?.lock().pop();
    item.ok_or_else(|| exceptions::key_error(Py::str("pop from an empty set")))
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    let old = mutable(this)?.lock().clear();
    crate::runtime::object::drop_values(old);
    Ok(Py::None)
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let s = set_self(this)?;
    if s.frozen {
        return Ok(this.clone());
    }
    Set::from_items(cx, s.items(), false)
}

fn varargs(args: Args, name: &str) -> PyResult<Vec<Py>> {
    args.no_kw(name)?;
    Ok(args.pos)
}

fn update_with(cx: &Cx, this: &Py, result: Py) -> PyResult<Py> {
    let s = mutable(this)?;
    let items = result.downcast::<Set>().map(Set::items).unwrap_or_default();
    let old = s.lock().clear();
    crate::runtime::object::drop_values(old);
    for k in items {
        s.add(cx, k)?;
    }
    Ok(Py::None)
}

static SET_METHODS: [Method; 17] = [
    method("add", add),
    method("discard", discard),
    method("remove", remove),
    method("pop", pop),
    method("clear", clear),
    method("copy", copy),
    method("update", |cx, this, a| {
        let others = varargs(a, "update")?;
        let s = mutable(this)?;
        for o in others {
            for k in items_of(cx, &o)? {
                s.add(cx, k)?;
            }
        }
        Ok(Py::None)
    }),
    method("union", |cx, this, a| {
        let s = set_self(this)?;
        union(cx, s, &varargs(a, "union")?, s.frozen)
    }),
    method("intersection", |cx, this, a| {
        let s = set_self(this)?;
        intersection(cx, s, &varargs(a, "intersection")?, s.frozen)
    }),
    method("difference", |cx, this, a| {
        let s = set_self(this)?;
        difference(cx, s, &varargs(a, "difference")?, s.frozen)
    }),
    method("symmetric_difference", |cx, this, a| {
        let [o] = a.bind("symmetric_difference", ["other"])?;
        let s = set_self(this)?;
        symmetric_difference(cx, s, &o.unwrap_or(Py::None), s.frozen)
    }),
    method("issubset", |cx, this, a| {
        let [o] = a.bind("issubset", ["other"])?;
        let mut holder = None;
        let o = o.unwrap_or(Py::None);
        let other = as_set(cx, &o, &mut holder)?;
        is_subset(cx, set_self(this)?, other).map(Py::Bool)
    }),
    method("issuperset", |cx, this, a| {
        let [o] = a.bind("issuperset", ["other"])?;
        let mut holder = None;
        let o = o.unwrap_or(Py::None);
        let other = as_set(cx, &o, &mut holder)?;
        is_subset(cx, other, set_self(this)?).map(Py::Bool)
    }),
    method("isdisjoint", |cx, this, a| {
        let [o] = a.bind("isdisjoint", ["other"])?;
        let s = set_self(this)?;
        for k in items_of(cx, &o.unwrap_or(Py::None))? {
            if s.contains_item(cx, &k)? {
                return Ok(Py::Bool(false));
            }
        }
        Ok(Py::Bool(true))
    }),
    method("intersection_update", |cx, this, a| {
        let r = intersection(cx, set_self(this)?, &varargs(a, "intersection_update")?, false)?;
        update_with(cx, this, r)
    }),
    method("difference_update", |cx, this, a| {
        let r = difference(cx, set_self(this)?, &varargs(a, "difference_update")?, false)?;
        update_with(cx, this, r)
    }),
    method("symmetric_difference_update", |cx, this, a| {
        let [o] = a.bind("symmetric_difference_update", ["other"])?;
        let r = symmetric_difference(cx, set_self(this)?, &o.unwrap_or(Py::None), false)?;
        update_with(cx, this, r)
    }),
];

/// frozenset has the non-mutating methods only.
static FROZENSET_METHODS: [Method; 8] = [
    method("copy", copy),
    method("union", |cx, this, a| union(cx, set_self(this)?, &varargs(a, "union")?, true)),
    method("intersection", |cx, this, a| intersection(cx, set_self(this)?, &varargs(a, "intersection")?, true)),
    method("difference", |cx, this, a| difference(cx, set_self(this)?, &varargs(a, "difference")?, true)),
    method("symmetric_difference", |cx, this, a| {
        let [o] = a.bind("symmetric_difference", ["other"])?;
        symmetric_difference(cx, set_self(this)?, &o.unwrap_or(Py::None), true)
    }),
    method("issubset", |cx, this, a| {
        let [o] = a.bind("issubset", ["other"])?;
        let mut holder = None;
        let o = o.unwrap_or(Py::None);
        let other = as_set(cx, &o, &mut holder)?;
        is_subset(cx, set_self(this)?, other).map(Py::Bool)
    }),
    method("issuperset", |cx, this, a| {
        let [o] = a.bind("issuperset", ["other"])?;
        let mut holder = None;
        let o = o.unwrap_or(Py::None);
        let other = as_set(cx, &o, &mut holder)?;
        is_subset(cx, other, set_self(this)?).map(Py::Bool)
    }),
    method("isdisjoint", |cx, this, a| {
        let [o] = a.bind("isdisjoint", ["other"])?;
        let s = set_self(this)?;
        for k in items_of(cx, &o.unwrap_or(Py::None))? {
            if s.contains_item(cx, &k)? {
                return Ok(Py::Bool(false));
            }
        }
        Ok(Py::Bool(true))
    }),
];
