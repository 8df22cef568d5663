//! Plays: their keywords, roles, task sections and handlers.

use std::sync::Arc;

use serde_json::Value as Json;

use super::fields::Src;
use super::keywords::read_inherited;
use super::role::Roles;
use super::task::Scope;
use super::Parser;
use crate::error::{one_of, Error};
use crate::model::{Action, Keywords, Node, Play, Serial, Strategy, Task};
use crate::template::is_template;
use crate::yaml::{Key, Kind, Node as Yaml};

const PLAY_KEYS: [&str; 25] = [
    "name",
    "hosts",
    "vars",
    "vars_files",
    "gather_facts",
    "pre_tasks",
    "tasks",
    "post_tasks",
    "handlers",
    "roles",
    "serial",
    "max_fail_percentage",
    "any_errors_fatal",
    "ignore_unreachable",
    "ignore_errors",
    "strategy",
    "environment",
    "tags",
    "become",
    "become_user",
    "check_mode",
    "diff",
    "no_log",
    "timeout",
    "run_once",
];

/// Ansible play keywords rpyctl refuses (rather than ignoring them silently).
const UNSUPPORTED_PLAY_KEYS: [&str; 16] = [
    "collections",
    "connection",
    "debugger",
    "fact_path",
    "force_handlers",
    "gather_subset",
    "gather_timeout",
    "module_defaults",
    "order",
    "port",
    "remote_user",
    "throttle",
    "vars_prompt",
    "become_method",
    "become_exe",
    "become_flags",
];

fn play_keys() -> String {
    let mut v = PLAY_KEYS.to_vec();
    v.sort_unstable();
    one_of(v)
}

impl Parser {
    pub(crate) fn play(&mut self, src: &Src, n: &Yaml) -> Result<Play, Error> {
        let map = src.map(n, "a play")?;
        if let Some((k, _)) = map.iter().find(|(k, _)| k.name.contains("import_playbook") || k.name == "include") {
            return Err(src.key_err(k, format!("'{}' is not supported; list the plays in the playbook", k.name)));
        }
        let mut kw = Keywords::default();
        let mut play = Play {
            name: String::new(),
            location: src.loc(n),
            hosts: Vec::new(),
            vars: Default::default(),
            vars_files: Vec::new(),
            gather_facts: true,
            pre_tasks: Vec::new(),
            tasks: Vec::new(),
            post_tasks: Vec::new(),
            handlers: Vec::new(),
            roles: Vec::new(),
            serial: Vec::new(),
            max_fail_percentage: None,
            any_errors_fatal: false,
            strategy: Strategy::Linear,
            tags: Vec::new(),
            basedir: self.basedir.clone(),
        };
        let mut name = None;
        let mut sections: Vec<(&Key, &Yaml)> = Vec::new();
        let mut hosts_seen = false;
        for (k, v) in map {
            let key = k.name.as_str();
            match key {
                "name" => name = Some(src.string(v, "name")?),
                "hosts" => {
                    hosts_seen = true;
                    play.hosts = src.strings(v, "hosts")?;
                }
                "vars" => play.vars.extend(src.vars(v, "vars")?),
                "vars_files" => {
                    for f in src.seq(v, "vars_files")? {
                        if let Kind::Seq(_) = f.kind {
                            return Err(
                                src.err(f, "a list of alternatives in vars_files is not supported; name one file")
                            );
                        }
                        play.vars_files.push((Json::String(src.string(f, "vars_files")?), src.loc(f)));
                    }
                }
                "gather_facts" => {
                    play.gather_facts =
                        src.flag(v, key)?.as_bool().ok_or_else(|| src.err(v, "gather_facts cannot be templated"))?
                }
                "pre_tasks" | "tasks" | "post_tasks" | "handlers" | "roles" => sections.push((k, v)),
                "serial" => play.serial = serial(src, v)?,
                "max_fail_percentage" => {
                    play.max_fail_percentage = Some(
                        src.number(v, key)?
                            .as_f64()
                            .ok_or_else(|| src.err(v, "max_fail_percentage cannot be templated"))?,
                    )
                }
                "strategy" => {
                    play.strategy = match src.string(v, key)?.as_str() {
                        "linear" => Strategy::Linear,
                        "free" => Strategy::Free,
                        other => {
                            return Err(src
                                .err(v, format!("the strategy '{other}' is not supported (supported: free, linear)")))
                        }
                    }
                }
                "when" | "delegate_to" | "loop" => {
                    return Err(
                        src.key_err(k, format!("'{key}' is not a valid attribute for a play (valid: {})", play_keys()))
                    )
                }
                _ if read_inherited(src, k, v, &mut kw)? => {}
                _ if UNSUPPORTED_PLAY_KEYS.contains(&key) => {
                    return Err(src
                        .key_err(k, format!("the play keyword '{key}' is not supported (supported: {})", play_keys())))
                }
                _ => {
                    return Err(
                        src.key_err(k, format!("'{key}' is not a valid attribute for a play (valid: {})", play_keys()))
                    )
                }
            }
        }
        if !hosts_seen || play.hosts.is_empty() {
            return Err(src.err(n, "the field 'hosts' is required but was not set"));
        }
        play.any_errors_fatal = kw.any_errors_fatal.as_ref().and_then(Json::as_bool).unwrap_or(false);
        play.tags = kw.tags.clone();
        play.name = name.unwrap_or_else(|| play.hosts.join(","));
        let scope = Scope { kw, dir: self.basedir.clone(), ..Scope::default() };
        let mut roles = Roles::default();
        let mut handlers = Vec::new();
        for (k, v) in sections {
            match k.name.as_str() {
                "roles" => {
                    for entry in src.seq(v, "roles")? {
                        self.role(src, entry, &scope, &mut roles)?;
                    }
                }
                "handlers" => {
                    let hscope = Scope { handlers: true, ..scope.clone() };
                    for node in self.tasks(src, v, &hscope, "handlers")? {
                        if let Node::Task(t) = node {
                            handlers.push(t);
                        }
                    }
                }
                "pre_tasks" => play.pre_tasks = self.tasks(src, v, &scope, "pre_tasks")?,
                "tasks" => play.tasks = self.tasks(src, v, &scope, "tasks")?,
                _ => play.post_tasks = self.tasks(src, v, &scope, "post_tasks")?,
            }
        }
        let mut tasks = roles.tasks;
        tasks.append(&mut play.tasks);
        play.tasks = tasks;
        handlers.extend(roles.handlers);
        play.handlers = handlers;
        play.roles = roles.roles;
        check_notify(&play)?;
        Ok(play)
    }
}

