//! A play: its hosts (minus those that failed earlier), `serial` batches, per batch the
//! facts, `vars_files`, the sections with a handler flush after each, and the batch's end.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value as Json};

use super::context::Ctx;
use super::executor::FactsOutcome;
use super::reporter::{Event, Outcome, Reporter, Status, TaskInfo};
use super::strategy::{Batch, BatchEnd};
use super::{Executor, RunShared};
use crate::model::Play;
use crate::plan::{batches, play_hosts};
use crate::template::{self, pystr};
use crate::vars::{groups_var, load_vars_file, vars_file_path, VarSources};

/// Whether the playbook goes on after this play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlayEnd {
    Continue,
    Stop,
}

pub(crate) async fn run_play<E: Executor, R: Reporter>(shared: &RunShared<'_, E, R>, play: &Arc<Play>) -> PlayEnd {
    let opts = shared.opts;
    let all = match play_hosts(&shared.inventory, play, &shared.extra_vars, opts.limit.as_deref()) {
        Ok(h) => h,
        Err(e) => {
            let msg = e.to_string();
            shared.reporter.report(&Event::Warning { message: &msg });
            Vec::new()
        }
    };
    let gone =
        shared.stats.lock().map(|s| [s.failed_hosts.clone(), s.unreachable_hosts.clone()].concat()).unwrap_or_default();
    let hosts: Vec<String> = all.iter().filter(|h| !gone.contains(h)).cloned().collect();
    shared.reporter.report(&Event::PlayStart { name: &play.name, hosts: &hosts });
    if hosts.is_empty() {
        shared.reporter.report(&Event::NoHostsMatched { pattern: &play.hosts.join(",") });
        return PlayEnd::Continue;
    }
    for batch in batches(&hosts, &play.serial) {
        let sources = sources(shared, play, &all, &batch);
        let ctx = Ctx {
            exec: shared.exec,
            reporter: shared.reporter,
            opts,
            sources,
            stats: shared.stats,
            next_id: &shared.next_id,
        };
        let b = Batch::new(ctx, play.clone(), batch.clone(), &opts.tags, &shared.start_at);
        match run_batch(&b).await {
            BatchEnd::Break => return PlayEnd::Stop,
            BatchEnd::EndPlay => return PlayEnd::Continue,
            BatchEnd::Normal => {}
        }
        if batch.iter().all(|h| !b.is_alive(h) && gone_for_good(&b, h)) {
            return PlayEnd::Stop;
        }
    }
    PlayEnd::Continue
}

fn gone_for_good<E: Executor, R: Reporter>(b: &Batch<'_, E, R>, host: &str) -> bool {
    b.ctx.with_stats(|s| s.failed_hosts.iter().chain(&s.unreachable_hosts).any(|h| h == host)).unwrap_or(false)
}

