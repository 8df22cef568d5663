//! A real OpenSSH `sshd` on 127.0.0.1 for tests and benchmarks that need SSH: its own
//! config, host key and authorized keys in a directory the caller owns, a port picked free,
//! its log kept. `scripts/setup-ssh.sh` installs sshd and ssh-keygen; without them this
//! panics saying so (tests fail, never skip).

use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const SSHD: &str = "/usr/sbin/sshd";

pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

pub fn keygen(path: &Path) {
    run_ok(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-C", "rpyctl-test", "-f"]).arg(path));
}

pub fn public_key(private: &Path) -> String {
    let text = std::fs::read_to_string(private.with_extension("pub")).expect("read .pub");
    // "ssh-ed25519 AAAA... comment" -> "ssh-ed25519 AAAA..."
    text.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
}

/// A real sshd on 127.0.0.1, killed on drop.
pub struct Sshd {
    child: Child,
    pub port: u16,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Sshd {
    /// Starts sshd with `dir`'s `host_key` and `authorized_keys` (the caller makes them).
    pub fn start(dir: &Path) -> Sshd {
        Sshd::start_with(dir, "")
    }

    /// Same, with more `sshd_config` lines (`MaxStartups 200` for many clients at once).
    pub fn start_with(dir: &Path, extra_config: &str) -> Sshd {
        assert!(
            Path::new(SSHD).exists() && Command::new("ssh-keygen").arg("-?").output().is_ok(),
            "{SSHD} or ssh-keygen is missing: run scripts/setup-ssh.sh (scripts/test.sh runs it)"
        );
        // As root, sshd wants its privilege-separation directory (/run is
        // emptied at boot).
        let _ = std::fs::create_dir_all("/run/sshd");
        let mut last_error = String::new();
        for _ in 0..3 {
            let port =
                std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
            let config = dir.join("sshd_config");
            std::fs::write(
                &config,
                format!(
                    "ListenAddress 127.0.0.1\nHostKey {dir}/host_key\nPidFile {dir}/sshd.pid\n\
                     AuthorizedKeysFile {dir}/authorized_keys\nPubkeyAuthentication yes\n\
                     PasswordAuthentication no\nPermitRootLogin prohibit-password\nStrictModes no\n\
                     UsePAM no\nLogLevel VERBOSE\n{extra_config}",
                    dir = dir.display()
                ),
            )
            .expect("write sshd_config");
            let mut child = Command::new(SSHD)
                .args(["-D", "-e", "-f"])
                .arg(&config)
                .args(["-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("start {SSHD}: {e} (run scripts/setup-ssh.sh)"));
            let log = Arc::new(Mutex::new(Vec::new()));
            let stderr = child.stderr.take().expect("piped stderr");
            let sink = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    sink.lock().unwrap_or_else(|e| e.into_inner()).push(line);
                }
            });
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(Some(status)) = child.try_wait() {
                    std::thread::sleep(Duration::from_millis(50));
                    last_error = format!("sshd exited ({status}): {:?}", log.lock().unwrap_or_else(|e| e.into_inner()));
                    break;
                }
                if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
                    let mut banner = [0u8; 4];
                    if s.read_exact(&mut banner).is_ok() && &banner == b"SSH-" {
                        return Sshd { child, port, log };
                    }
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
            if last_error.is_empty() {
                last_error = "sshd did not answer within 10 s".into();
            }
        }
        panic!("cannot start {SSHD}: {last_error}");
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
