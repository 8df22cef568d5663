//! A session with one host: its name, its endpoint and its connection,
//! which outlives jobs (the REPL keeps one per host for its whole life),
//! is made on first need, and is made again after it was lost. Jobs see a
//! session through [`HostCx`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use rpyc_protocol::Client;
use tokio::sync::mpsc;

use crate::bootstrap::Placed;
use crate::connect::{self, ConnectOptions, Endpoint};
use crate::outcome::{Event, Failure, Status};
use crate::transport::ConnectError;

/// One host to work on.
#[derive(Debug, Clone)]
pub struct HostTarget {
    pub name: String,
    pub endpoint: Endpoint,
}

enum Conn {
    /// Never connected.
    None,
    Live {
        client: Arc<Client>,
        placed: Option<Placed>,
    },
    /// Was connected; lost for this reason.
    Lost(String),
}

/// One host's session.
pub struct Session {
    pub target: HostTarget,
    conn: Conn,
    /// Set while the server may still be running a job this side
    /// abandoned (Ctrl-C); cleared when it answers again.
    busy: Option<Arc<AtomicBool>>,
}

/// A session as the fan-out shares it between runs: a job locks it for as
/// long as it runs on the host.
pub type Shared = Arc<tokio::sync::Mutex<Session>>;

/// Where a session's connection stands, for `:hosts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Liveness {
    NotConnected,
    Live,
    Lost(String),
}

impl Session {
    pub fn new(target: HostTarget) -> Session {
        Session { target, conn: Conn::None, busy: None }
    }

    pub fn shared(targets: Vec<HostTarget>) -> Vec<Shared> {
        targets.into_iter().map(|t| Arc::new(tokio::sync::Mutex::new(Session::new(t)))).collect()
    }

    pub fn name(&self) -> &str {
        &self.target.name
    }

    pub fn liveness(&self) -> Liveness {
        match &self.conn {
            Conn::Live { client, .. } if client.connection().is_closed() => {
                Liveness::Lost(client.connection().close_reason().unwrap_or_else(|| "connection closed".into()))
            }
            Conn::Live { .. } => Liveness::Live,
            Conn::None => Liveness::NotConnected,
            Conn::Lost(reason) => Liveness::Lost(reason.clone()),
        }
    }

    /// The live client, if the session has one now.
    pub fn live_client(&self) -> Option<Arc<Client>> {
        match &self.conn {
            Conn::Live { client, .. } if !client.connection().is_closed() => Some(client.clone()),
            _ => None,
        }
    }

    /// A job on this host was abandoned: its request may still be running
    /// there. A server that serves one request at a time per connection
    /// (Python's `rpyc_classic`) answers the next only after it; a PING,
    /// queued behind, tells when that is.
    pub fn abandoned(&mut self) {
        let Some(client) = self.live_client() else { return };
        let busy = Arc::new(AtomicBool::new(true));
        self.busy = Some(busy.clone());
        tokio::spawn(async move {
            let _ = client.ping().await;
            busy.store(false, Ordering::Relaxed);
        });
    }

    /// Whether an abandoned job may still hold the server up.
    pub fn is_busy(&self) -> bool {
        self.busy.as_ref().is_some_and(|b| b.load(Ordering::Relaxed))
    }

    /// Marks the connection lost (a job saw it end).
    pub fn lose(&mut self, reason: String) {
        if matches!(self.conn, Conn::Live { .. }) {
            self.conn = Conn::Lost(reason);
        }
    }

    /// Sends CLOSE and forgets the connection (bounded: a second at most).
    pub async fn close(&mut self) {
        if let Conn::Live { client, .. } = std::mem::replace(&mut self.conn, Conn::None) {
            client.connection().close().await;
        }
    }
}

/// A connection as a job gets it.
pub struct Link {
    pub client: Arc<Client>,
    /// Made for this job: nothing the host held for the session is there.
    pub fresh: bool,
}

/// What a job sees of its host: the session, the way to connect, and
/// where to report steps.
pub struct HostCx<'a> {
    session: &'a mut Session,
    options: &'a ConnectOptions,
    events: &'a mpsc::UnboundedSender<Event>,
    /// The connection was made for this job.
    fresh: bool,
}

impl<'a> HostCx<'a> {
    pub fn new(
        session: &'a mut Session,
        options: &'a ConnectOptions,
        events: &'a mpsc::UnboundedSender<Event>,
    ) -> HostCx<'a> {
        HostCx { session, options, events, fresh: false }
    }

    pub fn host(&self) -> &str {
        self.session.name()
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.session.target.endpoint
    }

    pub fn options(&self) -> &ConnectOptions {
        self.options
    }

    /// What the SSH bootstrap placed when this session connected.
    pub fn placed(&self) -> Option<&Placed> {
        match &self.session.conn {
            Conn::Live { placed, .. } => placed.as_ref(),
            _ => None,
        }
    }

    /// The session's live client, connecting first when there is none (or
    /// it was lost). A failure to connect is the host's status.
    pub async fn client(&mut self) -> Result<Link, Status> {
        if let Conn::Live { client, .. } = &self.session.conn {
            if !client.connection().is_closed() {
                return Ok(Link { client: client.clone(), fresh: self.fresh });
            }
        }
        let again = !matches!(self.session.conn, Conn::None);
        match connect::connect(&self.session.target.endpoint, self.options).await {
            Ok(connected) => {
                let client = Arc::new(connected.client);
                self.session.conn = Conn::Live { client: client.clone(), placed: connected.placed };
                let _ = self.events.send(Event::Connected { host: self.host().to_owned(), again });
                self.fresh = true;
                Ok(Link { client, fresh: true })
            }
            Err(e) => {
                if again {
                    self.session.conn = Conn::Lost(e.to_string());
                }
                Err(match e {
                    ConnectError::Unreachable(reason) => Status::Unreachable(reason),
                    ConnectError::Failed { kind, message } => Status::Failed(Failure::new(kind, message)),
                })
            }
        }
    }

    /// Reports one step of the job.
    pub fn step(&self, step: &str, status: Status, elapsed: std::time::Duration) {
        let _ = self.events.send(Event::Step { host: self.host().to_owned(), step: step.to_owned(), status, elapsed });
    }

    /// After the job: a connection that ended while it ran is lost.
    pub(crate) fn settle(&mut self, status: &Status) {
        if let Conn::Live { client, .. } = &self.session.conn {
            if client.connection().is_closed() || matches!(status, Status::Unreachable(_)) {
                let reason = match status {
                    Status::Unreachable(r) => r.clone(),
                    _ => client.connection().close_reason().unwrap_or_else(|| "connection closed".into()),
                };
                self.session.lose(reason);
            }
        }
    }
}
