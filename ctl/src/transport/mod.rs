//! How the controller reaches a host. Each transport yields a byte stream;
//! the protocol never learns which one it runs over.

pub mod local;
pub mod tcp;

use std::path::PathBuf;
use std::time::Duration;

use rpyc_protocol::{Client, Config};

/// Where and how to reach one host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// An agent or a Python `rpyc_classic` listening on TCP.
    Tcp { address: String, port: u16 },
    /// `rpyc-agent --stdio` spawned as a child of the controller.
    Local { agent: PathBuf },
    /// The agent started over SSH (`rpyc_transport: ssh`).
    Ssh { address: String, port: u16, user: Option<String>, key_file: Option<PathBuf> },
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

/// Connects and performs the RPyC handshake (GETROOT), within `timeout`.
pub async fn connect(endpoint: &Endpoint, config: Config, timeout: Duration) -> Result<Client, String> {
    let attempt = async {
        match endpoint {
            Endpoint::Tcp { address, port } => tcp::connect(address, *port, config).await,
            Endpoint::Local { agent } => local::connect(agent, config).await,
            Endpoint::Ssh { .. } => Err("the ssh transport is not available in this build of rpyctl".to_owned()),
        }
    };
    match tokio::time::timeout(timeout, attempt).await {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {:.1}s", timeout.as_secs_f64())),
    }
}
