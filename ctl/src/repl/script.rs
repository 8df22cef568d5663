//! The REPL without a terminal: `rpyctl repl PATTERN < script.py` runs the
//! script's entries (lines and blocks, split as [`pysource::entries`]
//! does) and `:commands` in order, shows each entry's results grouped once
//! all its hosts have answered (so the output does not depend on timing;
//! the call timeout bounds the wait), and exits as `exec` does: 2 if any entry failed on any host, 4 if a host was
//! unreachable, 6 both. Ctrl-C stops it (99).

use std::sync::Arc;

use anyhow::{Context, Result};
use tokio::io::AsyncReadExt;

use super::line::Line;
use super::{Ran, Repl};
use crate::exit::Exit;
use crate::pysource;

pub async fn run(mut repl: Repl) -> Result<Exit> {
    let mut text = String::new();
    tokio::io::stdin().read_to_string(&mut text).await.context("reading the script from stdin")?;
    let interrupted = || async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Ran::Interrupted = repl.connect_all(interrupted()).await {
        return Ok(Exit::Interrupted);
    }
    for (_, entry) in pysource::entries(&text) {
        if entry.trim_start().starts_with(':') {
            if !repl.meta(entry.trim(), interrupted()).await {
                break;
            }
            continue;
        }
        if let Ran::Interrupted = repl.run_job(Arc::new(Line::new(&entry)), interrupted()).await {
            repl.close().await;
            return Ok(Exit::Interrupted);
        }
    }
    repl.close().await;
    Ok(repl.exit())
}
