//! `rpyctl play` against `ansible-playbook` on the same hosts, from one run:
//!
//!     cargo bench -p rpyctl-tests --bench play_bench
//!
//! Setup: `scripts/setup-play-bench.sh` (run here first): the project venv with ansible-core
//! and mitogen, OpenSSH, python3-apt (Ansible's apt module needs it on the managed host).
//!
//! Hosts: one OpenSSH sshd on 127.0.0.1 (started here: its own config, host key and
//! authorized key) and host aliases `h01`..`hNN` that all reach it — an `ssh_config` for
//! Ansible, the same names in rpyctl's inventory (`rpyc_transport: ssh`, the agent
//! bootstrapped over SSH and kept in place by a warm-up run with `--persist`). A second
//! rpyctl row reaches the same names through release `rpyc-agent`s on loopback TCP ports.
//! Each host works in its own directory, `/tmp/rpyctl-play-bench/<host>`.
//!
//! The playbook (`gather_facts: false`): 10 tasks — a directory, a file by content, a
//! template, a line, a mode, two commands, a package query (`package: coreutils`), a stat,
//! and a stamp that changes every run (a new `run_id`) and notifies a handler. Each timed
//! run starts from the previous one's state: every host reports changed=2 (stamp, handler).
//!
//! Rows, for 5 and for 50 hosts (`BENCH_HOSTS=5,50`), each after a warm-up run of its own:
//! rpyctl over SSH, rpyctl over TCP agents, rpyctl over TCP `rpyc_classic` servers,
//! ansible-playbook (defaults: SSH with ControlPersist), with pipelining, and with mitogen's
//! `mitogen_linear` strategy (`BENCH_RUNNERS=ssh,tcp,classic,ansible,pipelining,mitogen`
//! picks rows).
//! Ansible forks = hosts; rpyctl forks default (100). Wall time per run; medians of
//! `BENCH_RUNS` (default 3) rounds for rpyctl and `BENCH_ANSIBLE_RUNS` (default 1) for each
//! Ansible row, interleaved. The ratios are each row's median over rpyctl-over-SSH's.
//! Target: mitogen ≥ 20x rpyctl over SSH.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Instant;

use rpyctl_tests::sshd::{keygen, public_key, Sshd};
use rpyctl_tests::{median, release_bin, venv_bin, workspace_root, AgentProcess, PythonClassicServer};

const TARGET_VS_MITOGEN: f64 = 20.0;
const WORK: &str = "/tmp/rpyctl-play-bench";

const PLAYBOOK: &str = r#"- name: Ten tasks
  hosts: all
  gather_facts: false
  vars:
    d: "/tmp/rpyctl-play-bench/{{ inventory_hostname }}"
    port: 8080
    workers: [a, b, c]
  tasks:
    - name: directory
      file: {path: "{{ d }}", state: directory, mode: "0755"}
    - name: config
      copy: {dest: "{{ d }}/app.conf", content: "name=bench\nport={{ port }}\n", mode: "0644"}
    - name: template
      template: {src: site.conf.j2, dest: "{{ d }}/site.conf"}
    - name: line
      lineinfile: {path: "{{ d }}/flags.conf", line: "debug=0", create: true}
    - name: mode
      file: {path: "{{ d }}/flags.conf", mode: "0640"}
    - name: kernel
      command: uname -r
      changed_when: false
    - name: count
      shell: ls {{ d }} | wc -l
      changed_when: false
    - name: package query
      package: {name: coreutils, state: present}
    - name: stat
      stat: {path: "{{ d }}/site.conf"}
    - name: stamp
      copy: {dest: "{{ d }}/stamp", content: "{{ run_id }}\n"}
      notify: reload
  handlers:
    - name: reload
      command: touch {{ d }}/reloaded
"#;

const TEMPLATE: &str =
    "# {{ inventory_hostname }}\nlisten={{ port }}\n{% for w in workers %}\nworker={{ w }}\n{% endfor %}\n";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).filter(|&n| n > 0).unwrap_or(default)
}

fn native_triple() -> &'static str {
    match std::env::consts::ARCH {
        "x86_64" => "x86_64-unknown-linux-gnu",
        "aarch64" => "aarch64-unknown-linux-gnu",
        other => panic!("no agent triple known for this machine ({other})"),
    }
}

