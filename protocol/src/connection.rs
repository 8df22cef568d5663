//! The tokio driver: one connection over any async byte stream.
//!
//! The stream is owned by two tasks and nobody else: a reader that decodes
//! frames and routes them (replies to their waiting callers by seq, requests
//! to the [`Service`]), and a writer that drains a queue of encoded frames,
//! coalescing what is queued into one write. Callers encode (and compress)
//! their own frames, so any number of tasks issue requests concurrently and
//! their requests are pipelined over the one stream.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::{mpsc, oneshot, watch};

use crate::consts::{Handler, MsgType};
use crate::error::Error;
use crate::frame::{self, FrameConfig};
use crate::message::{self, Boxed};
use crate::netref::{ExportTable, IdPack};
use crate::obj::{Netref, NetrefInner, Obj, RefOwner};
use crate::service::{Request, Service};
use crate::value::Value;
use crate::vinegar::{ExceptionPayload, RemoteException};

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

/// What the writer task is asked to do.
enum Out {
    Frame(Vec<u8>),
    /// Flush, shut the write side down and stop.
    Shutdown,
}

type ReplySlot<L> = oneshot::Sender<Result<Obj<L>, Error>>;

pub(crate) struct Shared<S: Service> {
    pub(crate) service: S,
    config: Config,
    seq: AtomicI64,
    pending: Mutex<HashMap<i64, ReplySlot<S::Object>>>,
    exported: Mutex<ExportTable<S::Object>>,
    proxies: Mutex<HashMap<IdPack, Weak<NetrefInner>>>,
    out: mpsc::UnboundedSender<Out>,
    closed: AtomicBool,
    /// Why the connection ended; set once.
    reason: Mutex<Option<String>>,
    done: watch::Sender<bool>,
    /// Requests served, for logs and tests.
    served: AtomicU64,
}

/// A handle to a connection. Cheap to clone; every clone talks to the same
/// driver tasks.
pub struct Connection<S: Service> {
    pub(crate) shared: Arc<Shared<S>>,
}

impl<S: Service> Clone for Connection<S> {
    fn clone(&self) -> Self {
        Connection { shared: self.shared.clone() }
    }
}

