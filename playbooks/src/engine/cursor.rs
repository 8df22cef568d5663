//! A host's position in a task list, with Ansible's block semantics: a failure in `block`
//! goes to `rescue` (the failure is then rescued) or, without one, to `always` and then up to
//! the enclosing block; a failure in `rescue` or `always` runs what `always` remains and goes
//! up; a failure no block rescues fails the host.

use std::sync::Arc;

use crate::model::{Block, Node, Task};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Block,
    Rescue,
    Always,
}

#[derive(Debug, Clone)]
enum List {
    Owned(Arc<Vec<Node>>),
    Of(Arc<Block>, Section),
}

impl List {
    fn nodes(&self) -> &[Node] {
        match self {
            List::Owned(v) => v,
            List::Of(b, Section::Block) => &b.block,
            List::Of(b, Section::Rescue) => &b.rescue,
            List::Of(b, Section::Always) => &b.always,
        }
    }
}

#[derive(Debug, Clone)]
struct Frame {
    list: List,
    index: usize,
    /// A failure waits in this block: after `always`, it goes up.
    failing: bool,
}

/// What a failure led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// A `rescue` takes it.
    Rescued,
    /// No block rescues it (its `always` sections still run); the host fails.
    Fatal,
}

/// One host's position.
#[derive(Debug, Clone)]
pub struct Cursor {
    stack: Vec<Frame>,
    failed: bool,
}

impl Cursor {
    pub fn new(nodes: Arc<Vec<Node>>) -> Cursor {
        Cursor { stack: vec![Frame { list: List::Owned(nodes), index: 0, failing: false }], failed: false }
    }

    /// Whether a failure no block rescued ended this host's run.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The next task, advancing.
    pub fn next_task(&mut self) -> Option<Arc<Task>> {
        loop {
            let frame = self.stack.last_mut()?;
            if let Some(node) = frame.list.nodes().get(frame.index).cloned() {
                frame.index += 1;
                match node {
                    Node::Task(t) => return Some(t),
                    Node::Block(b) => {
                        self.stack.push(Frame { list: List::Of(b, Section::Block), index: 0, failing: false })
                    }
                }
                continue;
            }
            self.finish_frame();
        }
    }

    /// The next task without advancing.
    pub fn peek(&self) -> Option<Arc<Task>> {
        self.clone().next_task()
    }

    /// The frame on top ran out of tasks: move to `always`, or leave the block (taking a
    /// pending failure up).
    fn finish_frame(&mut self) {
        let Some(frame) = self.stack.last_mut() else { return };
        if let List::Of(b, section @ (Section::Block | Section::Rescue)) = &frame.list {
            let _ = section;
            if !b.always.is_empty() {
                frame.list = List::Of(b.clone(), Section::Always);
                frame.index = 0;
                return;
            }
        }
        let failing = frame.failing;
        self.stack.pop();
        if failing {
            self.propagate();
        }
    }

    fn propagate(&mut self) {
        match self.stack.last() {
            None => self.fail_host(),
            Some(f) if matches!(f.list, List::Owned(_)) => {
                // An included list: the failure goes on to what included it.
                self.stack.pop();
                self.propagate();
            }
            Some(_) => {
                self.fail_current();
            }
        }
    }

    fn fail_host(&mut self) {
        self.failed = true;
        self.stack.clear();
    }

    /// The task just returned by [`Cursor::next_task`] failed (or the host was marked failed).
    pub fn fail(&mut self) -> Failure {
        if self.rescue_ahead() {
            self.fail_current();
            Failure::Rescued
        } else {
            self.fail_current();
            Failure::Fatal
        }
    }

    /// Whether some enclosing block, still in its `block` section, has a `rescue`.
    fn rescue_ahead(&self) -> bool {
        self.stack.iter().any(|f| matches!(&f.list, List::Of(b, Section::Block) if !b.rescue.is_empty()))
    }

