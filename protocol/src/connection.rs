//! The tokio driver: one connection over any async byte stream, a thin
//! adapter over the sans-IO [`Session`](crate::session::Session).
//!
//! The stream is owned by two tasks and nobody else. The reader feeds what
//! it reads into the session and acts on the events that come out: it wakes
//! the caller a reply is for, and hands requests to the [`Service`] (inline
//! through `handle_now`, whose replies to one batch of pipelined requests
//! are queued together, or in a task of its own through `handle`). The
//! writer takes the bytes the session has queued, everything queued while
//! it was busy in one write. Callers queue their requests through the
//! [`Peer`] from any task, so requests are pipelined over the one stream.

use std::ops::Deref;
use std::sync::Arc;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::frame;
pub use crate::peer::Config;
use crate::peer::{Peer, Reply, Waiter};
use crate::service::{ObjectModel, Service};
use crate::session::{Event, Transmit};

/// One connection: the [`Peer`] handle and the service that serves the
/// peer's requests. Cheap to clone; derefs to its [`Peer`], which is all a
/// caller needs (requests, the rpyc operations, `close`, `closed`).
pub struct Connection<S: Service> {
    peer: Peer<S::Object>,
    service: Arc<S>,
}

impl<S: Service> Clone for Connection<S> {
    fn clone(&self) -> Self {
        Connection { peer: self.peer.clone(), service: self.service.clone() }
    }
}

impl<S: Service> Deref for Connection<S> {
    type Target = Peer<S::Object>;

    fn deref(&self) -> &Peer<S::Object> {
        &self.peer
    }
}

impl<S: Service> Connection<S> {
    /// Starts serving `stream` with `service`; spawns the driver tasks on the
    /// current tokio runtime.
    pub fn new<T>(stream: T, service: S, config: Config) -> Connection<S>
    where
        T: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (reader, writer) = tokio::io::split(stream);
        let service = Arc::new(service);
        let model: Arc<dyn ObjectModel<Object = S::Object>> = service.clone();
        let conn = Connection { peer: Peer::new(model, config), service };
        tokio::spawn(write_loop(conn.peer.clone(), writer));
        tokio::spawn(read_loop(conn.clone(), reader));
        conn
    }

    pub fn service(&self) -> &S {
        &self.service
    }

    /// The handle to the peer, as the service's handlers receive it.
    pub fn peer(&self) -> &Peer<S::Object> {
        &self.peer
    }

    /// Acts on the events of one read; returns whether the session ended.
    fn serve(
        &self,
        events: &mut Vec<Event<S::Object, Waiter<S::Object>>>,
        replies: &mut Vec<Reply<S::Object>>,
    ) -> bool {
        let mut ended = false;
        for event in events.drain(..) {
            ended |= matches!(event, Event::Closed { .. });
            let Some((seq, request)) = self.peer.deliver(event) else { continue };
            match self.service.handle_now(&self.peer, request) {
                Ok(result) => replies.push((seq, result)),
                Err(request) => {
                    let conn = self.clone();
                    tokio::spawn(async move {
                        let result = conn.service.handle(&conn.peer, request).await;
                        conn.peer.reply(seq, result);
                    });
                }
            }
        }
        if !replies.is_empty() {
            self.peer.reply_all(replies);
        }
        ended
    }
}

/// The least a read asks for.
const READ_CHUNK: usize = 8 << 10;

async fn write_loop<L, W>(peer: Peer<L>, writer: W)
where
    L: Clone + Send + Sync + 'static,
    W: AsyncWrite,
{
    tokio::pin!(writer);
    let frame_config = peer.config().frame;
    // Swapped with the session's queue: grows to the largest batch seen,
    // small for a controller's many idle hosts.
    let mut batch: Vec<u8> = Vec::new();
    loop {
        let next = {
            let mut session = peer.session();
            match session.poll_transmit(&mut batch) {
                None if session.is_drained() => break,
                next => next,
            }
        };
        let written = match next {
            Some(Transmit::Frames) => writer.write_all(&batch).await,
            Some(Transmit::Large(payload)) => {
                let mut framed = Vec::new();
                match frame::encode(&payload, &frame_config, &mut framed) {
                    Ok(()) => writer.write_all(&framed).await,
                    Err(e) => Err(std::io::Error::other(e)),
                }
            }
            None => {
                peer.writer_wakeup().await;
                continue;
            }
        };
        if let Err(e) = written {
            peer.end(format!("write error: {e}"));
            return;
        }
    }
    let _ = writer.flush().await;
    let _ = writer.shutdown().await;
}

async fn read_loop<S: Service, R: AsyncRead>(conn: Connection<S>, reader: R) {
    tokio::pin!(reader);
    // Ends the task when the session ends from this side (close, a write
    // error) while the peer stays silent. Made once: it stays registered.
    let ended = conn.peer.closed();
    tokio::pin!(ended);
    // Small to start (a fleet controller holds one per host); grows to fit
    // large frames.
    let mut buf: Vec<u8> = Vec::with_capacity(READ_CHUNK);
    let mut events = Vec::new();
    let mut replies = Vec::new();
    loop {
        if !buf.is_empty() {
            let (used, answered) = {
                let mut session = conn.peer.session();
                let used = session.receive(&buf);
                events.extend(std::iter::from_fn(|| session.poll_event()));
                // PING, DEL and bad requests are answered by the session.
                (used, session.has_transmit())
            };
            buf.drain(..used);
            if answered {
                conn.peer.wake_writer();
            }
            if conn.serve(&mut events, &mut replies) {
                break;
            }
        }
        // Make room for the rest of a large frame in one go (the session has
        // refused a header over the limit by now).
        let want = frame::needed(&buf).unwrap_or(0).max(buf.len() + READ_CHUNK);
        buf.reserve(want - buf.len());
        let read = tokio::select! {
            biased;
            read = reader.read_buf(&mut buf) => read,
            () = &mut ended => break,
        };
        match read {
            Ok(0) => {
                conn.peer.end(if buf.is_empty() {
                    "peer closed the connection".into()
                } else {
                    format!("peer closed the connection in the middle of a frame ({} bytes buffered)", buf.len())
                });
                break;
            }
            Ok(_) => {}
            Err(e) => {
                conn.peer.end(format!("read error: {e}"));
                break;
            }
        }
    }
    conn.service.on_disconnect();
}
