//! A task's action: which module (or include/import), and its arguments — a mapping,
//! `key=value` text, free-form text, the `args:` keyword, or `action:`/`local_action:` — checked
//! against the module's spec before anything runs.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};

use super::fields::{valid_name, Src};
use crate::error::{one_of, Error, Location};
use crate::modules::freeform::parse_kv;
use crate::modules::{validate, Catalog, ModuleSpec, Phase};
use crate::template::{check_deep, check_syntax, is_template};
use crate::yaml::{Key, Kind, Node};

/// What a task key names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ActionRef {
    Module(&'static ModuleSpec),
    Include,
    Import,
}

/// `meta` actions the engine carries out.
pub const META_ACTIONS: [&str; 6] =
    ["clear_host_errors", "end_batch", "end_host", "end_play", "flush_handlers", "noop"];

pub(crate) fn resolve_action(name: &str) -> Option<ActionRef> {
    let short = name.strip_prefix("ansible.builtin.").or_else(|| name.strip_prefix("ansible.legacy.")).unwrap_or(name);
    match short {
        "include_tasks" => Some(ActionRef::Include),
        "import_tasks" => Some(ActionRef::Import),
        _ => Catalog::get().lookup(name).map(ActionRef::Module),
    }
}

/// Reads and checks a module's arguments. `key` is the task key that named the module
/// (`copy`, or `action`/`local_action` whose text or mapping also holds the module name).
pub(crate) fn module_args(
    src: &Src,
    key: &Key,
    spec: &'static ModuleSpec,
    value: &Node,
    args_kw: Option<&Node>,
) -> Result<Map<String, Json>, Error> {
    let from_action = matches!(key.name.as_str(), "action" | "local_action");
    let mut args = Map::new();
    let mut locs: HashMap<String, Location> = HashMap::new();
    if let Some(a) = args_kw {
        for (k, v) in src.map(a, "args")? {
            check_deep(&v.to_json()).map_err(|e| src.err(v, e))?;
            args.insert(k.name.clone(), v.to_json());
            locs.insert(k.name.clone(), src.key_loc(k));
        }
    }
    let free = spec.free_form.as_deref();
    match &value.kind {
        Kind::Null => {}
        Kind::Map(m) => {
            for (k, v) in m {
                if from_action && k.name == "module" {
                    continue;
                }
                if k.name == "args" && from_action {
                    for (ak, av) in src.map(v, "args")? {
                        args.insert(ak.name.clone(), av.to_json());
                        locs.insert(ak.name.clone(), src.key_loc(ak));
                    }
                    continue;
                }
                check_syntax(&k.name).map_err(|e| src.key_err(k, e))?;
                check_deep(&v.to_json()).map_err(|e| src.err(v, e))?;
                args.insert(k.name.clone(), v.to_json());
                locs.insert(k.name.clone(), src.key_loc(k));
            }
        }
        Kind::Str(s) => {
            let text =
                if from_action { s.trim_start().split_once(char::is_whitespace).map_or("", |(_, r)| r) } else { s };
            for (k, v) in parse_kv(text, free).map_err(|e| src.err(value, e))? {
                if let Json::String(s) = &v {
                    check_syntax(s).map_err(|e| src.err(value, e))?;
                }
                locs.insert(k.clone(), src.loc(value));
                args.insert(k, v);
            }
        }
        Kind::Int(_) | Kind::UInt(_) | Kind::Float(_) | Kind::Bool(_) if free.is_some() => {
            args.insert(free.unwrap_or("_raw_params").to_owned(), Json::String(src.string(value, "arguments")?));
        }
        other => {
            return Err(
                src.err(value, format!("the arguments of '{}' must be a mapping, not {}", key.name, other.describe()))
            );
        }
    }
    let here = |name: Option<&str>| name.and_then(|n| locs.get(n).cloned()).unwrap_or_else(|| src.key_loc(key));
    if spec.name == "shell" {
        args.entry("_uses_shell").or_insert(Json::Bool(true));
    }
    special_checks(spec, &args).map_err(|(opt, msg)| Error::at(here(opt.as_deref()), msg))?;
    validate(spec, &args, Phase::Parse).map_err(|e| Error::at(here(e.option.as_deref()), e.message))?;
    Ok(args)
}

/// Checks Ansible makes in the action plugins rather than the argument spec.
fn special_checks(spec: &ModuleSpec, args: &Map<String, Json>) -> Result<(), (Option<String>, String)> {
    match spec.name.as_str() {
        "meta" => match args.get("free_form").and_then(Json::as_str) {
            Some(a) if is_template(a) => Err((None, "meta actions cannot be templated".into())),
            Some(a) if !META_ACTIONS.contains(&a) => Err((
                Some("free_form".into()),
                format!("meta '{a}' is not supported (supported: {})", one_of(META_ACTIONS)),
            )),
            _ => Ok(()),
        },
        "set_fact" => {
            let names: Vec<&String> = args.keys().filter(|k| k.as_str() != "cacheable").collect();
            if names.is_empty() {
                return Err((
                    None,
                    "No key/value pairs provided, at least one is required for this action to succeed".into(),
                ));
            }
            match names.iter().find(|k| !is_template(k) && !valid_name(k)) {
                Some(bad) => Err((Some((*bad).clone()), format!("The variable name '{bad}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores."))),
                None => Ok(()),
            }
        }
        "pause" if args.contains_key("prompt") => Err((
            Some("prompt".into()),
            "pause with a prompt needs a terminal; rpyctl runs playbooks unattended (use seconds or minutes)".into(),
        )),
        _ => Ok(()),
    }
}
