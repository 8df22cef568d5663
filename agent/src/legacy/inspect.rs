//! INSPECT answers: which special methods the client's netref class gets.
//! Only names matter (see PROTOCOL.md 4.4): each listed special method
//! becomes a CALLATTR on the proxy, which is what makes `len()`, `iter()`,
//! `next()`, `x[i]`, `in` and `with` work on it.

use crate::legacy::object::PyRef;

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

pub fn methods_for_inspect(obj: &PyRef) -> Vec<&'static str> {
    let type_name = obj.type_name();
    if type_name == crate::legacy::root::ROOT_TYPE {
        return ROOT_NAMES.to_vec();
    }
    if crate::legacy::modules::is_module_type(type_name) {
        return MODULE_NAMES.to_vec();
    }
    // `__exit__` is never listed: the netref class sends CTXEXIT itself.
    let mut names: Vec<&'static str> = KNOWN_SPECIALS.iter().copied().filter(|n| obj.methods().contains(n)).collect();
    if obj.instance_id() == 0 {
        // A class: calling it constructs (the metaclass's `__call__`).
        names.push("__call__");
    }
    names
}

/// Every special method an agent object may answer through call_method.
const KNOWN_SPECIALS: &[&str] = &[
    "__len__",
    "__iter__",
    "__next__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__bool__",
    "__reversed__",
    "__enter__",
    "__length_hint__",
    "__call__",
    "__fspath__",
    "__index__",
    "__int__",
    "__float__",
];
