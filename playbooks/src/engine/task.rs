//! One task on one host: `when`, loops, `until`/`retries`/`delay`, `changed_when`,
//! `failed_when`, `register`, `set_fact`, `ignore_errors`, `no_log` — the result as Ansible
//! builds it in `TaskExecutor`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use serde_json::{Map, Value as Json};

use super::actions::{execute, failed, Attempt, Settings};
use super::context::{flag, number, text, Ctx};
use super::executor::Become;
use super::loops;
use super::reporter::{Event, Outcome, Reporter, Status, TaskInfo};
use super::Executor;
use crate::model::{Action, Node, Task};
use crate::template::{self, pystr, Vars};

/// What Ansible shows for a `no_log` result.
pub const NO_LOG_MESSAGE: &str =
    "the output has been hidden due to the fact that 'no_log: true' was specified for this result";

/// A task's end on a host.
pub(crate) struct Done {
    pub outcome: Outcome,
    /// Failed, and not ignored.
    pub failed: bool,
    /// Unreachable, and not ignored.
    pub unreachable: bool,
    pub changed: bool,
    /// Tasks `include_tasks` brought in for this host.
    pub include: Option<Arc<Vec<Node>>>,
}

fn settings(task: &Task, vars: &Vars, check: bool, diff: bool) -> Result<Settings, crate::Error> {
    let kw = &task.kw;
    let become_ = if flag(kw.escalate.as_ref(), vars, false)? {
        Some(Become { user: text(kw.become_user.as_ref(), vars)?.unwrap_or_else(|| "root".into()) })
    } else {
        None
    };
    let mut environment = BTreeMap::new();
    for e in &kw.environment {
        match template::render_deep(e, vars)? {
            Json::Object(m) => environment.extend(m.into_iter().map(|(k, v)| (k, pystr(&v)))),
            Json::Null => {}
            other => return Err(crate::Error::Other(format!("environment must be a mapping, got {}", pystr(&other)))),
        }
    }
    Ok(Settings {
        check_mode: flag(kw.check_mode.as_ref(), vars, check)?,
        diff: flag(kw.diff.as_ref(), vars, diff)?,
        become_,
        environment,
        timeout: number(kw.timeout.as_ref(), vars)?,
        no_log: flag(kw.no_log.as_ref(), vars, false)?,
        delegate_to: text(kw.delegate_to.as_ref(), vars)?,
    })
}

fn is(m: &Map<String, Json>, key: &str) -> bool {
    m.get(key).and_then(Json::as_bool).unwrap_or(false)
}

/// `when` (all conditions); `Ok(None)` when they hold, else the skipped result.
fn check_when(task: &Task, vars: &Vars) -> Result<Option<Map<String, Json>>, crate::Error> {
    for cond in &task.kw.when {
        if !template::condition(cond, vars)? {
            let mut m = Map::new();
            m.insert("changed".into(), Json::Bool(false));
            m.insert("false_condition".into(), cond.clone());
            m.insert("skip_reason".into(), Json::from("Conditional result was False"));
            m.insert("skipped".into(), Json::Bool(true));
            return Ok(Some(m));
        }
    }
    Ok(None)
}

fn status_of(m: &Map<String, Json>) -> Status {
    if is(m, "unreachable") {
        Status::Unreachable
    } else if is(m, "failed") {
        Status::Failed
    } else if is(m, "skipped") {
        Status::Skipped
    } else if is(m, "changed") {
        Status::Changed
    } else {
        Status::Ok
    }
}

fn censor(m: &Map<String, Json>) -> Map<String, Json> {
    let mut out = Map::new();
    out.insert("censored".into(), Json::from(NO_LOG_MESSAGE));
    for k in ["changed", "failed", "skipped", "unreachable"] {
        if let Some(v) = m.get(k) {
            out.insert(k.into(), v.clone());
        }
    }
    out
}

