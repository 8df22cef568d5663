//! `collections.deque`: a double-ended queue, optionally bounded
//! (`maxlen`: appending to a full deque drops from the other end).
//!
//! Items are compared, hashed and shown outside the lock (a snapshot), as
//! `__eq__` may call back into the deque or wait for the client.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use crate::objects::list::{index_bounds, items_repr};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static DEQUE: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "deque", None, &METHODS, Some(deque_new)).with_specials(SPECIALS).in_c()
});
/// The operators of its slots, as CPython's deque lists them.
const SPECIALS: &[&str] = &["__add__", "__mul__", "__rmul__", "__iadd__", "__imul__"];
static DEQUE_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_collections", "_deque_iterator", None, &[], None).in_c());
static DEQUE_REVERSE_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_collections", "_deque_reverse_iterator", None, &[], None).in_c());

pub struct Deque {
    items: Mutex<VecDeque<Py>>,
    maxlen: Option<usize>,
    /// Bumped on every change, so iterators notice mutation.
    state: AtomicUsize,
}

impl Deque {
    fn new(items: impl IntoIterator<Item = Py>, maxlen: Option<usize>) -> Deque {
        let d = Deque { items: Mutex::new(VecDeque::new()), maxlen, state: AtomicUsize::new(0) };
        d.extend(items, false);
        d
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Py>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records a change of the items' number or order that iterators must
    /// notice (CPython's `state`; assigning an item or `reverse()` is not one).
    fn mutated(&self) {
        self.state.fetch_add(1, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Vec<Py> {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    fn len(&self) -> usize {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Appends on the right (or left), dropping from the other end when full.
    fn push(&self, x: Py, left: bool) {
        let dropped = {
            let mut items = self.lock();
            if self.maxlen == Some(0) {
                Some(x)
            } else {
                self.mutated();
                if left {
                    items.push_front(x);
                } else {
                    items.push_back(x);
                }
                match self.maxlen {
                    Some(max) if items.len() > max => {
                        if left {
                            items.pop_back()
                        } else {
                            items.pop_front()
                        }
                    }
                    _ => None,
                }
            }
        };
        crate::runtime::object::drop_values(dropped.into_iter().collect());
    }

    fn extend(&self, more: impl IntoIterator<Item = Py>, left: bool) {
        for x in more {
            self.push(x, left);
        }
    }
}

fn deque_self(this: &Py) -> PyResult<&Deque> {
    this.downcast::<Deque>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'collections.deque' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn maxlen_of(v: Option<Py>) -> PyResult<Option<usize>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => match semantics::index_value(&v) {
            Some(Py::Int(n)) if n < 0 => Err(exceptions::value_error("maxlen must be non-negative")),
            Some(Py::Int(n)) => Ok(Some(n as usize)),
            Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
            None => Err(exceptions::type_error("an integer is required")),
        },
    }
}

fn deque_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if args.pos.len() > 2 {
        return Err(exceptions::type_error(format!("deque() takes at most 2 arguments ({} given)", args.pos.len())));
    }
    let [iterable, maxlen] = args.bind("deque", ["iterable?", "maxlen?"])?;
    let maxlen = maxlen_of(maxlen)?;
    let items = match iterable {
        None => Vec::new(),
        Some(it) => semantics::iterate(cx, &it)?,
    };
    Ok(Py::obj(Deque::new(items, maxlen)))
}

/// A deque index (no slices), normalised.
fn position(key: &Py, len: usize) -> PyResult<usize> {
    if semantics::index_value(key).is_none() {
        return Err(exceptions::type_error(format!(
            "sequence index must be integer, not '{}'",
            semantics::type_name(key)
        )));
    }
    semantics::seq_index("deque", key, len)
}

/// `items * n` as a deque of `maxlen` keeps it: only the last `maxlen`
/// items of the repetition survive.
fn repeated(items: &[Py], n: i64, maxlen: Option<usize>) -> PyResult<Vec<Py>> {
    let n = n.max(0) as usize;
    let total = items.len().saturating_mul(n);
    let kept = maxlen.map_or(total, |m| m.min(total));
    semantics::check_repeat(kept, 1, semantics::MAX_ITEMS, "deque")?;
    Ok((total - kept..total).map(|i| items[i % items.len()].clone()).collect())
}

/// The first position in `start..stop` holding `x`.
fn find(cx: &Cx, d: &Deque, x: &Py, start: usize, stop: usize) -> PyResult<Option<usize>> {
    let items = d.snapshot();
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if item.is(x) || semantics::eq(cx, item, x)? {
            return Ok(Some(i));
        }
    }
    Ok(None)
}

impl PyObject for Deque {
    fn ty(&self) -> TypeRef {
        DEQUE.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("[...]".into()) };
        let inner = items_repr(cx, &self.snapshot(), "[", "]")?;
        Ok(match self.maxlen {
            Some(m) => format!("deque({inner}, maxlen={m})"),
            None => format!("deque({inner})"),
        })
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'collections.deque'"))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.len()))
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(DequeIter::new(this.clone(), self, false)))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        let items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        let i = position(key, items.len())?;
        Ok(Some(items[i].clone()))
    }
    fn setitem(&self, key: Py, value: Py, _cx: &Cx) -> PyResult<bool> {
        let mut items = self.lock();
        let i = position(&key, items.len())?;
        let old = std::mem::replace(&mut items[i], value);
        drop(items);
        crate::runtime::object::drop_values(vec![old]);
        Ok(true)
    }
    fn delitem(&self, key: &Py, _cx: &Cx) -> PyResult<bool> {
        let mut items = self.lock();
        let i = position(key, items.len())?;
        self.mutated();
        let old = items.remove(i);
        drop(items);
        crate::runtime::object::drop_values(old.into_iter().collect());
        Ok(true)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(find(cx, self, item, 0, usize::MAX)?.is_some()))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<Deque>() else { return Ok(None) };
        semantics::sequence_cmp(cx, &self.snapshot(), &o.snapshot(), op).map(Some)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        match op {
            BinOp::Add if !reflected => {
                let Some(o) = other.downcast::<Deque>() else {
                    return Err(exceptions::type_error(format!(
                        "can only concatenate deque (not \"{}\") to deque",
                        semantics::type_name(other)
                    )));
                };
                let mut items = self.snapshot();
                items.extend(o.snapshot());
                Ok(Some(Py::obj(Deque::new(items, self.maxlen))))
            }
            BinOp::Mul => {
                let Some(Py::Int(n)) = semantics::index_value(other) else { return Ok(None) };
                let items = repeated(&self.snapshot(), n, self.maxlen)?;
                Ok(Some(Py::obj(Deque::new(items, self.maxlen))))
            }
            _ => Ok(None),
        }
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        match op {
            BinOp::Add => {
                let more = semantics::iterate(cx, other)?;
                self.extend(more, false);
                Ok(Some(Py::Obj(this.clone())))
            }
            BinOp::Mul => {
                let Some(Py::Int(n)) = semantics::index_value(other) else { return Ok(None) };
                if n == 1 {
                    return Ok(Some(Py::Obj(this.clone())));
                }
                let items = repeated(&self.snapshot(), n, self.maxlen)?;
                self.mutated();
                let old = std::mem::replace(&mut *self.lock(), items.into());
                crate::runtime::object::drop_values(old.into());
                Ok(Some(Py::Obj(this.clone())))
            }
            _ => Ok(None),
        }
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let Some(_guard) = ReprGuard::enter(self as *const Deque as usize) else {
            return Err(exceptions::recursion_error("maximum recursion depth exceeded while pickling an object"));
        };
        let items = self.snapshot().iter().map(|i| semantics::to_value(cx, i)).collect::<PyResult<Vec<_>>>()?;
        let mut args = vec![Value::List(items)];
        if let Some(m) = self.maxlen {
            args.push(Value::Int(m as i64));
        }
        Ok(Some(super::record("collections.deque", args)))
    }
    fn take_children(&self) -> Vec<Py> {
        std::mem::take(&mut *self.lock()).into()
    }
}

