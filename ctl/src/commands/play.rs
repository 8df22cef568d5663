//! `rpyctl play PLAYBOOK.yml...`: every playbook read and checked whole (keywords, modules,
//! arguments, templates, and the options rpyctl honours) before any host is touched; then
//! the listings, or the run through the engine on the sessions.

use std::sync::Arc;

use anyhow::{anyhow, Result};
use rpyctl_playbooks::plan::{list_hosts_text, list_tasks_text, listing, syntax_ok_text};
use rpyctl_playbooks::{load_playbook, LoadOptions, Playbook, RunOptions, TagFilter};
use serde_json::Map;

use crate::cli::PlayArgs;
use crate::exit::Exit;
use crate::fanout::Running;
use crate::hosts;
use crate::outcome::Event;
use crate::play::callback::PlayReporter;
use crate::play::executor::PlayExecutor;
use crate::play::modules::support;
use crate::printer;
use crate::settings::{Settings, Source};

/// Reads every playbook by its absolute path, as ansible-playbook does (errors, template
/// sources and `--diff` headers name absolute paths), checking each whole.
fn load(settings: &Settings, args: &PlayArgs) -> Result<Vec<Playbook>> {
    let opts = LoadOptions { roles_path: settings.roles_path.value.clone() };
    let mut books = Vec::new();
    for path in &args.playbooks {
        let path = std::path::absolute(path).map_err(|e| anyhow!("{}: {e}", path.display()))?;
        let pb = load_playbook(&path, &opts).map_err(|e| anyhow!("{e}"))?;
        support::check(&pb).map_err(|e| anyhow!("{e}"))?;
        books.push(pb);
    }
    Ok(books)
}

fn tags(args: &PlayArgs) -> TagFilter {
    TagFilter {
        only: if args.tags.is_empty() { vec!["all".into()] } else { args.tags.clone() },
        skip: args.skip_tags.clone(),
    }
}

pub async fn run(settings: &Settings, args: &PlayArgs) -> Result<Exit> {
    let hosts = Arc::new(hosts::load(settings)?);
    let books = load(settings, args)?;
    let tags = tags(args);
    let extra_vars: Map<String, serde_json::Value> = hosts::extra_vars(&settings.extra_vars)?.into_iter().collect();
    // Listings name each playbook as it was given.
    let given: Vec<String> = args.playbooks.iter().map(|p| p.display().to_string()).collect();
    if args.syntax_check {
        for path in &given {
            printer::write(&syntax_ok_text(path));
        }
        return Ok(Exit::Ok);
    }
    if settings.list_hosts || args.list_tasks {
        let inventory = hosts.inventory();
        for (pb, path) in books.iter().zip(&given) {
            let plays =
                listing(pb, &inventory, &extra_vars, settings.limit.as_deref(), &tags).map_err(|e| anyhow!("{e}"))?;
            if settings.list_hosts {
                printer::write(&list_hosts_text(path, &plays));
            }
            if args.list_tasks {
                printer::write(&list_tasks_text(path, &plays));
            }
        }
        return Ok(Exit::Ok);
    }
    let options = RunOptions {
        check: args.check,
        diff: args.diff,
        forks: settings.forks.value,
        verbosity: settings.verbose,
        tags,
        limit: settings.limit.clone(),
        start_at_task: args.start_at_task.clone(),
        extra_vars,
    };
    // A task runs as long as it needs (a package install, wait_for): calls are bounded only
    // when --call-timeout (or its environment variable or config key) says so, or by the
    // task's own `timeout`.
    let mut connect = super::connect_options(settings, settings.persist);
    if settings.call_timeout.source == Source::Default {
        connect.request_timeout = None;
    }
    let running = Arc::new(Running::default());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let log_connections = tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            if let Event::Connected { host, again } = event {
                crate::log::debug(&format!("{host}: connected{}", if again { " again" } else { "" }));
            }
        }
    });
    let exec = PlayExecutor::new(hosts.clone(), Arc::new(connect), tx, running.clone());
    let reporter = PlayReporter::new(settings.output.value, settings.verbose, running);
    let stats = rpyctl_playbooks::run(&books, hosts.inventory(), &options, &exec, &reporter).await;
    exec.close().await;
    drop(exec);
    let _ = log_connections.await;
    reporter.finish();
    Ok(Exit::from_counts(stats.failed_hosts.len(), stats.unreachable_hosts.len()))
}
