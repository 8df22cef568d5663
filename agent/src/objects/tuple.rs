//! `tuple`: the constructor and its two methods.

use std::sync::LazyLock;

use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static TUPLE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "tuple", None, &TUPLE_METHODS, Some(tuple_new)));

fn tuple_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("tuple", ["iterable?"])?;
    match iterable {
        None => Ok(Py::empty_tuple()),
        Some(t @ Py::Tuple(_)) => Ok(t),
        Some(other) => Ok(Py::tuple(semantics::iterate(cx, &other)?)),
    }
}

/// The items of a tuple, or of an object standing for one (a record).
pub fn tuple_items(this: &Py) -> PyResult<std::sync::Arc<[Py]>> {
    match this {
        Py::Tuple(t) => Ok(t.clone()),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Tuple(t)) => Ok(t),
            _ => Err(exceptions::type_error("descriptor requires a 'tuple' object")),
        },
        _ => Err(exceptions::type_error("descriptor requires a 'tuple' object")),
    }
}

fn count(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("count", ["value"])?;
    let x = req(x);
    let mut n = 0usize;
    for item in tuple_items(this)?.iter() {
        if item.is(&x) || semantics::eq(cx, item, &x)? {
            n += 1;
        }
    }
    Ok(Py::from(n))
}

fn index(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x, start, stop] = args.bind("index", ["value", "start?", "stop?"])?;
    let x = req(x);
    let items = tuple_items(this)?;
    let (start, stop) = super::list::index_bounds(start.as_ref(), stop.as_ref(), items.len())?;
    for (i, item) in items.iter().enumerate().take(stop).skip(start) {
        if item.is(&x) || semantics::eq(cx, item, &x)? {
            return Ok(Py::from(i));
        }
    }
    Err(exceptions::value_error("tuple.index(x): x not in tuple"))
}

static TUPLE_METHODS: [Method; 2] = [method("count", count), method("index", index)];
