//! `set` and `frozenset`: one table type ([`SetTable`], CPython's layout),
//! the set algebra, comparisons by inclusion, and their methods.

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use super::dict::plain_eq;
use super::hashtable::{is_plain, SetTable};
use super::set_algebra;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::iterators::TupleIter;
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

    /// A copy of the table, to compute with outside the lock.
    pub fn snapshot(&self) -> SetTable {
        self.lock().clone()
    }

    /// Puts a computed table in place.
    pub fn replace(&self, t: SetTable) {
        let old = std::mem::replace(&mut *self.lock(), t);
        let mut old = old;
        crate::runtime::object::drop_values(old.clear());
    }

    /// Runs a table operation for a plain key, comparing under the lock;
    /// `None` (nothing done) when a stored member of the same hash is not
    /// plain (a named tuple equal to a tuple): its `==` must run outside
    /// the lock, as for a dict's keys.
    fn locked_plain<T>(
        &self,
        op: impl FnOnce(&mut SetTable, &mut super::hashtable::EqFn<'_>) -> PyResult<T>,
    ) -> PyResult<Option<T>> {
        let mut mixed = false;
        let result = {
            let mut eq = |a: &Py, b: &Py| {
                if is_plain(a) {
                    Ok(plain_eq(a, b))
                } else {
                    mixed = true;
                    Err(exceptions::runtime_error("a member that is not plain"))
                }
            };
            op(&mut self.lock(), &mut eq)
        };
        if mixed {
            return Ok(None);
        }
        result.map(Some)
    }

    /// The member equal to `key` (compared outside the lock for keys that
    /// are not plain values, or stored members that are not).
    fn member(&self, cx: &Cx, hash: i64, key: &Py) -> PyResult<Option<Py>> {
        if is_plain(key) {
            if let Some(found) = self.locked_plain(|t, eq| t.get(hash, key, eq))? {
                return Ok(found);
            }
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
            if let Some(added) = self.locked_plain(|t, eq| t.add(hash, key.clone(), eq))? {
                return Ok(added);
            }
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

/// A set value made from a table.
pub fn from_table(t: SetTable, frozen: bool) -> Py {
    Py::Obj(Arc::new(Set { table: Mutex::new(t), frozen }))
}

fn as_set<'a>(cx: &Cx, v: &'a Py, holder: &'a mut Option<Py>) -> PyResult<&'a Set> {
    if let Some(s) = v.downcast::<Set>() {
        return Ok(s);
    }
    *holder = Some(Set::from_items(cx, semantics::iterate(cx, v)?, true)?);
    Ok(holder.as_ref().and_then(|h| h.downcast::<Set>()).expect("just made"))
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

/// `|`, `&`, `-`, `^` between `mine` (a set) and another set.
pub fn set_binary(cx: &Cx, mine: &Py, op: BinOp, other: &Py, reflected: bool) -> PyResult<Option<Py>> {
    let Some(a) = mine.downcast::<Set>() else { return Ok(None) };
    let Some(b) = other.downcast::<Set>() else { return Ok(None) };
    let (left, right, right_py) = if reflected { (b, a, mine) } else { (a, b, other) };
    let _ = right;
    let t = left.snapshot();
    let result = match op {
        BinOp::Or => set_algebra::union(cx, &t, std::slice::from_ref(right_py))?,
        BinOp::And => set_algebra::intersection(cx, &t, right_py)?,
        BinOp::Sub => set_algebra::difference(cx, &t, right_py)?,
        BinOp::Xor => set_algebra::symmetric_difference(cx, &t, right_py)?,
        _ => return Ok(None),
    };
    Ok(Some(from_table(result, left.frozen)))
}

fn set_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("set", ["iterable?"])?;
    let mut t = SetTable::default();
    if let Some(it) = iterable {
        set_algebra::update(cx, &mut t, &it)?;
    }
    Ok(from_table(t, false))
}

fn frozenset_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("frozenset", ["iterable?"])?;
    if let Some(it) = &iterable {
        if matches!(it.downcast::<Set>(), Some(s) if s.frozen) {
            return Ok(it.clone());
        }
    }
    let mut t = SetTable::default();
    if let Some(it) = iterable {
        set_algebra::update(cx, &mut t, &it)?;
    }
    Ok(from_table(t, true))
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
        // A snapshot: the set may change while it is iterated.
        Ok(Some(TupleIter::of_type(self.items().into(), &SET_ITERATOR)))
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
        let mut t = self.snapshot();
        match op {
            BinOp::Or => set_algebra::update(cx, &mut t, other)?,
            BinOp::And => t = set_algebra::intersection(cx, &t, other)?,
            BinOp::Sub => set_algebra::difference_update(cx, &mut t, other)?,
            BinOp::Xor => set_algebra::symmetric_difference_update(cx, &mut t, other)?,
            _ => return Ok(None),
        }
        self.replace(t);
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
    Ok(from_table(set_algebra::union(cx, &s.snapshot(), &[])?, false))
}

fn varargs(args: Args, name: &str) -> PyResult<Vec<Py>> {
    args.no_kw(name)?;
    Ok(args.pos)
}

/// `a.union(*others)` and the other multi-argument forms, as CPython
/// chains them.
fn union_multi(cx: &Cx, this: &Py, others: Vec<Py>) -> PyResult<Py> {
    let s = set_self(this)?;
    Ok(from_table(set_algebra::union(cx, &s.snapshot(), &others)?, s.frozen))
}

fn intersection_multi(cx: &Cx, this: &Py, others: Vec<Py>) -> PyResult<Py> {
    let s = set_self(this)?;
    let mut t = s.snapshot();
    if others.is_empty() {
        return Ok(from_table(set_algebra::union(cx, &t, &[])?, s.frozen));
    }
    for o in &others {
        t = set_algebra::intersection(cx, &t, o)?;
    }
    Ok(from_table(t, s.frozen))
}

fn difference_multi(cx: &Cx, this: &Py, others: Vec<Py>) -> PyResult<Py> {
    let s = set_self(this)?;
    let t = s.snapshot();
    let Some((first, rest)) = others.split_first() else {
        return Ok(from_table(set_algebra::union(cx, &t, &[])?, s.frozen));
    };
    let mut r = set_algebra::difference(cx, &t, first)?;
    for o in rest {
        set_algebra::difference_update(cx, &mut r, o)?;
    }
    Ok(from_table(r, s.frozen))
}

fn symmetric_difference_of(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = set_self(this)?;
    let owner = if s.frozen { "frozenset" } else { "set" };
    let [o] = args.bind(&format!("{owner}.symmetric_difference"), ["other"])?;
    Ok(from_table(set_algebra::symmetric_difference(cx, &s.snapshot(), &o.unwrap_or(Py::None))?, s.frozen))
}

/// Runs an in-place operation on a mutable set's table.
fn in_place(this: &Py, f: impl FnOnce(&mut SetTable) -> PyResult<()>) -> PyResult<Py> {
    let s = mutable(this)?;
    let mut t = s.snapshot();
    f(&mut t)?;
    s.replace(t);
    Ok(Py::None)
}

fn issubset(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [o] = args.bind("issubset", ["other"])?;
    let mut holder = None;
    let o = o.unwrap_or(Py::None);
    let other = as_set(cx, &o, &mut holder)?;
    is_subset(cx, set_self(this)?, other).map(Py::Bool)
}

fn issuperset(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [o] = args.bind("issuperset", ["other"])?;
    let mut holder = None;
    let o = o.unwrap_or(Py::None);
    let other = as_set(cx, &o, &mut holder)?;
    is_subset(cx, other, set_self(this)?).map(Py::Bool)
}

fn isdisjoint(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [o] = args.bind("isdisjoint", ["other"])?;
    let s = set_self(this)?;
    for k in semantics::iterate(cx, &o.unwrap_or(Py::None))? {
        if s.contains_item(cx, &k)? {
            return Ok(Py::Bool(false));
        }
    }
    Ok(Py::Bool(true))
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
        in_place(this, |t| others.iter().try_for_each(|o| set_algebra::update(cx, t, o)))
    }),
    method("union", |cx, this, a| union_multi(cx, this, varargs(a, "union")?)),
    method("intersection", |cx, this, a| intersection_multi(cx, this, varargs(a, "intersection")?)),
    method("difference", |cx, this, a| difference_multi(cx, this, varargs(a, "difference")?)),
    method("symmetric_difference", symmetric_difference_of),
    method("issubset", issubset),
    method("issuperset", issuperset),
    method("isdisjoint", isdisjoint),
    method("intersection_update", |cx, this, a| {
        let others = varargs(a, "intersection_update")?;
        in_place(this, |t| {
            for o in &others {
                *t = set_algebra::intersection(cx, t, o)?;
            }
            Ok(())
        })
    }),
    method("difference_update", |cx, this, a| {
        let others = varargs(a, "difference_update")?;
        in_place(this, |t| others.iter().try_for_each(|o| set_algebra::difference_update(cx, t, o)))
    }),
    method("symmetric_difference_update", |cx, this, a| {
        let [o] = a.bind("symmetric_difference_update", ["other"])?;
        let o = o.unwrap_or(Py::None);
        in_place(this, |t| set_algebra::symmetric_difference_update(cx, t, &o))
    }),
];

/// frozenset has the non-mutating methods only.
static FROZENSET_METHODS: [Method; 8] = [
    method("copy", copy),
    method("union", |cx, this, a| union_multi(cx, this, varargs(a, "union")?)),
    method("intersection", |cx, this, a| intersection_multi(cx, this, varargs(a, "intersection")?)),
    method("difference", |cx, this, a| difference_multi(cx, this, varargs(a, "difference")?)),
    method("symmetric_difference", symmetric_difference_of),
    method("issubset", issubset),
    method("issuperset", issuperset),
    method("isdisjoint", isdisjoint),
];
