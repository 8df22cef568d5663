//! `rpyctl repl PATTERN`: a Python prompt on every host of a pattern at
//! once. Each entry (a line, or a block the prompt waits to see completed)
//! runs as a fan-out job on sessions that stay connected between entries;
//! results stream back as events and are shown grouped ([`show`]). A host
//! that lost its connection is reconnected on the next entry, with a
//! fresh namespace, said so.
//!
//! - [`line`]: the job that runs one entry on one host;
//! - [`show`]: grouping and formatting of results;
//! - [`meta`]: the `:commands`; [`transfer`]: `:upload` and `:download`;
//! - [`complete`]: Tab completion from the remote side;
//! - [`terminal`]: the interactive loop (rustyline, history, Ctrl-C);
//!   [`script`]: the same entries read from a pipe.

pub mod complete;
pub mod line;
pub mod meta;
pub mod script;
pub mod show;
pub mod terminal;
pub mod transfer;

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

use self::meta::Meta;
use self::show::View;
use crate::cli::Format;
use crate::connect::ConnectOptions;
use crate::exit::Exit;
use crate::fanout::{self, Job, Limits};
use crate::hosts::Hosts;
use crate::outcome::{Counts, Event, Outcome};
use crate::printer;
use crate::session::{HostTarget, Liveness, Session, Shared};
use crate::settings::Settings;

/// At a prompt, how long results of an entry wait for the others before
/// they are shown: results arriving together group; a slow host's come
/// later, on their own.
const GROUP_WINDOW: Duration = Duration::from_millis(250);

/// A REPL over a set of host sessions.
pub struct Repl {
    hosts: Hosts,
    limit: Option<String>,
    pattern: String,
    /// Shared with the completer, which asks the first live host.
    sessions: Arc<Mutex<Vec<Shared>>>,
    options: Arc<ConnectOptions>,
    forks: usize,
    timeout: Duration,
    view: View,
    /// How long results wait for others ([`GROUP_WINDOW`] at a prompt);
    /// `None`: for all of the entry's (a script's output does not depend
    /// on timing).
    window: Option<Duration>,
    /// Everything shown so far, for the exit status.
    pub counts: Counts,
}

/// How running an entry ended.
pub enum Ran {
    Done(Vec<Outcome>),
    /// Ctrl-C: the hosts still running were abandoned.
    Interrupted,
}

impl Repl {
    /// A REPL on `targets` (selected by `pattern` from `hosts`), connecting
    /// with `options`. Connections stay open: no per-request timeout on
    /// them; each entry has the call timeout (`:timeout`).
    pub fn new(
        hosts: Hosts,
        pattern: &str,
        targets: Vec<HostTarget>,
        mut options: ConnectOptions,
        settings: &Settings,
    ) -> Repl {
        options.request_timeout = None;
        let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(80);
        let view = View {
            single: targets.len() == 1,
            json: settings.output.value == Format::Json || settings.output.value == Format::Jsonl,
            verbose: settings.verbose,
            width,
        };
        Repl {
            hosts,
            limit: settings.limit.clone(),
            pattern: pattern.to_owned(),
            sessions: Arc::new(Mutex::new(Session::shared(targets))),
            options: Arc::new(options),
            forks: settings.forks.value,
            timeout: settings.call_timeout.value,
            view,
            window: None,
            counts: Counts::default(),
        }
    }

    /// Shows results as they come (grouped when they come together) rather
    /// than when all of an entry's are in: for a person at a prompt.
    pub fn stream_results(&mut self) {
        self.window = Some(GROUP_WINDOW);
    }

    fn sessions(&self) -> Vec<Shared> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// `web (12)> `: the pattern and how many hosts are live.
    pub fn prompt(&self) -> String {
        let live =
            self.sessions().iter().filter(|s| s.try_lock().is_ok_and(|s| s.liveness() == Liveness::Live)).count();
        format!("{} ({live})> ", self.pattern)
    }

