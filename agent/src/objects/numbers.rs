//! `int`, `bool`, `float` and `complex`: constructors (with Python's
//! parsing of text) and methods.

use std::sync::LazyLock;

use num_bigint::{BigInt, Sign};
use num_traits::{ToPrimitive, Zero};

use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static INT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "int", None, &INT_METHODS, Some(int_new)));
pub static BOOL: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "bool", Some(&INT), &[], Some(bool_new)));
pub static FLOAT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "float", None, &FLOAT_METHODS, Some(float_new)));
pub static COMPLEX: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "complex", None, &COMPLEX_METHODS, Some(complex_new)));

// ------------------------------------------------------------------ parsing

/// `int(text, base)` as Python parses it: surrounding whitespace, a sign,
/// `_` between digits, a `0x`/`0o`/`0b` prefix matching the base (or any,
/// with base 0).
pub fn parse_int(text: &str, base: u32) -> Option<Py> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = t.to_ascii_lowercase();
    let (base, digits) = match (base, lower.get(..2)) {
        // After a base prefix one `_` may come first (`0x_ff`).
        (0 | 16, Some("0x")) => (16, lower[2..].strip_prefix('_').unwrap_or(&lower[2..])),
        (0 | 8, Some("0o")) => (8, lower[2..].strip_prefix('_').unwrap_or(&lower[2..])),
        (0 | 2, Some("0b")) => (2, lower[2..].strip_prefix('_').unwrap_or(&lower[2..])),
        (0, _) => {
            // Base 0 without a prefix: decimal, and no leading zeros.
            if lower.len() > 1 && lower.starts_with('0') && !lower.trim_start_matches(['0', '_']).is_empty() {
                return None;
            }
            (10, &lower[..])
        }
        (b, _) => (b, &lower[..]),
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__") {
        return None;
    }
    let clean: String = digits.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(base)) {
        // Python accepts any Unicode decimal digit; map them for base 10.
        if base == 10 && clean.chars().all(|c| c.is_numeric() && c.to_digit(10).is_none() && unicode_digit(c).is_some())
        {
            let mapped: String = clean.chars().filter_map(unicode_digit).collect();
            return parse_int(&mapped, 10).map(|v| if neg { negate(v) } else { v });
        }
        return None;
    }
    if base == 10 && clean.len() > crate::runtime::semantics::MAX_STR_DIGITS {
        return None;
    }
    let n = BigInt::parse_bytes(clean.as_bytes(), base)?;
    Some(Py::from_bigint(if neg { -n } else { n }))
}

fn negate(v: Py) -> Py {
    match v {
        Py::Int(n) => n.checked_neg().map_or_else(|| Py::from_bigint(-BigInt::from(n)), Py::Int),
        Py::BigInt(b) => Py::from_bigint(-(*b).clone()),
        other => other,
    }
}

/// A decimal digit of another script (Arabic-Indic, Devanagari, fullwidth).
fn unicode_digit(c: char) -> Option<char> {
    const ZEROS: &[u32] = &[0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xff10, 0x1d7ce];
    let u = c as u32;
    ZEROS.iter().find(|&&z| (z..z + 10).contains(&u)).map(|&z| char::from(b'0' + (u - z) as u8))
}

/// `float(text)`: decimal and exponent forms, `inf`, `nan`, `infinity`,
/// `_` between digits.
pub fn parse_float(text: &str) -> Option<f64> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if !t.is_ascii() {
        // Decimal digits of other scripts read as their ASCII digits.
        let mapped: Option<String> = t.chars().map(|c| if c.is_ascii() { Some(c) } else { unicode_digit(c) }).collect();
        return parse_float(&mapped?);
    }
    let lower = t.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, &lower[1..]),
        Some(b'+') => (1.0, &lower[1..]),
        _ => (1.0, &lower[..]),
    };
    match body {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(semantics::num::fresh_nan().copysign(sign)),
        _ => {}
    }
    if body.is_empty() || body.starts_with('_') || body.ends_with('_') || body.contains("__") {
        return None;
    }
    let ok_underscores = body.char_indices().all(|(i, c)| {
        c != '_' || {
            let b = body.as_bytes();
            i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        }
    });
    if !ok_underscores {
        return None;
    }
    let clean: String = body.chars().filter(|&c| c != '_').collect();
    if !clean.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-')) || clean.starts_with('e') {
        return None;
    }
    clean.parse::<f64>().ok().map(|f| sign * f)
}

