//! What the serving side of a connection decides: its object model.

use std::future::Future;

use crate::connection::Connection;
use crate::consts::Handler;
use crate::netref::IdPack;
use crate::obj::Obj;
use crate::value::Value;
use crate::vinegar::{ExceptionPayload, RemoteException};

/// A request the peer sent, with its arguments unboxed: references to our
/// own objects are `Obj::Local`, the peer's objects are `Obj::Remote`.
#[derive(Debug)]
pub struct Request<L> {
    pub handler: Handler,
    pub args: Vec<Obj<L>>,
}

/// The object model behind a connection.
///
/// The connection answers PING, DEL and CLOSE itself and resolves id packs;
/// everything else (GETROOT, GETATTR, CALL, INSPECT, ...) comes here. Each
/// request is handled in a task of its own, so a slow call never holds up
/// the connection, and a handler may itself send requests to the peer
/// (nesting) through `conn`.
pub trait Service: Send + Sync + Sized + 'static {
    /// How this side represents its own objects.
    type Object: Clone + Send + Sync + 'static;

    /// The id pack of a local object; stable for the object's lifetime and
    /// distinct between live objects.
    fn id_pack(&self, obj: &Self::Object) -> IdPack;

    /// Turns a value that brine cannot carry (a list, a dict, a record) into
    /// a local object so it can go by reference. `None` refuses it.
    fn export_value(&self, _value: Value) -> Option<Self::Object> {
        None
    }

    /// Handles a request at once, on the connection's reader, when that is
    /// quick and waits on nothing (no I/O that may block, no request to the
    /// peer); otherwise hands the request back, to be served by `handle` in a
    /// task of its own. Answering inline saves a task switch per call and
    /// lets the replies to a batch of pipelined requests leave in one write.
    #[allow(clippy::type_complexity)]
    fn handle_now(
        &self,
        _conn: &Connection<Self>,
        request: Request<Self::Object>,
    ) -> Result<Result<Obj<Self::Object>, ExceptionPayload>, Request<Self::Object>> {
        Err(request)
    }

    fn handle(
        &self,
        conn: &Connection<Self>,
        request: Request<Self::Object>,
    ) -> impl Future<Output = Result<Obj<Self::Object>, ExceptionPayload>> + Send;

    /// Called once when the connection has ended, after its tables are freed.
    fn on_disconnect(&self) {}
}

/// An uninhabited object type, for a side that serves no objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Never {}

/// The service of a pure client: it owns no objects, so the peer can only
/// PING it and DEL; anything else is refused with an exception.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClientService;

impl Service for ClientService {
    type Object = Never;

    fn id_pack(&self, obj: &Never) -> IdPack {
        match *obj {}
    }

    async fn handle(&self, _conn: &Connection<Self>, request: Request<Never>) -> Result<Obj<Never>, ExceptionPayload> {
        Err(ExceptionPayload::Exception(RemoteException::builtin(
            "NotImplementedError",
            vec![Value::Str(format!("{} is not served by this rpyctl client", request.handler.name()))],
        )))
    }
}
