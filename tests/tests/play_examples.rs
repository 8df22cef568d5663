//! `playbooks/examples/` as users first meet it: `rpyctl play playbooks/examples/site.yml` with
//! no inventory (the embedded `localhost`, a spawned rpyc-agent), as it is; and the same
//! playbook on a `rpyc_classic` named `localhost` in an inventory. Both runs succeed, and the
//! second run changes nothing.

use std::process::Command;

use rpyctl_tests::play::{Fleet, Kind};
use rpyctl_tests::{project_bin, workspace_root};

fn recap(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("localhost ") && l.contains(" : ok="))
        .unwrap_or_else(|| panic!("no recap in:\n{stdout}"))
        .split(" : ")
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn site_yml_runs_as_it_is_on_the_embedded_localhost() {
    let site = workspace_root().join("playbooks/examples/site.yml");
    let scratch = tempfile::tempdir().expect("tempdir");
    let _ = std::fs::remove_dir_all("/tmp/rpyctl-example");
    let play = || {
        let out = Command::new(project_bin("rpyctl"))
            .arg("play")
            .arg(&site)
            .current_dir(scratch.path())
            .env("NO_COLOR", "1")
            .env_remove("RPYCTL_INVENTORY")
            .output()
            .expect("run rpyctl play");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "{text}\n{}", String::from_utf8_lossy(&out.stderr));
        text
    };
    let first = play();
    assert!(first.contains("ok: [localhost] => {\n    \"msg\": \"recovered rc=1, 2 files written\"\n}"), "{first}");
    let second = play();
    assert_eq!(recap(&second), "ok=14 changed=0 unreachable=0 failed=0 skipped=1 rescued=1 ignored=0", "{second}");
    assert!(std::path::Path::new("/tmp/rpyctl-example/etc/app.conf").is_file());
}

#[test]
fn site_yml_runs_on_rpyc_classic() {
    let fleet = Fleet::new(Kind::Classic, &["localhost"]);
    let site = workspace_root().join("playbooks/examples/site.yml").display().to_string();
    let app_root = fleet.root().join("example").display().to_string();
    let args = ["-e", &format!("app_root={app_root}"), "-e", &format!("scratch={app_root}/scratch")];
    let first = fleet.play(&site, &args);
    assert_eq!(first.code(), Some(0), "{}\n{}", first.stdout(), first.stderr());
    let second = fleet.play(&site, &args);
    assert_eq!(recap(&second.stdout()), "ok=14 changed=0 unreachable=0 failed=0 skipped=1 rescued=1 ignored=0");
    assert!(std::path::Path::new(&app_root).join("www/index.html").is_file());
}
