//! `list`: a mutable sequence, its iterator, and its methods.
//!
//! Nothing here holds the list's lock while it calls out (comparisons,
//! `repr` of items, sort keys): those may reach back into the same list,
//! or wait for the client. Such operations work on a snapshot of the items.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static LIST: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "list", None, &LIST_METHODS, Some(list_new)));
pub static LIST_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "list_iterator", None, &[], None));
pub static LIST_REVERSEITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "list_reverseiterator", None, &[], None));

pub struct List {
    items: Mutex<Vec<Py>>,
}

impl List {
    pub fn new(items: Vec<Py>) -> Py {
        Py::Obj(Arc::new(List { items: Mutex::new(items) }))
    }

    pub fn lock(&self) -> MutexGuard<'_, Vec<Py>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A copy of the items (cheap: values are shared).
    pub fn snapshot(&self) -> Vec<Py> {
        self.lock().clone()
    }
}

fn list_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("list", ["iterable?"])?;
    Ok(List::new(match iterable {
        None => Vec::new(),
        Some(it) => semantics::iterate(cx, &it)?,
    }))
}

/// `self` of a list method.
pub fn list_self(this: &Py) -> PyResult<&List> {
    this.downcast::<List>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'list' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// `start`/`stop` arguments of `index()`, clamped like CPython's.
pub fn index_bounds(start: Option<&Py>, stop: Option<&Py>, len: usize) -> PyResult<(usize, usize)> {
    let fix = |v: Option<&Py>, default: usize| -> PyResult<usize> {
        match v {
            None | Some(Py::None) => Ok(default),
            Some(v) => {
                // Big ints clamp, as CPython's _PyEval_SliceIndex does.
                let n = match semantics::index_value(v) {
                    Some(Py::BigInt(b)) => {
                        if b.sign() == num_bigint::Sign::Minus {
                            i64::MIN
                        } else {
                            i64::MAX
                        }
                    }
                    _ => args::to_int("index", v)?,
                };
                Ok(if n < 0 { n.saturating_add(len as i64).max(0) as usize } else { (n as usize).min(len) })
            }
        }
    };
    Ok((fix(start, 0)?, fix(stop, len)?))
}

/// Repr of a sequence of items between brackets.
pub fn items_repr(cx: &Cx, items: &[Py], open: &str, close: &str) -> PyResult<String> {
    let mut out = String::from(open);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&semantics::repr(cx, item)?);
    }
    out.push_str(close);
    Ok(out)
}

