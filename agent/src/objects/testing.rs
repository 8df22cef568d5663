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

/// Runs `f` on a thread with the stack the agent gives its own threads, so
/// deep recursion in a test behaves as in the agent (the recursion limit
/// strikes, not the stack guard of a small test thread).
pub fn on_agent_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(crate::runtime::context::THREAD_STACK)
            .spawn_scoped(scope, f)
            .expect("a thread with the agent's stack")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
