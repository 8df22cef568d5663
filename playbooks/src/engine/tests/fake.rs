//! The test executor and reporter.
//!
//! Modules behave by their arguments, per host, deterministically:
//! - `command`/`shell`: `fail`, `false`, `/bin/false` → rc 1; `fail-on H1,H2` fails on those hosts; `flaky N` fails
//!   the first N calls on each host; `echo TEXT` → stdout TEXT, else stdout is the command;
//!   anything else succeeds;
//!   all `changed`;
//! - `copy`/`file`/`template`/`lineinfile`/...: changed the first time per host and `dest`/
//!   `path`, ok after (idempotent), nothing in check mode;
//! - `stat`: `exists` when an earlier module of this fake wrote the path;
//! - `rpyc.call`: returns `{"value": "target(args)"}`;
//! - `getent`: returns the fact `getent_passwd` (`root: [x, 0]`);
//! - hosts named `down*` are unreachable; facts give `hostname` and `os_family`.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{json, Map, Value as Json};

use crate::engine::{Event, Executor, FactsOutcome, ModuleCall, ModuleOutcome, ModuleResult, Reporter};

#[derive(Default)]
pub(crate) struct Fake {
    pub calls: Mutex<Vec<String>>,
    pub sleeps: Mutex<Vec<Duration>>,
    pub last_call: Mutex<Option<ModuleCall>>,
    done: Mutex<BTreeSet<String>>,
}

impl Fake {
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    fn respond(&self, call: &ModuleCall) -> ModuleOutcome {
        let host = call.delegate_to.clone().unwrap_or_else(|| call.host.clone());
        if host.starts_with("down") {
            return ModuleOutcome::Unreachable(format!("Failed to connect to the host via rpyc: {host}"));
        }
        let a = &call.args;
        let r = match call.module.name.as_str() {
            "command" | "shell" => {
                let cmd = a.str("_raw_params").or(a.str("cmd")).unwrap_or_default().to_owned();
                let n_before = self
                    .calls()
                    .iter()
                    .filter(|c| c.starts_with(&format!("{} {}:", call.host, call.module.name)) && c.ends_with(&cmd))
                    .count();
                let fail = match cmd.split_once(' ').unwrap_or((cmd.as_str(), "")) {
                    ("fail" | "false" | "/bin/false", _) => true,
                    ("fail-on", hosts) => hosts.split(',').any(|h| h == call.host),
                    ("flaky", n) => n_before < n.parse::<usize>().unwrap_or(0),
                    _ => false,
                };
                let stdout = cmd.strip_prefix("echo ").unwrap_or(&cmd).to_owned();
                let mut r = ModuleResult::changed()
                    .with("rc", if fail { 1 } else { 0 })
                    .with("stdout", stdout.clone())
                    .with("stdout_lines", stdout.lines().map(str::to_owned).collect::<Vec<_>>())
                    .with("stderr", "")
                    .with("cmd", cmd.clone());
                if fail {
                    r.failed = true;
                    r.msg = Some("non-zero return code".into());
                }
                r
            }
            "stat" => {
                let path = a.str("path").unwrap_or_default();
                let exists = self
                    .done
                    .lock()
                    .unwrap()
                    .iter()
                    .any(|k| k.starts_with(&format!("{host}:")) && k.ends_with(&format!(":{path}")));
                ModuleResult::ok().with("stat", json!({"exists": exists}))
            }
            "getent" => ModuleResult::ok().with("ansible_facts", json!({"getent_passwd": {"root": ["x", "0"]}})),
            "rpyc.call" => ModuleResult::changed().with(
                "value",
                format!("{}({})", a.str("target").unwrap_or_default(), a.get("args").cloned().unwrap_or_default()),
            ),
            _ => {
                let target = a.str("dest").or(a.str("path")).or(a.str("name")).unwrap_or("-").to_owned();
                let key = format!("{host}:{}:{target}", call.module.name);
                let first = !self.done.lock().unwrap().contains(&key);
                if first && !call.check_mode {
                    self.done.lock().unwrap().insert(key);
                }
                let mut r = if first { ModuleResult::changed() } else { ModuleResult::ok() };
                if call.diff && first {
                    r.diff = Some(json!({"before": "", "after": target}));
                }
                r
            }
        };
        ModuleOutcome::Done(r)
    }
}

impl Executor for Fake {
    fn run_module(&self, call: &ModuleCall) -> impl std::future::Future<Output = ModuleOutcome> + Send {
        let outcome = self.respond(call);
        let line = format!(
            "{} {}:{}",
            call.host,
            call.module.name,
            call.args.str("_raw_params").or(call.args.str("cmd")).map(|c| format!(" {c}")).unwrap_or_default()
        );
        self.calls.lock().unwrap().push(line);
        *self.last_call.lock().unwrap() = Some(call.clone());
        async move { outcome }
    }

    fn gather_facts(&self, host: &str) -> impl std::future::Future<Output = FactsOutcome> + Send {
        let out = if host.starts_with("down") {
            FactsOutcome::Unreachable("no route".into())
        } else {
            let mut m = Map::new();
            m.insert("hostname".into(), json!(host));
            m.insert("os_family".into(), json!("Debian"));
            m.insert("architecture".into(), json!("x86_64"));
            FactsOutcome::Gathered(m)
        };
        async move { out }
    }

    fn sleep(&self, duration: Duration) -> impl std::future::Future<Output = ()> + Send {
        self.sleeps.lock().unwrap().push(duration);
        async {}
    }
}

/// A reporter that keeps one line per event.
#[derive(Default)]
pub(crate) struct Lines(Mutex<Vec<String>>);

impl Lines {
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn short(v: &Map<String, Json>) -> String {
    v.get("msg").map(|m| format!(" {m}")).unwrap_or_default()
}

impl Reporter for Lines {
    fn report(&self, event: &Event<'_>) {
        let line = match event {
            Event::PlaybookStart { .. } => return,
            Event::PlayStart { name, hosts } => format!("play {name} {}", hosts.join(",")),
            Event::NoHostsMatched { pattern } => format!("no hosts matched {pattern}"),
            Event::TaskStart { task, is_handler: false, .. } => format!("task {}", task.name),
            Event::TaskStart { task, is_handler: true, .. } => format!("handler {}", task.name),
            Event::Item { outcome, .. } => format!(
                "item {}: [{}] => {}{}",
                outcome.status.word(),
                outcome.host,
                outcome.item_label.clone().unwrap_or_default(),
                short(&outcome.result)
            ),
            Event::Retry { host, attempt, retries, .. } => format!("retry [{host}] {attempt}/{retries}"),
            Event::HostResult { outcome, .. } => format!(
                "{}: [{}]{}{}",
                outcome.status.word(),
                outcome.host,
                short(&outcome.result),
                if outcome.ignored { " ...ignoring" } else { "" }
            ),
            Event::Included { file, host } => format!("included: {file} for {host}"),
            Event::NoHostsRemaining => "no hosts remaining".into(),
            Event::Warning { message } => format!("warning {message}"),
            Event::Stats { stats } => {
                let mut s = String::from("recap");
                for (h, c) in &stats.hosts {
                    s.push_str(&format!(
                        " {h}:ok={},changed={},unreachable={},failed={},skipped={},rescued={},ignored={}",
                        c.ok, c.changed, c.unreachable, c.failed, c.skipped, c.rescued, c.ignored
                    ));
                }
                s
            }
        };
        self.0.lock().unwrap().push(line);
    }
}
