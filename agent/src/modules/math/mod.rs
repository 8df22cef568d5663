//! `math`: CPython 3.11's math module. Floating-point functions follow
//! `Modules/mathmodule.c`: the same special cases, the same error rules
//! (`ValueError: math domain error` for invalid arguments and poles,
//! `OverflowError: math range error` for overflow), the platform libm
//! where CPython calls it, and CPython's own algorithms where it has them
//! (gamma/lgamma, fsum, hypot/dist, remainder, log of huge ints). The
//! integer functions are exact on arbitrary-size ints.

mod floats;
mod ints;
mod special;
mod sums;
#[cfg(test)]
mod tests;

pub use floats::m_log;

use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "math",
    type_name: "math",
    doc: "This module provides access to the mathematical functions\ndefined by the C standard.",
    functions: &[
        f("acos", |_, a| math_1(a, "acos", f64::acos, false)),
        f("acosh", |_, a| math_1(a, "acosh", crate::platform::libm::acosh, false)),
        f("asin", |_, a| math_1(a, "asin", f64::asin, false)),
        f("asinh", |_, a| math_1(a, "asinh", crate::platform::libm::asinh, false)),
        f("atan", |_, a| math_1(a, "atan", f64::atan, false)),
        f("atan2", floats::atan2),
        f("atanh", |_, a| math_1(a, "atanh", crate::platform::libm::atanh, false)),
        f("cbrt", |_, a| math_1(a, "cbrt", special::cbrt, false)),
        f("ceil", |cx, a| floats::round_to_int(cx, a, "ceil")),
        f("comb", ints::comb),
        f("copysign", floats::copysign),
        f("cos", |_, a| math_1(a, "cos", f64::cos, false)),
        f("cosh", |_, a| math_1(a, "cosh", f64::cosh, true)),
        f("degrees", |_, a| float_1(a, "degrees", |x| x * (180.0 / std::f64::consts::PI))),
        f("dist", sums::dist),
        f("erf", |_, a| math_1a(a, "erf", |x| (crate::platform::libm::erf(x), Errno::Ok))),
        f("erfc", |_, a| math_1a(a, "erfc", |x| (crate::platform::libm::erfc(x), Errno::Ok))),
        f("exp", |_, a| math_1(a, "exp", f64::exp, true)),
        f("exp2", |_, a| math_1(a, "exp2", f64::exp2, true)),
        f("expm1", |_, a| math_1(a, "expm1", f64::exp_m1, true)),
        f("fabs", |_, a| math_1(a, "fabs", f64::abs, false)),
        f("factorial", ints::factorial),
        f("floor", |cx, a| floats::round_to_int(cx, a, "floor")),
        f("fmod", floats::fmod),
        f("frexp", floats::frexp),
        f("fsum", sums::fsum),
        f("gamma", |_, a| math_1a(a, "gamma", special::tgamma)),
        f("gcd", ints::gcd),
        f("hypot", sums::hypot),
        f("isclose", floats::isclose),
        f("isfinite", |_, a| one(a, "isfinite").and_then(|x| Ok(Py::Bool(float_arg(&x)?.is_finite())))),
        f("isinf", |_, a| one(a, "isinf").and_then(|x| Ok(Py::Bool(float_arg(&x)?.is_infinite())))),
        f("isnan", |_, a| one(a, "isnan").and_then(|x| Ok(Py::Bool(float_arg(&x)?.is_nan())))),
        f("isqrt", ints::isqrt),
        f("lcm", ints::lcm),
        f("ldexp", floats::ldexp),
        f("lgamma", |_, a| math_1a(a, "lgamma", special::lgamma)),
        f("log", floats::log),
        f("log10", |_, a| floats::log_helper(&one(a, "log10")?, floats::m_log10)),
        f("log1p", |_, a| math_1(a, "log1p", floats::m_log1p, false)),
        f("log2", |_, a| floats::log_helper(&one(a, "log2")?, floats::m_log2)),
        f("modf", floats::modf),
        f("nextafter", floats::nextafter_fn),
        f("perm", ints::perm),
        f("pow", floats::pow),
        f("prod", ints::prod),
        f("radians", |_, a| float_1(a, "radians", |x| x * (std::f64::consts::PI / 180.0))),
        f("remainder", floats::remainder),
        f("sin", |_, a| math_1(a, "sin", f64::sin, false)),
        f("sinh", |_, a| math_1(a, "sinh", f64::sinh, true)),
        f("sqrt", |_, a| math_1(a, "sqrt", f64::sqrt, false)),
        f("tan", |_, a| math_1(a, "tan", f64::tan, false)),
        f("tanh", |_, a| math_1(a, "tanh", f64::tanh, false)),
        f("trunc", floats::trunc),
        f("ulp", floats::ulp),
    ],
    attr,
    attr_names: &["e", "inf", "nan", "pi", "tau"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(Py::Float(match name {
        "pi" => std::f64::consts::PI,
        "e" => std::f64::consts::E,
        "tau" => std::f64::consts::TAU,
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => return None,
    })))
}