/// Locks a mutex, recovering from poisoning: the tables stay consistent
/// because no code path panics while holding them.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<S: Service> Connection<S> {
    /// Starts serving `stream` with `service`; spawns the driver tasks on the
    /// current tokio runtime.
    pub fn new<T>(stream: T, service: S, config: Config) -> Connection<S>
    where
        T: AsyncRead + AsyncWrite + Send + 'static,
    {
        let (reader, writer) = tokio::io::split(stream);
        let (out, out_rx) = mpsc::unbounded_channel();
        let (done, _) = watch::channel(false);
        let shared = Arc::new(Shared {
            service,
            config,
            seq: AtomicI64::new(0),
            pending: Mutex::new(HashMap::new()),
            exported: Mutex::new(ExportTable::default()),
            proxies: Mutex::new(HashMap::new()),
            out,
            closed: AtomicBool::new(false),
            reason: Mutex::new(None),
            done,
            served: AtomicU64::new(0),
        });
        let conn = Connection { shared };
        tokio::spawn(write_loop(writer, out_rx));
        tokio::spawn(read_loop(conn.clone(), reader));
        conn
    }

    pub fn service(&self) -> &S {
        &self.shared.service
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    pub fn is_closed(&self) -> bool {
        self.shared.closed.load(Ordering::Acquire)
    }

    /// Why the connection ended, once it has.
    pub fn close_reason(&self) -> Option<String> {
        lock(&self.shared.reason).clone()
    }

    /// Number of local objects the peer currently holds references to.
    pub fn exported_count(&self) -> usize {
        lock(&self.shared.exported).len()
    }

    /// Requests from the peer served so far.
    pub fn served_count(&self) -> u64 {
        self.shared.served.load(Ordering::Relaxed)
    }

    /// Waits until the connection has ended (peer closed, error, or close()).
    pub async fn closed(&self) {
        let mut rx = self.shared.done.subscribe();
        // An error means the sender is gone, which also means it ended.
        let _ = rx.wait_for(|done| *done).await;
    }

    /// Sends a request and waits for its reply.
    pub async fn request(&self, handler: Handler, args: Vec<Obj<S::Object>>) -> Result<Obj<S::Object>, Error> {
        let (tx, rx) = oneshot::channel();
        let seq = self.shared.seq.fetch_add(1, Ordering::Relaxed);
        // Register before sending: the reply may arrive before send returns.
        lock(&self.shared.pending).insert(seq, tx);
        let guard = PendingGuard { shared: &self.shared, seq };
        self.send_request(seq, handler, args)?;
        let reply = match self.shared.config.request_timeout {
            Some(limit) => match tokio::time::timeout(limit, rx).await {
                Ok(reply) => reply,
                Err(_) => return Err(Error::Timeout { handler: handler.name(), after: limit }),
            },
            None => rx.await,
        };
        drop(guard);
        reply.unwrap_or_else(|_| Err(self.closed_error()))
    }

    /// Sends a request without waiting for (or reading) its reply, as rpyc
    /// does for DEL.
    pub fn request_async(&self, handler: Handler, args: Vec<Obj<S::Object>>) -> Result<(), Error> {
        let seq = self.shared.seq.fetch_add(1, Ordering::Relaxed);
        self.send_request(seq, handler, args)
    }

    fn send_request(&self, seq: i64, handler: Handler, args: Vec<Obj<S::Object>>) -> Result<(), Error> {
        let boxed = self.shared.box_obj(Obj::Tuple(args))?;
        let mut payload = Vec::with_capacity(64);
        message::encode_request(seq, handler as u8, &boxed, &mut payload)?;
        self.shared.send_payload(&payload)
    }

    /// Sends CLOSE, stops writing, and waits (up to a second) for the peer to
    /// close its side. Outstanding requests fail with `Error::Closed`.
    pub async fn close(&self) {
        if !self.is_closed() {
            let _ = self.request_async(Handler::Close, Vec::new());
            let _ = self.shared.out.send(Out::Shutdown);
            let _ = tokio::time::timeout(Duration::from_secs(1), self.closed()).await;
            self.shared.finish("closed by this side".into());
        }
    }

    fn closed_error(&self) -> Error {
        Error::Closed(self.close_reason().unwrap_or_else(|| "connection closed".into()))
    }

    /// Wraps an id pack the peer sent as a proxy, reusing a live one.
    fn proxy(&self, id: IdPack) -> Netref {
        let mut proxies = lock(&self.shared.proxies);
        if let Some(live) = proxies.get(&id).and_then(Weak::upgrade) {
            live.refcount.fetch_add(1, Ordering::AcqRel);
            return Netref(live);
        }
        let owner: Arc<dyn RefOwner> = self.shared.clone();
        let inner = Arc::new(NetrefInner { id: id.clone(), refcount: AtomicU64::new(1), owner });
        proxies.insert(id, Arc::downgrade(&inner));
        Netref(inner)
    }

    /// Resolves labels and id packs of a received boxed value.
    fn unbox(&self, boxed: Boxed) -> Result<Obj<S::Object>, ExceptionPayload> {
        Ok(match boxed {
            Boxed::Value(v) => Obj::Value(v),
            Boxed::Tuple(items) => Obj::Tuple(items.into_iter().map(|b| self.unbox(b)).collect::<Result<_, _>>()?),
            Boxed::RemoteRef(id) => Obj::Remote(self.proxy(id)),
            Boxed::LocalRef(id) => Obj::Local(self.local(&id)?),
        })
    }

    fn local(&self, id: &IdPack) -> Result<S::Object, ExceptionPayload> {
        lock(&self.shared.exported).get(id).cloned().ok_or_else(|| {
            ExceptionPayload::Exception(RemoteException::builtin(
                "KeyError",
                vec![Value::Str(format!("no local object with id_pack {id}"))],
            ))
        })
    }

    /// Handles one decoded payload from the peer. Errors end the connection.
    fn dispatch(&self, payload: &[u8]) -> Result<(), String> {
        let msg = message::decode(payload).map_err(|e| format!("malformed message: {e}"))?;
        match msg.kind {
            MsgType::Reply | MsgType::Exception => {
                let Some(slot) = lock(&self.shared.pending).remove(&msg.seq) else {
                    return Ok(()); // a reply nobody waits for (async request, timed out): ignored
                };
                let result = if msg.kind == MsgType::Reply {
                    let boxed = Boxed::from_wire(msg.body).map_err(|e| format!("malformed reply: {e}"))?;
                    self.unbox(boxed).map_err(Error::from)
                } else {
                    match RemoteException::decode(msg.body) {
                        Ok(payload) => Err(Error::from(payload)),
                        Err(e) => return Err(format!("malformed exception: {e}")),
                    }
                };
                // The caller may have given up; dropping the result then sends
                // DEL for any reference in it.
                let _ = slot.send(result);
            }
            MsgType::Request => {
                let (handler_id, args) =
                    message::split_request(msg.body).map_err(|e| format!("malformed request: {e}"))?;
                self.shared.served.fetch_add(1, Ordering::Relaxed);
                self.serve(msg.seq, handler_id, args);
            }
        }
        Ok(())
    }

    fn serve(&self, seq: i64, handler_id: i64, args: Boxed) {
        let Some(handler) = Handler::from_id(handler_id) else {
            let e = RemoteException::builtin("KeyError", vec![Value::Int(handler_id)])
                .with_traceback(format!("unknown handler id {handler_id}\n"));
            self.shared.reply(seq, Err(ExceptionPayload::Exception(e)));
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
                self.shared.reply_boxed(seq, &echoed);
            }
            Handler::Close => {
                self.shared.finish("closed by peer".into());
            }
            Handler::Del => {
                // Inline, so a DEL is applied in arrival order.
                let (id, count) = match args {
                    Boxed::Tuple(items) => match items.as_slice() {
                        [Boxed::LocalRef(id), Boxed::Value(Value::Int(n))] => (Some(id.clone()), *n),
                        _ => (None, 0),
                    },
                    _ => (None, 0),
                };
                if let Some(id) = id {
                    lock(&self.shared.exported).release(&id, count.max(0) as u64);
                }
                self.shared.reply(seq, Ok(Obj::none()));
            }
            _ => {
                let args = match self.unbox_request_args(handler, args) {
                    Ok(args) => args,
                    Err(e) => {
                        self.shared.reply(seq, Err(e));
                        return;
                    }
                };
                let request = match self.shared.service.handle_now(self, Request { handler, args }) {
                    Ok(result) => {
                        self.shared.reply(seq, result);
                        return;
                    }
                    Err(request) => request,
                };
                let conn = self.clone();
                tokio::spawn(async move {
                    let result = conn.shared.service.handle(&conn, request).await;
                    conn.shared.reply(seq, result);
                });
            }
        }
    }

    fn unbox_request_args(&self, handler: Handler, args: Boxed) -> Result<Vec<Obj<S::Object>>, ExceptionPayload> {
        let bad_args = || {
            ExceptionPayload::Exception(RemoteException::builtin(
                "TypeError",
                vec![Value::Str(format!("{} arguments must be a tuple", handler.name()))],
            ))
        };
        let items = match self.unbox(args)? {
            Obj::Tuple(items) => items,
            Obj::Value(Value::Tuple(values)) => values.into_iter().map(Obj::Value).collect(),
            _ => return Err(bad_args()),
        };
        if handler == Handler::Inspect {
            // INSPECT names the object by its id pack, by value.
            return match items.first().and_then(Obj::as_value).and_then(IdPack::from_value) {
                Some(id) => Ok(vec![Obj::Local(self.local(&id)?)]),
                None => Err(bad_args()),
            };
        }
        Ok(items)
    }
}

