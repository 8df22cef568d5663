//! The session: one connection's protocol state, without I/O.
//!
//! As quinn-proto is to quinn: no sockets, no tasks, no clock. The session
//! owns the sequence numbers, the requests waiting for replies, the export
//! table, the proxy table and boxing. Its driver feeds received bytes in
//! ([`Session::receive`]), takes out what happened ([`Session::poll_event`]:
//! a reply for one of our requests, a request to serve, the end) and the
//! bytes to send ([`Session::poll_transmit`]), and puts in what its callers
//! ask ([`Session::request`], [`Session::reply`], [`Session::close`]).
//!
//! PING, DEL, CLOSE and unknown handlers are answered here; every other
//! request becomes an [`Event::Request`] for the service.
//!
//! `W` is whatever the driver keeps per request to wake its caller (a
//! oneshot sender in the tokio driver; a plain token in tests): the session
//! hands it back with the reply.
//!
//! A driver shared between tasks keeps the session behind a lock, so what
//! runs inside a session call is kept short and never calls back into it:
//! - the [`ObjectModel`] is asked for id packs and exports while boxing;
//! - our objects are dropped when the peer DELs them or the session ends;
//!   an object's `Drop` must not use the connection;
//! - a dropped [`Netref`](crate::Netref) only queues its DEL (the session
//!   collects it in [`poll_transmit`](Session::poll_transmit)), so dropping
//!   one anywhere, even inside a session call, is safe;
//! - a compressed frame is inflated inside [`receive`](Session::receive), as
//!   quinn decrypts under its lock; deflating, which costs several times
//!   more, is left to whoever takes a [`Transmit::Large`] out.

mod boxing;
mod outbox;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use crate::consts::{Handler, MsgType};
use crate::error::Error;
use crate::frame::{self, FrameConfig};
use crate::message::{self, Boxed};
use crate::netref::{ExportTable, IdPack, ObjectModel};
use crate::obj::Obj;
use crate::value::Value;
use crate::vinegar::{ExceptionPayload, RemoteException};

use boxing::ProxyTable;
use outbox::Outbox;
pub use outbox::Transmit;

/// A request the peer sent, with its arguments unboxed: references to our
/// own objects are `Obj::Local`, the peer's objects are `Obj::Remote`.
#[derive(Debug)]
pub struct Request<L> {
    pub handler: Handler,
    pub args: Vec<Obj<L>>,
}

/// What the session has for its driver.
#[derive(Debug)]
pub enum Event<L, W> {
    /// The outcome of one of our requests, with the waiter it was sent with.
    Reply { waiter: W, result: Result<Obj<L>, Error> },
    /// A request for the service; answer it with [`Session::reply`] (in any
    /// order, at any later time).
    Request { seq: i64, request: Request<L> },
    /// The session ended; always the last event.
    Closed { reason: String },
}

#[derive(Debug)]
enum State {
    Open,
    /// We sent CLOSE: nothing more goes out; replies still come in.
    Closing,
    Closed(String),
}

/// One connection's protocol state. See the module documentation.
pub struct Session<L, W> {
    model: Arc<dyn ObjectModel<Object = L>>,
    frame: FrameConfig,
    next_seq: i64,
    pending: HashMap<i64, W>,
    exports: ExportTable<L>,
    proxies: ProxyTable,
    outbox: Outbox,
    events: VecDeque<Event<L, W>>,
    state: State,
    served: u64,
}

