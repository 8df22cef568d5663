//! Ansible YAML inventories for rpyctl: reading them as Ansible does, selecting hosts with
//! Ansible's host patterns, merging variables with Ansible's precedence, and deriving each
//! host's connection settings. A pure library: it reads files, nothing else (no network, no
//! terminal output; warnings are returned, not printed).
//!
//! ```no_run
//! # fn main() -> Result<(), rpyctl_inventory::Error> {
//! use rpyctl_inventory::Inventory;
//! let mut inv = Inventory::load(["inventory.yml", "extra,hosts,"])?;
//! inv.set_extra_vars([("rpyc_port".to_string(), 18813.into())].into());
//! for w in inv.warnings() { eprintln!("warning: {w}"); }
//! for host in inv.select("web:&prod:!web03", Some("web0*"))? {
//!     let conn = inv.host_conn(&host)?;
//!     println!("{} -> {}:{} over {:?}", conn.name, conn.address, conn.port, conn.transport);
//! }
//! # Ok(()) }
//! ```
//!
//! Layout:
//! - `lib.rs` — [`Inventory`]: loading sources, queries, the public API;
//! - `error.rs` — [`Error`], [`Warning`], [`Location`] (`file:line:column`), [`Origin`];
//! - `yaml.rs` — YAML text → nodes with line/column (serde-saphyr `Spanned`), parser options;
//! - `loader.rs` — the `yaml` inventory plugin's structure rules, directories, inline host
//!   lists, `group_vars/` and `host_vars/` files;
//! - `range.rs` — `host:port` and host ranges (`web[01:20]`, `db-[a:f]`, `[1:10:2]`);
//! - `model.rs` — groups, hosts, parent/child links, implicit `all`/`ungrouped`, depths;
//! - `vars.rs` — variable precedence (documented there) and [`HostConn`];
//! - `pattern.rs` — host patterns (documented there);
//! - `output.rs` — `ansible-inventory --list`/`--graph`/`--host` output.

// Tests unwrap freely; the workspace warns on `unwrap` in library code.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod error;
mod loader;
mod model;
mod output;
mod pattern;
mod range;
mod vars;
mod yaml;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde_json::Value;

pub use error::{Error, Location, Origin, Warning};
pub use output::{sorted, to_ansible_json};
pub use vars::{HostConn, Transport, DEFAULT_RPYC_PORT, DEFAULT_SSH_PORT};

use loader::{DirVars, Loader};
use model::{Data, Var, VarMap, LOCALHOST};
use vars::HostRef;

/// A loaded inventory: the merge of all its sources.
#[derive(Debug, Clone, Default)]
pub struct Inventory {
    data: Data,
    dir_vars: Vec<DirVars>,
    extra: VarMap,
    warnings: Vec<Warning>,
}

impl Inventory {
    /// Loads inventory sources in order, as repeated `-i` options: a YAML file (any extension),
    /// a directory (its `.yml`/`.yaml`/`.json` files, recursively, in name order), or an inline
    /// list such as `h1,h2,` (a string with a comma that names no file), whose hosts go to
    /// `ungrouped`. Then reads `group_vars/` and `host_vars/` beside each file source (in each
    /// directory source). No sources gives an empty inventory (only the implicit localhost).
    pub fn load<I, S>(sources: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut loader = Loader::default();
        for s in sources {
            loader.load_source(s.as_ref())?;
        }
        let dir_vars = loader.load_dir_vars()?;
        Ok(Self::finish(loader, dir_vars))
    }

    /// Reads YAML inventory text as if from a file named `file` (used in messages), without
    /// `group_vars`/`host_vars`.
    pub fn from_yaml(file: &str, text: &str) -> Result<Self, Error> {
        let mut loader = Loader::default();
        loader.load_yaml(file, text)?;
        Ok(Self::finish(loader, Vec::new()))
    }

    fn finish(mut loader: Loader, dir_vars: Vec<DirVars>) -> Self {
        for message in loader.data.reconcile() {
            loader.warnings.push(Warning { location: None, message });
        }
        Inventory { data: loader.data, dir_vars, extra: VarMap::new(), warnings: loader.warnings }
    }

    /// Sets the extra vars (`-e`), which override every other variable.
    pub fn set_extra_vars(&mut self, vars: BTreeMap<String, Value>) {
        self.extra = vars.into_iter().map(|(k, value)| (k, Var { value, origin: Origin::ExtraVars })).collect();
    }

    /// What Ansible would have warned about while loading, in order.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// All hosts, in inventory order: the same as `select("all")` (see
    /// [`Inventory::group_hosts`]).
    pub fn hosts(&self) -> Vec<&str> {
        self.names(self.data.group_hosts(model::ALL))
    }

    fn names(&self, hosts: Vec<usize>) -> Vec<&str> {
        hosts.into_iter().map(|h| self.data.hosts[h].name.as_str()).collect()
    }

    /// All group names in the order they were first seen; `all` and `ungrouped` first.
    pub fn groups(&self) -> Vec<&str> {
        self.data.groups.iter().map(|g| g.name.as_str()).collect()
    }

