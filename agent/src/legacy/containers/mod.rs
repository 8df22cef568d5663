//! Mutable containers that go by reference: `list`, `dict`, their
//! iterators, and records (`os.stat_result`, `CompletedProcess`, named
//! tuples) that read like their Python originals.

mod dict;
mod list;
mod record;

use std::cell::Cell;
use std::sync::{Arc, Mutex, MutexGuard};

use rpyc_protocol::{Obj, Value};

pub use dict::Dict;
pub use list::{List, SeqIter};
pub use record::{RecordKind, RecordObj};

use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{PyRef, Val};

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How deep `repr`, `to_value` and comparisons descend into containers.
/// A client can build any nesting (or a list that holds itself); past this
/// the walk stops with `[...]` or RecursionError instead of overflowing the
/// stack and taking every connection of the agent down with it.
pub const MAX_NESTING: usize = 200;

thread_local! {
    static NESTING: Cell<usize> = const { Cell::new(0) };
    /// Containers whose repr is being built on this thread (Python's
    /// `Py_ReprEnter`), so a list that holds itself shows as `[...]`.
    static IN_REPR: std::cell::RefCell<Vec<i64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Marks a container's repr as in progress; `None` if it already is (a
/// cycle), in which case the caller shows `[...]` / `{...}`.
pub struct ReprGuard(i64);

impl ReprGuard {
    pub fn enter(id: i64) -> Option<ReprGuard> {
        IN_REPR.with(|ids| {
            let mut ids = ids.borrow_mut();
            if ids.contains(&id) {
                None
            } else {
                ids.push(id);
                Some(ReprGuard(id))
            }
        })
    }
}

impl Drop for ReprGuard {
    fn drop(&mut self) {
        IN_REPR.with(|ids| ids.borrow_mut().retain(|&i| i != self.0));
    }
}

/// One level of a recursive walk over containers; `None` when too deep.
pub struct Nesting(());

impl Nesting {
    pub fn enter() -> Option<Nesting> {
        NESTING.with(|n| {
            if n.get() >= MAX_NESTING {
                None
            } else {
                n.set(n.get() + 1);
                Some(Nesting(()))
            }
        })
    }

    /// `enter`, or Python's RecursionError.
    pub fn enter_or_raise(what: &str) -> PyResult<Nesting> {
        Self::enter()
            .ok_or_else(|| exc::new("RecursionError", format!("maximum recursion depth exceeded while {what}")))
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Drops container contents without recursion: a chain of lists 100,000
/// deep would otherwise overflow the stack in nested destructors. Objects
/// whose last reference is here give up their children to the work list
/// before they are dropped.
pub fn drop_items(items: Vec<Val>) {
    let mut pending = items;
    while let Some(v) = pending.pop() {
        match v {
            Obj::Local(obj) => {
                if Arc::strong_count(&obj) == 1 {
                    pending.extend(obj.take_children());
                }
                drop(obj);
            }
            Obj::Tuple(items) => pending.extend(items),
            _ => {}
        }
    }
}

/// Equality of two agent values (values by value, objects by identity).
pub fn val_eq(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Obj::Value(x), Obj::Value(y)) => value_eq(x, y),
        (Obj::Tuple(x), Obj::Tuple(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| val_eq(a, b)),
        (Obj::Local(x), Obj::Local(y)) => x.instance_id() == y.instance_id(),
        (Obj::Remote(x), Obj::Remote(y)) => x.id_pack() == y.id_pack(),
        _ => false,
    }
}

/// Python `==` for values: numbers compare across int, bool and float.
pub fn value_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => i64::from(*x) == *y,
        _ => a == b,
    }
}

/// Turns a non-dumpable value into an object that can go by reference.
pub fn from_value(value: Value) -> Option<PyRef> {
    let vals = |items: Vec<Value>| items.into_iter().map(wrap).collect::<Vec<Val>>();
    Some(match value {
        Value::List(items) => List::new(vals(items)),
        Value::Dict(pairs) => Dict::new(pairs.into_iter().map(|(k, v)| (wrap(k), wrap(v))).collect()),
        Value::Set(items) => List::with_type("builtins.set", vals(items)),
        Value::ByteArray(b) => {
            List::with_type("builtins.bytearray", b.into_iter().map(|x| Obj::Value(Value::Int(x.into()))).collect())
        }
        _ => return None,
    })
}