/// Iterates a deque by position; a change to the deque while iterating
/// raises `RuntimeError`, as in Python.
struct DequeIter {
    deque: ObjRef,
    state: usize,
    pos: AtomicUsize,
    reverse: bool,
}

impl DequeIter {
    fn new(deque: ObjRef, d: &Deque, reverse: bool) -> Py {
        Py::obj(DequeIter { deque, state: d.state.load(Ordering::Relaxed), pos: AtomicUsize::new(0), reverse })
    }
}

impl PyObject for DequeIter {
    fn ty(&self) -> TypeRef {
        if self.reverse {
            DEQUE_REVERSE_ITERATOR.clone()
        } else {
            DEQUE_ITERATOR.clone()
        }
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let Some(d) = self.deque.as_any().downcast_ref::<Deque>() else { return Ok(None) };
        if d.state.load(Ordering::Relaxed) != self.state {
            return Err(exceptions::runtime_error("deque mutated during iteration"));
        }
        let items = d.items.lock().unwrap_or_else(|e| e.into_inner());
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        if i >= items.len() {
            return Ok(None);
        }
        Ok(Some(items[if self.reverse { items.len() - 1 - i } else { i }].clone()))
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        let Some(d) = self.deque.as_any().downcast_ref::<Deque>() else { return Ok(Some(0)) };
        let len = d.items.lock().unwrap_or_else(|e| e.into_inner()).len();
        Ok(Some(len.saturating_sub(self.pos.load(Ordering::Relaxed))))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![Py::Obj(self.deque.clone())]
    }
}

// ------------------------------------------------------------------ methods

fn append(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("append", ["x"])?;
    deque_self(this)?.push(req(x), false);
    Ok(Py::None)
}

