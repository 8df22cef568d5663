#![allow(clippy::unwrap_used)]
//! `--list-tasks` / `--list-hosts` text against the real ansible-playbook's, recorded in
//! `fixtures/listing.*.txt` by `scripts/gen-golden-listings.sh`.

use std::path::Path;

use rpyctl_inventory::Inventory;
use rpyctl_playbooks::plan::{list_hosts_text, list_tasks_text, listing};
use rpyctl_playbooks::{load_playbook, LoadOptions, TagFilter};
use serde_json::{json, Map};

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

fn golden(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap()
}

fn load() -> (rpyctl_playbooks::Playbook, Inventory) {
    let opts = LoadOptions { roles_path: vec![fixtures().join("../../examples/roles")] };
    let pb = load_playbook(&fixtures().join("listing.yml"), &opts).unwrap();
    let inv = Inventory::load([fixtures().join("inventory.yml").display().to_string()]).unwrap();
    (pb, inv)
}

#[test]
fn list_tasks_like_ansible_playbook() {
    let (pb, inv) = load();
    let plays = listing(&pb, &inv, &Map::new(), None, &TagFilter::default()).unwrap();
    assert_eq!(list_tasks_text("listing.yml", &plays), golden("listing.list-tasks.txt"));
    let tags = TagFilter { only: vec!["x".into(), "app".into()], skip: vec![] };
    let plays = listing(&pb, &inv, &Map::new(), None, &tags).unwrap();
    assert_eq!(list_tasks_text("listing.yml", &plays), golden("listing.list-tasks-x-app.txt"));
}

#[test]
fn list_hosts_like_ansible_playbook() {
    let (pb, inv) = load();
    let plays = listing(&pb, &inv, &Map::new(), Some("web01,db02"), &TagFilter::default()).unwrap();
    assert_eq!(list_hosts_text("listing.yml", &plays), golden("listing.list-hosts.txt"));
}

#[test]
fn hosts_are_templated_with_play_vars_and_extra_vars_before_hosts_are_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.yml");
    let play = "- hosts: \"{{ target | default(fallback) }}\"\n  vars: {fallback: db}\n  tasks: [{debug: {msg: x}}]\n\
                - hosts: [\"{{ first }}\", web02]\n  tasks: [{debug: {msg: x}}]\n";
    std::fs::write(&path, play).unwrap();
    let pb = load_playbook(&path, &LoadOptions::default()).unwrap();
    let inv = Inventory::load([fixtures().join("inventory.yml").display().to_string()]).unwrap();
    let hosts = |extra: Map<String, serde_json::Value>| -> Vec<(Vec<String>, Vec<String>)> {
        let plays = listing(&pb, &inv, &extra, None, &TagFilter::default()).unwrap();
        plays.into_iter().map(|p| (p.pattern, p.hosts)).collect()
    };
    let extra = |v: serde_json::Value| v.as_object().unwrap().clone();
    let by_default = hosts(extra(json!({"first": "db01"})));
    assert_eq!(by_default[0], (vec!["db".to_string()], vec!["db01".to_string(), "db02".to_string()]));
    assert_eq!(
        by_default[1],
        (vec!["db01".to_string(), "web02".to_string()], vec!["db01".to_string(), "web02".to_string()])
    );
    let given = hosts(extra(json!({"target": "prod", "first": "web01"})));
    assert_eq!(given[0].1, vec!["web01".to_string(), "db02".to_string()]);
    // An undefined variable is an error at the play, before any host is touched.
    let err = listing(&pb, &inv, &Map::new(), None, &TagFilter::default()).unwrap_err().to_string();
    assert!(err.contains("first") && err.contains("t.yml"), "{err}");
}
