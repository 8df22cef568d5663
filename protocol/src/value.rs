//! The value model: every value brine carries, plus the plain containers
//! (list, dict, set, records) that only travel by reference on the wire but
//! come back by value through PICKLE (`rpyc.classic.obtain`).

use std::fmt::{self, Write as _};

use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// A Python value.
///
/// Integers are kept as `Int(i64)` whenever they fit; `BigInt` is only used
/// for values outside the `i64` range (the constructors in this module keep
/// that invariant, so two equal integers always compare equal).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    None,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Complex(f64, f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Value>),
    /// Elements in the order they were received (Python's set iteration
    /// order), so a decoded frozenset re-encodes to the same bytes.
    FrozenSet(Vec<Value>),
    /// `slice(start, stop, step)`.
    Slice(Box<[Value; 3]>),
    Ellipsis,
    NotImplemented,
    // ---- not brine-dumpable: produced by PICKLE decoding, or by a service ----
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    ByteArray(Vec<u8>),
    /// An instance of a plain Python class (a record), as pickle rebuilds it:
    /// `class(*args)` then its state (a dict of attributes, or for
    /// structseqs such as `os.stat_result`, a tuple).
    Record(Box<Record>),
}

/// An object rebuilt from pickle by calling a class: `os.stat_result`,
/// `subprocess.CompletedProcess`, a named tuple, ...
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// `module.QualName` of the class, e.g. `os.stat_result`.
    pub class: String,
    /// Positional arguments the class was called with.
    pub args: Vec<Value>,
    /// The state set after construction (`__setstate__` / `__dict__`), if any.
    pub state: Option<Value>,
}

impl Value {
    /// Builds an integer value, normalising to `Int` when it fits in an i64.
    pub fn from_bigint(n: BigInt) -> Value {
        match n.to_i64() {
            Some(small) => Value::Int(small),
            None => Value::BigInt(n),
        }
    }

    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// Whether brine can encode this value (recursively). Anything else must
    /// be sent by reference.
    pub fn is_dumpable(&self) -> bool {
        match self {
            Value::Tuple(items) | Value::FrozenSet(items) => items.iter().all(Value::is_dumpable),
            Value::Slice(parts) => parts.iter().all(Value::is_dumpable),
            Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::ByteArray(_) | Value::Record(_) => false,
            _ => true,
        }
    }

    /// The Python type name (`type(v).__name__`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Bool(_) => "bool",
            Value::Int(_) | Value::BigInt(_) => "int",
            Value::Float(_) => "float",
            Value::Complex(..) => "complex",
            Value::Str(_) => "str",
            Value::Bytes(_) => "bytes",
            Value::Tuple(_) => "tuple",
            Value::FrozenSet(_) => "frozenset",
            Value::Slice(_) => "slice",
            Value::Ellipsis => "ellipsis",
            Value::NotImplemented => "NotImplementedType",
            Value::List(_) => "list",
            Value::Dict(_) => "dict",
            Value::Set(_) => "set",
            Value::ByteArray(_) => "bytearray",
            Value::Record(_) => "object",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(n) => Some(*n),
            Value::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    /// Python truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            Value::BigInt(_) => true,
            Value::Float(f) => *f != 0.0,
            Value::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Bytes(b) | Value::ByteArray(b) => !b.is_empty(),
            Value::Tuple(v) | Value::FrozenSet(v) | Value::List(v) | Value::Set(v) => !v.is_empty(),
            Value::Dict(d) => !d.is_empty(),
            Value::Slice(_) | Value::Ellipsis | Value::NotImplemented | Value::Record(_) => true,
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Int(n.into())
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Self {
        Value::Int(n.into())
    }
}
impl From<u64> for Value {
    fn from(n: u64) -> Self {
        match i64::try_from(n) {
            Ok(small) => Value::Int(small),
            Err(_) => Value::BigInt(n.into()),
        }
    }
}
impl From<usize> for Value {
    fn from(n: usize) -> Self {
        Value::from(n as u64)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(s)
    }
}
impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Self {
        Value::Bytes(b)
    }
}
impl From<BigInt> for Value {
    fn from(n: BigInt) -> Self {
        Value::from_bigint(n)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::None, Into::into)
    }
}

