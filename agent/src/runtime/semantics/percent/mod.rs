//! printf-style formatting: `str % args` and `bytes % args`, as CPython
//! 3.11's `PyUnicode_Format` and `_PyBytes_FormatEx` do it: one argument,
//! a tuple of them, or a mapping for `%(name)s`; flags `-+ #0`, width and
//! precision (`*` takes them from the arguments); conversions
//! `d i u o x X e E f F g G c s r a %` (and `b` for bytes).
//!
//! Bytes formats run through the same engine with each byte as the
//! character of the same code (Latin-1), so the two cannot drift apart.

use num_bigint::BigInt;
use num_traits::Signed;

use super::format_spec::{float_to_string, FloatFlags};
use super::{index_value, type_name};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// `fmt % args` for a str format.
pub fn format_str(cx: &Cx, fmt: &str, args: &Py) -> PyResult<String> {
    let chars: Vec<char> = fmt.chars().collect();
    Formatter::new(cx, args, false).run(&chars)
}

/// `fmt % args` for a bytes format.
pub fn format_bytes(cx: &Cx, fmt: &[u8], args: &Py) -> PyResult<Vec<u8>> {
    let chars: Vec<char> = fmt.iter().map(|&b| char::from(b)).collect();
    let text = Formatter::new(cx, args, true).run(&chars)?;
    // Every character is below 256 by construction.
    Ok(text.chars().map(|c| c as u32 as u8).collect())
}

const LJUST: u8 = 1;
const SIGN: u8 = 2;
const BLANK: u8 = 4;
const ALT: u8 = 8;
const ZERO: u8 = 16;

/// Kinds of value CPython treats as mappings here (they have
/// `mp_subscript`): then `%(name)s` looks names up in them, and extra
/// arguments are not an error.
fn is_mapping(v: &Py, bytes: bool) -> bool {
    const NAMES: [&str; 9] =
        ["dict", "list", "bytearray", "range", "memoryview", "mappingproxy", "OrderedDict", "defaultdict", "Counter"];
    match v {
        Py::Str(_) => false,
        Py::Bytes(_) => !bytes,
        Py::Obj(o) => {
            let t = o.ty();
            let name = t.name.to_string();
            !(bytes && name == "bytearray")
                && (NAMES.contains(&name.as_str())
                    || ["dict", "list"].iter().any(|base| t.is_subtype_named("builtins", base)))
        }
        Py::Client(_) => NAMES.contains(&type_name(v).as_str()),
        _ => false,
    }
}

