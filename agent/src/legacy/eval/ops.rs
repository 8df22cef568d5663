//! Python's operators: on plain values ([`binary`], [`unary`], [`eq`],
//! [`compare`]) and on any [`Val`] (agent objects, client objects, tuples
//! of references), which is what the evaluator uses.

use std::cmp::Ordering;

use rpyc_protocol::{Obj, Value};

use super::num;
use crate::legacy::args::Args;
use crate::legacy::containers::{self, iterate, List};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, val_type_name, Val};

/// Most items a tuple tree (tuples are copied by value) or a repeated
/// sequence may hold, and most bytes of a repeated str or bytes.
pub const MAX_ITEMS: usize = 1 << 20;
pub const MAX_BYTES: usize = 1 << 28;
/// Deepest nesting of tuples built by the evaluator.
pub const MAX_NESTING: usize = 100;

fn unsupported(op: &str, a: &str, b: &str) -> rpyc_protocol::ExceptionPayload {
    let op = if op == "**" { "** or pow()" } else { op };
    exc::type_error(format!("unsupported operand type(s) for {op}: '{a}' and '{b}'"))
}

fn memory(what: &str) -> rpyc_protocol::ExceptionPayload {
    exc::new("MemoryError", format!("{what} too large for rpyc-agent"))
}

/// A repetition count (`seq * n`), or None for a non-int.
fn count_of(v: &Value) -> Option<PyResult<usize>> {
    match v {
        Value::Int(n) => Some(Ok((*n).max(0) as usize)),
        Value::Bool(b) => Some(Ok(usize::from(*b))),
        Value::BigInt(n) if n.sign() == num_bigint::Sign::Minus => Some(Ok(0)),
        Value::BigInt(_) => Some(Err(exc::new("OverflowError", "cannot fit 'int' into an index-sized integer"))),
        _ => None,
    }
}

fn check_size(weight: usize, n: usize, limit: usize) -> PyResult<()> {
    if weight.saturating_mul(n) > limit {
        return Err(memory("repeated sequence"));
    }
    Ok(())
}

fn repeat<T: Clone>(items: &[T], n: usize, weight: usize) -> PyResult<Vec<T>> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    check_size(weight, n, MAX_ITEMS)?;
    let mut out = Vec::with_capacity(items.len() * n);
    for _ in 0..n {
        out.extend_from_slice(items);
    }
    Ok(out)
}

/// Python's binary operator `op` on two plain values.
pub fn binary(op: &str, a: &Value, b: &Value) -> PyResult<Value> {
    use Value::{Bytes, List, Str, Tuple};
    if let (Value::Bool(x), Value::Bool(y)) = (a, b) {
        match op {
            "&" => return Ok(Value::Bool(x & y)),
            "|" => return Ok(Value::Bool(x | y)),
            "^" => return Ok(Value::Bool(x ^ y)),
            _ => {}
        }
    }
    if let (Some(x), Some(y)) = (num::of(a), num::of(b)) {
        return num::arith(op, &x, &y)?.ok_or_else(|| unsupported(op, a.type_name(), b.type_name()));
    }
    let concat_err =
        |what: &str| exc::type_error(format!("can only concatenate {what} (not \"{}\") to {what}", b.type_name()));
    match (op, a, b) {
        ("+", Str(x), Str(y)) => {
            if x.len() + y.len() > MAX_BYTES {
                return Err(memory("str"));
            }
            Ok(Str(format!("{x}{y}")))
        }
        ("+", Bytes(x), Bytes(y)) => Ok(Bytes([x.as_slice(), y].concat())),
        ("+", Tuple(x), Tuple(y)) => checked_tuple([x.as_slice(), y].concat()),
        ("+", List(x), List(y)) => Ok(List([x.as_slice(), y].concat())),
        ("+", Str(_), _) => Err(concat_err("str")),
        ("+", Tuple(_), _) => Err(concat_err("tuple")),
        ("+", List(_), _) => Err(concat_err("list")),
        ("+", Bytes(_), _) => Err(exc::type_error(format!("can't concat {} to bytes", b.type_name()))),
        ("*", Str(_) | Bytes(_) | Tuple(_) | List(_), n) | ("*", n, Str(_) | Bytes(_) | Tuple(_) | List(_)) => {
            let seq = if matches!(a, Str(_) | Bytes(_) | Tuple(_) | List(_)) { a } else { b };
            let Some(count) = count_of(n) else {
                return Err(exc::type_error(format!("can't multiply sequence by non-int of type '{}'", n.type_name())));
            };
            let count = count?;
            Ok(match seq {
                Str(s) => check_size(s.len(), count, MAX_BYTES).map(|()| Str(s.repeat(count)))?,
                Bytes(s) => check_size(s.len(), count, MAX_BYTES).map(|()| Bytes(s.repeat(count)))?,
                Tuple(t) => checked_tuple(repeat(t, count, t.iter().map(size).sum())?)?,
                List(t) => List(repeat(t, count, t.len())?),
                _ => return Err(unsupported(op, a.type_name(), b.type_name())),
            })
        }
        ("%", Str(_) | Bytes(_), _) => Err(exc::type_error(
            "printf-style '%' formatting is not implemented by rpyc-agent; use an f-string or str()",
        )),
        _ => Err(unsupported(op, a.type_name(), b.type_name())),
    }
}

