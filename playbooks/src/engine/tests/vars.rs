//! Variables as tasks see them: precedence, facts, magic variables, lazy templating.

use serde_json::Map;

use super::{only, play, play_with};
use crate::engine::RunOptions;

#[test]
fn precedence_levels() {
    let dir = tempfile::tempdir().unwrap();
    let w = |p: &str, s: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    w("roles/r/defaults/main.yml", "a: role-default\nb: role-default\nc: role-default\nd: role-default\ne: role-default\nf: role-default\ng: role-default\n");
    w("roles/r/vars/main.yml", "c: role-vars\nd: role-vars\n");
    w(
        "roles/r/tasks/main.yml",
        "- debug: msg=\"{{ [a, b, c, d, e, f, g, level] | join(' ') }}\"\n  vars: {d: task-vars}\n",
    );
    w("vf.yml", "b: vars-file\nc: vars-file\n");
    let opts = RunOptions {
        extra_vars: [("g".to_string(), "extra".into())].into_iter().collect::<Map<_, _>>(),
        ..RunOptions::default()
    };
    let (_, lines, _) = super::play_in(
        dir.path(),
        "- hosts: h1,d1\n  gather_facts: false\n  vars: {a: play, b: play}\n  vars_files: [vf.yml]\n  roles:\n    - role: r\n      e: role-param\n      g: role-param\n",
        &opts,
        Default::default(),
    );
    // a: play > role default; b: vars_files > play; c: role vars > vars_files; d: task vars >
    // role vars; e: role params; f: role default; g: extra vars > role params; level: the
    // inventory's host var beats its group var.
    assert_eq!(
        only(&lines, "ok"),
        [
            "ok: [h1] \"play vars-file role-vars task-vars role-param role-default extra inventory\"",
            "ok: [d1] \"play vars-file role-vars task-vars role-param role-default extra host\""
        ]
    );
}

#[test]
fn include_params_beat_set_fact() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inc.yml"), "- debug: msg={{ x }}\n").unwrap();
    let (_, lines, _) = super::play_in(
        dir.path(),
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - set_fact: {x: fact}\n    - include_tasks: inc.yml\n      vars: {x: include-param}\n",
        &RunOptions::default(),
        Default::default(),
    );
    assert_eq!(only(&lines, "ok: [h1] \""), ["ok: [h1] \"include-param\""]);
}

#[test]
fn set_fact_beats_play_and_task_vars() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: false\n  vars: {x: play}\n  tasks:\n    - set_fact: {x: fact}\n    - debug: msg={{ x }}\n    - debug: msg={{ x }}\n      vars: {x: task}\n",
    );
    assert_eq!(only(&lines, "ok: [h1] \""), ["ok: [h1] \"fact\"", "ok: [h1] \"fact\""], "set_fact is above task vars");
}

#[test]
fn facts_and_magic_variables() {
    let (_, lines, _) = play(
        "- hosts: web\n  serial: 2\n  tasks:\n    - debug: msg=\"{{ ansible_hostname }} {{ ansible_facts.os_family }} {{ group_names }} {{ ansible_play_batch | length }} {{ groups.web | length }} {{ hostvars['d1'].level }} {{ role_of }}\"\n      when: inventory_hostname == 'h3'\n",
    );
    assert!(lines.contains(&"ok: [h3] \"h3 Debian ['web'] 2 4 host web\"".to_string()), "{lines:#?}");
}

#[test]
fn lazy_vars_see_the_task_context() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: false\n  vars:\n    greeting: \"hello {{ who }}\"\n    who: play\n  tasks:\n    - debug: msg={{ greeting }}\n      vars: {who: task}\n    - debug: msg=\"{{ undefined_thing }}\"\n",
    );
    assert_eq!(only(&lines, "ok"), ["ok: [h1] \"hello task\""]);
    assert_eq!(
        only(&lines, "failed"),
        ["failed: [h1] \"the argument 'msg' could not be templated: 'undefined_thing' is undefined (while templating '{{ undefined_thing }}')\""]
    );
}

#[test]
fn check_mode_variable_and_debug_verbosity() {
    let opts = RunOptions { check: true, ..RunOptions::default() };
    let (_, lines, _) = play_with(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: msg={{ ansible_check_mode }}\n    - debug: {msg: hidden, verbosity: 2}\n",
        &opts,
    );
    assert_eq!(only(&lines, "ok"), ["ok: [h1] true"], "debug's msg is raw: it keeps the boolean");
    assert_eq!(only(&lines, "skipping").len(), 1);
}

#[test]
fn environment_become_and_delegation_reach_the_call() {
    let (fake, _, _) = play(
        "- hosts: h1\n  gather_facts: false\n  environment: {PATH: /opt/bin}\n  tasks:\n    - command: ls\n      environment: {LANG: C}\n      become: true\n      become_user: app\n      delegate_to: localhost\n      timeout: 30\n",
    );
    let call = fake.last_call.lock().unwrap().clone().unwrap();
    assert_eq!(call.environment.get("PATH").map(String::as_str), Some("/opt/bin"));
    assert_eq!(call.environment.get("LANG").map(String::as_str), Some("C"));
    assert_eq!(call.become_.unwrap().user, "app");
    assert_eq!(call.delegate_to.as_deref(), Some("localhost"));
}

#[test]
fn module_facts_keep_their_names_and_join_ansible_facts() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: true\n  tasks:\n    - getent: {database: passwd, key: root}\n    - debug: msg=\"{{ getent_passwd.root[1] }} {{ ansible_facts.getent_passwd.root[0] }} {{ ansible_hostname }} {{ ansible_getent_passwd is defined }}\"\n",
    );
    assert_eq!(only(&lines, "ok: [h1] \""), ["ok: [h1] \"0 x h1 False\""]);
}