/// A value as a `Val`, containers becoming objects.
pub fn wrap(value: Value) -> Val {
    if value.is_dumpable() {
        return Obj::Value(value);
    }
    match value {
        Value::Tuple(items) => Obj::Tuple(items.into_iter().map(wrap).collect()),
        other => match from_value(other) {
            Some(obj) => Obj::Local(obj),
            None => Obj::none(),
        },
    }
}

/// CMP: containers and records compare by value (`==`, and orderings
/// between sequences of the same kind, as Python does), other objects by
/// identity; anything else answers NotImplemented (the client then tries
/// the reflected operation or raises TypeError).
pub fn compare(obj: &PyRef, other: Val, op: &str, cx: &Cx) -> PyResult<Val> {
    if let Obj::Local(o) = &other {
        if o.instance_id() == obj.instance_id() {
            return Ok(Obj::Value(Value::Bool(matches!(op, "__eq__" | "__le__" | "__ge__"))));
        }
    }
    let _depth = Nesting::enter_or_raise("comparing")?;
    let mine = match obj.sequence_value(cx)? {
        Some(seq) => Some(seq),
        None => obj.to_value(cx).ok().flatten(),
    };
    if let Obj::Remote(_) = other {
        // CPython's `list.__eq__(netref)` is NotImplemented too: a client
        // object is never equal to an agent object; the client falls back
        // to identity.
        return Ok(Obj::Value(Value::NotImplemented));
    }
    let theirs = match &other {
        Obj::Local(o) => match o.sequence_value(cx)? {
            Some(seq) => Some(seq),
            None => o.to_value(cx).ok().flatten(),
        },
        other => cx.value(other).ok(),
    };
    let (Some(mine), Some(theirs)) = (mine, theirs) else {
        return Ok(Obj::Value(match op {
            "__eq__" => Value::Bool(false),
            "__ne__" => Value::Bool(true),
            _ => Value::NotImplemented,
        }));
    };
    let same_kind = matches!((&mine, &theirs), (Value::List(_), Value::List(_)) | (Value::Tuple(_), Value::Tuple(_)));
    let ordering =
        || -> PyResult<std::cmp::Ordering> { crate::legacy::modules::builtins::compare_values(&mine, &theirs) };
    Ok(Obj::Value(match op {
        "__eq__" => Value::Bool(value_eq(&mine, &theirs)),
        "__ne__" => Value::Bool(!value_eq(&mine, &theirs)),
        "__lt__" if same_kind => Value::Bool(ordering()?.is_lt()),
        "__le__" if same_kind => Value::Bool(ordering()?.is_le()),
        "__gt__" if same_kind => Value::Bool(ordering()?.is_gt()),
        "__ge__" if same_kind => Value::Bool(ordering()?.is_ge()),
        _ => Value::NotImplemented,
    }))
}

/// Normalises an index like Python (`-1` is the last).
fn index(func: &str, i: &Val, len: usize) -> PyResult<usize> {
    let i = args::to_int(func, i)?;
    let real = if i < 0 { i + len as i64 } else { i };
    if real < 0 || real >= len as i64 {
        return Err(exc::index_error(format!("{func} index out of range")));
    }
    Ok(real as usize)
}

/// The items a slice selects.
fn slice_indices(parts: &[Value; 3], len: usize) -> PyResult<Vec<usize>> {
    let get = |v: &Value| match v {
        Value::None => Ok(None),
        Value::Int(n) => Ok(Some(*n)),
        _ => Err(exc::type_error("slice indices must be integers or None")),
    };
    let step = get(&parts[2])?.unwrap_or(1);
    if step == 0 {
        return Err(exc::value_error("slice step cannot be zero"));
    }
    let n = len as i64;
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let norm = |v: Option<i64>, default: i64, lo: i64, hi: i64| match v {
        None => default,
        Some(v) if v < 0 => clamp(v + n, lo, hi),
        Some(v) => clamp(v, lo, hi),
    };
    let mut out = Vec::new();
    if step > 0 {
        let (start, stop) = (norm(get(&parts[0])?, 0, 0, n), norm(get(&parts[1])?, n, 0, n));
        let mut i = start;
        while i < stop {
            out.push(i as usize);
            i += step;
        }
    } else {
        let (start, stop) = (norm(get(&parts[0])?, n - 1, -1, n - 1), norm(get(&parts[1])?, -1, -1, n - 1));
        let mut i = start;
        while i > stop {
            out.push(i as usize);
            i += step;
        }
    }
    Ok(out)
}

