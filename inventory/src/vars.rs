//! Variable precedence and connection settings.
//!
//! A host's variables are merged in this order, later entries overriding earlier ones key by
//! key (Ansible's default `hash_behaviour = replace`: a dict value replaces the whole dict):
//!
//! 1. inline `vars:` of group `all`;
//! 2. inline `vars:` of the host's other groups (direct and inherited), sorted by
//!    (depth, `ansible_group_priority`, name): parents before children, a higher priority later,
//!    groups of the same depth and priority alphabetically (so `b` overrides `a`);
//! 3. `group_vars/all` files, for each inventory source in order;
//! 4. `group_vars/<group>` files, for each source in order, then groups in the order of 2;
//! 5. the host's inline vars (later definitions of the same host win; `host:port` sets
//!    `ansible_port`);
//! 6. `host_vars/<host>` files, for each source in order;
//! 7. extra vars (`-e`), highest.
//!
//! This is Ansible's `VariableManager` with the default `VARIABLE_PRECEDENCE`
//! (`all_inventory, groups_inventory, all_plugins_inventory, groups_plugins_inventory`), without
//! playbook-adjacent vars, facts or templating. `ansible_group_priority` counts only when set
//! inline in the inventory, as in Ansible. The implicit localhost (a pattern naming `localhost`,
//! `127.0.0.1` or `::1` that is not in the inventory) gets 1, 3, `ansible_connection: local`,
//! 6 and 7.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, Origin};
use crate::loader::DirVars;
use crate::model::{Data, Var, VarMap, ALL};

/// A host in the inventory, or the implicit localhost under one of its names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum HostRef<'a> {
    Known(usize),
    Implicit(&'a str),
}

/// The merged variables of `host` with their origins.
pub(crate) fn merged(data: &Data, dirs: &[DirVars], extra: &VarMap, host: HostRef<'_>) -> VarMap {
    let mut out = data.groups[ALL].vars.clone();
    let (name, groups) = match host {
        HostRef::Known(h) => {
            let mut groups: Vec<usize> = data.host_groups(h).into_iter().filter(|&g| g != ALL).collect();
            groups.sort_by(|&a, &b| {
                let (a, b) = (&data.groups[a], &data.groups[b]);
                (a.depth, a.priority, &a.name).cmp(&(b.depth, b.priority, &b.name))
            });
            (data.hosts[h].name.as_str(), groups)
        }
        HostRef::Implicit(name) => (name, Vec::new()),
    };
    for &g in &groups {
        extend(&mut out, &data.groups[g].vars);
    }
    for d in dirs {
        if let Some(v) = d.groups.get("all") {
            extend(&mut out, v);
        }
    }
    for d in dirs {
        for &g in &groups {
            if let Some(v) = d.groups.get(&data.groups[g].name) {
                extend(&mut out, v);
            }
        }
    }
    match host {
        HostRef::Known(h) => extend(&mut out, &data.hosts[h].vars),
        HostRef::Implicit(_) => {
            let var = Var { value: Value::from("local"), origin: Origin::ImplicitLocalhost };
            out.insert("ansible_connection".into(), var);
        }
    }
    for d in dirs {
        if let Some(v) = d.hosts.get(name) {
            extend(&mut out, v);
        }
    }
    extend(&mut out, extra);
    out
}

fn extend(into: &mut VarMap, from: &VarMap) {
    into.extend(from.iter().map(|(k, v)| (k.clone(), v.clone())));
}

/// How the controller reaches a host.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Transport {
    /// RPyC over TCP to `address:port` (the default).
    Tcp,
    /// An agent started on this machine (`rpyc_transport: local`, or `ansible_connection: local`).
    Local,
    /// RPyC over SSH to `address:port` (`rpyc_transport: ssh`).
    Ssh,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Local => "local",
            Transport::Ssh => "ssh",
        }
    }
}

/// The default RPyC classic port.
pub const DEFAULT_RPYC_PORT: u16 = 18812;
/// The default SSH port.
pub const DEFAULT_SSH_PORT: u16 = 22;