/// Runs `task` on `host`.
pub(crate) async fn run_task<E: Executor, R: Reporter>(ctx: &Ctx<'_, E, R>, host: &str, task: &Arc<Task>) -> Done {
    let vars = ctx.vars(host, Some(task));
    let name = task.display_name();
    let mut include = None;
    let result = match settings(task, &vars, ctx.opts.check, ctx.opts.diff) {
        Err(e) => failed(e.message()),
        Ok(s) => match &task.loop_ {
            None => match check_when(task, &vars) {
                Err(e) => failed(e.message()),
                Ok(Some(skipped)) => skipped,
                Ok(None) => attempts(ctx, host, task, &vars, &s, &mut include, None).await,
            },
            Some(lp) => {
                let basedir = ctx.sources.play.basedir.clone();
                match loops::items(task, lp, &vars, &basedir) {
                    Err(e) => failed(e.message()),
                    Ok(items) => run_loop(ctx, host, task, &vars, &s, &items, &mut include, &name).await,
                }
            }
        },
    };
    finish(ctx, host, task, &vars, result, include)
}

#[allow(clippy::too_many_arguments)]
async fn run_loop<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    host: &str,
    task: &Arc<Task>,
    vars: &Vars,
    s: &Settings,
    items: &[Json],
    include: &mut Option<Arc<Vec<Node>>>,
    name: &str,
) -> Map<String, Json> {
    let Some(lp) = &task.loop_ else { return failed("no loop") };
    let mut results = Vec::new();
    let mut included: Vec<Node> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let extra = loops::item_vars(lp, item, i, items);
        let ivars = vars.with(extra.clone());
        let mut r = match check_when(task, &ivars) {
            Err(e) => failed(e.message()),
            Ok(Some(skipped)) => skipped,
            Ok(None) => {
                let mut inc = None;
                let r = attempts(ctx, host, task, &ivars, s, &mut inc, Some(&extra)).await;
                if let Some(nodes) = inc {
                    included.extend(nodes.iter().cloned());
                }
                r
            }
        };
        r.insert(lp.loop_var.clone(), item.clone());
        r.insert("ansible_loop_var".into(), Json::from(lp.loop_var.as_str()));
        if let Some(iv) = &lp.index_var {
            r.insert(iv.clone(), Json::from(i));
            r.insert("ansible_index_var".into(), Json::from(iv.as_str()));
        }
        let label = match &lp.label {
            Some(l) => template::render_deep(l, &ivars).unwrap_or_else(|_| item.clone()),
            None => item.clone(),
        };
        let no_log = s.no_log;
        let outcome = Outcome {
            host: host.to_owned(),
            delegated_to: s.delegate_to.clone(),
            status: status_of(&r),
            result: if no_log { censor(&r) } else { r.clone() },
            ignored: false,
            item_label: Some(label),
        };
        ctx.report(Event::Item { task: TaskInfo::of(task, name), outcome: &outcome });
        let unreachable = is(&r, "unreachable");
        results.push(Json::Object(r));
        if unreachable {
            break;
        }
        if let Some(p) = lp.pause.filter(|p| *p > 0.0) {
            if i + 1 < items.len() {
                ctx.exec.sleep(Duration::from_secs_f64(p)).await;
            }
        }
    }
    if matches!(task.action, Action::IncludeTasks(_)) && !included.is_empty() {
        *include = Some(Arc::new(included));
    }
    aggregate(results)
}

/// A loop's result: `results`, changed if any item changed, failed if any failed, skipped if
/// all were skipped.
fn aggregate(results: Vec<Json>) -> Map<String, Json> {
    let item = |k: &str| results.iter().filter(|r| r.get(k).and_then(Json::as_bool).unwrap_or(false)).count();
    let (changed, failed_n, skipped, unreachable) =
        (item("changed"), item("failed"), item("skipped"), item("unreachable"));
    let mut m = Map::new();
    m.insert("changed".into(), Json::Bool(changed > 0));
    if results.is_empty() {
        m.insert("skipped".into(), Json::Bool(true));
        m.insert("skipped_reason".into(), Json::from("No items in the list"));
    } else if unreachable > 0 {
        m.insert("unreachable".into(), Json::Bool(true));
        m.insert("msg".into(), Json::from("One or more items were unreachable"));
    } else if failed_n > 0 {
        m.insert("failed".into(), Json::Bool(true));
        m.insert("msg".into(), Json::from("One or more items failed"));
    } else if skipped == results.len() {
        m.insert("skipped".into(), Json::Bool(true));
        m.insert("msg".into(), Json::from("All items skipped"));
    } else {
        m.insert("msg".into(), Json::from("All items completed"));
    }
    m.insert("results".into(), Json::from(results));
    m
}

