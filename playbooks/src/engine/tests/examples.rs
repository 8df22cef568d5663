//! `examples/site.yml` through the engine, against the implicit localhost: roles, templates,
//! files, handlers, rescue, loops and retries all reach the executor as the controller will see
//! them. The event lines are a snapshot.

use std::path::Path;

use super::fake::{Fake, Lines};
use super::{inventory, only};
use crate::engine::{run, RunOptions};
use crate::parse::{load_playbook, LoadOptions};

#[test]
fn site_yml_runs_through_the_engine() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let pb = load_playbook(&dir.join("site.yml"), &LoadOptions::default()).unwrap();
    let (fake, lines) = (Fake::default(), Lines::default());
    let stats = futures::executor::block_on(run(&[pb], inventory(), &RunOptions::default(), &fake, &lines));
    let lines = lines.take();
    assert_eq!(stats.exit_status(), crate::engine::ExitStatus::Ok, "{lines:#?}");
    assert_eq!(only(&lines, "handler"), ["handler webapp : reload webapp"]);
    let text = lines.iter().map(|l| l.replace(&dir.display().to_string(), "<examples>")).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(text);
    // Run again: the fake is idempotent, so nothing changes and no handler runs.
    let pb = load_playbook(&dir.join("site.yml"), &LoadOptions::default()).unwrap();
    let lines2 = Lines::default();
    futures::executor::block_on(run(&[pb], inventory(), &RunOptions::default(), &fake, &lines2));
    assert!(only(&lines2.take(), "handler").is_empty());
}
