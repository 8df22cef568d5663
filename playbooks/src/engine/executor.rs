//! The trait the controller implements: run a module on a host, gather a host's facts, wait.
//! Everything else — templating, conditions, loops, retries, blocks, handlers, the engine-side
//! actions (`debug`, `set_fact`, `assert`, `fail`, `pause`, `meta`, `include_tasks`) — is
//! the engine's.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value as Json};

use crate::modules::{ModuleArgs, ModuleSpec};

/// Privilege escalation asked for by `become`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Become {
    /// `become_user` (default `root`).
    pub user: String,
}

/// A controller-side file a module needs, found (and for `template`, rendered) by the engine.
#[derive(Debug, Clone, PartialEq)]
pub enum LocalSource {
    /// `copy`'s `src` (a file or a directory), found in the role's `files/`, the playbook's
    /// `files/` or beside the playbook.
    File(PathBuf),
    /// `template`'s `src`, found in `templates/` and rendered with the host's variables.
    Rendered { src: PathBuf, text: String },
}

/// One module call on one host.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    /// The host the task is for (its variables were used).
    pub host: String,
    /// `delegate_to`: the host to run on instead (`localhost` for `local_action`).
    pub delegate_to: Option<String>,
    pub module: &'static ModuleSpec,
    /// Validated arguments (canonical names, declared types, defaults).
    pub args: ModuleArgs,
    /// Report what would change without changing it (`-C`, `check_mode: true`).
    pub check_mode: bool,
    /// Return `diff` (`-D`, `diff: true`).
    pub diff: bool,
    pub become_: Option<Become>,
    /// `environment` for the module's processes.
    pub environment: BTreeMap<String, String>,
    /// `no_log`: the module's output is hidden from reports (the controller should not log it).
    pub no_log: bool,
    pub local: Option<LocalSource>,
    /// The play's directory (the playbook's): where relative controller-side paths such as
    /// fetch's `dest` are found, as Ansible's `path_dwim` finds them.
    pub basedir: PathBuf,
    /// The task's name as shown, for logs.
    pub task_name: String,
}

/// What a module returned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModuleResult {
    pub changed: bool,
    pub failed: bool,
    pub msg: Option<String>,
    /// The module's other return values (`rc`, `stdout`, `stat`, `checksum`, ...), registered
    /// as Ansible's module would return them.
    pub values: Map<String, Json>,
    /// `--diff` data: `{before, after, before_header, after_header}` or a list of them.
    pub diff: Option<Json>,
    pub warnings: Vec<String>,
}

impl ModuleResult {
    pub fn ok() -> Self {
        Self::default()
    }

    pub fn changed() -> Self {
        ModuleResult { changed: true, ..Self::default() }
    }

    pub fn failed(msg: impl Into<String>) -> Self {
        ModuleResult { failed: true, msg: Some(msg.into()), ..Self::default() }
    }

    pub fn with(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.values.insert(key.to_owned(), value.into());
        self
    }
}

/// A module call's outcome.
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleOutcome {
    Done(ModuleResult),
    /// The host could not be reached; the message says why.
    Unreachable(String),
}

/// A host's facts: names without the `ansible_` prefix, as under `ansible_facts`
/// (`hostname`, `architecture`, `os_family`, `distribution`, `processor_vcpus`, `memtotal_mb`,
/// `env`, ...). The engine also sets each as `ansible_<name>`.
#[derive(Debug, Clone, PartialEq)]
pub enum FactsOutcome {
    Gathered(Map<String, Json>),
    Failed(String),
    Unreachable(String),
}

/// What the engine needs from the controller. Calls for different hosts run concurrently
/// (up to the `forks` of [`crate::RunOptions`]).
pub trait Executor: Sync {
    /// Runs a host-side module.
    fn run_module(&self, call: &ModuleCall) -> impl Future<Output = ModuleOutcome> + Send;

    /// Gathers facts (`gather_facts: true`).
    fn gather_facts(&self, host: &str) -> impl Future<Output = FactsOutcome> + Send;

    /// Waits: `until` delays, `pause`, `loop_control.pause`, task `timeout`s. A test executor
    /// may record the duration and return at once.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}
