//! `collections.Counter`: a dict of counts. Missing keys count 0, the
//! multiset operators keep positive counts, and the repr lists the most
//! common first — each as `Lib/collections/__init__.py` does it.

use std::sync::{Arc, LazyLock};

use rpyc_protocol::Value;

use super::{gt_zero, is_mapping};
use crate::objects::attr;
use crate::objects::dict::{Dict, DictSubclass, DICT};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static COUNTER: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "Counter", Some(&DICT), &METHODS, Some(counter_new)).with_specials(SPECIALS)
});

/// The operators of its slots (CPython's Counter defines them as methods).
const SPECIALS: &[&str] =
    &["__add__", "__sub__", "__or__", "__and__", "__pos__", "__neg__", "__iadd__", "__isub__", "__ior__", "__iand__"];

/// What makes a dict a Counter.
pub struct CounterKind;

fn new_counter() -> Arc<Dict> {
    Arc::new(Dict::with_subclass(Box::new(CounterKind)))
}

/// The Counter behind a value, if it is one.
fn as_counter(v: &Py) -> Option<&Dict> {
    v.downcast::<Dict>().filter(|d| d.subclass().is_some_and(|s| s.as_any().is::<CounterKind>()))
}

fn counter_self(this: &Py) -> PyResult<&Dict> {
    as_counter(this).ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'Counter' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// `self[elem]` with `__missing__`: 0 for a missing key.
fn count_of(cx: &Cx, d: &Dict, key: &Py) -> PyResult<Py> {
    Ok(d.get_item(cx, key)?.unwrap_or(Py::Int(0)))
}

fn counter_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let c = new_counter();
    update_with(cx, &c, args, false, "Counter.__init__")?;
    Ok(Py::Obj(c))
}

/// `update(iterable=None, /, **kwds)` and `subtract` (`negate`).
fn update_with(cx: &Cx, d: &Dict, args: Args, negate: bool, func: &str) -> PyResult<()> {
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!(
            "{func}() takes from 1 to 2 positional arguments but {} were given",
            pos.len() + 1
        )));
    }
    if let Some(src) = pos.into_iter().next() {
        if !src.is_none() {
            add_counts(cx, d, &src, negate)?;
        }
    }
    if !kw.is_empty() {
        let kwds = Dict::from_pairs(cx, kw.into_iter().map(|(k, v)| (Py::Str(k), v)).collect())?;
        add_counts(cx, d, &kwds, negate)?;
    }
    Ok(())
}

