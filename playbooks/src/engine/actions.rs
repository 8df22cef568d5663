//! One attempt of a task's module on one host: its arguments templated and validated, then
//! either carried out here (`debug`, `set_fact`, `assert`, `fail`, `pause`, `setup`) or handed
//! to the [`Executor`] (with `copy`/`template` sources found and templates rendered first).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value as Json};

use super::context::Ctx;
use super::executor::{Become, FactsOutcome, LocalSource, ModuleCall, ModuleOutcome, ModuleResult};
use super::reporter::Reporter;
use super::Executor;
use crate::model::Task;
use crate::modules::{validate, ModuleArgs, ModuleSpec, Phase, RunsOn};
use crate::template::{self, omit_token, TextOptions, Vars};

/// Ansible's result flag: callbacks show the result whole, at any verbosity (debug, assert).
pub const VERBOSE_ALWAYS: &str = "_ansible_verbose_always";
/// Ansible's result flag: callbacks never dump the result, even with `-v` (facts).
pub const VERBOSE_OVERRIDE: &str = "_ansible_verbose_override";

/// How the task runs on this host (keywords already evaluated).
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub check_mode: bool,
    pub diff: bool,
    pub become_: Option<Become>,
    pub environment: BTreeMap<String, String>,
    pub timeout: Option<f64>,
    pub no_log: bool,
    pub delegate_to: Option<String>,
}

/// What one attempt gave.
pub(crate) enum Attempt {
    Result(Map<String, Json>),
    Unreachable(String),
}

pub(crate) fn failed(msg: impl Into<String>) -> Map<String, Json> {
    let mut m = Map::new();
    m.insert("failed".into(), Json::Bool(true));
    m.insert("msg".into(), Json::String(msg.into()));
    m.insert("changed".into(), Json::Bool(false));
    m
}

fn ok(values: Map<String, Json>) -> Map<String, Json> {
    let mut m = values;
    m.insert("changed".into(), Json::Bool(false));
    m
}

fn strip_omitted(v: &mut Map<String, Json>) {
    let omit = omit_token();
    v.retain(|_, val| val.as_str() != Some(omit));
    for val in v.values_mut() {
        if let Json::Object(m) = val {
            strip_omitted(m);
        }
    }
}

/// Templates and validates the arguments of `spec` for this host.
pub(crate) fn final_args(
    spec: &'static ModuleSpec,
    raw: &Map<String, Json>,
    vars: &Vars,
) -> Result<ModuleArgs, String> {
    let mut args = Map::new();
    for (k, v) in raw {
        // `assert.that` holds conditionals, evaluated by the action itself.
        let value = if spec.name == "assert" && k == "that" {
            v.clone()
        } else {
            template::render_deep(v, vars)
                .map_err(|e| format!("the argument '{k}' could not be templated: {}", e.message()))?
        };
        let key = if template::is_template(k) {
            template::pystr(&template::render(k, vars).map_err(|e| e.message())?)
        } else {
            k.clone()
        };
        args.insert(key, value);
    }
    strip_omitted(&mut args);
    validate(spec, &args, Phase::Run).map_err(|e| e.message)
}

