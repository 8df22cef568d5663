//! Running a task section (`pre_tasks`, `tasks`, `post_tasks`) over a batch of hosts with the
//! linear or free strategy, handler flushes, `meta` actions, `run_once`, `any_errors_fatal`
//! and `max_fail_percentage`.
//!
//! Linear, as Ansible's `_get_next_task_lockstep`: every host has its own [`Cursor`] (hosts
//! can be in different `rescue`/`always` sections); at each step the engine takes the next
//! task, in the section's flattened order, that some host is waiting for, and runs it on those
//! hosts at once (at most `forks` at a time) while the others wait.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use serde_json::{Map, Value as Json};

use super::context::{flag, Ctx};
use super::cursor::{Cursor, Failure};
use super::handlers::Handlers;
use super::reporter::{Event, Reporter, Status, TaskInfo};
use super::task::{run_task, Done};
use super::Executor;
use crate::model::{Action, Node, Play, Task};
use crate::plan::{starts_here, TagFilter};

/// How a batch ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BatchEnd {
    Normal,
    /// `max_fail_percentage` was passed: no later batch or play runs.
    Break,
    /// `meta: end_play`.
    EndPlay,
}

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HostRun {
    pub failed: bool,
    pub unreachable: bool,
    pub ended: bool,
}

/// One batch of a play's hosts.
pub(crate) struct Batch<'a, E, R> {
    pub ctx: Ctx<'a, E, R>,
    pub play: Arc<Play>,
    pub hosts: Vec<String>,
    pub handlers: Handlers,
    pub status: Mutex<BTreeMap<String, HostRun>>,
    pub end_play: AtomicBool,
    pub end_batch: AtomicBool,
    pub broken: AtomicBool,
    pub tags: &'a TagFilter,
    pub start_at: &'a Mutex<Option<String>>,
    announced: Mutex<BTreeSet<usize>>,
}

fn flatten(nodes: &[Node], out: &mut Vec<usize>) {
    for n in nodes {
        match n {
            Node::Task(t) => out.push(t.id),
            Node::Block(b) => {
                flatten(&b.block, out);
                flatten(&b.rescue, out);
                flatten(&b.always, out);
            }
        }
    }
}