fn serial(src: &Src, v: &Yaml) -> Result<Vec<Serial>, Error> {
    let one = |n: &Yaml| -> Result<Serial, Error> {
        let bad = || src.err(n, "serial must be a number, a percentage ('30%') or a list of them");
        match &n.kind {
            Kind::Int(i) if *i >= 0 => Ok(Serial::Count(usize::try_from(*i).map_err(|_| bad())?)),
            Kind::Str(s) => match s.trim().strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().map(Serial::Percent).map_err(|_| bad()),
                None => s.trim().parse::<usize>().map(Serial::Count).map_err(|_| bad()),
            },
            _ => Err(bad()),
        }
    };
    match &v.kind {
        Kind::Seq(items) => items.iter().map(one).collect(),
        Kind::Null => Ok(Vec::new()),
        _ => Ok(vec![one(v)?]),
    }
}

/// Every `notify` names a handler (by name, `role : name` or a `listen` topic). Templated
/// names are checked when they are notified.
fn check_notify(play: &Play) -> Result<(), Error> {
    let known = |n: &str| {
        play.handlers
            .iter()
            .any(|h| h.name.as_deref() == Some(n) || h.display_name() == n || h.listen.iter().any(|l| l == n))
    };
    let mut tasks: Vec<&Task> = play.handlers.iter().map(Arc::as_ref).collect();
    let mut stack: Vec<&Node> = play.pre_tasks.iter().chain(&play.tasks).chain(&play.post_tasks).collect();
    while let Some(node) = stack.pop() {
        match node {
            Node::Task(t) => {
                tasks.push(t);
                if let Action::IncludeTasks(inc) = &t.action {
                    stack.extend(inc.preloaded.iter().flatten());
                }
            }
            Node::Block(b) => stack.extend(b.block.iter().chain(&b.rescue).chain(&b.always)),
        }
    }
    for t in tasks {
        for n in &t.notify {
            if !is_template(n) && !known(n) {
                return Err(Error::at(
                    t.location.clone(),
                    format!(
                        "The requested handler '{n}' was not found in either the main handlers list nor in the listening handlers list"
                    ),
                ));
            }
        }
    }
    Ok(())
}
