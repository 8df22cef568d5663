//! Handlers: `notify` records which hosts asked for which handlers (by name, `role : name`,
//! or `listen` topic); a flush runs each notified handler once, in definition order, on the
//! hosts that notified it and are still running.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use crate::model::Task;
use crate::template::{self, pystr, Vars};

/// The handlers of a play and who notified them.
pub(crate) struct Handlers {
    pub list: Vec<Arc<Task>>,
    notified: Mutex<Vec<BTreeSet<String>>>,
}

impl Handlers {
    pub fn new(list: Vec<Arc<Task>>) -> Self {
        let n = list.len();
        Handlers { list, notified: Mutex::new(vec![BTreeSet::new(); n]) }
    }

    /// The handlers a notification names. Ansible matches `name`, `role : name` and `listen`.
    fn matching(&self, name: &str) -> Vec<usize> {
        self.list
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                h.name.as_deref() == Some(name) || h.display_name() == name || h.listen.iter().any(|l| l == name)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// `host` changed something in `task`: notify its handlers. Returns the names that
    /// matched no handler (a templated name can only be checked now).
    pub fn notify(&self, task: &Task, host: &str, vars: &Vars) -> Vec<String> {
        let mut missing = Vec::new();
        for n in &task.notify {
            let name = if template::is_template(n) {
                template::render(n, vars).map(|v| pystr(&v)).unwrap_or_else(|_| n.clone())
            } else {
                n.clone()
            };
            let found = self.matching(&name);
            if found.is_empty() {
                missing.push(name);
            }
            if let Ok(mut notified) = self.notified.lock() {
                for i in found {
                    notified[i].insert(host.to_owned());
                }
            }
        }
        missing
    }

    /// The next handler (from `from` on) notified by any of `hosts`; its hosts are taken
    /// off the list.
    pub fn take_next(&self, from: usize, hosts: &[String]) -> Option<(usize, Vec<String>)> {
        let mut notified = self.notified.lock().ok()?;
        for (i, set) in notified.iter_mut().enumerate().skip(from) {
            let mine: Vec<String> = hosts.iter().filter(|h| set.contains(*h)).cloned().collect();
            if !mine.is_empty() {
                for h in &mine {
                    set.remove(h);
                }
                return Some((i, mine));
            }
        }
        None
    }

    /// Whether any of `hosts` still has a notification pending.
    pub fn pending(&self, hosts: &[String]) -> bool {
        self.notified.lock().map(|n| n.iter().any(|s| hosts.iter().any(|h| s.contains(h)))).unwrap_or(false)
    }
}
