//! ansible-playbook's default callback, as text: PLAY/TASK banners sized to the terminal,
//! `ok:`/`changed:`/`failed:`/`skipping:`/`fatal:` lines per host and item, `--diff` hunks,
//! retries, includes, `NO MORE HOSTS LEFT` and the PLAY RECAP, with ansible-playbook's
//! colours when they are on. Pure: events in, text out; the printer writes it.

use std::collections::HashMap;

use rpyctl_playbooks::engine::NO_LOG_MESSAGE;
use rpyctl_playbooks::template::pystr;
use rpyctl_playbooks::{Event, Location, Outcome, Stats, Status, TaskInfo};
use serde_json::{Map, Value as Json};

use super::diff::{self, LineKind};
use super::errors::Errors;
use crate::play::pyjson;

/// Where a piece of output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Out,
    Err,
}

/// Ansible's colour names, as ANSI codes.
#[derive(Debug, Clone, Copy)]
enum Colour {
    Ok,
    Changed,
    Error,
    Skip,
    Unreachable,
    Warn,
    Debug,
    Included,
}

impl Colour {
    fn code(self) -> &'static str {
        match self {
            Colour::Ok => "0;32",
            Colour::Changed => "0;33",
            Colour::Error => "0;31",
            Colour::Skip | Colour::Included => "0;36",
            Colour::Unreachable => "1;31",
            Colour::Warn => "1;35",
            Colour::Debug => "1;30",
        }
    }
}

/// Debug results keep only these (besides `_`-keys) when they have a `msg`.
const DEBUG_ALLOWED: [&str; 4] = ["msg", "exception", "warnings", "deprecations"];
/// ... and lose these when they show a `var`.
const HIDE_IN_DEBUG: [&str; 8] = [
    "changed",
    "failed",
    "skipped",
    "invocation",
    "skip_reason",
    "ansible_loop_var",
    "ansible_index_var",
    "ansible_loop",
];

pub struct DefaultCallback {
    verbosity: u8,
    colour: bool,
    /// Banner width: the terminal's columns less one, at least 79.
    columns: usize,
    last_banner: Option<usize>,
    /// Each announced task's banner text, to show it again when results of another task
    /// came between (the free strategy).
    banners: HashMap<usize, String>,
    /// Where each announced task is written, for the `[ERROR]` blocks.
    locations: HashMap<usize, Location>,
    errors: Errors,
    /// `included:` lines waiting for the other hosts of the same include.
    included: Vec<(String, Vec<String>)>,
}

impl DefaultCallback {
    pub fn new(verbosity: u8, colour: bool, columns: usize) -> DefaultCallback {
        DefaultCallback {
            verbosity,
            colour,
            columns,
            last_banner: None,
            banners: HashMap::new(),
            locations: HashMap::new(),
            errors: Errors::default(),
            included: Vec::new(),
        }
    }

    fn paint(&self, text: &str, colour: Option<Colour>) -> String {
        match colour.filter(|_| self.colour) {
            Some(c) => text.split('\n').map(|l| format!("\x1b[{}m{l}\x1b[0m", c.code())).collect::<Vec<_>>().join("\n"),
            None => text.to_owned(),
        }
    }

    /// `Display.display`: the message, coloured, ending with a newline.
    fn line(&self, out: &mut Vec<(Stream, String)>, text: &str, colour: Option<Colour>) {
        out.push((Stream::Out, format!("{}\n", self.paint(text, colour))));
    }

    fn banner_text(&self, msg: &str) -> String {
        let msg = msg.trim();
        let stars = self.columns.saturating_sub(msg.chars().count()).max(3);
        format!("\n{msg} {}\n", "*".repeat(stars))
    }

    fn task_banner(&mut self, out: &mut Vec<(Stream, String)>, task: &TaskInfo<'_>) {
        if self.last_banner == Some(task.id) {
            return;
        }
        if let Some(text) = self.banners.get(&task.id) {
            out.push((Stream::Out, text.clone()));
        }
        self.last_banner = Some(task.id);
    }

    fn flush_included(&mut self, out: &mut Vec<(Stream, String)>) {
        for (file, hosts) in std::mem::take(&mut self.included) {
            self.line(out, &format!("included: {file} for {}", hosts.join(", ")), Some(Colour::Included));
        }
    }

