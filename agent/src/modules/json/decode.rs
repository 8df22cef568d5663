//! JSON text to values, as CPython 3.11's C scanner (`_json.c`) reads it:
//! the same grammar (NaN, Infinity and -Infinity included), the same
//! hooks, and errors at the same positions with the same messages.
//!
//! The scanner works on UTF-8 bytes; positions in errors are converted to
//! code points, as Python counts them. A lone surrogate escape (`\ud800`)
//! cannot be held in a Rust string: it decodes to U+FFFD.

use num_bigint::BigInt;

use super::decode_error;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::objects::numbers;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics::{self, MAX_STR_DIGITS};
use crate::runtime::value::Py;

/// Nesting CPython reaches before its recursion limit (1000, less the
/// frames of the call itself).
const MAX_DEPTH: usize = 990;

/// The decoder's options (`JSONDecoder`'s).
#[derive(Default, Clone)]
pub struct Hooks {
    pub object_hook: Option<Py>,
    pub object_pairs_hook: Option<Py>,
    pub parse_float: Option<Py>,
    pub parse_int: Option<Py>,
    pub parse_constant: Option<Py>,
    pub strict: bool,
}

/// Why scanning stopped: a value was expected at this byte offset
/// (`StopIteration(idx)` in `_json.c`), or a real error.
enum Fail {
    NoValue(usize),
    Err(PyErr),
}

impl From<PyErr> for Fail {
    fn from(e: PyErr) -> Fail {
        Fail::Err(e)
    }
}

type Scan<T> = Result<T, Fail>;

struct Scanner<'a> {
    cx: &'a Cx,
    text: &'a str,
    s: &'a [u8],
    hooks: &'a Hooks,
    depth: usize,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Decodes a whole document: surrounding whitespace allowed, nothing
/// else after the value (`JSONDecoder.decode`).
pub fn decode(cx: &Cx, text: &str, hooks: &Hooks) -> PyResult<Py> {
    let s = text.as_bytes();
    let start = skip_ws(s, 0);
    let (value, end) = raw_decode(cx, text, start, hooks)?;
    let end = skip_ws(s, end);
    if end != s.len() {
        return Err(error(text, "Extra data", end));
    }
    Ok(value)
}

/// `JSONDecoder.raw_decode(s, idx)` with a byte offset: the value and the
/// byte offset after it.
pub fn raw_decode(cx: &Cx, text: &str, idx: usize, hooks: &Hooks) -> PyResult<(Py, usize)> {
    let mut scanner = Scanner { cx, text, s: text.as_bytes(), hooks, depth: 0 };
    match scanner.value(idx) {
        Ok(v) => Ok(v),
        Err(Fail::NoValue(at)) => Err(error(text, "Expecting value", at)),
        Err(Fail::Err(e)) => Err(e),
    }
}

fn skip_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && is_ws(s[i]) {
        i += 1;
    }
    i
}

/// A `JSONDecodeError` at a byte offset of `text`.
fn error(text: &str, msg: &str, byte_pos: usize) -> PyErr {
    let pos = text.get(..byte_pos).map_or(byte_pos, |head| head.chars().count());
    decode_error(msg, text, pos)
}