/// Everything the runs share: the sshd, the files, the agents over TCP.
struct Bench {
    dir: tempfile::TempDir,
    sshd: Sshd,
    rpyctl: PathBuf,
    mitogen_strategies: PathBuf,
    run_id: usize,
}

/// One way of running the playbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Runner {
    RpyctlSsh,
    RpyctlTcp,
    RpyctlClassic,
    Ansible,
    Pipelining,
    Mitogen,
}

impl Runner {
    const ALL: [Runner; 6] = [
        Runner::RpyctlSsh,
        Runner::RpyctlTcp,
        Runner::RpyctlClassic,
        Runner::Ansible,
        Runner::Pipelining,
        Runner::Mitogen,
    ];

    /// The name `BENCH_RUNNERS` picks a row by.
    fn key(self) -> &'static str {
        match self {
            Runner::RpyctlSsh => "ssh",
            Runner::RpyctlTcp => "tcp",
            Runner::RpyctlClassic => "classic",
            Runner::Ansible => "ansible",
            Runner::Pipelining => "pipelining",
            Runner::Mitogen => "mitogen",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Runner::RpyctlSsh => "rpyctl play, SSH (agent kept)",
            Runner::RpyctlTcp => "rpyctl play, agents over TCP",
            Runner::RpyctlClassic => "rpyctl play, rpyc_classic TCP",
            Runner::Ansible => "ansible-playbook (defaults)",
            Runner::Pipelining => "ansible-playbook, pipelining",
            Runner::Mitogen => "ansible-playbook, mitogen",
        }
    }

    fn is_ansible(self) -> bool {
        matches!(self, Runner::Ansible | Runner::Pipelining | Runner::Mitogen)
    }
}

fn hosts(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("h{i:02}")).collect()
}

