//! Cutting and gluing binary data: `split`/`rsplit` (on a separator or on
//! ASCII whitespace), `splitlines`, `partition`/`rpartition`, `strip` and
//! its one-sided forms, and `join`.

use std::sync::Arc;

use super::search::{find_all, find_bytes, rfind_bytes};
use super::{bytes_arg, bytes_like, check_size, receiver, Kind};
use crate::objects::arg_styles;
use crate::objects::list::List;
use crate::objects::str::ssize_arg;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// ASCII whitespace, as `bytes.split()` and `bytes.strip()` see it.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

fn split_args(name: &str, args: Args) -> PyResult<(Option<Arc<[u8]>>, usize)> {
    let [sep, maxsplit] = arg_styles::keywords(name, args, ["sep", "maxsplit"], 0)?;
    let sep = match sep {
        None | Some(Py::None) => None,
        Some(v) => Some(bytes_arg(&v)?),
    };
    let maxsplit = match maxsplit {
        None => -1,
        Some(v) => ssize_arg(&v)?,
    };
    if sep.as_deref().is_some_and(<[u8]>::is_empty) {
        return Err(exceptions::value_error("empty separator"));
    }
    Ok((sep, if maxsplit < 0 { usize::MAX } else { maxsplit as usize }))
}

fn parts(kind: Kind, parts: Vec<&[u8]>) -> Py {
    List::new(parts.into_iter().map(|p| kind.make(p.to_vec())).collect())
}

fn split_whitespace(data: &[u8], max: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 0;
    let n = data.len();
    while i < n && is_space(data[i]) {
        i += 1;
    }
    while i < n {
        if out.len() == max {
            out.push(&data[i..]);
            break;
        }
        let start = i;
        while i < n && !is_space(data[i]) {
            i += 1;
        }
        out.push(&data[start..i]);
        while i < n && is_space(data[i]) {
            i += 1;
        }
    }
    out
}

fn rsplit_whitespace(data: &[u8], max: usize) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut j = data.len();
    while j > 0 && is_space(data[j - 1]) {
        j -= 1;
    }
    while j > 0 {
        if out.len() == max {
            out.push(&data[..j]);
            break;
        }
        let end = j;
        while j > 0 && !is_space(data[j - 1]) {
            j -= 1;
        }
        out.push(&data[j..end]);
        while j > 0 && is_space(data[j - 1]) {
            j -= 1;
        }
    }
    out.reverse();
    out
}

pub fn split(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "split")?;
    let (sep, max) = split_args("split", args)?;
    Ok(parts(
        kind,
        match &sep {
            None => split_whitespace(&data, max),
            Some(sep) => {
                let mut out = Vec::new();
                let mut last = 0;
                for at in find_all(&data, sep, max) {
                    out.push(&data[last..at]);
                    last = at + sep.len();
                }
                out.push(&data[last..]);
                out
            }
        },
    ))
}

pub fn rsplit(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "rsplit")?;
    let (sep, max) = split_args("rsplit", args)?;
    Ok(parts(
        kind,
        match &sep {
            None => rsplit_whitespace(&data, max),
            Some(sep) => {
                // Non-overlapping from the right: search the reversed data.
                let rev: Vec<u8> = data.iter().rev().copied().collect();
                let rsep: Vec<u8> = sep.iter().rev().copied().collect();
                let mut out = Vec::new();
                let mut end = data.len();
                for at in find_all(&rev, &rsep, max) {
                    let start = data.len() - at;
                    out.push(&data[start..end]);
                    end = start - sep.len();
                }
                out.push(&data[..end]);
                out.reverse();
                out
            }
        },
    ))
}

pub fn splitlines(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "splitlines")?;
    let [keepends] = arg_styles::keywords("splitlines", args, ["keepends"], 0)?;
    let keepends = match keepends {
        None => false,
        Some(v) => ssize_arg(&v)? != 0,
    };
    let mut out = Vec::new();
    let (mut i, mut start) = (0, 0);
    while i < data.len() {
        match data[i] {
            b'\n' | b'\r' => {
                let eol = i;
                i += if data[i] == b'\r' && data.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                out.push(&data[start..if keepends { i } else { eol }]);
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < data.len() {
        out.push(&data[start..]);
    }
    Ok(parts(kind, out))
}

fn partition_in(this: &Py, name: &str, args: Args, reverse: bool) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    let sep = bytes_arg(&arg_styles::one_arg(kind.owner(), name, args)?)?;
    if sep.is_empty() {
        return Err(exceptions::value_error("empty separator"));
    }
    let found = if reverse { rfind_bytes(&data, &sep) } else { find_bytes(&data, &sep) };
    let whole = || kind.same(this, &data);
    Ok(Py::tuple(match found {
        Some(at) => {
            vec![kind.make(data[..at].to_vec()), kind.make(sep.to_vec()), kind.make(data[at + sep.len()..].to_vec())]
        }
        None if reverse => vec![kind.make(Vec::new()), kind.make(Vec::new()), whole()],
        None => vec![whole(), kind.make(Vec::new()), kind.make(Vec::new())],
    }))
}

pub fn partition(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    partition_in(this, "partition", args, false)
}

pub fn rpartition(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    partition_in(this, "rpartition", args, true)
}

fn strip_in(this: &Py, name: &str, args: Args, left: bool, right: bool) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    let a = arg_styles::positional(kind.owner(), name, args, 0, 1)?;
    let set = match a.first() {
        None | Some(Py::None) => None,
        Some(v) => Some(bytes_arg(v)?),
    };
    let strip = |b: u8| match &set {
        None => is_space(b),
        Some(set) => set.contains(&b),
    };
    let mut start = 0;
    let mut end = data.len();
    if left {
        while start < end && strip(data[start]) {
            start += 1;
        }
    }
    if right {
        while end > start && strip(data[end - 1]) {
            end -= 1;
        }
    }
    Ok(if start == 0 && end == data.len() { kind.same(this, &data) } else { kind.make(data[start..end].to_vec()) })
}

pub fn strip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "strip", args, true, true)
}

pub fn lstrip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "lstrip", args, true, false)
}

pub fn rstrip(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    strip_in(this, "rstrip", args, false, true)
}

pub fn join(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (sep, kind) = receiver(this, "join")?;
    let iterable = arg_styles::one_arg(kind.owner(), "join", args)?;
    let items = semantics::iterate(cx, &iterable).map_err(|e| {
        if e.is("TypeError") && semantics::iter(cx, &iterable).is_err() {
            exceptions::type_error("can only join an iterable")
        } else {
            e
        }
    })?;
    let mut chunks = Vec::with_capacity(items.len());
    let mut total = sep.len().saturating_mul(items.len().saturating_sub(1));
    for (i, item) in items.iter().enumerate() {
        let Some(b) = bytes_like(item) else {
            return Err(exceptions::type_error(format!(
                "sequence item {i}: expected a bytes-like object, {} found",
                semantics::type_name(item)
            )));
        };
        total = total.saturating_add(b.len());
        chunks.push(b);
    }
    check_size(total)?;
    let mut out = Vec::with_capacity(total);
    for (i, b) in chunks.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(&sep);
        }
        out.extend_from_slice(b);
    }
    Ok(kind.make(out))
}
