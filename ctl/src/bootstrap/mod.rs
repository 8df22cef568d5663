//! Bootstrap of SSH hosts, in one exec on one SSH channel: a script
//! ([`script`]) probes what the host is ([`probe`]); the controller picks
//! the agent built for it from the local store ([`store`]), uploads it on
//! the same channel unless the same one is there already, then has the
//! script turn into the agent, whose stdio on that channel is the byte
//! stream `crate::connect` speaks RPyC over ([`channel`], [`start_agent`]).
//!
//! On the host the agent lives at `<dir>/rpyc-agent-<triple>`, where `dir`
//! is the host variable `rpyc_agent_dir` if set (`~/x` is relative to the
//! remote home), else `$HOME/.cache/rpyctl`, else (no home)
//! `/tmp/rpyctl-<uid>`. A run that uploaded an agent removes it when the
//! agent exits, unless `--persist`; an agent that was already there stays.
//! `rpyctl bootstrap` always leaves what it placed.

pub mod channel;
pub mod probe;
pub mod script;
pub mod store;

use std::fmt;
use std::time::{Duration, Instant};

use self::channel::HostChannel;
use self::probe::Probe;
use self::store::AgentStore;
use crate::transport::ssh::{self, sh_command, HostKeyChecking, Session};
use crate::transport::{ConnectError, Stream};

/// The run-wide SSH settings.
#[derive(Debug)]
pub struct Options {
    pub host_key_checking: HostKeyChecking,
    pub store: AgentStore,
    /// Keep agents this run uploads.
    pub persist: bool,
    /// The budget of probe + upload on one host (the call timeout).
    pub place_timeout: Duration,
}

/// What placing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// There was no agent for this triple: uploaded.
    Uploaded,
    /// There was one with another checksum: replaced.
    Replaced,
    /// The same agent was there.
    AlreadyPresent,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Uploaded => "uploaded",
            Action::Replaced => "replaced",
            Action::AlreadyPresent => "already present",
        })
    }
}

/// An agent in place on a host.
#[derive(Debug, Clone)]
pub struct Placed {
    pub probe: Probe,
    pub triple: &'static str,
    /// Absolute path on the host.
    pub path: String,
    pub sha256: String,
    pub action: Action,
}

/// The host-side settings of an SSH endpoint.
#[derive(Debug, Clone, Copy)]
pub struct SshHost<'a> {
    pub target: ssh::Target<'a>,
    /// `rpyc_agent_dir`.
    pub agent_dir: Option<&'a str>,
}

/// Reads the probe from the bootstrap script and makes sure the agent for
/// the host is in place (uploading it on the same channel if needed).
pub async fn place(chan: &mut HostChannel, label: &str, store: &AgentStore) -> Result<Placed, String> {
    let begun = Instant::now();
    let probe = probe::parse(&chan.probe_output().await?)?;
    crate::log::debug(&format!("{label}: probe in {} ms", begun.elapsed().as_millis()));
    if probe.os != "Linux" {
        return Err(format!("{} hosts are not supported (agents are built for Linux)", probe.os));
    }
    let triple = probe::triple(&probe.machine, probe.order)?;
    let agent = store.agent(triple).await.map_err(|e| format!("{e} (uname -m: {})", probe.machine))?;
    let name = format!("rpyc-agent-{triple}");
    let path = format!("{}/{name}", probe.dir);
    let present = probe.agents.iter().find(|(_, file)| *file == name).map(|(sha, _)| sha.as_str());
    let action = match present {
        Some(sha) if sha == agent.sha256 => Action::AlreadyPresent,
        _ if !probe.has_sha256 => {
            return Err("the host has neither sha256sum nor shasum: cannot verify an upload".into());
        }
        Some(_) => Action::Replaced,
        None => Action::Uploaded,
    };
    if action != Action::AlreadyPresent {
        let begun = Instant::now();
        let command = format!("upload {triple} {} {}", agent.bytes.len(), agent.sha256);
        chan.send_data_then_expect(&command, &agent.bytes, "placed")
            .await
            .map_err(|e| format!("upload to {} failed: {e}", probe.dir))?;
        crate::log::debug(&format!(
            "{label}: uploaded {} bytes in {} ms",
            agent.bytes.len(),
            begun.elapsed().as_millis()
        ));
    }
    Ok(Placed { probe, triple, path, sha256: agent.sha256.clone(), action })
}

