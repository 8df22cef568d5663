//! The runtime: the object model and Python's semantics, beneath every
//! other layer of the agent.
//!
//! - [`value`]: [`Py`](value::Py), every value the agent handles.
//! - [`object`]: the [`PyObject`](object::PyObject) slots every agent object
//!   answers; [`types`]: classes and their methods; [`callables`]: native
//!   functions and methods.
//! - [`exceptions`]: the builtin exception classes, instances, and
//!   [`PyErr`](exceptions::PyErr).
//! - [`args`]: argument binding; [`context`]: the call context
//!   ([`Cx`](context::Cx)) and per-connection session.
//! - [`semantics`]: truthiness, comparison, hashing, repr, arithmetic,
//!   containers, calling — the one place these are decided.
//! - [`slice`], [`iterators`]: the slice object and iterators of the
//!   immutable kinds; [`wire`]: values to and from the protocol.

pub mod args;
pub mod callables;
pub mod context;
pub mod exceptions;
pub mod iterators;
pub mod object;
pub mod semantics;
pub mod slice;
pub mod types;
pub mod unicode;
pub mod value;
pub mod wire;

pub use args::Args;
pub use context::Cx;
pub use exceptions::{PyErr, PyResult};
pub use object::{ObjRef, PyObject};
pub use types::{Type, TypeRef};
pub use value::Py;
