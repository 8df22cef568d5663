//! `rpyctl play` on a real terminal (tmux): while a task runs, a live line on stderr names
//! the hosts still running it and for how long; it goes once they are done, and the default
//! callback's lines stay.

use std::time::Duration;

use rpyctl_tests::play::{Fleet, Kind};
use rpyctl_tests::project_bin;
use rpyctl_tests::pty::Tmux;

#[test]
fn a_live_line_names_the_hosts_still_running_the_task() {
    let fleet = Fleet::new(Kind::Classic, &["fast", "slow"]);
    fleet.write(
        "slow.yml",
        "- hosts: fast,slow
  gather_facts: false
  tasks:
    - name: Take your time
      command: sleep {{ 4 if inventory_hostname == 'slow' else 0 }}
",
    );
    let shell = format!(
        "cd '{}' && NO_COLOR=1 '{}' -i inventory.yml play slow.yml; echo exit=$?; sleep 30",
        fleet.dir.path().display(),
        project_bin("rpyctl").display()
    );
    let t = Tmux::start(fleet.dir.path(), &shell);
    t.wait_for("changed: [fast]");
    t.wait_for("Take your time: running on slow (");
    assert!(!t.screen().contains("running on fast"), "{}", t.screen());
    t.wait_for_n("exit=0", 1, Duration::from_secs(30));
    let screen = t.screen();
    assert!(screen.contains("changed: [slow]") && screen.contains("PLAY RECAP"), "{screen}");
    assert!(!screen.contains("running on"), "the live line is gone:\n{screen}");
}
