//! Which keys a play, a block and a task accept, and the inheritable keywords' reading.

use serde_json::Value as Json;

use super::fields::Src;
use crate::error::Error;
use crate::model::Keywords;
use crate::yaml::{Key, Node};

/// Keywords blocks, tasks and plays pass down to tasks.
pub(crate) const INHERITED: [&str; 15] = [
    "when",
    "tags",
    "vars",
    "become",
    "become_user",
    "check_mode",
    "diff",
    "no_log",
    "ignore_errors",
    "ignore_unreachable",
    "run_once",
    "delegate_to",
    "any_errors_fatal",
    "timeout",
    "environment",
];

/// Keywords only a task has.
pub(crate) const TASK_ONLY: [&str; 18] = [
    "name",
    "register",
    "loop",
    "with_items",
    "with_list",
    "with_dict",
    "with_fileglob",
    "loop_control",
    "until",
    "retries",
    "delay",
    "failed_when",
    "changed_when",
    "notify",
    "args",
    "action",
    "local_action",
    "listen",
];

/// Ansible task/block keywords rpyctl does not support: refused with a clear message rather
/// than mistaken for a module.
pub(crate) const UNSUPPORTED: [&str; 13] = [
    "async",
    "poll",
    "throttle",
    "delegate_facts",
    "module_defaults",
    "collections",
    "connection",
    "debugger",
    "port",
    "remote_user",
    "become_method",
    "become_exe",
    "become_flags",
];

/// The task keywords, sorted, for messages.
pub(crate) fn task_keywords() -> Vec<&'static str> {
    let mut v: Vec<&str> = INHERITED.iter().chain(TASK_ONLY.iter()).copied().collect();
    v.sort_unstable();
    v
}

/// Reads an inheritable keyword into `kw`. Returns false when `key` is not one.
pub(crate) fn read_inherited(src: &Src, key: &Key, value: &Node, kw: &mut Keywords) -> Result<bool, Error> {
    let name = key.name.as_str();
    match name {
        "when" => kw.when.extend(src.conditions(value)?),
        "tags" => {
            for t in src.tags(value)? {
                if !kw.tags.contains(&t) {
                    kw.tags.push(t);
                }
            }
        }
        "vars" => kw.vars.extend(src.vars(value, "vars")?),
        "become" => kw.escalate = Some(src.flag(value, name)?),
        "become_user" => kw.become_user = Some(Json::String(src.string(value, name)?)),
        "check_mode" => kw.check_mode = Some(src.flag(value, name)?),
        "diff" => kw.diff = Some(src.flag(value, name)?),
        "no_log" => kw.no_log = Some(src.flag(value, name)?),
        "ignore_errors" => kw.ignore_errors = Some(src.flag(value, name)?),
        "ignore_unreachable" => kw.ignore_unreachable = Some(src.flag(value, name)?),
        "run_once" => kw.run_once = Some(src.flag(value, name)?),
        "any_errors_fatal" => kw.any_errors_fatal = Some(src.flag(value, name)?),
        "delegate_to" => kw.delegate_to = Some(Json::String(src.string(value, name)?)),
        "timeout" => kw.timeout = Some(src.number(value, name)?),
        "environment" => {
            let v = src.templated(value)?;
            if !(v.is_object() || v.is_string() || v.is_null()) {
                return Err(src.err(value, "environment must be a mapping of variable names to values"));
            }
            if !v.is_null() {
                kw.environment.push(v);
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}
