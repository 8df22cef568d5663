//! What jobs report, as data: a host's [`Status`], its [`Outcome`], and the
//! [`Event`]s a fan-out streams while jobs run. No I/O here: the printer
//! and the REPL read these, a playbook runner will too.

use std::time::Duration;

use rpyc_protocol::{Error, RemoteException, Value};

/// How a job (or one step of it) ended on a host.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Ok(Value),
    /// The call raised (or timed out) on a reachable host.
    Failed(Failure),
    /// The host could not be reached, or the connection was lost.
    Unreachable(String),
    /// The job does not apply to this host (why).
    Skipped(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The remote exception's type (`FileNotFoundError`), or `Timeout`.
    pub kind: String,
    pub message: String,
    pub traceback: Option<String>,
    pub exception: Option<RemoteException>,
}

impl Failure {
    pub fn new(kind: impl Into<String>, message: impl Into<String>) -> Failure {
        Failure { kind: kind.into(), message: message.into(), traceback: None, exception: None }
    }

    /// `Kind: message`, or the kind alone.
    pub fn text(&self) -> String {
        if self.message.is_empty() {
            self.kind.clone()
        } else {
            format!("{}: {}", self.kind, self.message)
        }
    }
}

impl Status {
    /// A job's error as a status: a remote exception or a timeout fails
    /// the host; a lost connection makes it unreachable.
    pub fn from_error(err: Error) -> Status {
        match err {
            Error::Remote(e) => Status::Failed(Failure {
                kind: e.qualified_name(),
                message: exception_message(&e),
                traceback: (!e.traceback.is_empty()).then(|| e.traceback.clone()),
                exception: Some(*e),
            }),
            Error::StopIteration => Status::Failed(Failure::new("StopIteration", "")),
            Error::Timeout { handler, after } => Status::Failed(Failure::new(
                "Timeout",
                format!("no reply to {handler} within {:.1}s", after.as_secs_f64()),
            )),
            Error::Closed(reason) => Status::Unreachable(format!("connection lost: {reason}")),
            Error::Io(e) => Status::Unreachable(format!("connection lost: {e}")),
            other => Status::Failed(Failure::new("Error", other.to_string())),
        }
    }

    /// A job that ran out of time.
    pub fn timed_out(after: Duration) -> Status {
        Status::Failed(Failure::new("Timeout", format!("no result within {:.1}s", after.as_secs_f64())))
    }
}

/// `str(exception)` as Python prints it. A `SyntaxError` (and its
/// subclasses) carries `(msg, (filename, lineno, offset, text, ...))`,
/// which Python shows as `msg (filename, line N)`.
fn exception_message(e: &RemoteException) -> String {
    let syntax = matches!(e.name.as_str(), "SyntaxError" | "IndentationError" | "TabError");
    match e.args.as_slice() {
        [Value::Str(msg), Value::Tuple(details)] if syntax => match details.as_slice() {
            [Value::Str(file), Value::Int(line), ..] => format!("{msg} ({file}, line {line})"),
            _ => msg.clone(),
        },
        _ => e.message(),
    }
}

/// One host's job, ended.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub host: String,
    pub status: Status,
    pub elapsed: Duration,
}

/// What a fan-out reports while it runs, host by host, in the order things
/// happen.
#[derive(Debug, Clone)]
pub enum Event {
    /// The host's job got its turn (within `--forks`).
    Started { host: String },
    /// A new connection to the host is up; `again` when an earlier one was
    /// lost (whatever the host held for the session is gone).
    Connected { host: String, again: bool },
    /// One step of a multi-step job ended (a playbook's task, a transfer's
    /// verification).
    Step { host: String, step: String, status: Status, elapsed: Duration },
    /// The host's job ended.
    Finished(Outcome),
}

/// Tallies of outcomes, for the recap and the exit status.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub ok: usize,
    pub failed: usize,
    pub unreachable: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn add(&mut self, status: &Status) {
        match status {
            Status::Ok(_) => self.ok += 1,
            Status::Failed(_) => self.failed += 1,
            Status::Unreachable(_) => self.unreachable += 1,
            Status::Skipped(_) => self.skipped += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_read_as_python_prints_them() {
        let details =
            Value::Tuple(vec![Value::str("<string>"), Value::Int(2), Value::Int(5), Value::str("    return n")]);
        let e = RemoteException {
            module: "builtins".into(),
            name: "IndentationError".into(),
            args: vec![Value::str("unexpected indent"), details],
            attrs: vec![],
            traceback: String::new(),
        };
        match Status::from_error(Error::Remote(Box::new(e))) {
            Status::Failed(f) => assert_eq!(f.text(), "IndentationError: unexpected indent (<string>, line 2)"),
            other => panic!("{other:?}"),
        }
    }
}
