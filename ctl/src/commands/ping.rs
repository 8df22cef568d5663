//! `rpyctl ping PATTERN`: connect (handshake) and PING each host.

use std::sync::Arc;

use anyhow::Result;
use rpyc_protocol::Value;

use crate::exit::Exit;
use crate::fanout::{Job, JobFuture};
use crate::outcome::Status;
use crate::session::HostCx;
use crate::settings::Settings;

struct Ping;

impl Job for Ping {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let link = match cx.client().await {
                Ok(link) => link,
                Err(status) => return status,
            };
            match link.client.ping().await {
                Ok(()) => Status::Ok(Value::str("pong")),
                Err(e) => Status::from_error(e),
            }
        })
    }
}

pub async fn run(settings: &Settings, pattern: &str) -> Result<Exit> {
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(settings, targets, Arc::new(Ping)).await
}