/// The `until` loop around one execution, with `changed_when`/`failed_when`.
async fn attempts<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    host: &str,
    task: &Arc<Task>,
    vars: &Vars,
    s: &Settings,
    include: &mut Option<Arc<Vec<Node>>>,
    loop_vars: Option<&Map<String, Json>>,
) -> Map<String, Json> {
    let retries_kw = match number(task.retries.as_ref(), vars) {
        Ok(r) => r,
        Err(e) => return failed(e.message()),
    };
    let retries: u32 = match retries_kw {
        Some(r) => 1 + r.max(0.0) as u32,
        None if !task.until.is_empty() => 4,
        None => 1,
    };
    let delay = match number(task.delay.as_ref(), vars) {
        Ok(d) => d.map_or(5.0, |d| if d < 0.0 { 1.0 } else { d }),
        Err(e) => return failed(e.message()),
    };
    let mut attempt = 1;
    loop {
        let mut result = match &task.action {
            Action::Module { spec, args } => match execute(ctx, host, task, spec, args, vars, s).await {
                Attempt::Result(r) => r,
                Attempt::Unreachable(msg) => {
                    let mut m = Map::new();
                    m.insert("changed".into(), Json::Bool(false));
                    m.insert("msg".into(), Json::from(msg));
                    m.insert("unreachable".into(), Json::Bool(true));
                    return m;
                }
            },
            Action::IncludeTasks(_) => super::include::include(ctx, host, task, vars, include, loop_vars),
        };
        if !result.contains_key("failed") {
            let rc_bad = result.get("rc").is_some_and(|rc| rc.as_i64() != Some(0) && rc.as_str() != Some("0"));
            result.insert("failed".into(), Json::Bool(rc_bad));
        }
        if retries > 1 {
            result.insert("attempts".into(), Json::from(attempt));
        }
        result.entry("changed").or_insert(Json::Bool(false));
        let with_result = |r: &Map<String, Json>| match &task.register {
            Some(reg) => {
                let mut m = Map::new();
                m.insert(reg.clone(), registered(r));
                vars.with(m)
            }
            None => vars.clone(),
        };
        if !is(&result, "skipped") {
            let v = with_result(&result);
            if !task.changed_when.is_empty() {
                match all(&task.changed_when, &v) {
                    Ok(c) => {
                        result.insert("changed".into(), Json::Bool(c));
                    }
                    Err(e) => {
                        result.insert("failed".into(), Json::Bool(true));
                        result.insert("changed_when_result".into(), Json::from(e));
                    }
                }
            }
            if !task.failed_when.is_empty() {
                match all(&task.failed_when, &v) {
                    Ok(f) => {
                        result.insert("failed".into(), Json::Bool(f));
                        result.insert("failed_when_result".into(), Json::Bool(f));
                    }
                    Err(e) => {
                        result.insert("failed".into(), Json::Bool(true));
                        result.insert("failed_when_result".into(), Json::from(e));
                    }
                }
            }
        }
        if retries <= 1 {
            return result;
        }
        let v = with_result(&result);
        let done = if task.until.is_empty() { Ok(!is(&result, "failed")) } else { all(&task.until, &v) };
        match done {
            Ok(true) => return result,
            Err(e) => {
                result.insert("failed".into(), Json::Bool(true));
                result.insert("msg".into(), Json::from(e));
                return result;
            }
            Ok(false) if attempt < retries => {
                result.insert("retries".into(), Json::from(retries));
                let shown = if s.no_log { censor(&result) } else { result.clone() };
                let name = task.display_name();
                ctx.report(Event::Retry {
                    task: TaskInfo::of(task, &name),
                    host,
                    attempt,
                    retries: retries - 1,
                    result: &shown,
                });
                ctx.exec.sleep(Duration::from_secs_f64(delay)).await;
                attempt += 1;
            }
            Ok(false) => {
                result.insert("attempts".into(), Json::from(retries - 1));
                result.insert("failed".into(), Json::Bool(true));
                return result;
            }
        }
    }
}

