//! Settings resolved once: `rpyctl.toml` in the working directory, the
//! environment over it, flags over both; `rpyctl config` says where each
//! value came from, and the commands use them.

use std::process::Command;

use rpyctl_tests::{project_bin, AgentProcess};

#[test]
fn the_config_file_the_environment_and_flags_stack_and_config_shows_the_sources() {
    let agent = AgentProcess::start();
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("inv")).expect("mkdir");
    std::fs::write(
        dir.path().join("inv/hosts.yml"),
        format!("all:\n  hosts:\n    a1: {{ansible_host: 127.0.0.1, rpyc_port: {}}}\n", agent.addr.port()),
    )
    .expect("inventory");
    std::fs::write(
        dir.path().join("rpyctl.toml"),
        "# team defaults\ninventory = [\"inv/hosts.yml\"]\nforks = 7\noutput = \"oneline\"\ncall_timeout = 12\n",
    )
    .expect("rpyctl.toml");
    let rpyctl = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = Command::new(project_bin("rpyctl"));
        cmd.args(args).current_dir(dir.path()).env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run rpyctl")
    };
    let out = rpyctl(&["config", "--output", "json", "--forks", "9"], &[("RPYCTL_CALL_TIMEOUT", "3")]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let file = dir.path().join("rpyctl.toml");
    assert_eq!(doc["forks"]["value"], "9");
    assert_eq!(doc["forks"]["source"], "command line (--forks)");
    assert_eq!(doc["call_timeout"]["value"], "3s");
    assert_eq!(doc["call_timeout"]["source"], "environment (RPYCTL_CALL_TIMEOUT)");
    assert_eq!(doc["output"]["source"], "command line (--output)");
    assert_eq!(doc["inventory"]["source"], format!("{}:2", file.display()));
    assert_eq!(doc["timeout"]["source"], "default");

    // The commands use the file: its inventory and its output format.
    let out = rpyctl(&["exec", "all", "sys.byteorder"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "a1 | ok | 'little'\n");

    // A typo is an error naming the file and line, exit 5.
    std::fs::write(&file, "forks = 7\nfroks = 8\n").expect("rpyctl.toml");
    let out = rpyctl(&["config"], &[]);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2: unknown key 'froks'", file.display())), "{err}");
}
