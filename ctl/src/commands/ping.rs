//! `rpyctl ping PATTERN`: connect (handshake) and PING each host.

use std::sync::Arc;

use anyhow::Result;
use rpyc_protocol::{Client, Value};

use crate::exit::Exit;
use crate::fanout::{Call, CallFuture, CallJob};
use crate::settings::Settings;

struct Ping;

impl Call for Ping {
    fn call<'a>(&'a self, client: &'a Client) -> CallFuture<'a> {
        Box::pin(async move { client.ping().await.map(|()| Value::str("pong")) })
    }
}

pub async fn run(settings: &Settings, pattern: &str) -> Result<Exit> {
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(settings, targets, Arc::new(CallJob(Ping))).await
}
