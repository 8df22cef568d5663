//! Running a job on many hosts at once: one task per host session,
//! bounded concurrency (`--forks`), a call timeout per host, and every
//! host's progress as [`Event`]s the moment it happens. One slow or dead
//! host never delays the others' reports beyond its own timeout. Dropping
//! the future of [`run`] abandons the jobs still running (their late
//! replies are discarded) and leaves the sessions usable.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rpyc_protocol::{Client, Error, Value};
use tokio::sync::{mpsc, Semaphore};

use crate::connect::ConnectOptions;
use crate::outcome::{Event, Outcome, Status};
use crate::session::{HostCx, Shared};

/// The future a job returns.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = Status> + Send + 'a>>;

/// Work for one host: any number of calls on its session, steps reported
/// through [`HostCx::step`], one final status.
pub trait Job: Send + Sync + 'static {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a>;

    /// Whether the fan-out connects before running the job (under the
    /// connect timeout, apart from the call timeout). A job that decides
    /// for itself (bootstrap skips non-SSH hosts) says no.
    fn connects(&self) -> bool {
        true
    }
}

/// The future a [`Call`] returns.
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<Value, Error>> + Send + 'a>>;

/// The simplest job: one remote operation on the host's client, whose
/// value (or error) is the host's status. Run it as [`CallJob`].
pub trait Call: Send + Sync + 'static {
    fn call<'a>(&'a self, client: &'a Client) -> CallFuture<'a>;
}

/// A [`Call`] as a job.
pub struct CallJob<C>(pub C);

impl<C: Call> Job for CallJob<C> {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let link = match cx.client().await {
                Ok(link) => link,
                Err(status) => return status,
            };
            match self.0.call(&link.client).await {
                Ok(value) => Status::Ok(value),
                Err(e) => Status::from_error(e),
            }
        })
    }
}

/// How one run goes.
#[derive(Debug, Clone)]
pub struct Limits {
    pub forks: usize,
    /// Bound on each host's job, connecting aside.
    pub call_timeout: Option<Duration>,
    /// Close each host's connection as soon as its job is done (one-shot
    /// commands); keep it for the next job otherwise (the REPL).
    pub close_after: bool,
}

/// Hosts still running, with their start times, for the progress line.
#[derive(Default)]
pub struct Running(Mutex<HashMap<String, Instant>>);

impl Running {
    /// The `n` hosts that have been running longest, with their durations.
    pub fn slowest(&self, n: usize) -> Vec<(String, Duration)> {
        let now = Instant::now();
        let mut all: Vec<(String, Duration)> =
            self.0.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(h, t)| (h.clone(), now - *t)).collect();
        all.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        all.truncate(n);
        all
    }

    /// Follows a run's events.
    pub fn track(&self, event: &Event) {
        match event {
            Event::Started { host } => self.start(host),
            Event::Finished(o) => self.stop(&o.host),
            _ => {}
        }
    }

    /// `host` started working (now).
    pub fn start(&self, host: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(host.to_owned(), Instant::now());
    }

    /// `host` is done.
    pub fn stop(&self, host: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(host);
    }

    /// How many hosts are running.
    pub fn count(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Runs `job` on every session, streaming events to `events`. Returns
/// when every host is done.
pub async fn run(
    sessions: &[Shared],
    job: Arc<dyn Job>,
    limits: &Limits,
    options: Arc<ConnectOptions>,
    events: mpsc::UnboundedSender<Event>,
) {
    let permits = Arc::new(Semaphore::new(limits.forks.max(1)));
    // Dropped with this future: aborts the tasks still running.
    let mut tasks = tokio::task::JoinSet::new();
    for session in sessions {
        let (session, permits, job, options, events, limits) =
            (session.clone(), permits.clone(), job.clone(), options.clone(), events.clone(), limits.clone());
        tasks.spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else { return };
            let mut session = session.lock().await;
            let host = session.name().to_owned();
            let _ = events.send(Event::Started { host: host.clone() });
            let started = Instant::now();
            let mut cx = HostCx::new(&mut session, &options, &events);
            let status = run_one(&mut cx, job.as_ref(), &limits).await;
            cx.settle(&status);
            if limits.close_after {
                session.close().await;
            }
            let _ = events.send(Event::Finished(Outcome { host, status, elapsed: started.elapsed() }));
        });
    }
    while tasks.join_next().await.is_some() {}
}

/// Runs `job` on every session and gathers the outcomes (in the order of
/// `sessions`), for callers that show them all at the end.
pub async fn collect(
    sessions: &[Shared],
    job: Arc<dyn Job>,
    limits: &Limits,
    options: Arc<ConnectOptions>,
) -> Vec<Outcome> {
    let mut order = Vec::with_capacity(sessions.len());
    for s in sessions {
        order.push(s.lock().await.name().to_owned());
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let gather = async {
        let mut outcomes = Vec::new();
        while let Some(event) = rx.recv().await {
            if let Event::Finished(o) = event {
                outcomes.push(o);
            }
        }
        outcomes
    };
    let ((), mut outcomes) = tokio::join!(run(sessions, job, limits, options, tx), gather);
    outcomes.sort_by_key(|o| order.iter().position(|h| *h == o.host));
    outcomes
}

async fn run_one(cx: &mut HostCx<'_>, job: &dyn Job, limits: &Limits) -> Status {
    if job.connects() {
        if let Err(status) = cx.client().await {
            return status;
        }
    }
    match limits.call_timeout {
        Some(limit) => match tokio::time::timeout(limit, job.run(cx)).await {
            Ok(status) => status,
            Err(_) => Status::timed_out(limit),
        },
        None => job.run(cx).await,
    }
}
