//! Planning: which hosts a play targets (Ansible's patterns through `rpyctl-inventory`, then
//! `--limit`), how `serial` cuts them into batches, which tasks `--tags`/`--skip-tags` and
//! `--start-at-task` keep, and the data of `--list-hosts`, `--list-tasks` and `--syntax-check`.

use std::collections::BTreeMap;
use std::sync::Arc;

use rpyctl_inventory::Inventory;
use serde_json::{Map, Value as Json};

use crate::model::{Node, Play, Playbook, Serial, Task};
use crate::template::{self, Vars};
use crate::Error;

/// The hosts of a play: its patterns (joined as Ansible joins a list, with `,`), limited.
pub fn play_hosts(
    inventory: &Inventory,
    play: &Play,
    extra_vars: &Map<String, Json>,
    limit: Option<&str>,
) -> Result<Vec<String>, Error> {
    let pattern = host_patterns(play, extra_vars)?.join(",");
    inventory.select(&pattern, limit).map_err(Error::from)
}

/// The play's `hosts:` templated as Ansible's `Play.post_validate` does, before any host is
/// chosen: with the play's `vars` and the extra vars (`-e`), which win
/// (`hosts: "{{ target | default('localhost') }}"` with `-e target=web`).
pub fn host_patterns(play: &Play, extra_vars: &Map<String, Json>) -> Result<Vec<String>, Error> {
    let mut raw = play.vars.clone();
    raw.extend(extra_vars.iter().map(|(k, v)| (k.clone(), v.clone())));
    let vars = Vars::new(raw, BTreeMap::new());
    let mut patterns = Vec::new();
    for entry in &play.hosts {
        match template::render(entry, &vars).map_err(|e| e.or_at(&play.location))? {
            Json::String(s) => patterns.push(s),
            Json::Array(items) => patterns.extend(items.iter().map(|i| match i {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            })),
            other => patterns.push(other.to_string()),
        }
    }
    Ok(patterns)
}

/// `serial` batches, as Ansible's `_get_serialized_batches`: each entry a count or a
/// percentage of all the play's hosts (at least 1); the last entry repeats; no `serial` is one
/// batch of everything.
pub fn batches(hosts: &[String], serial: &[Serial]) -> Vec<Vec<String>> {
    if serial.is_empty() || hosts.is_empty() {
        return if hosts.is_empty() { Vec::new() } else { vec![hosts.to_vec()] };
    }
    let total = hosts.len();
    let size = |s: &Serial| -> usize {
        match *s {
            Serial::Count(0) => total,
            Serial::Count(n) => n,
            Serial::Percent(p) => ((p / 100.0 * total as f64) as usize).max(1),
        }
    };
    let mut out = Vec::new();
    let mut rest = hosts;
    let mut i = 0;
    while !rest.is_empty() {
        let n = size(&serial[i.min(serial.len() - 1)]).clamp(1, rest.len());
        out.push(rest[..n].to_vec());
        rest = &rest[n..];
        i += 1;
    }
    out
}

/// `--tags` / `--skip-tags`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFilter {
    /// `--tags` (default `all`).
    pub only: Vec<String>,
    pub skip: Vec<String>,
}

impl Default for TagFilter {
    fn default() -> Self {
        TagFilter { only: vec!["all".into()], skip: Vec::new() }
    }
}

impl TagFilter {
    /// Ansible's `Taggable.evaluate_tags`: `always` runs unless skipped by name, `never` only
    /// when asked for by name, `tagged`/`untagged`/`all` as special tags.
    pub fn runs(&self, tags: &[String]) -> bool {
        let untagged = tags.is_empty();
        let has = |t: &str| tags.iter().any(|x| x == t) || (untagged && t == "untagged");
        let asked = |list: &[String], t: &str| list.iter().any(|x| x == t);
        let mut run = true;
        if !self.only.is_empty() {
            run = has("always")
                || (asked(&self.only, "all") && !has("never"))
                || self.only.iter().any(|t| has(t))
                || (asked(&self.only, "tagged") && !untagged && !has("never"));
        }
        if run && !self.skip.is_empty() {
            if asked(&self.skip, "all") {
                if !has("always") || asked(&self.skip, "always") {
                    run = false;
                }
            } else if self.skip.iter().any(|t| has(t)) || (asked(&self.skip, "tagged") && !untagged) {
                run = false;
            }
        }
        run
    }
}

/// Whether `--start-at-task NAME` names this task (its name or `role : name`; `*`
/// wildcards allowed, as Ansible's fnmatch).
pub fn starts_here(task: &Task, start: &str) -> bool {
    let name = task.name.clone().unwrap_or_default();
    glob(start, &name) || glob(start, &task.display_name())
}

fn glob(pattern: &str, text: &str) -> bool {
    if !pattern.contains(['*', '?']) {
        return pattern == text;
    }
    let mut re = String::from("^");
    for c in pattern.chars() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    regex::Regex::new(&re).is_ok_and(|r| r.is_match(text))
}

/// One play of a `--list-tasks`/`--list-hosts` listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayListing {
    pub number: usize,
    pub name: String,
    pub pattern: Vec<String>,
    pub tags: Vec<String>,
    pub hosts: Vec<String>,
    /// The tasks `--tags`/`--skip-tags` keep, with their tags.
    pub tasks: Vec<(String, Vec<String>)>,
}

