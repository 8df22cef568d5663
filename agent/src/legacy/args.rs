//! Binding call arguments the way Python does: positional or keyword,
//! defaults, and `TypeError`s worded like CPython's.

use std::path::PathBuf;

use rpyc_protocol::{Obj, Value};

use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{val_type_name, Val};

/// The arguments of one call.
#[derive(Default)]
pub struct Args {
    pub pos: Vec<Val>,
    pub kw: Vec<(String, Val)>,
}

impl Args {
    pub fn new(pos: Vec<Val>, kw: Vec<(String, Val)>) -> Args {
        Args { pos, kw }
    }

    pub fn positional(pos: Vec<Val>) -> Args {
        Args { pos, kw: Vec::new() }
    }

    pub fn is_empty(&self) -> bool {
        self.pos.is_empty() && self.kw.is_empty()
    }

    /// Binds to a parameter list. Each spec entry is a parameter name;
    /// a trailing `?` makes it optional, a leading `$` keyword-only. Returns
    /// one slot per entry, `None` where an optional parameter was not given.
    pub fn bind<const N: usize>(self, func: &str, spec: [&str; N]) -> PyResult<[Option<Val>; N]> {
        let mut slots: [Option<Val>; N] = std::array::from_fn(|_| None);
        let names: [(&str, bool, bool); N] = spec.map(|s| {
            let kw_only = s.starts_with('$');
            let optional = s.ends_with('?');
            (s.trim_start_matches('$').trim_end_matches('?'), optional, kw_only)
        });
        let max_pos = names.iter().filter(|(_, _, kw_only)| !kw_only).count();
        if self.pos.len() > max_pos {
            return Err(exc::type_error(match max_pos {
                0 => format!("{func}() takes no positional arguments ({} given)", self.pos.len()),
                1 => format!("{func}() takes at most 1 argument ({} given)", self.pos.len()),
                n => format!("{func}() takes at most {n} arguments ({} given)", self.pos.len()),
            }));
        }
        for (i, v) in self.pos.into_iter().enumerate() {
            slots[i] = Some(v);
        }
        for (k, v) in self.kw {
            let Some(i) = names.iter().position(|(name, _, _)| *name == k) else {
                return Err(exc::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
            };
            if slots[i].is_some() {
                return Err(exc::type_error(format!("{func}() got multiple values for argument '{k}'")));
            }
            slots[i] = Some(v);
        }
        for (i, (name, optional, _)) in names.iter().enumerate() {
            if !optional && slots[i].is_none() {
                return Err(exc::type_error(format!("{func}() missing required argument '{name}' (pos {})", i + 1)));
            }
        }
        Ok(slots)
    }

    /// For functions that take nothing.
    pub fn none(self, func: &str) -> PyResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(exc::type_error(format!("{func}() takes no arguments ({} given)", self.pos.len() + self.kw.len())))
        }
    }
}

/// A required slot from [`Args::bind`] (present by construction).
pub fn req(slot: Option<Val>) -> Val {
    slot.unwrap_or(Obj::Value(Value::None))
}

fn wrong_type(func: &str, what: &str, v: &Val) -> rpyc_protocol::ExceptionPayload {
    exc::type_error(format!("{func}() argument must be {what}, not {}", val_type_name(v)))
}

pub fn to_str(func: &str, v: &Val) -> PyResult<String> {
    match v {
        Obj::Value(Value::Str(s)) => Ok(s.clone()),
        other => Err(wrong_type(func, "str", other)),
    }
}

pub fn opt_str(func: &str, v: Option<&Val>) -> PyResult<Option<String>> {
    match v {
        None | Some(Obj::Value(Value::None)) => Ok(None),
        Some(v) => to_str(func, v).map(Some),
    }
}

pub fn to_int(func: &str, v: &Val) -> PyResult<i64> {
    match v {
        Obj::Value(Value::Int(n)) => Ok(*n),
        Obj::Value(Value::Bool(b)) => Ok(i64::from(*b)),
        Obj::Value(Value::BigInt(_)) => Err(exc::new("OverflowError", "Python int too large to convert to C long")),
        other => Err(exc::type_error(format!(
            "{func}(): '{}' object cannot be interpreted as an integer",
            val_type_name(other)
        ))),
    }
}

pub fn opt_int(func: &str, v: Option<&Val>) -> PyResult<Option<i64>> {
    match v {
        None | Some(Obj::Value(Value::None)) => Ok(None),
        Some(v) => to_int(func, v).map(Some),
    }
}

pub fn to_float(func: &str, v: &Val) -> PyResult<f64> {
    match v {
        Obj::Value(Value::Float(f)) => Ok(*f),
        Obj::Value(Value::Int(n)) => Ok(*n as f64),
        Obj::Value(Value::Bool(b)) => Ok(f64::from(u8::from(*b))),
        other => Err(wrong_type(func, "a real number", other)),
    }
}

pub fn opt_float(func: &str, v: Option<&Val>) -> PyResult<Option<f64>> {
    match v {
        None | Some(Obj::Value(Value::None)) => Ok(None),
        Some(v) => to_float(func, v).map(Some),
    }
}

/// Python truthiness of an argument (objects are true).
pub fn truthy(v: &Val) -> bool {
    match v {
        Obj::Value(v) => v.truthy(),
        Obj::Tuple(items) => !items.is_empty(),
        _ => true,
    }
}

pub fn opt_bool(v: Option<&Val>, default: bool) -> bool {
    v.map_or(default, truthy)
}

/// A path argument: str or bytes (os.PathLike objects of the client are
/// converted with `__fspath__`).
pub fn to_path(func: &str, v: &Val, cx: &Cx) -> PyResult<PathBuf> {
    use std::os::unix::ffi::OsStringExt;
    match v {
        Obj::Value(Value::Str(s)) => Ok(PathBuf::from(s)),
        Obj::Value(Value::Bytes(b)) => Ok(PathBuf::from(std::ffi::OsString::from_vec(b.clone()))),
        Obj::Remote(_) => match cx.call_client_method(v, "__fspath__")? {
            Value::Str(s) => Ok(PathBuf::from(s)),
            Value::Bytes(b) => Ok(PathBuf::from(std::ffi::OsString::from_vec(b))),
            _ => Err(wrong_type(func, "str, bytes or os.PathLike object", v)),
        },
        other => Err(exc::type_error(format!(
            "{func}: path should be string, bytes or os.PathLike, not {}",
            val_type_name(other)
        ))),
    }
}

/// Whether a path argument was given as bytes (results then come as bytes).
pub fn is_bytes(v: &Val) -> bool {
    matches!(v, Obj::Value(Value::Bytes(_)))
}
