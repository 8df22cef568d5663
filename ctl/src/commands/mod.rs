//! One module per subcommand; each is a thin wrapper over the libraries:
//! select hosts, build a job, run it on the fan-out, hand what comes back
//! to the printer.

mod bootstrap;
mod config;
mod eval;
mod exec;
mod facts;
mod inventory;
mod ping;
mod play;
mod repl;

use std::sync::Arc;
use std::time::Instant;

use anyhow::Result;

use crate::bootstrap::store::AgentStore;
use crate::cli::Command;
use crate::connect::ConnectOptions;
use crate::exit::Exit;
use crate::fanout::{self, Job, Limits, Running};
use crate::hosts;
use crate::outcome::Outcome;
use crate::printer::{self, Printer};
use crate::session::{HostTarget, Session};
use crate::settings::Settings;

pub async fn run(command: Command, settings: Settings) -> Result<Exit> {
    match command {
        Command::Inventory { list, graph, host } => inventory::run(&settings, list, graph, host.as_deref()),
        Command::Config => config::run(&settings),
        Command::Exec { pattern, target, args, .. } => exec::run(&settings, &pattern, &target, &args).await,
        Command::Eval { pattern, expression, .. } => eval::run(&settings, &pattern, &expression).await,
        Command::Repl { pattern } => repl::run(&settings, &pattern).await,
        Command::Ping { pattern, .. } => ping::run(&settings, &pattern).await,
        Command::Facts { pattern, .. } => facts::run(&settings, &pattern).await,
        Command::Play(args) => play::run(&settings, &args).await,
        Command::Bootstrap { pattern } => bootstrap::run(&settings, &pattern).await,
    }
}

/// Selects the hosts of `pattern`; `Err(exit)` when the command is done
/// already (`--list-hosts`, or nothing matched).
fn select(settings: &Settings, pattern: &str) -> Result<Result<Vec<HostTarget>, Exit>> {
    let inventory = hosts::load(settings)?;
    let targets = inventory.targets(pattern, settings.limit.as_deref())?;
    if settings.list_hosts {
        let mut text = format!("  hosts ({}):\n", targets.len());
        for t in &targets {
            text.push_str(&format!("    {}\n", t.name));
        }
        printer::write(&text);
        return Ok(Err(Exit::Ok));
    }
    if targets.is_empty() {
        eprintln!("rpyctl: no hosts matched '{pattern}'");
        return Ok(Err(if settings.allow_empty { Exit::Ok } else { Exit::Usage }));
    }
    Ok(Ok(targets))
}

/// How this run connects. `persist` keeps what the SSH bootstrap uploads.
pub fn connect_options(settings: &Settings, persist: bool) -> ConnectOptions {
    ConnectOptions {
        timeout: settings.connect_timeout.value,
        request_timeout: Some(settings.call_timeout.value),
        ssh: crate::bootstrap::Options {
            host_key_checking: settings.host_key_checking.value,
            store: AgentStore::locate(settings.agent_store.value.clone()),
            persist,
            place_timeout: settings.call_timeout.value,
        },
    }
}

/// A one-shot run's limits: forks, the call timeout, close when done.
fn limits(settings: &Settings) -> Limits {
    Limits { forks: settings.forks.value, call_timeout: Some(settings.call_timeout.value), close_after: true }
}

/// Runs `job` once on the selected hosts, printing outcomes as they come;
/// the exit status from the counts.
async fn fan_out(settings: &Settings, targets: Vec<HostTarget>, job: Arc<dyn Job>) -> Result<Exit> {
    let running = Arc::new(Running::default());
    let order: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let mut printer =
        Printer::new(settings.output.value, settings.verbose, settings.tree.clone(), order, running.clone());
    let sessions = Session::shared(targets);
    let options = Arc::new(connect_options(settings, settings.persist));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let limits = limits(settings);
    let work = fanout::run(&sessions, job, &limits, options, tx);
    tokio::pin!(work);
    let mut working = true;
    loop {
        tokio::select! {
            _ = &mut work, if working => working = false,
            event = rx.recv() => match event {
                Some(event) => printer.event(event),
                None => break,
            },
        }
    }
    let counts = printer.finish(started.elapsed());
    Ok(Exit::from_counts(counts.failed, counts.unreachable))
}

/// Runs `job` once on the selected hosts and collects the outcomes (in
/// inventory order), for commands that print a table.
async fn collect(settings: &Settings, targets: Vec<HostTarget>, job: Arc<dyn Job>, persist: bool) -> Vec<Outcome> {
    let options = Arc::new(connect_options(settings, persist));
    fanout::collect(&Session::shared(targets), job, &limits(settings), options).await
}
