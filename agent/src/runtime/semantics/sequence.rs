//! Containers: `len`, `x[i]` (indices and slices), item assignment and
//! deletion, `iter`, `next`, and collecting an iterable.

use std::sync::Arc;

use super::{client, index_value, type_name};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::iterators::{BytesIter, ClientIter, StrIter, TupleIter};
use crate::runtime::slice::{self, Slice};
use crate::runtime::value::Py;

pub use crate::runtime::slice::adjust as slice_indices;

/// `len(v)`.
pub fn len(cx: &Cx, v: &Py) -> PyResult<usize> {
    match v {
        Py::Str(s) => Ok(str_len(s)),
        Py::Bytes(b) => Ok(b.len()),
        Py::Tuple(t) => Ok(t.len()),
        Py::Obj(o) => match o.len(cx)? {
            Some(n) => Ok(n),
            None => match o.base_value() {
                Some(base) => len(cx, &base),
                None => Err(no_len(v)),
            },
        },
        Py::Client(r) => client::len(cx, r),
        other => Err(no_len(other)),
    }
}

fn no_len(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("object of type '{}' has no len()", type_name(v)))
}

/// Number of characters of a str.
pub fn str_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Normalises an index into a sequence of `len` items (`-1` is the last).
pub fn seq_index(what: &str, key: &Py, len: usize) -> PyResult<usize> {
    let i = match index_value(key) {
        Some(Py::Int(n)) => n,
        Some(_) => return Err(exceptions::index_error("cannot fit 'int' into an index-sized integer")),
        None => {
            return Err(exceptions::type_error(match what {
                "string" => format!("string indices must be integers, not '{}'", type_name(key)),
                _ => format!("{what} indices must be integers or slices, not {}", type_name(key)),
            }))
        }
    };
    let real = if i < 0 { i + len as i64 } else { i };
    if real < 0 || real >= len as i64 {
        return Err(exceptions::index_error(match what {
            "byte" => "index out of range".to_owned(),
            _ => format!("{what} index out of range"),
        }));
    }
    Ok(real as usize)
}

/// The byte offsets of each character of a str, and the end.
fn char_offsets(s: &str) -> Vec<usize> {
    let mut v: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    v.push(s.len());
    v
}

/// `s[key]` for a str.
pub fn str_getitem(cx: &Cx, s: &Arc<str>, key: &Py) -> PyResult<Py> {
    if let Some(sl) = key.downcast::<Slice>() {
        let ascii = s.is_ascii();
        let n = str_len(s);
        let (start, _, step, count) = slice::adjust(cx, sl, n)?;
        if step == 1 {
            let (a, b) = (start as usize, start as usize + count);
            if ascii {
                return Ok(Py::str(&s[a..b]));
            }
            let offs = char_offsets(s);
            return Ok(Py::str(&s[offs[a]..offs[b]]));
        }
        let chars: Vec<char> = s.chars().collect();
        let out: String = (0..count as i64).map(|i| chars[(start + i * step) as usize]).collect();
        return Ok(Py::str(out));
    }
    let i = seq_index("string", key, str_len(s))?;
    let c = if s.is_ascii() {
        &s[i..i + 1]
    } else {
        let (at, c) = s.char_indices().nth(i).unwrap_or((0, ' '));
        &s[at..at + c.len_utf8()]
    };
    Ok(Py::str(c))
}

