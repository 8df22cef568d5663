//! The only code that writes to stdout: [`write`] for whatever a command
//! has to show (tables, JSON, the REPL's results), and [`Printer`] for the
//! outcomes of a fan-out as they come (with the live progress line on
//! stderr when it is a terminal, and per-host files with `-t`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value as Json};

use crate::cli::Format;
use crate::fanout::Running;
use crate::outcome::{Counts, Event, Outcome, Status};
use crate::render;

/// Writes `text` to stdout as is, and flushes. A closed stdout (`| head`)
/// is not an error worth more than stopping to write.
pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Whether colour suits stdout.
pub fn colour_enabled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Columns of the terminal on stdout, if it is one.
pub fn stdout_columns() -> Option<usize> {
    std::io::stdout()
        .is_terminal()
        .then(|| console::Term::stdout().size_checked().map(|(_, c)| usize::from(c)))
        .flatten()
}

/// A live line on stderr (when it is a terminal) redrawn from `message` several times a
/// second; text written through it goes above it without tearing it. Elsewhere it is
/// nothing and text goes straight out.
pub struct LiveLine {
    bar: Option<ProgressBar>,
    stop: Arc<AtomicBool>,
    ticker: Option<std::thread::JoinHandle<()>>,
}

impl LiveLine {
    pub fn new(message: impl Fn() -> String + Send + 'static) -> LiveLine {
        let stop = Arc::new(AtomicBool::new(false));
        if !std::io::stderr().is_terminal() {
            return LiveLine { bar: None, stop, ticker: None };
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} {wide_msg}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(100));
        let (b, flag) = (bar.clone(), stop.clone());
        let ticker = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                b.set_message(message());
                std::thread::sleep(Duration::from_millis(150));
            }
        });
        LiveLine { bar: Some(bar), stop, ticker: Some(ticker) }
    }

    /// Text for stdout.
    pub fn out(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| write(text)),
            None => write(text),
        }
    }

    /// Text for stderr (warnings).
    pub fn err(&self, text: &str) {
        let put = || {
            let mut err = std::io::stderr().lock();
            let _ = err.write_all(text.as_bytes());
            let _ = err.flush();
        };
        match &self.bar {
            Some(bar) => bar.suspend(put),
            None => put(),
        }
    }

    /// Clears the line for good (as dropping it does).
    pub fn finish(self) {}
}

