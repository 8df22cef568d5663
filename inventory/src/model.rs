//! The inventory graph: groups, hosts, parent/child links, as Ansible's `InventoryData`.
//!
//! Groups and hosts are kept in the order they were first seen (across all sources); a group's
//! hosts and children in the order they were added to it. `all` and `ungrouped` exist from the
//! start (`ungrouped` is `all`'s first child); [`Data::reconcile`] then makes every parentless
//! group a child of `all`, puts hosts that are in no group but `all` into `ungrouped` (and takes
//! hosts that are also elsewhere out of it), and computes group depths.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use crate::error::Origin;

pub(crate) const ALL: usize = 0;
pub(crate) const UNGROUPED: usize = 1;

/// The names Ansible treats as the implicit localhost when they are not in the inventory.
pub(crate) const LOCALHOST: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// One variable's value and where it was set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Var {
    pub value: Value,
    pub origin: Origin,
}

pub(crate) type VarMap = BTreeMap<String, Var>;

#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub name: String,
    /// Direct hosts, in the order they were added.
    pub hosts: Vec<usize>,
    pub children: Vec<usize>,
    pub parents: Vec<usize>,
    /// Inline vars (`vars:` in the inventory), `ansible_group_priority` excluded.
    pub vars: VarMap,
    /// `ansible_group_priority`, 1 by default; higher wins among groups of the same depth.
    pub priority: i64,
    /// Longest path from `all` (0 for `all`, 1 for top-level groups); set by `reconcile`.
    pub depth: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Host {
    pub name: String,
    /// Inline vars (from the inventory entries of this host), later definitions winning.
    pub vars: VarMap,
    /// Direct groups, in the order the host was added to them.
    pub groups: Vec<usize>,
}

#[derive(Debug, Clone)]
pub(crate) struct Data {
    pub groups: Vec<Group>,
    pub hosts: Vec<Host>,
    group_ids: HashMap<String, usize>,
    host_ids: HashMap<String, usize>,
}

impl Default for Data {
    fn default() -> Self {
        let mut d = Data { groups: Vec::new(), hosts: Vec::new(), group_ids: HashMap::new(), host_ids: HashMap::new() };
        d.add_group("all");
        d.add_group("ungrouped");
        d.add_child(ALL, UNGROUPED).expect("ungrouped under all");
        d
    }
}

impl Data {
    pub fn group_id(&self, name: &str) -> Option<usize> {
        self.group_ids.get(name).copied()
    }

    pub fn host_id(&self, name: &str) -> Option<usize> {
        self.host_ids.get(name).copied()
    }

    /// Adds the group if it is new; returns its id either way.
    pub fn add_group(&mut self, name: &str) -> usize {
        if let Some(id) = self.group_id(name) {
            return id;
        }
        let id = self.groups.len();
        self.groups.push(Group {
            name: name.to_owned(),
            hosts: Vec::new(),
            children: Vec::new(),
            parents: Vec::new(),
            vars: VarMap::new(),
            priority: 1,
            depth: 0,
        });
        self.group_ids.insert(name.to_owned(), id);
        id
    }

    /// Adds the host if it is new, and to `group` if given; returns its id.
    pub fn add_host(&mut self, name: &str, group: Option<usize>) -> usize {
        let id = match self.host_id(name) {
            Some(id) => id,
            None => {
                let id = self.hosts.len();
                self.hosts.push(Host { name: name.to_owned(), vars: VarMap::new(), groups: Vec::new() });
                self.host_ids.insert(name.to_owned(), id);
                id
            }
        };
        if let Some(g) = group {
            if !self.groups[g].hosts.contains(&id) {
                self.groups[g].hosts.push(id);
                self.hosts[id].groups.push(g);
            }
        }
        id
    }

    fn remove_host_from(&mut self, group: usize, host: usize) {
        self.groups[group].hosts.retain(|&h| h != host);
        self.hosts[host].groups.retain(|&g| g != group);
    }

    /// Makes `child` a child group of `parent`; refuses loops (and `all` as a child).
    pub fn add_child(&mut self, parent: usize, child: usize) -> Result<(), String> {
        let (p, c) = (&self.groups[parent].name, &self.groups[child].name);
        if parent == child {
            return Err(format!("group '{p}' cannot be a child of itself"));
        }
        if child == ALL {
            return Err(format!("group 'all' cannot be a child group (of '{p}')"));
        }
        if self.ancestors(parent).contains(&child) {
            return Err(format!(
                "adding group '{c}' as a child of '{p}' creates a loop ('{c}' is already an ancestor of '{p}')"
            ));
        }
        if !self.groups[parent].children.contains(&child) {
            self.groups[parent].children.push(child);
            self.groups[child].parents.push(parent);
        }
        Ok(())
    }

