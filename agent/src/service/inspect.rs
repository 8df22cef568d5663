//! INSPECT answers: which special methods the client's netref class gets.
//! Only names matter (PROTOCOL.md 4.4): each listed special method becomes
//! a CALLATTR on the proxy, which is what makes `len()`, `iter()`,
//! `next()`, `x[i]`, `in` and `with` work on it.

use crate::objects::dunder;
use crate::objects::module::Module;
use crate::runtime::context::Cx;
use crate::runtime::object::ObjRef;
use crate::runtime::value::Py;

use super::root::Root;

/// What Python's server lists for every module object.
const MODULE_NAMES: &[&str] = &["__getstate__", "__subclasshook__", "__init_subclass__", "__format__", "__sizeof__"];

/// What a SlaveService root lists (the client looks up its methods by name).
const ROOT_NAMES: &[&str] = &[
    "__getstate__",
    "__subclasshook__",
    "__init_subclass__",
    "__format__",
    "__sizeof__",
    "_rpyc_delattr",
    "_rpyc_getattr",
    "_rpyc_setattr",
    "exposed_get_service_aliases",
    "exposed_get_service_name",
    "get_service_aliases",
    "get_service_name",
    "on_connect",
    "on_disconnect",
    "execute",
    "eval",
    "getmodule",
    "getconn",
];

/// Names the netref handles itself, never listed (PROTOCOL.md 4.4).
const NETREF_OWN: &[&str] = &[
    "__class__",
    "__del__",
    "__getattr__",
    "__getattribute__",
    "__setattr__",
    "__delattr__",
    "__dir__",
    "__hash__",
    "__repr__",
    "__str__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__gt__",
    "__le__",
    "__ge__",
    "__exit__",
    "__init__",
    "__new__",
    "__reduce__",
    "__reduce_ex__",
    "__doc__",
    "__module__",
    "__slots__",
    "__dict__",
    "__weakref__",
    "__instancecheck__",
];

pub fn methods_for_inspect(cx: &Cx, obj: &ObjRef) -> Vec<&'static str> {
    if obj.as_any().is::<Root>() {
        return ROOT_NAMES.to_vec();
    }
    if obj.as_any().is::<Module>() {
        return MODULE_NAMES.to_vec();
    }
    let mut names = dunder::supported(cx, &Py::Obj(obj.clone()));
    names.retain(|n| !NETREF_OWN.contains(n));
    names
}
