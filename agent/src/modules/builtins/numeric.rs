//! The builtin functions over numbers: `abs`, `divmod`, `pow`, `round`,
//! `sum`, `hex`/`oct`/`bin`, `chr`/`ord`.

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::objects::numbers;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::BinOp;
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub fn abs(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("abs", ["x"])?;
    let x = req(x);
    match numbers::abs(&x) {
        Some(r) => r,
        None => match crate::objects::attr::call_method(cx, &x, "__abs__", Args::default()) {
            Err(e) if e.is("AttributeError") => {
                Err(exceptions::type_error(format!("bad operand type for abs(): '{}'", semantics::type_name(&x))))
            }
            other => other,
        },
    }
}

pub fn divmod(cx: &Cx, args: Args) -> PyResult<Py> {
    let [a, b] = args.bind("divmod", ["x", "y"])?;
    let (a, b) = (req(a), req(b));
    if matches!(a, Py::Complex(..)) || matches!(b, Py::Complex(..)) {
        return Err(exceptions::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and '{}'",
            semantics::type_name(&a),
            semantics::type_name(&b)
        )));
    }
    let q = semantics::binary(cx, BinOp::FloorDiv, &a, &b).map_err(|e| rename(e, "//", "divmod()"))?;
    let r = semantics::binary(cx, BinOp::Mod, &a, &b).map_err(|e| rename(e, "%", "divmod()"))?;
    Ok(Py::tuple(vec![q, r]))
}

/// Rewords an operator's `TypeError` for the builtin that used it.
fn rename(e: exceptions::PyErr, op: &str, func: &str) -> exceptions::PyErr {
    if !e.is("TypeError") {
        return e;
    }
    match &e.0.args()[..] {
        [Py::Str(msg)] if msg.starts_with("unsupported operand type(s) for") => {
            exceptions::type_error(msg.replacen(&format!("for {op}:"), &format!("for {func}:"), 1))
        }
        _ => e,
    }
}

fn big(v: &Py) -> Option<BigInt> {
    match semantics::index_value(v)? {
        Py::Int(n) => Some(BigInt::from(n)),
        Py::BigInt(b) => Some((*b).clone()),
        _ => None,
    }
}

pub fn pow(cx: &Cx, args: Args) -> PyResult<Py> {
    let [base, exp, modulo] = args.bind("pow", ["base", "exp", "mod?"])?;
    let (base, exp) = (req(base), req(exp));
    match modulo {
        None | Some(Py::None) => semantics::binary(cx, BinOp::Pow, &base, &exp).map_err(|e| rename(e, "**", "pow()")),
        Some(m) => {
            let (Some(b), Some(e), Some(m)) = (big(&base), big(&exp), big(&m)) else {
                return Err(exceptions::type_error("pow() 3rd argument not allowed unless all arguments are integers"));
            };
            if m.is_zero() {
                return Err(exceptions::value_error("pow() 3rd argument cannot be 0"));
            }
            let base = if e.sign() == Sign::Minus {
                // Modular inverse for negative exponents.
                mod_inverse(&b, &m)
                    .ok_or_else(|| exceptions::value_error("base is not invertible for the given modulus"))?
            } else {
                b
            };
            let am = m.abs();
            let mut r = base.modpow(&e.abs(), &am);
            if m.sign() == Sign::Minus && !r.is_zero() {
                r += &m;
            } else if r.sign() == Sign::Minus {
                r += &am;
            }
            Ok(Py::from_bigint(r))
        }
    }
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let m = m.abs();
    let (mut t, mut new_t) = (BigInt::zero(), BigInt::from(1));
    let (mut r, mut new_r) = (m.clone(), ((a % &m) + &m) % &m);
    while !new_r.is_zero() {
        let q = &r / &new_r;
        (t, new_t) = (new_t.clone(), t - &q * &new_t);
        (r, new_r) = (new_r.clone(), r - &q * &new_r);
    }
    if r != BigInt::from(1) {
        return None;
    }
    Some(((t % &m) + &m) % &m)
}

/// `round(x[, ndigits])`, half to even, on the exact value of floats.
pub fn round(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x, ndigits] = args.bind("round", ["number", "ndigits?"])?;
    let x = req(x);
    let nd = match &ndigits {
        None | Some(Py::None) => None,
        Some(n) => Some(args::to_int("round", n)?),
    };
    match (&x, nd) {
        (Py::Float(f), None) => {
            let r = f.round_ties_even();
            numbers::float_to_int(r)
        }
        (Py::Float(f), Some(n)) => Ok(Py::Float(round_float(*f, n))),
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), None) => Ok(semantics::index_value(&x).unwrap_or(Py::Int(0))),
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), Some(n)) if n >= 0 => {
            Ok(semantics::index_value(&x).unwrap_or(Py::Int(0)))
        }
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), Some(n)) => {
            let v = big(&x).unwrap_or_default();
            let p = BigInt::from(10).pow((-n).min(10_000) as u32);
            let (q, r) = (v.div_floor_py(&p), v.mod_floor_py(&p));
            let twice = &r * 2;
            let up = twice > p || (twice == p && (&q % 2) != BigInt::zero());
            Ok(Py::from_bigint((if up { q + 1 } else { q }) * p))
        }
        _ => match crate::objects::attr::call_method(
            cx,
            &x,
            "__round__",
            Args::positional(ndigits.into_iter().collect()),
        ) {
            Err(e) if e.is("AttributeError") => Err(exceptions::type_error(format!(
                "type {} doesn't define __round__ method",
                semantics::type_name(&x)
            ))),
            other => other,
        },
    }
}

