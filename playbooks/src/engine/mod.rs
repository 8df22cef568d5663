//! The engine: runs playbooks over an inventory's hosts through the controller's
//! [`Executor`], reporting [`Event`]s to a [`Reporter`], and returns the [`Stats`] (and so
//! the exit status). Async, runtime-agnostic: it only awaits the executor's futures, so its
//! tests drive it with `futures::executor::block_on` and an in-memory executor.

mod actions;
mod context;
mod cursor;
mod executor;
mod handlers;
mod include;
mod loops;
mod play;
mod reporter;
mod stats;
mod strategy;
mod task;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

use rpyctl_inventory::Inventory;
use serde_json::{Map, Value as Json};

pub use executor::{Become, Executor, FactsOutcome, LocalSource, ModuleCall, ModuleOutcome, ModuleResult};
pub use reporter::{Event, Outcome, Reporter, Status, TaskInfo};
pub use stats::{ExitStatus, HostStats, Stats};
pub use task::NO_LOG_MESSAGE;

use crate::model::Playbook;
use crate::plan::TagFilter;
use crate::vars::HostFacts;

/// `ansible-playbook`'s run options that concern the engine.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// `-C`: modules report what they would change.
    pub check: bool,
    /// `-D`: modules return diffs.
    pub diff: bool,
    /// `-f`: hosts running a task at once.
    pub forks: usize,
    /// `-v` count (for `debug: verbosity`).
    pub verbosity: u8,
    /// `-t`/`--skip-tags`.
    pub tags: TagFilter,
    /// `-l`.
    pub limit: Option<String>,
    /// `--start-at-task`.
    pub start_at_task: Option<String>,
    /// `-e` (highest precedence).
    pub extra_vars: Map<String, Json>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            check: false,
            diff: false,
            forks: 5,
            verbosity: 0,
            tags: TagFilter::default(),
            limit: None,
            start_at_task: None,
            extra_vars: Map::new(),
        }
    }
}

/// What all plays of a run share.
pub(crate) struct RunShared<'a, E, R> {
    pub exec: &'a E,
    pub reporter: &'a R,
    pub opts: &'a RunOptions,
    pub inventory: Arc<Inventory>,
    pub extra_vars: Arc<Map<String, Json>>,
    pub stats: &'a Mutex<Stats>,
    pub next_id: AtomicUsize,
    pub start_at: Mutex<Option<String>>,
    pub host_facts: Arc<Mutex<BTreeMap<String, HostFacts>>>,
}

/// Runs `playbooks` in order. A play that breaks (every host of a batch failed,
/// `max_fail_percentage` passed) ends the run, as in `ansible-playbook`. Reports
/// [`Event::Stats`] at the end and returns the counters.
pub async fn run<E: Executor, R: Reporter>(
    playbooks: &[Playbook],
    inventory: Arc<Inventory>,
    opts: &RunOptions,
    exec: &E,
    reporter: &R,
) -> Stats {
    let stats = Mutex::new(Stats::default());
    let shared = RunShared {
        exec,
        reporter,
        opts,
        inventory,
        extra_vars: Arc::new(opts.extra_vars.clone()),
        stats: &stats,
        next_id: AtomicUsize::new(playbooks.iter().map(|p| p.next_id).max().unwrap_or(1)),
        start_at: Mutex::new(opts.start_at_task.clone()),
        host_facts: Arc::new(Mutex::new(BTreeMap::new())),
    };
    'books: for pb in playbooks {
        reporter.report(&Event::PlaybookStart { path: &pb.path });
        for p in &pb.plays {
            if play::run_play(&shared, &Arc::new(p.clone())).await == play::PlayEnd::Stop {
                break 'books;
            }
        }
    }
    let out = stats.lock().map(|s| s.clone()).unwrap_or_default();
    reporter.report(&Event::Stats { stats: &out });
    out
}

#[cfg(test)]
mod tests;
