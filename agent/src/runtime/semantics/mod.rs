//! Python's semantics, once, for every kind of value the agent has:
//! truthiness, `==` and ordering, hashing, `repr`/`str`/`format`,
//! arithmetic, containers' `len`/`[]`/`in`/iteration, calling, conversion
//! to plain values and to paths. The interpreter, the builtins, the
//! containers and the service all come here.
//!
//! Immutable kinds (numbers, str, bytes, tuple) are handled here directly;
//! agent objects through their slots ([`PyObject`](super::object::PyObject)),
//! with Python's fallbacks (reflected operands, the base value of
//! subclasses of builtins); client objects by asking the client.

mod arith;
mod client;
mod compare;
mod convert;
pub mod format_spec;
mod hash;
pub mod num;
pub mod percent;
mod repr;
mod sequence;
mod truth;

pub use arith::{binary, check_repeat, concat_error, inplace, is_sequence, unary, MAX_BYTES, MAX_ITEMS};
pub use client::{client_callattr, client_getattr, client_setattr};
pub use compare::{contains, eq, lt, order, richcmp, sequence_cmp, sort_values};
pub use convert::{call, call_method_of_client, float_value, fspath, fspath_buf, global_ref, index_value, to_value};
pub use hash::{
    hash, hash_float, hash_int, hash_str, hash_tuple_of, identity_hash, is_hashable, plain_hash, unhashable,
};
pub use repr::{ascii, ascii_escape, bigint_text, format, repr, str, str_repr, ReprGuard, MAX_STR_DIGITS};
pub use sequence::{
    delitem, getitem, iter, iterate, len, next, seq_index, setitem, slice_indices, str_getitem, str_len,
};
pub use truth::truthy;

use super::value::Py;

/// Modules whose classes CPython implements in C, where a class's
/// `tp_name` (what its messages name) is `module.name`.
const C_TYPE_MODULES: &[&str] = &["datetime", "time", "pwd", "grp", "resource"];

/// The name CPython's own messages give a value's type (`tp_name`):
/// `datetime.timedelta` for the classes of C modules, else `__name__`.
pub fn tp_name(v: &Py) -> String {
    match v {
        Py::Obj(o) => {
            let ty = o.ty();
            if C_TYPE_MODULES.contains(&&*ty.module) {
                ty.qualified_name()
            } else {
                ty.name.to_string()
            }
        }
        other => type_name(other),
    }
}

/// `type(v).__name__`.
pub fn type_name(v: &Py) -> String {
    match v {
        Py::None => "NoneType".into(),
        Py::Bool(_) => "bool".into(),
        Py::Int(_) | Py::BigInt(_) => "int".into(),
        Py::Float(_) => "float".into(),
        Py::Complex(..) => "complex".into(),
        Py::Str(_) => "str".into(),
        Py::Bytes(_) => "bytes".into(),
        Py::Tuple(_) => "tuple".into(),
        Py::Obj(o) => o.ty().message_name().into_owned(),
        // A real server's netref classes are named by the whole id pack
        // name (`builtins.list`), and so are its messages about them.
        Py::Client(r) => r.type_name().to_owned(),
    }
}