// ------------------------------------------------------------------ int

fn int_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [x, base] = args.bind("int", ["x?", "base?"])?;
    let Some(x) = x else {
        if base.is_some() {
            return Err(exceptions::type_error("int() missing string argument"));
        }
        return Ok(Py::Int(0));
    };
    if let Some(base) = base {
        let b = args::to_int("int", &base)?;
        if b != 0 && !(2..=36).contains(&b) {
            return Err(exceptions::value_error("int() base must be >= 2 and <= 36, or 0"));
        }
        let text = match &x {
            Py::Str(s) => s.to_string(),
            Py::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            _ => return Err(exceptions::type_error("int() can't convert non-string with explicit base")),
        };
        too_many_digits(&text, b as u32)?;
        return parse_int(&text, b as u32).ok_or_else(|| invalid_literal(cx, &x, b));
    }
    int_of(cx, &x)
}

/// CPython's limit on decimal text turned into an int (a well-formed
/// decimal literal longer than the limit is refused with its own error).
fn too_many_digits(text: &str, base: u32) -> PyResult<()> {
    if base != 10 {
        return Ok(());
    }
    let body = text.trim().trim_start_matches(['+', '-']);
    let digits = body.chars().filter(|c| *c != '_').count();
    let well_formed = body.chars().all(|c| c.is_ascii_digit() || c == '_');
    if well_formed && digits > crate::runtime::semantics::MAX_STR_DIGITS {
        return Err(exceptions::value_error(format!(
            "Exceeds the limit ({} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit",
            crate::runtime::semantics::MAX_STR_DIGITS
        )));
    }
    Ok(())
}

fn invalid_literal(cx: &Cx, x: &Py, base: i64) -> exceptions::PyErr {
    let shown = semantics::repr(cx, x).unwrap_or_default();
    exceptions::value_error(format!("invalid literal for int() with base {base}: {shown}"))
}

/// `int(x)` with one argument.
pub fn int_of(cx: &Cx, x: &Py) -> PyResult<Py> {
    match x {
        Py::Int(_) | Py::BigInt(_) => Ok(x.clone()),
        Py::Bool(b) => Ok(Py::Int(i64::from(*b))),
        Py::Float(f) => float_to_int(*f),
        Py::Str(s) => {
            too_many_digits(s, 10)?;
            parse_int(s, 10).ok_or_else(|| invalid_literal(cx, x, 10))
        }
        Py::Bytes(b) => parse_int(&String::from_utf8_lossy(b), 10).ok_or_else(|| invalid_literal(cx, x, 10)),
        Py::Obj(_) | Py::Client(_) => match semantics::index_value(x) {
            Some(v) => Ok(v),
            None => match super::attr::call_method(cx, x, "__int__", Args::default()) {
                Ok(v) => Ok(v),
                Err(e) if e.is("AttributeError") => Err(int_type_error(x)),
                Err(e) => Err(e),
            },
        },
        other => Err(int_type_error(other)),
    }
}

fn int_type_error(x: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        semantics::type_name(x)
    ))
}

/// Truncates a float to an int (`int(2.7)`).
pub fn float_to_int(f: f64) -> PyResult<Py> {
    if f.is_nan() {
        return Err(exceptions::value_error("cannot convert float NaN to integer"));
    }
    if f.is_infinite() {
        return Err(exceptions::overflow_error("cannot convert float infinity to integer"));
    }
    let t = f.trunc();
    if t.abs() < 9.0e18 {
        return Ok(Py::Int(t as i64));
    }
    Ok(Py::from_bigint(BigInt::parse_bytes(format!("{t:.0}").as_bytes(), 10).unwrap_or_default()))
}

fn big_of(v: &Py) -> Option<BigInt> {
    match semantics::index_value(v)? {
        Py::Int(n) => Some(BigInt::from(n)),
        Py::BigInt(b) => Some((*b).clone()),
        _ => None,
    }
}

