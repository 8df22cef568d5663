//! The agent's layers import downward only, and only the platform layer
//! touches libc or `unsafe`. This test reads the sources: it fails the
//! build of the test suite the moment a lower layer names a higher one.
//!
//! Layers, bottom up: `platform` → `runtime` → `objects` → `modules` →
//! `interp` → `service` → `server`/`cli`. `log` is a leaf every layer may
//! use.

use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules of the crate and their layer (higher may import lower).
const LAYERS: &[(&str, u8)] = &[
    ("log", 0),
    ("platform", 0),
    ("runtime", 1),
    ("objects", 2),
    ("modules", 3),
    ("interp", 4),
    ("service", 5),
    ("server", 6),
    ("cli", 7),
];

fn layer_of(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a source file belongs to (`runtime` for
/// `src/runtime/semantics/hash.rs`, `server` for `src/server.rs`).
fn home(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    Some(first.trim_end_matches(".rs").to_owned())
}

/// Every `crate::<module>` a line names (also `use crate::{a, b}`).
fn crate_refs(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push(name);
        }
    }
    out
}

/// Files that are compiled for tests only: declared as `#[cfg(test)] mod
/// name;` in their parent (a test helper such as `testing.rs`). Like unit
/// tests, they may use a higher layer's helpers.
fn test_only_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for file in files {
        let text = fs::read_to_string(file).unwrap_or_default();
        let dir = match file.file_stem().and_then(|s| s.to_str()) {
            Some("mod" | "lib" | "main") => file.parent().map(Path::to_path_buf),
            Some(stem) => file.parent().map(|p| p.join(stem)),
            None => None,
        };
        let Some(dir) = dir else { continue };
        let mut lines = text.lines().map(str::trim);
        while let Some(line) = lines.next() {
            if line != "#[cfg(test)]" {
                continue;
            }
            let Some(next) = lines.next() else { break };
            let decl = next.trim_start_matches("pub ").trim_start_matches("pub(crate) ");
            if let Some(name) = decl.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                out.push(dir.join(format!("{name}.rs")));
                out.push(dir.join(name).join("mod.rs"));
            }
        }
    }
    out
}

fn code_part(line: &str) -> &str {
    // Comments and doc comments may mention any layer.
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let test_only = test_only_files(&files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(home) = home(&src, file) else { continue };
        if home == "legacy" || home == "lib" || home == "main" {
            continue;
        }
        // A file of unit tests may use a higher layer's helpers too.
        if file.file_name().is_some_and(|n| n == "tests.rs") || test_only.contains(file) {
            continue;
        }
        let Some(my_layer) = layer_of(&home) else {
            violations.push(format!("{}: top-level module '{home}' has no layer in tests/layers.rs", file.display()));
            continue;
        };
        let text = fs::read_to_string(file).unwrap_or_default();
        // Unit tests (at the end of a file, after `#[cfg(test)]`) may use
        // a higher layer's helpers, such as a test context.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            for target in crate_refs(code_part(line)) {
                if target == "legacy" {
                    violations.push(format!("{}:{}: names the legacy code", file.display(), n + 1));
                    continue;
                }
                if let Some(their_layer) = layer_of(&target) {
                    if their_layer > my_layer {
                        violations.push(format!(
                            "{}:{}: layer '{home}' names higher layer '{target}'",
                            file.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "imports must point down only:\n{}", violations.join("\n"));
}

#[test]
fn only_the_platform_layer_uses_libc_or_unsafe() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut violations = Vec::new();
    for file in &files {
        let Some(home) = home(&src, file) else { continue };
        if matches!(home.as_str(), "platform" | "legacy") {
            continue;
        }
        let text = fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = code_part(line);
            if code.contains("libc::") || code.contains("unsafe ") || code.contains("unsafe{") {
                violations.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(violations.is_empty(), "libc and unsafe belong in src/platform:\n{}", violations.join("\n"));
}

#[test]
fn the_reference_scanner_sees_every_form() {
    assert_eq!(crate_refs("use crate::objects::list::List;"), vec!["objects"]);
    assert_eq!(crate_refs("use crate::{log, server};"), vec!["log", "server"]);
    assert_eq!(crate_refs("let m = crate::modules::getmodule(\"os\")?;"), vec!["modules"]);
    assert_eq!(crate_refs(code_part("// see crate::service")), Vec::<String>::new());
    assert_eq!(layer_of("interp").zip(layer_of("runtime")).map(|(a, b)| a > b), Some(true));
}
