//! Searching binary data: `find`/`rfind`/`index`/`rindex`/`count` (of a
//! bytes-like needle or one byte value), `startswith`/`endswith`,
//! `replace`, `removeprefix`/`removesuffix`. Substring search is
//! Knuth–Morris–Pratt: linear whatever the input.

use std::sync::Arc;

use super::{bytes_like, check_size, receiver};
use crate::objects::arg_styles;
use crate::objects::str::{adjust, slice_arg, ssize_arg};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// The failure function of `needle` (non-empty).
fn failure(needle: &[u8]) -> Vec<usize> {
    let mut fail = vec![0; needle.len()];
    let mut k = 0;
    for i in 1..needle.len() {
        while k > 0 && needle[i] != needle[k] {
            k = fail[k - 1];
        }
        if needle[i] == needle[k] {
            k += 1;
        }
        fail[i] = k;
    }
    fail
}

/// Start offsets of the non-overlapping occurrences of `needle` in
/// `hay`, left to right, at most `limit` of them.
pub fn find_all(hay: &[u8], needle: &[u8], limit: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    if needle.len() == 1 {
        out.extend(hay.iter().enumerate().filter(|(_, &b)| b == needle[0]).map(|(i, _)| i).take(limit));
        return out;
    }
    let fail = failure(needle);
    let mut k = 0;
    for (i, &b) in hay.iter().enumerate() {
        if out.len() == limit {
            break;
        }
        while k > 0 && b != needle[k] {
            k = fail[k - 1];
        }
        if b == needle[k] {
            k += 1;
        }
        if k == needle.len() {
            out.push(i + 1 - k);
            k = 0;
        }
    }
    out
}

/// The first occurrence of `needle` in `hay`.
pub fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    find_all(hay, needle, 1).first().copied()
}

/// The last occurrence of `needle` in `hay`.
pub fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    let rev_hay: Vec<u8> = hay.iter().rev().copied().collect();
    let rev_needle: Vec<u8> = needle.iter().rev().copied().collect();
    find_bytes(&rev_hay, &rev_needle).map(|i| hay.len() - i - needle.len())
}

/// A search argument: bytes-like, or one byte as an int.
fn needle(v: &Py) -> PyResult<Arc<[u8]>> {
    if let Some(b) = bytes_like(v) {
        return Ok(b);
    }
    match semantics::index_value(v) {
        Some(Py::Int(n)) if (0..256).contains(&n) => Ok(Arc::from(vec![n as u8])),
        Some(_) => Err(exceptions::value_error("byte must be in range(0, 256)")),
        None => Err(exceptions::type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            semantics::type_name(v)
        ))),
    }
}

/// The `start:end` window of a search.
fn window(data: &[u8], start: Option<&Py>, end: Option<&Py>) -> PyResult<(i64, i64)> {
    Ok(adjust(slice_arg(start)?, slice_arg(end)?, data.len()))
}

fn find_in(this: &Py, name: &str, args: Args, reverse: bool) -> PyResult<i64> {
    let (data, kind) = receiver(this, name)?;
    let a = arg_styles::parse_tuple(kind.owner(), name, args, 1, 3)?;
    let sub = needle(&a[0])?;
    let (start, end) = window(&data, a.get(1), a.get(2))?;
    if end - start < sub.len() as i64 {
        return Ok(-1);
    }
    let hay = &data[start as usize..end as usize];
    let found = if reverse { rfind_bytes(hay, &sub) } else { find_bytes(hay, &sub) };
    Ok(found.map_or(-1, |i| start + i as i64))
}

pub fn find(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    find_in(this, "find", args, false).map(Py::Int)
}

pub fn rfind(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    find_in(this, "rfind", args, true).map(Py::Int)
}

pub fn index(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    match find_in(this, "index", args, false)? {
        -1 => Err(exceptions::value_error("subsection not found")),
        i => Ok(Py::Int(i)),
    }
}

pub fn rindex(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    match find_in(this, "rindex", args, true)? {
        -1 => Err(exceptions::value_error("subsection not found")),
        i => Ok(Py::Int(i)),
    }
}

