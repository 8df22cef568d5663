//! The engine's [`Reporter`] for `rpyctl play`: events become ansible-playbook's default
//! callback text ([`default`]) or the json/jsonl callbacks' documents ([`json`]), written by
//! the printer; on a terminal a live line names the hosts still running the current task.

pub mod default;
pub mod diff;
mod errors;
pub mod json;

use std::sync::{Arc, Mutex};

use rpyctl_playbooks::{Event, Reporter};

use self::default::{DefaultCallback, Stream};
use self::json::JsonCallback;
use crate::cli::Format;
use crate::fanout::Running;
use crate::printer::{self, LiveLine};

enum Sink {
    Text(DefaultCallback),
    Json(JsonCallback),
}

pub struct PlayReporter {
    sink: Mutex<Sink>,
    live: LiveLine,
    task: Arc<Mutex<String>>,
}

/// How many hosts the live line names.
const NAMED: usize = 4;

impl PlayReporter {
    /// `running` holds the hosts with a module call in flight (the executor keeps it).
    pub fn new(format: Format, verbosity: u8, running: Arc<Running>) -> PlayReporter {
        let sink = match format {
            Format::Json => Sink::Json(JsonCallback::new(false)),
            Format::Jsonl => Sink::Json(JsonCallback::new(true)),
            Format::Human | Format::Oneline => {
                let columns = printer::stdout_columns().map_or(79, |c| c.saturating_sub(1).max(79));
                Sink::Text(DefaultCallback::new(verbosity, printer::colour_enabled(), columns))
            }
        };
        let task = Arc::new(Mutex::new(String::new()));
        let shown = task.clone();
        let live = LiveLine::new(move || {
            let slow = running.slowest(NAMED);
            if slow.is_empty() {
                return String::new();
            }
            let names: Vec<String> = slow.iter().map(|(h, d)| format!("{h} ({:.1}s)", d.as_secs_f64())).collect();
            let more = running.count().saturating_sub(slow.len());
            let task = shown.lock().map(|t| t.clone()).unwrap_or_default();
            let tail = if more > 0 { format!(" and {more} more") } else { String::new() };
            format!("{task}: running on {}{tail}", names.join(", "))
        });
        PlayReporter { sink: Mutex::new(sink), live, task }
    }

    /// The run is over: the live line goes.
    pub fn finish(self) {
        self.live.finish();
    }
}

impl Reporter for PlayReporter {
    fn report(&self, event: &Event<'_>) {
        if let Event::TaskStart { task, .. } = event {
            if let Ok(mut t) = self.task.lock() {
                *t = task.name.to_owned();
            }
        }
        let mut sink = self.sink.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *sink {
            Sink::Text(cb) => {
                for (stream, text) in cb.event(event) {
                    match stream {
                        Stream::Out => self.live.out(&text),
                        Stream::Err => self.live.err(&text),
                    }
                }
            }
            Sink::Json(cb) => {
                if let Some(text) = cb.event(event) {
                    self.live.out(&text);
                }
                if let Event::Warning { message } = event {
                    self.live.err(&format!("[WARNING]: {message}\n"));
                }
            }
        }
    }
}
