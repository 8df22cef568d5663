//! `rpyctl play` end to end, keyword by keyword, against real servers: each scenario runs on
//! a fleet of rpyc-agents and again on a fleet of Python `rpyc_classic` servers (modules
//! `agent` and `classic`). Playbooks write under the test's own directory (`{{ root }}`).

use rpyctl_tests::both_kinds;
use rpyctl_tests::play::{read, Fleet, Kind};

both_kinds! {
    serial_batch_failure_stops_later_batches => serial_batches;
    rescue_and_always_run => rescue_always;
    handlers_fire_once_and_in_definition_order => handlers;
    until_retries_until_the_condition_holds => until_retries;
    loop_with_register_gives_results => loop_register;
    tags_select_tasks => tags;
    a_role_brings_tasks_handlers_files_templates_and_vars => role;
    an_unreachable_host_never_stops_the_others => unreachable;
    delegation_run_once_and_become => delegation;
    conditions_errors_and_includes => conditions;
    free_strategy_and_any_errors_fatal => strategies;
    loop_forms_roles_path_and_play_sections => loop_forms;
}

fn serial_batches(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b", "c", "d"]);
    let playbook = |pct: u32| {
        format!(
            "- hosts: a,b,c,d
  gather_facts: false
  serial: 2
  max_fail_percentage: {pct}
  tasks:
    - name: fail on b
      command: /bin/false
      when: inventory_hostname == 'b'
    - name: mark
      copy: {{dest: '{{{{ root }}}}/{pct}-{{{{ inventory_hostname }}}}', content: done}}
"
        )
    };
    // 1 of 2 hosts failed: 50% > 49%, so the second batch never starts.
    let run = fleet.run("serial49.yml", &playbook(49), &["--output", "json"]);
    assert_eq!(run.code(), Some(2), "{}", run.stderr());
    let hosts: Vec<String> = run.statuses().into_iter().map(|(_, h, _)| h).collect();
    assert!(hosts.iter().all(|h| h == "a" || h == "b"), "{hosts:?}");
    for h in ["a", "b", "c", "d"] {
        assert!(!fleet.root().join(format!("49-{h}")).exists(), "{h} was touched");
    }
    // 50% is not above 50%: the play goes on with a, then c and d.
    let run = fleet.run("serial50.yml", &playbook(50), &[]);
    assert_eq!(run.code(), Some(2), "{}", run.stdout());
    for (h, done) in [("a", true), ("b", false), ("c", true), ("d", true)] {
        assert_eq!(fleet.root().join(format!("50-{h}")).exists(), done, "{h}");
    }
    assert_eq!(run.recap("b"), "ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0");
    assert_eq!(run.recap("d"), "ok=1 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0");
}

fn rescue_always(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let run = fleet.run(
        "rescue.yml",
        "- hosts: a
  gather_facts: false
  tasks:
    - block:
        - command: /bin/false
        - copy: {dest: '{{ root }}/never', content: x}
      rescue:
        - copy: {dest: '{{ root }}/rescued', content: '{{ ansible_failed_result.rc }}'}
      always:
        - copy: {dest: '{{ root }}/always', content: x}
",
        &[],
    );
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    assert_eq!(read(&fleet.root().join("rescued")), "1");
    assert!(fleet.root().join("always").exists() && !fleet.root().join("never").exists());
    assert_eq!(run.recap("a"), "ok=2 changed=2 unreachable=0 failed=0 skipped=0 rescued=1 ignored=0");
}