pub(crate) async fn execute<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    host: &str,
    task: &Task,
    spec: &'static ModuleSpec,
    raw: &Map<String, Json>,
    vars: &Vars,
    settings: &Settings,
) -> Attempt {
    let args = match final_args(spec, raw, vars) {
        Ok(a) => a,
        Err(e) => return Attempt::Result(failed(e)),
    };
    if spec.runs_on == RunsOn::Controller {
        return Attempt::Result(controller_action(ctx, spec, &args, vars, settings).await);
    }
    if spec.name == "setup" {
        let target = settings.delegate_to.as_deref().unwrap_or(host);
        return match ctx.exec.gather_facts(target).await {
            FactsOutcome::Gathered(facts) => {
                let mut m = Map::new();
                m.insert("ansible_facts".into(), Json::Object(facts));
                m.insert(VERBOSE_OVERRIDE.into(), Json::Bool(true));
                Attempt::Result(ok(m))
            }
            FactsOutcome::Failed(msg) => Attempt::Result(failed(msg)),
            FactsOutcome::Unreachable(msg) => Attempt::Unreachable(msg),
        };
    }
    if settings.check_mode && spec.check_mode == "none" {
        let mut m = ok(Map::new());
        m.insert("skipped".into(), Json::Bool(true));
        m.insert("msg".into(), Json::from(format!("remote module ({}) does not support check mode", spec.name)));
        return Attempt::Result(m);
    }
    let local = match local_source(spec, &args, task, vars) {
        Ok(l) => l,
        Err(e) => return Attempt::Result(failed(e)),
    };
    let call = ModuleCall {
        host: host.to_owned(),
        delegate_to: settings.delegate_to.clone(),
        module: spec,
        args: args.clone(),
        check_mode: settings.check_mode,
        diff: settings.diff,
        become_: settings.become_.clone(),
        environment: settings.environment.clone(),
        no_log: settings.no_log,
        local,
        basedir: ctx.sources.play.basedir.clone(),
        task_name: task.display_name(),
    };
    let outcome = match settings.timeout.filter(|t| *t > 0.0) {
        None => ctx.exec.run_module(&call).await,
        Some(secs) => {
            let run = ctx.exec.run_module(&call);
            let timer = ctx.exec.sleep(Duration::from_secs_f64(secs));
            futures::pin_mut!(run, timer);
            match futures::future::select(run, timer).await {
                futures::future::Either::Left((o, _)) => o,
                futures::future::Either::Right(((), _)) => {
                    return Attempt::Result(failed(format!(
                        "The {} action failed to execute in the expected time frame ({secs}) and was terminated",
                        spec.name
                    )))
                }
            }
        }
    };
    match outcome {
        ModuleOutcome::Unreachable(msg) => Attempt::Unreachable(msg),
        ModuleOutcome::Done(r) => Attempt::Result(result_map(r, &args)),
    }
}

fn result_map(r: ModuleResult, args: &ModuleArgs) -> Map<String, Json> {
    let mut m = r.values;
    m.insert("changed".into(), Json::Bool(r.changed));
    if r.failed {
        m.insert("failed".into(), Json::Bool(true));
    }
    if let Some(msg) = r.msg {
        m.insert("msg".into(), Json::String(msg));
    }
    if let Some(d) = r.diff {
        m.insert("diff".into(), d);
    }
    if !r.warnings.is_empty() {
        m.insert("warnings".into(), Json::from(r.warnings));
    }
    let mut inv = Map::new();
    inv.insert("module_args".into(), Json::Object(args.censored()));
    m.insert("invocation".into(), Json::Object(inv));
    m
}

/// Where Ansible's `_find_needle` looks for a controller-side file: the role's
/// `files/`/`templates/` and folder, the task file's folder, the playbook's `files/`/`templates/`
/// and folder.
pub(crate) fn find_local(task: &Task, kind: &str, name: &str, basedir: &std::path::Path) -> Option<PathBuf> {
    let p = std::path::Path::new(name);
    if p.is_absolute() {
        return p.exists().then(|| p.to_path_buf());
    }
    let mut candidates = Vec::new();
    if let Some(r) = &task.role {
        candidates.extend([r.path.join(kind).join(p), r.path.join(p), r.path.join("tasks").join(p)]);
    }
    candidates.extend([task.dir.join(kind).join(p), task.dir.join(p), basedir.join(kind).join(p), basedir.join(p)]);
    candidates.into_iter().find(|c| c.exists())
}

fn local_source(spec: &ModuleSpec, args: &ModuleArgs, task: &Task, vars: &Vars) -> Result<Option<LocalSource>, String> {
    let basedir =
        vars.raw("playbook_dir").and_then(Json::as_str).map(PathBuf::from).unwrap_or_else(|| task.dir.clone());
    match spec.name.as_str() {
        "copy" if args.get("content").is_none() && !args.bool("remote_src").unwrap_or(false) => {
            let Some(src) = args.str("src") else { return Err("src (or content) is required".into()) };
            find_local(task, "files", src, &basedir)
                .map(|p| Some(LocalSource::File(p)))
                .ok_or_else(|| format!("Could not find or access '{src}' on the Ansible Controller."))
        }
        "template" => {
            let src = args.str("src").unwrap_or_default();
            let path = find_local(task, "templates", src, &basedir)
                .ok_or_else(|| format!("Could not find or access '{src}' on the Ansible Controller."))?;
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let mut extra = Map::new();
            extra.insert("template_path".into(), Json::from(path.display().to_string()));
            extra.insert("template_fullpath".into(), Json::from(path.display().to_string()));
            extra.insert("template_destpath".into(), Json::from(args.str("dest").unwrap_or_default()));
            let opts = TextOptions {
                trim_blocks: args.bool("trim_blocks").unwrap_or(true),
                lstrip_blocks: args.bool("lstrip_blocks").unwrap_or(false),
            };
            let mut out = template::render_file_text(&text, &vars.with(extra), opts)
                .map_err(|e| format!("{}: {}", path.display(), e.message()))?;
            match args.str("newline_sequence") {
                Some("\\r\\n") => out = out.replace('\n', "\r\n"),
                Some("\\r") => out = out.replace('\n', "\r"),
                _ => {}
            }
            Ok(Some(LocalSource::Rendered { src: path, text: out }))
        }
        _ => Ok(None),
    }
}

