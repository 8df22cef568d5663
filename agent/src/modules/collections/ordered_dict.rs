//! `collections.OrderedDict`: a dict that can reorder its keys
//! (`move_to_end`, `popitem(last=False)`), whose equality with another
//! OrderedDict is order-sensitive, and whose repr lists its pairs.

use std::sync::LazyLock;

use rpyc_protocol::Value;

use super::{new_instance, subclass_self};
use crate::objects::dict::{Dict, DictSubclass, DICT};
use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, BinOp, CmpOp, ObjRef};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static ORDERED_DICT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("collections", "OrderedDict", Some(&DICT), &METHODS, Some(ordered_dict_new)).in_c());

pub struct OrderedKind;

fn od_self(this: &Py) -> PyResult<&Dict> {
    subclass_self::<OrderedKind>(this, "OrderedDict").map(|(d, _)| d)
}

fn is_ordered(v: &Py) -> Option<&Dict> {
    v.downcast::<Dict>().filter(|d| d.subclass().is_some_and(|s| s.as_any().is::<OrderedKind>()))
}

/// `OrderedDict(other=(), /, **kwds)`.
fn ordered_dict_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("expected at most 1 arguments, got {}", pos.len())));
    }
    let d = new_instance(Box::new(OrderedKind));
    if let Some(src) = pos.first() {
        d.update_from(cx, src)?;
    }
    for (k, v) in kw {
        d.set_item(cx, Py::Str(k), v)?;
    }
    Ok(Py::Obj(d))
}

fn popitem(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [last] = args.bind("popitem", ["last?"])?;
    let last = args::opt_bool(cx, last.as_ref(), true)?;
    match od_self(this)?.pop_end(last) {
        Some((k, v)) => Ok(Py::tuple(vec![k, v])),
        None => Err(exceptions::key_error(Py::str("dictionary is empty"))),
    }
}

fn move_to_end(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, last] = args.bind("move_to_end", ["key", "last?"])?;
    let last = args::opt_bool(cx, last.as_ref(), true)?;
    let key = req(key);
    let d = od_self(this)?;
    if d.is_empty() {
        // CPython answers an empty OrderedDict without hashing the key.
        return Err(exceptions::key_error(key));
    }
    if d.move_to_end(cx, &key, last)? {
        Ok(Py::None)
    } else {
        Err(exceptions::key_error(key))
    }
}

/// `pop(key[, default])`: unlike dict's, it hashes the key even when the
/// OrderedDict is empty (an unhashable key is a TypeError).
fn pop(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("pop", ["key", "default?"])?;
    let key = req(key);
    let d = od_self(this)?;
    semantics::hash(cx, &key)?;
    match d.remove_item(cx, &key)? {
        Some((_, v)) => Ok(v),
        None => default.ok_or_else(|| exceptions::key_error(key)),
    }
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let d = new_instance(Box::new(OrderedKind));
    d.update_from(cx, this)?;
    Ok(Py::Obj(d))
}

fn fromkeys(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    super::fromkeys_into(cx, new_instance(Box::new(OrderedKind)), args)
}

fn reduce(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reduce__")?;
    let pairs: Vec<Py> = od_self(this)?.items().into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect();
    Ok(Py::tuple(vec![Py::Obj(ORDERED_DICT.clone()), Py::tuple(vec![List::new(pairs)])]))
}

static METHODS: [Method; 7] = [
    method("pop", pop),
    method("popitem", popitem),
    method("move_to_end", move_to_end),
    method("copy", copy),
    method("__copy__", copy),
    method("__reduce__", reduce),
    class_method("fromkeys", fromkeys),
];

/// Same pairs in the same order.
fn ordered_eq(cx: &Cx, a: &Dict, b: &Dict) -> PyResult<bool> {
    let (x, y) = (a.items(), b.items());
    if x.len() != y.len() {
        return Ok(false);
    }
    for ((k1, v1), (k2, v2)) in x.iter().zip(&y) {
        if !(k1.is(k2) || semantics::eq(cx, k1, k2)?) || !(v1.is(v2) || semantics::eq(cx, v1, v2)?) {
            return Ok(false);
        }
    }
    Ok(true)
}

impl DictSubclass for OrderedKind {
    fn class(&self) -> TypeRef {
        ORDERED_DICT.clone()
    }
    fn repr(&self, this: &ObjRef, d: &Dict, cx: &Cx) -> Option<PyResult<String>> {
        let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Some(Ok("...".into())) };
        let items = d.items();
        if items.is_empty() {
            return Some(Ok("OrderedDict()".into()));
        }
        let pairs: Vec<Py> = items.into_iter().map(|(k, v)| Py::tuple(vec![k, v])).collect();
        Some(crate::objects::list::items_repr(cx, &pairs, "OrderedDict([", "])"))
    }
    fn richcmp(&self, _this: &ObjRef, d: &Dict, op: CmpOp, other: &Py, cx: &Cx) -> Option<PyResult<Option<bool>>> {
        let o = is_ordered(other)?;
        match op {
            CmpOp::Eq => Some(ordered_eq(cx, d, o).map(Some)),
            CmpOp::Ne => Some(ordered_eq(cx, d, o).map(|e| Some(!e))),
            _ => None,
        }
    }
    fn binary(
        &self,
        _this: &ObjRef,
        d: &Dict,
        op: BinOp,
        other: &Py,
        reflected: bool,
        cx: &Cx,
    ) -> Option<PyResult<Option<Py>>> {
        if op != BinOp::Or {
            return None;
        }
        Some(super::union_into(cx, new_instance(Box::new(OrderedKind)), d, other, reflected))
    }
    fn to_value(&self, pairs: Vec<(Value, Value)>, _cx: &Cx) -> PyResult<Option<Value>> {
        let list = pairs.into_iter().map(|(k, v)| Value::Tuple(vec![k, v])).collect();
        Ok(Some(super::record("collections.OrderedDict", vec![Value::List(list)])))
    }
}
