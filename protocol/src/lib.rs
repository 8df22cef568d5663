//! The RPyC 6.x wire protocol (classic mode), byte-compatible with the
//! `rpyc` package from PyPI, and a tokio connection driver that both the
//! agent (serving) and the controller (calling) use.
//!
//! Layers, bottom up; everything below `connection` is sans-IO:
//! - [`value`]: the value model (Python's immutable values, plus the
//!   containers PICKLE brings back by value).
//! - [`brine`]: rpyc's serializer, encoding exactly as `brine.dump` does.
//! - [`frame`]: length-prefixed frames with optional zlib.
//! - [`consts`], [`message`]: message types, handler ids, labels, boxing.
//! - [`netref`]: id packs and the table of exported objects with counts.
//! - [`vinegar`]: remote exceptions both ways.
//! - [`pickle`]: pickle bytes to values and back (for `obtain`).
//! - [`connection`]: the driver: pipelined requests matched by seq, nested
//!   serving while waiting, DEL on drop of remote handles, CLOSE.
//! - [`service`]: what the serving side plugs in; [`ops`]: the rpyc
//!   operations as methods; [`client`]: a classic client.

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

/// Locks a mutex, recovering from poisoning: the state behind this crate's
/// mutexes stays consistent because no code path panics while holding them.
pub(crate) fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
