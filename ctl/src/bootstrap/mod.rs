//! Bootstrap of SSH hosts: probe what the host is ([`probe`]), pick the
//! agent built for it from the local store ([`store`]), place it unless the
//! same one is there already ([`upload`]), then start it on the same SSH
//! connection and speak RPyC over that channel ([`connect`]).
//!
//! On the host the agent lives at `<dir>/rpyc-agent-<triple>`, where `dir`
//! is the host variable `rpyc_agent_dir` if set (`~/x` is relative to the
//! remote home), else `$HOME/.cache/rpyctl`, else (no home)
//! `/tmp/rpyctl-<uid>`. A run that uploaded an agent removes it when the
//! agent exits, unless `--persist`; an agent that was already there stays.
//! `rpyctl bootstrap` always leaves what it placed.

pub mod probe;
pub mod store;
pub mod upload;

use std::fmt;
use std::time::{Duration, Instant};

use rpyc_protocol::{Client, Config};

use self::probe::Probe;
use self::store::AgentStore;
use crate::transport::ssh::{self, sh_command, sh_quote, HostKeyChecking, Session};
use crate::transport::ConnectError;

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

/// Probes the host and makes sure the agent for it is in place.
pub async fn place(session: &Session, store: &AgentStore, agent_dir: Option<&str>) -> Result<Placed, String> {
    let begun = Instant::now();
    let out = session.run(&sh_command(&probe::script(agent_dir)), None).await.map_err(|e| format!("probe: {e}"))?;
    crate::log::debug(&format!("{}: probe in {} ms", session.label, begun.elapsed().as_millis()));
    if !out.success() {
        return Err(format!("the probe failed: {}", out.failure()));
    }
    let probe = probe::parse(&String::from_utf8_lossy(&out.stdout))?;
    if probe.os != "Linux" {
        return Err(format!("{} hosts are not supported (agents are built for Linux)", probe.os));
    }
    let triple = probe::triple(&probe.machine, probe.order)?;
    let agent = store.agent(triple).await.map_err(|e| format!("{e} (uname -m: {})", probe.machine))?;
    let name = format!("rpyc-agent-{triple}");
    let path = format!("{}/{name}", probe.dir);
    let mut present: Option<String> = None;
    for (sha, file) in &probe.agents {
        if *file == name {
            present = Some(sha.clone());
        }
    }
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
        upload::upload(session, &probe.dir, &agent).await?;
        crate::log::debug(&format!(
            "{}: uploaded {} bytes in {} ms",
            session.label,
            agent.bytes.len(),
            begun.elapsed().as_millis()
        ));
    }
    Ok(Placed { probe, triple, path, sha256: agent.sha256.clone(), action })
}

/// The command that starts the placed agent on the SSH channel: with
/// `remove`, the shell deletes it once the agent exits (end of the run, or
/// the connection dropped).
pub fn start_command(path: &str, remove: bool) -> String {
    let p = sh_quote(path);
    if remove {
        sh_command(&format!("P={p}; \"$P\" --stdio -q; r=$?; rm -f \"$P\"; exit $r"))
    } else {
        sh_command(&format!("exec {p} --stdio -q"))
    }
}

/// Connects to an SSH host, bootstraps it and returns an RPyC client over
/// the agent's stdio. SSH failures (connection, host key, authentication)
/// make the host unreachable; bootstrap failures (no agent for the
/// architecture, upload, checksum, the agent not starting) fail it.
pub async fn connect(
    host: &SshHost<'_>,
    options: &Options,
    config: Config,
    connect_timeout: Duration,
) -> Result<Client, ConnectError> {
    let started = Instant::now();
    let session = within(connect_timeout, "to connect", Session::connect(&host.target, options.host_key_checking))
        .await
        .map_err(ConnectError::Unreachable)?;
    let label = session.label.clone();
    let placed = within(options.place_timeout, "to place the agent", place(&session, &options.store, host.agent_dir))
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
    let started = session
        .start(&start_command(&placed.path, remove), format!("{label}: agent"))
        .await
        .map_err(ConnectError::bootstrap)?;
    let (stream, end) = started.split();
    match tokio::time::timeout(connect_timeout, Client::over(stream, config)).await {
        Ok(Ok(client)) => Ok(client),
        Ok(Err(e)) => {
            let how = end.describe(Duration::from_secs(1)).await;
            Err(ConnectError::bootstrap(format!("the agent {} did not start ({e}): {how}", placed.path)))
        }
        Err(_) => Err(ConnectError::bootstrap(format!(
            "the agent {} did not answer within {:.1}s",
            placed.path,
            connect_timeout.as_secs_f64()
        ))),
    }
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
    let session = within(connect_timeout, "to connect", Session::connect(&host.target, options.host_key_checking))
        .await
        .map_err(ConnectError::Unreachable)?;
    let checked = within(options.place_timeout, "to place the agent", async {
        let placed = place(&session, &options.store, host.agent_dir).await?;
        let out = session.run(&sh_command(&format!("{} --version", sh_quote(&placed.path))), None).await?;
        let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if !out.success() || !version.starts_with("rpyc-agent") {
            return Err(format!("the agent {} does not run on this host: {}", placed.path, out.failure()));
        }
        Ok((placed, version))
    })
    .await;
    session.close().await;
    checked.map_err(ConnectError::bootstrap)
}
