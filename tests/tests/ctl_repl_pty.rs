//! `rpyctl repl` driven as a person drives it: the real binary in a real
//! pseudo-terminal (tmux: `send-keys` to type, `capture-pane` to read the
//! screen), against real agents, a real `rpyc_classic` and a local child
//! agent. Typing expressions, statements and a multi-line `def`; Tab
//! completion from the remote side; Ctrl-C during `time.sleep(30)`;
//! grouping; a host killed mid-session and reconnected; history across two
//! sessions.

use std::path::Path;
use std::time::{Duration, Instant};

use rpyctl_tests::pty::Tmux;
use rpyctl_tests::{project_bin, AgentProcess, PythonClassicServer};

/// Starts `rpyctl COMMAND` in a pane, with the REPL's history under `dir`.
fn start(dir: &Path, command: &str) -> Tmux {
    let state = dir.join("state");
    let shell = format!(
        "cd '{}' && exec env NO_COLOR=1 XDG_STATE_HOME='{}' RPYCTL_AGENT='{}' '{}' {command}",
        dir.display(),
        state.display(),
        project_bin("rpyc-agent").display(),
        project_bin("rpyctl").display()
    );
    Tmux::start(dir, &shell)
}

/// Waits until the prompt (`... ` or `PATTERN (N)> `) stands alone on the last line, as a
/// person waits before typing: keys typed while the line editor starts may be taken for its
/// cursor-position answer.
fn ready(t: &Tmux) {
    let begun = Instant::now();
    loop {
        let screen = t.screen();
        let last = screen.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default().trim_end();
        if last.ends_with('>') || last == "..." {
            return;
        }
        assert!(begun.elapsed() < Duration::from_secs(20), "no prompt within 20 s; screen:\n{screen}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Types a whole line at a fresh prompt and presses Enter.
fn line(t: &Tmux, text: &str) {
    ready(t);
    t.type_text(text);
    t.press("Enter");
}

struct Hosts {
    agents: Vec<AgentProcess>,
    _python: PythonClassicServer,
    dir: tempfile::TempDir,
}

/// web1..web3 (agents), py1 (rpyc_classic), loc1 (a local child agent).
fn hosts() -> Hosts {
    let agents: Vec<AgentProcess> = (0..3).map(|_| AgentProcess::start()).collect();
    let python = PythonClassicServer::start();
    let dir = tempfile::tempdir().expect("tempdir");
    let mut inventory = String::from("all:\n  vars: {ansible_host: 127.0.0.1}\n  children:\n    web:\n      hosts:\n");
    for (i, a) in agents.iter().enumerate() {
        inventory.push_str(&format!("        web{}: {{rpyc_port: {}}}\n", i + 1, a.addr.port()));
    }
    inventory.push_str(&format!(
        "    python:\n      hosts:\n        py1: {{rpyc_port: {}}}\n    child:\n      hosts:\n        loc1: {{rpyc_transport: local}}\n",
        python.addr.port()
    ));
    std::fs::write(dir.path().join("inventory.yml"), inventory).expect("inventory");
    Hosts { agents, _python: python, dir }
}

#[test]
fn expressions_statements_and_a_multi_line_def() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl py1");
    t.wait_for("py1 (1)>");
    line(&t, "x = 20");
    line(&t, "x * 2");
    t.wait_for("\n40\n");
    line(&t, "def f(a):");
    t.wait_for("...");
    line(&t, "    return a + 1");
    line(&t, "");
    t.wait_for_n("py1 (1)>", 4, Duration::from_secs(20));
    line(&t, "f(x)");
    t.wait_for("\n21\n");
    // Statements show nothing; an exception shows its type and message.
    line(&t, "import json");
    line(&t, "json.loads('[1, 2')");
    t.wait_for("JSONDecodeError: Expecting ',' delimiter");
}

#[test]
fn tab_completes_names_and_attributes_from_the_remote_side() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl web");
    t.wait_for("web (3)>");
    ready(&t);
    t.type_text("os.pa");
    t.press("Tab");
    t.press("Tab");
    // The candidates, from the agent's own os module.
    t.wait_for("pathsep");
    t.type_text("t");
    t.press("Tab");
    t.wait_for("web (3)> os.path");
    t.type_text(".jo");
    t.press("Tab");
    t.wait_for("web (3)> os.path.join");
    t.type_text("('/a', 'b')");
    t.press("Enter");
    t.wait_for("[3 hosts] '/a/b'");
    // Names of the session's namespace complete too.
    line(&t, "answer_value = 42");
    t.wait_for_n("web (3)>", 3, Duration::from_secs(20));
    ready(&t);
    t.type_text("answer_v");
    t.press("Tab");
    t.wait_for("web (3)> answer_value");
    t.press("Enter");
    t.wait_for("[3 hosts] 42");
    // Module names after `import`.
    ready(&t);
    t.type_text("import subp");
    t.press("Tab");
    t.wait_for("web (3)> import subprocess");
    t.press("Enter");
    // And :commands.
    ready(&t);
    t.type_text(":ho");
    t.press("Tab");
    t.wait_for(":hosts");
}

#[test]
fn ctrl_c_abandons_a_running_line_within_a_second_and_the_session_goes_on() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl web");
    t.wait_for("web (3)>");
    line(&t, "time.sleep(30)");
    std::thread::sleep(Duration::from_millis(500));
    t.press("C-c");
    let back = t.wait_for_n("web (3)>", 2, Duration::from_secs(5));
    assert!(back < Duration::from_secs(1), "the prompt came back after {back:?}");
    assert!(t.screen().contains("KeyboardInterrupt"), "{}", t.screen());
    line(&t, "1 + 1");
    t.wait_for("[3 hosts] 2");
}

