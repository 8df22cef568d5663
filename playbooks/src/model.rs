//! The playbook model: what parsing produces and the engine runs. Everything here is checked
//! data — module names resolved, arguments validated as far as they can be before templating,
//! keywords inherited from blocks, roles and imports already applied to each task.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value as Json};

use crate::error::Location;
use crate::modules::ModuleSpec;

/// A playbook file and its plays.
#[derive(Debug, Clone)]
pub struct Playbook {
    pub path: PathBuf,
    pub plays: Vec<Play>,
    /// The first task id not used by the playbook (tasks included at run time get ids from
    /// here on).
    pub next_id: usize,
}

/// How a play moves its hosts through the tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Every host finishes a task before any host starts the next one.
    #[default]
    Linear,
    /// Each host runs through the tasks as fast as it can.
    Free,
}

/// One entry of `serial`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Serial {
    Count(usize),
    Percent(f64),
}

/// A play.
#[derive(Debug, Clone)]
pub struct Play {
    /// `name`, or the host pattern when there is none (as Ansible shows it).
    pub name: String,
    pub location: Location,
    /// The host patterns (`hosts:` as a string or a list).
    pub hosts: Vec<String>,
    pub vars: Map<String, Json>,
    /// `vars_files` entries (templated per host), with their location.
    pub vars_files: Vec<(Json, Location)>,
    pub gather_facts: bool,
    pub pre_tasks: Vec<Node>,
    /// The roles' tasks (each role a block), then `tasks`.
    pub tasks: Vec<Node>,
    pub post_tasks: Vec<Node>,
    /// The play's handlers, then its roles'.
    pub handlers: Vec<Arc<Task>>,
    pub roles: Vec<Arc<Role>>,
    /// Batch sizes; empty means all hosts at once.
    pub serial: Vec<Serial>,
    pub max_fail_percentage: Option<f64>,
    pub any_errors_fatal: bool,
    pub strategy: Strategy,
    /// The play's own tags (also inherited by every task, for filtering).
    pub tags: Vec<String>,
    /// The directory relative paths are found from (the playbook's).
    pub basedir: PathBuf,
}

/// A task list entry: a task or a block.
#[derive(Debug, Clone)]
pub enum Node {
    Task(Arc<Task>),
    Block(Arc<Block>),
}

/// `block` / `rescue` / `always`.
#[derive(Debug, Clone)]
pub struct Block {
    pub id: usize,
    pub name: Option<String>,
    pub location: Location,
    pub block: Vec<Node>,
    pub rescue: Vec<Node>,
    pub always: Vec<Node>,
}

/// A role as loaded for a play.
#[derive(Debug, Clone)]
pub struct Role {
    pub name: String,
    pub path: PathBuf,
    /// `defaults/main.yml`.
    pub defaults: Map<String, Json>,
    /// `vars/main.yml`.
    pub vars: Map<String, Json>,
    /// Parameters given where the role is named (`- role: x` + other keys, or `vars:`).
    pub params: Map<String, Json>,
}

