//! The class of every value: `type(v)`.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use rpyc_protocol::Netref;

use super::{bytes, numbers, singletons, str, tuple};
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

/// `type(v)`.
pub fn type_of(v: &Py) -> TypeRef {
    match v {
        Py::None => singletons::NONE_TYPE.clone(),
        Py::Bool(_) => numbers::BOOL.clone(),
        Py::Int(_) | Py::BigInt(_) => numbers::INT.clone(),
        Py::Float(_) => numbers::FLOAT.clone(),
        Py::Complex(..) => numbers::COMPLEX.clone(),
        Py::Str(_) => str::STR.clone(),
        Py::Bytes(_) => bytes::BYTES.clone(),
        Py::Tuple(_) => tuple::TUPLE.clone(),
        Py::Obj(o) => o.ty(),
        Py::Client(r) => client_class(r),
    }
}

/// Builtin classes by name, for client objects of those classes (a
/// client's list is an instance of `list` here too).
fn builtin_by_name(name: &str) -> Option<TypeRef> {
    Some(match name {
        "int" => numbers::INT.clone(),
        "bool" => numbers::BOOL.clone(),
        "float" => numbers::FLOAT.clone(),
        "complex" => numbers::COMPLEX.clone(),
        "str" => str::STR.clone(),
        "bytes" => bytes::BYTES.clone(),
        "bytearray" => super::bytearray::BYTEARRAY.clone(),
        "tuple" => tuple::TUPLE.clone(),
        "list" => super::list::LIST.clone(),
        "dict" => super::dict::DICT.clone(),
        "set" => super::set::SET.clone(),
        "frozenset" => super::set::FROZENSET.clone(),
        "NoneType" => singletons::NONE_TYPE.clone(),
        "type" => crate::runtime::types::TYPE.clone(),
        "object" => crate::runtime::types::OBJECT.clone(),
        other => return crate::runtime::exceptions::builtin_exception(other),
    })
}

/// A class of the agent known by its id pack name (`builtins.KeyError`,
/// `builtins.list`, a registered module class such as
/// `subprocess.CalledProcessError`).
pub fn class_named(full: &str) -> Option<TypeRef> {
    let (module, name) = full.rsplit_once('.').unwrap_or(("builtins", full));
    if module == "builtins" {
        return builtin_by_name(name);
    }
    crate::runtime::exceptions::registered_class(module, name)
}

static CLIENT_CLASSES: LazyLock<Mutex<HashMap<String, TypeRef>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The class of a client object, known by its id pack name: the builtin
/// class of that name, or a stand-in class named like the client's.
pub fn client_class(r: &Netref) -> TypeRef {
    client_class_named(r.type_name())
}

/// [`client_class`] by the id pack name.
pub fn client_class_named(full: &str) -> TypeRef {
    let (module, name) = full.rsplit_once('.').unwrap_or(("builtins", full));
    if module == "builtins" {
        if let Some(t) = builtin_by_name(name) {
            return t;
        }
    }
    let mut table = CLIENT_CLASSES.lock().unwrap_or_else(|e| e.into_inner());
    table
        .entry(full.to_owned())
        .or_insert_with(|| Type::named(module, name, crate::runtime::types::OBJECT.clone()))
        .clone()
}
