//! docs/agent-modules.md is exactly what `rpyc-agent --list-modules` prints:
//! the table of what the agent implements cannot drift from the registry.

use std::path::Path;
use std::process::Command;

#[test]
fn docs_table_is_the_agents_own_listing() {
    let out = Command::new(env!("CARGO_BIN_EXE_rpyc-agent")).arg("--list-modules").output().expect("run rpyc-agent");
    assert!(out.status.success(), "rpyc-agent --list-modules failed: {}", String::from_utf8_lossy(&out.stderr));
    let listing = String::from_utf8(out.stdout).expect("utf-8 listing");
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/agent-modules.md");
    let written = std::fs::read_to_string(&doc).unwrap_or_default();
    assert!(
        listing == written,
        "docs/agent-modules.md is not the agent's listing; regenerate it with\n  \
         cargo run -p rpyc-agent -- --list-modules > docs/agent-modules.md"
    );
}