    /// Whether `name` is a host of the inventory (the implicit localhost is not).
    pub fn has_host(&self, name: &str) -> bool {
        self.data.host_id(name).is_some()
    }

    /// The hosts of a group and of its descendants, in Ansible's inventory order: the group's
    /// own hosts in the order they were defined in it, then its children's (in the order the
    /// children were added), then their children's, breadth first, each host once. For `all`
    /// that is its direct hosts, then `ungrouped`, then the top-level groups in order. `None`
    /// if no such group.
    pub fn group_hosts(&self, group: &str) -> Option<Vec<&str>> {
        let g = self.data.group_id(group)?;
        Some(self.names(self.data.group_hosts(g)))
    }

    /// The direct child groups of a group, in the order they were added.
    pub fn group_children(&self, group: &str) -> Option<Vec<&str>> {
        let g = self.data.group_id(group)?;
        Some(self.data.groups[g].children.iter().map(|&c| self.data.groups[c].name.as_str()).collect())
    }

    /// Ansible's `group_names` for a host: its groups, inherited ones included, `all` excluded,
    /// sorted. Empty for the implicit localhost; `None` for an unknown host.
    pub fn host_groups(&self, host: &str) -> Option<Vec<&str>> {
        match self.host_ref(host)? {
            HostRef::Implicit(_) => Some(Vec::new()),
            HostRef::Known(h) => {
                let mut v: Vec<&str> = self
                    .data
                    .host_groups(h)
                    .into_iter()
                    .filter(|&g| g != model::ALL)
                    .map(|g| self.data.groups[g].name.as_str())
                    .collect();
                v.sort_unstable();
                Some(v)
            }
        }
    }

    fn host_ref<'a>(&self, host: &'a str) -> Option<HostRef<'a>> {
        match self.data.host_id(host) {
            Some(h) => Some(HostRef::Known(h)),
            None => LOCALHOST.contains(&host).then_some(HostRef::Implicit(host)),
        }
    }

    fn merged(&self, host: &str) -> Result<VarMap, Error> {
        let r = self.host_ref(host).ok_or_else(|| Error::UnknownHost(host.to_owned()))?;
        Ok(vars::merged(&self.data, &self.dir_vars, &self.extra, r))
    }

    /// A host's variables after precedence (see the `vars` module docs: `all` < parent groups <
    /// child groups < `group_vars` files < host inline vars < `host_vars` files < extra vars).
    /// This is what `ansible-inventory --host` shows. `localhost`, `127.0.0.1` and `::1` are
    /// known even when not in the inventory (the implicit localhost).
    pub fn host_vars(&self, host: &str) -> Result<BTreeMap<String, Value>, Error> {
        Ok(self.merged(host)?.into_iter().map(|(k, v)| (k, v.value)).collect())
    }

    /// Where each of [`Inventory::host_vars`]'s values was set.
    pub fn host_var_origins(&self, host: &str) -> Result<BTreeMap<String, Origin>, Error> {
        Ok(self.merged(host)?.into_iter().map(|(k, v)| (k, v.origin)).collect())
    }

    /// A host's connection settings; invalid values are errors naming host, variable and where
    /// it was set.
    pub fn host_conn(&self, host: &str) -> Result<HostConn, Error> {
        vars::host_conn(host, &self.merged(host)?)
    }

    /// The hosts matching `pattern`, restricted to those matching `limit` (`--limit`), in
    /// inventory order per pattern term (see the `pattern` module docs). A pattern matching
    /// nothing gives an empty list; a malformed pattern is an error with its position.
    pub fn select(&self, pattern: &str, limit: Option<&str>) -> Result<Vec<String>, Error> {
        Ok(pattern::select(&self.data, pattern, limit)?
            .into_iter()
            .map(|h| match h {
                HostRef::Known(h) => self.data.hosts[h].name.clone(),
                HostRef::Implicit(name) => name.to_owned(),
            })
            .collect())
    }

    /// `ansible-inventory --list`: `{"_meta": {"hostvars": ...}, "all": {"children": [...]},
    /// "<group>": {"hosts": [...], "children": [...]}, ...}`, keys sorted.
    pub fn list_json(&self) -> Value {
        output::list_json(&self.data, |h| {
            vars::merged(&self.data, &self.dir_vars, &self.extra, HostRef::Known(h))
                .into_iter()
                .map(|(k, v)| (k, v.value))
                .collect()
        })
    }

    /// `ansible-inventory --host HOST`: [`Inventory::host_vars`] as a JSON object, keys sorted
    /// at every level.
    pub fn host_json(&self, host: &str) -> Result<Value, Error> {
        let vars = self.host_vars(host)?;
        Ok(sorted(&Value::Object(vars.into_iter().collect())))
    }

    /// `ansible-inventory --graph [GROUP]` (default `all`): `@all:`, `  |--@web:`,
    /// `  |  |--web01`; lines joined by `\n`, without a trailing newline.
    pub fn graph(&self, group: Option<&str>) -> Result<String, Error> {
        let name = group.unwrap_or("all");
        let g = self.data.group_id(name).ok_or_else(|| Error::UnknownGroup(name.to_owned()))?;
        Ok(output::graph(&self.data, g))
    }
}
