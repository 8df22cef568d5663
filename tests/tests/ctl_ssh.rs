//! `rpyctl` over SSH end to end: a real OpenSSH sshd on 127.0.0.1 (started
//! here, with its own config, host key and authorized key), an inventory of
//! `rpyc_transport: ssh` hosts that all point at it, and an agent store
//! holding this build's `rpyc-agent` under the name of this machine's
//! target triple. Covers placing ("uploaded", then "already present"),
//! `exec` through the bootstrapped agent, removal of what a run uploaded
//! unless `--persist`, and the per-host errors: unknown and changed host
//! keys, a refused key, no agent for the architecture, a failed upload.
//!
//! Needs `/usr/sbin/sshd` and `ssh-keygen`: `scripts/setup-ssh.sh` (which
//! `scripts/test.sh` runs) installs them. Missing, the tests fail saying so.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use rpyctl_tests::sshd::{keygen, public_key, run_ok, Sshd};
use rpyctl_tests::{json_of, project_bin};
use serde_json::Value as Json;

fn native_triple() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x86_64-unknown-linux-gnu",
        "aarch64" => "aarch64-unknown-linux-gnu",
        "x86" => "i686-unknown-linux-gnu",
        "arm" => "armv7-unknown-linux-gnueabihf",
        "s390x" => "s390x-unknown-linux-gnu",
        other => panic!("no agent triple known for this machine ({other})"),
    }
}

