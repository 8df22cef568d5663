//! Ansible playbooks for rpyctl: the playbook language read and checked as ansible-core reads
//! it, and an engine that runs it through a trait the controller implements. A pure library:
//! it reads playbook, role and vars files, nothing else — no network, no terminal, no runtime
//! of its own (the engine is `async` over the [`Executor`]'s futures).
//!
//! ```no_run
//! # async fn demo<E: rpyctl_playbooks::Executor, R: rpyctl_playbooks::Reporter>(exec: E, rep: R)
//! # -> Result<(), rpyctl_playbooks::Error> {
//! use std::sync::Arc;
//! use rpyctl_playbooks::{load_playbook, run, LoadOptions, RunOptions};
//! let pb = load_playbook("site.yml".as_ref(), &LoadOptions::default())?; // every check, file:line:col
//! let inventory = Arc::new(rpyctl_inventory::Inventory::load(["inventory.yml"])?);
//! let stats = run(&[pb], inventory, &RunOptions::default(), &exec, &rep).await;
//! std::process::exit(stats.exit_status().rpyctl_code().into());
//! # }
//! ```
//!
//! Layout (lower layers first; a layer names only those above it in this list):
//! - `error.rs` — [`Error`] with [`Location`] (`file:line:col`);
//! - `yaml.rs` — YAML → nodes with line/column (serde-saphyr), Ansible's YAML 1.1 scalars;
//! - `modules/` — module argument specs generated from ansible-core (`specs.json`, by
//!   `scripts/gen-module-specs.py`), free-form `k=v` arguments, Ansible's type conversions,
//!   validation with Ansible's messages, [`ModuleArgs`] (what module implementations read);
//! - `template/` — minijinja with Ansible's filters and tests, native types for a single
//!   `{{ expression }}`, Python rendering inside strings, conditionals, lazy [`Vars`];
//! - `model.rs` — plays, blocks, tasks, roles, keywords (inheritance applied);
//! - `parse/` — playbook → model: plays, task lists, roles, module arguments, with every check
//!   that needs no host;
//! - `vars.rs` — variable precedence (documented there) and the magic variables;
//! - `plan.rs` — hosts, `serial` batches, tags, `--start-at-task`, `--list-*` data and text;
//! - `engine/` — [`Executor`] and [`Reporter`] traits, the per-host block cursor, one task on
//!   one host (loops, retries, conditions), engine-side actions, handlers, linear and free
//!   strategies, plays and batches, [`Stats`] and [`ExitStatus`].

// Tests unwrap freely; the workspace warns on `unwrap` in library code.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod engine;
pub mod error;
pub mod model;
pub mod modules;
pub mod parse;
pub mod plan;
pub mod template;
pub mod vars;
mod yaml;

pub use engine::{
    run, Become, Event, Executor, ExitStatus, FactsOutcome, HostStats, LocalSource, ModuleCall, ModuleOutcome,
    ModuleResult, Outcome, Reporter, RunOptions, Stats, Status, TaskInfo,
};
pub use error::{Error, Location};
pub use model::{Play, Playbook, Task};
pub use modules::{Catalog, ModuleArgs, ModuleSpec};
pub use parse::{load_playbook, parse_playbook, LoadOptions};
pub use plan::TagFilter;
pub use template::Vars;
