//! What native code can reach while it runs: the call context [`Cx`] —
//! the link to the client (to use the client's objects), the connection's
//! [`Session`] state, whether the call may wait, and the recursion budget.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};

use rpyc_protocol::{Error, ExceptionPayload, Handler, Netref, Obj, Value};

use super::exceptions::{self, PyErr, PyResult};
use super::object::ObjRef;
use super::types::TypeRef;
use super::value::Py;

/// A request to the client and its eventual reply.
pub type ClientReply<'a> = Pin<Box<dyn Future<Output = Result<Obj<ObjRef>, Error>> + Send + 'a>>;

/// The connection as the runtime sees it: it can send requests to the
/// client and tell whether the connection is still open. It does not name
/// the service that serves the connection.
pub trait ClientLink: Send + Sync {
    fn request(&self, handler: Handler, args: Vec<Obj<ObjRef>>) -> ClientReply<'_>;
    fn is_closed(&self) -> bool;
}

/// No client at all: every request fails as on a closed connection. For
/// work done outside any connection (the module catalog, unit tests).
pub struct NoClient;

impl ClientLink for NoClient {
    fn request(&self, handler: Handler, _args: Vec<Obj<ObjRef>>) -> ClientReply<'_> {
        Box::pin(async move { Err(rpyc_protocol::Error::Closed(format!("no client connection ({})", handler.name()))) })
    }
    fn is_closed(&self) -> bool {
        false
    }
}

/// Functions of higher layers the runtime needs without naming them: the
/// class of any value, and values from the wire that need objects (a
/// frozenset, a list from PICKLE).
pub struct Hooks {
    pub type_of: fn(&Py) -> TypeRef,
    pub from_value: fn(Value) -> Py,
}

/// Per-connection state.
#[derive(Default)]
pub struct Session {
    /// `conn.namespace`: the globals of `eval`/`execute`, made on first use.
    pub namespace: OnceLock<ObjRef>,
    /// `sys.stdout` / `sys.stderr` as the client set them (redirection):
    /// `print` writes there instead of the agent's log.
    pub stdout: Mutex<Option<Py>>,
    pub stderr: Mutex<Option<Py>>,
    /// `sys.stdin` as the client set it (`rpyc.classic.redirected_stdio`
    /// sets all three).
    pub stdin: Mutex<Option<Py>>,
}

/// Stack kept free below the deepest recursion, whatever the build's frame
/// sizes: past it, `RecursionError`.
pub const STACK_MARGIN: usize = 256 << 10;
/// How much stack one call may use when the thread's stack size is
/// unknown.
pub const STACK_BUDGET: usize = 1 << 20;
/// The stack size the agent gives its threads.
pub const THREAD_STACK: usize = 16 << 20;

/// The call context.
pub struct Cx {
    link: Arc<dyn ClientLink>,
    pub session: Arc<Session>,
    /// True on the blocking pool, where waiting for the client is allowed.
    pub blocking: bool,
    pub hooks: &'static Hooks,
    stack_base: usize,
    /// Python-level call depth (interpreted function calls).
    depth: Cell<u32>,
    /// Exceptions being handled (`except` blocks running), innermost last:
    /// what a bare `raise` re-raises and what new exceptions take as
    /// their `__context__`.
    handling: RefCell<Vec<PyErr>>,
}

/// The current stack position.
#[inline(never)]
pub fn stack_mark() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

impl Cx {
    pub fn new(link: Arc<dyn ClientLink>, session: Arc<Session>, blocking: bool, hooks: &'static Hooks) -> Cx {
        Cx {
            link,
            session,
            blocking,
            hooks,
            stack_base: stack_mark(),
            depth: Cell::new(0),
            handling: RefCell::new(Vec::new()),
        }
    }

    /// Whether the connection this call serves has ended (a long
    /// `execute` stops then).
    pub fn interrupted(&self) -> bool {
        self.link.is_closed()
    }

    /// Raises when the connection has ended, so endless loops stop.
    pub fn check_interrupt(&self) -> PyResult<()> {
        if self.interrupted() {
            return Err(exceptions::new("KeyboardInterrupt", "the client's connection closed"));
        }
        Ok(())
    }

    /// One level deeper into a recursive walk (nested containers, nested
    /// calls); `RecursionError` when the stack budget is spent.
    pub fn check_stack(&self, what: &str) -> PyResult<()> {
        let here = stack_mark();
        let exhausted = match crate::platform::stack::stack_floor() {
            Some(floor) => here.saturating_sub(floor) < STACK_MARGIN,
            None => here.abs_diff(self.stack_base) > STACK_BUDGET,
        };
        if exhausted {
            let what = if what.is_empty() { String::new() } else { format!(" {what}") };
            return Err(exceptions::recursion_error(format!("maximum recursion depth exceeded{what}")));
        }
        Ok(())
    }

    /// Enters an interpreted function call; Python's default recursion
    /// limit (1000) applies.
    pub fn enter_call(&self) -> PyResult<CallGuard<'_>> {
        let d = self.depth.get();
        if d >= 1000 {
            return Err(exceptions::recursion_error("maximum recursion depth exceeded"));
        }
        self.check_stack("")?;
        self.depth.set(d + 1);
        Ok(CallGuard(self))
    }

    /// Marks `e` as being handled until the guard drops.
    pub fn handling(&self, e: PyErr) -> HandlingGuard<'_> {
        self.handling.borrow_mut().push(e);
        HandlingGuard(self)
    }

    /// The exception being handled (`sys.exc_info()[1]`), if any.
    pub fn handled(&self) -> Option<PyErr> {
        self.handling.borrow().last().cloned()
    }

    /// Sends a request to the client and waits for the reply; only allowed
    /// on the blocking pool.
    pub fn ask_client(&self, handler: Handler, args: Vec<Obj<ObjRef>>) -> PyResult<Obj<ObjRef>> {
        if !self.blocking {
            return Err(exceptions::runtime_error(
                "rpyc-agent: client objects can only be used from a call that may block",
            ));
        }
        let handle = tokio::runtime::Handle::try_current()
            .map_err(|_| exceptions::runtime_error("rpyc-agent: no connection to reach the client"))?;
        let link = self.link.clone();
        handle.block_on(async move { link.request(handler, args).await }).map_err(|e| self.client_error(e))
    }

    fn client_error(&self, e: Error) -> PyErr {
        match e {
            Error::Remote(r) => PyErr::from_payload(ExceptionPayload::Exception(*r), self),
            Error::StopIteration => exceptions::stop_iteration(),
            other => exceptions::new("ConnectionError", format!("reaching the client: {other}")),
        }
    }

    /// The handle to a client object, as a request argument.
    pub fn client_ref(r: &Netref) -> Obj<ObjRef> {
        Obj::Remote(r.clone())
    }
}

/// Stops handling an exception when dropped.
pub struct HandlingGuard<'a>(&'a Cx);

impl Drop for HandlingGuard<'_> {
    fn drop(&mut self) {
        self.0.handling.borrow_mut().pop();
    }
}

/// Leaves an interpreted call when dropped.
pub struct CallGuard<'a>(&'a Cx);

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get().saturating_sub(1));
    }
}