    fn warnings(&self, out: &mut Vec<(Stream, String)>, result: &Map<String, Json>) {
        if let Some(Json::Array(ws)) = result.get("warnings") {
            for w in ws {
                let text = format!("[WARNING]: {}", crate::play::modules::text(w));
                out.push((Stream::Err, format!("{}\n", self.paint(&text, Some(Colour::Warn)))));
            }
        }
        if self.verbosity >= 3 {
            if let Some(Json::String(tb)) = result.get("exception") {
                out.push((Stream::Err, format!("The full traceback is:\n{}\n", tb.trim_end())));
            }
        }
    }

    /// `_dump_results`: the result without internal keys (and, below -vvv, without
    /// `invocation` and `diff`), as sorted JSON; indented for debug results and from -vvv.
    /// `failed` and `skipped` are the line's own word, not shown again (ansible-core 2.19).
    fn dump(&self, result: &Map<String, Json>) -> String {
        let mut r = strip_internal(result);
        r.remove("failed");
        r.remove("skipped");
        if self.verbosity < 3 {
            r.remove("invocation");
            r.remove("diff");
        }
        for k in ["exception", "warnings", "deprecations"] {
            r.remove(k);
        }
        let indent = (flag(result, "_ansible_verbose_always") || self.verbosity > 2).then_some(4);
        pyjson::dumps(&Json::Object(r), indent)
    }

    /// Whether results of this action are dumped: from -v, always for debug, never for
    /// facts (Ansible's `_ansible_verbose_always` / `_ansible_verbose_override`).
    fn verbose(&self, result: &Map<String, Json>) -> bool {
        (self.verbosity > 0 || flag(result, "_ansible_verbose_always")) && !flag(result, "_ansible_verbose_override")
    }

    fn label(o: &Outcome) -> String {
        match &o.delegated_to {
            Some(d) if d != &o.host => format!("{} -> {d}", o.host),
            _ => o.host.clone(),
        }
    }

    fn item_label(o: &Outcome) -> String {
        if o.result.get("censored").and_then(Json::as_str) == Some(NO_LOG_MESSAGE) {
            return "(censored due to no_log)".into();
        }
        o.item_label.as_ref().map(pystr).unwrap_or_default()
    }

    /// A changed result's diff (a loop's come with each item, before its line).
    fn diffs(&self, out: &mut Vec<(Stream, String)>, result: &Map<String, Json>) {
        if result.get("changed").and_then(Json::as_bool) != Some(true) {
            return;
        }
        if let Some(d) = result.get("diff").filter(|d| truthy(d)) {
            let pieces = diff::render(d);
            if pieces.is_empty() {
                return;
            }
            let text: String = pieces
                .into_iter()
                .map(|(kind, t)| match (kind, self.colour) {
                    (LineKind::Add, true) => self.paint(&t, Some(Colour::Ok)),
                    (LineKind::Remove, true) => self.paint(&t, Some(Colour::Error)),
                    (LineKind::Hunk, true) => self.paint(&t, Some(Colour::Skip)),
                    _ => t,
                })
                .collect();
            let text = if text.ends_with('\n') { text } else { format!("{text}\n") };
            out.push((Stream::Out, text));
        }
    }

