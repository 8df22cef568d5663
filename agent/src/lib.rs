//! rpyc-agent: a native RPyC classic server. An unmodified Python rpyc
//! client (`rpyc.classic.connect`) talks to it as to `rpyc_classic`; the
//! Python modules admins use are implemented here in Rust.
//!
//! - [`cli`], [`server`], [`log`]: flags, accepting and serving, logging.
//! - [`service`]: rpyc's handlers mapped onto the object model.
//! - [`object`]: the object model ([`object::PyObject`]); [`containers`]:
//!   list, dict, iterators, records; [`file`]: file objects; [`root`]: the
//!   classic root; [`inspect`]: INSPECT answers.
//! - [`modules`]: one file per Python module.
//! - [`eval`]: the Python subset of `conn.eval` / `conn.execute`.
//! - [`args`], [`exc`], [`context`]: argument binding, exceptions, call context.

// Object constructors return the shared handle (`PyRef`), not `Self`:
// every agent object lives behind one.
#![allow(clippy::new_ret_no_self)]

pub mod cli;
pub mod interp;
pub mod log;
pub mod modules;
pub mod objects;
pub mod platform;
pub mod runtime;
pub mod server;
pub mod service;