/// Connection settings of one host, derived from its merged variables.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostConn {
    /// The inventory name (`inventory_hostname`).
    pub name: String,
    /// `ansible_host` (or the older `ansible_ssh_host`), else the name.
    pub address: String,
    /// The port to connect to: for `Ssh`, `ansible_port` (or `ansible_ssh_port`), default 22;
    /// otherwise `rpyc_port`, default 18812.
    pub port: u16,
    /// `rpyc_port` (default 18812) whatever the transport: the agent's port behind an SSH hop.
    pub rpyc_port: u16,
    /// `ansible_user` (or `ansible_ssh_user`).
    pub user: Option<String>,
    /// `ansible_ssh_private_key_file` (or `ansible_private_key_file`), as written (no `~`
    /// expansion).
    pub key_file: Option<PathBuf>,
    /// `rpyc_transport` (`tcp`, `local`, `ssh`); without it `local` when `ansible_connection`
    /// is `local`, else `tcp`.
    pub transport: Transport,
    /// `ansible_timeout` (seconds), the connection timeout.
    pub timeout: Option<Duration>,
}

/// Reads a host's connection settings; `vars` are its merged variables.
pub(crate) fn host_conn(name: &str, vars: &VarMap) -> Result<HostConn, Error> {
    let get = |keys: &[&'static str]| keys.iter().find_map(|&k| vars.get(k).map(|v| (k, v)));
    let err = |var: &str, v: &Var, message: String| Error::Var {
        host: name.to_owned(),
        var: var.to_owned(),
        message,
        origin: Some(v.origin.clone()),
    };
    let string = |keys: &[&'static str], numbers_ok: bool| -> Result<Option<String>, Error> {
        let Some((k, v)) = get(keys) else { return Ok(None) };
        let s = match &v.value {
            Value::String(s) => s.clone(),
            Value::Number(n) if numbers_ok => n.to_string(),
            Value::Null => return Ok(None),
            other => return Err(err(k, v, format!("must be a string, got {other}"))),
        };
        if s.contains("{{") || s.contains("{%") {
            return Err(err(k, v, format!("is a Jinja2 template ({s:?}), which rpyctl does not evaluate")));
        }
        if s.trim().is_empty() {
            return Err(err(k, v, "must not be empty".into()));
        }
        Ok(Some(s))
    };
    let port = |keys: &[&'static str], default: u16| -> Result<u16, Error> {
        let Some((k, v)) = get(keys) else { return Ok(default) };
        let n = match &v.value {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse::<u64>().ok(),
            _ => None,
        };
        match n {
            Some(p @ 1..=65535) => Ok(p as u16),
            _ => Err(err(k, v, format!("must be a port number (1-65535), got {}", v.value))),
        }
    };

    let transport = match get(&["rpyc_transport"]) {
        Some((k, v)) => match v.value.as_str() {
            Some("tcp") => Transport::Tcp,
            Some("local") => Transport::Local,
            Some("ssh") => Transport::Ssh,
            _ => return Err(err(k, v, format!("must be one of tcp, local, ssh; got {}", v.value))),
        },
        None => match get(&["ansible_connection"]).and_then(|(_, v)| v.value.as_str()) {
            Some("local") => Transport::Local,
            _ => Transport::Tcp,
        },
    };
    let rpyc_port = port(&["rpyc_port"], DEFAULT_RPYC_PORT)?;
    let port = match transport {
        Transport::Ssh => port(&["ansible_port", "ansible_ssh_port"], DEFAULT_SSH_PORT)?,
        _ => rpyc_port,
    };
    let timeout = match get(&["ansible_timeout"]) {
        None => None,
        Some((k, v)) => {
            let secs = match &v.value {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse::<f64>().ok(),
                _ => None,
            };
            match secs {
                Some(s) if s > 0.0 && s.is_finite() => Some(Duration::from_secs_f64(s)),
                _ => return Err(err(k, v, format!("must be a positive number of seconds, got {}", v.value))),
            }
        }
    };
    Ok(HostConn {
        name: name.to_owned(),
        address: string(&["ansible_host", "ansible_ssh_host"], false)?.unwrap_or_else(|| name.to_owned()),
        port,
        rpyc_port,
        user: string(&["ansible_user", "ansible_ssh_user"], true)?,
        key_file: string(&["ansible_ssh_private_key_file", "ansible_private_key_file"], false)?.map(PathBuf::from),
        transport,
        timeout,
    })
}
