//! Subscripts: `obj[index]` and `obj[start:stop:step]` on plain values,
//! tuples of references, and agent objects (`__getitem__`).

use rpyc_protocol::{Obj, Value};

use super::ops::{local, tuple_items, tuple_of};
use crate::legacy::args::Args;
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, val_type_name, Val};

/// The indices a slice selects (`PySlice_AdjustIndices`).
fn slice_indices(parts: &[Value; 3], len: usize) -> PyResult<Vec<usize>> {
    let get = |v: &Value| -> PyResult<Option<i128>> {
        match v {
            Value::None => Ok(None),
            Value::Int(n) => Ok(Some(i128::from(*n))),
            Value::Bool(b) => Ok(Some(i128::from(*b))),
            Value::BigInt(n) => {
                Ok(Some(if n.sign() == num_bigint::Sign::Minus { i128::MIN / 2 } else { i128::MAX / 2 }))
            }
            _ => Err(exc::type_error("slice indices must be integers or None or have an __index__ method")),
        }
    };
    let step = get(&parts[2])?.unwrap_or(1);
    if step == 0 {
        return Err(exc::value_error("slice step cannot be zero"));
    }
    let len = len as i128;
    let adjust = |v: Option<i128>, default: i128| match v {
        None => default,
        Some(v) if v < 0 => (v + len).max(if step < 0 { -1 } else { 0 }),
        Some(v) => v.min(if step < 0 { len - 1 } else { len }),
    };
    let (start, stop) = if step > 0 {
        (adjust(get(&parts[0])?, 0), adjust(get(&parts[1])?, len))
    } else {
        (adjust(get(&parts[0])?, len - 1), adjust(get(&parts[1])?, -1))
    };
    let count = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && stop < start {
        (start - stop - 1) / -step + 1
    } else {
        0
    };
    Ok((0..count).map(|i| (start + i * step) as usize).collect())
}

/// One index into a sequence of `len` items.
fn index_of(what: &str, i: &Value, len: usize) -> PyResult<usize> {
    let i = match i {
        Value::Int(n) => *n,
        Value::Bool(b) => i64::from(*b),
        Value::BigInt(_) => return Err(exc::index_error("cannot fit 'int' into an index-sized integer")),
        other => {
            return Err(exc::type_error(match what {
                "string" => format!("string indices must be integers, not '{}'", other.type_name()),
                _ => format!("{what} indices must be integers or slices, not {}", other.type_name()),
            }))
        }
    };
    let real = if i < 0 { i + len as i64 } else { i };
    if real < 0 || real >= len as i64 {
        return Err(exc::index_error(format!("{what} index out of range")));
    }
    Ok(real as usize)
}

/// `obj[index]`.
pub fn getitem(obj: Val, index: Val, cx: &Cx) -> PyResult<Val> {
    let obj = local(obj, cx)?;
    if let Obj::Local(o) = &obj {
        return object::callattr(o, "__getitem__", Args::positional(vec![index]), cx);
    }
    let Obj::Value(i) = local(index, cx)? else {
        return Err(exc::type_error(format!("{} indices must be integers or slices", val_type_name(&obj))));
    };
    if let Some(items) = tuple_items(&obj) {
        return match &i {
            Value::Slice(parts) => {
                tuple_of(slice_indices(parts, items.len())?.into_iter().map(|k| items[k].clone()).collect())
            }
            _ => Ok(items[index_of("tuple", &i, items.len())?].clone()),
        };
    }
    match (obj, &i) {
        (Obj::Value(Value::Str(s)), Value::Slice(parts)) => {
            let chars: Vec<char> = s.chars().collect();
            Ok(Obj::Value(Value::Str(slice_indices(parts, chars.len())?.into_iter().map(|k| chars[k]).collect())))
        }
        (Obj::Value(Value::Str(s)), _) => {
            let n = index_of("string", &i, s.chars().count())?;
            Ok(Obj::Value(Value::Str(s.chars().nth(n).map(String::from).unwrap_or_default())))
        }
        (Obj::Value(Value::Bytes(b)), Value::Slice(parts)) => {
            Ok(Obj::Value(Value::Bytes(slice_indices(parts, b.len())?.into_iter().map(|k| b[k]).collect())))
        }
        (Obj::Value(Value::Bytes(b)), _) => Ok(Obj::Value(Value::Int(b[index_of("byte", &i, b.len())?].into()))),
        (other, _) => Err(exc::type_error(format!("'{}' object is not subscriptable", val_type_name(&other)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigInt;

    #[test]
    fn slices() {
        let sl = |a: Value, b: Value, c: Value| Value::Slice(Box::new([a, b, c]));
        let n = Value::None;
        let parts = |v: &Value| match v {
            Value::Slice(p) => p.as_ref().clone(),
            _ => unreachable!(),
        };
        let idx = |v: Value, len| slice_indices(&parts(&v), len).unwrap_or_default();
        assert_eq!(idx(sl(Value::Int(1), Value::Int(3), n.clone()), 5), [1, 2]);
        assert_eq!(idx(sl(n.clone(), n.clone(), Value::Int(-1)), 3), [2, 1, 0]);
        assert_eq!(idx(sl(Value::Int(-2), n.clone(), n.clone()), 5), [3, 4]);
        assert_eq!(idx(sl(Value::Int(10), Value::Int(-10), Value::Int(-3)), 5), [4, 1]);
        assert_eq!(idx(sl(n.clone(), n.clone(), Value::Int(2)), 5), [0, 2, 4]);
        assert_eq!(idx(sl(Value::BigInt(BigInt::from(1u128 << 90)), n.clone(), n.clone()), 5), Vec::<usize>::new());
        assert!(slice_indices(&parts(&sl(n.clone(), n.clone(), Value::Int(0))), 3).is_err());
    }
}
