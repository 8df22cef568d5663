//! `==`, `!=`, `<`, `<=`, `>`, `>=` and `in` across every kind of value,
//! and sorting with Python's rules (only `<` is asked; a stable sort).

use std::cmp::Ordering;

use super::{client, num, tp_name, type_name};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::CmpOp;
use crate::runtime::value::Py;

fn is_number(v: &Py) -> bool {
    matches!(v, Py::Bool(_) | Py::Int(_) | Py::BigInt(_) | Py::Float(_) | Py::Complex(..))
}

/// `a == b`.
pub fn eq(cx: &Cx, a: &Py, b: &Py) -> PyResult<bool> {
    match (a, b) {
        (Py::Int(x), Py::Int(y)) => Ok(x == y),
        (Py::Str(x), Py::Str(y)) => Ok(x == y),
        (Py::None, Py::None) => Ok(true),
        _ => richcmp(cx, a, b, CmpOp::Eq),
    }
}

/// `a < b`.
pub fn lt(cx: &Cx, a: &Py, b: &Py) -> PyResult<bool> {
    match (a, b) {
        (Py::Int(x), Py::Int(y)) => Ok(x < y),
        (Py::Str(x), Py::Str(y)) => Ok(x < y),
        _ => richcmp(cx, a, b, CmpOp::Lt),
    }
}

/// Lexicographic comparison of two sequences, as tuples and lists do: the
/// first pair that differs decides, else the lengths.
pub fn sequence_cmp(cx: &Cx, a: &[Py], b: &[Py], op: CmpOp) -> PyResult<bool> {
    if a.len() != b.len() && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        return Ok(op == CmpOp::Ne);
    }
    cx.check_stack("in comparison")?;
    for (x, y) in a.iter().zip(b) {
        // Identity first, as CPython's PyObject_RichCompareBool.
        let same = x.is(y) || eq(cx, x, y)?;
        if !same {
            return match op {
                CmpOp::Eq => Ok(false),
                CmpOp::Ne => Ok(true),
                _ => richcmp(cx, x, y, op),
            };
        }
    }
    Ok(op.holds(a.len().cmp(&b.len())))
}

/// The comparison of two values of the immutable kinds; `None` when the
/// kinds do not compare with `op`.
fn builtin_cmp(cx: &Cx, a: &Py, b: &Py, op: CmpOp) -> PyResult<Option<bool>> {
    if is_number(a) && is_number(b) {
        let (x, y) = (num::of(a), num::of(b));
        let (Some(x), Some(y)) = (x, y) else { return Ok(None) };
        return Ok(match op {
            CmpOp::Eq => Some(num::eq(&x, &y)),
            CmpOp::Ne => Some(!num::eq(&x, &y)),
            _ if matches!(x, num::Num::C(..)) || matches!(y, num::Num::C(..)) => None,
            _ => Some(num::cmp(&x, &y).is_some_and(|o| op.holds(o))),
        });
    }
    Ok(match (a, b) {
        (Py::Str(x), Py::Str(y)) => Some(op.holds(x.as_ref().cmp(y.as_ref()))),
        (Py::Bytes(x), Py::Bytes(y)) => Some(op.holds(x.as_ref().cmp(y.as_ref()))),
        (Py::Tuple(x), Py::Tuple(y)) => Some(sequence_cmp(cx, x, y, op)?),
        (Py::None, Py::None) if matches!(op, CmpOp::Eq | CmpOp::Ne) => Some(op == CmpOp::Eq),
        _ => None,
    })
}

/// `a <op> b` with Python's protocol: the left operand's comparison, then
/// the right one's reflected, then (for `==`/`!=`) identity; `TypeError`
/// for orderings nobody implements.
pub fn richcmp(cx: &Cx, a: &Py, b: &Py, op: CmpOp) -> PyResult<bool> {
    if let Some(r) = builtin_cmp(cx, a, b, op)? {
        return Ok(r);
    }
    if let Py::Obj(o) = a {
        if let Some(r) = o.richcmp(o, op, b, cx)? {
            return Ok(r);
        }
    }
    if let Py::Obj(o) = b {
        if let Some(r) = o.richcmp(o, op.reflected(), a, cx)? {
            return Ok(r);
        }
    }
    if let Py::Client(r) = a {
        if let Some(res) = client::richcmp(cx, r, op, b)? {
            return Ok(res);
        }
    }
    if let Py::Client(r) = b {
        if let Some(res) = client::richcmp(cx, r, op.reflected(), a)? {
            return Ok(res);
        }
    }
    // Subclasses of builtins (a named tuple, an IntEnum) compare as their
    // base value when they do not say otherwise.
    let base_a = match a {
        Py::Obj(o) => o.base_value(),
        _ => None,
    };
    let base_b = match b {
        Py::Obj(o) => o.base_value(),
        _ => None,
    };
    if base_a.is_some() || base_b.is_some() {
        let (x, y) = (base_a.unwrap_or_else(|| a.clone()), base_b.unwrap_or_else(|| b.clone()));
        return richcmp(cx, &x, &y, op);
    }
    match op {
        CmpOp::Eq => Ok(a.is(b)),
        CmpOp::Ne => Ok(!a.is(b)),
        _ => Err(exceptions::type_error(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            tp_name(a),
            tp_name(b)
        ))),
    }
}

