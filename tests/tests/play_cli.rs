//! `rpyctl play`'s command line end to end: what users see (snapshots of the default output,
//! the same on agents and on `rpyc_classic`), the json/jsonl documents, exit statuses,
//! errors before any host is touched, listings and the flags that pick tasks.

use rpyctl_tests::both_kinds;
use rpyctl_tests::play::{read, Fleet, Kind, Run};
use serde_json::Value as Json;

both_kinds! {
    default_output_as_ansible_playbook_prints_it => default_output;
    json_and_jsonl_have_the_json_callbacks_shape => json_outputs;
    exit_statuses_and_flags => statuses_and_flags;
}

/// Times, ports and the test's directory replaced by placeholders.
fn normalized(run: &Run, fleet: &Fleet) -> String {
    let text = run.stdout().replace(&fleet.dir.path().display().to_string(), "[DIR]");
    let times = regex::Regex::new(r#""(delta|start|end)": "[^"]*""#).expect("regex");
    let ports = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("regex");
    let text = times.replace_all(&text, "\"$1\": \"[time]\"");
    ports.replace_all(&text, "127.0.0.1:[port]").into_owned()
}

const SHOWCASE: &str = "- name: Showcase
  hosts: web
  gather_facts: true
  tasks:
    - name: Say hello
      debug: {msg: 'hello from {{ inventory_hostname }}'}
    - name: Write a file
      copy: {dest: '{{ root }}/{{ inventory_hostname }}.txt', content: \"one\\ntwo\\n\"}
      notify: Announce
    - name: Only on a
      command: 'true'
      when: inventory_hostname == 'a'
    - name: Items
      file: {path: '{{ root }}/{{ inventory_hostname }}-{{ item.name }}', state: touch, modification_time: preserve, access_time: preserve}
      loop: [{name: x}, {name: y}]
      loop_control: {label: '{{ item.name }}'}
    - name: Tolerated failure
      command: /bin/false
      ignore_errors: true
    - name: Retry once
      shell: test -e {{ root }}/{{ inventory_hostname }}.retry || { touch {{ root }}/{{ inventory_hostname }}.retry; exit 1; }
      register: r
      until: r.rc == 0
      retries: 2
      delay: 0
    - block:
        - name: Broken step
          command: /bin/false
      rescue:
        - name: Recovered
          debug: {var: ansible_failed_result.rc}
    - include_tasks: extra.yml
  handlers:
    - name: Announce
      debug: {msg: changed}
";

fn default_output(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b"]);
    fleet.write_inventory(&[("web", &["a", "b", "down"])]);
    fleet.write("extra.yml", "- name: From the include\n  command: 'true'\n  changed_when: false\n");
    fleet.write("showcase.yml", SHOWCASE);
    let run = fleet.play("showcase.yml", &["-D", "-f", "1"]);
    assert_eq!(run.code(), Some(4), "{}", run.stderr());
    insta::assert_snapshot!("showcase", normalized(&run, &fleet));
    let run = fleet.play("showcase.yml", &["-f", "1", "-l", "a", "-v"]);
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    insta::assert_snapshot!("showcase_verbose_second_run", normalized(&run, &fleet));
}

fn json_outputs(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    fleet.write(
        "small.yml",
        "- name: Small
  hosts: a,down
  gather_facts: false
  tasks:
    - name: Copy
      copy: {dest: '{{ root }}/f', content: x}
    - name: Fail
      command: /bin/false
      ignore_errors: true
    - name: Skip
      debug: {msg: never}
      when: false
",
    );
    let run = fleet.play("small.yml", &["--output", "json"]);
    assert_eq!(run.code(), Some(4), "{}", run.stderr());
    let doc = run.json();
    for key in ["plays", "stats", "custom_stats", "global_custom_stats"] {
        assert!(doc.get(key).is_some(), "{key} in {doc}");
    }
    let play = &doc["plays"][0];
    assert_eq!(play["play"]["name"], "Small");
    assert!(play["play"]["duration"]["start"].as_str().is_some_and(|t| t.ends_with('Z')));
    assert!(play["play"]["duration"]["end"].is_string());
    let task = &play["tasks"][0];
    assert_eq!(task["task"]["name"], "Copy");
    assert_eq!(task["hosts"]["a"]["action"], "copy");
    assert_eq!(task["hosts"]["a"]["changed"], true);
    assert_eq!(task["hosts"]["down"]["unreachable"], true);
    assert_eq!(play["tasks"][1]["hosts"]["a"]["failed"], true);
    assert_eq!(play["tasks"][2]["hosts"]["a"]["skipped"], true);
    assert_eq!(
        doc["stats"]["a"],
        serde_json::json!({"changed": 2, "failures": 0, "ignored": 1, "ok": 2, "rescued": 0, "skipped": 1, "unreachable": 0})
    );
    assert_eq!(doc["stats"]["down"]["unreachable"], 1);

    let run = fleet.play("small.yml", &["--output", "jsonl"]);
    let lines: Vec<Json> =
        run.stdout().lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let events: Vec<&str> = lines.iter().map(|l| l["_event"].as_str().unwrap_or_default()).collect();
    assert_eq!(events.first(), Some(&"v2_playbook_on_play_start"));
    assert_eq!(events.last(), Some(&"v2_playbook_on_stats"));
    assert_eq!(events.iter().filter(|e| **e == "v2_playbook_on_task_start").count(), 3);
    assert_eq!(events.iter().filter(|e| **e == "v2_runner_on_unreachable").count(), 1);
    assert_eq!(events.iter().filter(|e| **e == "v2_runner_on_failed").count(), 1);
    let skipped = lines.iter().find(|l| l["_event"] == "v2_runner_on_skipped").expect("skipped event");
    assert_eq!(skipped["hosts"]["a"]["action"], "debug");
    assert!(lines.iter().all(|l| l["_timestamp"].is_string()));
}

fn statuses_and_flags(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let root = fleet.root();
    // 0 ok, 2 failed, 4 unreachable, 6 both.
    for (hosts, task, code) in [
        ("a", "command: 'true'", 0),
        ("a", "command: /bin/false", 2),
        ("down", "command: 'true'", 4),
        ("a,down", "command: /bin/false", 6),
    ] {
        let run =
            fleet.run("s.yml", &format!("- hosts: {hosts}\n  gather_facts: false\n  tasks:\n    - {task}\n"), &[]);
        assert_eq!(run.code(), Some(code), "{hosts} {task}: {}", run.stdout());
    }
    fleet.write("ev.yml", "greeting: from-file\n");
    let playbook = "- hosts: a
  gather_facts: false
  tasks:
    - name: first
      copy: {dest: '{{ root }}/first', content: x}
    - name: second
      copy: {dest: '{{ root }}/second', content: '{{ greeting }} {{ n }}'}
";
    fleet.write("flags.yml", playbook);
    let run = fleet.play("flags.yml", &["--start-at-task", "sec*", "-e", "@ev.yml", "-e", "n=2"]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    assert!(!root.join("first").exists());
    assert_eq!(read(&root.join("second")), "from-file 2");
    let run = fleet.play("flags.yml", &["--list-tasks"]);
    assert_eq!(run.stdout(), "\nplaybook: flags.yml\n\n  play #1 (a): a\tTAGS: []\n    tasks:\n      first\tTAGS: []\n      second\tTAGS: []\n");
    let run = fleet.play("flags.yml", &["--list-hosts"]);
    assert!(run.stdout().contains("    hosts (1):\n      a\n"), "{}", run.stdout());
    let run = fleet.play("flags.yml", &["--syntax-check"]);
    assert_eq!((run.code(), run.stdout()), (Some(0), "\nplaybook: flags.yml\n".to_owned()));

    // A bad playbook is refused whole, at its file:line:col, before any host is touched:
    // the first task would have written a file.
    let bad = "- hosts: a
  gather_facts: false
  tasks:
    - copy: {dest: '{{ root }}/touched', content: x}
    - copy: {dest: '{{ root }}/y', content: x, colour: blue}
";
    let run = fleet.run("bad.yml", bad, &[]);
    assert_eq!(run.code(), Some(5));
    assert!(run.stderr().contains("bad.yml:5:") && run.stderr().contains("colour"), "{}", run.stderr());
    assert!(run.stdout().is_empty() && !root.join("touched").exists());
    let run = fleet.run("unsupported.yml", &bad.replace("colour: blue", "seuser: x"), &[]);
    assert_eq!(run.code(), Some(5));
    assert!(
        run.stderr().contains("unsupported.yml:5:7: copy: option 'seuser' is not supported by rpyctl"),
        "{}",
        run.stderr()
    );
    let run = fleet.run("jinja.yml", &bad.replace("content: x, colour: blue", "content: '{{ oops('"), &[]);
    assert_eq!(run.code(), Some(5));
    assert!(run.stderr().contains("jinja.yml:5:"), "{}", run.stderr());
    assert!(!root.join("touched").exists());
}