impl Bench {
    fn new() -> Bench {
        let status = Command::new(workspace_root().join("scripts/setup-play-bench.sh")).status().expect("setup");
        assert!(status.success(), "scripts/setup-play-bench.sh failed");
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        keygen(&d.join("host_key"));
        keygen(&d.join("client_key"));
        std::fs::write(d.join("authorized_keys"), public_key(&d.join("client_key")) + "\n").expect("authorized_keys");
        let sshd = Sshd::start_with(d, "MaxStartups 300\nMaxSessions 300\nLogLevel ERROR\n");
        let known = format!("[127.0.0.1]:{} {}\n", sshd.port, public_key(&d.join("host_key")));
        std::fs::write(d.join("known_hosts"), known).expect("known_hosts");
        std::fs::write(
            d.join("ssh_config"),
            format!(
                "Host h*\n  HostName 127.0.0.1\n  Port {}\n  User root\n  IdentityFile {}\n  IdentitiesOnly yes\n  \
                 UserKnownHostsFile {}\n  StrictHostKeyChecking yes\n",
                sshd.port,
                d.join("client_key").display(),
                d.join("known_hosts").display()
            ),
        )
        .expect("ssh_config");
        std::fs::write(d.join("bench.yml"), PLAYBOOK).expect("playbook");
        std::fs::create_dir_all(d.join("templates")).expect("templates");
        std::fs::write(d.join("templates/site.conf.j2"), TEMPLATE).expect("template");
        let rpyctl = release_bin("rpyctl", "rpyctl");
        let agent = release_bin("rpyc-agent", "rpyc-agent");
        std::fs::create_dir_all(d.join("store")).expect("store");
        std::fs::copy(&agent, d.join("store").join(format!("rpyc-agent-{}", native_triple()))).expect("store agent");
        let probe = Command::new(venv_bin("python"))
            .args(["-c", "import ansible_mitogen, os; print(os.path.dirname(ansible_mitogen.__file__))"])
            .output()
            .expect("find ansible_mitogen");
        let mitogen_strategies = PathBuf::from(String::from_utf8_lossy(&probe.stdout).trim()).join("plugins/strategy");
        let _ = std::fs::remove_dir_all(WORK);
        Bench { dir, sshd, rpyctl, mitogen_strategies, run_id: 0 }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn write_inventories(&self, n: usize, agents: &[AgentProcess], classic: &[PythonClassicServer]) {
        let names = hosts(n);
        let plain: String = names.iter().map(|h| format!("    {h}:\n")).collect();
        std::fs::write(self.path(&format!("ansible-{n}.yml")), format!("all:\n  hosts:\n{plain}")).expect("inventory");
        let ssh = format!(
            "all:\n  vars:\n    rpyc_transport: ssh\n    ansible_host: 127.0.0.1\n    ansible_port: {}\n    \
             ansible_user: root\n    ansible_ssh_private_key_file: {}\n    rpyc_ssh_known_hosts: {}\n    \
             rpyc_agent_dir: {}\n  hosts:\n{plain}",
            self.sshd.port,
            self.path("client_key").display(),
            self.path("known_hosts").display(),
            self.path("remote-agent").display()
        );
        std::fs::write(self.path(&format!("ssh-{n}.yml")), ssh).expect("inventory");
        let tcp: String =
            names.iter().zip(agents).map(|(h, a)| format!("    {h}: {{ rpyc_port: {} }}\n", a.addr.port())).collect();
        std::fs::write(
            self.path(&format!("tcp-{n}.yml")),
            format!("all:\n  vars:\n    ansible_host: 127.0.0.1\n  hosts:\n{tcp}"),
        )
        .expect("inventory");
        let py: String =
            names.iter().zip(classic).map(|(h, c)| format!("    {h}: {{ rpyc_port: {} }}\n", c.addr.port())).collect();
        std::fs::write(
            self.path(&format!("classic-{n}.yml")),
            format!("all:\n  vars:\n    ansible_host: 127.0.0.1\n  hosts:\n{py}"),
        )
        .expect("inventory");
    }

    fn command(&self, runner: Runner, n: usize, warm_up: bool) -> Command {
        let mut cmd = if runner.is_ansible() {
            let mut c = Command::new(venv_bin("ansible-playbook"));
            c.args(["-i", &format!("ansible-{n}.yml"), "-f", &n.to_string(), "bench.yml"])
                .env("ANSIBLE_HOME", self.path("ansible-home"))
                .env("ANSIBLE_LOCAL_TEMP", self.path("ansible-tmp"))
                .env(
                    "ANSIBLE_SSH_ARGS",
                    format!("-C -o ControlMaster=auto -o ControlPersist=60s -F {}", self.path("ssh_config").display()),
                )
                .env("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3")
                .env("ANSIBLE_NOCOLOR", "1");
            // Ansible's 10 s connection timeout is too short for 50 hosts on 2 cores (50 Python
            // interpreters starting at once: mitogen's connect to one host timed out); a timeout
            // is a failed host and a wrong row, not a slower one. A value from the caller stays.
            if std::env::var_os("ANSIBLE_TIMEOUT").is_none() {
                c.env("ANSIBLE_TIMEOUT", "60");
            }
            match runner {
                Runner::Pipelining => {
                    c.env("ANSIBLE_PIPELINING", "1");
                }
                Runner::Mitogen => {
                    c.env("ANSIBLE_STRATEGY_PLUGINS", &self.mitogen_strategies)
                        .env("ANSIBLE_STRATEGY", "mitogen_linear");
                }
                _ => {}
            }
            c
        } else {
            let inventory = match runner {
                Runner::RpyctlSsh => format!("ssh-{n}.yml"),
                Runner::RpyctlTcp => format!("tcp-{n}.yml"),
                _ => format!("classic-{n}.yml"),
            };
            let mut c = Command::new(&self.rpyctl);
            c.args(["-i", &inventory, "play", "bench.yml", "--agent-store"])
                .arg(self.path("store"))
                .env("NO_COLOR", "1")
                .env_remove("RPYCTL_HOST_KEY_CHECKING");
            if warm_up {
                c.arg("--persist");
            }
            c
        };
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// One run: wall seconds. Every host must report what a steady-state run does.
    fn run(&mut self, runner: Runner, n: usize, warm_up: bool) -> f64 {
        self.run_id += 1;
        let mut cmd = self.command(runner, n, warm_up);
        cmd.arg("-e").arg(format!("run_id={}", self.run_id));
        let begun = Instant::now();
        let out: Output = cmd.output().unwrap_or_else(|e| panic!("{runner:?}: {e}"));
        let secs = begun.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {}\n{text}\n{}",
            runner.label(),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let recaps: Vec<&str> = text.lines().filter(|l| l.contains(" : ok=")).collect();
        assert_eq!(recaps.len(), n, "{}: one recap line per host:\n{text}", runner.label());
        if !warm_up {
            for line in recaps {
                assert!(
                    line.contains("ok=11 ") && line.contains("changed=2 ") && line.contains("failed=0 "),
                    "{}: {line}",
                    runner.label()
                );
            }
        }
        secs
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn fmt_runs(xs: &[f64]) -> String {
    xs.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(" ")
}

fn main() {
    let runs = env_usize("BENCH_RUNS", 3);
    let ansible_runs = env_usize("BENCH_ANSIBLE_RUNS", 1);
    let sizes: Vec<usize> = std::env::var("BENCH_HOSTS")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![5, 50]);
    let picked: Vec<Runner> = match std::env::var("BENCH_RUNNERS") {
        Ok(v) if !v.trim().is_empty() => {
            Runner::ALL.into_iter().filter(|r| v.split(',').any(|k| k.trim() == r.key())).collect()
        }
        _ => Runner::ALL.to_vec(),
    };
    let mut bench = Bench::new();
    let agent_bin = release_bin("rpyc-agent", "rpyc-agent");
    let load_before = load();
    let mut table: Vec<(usize, Runner, Vec<f64>)> = Vec::new();
    for &n in &sizes {
        let agents: Vec<AgentProcess> = if picked.contains(&Runner::RpyctlTcp) {
            (0..n).map(|_| AgentProcess::start_bin(&agent_bin, &[])).collect()
        } else {
            Vec::new()
        };
        let classic: Vec<PythonClassicServer> = if picked.contains(&Runner::RpyctlClassic) {
            (0..n).map(|_| PythonClassicServer::start()).collect()
        } else {
            Vec::new()
        };
        bench.write_inventories(n, &agents, &classic);
        for &runner in &picked {
            eprintln!("play_bench: {n} hosts, warming up {}", runner.label());
            bench.run(runner, n, true);
        }
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); picked.len()];
        for round in 0..runs.max(ansible_runs) {
            for (i, &runner) in picked.iter().enumerate() {
                let wanted = if runner.is_ansible() { ansible_runs } else { runs };
                if round < wanted {
                    eprintln!("play_bench: {n} hosts, round {}, {}", round + 1, runner.label());
                    times[i].push(bench.run(runner, n, false));
                }
            }
        }
        for (&runner, t) in picked.iter().zip(times) {
            table.push((n, runner, t));
        }
        drop((agents, classic));
    }
    let _ = std::fs::remove_dir_all(WORK);

    println!("\nplay_bench: a 10-task playbook (files, a template, commands, a package query, a handler),");
    println!("gather_facts off, every run changing 2 things per host; the same hosts for every runner:");
    println!("loopback sshd host aliases (and, for one rpyctl row, rpyc-agents over TCP). Wall seconds.");
    println!("load average (2 shared cores) before: {load_before}, after: {}\n", load());
    // Ratios are over rpyctl over SSH, or the first rpyctl row run.
    let base_runner = picked.iter().copied().find(|r| !r.is_ansible()).unwrap_or(Runner::RpyctlSsh);
    println!(
        "{:>5}  {:<32} {:>9}  {:<24} {:>16}",
        "hosts",
        "runner",
        "median s",
        "runs",
        format!("vs {}", base_runner.key())
    );
    let mut verdicts = Vec::new();
    for &n in &sizes {
        let base =
            table.iter().find(|(m, r, _)| *m == n && *r == base_runner).map(|(_, _, t)| median(t)).unwrap_or(f64::NAN);
        for (m, runner, t) in table.iter().filter(|(m, _, _)| *m == n) {
            let med = median(t);
            println!("{m:>5}  {:<32} {med:>9.2}  {:<24} {:>15.1}x", runner.label(), fmt_runs(t), med / base);
            if *runner == Runner::Mitogen {
                verdicts.push((n, med / base));
            }
        }
        println!();
    }
    println!("TARGET: ansible-playbook with mitogen / rpyctl play ({}) >= {TARGET_VS_MITOGEN}x", base_runner.label());
    for (n, ratio) in verdicts {
        let verdict = if ratio >= TARGET_VS_MITOGEN { "PASS" } else { "FAIL" };
        println!("  {n:>3} hosts: {ratio:.1}x  {verdict}");
    }
}