fn handlers(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let playbook = "- hosts: a
  gather_facts: false
  tasks:
    - copy: {dest: '{{ root }}/one', content: '1'}
      notify: [second, first]
    - copy: {dest: '{{ root }}/two', content: '2'}
      notify: first
    - copy: {dest: '{{ root }}/three', content: '3'}
      notify: topic
    - meta: flush_handlers
    - copy: {dest: '{{ root }}/four', content: '4'}
      notify: first
  handlers:
    - name: first
      shell: echo first >> {{ root }}/log
    - name: second
      shell: echo second >> {{ root }}/log
    - name: listener
      shell: echo listener >> {{ root }}/log
      listen: topic
";
    let run = fleet.run("handlers.yml", playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    // Flushed once at meta (in definition order, each once), then again at the end.
    assert_eq!(read(&fleet.root().join("log")), "first\nsecond\nlistener\nfirst\n");
    let run = fleet.run("handlers.yml", playbook, &[]);
    assert_eq!(run.recap("a"), "ok=4 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
    assert_eq!(read(&fleet.root().join("log")).lines().count(), 4, "no handler runs when nothing changed");
}

fn until_retries(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let run = fleet.run(
        "until.yml",
        "- hosts: a
  gather_facts: false
  tasks:
    - name: count
      shell: n=$(cat {{ root }}/n 2>/dev/null || echo 0); echo $((n+1)) > {{ root }}/n; cat {{ root }}/n
      register: r
      until: r.stdout | int >= 3
      retries: 5
      delay: 0
    - assert:
        that: [r.attempts == 3, r.stdout == '3']
",
        &[],
    );
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    let out = run.stdout();
    assert!(out.contains("FAILED - RETRYING: [a]: count (5 retries left)."), "{out}");
    assert!(out.contains("FAILED - RETRYING: [a]: count (4 retries left)."), "{out}");
    assert!(!out.contains("3 retries left"), "{out}");
}

fn loop_register(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let run = fleet.run(
        "loop.yml",
        "- hosts: a
  gather_facts: false
  tasks:
    - copy: {dest: '{{ root }}/{{ item.n }}', content: '{{ item.t }}'}
      loop: [{n: x, t: '1'}, {n: y, t: '2'}, {n: z, t: '3'}]
      loop_control: {label: '{{ item.n }}', index_var: i}
      register: r
    - assert:
        that:
          - r.results | length == 3
          - r.results | map(attribute='item') | map(attribute='n') | list == ['x', 'y', 'z']
          - r.results | selectattr('changed') | list | length == 3
          - r.results[2].i == 2
          - r.changed
    - debug: {msg: '{{ item }}'}
      with_items: [[1, 2], 3]
",
        &[],
    );
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    let out = run.stdout();
    for line in ["changed: [a] => (item=x)", "changed: [a] => (item=z)", "ok: [a] => (item=1) => {"] {
        assert!(out.contains(line), "{line} in {out}");
    }
    assert_eq!(read(&fleet.root().join("y")), "2");
}

fn tags(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    fleet.write(
        "tags.yml",
        "- hosts: a
  gather_facts: false
  tasks:
    - {name: web, copy: {dest: '{{ root }}/web', content: x}, tags: [web]}
    - {name: db, copy: {dest: '{{ root }}/db', content: x}, tags: [db]}
    - {name: always, copy: {dest: '{{ root }}/always', content: x}, tags: [always]}
    - {name: never, copy: {dest: '{{ root }}/never', content: x}, tags: [never, debug]}
    - {name: untagged, copy: {dest: '{{ root }}/untagged', content: x}}
",
    );
    let exists = |n: &str| fleet.root().join(n).exists();
    let run = fleet.play("tags.yml", &["-t", "web"]);
    assert_eq!(run.code(), Some(0));
    assert!(exists("web") && exists("always") && !exists("db") && !exists("never") && !exists("untagged"));
    let run = fleet.play("tags.yml", &["--skip-tags", "always,web"]);
    assert_eq!(run.code(), Some(0));
    assert!(exists("db") && exists("untagged") && !exists("never"));
    fleet.play("tags.yml", &["--tags", "debug"]);
    assert!(exists("never"));
}

fn role(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    fleet.write("roles/app/defaults/main.yml", "port: 80\nname: default-name\n");
    fleet.write("roles/app/vars/main.yml", "conf: '{{ root }}/app.conf'\n");
    fleet.write("roles/app/files/static.txt", "static\n");
    fleet.write("roles/app/templates/app.conf.j2", "name={{ name }}\nport={{ port }}\n");
    fleet.write(
        "roles/app/tasks/main.yml",
        "- template: {src: app.conf.j2, dest: '{{ conf }}', mode: '0600'}
  notify: restart
- copy: {src: static.txt, dest: '{{ root }}/static.txt'}
",
    );
    fleet.write("roles/app/handlers/main.yml", "- name: restart\n  copy: {dest: '{{ root }}/restarted', content: x}\n");
    let playbook = "- hosts: a
  gather_facts: false
  roles:
    - role: app
      port: 8080
";
    let run = fleet.run("role.yml", playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    assert_eq!(read(&fleet.root().join("app.conf")), "name=default-name\nport=8080\n");
    assert_eq!(read(&fleet.root().join("static.txt")), "static\n");
    assert!(fleet.root().join("restarted").exists());
    assert!(run.stdout().contains("TASK [app : template]"), "{}", run.stdout());
    assert!(run.stdout().contains("RUNNING HANDLER [app : restart]"), "{}", run.stdout());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(fleet.root().join("app.conf")).expect("stat").permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let run = fleet.play("role.yml", &[]);
    assert_eq!(run.recap("a"), "ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
}

fn unreachable(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b"]);
    let run = fleet.run(
        "unreach.yml",
        "- hosts: a,down,b
  gather_facts: true
  tasks:
    - copy: {dest: '{{ root }}/{{ inventory_hostname }}', content: x}
",
        &[],
    );
    assert_eq!(run.code(), Some(4), "{}", run.stdout());
    assert!(run.stdout().contains("fatal: [down]: UNREACHABLE! => {"), "{}", run.stdout());
    assert!(fleet.root().join("a").exists() && fleet.root().join("b").exists());
    assert_eq!(run.recap("down"), "ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0");
    assert_eq!(run.recap("b"), "ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0");
    // ignore_unreachable counts the failure as ignored and tries the host again.
    let run = fleet.run(
        "ignore.yml",
        "- hosts: a,down
  gather_facts: false
  tasks:
    - {command: 'true', ignore_unreachable: true}
    - command: 'true'
",
        &[],
    );
    assert_eq!(run.code(), Some(4), "{}", run.stdout());
    assert_eq!(run.recap("down"), "ok=1 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=1");
    assert!(run.stdout().contains("...ignoring"), "{}", run.stdout());
}

fn delegation(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b", "localhost"]);
    let run = fleet.run(
        "delegate.yml",
        "- hosts: a,b
  gather_facts: false
  tasks:
    - name: on the controller's host
      shell: echo {{ inventory_hostname }} >> {{ root }}/delegated
      delegate_to: localhost
    - name: once
      shell: echo once >> {{ root }}/once
      run_once: true
      register: o
    - assert: {that: [o.rc == 0]}
    - name: escalate
      command: id -u
      become: true
      become_user: nobody
      ignore_errors: true
      register: esc
    - assert: {that: [esc is failed, \"'privilege escalation' in esc.msg\", \"inventory_hostname in esc.msg\"]}
",
        &[],
    );
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    let mut lines: Vec<String> = read(&fleet.root().join("delegated")).lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(lines, ["a", "b"]);
    assert_eq!(read(&fleet.root().join("once")), "once\n");
    let out = run.stdout();
    assert!(out.contains("changed: [a -> localhost]"), "{out}");
    assert!(out.contains("fatal: [b]: FAILED! => {") && out.contains("become (nobody) needs privilege escalation"));
    assert_eq!(run.recap("a"), "ok=5 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1");
}

fn conditions(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    fleet.write("vars.yml", "from_file: yes-file\n");
    fleet.write("inc.yml", "- copy: {dest: '{{ root }}/included-{{ n }}', content: '{{ n }}'}\n");
    let run = fleet.run(
        "conditions.yml",
        "- hosts: a
  gather_facts: false
  vars_files: [vars.yml]
  vars: {flag: false}
  environment: {GREETING: hello}
  tasks:
    - shell: echo $GREETING {{ from_file }}
      register: g
      changed_when: false
    - assert: {that: [g.stdout == 'hello yes-file', g is not changed]}
    - command: /bin/false
      register: f
      failed_when: f.rc not in [0, 1]
    - command: 'true'
      when: flag
    - set_fact: {flag: true}
    - copy: {dest: '{{ root }}/flag', content: x}
      when: flag
    - command: /bin/false
      ignore_errors: true
    - include_tasks: inc.yml
      vars: {n: '1'}
    - import_tasks: inc.yml
      vars: {n: '2'}
    - command: sleep 2
      timeout: 1
      ignore_errors: true
      register: t
    - assert: {that: [t is failed, \"'expected time frame' in t.msg\"]}
    - copy: {dest: '{{ root }}/secret', content: s3cr3t}
      no_log: true
    - copy: {dest: '{{ root }}/checked', content: x}
      check_mode: true
    - meta: end_play
    - copy: {dest: '{{ root }}/after-end', content: x}
",
        &["-v"],
    );
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    for (f, there) in
        [("flag", true), ("included-1", true), ("included-2", true), ("checked", false), ("after-end", false)]
    {
        assert_eq!(fleet.root().join(f).exists(), there, "{f}");
    }
    let out = run.stdout();
    assert!(!out.contains("s3cr3t"), "no_log hides the content: {out}");
    assert!(out.contains("the output has been hidden due to the fact that 'no_log: true'"), "{out}");
    assert!(out.contains("...ignoring"), "{out}");
    assert!(out.contains(&format!("included: {}/inc.yml for a", fleet.dir.path().display())), "{out}");
    assert!(out.contains("skipping: [a]"), "{out}");
}

fn strategies(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b", "c"]);
    let run = fleet.run(
        "free.yml",
        "- hosts: a,b,c
  gather_facts: false
  strategy: free
  tasks:
    - shell: sleep {{ 1 if inventory_hostname == 'a' else 0 }}; echo {{ inventory_hostname }} >> {{ root }}/order
    - shell: echo {{ inventory_hostname }}-2 >> {{ root }}/order
- hosts: a,b,c
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - command: /bin/false
      when: inventory_hostname == 'c'
    - copy: {dest: '{{ root }}/fatal-{{ inventory_hostname }}', content: x}
",
        &[],
    );
    assert_eq!(run.code(), Some(2), "{}", run.stdout());
    let order = read(&fleet.root().join("order"));
    // Under free, b and c finish both tasks while a still sleeps in its first.
    let pos = |s: &str| order.lines().position(|l| l == s).unwrap_or_else(|| panic!("{s} in {order}"));
    assert!(pos("b-2") < pos("a") && pos("c-2") < pos("a"), "{order}");
    for h in ["a", "b", "c"] {
        assert!(!fleet.root().join(format!("fatal-{h}")).exists(), "any_errors_fatal stops {h}");
    }
}

fn loop_forms(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    // A role found through roles_path (rpyctl.toml's, relative to the file), not beside the playbook.
    fleet.write("rpyctl.toml", "roles_path = \"shared\"\n");
    fleet.write("shared/common/tasks/main.yml", "- shell: echo role >> {{ root }}/order\n");
    fleet.write("files/conf/one.conf", "1\n");
    fleet.write("files/conf/two.conf", "2\n");
    fleet.write("files/conf/skip.txt", "x\n");
    let playbook = "- hosts: a
  gather_facts: false
  pre_tasks:
    - shell: echo pre >> {{ root }}/order
  roles: [common]
  tasks:
    - shell: echo task >> {{ root }}/order
    - copy: {dest: '{{ root }}/dict-{{ item.key }}', content: '{{ item.value }}'}
      with_dict: {k1: v1, k2: v2}
    - copy: {src: '{{ item }}', dest: '{{ root }}/glob-{{ item | basename }}'}
      with_fileglob: ['conf/*.conf']
      register: g
    - debug: {msg: '{{ pkg }} at {{ idx }}'}
      loop: [x, y]
      loop_control: {loop_var: pkg, index_var: idx}
      register: lv
    - assert:
        that:
          - g.results | length == 2
          - lv.results | map(attribute='pkg') | list == ['x', 'y']
          - lv.results | map(attribute='msg') | list == ['x at 0', 'y at 1']
  post_tasks:
    - shell: echo post >> {{ root }}/order
";
    let run = fleet.run("loops.yml", playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    assert_eq!(read(&fleet.root().join("order")), "pre\nrole\ntask\npost\n");
    assert_eq!(read(&fleet.root().join("dict-k1")), "v1");
    assert_eq!(read(&fleet.root().join("dict-k2")), "v2");
    assert_eq!(read(&fleet.root().join("glob-one.conf")), "1\n");
    assert_eq!(read(&fleet.root().join("glob-two.conf")), "2\n");
    assert!(!fleet.root().join("glob-skip.txt").exists());
    let out = run.stdout();
    assert!(out.contains("TASK [common : shell]"), "{out}");
    assert!(out.contains("ok: [a] => (item=x) => {"), "{out}");
    assert!(out.contains("changed: [a] => (item={'key': 'k1', 'value': 'v1'})"), "{out}");
}
