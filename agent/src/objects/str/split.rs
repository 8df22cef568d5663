//! Cutting and gluing text: `split`/`rsplit` (on a separator or on runs of
//! whitespace), `splitlines`, `partition`/`rpartition`, `strip` and its
//! one-sided forms, and `join`.

use super::{check_size, ssize_arg, str_arg, text};
use crate::objects::arg_styles;
use crate::objects::list::List;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// `sep` and `maxsplit` of `split`/`rsplit` (`None` sep: whitespace).
fn split_args(name: &str, args: Args) -> PyResult<(Option<std::sync::Arc<str>>, usize)> {
    let [sep, maxsplit] = arg_styles::keywords(name, args, ["sep", "maxsplit"], 0)?;
    let sep = match sep {
        None | Some(Py::None) => None,
        Some(Py::Str(s)) => Some(s),
        Some(other) => {
            return Err(exceptions::type_error(format!("must be str or None, not {}", semantics::type_name(&other))))
        }
    };
    let maxsplit = match maxsplit {
        None => -1,
        Some(v) => ssize_arg(&v)?,
    };
    if sep.as_deref() == Some("") {
        return Err(exceptions::value_error("empty separator"));
    }
    Ok((sep, if maxsplit < 0 { usize::MAX } else { maxsplit as usize }))
}

fn str_list(parts: Vec<&str>) -> Py {
    List::new(parts.into_iter().map(Py::str).collect())
}

/// `s.split()`: runs of whitespace separate, at most `max` splits.
pub fn split_whitespace(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_start_matches(unicode::is_space);
    while !rest.is_empty() {
        if out.len() == max {
            out.push(rest);
            break;
        }
        let end = rest.find(unicode::is_space).unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(unicode::is_space);
    }
    out
}

/// `s.rsplit()`: from the right.
pub fn rsplit_whitespace(s: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = s.trim_end_matches(unicode::is_space);
    while !rest.is_empty() {
        if out.len() == max {
            out.push(rest);
            break;
        }
        let start = rest.rfind(unicode::is_space).map_or(0, |i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
        out.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(unicode::is_space);
    }
    out.reverse();
    out
}

pub fn split(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "split")?;
    let (sep, max) = split_args("split", args)?;
    Ok(str_list(match &sep {
        None => split_whitespace(&s, max),
        Some(sep) => s.splitn(max.saturating_add(1), &**sep).collect(),
    }))
}

pub fn rsplit(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "rsplit")?;
    let (sep, max) = split_args("rsplit", args)?;
    Ok(str_list(match &sep {
        None => rsplit_whitespace(&s, max),
        Some(sep) => {
            let mut parts: Vec<&str> = s.rsplitn(max.saturating_add(1), &**sep).collect();
            parts.reverse();
            parts
        }
    }))
}

/// `s.splitlines(keepends)`: `\r\n` is one boundary.
pub fn split_lines(s: &str, keepends: bool) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((at, c)) = iter.next() {
        if !unicode::is_linebreak(c) {
            continue;
        }
        let mut end = at + c.len_utf8();
        if c == '\r' {
            if let Some(&(_, '\n')) = iter.peek() {
                iter.next();
                end += 1;
            }
        }
        out.push(&s[start..if keepends { end } else { at }]);
        start = end;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

pub fn splitlines(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "splitlines")?;
    let [keepends] = arg_styles::keywords("splitlines", args, ["keepends"], 0)?;
    let keepends = match keepends {
        None => false,
        Some(v) => ssize_arg(&v)? != 0,
    };
    Ok(str_list(split_lines(&s, keepends)))
}

fn partition_in(this: &Py, name: &str, args: Args, reverse: bool) -> PyResult<Py> {
    let s = text(this, name)?;
    let sep = str_arg(&arg_styles::one_arg("str", name, args)?)?;
    if sep.is_empty() {
        return Err(exceptions::value_error("empty separator"));
    }
    let found = if reverse { s.rfind(&*sep) } else { s.find(&*sep) };
    Ok(Py::tuple(match found {
        Some(at) => vec![Py::str(&s[..at]), Py::Str(sep.clone()), Py::str(&s[at + sep.len()..])],
        None if reverse => vec![Py::str(""), Py::str(""), Py::Str(s.clone())],
        None => vec![Py::Str(s.clone()), Py::str(""), Py::str("")],
    }))
}

pub fn partition(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    partition_in(this, "partition", args, false)
}

pub fn rpartition(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    partition_in(this, "rpartition", args, true)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Both,
    Left,
    Right,
}

fn strip_in(this: &Py, name: &str, args: Args, side: Side) -> PyResult<Py> {
    let s = text(this, name)?;
    let a = arg_styles::positional("str", name, args, 0, 1)?;
    let set: Option<Vec<char>> = match a.first() {
        None | Some(Py::None) => None,
        Some(Py::Str(chars)) => Some(chars.chars().collect()),
        Some(_) => return Err(exceptions::type_error(format!("{name} arg must be None or str"))),
    };
    let strip = |c: char| match &set {
        None => unicode::is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut out: &str = &s;
    if side != Side::Right {
        out = out.trim_start_matches(strip);
    }
    if side != Side::Left {
        out = out.trim_end_matches(strip);
    }
    Ok(if out.len() == s.len() { Py::Str(s.clone()) } else { Py::str(out) })
}

pub fn strip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "strip", args, Side::Both)
}

pub fn lstrip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "lstrip", args, Side::Left)
}

pub fn rstrip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "rstrip", args, Side::Right)
}

pub fn join(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let sep = text(this, "join")?;
    let iterable = arg_styles::one_arg("str", "join", args)?;
    let items = semantics::iterate(cx, &iterable).map_err(|e| {
        if e.is("TypeError") && semantics::iter(cx, &iterable).is_err() {
            exceptions::type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    let mut total = sep.len().saturating_mul(items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        match item {
            Py::Str(s) => total = total.saturating_add(s.len()),
            other => {
                return Err(exceptions::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    semantics::type_name(other)
                )))
            }
        }
    }
    check_size(total)?;
    let mut out = String::with_capacity(total);
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&sep);
        }
        if let Py::Str(s) = item {
            out.push_str(s);
        }
    }
    Ok(Py::str(out))
}
