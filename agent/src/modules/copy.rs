//! `copy`: `copy`, `deepcopy` and `Error`, in CPython 3.11's order of
//! resort: the builtin types by exact class (immutable values are their own
//! copies; lists, dicts, sets and bytearrays are copied item by item, deep
//! copies through the memo so shared and cyclic references stay shared),
//! then a class's `__copy__`/`__deepcopy__`, then its `__reduce_ex__(4)`
//! rebuilt as `copy._reconstruct` does. The memo is a real dict keyed by
//! `id()`, so a caller's memo works as in CPython.

use std::sync::{Arc, LazyLock};

use crate::modules::builtins::object_id;
use crate::objects::attr;
use crate::objects::builtin_types::type_of;
use crate::objects::bytearray::BYTEARRAY;
use crate::objects::dict::{Dict, DICT};
use crate::objects::list::{List, LIST};
use crate::objects::module::{f, ModuleDef};
use crate::objects::set::{Set, FROZENSET, SET};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{as_type, type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "copy",
    type_name: "copy",
    doc: "Generic (shallow and deep) copying operations.",
    functions: &[f("copy", copy), f("deepcopy", deepcopy)],
    attr: |name, _| matches!(name, "Error" | "error").then(|| Ok(type_value(&ERROR))),
    attr_names: &["Error", "error"],
    setattr: None,
};

/// `copy.Error` (also `copy.error`).
static ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("copy", "Error", Some(&exceptions::exc_type("Exception")), &[], None);
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&ERROR);
}

fn is(ty: &TypeRef, builtin: &LazyLock<TypeRef>) -> bool {
    Arc::ptr_eq(ty, builtin)
}

/// The classes whose instances are their own copies, shallow or deep
/// (`copy._copy_immutable` and `_deepcopy_atomic`), besides those held
/// inline and classes themselves.
fn is_atomic_class(ty: &TypeRef) -> bool {
    &*ty.module == "builtins"
        && matches!(
            &*ty.name,
            "NoneType"
                | "range"
                | "slice"
                | "property"
                | "function"
                | "builtin_function_or_method"
                | "ellipsis"
                | "NotImplementedType"
                | "code"
        )
}

fn is_atomic(v: &Py, ty: &TypeRef) -> bool {
    match v {
        Py::None | Py::Bool(_) | Py::Int(_) | Py::BigInt(_) | Py::Float(_) | Py::Complex(..) | Py::Str(_) => true,
        Py::Bytes(_) => true,
        Py::Tuple(_) | Py::Client(_) => false,
        Py::Obj(_) => as_type(v).is_some() || is_atomic_class(ty),
    }
}

/// `copy(x)`: a shallow copy.
fn copy(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("copy", ["x"])?;
    let x = req(x);
    let ty = type_of(&x);
    if is_atomic(&x, &ty) || matches!(x, Py::Tuple(_)) || is(&ty, &FROZENSET) {
        return Ok(x);
    }
    if is(&ty, &LIST) || is(&ty, &DICT) || is(&ty, &SET) || is(&ty, &BYTEARRAY) {
        return attr::call_method(cx, &x, "copy", Args::default());
    }
    if let Some(copier) = class_attr(cx, &x, &ty, "__copy__")? {
        return semantics::call(cx, &copier, Args::default());
    }
    match reduce(cx, &x, &ty)? {
        Py::Str(_) => Ok(x),
        rv => reconstruct(cx, &x, None, &rv),
    }
}

/// `type(x).__name__` bound to `x`, when the class (not the instance) has it.
fn class_attr(cx: &Cx, x: &Py, ty: &TypeRef, name: &str) -> PyResult<Option<Py>> {
    if matches!(x, Py::Client(_)) {
        return match attr::getattr(cx, x, name) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is("AttributeError") => Ok(None),
            Err(e) => Err(e),
        };
    }
    if ty.mro().iter().any(|t| t.lookup(name).is_some()) {
        return attr::getattr(cx, x, name).map(Some);
    }
    Ok(None)
}

