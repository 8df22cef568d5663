//! `functools`: `reduce`, `partial`, `lru_cache`/`cache` (decorators for
//! the interpreter's functions), `cmp_to_key`, `wraps`/`update_wrapper`.
//! `total_ordering` decorates classes, which the agent's interpreter does
//! not define: it raises `NotImplementedError` saying so.

mod lru_cache;
mod partial;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use crate::objects::attr;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub use partial::partial_of;

pub static MODULE: ModuleDef = ModuleDef {
    name: "functools",
    type_name: "functools",
    doc: "functools.py - Tools for working with functions and callable objects",
    functions: &[
        b("reduce", reduce),
        f("lru_cache", lru_cache::lru_cache),
        f("cache", lru_cache::cache),
        f("cmp_to_key", cmp_to_key),
        f("update_wrapper", update_wrapper),
        f("wraps", wraps),
        f("total_ordering", total_ordering),
    ],
    attr,
    attr_names: &["partial", "WRAPPER_ASSIGNMENTS", "WRAPPER_UPDATES"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "partial" => type_value(&partial::PARTIAL),
        "WRAPPER_ASSIGNMENTS" => assigned(),
        "WRAPPER_UPDATES" => updated(),
        _ => return None,
    }))
}

fn assigned() -> Py {
    Py::tuple(lru_cache::ASSIGNED.iter().map(|s| Py::str(*s)).collect::<Vec<_>>())
}

fn updated() -> Py {
    Py::tuple(vec![Py::str("__dict__")])
}

/// `reduce(function, iterable[, initial])`.
fn reduce(cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("reduce() takes no keyword arguments"));
    }
    let n = args.pos.len();
    if !(2..=3).contains(&n) {
        let bound = if n < 2 { "at least 2 arguments" } else { "at most 3 arguments" };
        return Err(exceptions::type_error(format!("reduce expected {bound}, got {n}")));
    }
    let mut pos = args.pos.into_iter();
    let (func, iterable, initial) = (req(pos.next()), req(pos.next()), pos.next());
    let it = semantics::iter(cx, &iterable)?;
    let mut acc = match initial {
        Some(v) => v,
        None => semantics::next(cx, &it)?
            .ok_or_else(|| exceptions::type_error("reduce() of empty iterable with no initial value"))?,
    };
    let mut n = 0usize;
    while let Some(item) = semantics::next(cx, &it)? {
        acc = semantics::call(cx, &func, Args::positional(vec![acc, item]))?;
        n += 1;
        if n % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(acc)
}

/// `update_wrapper(wrapper, wrapped, assigned=..., updated=...)`.
fn update_wrapper(cx: &Cx, args: Args) -> PyResult<Py> {
    let [wrapper, wrapped, assigned_names, updated_names] =
        args.bind("update_wrapper", ["wrapper", "wrapped", "assigned?", "updated?"])?;
    let (wrapper, wrapped) = (req(wrapper), req(wrapped));
    for name in semantics::iterate(cx, &assigned_names.unwrap_or_else(assigned))? {
        let name = crate::runtime::args::to_str("update_wrapper", &name)?;
        match attr::getattr(cx, &wrapped, &name) {
            Ok(v) => attr::setattr(cx, &wrapper, &name, v)?,
            Err(e) if e.is("AttributeError") => {}
            Err(e) => return Err(e),
        }
    }
    for name in semantics::iterate(cx, &updated_names.unwrap_or_else(updated))? {
        let name = crate::runtime::args::to_str("update_wrapper", &name)?;
        // Functions of the agent keep their attributes without a `__dict__`
        // object: where either side has none, there is nothing to merge.
        let (Ok(mine), Ok(theirs)) = (attr::getattr(cx, &wrapper, &name), attr::getattr(cx, &wrapped, &name)) else {
            continue;
        };
        attr::call_method(cx, &mine, "update", Args::one(theirs))?;
    }
    attr::setattr(cx, &wrapper, "__wrapped__", wrapped)?;
    Ok(wrapper)
}

/// `wraps(wrapped, assigned=..., updated=...)`: `partial(update_wrapper, ...)`.
fn wraps(cx: &Cx, args: Args) -> PyResult<Py> {
    let [wrapped, assigned_names, updated_names] = args.bind("wraps", ["wrapped", "assigned?", "updated?"])?;
    let module = Py::Obj(crate::modules::getmodule("functools")?);
    let func = attr::getattr(cx, &module, "update_wrapper")?;
    partial_of(
        func,
        Vec::new(),
        vec![
            ("wrapped".into(), req(wrapped)),
            ("assigned".into(), assigned_names.unwrap_or_else(assigned)),
            ("updated".into(), updated_names.unwrap_or_else(updated)),
        ],
    )
}

fn total_ordering(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [_cls] = args.bind("total_ordering", ["cls"])?;
    Err(exceptions::not_implemented(
        "functools.total_ordering (it decorates classes, and the agent's interpreter has no class statement)",
    ))
}

// ------------------------------------------------------------------ cmp_to_key

static KEY_WRAPPER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("functools", "KeyWrapper", None, &[], None).in_c());

/// `cmp_to_key(mycmp)`, and the keys it makes: `K(obj)` compares by
/// `mycmp(a.obj, b.obj)` against 0.
struct KeyWrapper {
    cmp: Py,
    obj: Option<Py>,
}

fn cmp_to_key(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [mycmp] = args.bind("cmp_to_key", ["mycmp"])?;
    Ok(Py::obj(KeyWrapper { cmp: req(mycmp), obj: None }))
}

impl PyObject for KeyWrapper {
    fn ty(&self) -> TypeRef {
        KEY_WRAPPER.clone()
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'functools.KeyWrapper'"))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, _cx: &Cx) -> PyResult<Py> {
        let [obj] = args.bind("K", ["obj"])?;
        Ok(Py::obj(KeyWrapper { cmp: self.cmp.clone(), obj: Some(req(obj)) }))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<KeyWrapper>() else {
            return Err(exceptions::type_error("other argument must be K instance"));
        };
        let (Some(a), Some(b)) = (&self.obj, &o.obj) else {
            return Err(exceptions::attribute_error("functools.KeyWrapper", "obj"));
        };
        let r = semantics::call(cx, &self.cmp, Args::positional(vec![a.clone(), b.clone()]))?;
        semantics::richcmp(cx, &r, &Py::Int(0), op).map(Some)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(if name == "obj" { self.obj.clone() } else { None })
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.cmp.clone()];
        out.extend(self.obj.clone());
        out
    }
}
