//! The PLAY RECAP counters and the exit status they lead to.

use std::collections::BTreeMap;

/// One host's counters, as Ansible's `AggregateStats` (`ok` includes `changed` and ignored
/// failures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HostStats {
    pub ok: u32,
    pub changed: u32,
    pub unreachable: u32,
    pub failed: u32,
    pub skipped: u32,
    pub rescued: u32,
    pub ignored: u32,
}

/// Counters of every host that ran something, plus the hosts that failed or were unreachable
/// in the end (a host can be marked failed by `any_errors_fatal`/`max_fail_percentage`
/// without a failure of its own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub hosts: BTreeMap<String, HostStats>,
    pub failed_hosts: Vec<String>,
    pub unreachable_hosts: Vec<String>,
}

impl Stats {
    pub fn host(&mut self, host: &str) -> &mut HostStats {
        self.hosts.entry(host.to_owned()).or_default()
    }

    pub(crate) fn mark_failed(&mut self, host: &str) {
        if !self.failed_hosts.iter().any(|h| h == host) {
            self.failed_hosts.push(host.to_owned());
        }
    }

    pub(crate) fn mark_unreachable(&mut self, host: &str) {
        if !self.unreachable_hosts.iter().any(|h| h == host) {
            self.unreachable_hosts.push(host.to_owned());
        }
    }

    /// The exit status of the run.
    pub fn exit_status(&self) -> ExitStatus {
        ExitStatus::from_hosts(!self.failed_hosts.is_empty(), !self.unreachable_hosts.is_empty())
    }
}

/// How a run ended, with `ansible-playbook`'s code and rpyctl's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Ok,
    Failed,
    Unreachable,
    FailedAndUnreachable,
}

impl ExitStatus {
    pub fn from_hosts(failed: bool, unreachable: bool) -> Self {
        match (failed, unreachable) {
            (false, false) => ExitStatus::Ok,
            (true, false) => ExitStatus::Failed,
            (false, true) => ExitStatus::Unreachable,
            (true, true) => ExitStatus::FailedAndUnreachable,
        }
    }

    /// `ansible-playbook`'s status: 0; 2 when a host failed; 4 when one was unreachable (which
    /// wins over failures, as in `StrategyBase.run`).
    pub fn ansible_code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Failed => 2,
            ExitStatus::Unreachable | ExitStatus::FailedAndUnreachable => 4,
        }
    }

    /// rpyctl's documented status (ctl's `Exit`): 0, 2 failed, 4 unreachable, 6 both.
    pub fn rpyctl_code(self) -> u8 {
        match self {
            ExitStatus::Ok => 0,
            ExitStatus::Failed => 2,
            ExitStatus::Unreachable => 4,
            ExitStatus::FailedAndUnreachable => 6,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(ExitStatus::from_hosts(true, true).ansible_code(), 4);
        assert_eq!(ExitStatus::from_hosts(true, true).rpyctl_code(), 6);
        assert_eq!(ExitStatus::from_hosts(true, false).rpyctl_code(), 2);
        assert_eq!(Stats::default().exit_status(), ExitStatus::Ok);
    }
}
