//! What the serving side of a connection decides: its object model (what
//! its objects are, [`ObjectModel`]) and what requests do ([`Service`]).

use std::future::Future;

use crate::netref::IdPack;
pub use crate::netref::ObjectModel;
use crate::obj::Obj;
use crate::peer::Peer;
pub use crate::session::Request;
use crate::value::Value;
use crate::vinegar::{ExceptionPayload, RemoteException};

/// What a side does with the peer's requests.
///
/// The session answers PING, DEL and CLOSE itself and resolves id packs;
/// everything else (GETROOT, GETATTR, CALL, INSPECT, ...) comes here, with
/// the [`Peer`] it came from. Each request is handled in a task of its own
/// unless [`handle_now`](Service::handle_now) takes it, so a slow call never
/// holds up the connection, and a handler may itself send requests to the
/// peer (nesting) through `peer`.
pub trait Service: ObjectModel + Sized {
    /// Handles a request at once, on the connection's reader, when that is
    /// quick and waits on nothing (no I/O that may block, no request to the
    /// peer); otherwise hands the request back, to be served by `handle` in a
    /// task of its own. Answering inline saves a task switch per call and
    /// lets the replies to a batch of pipelined requests leave in one write.
    #[allow(clippy::type_complexity)]
    fn handle_now(
        &self,
        _peer: &Peer<Self::Object>,
        request: Request<Self::Object>,
    ) -> Result<Result<Obj<Self::Object>, ExceptionPayload>, Request<Self::Object>> {
        Err(request)
    }

    fn handle(
        &self,
        peer: &Peer<Self::Object>,
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

impl ObjectModel for ClientService {
    type Object = Never;

    fn id_pack(&self, obj: &Never) -> IdPack {
        match *obj {}
    }
}

impl Service for ClientService {
    async fn handle(&self, _peer: &Peer<Never>, request: Request<Never>) -> Result<Obj<Never>, ExceptionPayload> {
        Err(ExceptionPayload::Exception(RemoteException::builtin(
            "NotImplementedError",
            vec![Value::Str(format!("{} is not served by this rpyctl client", request.handler.name()))],
        )))
    }
}
