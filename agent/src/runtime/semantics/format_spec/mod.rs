//! The format mini-language (`format(x, spec)`, f-strings, `str.format`)
//! for int, bool, float, complex and str, as CPython 3.11's
//! `Python/formatter_unicode.c` does it:
//! `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.

mod float;
#[cfg(test)]
mod tests;

pub use float::{float_to_string, FloatFlags};

use num_traits::Signed;

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// Digit grouping of the integer part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    None,
    /// `,` every three digits.
    Comma,
    /// `_` every three digits (decimal) or four (`b o x X`).
    Underscore(usize),
}

/// A parsed format specification.
#[derive(Debug, Clone)]
pub struct Spec {
    pub fill: char,
    pub align: char,
    pub sign: Option<char>,
    pub no_neg_0: bool,
    pub alternate: bool,
    pub width: Option<usize>,
    pub grouping: Grouping,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// `Unknown format code 'x' for object of type 'str'`.
pub fn unknown_code(code: char, type_name: &str) -> PyErr {
    let shown =
        if (code as u32) > 32 && (code as u32) < 128 { code.to_string() } else { format!("\\x{:x}", code as u32) };
    exceptions::value_error(format!("Unknown format code '{shown}' for object of type '{type_name}'"))
}

/// A width or precision: decimal digits of any script, as CPython reads
/// them.
fn integer(chars: &[char], pos: &mut usize) -> PyResult<Option<usize>> {
    let start = *pos;
    let mut acc: usize = 0;
    while let Some(d) = chars.get(*pos).and_then(|&c| unicode::decimal_value(c)) {
        if acc > (isize::MAX as usize - d as usize) / 10 {
            return Err(exceptions::value_error("Too many decimal digits in format string"));
        }
        acc = acc * 10 + d as usize;
        *pos += 1;
    }
    Ok((*pos > start).then_some(acc))
}

/// Parses `spec` for a value whose default alignment is `default_align`
/// (`>` for numbers, `<` for str) and default type `default_type`.
pub fn parse(spec: &str, default_align: char, default_type: Option<char>, type_name: &str) -> PyResult<Spec> {
    let chars: Vec<char> = spec.chars().collect();
    let is_align = |c: Option<&char>| matches!(c, Some('<' | '>' | '=' | '^'));
    let mut s = Spec {
        fill: ' ',
        align: default_align,
        sign: None,
        no_neg_0: false,
        alternate: false,
        width: None,
        grouping: Grouping::None,
        precision: None,
        ty: default_type,
    };
    let mut pos = 0;
    let (mut fill_given, mut align_given) = (false, false);
    if is_align(chars.get(1)) {
        s.fill = chars[0];
        s.align = chars[1];
        (fill_given, align_given) = (true, true);
        pos = 2;
    } else if is_align(chars.first()) {
        s.align = chars[0];
        align_given = true;
        pos = 1;
    }
    if let Some(&c @ ('+' | '-' | ' ')) = chars.get(pos) {
        s.sign = Some(c);
        pos += 1;
    }
    if chars.get(pos) == Some(&'z') {
        s.no_neg_0 = true;
        pos += 1;
    }
    if chars.get(pos) == Some(&'#') {
        s.alternate = true;
        pos += 1;
    }
    if !fill_given && chars.get(pos) == Some(&'0') {
        s.fill = '0';
        if !align_given && default_align == '>' {
            s.align = '=';
        }
        pos += 1;
    }
    s.width = integer(&chars, &mut pos)?;
    let both = || exceptions::value_error("Cannot specify both ',' and '_'.");
    if chars.get(pos) == Some(&',') {
        s.grouping = Grouping::Comma;
        pos += 1;
    }
    if chars.get(pos) == Some(&'_') {
        if s.grouping != Grouping::None {
            return Err(both());
        }
        s.grouping = Grouping::Underscore(3);
        pos += 1;
    }
    if chars.get(pos) == Some(&',') {
        return Err(both());
    }
    if chars.get(pos) == Some(&'.') {
        pos += 1;
        s.precision = integer(&chars, &mut pos)?;
        if s.precision.is_none() {
            return Err(exceptions::value_error("Format specifier missing precision"));
        }
    }
    match chars.len() - pos {
        0 => {}
        1 => s.ty = Some(chars[pos]),
        _ => {
            return Err(exceptions::value_error(format!(
                "Invalid format specifier '{spec}' for object of type '{type_name}'"
            )))
        }
    }
    if s.grouping != Grouping::None {
        match s.ty {
            None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => {}
            Some('b' | 'o' | 'x' | 'X') if s.grouping != Grouping::Comma => s.grouping = Grouping::Underscore(4),
            Some(t) => {
                let which = if s.grouping == Grouping::Comma { ',' } else { '_' };
                let shown =
                    if (t as u32) > 32 && (t as u32) < 128 { t.to_string() } else { format!("\\x{:x}", t as u32) };
                return Err(exceptions::value_error(format!("Cannot specify '{which}' with '{shown}'.")));
            }
        }
    }
    Ok(s)
}

/// Guards the size of what a spec asks for.
fn check_size(n: usize) -> PyResult<()> {
    if n > super::MAX_BYTES {
        return Err(exceptions::memory_error("formatted string"));
    }
    Ok(())
}

/// `format(v, spec)` for the builtin kinds (the caller has dispatched
/// everything else).
pub fn format_value(cx: &Cx, v: &Py, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return super::str(cx, v);
    }
    let type_name = super::type_name(v);
    match v {
        Py::Str(s) => format_str(s, &parse(spec, '<', Some('s'), &type_name)?, &type_name),
        Py::Float(x) => format_float(*x, &parse(spec, '>', None, &type_name)?, &type_name),
        Py::Complex(re, im) => format_complex(*re, *im, &parse(spec, '>', None, &type_name)?, &type_name),
        _ => {
            let Some(n) = super::index_value(v) else {
                return Err(exceptions::type_error(format!(
                    "unsupported format string passed to {type_name}.__format__"
                )));
            };
            format_int(&n, &parse(spec, '>', Some('d'), &type_name)?, &type_name)
        }
    }
}

