//! `rpyctl exec PATTERN module.func [ARG...] [key=value...]`

use std::sync::Arc;

use anyhow::{Context, Result};

use rpyc_protocol::Client;

use crate::call_args::CallArgs;
use crate::exit::Exit;
use crate::fanout::{Call, CallFuture, CallJob};
use crate::remote;
use crate::settings::Settings;

/// `module.attr(*args, **kwargs)` on a host, the result by value.
struct Exec {
    target: String,
    args: CallArgs,
}

impl Call for Exec {
    fn call<'a>(&'a self, client: &'a Client) -> CallFuture<'a> {
        Box::pin(remote::exec(client, &self.target, &self.args))
    }
}

pub async fn run(settings: &Settings, pattern: &str, target: &str, words: &[String]) -> Result<Exit> {
    remote::split_target(target).map_err(anyhow::Error::msg)?;
    let args = CallArgs::parse(words).map_err(anyhow::Error::msg).context("bad arguments")?;
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(settings, targets, Arc::new(CallJob(Exec { target: target.to_owned(), args }))).await
}
