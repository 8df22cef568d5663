//! The agent before the runtime rebuild; replaced piece by piece by the
//! layered runtime and removed when nothing uses it.

pub mod args;
pub mod containers;
pub mod context;
pub mod eval;
pub mod exc;
pub mod file;
pub mod inspect;
pub mod modules;
pub mod object;
pub mod root;
pub mod service;