/// Left and right padding of `len` characters to the spec's width.
fn padding(len: usize, width: Option<usize>, align: char) -> (usize, usize) {
    let total = width.unwrap_or(0).max(len);
    let left = match align {
        '>' => total - len,
        '^' => (total - len) / 2,
        _ => 0,
    };
    (left, total - len - left)
}

fn push_fill(out: &mut String, fill: char, n: usize) {
    out.extend(std::iter::repeat_n(fill, n));
}

/// A str formatted: precision truncates, width pads.
pub fn format_str(s: &str, spec: &Spec, type_name: &str) -> PyResult<String> {
    if spec.ty != Some('s') {
        return Err(unknown_code(spec.ty.unwrap_or('s'), type_name));
    }
    match spec.sign {
        Some(' ') => return Err(exceptions::value_error("Space not allowed in string format specifier")),
        Some(_) => return Err(exceptions::value_error("Sign not allowed in string format specifier")),
        None => {}
    }
    if spec.no_neg_0 {
        return Err(exceptions::value_error("Negative zero coercion (z) not allowed in string format specifier"));
    }
    if spec.alternate {
        return Err(exceptions::value_error("Alternate form (#) not allowed in string format specifier"));
    }
    if spec.align == '=' {
        return Err(exceptions::value_error("'=' alignment not allowed in string format specifier"));
    }
    let len = super::str_len(s);
    let (text, len) = match spec.precision {
        Some(p) if p < len => {
            let end = s.char_indices().nth(p).map_or(s.len(), |(i, _)| i);
            (&s[..end], p)
        }
        _ => (s, len),
    };
    check_size(spec.width.unwrap_or(0))?;
    let (left, right) = padding(len, spec.width, spec.align);
    let mut out = String::with_capacity(text.len() + left + right);
    push_fill(&mut out, spec.fill, left);
    out.push_str(text);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}

/// The parts of a formatted number, CPython's `NumberFieldWidths`:
/// `<sign><prefix><digits>[.]<remainder>`, where only the digits are
/// grouped and zero-padded.
struct Number<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    decimal: bool,
    remainder: &'a str,
}

/// The digits grouped from the right, padded with zeros (and separators)
/// to `min_width`: `_PyUnicode_InsertThousandsGrouping`.
fn group_digits(digits: &str, min_width: isize, group: usize, sep: Option<char>) -> String {
    let sep_len = isize::from(sep.is_some());
    let mut pieces: Vec<String> = Vec::new();
    let mut remaining = digits.len() as isize;
    let mut min_width = min_width;
    let mut end = digits.len();
    let mut use_sep = false;
    let mut piece = |len: isize, remaining: isize, use_sep: bool, end: &mut usize| {
        let n_zeros = (len - remaining).max(0) as usize;
        let n_chars = remaining.min(len).max(0) as usize;
        let mut p = "0".repeat(n_zeros);
        p.push_str(&digits[*end - n_chars..*end]);
        *end -= n_chars;
        if use_sep {
            p.extend(sep);
        }
        pieces.push(p);
        n_chars as isize
    };
    let mut broken = false;
    if group > 0 {
        loop {
            let len = (group as isize).min(remaining.max(min_width).max(1));
            remaining -= piece(len, remaining, use_sep, &mut end);
            use_sep = true;
            min_width -= len;
            if remaining <= 0 && min_width <= 0 {
                broken = true;
                break;
            }
            min_width -= sep_len;
        }
    }
    if !broken {
        let len = remaining.max(min_width).max(1);
        piece(len, remaining, use_sep, &mut end);
    }
    pieces.reverse();
    pieces.concat()
}

