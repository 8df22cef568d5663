//! `rpyctl exec PATTERN module.func [ARG...] [key=value...]`

use std::sync::Arc;

use anyhow::{Context, Result};

use crate::call_args::CallArgs;
use crate::exit::Exit;
use crate::fanout::{Job, JobFuture};
use crate::outcome::Status;
use crate::remote;
use crate::session::HostCx;
use crate::settings::Settings;

/// `module.attr(*args, **kwargs)` on a host, the result by value.
struct Exec {
    target: String,
    args: CallArgs,
}

impl Job for Exec {
    fn run<'a>(&'a self, cx: &'a mut HostCx<'_>) -> JobFuture<'a> {
        Box::pin(async move {
            let link = match cx.client().await {
                Ok(link) => link,
                Err(status) => return status,
            };
            match remote::exec(&link.client, &self.target, &self.args).await {
                Ok(value) => Status::Ok(value),
                Err(e) => Status::from_error(e),
            }
        })
    }
}

pub async fn run(settings: &Settings, pattern: &str, target: &str, words: &[String]) -> Result<Exit> {
    remote::split_target(target).map_err(anyhow::Error::msg)?;
    let args = CallArgs::parse(words).map_err(anyhow::Error::msg).context("bad arguments")?;
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(settings, targets, Arc::new(Exec { target: target.to_owned(), args })).await
}
