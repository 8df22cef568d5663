//! Binary and unary operators: numbers (through [`num`]), `+`/`*` on str,
//! bytes and tuples, `%` formatting, then agent objects' slots, reflected
//! operands, subclasses' base values and client objects, as Python tries
//! them.

use std::sync::Arc;

use super::{client, index_value, num, percent, tp_name, type_name};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, UnaryOp};
use crate::runtime::value::Py;

/// Most items a tuple or list the agent builds may hold.
pub const MAX_ITEMS: usize = 1 << 24;
/// Most bytes of a str or bytes the agent builds.
pub const MAX_BYTES: usize = 1 << 28;

fn is_number(v: &Py) -> bool {
    matches!(v, Py::Bool(_) | Py::Int(_) | Py::BigInt(_) | Py::Float(_) | Py::Complex(..))
}

fn unsupported(op: BinOp, a: &Py, b: &Py) -> exceptions::PyErr {
    let sym = if op == BinOp::Pow { "** or pow()" } else { op.symbol() };
    exceptions::type_error(format!("unsupported operand type(s) for {sym}: '{}' and '{}'", tp_name(a), tp_name(b)))
}

/// A repetition count for `seq * n`.
fn count_of(n: &Py) -> Option<PyResult<usize>> {
    match index_value(n)? {
        Py::Int(n) => Some(Ok(n.max(0) as usize)),
        Py::BigInt(n) if n.sign() == num_bigint::Sign::Minus => Some(Ok(0)),
        _ => Some(Err(exceptions::overflow_error("cannot fit 'int' into an index-sized integer"))),
    }
}

/// Checks the size of a repeated sequence before building it.
pub fn check_repeat(unit: usize, count: usize, limit: usize, what: &str) -> PyResult<()> {
    if unit.saturating_mul(count) > limit {
        return Err(exceptions::memory_error(what));
    }
    Ok(())
}

/// `a op b` on the immutable kinds; `None` when they do not apply.
fn builtin_binary(cx: &Cx, op: BinOp, a: &Py, b: &Py) -> PyResult<Option<Py>> {
    if let (Py::Bool(x), Py::Bool(y)) = (a, b) {
        match op {
            BinOp::And => return Ok(Some(Py::Bool(x & y))),
            BinOp::Or => return Ok(Some(Py::Bool(x | y))),
            BinOp::Xor => return Ok(Some(Py::Bool(x ^ y))),
            _ => {}
        }
    }
    if is_number(a) && is_number(b) {
        if let (Py::Int(x), Py::Int(y)) = (a, b) {
            let fast = match op {
                BinOp::Add => x.checked_add(*y),
                BinOp::Sub => x.checked_sub(*y),
                BinOp::Mul => x.checked_mul(*y),
                _ => None,
            };
            if let Some(r) = fast {
                return Ok(Some(Py::Int(r)));
            }
        }
        let (Some(x), Some(y)) = (num::of(a), num::of(b)) else { return Ok(None) };
        return num::arith(op.symbol(), &x, &y);
    }
    Ok(Some(match (op, a, b) {
        (BinOp::Add, Py::Str(x), Py::Str(y)) => {
            if x.len() + y.len() > MAX_BYTES {
                return Err(exceptions::memory_error("str"));
            }
            let mut s = String::with_capacity(x.len() + y.len());
            s.push_str(x);
            s.push_str(y);
            Py::str(s)
        }
        (BinOp::Add, Py::Bytes(x), Py::Bytes(y)) => {
            if x.len() + y.len() > MAX_BYTES {
                return Err(exceptions::memory_error("bytes"));
            }
            Py::bytes([&x[..], &y[..]].concat())
        }
        (BinOp::Add, Py::Tuple(x), Py::Tuple(y)) => {
            if x.len() + y.len() > MAX_ITEMS {
                return Err(exceptions::memory_error("tuple"));
            }
            Py::Tuple(x.iter().chain(y.iter()).cloned().collect::<Arc<[Py]>>())
        }
        (BinOp::Mul, seq @ (Py::Str(_) | Py::Bytes(_) | Py::Tuple(_)), n)
        | (BinOp::Mul, n, seq @ (Py::Str(_) | Py::Bytes(_) | Py::Tuple(_))) => {
            let Some(count) = count_of(n) else {
                if is_number(n) || matches!(n, Py::Str(_) | Py::Bytes(_) | Py::Tuple(_)) {
                    return Err(exceptions::type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        type_name(n)
                    )));
                }
                return Ok(None);
            };
            let count = count?;
            match seq {
                Py::Str(s) => {
                    check_repeat(s.len(), count, MAX_BYTES, "str")?;
                    Py::str(s.repeat(count))
                }
                Py::Bytes(b) => {
                    check_repeat(b.len(), count, MAX_BYTES, "bytes")?;
                    Py::bytes(b.repeat(count))
                }
                Py::Tuple(t) => {
                    check_repeat(t.len(), count, MAX_ITEMS, "tuple")?;
                    let mut out = Vec::with_capacity(t.len() * count);
                    for _ in 0..count {
                        out.extend(t.iter().cloned());
                    }
                    Py::tuple(out)
                }
                _ => return Ok(None),
            }
        }
        (BinOp::Mod, Py::Str(f), args) => Py::str(percent::format_str(cx, f, args)?),
        (BinOp::Mod, Py::Bytes(f), args) => Py::bytes(percent::format_bytes(cx, f, args)?),
        _ => return Ok(None),
    }))
}