trait FloorOps {
    fn div_floor_py(&self, other: &BigInt) -> BigInt;
    fn mod_floor_py(&self, other: &BigInt) -> BigInt;
}

impl FloorOps for BigInt {
    fn div_floor_py(&self, other: &BigInt) -> BigInt {
        let (q, r) = (self / other, self % other);
        if !r.is_zero() && (r.sign() == Sign::Minus) != (other.sign() == Sign::Minus) {
            q - 1
        } else {
            q
        }
    }
    fn mod_floor_py(&self, other: &BigInt) -> BigInt {
        let r = self % other;
        if !r.is_zero() && (r.sign() == Sign::Minus) != (other.sign() == Sign::Minus) {
            r + other
        } else {
            r
        }
    }
}

/// A float rounded to `n` decimal digits as CPython does: from the exact
/// decimal expansion, ties to even.
fn round_float(x: f64, n: i64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if n > 308 {
        return x;
    }
    if n < -308 {
        return 0.0f64.copysign(x);
    }
    if n >= 0 {
        // Rust formats the exact binary value, correctly rounded.
        let s = format!("{:.*}", n as usize, x);
        let r: f64 = s.parse().unwrap_or(x);
        if r.is_infinite() {
            return x;
        }
        return r;
    }
    let p = 10f64.powi((-n) as i32);
    let y = x / p;
    let r = y.round_ties_even();
    // Exact ties only happen when y is exactly representable.
    let r = if (y - y.trunc()).abs() == 0.5 { r } else { y.round() };
    (r * p).copysign(x)
}

pub fn sum(cx: &Cx, args: Args) -> PyResult<Py> {
    let [iterable, start] = args.bind("sum", ["iterable", "start?"])?;
    let start = start.unwrap_or(Py::Int(0));
    match &start {
        Py::Str(_) => return Err(exceptions::type_error("sum() can't sum strings [use ''.join(seq) instead]")),
        Py::Bytes(_) => return Err(exceptions::type_error("sum() can't sum bytes [use b''.join(seq) instead]")),
        _ => {}
    }
    let it = semantics::iter(cx, &req(iterable))?;
    let mut acc = start;
    let mut float_acc: Option<(f64, f64)> = None;
    while let Some(item) = semantics::next(cx, &it)? {
        // Floats are summed with compensation, as CPython's sum() does.
        if let (Py::Float(a), Py::Float(b)) = (&acc, &item) {
            let (s, c) = float_acc.unwrap_or((*a, 0.0));
            let t = s + b;
            let c = if s.abs() >= b.abs() { c + ((s - t) + b) } else { c + ((b - t) + s) };
            float_acc = Some((t, c));
            acc = Py::Float(t);
            continue;
        }
        if let Some((s, c)) = float_acc.take() {
            acc = Py::Float(s + c);
        }
        acc = semantics::binary(cx, BinOp::Add, &acc, &item)?;
    }
    if let Some((s, c)) = float_acc {
        acc = Py::Float(s + c);
    }
    Ok(acc)
}

fn radix(func: &str, x: &Py, base: u32, prefix: &str) -> PyResult<Py> {
    let n = big(x).ok_or_else(|| {
        exceptions::type_error(format!("'{}' object cannot be interpreted as an integer", semantics::type_name(x)))
    })?;
    let _ = func;
    let digits = n.magnitude().to_str_radix(base);
    let sign = if n.sign() == Sign::Minus { "-" } else { "" };
    Ok(Py::str(format!("{sign}{prefix}{digits}")))
}

pub fn hex(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("hex", ["number"])?;
    radix("hex", &req(x), 16, "0x")
}

pub fn oct(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("oct", ["number"])?;
    radix("oct", &req(x), 8, "0o")
}

pub fn bin(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("bin", ["number"])?;
    radix("bin", &req(x), 2, "0b")
}

pub fn chr(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("chr", ["i"])?;
    let n = args::to_int("chr", &req(x))?;
    match u32::try_from(n).ok().and_then(char::from_u32) {
        Some(c) => Ok(Py::str(c.to_string())),
        None if (0xd800..0xe000).contains(&n) => {
            Err(exceptions::value_error("rpyc-agent's strings cannot hold lone surrogates (chr() of 0xd800-0xdfff)"))
        }
        None => Err(exceptions::value_error("chr() arg not in range(0x110000)")),
    }
}

pub fn ord(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("ord", ["c"])?;
    match req(x) {
        Py::Str(s) => {
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Ok(Py::Int(c as i64)),
                _ => Err(exceptions::type_error(format!(
                    "ord() expected a character, but string of length {} found",
                    s.chars().count()
                ))),
            }
        }
        Py::Bytes(b) if b.len() == 1 => Ok(Py::Int(b[0].into())),
        Py::Bytes(b) => {
            Err(exceptions::type_error(format!("ord() expected a character, but string of length {} found", b.len())))
        }
        other => Err(exceptions::type_error(format!(
            "ord() expected string of length 1, but {} found",
            semantics::type_name(&other)
        ))),
    }
}
