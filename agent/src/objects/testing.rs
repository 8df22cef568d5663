//! A call context for unit tests: no client (asking it fails), a fresh
//! session, blocking allowed.

use std::sync::Arc;

use rpyc_protocol::{Error, Handler, Obj};

use crate::runtime::context::{ClientLink, ClientReply, Cx, Session};
use crate::runtime::object::ObjRef;

struct NoClient;

impl ClientLink for NoClient {
    fn request(&self, handler: Handler, _args: Vec<Obj<ObjRef>>) -> ClientReply<'_> {
        Box::pin(async move { Err(Error::Closed(format!("no client in unit tests ({})", handler.name()))) })
    }
    fn is_closed(&self) -> bool {
        false
    }
}

/// A context for tests.
pub fn cx() -> Cx {
    Cx::new(Arc::new(NoClient), Arc::new(Session::default()), true, &super::HOOKS)
}

/// Runs `f` with a test context.
pub fn with_cx<T>(f: impl FnOnce(&Cx) -> T) -> T {
    f(&cx())
}
