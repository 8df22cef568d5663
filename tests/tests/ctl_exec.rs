//! `rpyctl` end to end: real agents and a real `rpyc_classic` on loopback
//! ports, an inventory file, patterns, dead and failing hosts, outputs and
//! exit codes.

use std::path::Path;
use std::process::{Command, Output};

use rpyctl_tests::{project_bin, AgentProcess, PythonClassicServer};
use serde_json::Value as Json;

struct Fleet {
    _agents: Vec<AgentProcess>,
    _python: PythonClassicServer,
    dir: tempfile::TempDir,
}

/// Three agents (web1, web2, db1), a Python server (py1) and a dead port (dead1).
fn fleet() -> Fleet {
    let agents: Vec<AgentProcess> = (0..3).map(|_| AgentProcess::start()).collect();
    let python = PythonClassicServer::start();
    let dead_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let inventory = format!(
        "all:
  vars:
    ansible_host: 127.0.0.1
  children:
    web:
      hosts:
        web1: {{ rpyc_port: {} }}
        web2: {{ rpyc_port: {} }}
    db:
      hosts:
        db1: {{ rpyc_port: {} }}
    python:
      hosts:
        py1: {{ rpyc_port: {} }}
    broken:
      hosts:
        dead1: {{ rpyc_port: {dead_port} }}
",
        agents[0].addr.port(),
        agents[1].addr.port(),
        agents[2].addr.port(),
        python.addr.port()
    );
    std::fs::write(dir.path().join("inventory.yml"), inventory).expect("write inventory");
    Fleet { _agents: agents, _python: python, dir }
}

fn rpyctl(cwd: &Path, args: &[&str]) -> Output {
    Command::new(project_bin("rpyctl")).args(args).current_dir(cwd).env("NO_COLOR", "1").output().expect("run rpyctl")
}

fn json_of(out: &Output) -> Json {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn status_of<'a>(doc: &'a Json, host: &str) -> &'a str {
    doc["hosts"][host]["status"].as_str().unwrap_or_else(|| panic!("no status for {host} in {doc}"))
}