    /// Runs `job` on every session, showing results as they come; `stop`
    /// abandons it (Ctrl-C).
    pub async fn run_job(&mut self, job: Arc<dyn Job>, stop: impl Future<Output = ()>) -> Ran {
        let sessions = self.sessions();
        let total = sessions.len();
        for s in &sessions {
            if let Ok(s) = s.try_lock() {
                if s.is_busy() {
                    eprintln!("[{}] still running an interrupted line: this one waits behind it", s.name());
                }
            }
        }
        let limits = Limits { forks: self.forks, call_timeout: Some(self.timeout), close_after: false };
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut work = Box::pin(fanout::run(&sessions, job, &limits, self.options.clone(), tx));
        tokio::pin!(stop);
        let (mut working, mut all, mut pending) = (true, Vec::new(), Vec::new());
        let mut deadline: Option<tokio::time::Instant> = None;
        loop {
            let window = async {
                match deadline {
                    Some(d) => tokio::time::sleep_until(d).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = &mut work, if working => working = false,
                event = rx.recv() => match event {
                    Some(Event::Connected { host, again: true }) => printer::write(&show::reconnected(&host)),
                    Some(Event::Finished(o)) => {
                        pending.push(o);
                        if let Some(window) = self.window {
                            deadline.get_or_insert_with(|| tokio::time::Instant::now() + window);
                        }
                        if all.len() + pending.len() == total {
                            self.flush(&mut pending, &mut all);
                            deadline = None;
                        }
                    }
                    Some(_) => {}
                    None => break,
                },
                _ = window => {
                    self.flush(&mut pending, &mut all);
                    deadline = None;
                }
                _ = &mut stop => {
                    // Abandon the hosts still running (their pending replies
                    // are dropped), and have their sessions back.
                    drop(work);
                    self.flush(&mut pending, &mut all);
                    for s in &sessions {
                        let mut s = s.lock().await;
                        if !all.iter().any(|o| o.host == s.name()) {
                            s.abandoned();
                        }
                    }
                    let left = total - all.len();
                    eprintln!("KeyboardInterrupt: abandoned on {left} host(s); their late replies are discarded");
                    return Ran::Interrupted;
                }
            }
        }
        self.flush(&mut pending, &mut all);
        Ran::Done(all)
    }

    fn flush(&mut self, pending: &mut Vec<Outcome>, all: &mut Vec<Outcome>) {
        if pending.is_empty() {
            return;
        }
        for o in pending.iter() {
            self.counts.add(&o.status);
        }
        printer::write(&show::results(pending, &self.view));
        all.append(pending);
    }

    /// Connects every host (and imports the prelude); unreachable hosts are
    /// shown and tried again on the next entry. `stop` gives up on those
    /// still connecting.
    pub async fn connect_all(&mut self, stop: impl Future<Output = ()>) -> Ran {
        self.run_job(Arc::new(line::Line::connect_only()), stop).await
    }

    /// Runs a `:command`. `false` when it asks to leave.
    pub async fn meta(&mut self, line: &str, stop: impl Future<Output = ()>) -> bool {
        let command = match meta::parse(line) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                return true;
            }
        };
        match command {
            Meta::Exit => return false,
            Meta::Help => printer::write(&meta::help()),
            Meta::Json => {
                self.view.json = !self.view.json;
                eprintln!("results: {}", if self.view.json { "one JSON object per host" } else { "grouped" });
            }
            Meta::Timeout(t) => {
                self.timeout = t;
                eprintln!("call timeout: {:.1}s", t.as_secs_f64());
            }
            Meta::Hosts => printer::write(&self.hosts_text().await),
            Meta::Use(pattern) => self.retarget(&pattern, stop).await,
            Meta::Upload { local, remote } => match std::fs::read(&local) {
                Ok(data) => {
                    let sha256 = crate::bootstrap::store::sha256_hex(&data);
                    let job = transfer::Upload { data: Arc::new(data), sha256, remote };
                    self.run_job(Arc::new(job), stop).await;
                }
                Err(e) => eprintln!(":upload: cannot read {}: {e}", local.display()),
            },
            Meta::Download { remote, local } => {
                let per_host = self.sessions().len() > 1;
                self.run_job(Arc::new(transfer::Download { remote, local, per_host }), stop).await;
            }
        }
        true
    }

    async fn hosts_text(&self) -> String {
        let mut out = String::new();
        for s in self.sessions() {
            let s = s.lock().await;
            let state = match s.liveness() {
                Liveness::Live => "live".to_owned(),
                Liveness::NotConnected => "not connected".to_owned(),
                Liveness::Lost(why) => format!("lost ({why}); reconnected on the next line"),
            };
            out.push_str(&format!("{:<20} {:<28} {state}\n", s.name(), s.target.endpoint.to_string()));
        }
        out
    }

    /// `:use PATTERN`: sessions of hosts that stay are kept; the others are
    /// closed; new hosts are connected.
    async fn retarget(&mut self, pattern: &str, stop: impl Future<Output = ()>) {
        let targets = match self.hosts.targets(pattern, self.limit.as_deref()) {
            Ok(t) if t.is_empty() => return eprintln!("no hosts matched '{pattern}'"),
            Ok(t) => t,
            Err(e) => return eprintln!("{e:#}"),
        };
        let old = self.sessions();
        let mut next = Vec::new();
        for target in targets {
            let mut kept = None;
            for s in &old {
                if s.lock().await.name() == target.name {
                    kept = Some(s.clone());
                }
            }
            next.push(kept.unwrap_or_else(|| Arc::new(tokio::sync::Mutex::new(Session::new(target)))));
        }
        for s in &old {
            if !next.iter().any(|n| Arc::ptr_eq(n, s)) {
                s.lock().await.close().await;
            }
        }
        self.view.single = next.len() == 1;
        self.pattern = pattern.to_owned();
        *self.sessions.lock().unwrap_or_else(|e| e.into_inner()) = next;
        self.connect_all(stop).await;
    }

    /// The exit status for everything run: as exec's.
    pub fn exit(&self) -> Exit {
        Exit::from_counts(self.counts.failed, self.counts.unreachable)
    }

    /// Closes every connection.
    pub async fn close(&self) {
        for s in self.sessions() {
            s.lock().await.close().await;
        }
    }
}
