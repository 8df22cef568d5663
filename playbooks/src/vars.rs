//! Variable precedence, as ansible-core's `VariableManager.get_vars` merges for a host and a
//! task (lowest first; a later level replaces a key wholesale, as `hash_behaviour = replace`):
//!
//! 1. role defaults — every role of the play, then the task's own role again;
//! 2. inventory variables of the host (`rpyctl-inventory`: group and host vars, `group_vars/`,
//!    `host_vars/`, in its own precedence);
//! 3. facts (`ansible_facts`, and each fact as `ansible_<name>`);
//! 4. play `vars`;
//! 5. play `vars_files`;
//! 6. role vars (`vars/main.yml`) — every role of the play, then the task's role;
//! 7. block vars, then task vars;
//! 8. `set_fact` and registered results;
//! 9. role parameters;
//! 10. include parameters (`include_tasks` vars);
//! 11. extra vars (`-e`);
//!
//! then the magic variables (`inventory_hostname`, `groups`, `hostvars`, `play_hosts`,
//! `ansible_check_mode`, `role_path`, ...). Values stay untemplated here: [`crate::template::Vars`]
//! templates them when they are read.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rpyctl_inventory::Inventory;
use serde_json::{Map, Value as Json};

use crate::model::{Play, Task};
use crate::template::{LazyMap, Vars};

/// What a host has gathered and set during the run.
#[derive(Debug, Clone, Default)]
pub struct HostFacts {
    /// Gathered facts, names without the `ansible_` prefix (`hostname`, `os_family`, ...).
    pub facts: Map<String, Json>,
    /// `set_fact` values and registered results.
    pub set: Map<String, Json>,
    /// Facts other modules returned (`getent`'s `getent_passwd`, `hostname`'s
    /// `ansible_hostname`), variables by the names the module gave them and under
    /// `ansible_facts` without the `ansible_` prefix, as Ansible injects them.
    pub module_facts: Map<String, Json>,
}

/// Everything variables come from during one play, shared by all its hosts.
#[derive(Clone)]
pub struct VarSources {
    pub inventory: Arc<Inventory>,
    pub play: Arc<Play>,
    pub extra_vars: Arc<Map<String, Json>>,
    /// Per host: the play's `vars_files`, loaded when the play started.
    pub vars_files: Arc<HashMap<String, Map<String, Json>>>,
    pub hosts: Arc<Mutex<BTreeMap<String, HostFacts>>>,
    /// Play-wide magic variables (`play_hosts`, `ansible_check_mode`, `groups`, ...).
    pub magic: Arc<Map<String, Json>>,
}

fn extend(out: &mut Map<String, Json>, m: &Map<String, Json>) {
    for (k, v) in m {
        out.insert(k.clone(), v.clone());
    }
}

impl VarSources {
    /// The variables of `host` for `task` (or for the play alone).
    pub fn vars(&self, host: &str, task: Option<&Task>) -> Vars {
        let mut out = Map::new();
        let play = &self.play;
        for r in &play.roles {
            extend(&mut out, &r.defaults);
        }
        if let Some(r) = task.and_then(|t| t.role.as_ref()) {
            extend(&mut out, &r.defaults);
        }
        if let Ok(inv) = self.inventory.host_vars(host) {
            out.extend(inv);
        }
        let state = self.hosts.lock().ok().and_then(|h| h.get(host).cloned()).unwrap_or_default();
        if !state.facts.is_empty() || !state.module_facts.is_empty() {
            let mut namespaced = state.facts.clone();
            for (k, v) in &state.facts {
                out.insert(format!("ansible_{k}"), v.clone());
            }
            for (k, v) in &state.module_facts {
                out.insert(k.clone(), v.clone());
                namespaced.insert(k.strip_prefix("ansible_").unwrap_or(k).to_owned(), v.clone());
            }
            out.insert("ansible_facts".into(), Json::Object(namespaced));
        }
        extend(&mut out, &play.vars);
        if let Some(vf) = self.vars_files.get(host) {
            extend(&mut out, vf);
        }
        for r in &play.roles {
            extend(&mut out, &r.vars);
        }
        if let Some(t) = task {
            if let Some(r) = &t.role {
                extend(&mut out, &r.vars);
            }
            extend(&mut out, &t.kw.vars);
        }
        extend(&mut out, &state.set);
        if let Some(t) = task {
            if let Some(r) = &t.role {
                extend(&mut out, &r.params);
            }
            extend(&mut out, &t.include_params);
        }
        extend(&mut out, &self.extra_vars);
        self.magic_for(host, task, &mut out);
        let me = self.clone();
        let all_hosts: Vec<String> = self.inventory.hosts().into_iter().map(str::to_owned).collect();
        let mut native = BTreeMap::new();
        native.insert(
            "hostvars".to_owned(),
            LazyMap::new_value(all_hosts, move |h| {
                (me.inventory.has_host(h) || me.inventory.host_vars(h).is_ok()).then(|| me.vars(h, None))
            }),
        );
        Vars::new(out, native)
    }

    fn magic_for(&self, host: &str, task: Option<&Task>, out: &mut Map<String, Json>) {
        extend(out, &self.magic);
        out.insert("inventory_hostname".into(), Json::from(host));
        out.insert("inventory_hostname_short".into(), Json::from(host.split('.').next().unwrap_or(host)));
        let groups = self.inventory.host_groups(host).unwrap_or_default();
        out.insert("group_names".into(), Json::from(groups));
        out.insert("playbook_dir".into(), Json::from(self.play.basedir.display().to_string()));
        if let Some(r) = task.and_then(|t| t.role.as_ref()) {
            out.insert("role_name".into(), Json::from(r.name.as_str()));
            out.insert("role_path".into(), Json::from(r.path.display().to_string()));
        }
    }

    /// Sets `set_fact`/registered values for a host.
    pub fn set(&self, host: &str, values: Map<String, Json>) {
        if let Ok(mut hosts) = self.hosts.lock() {
            extend(&mut hosts.entry(host.to_owned()).or_default().set, &values);
        }
    }

    /// Records gathered facts for a host.
    pub fn set_facts(&self, host: &str, facts: Map<String, Json>) {
        if let Ok(mut hosts) = self.hosts.lock() {
            extend(&mut hosts.entry(host.to_owned()).or_default().facts, &facts);
        }
    }

    /// Records the facts a module other than `setup` returned, by the names it gave them.
    pub fn set_module_facts(&self, host: &str, facts: Map<String, Json>) {
        if let Ok(mut hosts) = self.hosts.lock() {
            extend(&mut hosts.entry(host.to_owned()).or_default().module_facts, &facts);
        }
    }
}

/// `groups`: every group's hosts, as Ansible's magic variable.
pub fn groups_var(inventory: &Inventory) -> Json {
    let mut m = Map::new();
    for g in inventory.groups() {
        let hosts = inventory.group_hosts(g).unwrap_or_default();
        m.insert(g.to_owned(), Json::from(hosts));
    }
    Json::Object(m)
}

/// A vars file's contents (play `vars_files`).
pub fn load_vars_file(path: &std::path::Path) -> Result<Map<String, Json>, crate::Error> {
    let doc = crate::yaml::load(path)?;
    crate::parse::vars_of(&path.display().to_string(), &doc)
}

/// Where a relative `vars_files` entry is: beside the playbook.
pub fn vars_file_path(play: &Play, name: &str) -> PathBuf {
    let p = std::path::Path::new(name);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        play.basedir.join(p)
    }
}