fn appendleft(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("appendleft", ["x"])?;
    deque_self(this)?.push(req(x), true);
    Ok(Py::None)
}

fn extend(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [it] = args.bind("extend", ["iterable"])?;
    let d = deque_self(this)?;
    d.extend(semantics::iterate(cx, &req(it))?, false);
    Ok(Py::None)
}

fn extendleft(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [it] = args.bind("extendleft", ["iterable"])?;
    let d = deque_self(this)?;
    d.extend(semantics::iterate(cx, &req(it))?, true);
    Ok(Py::None)
}

fn pop_end(this: &Py, args: Args, left: bool) -> PyResult<Py> {
    args.none(if left { "popleft" } else { "pop" })?;
    let d = deque_self(this)?;
    let mut items = d.lock();
    let x = if left { items.pop_front() } else { items.pop_back() };
    if x.is_some() {
        d.mutated();
    }
    x.ok_or_else(|| exceptions::index_error("pop from an empty deque"))
}

fn clear(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    let d = deque_self(this)?;
    d.mutated();
    let old: Vec<Py> = std::mem::take(&mut *d.lock()).into();
    crate::runtime::object::drop_values(old);
    Ok(Py::None)
}

fn copy(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let d = deque_self(this)?;
    Ok(Py::obj(Deque::new(d.snapshot(), d.maxlen)))
}

fn count(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("count", ["value"])?;
    let x = req(x);
    let mut n = 0usize;
    for item in deque_self(this)?.snapshot() {
        if item.is(&x) || semantics::eq(cx, &item, &x)? {
            n += 1;
        }
    }
    Ok(Py::from(n))
}

fn not_in_deque(cx: &Cx, x: &Py) -> PyResult<exceptions::PyErr> {
    Ok(exceptions::value_error(format!("{} is not in deque", semantics::repr(cx, x)?)))
}

fn index(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x, start, stop] = args.bind("index", ["value", "start?", "stop?"])?;
    let d = deque_self(this)?;
    let (start, stop) = index_bounds(start.as_ref(), stop.as_ref(), d.len())?;
    let x = req(x);
    match find(cx, d, &x, start, stop)? {
        Some(i) => Ok(Py::from(i)),
        None => Err(not_in_deque(cx, &x)?),
    }
}

fn insert(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [i, x] = args.bind("insert", ["index", "object"])?;
    let i = args::to_int("insert", &req(i))?;
    let d = deque_self(this)?;
    let mut items = d.lock();
    if d.maxlen.is_some_and(|m| items.len() >= m) {
        return Err(exceptions::index_error("deque already at its maximum size"));
    }
    let len = items.len() as i64;
    let at = if i < 0 { (i + len).max(0) } else { i.min(len) } as usize;
    d.mutated();
    items.insert(at, req(x));
    Ok(Py::None)
}

fn remove(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("remove", ["value"])?;
    let d = deque_self(this)?;
    let x = req(x);
    match find(cx, d, &x, 0, usize::MAX)? {
        Some(i) => {
            d.mutated();
            let old = d.lock().remove(i);
            crate::runtime::object::drop_values(old.into_iter().collect());
            Ok(Py::None)
        }
        None => Err(not_in_deque(cx, &x)?),
    }
}

fn reverse(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("reverse")?;
    let mut items = deque_self(this)?.lock();
    items.make_contiguous().reverse();
    Ok(Py::None)
}

fn rotate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [n] = args.bind("rotate", ["n?"])?;
    let n = match n {
        None => 1,
        Some(n) => args::to_int("rotate", &n).map_err(|_| {
            exceptions::type_error(format!("'{}' object cannot be interpreted as an integer", semantics::type_name(&n)))
        })?,
    };
    let d = deque_self(this)?;
    let mut items = d.lock();
    let len = items.len() as i64;
    if len > 1 {
        d.mutated();
        let k = n.rem_euclid(len) as usize;
        items.rotate_right(k);
    }
    Ok(Py::None)
}

fn maxlen(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::from(deque_self(this)?.maxlen))
}

fn reversed(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reversed__")?;
    let d = deque_self(this)?;
    let Py::Obj(o) = this else { return Err(exceptions::type_error("a deque is required")) };
    Ok(DequeIter::new(o.clone(), d, true))
}

static METHODS: [Method; 17] = [
    method("append", append),
    method("appendleft", appendleft),
    method("extend", extend),
    method("extendleft", extendleft),
    method("pop", |_, this, args| pop_end(this, args, false)),
    method("popleft", |_, this, args| pop_end(this, args, true)),
    method("clear", clear),
    method("copy", copy),
    method("__copy__", copy),
    method("count", count),
    method("index", index),
    method("insert", insert),
    method("remove", remove),
    method("reverse", reverse),
    method("rotate", rotate),
    method("__reversed__", reversed),
    property("maxlen", maxlen),
];
