//! `str`: the constructor and the methods of text. Strings are UTF-8
//! (`Arc<str>`) while Python counts positions in code points: indices are
//! converted at the edges, with a fast path for ASCII text.
//!
//! The methods are grouped by concern: [`case`] (case mappings and the
//! `is...` predicates), [`search`] (find, count, replace, prefixes),
//! [`split`] (split, join, strip, partition), [`layout`] (padding, tabs,
//! translation, encoding, formatting).

mod case;
mod layout;
mod search;
mod split;
#[cfg(test)]
mod tests;

use std::sync::{Arc, LazyLock};

use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{method, static_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub use case::{capitalize_text, lower_text, upper_text};
pub use layout::{expandtabs_text, maketrans_table};
pub use split::{split_lines, split_whitespace};

pub static STR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "str", None, &STR_METHODS, Some(str_new)));

fn str_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [object, encoding, errors] = args.bind("str", ["object?", "encoding?", "errors?"])?;
    let Some(object) = object else { return Ok(Py::str("")) };
    if encoding.is_none() && errors.is_none() {
        return Ok(Py::str(semantics::str(cx, &object)?));
    }
    if matches!(object, Py::Str(_)) {
        return Err(exceptions::type_error("decoding str is not supported"));
    }
    let data = args::to_bytes("str", &object).map_err(|_| {
        exceptions::type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            semantics::type_name(&object)
        ))
    })?;
    let encoding = args::opt_str("str", encoding.as_ref())?.unwrap_or_else(|| "utf-8".into());
    let errors = args::opt_str("str", errors.as_ref())?.unwrap_or_else(|| "strict".into());
    super::bytes::decode(&data, &encoding, &errors).map(Py::str)
}

/// `self` of a str method (a str, or an object standing for one).
pub fn str_self(this: &Py) -> PyResult<&str> {
    match this {
        Py::Str(s) => Ok(s),
        other => Err(exceptions::type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            semantics::type_name(other)
        ))),
    }
}

/// The text of `self` for method `name`.
fn text(this: &Py, name: &str) -> PyResult<Arc<str>> {
    match this {
        Py::Str(s) => Ok(s.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Str(s)) => Ok(s),
            _ => Err(not_str_self(this, name)),
        },
        _ => Err(not_str_self(this, name)),
    }
}

fn not_str_self(this: &Py, name: &str) -> exceptions::PyErr {
    exceptions::type_error(format!(
        "descriptor '{name}' for 'str' objects doesn't apply to a '{}' object",
        semantics::type_name(this)
    ))
}

/// A str argument, or `TypeError: must be str, not int`.
fn str_arg(v: &Py) -> PyResult<Arc<str>> {
    match v {
        Py::Str(s) => Ok(s.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Str(s)) => Ok(s),
            _ => Err(exceptions::type_error(format!("must be str, not {}", semantics::type_name(v)))),
        },
        _ => Err(exceptions::type_error(format!("must be str, not {}", semantics::type_name(v)))),
    }
}

/// Number of code points.
pub fn char_len(s: &str) -> usize {
    semantics::str_len(s)
}

/// Byte offset of code point `i` (the end for `i` past it).
pub fn byte_offset(s: &str, i: usize) -> usize {
    if s.is_ascii() {
        i.min(s.len())
    } else {
        s.char_indices().nth(i).map_or(s.len(), |(at, _)| at)
    }
}

/// Code points before byte offset `at`.
pub fn char_index(s: &str, at: usize) -> usize {
    char_len(&s[..at])
}

/// An integer argument through `__index__`, as a C `Py_ssize_t`.
pub fn ssize_arg(v: &Py) -> PyResult<i64> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(n),
        Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// A `start`/`end` argument: None or an integer (clamped, as CPython's
/// `_PyEval_SliceIndex`).
pub fn slice_arg(v: Option<&Py>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => match semantics::index_value(v) {
            Some(Py::Int(n)) => Ok(Some(n)),
            Some(Py::BigInt(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX })),
            _ => Err(exceptions::type_error("slice indices must be integers or None or have an __index__ method")),
        },
    }
}

/// `ADJUST_INDICES`: start and end clamped into `0..=len` the way
/// CPython's search methods do (start may stay past the end).
pub fn adjust(start: Option<i64>, end: Option<i64>, len: usize) -> (i64, i64) {
    let len = len as i64;
    let mut end = end.unwrap_or(len);
    let mut start = start.unwrap_or(0);
    if end > len {
        end = len;
    } else if end < 0 {
        end = (end + len).max(0);
    }
    if start < 0 {
        start = (start + len).max(0);
    }
    (start, end)
}

/// Guards the size of a str being built.
fn check_size(bytes: usize) -> PyResult<()> {
    if bytes > semantics::MAX_BYTES {
        return Err(exceptions::memory_error("str"));
    }
    Ok(())
}

static STR_METHODS: [Method; 47] = [
    method("capitalize", case::capitalize),
    method("casefold", case::casefold),
    method("center", layout::center),
    method("count", search::count),
    method("encode", layout::encode),
    method("endswith", search::endswith),
    method("expandtabs", layout::expandtabs),
    method("find", search::find),
    method("format", layout::format),
    method("format_map", layout::format_map),
    method("index", search::index),
    method("isalnum", case::isalnum),
    method("isalpha", case::isalpha),
    method("isascii", case::isascii),
    method("isdecimal", case::isdecimal),
    method("isdigit", case::isdigit),
    method("isidentifier", case::isidentifier),
    method("islower", case::islower),
    method("isnumeric", case::isnumeric),
    method("isprintable", case::isprintable),
    method("isspace", case::isspace),
    method("istitle", case::istitle),
    method("isupper", case::isupper),
    method("join", split::join),
    method("ljust", layout::ljust),
    method("lower", case::lower),
    method("lstrip", split::lstrip),
    static_method("maketrans", layout::maketrans),
    method("partition", split::partition),
    method("removeprefix", search::removeprefix),
    method("removesuffix", search::removesuffix),
    method("replace", search::replace),
    method("rfind", search::rfind),
    method("rindex", search::rindex),
    method("rjust", layout::rjust),
    method("rpartition", split::rpartition),
    method("rsplit", split::rsplit),
    method("rstrip", split::rstrip),
    method("split", split::split),
    method("splitlines", split::splitlines),
    method("startswith", search::startswith),
    method("strip", split::strip),
    method("swapcase", case::swapcase),
    method("title", case::title),
    method("translate", layout::translate),
    method("upper", case::upper),
    method("zfill", layout::zfill),
];
