//! The RPyC 6.x wire protocol (classic mode), byte-compatible with the
//! `rpyc` package from PyPI: a sans-IO session core, the [`Peer`] handle
//! both sides talk through, and a thin tokio driver that the agent
//! (serving) and the controller (calling) use.
//!
//! Layers, bottom up; everything below [`peer`] is sans-IO (no sockets, no
//! tasks, no clock):
//! - [`value`]: the value model (Python's immutable values, plus the
//!   containers PICKLE brings back by value).
//! - [`brine`]: rpyc's serializer, encoding exactly as `brine.dump` does.
//! - [`frame`]: length-prefixed frames with optional zlib.
//! - [`consts`], [`message`]: message types, handler ids, labels, boxing.
//! - [`netref`]: id packs, [`ObjectModel`] (what a side's objects are) and
//!   the table of exported objects with counts; [`obj`]: unboxed values and
//!   [`Netref`], the handle to a peer object that sends DEL when dropped.
//! - [`vinegar`]: remote exceptions both ways; [`pickle`]: pickle bytes to
//!   values and back (for `obtain`).
//! - [`session`]: one connection's protocol state — seq numbers, pending
//!   replies, the export and proxy tables, boxing. Bytes go in
//!   ([`Session::receive`]); events (a reply, a request to serve, the end)
//!   and bytes to send come out. Two sessions talk in memory in the tests.
//! - [`peer`]: [`Peer`], a cheap handle to one connection that names only
//!   this side's object type: requests, and the rpyc operations in [`ops`]
//!   (getattr, call, callattr, len, iter, obtain, ...).
//! - [`service`]: what a serving side implements ([`Service`], which
//!   receives the [`Peer`] with each request).
//! - [`connection`]: the tokio driver over any async byte stream: a reader
//!   that feeds the session and serves its events, a writer that drains it.
//! - [`client`]: a classic client (one round trip to connect).
//!
//! The data flow of one call: [`Peer::request`] locks the session, which
//! takes a seq, boxes the arguments straight into its outbox (framed in
//! place) and keeps the caller's oneshot by seq; the writer takes
//! everything queued in one write. On the other side, the reader hands the
//! bytes to that side's session, which decodes, unboxes and emits
//! [`Event::Request`]; the service answers inline (`handle_now`, the replies
//! of one read queued together) or in a task (`handle`), and
//! [`Session::reply`] boxes the result into the outbox. Back here, the
//! session matches the reply's seq and emits [`Event::Reply`] with the
//! oneshot, which the reader fires.

pub mod brine;
pub mod client;
pub mod connection;
pub mod consts;
pub mod error;
pub mod frame;
pub mod message;
pub mod netref;
pub mod obj;
pub mod ops;
pub mod peer;
pub mod pickle;
pub mod service;
pub mod session;
mod sync;
pub mod value;
pub mod vinegar;

pub use client::{Client, Remote, DEFAULT_PORT};
pub use connection::Connection;
pub use consts::Handler;
pub use error::Error;
pub use netref::{IdPack, ObjectModel};
pub use obj::{Netref, Obj};
pub use ops::{Kwargs, RemoteIter};
pub use peer::{Config, Peer};
pub use service::{ClientService, Never, Service};
pub use session::{Event, Request, Session, Transmit};
pub use value::{Record, Value};
pub use vinegar::{ExceptionPayload, RemoteException};