    fn fail_current(&mut self) {
        let Some(frame) = self.stack.last_mut() else {
            self.fail_host();
            return;
        };
        match &frame.list {
            List::Owned(_) => {
                if self.stack.len() == 1 {
                    self.fail_host();
                } else {
                    self.stack.pop();
                    self.propagate();
                }
            }
            List::Of(b, Section::Block) if !b.rescue.is_empty() => {
                frame.list = List::Of(b.clone(), Section::Rescue);
                frame.index = 0;
                frame.failing = false;
            }
            List::Of(b, Section::Block | Section::Rescue) if !b.always.is_empty() => {
                frame.list = List::Of(b.clone(), Section::Always);
                frame.index = 0;
                frame.failing = true;
            }
            List::Of(_, _) => {
                self.stack.pop();
                self.propagate();
            }
        }
    }

    /// Runs `nodes` next (an `include_tasks` on this host).
    pub fn insert(&mut self, nodes: Arc<Vec<Node>>) {
        self.stack.push(Frame { list: List::Owned(nodes), index: 0, failing: false });
    }

    /// Stops this host's run here (`meta: end_host`, `end_play`), without failing it.
    pub fn end(&mut self) {
        self.stack.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse_playbook, LoadOptions};

    fn cursor(yaml: &str) -> Cursor {
        let p = parse_playbook("t.yml", yaml, std::path::Path::new("."), &LoadOptions::default()).unwrap();
        Cursor::new(Arc::new(p.plays[0].tasks.clone()))
    }

    fn names(c: &mut Cursor, fail_on: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(t) = c.next_task() {
            let n = t.name.clone().unwrap_or_default();
            if fail_on.contains(&n.as_str()) {
                c.fail();
            }
            out.push(n);
        }
        out
    }

    const NESTED: &str = "- hosts: all\n  tasks:\n    - block:\n        - block:\n            - {name: a, debug: msg=a}\n            - {name: b, debug: msg=b}\n          always:\n            - {name: inner-always, debug: msg=x}\n      rescue:\n        - {name: r, debug: msg=r}\n        - {name: r2, debug: msg=r2}\n      always:\n        - {name: outer-always, debug: msg=y}\n    - {name: after, debug: msg=z}\n";

    #[test]
    fn no_failure() {
        let mut c = cursor(NESTED);
        assert_eq!(names(&mut c, &[]), ["a", "b", "inner-always", "outer-always", "after"]);
        assert!(!c.failed());
    }

    #[test]
    fn failure_goes_through_inner_always_to_outer_rescue() {
        let mut c = cursor(NESTED);
        assert_eq!(names(&mut c, &["a"]), ["a", "inner-always", "r", "r2", "outer-always", "after"]);
        assert!(!c.failed());
    }

    #[test]
    fn failure_in_rescue_fails_the_host_after_always() {
        let mut c = cursor(NESTED);
        assert_eq!(names(&mut c, &["a", "r"]), ["a", "inner-always", "r", "outer-always"]);
        assert!(c.failed());
    }

    #[test]
    fn unrescued_failure_at_top_level() {
        let mut c = cursor("- hosts: all\n  tasks:\n    - {name: a, debug: msg=a}\n    - {name: b, debug: msg=b}\n");
        assert_eq!(names(&mut c, &["a"]), ["a"]);
        assert!(c.failed());
    }

    #[test]
    fn rescue_reports_rescued() {
        let mut c = cursor(NESTED);
        c.next_task();
        assert_eq!(c.fail(), Failure::Rescued);
        let mut c = cursor("- hosts: all\n  tasks:\n    - block:\n        - {name: a, debug: msg=a}\n      always:\n        - {name: b, debug: msg=b}\n");
        c.next_task();
        assert_eq!(c.fail(), Failure::Fatal);
        assert_eq!(c.next_task().unwrap().name.as_deref(), Some("b"));
        assert!(c.next_task().is_none());
        assert!(c.failed());
    }

    #[test]
    fn included_tasks_run_next() {
        let mut c = cursor("- hosts: all\n  tasks:\n    - {name: a, debug: msg=a}\n    - {name: b, debug: msg=b}\n");
        let inc = cursor("- hosts: all\n  tasks:\n    - {name: i, debug: msg=i}\n");
        c.next_task();
        c.insert(Arc::new(match &inc.stack[0].list {
            List::Owned(v) => v.as_ref().clone(),
            List::Of(..) => unreachable!(),
        }));
        assert_eq!(names(&mut c, &[]), ["i", "b"]);
    }
}
