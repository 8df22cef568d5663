//! The controller's side of the modules: what each task sends to the host's module library
//! (validated arguments, how to run, and bytes when the module needs them), and what comes
//! back as the engine's [`ModuleResult`]. Modules whose work involves the controller's files
//! (copy, template, fetch, slurp) are in [`transfer`]; command's free form is split here
//! ([`argv`]) so that hosts need no shlex. Which of Ansible's options rpyctl honours is in
//! [`support`], checked before any host is touched.

mod argv;
pub mod support;
mod transfer;

use rpyctl_playbooks::{ModuleCall, ModuleOutcome, ModuleResult};
use serde_json::{json, Map, Value as Json};

use super::executor::{CallError, PlayExecutor};
use super::library::Reply;

/// A JSON value as text (strings as they are).
pub fn text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The request every module call sends: arguments and how to run.
pub(crate) fn request(call: &ModuleCall, args: Map<String, Json>) -> Json {
    json!({
        "args": args,
        "check": call.check_mode,
        "diff": call.diff,
        "env": call.environment,
        "become": call.become_.as_ref().map(|b| b.user.clone()),
    })
}

/// The host a call runs on: `delegate_to`, else the task's host.
pub(crate) fn target(call: &ModuleCall) -> &str {
    call.delegate_to.as_deref().unwrap_or(&call.host)
}

/// Runs one module call.
pub async fn run(exec: &PlayExecutor, call: &ModuleCall) -> ModuleOutcome {
    let name = call.module.name.as_str();
    let outcome = match name {
        "copy" | "template" => transfer::copy(exec, call).await,
        "fetch" => transfer::fetch(exec, call).await,
        "slurp" => transfer::slurp(exec, call).await,
        "command" | "shell" => match argv::command_args(call) {
            Ok(args) => plain(exec, call, name, args).await,
            Err(msg) => Ok(ModuleResult::failed(msg)),
        },
        _ => plain(exec, call, name, call.args.values().clone()).await,
    };
    match outcome {
        Ok(result) => ModuleOutcome::Done(result),
        Err(CallError::Unreachable(reason)) => ModuleOutcome::Unreachable(reason),
        Err(CallError::Failed(msg)) => ModuleOutcome::Done(ModuleResult::failed(msg)),
    }
}

/// A module that needs nothing but its arguments: one call, its reply as the result.
async fn plain(
    exec: &PlayExecutor,
    call: &ModuleCall,
    module: &str,
    args: Map<String, Json>,
) -> Result<ModuleResult, CallError> {
    let reply = exec.call(target(call), module, &request(call, args), None).await?;
    Ok(result(call, reply))
}

/// A module's reply as the engine's result, as Ansible's action plugins shape it: `changed`,
/// `failed`, `msg`, `diff` and `warnings` taken out, `stdout_lines`/`stderr_lines` added.
pub(crate) fn result(call: &ModuleCall, reply: Reply) -> ModuleResult {
    let mut values = reply.result;
    if let Some(refused) = values.remove("_become_refused") {
        let user = refused.get("user").map(text).unwrap_or_default();
        let wanted = refused.get("become_user").map(text).unwrap_or_default();
        return ModuleResult::failed(format!(
            "{}: become ({wanted}) needs privilege escalation, which rpyctl does not do yet; \
             the connection runs as {user}",
            target(call)
        ));
    }
    let flag =
        |values: &mut Map<String, Json>, key: &str| values.remove(key).and_then(|v| v.as_bool()).unwrap_or(false);
    let changed = flag(&mut values, "changed");
    let failed = flag(&mut values, "failed");
    let msg = values.remove("msg").map(|m| text(&m));
    let diff = values.remove("diff").filter(|_| call.diff);
    let warnings = match values.remove("warnings") {
        Some(Json::Array(items)) => items.iter().map(text).collect(),
        _ => Vec::new(),
    };
    for (out, lines) in [("stdout", "stdout_lines"), ("stderr", "stderr_lines")] {
        if let Some(Json::String(s)) = values.get(out) {
            if !values.contains_key(lines) {
                let split: Vec<Json> = python_splitlines(s).into_iter().map(Json::from).collect();
                values.insert(lines.into(), Json::Array(split));
            }
        }
    }
    ModuleResult { changed, failed, msg, values, diff, warnings }
}

/// `str.splitlines()`: lines split at every line boundary Python knows, ends dropped.
pub(crate) fn python_splitlines(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(std::mem::take(&mut line));
            }
            '\n' | '\u{0b}' | '\u{0c}' | '\u{1c}' | '\u{1d}' | '\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                out.push(std::mem::take(&mut line))
            }
            c => line.push(c),
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitlines_as_python() {
        assert_eq!(python_splitlines("a\nb\r\nc\rd\x0ce"), ["a", "b", "c", "d", "e"]);
        assert_eq!(python_splitlines("a\n"), ["a"]);
        assert_eq!(python_splitlines(""), Vec::<String>::new());
        assert_eq!(python_splitlines("\n\n"), ["", ""]);
    }
}