/// The message CPython gives `str + int` and friends.
pub fn concat_error(a: &Py, b: &Py) -> Option<exceptions::PyErr> {
    let what = match a {
        Py::Str(_) => "str",
        Py::Tuple(_) => "tuple",
        Py::Bytes(_) => return Some(exceptions::type_error(format!("can't concat {} to bytes", type_name(b)))),
        Py::Obj(o) if o.ty().name == "list" && o.ty().module == "builtins" => "list",
        _ => return None,
    };
    Some(exceptions::type_error(format!("can only concatenate {what} (not \"{}\") to {what}", type_name(b))))
}

/// `a op b`.
pub fn binary(cx: &Cx, op: BinOp, a: &Py, b: &Py) -> PyResult<Py> {
    if let Some(r) = builtin_binary(cx, op, a, b)? {
        return Ok(r);
    }
    if let Py::Obj(o) = a {
        if let Some(r) = o.binary(o, op, b, false, cx)? {
            return Ok(r);
        }
    }
    if let Py::Obj(o) = b {
        if let Some(r) = o.binary(o, op, a, true, cx)? {
            return Ok(r);
        }
    }
    if let Py::Client(r) = a {
        match client::client_callattr(cx, r, op.dunder(false), Args::one(b.clone())) {
            Ok(v) if !is_not_implemented(&v) => return Ok(v),
            Ok(_) => {}
            Err(e) if e.is("AttributeError") => {}
            Err(e) => return Err(e),
        }
    }
    if let Py::Client(r) = b {
        match client::client_callattr(cx, r, op.dunder(true), Args::one(a.clone())) {
            Ok(v) if !is_not_implemented(&v) => return Ok(v),
            Ok(_) => {}
            Err(e) if e.is("AttributeError") => {}
            Err(e) => return Err(e),
        }
    }
    let base = |v: &Py| match v {
        Py::Obj(o) => o.base_value(),
        _ => None,
    };
    match (base(a), base(b)) {
        (None, None) => {}
        (x, y) => return binary(cx, op, &x.unwrap_or_else(|| a.clone()), &y.unwrap_or_else(|| b.clone())),
    }
    if op == BinOp::Add {
        if let Some(e) = concat_error(a, b) {
            return Err(e);
        }
    }
    if op == BinOp::Mul {
        // CPython's sequence_repeat, once no `__mul__`/`__rmul__` took it.
        let non_int = if is_sequence(a) {
            Some(b)
        } else if is_sequence(b) {
            Some(a)
        } else {
            None
        };
        if let Some(n) = non_int {
            return Err(exceptions::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name(n)
            )));
        }
    }
    Err(unsupported(op, a, b))
}

/// The builtin sequences: `*` by an int repeats them.
pub fn is_sequence(v: &Py) -> bool {
    match v {
        Py::Str(_) | Py::Bytes(_) | Py::Tuple(_) => true,
        Py::Obj(o) => {
            let t = o.ty();
            t.module == "builtins" && matches!(&*t.name, "list" | "bytearray")
        }
        _ => false,
    }
}

fn is_not_implemented(v: &Py) -> bool {
    matches!(v, Py::Obj(o) if o.ty().name == "NotImplementedType")
}

/// `a op= b`: in place when the object does it (`list +=` extends),
/// otherwise `a op b`.
pub fn inplace(cx: &Cx, op: BinOp, a: &Py, b: &Py) -> PyResult<Py> {
    if let Py::Obj(o) = a {
        if let Some(r) = o.inplace(o, op, b, cx)? {
            return Ok(r);
        }
    }
    binary(cx, op, a, b).map_err(|e| {
        // The error names the augmented operator (`&=`), as CPython's.
        let plain = if op == BinOp::Pow { "** or pow()".to_owned() } else { op.symbol().to_owned() };
        match &e.0.args()[..] {
            [Py::Str(msg)]
                if e.is("TypeError") && msg.starts_with(&format!("unsupported operand type(s) for {plain}:")) =>
            {
                let aug = if op == BinOp::Pow { "**=".to_owned() } else { format!("{}=", op.symbol()) };
                exceptions::type_error(msg.replacen(&format!("for {plain}:"), &format!("for {aug}:"), 1))
            }
            _ => e,
        }
    })
}

/// `-a`, `+a`, `~a`.
pub fn unary(cx: &Cx, op: UnaryOp, a: &Py) -> PyResult<Py> {
    if let Some(n) = num::of(a) {
        if let Some(r) = num::unary(op.symbol(), &n) {
            return Ok(r);
        }
    }
    match a {
        Py::Obj(o) => {
            if let Some(r) = o.unary(o, op, cx)? {
                return Ok(r);
            }
            if let Some(base) = o.base_value() {
                return unary(cx, op, &base);
            }
        }
        Py::Client(r) => {
            let name = match op {
                UnaryOp::Neg => "__neg__",
                UnaryOp::Pos => "__pos__",
                UnaryOp::Invert => "__invert__",
            };
            return client::client_callattr(cx, r, name, Args::default());
        }
        _ => {}
    }
    Err(exceptions::type_error(format!("bad operand type for unary {}: '{}'", op.symbol(), tp_name(a))))
}