struct PendingGuard<'a, S: Service> {
    shared: &'a Shared<S>,
    seq: i64,
}

impl<S: Service> Drop for PendingGuard<'_, S> {
    fn drop(&mut self) {
        lock(&self.shared.pending).remove(&self.seq);
    }
}

impl<S: Service> Shared<S> {
    fn send_payload(&self, payload: &[u8]) -> Result<(), Error> {
        if self.closed.load(Ordering::Acquire) {
            return Err(Error::Closed(lock(&self.reason).clone().unwrap_or_else(|| "connection closed".into())));
        }
        let mut framed = Vec::with_capacity(payload.len() + frame::HEADER_LEN + 1);
        frame::encode(payload, &self.config.frame, &mut framed)?;
        self.out.send(Out::Frame(framed)).map_err(|_| Error::Closed("connection closed".into()))
    }

    /// Boxes a value for sending, exporting local objects.
    fn box_obj(&self, obj: Obj<S::Object>) -> Result<Boxed, Error> {
        Ok(match obj {
            Obj::Value(v) if v.is_dumpable() => Boxed::Value(v),
            Obj::Value(v) => {
                let type_name = v.type_name();
                match self.service.export_value(v) {
                    Some(local) => self.export(&local),
                    None => return Err(Error::NotDumpable(type_name)),
                }
            }
            Obj::Tuple(items) => {
                if items.iter().all(|o| matches!(o, Obj::Value(v) if v.is_dumpable())) {
                    Boxed::Value(Value::Tuple(items.into_iter().filter_map(Obj::into_value).collect()))
                } else {
                    Boxed::Tuple(items.into_iter().map(|o| self.box_obj(o)).collect::<Result<_, _>>()?)
                }
            }
            Obj::Local(local) => self.export(&local),
            Obj::Remote(netref) => Boxed::LocalRef(netref.0.id.clone()),
        })
    }