#[test]
fn after_ctrl_c_a_server_still_busy_is_named_and_the_others_answer_at_once() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl web:python");
    t.wait_for("web:python (4)>");
    line(&t, "time.sleep(4)");
    std::thread::sleep(Duration::from_millis(500));
    t.press("C-c");
    t.wait_for("KeyboardInterrupt");
    t.wait_for_n("web:python (4)>", 2, Duration::from_secs(5));
    line(&t, "6 * 7");
    // rpyc_classic serves one request at a time per connection: py1 answers
    // after its sleep; the agents' results do not wait for it.
    t.wait_for("[py1] still running an interrupted line");
    let agents = t.wait_for("[3 hosts] 42");
    t.wait_for("[py1] 42");
    assert!(agents < Duration::from_secs(2), "the agents' results waited {agents:?}");
}

#[test]
fn identical_results_group_over_three_agents_and_rpyc_classic() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl web:python");
    t.wait_for("web:python (4)>");
    line(&t, "'rpyc-agent' in sys.version");
    t.wait_for("[3 hosts] True");
    t.wait_for("[py1] False");
    line(&t, "os.listdir('/nonexistent/rpyctl')");
    t.wait_for("[4 hosts] FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/rpyctl'");
    line(&t, ":hosts");
    t.wait_for("py1");
    assert_eq!(t.screen().matches(" live").count(), 4, "{}", t.screen());
}

#[test]
fn a_host_killed_mid_session_is_reported_then_reconnected_fresh() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl loc1:web1");
    t.wait_for("loc1:web1 (2)>");
    line(&t, "x = 1");
    line(&t, "os.getpid()");
    t.wait_for("[web1] ");
    let screen = t.screen();
    let pid: i32 = screen
        .lines()
        .find_map(|l| l.strip_prefix("[loc1] ").and_then(|p| p.trim().parse().ok()))
        .unwrap_or_else(|| panic!("no pid of loc1 on the screen:\n{screen}"));
    assert_ne!(pid as u32, hosts.agents[0].pid());
    line(&t, "time.sleep(3)");
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: kill(2) on the pid the local child agent reported as its own.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0, "kill the local agent");
    t.wait_for("[loc1] UNREACHABLE: connection lost");
    t.wait_for("loc1:web1 (1)>");
    line(&t, "x");
    t.wait_for("[loc1] reconnected: a fresh namespace");
    t.wait_for("[loc1] NameError: name 'x' is not defined");
    t.wait_for("[web1] 1");
    t.wait_for("loc1:web1 (2)>");
}

#[test]
fn history_carries_over_to_the_next_session() {
    let hosts = hosts();
    let t = start(hosts.dir.path(), "repl web1");
    t.wait_for("web1 (1)>");
    line(&t, "40 + 2");
    t.wait_for("\n42\n");
    t.press("C-d");
    let begun = Instant::now();
    while t.alive() {
        assert!(begun.elapsed() < Duration::from_secs(10), "Ctrl-D did not end the REPL");
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(t);
    let t = start(hosts.dir.path(), "repl web1");
    t.wait_for("web1 (1)>");
    t.press("Up");
    t.wait_for("web1 (1)> 40 + 2");
}
