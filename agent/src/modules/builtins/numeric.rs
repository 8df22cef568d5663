//! The builtin functions over numbers: `abs`, `divmod`, `pow`, `round`,
//! `sum`, `hex`/`oct`/`bin`, `chr`/`ord`.

use num_bigint::{BigInt, Sign};

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
    let is_float = |v: &Py| matches!(v, Py::Float(_));
    if (is_float(&a) || is_float(&b)) && semantics::float_value(&b).is_some_and(|f| matches!(f, Ok(x) if x == 0.0)) {
        return Err(exceptions::zero_division("float divmod()"));
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
        Some(m) => semantics::num::pow_mod(&base, &exp, &m),
    }
}

/// `round(x[, ndigits])`.
pub fn round(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x, ndigits] = args.bind("round", ["number", "ndigits?"])?;
    numbers::round(cx, &req(x), ndigits.as_ref())
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
    while let Some(item) = semantics::next(cx, &it)? {
        // CPython 3.11 adds floats one by one (no compensation before 3.12).
        acc = match (&acc, &item) {
            (Py::Float(a), Py::Float(b)) => semantics::num::float(a + b),
            _ => semantics::binary(cx, BinOp::Add, &acc, &item)?,
        };
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
