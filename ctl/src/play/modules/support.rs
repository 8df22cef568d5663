//! Which of Ansible's module options rpyctl honours. A task that sets one it does not is
//! refused before any host is touched, at the task's `file:line:col`, with what the module
//! does support: an option silently ignored would change what the playbook means.

use rpyctl_playbooks::model::{Action, Node, Playbook, Task};
use rpyctl_playbooks::parse::walk_tasks;
use rpyctl_playbooks::{Catalog, Error, ModuleSpec};

/// SELinux, file attributes (chattr) and unsafe writes: not handled by rpyctl's file code.
const FILE_EXTRAS: &[&str] = &["attributes", "selevel", "serole", "setype", "seuser", "unsafe_writes"];

/// Options of each module rpyctl does not honour (besides [`FILE_EXTRAS`] where it applies).
fn unsupported(module: &str) -> &'static [&'static str] {
    match module {
        "copy" => &["local_follow"],
        "template" => &[
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "output_encoding",
        ],
        "apt" => &[
            "allow_change_held_packages",
            "allow_unauthenticated",
            "autoclean",
            "clean",
            "deb",
            "fail_on_autoremove",
            "lock_timeout",
            "policy_rc_d",
            "update_cache_retries",
            "update_cache_retry_max_delay",
            "upgrade",
        ],
        "dnf" | "yum" => &[
            "allow_downgrade",
            "allowerasing",
            "best",
            "bugfix",
            "cacheonly",
            "conf_file",
            "disable_excludes",
            "disable_plugin",
            "download_dir",
            "download_only",
            "enable_plugin",
            "exclude",
            "install_repoquery",
            "install_weak_deps",
            "installroot",
            "list",
            "lock_timeout",
            "nobest",
            "releasever",
            "security",
            "skip_broken",
            "sslverify",
            "update_only",
            "use_backend",
            "validate_certs",
        ],
        "apk" => &["available", "world"],
        "service" => &["runlevel"],
        "user" => &[
            "authorization",
            "hidden",
            "local",
            "login_class",
            "profile",
            "role",
            "seuser",
            "password_expire_account_disable",
            "password_expire_max",
            "password_expire_min",
            "password_expire_warn",
        ],
        "group" => &["local"],
        _ => &[],
    }
}

fn has_file_extras(module: &str) -> bool {
    matches!(module, "copy" | "template" | "file" | "lineinfile" | "blockinfile" | "replace")
}

/// Whether rpyctl honours `option` (a canonical name) of `spec`.
pub fn honours(spec: &ModuleSpec, option: &str) -> bool {
    let name = spec.alias_of.as_deref().unwrap_or(&spec.name);
    !(unsupported(name).contains(&option) || (has_file_extras(name) && FILE_EXTRAS.contains(&option)))
}

fn check_task(task: &Task) -> Result<(), Error> {
    let Action::Module { spec, args } = &task.action else { return Ok(()) };
    for key in args.keys() {
        let Some(option) = spec.canonical(key) else { continue };
        if !honours(spec, option) {
            let supported: Vec<&str> = spec
                .public_names()
                .into_iter()
                .filter(|n| spec.canonical(n).is_some_and(|c| honours(spec, c)))
                .collect();
            return Err(Error::At {
                location: task.location.clone(),
                message: format!(
                    "{}: option '{key}' is not supported by rpyctl (it supports: {})",
                    spec.name,
                    supported.join(", ")
                ),
            });
        }
    }
    Ok(())
}

/// Checks every task, handler and role task of the playbook (included files parsed ahead
/// included): the first option rpyctl does not honour is an error at its task.
pub fn check(pb: &Playbook) -> Result<(), Error> {
    for play in &pb.plays {
        let mut tasks = Vec::new();
        for section in [&play.pre_tasks, &play.tasks, &play.post_tasks] {
            walk_tasks(section, &mut tasks);
        }
        let handlers: Vec<Node> = play.handlers.iter().cloned().map(Node::Task).collect();
        walk_tasks(&handlers, &mut tasks);
        for t in tasks {
            check_task(t)?;
        }
    }
    Ok(())
}

/// Every module has its host side in the library, or is the engine's own.
pub fn modules_covered() -> Vec<&'static str> {
    Catalog::get().names()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rpyctl_playbooks::{parse_playbook, LoadOptions};

    use super::*;

    fn load(text: &str) -> Playbook {
        parse_playbook("t.yml", text, Path::new("."), &LoadOptions::default()).expect("parses")
    }

    #[test]
    fn an_unsupported_option_is_refused_at_its_task() {
        let pb = load("- hosts: all\n  tasks:\n    - name: x\n      copy: {dest: /tmp/x, content: a, seuser: u}\n");
        let e = check(&pb).expect_err("refused");
        let text = e.to_string();
        assert!(text.starts_with("t.yml:3:7: copy: option 'seuser' is not supported by rpyctl"), "{text}");
        assert!(text.contains("dest") && text.contains("mode") && !text.contains("setype"), "{text}");
        let pb = load("- hosts: all\n  tasks:\n    - copy: {dest: /tmp/x, content: a, mode: '0644'}\n");
        assert!(check(&pb).is_ok());
    }

    #[test]
    fn handlers_are_checked_too() {
        let pb = load("- hosts: all\n  handlers:\n    - name: h\n      apt: {name: x, lock_timeout: 5}\n");
        assert!(check(&pb).expect_err("refused").to_string().contains("'lock_timeout'"));
    }

    #[test]
    fn every_module_of_the_catalog_is_known() {
        let host_side = include_str!("../library/run.py");
        for name in modules_covered() {
            let spec = Catalog::get().lookup(name).expect("in the catalog");
            if spec.runs_on == rpyctl_playbooks::modules::RunsOn::Host {
                assert!(host_side.contains(&format!("\"{name}\":")), "{name} has no host side in run.py");
            }
        }
    }
}
