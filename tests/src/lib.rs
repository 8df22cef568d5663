//! Support for tests and benchmarks that run real peers: the project's
//! Python venv with the pinned rpyc, and real `rpyc_classic` servers on
//! loopback ports chosen by the OS.

pub mod bench;
pub mod play;
pub mod pty;
pub mod relay;
pub mod sshd;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A program of the project's venv. Panics with the fix when the venv is
/// missing: these tests must fail, not skip, on a machine that lacks it.
pub fn venv_bin(name: &str) -> PathBuf {
    let path = workspace_root().join(".venv/bin").join(name);
    assert!(
        path.exists(),
        "{} is missing: run scripts/setup-python.sh (the README's test command runs it)",
        path.display()
    );
    path
}

/// A real `rpyc_classic` server (threaded, SlaveService) on 127.0.0.1, on a
/// port the OS picked. Killed on drop.
pub struct PythonClassicServer {
    child: Child,
    pub addr: SocketAddr,
}

impl PythonClassicServer {
    pub fn start() -> PythonClassicServer {
        let mut child = Command::new(venv_bin("rpyc_classic"))
            .args(["--host", "127.0.0.1", "-p", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rpyc_classic");
        let port = read_port(&mut child, "server started on [127.0.0.1]:");
        PythonClassicServer { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }
}

impl Drop for PythonClassicServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the project's binaries once per test process (cargo does not
/// build other packages' binaries for this crate's tests) and returns the
/// path of one.
pub fn project_bin(name: &str) -> PathBuf {
    static BUILT: std::sync::OnceLock<()> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "rpyc-agent", "-p", "rpyctl"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build");
        assert!(status.success(), "cargo build of the project binaries failed");
    });
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("debug").join(name)
}

/// A real `rpyc-agent` on 127.0.0.1, on a port the OS picked. Killed on drop.
pub struct AgentProcess {
    child: Child,
    pub addr: SocketAddr,
}

impl AgentProcess {
    pub fn start() -> AgentProcess {
        Self::start_with(&[])
    }

