//! Events the engine reports as the run goes, for the controller's printer (the default
//! callback's banners and lines, json, jsonl). The engine never writes anything itself.

use serde_json::{Map, Value as Json};

use super::stats::Stats;

/// A task's outcome on one host (or one loop item).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Changed,
    Failed,
    Unreachable,
    Skipped,
}

impl Status {
    /// The word of ansible-playbook's default callback (`ok`, `changed`, `failed`, ...).
    pub fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Changed => "changed",
            Status::Failed => "failed",
            Status::Unreachable => "unreachable",
            Status::Skipped => "skipping",
        }
    }
}

/// A result as reported: the status, the result dict (censored under `no_log`), and how the
/// engine took it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub host: String,
    /// `delegate_to`, when the task ran elsewhere.
    pub delegated_to: Option<String>,
    pub status: Status,
    /// Ansible's result dict (`changed`, `failed`, `msg`, `rc`, `results` for loops, ...).
    pub result: Map<String, Json>,
    /// A failure that `ignore_errors` (or `ignore_unreachable`) let pass.
    pub ignored: bool,
    /// The item's label for loop items (`loop_control.label`, else the item).
    pub item_label: Option<Json>,
}

/// What happens during a run, in order.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    PlaybookStart {
        path: &'a std::path::Path,
    },
    PlayStart {
        name: &'a str,
        hosts: &'a [String],
    },
    NoHostsMatched {
        pattern: &'a str,
    },
    /// A task starts (once for all hosts under the linear strategy; per host under free).
    TaskStart {
        name: &'a str,
        is_handler: bool,
        location: &'a crate::Location,
    },
    /// One loop item's result, as it comes.
    Item {
        task: &'a str,
        outcome: &'a Outcome,
    },
    /// An `until` attempt failed and will be retried.
    Retry {
        task: &'a str,
        host: &'a str,
        attempt: u32,
        retries: u32,
        result: &'a Map<String, Json>,
    },
    /// The task's result on a host (for loops, the aggregate with `results`).
    HostResult {
        task: &'a str,
        outcome: &'a Outcome,
    },
    /// `include_tasks` loaded `file` for `host`.
    Included {
        file: &'a str,
        host: &'a str,
    },
    /// Every host of the play failed or max_fail_percentage was passed.
    NoHostsRemaining,
    /// Something the user should know (`[WARNING]`).
    Warning {
        message: &'a str,
    },
    /// The end: PLAY RECAP.
    Stats {
        stats: &'a Stats,
    },
}

/// Receives events; called from the engine's tasks, possibly for several hosts at once.
pub trait Reporter: Sync {
    fn report(&self, event: &Event<'_>);
}
