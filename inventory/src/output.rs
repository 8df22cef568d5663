//! What `ansible-inventory` prints: `--list` (JSON), `--graph` (text), `--host` (JSON).
//!
//! Follows current ansible-core: groups and hosts in the order they were added (not sorted),
//! `all` listing only `children`, empty `hosts`/`children` keys and empty groups left out (while
//! `all.children` still names `ungrouped`), a group under several parents listed once, and
//! `_meta.hostvars` holding each host's merged variables (extra vars included) when not empty.
//! JSON object keys are sorted at every level, as Ansible's `json.dumps(sort_keys=True)`, whether
//! or not serde_json's `preserve_order` feature is on.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value};

use crate::model::{Data, ALL};

/// A copy of `value` with the keys of every object in sorted order.
pub fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(m) => {
            let s: BTreeMap<&String, Value> = m.iter().map(|(k, v)| (k, sorted(v))).collect();
            Value::Object(s.into_iter().map(|(k, v)| (k.clone(), v)).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// `value` printed as `ansible-inventory` prints JSON: 4-space indent, non-ASCII kept.
/// (Keys are printed in the value's order: use [`sorted`] or the sorted outputs of this crate.)
pub fn to_ansible_json(value: &Value) -> String {
    let mut out = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
    serde::Serialize::serialize(value, &mut ser).expect("serializing a Value cannot fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `--list`; `hostvars` gives a host's merged variables.
pub(crate) fn list_json(data: &Data, hostvars: impl Fn(usize) -> Map<String, Value>) -> Value {
    let mut groups: BTreeMap<String, Value> = BTreeMap::new();
    let mut seen = HashSet::new();
    format_group(data, ALL, &mut seen, &mut groups);
    let mut meta = BTreeMap::new();
    for h in 0..data.hosts.len() {
        let vars = hostvars(h);
        if !vars.is_empty() {
            meta.insert(data.hosts[h].name.clone(), sorted(&Value::Object(vars)));
        }
    }
    let hostvars: Map<String, Value> = meta.into_iter().collect();
    let mut meta = Map::new();
    meta.insert("hostvars".into(), Value::Object(hostvars));
    groups.insert("_meta".into(), Value::Object(meta));
    Value::Object(groups.into_iter().collect())
}

fn format_group(data: &Data, g: usize, seen: &mut HashSet<usize>, out: &mut BTreeMap<String, Value>) {
    let group = &data.groups[g];
    let mut entry = Map::new();
    let names = |ids: &[usize], hosts: bool| -> Vec<Value> {
        ids.iter()
            .map(|&i| Value::from(if hosts { &data.hosts[i].name } else { &data.groups[i].name }.as_str()))
            .collect()
    };
    let children = names(&group.children, false);
    if !children.is_empty() {
        entry.insert("children".into(), Value::Array(children));
    }
    if g != ALL && !group.hosts.is_empty() {
        entry.insert("hosts".into(), Value::Array(names(&group.hosts, true)));
    }
    for &c in &group.children {
        if seen.insert(c) {
            format_group(data, c, seen, out);
        }
    }
    if !entry.is_empty() {
        out.insert(group.name.clone(), Value::Object(entry));
    }
}

/// `--graph [group]`: lines joined by `\n`, no trailing newline.
pub(crate) fn graph(data: &Data, g: usize) -> String {
    let mut lines = Vec::new();
    graph_group(data, g, 0, &mut lines);
    lines.join("\n")
}

fn graph_name(name: &str, depth: usize) -> String {
    if depth == 0 {
        name.to_owned()
    } else {
        format!("{}--{name}", "  |".repeat(depth))
    }
}

fn graph_group(data: &Data, g: usize, depth: usize, lines: &mut Vec<String>) {
    let group = &data.groups[g];
    lines.push(graph_name(&format!("@{}:", group.name), depth));
    for &c in &group.children {
        graph_group(data, c, depth + 1, lines);
    }
    if g != ALL {
        for &h in &group.hosts {
            lines.push(graph_name(&data.hosts[h].name, depth + 1));
        }
    }
}