    fn export(&self, local: &S::Object) -> Boxed {
        let id = self.service.id_pack(local);
        lock(&self.exported).export(&id, local);
        Boxed::RemoteRef(id)
    }

    fn reply(&self, seq: i64, result: Result<Obj<S::Object>, ExceptionPayload>) {
        match result.map(|obj| self.box_obj(obj)) {
            Ok(Ok(boxed)) => self.reply_boxed(seq, &boxed),
            Ok(Err(e)) => self.reply_exception(
                seq,
                &ExceptionPayload::Exception(RemoteException::builtin("TypeError", vec![Value::Str(e.to_string())])),
            ),
            Err(exc) => self.reply_exception(seq, &exc),
        }
    }

    fn reply_boxed(&self, seq: i64, boxed: &Boxed) {
        let mut payload = Vec::with_capacity(32);
        if message::encode_reply(seq, boxed, &mut payload).is_ok() {
            let _ = self.send_payload(&payload);
        }
    }

    fn reply_exception(&self, seq: i64, exc: &ExceptionPayload) {
        let mut payload = Vec::with_capacity(128);
        if message::encode(MsgType::Exception, seq, &exc.encode(), &mut payload).is_ok() {
            let _ = self.send_payload(&payload);
        }
    }

    /// Ends the connection once: fails waiting callers, frees both tables,
    /// stops the writer.
    fn finish(&self, reason: String) {
        if self.closed.swap(true, Ordering::AcqRel) {
            return;
        }
        *lock(&self.reason) = Some(reason.clone());
        let pending: Vec<_> = lock(&self.pending).drain().collect();
        for (_, slot) in pending {
            let _ = slot.send(Err(Error::Closed(reason.clone())));
        }
        // Take the objects out before dropping them: an object's drop may
        // release netrefs, which lock the proxy table.
        let exported = std::mem::take(&mut *lock(&self.exported));
        drop(exported);
        lock(&self.proxies).clear();
        let _ = self.out.send(Out::Shutdown);
        self.service.on_disconnect();
        self.done.send_replace(true);
    }
}

