//! `functools.partial`: a callable with some arguments already given.

use std::sync::{Arc, LazyLock};

use crate::objects::dict::Dict;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::{property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static PARTIAL: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("functools", "partial", None, &METHODS, Some(partial_new)).in_c());

pub struct Partial {
    func: Py,
    args: Vec<Py>,
    keywords: Vec<(Arc<str>, Py)>,
}

fn callable(v: &Py) -> bool {
    match v {
        Py::Obj(o) => o.is_callable(),
        Py::Client(_) => true,
        _ => false,
    }
}

/// `partial(func, /, *args, **keywords)`; a partial of a partial is
/// flattened, as CPython does.
pub fn partial_of(func: Py, args: Vec<Py>, keywords: Vec<(Arc<str>, Py)>) -> PyResult<Py> {
    if !callable(&func) {
        return Err(exceptions::type_error("the first argument must be callable"));
    }
    let (func, args, keywords) = match func.downcast::<Partial>() {
        Some(inner) => {
            let mut all_args = inner.args.clone();
            all_args.extend(args);
            (inner.func.clone(), all_args, merged(&inner.keywords, keywords))
        }
        None => (func, args, keywords),
    };
    Ok(Py::obj(Partial { func, args, keywords }))
}

/// Keywords of `first` overridden (or extended) by `later`, in order.
fn merged(first: &[(Arc<str>, Py)], later: Vec<(Arc<str>, Py)>) -> Vec<(Arc<str>, Py)> {
    let mut out = first.to_vec();
    for (k, v) in later {
        match out.iter_mut().find(|(name, _)| *name == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

fn partial_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { mut pos, kw } = args;
    if pos.is_empty() {
        return Err(exceptions::type_error("type 'partial' takes at least one argument"));
    }
    let func = pos.remove(0);
    partial_of(func, pos, kw)
}

fn partial_self(this: &Py) -> PyResult<&Partial> {
    this.downcast::<Partial>().ok_or_else(|| exceptions::type_error("a functools.partial object is required"))
}

static METHODS: [Method; 3] = [
    property("func", |_, this, _| Ok(partial_self(this)?.func.clone())),
    property("args", |_, this, _| Ok(Py::tuple(partial_self(this)?.args.clone()))),
    property("keywords", |cx, this, _| {
        let p = partial_self(this)?;
        Dict::from_pairs(cx, p.keywords.iter().map(|(k, v)| (Py::Str(k.clone()), v.clone())).collect())
    }),
];

impl PyObject for Partial {
    fn ty(&self) -> TypeRef {
        PARTIAL.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Some(_guard) = ReprGuard::enter(crate::runtime::object::address(this) as usize) else {
            return Ok("...".into());
        };
        let mut parts = vec![semantics::repr(cx, &self.func)?];
        for a in &self.args {
            parts.push(semantics::repr(cx, a)?);
        }
        for (k, v) in &self.keywords {
            parts.push(format!("{k}={}", semantics::repr(cx, v)?));
        }
        Ok(format!("functools.partial({})", parts.join(", ")))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        let mut pos = self.args.clone();
        pos.extend(args.pos);
        semantics::call(cx, &self.func, Args::new(pos, merged(&self.keywords, args.kw)))
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.func.clone()];
        out.extend(self.args.iter().cloned());
        out.extend(self.keywords.iter().map(|(_, v)| v.clone()));
        out
    }
}
