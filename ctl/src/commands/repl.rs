//! `rpyctl repl PATTERN`: the interactive prompt on a terminal, the script
//! runner on a pipe.

use std::io::IsTerminal;

use anyhow::Result;

use crate::exit::Exit;
use crate::hosts;
use crate::repl::{script, terminal, Repl};
use crate::settings::Settings;

pub async fn run(settings: &Settings, pattern: &str) -> Result<Exit> {
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    let repl = Repl::new(
        hosts::load(settings)?,
        pattern,
        targets,
        super::connect_options(settings, settings.persist),
        settings,
    );
    if std::io::stdin().is_terminal() {
        terminal::run(repl).await
    } else {
        script::run(repl).await
    }
}