/// `v[key]`.
pub fn getitem(cx: &Cx, v: &Py, key: &Py) -> PyResult<Py> {
    match v {
        Py::Str(s) => str_getitem(cx, s, key),
        Py::Bytes(b) => {
            if let Some(sl) = key.downcast::<Slice>() {
                let picked: Vec<u8> = slice::positions(cx, sl, b.len())?.map(|i| b[i]).collect();
                return Ok(Py::bytes(picked));
            }
            Ok(Py::Int(b[seq_index("byte", key, b.len())?].into()))
        }
        Py::Tuple(t) => {
            if let Some(sl) = key.downcast::<Slice>() {
                let picked: Vec<Py> = slice::positions(cx, sl, t.len())?.map(|i| t[i].clone()).collect();
                return Ok(Py::tuple(picked));
            }
            Ok(t[seq_index("tuple", key, t.len())?].clone())
        }
        Py::Obj(o) => match o.getitem(o, key, cx)? {
            Some(item) => Ok(item),
            None => match o.base_value() {
                Some(base) => getitem(cx, &base, key),
                None => Err(not_subscriptable(v)),
            },
        },
        Py::Client(r) => match client::client_callattr(cx, r, "__getitem__", Args::one(key.clone())) {
            // The client's object has no `__getitem__`: a real server's
            // netref class has none either, so subscripting is a TypeError.
            Err(e) if client::lacks_attribute(&e, "__getitem__") => Err(not_subscriptable(v)),
            other => other,
        },
        other => Err(not_subscriptable(other)),
    }
}

fn not_subscriptable(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("'{}' object is not subscriptable", type_name(v)))
}

/// `v[key] = value`.
pub fn setitem(cx: &Cx, v: &Py, key: Py, value: Py) -> PyResult<()> {
    match v {
        Py::Obj(o) if o.setitem(key.clone(), value.clone(), cx)? => Ok(()),
        Py::Client(r) => client::client_callattr(cx, r, "__setitem__", Args::positional(vec![key, value])).map(drop),
        other => Err(exceptions::type_error(format!("'{}' object does not support item assignment", type_name(other)))),
    }
}

/// `del v[key]`.
pub fn delitem(cx: &Cx, v: &Py, key: &Py) -> PyResult<()> {
    match v {
        Py::Obj(o) if o.delitem(key, cx)? => Ok(()),
        Py::Client(r) => client::client_callattr(cx, r, "__delitem__", Args::one(key.clone())).map(drop),
        other => Err(exceptions::type_error(format!("'{}' object doesn't support item deletion", type_name(other)))),
    }
}

/// `iter(v)`: an iterator.
pub fn iter(cx: &Cx, v: &Py) -> PyResult<Py> {
    match v {
        Py::Str(s) => Ok(StrIter::new(s.clone())),
        Py::Bytes(b) => Ok(BytesIter::new(b.clone())),
        Py::Tuple(t) => Ok(TupleIter::new(t.clone())),
        Py::Obj(o) => match o.iter(o, cx)? {
            Some(it) => Ok(it),
            None if o.is_iterator() => Ok(v.clone()),
            None => match o.base_value() {
                Some(base) => iter(cx, &base),
                None => Err(not_iterable(v)),
            },
        },
        Py::Client(r) => match client::client_callattr(cx, r, "__iter__", Args::default())? {
            Py::Client(it) => Ok(ClientIter::new(it)),
            other => Ok(other),
        },
        other => Err(not_iterable(other)),
    }
}

fn not_iterable(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("'{}' object is not iterable", type_name(v)))
}

/// `next(it)`: the next item, `None` at the end.
pub fn next(cx: &Cx, it: &Py) -> PyResult<Option<Py>> {
    match it {
        Py::Obj(o) => o.next(cx),
        Py::Client(r) => client::next(cx, r),
        other => Err(exceptions::type_error(format!("'{}' object is not an iterator", type_name(other)))),
    }
}

/// Every item of an iterable (`list(v)`), bounded by
/// [`MAX_ITEMS`](super::MAX_ITEMS) and stopped when the connection closes.
pub fn iterate(cx: &Cx, v: &Py) -> PyResult<Vec<Py>> {
    match v {
        Py::Tuple(t) => return Ok(t.to_vec()),
        Py::Client(r) => return client::items(cx, r, super::MAX_ITEMS),
        _ => {}
    }
    let it = iter(cx, v)?;
    let mut out = Vec::new();
    while let Some(item) = next(cx, &it)? {
        out.push(item);
        if out.len() % 4096 == 0 {
            cx.check_interrupt()?;
            if out.len() > super::MAX_ITEMS {
                return Err(exceptions::memory_error("sequence"));
            }
        }
    }
    Ok(out)
}
