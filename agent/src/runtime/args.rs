//! Binding call arguments the way Python does (positional or keyword,
//! defaults, keyword-only) with `TypeError`s worded like CPython's, and the
//! conversions native functions apply to their parameters.

use std::path::PathBuf;
use std::sync::Arc;

use super::context::Cx;
use super::exceptions::{self, PyResult};
use super::semantics;
use super::value::Py;

/// The arguments of one call.
#[derive(Default, Clone, Debug)]
pub struct Args {
    pub pos: Vec<Py>,
    pub kw: Vec<(Arc<str>, Py)>,
}

impl Args {
    pub fn new(pos: Vec<Py>, kw: Vec<(Arc<str>, Py)>) -> Args {
        Args { pos, kw }
    }

    pub fn positional(pos: Vec<Py>) -> Args {
        Args { pos, kw: Vec::new() }
    }

    pub fn one(v: Py) -> Args {
        Args { pos: vec![v], kw: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.pos.is_empty() && self.kw.is_empty()
    }

    /// Binds to a parameter list. Each spec entry is a parameter name; a
    /// trailing `?` makes it optional, a leading `$` keyword-only. Returns
    /// one slot per entry, `None` where an optional parameter was not given.
    pub fn bind<const N: usize>(self, func: &str, spec: [&str; N]) -> PyResult<[Option<Py>; N]> {
        let mut slots: [Option<Py>; N] = std::array::from_fn(|_| None);
        let names: [(&str, bool, bool); N] = spec.map(|s| {
            let kw_only = s.starts_with('$');
            let optional = s.ends_with('?');
            (s.trim_start_matches('$').trim_end_matches('?'), optional, kw_only)
        });
        let max_pos = names.iter().filter(|(_, _, kw_only)| !kw_only).count();
        if self.pos.len() > max_pos {
            let required = names.iter().filter(|(_, optional, kw_only)| !optional && !kw_only).count();
            return Err(exceptions::type_error(match (max_pos, required == max_pos) {
                (0, _) => format!("{func}() takes no positional arguments ({} given)", self.pos.len()),
                (1, true) => format!("{func}() takes exactly one argument ({} given)", self.pos.len()),
                (n, true) => format!("{func}() takes exactly {n} arguments ({} given)", self.pos.len()),
                (1, false) => format!("{func}() takes at most 1 argument ({} given)", self.pos.len()),
                (n, false) => format!("{func}() takes at most {n} arguments ({} given)", self.pos.len()),
            }));
        }
        for (i, v) in self.pos.into_iter().enumerate() {
            slots[i] = Some(v);
        }
        for (k, v) in self.kw {
            let Some(i) = names.iter().position(|(name, _, _)| *name == &*k) else {
                return Err(exceptions::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
            };
            if slots[i].is_some() {
                return Err(exceptions::type_error(format!("{func}() got multiple values for argument '{k}'")));
            }
            slots[i] = Some(v);
        }
        for (i, (name, optional, kw_only)) in names.iter().enumerate() {
            if !optional && slots[i].is_none() {
                return Err(exceptions::type_error(if *kw_only {
                    format!("{func}() missing required keyword-only argument: '{name}'")
                } else {
                    format!("{func}() missing required argument '{name}' (pos {})", i + 1)
                }));
            }
        }
        Ok(slots)
    }

    /// For functions that take nothing.
    pub fn none(self, func: &str) -> PyResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(exceptions::type_error(format!(
                "{func}() takes no arguments ({} given)",
                self.pos.len() + self.kw.len()
            )))
        }
    }

    /// Removes keyword argument `name`, if given.
    pub fn take_kw(&mut self, name: &str) -> Option<Py> {
        let i = self.kw.iter().position(|(k, _)| &**k == name)?;
        Some(self.kw.remove(i).1)
    }

    /// Refuses any keyword arguments left.
    pub fn no_kw(&self, func: &str) -> PyResult<()> {
        match self.kw.first() {
            None => Ok(()),
            Some((k, _)) => Err(exceptions::type_error(format!("{func}() got an unexpected keyword argument '{k}'"))),
        }
    }
}