impl PyObject for List {
    fn ty(&self) -> TypeRef {
        LIST.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("[...]".into()) };
        items_repr(cx, &self.snapshot(), "[", "]")
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'list'"))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.lock().len()))
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::obj(ListIter { list: this.clone(), pos: AtomicUsize::new(0), reverse: false })))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let items = self.lock();
        if let Some(sl) = key.downcast::<Slice>() {
            let picked: Vec<Py> = slice::positions(cx, sl, items.len())?.map(|i| items[i].clone()).collect();
            return Ok(Some(List::new(picked)));
        }
        let i = semantics_index("list", key, items.len())?;
        Ok(Some(items[i].clone()))
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        if let Some(sl) = key.downcast::<Slice>() {
            // The new items are read before the lock: `l[:] = l` works.
            let new = semantics::iterate(cx, &value).map_err(|e| {
                if e.is("TypeError") {
                    exceptions::type_error("can only assign an iterable")
                } else {
                    e
                }
            })?;
            let mut items = self.lock();
            let (start, stop, step, count) = slice::adjust(cx, sl, items.len())?;
            if step == 1 {
                let stop = stop.max(start) as usize;
                let old: Vec<Py> = items.splice(start as usize..stop, new).collect();
                drop(items);
                crate::runtime::object::drop_values(old);
            } else {
                if new.len() != count {
                    return Err(exceptions::value_error(format!(
                        "attempt to assign sequence of size {} to extended slice of size {count}",
                        new.len()
                    )));
                }
                for (k, v) in new.into_iter().enumerate() {
                    items[(start + k as i64 * step) as usize] = v;
                }
            }
            return Ok(true);
        }
        let mut items = self.lock();
        let i = semantics_index("list assignment", &key, items.len())?;
        let old = std::mem::replace(&mut items[i], value);
        drop(items);
        crate::runtime::object::drop_values(vec![old]);
        Ok(true)
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        let mut items = self.lock();
        if let Some(sl) = key.downcast::<Slice>() {
            let mut doomed: Vec<usize> = slice::positions(cx, sl, items.len())?.collect();
            doomed.sort_unstable();
            let mut old = Vec::with_capacity(doomed.len());
            for i in doomed.into_iter().rev() {
                old.push(items.remove(i));
            }
            drop(items);
            crate::runtime::object::drop_values(old);
            return Ok(true);
        }
        let i = semantics_index("list assignment", key, items.len())?;
        let old = items.remove(i);
        drop(items);
        crate::runtime::object::drop_values(vec![old]);
        Ok(true)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        for x in self.snapshot() {
            if x.is(item) || semantics::eq(cx, &x, item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<List>() else { return Ok(None) };
        let (a, b) = (self.snapshot(), o.snapshot());
        semantics::sequence_cmp(cx, &a, &b, op).map(Some)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, _reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        match op {
            BinOp::Add => {
                let Some(o) = other.downcast::<List>() else {
                    return Ok(None);
                };
                let mut items = self.snapshot();
                items.extend(o.snapshot());
                if items.len() > semantics::MAX_ITEMS {
                    return Err(exceptions::memory_error("list"));
                }
                Ok(Some(List::new(items)))
            }
            BinOp::Mul => {
                let count = match semantics::index_value(other) {
                    Some(Py::Int(n)) => n.max(0) as usize,
                    Some(Py::BigInt(b)) if b.sign() == num_bigint::Sign::Minus => 0,
                    Some(_) => return Err(exceptions::overflow_error("cannot fit 'int' into an index-sized integer")),
                    None => return Ok(None),
                };
                let items = self.snapshot();
                semantics::check_repeat(items.len(), count, semantics::MAX_ITEMS, "list")?;
                let mut out = Vec::with_capacity(items.len() * count);
                for _ in 0..count {
                    out.extend(items.iter().cloned());
                }
                Ok(Some(List::new(out)))
            }
            _ => Ok(None),
        }
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        match op {
            BinOp::Add => {
                let more = semantics::iterate(cx, other)?;
                self.lock().extend(more);
                Ok(Some(Py::Obj(this.clone())))
            }
            BinOp::Mul => {
                let count = match semantics::index_value(other) {
                    Some(Py::Int(n)) => n.max(0) as usize,
                    _ => return Ok(None),
                };
                let mut items = self.lock();
                semantics::check_repeat(items.len(), count, semantics::MAX_ITEMS, "list")?;
                let once = items.clone();
                items.clear();
                for _ in 0..count {
                    items.extend(once.iter().cloned());
                }
                Ok(Some(Py::Obj(this.clone())))
            }
            _ => Ok(None),
        }
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let Some(_guard) = ReprGuard::enter(self as *const List as usize) else {
            return Err(exceptions::recursion_error("maximum recursion depth exceeded while pickling an object"));
        };
        let items = self.snapshot();
        Ok(Some(Value::List(items.iter().map(|i| semantics::to_value(cx, i)).collect::<PyResult<_>>()?)))
    }
    fn take_children(&self) -> Vec<Py> {
        std::mem::take(&mut *self.lock())
    }
}

fn semantics_index(what: &str, key: &Py, len: usize) -> PyResult<usize> {
    crate::runtime::semantics::seq_index(what, key, len)
}

/// Iterates a list as Python does: by position, so items appended while
/// iterating are seen.
pub struct ListIter {
    list: ObjRef,
    pos: AtomicUsize,
    reverse: bool,
}

impl PyObject for ListIter {
    fn ty(&self) -> TypeRef {
        if self.reverse {
            LIST_REVERSEITERATOR.clone()
        } else {
            LIST_ITERATOR.clone()
        }
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let Some(list) = self.list.as_any().downcast_ref::<List>() else { return Ok(None) };
        let items = list.lock();
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        if self.reverse {
            Ok(items.len().checked_sub(i + 1).and_then(|j| items.get(j)).cloned())
        } else {
            Ok(items.get(i).cloned())
        }
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        let Some(list) = self.list.as_any().downcast_ref::<List>() else { return Ok(Some(0)) };
        Ok(Some(list.lock().len().saturating_sub(self.pos.load(Ordering::Relaxed))))
    }
}

// ------------------------------------------------------------------ methods

fn append(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("append", ["object"])?;
    list_self(this)?.lock().push(req(x));
    Ok(Py::None)
}

