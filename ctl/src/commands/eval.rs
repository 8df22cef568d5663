//! `rpyctl eval PATTERN 'EXPR'`: one expression on every host, the
//! one-shot form of a REPL line, with exec's outputs and exit statuses.

use std::sync::Arc;

use anyhow::{bail, Result};

use crate::exit::Exit;
use crate::pysource::{self, Entry, Kind};
use crate::repl::line::Line;
use crate::settings::Settings;

pub async fn run(settings: &Settings, pattern: &str, expression: &str) -> Result<Exit> {
    if pysource::entry(expression) != Entry::Complete || pysource::kind(expression) != Kind::Expression {
        bail!("eval takes one complete Python expression (statements: rpyctl repl PATTERN < script.py)");
    }
    let targets = match super::select(settings, pattern)? {
        Ok(t) => t,
        Err(exit) => return Ok(exit),
    };
    super::fan_out(settings, targets, Arc::new(Line::one_shot(expression))).await
}
