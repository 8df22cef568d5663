//! [`Peer`]: the handle to the other side of one connection.
//!
//! It is what a side talks to its peer through — requests, and the rpyc
//! operations in [`ops`](crate::ops) — and what a [`Service`](crate::Service)
//! receives with each request. It names only the type of this side's
//! objects, never the service, so code that runs inside a call (the agent's
//! call context) can hold one.
//!
//! Behind it: the connection's [`Session`] under a mutex, and the two ways
//! the tokio driver is woken (its writer, and the end of the connection).
//! Every call locks the session briefly and never across an await; bytes are
//! only ever moved by the driver's tasks.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{oneshot, watch, Notify};

use crate::consts::Handler;
use crate::error::Error;
use crate::frame::FrameConfig;
use crate::netref::ObjectModel;
use crate::obj::Obj;
use crate::session::{Event, Request, Session};
use crate::sync::lock;
use crate::vinegar::ExceptionPayload;

/// Connection settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub frame: FrameConfig,
    /// How long a synchronous request waits for its reply (`None`: forever).
    /// rpyc's `sync_request_timeout` is 30 s.
    pub request_timeout: Option<Duration>,
}

impl Default for Config {
    fn default() -> Self {
        Config { frame: FrameConfig::default(), request_timeout: Some(Duration::from_secs(30)) }
    }
}

/// How a waiting request is woken with its reply.
pub(crate) type Waiter<L> = oneshot::Sender<Result<Obj<L>, Error>>;

/// A reply to one of the peer's requests, before it is queued.
pub(crate) type Reply<L> = (i64, Result<Obj<L>, ExceptionPayload>);

/// What every [`Peer`] clone and the driver's tasks share.
pub(crate) struct Link<L> {
    session: Mutex<Session<L, Waiter<L>>>,
    config: Config,
    /// Wakes the writer: there are bytes to send (or the end to act on).
    writer: Arc<Notify>,
    /// Turns true once, when the session has ended.
    done: watch::Sender<bool>,
}

/// A handle to the peer of one connection. Cheap to clone; every clone
/// talks to the same connection.
pub struct Peer<L> {
    pub(crate) link: Arc<Link<L>>,
}

impl<L> Clone for Peer<L> {
    fn clone(&self) -> Self {
        Peer { link: self.link.clone() }
    }
}

impl<L> fmt::Debug for Peer<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Peer").field("closed", &*self.link.done.borrow()).finish_non_exhaustive()
    }
}

