//! Case mappings (`lower`, `upper`, `casefold`, `capitalize`, `title`,
//! `swapcase`, with the final-sigma rule) and the `is...` predicates, as
//! CPython 3.11's `unicodeobject.c` defines them over its character
//! database ([`unicode`]).

use super::{check_size, text};
use crate::objects::arg_styles;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// Lowercase of `c`, the character at byte `at` of `s`: a capital sigma
/// becomes final (`ς`) after a cased letter and not before one, skipping
/// case-ignorable characters either way.
fn push_lower_at(out: &mut String, s: &str, at: usize, c: char) {
    if c != '\u{3a3}' {
        unicode::push_lower(out, c);
        return;
    }
    let before = s[..at].chars().rev().find(|&p| !unicode::is_case_ignorable(p));
    let mut final_sigma = before.is_some_and(unicode::is_cased);
    if final_sigma {
        let after = s[at + c.len_utf8()..].chars().find(|&n| !unicode::is_case_ignorable(n));
        final_sigma = !after.is_some_and(unicode::is_cased);
    }
    out.push(if final_sigma { '\u{3c2}' } else { '\u{3c3}' });
}

/// `s.lower()`.
pub fn lower_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        push_lower_at(&mut out, s, at, c);
    }
    out
}

/// `s.upper()`.
pub fn upper_text(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        unicode::push_upper(&mut out, c);
    }
    out
}

fn mapped(this: &Py, name: &str, args: Args, f: impl FnOnce(&str) -> String) -> PyResult<Py> {
    let s = text(this, name)?;
    arg_styles::no_args("str", name, args)?;
    let out = f(&s);
    check_size(out.len())?;
    Ok(Py::str(out))
}

pub fn lower(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "lower", args, lower_text)
}

pub fn upper(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "upper", args, upper_text)
}

pub fn casefold(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "casefold", args, |s| {
        if s.is_ascii() {
            return s.to_ascii_lowercase();
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            unicode::push_fold(&mut out, c);
        }
        out
    })
}

/// `s.capitalize()`: the first character in title case, the rest lower
/// (final sigma included).
pub fn capitalize_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (at, c) in s.char_indices() {
        if at == 0 {
            unicode::push_title(&mut out, c);
        } else {
            push_lower_at(&mut out, s, at, c);
        }
    }
    out
}

pub fn capitalize(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "capitalize", args, capitalize_text)
}

pub fn title(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "title", args, |s| {
        let mut out = String::with_capacity(s.len());
        let mut previous_is_cased = false;
        for (at, c) in s.char_indices() {
            if previous_is_cased {
                push_lower_at(&mut out, s, at, c);
            } else {
                unicode::push_title(&mut out, c);
            }
            previous_is_cased = unicode::is_cased(c);
        }
        out
    })
}

pub fn swapcase(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "swapcase", args, |s| {
        let mut out = String::with_capacity(s.len());
        for (at, c) in s.char_indices() {
            if unicode::is_upper(c) {
                push_lower_at(&mut out, s, at, c);
            } else if unicode::is_lower(c) {
                unicode::push_upper(&mut out, c);
            } else {
                out.push(c);
            }
        }
        out
    })
}

fn predicate(this: &Py, name: &str, args: Args, f: impl FnOnce(&str) -> bool) -> PyResult<Py> {
    let s = text(this, name)?;
    arg_styles::no_args("str", name, args)?;
    Ok(Py::Bool(f(&s)))
}

/// Non-empty and every character satisfies `f`.
fn all_chars(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

pub fn isalnum(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isalnum", args, |s| all_chars(s, unicode::is_alnum))
}

pub fn isalpha(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isalpha", args, |s| all_chars(s, unicode::is_alpha))
}

pub fn isascii(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isascii", args, str::is_ascii)
}

pub fn isdecimal(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isdecimal", args, |s| all_chars(s, unicode::is_decimal))
}

pub fn isdigit(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isdigit", args, |s| all_chars(s, unicode::is_digit))
}

pub fn isnumeric(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isnumeric", args, |s| all_chars(s, unicode::is_numeric))
}

pub fn isspace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isspace", args, |s| all_chars(s, unicode::is_space))
}

pub fn isprintable(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isprintable", args, |s| s.chars().all(unicode::is_printable))
}

/// `str.isidentifier`: XID_Start or `_`, then XID_Continue.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || unicode::is_xid_start(c) => chars.all(unicode::is_xid_continue),
        _ => false,
    }
}

pub fn isidentifier(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isidentifier", args, is_identifier)
}

pub fn islower(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "islower", args, |s| {
        let mut cased = false;
        for c in s.chars() {
            if unicode::is_upper(c) || unicode::is_title(c) {
                return false;
            }
            cased = cased || unicode::is_lower(c);
        }
        cased
    })
}

pub fn isupper(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isupper", args, |s| {
        let mut cased = false;
        for c in s.chars() {
            if unicode::is_lower(c) || unicode::is_title(c) {
                return false;
            }
            cased = cased || unicode::is_upper(c);
        }
        cased
    })
}

pub fn istitle(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "istitle", args, |s| {
        let (mut cased, mut previous_is_cased) = (false, false);
        for c in s.chars() {
            if unicode::is_upper(c) || unicode::is_title(c) {
                if previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else if unicode::is_lower(c) {
                if !previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else {
                previous_is_cased = false;
            }
        }
        cased
    })
}