/// Adds (or subtracts) the counts of a mapping, or counts an iterable's
/// elements.
fn add_counts(cx: &Cx, d: &Dict, src: &Py, negate: bool) -> PyResult<()> {
    if is_mapping(src) {
        if !negate && d.is_empty() {
            // An empty Counter takes a mapping's counts as they are.
            return d.update_from(cx, src);
        }
        for (elem, count) in crate::objects::dict::mapping_pairs(cx, src)? {
            let mine = count_of(cx, d, &elem)?;
            let new = if negate {
                semantics::binary(cx, BinOp::Sub, &mine, &count)?
            } else {
                semantics::binary(cx, BinOp::Add, &count, &mine)?
            };
            d.set_item(cx, elem, new)?;
        }
        return Ok(());
    }
    let it = semantics::iter(cx, src)?;
    let (op, one) = if negate { (BinOp::Sub, Py::Int(1)) } else { (BinOp::Add, Py::Int(1)) };
    let mut n = 0usize;
    while let Some(elem) = semantics::next(cx, &it)? {
        let new = semantics::binary(cx, op, &count_of(cx, d, &elem)?, &one)?;
        d.set_item(cx, elem, new)?;
        n += 1;
        if n % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(())
}

/// The pairs sorted by count, most common first (ties in insertion order).
fn most_common_pairs(cx: &Cx, d: &Dict) -> PyResult<Vec<Py>> {
    let items = d.items();
    let keys: Vec<Py> = items.iter().map(|(_, v)| v.clone()).collect();
    let mut pairs: Vec<Py> = items.into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect();
    semantics::sort_values(cx, &mut pairs, Some(keys), true)?;
    Ok(pairs)
}

fn most_common(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [n] = args.bind("most_common", ["n?"])?;
    let d = counter_self(this)?;
    let mut pairs = most_common_pairs(cx, d)?;
    if let Some(n) = n.filter(|n| !n.is_none()) {
        let n = args::to_int("most_common", &n)?;
        pairs.truncate(n.max(0) as usize);
    }
    Ok(crate::objects::list::List::new(pairs))
}

fn elements(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("elements")?;
    let pairs = counter_self(this)?.items().into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect();
    Ok(crate::modules::itertools::elements_of(pairs))
}

fn total(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("total")?;
    let mut sum = Py::Int(0);
    for v in counter_self(this)?.values() {
        sum = semantics::binary(cx, BinOp::Add, &sum, &v)?;
    }
    Ok(sum)
}

fn update(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    update_with(cx, counter_self(this)?, args, false, "Counter.update").map(|()| Py::None)
}

fn subtract(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    update_with(cx, counter_self(this)?, args, true, "Counter.subtract").map(|()| Py::None)
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let c = new_counter();
    c.update_from(cx, this)?;
    Ok(Py::Obj(c))
}

fn fromkeys(_cx: &Cx, _cls: &Py, _args: Args) -> PyResult<Py> {
    Err(exceptions::new("NotImplementedError", "Counter.fromkeys() is undefined.  Use Counter(iterable) instead."))
}

fn reduce(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reduce__")?;
    let pairs = counter_self(this)?.items();
    Ok(Py::tuple(vec![Py::Obj(COUNTER.clone()), Py::tuple(vec![Dict::from_pairs(cx, pairs)?])]))
}

/// `Counter.__missing__(key)`: a missing element counts 0 (without
/// storing it).
fn missing(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    counter_self(this)?;
    args.bind("__missing__", ["key"])?;
    Ok(Py::Int(0))
}

static METHODS: [Method; 10] = [
    method("most_common", most_common),
    method("__missing__", missing),
    method("elements", elements),
    method("total", total),
    method("update", update),
    method("subtract", subtract),
    method("copy", copy),
    method("__copy__", copy),
    method("__reduce__", reduce),
    class_method("fromkeys", fromkeys),
];

/// Removes the elements whose count is not positive (`_keep_positive`).
fn keep_positive(cx: &Cx, d: &Dict) -> PyResult<()> {
    for (k, v) in d.items() {
        if !gt_zero(cx, &v)? {
            d.remove_item(cx, &k)?;
        }
    }
    Ok(())
}

/// `a + b`, `a - b`, `a | b`, `a & b` of two Counters.
fn combine(cx: &Cx, a: &Dict, b: &Dict, op: BinOp) -> PyResult<Py> {
    let out = new_counter();
    for (elem, count) in a.items() {
        let other = count_of(cx, b, &elem)?;
        let new = match op {
            BinOp::Add => semantics::binary(cx, BinOp::Add, &count, &other)?,
            BinOp::Sub => semantics::binary(cx, BinOp::Sub, &count, &other)?,
            BinOp::Or if semantics::lt(cx, &count, &other)? => other,
            BinOp::And if !semantics::lt(cx, &count, &other)? => other,
            _ => count,
        };
        if gt_zero(cx, &new)? {
            out.set_item(cx, elem, new)?;
        }
    }
    if op != BinOp::And {
        for (elem, count) in b.items() {
            if a.get_item(cx, &elem)?.is_some() {
                continue;
            }
            if op == BinOp::Sub {
                if semantics::lt(cx, &count, &Py::Int(0))? {
                    out.set_item(cx, elem, semantics::binary(cx, BinOp::Sub, &Py::Int(0), &count)?)?;
                }
            } else if gt_zero(cx, &count)? {
                out.set_item(cx, elem, count)?;
            }
        }
    }
    Ok(Py::Obj(out))
}

/// `a += b` and friends: in place, then only positive counts are kept.
fn combine_in_place(cx: &Cx, this: &ObjRef, d: &Dict, op: BinOp, other: &Py) -> PyResult<Option<Py>> {
    match op {
        BinOp::Add | BinOp::Sub | BinOp::Or => {
            let items = attr::call_method(cx, other, "items", Args::default())?;
            for pair in semantics::iterate(cx, &items)? {
                let [elem, count] = super::pair_of(cx, &pair)?;
                let mine = count_of(cx, d, &elem)?;
                match op {
                    BinOp::Or => {
                        if semantics::richcmp(cx, &count, &mine, CmpOp::Gt)? {
                            d.set_item(cx, elem, count)?;
                        }
                    }
                    _ => d.set_item(cx, elem, semantics::binary(cx, op, &mine, &count)?)?,
                }
            }
        }
        BinOp::And => {
            for (elem, count) in d.items() {
                let theirs = semantics::getitem(cx, other, &elem)?;
                if semantics::lt(cx, &theirs, &count)? {
                    d.set_item(cx, elem, theirs)?;
                }
            }
        }
        _ => return Ok(None),
    }
    keep_positive(cx, d)?;
    Ok(Some(Py::Obj(this.clone())))
}

/// `a <= b` of Counters: every count of `a` at most `b`'s (missing = 0).
fn counts_le(cx: &Cx, a: &Dict, b: &Dict) -> PyResult<bool> {
    for elem in a.keys().into_iter().chain(b.keys()) {
        if !semantics::richcmp(cx, &count_of(cx, a, &elem)?, &count_of(cx, b, &elem)?, CmpOp::Le)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn counts_eq(cx: &Cx, a: &Dict, b: &Dict) -> PyResult<bool> {
    for elem in a.keys().into_iter().chain(b.keys()) {
        if !semantics::eq(cx, &count_of(cx, a, &elem)?, &count_of(cx, b, &elem)?)? {
            return Ok(false);
        }
    }
    Ok(true)
}

impl DictSubclass for CounterKind {
    fn class(&self) -> TypeRef {
        COUNTER.clone()
    }
    fn missing(&self, _this: &ObjRef, _key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Int(0)))
    }
    fn deletes_missing_silently(&self) -> bool {
        true
    }
    fn repr(&self, _this: &ObjRef, d: &Dict, cx: &Cx) -> Option<PyResult<String>> {
        Some((|| {
            if d.is_empty() {
                return Ok("Counter()".to_owned());
            }
            let pairs = match most_common_pairs(cx, d) {
                Ok(p) => p.into_iter().filter_map(|p| super::split_pair(&p)).collect(),
                Err(e) if e.is("TypeError") => d.items(),
                Err(e) => return Err(e),
            };
            Ok(format!("Counter({})", super::pairs_repr(cx, &pairs)?))
        })())
    }
    fn richcmp(&self, _this: &ObjRef, d: &Dict, op: CmpOp, other: &Py, cx: &Cx) -> Option<PyResult<Option<bool>>> {
        let Some(o) = as_counter(other) else { return Some(Ok(None)) };
        Some((|| {
            Ok(Some(match op {
                CmpOp::Eq => counts_eq(cx, d, o)?,
                CmpOp::Ne => !counts_eq(cx, d, o)?,
                CmpOp::Le => counts_le(cx, d, o)?,
                CmpOp::Lt => counts_le(cx, d, o)? && !counts_eq(cx, d, o)?,
                CmpOp::Ge => counts_le(cx, o, d)?,
                CmpOp::Gt => counts_le(cx, o, d)? && !counts_eq(cx, d, o)?,
            }))
        })())
    }
    fn binary(
        &self,
        _this: &ObjRef,
        d: &Dict,
        op: BinOp,
        other: &Py,
        reflected: bool,
        cx: &Cx,
    ) -> Option<PyResult<Option<Py>>> {
        if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::And) {
            return None;
        }
        match as_counter(other) {
            Some(o) if !reflected => Some(combine(cx, d, o, op).map(Some)),
            _ => Some(Ok(None)),
        }
    }
    fn inplace(&self, this: &ObjRef, d: &Dict, op: BinOp, other: &Py, cx: &Cx) -> Option<PyResult<Option<Py>>> {
        if !matches!(op, BinOp::Add | BinOp::Sub | BinOp::Or | BinOp::And) {
            return None;
        }
        Some(combine_in_place(cx, this, d, op, other))
    }
    fn unary(&self, _this: &ObjRef, d: &Dict, op: UnaryOp, cx: &Cx) -> PyResult<Option<Py>> {
        let out = new_counter();
        for (elem, count) in d.items() {
            match op {
                UnaryOp::Pos if gt_zero(cx, &count)? => out.set_item(cx, elem, count)?,
                UnaryOp::Neg if semantics::lt(cx, &count, &Py::Int(0))? => {
                    out.set_item(cx, elem, semantics::binary(cx, BinOp::Sub, &Py::Int(0), &count)?)?
                }
                UnaryOp::Invert => return Ok(None),
                _ => {}
            }
        }
        Ok(Some(Py::Obj(out)))
    }
    fn to_value(&self, pairs: Vec<(Value, Value)>, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(super::record("collections.Counter", vec![Value::Dict(pairs)])))
    }
}