/// A required slot from [`Args::bind`] (present by construction).
pub fn req(slot: Option<Py>) -> Py {
    slot.unwrap_or(Py::None)
}

fn wrong_type(func: &str, what: &str, v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("{func}() argument must be {what}, not {}", semantics::type_name(v)))
}

/// A `str` argument.
pub fn as_str<'a>(func: &str, v: &'a Py) -> PyResult<&'a str> {
    match v {
        Py::Str(s) => Ok(s),
        other => Err(wrong_type(func, "str", other)),
    }
}

pub fn to_str(func: &str, v: &Py) -> PyResult<String> {
    as_str(func, v).map(str::to_owned)
}

/// An optional `str` argument (absent or `None`).
pub fn opt_str(func: &str, v: Option<&Py>) -> PyResult<Option<String>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => to_str(func, v).map(Some),
    }
}

/// An integer argument (`__index__`): int, bool, or an int-like object.
/// `_func` is kept for callers; CPython does not name the function here.
pub fn to_int(_func: &str, v: &Py) -> PyResult<i64> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(n),
        Some(Py::BigInt(_)) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
        // CPython's argument parsing does not name the function here.
        _ => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// A file descriptor argument: an int that fits a C `int`.
pub fn to_fd(func: &str, v: &Py) -> PyResult<i32> {
    let n = to_int(func, v)?;
    i32::try_from(n).map_err(|_| {
        exceptions::overflow_error(if n < 0 { "fd is less than minimum" } else { "fd is greater than maximum" })
    })
}

pub fn opt_int(func: &str, v: Option<&Py>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => to_int(func, v).map(Some),
    }
}

/// A real-number argument.
pub fn to_float(func: &str, v: &Py) -> PyResult<f64> {
    match semantics::float_value(v) {
        Some(f) => f,
        None => Err(wrong_type(func, "a real number", v)),
    }
}

pub fn opt_float(func: &str, v: Option<&Py>) -> PyResult<Option<f64>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => to_float(func, v).map(Some),
    }
}

/// A flag argument: Python truthiness, `default` when absent.
pub fn opt_bool(cx: &Cx, v: Option<&Py>, default: bool) -> PyResult<bool> {
    match v {
        None => Ok(default),
        Some(v) => semantics::truthy(cx, v),
    }
}

/// A bytes-like argument (bytes, bytearray, or an object standing for
/// bytes).
pub fn to_bytes(func: &str, v: &Py) -> PyResult<Arc<[u8]>> {
    match v {
        Py::Bytes(b) => Ok(b.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Bytes(b)) => Ok(b),
            _ => Err(exceptions::type_error(format!(
                "{func}() argument must be a bytes-like object, not '{}'",
                semantics::type_name(v)
            ))),
        },
        other => Err(exceptions::type_error(format!(
            "{func}() argument must be a bytes-like object, not '{}'",
            semantics::type_name(other)
        ))),
    }
}

/// A path argument: str, bytes or an `os.PathLike` (`__fspath__`).
pub fn to_path(func: &str, v: &Py, cx: &Cx) -> PyResult<PathBuf> {
    semantics::fspath_buf(cx, &to_path_value(func, v, cx)?)
}

/// A path argument as Python code has it after `os.fspath`: the str or
/// bytes, for functions whose results keep the argument's kind
/// (`os.listdir(b'.')` lists bytes).
pub fn to_path_value(func: &str, v: &Py, cx: &Cx) -> PyResult<Py> {
    semantics::fspath(cx, v).map_err(|e| {
        if e.is("TypeError") {
            exceptions::type_error(format!(
                "{func}: path should be string, bytes or os.PathLike, not {}",
                semantics::type_name(v)
            ))
        } else {
            e
        }
    })
}

/// Whether a path argument was given as bytes (results then come as bytes).
pub fn is_bytes(v: &Py) -> bool {
    matches!(v, Py::Bytes(_))
}