impl<'a, E: Executor, R: Reporter> Batch<'a, E, R> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        ctx: Ctx<'a, E, R>,
        play: Arc<Play>,
        hosts: Vec<String>,
        tags: &'a TagFilter,
        start_at: &'a Mutex<Option<String>>,
    ) -> Self {
        let status = hosts.iter().map(|h| (h.clone(), HostRun::default())).collect();
        Batch {
            handlers: Handlers::new(play.handlers.clone()),
            ctx,
            play,
            hosts,
            status: Mutex::new(status),
            end_play: AtomicBool::new(false),
            end_batch: AtomicBool::new(false),
            broken: AtomicBool::new(false),
            tags,
            start_at,
            announced: Mutex::new(BTreeSet::new()),
        }
    }

    fn run_of(&self, host: &str) -> HostRun {
        self.status.lock().ok().and_then(|s| s.get(host).copied()).unwrap_or_default()
    }

    fn update(&self, host: &str, f: impl FnOnce(&mut HostRun)) {
        if let Ok(mut s) = self.status.lock() {
            f(s.entry(host.to_owned()).or_default());
        }
    }

    pub fn is_alive(&self, host: &str) -> bool {
        let r = self.run_of(host);
        !(r.failed || r.unreachable || r.ended)
    }

    pub fn alive(&self) -> Vec<String> {
        self.hosts.iter().filter(|h| self.is_alive(h)).cloned().collect()
    }

    fn stopped(&self) -> bool {
        self.end_play.load(Ordering::SeqCst)
            || self.end_batch.load(Ordering::SeqCst)
            || self.broken.load(Ordering::SeqCst)
    }

    /// `--tags`/`--skip-tags` and `--start-at-task`.
    fn runnable(&self, task: &Task) -> bool {
        if !self.tags.runs(&task.kw.tags) {
            return false;
        }
        let Ok(mut start) = self.start_at.lock() else { return true };
        match start.as_deref() {
            None => true,
            Some(name) if starts_here(task, name) => {
                *start = None;
                true
            }
            Some(_) => false,
        }
    }

    /// The next task this host runs (tasks the filters drop are passed over). At the end the
    /// cursor is moved past it, so a failure waiting for `always` to finish fails the host.
    fn next_runnable(&self, c: &mut Cursor) -> Option<Arc<Task>> {
        loop {
            match c.peek() {
                Some(t) if self.runnable(&t) => return Some(t),
                Some(_) => {
                    c.next_task();
                }
                None => {
                    c.next_task();
                    return None;
                }
            }
        }
    }

    fn mark_failed(&self, host: &str) {
        self.update(host, |r| r.failed = true);
        self.ctx.with_stats(|s| s.mark_failed(host));
    }

    /// Runs a section of the play.
    pub async fn section(&self, nodes: &[Node]) {
        if nodes.is_empty() || self.stopped() {
            return;
        }
        let nodes = Arc::new(nodes.to_vec());
        match self.play.strategy {
            crate::model::Strategy::Linear => self.linear(nodes).await,
            crate::model::Strategy::Free => self.free(nodes).await,
        }
    }

    async fn linear(&self, nodes: Arc<Vec<Node>>) {
        let mut order = Vec::new();
        flatten(&nodes, &mut order);
        let mut cur = 0usize;
        let mut cursors: BTreeMap<String, Cursor> =
            self.alive().into_iter().map(|h| (h, Cursor::new(nodes.clone()))).collect();
        loop {
            if self.stopped() {
                return;
            }
            let mut next: Vec<(String, Arc<Task>)> = Vec::new();
            for h in &self.hosts {
                let Some(c) = cursors.get_mut(h) else { continue };
                if self.is_alive(h) {
                    if let Some(t) = self.next_runnable(c) {
                        next.push((h.clone(), t));
                    }
                }
            }
            if next.is_empty() {
                self.check_failed_cursors(&cursors);
                return;
            }
            let wanted: BTreeSet<usize> = next.iter().map(|(_, t)| t.id).collect();
            let pos = (0..order.len()).map(|i| (cur + i) % order.len()).find(|&p| wanted.contains(&order[p]));
            let id = match pos {
                Some(p) => {
                    cur = p + 1;
                    order[p]
                }
                None => wanted.iter().copied().min().unwrap_or_default(),
            };
            let Some(task) = next.iter().find(|(_, t)| t.id == id).map(|(_, t)| t.clone()) else { return };
            let hosts: Vec<String> = next.iter().filter(|(_, t)| t.id == id).map(|(h, _)| h.clone()).collect();
            for h in &hosts {
                if let Some(c) = cursors.get_mut(h) {
                    c.next_task();
                }
            }
            if let Some(meta) = meta_action(&task) {
                self.meta(&task, meta, &hosts, &mut cursors).await;
                continue;
            }
            self.announce(&task, false);
            let dones = self.run_on(&task, &hosts).await;
            let failed_here: Vec<&String> =
                dones.iter().filter(|(_, d)| d.failed || d.unreachable).map(|(h, _)| h).collect();
            for (h, done) in &dones {
                if let Some(c) = cursors.get_mut(h) {
                    self.account(h, &task, done, c);
                    if let Some(inc) = &done.include {
                        let mut ids = Vec::new();
                        flatten(inc, &mut ids);
                        let at = order.iter().position(|&i| i == task.id).map_or(order.len(), |p| p + 1);
                        let fresh: Vec<usize> = ids.into_iter().filter(|i| !order.contains(i)).collect();
                        order.splice(at..at, fresh);
                    }
                }
            }
            if !failed_here.is_empty() && self.any_errors_fatal(&task, &hosts[0]) {
                for (h, c) in cursors.iter_mut() {
                    if self.is_alive(h) && !failed_here.contains(&h) {
                        c.fail();
                    }
                }
            }
            self.check_failed_cursors(&cursors);
            if self.max_fail_passed() {
                for h in self.alive() {
                    self.mark_failed(&h);
                }
                self.broken.store(true, Ordering::SeqCst);
                self.ctx.report(Event::NoHostsRemaining);
                return;
            }
            // Every host failed: the section is over. ansible-core 2.19 reports no
            // "no hosts remaining" here (only when max_fail_percentage breaks the play).
            if self.alive().is_empty() {
                return;
            }
        }
    }

    fn check_failed_cursors(&self, cursors: &BTreeMap<String, Cursor>) {
        for (h, c) in cursors {
            if c.failed() && !self.run_of(h).failed {
                self.mark_failed(h);
            }
        }
    }

    fn any_errors_fatal(&self, task: &Task, host: &str) -> bool {
        let vars = self.ctx.vars(host, Some(task));
        flag(task.kw.any_errors_fatal.as_ref(), &vars, self.play.any_errors_fatal).unwrap_or(self.play.any_errors_fatal)
    }

    /// `max_fail_percentage`: failed hosts of this batch over its size, above the limit.
    fn max_fail_passed(&self) -> bool {
        let Some(pct) = self.play.max_fail_percentage else { return false };
        let failed = self.hosts.iter().filter(|h| self.run_of(h).failed).count();
        !self.hosts.is_empty() && (failed as f64 / self.hosts.len() as f64) > pct / 100.0
    }

    fn announce(&self, task: &Task, is_handler: bool) {
        let first = self.announced.lock().map(|mut a| a.insert(task.id)).unwrap_or(true);
        if first {
            let name = task.display_name();
            self.ctx.report(Event::TaskStart { task: TaskInfo::of(task, &name), is_handler, location: &task.location });
        }
    }

    /// Runs `task` on `hosts` (`run_once`: on the first, its result applied to all),
    /// reporting each host's result as it comes.
    async fn run_on(&self, task: &Arc<Task>, hosts: &[String]) -> Vec<(String, Done)> {
        let once = hosts.first().is_some_and(|h| {
            let vars = self.ctx.vars(h, Some(task));
            flag(task.kw.run_once.as_ref(), &vars, false).unwrap_or(false)
        });
        let targets: Vec<String> = if once { hosts.iter().take(1).cloned().collect() } else { hosts.to_vec() };
        let forks = self.ctx.opts.forks.max(1);
        let name = task.display_name();
        let mut dones: Vec<(String, Done)> = futures::stream::iter(targets)
            .map(|h| {
                let name = &name;
                async move {
                    let done = run_task(&self.ctx, &h, task).await;
                    self.ctx.report(Event::HostResult { task: TaskInfo::of(task, name), outcome: &done.outcome });
                    (h, done)
                }
            })
            .buffer_unordered(forks)
            .collect()
            .await;
        dones.sort_by_key(|(h, _)| hosts.iter().position(|x| x == h));
        if once {
            let mut extra = Vec::new();
            if let Some((first, done)) = dones.first() {
                self.share_run_once(task, first, done, hosts);
                if done.failed {
                    // A run_once failure fails every host, as in Ansible.
                    for h in hosts.iter().skip(1) {
                        let mut copy = done.outcome.clone();
                        copy.host.clone_from(h);
                        extra.push((
                            h.clone(),
                            Done { outcome: copy, failed: true, unreachable: false, changed: false, include: None },
                        ));
                    }
                }
            }
            dones.extend(extra);
        }
        dones
    }

    /// `run_once`: the registered result and facts of the host that ran go to the others.
    fn share_run_once(&self, task: &Task, ran: &str, done: &Done, hosts: &[String]) {
        let state = self.ctx.sources.hosts.lock().ok().and_then(|h| h.get(ran).cloned()).unwrap_or_default();
        let mut shared = Map::new();
        if let Some(reg) = &task.register {
            if let Some(v) = state.set.get(reg) {
                shared.insert(reg.clone(), v.clone());
            }
        }
        if let Action::Module { spec, .. } = &task.action {
            if spec.name == "set_fact" && done.outcome.status != Status::Failed {
                if let Some(Json::Object(f)) = done.outcome.result.get("ansible_facts") {
                    shared.extend(f.clone());
                }
            }
        }
        for h in hosts.iter().filter(|h| h.as_str() != ran) {
            self.ctx.sources.set(h, shared.clone());
        }
    }

    /// Counts a host's result, moves its cursor on a failure, notifies handlers, inserts
    /// included tasks.
    fn account(&self, host: &str, task: &Task, done: &Done, cursor: &mut Cursor) {
        let o = &done.outcome;
        match o.status {
            Status::Skipped => self.ctx.stat(host, |s| s.skipped += 1),
            Status::Ok => self.ctx.stat(host, |s| s.ok += 1),
            Status::Changed => self.ctx.stat(host, |s| {
                s.ok += 1;
                s.changed += 1;
            }),
            Status::Failed | Status::Unreachable if o.ignored => self.ctx.stat(host, |s| {
                s.ok += 1;
                s.ignored += 1;
                if done.changed {
                    s.changed += 1;
                }
            }),
            Status::Unreachable => {
                self.ctx.stat(host, |s| s.unreachable += 1);
                self.ctx.with_stats(|s| s.mark_unreachable(host));
                self.update(host, |r| r.unreachable = true);
                cursor.end();
                return;
            }
            Status::Failed => {
                if cursor.fail() == Failure::Rescued {
                    self.ctx.stat(host, |s| s.rescued += 1);
                    let mut m = Map::new();
                    m.insert(
                        "ansible_failed_task".into(),
                        serde_json::json!({"name": task.display_name(), "action": task.action_name()}),
                    );
                    m.insert("ansible_failed_result".into(), Json::Object(o.result.clone()));
                    self.ctx.sources.set(host, m);
                } else {
                    self.ctx.stat(host, |s| s.failed += 1);
                }
                if cursor.failed() {
                    self.mark_failed(host);
                }
                return;
            }
        }
        if done.changed && o.status != Status::Failed {
            let vars = self.ctx.vars(host, Some(task));
            for missing in self.handlers.notify(task, host, &vars) {
                let msg = format!("The requested handler '{missing}' was not found in either the main handlers list nor in the listening handlers list");
                self.ctx.report(Event::Warning { message: &msg });
            }
        }
        if let Some(inc) = &done.include {
            cursor.insert(inc.clone());
        }
    }

    async fn meta(&self, task: &Task, action: &str, hosts: &[String], cursors: &mut BTreeMap<String, Cursor>) {
        let applies: Vec<String> = hosts
            .iter()
            .filter(|h| {
                let vars = self.ctx.vars(h, Some(task));
                task.kw.when.iter().all(|c| crate::template::condition(c, &vars).unwrap_or(false))
            })
            .cloned()
            .collect();
        match action {
            "flush_handlers" => self.flush(None).await,
            "end_play" if !applies.is_empty() => {
                self.end_play.store(true, Ordering::SeqCst);
                cursors.values_mut().for_each(Cursor::end);
            }
            "end_batch" if !applies.is_empty() => {
                self.end_batch.store(true, Ordering::SeqCst);
                cursors.values_mut().for_each(Cursor::end);
            }
            "end_host" => {
                for h in &applies {
                    if let Some(c) = cursors.get_mut(h) {
                        c.end();
                    }
                    self.update(h, |r| r.ended = true);
                }
            }
            "clear_host_errors" => {
                for h in &self.hosts {
                    self.update(h, |r| r.failed = false);
                }
                self.ctx.with_stats(|s| s.failed_hosts.retain(|h| !self.hosts.contains(h)));
            }
            _ => {}
        }
    }

    /// Runs the notified handlers, in definition order, on the hosts (of `only`, or all) that
    /// notified them and are still running.
    pub async fn flush(&self, only: Option<&[String]>) {
        let mut from = 0;
        let mut passes = 0;
        loop {
            let hosts: Vec<String> = self.alive().into_iter().filter(|h| only.is_none_or(|o| o.contains(h))).collect();
            match self.handlers.take_next(from, &hosts) {
                Some((i, notified)) => {
                    let handler = self.handlers.list[i].clone();
                    from = i + 1;
                    self.announce_handler(&handler);
                    for (h, done) in self.run_on(&handler, &notified).await {
                        let mut c = Cursor::new(Arc::new(Vec::new()));
                        self.account(&h, &handler, &done, &mut c);
                        if done.failed && !self.run_of(&h).failed {
                            self.mark_failed(&h);
                        }
                    }
                }
                None if passes < self.handlers.list.len() && self.handlers.pending(&hosts) => {
                    from = 0;
                    passes += 1;
                }
                None => return,
            }
        }
    }

    fn announce_handler(&self, task: &Task) {
        let name = task.display_name();
        self.ctx.report(Event::TaskStart {
            task: TaskInfo::of(task, &name),
            is_handler: true,
            location: &task.location,
        });
    }

    async fn free(&self, nodes: Arc<Vec<Node>>) {
        let forks = self.ctx.opts.forks.max(1);
        futures::stream::iter(self.alive())
            .map(|h| {
                let nodes = nodes.clone();
                async move { self.free_host(&h, nodes).await }
            })
            .buffer_unordered(forks)
            .collect::<Vec<()>>()
            .await;
    }

    async fn free_host(&self, host: &str, nodes: Arc<Vec<Node>>) {
        let mut c = Cursor::new(nodes);
        let me = [host.to_owned()];
        while !self.stopped() && self.is_alive(host) {
            let Some(task) = self.next_runnable(&mut c) else { break };
            c.next_task();
            if let Some(meta) = meta_action(&task) {
                let mut one = BTreeMap::new();
                one.insert(host.to_owned(), c.clone());
                if meta == "flush_handlers" {
                    self.flush(Some(&me)).await;
                } else {
                    self.meta(&task, meta, &me, &mut one).await;
                }
                if let Some(updated) = one.remove(host) {
                    c = updated;
                }
                continue;
            }
            self.announce(&task, false);
            let dones = self.run_on(&task, &me).await;
            for (h, done) in &dones {
                if h == host {
                    self.account(h, &task, done, &mut c);
                }
            }
            if c.failed() && !self.run_of(host).failed {
                self.mark_failed(host);
            }
        }
    }
}

fn meta_action(task: &Task) -> Option<&str> {
    match &task.action {
        Action::Module { spec, args } if spec.name == "meta" => args.get("free_form").and_then(Json::as_str),
        _ => None,
    }
}

impl<E: Executor, R: Reporter> Batch<'_, E, R> {
    /// A host failed outside any task list (fact gathering).
    pub fn fail_host(&self, host: &str) {
        self.mark_failed(host);
    }

    pub fn unreachable_host(&self, host: &str) {
        self.update(host, |r| r.unreachable = true);
        self.ctx.with_stats(|s| s.mark_unreachable(host));
    }
}