fn int_self(this: &Py) -> PyResult<BigInt> {
    big_of(this).ok_or_else(|| exceptions::type_error("descriptor requires an 'int' object"))
}

fn bit_length(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("bit_length")?;
    Ok(Py::from(int_self(this)?.bits()))
}

fn bit_count(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("bit_count")?;
    let n = int_self(this)?;
    Ok(Py::from(n.magnitude().iter_u64_digits().map(|d| u64::from(d.count_ones())).sum::<u64>()))
}

fn byteorder_arg(v: Option<Py>) -> PyResult<bool> {
    match v.as_ref().map(|v| args::as_str("to_bytes", v)).transpose()? {
        None | Some("big") => Ok(true),
        Some("little") => Ok(false),
        Some(_) => Err(exceptions::value_error("byteorder must be either 'little' or 'big'")),
    }
}

fn to_bytes(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [length, byteorder, signed] = args.bind("to_bytes", ["length?", "byteorder?", "$signed?"])?;
    let n = int_self(this)?;
    let length = length.map(|l| args::to_int("to_bytes", &l)).transpose()?.unwrap_or(1);
    if length < 0 {
        return Err(exceptions::value_error("length argument must be non-negative"));
    }
    let big_endian = byteorder_arg(byteorder)?;
    let signed = args::opt_bool(cx, signed.as_ref(), false)?;
    if !signed && n.sign() == Sign::Minus {
        return Err(exceptions::overflow_error("can't convert negative int to unsigned"));
    }
    let mut bytes = if signed { n.to_signed_bytes_be() } else { n.to_bytes_be().1 };
    if n.is_zero() {
        bytes = Vec::new();
    }
    let length = length as usize;
    if bytes.len() > length {
        // A positive signed number may carry one leading zero byte too many.
        return Err(exceptions::overflow_error("int too big to convert"));
    }
    let fill = if signed && n.sign() == Sign::Minus { 0xff } else { 0 };
    let mut out = vec![fill; length - bytes.len()];
    out.extend(bytes);
    if !big_endian {
        out.reverse();
    }
    Ok(Py::bytes(out))
}

fn from_bytes(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [data, byteorder, signed] = args.bind("from_bytes", ["bytes", "byteorder?", "$signed?"])?;
    let data = req(data);
    let mut bytes: Vec<u8> = match &data {
        Py::Bytes(b) => b.to_vec(),
        other => semantics::iterate(cx, other)?
            .iter()
            .map(|v| match args::to_int("from_bytes", v) {
                Ok(n) if (0..256).contains(&n) => Ok(n as u8),
                Ok(_) => Err(exceptions::value_error("bytes must be in range(0, 256)")),
                Err(e) => Err(e),
            })
            .collect::<PyResult<_>>()?,
    };
    if !byteorder_arg(byteorder)? {
        bytes.reverse();
    }
    let signed = args::opt_bool(cx, signed.as_ref(), false)?;
    let n = if signed { BigInt::from_signed_bytes_be(&bytes) } else { BigInt::from_bytes_be(Sign::Plus, &bytes) };
    Ok(Py::from_bigint(n))
}

fn as_integer_ratio(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("as_integer_ratio")?;
    match this {
        Py::Float(f) => float_ratio(*f),
        other => Ok(Py::tuple(vec![Py::from_bigint(int_self(other)?), Py::Int(1)])),
    }
}

