//! A real pseudo-terminal for tests of what people see: one tmux server (its own socket) running
//! one command in a 160x50 pane; `send-keys` types, `capture-pane` reads the screen.
//! `scripts/setup-pty.sh` installs tmux; without it this panics saying so.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One tmux server (its own socket) running one command in a 160x50 pane.
pub struct Tmux {
    socket: String,
}

fn tmux_bin() -> &'static str {
    assert!(
        Command::new("tmux").arg("-V").output().is_ok_and(|o| o.status.success()),
        "tmux is missing: run scripts/setup-pty.sh (scripts/test.sh runs it)"
    );
    "tmux"
}

impl Tmux {
    /// Runs `shell` (a `sh -c` command line) in a new pane; the socket is named after this
    /// process and `dir`.
    pub fn start(dir: &Path, shell: &str) -> Tmux {
        let socket =
            format!("rpyctl-test-{}-{}", std::process::id(), dir.file_name().and_then(|n| n.to_str()).unwrap_or("x"));
        let status = Command::new(tmux_bin())
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "160", "-y", "50", shell])
            .status()
            .expect("start tmux");
        assert!(status.success(), "tmux new-session failed");
        Tmux { socket }
    }

    fn tmux(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux").args(["-L", &self.socket]).args(args).output().expect("run tmux")
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `C-c`, `C-d`, `Up`).
    pub fn press(&self, key: &str) {
        self.tmux(&["send-keys", "-t", "t", key]);
    }

    /// The screen and its scrollback.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "t", "-S", "-500"]).stdout).into_owned()
    }

    /// Waits until the screen has `count` occurrences of `needle`; how long it took.
    pub fn wait_for_n(&self, needle: &str, count: usize, within: Duration) -> Duration {
        let begun = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(needle).count() >= count {
                return begun.elapsed();
            }
            assert!(
                begun.elapsed() < within,
                "{needle:?} (x{count}) did not appear within {within:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_for(&self, needle: &str) -> Duration {
        self.wait_for_n(needle, 1, Duration::from_secs(20))
    }

    pub fn alive(&self) -> bool {
        self.tmux(&["has-session", "-t", "t"]).status.success()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}