/// `item in container`.
pub fn contains(cx: &Cx, container: &Py, item: &Py) -> PyResult<bool> {
    match container {
        Py::Str(s) => match item {
            Py::Str(needle) => Ok(s.contains(&**needle)),
            other => Err(exceptions::type_error(format!(
                "'in <string>' requires string as left operand, not {}",
                type_name(other)
            ))),
        },
        Py::Bytes(b) => match item {
            Py::Bytes(needle) => Ok(needle.is_empty() || b.windows(needle.len()).any(|w| w == &needle[..])),
            other => match super::index_value(other) {
                Some(Py::Int(n)) if (0..=255).contains(&n) => Ok(b.contains(&(n as u8))),
                Some(_) => Err(exceptions::value_error("byte must be in range(0, 256)")),
                None => {
                    Err(exceptions::type_error(format!("a bytes-like object is required, not '{}'", type_name(other))))
                }
            },
        },
        Py::Tuple(items) => {
            for x in items.iter() {
                if x.is(item) || eq(cx, x, item)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Py::Obj(o) => {
            if let Some(r) = o.contains(item, cx)? {
                return Ok(r);
            }
            if let Some(base) = o.base_value() {
                return contains(cx, &base, item);
            }
            scan(cx, container, item)
        }
        Py::Client(r) => match client::client_callattr(cx, r, "__contains__", Args::one(item.clone())) {
            Ok(v) => super::truthy(cx, &v),
            Err(e) if e.is("AttributeError") => scan(cx, container, item),
            Err(e) => Err(e),
        },
        other => Err(exceptions::type_error(format!("argument of type '{}' is not iterable", type_name(other)))),
    }
}

/// `in` by iterating, for iterables without `__contains__`.
fn scan(cx: &Cx, container: &Py, item: &Py) -> PyResult<bool> {
    let it = super::iter(cx, container).map_err(|e| {
        if e.is("TypeError") {
            exceptions::type_error(format!("argument of type '{}' is not iterable", type_name(container)))
        } else {
            e
        }
    })?;
    while let Some(x) = super::next(cx, &it)? {
        if x.is(item) || eq(cx, &x, item)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Sorts `values` in place as `list.sort` does: stable, only `<` asked
/// (of the keys when given), `reverse` keeping equal items in order. A
/// comparison that raises stops the sort and the error propagates; an
/// inconsistent order never panics.
pub fn sort_values(cx: &Cx, values: &mut Vec<Py>, keys: Option<Vec<Py>>, reverse: bool) -> PyResult<()> {
    let keys = keys.unwrap_or_else(|| values.clone());
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    if reverse {
        // Reverse, sort stably, reverse: equal items keep their order.
        order.reverse();
    }
    if n < 64 {
        // CPython's timsort on a short list: one run, then binary
        // insertion — the same comparisons in the same order, so the same
        // error when items do not compare.
        small_sort(cx, &keys, &mut order)?;
    } else {
        let mut buf = vec![0usize; n];
        merge_sort(cx, &keys, &mut order, &mut buf)?;
    }
    if reverse {
        order.reverse();
    }
    let sorted: Vec<Py> = order.into_iter().map(|i| values[i].clone()).collect();
    *values = sorted;
    Ok(())
}

/// `count_run` then `binarysort` of CPython's listobject.c.
fn small_sort(cx: &Cx, keys: &[Py], idx: &mut [usize]) -> PyResult<()> {
    let n = idx.len();
    if n < 2 {
        return Ok(());
    }
    // The leading run: strictly descending (then reversed) or ascending.
    let mut run = 2;
    if less(cx, keys, idx[1], idx[0])? {
        while run < n && less(cx, keys, idx[run], idx[run - 1])? {
            run += 1;
        }
        idx[..run].reverse();
    } else {
        while run < n && !less(cx, keys, idx[run], idx[run - 1])? {
            run += 1;
        }
    }
    for start in run..n {
        let pivot = idx[start];
        let (mut l, mut r) = (0, start);
        while l < r {
            let p = l + ((r - l) >> 1);
            if less(cx, keys, pivot, idx[p])? {
                r = p;
            } else {
                l = p + 1;
            }
        }
        idx.copy_within(l..start, l + 1);
        idx[l] = pivot;
    }
    Ok(())
}

fn merge_sort(cx: &Cx, keys: &[Py], idx: &mut [usize], buf: &mut [usize]) -> PyResult<()> {
    let n = idx.len();
    if n <= 16 {
        // Binary-free insertion sort: few comparisons on short runs.
        for i in 1..n {
            let mut j = i;
            while j > 0 && less(cx, keys, idx[j], idx[j - 1])? {
                idx.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    merge_sort(cx, keys, &mut idx[..mid], &mut buf[..mid])?;
    merge_sort(cx, keys, &mut idx[mid..], &mut buf[mid..])?;
    if !less(cx, keys, idx[mid], idx[mid - 1])? {
        return Ok(());
    }
    buf[..n].copy_from_slice(idx);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if less(cx, keys, buf[j], buf[i])? {
            idx[k] = buf[j];
            j += 1;
        } else {
            idx[k] = buf[i];
            i += 1;
        }
        k += 1;
    }
    idx[k..k + (mid - i)].copy_from_slice(&buf[i..mid]);
    let k = k + (mid - i);
    idx[k..k + (n - j)].copy_from_slice(&buf[j..n]);
    Ok(())
}

/// Whether item `a` sorts before item `b`.
fn less(cx: &Cx, keys: &[Py], a: usize, b: usize) -> PyResult<bool> {
    lt(cx, &keys[a], &keys[b])
}

/// A total order for values that Python orders (used where Rust needs one,
/// e.g. `min`/`max` over plain numbers): `Less` unless `b < a`.
pub fn order(cx: &Cx, a: &Py, b: &Py) -> PyResult<Ordering> {
    if lt(cx, a, b)? {
        Ok(Ordering::Less)
    } else if lt(cx, b, a)? {
        Ok(Ordering::Greater)
    } else {
        Ok(Ordering::Equal)
    }
}
