//! Support for tests and benchmarks that run real peers: the project's
//! Python venv with the pinned rpyc, and real `rpyc_classic` servers on
//! loopback ports chosen by the OS.

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
