//! The float functions with their own special cases: rounding to ints,
//! frexp/ldexp/modf, fmod/remainder/copysign/atan2/pow, logarithms (of
//! huge ints too), fsum, hypot/dist, isclose, nextafter/ulp.

use num_bigint::BigInt;

use super::{check, domain_error, float_arg, math_1_value, math_2, one, two, Errno};
use crate::objects::numbers::float_to_int;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::BinOp;
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `floor(x)` / `ceil(x)`: ints as they are, floats rounded to an int.
pub fn round_to_int(cx: &Cx, args: Args, name: &str) -> PyResult<Py> {
    let x = one(args, name)?;
    match &x {
        Py::Int(_) | Py::BigInt(_) => return Ok(x),
        Py::Bool(b) => return Ok(Py::Int(i64::from(*b))),
        Py::Client(_) => return crate::objects::attr::call_method(cx, &x, &format!("__{name}__"), Args::default()),
        Py::Obj(o) => {
            if let Some(base @ (Py::Int(_) | Py::BigInt(_) | Py::Bool(_))) = o.base_value() {
                return round_to_int(cx, Args::one(base), name);
            }
        }
        _ => {}
    }
    let f = float_arg(&x)?;
    float_to_int(if name == "floor" { f.floor() } else { f.ceil() })
}

/// `trunc(x)`.
pub fn trunc(cx: &Cx, args: Args) -> PyResult<Py> {
    let x = one(args, "trunc")?;
    match &x {
        Py::Float(f) => float_to_int(*f),
        Py::Int(_) | Py::BigInt(_) => Ok(x),
        Py::Bool(b) => Ok(Py::Int(i64::from(*b))),
        Py::Client(_) => crate::objects::attr::call_method(cx, &x, "__trunc__", Args::default()),
        Py::Obj(o) => match o.base_value() {
            Some(base) => trunc(cx, Args::one(base)),
            None => Err(no_trunc(&x)),
        },
        _ => Err(no_trunc(&x)),
    }
}

fn no_trunc(x: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("type {} doesn't define __trunc__ method", semantics::type_name(x)))
}