fn float_ratio(f: f64) -> PyResult<Py> {
    if f.is_nan() {
        return Err(exceptions::value_error("cannot convert NaN to integer ratio"));
    }
    if f.is_infinite() {
        return Err(exceptions::overflow_error("cannot convert Infinity to integer ratio"));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = if exp == 0 { (bits & ((1 << 52) - 1)) << 1 } else { (bits & ((1 << 52) - 1)) | (1 << 52) };
    let mut e = exp - 1075;
    let mut m = BigInt::from(mant);
    if f < 0.0 {
        m = -m;
    }
    if m.is_zero() {
        return Ok(Py::tuple(vec![Py::Int(0), Py::Int(1)]));
    }
    while e < 0 && (&m & BigInt::from(1)).is_zero() {
        m >>= 1;
        e += 1;
    }
    Ok(if e >= 0 {
        Py::tuple(vec![Py::from_bigint(m << e as usize), Py::Int(1)])
    } else {
        Py::tuple(vec![Py::from_bigint(m), Py::from_bigint(BigInt::from(1) << (-e) as usize)])
    })
}

fn identity(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(match this {
        Py::Bool(b) => Py::Int(i64::from(*b)),
        other => other.clone(),
    })
}

fn zero(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(match this {
        Py::Float(_) => Py::Float(0.0),
        _ => Py::Int(0),
    })
}

fn one(_cx: &Cx, _this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::Int(1))
}

static INT_METHODS: [Method; 10] = [
    method("bit_length", bit_length),
    method("bit_count", bit_count),
    method("to_bytes", to_bytes),
    class_method("from_bytes", from_bytes),
    method("as_integer_ratio", as_integer_ratio),
    method("conjugate", identity),
    property("real", identity),
    property("imag", zero),
    property("numerator", identity),
    property("denominator", one),
];

fn bool_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [x] = args.bind("bool", ["x?"])?;
    match x {
        None => Ok(Py::Bool(false)),
        Some(x) => Ok(Py::Bool(semantics::truthy(cx, &x)?)),
    }
}

// ------------------------------------------------------------------ float

fn float_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [x] = args.bind("float", ["x?"])?;
    let Some(x) = x else { return Ok(Py::Float(0.0)) };
    float_of(cx, &x)
}

/// `float(x)`.
pub fn float_of(cx: &Cx, x: &Py) -> PyResult<Py> {
    match x {
        Py::Str(s) => parse_float(s).map(Py::Float).ok_or_else(|| {
            exceptions::value_error(format!(
                "could not convert string to float: {}",
                semantics::repr(cx, x).unwrap_or_default()
            ))
        }),
        Py::Bytes(b) => parse_float(&String::from_utf8_lossy(b)).map(Py::Float).ok_or_else(|| {
            exceptions::value_error(format!(
                "could not convert string to float: {}",
                semantics::repr(cx, x).unwrap_or_default()
            ))
        }),
        other => match semantics::float_value(other) {
            Some(f) => Ok(Py::Float(f?)),
            None => match other {
                Py::Obj(_) | Py::Client(_) => match super::attr::call_method(cx, other, "__float__", Args::default()) {
                    Ok(v) => Ok(v),
                    Err(e) if e.is("AttributeError") => Err(float_type_error(other)),
                    Err(e) => Err(e),
                },
                _ => Err(float_type_error(other)),
            },
        },
    }
}

fn float_type_error(x: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        semantics::type_name(x)
    ))
}

fn float_self(this: &Py) -> PyResult<f64> {
    match this {
        Py::Float(f) => Ok(*f),
        _ => Err(exceptions::type_error("descriptor requires a 'float' object")),
    }
}

fn is_integer(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("is_integer")?;
    let f = float_self(this)?;
    Ok(Py::Bool(f.is_finite() && f.fract() == 0.0))
}

