//! One module per subcommand; each is a thin wrapper over the libraries.

mod bootstrap;
mod exec;
mod facts;
mod inventory;
mod ping;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use rpyc_protocol::{Client, Error, Value};

use crate::cli::{Cli, Command, Format, Global};
use crate::exit::Exit;
use crate::fanout::{self, HostTarget, Limits, Running};
use crate::hosts;
use crate::printer::Printer;

pub async fn run(cli: Cli) -> Result<Exit> {
    let global = cli.global;
    match cli.command {
        Command::Inventory { list, graph, host } => inventory::run(&global, list, graph, host.as_deref()),
        Command::Exec { pattern, target, args } => exec::run(&global, &pattern, &target, &args).await,
        Command::Ping { pattern } => ping::run(&global, &pattern).await,
        Command::Facts { pattern } => facts::run(&global, &pattern).await,
        Command::Bootstrap { pattern } => bootstrap::run(&global, &pattern).await,
    }
}

/// Selects the hosts of `pattern`; `Ok(None)` when the command is done
/// already (`--list-hosts`, or nothing matched).
fn select(global: &Global, pattern: &str) -> Result<Result<Vec<HostTarget>, Exit>> {
    let inventory = hosts::load(global)?;
    let targets = inventory.targets(pattern, global.limit.as_deref())?;
    if global.list_hosts {
        println!("  hosts ({}):", targets.len());
        for t in &targets {
            println!("    {}", t.name);
        }
        return Ok(Err(Exit::Ok));
    }
    if targets.is_empty() {
        eprintln!("rpyctl: no hosts matched '{pattern}'");
        return Ok(Err(if global.allow_empty { Exit::Ok } else { Exit::Usage }));
    }
    Ok(Ok(targets))
}

fn limits(global: &Global) -> Result<Limits> {
    let secs = |name: &str, s: f64| {
        if s.is_finite() && s > 0.0 {
            Ok(Duration::from_secs_f64(s))
        } else {
            Err(anyhow::anyhow!("{name} must be a positive number of seconds"))
        }
    };
    Ok(Limits {
        forks: global.forks.max(1),
        connect_timeout: secs("--timeout", global.timeout)?,
        call_timeout: secs("--call-timeout", global.call_timeout)?,
        ssh: Arc::new(crate::bootstrap::Options {
            host_key_checking: global.host_key_checking,
            store: crate::bootstrap::store::AgentStore::locate(global.agent_store.clone()),
            persist: global.persist,
            place_timeout: secs("--call-timeout", global.call_timeout)?,
        }),
    })
}

/// Runs `job` on the selected hosts and prints outcomes as they come.
async fn fan_out<F, Fut>(global: &Global, targets: Vec<HostTarget>, job: F) -> Result<Exit>
where
    F: Fn(Arc<Client>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Value, Error>> + Send + 'static,
{
    let limits = limits(global)?;
    let format = if global.one_line { Format::Oneline } else { global.output };
    let running = Arc::new(Running::default());
    let order: Vec<String> = targets.iter().map(|t| t.name.clone()).collect();
    let mut printer = Printer::new(format, global.verbose, global.tree.clone(), order, running.clone());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let work = tokio::spawn(fanout::run(targets, limits, running, job, tx));
    while let Some(outcome) = rx.recv().await {
        printer.host(outcome);
    }
    work.await?;
    let counts = printer.finish(started.elapsed());
    Ok(Exit::from_counts(counts.failed, counts.unreachable))
}