impl Scanner<'_> {
    fn err(&self, msg: &str, at: usize) -> Fail {
        Fail::Err(error(self.text, msg, at))
    }

    fn starts(&self, idx: usize, word: &str) -> bool {
        self.s.get(idx..idx + word.len()) == Some(word.as_bytes())
    }

    /// `scan_once`: the value at `idx` and the offset after it.
    fn value(&mut self, idx: usize) -> Scan<(Py, usize)> {
        let Some(&c) = self.s.get(idx) else { return Err(Fail::NoValue(idx)) };
        match c {
            b'"' => {
                let (text, end) = self.string(idx + 1)?;
                return Ok((Py::str(text), end));
            }
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    let what = if c == b'{' { "object" } else { "array" };
                    return Err(Fail::Err(exceptions::recursion_error(format!(
                        "maximum recursion depth exceeded while decoding a JSON {what} from a unicode string"
                    ))));
                }
                self.cx.check_stack("while decoding JSON").map_err(Fail::Err)?;
                let r = if c == b'{' { self.object(idx + 1) } else { self.array(idx + 1) };
                self.depth -= 1;
                return r;
            }
            b'n' if self.starts(idx, "null") => return Ok((Py::None, idx + 4)),
            b't' if self.starts(idx, "true") => return Ok((Py::Bool(true), idx + 4)),
            b'f' if self.starts(idx, "false") => return Ok((Py::Bool(false), idx + 5)),
            b'N' if self.starts(idx, "NaN") => return self.constant("NaN", idx),
            b'I' if self.starts(idx, "Infinity") => return self.constant("Infinity", idx),
            b'-' if self.starts(idx, "-Infinity") => return self.constant("-Infinity", idx),
            _ => {}
        }
        self.number(idx)
    }

    fn constant(&self, name: &str, idx: usize) -> Scan<(Py, usize)> {
        let value = match &self.hooks.parse_constant {
            Some(f) => semantics::call(self.cx, f, Args::one(Py::str(name)))?,
            None => Py::Float(match name {
                "NaN" => f64::NAN,
                "Infinity" => f64::INFINITY,
                _ => f64::NEG_INFINITY,
            }),
        };
        Ok((value, idx + name.len()))
    }

    fn digits(&self, mut i: usize) -> usize {
        while i < self.s.len() && self.s[i].is_ascii_digit() {
            i += 1;
        }
        i
    }

    /// `_match_number_unicode`.
    fn number(&self, start: usize) -> Scan<(Py, usize)> {
        let s = self.s;
        let mut idx = start;
        if s.get(idx) == Some(&b'-') {
            idx += 1;
        }
        match s.get(idx) {
            Some(b'1'..=b'9') => idx = self.digits(idx + 1),
            Some(b'0') => idx += 1,
            _ => return Err(Fail::NoValue(start)),
        }
        let mut is_float = false;
        if s.get(idx) == Some(&b'.') && s.get(idx + 1).is_some_and(u8::is_ascii_digit) {
            is_float = true;
            idx = self.digits(idx + 2);
        }
        if matches!(s.get(idx), Some(b'e' | b'E')) && idx + 1 < s.len() {
            let e_start = idx;
            idx += 1;
            if matches!(s.get(idx), Some(b'-' | b'+')) && idx + 1 < s.len() {
                idx += 1;
            }
            idx = self.digits(idx);
            if s[idx - 1].is_ascii_digit() {
                is_float = true;
            } else {
                idx = e_start;
            }
        }
        let text = &self.text[start..idx];
        let hook = if is_float { &self.hooks.parse_float } else { &self.hooks.parse_int };
        let value = match hook {
            Some(f) => semantics::call(self.cx, f, Args::one(Py::str(text)))?,
            None if is_float => Py::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
            None => int_of(text)?,
        };
        Ok((value, idx))
    }

    /// `scanstring`: the string whose body starts at `begin + 1`... i.e.
    /// after the opening quote at `idx - 1`.
    fn string(&self, idx: usize) -> Scan<(String, usize)> {
        let s = self.s;
        let begin = idx - 1;
        let mut out = String::new();
        let mut end = idx;
        loop {
            let mut next = end;
            while next < s.len() && s[next] != b'"' && s[next] != b'\\' {
                if s[next] <= 0x1f && self.hooks.strict {
                    return Err(self.err("Invalid control character at", next));
                }
                next += 1;
            }
            out.push_str(&self.text[end..next]);
            if next == s.len() {
                return Err(self.err("Unterminated string starting at", begin));
            }
            if s[next] == b'"' {
                return Ok((out, next + 1));
            }
            next += 1;
            let Some(&c) = s.get(next) else {
                return Err(self.err("Unterminated string starting at", begin));
            };
            if c != b'u' {
                end = next + 1;
                out.push(match c {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    _ => return Err(self.err("Invalid \\escape", end - 2)),
                });
                continue;
            }
            next += 1;
            end = next + 4;
            if end >= s.len() {
                return Err(self.err("Invalid \\uXXXX escape", next - 1));
            }
            let mut c = self.hex4(next).ok_or_else(|| self.err("Invalid \\uXXXX escape", end - 5))?;
            if (0xd800..0xdc00).contains(&c) && end + 6 < s.len() && s[end] == b'\\' && s[end + 1] == b'u' {
                let low = self.hex4(end + 2).ok_or_else(|| self.err("Invalid \\uXXXX escape", end + 1))?;
                if (0xdc00..0xe000).contains(&low) {
                    c = 0x10000 + (((c - 0xd800) << 10) | (low - 0xdc00));
                    end += 6;
                }
            }
            out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = std::str::from_utf8(self.s.get(at..at + 4)?).ok()?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// `_parse_object_unicode`, after the `{`.
    fn object(&mut self, start: usize) -> Scan<(Py, usize)> {
        let s = self.s;
        let mut idx = skip_ws(s, start);
        let mut pairs: Vec<(Py, Py)> = Vec::new();
        if s.get(idx) != Some(&b'}') {
            loop {
                if s.get(idx) != Some(&b'"') {
                    return Err(self.err("Expecting property name enclosed in double quotes", idx));
                }
                let (key, next) = self.string(idx + 1)?;
                idx = skip_ws(s, next);
                if s.get(idx) != Some(&b':') {
                    return Err(self.err("Expecting ':' delimiter", idx));
                }
                idx = skip_ws(s, idx + 1);
                let (value, next) = self.value(idx)?;
                pairs.push((Py::str(key), value));
                idx = skip_ws(s, next);
                if s.get(idx) == Some(&b'}') {
                    break;
                }
                if s.get(idx) != Some(&b',') {
                    return Err(self.err("Expecting ',' delimiter", idx));
                }
                idx = skip_ws(s, idx + 1);
            }
        }
        let cx = self.cx;
        if let Some(hook) = &self.hooks.object_pairs_hook {
            let list = List::new(pairs.into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect());
            return Ok((semantics::call(cx, hook, Args::one(list))?, idx + 1));
        }
        let dict = Dict::from_pairs(cx, pairs)?;
        let value = match &self.hooks.object_hook {
            Some(hook) => semantics::call(cx, hook, Args::one(dict))?,
            None => dict,
        };
        Ok((value, idx + 1))
    }

    /// `_parse_array_unicode`, after the `[`.
    fn array(&mut self, start: usize) -> Scan<(Py, usize)> {
        let s = self.s;
        let mut idx = skip_ws(s, start);
        let mut items = Vec::new();
        if s.get(idx) != Some(&b']') {
            loop {
                let (value, next) = self.value(idx)?;
                items.push(value);
                idx = skip_ws(s, next);
                if s.get(idx) == Some(&b']') {
                    break;
                }
                if s.get(idx) != Some(&b',') {
                    return Err(self.err("Expecting ',' delimiter", idx));
                }
                idx = skip_ws(s, idx + 1);
            }
        }
        Ok((List::new(items), idx + 1))
    }
}

/// `int(text)` for a JSON integer, with CPython's limit on digits.
fn int_of(text: &str) -> PyResult<Py> {
    let digits = text.trim_start_matches('-').len();
    if digits > MAX_STR_DIGITS {
        return Err(exceptions::value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"
        )));
    }
    match text.parse::<i64>() {
        Ok(n) => Ok(Py::Int(n)),
        Err(_) => {
            Ok(numbers::parse_int(text, 10)
                .unwrap_or_else(|| Py::from_bigint(text.parse::<BigInt>().unwrap_or_default())))
        }
    }
}
