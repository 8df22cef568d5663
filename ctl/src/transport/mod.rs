//! How the controller reaches a host. Each transport yields a byte stream;
//! the protocol never learns which one it runs over.

pub mod local;
pub mod ssh;
pub mod tcp;

use std::path::PathBuf;
use std::time::Duration;

use rpyc_protocol::{Client, Config};

use crate::bootstrap;

/// Where and how to reach one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// An agent or a Python `rpyc_classic` listening on TCP.
    Tcp { address: String, port: u16 },
    /// `rpyc-agent --stdio` spawned as a child of the controller.
    Local { agent: PathBuf },
    /// The agent placed and started over SSH (`rpyc_transport: ssh`).
    Ssh {
        address: String,
        port: u16,
        user: Option<String>,
        key_file: Option<PathBuf>,
        /// `rpyc_ssh_known_hosts`: the known_hosts file to check (and, with
        /// `accept-new`, to extend) instead of `~/.ssh/known_hosts`.
        known_hosts: Option<PathBuf>,
        /// `rpyc_agent_dir`: where the agent lives on the host.
        agent_dir: Option<String>,
    },
}

impl Endpoint {
    /// The SSH settings of an `Ssh` endpoint.
    pub fn ssh_host(&self) -> Option<bootstrap::SshHost<'_>> {
        match self {
            Endpoint::Ssh { address, port, user, key_file, known_hosts, agent_dir } => Some(bootstrap::SshHost {
                target: ssh::Target {
                    address,
                    port: *port,
                    user: user.as_deref(),
                    key_file: key_file.as_deref(),
                    known_hosts: known_hosts.as_deref(),
                },
                agent_dir: agent_dir.as_deref(),
            }),
            _ => None,
        }
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Tcp { address, port } if address.contains(':') => write!(f, "tcp://[{address}]:{port}"),
            Endpoint::Tcp { address, port } => write!(f, "tcp://{address}:{port}"),
            Endpoint::Local { agent } => write!(f, "local:{}", agent.display()),
            Endpoint::Ssh { address, port, user, .. } => {
                write!(f, "ssh://{}{address}:{port}", user.as_deref().map(|u| format!("{u}@")).unwrap_or_default())
            }
        }
    }
}

/// Why a host could not be connected to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectError {
    /// Not reached: refused, timed out, host key, authentication.
    Unreachable(String),
    /// Reached, but setting it up failed (the SSH bootstrap: no agent for
    /// the architecture, upload, checksum, the agent not starting).
    Failed { kind: String, message: String },
}

impl ConnectError {
    pub fn bootstrap(message: String) -> ConnectError {
        ConnectError::Failed { kind: "Bootstrap".into(), message }
    }
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::Unreachable(reason) => f.write_str(reason),
            ConnectError::Failed { kind, message } => write!(f, "{kind}: {message}"),
        }
    }
}

/// Connects and performs the RPyC handshake (GETROOT). TCP and local
/// within `timeout`; SSH within `timeout` to connect and authenticate, plus
/// `ssh.place_timeout` to probe and upload, plus `timeout` for the agent's
/// handshake.
pub async fn connect(
    endpoint: &Endpoint,
    config: Config,
    timeout: Duration,
    ssh: &bootstrap::Options,
) -> Result<Client, ConnectError> {
    if let Some(host) = endpoint.ssh_host() {
        // The SSH steps have their own timeouts.
        return bootstrap::connect(&host, ssh, config, timeout).await;
    }
    let attempt = async {
        match endpoint {
            Endpoint::Tcp { address, port } => tcp::connect(address, *port, config).await,
            Endpoint::Local { agent } => local::connect(agent, config).await,
            Endpoint::Ssh { .. } => Err("not reached: ssh endpoints are bootstrapped above".to_owned()),
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(result) => result.map_err(ConnectError::Unreachable),
        Err(_) => Err(ConnectError::Unreachable(format!("no answer within {:.1}s", timeout.as_secs_f64()))),
    }
}