/// The tuple an argument stands for (tuples and their subclasses).
fn as_tuple(v: &Py) -> Option<std::sync::Arc<[Py]>> {
    match v {
        Py::Tuple(t) => Some(t.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Tuple(t)) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

struct Formatter<'a> {
    cx: &'a Cx,
    bytes: bool,
    /// The arguments: a tuple's items, or the one argument.
    args: Vec<Py>,
    /// CPython's `arglen`/`argidx`: -1/-2 for a single argument.
    arglen: isize,
    argidx: isize,
    dict: Option<Py>,
}

/// One conversion: `%[(key)][flags][width][.precision]type`.
struct Conversion {
    flags: u8,
    width: Option<usize>,
    prec: Option<usize>,
    ch: char,
}

impl<'a> Formatter<'a> {
    fn new(cx: &'a Cx, args: &Py, bytes: bool) -> Formatter<'a> {
        let dict = is_mapping(args, bytes).then(|| args.clone());
        match as_tuple(args) {
            Some(items) => Formatter { cx, bytes, arglen: items.len() as isize, argidx: 0, args: items.to_vec(), dict },
            None => Formatter { cx, bytes, args: vec![args.clone()], arglen: -1, argidx: -2, dict },
        }
    }

    fn next_arg(&mut self) -> PyResult<Py> {
        if self.argidx < self.arglen {
            let i = self.argidx;
            self.argidx += 1;
            return Ok(if self.arglen < 0 { self.args[0].clone() } else { self.args[i as usize].clone() });
        }
        Err(exceptions::type_error("not enough arguments for format string"))
    }

    fn not_all_converted(&self) -> PyErr {
        let what = if self.bytes { "bytes" } else { "string" };
        exceptions::type_error(format!("not all arguments converted during {what} formatting"))
    }

    fn run(mut self, fmt: &[char]) -> PyResult<String> {
        let mut out = String::with_capacity(fmt.len() + 16);
        let mut pos = 0;
        while pos < fmt.len() {
            let Some(next) = fmt[pos..].iter().position(|&c| c == '%') else {
                out.extend(&fmt[pos..]);
                break;
            };
            out.extend(&fmt[pos..pos + next]);
            pos += next + 1;
            if fmt.get(pos) == Some(&'%') {
                out.push('%');
                pos += 1;
                continue;
            }
            pos = self.one(fmt, pos, &mut out)?;
            if self.dict.is_some() && self.argidx < self.arglen {
                return Err(self.not_all_converted());
            }
            if out.len() > super::MAX_BYTES {
                return Err(exceptions::memory_error("formatted string"));
            }
        }
        if self.argidx < self.arglen && self.dict.is_none() {
            return Err(self.not_all_converted());
        }
        Ok(out)
    }

    /// Reads a `*` argument for a width (a C `Py_ssize_t`) or a
    /// precision (a C `int`).
    fn star(&mut self, precision: bool) -> PyResult<i64> {
        let v = self.next_arg()?;
        let too_big = || {
            let c_type = if precision { "int" } else { "ssize_t" };
            exceptions::overflow_error(format!("Python int too large to convert to C {c_type}"))
        };
        match index_value(&v) {
            Some(Py::Int(n)) if precision && i32::try_from(n).is_err() => Err(too_big()),
            Some(Py::Int(n)) => Ok(n),
            Some(_) => Err(too_big()),
            None => Err(exceptions::type_error("* wants int")),
        }
    }

    /// Formats the conversion starting after its `%`; returns the position
    /// after it.
    fn one(&mut self, fmt: &[char], mut pos: usize, out: &mut String) -> PyResult<usize> {
        let incomplete = || exceptions::value_error("incomplete format");
        if fmt.get(pos) == Some(&'(') {
            let Some(dict) = self.dict.clone() else {
                return Err(exceptions::type_error("format requires a mapping"));
            };
            let start = pos + 1;
            let mut depth = 1;
            let mut end = start;
            while end < fmt.len() {
                match fmt[end] {
                    ')' => depth -= 1,
                    '(' => depth += 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                end += 1;
            }
            if depth > 0 {
                return Err(exceptions::value_error("incomplete format key"));
            }
            let key: String = fmt[start..end].iter().collect();
            let key = if self.bytes {
                Py::bytes(key.chars().map(|c| c as u32 as u8).collect::<Vec<u8>>())
            } else {
                Py::str(key)
            };
            let value = super::getitem(self.cx, &dict, &key)?;
            self.args = vec![value];
            self.arglen = -1;
            self.argidx = -2;
            pos = end + 1;
        }
        let mut conv = Conversion { flags: 0, width: None, prec: None, ch: '\0' };
        loop {
            let Some(&c) = fmt.get(pos) else { return Err(incomplete()) };
            pos += 1;
            conv.flags |= match c {
                '-' => LJUST,
                '+' => SIGN,
                ' ' => BLANK,
                '#' => ALT,
                '0' => ZERO,
                _ => {
                    conv.ch = c;
                    break;
                }
            };
        }
        let advance = |pos: &mut usize| -> Option<char> {
            let c = fmt.get(*pos).copied();
            *pos += 1;
            c
        };
        let mut c = Some(conv.ch);
        if c == Some('*') {
            let w = self.star(false)?;
            if w < 0 {
                conv.flags |= LJUST;
            }
            conv.width = Some(w.unsigned_abs() as usize);
            c = advance(&mut pos);
        } else if let Some(d) = c.and_then(|c| c.to_digit(10)) {
            let mut w = d as usize;
            loop {
                c = advance(&mut pos);
                let Some(d) = c.and_then(|c| c.to_digit(10)) else { break };
                if w > (isize::MAX as usize - d as usize) / 10 {
                    return Err(exceptions::value_error("width too big"));
                }
                w = w * 10 + d as usize;
            }
            conv.width = Some(w);
        }
        if c == Some('.') {
            conv.prec = Some(0);
            c = advance(&mut pos);
            if c == Some('*') {
                let p = self.star(true)?;
                conv.prec = Some(p.max(0) as usize);
                c = advance(&mut pos);
            } else if let Some(d) = c.and_then(|c| c.to_digit(10)) {
                let mut p = d as usize;
                loop {
                    c = advance(&mut pos);
                    let Some(d) = c.and_then(|c| c.to_digit(10)) else { break };
                    if p > (i32::MAX as usize - d as usize) / 10 {
                        return Err(exceptions::value_error("precision too big"));
                    }
                    p = p * 10 + d as usize;
                }
                conv.prec = Some(p);
            }
        }
        if matches!(c, Some('h' | 'l' | 'L')) {
            c = advance(&mut pos);
        }
        let Some(ch) = c else { return Err(incomplete()) };
        // Bytes formatting reports `%i` as `%d`.
        conv.ch = if self.bytes && ch == 'i' { 'd' } else { ch };
        if conv.width.is_some_and(|w| w > super::MAX_BYTES) || conv.prec.is_some_and(|p| p > super::MAX_BYTES) {
            return Err(exceptions::memory_error("formatted string"));
        }
        let v = self.next_arg()?;
        let (text, numeric) = self.convert(&v, &conv, pos - 1)?;
        write_field(out, &text, &conv, numeric);
        Ok(pos)
    }

    /// The text of one argument, and whether it is a number (signed,
    /// zero-padded).
    fn convert(&self, v: &Py, conv: &Conversion, at: usize) -> PyResult<(String, bool)> {
        let truncate = |s: String| match conv.prec {
            Some(p) if s.chars().count() > p => s.chars().take(p).collect(),
            _ => s,
        };
        Ok(match conv.ch {
            's' | 'b' if self.bytes => (truncate(bytes_text(v)?), false),
            'r' | 'a' if self.bytes => (truncate(super::ascii(self.cx, v)?), false),
            's' => (truncate(super::str(self.cx, v)?), false),
            'r' => (truncate(super::repr(self.cx, v)?), false),
            'a' => (truncate(super::ascii(self.cx, v)?), false),
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (format_long(v, conv)?, true),
            'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                let x = match super::float_value(v) {
                    Some(x) => x?,
                    None if self.bytes => {
                        return Err(exceptions::type_error(format!("float argument required, not {}", type_name(v))))
                    }
                    None => return Err(exceptions::type_error(format!("must be real number, not {}", type_name(v)))),
                };
                let flags = FloatFlags { alt: conv.flags & ALT != 0, ..FloatFlags::default() };
                (float_to_string(x, conv.ch, conv.prec.unwrap_or(6), flags), true)
            }
            'c' if self.bytes => (char::from(byte_of(v)?).to_string(), false),
            'c' => (char_of(v)?.to_string(), false),
            other => {
                let code = other as u32;
                let shown = if self.bytes || (31..=126).contains(&code) { other } else { '?' };
                return Err(exceptions::value_error(format!(
                    "unsupported format character '{shown}' (0x{code:x}) at index {at}"
                )));
            }
        })
    }
}

/// `%s`/`%b` of bytes formatting: a bytes-like argument, as Latin-1 text.
fn bytes_text(v: &Py) -> PyResult<String> {
    let data = match v {
        Py::Bytes(b) => b.clone(),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Bytes(b)) => b,
            _ => return Err(not_bytes_like(v)),
        },
        _ => return Err(not_bytes_like(v)),
    };
    Ok(data.iter().map(|&b| char::from(b)).collect())
}