/// `x.__reduce_ex__(4)`: what pickling would rebuild `x` from. Agent
/// objects without a reduction cannot be pickled, as CPython's C types.
fn reduce(cx: &Cx, x: &Py, ty: &TypeRef) -> PyResult<Py> {
    if let Some(r) = class_attr(cx, x, ty, "__reduce_ex__")? {
        return semantics::call(cx, &r, Args::one(Py::Int(4)));
    }
    if let Some(r) = class_attr(cx, x, ty, "__reduce__")? {
        return semantics::call(cx, &r, Args::default());
    }
    Err(exceptions::type_error(format!("cannot pickle '{}' object", semantics::tp_name(x))))
}

/// `copy._reconstruct(x, memo, *rv)`.
fn reconstruct(cx: &Cx, x: &Py, memo: Option<&Py>, rv: &Py) -> PyResult<Py> {
    let Py::Tuple(parts) = rv else {
        return Err(exceptions::type_error("__reduce__ must return a string or tuple"));
    };
    if !(2..=5).contains(&parts.len()) {
        return Err(exceptions::type_error(format!(
            "copy._reconstruct() takes from 4 to 7 positional arguments but {} were given",
            parts.len() + 2
        )));
    }
    let item = |i: usize| parts.get(i).cloned().unwrap_or(Py::None);
    let (func, mut args) = (item(0), item(1));
    let deep = |v: &Py| match memo {
        Some(m) => deep_copy(cx, v, m),
        None => Ok(v.clone()),
    };
    if memo.is_some() && semantics::truthy(cx, &args)? {
        args = deep(&args)?;
    }
    let y = semantics::call(cx, &func, Args::positional(semantics::iterate(cx, &args)?))?;
    if let Some(m) = memo {
        semantics::setitem(cx, m, Py::Int(object_id(x)), y.clone())?;
    }
    let state = item(2);
    if !state.is_none() {
        let state = deep(&state)?;
        if attr::hasattr(cx, &y, "__setstate__")? {
            attr::call_method(cx, &y, "__setstate__", Args::one(state))?;
        } else {
            let (state, slots) = match &state {
                Py::Tuple(t) if t.len() == 2 => (t[0].clone(), t[1].clone()),
                _ => (state, Py::None),
            };
            for pairs in [state, slots] {
                if pairs.is_none() {
                    continue;
                }
                let items = attr::call_method(cx, &pairs, "items", Args::default())?;
                for pair in semantics::iterate(cx, &items)? {
                    let [k, v] = pair_of(cx, &pair)?;
                    attr::setattr(cx, &y, args_name(&k)?, v)?;
                }
            }
        }
    }
    let listiter = item(3);
    if !listiter.is_none() {
        for it in semantics::iterate(cx, &listiter)? {
            attr::call_method(cx, &y, "append", Args::one(deep(&it)?))?;
        }
    }
    let dictiter = item(4);
    if !dictiter.is_none() {
        for pair in semantics::iterate(cx, &dictiter)? {
            let [k, v] = pair_of(cx, &pair)?;
            semantics::setitem(cx, &y, deep(&k)?, deep(&v)?)?;
        }
    }
    Ok(y)
}

fn pair_of(cx: &Cx, v: &Py) -> PyResult<[Py; 2]> {
    let items = semantics::iterate(cx, v)?;
    let n = items.len();
    items.try_into().map_err(|_| {
        if n > 2 {
            exceptions::value_error("too many values to unpack (expected 2)")
        } else {
            exceptions::value_error(format!("not enough values to unpack (expected 2, got {n})"))
        }
    })
}

fn args_name(k: &Py) -> PyResult<&str> {
    match k {
        Py::Str(s) => Ok(s),
        other => {
            Err(exceptions::type_error(format!("attribute name must be string, not '{}'", semantics::type_name(other))))
        }
    }
}

/// `deepcopy(x, memo=None)`.
fn deepcopy(cx: &Cx, args: Args) -> PyResult<Py> {
    // `_nil` is CPython's private "not in the memo" marker: accepted, unused.
    let [x, memo, _nil] = args.bind("deepcopy", ["x", "memo?", "_nil?"])?;
    let memo = match memo {
        None | Some(Py::None) => Dict::new_empty(),
        Some(m) => m,
    };
    deep_copy(cx, &req(x), &memo)
}