/// The listing of a playbook: hosts and tasks per play.
pub fn listing(
    pb: &Playbook,
    inventory: &Inventory,
    extra_vars: &Map<String, Json>,
    limit: Option<&str>,
    tags: &TagFilter,
) -> Result<Vec<PlayListing>, Error> {
    let mut out = Vec::new();
    for (i, play) in pb.plays.iter().enumerate() {
        let mut all: Vec<&Arc<Task>> = Vec::new();
        for section in [&play.pre_tasks, &play.tasks, &play.post_tasks] {
            listed_tasks(section, &mut all);
        }
        let tasks = all
            .into_iter()
            .filter(|t| tags.runs(&t.kw.tags))
            .map(|t| {
                let mut tags = t.kw.tags.clone();
                tags.sort();
                tags.dedup();
                (t.display_name(), tags)
            })
            .collect();
        out.push(PlayListing {
            number: i + 1,
            name: play.name.clone(),
            pattern: host_patterns(play, extra_vars)?,
            tags: play.tags.clone(),
            hosts: play_hosts(inventory, play, extra_vars, limit)?,
            tasks,
        });
    }
    Ok(out)
}

/// The tasks `ansible-playbook --list-tasks` shows: those of blocks' `block` sections (not
/// `rescue`/`always`), include tasks themselves.
fn listed_tasks<'a>(nodes: &'a [Node], out: &mut Vec<&'a Arc<Task>>) {
    for n in nodes {
        match n {
            Node::Task(t) => out.push(t),
            Node::Block(b) => listed_tasks(&b.block, out),
        }
    }
}

fn tag_list(tags: &[String]) -> String {
    let mut tags = tags.to_vec();
    tags.sort();
    tags.dedup();
    format!("[{}]", tags.join(", "))
}

/// `ansible-playbook --list-hosts` text.
pub fn list_hosts_text(path: &str, plays: &[PlayListing]) -> String {
    let mut s = format!("\nplaybook: {path}\n");
    for p in plays {
        s.push_str(&format!(
            "\n  play #{} ({}): {}\tTAGS: {}\n",
            p.number,
            p.pattern.join(","),
            p.name,
            tag_list(&p.tags)
        ));
        s.push_str(&format!("    pattern: {:?}\n", p.pattern).replace('"', "'"));
        s.push_str(&format!("    hosts ({}):\n", p.hosts.len()));
        for h in &p.hosts {
            s.push_str(&format!("      {h}\n"));
        }
    }
    s
}

/// `ansible-playbook --list-tasks` text.
pub fn list_tasks_text(path: &str, plays: &[PlayListing]) -> String {
    let mut s = format!("\nplaybook: {path}\n");
    for p in plays {
        s.push_str(&format!(
            "\n  play #{} ({}): {}\tTAGS: {}\n",
            p.number,
            p.pattern.join(","),
            p.name,
            tag_list(&p.tags)
        ));
        s.push_str("    tasks:\n");
        for (name, tags) in &p.tasks {
            s.push_str(&format!("      {name}\tTAGS: {}\n", tag_list(tags)));
        }
    }
    s
}

/// `--syntax-check` text for a playbook that parsed.
pub fn syntax_ok_text(path: &str) -> String {
    format!("\nplaybook: {path}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("h{i}")).collect()
    }

    #[test]
    fn serial_batches_like_ansible() {
        let sizes = |s: &[Serial], n| batches(&hosts(n), s).iter().map(Vec::len).collect::<Vec<_>>();
        assert_eq!(sizes(&[], 5), [5]);
        assert_eq!(sizes(&[Serial::Count(2)], 5), [2, 2, 1]);
        assert_eq!(sizes(&[Serial::Percent(30.0)], 10), [3, 3, 3, 1]);
        assert_eq!(sizes(&[Serial::Percent(10.0)], 3), [1, 1, 1]);
        assert_eq!(sizes(&[Serial::Count(1), Serial::Count(2), Serial::Percent(100.0)], 10), [1, 2, 7]);
        assert!(batches(&[], &[Serial::Count(1)]).is_empty());
    }

    fn t(tags: &[&str]) -> Vec<String> {
        tags.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tags_like_ansible() {
        let f = |only: &[&str], skip: &[&str]| TagFilter { only: t(only), skip: t(skip) };
        let all = TagFilter::default();
        assert!(all.runs(&[]));
        assert!(all.runs(&t(&["x"])));
        assert!(!all.runs(&t(&["never"])));
        assert!(all.runs(&t(&["always"])));
        assert!(f(&["x"], &[]).runs(&t(&["x", "y"])));
        assert!(!f(&["x"], &[]).runs(&t(&["y"])));
        assert!(!f(&["x"], &[]).runs(&[]));
        assert!(f(&["x"], &[]).runs(&t(&["always"])));
        assert!(f(&["never"], &[]).runs(&t(&["never"])));
        assert!(f(&["x"], &[]).runs(&t(&["never", "x"])));
        assert!(f(&["untagged"], &[]).runs(&[]));
        assert!(f(&["tagged"], &[]).runs(&t(&["y"])));
        assert!(!f(&["all"], &["x"]).runs(&t(&["x"])));
        assert!(f(&["all"], &["all"]).runs(&t(&["always"])));
        assert!(!f(&["all"], &["always"]).runs(&t(&["always"])));
        assert!(!f(&["all"], &["tagged"]).runs(&t(&["y"])));
    }
}