fn float_hex(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("hex")?;
    let f = float_self(this)?;
    if f.is_nan() {
        return Ok(Py::str("nan"));
    }
    if f.is_infinite() {
        return Ok(Py::str(if f > 0.0 { "inf" } else { "-inf" }));
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return Ok(Py::str(format!("{sign}0x0.0p+0")));
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let mant = bits & ((1 << 52) - 1);
    let (lead, e) = if exp == 0 { (0, -1022) } else { (1, exp - 1023) };
    let digits = format!("{mant:013x}");
    Ok(Py::str(format!("{sign}0x{lead}.{digits}p{}{}", if e >= 0 { "+" } else { "-" }, e.abs())))
}

fn float_fromhex(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [s] = args.bind("fromhex", ["string"])?;
    let s = args::to_str("fromhex", &req(s))?;
    parse_hex_float(&s)?
        .map(Py::Float)
        .ok_or_else(|| exceptions::value_error("invalid hexadecimal floating-point string"))
}

/// `float.fromhex`: the exact value `mantissa * 2**exponent`, correctly
/// rounded; `OverflowError` past the largest float.
fn parse_hex_float(text: &str) -> PyResult<Option<f64>> {
    let t = text.trim().to_ascii_lowercase();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.to_owned()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_owned()),
    };
    match t.as_str() {
        "inf" | "infinity" => return Ok(Some(if neg { f64::NEG_INFINITY } else { f64::INFINITY })),
        "nan" => return Ok(Some(semantics::num::fresh_nan())),
        _ => {}
    }
    let t = t.strip_prefix("0x").unwrap_or(&t);
    let (mant, exp) = match t.split_once('p') {
        Some((m, e)) => match e.parse::<i64>() {
            Ok(e) => (m, e),
            Err(_) => return Ok(None),
        },
        None => (t, 0),
    };
    let (int_part, frac_part) = mant.split_once('.').unwrap_or((mant, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return Ok(None);
    }
    let digits: String = format!("{int_part}{frac_part}");
    if !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let m = BigInt::parse_bytes(digits.as_bytes(), 16).unwrap_or_default();
    let e = exp.saturating_sub(4 * frac_part.len() as i64);
    let too_large = || exceptions::overflow_error("hexadecimal value too large to represent as a float");
    let v = if m.is_zero() {
        0.0
    } else if e >= 0 {
        if m.bits() as i64 + e > 1100 {
            return Err(too_large());
        }
        semantics::num::big_to_f64(&(m << e as usize)).map_err(|_| too_large())?
    } else if (m.bits() as i64) + e < -1100 {
        0.0
    } else {
        semantics::num::true_div(&m, &(BigInt::from(1u32) << (-e) as usize)).map_err(|_| too_large())?
    };
    Ok(Some(if neg { -v } else { v }))
}

static FLOAT_METHODS: [Method; 7] = [
    method("is_integer", is_integer),
    method("hex", float_hex),
    class_method("fromhex", float_fromhex),
    method("as_integer_ratio", as_integer_ratio),
    method("conjugate", identity),
    property("real", identity),
    property("imag", zero),
];

// ------------------------------------------------------------------ complex

fn complex_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [re, im] = args.bind("complex", ["real?", "imag?"])?;
    let part = |v: &Py| -> PyResult<(f64, f64)> {
        match v {
            Py::Complex(a, b) => Ok((*a, *b)),
            other => match semantics::float_value(other) {
                Some(f) => Ok((f?, 0.0)),
                None => Err(exceptions::type_error(format!(
                    "complex() first argument must be a string or a number, not '{}'",
                    semantics::type_name(other)
                ))),
            },
        }
    };
    let (a, b) = match &re {
        None => (0.0, 0.0),
        Some(Py::Str(s)) => {
            if im.is_some() {
                return Err(exceptions::type_error("complex() can't take second arg if first is a string"));
            }
            return parse_complex(s)
                .map(|(a, b)| Py::Complex(a, b))
                .ok_or_else(|| exceptions::value_error("complex() arg is a malformed string"));
        }
        Some(v @ Py::Obj(_)) if im.is_none() && super::attr::hasattr(cx, v, "__complex__")? => {
            // complex(obj) asks obj.__complex__() (a UserString's).
            return match super::attr::call_method(cx, v, "__complex__", Args::default())? {
                c @ Py::Complex(..) => Ok(c),
                other => Err(exceptions::type_error(format!(
                    "__complex__ returned non-complex (type {})",
                    semantics::type_name(&other)
                ))),
            };
        }
        Some(v) => part(v)?,
    };
    let (c, d) = match &im {
        None => (0.0, 0.0),
        Some(v) => part(v)?,
    };
    // CPython only mixes the parts of arguments that are complex:
    // complex(0.0, -0.0) keeps the imaginary part's sign.
    let re_is_complex = matches!(re, Some(Py::Complex(..)));
    let im_is_complex = matches!(im, Some(Py::Complex(..)));
    let real = if im_is_complex { a - d } else { a };
    let imag = match (re_is_complex, im.is_some()) {
        (true, true) => b + c,
        (true, false) => b,
        (false, _) => c,
    };
    Ok(Py::Complex(real, imag))
}