async fn controller_action<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    spec: &ModuleSpec,
    args: &ModuleArgs,
    vars: &Vars,
    _settings: &Settings,
) -> Map<String, Json> {
    match spec.name.as_str() {
        "debug" => {
            let verbosity = args.int("verbosity").unwrap_or(0);
            if verbosity > i64::from(ctx.opts.verbosity) {
                let mut m = ok(Map::new());
                m.insert("skipped_reason".into(), Json::from("Verbosity threshold not met."));
                m.insert("skipped".into(), Json::Bool(true));
                return m;
            }
            let mut m = Map::new();
            match args.str("var") {
                Some(var) => {
                    let value = match template::eval(var, vars) {
                        Ok(v) => v,
                        Err(_) => Json::from("VARIABLE IS NOT DEFINED!"),
                    };
                    m.insert(var.to_owned(), value);
                }
                None => {
                    m.insert("msg".into(), args.get("msg").cloned().unwrap_or_else(|| Json::from("Hello world!")));
                }
            }
            // As Ansible's debug action: callbacks show this result whole, always.
            m.insert(VERBOSE_ALWAYS.into(), Json::Bool(true));
            ok(m)
        }
        "set_fact" => {
            let facts: Map<String, Json> = args
                .values()
                .iter()
                .filter(|(k, _)| k.as_str() != "cacheable")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let mut m = Map::new();
            m.insert("ansible_facts".into(), Json::Object(facts));
            ok(m)
        }
        "assert" => {
            let that: Vec<Json> = match args.get("that") {
                Some(Json::Array(items)) => items.clone(),
                Some(other) => vec![other.clone()],
                None => Vec::new(),
            };
            // As Ansible's assert action: shown whole unless `quiet`.
            let loud = |mut m: Map<String, Json>| {
                if !args.bool("quiet").unwrap_or(false) {
                    m.insert(VERBOSE_ALWAYS.into(), Json::Bool(true));
                }
                m
            };
            for cond in &that {
                match template::condition(cond, vars) {
                    Ok(true) => {}
                    Ok(false) => {
                        let mut m = failed(args.str("fail_msg").unwrap_or("Assertion failed").to_owned());
                        m.insert("assertion".into(), cond.clone());
                        m.insert("evaluated_to".into(), Json::Bool(false));
                        return loud(m);
                    }
                    Err(e) => return failed(e.message()),
                }
            }
            let mut m = ok(Map::new());
            m.insert("msg".into(), Json::from(args.str("success_msg").unwrap_or("All assertions passed")));
            loud(m)
        }
        "fail" => failed(args.str("msg").unwrap_or("Failed as requested from task")),
        "pause" => {
            let secs =
                |name: &str, scale: f64| args.str(name).and_then(|s| s.trim().parse::<f64>().ok()).map(|v| v * scale);
            let delta = secs("seconds", 1.0).or_else(|| secs("minutes", 60.0)).unwrap_or(0.0).max(0.0);
            ctx.exec.sleep(Duration::from_secs_f64(delta)).await;
            let mut m = ok(Map::new());
            m.insert("delta".into(), Json::from(delta));
            m.insert("stdout".into(), Json::from(format!("Paused for {delta} seconds")));
            m.insert("user_input".into(), Json::from(""));
            m
        }
        // `meta` is carried out by the strategy; reaching here means it did nothing per host.
        _ => ok(Map::new()),
    }
}
