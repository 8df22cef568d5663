//! TCP to an agent or a Python `rpyc_classic`.

use rpyc_protocol::{Client, Config};
use tokio::net::TcpStream;

pub async fn connect(address: &str, port: u16, config: Config) -> Result<Client, String> {
    let stream =
        TcpStream::connect((address, port)).await.map_err(|e| format!("cannot connect to {address}:{port}: {e}"))?;
    stream.set_nodelay(true).map_err(|e| e.to_string())?;
    Client::over(stream, config).await.map_err(|e| format!("{address}:{port} does not speak RPyC: {e}"))
}