/// What a task does.
#[derive(Debug, Clone)]
pub enum Action {
    /// Run a module; `args` are as written (aliases, templates), checked against the spec for
    /// everything that is not templated.
    Module { spec: &'static ModuleSpec, args: Map<String, Json> },
    /// `include_tasks`: the file (templated per host); when its name has no template, the
    /// file's tasks parsed ahead. The included tasks inherit `inherit` (the keywords around
    /// the include, plus `apply`) and get `params` (the include's `vars`) as include params.
    IncludeTasks(Box<Include>),
}

/// An `include_tasks`.
#[derive(Debug, Clone)]
pub struct Include {
    pub file: Json,
    pub preloaded: Option<Vec<Node>>,
    pub inherit: Keywords,
    pub params: Map<String, Json>,
}

/// Loops: `loop` and the `with_*` forms.
#[derive(Debug, Clone, PartialEq)]
pub enum LoopKind {
    /// `loop:` and `with_items:` (which flattens one level) and `with_list:`.
    Items { flatten: bool },
    /// `with_dict:`: items are `{key, value}`.
    Dict,
    /// `with_fileglob:`: controller files matching the patterns.
    Fileglob,
}

/// A task's loop.
#[derive(Debug, Clone)]
pub struct Loop {
    pub kind: LoopKind,
    pub items: Json,
    pub loop_var: String,
    pub index_var: Option<String>,
    pub label: Option<Json>,
    /// `loop_control.pause`, seconds between items.
    pub pause: Option<f64>,
    pub extended: bool,
}

impl Keywords {
    /// `own` keywords under these: conditions and tags add up, vars and environment merge,
    /// the others are taken from `own` when set there.
    pub fn inherit(&self, own: Keywords) -> Keywords {
        let mut when = self.when.clone();
        when.extend(own.when);
        let mut tags = self.tags.clone();
        for t in own.tags {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let mut vars = self.vars.clone();
        vars.extend(own.vars);
        let mut environment = self.environment.clone();
        environment.extend(own.environment);
        let pick = |own: Option<Json>, parent: &Option<Json>| own.or_else(|| parent.clone());
        Keywords {
            when,
            tags,
            vars,
            escalate: pick(own.escalate, &self.escalate),
            become_user: pick(own.become_user, &self.become_user),
            check_mode: pick(own.check_mode, &self.check_mode),
            diff: pick(own.diff, &self.diff),
            no_log: pick(own.no_log, &self.no_log),
            ignore_errors: pick(own.ignore_errors, &self.ignore_errors),
            ignore_unreachable: pick(own.ignore_unreachable, &self.ignore_unreachable),
            run_once: pick(own.run_once, &self.run_once),
            delegate_to: pick(own.delegate_to, &self.delegate_to),
            any_errors_fatal: pick(own.any_errors_fatal, &self.any_errors_fatal),
            timeout: pick(own.timeout, &self.timeout),
            environment,
        }
    }
}

/// Keywords a task inherits from its blocks, role, import and play. `Json` values may be
/// templates, evaluated per host.
#[derive(Debug, Clone, Default)]
pub struct Keywords {
    /// All conditions, parents' first; all must hold.
    pub when: Vec<Json>,
    pub tags: Vec<String>,
    /// Block vars then task vars (later wins).
    pub vars: Map<String, Json>,
    /// `become` (a Rust keyword, hence the name).
    pub escalate: Option<Json>,
    pub become_user: Option<Json>,
    pub check_mode: Option<Json>,
    pub diff: Option<Json>,
    pub no_log: Option<Json>,
    pub ignore_errors: Option<Json>,
    pub ignore_unreachable: Option<Json>,
    pub run_once: Option<Json>,
    pub delegate_to: Option<Json>,
    pub any_errors_fatal: Option<Json>,
    pub timeout: Option<Json>,
    /// `environment` dicts, parents' first (later wins per key).
    pub environment: Vec<Json>,
}

/// A task (or a handler).
#[derive(Debug, Clone)]
pub struct Task {
    /// Unique within a playbook load; the linear strategy orders tasks by it.
    pub id: usize,
    pub name: Option<String>,
    pub location: Location,
    pub action: Action,
    /// The action's name as written (`ansible.builtin.copy`, `copy`), shown for unnamed tasks.
    pub written: String,
    pub kw: Keywords,
    pub role: Option<Arc<Role>>,
    /// Parameters of the `include_tasks`/`import_tasks` that brought this task in.
    pub include_params: Map<String, Json>,
    pub register: Option<String>,
    pub loop_: Option<Loop>,
    /// `until` conditions (all must hold); empty when the task does not retry.
    pub until: Vec<Json>,
    pub retries: Option<Json>,
    pub delay: Option<Json>,
    pub failed_when: Vec<Json>,
    pub changed_when: Vec<Json>,
    pub notify: Vec<String>,
    /// Handlers only: the topics it listens to.
    pub listen: Vec<String>,
    /// The directory of the file the task was written in (for `include_tasks` and lookups).
    pub dir: PathBuf,
}

impl Task {
    /// The module's short name, or `include_tasks`.
    pub fn action_name(&self) -> &str {
        match &self.action {
            Action::Module { spec, .. } => &spec.name,
            Action::IncludeTasks { .. } => "include_tasks",
        }
    }

    /// The name shown in banners: `role : name`, or the action when unnamed.
    pub fn display_name(&self) -> String {
        let base = self.name.clone().unwrap_or_else(|| self.written.clone());
        match &self.role {
            Some(r) => format!("{} : {base}", r.name),
            None => base,
        }
    }
}
