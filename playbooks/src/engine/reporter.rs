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

/// Which task an event is about, with what the callbacks need to show it as ansible-playbook's
/// do (the default callback prints `debug` results whole and include results not at all; the
/// json callback records each result's `action`).
#[derive(Debug, Clone, Copy)]
pub struct TaskInfo<'a> {
    /// Unique within the run; `0` for the implicit "Gathering Facts".
    pub id: usize,
    /// The name as shown (`role : name`, or the action as written when unnamed).
    pub name: &'a str,
    /// The module's short name (`debug`, `copy`), `include_tasks`, or `gather_facts`.
    pub action: &'a str,
    /// The task loops: its items were reported one by one, its result holds their `results`.
    pub looped: bool,
}

impl<'a> TaskInfo<'a> {
    pub(crate) fn of(task: &'a crate::model::Task, name: &'a str) -> Self {
        TaskInfo { id: task.id, name, action: task.action_name(), looped: task.loop_.is_some() }
    }

    /// The implicit fact-gathering task of a play.
    pub fn gathering_facts() -> TaskInfo<'static> {
        TaskInfo { id: 0, name: "Gathering Facts", action: "gather_facts", looped: false }
    }
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
        task: TaskInfo<'a>,
        is_handler: bool,
        location: &'a crate::Location,
    },
    /// One loop item's result, as it comes.
    Item {
        task: TaskInfo<'a>,
        outcome: &'a Outcome,
    },
    /// An `until` attempt failed and will be retried.
    Retry {
        task: TaskInfo<'a>,
        host: &'a str,
        attempt: u32,
        retries: u32,
        result: &'a Map<String, Json>,
    },
    /// The task's result on a host (for loops, the aggregate with `results`).
    HostResult {
        task: TaskInfo<'a>,
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