/// A result as `register` keeps it: without Ansible's internal `_ansible_*` flags (also in a
/// loop's `results`), which are for callbacks.
fn registered(r: &Map<String, Json>) -> Json {
    let mut m: Map<String, Json> =
        r.iter().filter(|(k, _)| !k.starts_with("_ansible_")).map(|(k, v)| (k.clone(), v.clone())).collect();
    if let Some(Json::Array(items)) = m.get_mut("results") {
        for item in items.iter_mut() {
            if let Json::Object(im) = item {
                *item = registered(im);
            }
        }
    }
    Json::Object(m)
}

fn all(conds: &[Json], vars: &Vars) -> Result<bool, String> {
    for c in conds {
        if !template::condition(c, vars).map_err(|e| e.message())? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Registers the result, applies `set_fact`/`setup` facts, and decides how it counts.
fn finish<E: Executor, R: Reporter>(
    ctx: &Ctx<'_, E, R>,
    host: &str,
    task: &Arc<Task>,
    vars: &Vars,
    result: Map<String, Json>,
    include: Option<Arc<Vec<Node>>>,
) -> Done {
    let status = status_of(&result);
    if status != Status::Unreachable && status != Status::Failed {
        apply_facts(ctx, host, task, &result);
    }
    if let Some(reg) = &task.register {
        let mut m = Map::new();
        m.insert(reg.clone(), registered(&result));
        ctx.sources.set(host, m);
    }
    let ignore_errors = flag(task.kw.ignore_errors.as_ref(), vars, false).unwrap_or(false);
    let ignore_unreachable = flag(task.kw.ignore_unreachable.as_ref(), vars, false).unwrap_or(false);
    let no_log = flag(task.kw.no_log.as_ref(), vars, false).unwrap_or(false);
    let ignored = (status == Status::Failed && ignore_errors) || (status == Status::Unreachable && ignore_unreachable);
    let outcome = Outcome {
        host: host.to_owned(),
        delegated_to: text(task.kw.delegate_to.as_ref(), vars).ok().flatten(),
        status,
        result: if no_log { censor(&result) } else { result.clone() },
        ignored,
        item_label: None,
    };
    Done {
        failed: status == Status::Failed && !ignored,
        unreachable: status == Status::Unreachable && !ignored,
        changed: status == Status::Changed || (is(&result, "changed") && status != Status::Skipped),
        include,
        outcome,
    }
}

fn apply_facts<E: Executor, R: Reporter>(ctx: &Ctx<'_, E, R>, host: &str, task: &Task, result: &Map<String, Json>) {
    let Action::Module { spec, .. } = &task.action else { return };
    let collect = |r: &Map<String, Json>| r.get("ansible_facts").and_then(Json::as_object).cloned();
    let mut facts: Vec<Map<String, Json>> = collect(result).into_iter().collect();
    if let Some(Json::Array(items)) = result.get("results") {
        facts.extend(items.iter().filter_map(Json::as_object).filter(|r| !is(r, "failed")).filter_map(collect));
    }
    for f in facts {
        match spec.name.as_str() {
            "set_fact" => ctx.sources.set(host, f),
            // Gathered facts come without the `ansible_` prefix (the Executor's contract).
            "setup" => ctx.sources.set_facts(host, f),
            _ => ctx.sources.set_module_facts(host, f),
        }
    }
}
