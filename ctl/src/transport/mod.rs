//! How the controller reaches a host, as a byte stream: TCP ([`tcp`]), a
//! local child `rpyc-agent --stdio` ([`local`]), a command's stdio over SSH
//! ([`ssh`]). Transports know nothing of RPyC: the protocol never learns
//! which one it runs over, and the handshake happens in one place
//! (`crate::connect`).

pub mod local;
pub mod ssh;
pub mod tcp;

use tokio::io::{AsyncRead, AsyncWrite};

/// A bidirectional byte stream to a peer.
pub trait ByteStream: AsyncRead + AsyncWrite + Send + Unpin + 'static {}

impl<T: AsyncRead + AsyncWrite + Send + Unpin + 'static> ByteStream for T {}

/// What every transport yields.
pub type Stream = Box<dyn ByteStream>;

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