/// Lays out a number with sign, grouping, zero padding and alignment
/// (`calc_number_widths` and `fill_number`).
fn render_number(n: &Number<'_>, spec: &Spec, grouping: Grouping) -> PyResult<String> {
    check_size(spec.width.unwrap_or(0))?;
    let sign = match spec.sign {
        Some('+') => Some(if n.negative { '-' } else { '+' }),
        Some(' ') => Some(if n.negative { '-' } else { ' ' }),
        _ => n.negative.then_some('-'),
    };
    let non_digits =
        usize::from(sign.is_some()) + n.prefix.chars().count() + usize::from(n.decimal) + n.remainder.chars().count();
    let width = spec.width.map_or(-1, |w| w as isize);
    let min_width = if spec.fill == '0' && spec.align == '=' { width - non_digits as isize } else { 0 };
    let (group, sep) = match grouping {
        Grouping::None => (0, None),
        Grouping::Comma => (3, Some(',')),
        Grouping::Underscore(g) => (g, Some('_')),
    };
    let grouped = if n.digits.is_empty() { String::new() } else { group_digits(n.digits, min_width, group, sep) };
    let padding = width - (non_digits + grouped.len()) as isize;
    let (mut left, mut middle, mut right) = (0, 0, 0);
    if padding > 0 {
        let p = padding as usize;
        match spec.align {
            '<' => right = p,
            '^' => {
                left = p / 2;
                right = p - left;
            }
            '=' => middle = p,
            _ => left = p,
        }
    }
    let mut out = String::with_capacity(non_digits + grouped.len() + padding.max(0) as usize);
    push_fill(&mut out, spec.fill, left);
    out.extend(sign);
    out.push_str(n.prefix);
    push_fill(&mut out, spec.fill, middle);
    out.push_str(&grouped);
    if n.decimal {
        out.push('.');
    }
    out.push_str(n.remainder);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}

/// The sign and the digits of the magnitude of an int in `base`.
fn int_digits(n: &Py, base: u32) -> PyResult<(bool, String)> {
    Ok(match n {
        Py::Int(i) => {
            let m = i.unsigned_abs();
            let d = match base {
                2 => format!("{m:b}"),
                8 => format!("{m:o}"),
                16 => format!("{m:x}"),
                _ => m.to_string(),
            };
            (*i < 0, d)
        }
        Py::BigInt(b) => {
            let d = if base == 10 { super::bigint_text(&b.abs())? } else { b.magnitude().to_str_radix(base) };
            (b.is_negative(), d)
        }
        _ => (false, "0".into()),
    })
}

/// An int (`n` is `Int` or `BigInt`) formatted; float types convert it.
pub fn format_int(n: &Py, spec: &Spec, type_name: &str) -> PyResult<String> {
    let ty = spec.ty.unwrap_or('d');
    match ty {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => {}
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => {
            let x = match n {
                Py::BigInt(b) => super::num::big_to_f64(b)?,
                Py::Int(i) => *i as f64,
                _ => 0.0,
            };
            return format_float(x, spec, type_name);
        }
        other => return Err(unknown_code(other, type_name)),
    }
    if spec.precision.is_some() {
        return Err(exceptions::value_error("Precision not allowed in integer format specifier"));
    }
    if spec.no_neg_0 {
        return Err(exceptions::value_error("Negative zero coercion (z) not allowed in integer format specifier"));
    }
    if ty == 'c' {
        if spec.sign.is_some() {
            return Err(exceptions::value_error("Sign not allowed with integer format specifier 'c'"));
        }
        if spec.alternate {
            return Err(exceptions::value_error("Alternate form (#) not allowed with integer format specifier 'c'"));
        }
        let code = match n {
            Py::Int(i) => *i,
            _ => return Err(exceptions::overflow_error("Python int too large to convert to C long")),
        };
        if !(0..=0x10ffff).contains(&code) {
            return Err(exceptions::overflow_error("%c arg not in range(0x110000)"));
        }
        let c = unicode::char_of(code as u32)?.to_string();
        let num = Number { negative: false, prefix: "", digits: "", decimal: false, remainder: &c };
        return render_number(&num, spec, Grouping::None);
    }
    let (base, prefix) = match ty {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let (negative, mut digits) = int_digits(n, base)?;
    if ty == 'X' {
        digits.make_ascii_uppercase();
    }
    let prefix = if spec.alternate { prefix } else { "" };
    let num = Number { negative, prefix, digits: &digits, decimal: false, remainder: "" };
    render_number(&num, spec, if ty == 'n' { Grouping::None } else { spec.grouping })
}

/// Splits a formatted float into sign, integer digits, decimal point and
/// the rest (`parse_number`).
fn split_float(text: &str) -> Number<'_> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let n_digits = body.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &body[n_digits..];
    let (decimal, remainder) = match rest.strip_prefix('.') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    Number { negative, prefix: "", digits: &body[..n_digits], decimal, remainder }
}

