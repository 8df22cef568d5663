//! What the `rpyctl play` end-to-end tests share: a fleet of real servers of one kind (a
//! `rpyc-agent` or a Python `rpyc_classic` per host, on loopback ports), an inventory naming
//! them, a scratch directory every playbook writes under (`-e root=...`), and runs of
//! `rpyctl play` read back as text or as the json callback's document.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value as Json;

use crate::{project_bin, AgentProcess, PythonClassicServer};

/// Which server every host of a fleet runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Agent,
    Classic,
}

enum Server {
    Agent(AgentProcess),
    Classic(PythonClassicServer),
}

impl Server {
    fn port(&self) -> u16 {
        match self {
            Server::Agent(a) => a.addr.port(),
            Server::Classic(c) => c.addr.port(),
        }
    }
}

/// Hosts served by real servers, plus `down` (a port nothing listens on).
pub struct Fleet {
    pub kind: Kind,
    servers: Vec<(String, Server)>,
    pub dir: tempfile::TempDir,
}

/// One run of `rpyctl play`.
pub struct Run {
    pub out: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub fn code(&self) -> Option<i32> {
        self.out.status.code()
    }

    /// The json callback's document (`--output json` runs).
    pub fn json(&self) -> Json {
        serde_json::from_slice(&self.out.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}\n{}", self.stdout(), self.stderr()))
    }

    /// Every (task, host, status) of a json run, in order; the status as the default
    /// callback names it (`ok`, `changed`, `failed`, `skipping`, `unreachable`).
    pub fn statuses(&self) -> Vec<(String, String, String)> {
        statuses(&self.json())
    }

    /// The PLAY RECAP line of `host` (text runs), without the trailing blanks.
    pub fn recap(&self, host: &str) -> String {
        let text = self.stdout();
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{host} ")) && l.contains(" : ok="))
            .unwrap_or_else(|| panic!("no recap for {host} in:\n{text}\n{}", self.stderr()));
        line.split(" : ").nth(1).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// (task, host, status) of the json callback's document.
pub fn statuses(doc: &Json) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for play in doc["plays"].as_array().into_iter().flatten() {
        for task in play["tasks"].as_array().into_iter().flatten() {
            let name = task["task"]["name"].as_str().unwrap_or_default().to_owned();
            for (host, r) in task["hosts"].as_object().into_iter().flatten() {
                out.push((name.clone(), host.clone(), status(r).to_owned()));
            }
        }
    }
    out
}

/// A result's status as the default callback shows it.
pub fn status(r: &Json) -> &'static str {
    let is = |k: &str| r[k].as_bool() == Some(true);
    if is("unreachable") {
        "unreachable"
    } else if is("failed") {
        "failed"
    } else if is("skipped") {
        "skipping"
    } else if is("changed") {
        "changed"
    } else {
        "ok"
    }
}

impl Fleet {
    /// One server of `kind` per host name.
    pub fn new(kind: Kind, hosts: &[&str]) -> Fleet {
        let servers = hosts
            .iter()
            .map(|h| {
                let server = match kind {
                    Kind::Agent => Server::Agent(AgentProcess::start()),
                    Kind::Classic => Server::Classic(PythonClassicServer::start()),
                };
                ((*h).to_owned(), server)
            })
            .collect();
        let fleet = Fleet { kind, servers, dir: tempfile::tempdir().expect("tempdir") };
        fleet.write_inventory(&[]);
        fleet
    }

    /// Rewrites the inventory: the fleet's hosts, `down` (a closed port), and `groups`
    /// (name, hosts) as groups.
    pub fn write_inventory(&self, groups: &[(&str, &[&str])]) {
        let closed = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
        let mut text = String::from("all:\n  vars:\n    ansible_host: 127.0.0.1\n  hosts:\n");
        for (name, server) in &self.servers {
            text.push_str(&format!("    {name}: {{ rpyc_port: {} }}\n", server.port()));
        }
        text.push_str(&format!("    down: {{ rpyc_port: {closed} }}\n"));
        if !groups.is_empty() {
            text.push_str("  children:\n");
            for (group, hosts) in groups {
                text.push_str(&format!("    {group}:\n      hosts:\n"));
                for h in *hosts {
                    text.push_str(&format!("        {h}:\n"));
                }
            }
        }
        std::fs::write(self.dir.path().join("inventory.yml"), text).expect("inventory");
    }

    /// The scratch directory playbooks write under (`{{ root }}`).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("root")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes a file of the test's (a playbook, a role's file) under the fleet's directory.
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, text).expect("write");
        p
    }

    /// `rpyctl -i inventory.yml play PLAYBOOK -e root=ROOT ARGS...` in the fleet's directory.
    pub fn play(&self, playbook: &str, args: &[&str]) -> Run {
        std::fs::create_dir_all(self.root()).expect("root");
        let out = Command::new(project_bin("rpyctl"))
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("RPYCTL_OUTPUT")
            .args(["-i", "inventory.yml", "play", playbook, "-e"])
            .arg(format!("root={}", self.root().display()))
            .args(args)
            .output()
            .expect("run rpyctl play");
        Run { out }
    }

    /// Writes `text` as `name` and plays it.
    pub fn run(&self, name: &str, text: &str, args: &[&str]) -> Run {
        self.write(name, text);
        self.play(name, args)
    }
}

/// A file's text (empty when missing).
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Defines `$name_agent` and `$name_classic`, each calling `$body(Kind)`.
#[macro_export]
macro_rules! both_kinds {
    ($($name:ident => $body:ident;)*) => {
        mod agent {
            $( #[test] fn $name() { super::$body($crate::play::Kind::Agent) } )*
        }
        mod classic {
            $( #[test] fn $name() { super::$body($crate::play::Kind::Classic) } )*
        }
    };
}
