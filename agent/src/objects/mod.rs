//! Objects: the classes of every builtin kind of value with their methods
//! (int, float, str, bytes, tuple, list, dict, set, range, ...), functions,
//! modules as objects, records, files and iterators — and Python's
//! attribute protocol over all of them ([`attr`]).
//!
//! Lower layer: [`crate::runtime`] (the object model and semantics). This
//! layer names no module, interpreter or service code.

pub mod arg_styles;
pub mod attr;
pub mod builtin_types;
pub mod bytearray;
pub mod bytes;
pub mod dict;
pub mod dict_subclass;
pub mod dunder;
pub mod file;
pub mod function;
pub mod hashtable;
pub mod int_enum;
pub mod iter;
pub mod list;
pub mod module;
pub mod numbers;
pub mod range;
pub mod record;
pub mod set;
pub mod set_algebra;
pub mod singletons;
pub mod str;
pub mod str_format;
pub mod tuple;
pub mod wire;

#[cfg(test)]
pub mod testing;
#[cfg(test)]
mod text_cases;

use crate::runtime::context::Hooks;
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

pub use attr::{call_method, delattr, dir, getattr, hasattr, isinstance, issubclass, setattr};
pub use builtin_types::type_of;

/// What the runtime needs from this layer (see [`Hooks`]).
pub static HOOKS: Hooks = Hooks { type_of, from_value: wire::from_value };

/// `type(v)` as a value.
pub fn type_value_of(v: &Py) -> Py {
    Py::Obj(type_of(v))
}

/// The class of a value, by reference.
pub fn class_of(v: &Py) -> TypeRef {
    type_of(v)
}