impl<L: Clone + Send + Sync + 'static, W> Session<L, W> {
    /// A session boxing its objects with `model`. `on_release` is called,
    /// from whichever thread drops the last handle to a peer object, when
    /// a DEL is waiting to be sent: the driver then asks for bytes to send.
    pub fn new(
        model: Arc<dyn ObjectModel<Object = L>>,
        frame: FrameConfig,
        on_release: Box<dyn Fn() + Send + Sync>,
    ) -> Self {
        Session {
            model,
            frame,
            next_seq: 0,
            pending: HashMap::new(),
            exports: ExportTable::default(),
            proxies: ProxyTable::new(on_release),
            outbox: Outbox::default(),
            events: VecDeque::new(),
            state: State::Open,
            served: 0,
        }
    }

    // ---------------------------------------------------------------------
    // What callers put in

    /// Queues a request; its reply comes back as an [`Event::Reply`] with
    /// `waiter`. Returns the request's seq.
    pub fn request(&mut self, handler: Handler, args: Vec<Obj<L>>, waiter: W) -> Result<i64, Error> {
        let seq = self.send_request(handler, args)?;
        // Registered in the same call: no reply can be processed in between.
        self.pending.insert(seq, waiter);
        Ok(seq)
    }

    /// Queues a request whose reply is not waited for (rpyc's async
    /// requests, DEL). Returns its seq.
    pub fn request_async(&mut self, handler: Handler, args: Vec<Obj<L>>) -> Result<i64, Error> {
        self.send_request(handler, args)
    }

    /// Answers the peer's request `seq`. A result that cannot be sent (not
    /// dumpable, too large) is answered with an exception saying so.
    pub fn reply(&mut self, seq: i64, result: Result<Obj<L>, ExceptionPayload>) {
        if !matches!(self.state, State::Open) {
            return;
        }
        let (model, exports) = (&*self.model, &mut self.exports);
        let sent = result.and_then(|obj| {
            self.outbox
                .push(&self.frame, |out| {
                    message::begin_reply(seq, out);
                    boxing::write(model, exports, obj, out)
                })
                .map_err(unsendable)
        });
        if let Err(exc) = sent {
            self.send_exception(seq, &exc);
        }
    }

    /// Sends CLOSE; afterwards nothing more is sent and the driver shuts
    /// its write side down once the bytes queued are out. Returns false if
    /// the session was already closing or closed.
    pub fn close(&mut self) -> bool {
        if !matches!(self.state, State::Open) {
            return false;
        }
        // CLOSE carries no arguments; nothing in it can fail to encode.
        let _ = self.send_request(Handler::Close, Vec::new());
        self.state = State::Closing;
        true
    }

    /// Ends the session: every waiting request fails with
    /// [`Error::Closed`], both object tables are emptied, and
    /// [`Event::Closed`] is queued. Bytes already queued may still be sent.
    pub fn end(&mut self, reason: String) {
        if matches!(self.state, State::Closed(_)) {
            return;
        }
        self.state = State::Closed(reason.clone());
        for (_, waiter) in self.pending.drain() {
            self.events.push_back(Event::Reply { waiter, result: Err(Error::Closed(reason.clone())) });
        }
        self.exports.clear();
        self.proxies.close();
        self.events.push_back(Event::Closed { reason });
    }

    // ---------------------------------------------------------------------
    // Bytes in, events and bytes out

    /// Takes in received bytes: handles every whole frame at the start of
    /// `data` and returns how many bytes it used; the rest (part of a frame)
    /// must be offered again with more bytes after it. A frame or message
    /// that breaks the protocol ends the session, with the reason.
    pub fn receive(&mut self, data: &[u8]) -> usize {
        let mut used = 0;
        while !matches!(self.state, State::Closed(_)) {
            let rest = data.get(used..).unwrap_or_default();
            match frame::parse(rest, &self.frame) {
                Ok(Some(parsed)) => {
                    used += parsed.consumed;
                    if let Err(reason) = self.dispatch(&parsed.payload) {
                        self.end(reason);
                    }
                }
                Ok(None) => break,
                Err(e) => self.end(format!("bad frame: {e}")),
            }
        }
        if matches!(self.state, State::Closed(_)) {
            // Nothing after the end is read.
            return data.len();
        }
        used
    }

    /// Takes out the next bytes to send: whole frames into `buf` (whose
    /// allocation the session keeps for later frames), or a large payload
    /// to frame outside. `None` when nothing is queued.
    pub fn poll_transmit(&mut self, buf: &mut Vec<u8>) -> Option<Transmit> {
        self.send_releases();
        self.outbox.poll(buf)
    }

    // ---------------------------------------------------------------------
    // Inside

    fn send_request(&mut self, handler: Handler, args: Vec<Obj<L>>) -> Result<i64, Error> {
        if !matches!(self.state, State::Open) {
            return Err(self.closed_error());
        }
        let seq = self.next_seq;
        self.next_seq = self.next_seq.wrapping_add(1);
        let (model, exports) = (&*self.model, &mut self.exports);
        self.outbox.push(&self.frame, |out| {
            message::begin_request(seq, handler as u8, out);
            boxing::write(model, exports, Obj::Tuple(args), out)
        })?;
        Ok(seq)
    }

    /// Turns dropped proxies into DELs, as rpyc's netref `__del__` does.
    fn send_releases(&mut self) {
        if !self.proxies.has_released() {
            return;
        }
        for (id, count) in self.proxies.take_released() {
            if count == 0 || !matches!(self.state, State::Open) {
                continue;
            }
            let seq = self.next_seq;
            self.next_seq = self.next_seq.wrapping_add(1);
            // An id pack and an int always encode.
            let _ = self.outbox.push(&self.frame, |out| {
                message::begin_request(seq, Handler::Del as u8, out);
                message::box_tuple(2, out);
                message::box_local_ref(&id, out);
                message::box_value(&Value::Int(i64::try_from(count).unwrap_or(i64::MAX)), out)?;
                Ok(())
            });
        }
    }

    fn send_exception(&mut self, seq: i64, exc: &ExceptionPayload) {
        if !matches!(self.state, State::Open) {
            return;
        }
        let body = exc.encode();
        let sent = self.outbox.push(&self.frame, |out| Ok(message::encode(MsgType::Exception, seq, &body, out)?));
        if sent.is_err() {
            // Too large to send (a huge message or traceback): say so briefly,
            // so the peer's caller does not wait forever.
            let short = ExceptionPayload::Exception(RemoteException::builtin(
                "RuntimeError",
                vec![Value::str("the exception raised was too large to send")],
            ));
            let body = short.encode();
            let _ = self.outbox.push(&self.frame, |out| Ok(message::encode(MsgType::Exception, seq, &body, out)?));
        }
    }

    /// Handles one frame's payload. An error ends the session.
    fn dispatch(&mut self, payload: &[u8]) -> Result<(), String> {
        let msg = message::decode(payload).map_err(|e| format!("malformed message: {e}"))?;
        match msg.kind {
            MsgType::Reply | MsgType::Exception => {
                let Some(waiter) = self.pending.remove(&msg.seq) else {
                    return Ok(()); // nobody waits (an async request, a caller that gave up)
                };
                let result = if msg.kind == MsgType::Reply {
                    Boxed::from_wire(msg.body)
                        .map_err(|e| format!("malformed reply: {e}"))
                        .map(|boxed| boxing::unbox(boxed, &self.exports, &mut self.proxies).map_err(Error::from))
                } else {
                    RemoteException::decode(msg.body)
                        .map_err(|e| format!("malformed exception: {e}"))
                        .map(|payload| Err(Error::from(payload)))
                };
                match result {
                    Ok(result) => self.events.push_back(Event::Reply { waiter, result }),
                    Err(reason) => {
                        // Failed by `end` with the reason, like the others.
                        self.pending.insert(msg.seq, waiter);
                        return Err(reason);
                    }
                }
            }
            MsgType::Request => {
                let (handler_id, args) =
                    message::split_request(msg.body).map_err(|e| format!("malformed request: {e}"))?;
                self.served += 1;
                self.serve(msg.seq, handler_id, args);
            }
        }
        Ok(())
    }

    fn serve(&mut self, seq: i64, handler_id: i64, args: Boxed) {
        let Some(handler) = Handler::from_id(handler_id) else {
            let e = RemoteException::builtin("KeyError", vec![Value::Int(handler_id)])
                .with_traceback(format!("unknown handler id {handler_id}\n"));
            self.send_exception(seq, &ExceptionPayload::Exception(e));
            return;
        };
        match handler {
            Handler::Ping => {
                // Echo the boxed argument back as it came.
                let echoed = match args {
                    Boxed::Value(Value::Tuple(mut items)) if items.len() == 1 => Boxed::Value(items.remove(0)),
                    Boxed::Tuple(mut items) if items.len() == 1 => items.remove(0),
                    _ => Boxed::Value(Value::None),
                };
                if matches!(self.state, State::Open) {
                    let _ = self.outbox.push(&self.frame, |out| Ok(message::encode_reply(seq, &echoed, out)?));
                }
            }
            Handler::Close => self.end("closed by peer".into()),
            Handler::Del => {
                // Here, so DELs apply in arrival order.
                if let Boxed::Tuple(items) = &args {
                    if let [Boxed::LocalRef(id), Boxed::Value(Value::Int(count))] = items.as_slice() {
                        self.exports.release(id, u64::try_from(*count).unwrap_or(0));
                    }
                }
                self.reply(seq, Ok(Obj::none()));
            }
            _ => match self.unbox_request_args(handler, args) {
                Ok(args) => self.events.push_back(Event::Request { seq, request: Request { handler, args } }),
                Err(e) => self.send_exception(seq, &e),
            },
        }
    }

    fn unbox_request_args(&mut self, handler: Handler, args: Boxed) -> Result<Vec<Obj<L>>, ExceptionPayload> {
        let bad_args = || {
            ExceptionPayload::Exception(RemoteException::builtin(
                "TypeError",
                vec![Value::Str(format!("{} arguments must be a tuple", handler.name()))],
            ))
        };
        let items = match boxing::unbox(args, &self.exports, &mut self.proxies)? {
            Obj::Tuple(items) => items,
            Obj::Value(Value::Tuple(values)) => values.into_iter().map(Obj::Value).collect(),
            _ => return Err(bad_args()),
        };
        if handler == Handler::Inspect {
            // INSPECT names the object by its id pack, by value.
            return match items.first().and_then(Obj::as_value).and_then(IdPack::from_value) {
                Some(id) => Ok(vec![Obj::Local(boxing::local(&self.exports, &id)?)]),
                None => Err(bad_args()),
            };
        }
        Ok(items)
    }
}

