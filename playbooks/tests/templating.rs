#![allow(clippy::unwrap_used)]
//! Differential test: templates rendered by the real ansible-playbook (recorded in
//! `fixtures/templates.golden.json` by `scripts/gen-golden-templates.py`) and by rpyctl.

use std::collections::BTreeMap;

use rpyctl_playbooks::template::{render, Vars};
use serde_json::Value;

#[test]
fn templates_render_as_ansible_renders_them() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let spec: Value =
        serde_saphyr::from_str(&std::fs::read_to_string(format!("{dir}/templates.yml")).unwrap()).unwrap();
    let golden: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/templates.golden.json")).unwrap()).unwrap();
    let vars = Vars::new(spec["vars"].as_object().unwrap().clone(), BTreeMap::new());
    let mut mismatches = Vec::new();
    for case in &golden {
        let tpl = case["template"].as_str().unwrap();
        match render(tpl, &vars) {
            Ok(v) if v == case["result"] => {}
            other => mismatches.push(format!("{tpl}\n   ansible: {}\n    rpyctl: {other:?}", case["result"])),
        }
    }
    assert!(mismatches.is_empty(), "{} of {} differ:\n{}", mismatches.len(), golden.len(), mismatches.join("\n"));
}