    /// The output for one event.
    pub fn event(&mut self, event: &Event<'_>) -> Vec<(Stream, String)> {
        let mut out = Vec::new();
        // `included:` lines wait for every host's result of the include task.
        let include_result = match event {
            Event::HostResult { task, .. } | Event::Item { task, .. } => task.action == "include_tasks",
            Event::Included { .. } => true,
            _ => false,
        };
        if !include_result {
            self.flush_included(&mut out);
        }
        match event {
            Event::PlaybookStart { path } => {
                if self.verbosity > 1 {
                    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    out.push((Stream::Out, self.banner_text(&format!("PLAYBOOK: {name}"))));
                }
            }
            Event::PlayStart { name, .. } => {
                let msg = if name.trim().is_empty() { "PLAY".to_owned() } else { format!("PLAY [{}]", name.trim()) };
                out.push((Stream::Out, self.banner_text(&msg)));
                self.last_banner = None;
            }
            Event::NoHostsMatched { .. } => self.line(&mut out, "skipping: no hosts matched", Some(Colour::Skip)),
            Event::TaskStart { task, is_handler, location } => {
                let prefix = if *is_handler { "RUNNING HANDLER" } else { "TASK" };
                let mut text = self.banner_text(&format!("{prefix} [{}]", task.name.trim()));
                if self.verbosity >= 2 {
                    text.push_str(
                        &self.paint(&format!("task path: {}:{}", location.file, location.line), Some(Colour::Debug)),
                    );
                    text.push('\n');
                }
                self.banners.insert(task.id, text.clone());
                self.locations.insert(task.id, (*location).clone());
                out.push((Stream::Out, text));
                self.last_banner = Some(task.id);
            }
            Event::Item { task, outcome } => self.item(&mut out, task, outcome),
            Event::Retry { task, host, attempt, retries, result } => {
                self.task_banner(&mut out, task);
                let left = (*retries + 1).saturating_sub(*attempt);
                let mut msg = format!("FAILED - RETRYING: [{host}]: {} ({left} retries left).", task.name);
                if self.verbosity > 2 {
                    msg.push_str(&format!("Result was: {}", self.dump(result)));
                }
                self.line(&mut out, &msg, Some(Colour::Debug));
            }
            Event::HostResult { task, outcome } => self.host_result(&mut out, task, outcome),
            Event::Included { file, host } => match self.included.iter_mut().find(|(f, _)| f == file) {
                Some((_, hosts)) => hosts.push((*host).to_owned()),
                None => self.included.push(((*file).to_owned(), vec![(*host).to_owned()])),
            },
            Event::NoHostsRemaining => {
                // ansible-core 2.19's linear strategy sends this callback twice when
                // max_fail_percentage breaks the play: the banner shows twice.
                let banner = self.banner_text("NO MORE HOSTS LEFT");
                out.push((Stream::Out, banner.clone()));
                out.push((Stream::Out, banner));
            }
            Event::Warning { message } => out
                .push((Stream::Err, format!("{}\n", self.paint(&format!("[WARNING]: {message}"), Some(Colour::Warn))))),
            Event::Stats { stats } => self.recap(&mut out, stats),
        }
        out
    }

    fn item(&mut self, out: &mut Vec<(Stream, String)>, task: &TaskInfo<'_>, o: &Outcome) {
        if task.action == "include_tasks" {
            return;
        }
        self.task_banner(out, task);
        if matches!(o.status, Status::Ok | Status::Changed) {
            self.diffs(out, &o.result);
        }
        self.warnings(out, &o.result);
        let result = clean(&o.result, task.action);
        let label = Self::item_label(o);
        let host = Self::label(o);
        match o.status {
            Status::Ok | Status::Changed => {
                let (word, colour) =
                    if o.status == Status::Changed { ("changed", Colour::Changed) } else { ("ok", Colour::Ok) };
                let mut msg = format!("{word}: [{host}] => (item={label})");
                if self.verbose(&o.result) {
                    msg.push_str(&format!(" => {}", self.dump(&result)));
                }
                self.line(out, &msg, Some(colour));
            }
            Status::Failed => {
                self.error_block(out, task, &o.result);
                let msg = format!("failed: [{host}] (item={label}) => {}", self.dump(&result));
                self.line(out, &msg, Some(Colour::Error));
            }
            Status::Skipped => {
                let mut msg = format!("skipping: [{}] => (item={label}) ", o.host);
                if self.verbose(&o.result) {
                    msg.push_str(&format!(" => {}", self.dump(&result)));
                }
                self.line(out, &msg, Some(Colour::Skip));
            }
            Status::Unreachable => {
                let msg = format!("fatal: [{host}]: UNREACHABLE! => {}", self.dump(&result));
                self.line(out, &msg, Some(Colour::Unreachable));
            }
        }
    }

