//! The local agent store: a directory of static agents named
//! `rpyc-agent-<target triple>`, as `scripts/build-agents.sh` fills
//! `target/agents/`.
//!
//! Where: `--agent-store DIR`, else `$RPYCTL_AGENT_STORE`, else the first
//! directory that exists of `<dir of rpyctl>/../agents` (`target/agents`
//! for `target/{debug,release}/rpyctl`), `<dir of rpyctl>/../lib/rpyctl/agents`
//! (an installed layout: `/usr/local/bin` → `/usr/local/lib/rpyctl/agents`)
//! and `./target/agents`.
//!
//! Each agent is read and hashed at most once per run, however many hosts
//! need it.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use sha2::{Digest, Sha256};

/// One agent binary of the store.
pub struct StoredAgent {
    pub triple: String,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    /// Lowercase hex.
    pub sha256: String,
}

pub struct AgentStore {
    /// The directory in use, if one was given or found.
    dir: Option<PathBuf>,
    /// Where it was looked for, for the error when none exists.
    looked: Vec<PathBuf>,
    loaded: tokio::sync::Mutex<HashMap<String, Arc<StoredAgent>>>,
}

impl fmt::Debug for AgentStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AgentStore").field("dir", &self.dir).field("looked", &self.looked).finish()
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

impl AgentStore {
    /// The store in `explicit` (from `--agent-store` or
    /// `$RPYCTL_AGENT_STORE`), else the first default that exists.
    pub fn locate(explicit: Option<PathBuf>) -> AgentStore {
        if let Some(dir) = explicit {
            return AgentStore::at(dir);
        }
        let mut candidates = Vec::new();
        if let Some(exe_dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(Path::to_path_buf)) {
            candidates.push(exe_dir.join("../agents"));
            candidates.push(exe_dir.join("../lib/rpyctl/agents"));
        }
        candidates.push(PathBuf::from("target/agents"));
        let dir = candidates.iter().find(|d| d.is_dir()).cloned();
        AgentStore { dir, looked: candidates, loaded: Default::default() }
    }

    /// The store in `dir`, whether it exists or not.
    pub fn at(dir: PathBuf) -> AgentStore {
        AgentStore { looked: vec![dir.clone()], dir: Some(dir), loaded: Default::default() }
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The agent for `triple`, read and hashed once. The error names the
    /// triple and the command that builds it.
    pub async fn agent(&self, triple: &str) -> Result<Arc<StoredAgent>, String> {
        let mut loaded = self.loaded.lock().await;
        if let Some(agent) = loaded.get(triple) {
            return Ok(agent.clone());
        }
        let build = format!("build it with: scripts/build-agents.sh {triple}");
        let Some(dir) = &self.dir else {
            let looked: Vec<String> = self.looked.iter().map(|p| p.display().to_string()).collect();
            return Err(format!(
                "no agent store (looked in {}; set --agent-store or RPYCTL_AGENT_STORE) for {triple}: {build}",
                looked.join(", ")
            ));
        };
        let path = dir.join(format!("rpyc-agent-{triple}"));
        let bytes = match tokio::fs::read(&path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(format!("no agent for {triple} in the agent store {}: {build}", dir.display()))
            }
            Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
        };
        let (bytes, sha256) = tokio::task::spawn_blocking(move || {
            let sha = sha256_hex(&bytes);
            (bytes, sha)
        })
        .await
        .map_err(|e| format!("hashing {}: {e}", path.display()))?;
        let agent = Arc::new(StoredAgent { triple: triple.to_owned(), path, bytes, sha256 });
        loaded.insert(triple.to_owned(), agent.clone());
        Ok(agent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(sha256_hex(b"agent"), "d4f0bc5a29de06b510f9aa428f1eedba926012b591fef7a518e776a7c9bd1824");
    }

    #[tokio::test]
    async fn finds_or_names_the_build_command() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("rpyc-agent-x86_64-unknown-linux-gnu"), b"agent").expect("write");
        let store = AgentStore::at(dir.path().to_path_buf());
        let a = store.agent("x86_64-unknown-linux-gnu").await.expect("present");
        assert_eq!(a.sha256, sha256_hex(b"agent"));
        let e = store.agent("s390x-unknown-linux-gnu").await.err().expect("absent");
        assert!(e.contains("scripts/build-agents.sh s390x-unknown-linux-gnu"), "{e}");
        let e = AgentStore::at(dir.path().join("nope")).agent("x").await.err().expect("no dir");
        assert!(e.contains("no agent for x"), "{e}");
    }
}
