//! The one way to reach a host: an [`Endpoint`] becomes a ready
//! [`Client`] — the transport's byte stream (TCP, local child, or the agent
//! started over SSH by the bootstrap), then the RPyC handshake, all under
//! the run's timeouts. Every command connects through [`connect`].

use std::path::PathBuf;
use std::time::Duration;

use rpyc_protocol::{Client, Config};

use crate::bootstrap::{self, Placed};
use crate::transport::{local, ssh, tcp, ConnectError};

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

/// How to connect: resolved once per run from the settings.
#[derive(Debug)]
pub struct ConnectOptions {
    /// TCP connect + handshake; for SSH, connect + authenticate, and the
    /// agent's handshake (probe and upload have `ssh.place_timeout`).
    pub timeout: Duration,
    /// Each request's reply timeout on the connection; `None` when the
    /// caller bounds its calls itself (the REPL, whose `:timeout` changes).
    pub request_timeout: Option<Duration>,
    pub ssh: bootstrap::Options,
}

/// A ready connection, and what the SSH bootstrap placed, if it ran.
pub struct Connected {
    pub client: Client,
    pub placed: Option<Placed>,
}

/// Connects to `endpoint` and performs the RPyC handshake (GETROOT).
pub async fn connect(endpoint: &Endpoint, options: &ConnectOptions) -> Result<Connected, ConnectError> {
    let config = Config { request_timeout: options.request_timeout, ..Config::default() };
    let limit = options.timeout;
    let in_time = || ConnectError::Unreachable(format!("no answer within {:.1}s", limit.as_secs_f64()));
    if let Some(host) = endpoint.ssh_host() {
        // The SSH steps have their own timeouts; the handshake gets `limit`.
        let started = bootstrap::start_agent(&host, &options.ssh, limit).await?;
        let (path, mut end) = (started.placed.path.clone(), started.end);
        return match tokio::time::timeout(limit, Client::over(started.stream, config)).await {
            Ok(Ok(client)) => Ok(Connected { client, placed: Some(started.placed) }),
            Ok(Err(e)) => {
                let how = end.describe(Duration::from_secs(1)).await;
                Err(ConnectError::bootstrap(format!("the agent {path} did not start ({e}): {how}")))
            }
            Err(_) => Err(ConnectError::bootstrap(format!(
                "the agent {path} did not answer within {:.1}s",
                limit.as_secs_f64()
            ))),
        };
    }
    let attempt = async {
        let (stream, what) = match endpoint {
            Endpoint::Tcp { address, port } => (tcp::open(address, *port).await?, format!("{address}:{port}")),
            Endpoint::Local { agent } => (local::spawn(agent)?, format!("local agent {}", agent.display())),
            Endpoint::Ssh { .. } => return Err("not reached: ssh endpoints are bootstrapped above".to_owned()),
        };
        Client::over(stream, config).await.map_err(|e| format!("{what} does not speak RPyC: {e}"))
    };
    match tokio::time::timeout(limit, attempt).await {
        Ok(Ok(client)) => Ok(Connected { client, placed: None }),
        Ok(Err(reason)) => Err(ConnectError::Unreachable(reason)),
        Err(_) => Err(in_time()),
    }
}
