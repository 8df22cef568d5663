//! Control flow: batches, failures, blocks, handlers, loops, retries, tags, strategies.

use serde_json::json;

use super::{only, play, play_in, play_with};
use crate::engine::{ExitStatus, RunOptions};
use crate::plan::TagFilter;

#[test]
fn serial_batches_stop_on_max_fail_percentage() {
    let (fake, lines, stats) = play(
        "- hosts: web\n  gather_facts: false\n  serial: 2\n  max_fail_percentage: 40\n  tasks:\n    - command: fail-on h1\n    - command: second\n",
    );
    // Batch 1 (h1, h2): h1 fails, 1/2 = 50% > 40%: the play stops; h3 and h4 never run.
    assert_eq!(fake.calls(), ["h1 command: fail-on h1", "h2 command: fail-on h1"]);
    assert!(lines.contains(&"no hosts remaining".to_string()));
    assert_eq!(stats.failed_hosts, ["h1", "h2"]);
    assert_eq!(stats.hosts["h1"].failed, 1);
    assert_eq!(stats.hosts["h2"].failed, 0, "marked failed, not a failure of its own");
    assert_eq!(stats.exit_status(), ExitStatus::Failed);
}

#[test]
fn serial_batches_go_on_under_the_limit() {
    let (fake, _, stats) = play(
        "- hosts: web\n  gather_facts: false\n  serial: [1, 3]\n  max_fail_percentage: 50\n  tasks:\n    - command: fail-on h2\n    - command: second\n",
    );
    // Batches [h1], [h2 h3 h4]: 1/3 failed is under 50%.
    assert_eq!(
        fake.calls(),
        [
            "h1 command: fail-on h2",
            "h1 command: second",
            "h2 command: fail-on h2",
            "h3 command: fail-on h2",
            "h4 command: fail-on h2",
            "h3 command: second",
            "h4 command: second"
        ]
    );
    assert_eq!(stats.failed_hosts, ["h2"]);
}

#[test]
fn a_fully_failed_batch_ends_the_playbook() {
    let (fake, lines, _) = play(
        "- hosts: web\n  gather_facts: false\n  serial: 2\n  tasks:\n    - command: fail-on h1,h2\n- hosts: db\n  gather_facts: false\n  tasks:\n    - command: later\n",
    );
    assert_eq!(fake.calls().len(), 2);
    assert!(!lines.iter().any(|l| l.starts_with("play") && l.contains("db")));
}

#[test]
fn failed_hosts_leave_later_plays() {
    let (fake, _, _) = play(
        "- hosts: web\n  gather_facts: false\n  tasks:\n    - command: fail-on h1\n- hosts: web\n  gather_facts: false\n  tasks:\n    - command: again\n",
    );
    let again: Vec<String> = fake.calls().into_iter().filter(|c| c.ends_with("again")).collect();
    assert_eq!(again, ["h2 command: again", "h3 command: again", "h4 command: again"]);
}

#[test]
fn rescue_and_always() {
    let (fake, lines, stats) = play(
        r#"
- hosts: h1,h2
  gather_facts: false
  tasks:
    - block:
        - command: fail-on h1
        - command: after-failure
      rescue:
        - debug: msg="rescuing {{ ansible_failed_task.name }} {{ ansible_failed_result.rc }}"
      always:
        - command: always
    - command: next
"#,
    );
    assert_eq!(
        fake.calls(),
        [
            "h1 command: fail-on h1",
            "h2 command: fail-on h1",
            "h2 command: after-failure",
            "h1 command: always",
            "h2 command: always",
            "h1 command: next",
            "h2 command: next"
        ]
    );
    assert!(lines.contains(&"ok: [h1] \"rescuing command 1\"".to_string()), "{lines:#?}");
    assert_eq!((stats.hosts["h1"].rescued, stats.hosts["h1"].failed), (1, 0));
    assert_eq!(stats.exit_status(), ExitStatus::Ok);
}

#[test]
fn failure_in_rescue_fails_after_always() {
    let (fake, _, stats) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - block:\n        - command: fail\n      rescue:\n        - command: fail\n      always:\n        - command: always\n    - command: never\n",
    );
    assert_eq!(fake.calls(), ["h1 command: fail", "h1 command: fail", "h1 command: always"]);
    assert_eq!((stats.hosts["h1"].rescued, stats.hosts["h1"].failed), (1, 1));
    assert_eq!(stats.exit_status(), ExitStatus::Failed);
}