fn extend(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("extend", ["iterable"])?;
    let list = list_self(this)?;
    let more = semantics::iterate(cx, &req(x))?;
    list.lock().extend(more);
    Ok(Py::None)
}

fn insert(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [i, x] = args.bind("insert", ["index", "object"])?;
    let i = args::to_int("insert", &req(i))?;
    let mut items = list_self(this)?.lock();
    let len = items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    items.insert(at, req(x));
    Ok(Py::None)
}

fn pop(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [i] = args.bind("pop", ["index?"])?;
    // The index is converted first, as CPython does.
    let i = i.map(|i| args::to_int("pop", &i)).transpose()?;
    let mut items = list_self(this)?.lock();
    if items.is_empty() {
        return Err(exceptions::index_error("pop from empty list"));
    }
    let len = items.len() as i64;
    let i = i.unwrap_or(len - 1);
    let real = if i < 0 { i + len } else { i };
    if real < 0 || real >= len {
        return Err(exceptions::index_error("pop index out of range"));
    }
    Ok(items.remove(real as usize))
}

/// Position of the first item equal to `x`, compared outside the lock.
fn position(cx: &Cx, list: &List, x: &Py, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let items = list.snapshot();
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if item.is(x) || semantics::eq(cx, item, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

fn remove(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("remove", ["value"])?;
    let list = list_self(this)?;
    let x = req(x);
    match position(cx, list, &x, 0, usize::MAX)? {
        Some(i) => {
            let mut items = list.lock();
            if i < items.len() {
                items.remove(i);
            }
            Ok(Py::None)
        }
        None => Err(exceptions::value_error("list.remove(x): x not in list")),
    }
}

fn index(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x, start, stop] = args.bind("index", ["value", "start?", "stop?"])?;
    let list = list_self(this)?;
    let len = list.lock().len();
    let (start, stop) = index_bounds(start.as_ref(), stop.as_ref(), len)?;
    let x = req(x);
    match position(cx, list, &x, start, stop)? {
        Some(i) => Ok(Py::from(i)),
        None => Err(exceptions::value_error(format!("{} is not in list", semantics::repr(cx, &x)?))),
    }
}

fn count(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("count", ["value"])?;
    let x = req(x);
    let mut n = 0usize;
    for item in list_self(this)?.snapshot() {
        if item.is(&x) || semantics::eq(cx, &item, &x)? {
            n += 1;
        }
    }
    Ok(Py::from(n))
}

fn reverse(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("reverse")?;
    list_self(this)?.lock().reverse();
    Ok(Py::None)
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    let old = std::mem::take(&mut *list_self(this)?.lock());
    crate::runtime::object::drop_values(old);
    Ok(Py::None)
}

fn copy(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    Ok(List::new(list_self(this)?.snapshot()))
}

fn sort(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    if !args.pos.is_empty() {
        return Err(exceptions::type_error("sort() takes no positional arguments"));
    }
    let [key, reverse] = args.bind("sort", ["$key?", "$reverse?"])?;
    let list = list_self(this)?;
    let mut items = list.snapshot();
    sort_items(cx, &mut items, key.as_ref(), args::opt_bool(cx, reverse.as_ref(), false)?)?;
    *list.lock() = items;
    Ok(Py::None)
}

/// Sorts values as `sorted(items, key=key, reverse=reverse)`.
pub fn sort_items(cx: &Cx, items: &mut Vec<Py>, key: Option<&Py>, reverse: bool) -> PyResult<()> {
    let keys = match key {
        None | Some(Py::None) => None,
        Some(f) => {
            Some(items.iter().map(|i| semantics::call(cx, f, Args::one(i.clone()))).collect::<PyResult<Vec<_>>>()?)
        }
    };
    semantics::sort_values(cx, items, keys, reverse)
}

fn reversed(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reversed__")?;
    let Py::Obj(o) = this else { return Err(exceptions::type_error("__reversed__ requires a list")) };
    list_self(this)?;
    Ok(Py::obj(ListIter { list: o.clone(), pos: AtomicUsize::new(0), reverse: true }))
}

static LIST_METHODS: [Method; 12] = [
    method("append", append),
    method("extend", extend),
    method("insert", insert),
    method("pop", pop),
    method("remove", remove),
    method("index", index),
    method("count", count),
    method("reverse", reverse),
    method("clear", clear),
    method("copy", copy),
    method("sort", sort),
    method("__reversed__", reversed),
];
