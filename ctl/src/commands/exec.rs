//! `rpyctl exec PATTERN module.func [ARG...] [key=value...]`

use std::sync::Arc;

use anyhow::{Context, Result};

use crate::call_args::CallArgs;
use crate::cli::Global;
use crate::exit::Exit;
use crate::remote;

pub async fn run(global: &Global, pattern: &str, target: &str, words: &[String]) -> Result<Exit> {
    remote::split_target(target).map_err(anyhow::Error::msg)?;
    let args = Arc::new(CallArgs::parse(words).map_err(anyhow::Error::msg).context("bad arguments")?);
    let targets = match super::select(global, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    let target = Arc::new(target.to_owned());
    super::fan_out(global, targets, move |client| {
        let (target, args) = (target.clone(), args.clone());
        async move { remote::exec(&client, &target, &args).await }
    })
    .await
}