fn not_bytes_like(v: &Py) -> PyErr {
    exceptions::type_error(format!(
        "%b requires a bytes-like object, or an object that implements __bytes__, not '{}'",
        type_name(v)
    ))
}

/// `%c` of str formatting: a one-character str or a code point.
fn char_of(v: &Py) -> PyResult<char> {
    let wrong = || exceptions::type_error("%c requires int or char");
    if let Py::Str(s) = v {
        let mut it = s.chars();
        return match (it.next(), it.next()) {
            (Some(c), None) => Ok(c),
            _ => Err(wrong()),
        };
    }
    match index_value(v) {
        Some(Py::Int(n)) if (0..=0x10ffff).contains(&n) => unicode::char_of(n as u32),
        Some(_) => Err(exceptions::overflow_error("%c arg not in range(0x110000)")),
        None => Err(wrong()),
    }
}

/// `%c` of bytes formatting: a byte value or a bytes of length 1.
fn byte_of(v: &Py) -> PyResult<u8> {
    let wrong = || exceptions::type_error("%c requires an integer in range(256) or a single byte");
    let single = match v {
        Py::Bytes(b) => Some(b.clone()),
        Py::Obj(o) if o.ty().name == "bytearray" => match o.base_value() {
            Some(Py::Bytes(b)) => Some(b),
            _ => None,
        },
        _ => None,
    };
    if let Some(b) = single {
        return if b.len() == 1 { Ok(b[0]) } else { Err(wrong()) };
    }
    match index_value(v) {
        Some(Py::Int(n)) if (0..256).contains(&n) => Ok(n as u8),
        Some(_) => Err(exceptions::overflow_error("%c arg not in range(256)")),
        None => Err(wrong()),
    }
}