#[test]
fn exec_reaches_agents_and_python_servers_alike() {
    let fleet = fleet();
    let out = rpyctl(fleet.dir.path(), &["exec", "all:!broken", "sys.byteorder", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    for host in ["web1", "web2", "db1", "py1"] {
        assert_eq!(status_of(&doc, host), "ok");
        assert_eq!(doc["hosts"][host]["value"], "little");
    }
    assert_eq!(doc["summary"]["ok"], 4);
}

#[test]
fn patterns_select_subsets() {
    let fleet = fleet();
    let hosts = |pattern: &str| {
        let out = rpyctl(fleet.dir.path(), &["exec", pattern, "os.getpid", "--list-hosts"]);
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8_lossy(&out.stdout).lines().skip(1).map(|l| l.trim().to_owned()).collect::<Vec<_>>()
    };
    assert_eq!(hosts("web"), ["web1", "web2"]);
    assert_eq!(hosts("web:db"), ["web1", "web2", "db1"]);
    assert_eq!(hosts("all:!web:!broken"), ["db1", "py1"]);
    assert_eq!(hosts("web:&web2"), ["web2"]);
    assert_eq!(hosts("~web[0-9]"), ["web1", "web2"]);
    assert_eq!(hosts("web[1]"), ["web2"]);
}

#[test]
fn a_dead_host_is_unreachable_and_the_others_still_report() {
    let fleet = fleet();
    let out = rpyctl(fleet.dir.path(), &["exec", "all", "os.getcwd", "--output", "json", "-T", "2"]);
    assert_eq!(out.status.code(), Some(4), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    assert_eq!(status_of(&doc, "dead1"), "unreachable");
    let reason = doc["hosts"]["dead1"]["error"]["message"].as_str().unwrap_or_default();
    assert!(reason.contains("refused"), "{reason}");
    assert_eq!(doc["summary"]["ok"], 4);
}

#[test]
fn a_raising_call_fails_with_the_remote_type_on_agent_and_python() {
    let fleet = fleet();
    let out = rpyctl(fleet.dir.path(), &["exec", "db1:py1", "os.listdir", "/nonexistent/rpyctl", "--output", "json"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    for host in ["db1", "py1"] {
        assert_eq!(status_of(&doc, host), "failed");
        assert_eq!(doc["hosts"][host]["error"]["type"], "FileNotFoundError");
        assert_eq!(doc["hosts"][host]["error"]["attributes"]["errno"], 2);
    }
    // Failed and unreachable together.
    let out = rpyctl(fleet.dir.path(), &["exec", "db1:dead1", "os.listdir", "/nonexistent/rpyctl", "-o"]);
    assert_eq!(out.status.code(), Some(6));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "one line per host: {text}");
}

#[test]
fn jsonl_streams_hosts_then_a_summary() {
    let fleet = fleet();
    let out = rpyctl(fleet.dir.path(), &["exec", "web", "os.path.join", "/a", "b", "--output", "jsonl"]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Json> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 3);
    for line in &lines[..2] {
        assert_eq!(line["status"], "ok");
        assert_eq!(line["value"], "/a/b");
    }
    assert_eq!(lines[2]["summary"]["ok"], 2);
}

#[test]
fn keyword_arguments_are_typed_and_results_come_by_value() {
    let fleet = fleet();
    let out = rpyctl(fleet.dir.path(), &["exec", "web1:py1", "builtins.int", "ff", "base=16", "--output", "json"]);
    let doc = json_of(&out);
    assert_eq!(doc["hosts"]["web1"]["value"], 255);
    assert_eq!(doc["hosts"]["py1"]["value"], 255);
    // A remote list comes back as data, not a proxy.
    let out = rpyctl(fleet.dir.path(), &["exec", "web1:py1", "os.listdir", "/", "--output", "json"]);
    let doc = json_of(&out);
    for host in ["web1", "py1"] {
        let names = doc["hosts"][host]["value"].as_array().unwrap_or_else(|| panic!("{host}: {doc}"));
        assert!(names.iter().any(|n| n == "etc"), "{host}: {names:?}");
    }
}

#[test]
fn tree_output_writes_one_file_per_host() {
    let fleet = fleet();
    let tree = fleet.dir.path().join("out");
    let out = rpyctl(fleet.dir.path(), &["exec", "web", "os.getpid", "-t", tree.to_str().expect("utf8"), "-o"]);
    assert_eq!(out.status.code(), Some(0));
    for host in ["web1", "web2"] {
        let text = std::fs::read_to_string(tree.join(format!("{host}.json"))).expect("host file");
        let doc: Json = serde_json::from_str(&text).expect("json");
        assert!(doc["value"].as_i64().is_some_and(|pid| pid > 0), "{doc}");
    }
}

#[test]
fn the_embedded_default_is_a_local_agent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = rpyctl(dir.path(), &["exec", "localhost", "os.getcwd", "--output", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json_of(&out);
    let canonical = dir.path().canonicalize().expect("canonical");
    assert_eq!(doc["hosts"]["localhost"]["value"], canonical.to_string_lossy().as_ref());
}

#[test]
fn bad_input_is_a_one_line_error_with_exit_5() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("inventory.yml"), "all:\n  hosts:\n    a: {x: 1\n").expect("write");
    let out = rpyctl(dir.path(), &["exec", "all", "os.getcwd"]);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inventory.yml:"), "names the file: {err}");
    assert!(err.trim().lines().count() == 1, "one line: {err}");

    let out = rpyctl(dir.path(), &["-i", "h1,", "exec", "nomatch", "os.getcwd"]);
    assert_eq!(out.status.code(), Some(5));
    let out = rpyctl(dir.path(), &["-i", "h1,", "exec", "nomatch", "os.getcwd", "--allow-empty"]);
    assert_eq!(out.status.code(), Some(0));
    let out = rpyctl(dir.path(), &["-i", "h1,", "exec", "all", "not a target"]);
    assert_eq!(out.status.code(), Some(5));
}
