//! `rpyctl repl PATTERN < script.py`: the same entries a person would type,
//! piped, against three real agents and a real `rpyc_classic` (and a dead
//! port); what users see is compared whole with snapshots (insta), the
//! temporary directory filtered out. Exit statuses as exec's.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use rpyctl_tests::{project_bin, AgentProcess, PythonClassicServer};

struct Hosts {
    _agents: Vec<AgentProcess>,
    _python: PythonClassicServer,
    dir: tempfile::TempDir,
}

/// web1..web3 (agents), py1 (rpyc_classic), dead1 (nothing listening).
fn hosts() -> Hosts {
    let agents: Vec<AgentProcess> = (0..3).map(|_| AgentProcess::start()).collect();
    let python = PythonClassicServer::start();
    let dead = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inventory = String::from("all:\n  vars: {ansible_host: 127.0.0.1}\n  children:\n    web:\n      hosts:\n");
    for (i, a) in agents.iter().enumerate() {
        inventory.push_str(&format!("        web{}: {{rpyc_port: {}}}\n", i + 1, a.addr.port()));
    }
    inventory.push_str(&format!(
        "    python:\n      hosts:\n        py1: {{rpyc_port: {}}}\n    broken:\n      hosts:\n        dead1: {{rpyc_port: {dead}}}\n",
        python.addr.port()
    ));
    std::fs::write(dir.path().join("inventory.yml"), inventory).expect("inventory");
    Hosts { _agents: agents, _python: python, dir }
}

/// Pipes `script` into `rpyctl repl PATTERN`; stdout with the temporary
/// directory replaced by `[DIR]`, and the exit code.
fn repl(dir: &Path, pattern: &str, script: &str) -> (String, Option<i32>) {
    let mut child = Command::new(project_bin("rpyctl"))
        .args(["repl", pattern, "-T", "3"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start rpyctl repl");
    child.stdin.take().expect("stdin").write_all(script.as_bytes()).expect("write the script");
    let out = child.wait_with_output().expect("rpyctl repl");
    let dir_text = dir.canonicalize().expect("canonical").display().to_string();
    let stdout = String::from_utf8_lossy(&out.stdout).replace(&dir_text, "[DIR]");
    (stdout, out.status.code())
}

const COMMON: &str = r#"1 + 1
x = 6
x * 7
os.path.basename("/etc/hostname")
os.path.join("/a", "b")
os.listdir("/nonexistent/rpyctl")
"rpyc-agent" in sys.version
names = ["a", "b", "c"]
names * 7
None
"#;

#[test]
fn a_piped_script_runs_its_entries_in_order_and_groups_identical_results() {
    let hosts = hosts();
    let (stdout, code) = repl(hosts.dir.path(), "web:python", COMMON);
    insta::assert_snapshot!("agents_and_rpyc_classic", stdout);
    assert_eq!(code, Some(2), "an entry failed on some host");
}

#[test]
fn blocks_run_where_the_server_has_all_of_python() {
    let hosts = hosts();
    let script = "def double(a):\n    return a * 2\n\nfor i in range(3):\n    total = double(i)\n\ntotal\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    caught = True\nelse:\n    caught = False\ncaught\n[double(n) for n in range(4)]\n";
    let (stdout, code) = repl(hosts.dir.path(), "py1", script);
    insta::assert_snapshot!("blocks_on_rpyc_classic", stdout);
    assert_eq!(code, Some(0));
}

#[test]
fn an_unreachable_host_and_failures_exit_six() {
    let hosts = hosts();
    let (stdout, code) = repl(hosts.dir.path(), "web1:dead1", "sys.byteorder\n1 / 0\n");
    let stdout = stdout.lines().map(|l| l.split(": cannot connect").next().unwrap_or(l)).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!("unreachable_and_failed", stdout);
    assert_eq!(code, Some(6));
}

#[test]
fn upload_and_download_move_files_in_chunks_checked_on_every_host() {
    let hosts = hosts();
    let dir = hosts.dir.path();
    // 2.5 MiB: three chunks; bytes of every value.
    let data: Vec<u8> = (0..(5u32 << 19)).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(dir.join("payload.bin"), &data).expect("payload");
    let remote = dir.join("remote.bin");
    let script = format!(
        ":upload payload.bin {remote}\nos.path.getsize({remote:?})\n:download {remote} back\n",
        remote = remote.display()
    );
    // web1 and py1 share this machine, so both write the same path in turn.
    for pattern in ["web1", "py1"] {
        let (stdout, code) = repl(dir, pattern, &script);
        assert_eq!(code, Some(0), "{pattern}: {stdout}");
        assert!(stdout.contains("uploaded 2.5 MiB to [DIR]/remote.bin, sha256"), "{pattern}: {stdout}");
        assert!(stdout.contains(&format!("{}\n", data.len())), "{pattern}: {stdout}");
        assert!(stdout.contains("downloaded 2.5 MiB to back, sha256"), "{pattern}: {stdout}");
        assert_eq!(std::fs::read(dir.join("back")).expect("downloaded"), data, "{pattern}: identical bytes");
        std::fs::remove_file(dir.join("back")).expect("remove");
        assert!(!dir.join("remote.bin.rpyctl-part").exists(), "no part file left behind");
    }
    // Several hosts: LOCAL/HOST/NAME.
    let (stdout, code) = repl(dir, "web:python", &format!(":download {} copies\n", remote.display()));
    assert_eq!(code, Some(0), "{stdout}");
    for host in ["web1", "web2", "web3", "py1"] {
        assert_eq!(std::fs::read(dir.join("copies").join(host).join("remote.bin")).expect("copy"), data, "{host}");
    }
    // A missing file fails the host, named.
    let (stdout, code) = repl(dir, "web1", ":download /nonexistent/rpyctl here\n");
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.contains("FileNotFoundError"), "{stdout}");
}

#[test]
fn eval_is_one_expression_with_execs_outputs_and_exit_statuses() {
    let hosts = hosts();
    let run = |args: &[&str]| {
        Command::new(project_bin("rpyctl")).args(args).current_dir(hosts.dir.path()).output().expect("rpyctl eval")
    };
    let out = run(&["eval", "web:python", "len(os.listdir('/etc')) > 3", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    for host in ["web1", "web2", "web3", "py1"] {
        assert_eq!(doc["hosts"][host]["value"], true, "{doc}");
    }
    let out = run(&["eval", "web1:py1", "1 / 0", "-o"]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("ZeroDivisionError: division by zero").count(), 2, "{text}");
    let out = run(&["eval", "web1", "x = 1"]);
    assert_eq!(out.status.code(), Some(5), "a statement is a usage error");
}

#[test]
fn a_slow_host_gets_the_call_timeout_and_the_session_goes_on() {
    let hosts = hosts();
    let (stdout, code) = repl(hosts.dir.path(), "web", ":timeout 1\ntime.sleep(5)\n6 * 7\n");
    assert_eq!(code, Some(2), "{stdout}");
    assert!(stdout.contains("[3 hosts] Timeout: no result within 1.0s"), "{stdout}");
    assert!(stdout.contains("[3 hosts] 42"), "{stdout}");
}