    fn host_result(&mut self, out: &mut Vec<(Stream, String)>, task: &TaskInfo<'_>, o: &Outcome) {
        let host = Self::label(o);
        let looped = task.looped && o.result.contains_key("results");
        match o.status {
            Status::Ok | Status::Changed => {
                self.task_banner(out, task);
                if task.action == "include_tasks" {
                    return;
                }
                if looped {
                    self.warnings(out, &o.result);
                    return;
                }
                self.diffs(out, &o.result);
                self.warnings(out, &o.result);
                let (word, colour) =
                    if o.status == Status::Changed { ("changed", Colour::Changed) } else { ("ok", Colour::Ok) };
                let mut msg = format!("{word}: [{host}]");
                if self.verbose(&o.result) {
                    let result = clean(&o.result, task.action);
                    msg.push_str(&format!(" => {}", self.dump(&result)));
                }
                self.line(out, &msg, Some(colour));
            }
            Status::Failed => {
                self.task_banner(out, task);
                self.warnings(out, &o.result);
                if !looped {
                    self.error_block(out, task, &o.result);
                    let result = clean(&o.result, task.action);
                    let msg = format!("fatal: [{host}]: FAILED! => {}", self.dump(&result));
                    self.line(out, &msg, Some(Colour::Error));
                }
                if o.ignored {
                    self.line(out, "...ignoring", Some(Colour::Skip));
                }
            }
            Status::Skipped => {
                self.task_banner(out, task);
                self.warnings(out, &o.result);
                let mut msg = format!("skipping: [{}]", o.host);
                if self.verbose(&o.result) {
                    let mut result = clean(&o.result, task.action);
                    result.remove("results");
                    msg.push_str(&format!(" => {}", self.dump(&result)));
                }
                self.line(out, &msg, Some(Colour::Skip));
            }
            Status::Unreachable => {
                self.task_banner(out, task);
                self.warnings(out, &o.result);
                if let Some(block) = self.errors.unreachable(&o.result) {
                    out.push((Stream::Out, self.paint(&block, Some(Colour::Error))));
                }
                let msg = format!("fatal: [{host}]: UNREACHABLE! => {}", self.dump(&o.result));
                self.line(out, &msg, Some(Colour::Unreachable));
                if o.ignored {
                    self.line(out, "...ignoring", Some(Colour::Skip));
                }
            }
        }
    }

    /// The `[ERROR]` block before a failure (each distinct one once).
    fn error_block(&mut self, out: &mut Vec<(Stream, String)>, task: &TaskInfo<'_>, result: &Map<String, Json>) {
        let location = self.locations.get(&task.id).filter(|_| task.id != 0).cloned();
        if let Some(block) = self.errors.failed(task, location.as_ref(), result) {
            out.push((Stream::Out, self.paint(&block, Some(Colour::Error))));
        }
    }

    fn recap(&self, out: &mut Vec<(Stream, String)>, stats: &Stats) {
        out.push((Stream::Out, self.banner_text("PLAY RECAP")));
        let count = |lead: &str, n: u32, colour: Colour| {
            let s = format!("{lead}={n:<4}");
            if n != 0 {
                self.paint(&s, Some(colour))
            } else {
                s
            }
        };
        for (host, s) in &stats.hosts {
            let name = if self.colour {
                let colour = if s.failed != 0 || s.unreachable != 0 {
                    Colour::Error
                } else if s.changed != 0 {
                    Colour::Changed
                } else {
                    Colour::Ok
                };
                format!("{:<37}", self.paint(host, Some(colour)))
            } else {
                format!("{host:<26}")
            };
            let line = format!(
                "{name} : {} {} {} {} {} {} {}",
                count("ok", s.ok, Colour::Ok),
                count("changed", s.changed, Colour::Changed),
                count("unreachable", s.unreachable, Colour::Unreachable),
                count("failed", s.failed, Colour::Error),
                count("skipped", s.skipped, Colour::Skip),
                count("rescued", s.rescued, Colour::Ok),
                count("ignored", s.ignored, Colour::Warn),
            );
            out.push((Stream::Out, format!("{line}\n")));
        }
        out.push((Stream::Out, "\n".into()));
    }
}

/// Whether Ansible's result flag `key` is set.
fn flag(result: &Map<String, Json>, key: &str) -> bool {
    result.get(key).and_then(Json::as_bool) == Some(true)
}

fn truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Array(a) => !a.is_empty(),
        Json::Object(m) => !m.is_empty(),
        Json::String(s) => !s.is_empty(),
        Json::Number(n) => n.as_f64() != Some(0.0),
    }
}

/// `strip_internal_keys`: `_ansible_*` keys out, also inside loop `results`.
fn strip_internal(result: &Map<String, Json>) -> Map<String, Json> {
    let mut r: Map<String, Json> =
        result.iter().filter(|(k, _)| !k.starts_with("_ansible_")).map(|(k, v)| (k.clone(), v.clone())).collect();
    if let Some(Json::Array(items)) = r.get_mut("results") {
        for item in items.iter_mut() {
            if let Json::Object(m) = item {
                *m = strip_internal(m);
            }
        }
    }
    r
}

/// `_clean_results`: a debug result shows its message (or its variable) and nothing else.
fn clean(result: &Map<String, Json>, action: &str) -> Map<String, Json> {
    if action != "debug" {
        return result.clone();
    }
    if result.contains_key("msg") {
        result
            .iter()
            .filter(|(k, _)| DEBUG_ALLOWED.contains(&k.as_str()) || k.starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    } else {
        result
            .iter()
            .filter(|(k, _)| !HIDE_IN_DEBUG.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
