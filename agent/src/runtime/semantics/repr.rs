//! `repr(x)`, `str(x)` and `format(x, spec)`.

use num_bigint::BigInt;
use rpyc_protocol::value::{bytes_repr, float_repr};
use rpyc_protocol::Value;

use super::{client, format_spec};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// CPython's limit on converting ints to decimal text
/// (`sys.get_int_max_str_digits()`).
pub const MAX_STR_DIGITS: usize = 4300;

/// Decimal text of a big int, refused past CPython's digit limit.
pub fn bigint_text(n: &BigInt) -> PyResult<String> {
    // 4300 digits are about 14284 bits: past that it cannot fit.
    if n.bits() > 14_300 {
        return Err(too_many_digits());
    }
    let s = n.to_string();
    if s.trim_start_matches('-').len() > MAX_STR_DIGITS {
        return Err(too_many_digits());
    }
    Ok(s)
}

fn too_many_digits() -> exceptions::PyErr {
    exceptions::value_error(format!(
        "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
    ))
}

/// `repr(s)` of a str: single quotes unless the text holds one and no
/// double quote; non-printable characters (by Python's definition, so by
/// its Unicode version) escaped.
pub fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if unicode::is_printable(c) => out.push(c),
            c => {
                let n = c as u32;
                let esc = match n {
                    0..=0xff => format!("\\x{n:02x}"),
                    0x100..=0xffff => format!("\\u{n:04x}"),
                    _ => format!("\\U{n:08x}"),
                };
                out.push_str(&esc);
            }
        }
    }
    out.push(quote);
    out
}

/// `repr(v)`.
pub fn repr(cx: &Cx, v: &Py) -> PyResult<String> {
    Ok(match v {
        Py::None => "None".into(),
        Py::Bool(true) => "True".into(),
        Py::Bool(false) => "False".into(),
        Py::Int(n) => n.to_string(),
        Py::BigInt(n) => bigint_text(n)?,
        Py::Float(f) => float_repr(*f),
        Py::Complex(re, im) => Value::Complex(*re, *im).to_string(),
        Py::Str(s) => str_repr(s),
        Py::Bytes(b) => bytes_repr(b),
        Py::Tuple(items) => {
            cx.check_stack("while getting the repr of an object")?;
            let Some(_guard) = ReprGuard::enter(items.as_ptr() as usize) else { return Ok("(...)".into()) };
            let mut out = String::from("(");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&repr(cx, item)?);
            }
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
            out
        }
        Py::Obj(o) => {
            cx.check_stack("while getting the repr of an object")?;
            o.repr(o, cx)?
        }
        Py::Client(r) => client::repr(cx, r)?,
    })
}

/// `ascii(v)`: the repr with every non-ASCII character escaped.
pub fn ascii(cx: &Cx, v: &Py) -> PyResult<String> {
    Ok(ascii_escape(&repr(cx, v)?))
}

/// Escapes the non-ASCII characters of a text as `\xhh`, `\uhhhh` or
/// `\Uhhhhhhhh`.
pub fn ascii_escape(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
            n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// `str(v)`.
pub fn str(cx: &Cx, v: &Py) -> PyResult<String> {
    match v {
        Py::Str(s) => Ok(s.to_string()),
        Py::Obj(o) => o.str(o, cx),
        Py::Client(r) => client::str(cx, r),
        other => repr(cx, other),
    }
}

/// `format(v, spec)`.
pub fn format(cx: &Cx, v: &Py, spec: &str) -> PyResult<String> {
    match v {
        Py::Int(_) | Py::BigInt(_) | Py::Bool(_) | Py::Float(_) | Py::Complex(..) | Py::Str(_) => {
            format_spec::format_value(cx, v, spec)
        }
        Py::Obj(o) => match o.format(o, spec, cx)? {
            Some(s) => Ok(s),
            None => match o.base_value() {
                Some(base) if !spec.is_empty() => format(cx, &base, spec),
                _ => default_format(cx, v, spec),
            },
        },
        Py::Client(r) => match client::client_callattr(cx, r, "__format__", Args::one(Py::str(spec)))? {
            Py::Str(s) => Ok(s.to_string()),
            other => {
                Err(exceptions::type_error(format!("__format__ must return a str, not {}", super::type_name(&other))))
            }
        },
        _ => default_format(cx, v, spec),
    }
}

/// `object.__format__`: `str(v)` for an empty spec, else `TypeError`.
fn default_format(cx: &Cx, v: &Py, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        str(cx, v)
    } else {
        Err(exceptions::type_error(format!("unsupported format string passed to {}.__format__", super::type_name(v))))
    }
}

thread_local! {
    /// Containers whose repr is being built on this thread (CPython's
    /// `Py_ReprEnter`), so a list that holds itself shows as `[...]`.
    static IN_REPR: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Marks a container's repr as in progress while alive.
pub struct ReprGuard(usize);

impl ReprGuard {
    /// `None` when the container's repr is already being built (a cycle):
    /// the caller then shows `[...]`, `{...}`.
    pub fn enter(address: usize) -> Option<ReprGuard> {
        IN_REPR.with(|ids| {
            let mut ids = ids.borrow_mut();
            if ids.contains(&address) {
                None
            } else {
                ids.push(address);
                Some(ReprGuard(address))
            }
        })
    }
}

impl Drop for ReprGuard {
    fn drop(&mut self) {
        IN_REPR.with(|ids| ids.borrow_mut().retain(|&a| a != self.0));
    }
}