impl<S: Service> RefOwner for Shared<S> {
    fn release(&self, id: &IdPack, count: u64) {
        {
            let mut proxies = lock(&self.proxies);
            // Only forget the entry if it is still the dead proxy, not a new
            // one made for the same id pack meanwhile.
            if proxies.get(id).is_some_and(|w| w.strong_count() == 0) {
                proxies.remove(id);
            }
        }
        if self.closed.load(Ordering::Acquire) || count == 0 {
            return;
        }
        let seq = self.seq.fetch_add(1, Ordering::Relaxed);
        let args = Boxed::Tuple(vec![Boxed::LocalRef(id.clone()), Boxed::Value(Value::Int(count as i64))]);
        let mut payload = Vec::with_capacity(64);
        if message::encode_request(seq, Handler::Del as u8, &args, &mut payload).is_ok() {
            let _ = self.send_payload(&payload);
        }
    }
}

/// The least a read asks for.
const READ_CHUNK: usize = 8 << 10;

/// Largest write the writer coalesces queued frames into.
const COALESCE_LIMIT: usize = 256 << 10;

async fn write_loop<W: AsyncWrite>(writer: W, mut rx: mpsc::UnboundedReceiver<Out>) {
    tokio::pin!(writer);
    // Grows to the largest batch seen; small for a controller's many idle hosts.
    let mut batch: Vec<u8> = Vec::new();
    'outer: while let Some(first) = rx.recv().await {
        let Out::Frame(first) = first else { break };
        if first.len() >= COALESCE_LIMIT {
            if writer.write_all(&first).await.is_err() {
                break;
            }
            continue;
        }
        batch.clear();
        batch.extend_from_slice(&first);
        let mut shutdown = false;
        while batch.len() < COALESCE_LIMIT {
            match rx.try_recv() {
                Ok(Out::Frame(f)) => batch.extend_from_slice(&f),
                Ok(Out::Shutdown) => {
                    shutdown = true;
                    break;
                }
                Err(_) => break,
            }
        }
        if writer.write_all(&batch).await.is_err() {
            break 'outer;
        }
        if shutdown {
            break;
        }
    }
    let _ = writer.flush().await;
    let _ = writer.shutdown().await;
}

async fn read_loop<S: Service, R: AsyncRead>(conn: Connection<S>, reader: R) {
    tokio::pin!(reader);
    let frame_config = conn.shared.config.frame;
    // Small to start (a fleet controller holds one per host); grows to fit
    // large frames.
    let mut buf: Vec<u8> = Vec::with_capacity(READ_CHUNK);
    let reason = loop {
        // Take every whole frame in the buffer.
        let mut start = 0;
        let mut failure = None;
        loop {
            match frame::decode(&buf[start..], &frame_config) {
                Ok(Some(decoded)) => {
                    start += decoded.consumed;
                    if let Err(e) = conn.dispatch(&decoded.payload) {
                        failure = Some(e);
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    failure = Some(format!("bad frame: {e}"));
                    break;
                }
            }
        }
        if let Some(reason) = failure {
            break reason;
        }
        if conn.is_closed() {
            break "closed".into();
        }
        buf.drain(..start);
        // Make room for the rest of a large frame in one go.
        let want = frame::needed(&buf).unwrap_or(0).max(buf.len() + READ_CHUNK);
        buf.reserve(want - buf.len());
        match reader.read_buf(&mut buf).await {
            Ok(0) => {
                break if buf.is_empty() {
                    "peer closed the connection".into()
                } else {
                    format!("peer closed the connection in the middle of a frame ({} bytes buffered)", buf.len())
                }
            }
            Ok(_) => {}
            Err(e) => break format!("read error: {e}"),
        }
    };
    conn.shared.finish(reason);
}