/// C's `frexp`: `x = m * 2**e` with `0.5 <= |m| < 1`.
pub fn frexp_of(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: normalise first.
        let (m, e) = frexp_of(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// C's `scalbn`/`ldexp`: `x * 2**n`, rounded once.
pub fn ldexp_of(x: f64, n: i64) -> f64 {
    let mut y = x;
    let mut n = n.clamp(-10_000, 10_000) as i32;
    let p1023 = f64::from_bits(0x7fe << 52);
    let pm969 = f64::from_bits(1 << 52) * f64::from_bits((1023 + 53) << 52);
    if n > 1023 {
        y *= p1023;
        n -= 1023;
        if n > 1023 {
            y *= p1023;
            n -= 1023;
            n = n.min(1023);
        }
    } else if n < -1022 {
        // Keep the final n below -53 so the subnormal range is rounded once.
        y *= pm969;
        n += 1022 - 53;
        if n < -1022 {
            y *= pm969;
            n += 1022 - 53;
            n = n.max(-1022);
        }
    }
    y * f64::from_bits(((0x3ff + n) as u64) << 52)
}

pub fn frexp(_cx: &Cx, args: Args) -> PyResult<Py> {
    let x = float_arg(&one(args, "frexp")?)?;
    let (m, e) = frexp_of(x);
    Ok(Py::tuple(vec![Py::Float(m), Py::Int(e.into())]))
}

pub fn ldexp(_cx: &Cx, args: Args) -> PyResult<Py> {
    let (x, i) = two(args, "ldexp")?;
    let x = float_arg(&x)?;
    let exp = match semantics::index_value(&i) {
        Some(Py::Int(n)) if !matches!(i, Py::Obj(_)) => n,
        Some(Py::BigInt(b)) => {
            if b.sign() == num_bigint::Sign::Minus {
                i64::MIN
            } else {
                i64::MAX
            }
        }
        _ => return Err(exceptions::type_error("Expected an int as second argument to ldexp.")),
    };
    if x == 0.0 || !x.is_finite() {
        return Ok(Py::Float(x));
    }
    if exp > i64::from(i32::MAX) {
        return check(f64::INFINITY.copysign(x), Errno::Range).map(Py::Float);
    }
    if exp < i64::from(i32::MIN) {
        return Ok(Py::Float(0f64.copysign(x)));
    }
    let r = ldexp_of(x, exp);
    check(r, if r.is_infinite() { Errno::Range } else { Errno::Ok }).map(Py::Float)
}

pub fn modf(_cx: &Cx, args: Args) -> PyResult<Py> {
    let x = float_arg(&one(args, "modf")?)?;
    let (frac, int) = if x.is_infinite() {
        (0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        let int = x.trunc();
        ((x - int).copysign(x), int)
    };
    Ok(Py::tuple(vec![Py::Float(frac), Py::Float(int)]))
}

pub fn fmod(_cx: &Cx, args: Args) -> PyResult<Py> {
    let (x, y) = two(args, "fmod")?;
    let (x, y) = (float_arg(&x)?, float_arg(&y)?);
    if y.is_infinite() && x.is_finite() {
        return Ok(Py::Float(x));
    }
    let r = x % y;
    let errno = if r.is_nan() && !x.is_nan() && !y.is_nan() { Errno::Domain } else { Errno::Ok };
    check(r, errno).map(Py::Float)
}

/// IEEE 754 remainder: `x - n*y` for the nearest `n`, ties to even.
fn m_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let (absx, absy) = (x.abs(), y.abs());
        let m = absx % absy;
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            m - 2.0 * ((0.5 * (absx - m)) % absy)
        };
        return 1f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

pub fn remainder(_cx: &Cx, args: Args) -> PyResult<Py> {
    math_2(args, "remainder", m_remainder)
}

pub fn copysign(_cx: &Cx, args: Args) -> PyResult<Py> {
    math_2(args, "copysign", f64::copysign)
}

/// `atan2` with C99's special cases handled before libm.
fn m_atan2(y: f64, x: f64) -> f64 {
    use std::f64::consts::PI;
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() {
        if x.is_infinite() {
            return if x.is_sign_positive() { (0.25 * PI).copysign(y) } else { (0.75 * PI).copysign(y) };
        }
        return (0.5 * PI).copysign(y);
    }
    if x.is_infinite() || y == 0.0 {
        return if x.is_sign_positive() { 0f64.copysign(y) } else { PI.copysign(y) };
    }
    y.atan2(x)
}

pub fn atan2(_cx: &Cx, args: Args) -> PyResult<Py> {
    math_2(args, "atan2", m_atan2)
}

/// `pow(x, y)` with C99's special values, domain errors for a negative
/// base with a non-integer exponent and for zero to a negative power.
pub fn pow(_cx: &Cx, args: Args) -> PyResult<Py> {
    let (x, y) = two(args, "pow")?;
    let (x, y) = (float_arg(&x)?, float_arg(&y)?);
    if !x.is_finite() || !y.is_finite() {
        let r = if x.is_nan() {
            if y == 0.0 {
                1.0
            } else {
                x
            }
        } else if y.is_nan() {
            if x == 1.0 {
                1.0
            } else {
                y
            }
        } else if x.is_infinite() {
            let odd_y = y.is_finite() && (y.abs() % 2.0) == 1.0;
            if y > 0.0 {
                if odd_y {
                    x
                } else {
                    x.abs()
                }
            } else if y == 0.0 {
                1.0
            } else if odd_y {
                0f64.copysign(x)
            } else {
                0.0
            }
        } else if x.abs() == 1.0 {
            1.0
        } else if y > 0.0 && x.abs() > 1.0 {
            y
        } else if y < 0.0 && x.abs() < 1.0 {
            -y
        } else {
            0.0
        };
        return Ok(Py::Float(r));
    }
    let r = x.powf(y);
    let errno = if r.is_nan() {
        Errno::Domain
    } else if r.is_infinite() {
        if x == 0.0 {
            Errno::Domain
        } else {
            Errno::Range
        }
    } else {
        Errno::Ok
    };
    check(r, errno).map(Py::Float)
}

// ------------------------------------------------------------------ logs

/// A logarithm with C99's special values handled before libm: a NaN for
/// negative arguments and `-inf`, `-inf` for zero, infinities and NaNs
/// passed through.
fn log_with(x: f64, libm: fn(f64) -> f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() || x > 0.0 { x } else { f64::NAN };
    }
    if x > 0.0 {
        libm(x)
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::NAN
    }
}

pub fn m_log(x: f64) -> f64 {
    log_with(x, f64::ln)
}

pub fn m_log2(x: f64) -> f64 {
    log_with(x, f64::log2)
}

pub fn m_log10(x: f64) -> f64 {
    log_with(x, f64::log10)
}

/// `_Py_log1p`: keeps the sign of a zero.
pub fn m_log1p(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        x.ln_1p()
    }
}