/// Connects, authenticates and starts the bootstrap script: the place
/// where every SSH bootstrap begins.
/// Returns the channel and the connection's `user@host` label.
async fn open(
    host: &SshHost<'_>,
    options: &Options,
    connect_timeout: Duration,
) -> Result<(HostChannel, String), ConnectError> {
    let session = within(connect_timeout, "to connect", Session::connect(&host.target, options.host_key_checking))
        .await
        .map_err(ConnectError::Unreachable)?;
    let label = session.label.clone();
    let started = session
        .start(&sh_command(&script::script(host.agent_dir)), format!("{label}: host"))
        .await
        .map_err(ConnectError::bootstrap)?;
    Ok((HostChannel::new(started), label))
}

/// An agent started on an SSH host: its stdio as a stream, what placing it
/// did, and a watch on the channel's end (to say why a handshake failed).
pub struct StartedAgent {
    pub stream: Stream,
    pub placed: Placed,
    pub end: ssh::EndWatch,
}

/// Connects to an SSH host, bootstraps it and starts the agent with
/// `--stdio` on the bootstrap's channel. SSH failures (connection, host
/// key, authentication) make the host unreachable; bootstrap failures (no
/// agent for the architecture, upload, checksum) fail it.
pub async fn start_agent(
    host: &SshHost<'_>,
    options: &Options,
    connect_timeout: Duration,
) -> Result<StartedAgent, ConnectError> {
    let started = Instant::now();
    let (mut chan, label) = open(host, options, connect_timeout).await?;
    let placed = within(options.place_timeout, "to place the agent", place(&mut chan, &label, &options.store))
        .await
        .map_err(ConnectError::bootstrap)?;
    crate::log::debug(&format!(
        "{label}: {} agent {} ({}, {}) in {:.0} ms",
        placed.action,
        placed.path,
        placed.triple,
        &placed.sha256[..12.min(placed.sha256.len())],
        started.elapsed().as_secs_f64() * 1000.0
    ));
    let remove = placed.action == Action::Uploaded && !options.persist;
    chan.send(&format!("run {} {}", placed.triple, if remove { "remove" } else { "keep" }))
        .await
        .map_err(ConnectError::bootstrap)?;
    let (stream, end) = chan.into_stream();
    Ok(StartedAgent { stream: Box::new(stream), placed, end })
}

async fn within<T>(
    limit: Duration,
    what: &str,
    work: impl std::future::Future<Output = Result<T, String>>,
) -> Result<T, String> {
    match tokio::time::timeout(limit, work).await {
        Ok(r) => r,
        Err(_) => Err(format!("no answer within {:.1}s {what}", limit.as_secs_f64())),
    }
}

/// `rpyctl bootstrap` on one host: connect, place, check that the agent
/// runs there (`--version`). Leaves the agent in place.
pub async fn place_and_check(
    host: &SshHost<'_>,
    options: &Options,
    connect_timeout: Duration,
) -> Result<(Placed, String), ConnectError> {
    let (mut chan, label) = open(host, options, connect_timeout).await?;
    within(options.place_timeout, "to place the agent", async {
        let placed = place(&mut chan, &label, &options.store).await?;
        chan.send(&format!("check {}", placed.triple)).await?;
        let output = chan.lines_until("checked").await?;
        // The script ends at the next line; so does the connection.
        let _ = chan.send("quit").await;
        let version = output.iter().map(|l| l.trim()).find(|l| !l.is_empty()).unwrap_or_default().to_owned();
        if !version.starts_with("rpyc-agent") {
            return Err(format!("the agent {} does not run on this host: {}", placed.path, output.join(" / ")));
        }
        Ok((placed, version))
    })
    .await
    .map_err(ConnectError::bootstrap)
}
