#![allow(clippy::unwrap_used)]
//! `--list-tasks` / `--list-hosts` text against the real ansible-playbook's, recorded in
//! `fixtures/listing.*.txt` by `scripts/gen-golden-listings.sh`.

use std::path::Path;

use rpyctl_inventory::Inventory;
use rpyctl_playbooks::plan::{list_hosts_text, list_tasks_text, listing};
use rpyctl_playbooks::{load_playbook, LoadOptions, TagFilter};

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
    let plays = listing(&pb, &inv, None, &TagFilter::default()).unwrap();
    assert_eq!(list_tasks_text("listing.yml", &plays), golden("listing.list-tasks.txt"));
    let tags = TagFilter { only: vec!["x".into(), "app".into()], skip: vec![] };
    let plays = listing(&pb, &inv, None, &tags).unwrap();
    assert_eq!(list_tasks_text("listing.yml", &plays), golden("listing.list-tasks-x-app.txt"));
}

#[test]
fn list_hosts_like_ansible_playbook() {
    let (pb, inv) = load();
    let plays = listing(&pb, &inv, Some("web01,db02"), &TagFilter::default()).unwrap();
    assert_eq!(list_hosts_text("listing.yml", &plays), golden("listing.list-hosts.txt"));
}