/// The integer a `%d`/`%x` argument stands for (floats truncate for the
/// decimal conversions).
fn integer_of(v: &Py, ch: char) -> PyResult<BigInt> {
    let wrong = || {
        let what = if matches!(ch, 'o' | 'x' | 'X') { "an integer" } else { "a real number" };
        exceptions::type_error(format!("%{ch} format: {what} is required, not {}", type_name(v)))
    };
    match index_value(v) {
        Some(Py::Int(n)) => return Ok(BigInt::from(n)),
        Some(Py::BigInt(b)) => return Ok((*b).clone()),
        _ => {}
    }
    let x = match v {
        Py::Float(x) => *x,
        Py::Obj(o) => match o.base_value() {
            Some(Py::Float(x)) => x,
            _ => return Err(wrong()),
        },
        _ => return Err(wrong()),
    };
    if matches!(ch, 'o' | 'x' | 'X') {
        return Err(wrong());
    }
    if x.is_nan() {
        return Err(exceptions::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(exceptions::overflow_error("cannot convert float infinity to integer"));
    }
    Ok(super::num::float_to_big(x.trunc()))
}

/// `_PyUnicode_FormatLong`: sign, `0x`/`0o` prefix with `#`, digits
/// zero-padded to the precision.
fn format_long(v: &Py, conv: &Conversion) -> PyResult<String> {
    let n = integer_of(v, conv.ch)?;
    let (digits, prefix) = match conv.ch {
        'o' => (n.magnitude().to_str_radix(8), "0o"),
        'x' | 'X' => (n.magnitude().to_str_radix(16), "0x"),
        _ => (super::bigint_text(&n.abs())?, ""),
    };
    let mut out = String::with_capacity(digits.len() + 4);
    if n.is_negative() {
        out.push('-');
    }
    if conv.flags & ALT != 0 {
        out.push_str(prefix);
    }
    if let Some(p) = conv.prec {
        out.extend(std::iter::repeat_n('0', p.saturating_sub(digits.len())));
    }
    out.push_str(&digits);
    if conv.ch == 'X' {
        out.make_ascii_uppercase();
    }
    Ok(out)
}

/// Writes one converted field with its sign, prefix and padding
/// (`unicode_format_arg_output`).
fn write_field(out: &mut String, text: &str, conv: &Conversion, numeric: bool) {
    let fill = if numeric && conv.flags & ZERO != 0 { '0' } else { ' ' };
    let chars: Vec<char> = text.chars().collect();
    let mut len = chars.len();
    let mut at = 0;
    let mut sign = None;
    if numeric {
        match chars.first() {
            Some(&c @ ('-' | '+')) => {
                sign = Some(c);
                len -= 1;
                at = 1;
            }
            _ if conv.flags & SIGN != 0 => sign = Some('+'),
            _ if conv.flags & BLANK != 0 => sign = Some(' '),
            _ => {}
        }
    }
    let mut width = conv.width.unwrap_or(0).max(len);
    if let Some(s) = sign {
        if fill != ' ' {
            out.push(s);
        }
        if width > len {
            width -= 1;
        }
    }
    let prefixed = numeric && conv.flags & ALT != 0 && matches!(conv.ch, 'x' | 'X' | 'o');
    if prefixed {
        if fill != ' ' {
            out.extend(&chars[at..at + 2]);
            at += 2;
        }
        width = width.saturating_sub(2);
        len -= 2;
    }
    if width > len && conv.flags & LJUST == 0 {
        out.extend(std::iter::repeat_n(fill, width - len));
        width = len;
    }
    if fill == ' ' {
        out.extend(sign);
        if prefixed {
            out.extend(&chars[at..at + 2]);
            at += 2;
        }
    }
    out.extend(&chars[at..at + len]);
    if width > len {
        out.extend(std::iter::repeat_n(' ', width - len));
    }
}

#[cfg(test)]
mod tests;
