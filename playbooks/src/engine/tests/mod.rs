//! Engine tests: playbooks run through an in-memory, deterministic executor that records
//! every call, and a reporter that records every event as a line.

mod examples;
mod fake;
mod flow;
mod vars;

use std::path::Path;
use std::sync::Arc;

use rpyctl_inventory::Inventory;

use super::{run, RunOptions, Stats};
use crate::parse::{parse_playbook, LoadOptions};
use fake::{Fake, Lines};

const INVENTORY: &str = "all:\n  vars:\n    level: inventory\n  children:\n    web:\n      hosts:\n        h1:\n        h2:\n        h3:\n        h4:\n      vars:\n        role_of: web\n    db:\n      hosts:\n        d1:\n          level: host\n    dead:\n      hosts:\n        down1:\n";

pub(crate) fn inventory() -> Arc<Inventory> {
    Arc::new(Inventory::from_yaml("inv.yml", INVENTORY).unwrap())
}

/// Runs playbook text (in `dir`) and returns the fake executor, the event lines and stats.
pub(crate) fn play_in(dir: &Path, text: &str, opts: &RunOptions, fake: Fake) -> (Fake, Vec<String>, Stats) {
    let pb = parse_playbook("t.yml", text, dir, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let lines = Lines::default();
    let stats = futures::executor::block_on(run(&[pb], inventory(), opts, &fake, &lines));
    (fake, lines.take(), stats)
}

pub(crate) fn play(text: &str) -> (Fake, Vec<String>, Stats) {
    play_in(Path::new("."), text, &RunOptions::default(), Fake::default())
}

pub(crate) fn play_with(text: &str, opts: &RunOptions) -> (Fake, Vec<String>, Stats) {
    play_in(Path::new("."), text, opts, Fake::default())
}

/// The lines of one kind (`ok: `, `task `, ...), in order.
pub(crate) fn only<'a>(lines: &'a [String], prefix: &str) -> Vec<&'a str> {
    lines.iter().filter(|l| l.starts_with(prefix)).map(String::as_str).collect()
}

/// The controller runs the engine inside a tokio task: its future must be `Send`.
#[test]
fn the_run_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let pb = parse_playbook("t.yml", "- hosts: h1\n  tasks: []\n", Path::new("."), &LoadOptions::default()).unwrap();
    let (fake, lines, opts) = (Fake::default(), Lines::default(), RunOptions::default());
    let pbs = [pb];
    let fut = run(&pbs, inventory(), &opts, &fake, &lines);
    assert_send(&fut);
    drop(fut);
}