/// `_PyLong_Frexp`: a positive int as `x * 2**e`, `x` correctly rounded
/// to 53 bits in `[0.5, 1)`.
fn big_frexp(n: &BigInt) -> (f64, i64) {
    let bits = n.bits() as i64;
    if bits <= 64 {
        let (m, e) = frexp_of(u64::try_from(n).unwrap_or(u64::MAX) as f64);
        return (m, i64::from(e));
    }
    let shift = bits - 55;
    let top: BigInt = n >> shift as usize;
    let mut top = u64::try_from(&top).unwrap_or(u64::MAX);
    // A sticky bit for whatever was shifted out, so rounding to 53 bits
    // below is correct.
    if n.trailing_zeros().unwrap_or(0) < shift as u64 {
        top |= 1;
    }
    let (m, e) = frexp_of(top as f64);
    (m, i64::from(e) + shift)
}

/// `loghelper`: ints of any size handled exactly enough; other values as
/// floats with the domain rules of `math_1`.
pub fn log_helper(x: &Py, func: fn(f64) -> f64) -> PyResult<Py> {
    let as_int = match x {
        Py::Int(n) => Some(BigInt::from(*n)),
        Py::Bool(b) => Some(BigInt::from(u8::from(*b))),
        Py::BigInt(n) => Some((**n).clone()),
        _ => None,
    };
    let Some(n) = as_int else { return math_1_value(float_arg(x)?, func, false).map(Py::Float) };
    if n.sign() != num_bigint::Sign::Plus {
        return Err(domain_error());
    }
    if n.bits() <= 1024 {
        if let Ok(f) = semantics::num::big_to_f64(&n) {
            return Ok(Py::Float(func(f)));
        }
    }
    let (m, e) = big_frexp(&n);
    Ok(Py::Float(func(m) + func(2.0) * e as f64))
}

/// `log(x[, base])`.
pub fn log(cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("log() takes no keyword arguments"));
    }
    if args.pos.is_empty() || args.pos.len() > 2 {
        return Err(exceptions::type_error("math.log requires 1 to 2 arguments"));
    }
    let num = log_helper(&args.pos[0], m_log)?;
    let Some(base) = args.pos.get(1) else { return Ok(num) };
    let den = log_helper(base, m_log)?;
    semantics::binary(cx, BinOp::TrueDiv, &num, &den)
}

// ------------------------------------------------------------------ comparisons and steps

pub fn isclose(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [a, b, rel_tol, abs_tol] = args.bind("isclose", ["a", "b", "$rel_tol?", "$abs_tol?"])?;
    let (a, b) = (float_arg(&req(a))?, float_arg(&req(b))?);
    let rel_tol = rel_tol.map_or(Ok(1e-09), |v| float_arg(&v))?;
    let abs_tol = abs_tol.map_or(Ok(0.0), |v| float_arg(&v))?;
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return Err(exceptions::value_error("tolerances must be non-negative"));
    }
    if a == b {
        return Ok(Py::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Py::Bool(false));
    }
    let diff = (b - a).abs();
    Ok(Py::Bool(diff <= (rel_tol * b).abs() || diff <= (rel_tol * a).abs() || diff <= abs_tol))
}

/// C's `nextafter`.
pub fn nextafter(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return x + y;
    }
    if x == y {
        return y;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(y);
    }
    let bits = x.to_bits();
    let away = (y > x) == (x > 0.0);
    f64::from_bits(if away { bits + 1 } else { bits - 1 })
}

pub fn nextafter_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let (x, y) = two(args, "nextafter")?;
    Ok(Py::Float(nextafter(float_arg(&x)?, float_arg(&y)?)))
}

pub fn ulp(_cx: &Cx, args: Args) -> PyResult<Py> {
    let x = float_arg(&one(args, "ulp")?)?;
    if x.is_nan() {
        return Ok(Py::Float(x));
    }
    let x = x.abs();
    if x.is_infinite() {
        return Ok(Py::Float(x));
    }
    let up = nextafter(x, f64::INFINITY);
    if up.is_infinite() {
        return Ok(Py::Float(x - nextafter(x, f64::NEG_INFINITY)));
    }
    Ok(Py::Float(up - x))
}