pub fn count(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "count")?;
    let a = arg_styles::parse_tuple(kind.owner(), "count", args, 1, 3)?;
    let sub = needle(&a[0])?;
    let (start, end) = window(&data, a.get(1), a.get(2))?;
    if end - start < sub.len() as i64 {
        return Ok(Py::Int(0));
    }
    if sub.is_empty() {
        return Ok(Py::Int(end - start + 1));
    }
    Ok(Py::from(find_all(&data[start as usize..end as usize], &sub, usize::MAX).len()))
}

fn tail_match(this: &Py, name: &str, args: Args, at_end: bool) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    let a = arg_styles::parse_tuple(kind.owner(), name, args, 1, 3)?;
    let (start, end) = window(&data, a.get(1), a.get(2))?;
    let matches = |sub: &[u8]| {
        if end - (sub.len() as i64) < start {
            return false;
        }
        let hay = &data[start as usize..end as usize];
        if at_end {
            hay.ends_with(sub)
        } else {
            hay.starts_with(sub)
        }
    };
    if let Py::Tuple(items) = &a[0] {
        for item in items.iter() {
            let Some(sub) = bytes_like(item) else {
                return Err(exceptions::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    semantics::type_name(item)
                )));
            };
            if matches(&sub) {
                return Ok(Py::Bool(true));
            }
        }
        return Ok(Py::Bool(false));
    }
    match bytes_like(&a[0]) {
        Some(sub) => Ok(Py::Bool(matches(&sub))),
        None => Err(exceptions::type_error(format!(
            "{name} first arg must be bytes or a tuple of bytes, not {}",
            semantics::type_name(&a[0])
        ))),
    }
}

pub fn startswith(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    tail_match(this, "startswith", args, false)
}

pub fn endswith(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    tail_match(this, "endswith", args, true)
}

/// `data.replace(old, new, count)`.
pub fn replace_bytes(data: &[u8], old: &[u8], new: &[u8], count: i64) -> PyResult<Vec<u8>> {
    let limit = if count < 0 { usize::MAX } else { count as usize };
    if old.is_empty() {
        let n = (data.len() + 1).min(limit);
        check_size(data.len().saturating_add(new.len().saturating_mul(n)))?;
        let mut out = Vec::with_capacity(data.len() + new.len() * n);
        for (i, &b) in data.iter().enumerate() {
            if i < n {
                out.extend_from_slice(new);
            }
            out.push(b);
        }
        if n > data.len() {
            out.extend_from_slice(new);
        }
        return Ok(out);
    }
    let hits = find_all(data, old, limit);
    let size = data.len() - hits.len() * old.len() + hits.len().saturating_mul(new.len());
    check_size(size)?;
    let mut out = Vec::with_capacity(size);
    let mut last = 0;
    for at in hits {
        out.extend_from_slice(&data[last..at]);
        out.extend_from_slice(new);
        last = at + old.len();
    }
    out.extend_from_slice(&data[last..]);
    Ok(out)
}

pub fn replace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "replace")?;
    let a = arg_styles::positional(kind.owner(), "replace", args, 2, 3)?;
    let old = super::bytes_arg(&a[0])?;
    let new = super::bytes_arg(&a[1])?;
    let count = match a.get(2) {
        Some(v) => ssize_arg(v)?,
        None => -1,
    };
    Ok(kind.make(replace_bytes(&data, &old, &new, count)?))
}

fn strip_affix(this: &Py, name: &str, args: Args, suffix: bool) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    let affix = super::bytes_arg(&arg_styles::one_arg(kind.owner(), name, args)?)?;
    let cut = if suffix { data.strip_suffix(&affix[..]) } else { data.strip_prefix(&affix[..]) };
    Ok(match cut {
        Some(rest) if !affix.is_empty() => kind.make(rest.to_vec()),
        _ => kind.same(this, &data),
    })
}

pub fn removeprefix(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_affix(this, "removeprefix", args, false)
}

pub fn removesuffix(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_affix(this, "removesuffix", args, true)
}