fn parse_complex(text: &str) -> Option<(f64, f64)> {
    let t = text.trim();
    let t = t.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(t).trim();
    if let Some(body) = t.strip_suffix(['j', 'J']) {
        // Split at the last sign that is not an exponent's.
        let bytes = body.as_bytes();
        let split =
            (1..bytes.len()).rev().find(|&i| matches!(bytes[i], b'+' | b'-') && !matches!(bytes[i - 1], b'e' | b'E'));
        return match split {
            Some(i) => {
                let imag = match &body[i..] {
                    "+" => 1.0,
                    "-" => -1.0,
                    s => parse_float(s)?,
                };
                Some((parse_float(&body[..i])?, imag))
            }
            None => Some((
                0.0,
                match body {
                    "" | "+" => 1.0,
                    "-" => -1.0,
                    s => parse_float(s)?,
                },
            )),
        };
    }
    parse_float(t).map(|f| (f, 0.0))
}

fn complex_self(this: &Py) -> PyResult<(f64, f64)> {
    match this {
        Py::Complex(a, b) => Ok((*a, *b)),
        _ => Err(exceptions::type_error("descriptor requires a 'complex' object")),
    }
}

static COMPLEX_METHODS: [Method; 3] = [
    method("conjugate", |_, this, _| complex_self(this).map(|(a, b)| Py::Complex(a, -b))),
    property("real", |_, this, _| complex_self(this).map(|(a, _)| Py::Float(a))),
    property("imag", |_, this, _| complex_self(this).map(|(_, b)| Py::Float(b))),
];

/// `abs(x)` for numbers.
pub fn abs(v: &Py) -> Option<PyResult<Py>> {
    Some(match v {
        Py::Int(n) => {
            Ok(n.checked_abs().map_or_else(|| Py::from_bigint(BigInt::from(*n).magnitude().clone().into()), Py::Int))
        }
        Py::Bool(b) => Ok(Py::Int(i64::from(*b))),
        Py::BigInt(b) => Ok(Py::from_bigint(BigInt::from(b.magnitude().clone()))),
        Py::Float(f) => Ok(Py::Float(f.abs())),
        Py::Complex(a, b) => {
            let r = a.hypot(*b);
            if r.is_infinite() && a.is_finite() && b.is_finite() {
                Err(exceptions::overflow_error("absolute value too large"))
            } else {
                Ok(Py::Float(r))
            }
        }
        _ => return None,
    })
}