    /// All groups above `group` (not itself), in no particular order.
    pub fn ancestors(&self, group: usize) -> Vec<usize> {
        walk(group, |g| &self.groups[g].parents)
    }

    /// The hosts of `group` and its descendants in Ansible's order (`Group.get_hosts`): the
    /// group's own hosts in the order they were added, then those of its children in order,
    /// then of their children (breadth first), each host once.
    pub fn group_hosts(&self, group: usize) -> Vec<usize> {
        let mut order = vec![group];
        let mut seen_groups = HashSet::from([group]);
        let mut i = 0;
        while let Some(&g) = order.get(i) {
            i += 1;
            for &c in &self.groups[g].children {
                if seen_groups.insert(c) {
                    order.push(c);
                }
            }
        }
        let mut seen = HashSet::new();
        order.into_iter().flat_map(|g| self.groups[g].hosts.iter().copied()).filter(|&h| seen.insert(h)).collect()
    }

    /// Every group the host is in, directly or through a child group, `all` included.
    pub fn host_groups(&self, host: usize) -> Vec<usize> {
        let mut seen: HashSet<usize> = HashSet::new();
        let mut out = Vec::new();
        for &g in &self.hosts[host].groups {
            for a in std::iter::once(g).chain(self.ancestors(g)) {
                if seen.insert(a) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// Ansible's `reconcile_inventory`; returns warnings (host and group with the same name).
    pub fn reconcile(&mut self) -> Vec<String> {
        for g in 2..self.groups.len() {
            if self.groups[g].parents.is_empty() {
                self.add_child(ALL, g).expect("a parentless group cannot loop");
            }
        }
        for h in 0..self.hosts.len() {
            let in_other = self.hosts[h].groups.iter().any(|&g| g != ALL && g != UNGROUPED);
            let in_ungrouped = self.hosts[h].groups.contains(&UNGROUPED);
            if in_ungrouped && in_other {
                self.remove_host_from(UNGROUPED, h);
            } else if !in_other && !in_ungrouped {
                self.add_host(&self.hosts[h].name.clone(), Some(UNGROUPED));
            }
        }
        self.compute_depths();
        self.hosts
            .iter()
            .filter(|h| self.group_ids.contains_key(&h.name))
            .map(|h| format!("found both group and host with the same name: {}", h.name))
            .collect()
    }

    /// depth = longest path from `all`, by a topological walk over the child links.
    fn compute_depths(&mut self) {
        let n = self.groups.len();
        let mut pending: Vec<usize> = self.groups.iter().map(|g| g.parents.len()).collect();
        let mut depth = vec![0usize; n];
        let mut ready: Vec<usize> = (0..n).filter(|&g| pending[g] == 0).collect();
        while let Some(g) = ready.pop() {
            for &c in &self.groups[g].children {
                depth[c] = depth[c].max(depth[g] + 1);
                pending[c] -= 1;
                if pending[c] == 0 {
                    ready.push(c);
                }
            }
        }
        for (g, d) in depth.into_iter().enumerate() {
            self.groups[g].depth = d;
        }
    }
}

/// Everything reachable from `start` through `next`, `start` excluded.
fn walk<'a>(start: usize, next: impl Fn(usize) -> &'a Vec<usize>) -> Vec<usize> {
    let mut seen = HashSet::from([start]);
    let mut out = Vec::new();
    let mut stack = vec![start];
    while let Some(g) = stack.pop() {
        for &n in next(g) {
            if seen.insert(n) {
                out.push(n);
                stack.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implicit_groups_and_depth() {
        let mut d = Data::default();
        let web = d.add_group("web");
        let east = d.add_group("east");
        d.add_child(web, east).unwrap();
        d.add_host("a", Some(ALL));
        d.add_host("b", Some(east));
        d.add_host("c", Some(UNGROUPED));
        d.add_host("c", Some(web));
        d.reconcile();
        assert_eq!(d.groups[ALL].children, [UNGROUPED, web]);
        let names = |v: &[usize]| v.iter().map(|&h| d.hosts[h].name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&d.groups[UNGROUPED].hosts), ["a"]);
        assert_eq!(names(&d.group_hosts(web)), ["c", "b"]);
        assert_eq!(names(&d.group_hosts(ALL)), ["a", "c", "b"]);
        assert_eq!((d.groups[web].depth, d.groups[east].depth), (1, 2));
    }

    #[test]
    fn loops_are_refused() {
        let mut d = Data::default();
        let a = d.add_group("a");
        let b = d.add_group("b");
        d.add_child(a, b).unwrap();
        assert!(d.add_child(b, a).unwrap_err().contains("loop"));
        assert!(d.add_child(a, a).is_err());
        assert!(d.add_child(a, ALL).is_err());
    }
}
