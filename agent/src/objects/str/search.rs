//! Searching text: `find`/`rfind`/`index`/`rindex`/`count` over a
//! `start:end` window counted in code points, `startswith`/`endswith`
//! (with tuples of prefixes), `replace`, `removeprefix`/`removesuffix`.
//! Rust's substring search is linear, and so is everything here.

use std::sync::Arc;

use super::{adjust, byte_offset, char_index, char_len, check_size, slice_arg, ssize_arg, str_arg, text};
use crate::objects::arg_styles;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// The search window `start:end` of `s`: code point bounds, and the
/// window's text (empty when `start` is past `end`).
struct Window<'a> {
    start: i64,
    end: i64,
    hay: &'a str,
}

fn window<'a>(s: &'a str, start: Option<&Py>, end: Option<&Py>) -> PyResult<Window<'a>> {
    let (start, end) = adjust(slice_arg(start)?, slice_arg(end)?, char_len(s));
    if start >= end {
        return Ok(Window { start, end, hay: "" });
    }
    let (b0, b1) = if s.is_ascii() {
        (start as usize, end as usize)
    } else {
        let b0 = byte_offset(s, start as usize);
        (b0, b0 + byte_offset(&s[b0..], (end - start) as usize))
    };
    Ok(Window { start, end, hay: &s[b0..b1] })
}

/// `find`/`rfind`: the code point index of `sub` in the window, or -1.
fn find_in(this: &Py, name: &str, args: Args, reverse: bool) -> PyResult<i64> {
    let s = text(this, name)?;
    let a = arg_styles::parse_tuple("str", name, args, 1, 3)?;
    let sub = str_arg(&a[0])?;
    let w = window(&s, a.get(1), a.get(2))?;
    if w.end - w.start < char_len(&sub) as i64 {
        return Ok(-1);
    }
    let found = if reverse { w.hay.rfind(&*sub) } else { w.hay.find(&*sub) };
    Ok(match found {
        Some(at) => w.start + char_index(w.hay, at) as i64,
        None => -1,
    })
}

pub fn find(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    find_in(this, "find", args, false).map(Py::Int)
}

pub fn rfind(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    find_in(this, "rfind", args, true).map(Py::Int)
}

fn index_in(this: &Py, name: &str, args: Args, reverse: bool) -> PyResult<Py> {
    match find_in(this, name, args, reverse)? {
        -1 => Err(exceptions::value_error("substring not found")),
        i => Ok(Py::Int(i)),
    }
}

pub fn index(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    index_in(this, "index", args, false)
}

pub fn rindex(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    index_in(this, "rindex", args, true)
}

pub fn count(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "count")?;
    let a = arg_styles::parse_tuple("str", "count", args, 1, 3)?;
    let sub = str_arg(&a[0])?;
    let w = window(&s, a.get(1), a.get(2))?;
    if w.end - w.start < char_len(&sub) as i64 {
        return Ok(Py::Int(0));
    }
    if sub.is_empty() {
        return Ok(Py::Int(w.end - w.start + 1));
    }
    Ok(Py::from(w.hay.matches(&*sub).count()))
}

/// `startswith`/`endswith`: a str or a tuple of them, in the window.
fn tail_match(this: &Py, name: &str, args: Args, at_end: bool) -> PyResult<Py> {
    let s = text(this, name)?;
    let a = arg_styles::parse_tuple("str", name, args, 1, 3)?;
    let w = window(&s, a.get(1), a.get(2))?;
    let matches = |sub: &str| {
        let n = char_len(sub) as i64;
        if w.end - n < w.start {
            return false;
        }
        if at_end {
            w.hay.ends_with(sub)
        } else {
            w.hay.starts_with(sub)
        }
    };
    match &a[0] {
        Py::Tuple(items) => {
            for item in items.iter() {
                let Py::Str(sub) = item else {
                    return Err(exceptions::type_error(format!(
                        "tuple for {name} must only contain str, not {}",
                        semantics::type_name(item)
                    )));
                };
                if matches(sub) {
                    return Ok(Py::Bool(true));
                }
            }
            Ok(Py::Bool(false))
        }
        Py::Str(sub) => Ok(Py::Bool(matches(sub))),
        other => Err(exceptions::type_error(format!(
            "{name} first arg must be str or a tuple of str, not {}",
            semantics::type_name(other)
        ))),
    }
}

pub fn startswith(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    tail_match(this, "startswith", args, false)
}

pub fn endswith(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    tail_match(this, "endswith", args, true)
}

/// A str argument of `func` at position `n` (1-based).
fn nth_str(func: &str, n: usize, v: &Py) -> PyResult<Arc<str>> {
    match v {
        Py::Str(s) => Ok(s.clone()),
        other => Err(exceptions::type_error(format!(
            "{func}() argument {n} must be str, not {}",
            semantics::type_name(other)
        ))),
    }
}

/// `s.replace(old, new, count)`; a negative count replaces every
/// occurrence.
pub fn replace_text(s: &str, old: &str, new: &str, count: i64) -> PyResult<String> {
    let limit = if count < 0 { usize::MAX } else { count as usize };
    if old.is_empty() {
        // Between every character and at both ends.
        let slots = char_len(s) + 1;
        let n = slots.min(limit);
        check_size(s.len().saturating_add(new.len().saturating_mul(n)))?;
        let mut out = String::with_capacity(s.len() + new.len() * n);
        let mut done = 0;
        for c in s.chars() {
            if done < n {
                out.push_str(new);
                done += 1;
            }
            out.push(c);
        }
        if done < n {
            out.push_str(new);
        }
        return Ok(out);
    }
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for (done, (at, _)) in s.match_indices(old).enumerate() {
        if done == limit {
            break;
        }
        out.push_str(&s[last..at]);
        out.push_str(new);
        last = at + old.len();
        check_size(out.len())?;
    }
    out.push_str(&s[last..]);
    check_size(out.len())?;
    Ok(out)
}

pub fn replace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "replace")?;
    let a = arg_styles::positional("str", "replace", args, 2, 3)?;
    let old = nth_str("replace", 1, &a[0])?;
    let new = nth_str("replace", 2, &a[1])?;
    let count = match a.get(2) {
        Some(v) => ssize_arg(v)?,
        None => -1,
    };
    Ok(Py::str(replace_text(&s, &old, &new, count)?))
}

fn affix_arg(name: &str, v: &Py) -> PyResult<Arc<str>> {
    match v {
        Py::Str(s) => Ok(s.clone()),
        other => {
            Err(exceptions::type_error(format!("{name}() argument must be str, not {}", semantics::type_name(other))))
        }
    }
}

pub fn removeprefix(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "removeprefix")?;
    let prefix = affix_arg("removeprefix", &arg_styles::one_arg("str", "removeprefix", args)?)?;
    Ok(match s.strip_prefix(&*prefix) {
        Some(rest) if !prefix.is_empty() => Py::str(rest),
        _ => Py::Str(s),
    })
}

pub fn removesuffix(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "removesuffix")?;
    let suffix = affix_arg("removesuffix", &arg_styles::one_arg("str", "removesuffix", args)?)?;
    Ok(match s.strip_suffix(&*suffix) {
        Some(rest) if !suffix.is_empty() => Py::str(rest),
        _ => Py::Str(s),
    })
}