/// What a libm-style function reports besides its result (C's `errno`).
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Errno {
    Ok,
    /// EDOM: invalid argument or pole.
    Domain,
    /// ERANGE: overflow (or underflow, which is not an error).
    Range,
}

pub fn domain_error() -> exceptions::PyErr {
    exceptions::value_error("math domain error")
}

pub fn range_error() -> exceptions::PyErr {
    exceptions::overflow_error("math range error")
}

/// CPython's `is_error`: the exception for `errno`, or the result when
/// the error is an underflow.
fn check(r: f64, errno: Errno) -> PyResult<f64> {
    match errno {
        Errno::Ok => Ok(r),
        Errno::Domain => Err(domain_error()),
        Errno::Range if r.abs() < 1.5 => Ok(r),
        Errno::Range => Err(range_error()),
    }
}

/// `PyFloat_AsDouble`: a float, an int (`OverflowError` when too large)
/// or an object standing for a number.
pub fn float_arg(v: &Py) -> PyResult<f64> {
    match semantics::float_value(v) {
        Some(r) => r,
        None => Err(exceptions::type_error(format!("must be real number, not {}", semantics::type_name(v)))),
    }
}

/// The single argument of a function taking exactly one.
pub fn one(args: Args, name: &str) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("math.{name}() takes no keyword arguments")));
    }
    let n = args.pos.len();
    let [x] = <[Py; 1]>::try_from(args.pos)
        .map_err(|_| exceptions::type_error(format!("math.{name}() takes exactly one argument ({n} given)")))?;
    Ok(x)
}

/// The two positional arguments of a two-argument function.
pub fn two(args: Args, name: &str) -> PyResult<(Py, Py)> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("{name}() takes no keyword arguments")));
    }
    let n = args.pos.len();
    let [x, y] = <[Py; 2]>::try_from(args.pos)
        .map_err(|_| exceptions::type_error(format!("{name} expected 2 arguments, got {n}")))?;
    Ok((x, y))
}

/// `math_1`: a libm function of one float. A NaN from a non-NaN argument
/// is a domain error; an infinity from a finite one is an overflow (when
/// the function can overflow) or a pole.
fn math_1(args: Args, name: &str, func: fn(f64) -> f64, can_overflow: bool) -> PyResult<Py> {
    let x = float_arg(&one(args, name)?)?;
    math_1_value(x, func, can_overflow).map(Py::Float)
}

pub fn math_1_value(x: f64, func: fn(f64) -> f64, can_overflow: bool) -> PyResult<f64> {
    let r = func(x);
    if r.is_nan() && !x.is_nan() {
        return Err(domain_error());
    }
    if r.is_infinite() && x.is_finite() {
        return Err(if can_overflow { range_error() } else { domain_error() });
    }
    Ok(r)
}

/// `math_1a`: a function of one float that reports errors like `errno`.
fn math_1a(args: Args, name: &str, func: fn(f64) -> (f64, Errno)) -> PyResult<Py> {
    let x = float_arg(&one(args, name)?)?;
    let (r, errno) = func(x);
    check(r, errno).map(Py::Float)
}

/// A function of one float that cannot fail.
fn float_1(args: Args, name: &str, func: fn(f64) -> f64) -> PyResult<Py> {
    Ok(Py::Float(func(float_arg(&one(args, name)?)?)))
}

/// `math_2`: a libm-style function of two floats.
fn math_2(args: Args, name: &str, func: fn(f64, f64) -> f64) -> PyResult<Py> {
    let (x, y) = two(args, name)?;
    let (x, y) = (float_arg(&x)?, float_arg(&y)?);
    let r = func(x, y);
    let errno = if r.is_nan() && !x.is_nan() && !y.is_nan() {
        Errno::Domain
    } else if r.is_infinite() && x.is_finite() && y.is_finite() {
        Errno::Range
    } else {
        Errno::Ok
    };
    check(r, errno).map(Py::Float)
}
