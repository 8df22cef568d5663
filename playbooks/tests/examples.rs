#![allow(clippy::unwrap_used)]
//! The sample playbooks under `examples/` parse and pass every check.

use std::path::Path;

use rpyctl_playbooks::{load_playbook, LoadOptions};

#[test]
fn examples_parse_and_validate() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"));
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yml") {
            let pb = load_playbook(&path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
            assert!(!pb.plays.is_empty());
            checked += 1;
        }
    }
    assert!(checked >= 1);
    let site = load_playbook(&dir.join("site.yml"), &LoadOptions::default()).unwrap();
    assert_eq!(site.plays[0].roles[0].name, "webapp");
    assert_eq!(site.plays[0].handlers[0].display_name(), "webapp : reload webapp");
}