#[test]
fn handlers_fire_once_in_definition_order() {
    let (fake, lines, _) = play(
        r#"
- hosts: h1,h2
  gather_facts: false
  tasks:
    - copy: {dest: /a, content: x}
      notify: [second, first]
    - copy: {dest: /b, content: x}
      notify: first
    - copy: {dest: /a, content: x}
      notify: never notified because unchanged
      when: false
    - command: changes
      notify: topic
  handlers:
    - name: first
      command: first handler
    - name: second
      command: second handler
    - name: never notified because unchanged
      command: nope
    - name: listener
      command: listener
      listen: topic
"#,
    );
    let handlers = only(&lines, "handler");
    assert_eq!(handlers, ["handler first", "handler second", "handler listener"]);
    let calls = fake.calls();
    assert_eq!(calls.iter().filter(|c| c.ends_with("first handler")).count(), 2, "once per host");
    assert!(!calls.iter().any(|c| c.ends_with("nope")));
}

#[test]
fn flush_handlers_mid_play_and_unchanged_tasks_do_not_notify() {
    let (fake, _, _) = play(
        r#"
- hosts: h1
  gather_facts: false
  tasks:
    - copy: {dest: /a, content: x}
      notify: h
    - meta: flush_handlers
    - command: middle
    - copy: {dest: /a, content: x}
      notify: h
  handlers:
    - name: h
      command: handler
"#,
    );
    assert_eq!(fake.calls(), ["h1 copy:", "h1 command: handler", "h1 command: middle", "h1 copy:"]);
}

#[test]
fn until_retries_with_delay() {
    let (fake, lines, stats) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: flaky 2\n      register: r\n      until: r.rc == 0\n      retries: 5\n      delay: 3\n    - debug: var=r.attempts\n",
    );
    assert_eq!(fake.calls().len(), 3);
    assert_eq!(only(&lines, "retry"), ["retry [h1] 1/5", "retry [h1] 2/5"]);
    assert_eq!(*fake.sleeps.lock().unwrap(), [std::time::Duration::from_secs(3); 2]);
    assert!(lines.contains(&"ok: [h1]".to_string()));
    assert_eq!(stats.hosts["h1"].failed, 0);
}

#[test]
fn until_gives_up_after_retries() {
    let (fake, _, stats) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: fail\n      register: r\n      until: r is succeeded\n      retries: 2\n      delay: 0\n",
    );
    assert_eq!(fake.calls().len(), 3, "the first run and 2 retries");
    assert_eq!(stats.hosts["h1"].failed, 1);
}

#[test]
fn loop_register_results() {
    let (_, lines, _) = play(
        r#"
- hosts: h1
  gather_facts: false
  tasks:
    - command: "echo {{ item }}"
      loop: [a, b, c]
      register: out
      when: item != 'b'
    - debug:
        msg: "{{ out.results | map(attribute='stdout', default='-') | list }} {{ out.results | length }} {{ out is changed }} {{ out.results[1] is skipped }}"
    - debug: msg="{{ i }}={{ x.k }}"
      loop: "{{ {'one': 1, 'two': 2} | dict2items(key_name='k') }}"
      loop_control: {loop_var: x, index_var: i, label: "{{ x.k }}"}
"#,
    );
    assert_eq!(
        only(&lines, "item"),
        [
            "item changed: [h1] => \"a\"",
            "item skipping: [h1] => \"b\"",
            "item changed: [h1] => \"c\"",
            "item ok: [h1] => \"one\" \"0=one\"",
            "item ok: [h1] => \"two\" \"1=two\""
        ]
    );
    assert!(lines.contains(&"ok: [h1] \"['a', '-', 'c'] 3 True True\"".to_string()), "{lines:#?}");
}

#[test]
fn with_items_flattens_and_with_dict() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - debug: msg={{ item }}\n      with_items: [[1, 2], 3]\n    - debug: msg={{ item.key }}{{ item.value }}\n      with_dict: {a: 1}\n",
    );
    let msgs: Vec<&str> = only(&lines, "item").into_iter().map(|l| l.rsplit(' ').next().unwrap()).collect();
    assert_eq!(msgs, ["1", "2", "3", "\"a1\""], "msg is raw: the item keeps its type");
}

#[test]
fn ignore_errors_and_failed_when_changed_when() {
    let (_, lines, stats) = play(
        r#"
- hosts: h1
  gather_facts: false
  tasks:
    - command: fail
      ignore_errors: true
    - command: echo fine
      register: r
      failed_when: "'fine' in r.stdout"
      ignore_errors: yes
    - command: fail
      failed_when: false
      changed_when: false
"#,
    );
    assert_eq!(
        only(&lines, "failed"),
        ["failed: [h1] \"non-zero return code\" ...ignoring", "failed: [h1] ...ignoring"]
    );
    assert_eq!(only(&lines, "ok"), ["ok: [h1] \"non-zero return code\""]);
    let h = stats.hosts["h1"];
    assert_eq!((h.ok, h.ignored, h.failed, h.changed), (3, 2, 0, 2));
}