/// `Display` is Python's `repr()`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::None => f.write_str("None"),
            Value::Bool(true) => f.write_str("True"),
            Value::Bool(false) => f.write_str("False"),
            Value::Int(n) => write!(f, "{n}"),
            Value::BigInt(n) => write!(f, "{n}"),
            Value::Float(x) => f.write_str(&float_repr(*x)),
            Value::Complex(re, im) => f.write_str(&complex_repr(*re, *im)),
            Value::Str(s) => f.write_str(&str_repr(s)),
            Value::Bytes(b) => f.write_str(&bytes_repr(b)),
            Value::ByteArray(b) => write!(f, "bytearray({})", bytes_repr(b)),
            Value::Tuple(items) => {
                f.write_char('(')?;
                write_items(f, items)?;
                if items.len() == 1 {
                    f.write_char(',')?;
                }
                f.write_char(')')
            }
            Value::List(items) => {
                f.write_char('[')?;
                write_items(f, items)?;
                f.write_char(']')
            }
            Value::Set(items) if items.is_empty() => f.write_str("set()"),
            Value::Set(items) => {
                f.write_char('{')?;
                write_items(f, items)?;
                f.write_char('}')
            }
            Value::FrozenSet(items) if items.is_empty() => f.write_str("frozenset()"),
            Value::FrozenSet(items) => {
                f.write_str("frozenset({")?;
                write_items(f, items)?;
                f.write_str("})")
            }
            Value::Dict(pairs) => {
                f.write_char('{')?;
                for (i, (k, v)) in pairs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_char('}')
            }
            Value::Slice(parts) => write!(f, "slice({}, {}, {})", parts[0], parts[1], parts[2]),
            Value::Ellipsis => f.write_str("Ellipsis"),
            Value::NotImplemented => f.write_str("NotImplemented"),
            Value::Record(rec) => {
                write!(f, "{}(", rec.class)?;
                write_items(f, &rec.args)?;
                if let Some(state) = &rec.state {
                    if !rec.args.is_empty() {
                        f.write_str(", ")?;
                    }
                    write!(f, "state={state}")?;
                }
                f.write_char(')')
            }
        }
    }
}

fn write_items(f: &mut fmt::Formatter<'_>, items: &[Value]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}

/// Python's `repr(float)`: shortest round-trip digits, fixed notation for
/// exponents in -4..16, scientific (`1e+16`) otherwise.
pub fn float_repr(x: f64) -> String {
    let mut s = float_repr_bare(x);
    if x.is_finite() && !s.contains(['.', 'e']) {
        s.push_str(".0");
    }
    s
}

/// Like [`float_repr`] but without forcing a `.0` (as inside a complex repr).
fn float_repr_bare(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0".into() } else { "0".into() };
    }
    // `{:e}` gives the shortest round-trip digits as d.ddddde<exp>.
    let sci = format!("{x:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.push_str("0.");
            for _ in 0..(-exp - 1) {
                out.push('0');
            }
            out.push_str(&digits);
        } else {
            let point = exp as usize + 1;
            if digits.len() <= point {
                out.push_str(&digits);
                for _ in digits.len()..point {
                    out.push('0');
                }
            } else {
                out.push_str(&digits[..point]);
                out.push('.');
                out.push_str(&digits[point..]);
            }
        }
    } else {
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        let _ = write!(out, "e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    out
}

fn complex_repr(re: f64, im: f64) -> String {
    let imag = float_repr_bare(im);
    if re == 0.0 && re.is_sign_positive() {
        return format!("{imag}j");
    }
    let sign = if imag.starts_with('-') { "" } else { "+" };
    format!("({}{sign}{imag}j)", float_repr_bare(re))
}

/// Python's `repr(str)`.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || (0x7f..=0xa0).contains(&(c as u32)) || c == '\u{ad}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_unprintable(c) => {
                if (c as u32) <= 0xffff {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// An approximation of `not str.isprintable()` for code points above Latin-1:
/// separators, surrogates, private use, unassigned specials and format
/// characters that Python escapes in reprs.
fn is_unprintable(c: char) -> bool {
    let u = c as u32;
    matches!(u,
        0x2028 | 0x2029 | 0x200b..=0x200f | 0x202a..=0x202e | 0x2060..=0x2064
        | 0x2066..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xe000..=0xf8ff
        | 0xfffe | 0xffff | 0x1680 | 0x2000..=0x200a | 0x202f | 0x205f | 0x3000
        | 0xf0000..=0x10ffff)
}

/// Python's `repr(bytes)`.
pub fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            c if char::from(c) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(byte)),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out.push(quote);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_reprs_match_python() {
        for (x, want) in [
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (123456.789, "123456.789"),
            (f64::INFINITY, "inf"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
        ] {
            assert_eq!(float_repr(x), want, "repr({x:e})");
        }
    }

    #[test]
    fn complex_reprs_match_python() {
        assert_eq!(Value::Complex(2.0, 3.0).to_string(), "(2+3j)");
        assert_eq!(Value::Complex(0.0, 1.5).to_string(), "1.5j");
        assert_eq!(Value::Complex(-1.0, -2.0).to_string(), "(-1-2j)");
    }

    #[test]
    fn container_reprs_match_python() {
        let v = Value::Tuple(vec![Value::Int(1)]);
        assert_eq!(v.to_string(), "(1,)");
        let d = Value::Dict(vec![(Value::str("a"), Value::List(vec![Value::None, true.into()]))]);
        assert_eq!(d.to_string(), "{'a': [None, True]}");
        assert_eq!(Value::str("it's").to_string(), "\"it's\"");
        assert_eq!(Value::Bytes(b"\x00a'".to_vec()).to_string(), "b\"\\x00a'\"");
        assert_eq!(Value::str("é\n").to_string(), "'é\\n'");
    }

    #[test]
    fn integers_normalise() {
        assert_eq!(Value::from_bigint(BigInt::from(5)), Value::Int(5));
        assert_eq!(Value::from(u64::MAX), Value::BigInt(BigInt::from(u64::MAX)));
    }
}
