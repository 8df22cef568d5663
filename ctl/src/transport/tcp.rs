//! TCP to an agent or a Python `rpyc_classic`.

use tokio::net::TcpStream;

use super::Stream;

/// A connected socket with TCP_NODELAY (small frames must not wait for
/// Nagle).
pub async fn open(address: &str, port: u16) -> Result<Stream, String> {
    let stream =
        TcpStream::connect((address, port)).await.map_err(|e| format!("cannot connect to {address}:{port}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    Ok(Box::new(stream))
}
