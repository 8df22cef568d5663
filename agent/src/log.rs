//! The agent's log: one line per event, to stderr or `--logfile`, never to
//! stdout (which is the protocol stream under `--stdio`).

use std::fs::File;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

struct Logger {
    quiet: bool,
    file: Option<Mutex<File>>,
}

static LOGGER: OnceLock<Logger> = OnceLock::new();

/// Sets the destination once, at start-up.
pub fn init(quiet: bool, file: Option<File>) {
    let _ = LOGGER.set(Logger { quiet, file: file.map(Mutex::new) });
}

fn write(level: &str, msg: &str) {
    let logger = LOGGER.get();
    if level == "INFO" && logger.is_some_and(|l| l.quiet) {
        return;
    }
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let line = format!("{secs} {level} rpyc-agent[{}]: {msg}\n", std::process::id());
    match logger.and_then(|l| l.file.as_ref()) {
        Some(file) => {
            let _ = file.lock().unwrap_or_else(|e| e.into_inner()).write_all(line.as_bytes());
        }
        None => {
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
    }
}

pub fn info(msg: &str) {
    write("INFO", msg);
}

pub fn warn(msg: &str) {
    write("WARNING", msg);
}

pub fn error(msg: &str) {
    write("ERROR", msg);
}
