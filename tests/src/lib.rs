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
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = mpsc::channel();
        // Read the log for the port, then keep draining it so the server
        // never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(port) = line.rsplit_once("]:").and_then(|(_, p)| p.trim().parse::<u16>().ok()) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        let port = rx.recv_timeout(Duration::from_secs(20)).expect("rpyc_classic reported its port");
        PythonClassicServer { child, addr: SocketAddr::from(([127, 0, 0, 1], port)) }
    }
}

impl Drop for PythonClassicServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