/// What needs no boxing: state, counts, and taking out events.
impl<L, W> Session<L, W> {
    /// Stops waiting for the reply to `seq` (the caller gave up); a reply
    /// that comes later is ignored.
    pub fn forget(&mut self, seq: i64) -> Option<W> {
        self.pending.remove(&seq)
    }

    /// The next event, in the order they happened.
    pub fn poll_event(&mut self) -> Option<Event<L, W>> {
        self.events.pop_front()
    }

    /// Whether bytes are queued to be sent.
    pub fn has_transmit(&self) -> bool {
        !self.outbox.is_empty()
    }

    /// Whether everything is sent and nothing more will be: the driver may
    /// shut its write side down.
    pub fn is_drained(&self) -> bool {
        // Once not open, dropped proxies send nothing.
        !matches!(self.state, State::Open) && self.outbox.is_empty()
    }

    /// Whether the session has ended.
    pub fn is_closed(&self) -> bool {
        matches!(self.state, State::Closed(_))
    }

    /// Why the session ended, once it has.
    pub fn close_reason(&self) -> Option<&str> {
        match &self.state {
            State::Closed(reason) => Some(reason),
            _ => None,
        }
    }

    /// Local objects the peer holds references to.
    pub fn exported_count(&self) -> usize {
        self.exports.len()
    }

    /// Live proxies of the peer's objects.
    pub fn proxy_count(&self) -> usize {
        self.proxies.len()
    }

    /// Our requests waiting for a reply.
    pub fn pending_count(&self) -> usize {
        self.pending.len()
    }

    /// Requests from the peer served so far (PING and DEL included).
    pub fn served_count(&self) -> u64 {
        self.served
    }

    pub fn frame_config(&self) -> &FrameConfig {
        &self.frame
    }

    fn closed_error(&self) -> Error {
        Error::Closed(match &self.state {
            State::Open => "connection open".into(),
            State::Closing => "connection closing".into(),
            State::Closed(reason) => reason.clone(),
        })
    }
}

/// The exception that answers a request whose result cannot be sent.
fn unsendable(e: Error) -> ExceptionPayload {
    let class = match e {
        Error::NotDumpable(_) => "TypeError",
        _ => "ValueError",
    };
    ExceptionPayload::Exception(RemoteException::builtin(class, vec![Value::Str(e.to_string())]))
}
