//! `collections`: `Counter`, `OrderedDict` and `defaultdict` (instances
//! are dicts: `isinstance(c, dict)` holds and every dict method works),
//! `deque`, `namedtuple` (classes made at run time), `ChainMap`, and the
//! wrapper classes `UserDict`, `UserList` and `UserString`.
//!
//! By value (`obtain`) the client gets its own `collections` classes:
//! `Counter({...})`, `OrderedDict([...])`, `defaultdict(factory, {...})`
//! (the factory must be a class or function the client can import, as
//! pickle requires), `deque([...], maxlen)`, `ChainMap` with its `maps`.
//! Named tuple classes made by `namedtuple()` live only in the agent: like
//! CPython's pickle on a server, copying an instance by value raises
//! `_pickle.PicklingError` (the client cannot import the class).

mod chainmap;
mod counter;
mod defaultdict;
mod deque;
mod namedtuple;
mod ordered_dict;
#[cfg(test)]
mod tests;
mod user_data;
#[cfg(test)]
mod user_tests;
mod userdict;
mod userlist;
mod userstring;

use std::sync::Arc;

use rpyc_protocol::Value;

use crate::objects::dict::{Dict, DictSubclass};
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, pickling_error, PyResult};
use crate::runtime::object::{address, CmpOp, ObjRef};
use crate::runtime::semantics::{self, ReprGuard};
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub use counter::COUNTER;
pub use defaultdict::DEFAULTDICT;
pub use deque::DEQUE;
pub use ordered_dict::ORDERED_DICT;

pub static MODULE: ModuleDef = ModuleDef {
    name: "collections",
    type_name: "collections",
    doc: "This module implements specialized container datatypes providing alternatives to Python's general \
          purpose built-in containers, dict, list, set, and tuple.",
    functions: &[f("namedtuple", namedtuple::namedtuple)],
    attr,
    attr_names: &["ChainMap", "Counter", "OrderedDict", "UserDict", "UserList", "UserString", "defaultdict", "deque"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "ChainMap" => chainmap::CHAINMAP.clone(),
        "Counter" => COUNTER.clone(),
        "OrderedDict" => ORDERED_DICT.clone(),
        "UserDict" => userdict::USER_DICT.clone(),
        "UserList" => userlist::USER_LIST.clone(),
        "UserString" => userstring::USER_STRING.clone(),
        "defaultdict" => DEFAULTDICT.clone(),
        "deque" => DEQUE.clone(),
        _ => return None,
    };
    Some(Ok(type_value(&t)))
}

/// A dict instance of a subclass.
fn new_instance(subclass: Box<dyn DictSubclass>) -> Arc<Dict> {
    Arc::new(Dict::with_subclass(subclass))
}

/// `d | other` (or `other | d` when reflected) into `out`, a new
/// instance of `d`'s class; NotImplemented when `other` is not a dict.
fn union_into(cx: &Cx, out: Arc<Dict>, d: &Dict, other: &Py, reflected: bool) -> PyResult<Option<Py>> {
    let Some(o) = other.downcast::<Dict>() else { return Ok(None) };
    let (first, second) = if reflected { (o, d) } else { (d, o) };
    for (k, v) in first.items().into_iter().chain(second.items()) {
        out.set_item(cx, k, v)?;
    }
    Ok(Some(Py::Obj(out)))
}

/// `cls.fromkeys(iterable, value=None)` into `out`.
fn fromkeys_into(cx: &Cx, out: Arc<Dict>, args: Args) -> PyResult<Py> {
    let [iterable, value] = args.bind("fromkeys", ["iterable", "value?"])?;
    let value = value.unwrap_or(Py::None);
    for k in semantics::iterate(cx, &crate::runtime::args::req(iterable))? {
        out.set_item(cx, k, value.clone())?;
    }
    Ok(Py::Obj(out))
}

/// Whether a value is a mapping as `collections.abc.Mapping` sees it: the
/// agent's dicts and ChainMaps, and the client's dicts.
fn is_mapping(v: &Py) -> bool {
    match v {
        Py::Obj(_) => v.downcast::<Dict>().is_some() || v.downcast::<chainmap::ChainMap>().is_some(),
        Py::Client(r) => matches!(
            r.type_name(),
            "builtins.dict" | "collections.OrderedDict" | "collections.Counter" | "collections.defaultdict"
        ),
        _ => false,
    }
}

/// `v > 0`.
fn gt_zero(cx: &Cx, v: &Py) -> PyResult<bool> {
    semantics::richcmp(cx, v, &Py::Int(0), CmpOp::Gt)
}

/// The two items of a pair (`for k, v in d.items()`).
fn pair_of(cx: &Cx, pair: &Py) -> PyResult<[Py; 2]> {
    let items = semantics::iterate(cx, pair)?;
    match <[Py; 2]>::try_from(items) {
        Ok(p) => Ok(p),
        Err(items) if items.len() > 2 => Err(exceptions::value_error("too many values to unpack (expected 2)")),
        Err(items) => {
            Err(exceptions::value_error(format!("not enough values to unpack (expected 2, got {})", items.len())))
        }
    }
}

/// A 2-tuple's items.
fn split_pair(p: &Py) -> Option<(Py, Py)> {
    match p {
        Py::Tuple(t) if t.len() == 2 => Some((t[0].clone(), t[1].clone())),
        _ => None,
    }
}

/// `{k: v, ...}` of pairs.
fn pairs_repr(cx: &Cx, pairs: &[(Py, Py)]) -> PyResult<String> {
    let mut out = String::from("{");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&semantics::repr(cx, k)?);
        out.push_str(": ");
        out.push_str(&semantics::repr(cx, v)?);
    }
    out.push('}');
    Ok(out)
}

/// A dict's own repr (`{...}` when it contains itself), for subclasses
/// that wrap it (`defaultdict(list, {...})`).
fn dict_repr(cx: &Cx, this: &ObjRef, d: &Dict) -> PyResult<String> {
    let Some(_guard) = ReprGuard::enter(address(this) as usize) else { return Ok("{...}".into()) };
    pairs_repr(cx, &d.items())
}

/// The by-value form `class(*args)`.
fn record(class: &str, args: Vec<Value>) -> Value {
    Value::Record(Box::new(rpyc_protocol::Record { class: class.to_owned(), args, state: None }))
}

/// The self of a method of a dict subclass whose state is `T`.
fn subclass_self<'a, T: DictSubclass>(this: &'a Py, class: &str) -> PyResult<(&'a Dict, &'a T)> {
    let found = this.downcast::<Dict>().and_then(|d| Some((d, d.subclass()?.as_any().downcast_ref::<T>()?)));
    found.ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a '{class}' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}
#[cfg(test)]
mod by_value;
