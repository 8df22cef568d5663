//! The inventory as the commands see it: sources from `-i` (or the
//! working directory, or the embedded default), extra vars, and the
//! selection of targets by pattern.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use rpyctl_inventory::{HostConn, Inventory, Transport};

use crate::connect::Endpoint;
use crate::session::HostTarget;
use crate::settings::Settings;
use crate::transport::local::find_agent;

/// Inventory files looked for in the working directory when no `-i` is given.
const DEFAULT_FILES: &[&str] = &["inventory.yml", "inventory.yaml", "hosts.yml", "hosts.yaml"];

pub struct Hosts {
    inventory: Arc<Inventory>,
}

/// Loads `-i` sources; without any, an inventory file of the working
/// directory; without one, nothing but the implicit `localhost` (served
/// by a locally spawned agent): the embedded default.
pub fn load(settings: &Settings) -> Result<Hosts> {
    let sources: Vec<String> = if settings.inventory.value.is_empty() {
        DEFAULT_FILES.iter().filter(|f| Path::new(f).is_file()).take(1).map(|f| (*f).to_owned()).collect()
    } else {
        settings.inventory.value.clone()
    };
    let mut inventory = Inventory::load(&sources).map_err(|e| anyhow!("{e}"))?;
    inventory.set_extra_vars(extra_vars(&settings.extra_vars)?);
    for w in inventory.warnings() {
        crate::log::debug(&format!("inventory warning: {}", w.message));
    }
    Ok(Hosts { inventory: Arc::new(inventory) })
}

/// `-e key=value` (value typed like YAML), `-e '{...}'` (a YAML/JSON
/// mapping), or `-e @file.yml`.
pub fn extra_vars(args: &[String]) -> Result<BTreeMap<String, serde_json::Value>> {
    let mut vars = BTreeMap::new();
    for arg in args {
        let mapping_text = if let Some(path) = arg.strip_prefix('@') {
            Some(std::fs::read_to_string(path).with_context(|| format!("-e @{path}"))?)
        } else if arg.trim_start().starts_with('{') {
            Some(arg.clone())
        } else {
            None
        };
        match mapping_text {
            Some(text) => {
                let map: BTreeMap<String, serde_json::Value> =
                    serde_saphyr::from_str(&text).map_err(|e| anyhow!("-e {arg}: {e}"))?;
                vars.extend(map);
            }
            None => {
                let Some((k, v)) = arg.split_once('=') else {
                    bail!("-e {arg}: expected key=value, a mapping or @file")
                };
                let value: serde_json::Value =
                    serde_saphyr::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.to_owned()));
                vars.insert(k.trim().to_owned(), value);
            }
        }
    }
    Ok(vars)
}

/// rpyctl's own SSH host variables, read from the merged host vars (the
/// inventory crate's `HostConn` has Ansible's): `rpyc_ssh_known_hosts`, the
/// known_hosts file to check instead of `~/.ssh/known_hosts` (`~`
/// expanded locally), and `rpyc_agent_dir`, the agent's directory on the
/// host (`~/x` relative to the remote home).
#[derive(Default)]
struct SshVars {
    known_hosts: Option<String>,
    agent_dir: Option<String>,
}

fn endpoint(conn: &HostConn, ssh: SshVars) -> Endpoint {
    match conn.transport {
        Transport::Tcp => Endpoint::Tcp { address: conn.address.clone(), port: conn.port },
        Transport::Local => Endpoint::Local { agent: find_agent() },
        Transport::Ssh => Endpoint::Ssh {
            address: conn.address.clone(),
            port: conn.port,
            user: conn.user.clone(),
            key_file: conn.key_file.clone(),
            known_hosts: ssh.known_hosts.map(PathBuf::from),
            agent_dir: ssh.agent_dir,
        },
    }
}

impl Hosts {
    /// The hosts `pattern` (and `--limit`) select, in inventory order.
    pub fn targets(&self, pattern: &str, limit: Option<&str>) -> Result<Vec<HostTarget>> {
        let names = self.inventory.select(pattern, limit).map_err(|e| anyhow!("{e}"))?;
        names.into_iter().map(|name| self.target(name)).collect()
    }

    /// One host of the inventory (or the implicit localhost) by name.
    pub fn target(&self, name: String) -> Result<HostTarget> {
        let conn = self.inventory.host_conn(&name).map_err(|e| anyhow!("{e}"))?;
        let ssh_vars = match conn.transport {
            Transport::Ssh => self.ssh_vars(&name)?,
            _ => Default::default(),
        };
        Ok(HostTarget { endpoint: endpoint(&conn, ssh_vars), name })
    }

    /// The inventory itself (shared: the playbook engine reads it too).
    pub fn inventory(&self) -> Arc<Inventory> {
        self.inventory.clone()
    }

    fn ssh_vars(&self, host: &str) -> Result<SshVars> {
        let vars = self.inventory.host_vars(host).map_err(|e| anyhow!("{e}"))?;
        let string = |name: &str| -> Result<Option<String>> {
            match vars.get(name) {
                None | Some(serde_json::Value::Null) => Ok(None),
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
                Some(other) => bail!("host {host}: {name} must be a non-empty string, got {other}"),
            }
        };
        Ok(SshVars { known_hosts: string("rpyc_ssh_known_hosts")?, agent_dir: string("rpyc_agent_dir")? })
    }

    pub fn graph(&self) -> Result<String> {
        self.inventory.graph(None).map_err(|e| anyhow!("{e}"))
    }

    pub fn list_json(&self) -> serde_json::Value {
        self.inventory.list_json()
    }

    pub fn host_vars_json(&self, host: &str) -> Result<serde_json::Value> {
        self.inventory.host_json(host).map_err(|e| anyhow!("{e}"))
    }
}
