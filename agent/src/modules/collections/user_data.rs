//! What `UserDict`, `UserList` and `UserString` share: the `data`
//! attribute their methods delegate to (any object: Python code may
//! replace it), their by-value form, and binding arguments as the Python
//! `def`s of Lib/collections/__init__.py do (their errors name
//! `UserDict.get()` and count `self`, unlike a C function's).

use std::sync::Mutex;

use rpyc_protocol::Value;

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// The `data` attribute.
pub struct Data(Mutex<Py>);

impl Data {
    pub fn new(v: Py) -> Data {
        Data(Mutex::new(v))
    }

    pub fn get(&self) -> Py {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn set(&self, v: Py) {
        let old = std::mem::replace(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()), v);
        crate::runtime::object::drop_values(vec![old]);
    }

    /// For `take_children`.
    pub fn take(&self) -> Py {
        std::mem::replace(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()), Py::None)
    }

    /// What CPython pickles for an instance of a plain class whose
    /// `__dict__` is `{'data': ...}`: `cls.__new__(cls)` then `BUILD`.
    pub fn to_value(&self, cx: &Cx, class: &str) -> PyResult<Option<Value>> {
        let data = semantics::to_value(cx, &self.get())?;
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: class.to_owned(),
            args: Vec::new(),
            state: Some(Value::Dict(vec![(Value::str("data"), data)])),
        }))))
    }
}

/// `'a', 'b' and 'c'`, as CPython lists missing arguments.
fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 | 1 => q.concat(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// Binds `args` to the parameters after `self` of a Python method
/// `func` (its qualified name): `?` marks a parameter with a default, a
/// leading `/` a positional-only one. With `rest`, extra positional
/// arguments are returned (a `*args` parameter) instead of refused.
pub fn bind<const N: usize>(
    func: &str,
    args: Args,
    spec: [&str; N],
    rest: bool,
) -> PyResult<([Option<Py>; N], Vec<Py>)> {
    let (slots, extra) = bind_slice(func, args, &spec, rest)?;
    let mut out: [Option<Py>; N] = std::array::from_fn(|_| None);
    for (o, s) in out.iter_mut().zip(slots) {
        *o = s;
    }
    Ok((out, extra))
}

/// [`bind`] for a parameter list known at run time.
pub fn bind_slice(func: &str, args: Args, spec: &[&str], rest: bool) -> PyResult<(Vec<Option<Py>>, Vec<Py>)> {
    let n = spec.len();
    let names: Vec<(&str, bool, bool)> = spec
        .iter()
        .map(|s| (s.trim_start_matches('/').trim_end_matches('?'), s.ends_with('?'), s.starts_with('/')))
        .collect();
    let Args { mut pos, kw } = args;
    let extra = if pos.len() > n { pos.split_off(n) } else { Vec::new() };
    if !extra.is_empty() && !rest {
        let required = names.iter().filter(|(_, optional, _)| !optional).count();
        let takes = if required == n { format!("{}", n + 1) } else { format!("from {} to {}", required + 1, n + 1) };
        let plural = if takes == "1" { "" } else { "s" };
        let given = n + extra.len() + 1;
        return Err(exceptions::type_error(format!(
            "{func}() takes {takes} positional argument{plural} but {given} were given"
        )));
    }
    let mut slots: Vec<Option<Py>> = vec![None; n];
    for (slot, v) in slots.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    for (k, v) in kw {
        let Some(i) = names.iter().position(|(name, _, pos_only)| !pos_only && *name == &*k) else {
            if names.iter().any(|(name, _, pos_only)| *pos_only && *name == &*k) {
                return Err(exceptions::type_error(format!(
                    "{func}() got some positional-only arguments passed as keyword arguments: '{k}'"
                )));
            }
            return Err(exceptions::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
        };
        if slots[i].is_some() {
            return Err(exceptions::type_error(format!("{func}() got multiple values for argument '{k}'")));
        }
        slots[i] = Some(v);
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&slots)
        .filter(|((_, optional, _), s)| !optional && s.is_none())
        .map(|((n, _, _), _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(exceptions::type_error(format!(
            "{func}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            quoted(&missing)
        )));
    }
    Ok((slots, extra))
}

/// Binds a method that takes nothing after `self`.
pub fn none(func: &str, args: Args) -> PyResult<()> {
    bind(func, args, [], false).map(|_| ())
}

/// `TypeError: unhashable type: 'UserList'`: the classes define `__eq__`
/// and so lose `object.__hash__`.
pub fn unhashable(class: &str) -> exceptions::PyErr {
    exceptions::type_error(format!("unhashable type: '{class}'"))
}
