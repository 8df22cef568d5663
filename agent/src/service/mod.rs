//! The classic service: rpyc's requests mapped onto the runtime. One
//! [`AgentService`] per connection, like a `SlaveService` instance with its
//! own namespace.
//!
//! - [`dispatch`]: each handler (GETATTR, CALL, CALLATTR, CMP, PICKLE, ...).
//! - [`root`]: the classic root; [`inspect`]: INSPECT answers.
//! - [`link`]: the runtime's way to reach the client.

mod dispatch;
pub mod inspect;
mod link;
pub mod root;

use std::sync::{Arc, OnceLock};

use rpyc_protocol::vinegar::ExceptionPayload;
use rpyc_protocol::{Handler, IdPack, Obj, ObjectModel, Peer, Request, Service, Value};

use crate::objects::module::Module;
use crate::runtime::context::{ClientLink, Cx, Session};
use crate::runtime::exceptions::PyErr;
use crate::runtime::object::{address, ObjRef};
use crate::runtime::types::{class_id, Type};
use crate::runtime::value::Py;
use crate::runtime::wire::py_from_value;

pub struct AgentService {
    session: Arc<Session>,
    root: ObjRef,
    /// The runtime's handle on this connection, made on the first request.
    link: OnceLock<Arc<dyn ClientLink>>,
}

impl AgentService {
    pub fn new() -> AgentService {
        AgentService { session: Arc::new(Session::default()), root: root::Root::new(), link: OnceLock::new() }
    }

    fn cx(&self, peer: &Peer<ObjRef>, blocking: bool) -> Cx {
        let link = self.link.get_or_init(|| Arc::new(link::Link(peer.clone()))).clone();
        Cx::new(link, self.session.clone(), blocking, &crate::objects::HOOKS)
    }
}

impl Default for AgentService {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectModel for AgentService {
    type Object = ObjRef;

    fn id_pack(&self, obj: &ObjRef) -> IdPack {
        if let Some(t) = obj.as_any().downcast_ref::<Type>() {
            // A class: its own name, its id, instance id 0.
            return IdPack::new(t.qualified().clone(), address(obj), 0);
        }
        let ty = obj.ty();
        match obj.as_any().downcast_ref::<Module>() {
            Some(m) => IdPack::new(m.def.type_name, class_id(&ty), address(obj)),
            None => IdPack::new(ty.qualified().clone(), class_id(&ty), address(obj)),
        }
    }

    fn export_value(&self, value: Value) -> Option<ObjRef> {
        match py_from_value(value, &crate::objects::HOOKS) {
            Py::Obj(o) => Some(o),
            _ => None,
        }
    }
}

impl Service for AgentService {
    fn handle_now(
        &self,
        peer: &Peer<ObjRef>,
        request: Request<ObjRef>,
    ) -> Result<Result<Obj<ObjRef>, ExceptionPayload>, Request<ObjRef>> {
        if needs_blocking_pool(&request) {
            return Err(request);
        }
        let cx = self.cx(peer, false);
        Ok(dispatch::dispatch(&cx, &self.root, request))
    }

    async fn handle(&self, peer: &Peer<ObjRef>, request: Request<ObjRef>) -> Result<Obj<ObjRef>, ExceptionPayload> {
        if needs_blocking_pool(&request) {
            let cx = self.cx(peer, true);
            let root = self.root.clone();
            return match tokio::task::spawn_blocking(move || dispatch::dispatch(&cx, &root, request)).await {
                Ok(result) => result,
                Err(e) => Err(ExceptionPayload::Exception(rpyc_protocol::RemoteException::builtin(
                    "SystemError",
                    vec![Value::Str(format!("rpyc-agent: a call failed inside the agent: {e}"))],
                ))),
            };
        }
        let cx = self.cx(peer, false);
        dispatch::dispatch(&cx, &self.root, request)
    }
}

/// Calls that may block (a subprocess, a sleep, file I/O, Python code) or
/// that must reach back to the client run on the blocking pool; the rest
/// run right on the connection's task.
fn needs_blocking_pool(request: &Request<ObjRef>) -> bool {
    /// A client object, or an agent object that may wait when used (a
    /// Python function, an iterator over client objects).
    fn has_client_object(v: &Obj<ObjRef>) -> bool {
        match v {
            Obj::Remote(_) => true,
            Obj::Local(o) => o.blocks(None),
            Obj::Tuple(items) => items.iter().any(has_client_object),
            _ => false,
        }
    }
    if request.args.iter().any(has_client_object) {
        return true;
    }
    match (request.handler, request.args.first(), request.args.get(1)) {
        (Handler::Call, Some(Obj::Local(f)), _) => f.blocks(None),
        (Handler::CallAttr, Some(Obj::Local(o)), Some(Obj::Value(Value::Str(name)))) => {
            o.blocks(Some(name)) || o.ty().lookup(name).is_some_and(|m| m.blocking)
        }
        (Handler::BuffIter | Handler::CtxExit, Some(Obj::Local(o)), _) => o.blocks(None) || o.blocks(Some("__next__")),
        // These may walk containers that hold client objects or Python
        // functions, which may wait: not on the connection's task.
        (Handler::Pickle | Handler::Repr | Handler::Str | Handler::Cmp | Handler::Hash, _, _) => true,
        _ => false,
    }
}

/// The exception as the client reads it, with a traceback that says what
/// the request was when the interpreter recorded no frames.
fn to_payload(cx: &Cx, e: PyErr) -> ExceptionPayload {
    e.to_payload(cx)
}