impl Drop for LiveLine {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

pub struct Printer {
    format: Format,
    color: bool,
    verbose: u8,
    tree: Option<PathBuf>,
    /// Host order of the inventory, for the JSON document.
    order: Vec<String>,
    collected: Vec<Outcome>,
    counts: Counts,
    progress: Option<ProgressBar>,
    running: Arc<Running>,
}

fn colour(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

impl Printer {
    pub fn new(
        format: Format,
        verbose: u8,
        tree: Option<PathBuf>,
        order: Vec<String>,
        running: Arc<Running>,
    ) -> Printer {
        let color = colour_enabled();
        let progress = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(order.len() as u64);
            bar.set_style(
                ProgressStyle::with_template("{pos}/{len} {msg}").unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Printer {
            format,
            color,
            verbose,
            tree,
            order,
            collected: Vec::new(),
            counts: Counts::default(),
            progress,
            running,
        }
    }

    fn emit(&self, text: &str) {
        match &self.progress {
            Some(bar) => bar.suspend(|| write(text)),
            None => write(text),
        }
    }

    /// Follows a fan-out: hosts as they finish.
    pub fn event(&mut self, event: Event) {
        self.running.track(&event);
        match event {
            Event::Finished(outcome) => self.host(outcome),
            Event::Connected { .. } | Event::Started { .. } | Event::Step { .. } => {}
        }
    }

    /// One host is done.
    pub fn host(&mut self, outcome: Outcome) {
        self.counts.add(&outcome.status);
        if let Some(dir) = &self.tree {
            if let Err(e) = write_host_file(dir, &outcome) {
                eprintln!("rpyctl: cannot write {}/{}.json: {e}", dir.display(), outcome.host);
            }
        }
        match self.format {
            Format::Human => self.emit(&self.human_line(&outcome)),
            Format::Oneline => self.emit(&self.one_line(&outcome)),
            Format::Jsonl => self.emit(&format!("{}\n", host_json(&outcome))),
            Format::Json => {}
        }
        self.collected.push(outcome);
        if let Some(bar) = &self.progress {
            bar.inc(1);
            let slow: Vec<String> =
                self.running.slowest(3).into_iter().map(|(h, d)| format!("{h} ({:.1}s)", d.as_secs_f64())).collect();
            let c = self.counts;
            let mut msg = format!("ok={} failed={} unreachable={}", c.ok, c.failed, c.unreachable);
            if !slow.is_empty() {
                msg.push_str(&format!("  waiting on: {}", slow.join(", ")));
            }
            bar.set_message(msg);
        }
    }

    fn status_word(&self, status: &Status) -> String {
        match status {
            Status::Ok(_) => colour(self.color, "32", "ok"),
            Status::Failed(_) => colour(self.color, "31", "FAILED"),
            Status::Unreachable(_) => colour(self.color, "35", "UNREACHABLE"),
            Status::Skipped(_) => colour(self.color, "36", "skipped"),
        }
    }

    fn human_line(&self, o: &Outcome) -> String {
        let head = format!("{} | {}", colour(self.color, "1", &o.host), self.status_word(&o.status));
        match &o.status {
            // Text reads best as text; multi-line output goes under the host.
            Status::Ok(rpyc_protocol::Value::Str(s)) if s.contains('\n') => {
                let body = s.trim_end_matches('\n').lines().map(|l| format!("    {l}\n")).collect::<String>();
                format!("{head} |\n{body}")
            }
            Status::Ok(rpyc_protocol::Value::Str(s)) => format!("{head} | {s}\n"),
            Status::Ok(v) => format!("{head} | {}\n", render::pretty(v)),
            Status::Failed(f) => {
                let mut line = format!("{head} | {}\n", f.text());
                if self.verbose > 0 {
                    if let Some(tb) = &f.traceback {
                        for l in tb.trim_end().lines() {
                            line.push_str(&format!("    {l}\n"));
                        }
                    }
                }
                line
            }
            Status::Unreachable(reason) | Status::Skipped(reason) => format!("{head} | {reason}\n"),
        }
    }

    fn one_line(&self, o: &Outcome) -> String {
        let detail = match &o.status {
            Status::Ok(v) => render::pretty(v),
            Status::Failed(f) => f.text().replace('\n', "\\n"),
            Status::Unreachable(reason) | Status::Skipped(reason) => reason.replace('\n', "\\n"),
        };
        format!("{} | {} | {detail}\n", o.host, self.status_word(&o.status))
    }

    /// All hosts are done: the recap, or the JSON document.
    pub fn finish(mut self, elapsed: Duration) -> Counts {
        if let Some(bar) = self.progress.take() {
            bar.finish_and_clear();
        }
        let c = self.counts;
        let summary = json!({
            "hosts": self.order.len(), "ok": c.ok, "failed": c.failed, "unreachable": c.unreachable,
            "elapsed_ms": elapsed.as_millis() as u64,
        });
        match self.format {
            Format::Human => {
                let recap = format!(
                    "\n{} hosts in {:.2}s: ok={} failed={} unreachable={}\n",
                    self.order.len(),
                    elapsed.as_secs_f64(),
                    c.ok,
                    c.failed,
                    c.unreachable
                );
                self.emit(&recap);
            }
            Format::Oneline => {}
            Format::Jsonl => self.emit(&format!("{}\n", json!({ "summary": summary }))),
            Format::Json => {
                let mut hosts = serde_json::Map::new();
                let mut collected = std::mem::take(&mut self.collected);
                collected.sort_by_key(|o| self.order.iter().position(|h| *h == o.host).unwrap_or(usize::MAX));
                for o in &collected {
                    let mut j = host_json(o);
                    if let Some(map) = j.as_object_mut() {
                        map.shift_remove("host");
                    }
                    hosts.insert(o.host.clone(), j);
                }
                let doc = json!({ "hosts": hosts, "summary": summary });
                self.emit(&format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()));
            }
        }
        c
    }
}

/// A host's outcome as one JSON object.
pub fn host_json(o: &Outcome) -> Json {
    let elapsed_ms = (o.elapsed.as_secs_f64() * 1000.0 * 10.0).round() / 10.0;
    match &o.status {
        Status::Ok(v) => {
            json!({ "host": o.host, "status": "ok", "value": render::to_json(v), "elapsed_ms": elapsed_ms })
        }
        Status::Failed(f) => json!({
            "host": o.host, "status": "failed",
            "error": { "type": f.kind, "message": f.message, "traceback": f.traceback,
                       "attributes": f.exception.as_ref().map(|e| {
                           e.attrs.iter().filter(|(k, _)| !k.starts_with('_')).map(|(k, v)| (k.clone(), render::to_json(v))).collect::<serde_json::Map<_, _>>()
                       }) },
            "elapsed_ms": elapsed_ms,
        }),
        Status::Unreachable(reason) => {
            json!({ "host": o.host, "status": "unreachable", "error": { "message": reason }, "elapsed_ms": elapsed_ms })
        }
        Status::Skipped(reason) => {
            json!({ "host": o.host, "status": "skipped", "reason": reason, "elapsed_ms": elapsed_ms })
        }
    }
}

/// Writes `<dir>/<host>.json` whole or not at all (a temporary file, then a rename).
fn write_host_file(dir: &std::path::Path, o: &Outcome) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let safe: String = o.host.chars().map(|c| if c == '/' || c == '\0' { '_' } else { c }).collect();
    let tmp = dir.join(format!(".{safe}.json.tmp"));
    let text = serde_json::to_string_pretty(&host_json(o)).unwrap_or_default();
    std::fs::write(&tmp, text + "\n")?;
    std::fs::rename(&tmp, dir.join(format!("{safe}.json")))
}