#[test]
fn tags_always_never_and_skip() {
    let text = "- hosts: h1\n  gather_facts: false\n  tasks:\n    - {command: a, tags: [x]}\n    - {command: b, tags: [y]}\n    - {command: c, tags: [always]}\n    - {command: d, tags: [never]}\n    - {command: e, tags: [never, debug]}\n    - {command: f}\n";
    let run = |only: &[&str], skip: &[&str]| {
        let opts = RunOptions {
            tags: TagFilter {
                only: only.iter().map(|s| s.to_string()).collect(),
                skip: skip.iter().map(|s| s.to_string()).collect(),
            },
            ..RunOptions::default()
        };
        play_with(text, &opts)
            .0
            .calls()
            .into_iter()
            .map(|c| c.rsplit(' ').next().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&["all"], &[]), ["a", "b", "c", "f"]);
    assert_eq!(run(&["x"], &[]), ["a", "c"]);
    assert_eq!(run(&["debug"], &[]), ["c", "e"]);
    assert_eq!(run(&["all"], &["x", "always"]), ["b", "f"]);
    assert_eq!(run(&["untagged"], &[]), ["c", "f"]);
}

#[test]
fn start_at_task() {
    let opts = RunOptions { start_at_task: Some("th*".into()), ..RunOptions::default() };
    let (fake, _, _) = play_with(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - {name: one, command: one}\n    - {name: two, command: two}\n    - {name: three, command: three}\n",
        &opts,
    );
    assert_eq!(fake.calls(), ["h1 command: three"]);
}

#[test]
fn unreachable_hosts_leave_the_play_and_set_the_exit_status() {
    let (fake, lines, stats) = play("- hosts: h1,down1\n  tasks:\n    - command: one\n    - command: two\n");
    assert!(lines.contains(&"unreachable: [down1] \"no route\"".to_string()), "{lines:#?}");
    assert_eq!(fake.calls(), ["h1 command: one", "h1 command: two"]);
    assert_eq!(stats.exit_status(), ExitStatus::Unreachable);
    assert_eq!(stats.exit_status().ansible_code(), 4);
    let (_, _, stats) = play("- hosts: h1,down1\n  gather_facts: false\n  tasks:\n    - command: fail\n");
    assert_eq!(stats.exit_status().rpyctl_code(), 6);
}

#[test]
fn any_errors_fatal_fails_every_host() {
    let (fake, lines, stats) = play(
        "- hosts: web\n  gather_facts: false\n  any_errors_fatal: true\n  tasks:\n    - command: fail-on h3\n    - command: never\n",
    );
    assert!(!fake.calls().iter().any(|c| c.ends_with("never")));
    assert_eq!(stats.failed_hosts.len(), 4);
    // As ansible-core 2.19: only a max_fail_percentage break reports "no hosts remaining".
    assert!(!lines.contains(&"no hosts remaining".to_string()));
}

#[test]
fn run_once_shares_its_result() {
    let (fake, lines, _) = play(
        "- hosts: web\n  gather_facts: false\n  tasks:\n    - command: echo once\n      run_once: true\n      register: o\n    - debug: msg={{ o.stdout }}\n",
    );
    assert_eq!(fake.calls(), ["h1 command: echo once"]);
    assert_eq!(only(&lines, "ok:").len(), 4);
    assert!(only(&lines, "ok:").iter().all(|l| l.ends_with("\"once\"")));
}

#[test]
fn free_strategy_runs_each_host_through() {
    let (fake, lines, _) = play(
        "- hosts: h1,h2\n  gather_facts: false\n  strategy: free\n  tasks:\n    - command: one\n    - command: two\n",
    );
    assert_eq!(fake.calls(), ["h1 command: one", "h1 command: two", "h2 command: one", "h2 command: two"]);
    assert_eq!(only(&lines, "task"), ["task command", "task command"]);
}

#[test]
fn check_mode_and_diff_reach_the_executor() {
    let opts = RunOptions { check: true, diff: true, ..RunOptions::default() };
    let (fake, lines, _) = play_with(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - file: {path: /x, state: touch}\n    - file: {path: /x, state: touch}\n    - rpyc.call: {target: os.getcwd}\n    - file: {path: /y, state: touch}\n      check_mode: false\n",
        &opts,
    );
    assert_eq!(
        only(&lines, "changed"),
        ["changed: [h1]", "changed: [h1]", "changed: [h1]"],
        "check mode writes nothing"
    );
    assert!(lines.contains(&"skipping: [h1] \"remote module (rpyc.call) does not support check mode\"".to_string()));
    let last = fake.last_call.lock().unwrap().clone().unwrap();
    assert!(!last.check_mode && last.diff);
}

