//! Running one job on many hosts at once: bounded concurrency, a connect
//! timeout and a per-call timeout, and every host's outcome as data. One slow
//! or dead host never delays the others' results beyond its own timeout.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rpyc_protocol::{Client, Config, Error, RemoteException, Value};
use tokio::sync::{mpsc, Semaphore};

use crate::bootstrap;
use crate::transport::{self, ConnectError, Endpoint};

/// One host to run on.
#[derive(Debug, Clone)]
pub struct HostTarget {
    pub name: String,
    pub endpoint: Endpoint,
}

/// How a host's run ended.
#[derive(Debug, Clone)]
pub enum Status {
    Ok(Value),
    /// The call raised (or timed out) on a reachable host.
    Failed(Failure),
    /// The host could not be reached, or the connection was lost.
    Unreachable(String),
}

#[derive(Debug, Clone)]
pub struct Failure {
    /// The remote exception's type (`FileNotFoundError`), or `Timeout`.
    pub kind: String,
    pub message: String,
    pub traceback: Option<String>,
    pub exception: Option<RemoteException>,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub host: String,
    pub status: Status,
    pub elapsed: Duration,
}

/// Settings of one fan-out.
#[derive(Debug, Clone)]
pub struct Limits {
    pub forks: usize,
    pub connect_timeout: Duration,
    pub call_timeout: Duration,
    /// SSH hosts: host key checking, the agent store, `--persist`.
    pub ssh: Arc<bootstrap::Options>,
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

    fn start(&self, host: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(host.to_owned(), Instant::now());
    }

    fn finish(&self, host: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(host);
    }
}

/// What a job may fail with.
pub fn failure_from(err: Error) -> Status {
    match err {
        Error::Remote(e) => Status::Failed(Failure {
            kind: e.qualified_name(),
            message: e.message(),
            traceback: (!e.traceback.is_empty()).then(|| e.traceback.clone()),
            exception: Some(*e),
        }),
        Error::StopIteration => Status::Failed(Failure {
            kind: "StopIteration".into(),
            message: String::new(),
            traceback: None,
            exception: None,
        }),
        Error::Timeout { handler, after } => Status::Failed(Failure {
            kind: "Timeout".into(),
            message: format!("no reply to {handler} within {:.1}s", after.as_secs_f64()),
            traceback: None,
            exception: None,
        }),
        Error::Closed(reason) => Status::Unreachable(format!("connection lost: {reason}")),
        Error::Io(e) => Status::Unreachable(e.to_string()),
        other => Status::Failed(Failure {
            kind: "Error".into(),
            message: other.to_string(),
            traceback: None,
            exception: None,
        }),
    }
}

/// Runs `job` on every host, sending each outcome to `results` as soon as
/// it is known. Returns when all hosts are done.
pub async fn run<F, Fut>(
    hosts: Vec<HostTarget>,
    limits: Limits,
    running: Arc<Running>,
    job: F,
    results: mpsc::UnboundedSender<Outcome>,
) where
    F: Fn(Arc<Client>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Value, Error>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(limits.forks.max(1)));
    let job = Arc::new(job);
    let mut tasks = tokio::task::JoinSet::new();
    for host in hosts {
        let (permits, job, results, running, limits) =
            (permits.clone(), job.clone(), results.clone(), running.clone(), limits.clone());
        tasks.spawn(async move {
            let Ok(_permit) = permits.acquire_owned().await else { return };
            running.start(&host.name);
            let started = Instant::now();
            let status = run_one(&host, &limits, job.as_ref()).await;
            running.finish(&host.name);
            let _ = results.send(Outcome { host: host.name, status, elapsed: started.elapsed() });
        });
    }
    while tasks.join_next().await.is_some() {}
}

async fn run_one<F, Fut>(host: &HostTarget, limits: &Limits, job: &F) -> Status
where
    F: Fn(Arc<Client>) -> Fut,
    Fut: Future<Output = Result<Value, Error>>,
{
    let config = Config { request_timeout: Some(limits.call_timeout), ..Config::default() };
    let client = match transport::connect(&host.endpoint, config, limits.connect_timeout, &limits.ssh).await {
        Ok(c) => Arc::new(c),
        Err(ConnectError::Unreachable(reason)) => return Status::Unreachable(reason),
        Err(ConnectError::Failed { kind, message }) => {
            return Status::Failed(Failure { kind, message, traceback: None, exception: None })
        }
    };
    let status = match tokio::time::timeout(limits.call_timeout, job(client.clone())).await {
        Ok(Ok(value)) => Status::Ok(value),
        Ok(Err(e)) => failure_from(e),
        Err(_) => Status::Failed(Failure {
            kind: "Timeout".into(),
            message: format!("no result within {:.1}s", limits.call_timeout.as_secs_f64()),
            traceback: None,
            exception: None,
        }),
    };
    if let Ok(client) = Arc::try_unwrap(client) {
        // Bounded: close waits at most a second for the peer to hang up.
        client.close().await;
    }
    status
}
