//! A call context for unit tests: no client (asking it fails), a fresh
//! session, blocking allowed.

use std::sync::Arc;

use crate::runtime::context::{Cx, NoClient, Session};

/// A context for tests.
pub fn cx() -> Cx {
    Cx::new(Arc::new(NoClient), Arc::new(Session::default()), true, &super::HOOKS)
}

/// Runs `f` with a test context.
pub fn with_cx<T>(f: impl FnOnce(&Cx) -> T) -> T {
    f(&cx())
}