/// The text of a float for a spec's type and precision, before layout.
fn float_body(x: f64, spec: &Spec, default_precision: usize, add_dot_0: bool) -> PyResult<(String, char)> {
    let mut flags = FloatFlags { alt: spec.alternate, no_neg_0: spec.no_neg_0, add_dot_0, sign: false };
    let mut ty = match spec.ty {
        None => 'r',
        Some('n') => 'g',
        Some(t) => t,
    };
    if spec.ty.is_some() {
        flags.add_dot_0 = false;
    }
    let precision = match spec.precision {
        Some(p) => {
            if p > i32::MAX as usize {
                return Err(exceptions::value_error("precision too big"));
            }
            check_size(p)?;
            if ty == 'r' {
                ty = 'g';
            }
            p
        }
        None => default_precision,
    };
    if ty == '%' {
        let mut s = float_to_string(x * 100.0, 'f', precision, flags);
        s.push('%');
        return Ok((s, 'f'));
    }
    Ok((float_to_string(x, ty, precision, flags), ty))
}

/// A float formatted.
pub fn format_float(x: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%') => {}
        Some(other) => return Err(unknown_code(other, type_name)),
    }
    let default_precision = if spec.ty.is_none() { 0 } else { 6 };
    let (text, _) = float_body(x, spec, default_precision, spec.ty.is_none())?;
    let grouping = if spec.ty == Some('n') { Grouping::None } else { spec.grouping };
    render_number(&split_float(&text), spec, grouping)
}

/// A complex formatted: both parts with the spec's type and precision,
/// then the whole padded (no zero padding, no `=`).
pub fn format_complex(re: f64, im: f64, spec: &Spec, type_name: &str) -> PyResult<String> {
    match spec.ty {
        None | Some('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n') => {}
        Some(other) => return Err(unknown_code(other, type_name)),
    }
    if spec.fill == '0' {
        return Err(exceptions::value_error("Zero padding is not allowed in complex format specifier"));
    }
    if spec.align == '=' {
        return Err(exceptions::value_error("'=' alignment flag is not allowed in complex format specifier"));
    }
    let plain = spec.ty.is_none();
    let skip_re = plain && re == 0.0 && re.is_sign_positive();
    let parens = plain && !skip_re;
    let default_precision = if plain { 0 } else { 6 };
    let (re_text, _) = float_body(re, spec, default_precision, false)?;
    let (im_text, _) = float_body(im, spec, default_precision, false)?;
    let grouping = if spec.ty == Some('n') { Grouping::None } else { spec.grouping };
    let mut part_spec = spec.clone();
    part_spec.fill = ' ';
    part_spec.align = '<';
    part_spec.width = None;
    let re_part = render_number(&split_float(&re_text), &part_spec, grouping)?;
    if !skip_re {
        part_spec.sign = Some('+');
    }
    let im_part = render_number(&split_float(&im_text), &part_spec, grouping)?;
    let mut body = String::new();
    if parens {
        body.push('(');
    }
    if !skip_re {
        body.push_str(&re_part);
    }
    body.push_str(&im_part);
    body.push('j');
    if parens {
        body.push(')');
    }
    check_size(spec.width.unwrap_or(0))?;
    let (left, right) = padding(body.chars().count(), spec.width, spec.align);
    let mut out = String::with_capacity(body.len() + left + right);
    push_fill(&mut out, spec.fill, left);
    out.push_str(&body);
    push_fill(&mut out, spec.fill, right);
    Ok(out)
}