impl<L: Clone + Send + Sync + 'static> Peer<L> {
    /// A peer whose session boxes this side's objects with `model`; the
    /// driver then moves its bytes.
    pub(crate) fn new(model: Arc<dyn ObjectModel<Object = L>>, config: Config) -> Peer<L> {
        let writer = Arc::new(Notify::new());
        let wake = writer.clone();
        let session = Session::new(model, config.frame, Box::new(move || wake.notify_one()));
        let (done, _) = watch::channel(false);
        Peer { link: Arc::new(Link { session: Mutex::new(session), config, writer, done }) }
    }

    /// Sends a request and waits for its reply.
    pub async fn request(&self, handler: Handler, args: Vec<Obj<L>>) -> Result<Obj<L>, Error> {
        let (tx, rx) = oneshot::channel();
        let seq = self.link.session().request(handler, args, tx)?;
        self.link.writer.notify_one();
        let mut waiting = Waiting { link: &self.link, seq: Some(seq) };
        let reply = match self.link.config.request_timeout {
            Some(limit) => match tokio::time::timeout(limit, rx).await {
                Ok(reply) => reply,
                Err(_) => return Err(Error::Timeout { handler: handler.name(), after: limit }),
            },
            None => rx.await,
        };
        // Woken: the session has already let go of the seq.
        waiting.seq = None;
        reply.unwrap_or_else(|_| Err(self.closed_error()))
    }

    /// Sends a request without waiting for (or reading) its reply, as rpyc
    /// does for DEL.
    pub fn request_async(&self, handler: Handler, args: Vec<Obj<L>>) -> Result<(), Error> {
        self.link.session().request_async(handler, args)?;
        self.link.writer.notify_one();
        Ok(())
    }

    /// Sends CLOSE, stops writing, and waits (up to a second) for the peer to
    /// close its side. Outstanding requests fail with `Error::Closed`.
    pub async fn close(&self) {
        if !self.link.session().close() {
            return;
        }
        self.link.writer.notify_one();
        let _ = tokio::time::timeout(Duration::from_secs(1), self.closed()).await;
        self.end("closed by this side".into());
    }

    /// Waits until the connection has ended (peer closed, error, or close()).
    pub async fn closed(&self) {
        let mut rx = self.link.done.subscribe();
        // An error means the sender is gone, which also means it ended.
        let _ = rx.wait_for(|done| *done).await;
    }

    pub fn is_closed(&self) -> bool {
        self.link.session().is_closed()
    }

    /// Why the connection ended, once it has.
    pub fn close_reason(&self) -> Option<String> {
        self.link.session().close_reason().map(str::to_owned)
    }

    pub fn config(&self) -> &Config {
        &self.link.config
    }

    /// Number of local objects the peer currently holds references to.
    pub fn exported_count(&self) -> usize {
        self.link.session().exported_count()
    }

    /// Requests from the peer served so far.
    pub fn served_count(&self) -> u64 {
        self.link.session().served_count()
    }

    fn closed_error(&self) -> Error {
        Error::Closed(self.close_reason().unwrap_or_else(|| "connection closed".into()))
    }

    // ---------------------------------------------------------------------
    // For the driver

    pub(crate) fn session(&self) -> MutexGuard<'_, Session<L, Waiter<L>>> {
        self.link.session()
    }

    /// Answers the peer's request `seq`.
    pub(crate) fn reply(&self, seq: i64, result: Result<Obj<L>, ExceptionPayload>) {
        self.link.session().reply(seq, result);
        self.link.writer.notify_one();
    }

    /// Answers several requests at once, so their replies leave in one write.
    pub(crate) fn reply_all(&self, replies: &mut Vec<Reply<L>>) {
        {
            let mut session = self.link.session();
            for (seq, result) in replies.drain(..) {
                session.reply(seq, result);
            }
        }
        self.link.writer.notify_one();
    }

    /// Ends the connection: fails waiting requests, frees both object
    /// tables, and wakes the driver's tasks to stop.
    pub(crate) fn end(&self, reason: String) {
        let events: Vec<_> = {
            let mut session = self.link.session();
            session.end(reason);
            std::iter::from_fn(|| session.poll_event()).collect()
        };
        // Requests were handed out with the bytes that carried them, so
        // none are left here; were one left, the session could not answer it.
        for event in events {
            let _ = self.deliver(event);
        }
    }

    /// Acts on an event that needs no service — wakes a waiting caller, or
    /// marks the end — and hands a request back for the service.
    pub(crate) fn deliver(&self, event: Event<L, Waiter<L>>) -> Option<(i64, Request<L>)> {
        match event {
            Event::Reply { waiter, result } => {
                // The caller may have given up; the result is dropped here,
                // outside the session, sending DEL for any reference in it.
                let _ = waiter.send(result);
                None
            }
            Event::Request { seq, request } => Some((seq, request)),
            Event::Closed { .. } => {
                self.link.done.send_replace(true);
                self.link.writer.notify_one();
                None
            }
        }
    }

    pub(crate) fn wake_writer(&self) {
        self.link.writer.notify_one();
    }

    /// Resolves once the writer has something to do.
    pub(crate) async fn writer_wakeup(&self) {
        self.link.writer.notified().await;
    }
}

impl<L> Link<L> {
    fn session(&self) -> MutexGuard<'_, Session<L, Waiter<L>>> {
        lock(&self.session)
    }
}

/// Stops waiting for a reply when the request is given up (timeout, or the
/// caller's future dropped).
struct Waiting<'a, L> {
    link: &'a Link<L>,
    seq: Option<i64>,
}

impl<L> Drop for Waiting<'_, L> {
    fn drop(&mut self) {
        if let Some(seq) = self.seq {
            // Dropped after the lock is released: its reply may hold proxies.
            let waiter = self.link.session().forget(seq);
            drop(waiter);
        }
    }
}