/// `round(x[, ndigits])`, half to even, on the exact value of floats.
pub fn round(cx: &Cx, x: &Py, ndigits: Option<&Py>) -> PyResult<Py> {
    let x = x.clone();
    let nd = match &ndigits {
        None | Some(Py::None) => None,
        Some(n) => Some(args::to_int("round", n)?),
    };
    match (&x, nd) {
        (Py::Float(f), None) => {
            let r = f.round_ties_even();
            float_to_int(r)
        }
        (Py::Float(f), Some(n)) => Ok(Py::Float(round_float(*f, n)?)),
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), None) => Ok(semantics::index_value(&x).unwrap_or(Py::Int(0))),
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), Some(n)) if n >= 0 => {
            Ok(semantics::index_value(&x).unwrap_or(Py::Int(0)))
        }
        (Py::Int(_) | Py::BigInt(_) | Py::Bool(_), Some(n)) => {
            let v = big_of(&x).unwrap_or_default();
            let p = BigInt::from(10).pow((-n).min(10_000) as u32);
            let (q, r) = (v.div_floor_py(&p), v.mod_floor_py(&p));
            let twice = &r * 2;
            let up = twice > p || (twice == p && (&q % 2) != BigInt::zero());
            Ok(Py::from_bigint((if up { q + 1 } else { q }) * p))
        }
        // Only a class's own __round__ (the generic one is this function).
        _ => match super::type_of(&x).lookup("__round__") {
            Some(m) => (m.func)(cx, &x, Args::positional(ndigits.into_iter().cloned().collect())),
            None if matches!(x, Py::Client(_)) => crate::objects::attr::call_method(
                cx,
                &x,
                "__round__",
                Args::positional(ndigits.into_iter().cloned().collect()),
            ),
            None => Err(exceptions::type_error(format!(
                "type {} doesn't define __round__ method",
                semantics::type_name(&x)
            ))),
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

/// A float rounded to `n` decimal digits as CPython does: on the exact
/// binary value, ties to even, the result correctly rounded back to a
/// float (`round(2.675, 2)` is 2.67; `round(1e300, -300)` is 1e300).
fn round_float(x: f64, n: i64) -> PyResult<f64> {
    if !x.is_finite() || x == 0.0 {
        return Ok(x);
    }
    // Past these, the result is x itself or a signed zero (CPython's
    // NDIGITS_MAX / NDIGITS_MIN).
    if n > 323 {
        return Ok(x);
    }
    if n < -308 {
        return Ok(0.0f64.copysign(x));
    }
    // x = mant * 2**exp exactly.
    let bits = x.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    let (mant, exp) = if biased == 0 {
        (bits & ((1 << 52) - 1), -1074)
    } else {
        ((bits & ((1 << 52) - 1)) | (1 << 52), biased - 1075)
    };
    let ten = BigInt::from(10u32);
    let (mut num, mut den) = (BigInt::from(mant), BigInt::from(1u32));
    if exp >= 0 {
        num <<= exp as usize;
    } else {
        den <<= (-exp) as usize;
    }
    if n >= 0 {
        num *= ten.pow(n as u32);
    } else {
        den *= ten.pow((-n) as u32);
    }
    // q = round-half-even(num / den)
    let (mut q, r) = (&num / &den, &num % &den);
    let twice = r * 2u32;
    if twice > den || (twice == den && (&q % 2u32) == BigInt::from(1u32)) {
        q += 1u32;
    }
    let magnitude = if n >= 0 {
        if q.sign() == Sign::NoSign {
            0.0
        } else {
            semantics::num::true_div(&q, &ten.pow(n as u32))?
        }
    } else {
        semantics::num::big_to_f64(&(q * ten.pow((-n) as u32)))
            .map_err(|_| exceptions::overflow_error("rounded value too large to represent"))?
    };
    Ok(magnitude.copysign(x))
}

/// An int as i64 when it fits.
pub fn small(v: &Py) -> Option<i64> {
    match v {
        Py::Int(n) => Some(*n),
        Py::Bool(b) => Some(i64::from(*b)),
        Py::BigInt(b) => b.to_i64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_text_parses_like_python() {
        let show = |t: &str, b: u32| parse_int(t, b).map(|v| format!("{v:?}"));
        assert_eq!(show(" 42 ", 10).as_deref(), Some("42"));
        assert_eq!(show("-0x_ff", 0).as_deref(), Some("-255"));
        assert_eq!(show("1_000", 10).as_deref(), Some("1000"));
        assert_eq!(show("ff", 16).as_deref(), Some("255"));
        assert_eq!(show("0b101", 2).as_deref(), Some("5"));
        assert_eq!(show("z", 36).as_deref(), Some("35"));
        assert!(parse_int("010", 0).is_none());
        assert_eq!(show("000", 0).as_deref(), Some("0"));
        assert!(parse_int("1__0", 10).is_none());
        assert!(parse_int("_1", 10).is_none());
        assert!(parse_int("1.5", 10).is_none());
        assert!(parse_int("", 10).is_none());
        assert_eq!(show("١٢", 10).as_deref(), Some("12"));
    }

    #[test]
    fn float_text_parses_like_python() {
        assert_eq!(parse_float(" 1.5 "), Some(1.5));
        assert_eq!(parse_float("1_000.5"), Some(1000.5));
        assert_eq!(parse_float("-inf"), Some(f64::NEG_INFINITY));
        assert_eq!(parse_float("1e3"), Some(1000.0));
        assert_eq!(parse_float(".5"), Some(0.5));
        assert!(parse_float("1_").is_none());
        assert!(parse_float("abc").is_none());
        assert!(parse_float("e5").is_none());
        assert!(parse_float("0x10").is_none());
    }
}
