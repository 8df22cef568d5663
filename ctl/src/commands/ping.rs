//! `rpyctl ping PATTERN`: connect (handshake) and PING each host.

use anyhow::Result;
use rpyc_protocol::Value;

use crate::cli::Global;
use crate::exit::Exit;

pub async fn run(global: &Global, pattern: &str) -> Result<Exit> {
    let targets = match super::select(global, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(global, targets, |client| async move {
        client.ping().await?;
        Ok(Value::str("pong"))
    })
    .await
}