    pub fn start_with(extra: &[&str]) -> AgentProcess {
        let mut child = Command::new(project_bin("rpyc-agent"))
            .args(["-p", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start rpyc-agent");
        let port = read_port(&mut child, "serving on 127.0.0.1:");
        AgentProcess { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for AgentProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the child's stderr until a line contains `marker` followed by a
/// port; keeps draining stderr afterwards so the child never blocks.
fn read_port(child: &mut Child, marker: &'static str) -> u16 {
    let stderr = child.stderr.take().expect("piped stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut tx = Some(tx);
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split(marker).nth(1) {
                if let (Some(tx), Ok(port)) = (tx.take(), rest.trim().parse::<u16>()) {
                    let _ = tx.send(port);
                }
            }
        }
    });
    rx.recv_timeout(Duration::from_secs(20)).expect("the server reported its port")
}

/// The median of `xs` (NaN when empty), for benchmarks' rounds.
pub fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// A command's stdout as one JSON document; panics with its stdout and
/// stderr when it is not.
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// Builds `package` with the release profile (what ships: optimized,
/// stripped) once per process and returns the path of its binary `name`.
/// Benchmarks use it; run through cargo, so `CARGO` names the cargo to use.
pub fn release_bin(package: &str, name: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if !built.iter().any(|p| p == package) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "--release", "-p", package])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build --release");
        assert!(status.success(), "cargo build --release -p {package} failed");
        built.push(package.to_owned());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace_root().join("target"), PathBuf::from);
    target.join("release").join(name)
}

impl AgentProcess {
    /// Starts the agent binary at `bin` (a release build, for benchmarks)
    /// with `-p 0` and `extra` flags.
    pub fn start_bin(bin: &Path, extra: &[&str]) -> AgentProcess {
        let mut child = Command::new(bin)
            .args(["-p", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
        let port = read_port(&mut child, "serving on 127.0.0.1:");
        AgentProcess { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }
}

impl PythonClassicServer {
    /// The server's pid (the venv's `rpyc_classic` script runs in this process).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// The local SSH test fleet of `scripts/fleet.sh` (five network-namespace
/// hosts of four architectures, see `tests/fleet/README.md`), for the
/// end-to-end test `tests/fleet.rs` and the benchmark `fleet_bench`.
pub mod fleet {
    use std::path::PathBuf;
    use std::process::Command;

    use super::workspace_root;

    /// (inventory name, `uname -m`, agent triple, byte order, pointer bits).
    pub const HOSTS: &[(&str, &str, &str, &str, u32)] = &[
        ("x86a", "x86_64", "x86_64-unknown-linux-gnu", "little", 64),
        ("s390x", "s390x", "s390x-unknown-linux-gnu", "big", 64),
        ("armv7", "armv7l", "armv7-unknown-linux-gnueabihf", "little", 32),
        ("aarch64", "aarch64", "aarch64-unknown-linux-gnu", "little", 64),
        ("i686", "i686", "i686-unknown-linux-gnu", "little", 32),
    ];

    /// `target/fleet/`.
    pub fn dir() -> PathBuf {
        workspace_root().join("target/fleet")
    }

    pub fn inventory() -> PathBuf {
        dir().join("inventory.yml")
    }

    pub fn ssh_config() -> PathBuf {
        dir().join("ssh_config")
    }

    /// `target/agents/`, which `scripts/build-agents.sh` fills.
    pub fn agent_store() -> PathBuf {
        workspace_root().join("target/agents")
    }

    fn fleet_sh(arg: &str) -> (bool, String) {
        let script = workspace_root().join("scripts/fleet.sh");
        match Command::new(&script).args([arg, "-q"]).current_dir(workspace_root()).output() {
            Ok(out) => (
                out.status.success(),
                format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
            ),
            Err(e) => (false, format!("cannot run {}: {e}", script.display())),
        }
    }

    /// Makes sure the fleet is up, with an inventory of this
    /// `scripts/fleet.sh` (it names the fleet's known_hosts), and that the
    /// agent store has an agent for every host: brings the fleet up with
    /// `scripts/fleet.sh up` when `status` says it is not. Panics with the
    /// reason and the fix otherwise: tests that need the fleet must fail,
    /// never skip. Once per process.
    pub fn ensure_up() {
        static UP: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
        let result = UP.get_or_init(|| {
            let missing: Vec<String> = HOSTS
                .iter()
                .map(|h| agent_store().join(format!("rpyc-agent-{}", h.2)))
                .filter(|p| !p.is_file())
                .map(|p| p.display().to_string())
                .collect();
            if !missing.is_empty() {
                return Err(format!(
                    "the agent store lacks {}: run scripts/build-agents.sh (scripts/test.sh does)",
                    missing.join(", ")
                ));
            }
            let (up, status) = fleet_sh("status");
            let current = std::fs::read_to_string(inventory()).is_ok_and(|t| t.contains("rpyc_ssh_known_hosts"));
            if up && current {
                return Ok(());
            }
            // The one precondition fleet.sh cannot fix itself.
            let uid = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
            if uid.as_deref().ok() != Some("0") {
                return Err(format!(
                    "the fleet is down and scripts/fleet.sh up needs root (network namespaces, sshd); status said:\n{status}"
                ));
            }
            let (ok, out) = fleet_sh("up");
            if !ok {
                return Err(format!("scripts/fleet.sh up failed:\n{out}"));
            }
            let (up, status) = fleet_sh("status");
            if !up {
                return Err(format!("scripts/fleet.sh up succeeded but status says the fleet is not up:\n{status}"));
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("the SSH test fleet is not available: {e}");
        }
    }

    /// A command on a fleet host through `ssh -F target/fleet/ssh_config`.
    pub fn ssh(host: &str, command: &str) -> Command {
        let mut cmd = Command::new("ssh");
        cmd.arg("-F").arg(ssh_config()).arg(host).arg(command);
        cmd
    }
}
