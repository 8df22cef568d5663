//! A logging relay: a loopback TCP proxy between an RPyC client and a
//! server that decodes the frames going both ways and records each
//! message, so a test can count what a command really sends — requests,
//! and round trips (the times the client had to wait for a reply before
//! it could go on).

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use rpyc_protocol::consts::MsgType;
use rpyc_protocol::frame::{self, FrameConfig};
use rpyc_protocol::{message, Handler, Value};

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    ToServer,
    ToClient,
}

/// One message seen on the relay.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Which connection through the relay (0, 1, ...).
    pub connection: usize,
    pub direction: Direction,
    pub kind: MsgType,
    /// The handler's upstream name for requests (`HANDLE_CALLATTR`).
    pub handler: Option<&'static str>,
}

impl Seen {
    /// A request whose sender waits for the reply (not DEL, not CLOSE).
    pub fn is_sync_request(&self) -> bool {
        self.kind == MsgType::Request && !matches!(self.handler, Some("HANDLE_DEL" | "HANDLE_CLOSE"))
    }
}

/// A relay listening on 127.0.0.1; every connection it accepts is
/// forwarded to `target`.
pub struct Relay {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Relay {
    pub fn start(target: SocketAddr) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the relay");
        let addr = listener.local_addr().expect("relay address");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for (connection, client) in listener.incoming().enumerate() {
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(target) else { continue };
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                for (from, to, direction) in [
                    (client.try_clone(), server.try_clone(), Direction::ToServer),
                    (server.try_clone(), client.try_clone(), Direction::ToClient),
                ] {
                    let (Ok(from), Ok(to), log) = (from, to, log.clone()) else { continue };
                    std::thread::spawn(move || pump(from, to, direction, connection, &log));
                }
            }
        });
        Relay { addr, seen }
    }

    /// Everything seen so far, in the order the relay saw it.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Round trips on one connection: each run of requests the client sent
    /// before it had a reply counts once (pipelined requests share their
    /// round trip); requests nobody waits for (DEL, CLOSE) count none.
    pub fn round_trips(&self, connection: usize) -> Vec<Vec<&'static str>> {
        let mut trips: Vec<Vec<&'static str>> = Vec::new();
        let mut replied_since = true;
        for s in self.seen().into_iter().filter(|s| s.connection == connection) {
            match s.direction {
                Direction::ToServer if s.is_sync_request() => {
                    if replied_since {
                        trips.push(Vec::new());
                        replied_since = false;
                    }
                    if let Some(trip) = trips.last_mut() {
                        trip.push(s.handler.unwrap_or("?"));
                    }
                }
                Direction::ToClient if s.kind != MsgType::Request => replied_since = true,
                _ => {}
            }
        }
        trips
    }
}

/// Copies bytes one way, decoding whole frames as they pass.
fn pump(mut from: TcpStream, mut to: TcpStream, direction: Direction, connection: usize, log: &Mutex<Vec<Seen>>) {
    let config = FrameConfig::default();
    let mut pending: Vec<u8> = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        pending.extend_from_slice(&buf[..n]);
        // Record before forwarding: the reply cannot be seen before its request.
        while let Ok(Some(decoded)) = frame::decode(&pending, &config) {
            if let Ok(m) = message::decode(&decoded.payload) {
                let handler = match (&m.kind, &m.body) {
                    (MsgType::Request, Value::Tuple(items)) => match items.first() {
                        Some(Value::Int(h)) => Handler::from_id(*h).map(Handler::name),
                        _ => None,
                    },
                    _ => None,
                };
                log.lock().unwrap_or_else(|e| e.into_inner()).push(Seen {
                    connection,
                    direction,
                    kind: m.kind,
                    handler,
                });
            }
            pending.drain(..decoded.consumed);
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}