/// `memo.get(id(x))`.
fn memo_get(cx: &Cx, memo: &Py, key: &Py) -> PyResult<Option<Py>> {
    if let Some(d) = memo.downcast::<Dict>() {
        return d.get_item(cx, key);
    }
    match semantics::getitem(cx, memo, key) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is("KeyError") => Ok(None),
        Err(e) => Err(e),
    }
}

fn deep_copy(cx: &Cx, x: &Py, memo: &Py) -> PyResult<Py> {
    cx.check_stack("while deep-copying an object")?;
    let d = Py::Int(object_id(x));
    if let Some(y) = memo_get(cx, memo, &d)? {
        return Ok(y);
    }
    let ty = type_of(x);
    let y = if is_atomic(x, &ty) {
        x.clone()
    } else if let Py::Tuple(items) = x {
        let copies = items.iter().map(|a| deep_copy(cx, a, memo)).collect::<PyResult<Vec<_>>>()?;
        // A tuple reached again through its own items was copied there.
        if let Some(y) = memo_get(cx, memo, &d)? {
            return Ok(y);
        }
        if items.iter().zip(&copies).all(|(a, b)| same(a, b)) {
            x.clone()
        } else {
            Py::tuple(copies)
        }
    } else if is(&ty, &LIST) {
        let y = List::new(Vec::new());
        semantics::setitem(cx, memo, d.clone(), y.clone())?;
        let items = x.downcast::<List>().map(List::snapshot).unwrap_or_default();
        let copies = items.iter().map(|a| deep_copy(cx, a, memo)).collect::<PyResult<Vec<_>>>()?;
        if let Some(l) = y.downcast::<List>() {
            l.lock().extend(copies);
        }
        y
    } else if is(&ty, &DICT) {
        let y = Dict::new_empty();
        semantics::setitem(cx, memo, d.clone(), y.clone())?;
        let items = x.downcast::<Dict>().map(Dict::items).unwrap_or_default();
        for (k, v) in items {
            let (k, v) = (deep_copy(cx, &k, memo)?, deep_copy(cx, &v, memo)?);
            semantics::setitem(cx, &y, k, v)?;
        }
        y
    } else if is(&ty, &SET) || is(&ty, &FROZENSET) {
        // As their `__reduce_ex__`: a new set of the items' copies.
        let items = x.downcast::<Set>().map(Set::items).unwrap_or_default();
        let copies = items.iter().map(|a| deep_copy(cx, a, memo)).collect::<PyResult<Vec<_>>>()?;
        Set::from_items(cx, copies, is(&ty, &FROZENSET))?
    } else if is(&ty, &BYTEARRAY) {
        attr::call_method(cx, x, "copy", Args::default())?
    } else if let Some(copier) = class_attr(cx, x, &ty, "__deepcopy__")? {
        semantics::call(cx, &copier, Args::one(memo.clone()))?
    } else {
        match reduce(cx, x, &ty)? {
            Py::Str(_) => x.clone(),
            rv => reconstruct(cx, x, Some(memo), &rv)?,
        }
    };
    if !same(x, &y) {
        semantics::setitem(cx, memo, d, y.clone())?;
        keep_alive(cx, x, memo)?;
    }
    Ok(y)
}

/// `x is y`.
fn same(x: &Py, y: &Py) -> bool {
    object_id(x) == object_id(y) && semantics::type_name(x) == semantics::type_name(y)
}

/// `copy._keep_alive`: the originals stay referenced from the memo (under
/// `id(memo)`) while it lives, so their ids are not reused.
fn keep_alive(cx: &Cx, x: &Py, memo: &Py) -> PyResult<()> {
    let key = Py::Int(object_id(memo));
    match memo_get(cx, memo, &key)? {
        Some(kept) => attr::call_method(cx, &kept, "append", Args::one(x.clone())).map(drop),
        None => semantics::setitem(cx, memo, key, List::new(vec![x.clone()])),
    }
}

#[cfg(test)]
#[path = "copy_tests.rs"]
mod tests;