/// The sshd, keys, known_hosts files, an agent store and an inventory in a
/// temporary directory.
struct Fixture {
    sshd: Sshd,
    dir: tempfile::TempDir,
    triple: &'static str,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        for key in ["host_key", "client_key", "wrong_key"] {
            keygen(&d.join(key));
        }
        std::fs::write(d.join("authorized_keys"), public_key(&d.join("client_key")) + "\n").expect("authorized_keys");
        let sshd = Sshd::start(d);
        let host_id = format!("[127.0.0.1]:{}", sshd.port);
        std::fs::write(d.join("known_hosts"), format!("{host_id} {}\n", public_key(&d.join("host_key"))))
            .expect("known_hosts");
        // Another key recorded for the same host: its key has "changed".
        std::fs::write(d.join("known_hosts_changed"), format!("{host_id} {}\n", public_key(&d.join("wrong_key"))))
            .expect("known_hosts_changed");
        // The store: this build's agent as rpyc-agent-<triple>, without its
        // debug info (40 MB -> 7 MB: still several SSH windows' worth, and
        // quicker for the debug controller to hash and send).
        let triple = native_triple();
        std::fs::create_dir(d.join("store")).expect("store");
        let stored = d.join("store").join(format!("rpyc-agent-{triple}"));
        let stripped = Command::new("strip").arg("-o").arg(&stored).arg(project_bin("rpyc-agent")).status();
        if !stripped.is_ok_and(|s| s.success()) {
            std::fs::copy(project_bin("rpyc-agent"), &stored).expect("store agent");
        }
        std::fs::create_dir(d.join("empty-store")).expect("empty store");
        let user = String::from_utf8(run_ok(Command::new("id").arg("-un")).stdout).expect("utf-8").trim().to_owned();
        let p = |rel: &str| d.join(rel).display().to_string();
        let inventory = format!(
            r#"all:
  vars:
    rpyc_transport: ssh
    ansible_host: 127.0.0.1
    ansible_port: {port}
    ansible_user: "{user}"
    ansible_ssh_private_key_file: "{client_key}"
    rpyc_ssh_known_hosts: "{known_hosts}"
  hosts:
    good: {{ rpyc_agent_dir: "{remote}/good" }}
    fresh: {{ rpyc_agent_dir: "{remote}/fresh" }}
    changed: {{ rpyc_agent_dir: "{remote}/changed", rpyc_ssh_known_hosts: "{changed}" }}
    unknown: {{ rpyc_agent_dir: "{remote}/unknown", rpyc_ssh_known_hosts: "{unknown}" }}
    wrongkey: {{ rpyc_agent_dir: "{remote}/wrongkey", ansible_ssh_private_key_file: "{wrong_key}" }}
    noupload: {{ rpyc_agent_dir: /proc/rpyctl-test/agents }}
"#,
            port = sshd.port,
            client_key = p("client_key"),
            wrong_key = p("wrong_key"),
            known_hosts = p("known_hosts"),
            changed = p("known_hosts_changed"),
            unknown = p("known_hosts_unknown"),
            remote = p("remote"),
        );
        std::fs::write(d.join("inventory.yml"), inventory).expect("inventory");
        Fixture { sshd, dir, triple }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The agent `host` would have on the "remote" side.
    fn remote_agent(&self, host: &str) -> PathBuf {
        self.path(&format!("remote/{host}/rpyc-agent-{}", self.triple))
    }

    fn rpyctl(&self, args: &[&str]) -> Output {
        let out = Command::new(project_bin("rpyctl"))
            .arg("-i")
            .arg(self.path("inventory.yml"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("RPYCTL_AGENT_STORE", self.path("store"))
            .env_remove("RPYCTL_HOST_KEY_CHECKING")
            // Only the inventory's key file authenticates.
            .env_remove("SSH_AUTH_SOCK")
            .output()
            .expect("run rpyctl");
        if std::env::var_os("RPYCTL_TEST_SHOW").is_some() {
            eprintln!(
                "rpyctl {args:?}:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        out
    }

    fn sshd_log(&self) -> String {
        self.sshd.log.lock().unwrap_or_else(|e| e.into_inner()).join("\n")
    }
}

fn host<'a>(doc: &'a Json, name: &str) -> &'a Json {
    &doc["hosts"][name]
}

fn message(doc: &Json, name: &str) -> String {
    host(doc, name)["error"]["message"].as_str().unwrap_or_default().to_owned()
}

fn sha256_of(path: &Path) -> String {
    let out = run_ok(Command::new("sha256sum").arg(path));
    String::from_utf8_lossy(&out.stdout).split_whitespace().next().unwrap_or_default().to_owned()
}

#[test]
fn bootstrap_places_once_and_exec_runs_over_the_ssh_channel() {
    let fx = Fixture::new();
    let out = fx.rpyctl(&["bootstrap", "good", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}\n{}", String::from_utf8_lossy(&out.stderr), fx.sshd_log());
    let doc = json_of(&out);
    let good = host(&doc, "good");
    assert_eq!(good["status"], "ok", "{doc}");
    assert_eq!(good["action"], "uploaded");
    let machine = String::from_utf8(run_ok(Command::new("uname").arg("-m")).stdout).expect("utf-8");
    assert_eq!(good["arch"], machine.trim());
    assert_eq!(good["byteorder"], if cfg!(target_endian = "big") { "big" } else { "little" });
    assert_eq!(good["word_bits"], usize::BITS);
    assert_eq!(good["triple"], fx.triple);
    assert!(good["agent"].as_str().unwrap_or_default().starts_with("rpyc-agent "), "{good}");
    let placed = fx.remote_agent("good");
    assert_eq!(good["path"], placed.display().to_string());
    let stored = fx.path(&format!("store/rpyc-agent-{}", fx.triple));
    assert_eq!(good["sha256"], sha256_of(&stored));
    assert_eq!(sha256_of(&placed), sha256_of(&stored));

    // Placed already: nothing is sent again. The human table says so.
    let out = fx.rpyctl(&["bootstrap", "good"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("already present"), "{table}");
    assert!(table.contains("ok=1 failed=0 unreachable=0"), "{table}");

    // exec bootstraps on its own and speaks RPyC over the channel; the
    // agent it found in place stays.
    let out = fx.rpyctl(&["exec", "good", "sys.byteorder", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    assert_eq!(host(&doc, "good")["value"], if cfg!(target_endian = "big") { "big" } else { "little" });
    let out = fx.rpyctl(&["exec", "good", "os.path.basename", &placed.display().to_string(), "-o"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(placed.exists(), "an agent that was already present must stay");
}

#[test]
fn exec_removes_the_agent_it_uploaded_unless_persist() {
    let fx = Fixture::new();
    let out = fx.rpyctl(&["exec", "fresh", "os.getpid", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}\n{}", String::from_utf8_lossy(&out.stderr), fx.sshd_log());
    assert!(host(&json_of(&out), "fresh")["value"].is_i64());
    // The shell that started it removes it when the agent exits, which
    // the end of the run brings about; give it a moment.
    let agent = fx.remote_agent("fresh");
    let deadline = Instant::now() + Duration::from_secs(5);
    while agent.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!agent.exists(), "{} should be removed after the run", agent.display());

    let out = fx.rpyctl(&["exec", "fresh", "os.getpid", "--persist", "-o"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(agent.exists(), "--persist keeps {}", agent.display());
    let out = fx.rpyctl(&["bootstrap", "fresh", "--output", "json"]);
    assert_eq!(host(&json_of(&out), "fresh")["action"], "already present");
}

#[test]
fn host_key_and_authentication_errors_are_per_host() {
    let fx = Fixture::new();
    let out = fx.rpyctl(&["exec", "good:changed:unknown:wrongkey", "sys.byteorder", "--output", "json"]);
    // Unreachable hosts (and no failed one): exit status 4.
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    assert_eq!(host(&doc, "good")["status"], "ok", "{doc}");
    for name in ["changed", "unknown", "wrongkey"] {
        assert_eq!(host(&doc, name)["status"], "unreachable", "{name}: {doc}");
    }
    let changed = message(&doc, "changed");
    assert!(changed.contains("host key for [127.0.0.1]:") && changed.contains("has CHANGED"), "{changed}");
    assert!(changed.contains("ssh-keygen -R"), "{changed}");
    let unknown = message(&doc, "unknown");
    assert!(unknown.starts_with("unknown host key for [127.0.0.1]:"), "{unknown}");
    assert!(unknown.contains("--host-key-checking accept-new"), "{unknown}");
    let auth = message(&doc, "wrongkey");
    assert!(auth.starts_with("authentication failed for "), "{auth}");
    assert!(auth.contains("wrong_key refused"), "{auth}");
    for m in [&changed, &unknown, &auth] {
        assert!(!m.contains('\n'), "one line: {m}");
    }

    // accept-new records the unknown host's key (and the next strict run
    // accepts it), but still refuses a changed one.
    let out = fx.rpyctl(&["exec", "unknown:changed", "sys.byteorder", "--host-key-checking", "accept-new", "-o"]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stdout));
    let learnt = std::fs::read_to_string(fx.path("known_hosts_unknown")).expect("known_hosts_unknown written");
    assert!(learnt.starts_with(&format!("[127.0.0.1]:{} ssh-ed25519 ", fx.sshd.port)), "{learnt}");
    let out = fx.rpyctl(&["exec", "unknown", "sys.byteorder", "-o"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // off accepts anything.
    let out = fx.rpyctl(&["exec", "changed", "sys.byteorder", "--host-key-checking", "off", "-o"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn no_agent_for_the_architecture_and_a_failed_upload_fail_the_host() {
    let fx = Fixture::new();
    let empty = fx.path("empty-store");
    let out = fx.rpyctl(&[
        "exec",
        "good",
        "sys.byteorder",
        "--output",
        "json",
        "--agent-store",
        empty.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    assert_eq!(host(&doc, "good")["status"], "failed");
    assert_eq!(host(&doc, "good")["error"]["type"], "Bootstrap");
    let m = message(&doc, "good");
    assert!(m.contains(&format!("no agent for {}", fx.triple)), "{m}");
    assert!(m.contains(&format!("scripts/build-agents.sh {}", fx.triple)), "{m}");

    let out = fx.rpyctl(&["exec", "good:noupload", "sys.byteorder", "--output", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    assert_eq!(host(&doc, "good")["status"], "ok");
    assert_eq!(host(&doc, "noupload")["status"], "failed");
    let m = message(&doc, "noupload");
    assert!(
        m.starts_with("upload to /proc/rpyctl-test/agents failed: the bootstrap script exited with status 3: mkdir: "),
        "{m}"
    );
}
