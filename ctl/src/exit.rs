//! Exit statuses, as documented in `--help`.

use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every host succeeded.
    Ok = 0,
    /// Some host failed (its call raised or timed out).
    Failed = 2,
    /// Some host was unreachable.
    Unreachable = 4,
    /// Usage, inventory, pattern or playbook error, or no host matched.
    Usage = 5,
    /// Both failed and unreachable hosts.
    FailedAndUnreachable = 6,
    /// Interrupted (Ctrl-C).
    Interrupted = 99,
    /// A bug in rpyctl.
    Internal = 250,
}

impl Exit {
    pub fn from_counts(failed: usize, unreachable: usize) -> Exit {
        match (failed > 0, unreachable > 0) {
            (false, false) => Exit::Ok,
            (true, false) => Exit::Failed,
            (false, true) => Exit::Unreachable,
            (true, true) => Exit::FailedAndUnreachable,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

pub const EXIT_CODES_HELP: &str = "\
Exit status:
  0    every host succeeded
  2    some host failed (its call raised or timed out)
  4    some host was unreachable
  6    both failed and unreachable hosts
  5    usage, inventory, pattern or playbook error, or no host matched (unless --allow-empty)
  99   interrupted
  250  internal error";