#[test]
fn no_log_censors_reports_but_not_registered_values() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - command: echo secret\n      register: s\n      no_log: true\n    - debug: msg={{ s.stdout }}\n",
    );
    assert!(!lines[..3].iter().any(|l| l.contains("secret")), "{lines:#?}");
    assert!(lines.contains(&"ok: [h1] \"secret\"".to_string()));
}

#[test]
fn include_tasks_with_loop_and_templated_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("inc.yml"), "- command: \"echo {{ which }}-{{ item | default('none') }}\"\n")
        .unwrap();
    let (fake, lines, _) = play_in(
        dir.path(),
        "- hosts: h1\n  gather_facts: false\n  vars: {name: inc}\n  tasks:\n    - include_tasks: inc.yml\n      vars: {which: fixed}\n    - include_tasks: \"{{ name }}.yml\"\n      vars: {which: looped}\n      loop: [1, 2]\n",
        &RunOptions::default(),
        Default::default(),
    );
    assert_eq!(fake.calls(), ["h1 command: echo fixed-none", "h1 command: echo looped-1", "h1 command: echo looped-2"]);
    assert_eq!(only(&lines, "included").len(), 3);
}

#[test]
fn assert_fail_set_fact_and_meta_end_host() {
    let (fake, lines, stats) = play(
        r#"
- hosts: h1,h2
  gather_facts: false
  tasks:
    - set_fact: {n: "{{ 40 + 2 }}"}
    - assert:
        that: [n == 42, "n is number"]
        success_msg: fine
    - meta: end_host
      when: inventory_hostname == 'h2'
    - fail: msg="stop {{ inventory_hostname }}"
"#,
    );
    assert!(fake.calls().is_empty());
    assert_eq!(only(&lines, "ok: [h1] \"fine\"").len(), 1);
    assert_eq!(only(&lines, "failed"), ["failed: [h1] \"stop h1\""]);
    assert_eq!(stats.failed_hosts, ["h1"]);
}

#[test]
fn a_role_runs_with_its_files_and_handlers() {
    let dir = tempfile::tempdir().unwrap();
    let w = |p: &str, s: &str| {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, s).unwrap();
    };
    w("roles/app/defaults/main.yml", "app_port: 80\n");
    w("roles/app/templates/app.conf.j2", "port={{ app_port }}\nhost={{ inventory_hostname }}\n");
    w("roles/app/files/motd", "hello\n");
    w("roles/app/tasks/main.yml", "- copy: {src: motd, dest: /etc/motd}\n- template: {src: app.conf.j2, dest: /etc/app.conf}\n  notify: restart app\n");
    w("roles/app/handlers/main.yml", "- name: restart app\n  service: {name: app, state: restarted}\n");
    let (fake, lines, _) = play_in(
        dir.path(),
        "- hosts: h1\n  gather_facts: false\n  roles:\n    - role: app\n      app_port: 8080\n",
        &RunOptions::default(),
        Default::default(),
    );
    assert_eq!(fake.calls(), ["h1 copy:", "h1 template:", "h1 service:"]);
    assert_eq!(only(&lines, "task"), ["task app : copy", "task app : template"]);
    assert_eq!(only(&lines, "handler"), ["handler app : restart app"]);
    let call = fake.last_call.lock().unwrap().clone().unwrap();
    assert_eq!(call.args.str("state"), Some("restarted"));
    let (fake, _, _) = play_in(
        dir.path(),
        "- hosts: h1\n  gather_facts: false\n  roles: [app]\n  tasks:\n    - template: {src: app.conf.j2, dest: /x}\n",
        &RunOptions::default(),
        Default::default(),
    );
    let call = fake.last_call.lock().unwrap().clone().unwrap();
    let Some(crate::engine::LocalSource::Rendered { text, .. }) = call.local else { panic!("{call:?}") };
    assert_eq!(text, "port=80\nhost=h1\n");
}

#[test]
fn module_arguments_are_validated_after_templating() {
    let (_, lines, _) = play(
        "- hosts: h1\n  gather_facts: false\n  vars: {st: gone}\n  tasks:\n    - file: {path: /x, state: \"{{ st }}\"}\n    - file: {path: /y, state: \"{{ st2 | default(omit) }}\", mode: \"0644\"}\n",
    );
    assert_eq!(
        only(&lines, "failed"),
        ["failed: [h1] \"value of state must be one of: absent, directory, file, hard, link, touch, got: gone\""]
    );
    let (fake, _, _) = play(
        "- hosts: h1\n  gather_facts: false\n  tasks:\n    - file: {path: /y, state: \"{{ st2 | default(omit) }}\"}\n",
    );
    let call = fake.last_call.lock().unwrap().clone().unwrap();
    assert!(call.args.get("state").is_none());
    assert_eq!(call.args.values()["path"], json!("/y"));
}