/// Unary `-`, `+`, `~` on a plain value.
pub fn unary(op: &str, a: &Value) -> PyResult<Value> {
    num::of(a)
        .and_then(|n| num::unary(op, &n))
        .ok_or_else(|| exc::type_error(format!("bad operand type for unary {op}: '{}'", a.type_name())))
}

/// Python `==` on plain values.
pub fn eq(a: &Value, b: &Value) -> bool {
    use Value::{Dict, FrozenSet, List, Set, Tuple};
    if let (Some(x), Some(y)) = (num::of(a), num::of(b)) {
        return num::eq(&x, &y);
    }
    match (a, b) {
        (Tuple(x), Tuple(y)) | (List(x), List(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| eq(p, q)),
        (Set(x) | FrozenSet(x), Set(y) | FrozenSet(y)) => {
            x.len() == y.len() && x.iter().all(|p| y.iter().any(|q| eq(p, q)))
        }
        (Dict(x), Dict(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.iter().any(|(k2, v2)| eq(k, k2) && eq(v, v2)))
        }
        _ => a == b,
    }
}

fn holds(op: &str, o: Ordering) -> bool {
    match op {
        "<" => o == Ordering::Less,
        "<=" => o != Ordering::Greater,
        ">" => o == Ordering::Greater,
        ">=" => o != Ordering::Less,
        "==" => o == Ordering::Equal,
        _ => o != Ordering::Equal,
    }
}

/// A rich comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`) on plain values.
pub fn compare(op: &str, a: &Value, b: &Value) -> PyResult<bool> {
    use Value::{Bytes, List, Str, Tuple};
    match op {
        "==" => return Ok(eq(a, b)),
        "!=" => return Ok(!eq(a, b)),
        _ => {}
    }
    if let (Some(x), Some(y)) = (num::of(a), num::of(b)) {
        if !matches!((&x, &y), (num::Num::C(..), _) | (_, num::Num::C(..))) {
            return Ok(num::cmp(&x, &y).is_some_and(|o| holds(op, o)));
        }
    }
    match (a, b) {
        (Str(x), Str(y)) => Ok(holds(op, x.cmp(y))),
        (Bytes(x), Bytes(y)) => Ok(holds(op, x.cmp(y))),
        (Tuple(x), Tuple(y)) | (List(x), List(y)) => match x.iter().zip(y).position(|(p, q)| !eq(p, q)) {
            Some(i) => compare(op, &x[i], &y[i]),
            None => Ok(holds(op, x.len().cmp(&y.len()))),
        },
        _ => Err(exc::type_error(format!(
            "'{op}' not supported between instances of '{}' and '{}'",
            a.type_name(),
            b.type_name()
        ))),
    }
}

// ------------------------------------------------------------ tuples

/// Counts the items of a value tree (tuples are copied by value), stopping
/// past the limits; returns its nesting depth.
fn measure(v: &Val, depth: usize, items: &mut usize) -> usize {
    match v {
        Obj::Value(x) => measure_value(x, depth, items),
        Obj::Tuple(t) => {
            *items += 1;
            if depth > MAX_NESTING || *items > MAX_ITEMS {
                return depth;
            }
            t.iter().map(|x| measure(x, depth + 1, items)).max().unwrap_or(depth)
        }
        _ => {
            *items += 1;
            depth
        }
    }
}

fn measure_value(v: &Value, depth: usize, items: &mut usize) -> usize {
    *items += 1;
    if depth > MAX_NESTING || *items > MAX_ITEMS {
        return depth;
    }
    match v {
        Value::Tuple(t) | Value::FrozenSet(t) | Value::List(t) | Value::Set(t) => {
            t.iter().map(|x| measure_value(x, depth + 1, items)).max().unwrap_or(depth)
        }
        _ => depth,
    }
}

fn size(v: &Value) -> usize {
    let mut items = 0;
    measure_value(v, 0, &mut items);
    items
}

fn checked(t: Val) -> PyResult<Val> {
    let mut n = 0;
    if measure(&t, 0, &mut n) > MAX_NESTING {
        return Err(exc::new("RecursionError", format!("tuples nested deeper than {MAX_NESTING} levels")));
    }
    if n > MAX_ITEMS {
        return Err(memory("tuple"));
    }
    Ok(t)
}

fn checked_tuple(items: Vec<Value>) -> PyResult<Value> {
    checked(Obj::Value(Value::Tuple(items))).map(|t| t.into_value().unwrap_or(Value::None))
}

/// A tuple of evaluated items: a plain value when every item is one.
pub fn tuple_of(items: Vec<Val>) -> PyResult<Val> {
    if items.iter().all(|v| matches!(v, Obj::Value(_))) {
        return checked_tuple(items.into_iter().filter_map(Obj::into_value).collect()).map(Obj::Value);
    }
    checked(Obj::Tuple(items))
}

/// Items of a tuple in either form.
pub fn tuple_items(v: &Val) -> Option<Vec<Val>> {
    match v {
        Obj::Tuple(items) => Some(items.clone()),
        Obj::Value(Value::Tuple(items)) => Some(items.iter().cloned().map(Obj::Value).collect()),
        _ => None,
    }
}

// ------------------------------------------------------------ any Val

/// Client objects are used by value (fetched like `rpyc.classic.obtain`).
pub fn local(v: Val, cx: &Cx) -> PyResult<Val> {
    match v {
        Obj::Remote(_) => Ok(containers::wrap(cx.value(&v)?)),
        other => Ok(other),
    }
}

/// The items of an iterable. Agent objects are iterated through
/// `__iter__`, which keeps the identity of the objects they hold.
pub fn items_of(v: &Val, cx: &Cx) -> PyResult<Vec<Val>> {
    let Obj::Local(o) = v else { return iterate(v, cx) };
    if !o.methods().contains(&"__iter__") {
        return iterate(v, cx);
    }
    let it = object::callattr(o, "__iter__", Args::default(), cx)?;
    let Obj::Local(it) = it else { return iterate(&it, cx) };
    let mut out = Vec::new();
    loop {
        match object::callattr(&it, "__next__", Args::default(), cx) {
            Ok(item) if out.len() < MAX_ITEMS => out.push(item),
            Ok(_) => return Err(memory("iterable")),
            Err(rpyc_protocol::ExceptionPayload::StopIteration) => return Ok(out),
            Err(e) => return Err(e),
        }
    }
}

fn is_list(v: &Val) -> bool {
    matches!(v, Obj::Local(o) if o.type_name() == "builtins.list")
}

/// `a op b` on any values.
pub fn binary_val(op: &str, a: Val, b: Val, cx: &Cx) -> PyResult<Val> {
    let (a, b) = (local(a, cx)?, local(b, cx)?);
    if let (Obj::Value(x), Obj::Value(y)) = (&a, &b) {
        return binary(op, x, y).map(containers::wrap);
    }
    let count = |v: &Val| v.as_value().and_then(count_of);
    match op {
        "+" if is_list(&a) && is_list(&b) => {
            let mut items = items_of(&a, cx)?;
            items.extend(items_of(&b, cx)?);
            return Ok(Obj::Local(List::new(items)));
        }
        "+" if is_list(&a) => {
            return Err(exc::type_error(format!("can only concatenate list (not \"{}\") to list", val_type_name(&b))));
        }
        "+" => {
            if let (Some(mut x), Some(y)) = (tuple_items(&a), tuple_items(&b)) {
                x.extend(y);
                return tuple_of(x);
            }
        }
        "*" => {
            let (seq, n) = if count(&b).is_some() { (&a, count(&b)) } else { (&b, count(&a)) };
            if let Some(n) = n {
                let n = n?;
                if is_list(seq) {
                    let items = items_of(seq, cx)?;
                    return Ok(Obj::Local(List::new(repeat(&items, n, items.len())?)));
                }
                if let Some(items) = tuple_items(seq) {
                    return tuple_of(repeat(&items, n, items.len())?);
                }
            }
        }
        _ => {}
    }
    Err(unsupported(op, &val_type_name(&a), &val_type_name(&b)))
}

/// Unary `-`, `+`, `~` on any value.
pub fn unary_val(op: &str, a: Val, cx: &Cx) -> PyResult<Val> {
    match local(a, cx)? {
        Obj::Value(v) => unary(op, &v).map(Obj::Value),
        other => Err(exc::type_error(format!("bad operand type for unary {op}: '{}'", val_type_name(&other)))),
    }
}

/// Python truthiness; agent objects answer `__bool__` or `__len__`.
pub fn truthy(v: &Val, cx: &Cx) -> PyResult<bool> {
    match v {
        Obj::Value(v) => Ok(v.truthy()),
        Obj::Tuple(items) => Ok(!items.is_empty()),
        Obj::Local(o) => {
            for method in ["__bool__", "__len__"] {
                if o.methods().contains(&method) {
                    return Ok(match object::callattr(o, method, Args::default(), cx)? {
                        Obj::Value(r) => r.truthy(),
                        _ => true,
                    });
                }
            }
            Ok(true)
        }
        Obj::Remote(_) => Ok(cx.value(v)?.truthy()),
    }
}

/// `a == b` on any values.
pub fn eq_val(a: &Val, b: &Val, cx: &Cx) -> PyResult<bool> {
    match (a, b) {
        (Obj::Value(x), Obj::Value(y)) => Ok(eq(x, y)),
        (Obj::Remote(_), _) | (_, Obj::Remote(_)) => {
            let (a, b) = (local(a.clone(), cx)?, local(b.clone(), cx)?);
            eq_val(&a, &b, cx)
        }
        (Obj::Local(o), other) | (other, Obj::Local(o)) => {
            Ok(containers::compare(o, other.clone(), "__eq__", cx)?.as_value().is_some_and(Value::truthy))
        }
        _ => match (tuple_items(a), tuple_items(b)) {
            (Some(x), Some(y)) if x.len() == y.len() => {
                for (p, q) in x.iter().zip(&y) {
                    if !eq_val(p, q, cx)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            _ => Ok(false),
        },
    }
}

/// `a is b`: identity for objects, type and value for plain values.
pub fn identical(a: &Val, b: &Val) -> bool {
    match (a, b) {
        (Obj::Local(x), Obj::Local(y)) => x.instance_id() == y.instance_id() && x.type_name() == y.type_name(),
        (Obj::Remote(x), Obj::Remote(y)) => x.id_pack() == y.id_pack(),
        (Obj::Value(x), Obj::Value(y)) => x == y,
        _ => false,
    }
}

/// `item in container`.
pub fn contains(container: &Val, item: &Val, cx: &Cx) -> PyResult<bool> {
    let container = local(container.clone(), cx)?;
    if let Some(items) = tuple_items(&container) {
        for x in &items {
            if eq_val(x, item, cx)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    match (&container, item) {
        (Obj::Local(o), _) if o.methods().contains(&"__contains__") => {
            truthy(&object::callattr(o, "__contains__", Args::positional(vec![item.clone()]), cx)?, cx)
        }
        (Obj::Local(_), _) => {
            for x in &items_of(&container, cx)? {
                if eq_val(x, item, cx)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        (Obj::Value(Value::Str(s)), Obj::Value(Value::Str(sub))) => Ok(s.contains(sub.as_str())),
        (Obj::Value(Value::Str(_)), other) => {
            Err(exc::type_error(format!("'in <string>' requires string as left operand, not {}", val_type_name(other))))
        }
        (Obj::Value(Value::Bytes(s)), Obj::Value(Value::Bytes(sub))) => {
            Ok(sub.is_empty() || s.windows(sub.len()).any(|w| w == sub.as_slice()))
        }
        (Obj::Value(Value::Bytes(s)), Obj::Value(Value::Int(n))) => match u8::try_from(*n) {
            Ok(byte) => Ok(s.contains(&byte)),
            Err(_) => Err(exc::value_error("byte must be in range(0, 256)")),
        },
        (Obj::Value(Value::Bytes(_)), other) => {
            Err(exc::type_error(format!("a bytes-like object is required, not '{}'", val_type_name(other))))
        }
        (Obj::Value(Value::FrozenSet(s)), Obj::Value(v)) => Ok(s.iter().any(|x| eq(x, v))),
        (other, _) => Err(exc::type_error(format!("argument of type '{}' is not iterable", val_type_name(other)))),
    }
}

/// A comparison operator of the evaluator on any values.
pub fn compare_val(op: &str, a: &Val, b: &Val, cx: &Cx) -> PyResult<bool> {
    match op {
        "in" => contains(b, a, cx),
        "not in" => contains(b, a, cx).map(|r| !r),
        "is" => Ok(identical(a, b)),
        "is not" => Ok(!identical(a, b)),
        "==" => eq_val(a, b, cx),
        "!=" => eq_val(a, b, cx).map(|r| !r),
        _ => {
            if let (Obj::Value(x), Obj::Value(y)) = (a, b) {
                return compare(op, x, y);
            }
            // Lists and tuples of references compare by value.
            let by_value = |v: &Val| match v {
                Obj::Local(o) if o.type_name() != "builtins.list" => None,
                _ => cx.value(v).ok(),
            };
            match (by_value(a), by_value(b)) {
                (Some(x), Some(y)) => compare(op, &x, &y),
                _ => Err(exc::type_error(format!(
                    "'{op}' not supported between instances of '{}' and '{}'",
                    val_type_name(a),
                    val_type_name(b)
                ))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    fn msg(r: PyResult<impl std::fmt::Debug>) -> String {
        match r {
            Err(rpyc_protocol::ExceptionPayload::Exception(e)) => format!("{}: {}", e.name, e.message()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sequences() {
        assert_eq!(binary("+", &s("ab"), &s("c")).ok(), Some(s("abc")));
        assert_eq!(binary("*", &s("ab"), &Value::Int(3)).ok(), Some(s("ababab")));
        assert_eq!(binary("*", &Value::Int(-1), &s("ab")).ok(), Some(s("")));
        assert_eq!(binary("*", &Value::Bool(true), &Value::Bytes(vec![1])).ok(), Some(Value::Bytes(vec![1])));
        let t = |v: Vec<i64>| Value::Tuple(v.into_iter().map(Value::Int).collect());
        assert_eq!(binary("+", &t(vec![1]), &t(vec![2])).ok(), Some(t(vec![1, 2])));
        assert_eq!(binary("*", &t(vec![1, 2]), &Value::Int(2)).ok(), Some(t(vec![1, 2, 1, 2])));
        assert_eq!(
            msg(binary("+", &s("a"), &Value::Int(1))),
            "TypeError: can only concatenate str (not \"int\") to str"
        );
        assert_eq!(msg(binary("*", &s("a"), &s("b"))), "TypeError: can't multiply sequence by non-int of type 'str'");
        assert_eq!(
            msg(binary("-", &s("a"), &Value::None)),
            "TypeError: unsupported operand type(s) for -: 'str' and 'NoneType'"
        );
        assert_eq!(
            msg(binary("**", &s("a"), &Value::Int(1))),
            "TypeError: unsupported operand type(s) for ** or pow(): 'str' and 'int'"
        );
        assert!(msg(binary("*", &s("ab"), &Value::Int(1 << 40))).starts_with("MemoryError"));
        assert!(msg(binary("*", &s("ab"), &Value::BigInt(BigInt::from(1u128 << 70)))).starts_with("OverflowError"));
        assert_eq!(binary("&", &Value::Bool(true), &Value::Bool(false)).ok(), Some(Value::Bool(false)));
        assert_eq!(binary("+", &Value::Bool(true), &Value::Bool(true)).ok(), Some(Value::Int(2)));
    }

    #[test]
    fn comparisons() {
        assert!(eq(&Value::Int(1), &Value::Float(1.0)));
        assert!(eq(&Value::Bool(true), &Value::Int(1)));
        assert!(!eq(&s("1"), &Value::Int(1)));
        assert!(eq(&Value::Tuple(vec![Value::Int(1)]), &Value::Tuple(vec![Value::Float(1.0)])));
        assert!(eq(
            &Value::FrozenSet(vec![Value::Int(1), Value::Int(2)]),
            &Value::FrozenSet(vec![Value::Int(2), Value::Int(1)])
        ));
        assert_eq!(compare("<", &s("abc"), &s("abd")).ok(), Some(true));
        assert_eq!(
            compare("<", &Value::Tuple(vec![Value::Int(1), s("b")]), &Value::Tuple(vec![Value::Float(1.0), s("c")]))
                .ok(),
            Some(true)
        );
        assert_eq!(compare("<=", &Value::Tuple(vec![]), &Value::Tuple(vec![])).ok(), Some(true));
        assert_eq!(compare(">", &Value::Float(f64::NAN), &Value::Int(1)).ok(), Some(false));
        assert_eq!(compare("!=", &Value::Float(f64::NAN), &Value::Float(f64::NAN)).ok(), Some(true));
        assert_eq!(
            msg(compare("<", &s("a"), &Value::Int(1))),
            "TypeError: '<' not supported between instances of 'str' and 'int'"
        );
        assert!(msg(compare("<", &Value::Complex(1.0, 0.0), &Value::Int(1))).starts_with("TypeError"));
    }

    #[test]
    fn tuple_nesting_is_bounded() {
        let mut t = Value::Tuple(vec![]);
        let mut err = None;
        for _ in 0..200 {
            match checked_tuple(vec![t.clone()]) {
                Ok(next) => t = next,
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        assert!(msg(err.map_or(Ok(()), Err)).starts_with("RecursionError"));
        let mut t = Value::Tuple(vec![Value::Int(1)]);
        let mut failed = false;
        for _ in 0..40 {
            match binary("+", &t, &t) {
                Ok(next) => t = next,
                Err(_) => {
                    failed = true;
                    break;
                }
            }
        }
        assert!(failed);
    }
}
