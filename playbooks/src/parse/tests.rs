//! Parsing: the model built from playbooks, and errors at `file:line:col`.

use std::path::Path;

use super::*;
use crate::model::{Action, LoopKind, Serial, Strategy};

fn parse(text: &str) -> Result<Playbook, Error> {
    parse_playbook("site.yml", text, Path::new("."), &LoadOptions::default())
}

fn err(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

fn tasks(p: &Playbook) -> Vec<&Arc<Task>> {
    let mut out = Vec::new();
    walk_tasks(&p.plays[0].tasks, &mut out);
    out
}

#[test]
fn plays_and_keywords() {
    let p = parse(
        r#"
- name: web
  hosts: [web, db]
  serial: [1, "50%"]
  max_fail_percentage: 25
  strategy: free
  gather_facts: no
  tags: deploy
  vars: {port: 80}
  tasks:
    - name: copy it
      ansible.builtin.copy: {src: a, dest: "/srv/{{ port }}"}
      notify: restart
      when: port > 1
      tags: [files]
      become: true
    - command: ls -l chdir=/tmp
      register: out
      changed_when: false
    - debug: msg="{{ item }}"
      loop: "{{ [1, 2] }}"
      loop_control: {loop_var: x, index_var: i, label: "{{ x }}"}
    - shell: "true"
      until: out is succeeded
      retries: 2
      delay: 0
  handlers:
    - name: restart
      service: name=nginx state=restarted
      listen: web restarted
"#,
    )
    .unwrap();
    let play = &p.plays[0];
    assert_eq!(play.name, "web");
    assert_eq!(play.hosts, ["web", "db"]);
    assert_eq!(play.serial, [Serial::Count(1), Serial::Percent(50.0)]);
    assert_eq!(play.max_fail_percentage, Some(25.0));
    assert_eq!(play.strategy, Strategy::Free);
    assert!(!play.gather_facts);
    let t = tasks(&p);
    assert_eq!(t.len(), 4);
    assert_eq!(t[0].action_name(), "copy");
    assert_eq!(t[0].kw.tags, ["deploy", "files"]);
    assert_eq!(t[0].kw.when, [serde_json::json!("port > 1")]);
    assert_eq!(t[0].notify, ["restart"]);
    let Action::Module { args, .. } = &t[1].action else { panic!() };
    assert_eq!(args["_raw_params"], "ls -l");
    assert_eq!(args["chdir"], "/tmp");
    let lp = t[2].loop_.as_ref().unwrap();
    assert_eq!(
        (lp.kind.clone(), lp.loop_var.as_str(), lp.index_var.as_deref()),
        (LoopKind::Items { flatten: false }, "x", Some("i"))
    );
    assert_eq!(t[3].until.len(), 1);
    let Action::Module { args, .. } = &t[3].action else { panic!() };
    assert_eq!(args["_uses_shell"], true);
    assert_eq!(play.handlers[0].listen, ["web restarted"]);
}

#[test]
fn blocks_inherit() {
    let p = parse(
        "- hosts: all\n  tasks:\n    - block:\n        - debug: msg=a\n      rescue:\n        - debug: msg=b\n      always:\n        - debug: msg=c\n      when: x is defined\n      tags: t\n      vars: {v: 1}\n",
    )
    .unwrap();
    let Node::Block(b) = &p.plays[0].tasks[0] else { panic!() };
    assert_eq!((b.block.len(), b.rescue.len(), b.always.len()), (1, 1, 1));
    let Node::Task(t) = &b.rescue[0] else { panic!() };
    assert_eq!(t.kw.tags, ["t"]);
    assert_eq!(t.kw.when.len(), 1);
    assert_eq!(t.kw.vars["v"], 1);
}

#[test]
fn action_forms() {
    let p = parse(
        "- hosts: all\n  tasks:\n    - action: file path=/x state=touch\n    - local_action: {module: command, cmd: ls}\n    - file:\n      args: {path: /y, state: directory}\n",
    )
    .unwrap();
    let t = tasks(&p);
    let Action::Module { spec, args } = &t[0].action else { panic!() };
    assert_eq!((spec.name.as_str(), &args["path"]), ("file", &serde_json::json!("/x")));
    assert_eq!(t[1].kw.delegate_to, Some(serde_json::json!("localhost")));
    let Action::Module { args, .. } = &t[2].action else { panic!() };
    assert_eq!(args["state"], "directory");
}

#[test]
fn errors_name_file_line_and_column() {
    let cases: &[(&str, &str)] = &[
        (
            "- hosts: all\n  taks: []\n",
            "site.yml:2:3: 'taks' is not a valid attribute for a play (valid: any_errors_fatal, become, become_user, check_mode, diff, environment, gather_facts, handlers, hosts, ignore_errors, ignore_unreachable, max_fail_percentage, name, no_log, post_tasks, pre_tasks, roles, run_once, serial, strategy, tags, tasks, timeout, vars, vars_files)",
        ),
        ("- name: x\n  tasks: []\n", "site.yml:1:3: the field 'hosts' is required but was not set"),
        ("- hosts: all\n  tasks:\n    - copy: {dest: /x, mode: 644, bogus: 1}\n", "site.yml:3:35: Unsupported parameters for (copy) module: bogus."),
        ("- hosts: all\n  tasks:\n    - copy:\n        content: x\n", "site.yml:3:7: missing required arguments: dest"),
        ("- hosts: all\n  tasks:\n    - file: path=/x state=gone\n", "site.yml:3:13: value of state must be one of: absent, directory, file, hard, link, touch, got: gone"),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      when: a ==\n", "site.yml:4:13: template syntax error: unexpected end of input"),
        ("- hosts: all\n  tasks:\n    - debug:\n        msg: \"{{ a }\"\n", "site.yml:4:14: template syntax error"),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      register: 1bad\n", "site.yml:4:17: invalid variable name in register: '1bad'"),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      async: 10\n", "site.yml:4:7: the task keyword 'async' is not supported (supported: "),
        ("- hosts: all\n  tasks:\n    - frobnicate: x\n", "site.yml:3:7: unknown module or task keyword 'frobnicate' (supported modules: apk, apt, assert, "),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      copy: {dest: /x}\n", "site.yml:4:7: conflicting action statements: debug, copy"),
        ("- hosts: all\n  tasks:\n    - name: only a name\n", "site.yml:3:7: no module/action detected in task"),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      notify: nobody\n", "site.yml:3:7: The requested handler 'nobody' was not found"),
        ("- hosts: all\n  tasks:\n    - meta: reboot_everything\n", "site.yml:3:13: meta 'reboot_everything' is not supported (supported: clear_host_errors, end_batch, end_host, end_play, flush_handlers, noop)"),
        ("- hosts: all\n  strategy: host_pinned\n", "site.yml:2:13: the strategy 'host_pinned' is not supported (supported: free, linear)"),
        ("- hosts: all\n  tasks:\n    - debug: msg=x\n      with_nested: [[1], [2]]\n", "site.yml:4:7: the loop 'with_nested' is not supported"),
        ("- hosts: all\n  tasks:\n    - debug: {msg: a, var: b}\n", "site.yml:3:23: parameters are mutually exclusive: msg|var"),
        ("- hosts: all\n  tasks:\n    - import_tasks: missing.yml\n", "site.yml:3:21: could not find the file 'missing.yml' to import"),
        ("- hosts: all\n  roles: [nosuchrole]\n", "site.yml:2:11: the role 'nosuchrole' was not found"),
        ("- hosts: all\n  tasks:\n  - debug: msg=x\n  - debug: msg=y\n    debug: msg=z\n", "site.yml:5:5: duplicate mapping key"),
        ("- hosts: all\n  tasks:\n    - command: ls\n      ignore_errors: maybe\n", "site.yml:4:22: ignore_errors must be a boolean, not a string"),
        ("- hosts: all\n  tasks:\n    - set_fact: {bad-name: 1}\n", "site.yml:3:18: The variable name 'bad-name' is not valid."),
    ];
    for (text, want) in cases {
        let got = err(text);
        assert!(got.starts_with(want), "\n got: {got}\nwant: {want}");
    }
}