/// `repr()` of a `Val` inside a container.
pub fn val_repr(v: &Val, cx: &Cx) -> String {
    let Some(_depth) = Nesting::enter() else { return "...".to_owned() };
    match v {
        Obj::Value(v) => v.to_string(),
        Obj::Tuple(items) => {
            let inner: Vec<String> = items.iter().map(|i| val_repr(i, cx)).collect();
            if inner.len() == 1 {
                format!("({},)", inner[0])
            } else {
                format!("({})", inner.join(", "))
            }
        }
        Obj::Local(o) => o.repr(cx).unwrap_or_else(|_| format!("<{}>", o.type_name())),
        Obj::Remote(_) => match cx.client_repr(v) {
            Ok(text) => text,
            Err(_) => "<client object>".to_owned(),
        },
    }
}

/// Items of any iterable argument: our lists and dicts, tuples, strings,
/// or a client object (fetched by value).
pub fn iterate(v: &Val, cx: &Cx) -> PyResult<Vec<Val>> {
    match v {
        Obj::Tuple(items) => Ok(items.clone()),
        Obj::Local(o) if !o.methods().contains(&"__iter__") => match o.to_value(cx)? {
            Some(value) => iterate(&Obj::Value(value), cx),
            None => Err(exc::type_error(format!(
                "'{}' object is not iterable",
                crate::legacy::object::short_type(o.type_name())
            ))),
        },
        Obj::Local(o) => {
            let _depth = Nesting::enter_or_raise("iterating")?;
            {
                let it = crate::legacy::object::callattr(o, "__iter__", Args::default(), cx)?;
                let Obj::Local(it) = it else { return Err(exc::type_error("iter() returned a non-iterator")) };
                let mut out = Vec::new();
                loop {
                    match it.call_method(&it, "__next__", Args::default(), cx) {
                        Ok(item) => out.push(item),
                        Err(rpyc_protocol::ExceptionPayload::StopIteration) => return Ok(out),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Obj::Remote(_) => iterate(&Obj::Value(cx.value(v)?), cx),
        Obj::Value(value) => Ok(match value {
            Value::Tuple(items) | Value::List(items) | Value::Set(items) | Value::FrozenSet(items) => {
                items.iter().cloned().map(wrap).collect()
            }
            Value::Dict(pairs) => pairs.iter().map(|(k, _)| wrap(k.clone())).collect(),
            Value::Str(s) => s.chars().map(|c| Obj::Value(Value::Str(c.to_string()))).collect(),
            Value::Bytes(b) | Value::ByteArray(b) => b.iter().map(|x| Obj::Value(Value::Int((*x).into()))).collect(),
            other => return Err(exc::type_error(format!("'{}' object is not iterable", other.type_name()))),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legacy::modules::sys::testing::with_cx;

    #[test]
    fn a_list_that_holds_itself_shows_as_python_does() {
        with_cx(|cx| {
            let l = List::new(vec![Obj::Value(Value::Int(1))]);
            l.call_method(&l, "append", Args::positional(vec![Obj::Local(l.clone())]), cx).expect("append");
            assert_eq!(l.repr(cx).expect("repr"), "[1, [...]]");
            let err = l.to_value(cx).expect_err("no finite value");
            let rpyc_protocol::ExceptionPayload::Exception(e) = err else { panic!("an exception") };
            assert_eq!(e.name, "RecursionError");
            // Break the cycle so the test does not leak.
            l.call_method(&l, "clear", Args::default(), cx).expect("clear");
        });
    }

    #[test]
    fn deep_chains_are_bounded_and_drop_without_recursion() {
        with_cx(|cx| {
            let mut chain = List::new(Vec::new());
            for _ in 0..200_000 {
                chain = List::new(vec![Obj::Local(chain)]);
            }
            let shown = chain.repr(cx).expect("repr");
            assert!(shown.contains("[...]") && shown.len() < 1000, "{}", &shown[shown.len().saturating_sub(40)..]);
            assert!(chain.to_value(cx).is_err());
            drop(chain); // would overflow the stack with recursive destructors
        });
    }
}
