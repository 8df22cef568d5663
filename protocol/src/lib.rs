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
pub mod pickle;
pub mod service;
pub mod value;
pub mod vinegar;

pub use client::{Client, Remote, DEFAULT_PORT};
pub use connection::{Config, Connection};
pub use consts::Handler;
pub use error::Error;
pub use netref::IdPack;
pub use obj::{Netref, Obj};
pub use service::{ClientService, Never, Request, Service};
pub use value::{Record, Value};
pub use vinegar::{ExceptionPayload, RemoteException};