#[test]
fn error_snapshot() {
    insta::assert_snapshot!(
        err("- hosts: all\n  tasks:\n    - name: make dir\n      file:\n        path: /srv\n        state: directory\n        recurse: perhaps\n"),
        @"site.yml:7:9: argument 'recurse' is of type <class 'str'> and we were unable to convert to bool: The value 'perhaps' is not a valid boolean. Valid booleans include: 'true', 'on', 'yes', '1', 'false', 'off', 'no', '0', 't', 'f', 'n', 'y'"
    );
}

#[test]
fn roles_imports_and_includes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let w = |p: &str, s: &str| {
        let path = d.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    w("roles/base/defaults/main.yml", "greeting: hello\n");
    w("roles/base/vars/main.yml", "fixed: 1\n");
    w("roles/base/tasks/main.yml", "- name: hi\n  debug: msg={{ greeting }}\n- import_tasks: more.yml\n");
    w("roles/base/tasks/more.yml", "- name: more\n  debug: msg=more\n  notify: base done\n");
    w("roles/base/handlers/main.yml", "- name: base done\n  debug: msg=done\n");
    w("roles/app/meta/main.yml", "dependencies: [base]\n");
    w("roles/app/tasks/main.yml", "- name: app\n  debug: msg=app\n");
    w("extra.yml", "- name: extra\n  debug: msg=extra\n");
    w(
        "site.yml",
        "- hosts: all\n  roles:\n    - role: app\n      tags: a\n      port: 8080\n    - base\n  tasks:\n    - include_tasks: extra.yml\n    - import_tasks: extra.yml\n      when: false\n",
    );
    let p = load_playbook(&d.join("site.yml"), &LoadOptions::default()).unwrap();
    let play = &p.plays[0];
    let names: Vec<String> = tasks(&p).iter().map(|t| t.display_name()).collect();
    assert_eq!(names, ["base : hi", "base : more", "app : app", "include_tasks", "extra", "extra"]);
    assert_eq!(play.roles.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["base", "app"]);
    assert_eq!(play.roles[1].params["port"], 8080);
    assert_eq!(play.roles[0].defaults["greeting"], "hello");
    assert_eq!(play.handlers[0].display_name(), "base : base done");
    let t = tasks(&p);
    assert_eq!(t[0].kw.tags, ["a"], "the dependency inherits the tags of the role that needs it");
    assert_eq!(t[5].kw.when, [serde_json::json!(false)]);
}
