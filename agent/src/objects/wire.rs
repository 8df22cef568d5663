//! Values from the wire that need objects: a frozenset or slice brine
//! carried by value, and the containers PICKLE brings (a client list
//! obtained by value becomes a list here).

use std::sync::Arc;

use rpyc_protocol::Value;

use super::dict::Dict;
use super::list::List;
use super::set::Set;
use super::singletons;
use crate::runtime::slice::Slice;
use crate::runtime::value::Py;
use crate::runtime::wire::py_from_value;

fn from(v: Value) -> Py {
    py_from_value(v, &super::HOOKS)
}

/// The hook the runtime calls for values it cannot build itself.
pub fn from_value(v: Value) -> Py {
    match v {
        Value::Ellipsis => singletons::ellipsis(),
        Value::NotImplemented => singletons::not_implemented(),
        Value::Slice(parts) => {
            let [a, b, c] = *parts;
            Slice::new(from(a), from(b), from(c))
        }
        Value::List(items) => List::new(items.into_iter().map(from).collect()),
        Value::FrozenSet(items) => set_of(items, true),
        Value::Set(items) => set_of(items, false),
        Value::Dict(pairs) => {
            let d = Dict::empty();
            for (k, v) in pairs {
                d.set_plain(from(k), from(v));
            }
            Py::Obj(Arc::new(d))
        }
        Value::ByteArray(b) => super::bytearray::ByteArray::new(b),
        other => py_from_value(other, &super::HOOKS),
    }
}

fn set_of(items: Vec<Value>, frozen: bool) -> Py {
    let s = Set::empty(frozen);
    for item in items {
        s.add_plain(from(item));
    }
    Py::Obj(Arc::new(s))
}
