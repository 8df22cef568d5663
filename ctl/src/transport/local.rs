//! `local`: spawn `rpyc-agent --stdio` as a child and talk over its stdio.
//! This is the embedded default: `localhost` works with no inventory and
//! no listening port.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::AsyncBufReadExt;
use tokio::process::Command;

use super::Stream;

/// The agent binary: `$RPYCTL_AGENT`, else `rpyc-agent` beside this
/// executable, else `rpyc-agent` on PATH.
pub fn find_agent() -> PathBuf {
    if let Some(path) = std::env::var_os("RPYCTL_AGENT") {
        return PathBuf::from(path);
    }
    if let Some(beside) = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|d| d.join("rpyc-agent"))) {
        if beside.exists() {
            return beside;
        }
    }
    PathBuf::from("rpyc-agent")
}

/// Spawns `agent --stdio`; its stdout and stdin are the stream.
pub fn spawn(agent: &Path) -> Result<Stream, String> {
    let mut child = Command::new(agent)
        .arg("--stdio")
        .arg("-q")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", agent.display()))?;
    let (Some(stdin), Some(stdout), Some(stderr)) = (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err("child has no stdio".into());
    };
    // The agent's log goes to ours (stderr is never part of the protocol
    // stream); the task also owns the child, so it lives as long as the
    // connection's pipes, and is reaped when they close.
    tokio::spawn(async move {
        let mut lines = tokio::io::BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            crate::log::debug(&format!("agent: {line}"));
        }
        let _ = child.wait().await;
    });
    Ok(Box::new(tokio::io::join(stdout, stdin)))
}