/// The variable sources of a batch: play-wide magic variables, then each host's `vars_files`.
fn sources<E: Executor, R: Reporter>(
    shared: &RunShared<'_, E, R>,
    play: &Arc<Play>,
    all: &[String],
    batch: &[String],
) -> VarSources {
    let opts = shared.opts;
    let mut magic = Map::new();
    magic.insert("groups".into(), groups_var(&shared.inventory));
    for k in ["play_hosts", "ansible_play_hosts", "ansible_play_batch"] {
        magic.insert(k.into(), Json::from(batch.to_vec()));
    }
    magic.insert("ansible_play_hosts_all".into(), Json::from(all.to_vec()));
    magic.insert("ansible_play_name".into(), Json::from(play.name.as_str()));
    magic.insert("ansible_check_mode".into(), Json::Bool(opts.check));
    magic.insert("ansible_diff_mode".into(), Json::Bool(opts.diff));
    magic.insert("ansible_run_tags".into(), Json::from(opts.tags.only.clone()));
    magic.insert("ansible_skip_tags".into(), Json::from(opts.tags.skip.clone()));
    magic.insert("ansible_verbosity".into(), Json::from(opts.verbosity));
    let mut s = VarSources {
        inventory: shared.inventory.clone(),
        play: play.clone(),
        extra_vars: shared.extra_vars.clone(),
        vars_files: Arc::new(HashMap::new()),
        hosts: shared.host_facts.clone(),
        magic: Arc::new(magic),
    };
    if !play.vars_files.is_empty() {
        let mut per_host = HashMap::new();
        for h in batch {
            let vars = s.vars(h, None);
            let mut loaded = Map::new();
            for (name, loc) in &play.vars_files {
                let file = match template::render_deep(name, &vars) {
                    Ok(v) => pystr(&v),
                    Err(e) => {
                        let msg = format!("{loc}: vars_files: {}", e.message());
                        shared.reporter.report(&Event::Warning { message: &msg });
                        continue;
                    }
                };
                match load_vars_file(&vars_file_path(play, &file)) {
                    Ok(m) => loaded.extend(m),
                    Err(e) => {
                        let msg = format!("{loc}: vars_files: {e}");
                        shared.reporter.report(&Event::Warning { message: &msg });
                    }
                }
            }
            per_host.insert(h.clone(), loaded);
        }
        s.vars_files = Arc::new(per_host);
    }
    s
}

async fn run_batch<E: Executor, R: Reporter>(b: &Batch<'_, E, R>) -> BatchEnd {
    if b.play.gather_facts {
        gather(b).await;
    }
    let play = b.play.clone();
    for section in [&play.pre_tasks, &play.tasks, &play.post_tasks] {
        b.section(section).await;
        if b.broken.load(std::sync::atomic::Ordering::SeqCst) {
            return BatchEnd::Break;
        }
        if b.end_play.load(std::sync::atomic::Ordering::SeqCst) {
            return BatchEnd::EndPlay;
        }
        b.flush(None).await;
    }
    BatchEnd::Normal
}

/// The implicit "Gathering Facts" task.
async fn gather<E: Executor, R: Reporter>(b: &Batch<'_, E, R>) {
    let location = b.play.location.clone();
    b.ctx.report(Event::TaskStart { task: TaskInfo::gathering_facts(), is_handler: false, location: &location });
    let results = Mutex::new(Vec::new());
    let hosts = b.alive();
    let futs = hosts.iter().map(|h| async {
        let outcome = b.ctx.exec.gather_facts(h).await;
        if let Ok(mut r) = results.lock() {
            r.push((h.clone(), outcome));
        }
    });
    futures::future::join_all(futs).await;
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by_key(|(h, _)| hosts.iter().position(|x| x == h));
    for (h, outcome) in results {
        let mut result = Map::new();
        result.insert("changed".into(), Json::Bool(false));
        result.insert(super::actions::VERBOSE_OVERRIDE.into(), Json::Bool(true));
        let status = match outcome {
            FactsOutcome::Gathered(facts) => {
                b.ctx.sources.set_facts(&h, facts);
                b.ctx.stat(&h, |s| s.ok += 1);
                Status::Ok
            }
            FactsOutcome::Failed(msg) => {
                result.insert("failed".into(), Json::Bool(true));
                result.insert("msg".into(), Json::from(msg));
                b.ctx.stat(&h, |s| s.failed += 1);
                Status::Failed
            }
            FactsOutcome::Unreachable(msg) => {
                result.insert("unreachable".into(), Json::Bool(true));
                result.insert("msg".into(), Json::from(msg));
                b.ctx.stat(&h, |s| s.unreachable += 1);
                Status::Unreachable
            }
        };
        let outcome = Outcome { host: h.clone(), delegated_to: None, status, result, ignored: false, item_label: None };
        b.ctx.report(Event::HostResult { task: TaskInfo::gathering_facts(), outcome: &outcome });
        match status {
            Status::Failed => b.fail_host(&h),
            Status::Unreachable => b.unreachable_host(&h),
            _ => {}
        }
    }
}
