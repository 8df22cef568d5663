//! `rpyctl play`'s modules end to end on real servers (agents and `rpyc_classic`): what they
//! leave on disk, idempotence (a second run changes nothing), check mode (reports what would
//! change, changes nothing), `--diff` hunks, registered return values.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use rpyctl_tests::both_kinds;
use rpyctl_tests::play::{read, Fleet, Kind};

both_kinds! {
    file_modules_are_idempotent_honour_check_mode_and_diff => files;
    command_and_shell_register_as_ansible => commands;
    facts_under_ansibles_names => facts;
    system_modules => system;
    fetch_and_slurp_bring_files_back => fetch_slurp;
    packages_services_users_and_groups => accounts;
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o7777
}

const FILES: &str = "- hosts: a
  gather_facts: false
  vars: {d: '{{ root }}/etc'}
  tasks:
    - {name: dir, file: {path: '{{ d }}/sub', state: directory, mode: '0750'}}
    - {name: touch, file: {path: '{{ d }}/touched', state: touch, mode: 'u=rw,g=r,o=', modification_time: preserve, access_time: preserve}}
    - {name: link, file: {path: '{{ d }}/link', src: conf, state: link}}
    - {name: hard, file: {path: '{{ d }}/hard', src: '{{ d }}/static', state: hard}}
    - {name: gone, file: {path: '{{ d }}/old', state: absent}}
    - {name: content, copy: {dest: '{{ d }}/motd', content: \"welcome\\n\", mode: '0644'}}
    - {name: src, copy: {src: files/tree/, dest: '{{ d }}/tree/', directory_mode: '0755'}}
    - {name: template, template: {src: app.j2, dest: '{{ d }}/app.conf', mode: '0600'}}
    - {name: line, lineinfile: {path: '{{ d }}/conf', regexp: '^a=', line: 'a=2'}}
    - {name: newline, lineinfile: {path: '{{ d }}/conf', line: 'b=3', insertafter: '^a='}}
    - {name: block, blockinfile: {path: '{{ d }}/conf', block: \"x=1\\ny=2\"}}
    - {name: replace, replace: {path: '{{ d }}/conf', regexp: '^# (comment)$', replace: '## \\1'}}
    - {name: stat, stat: {path: '{{ d }}/motd'}, register: st}
    - name: check stat
      when: not ansible_check_mode
      assert:
        that:
          - st.stat.exists and st.stat.isreg and st.stat.mode == '0644'
          - st.stat.checksum == '85fcd345dd2c8f9e3199adb5459a5e1dc2d4e76c'
";

fn files(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let etc = fleet.root().join("etc");
    std::fs::create_dir_all(&etc).expect("etc");
    std::fs::write(etc.join("conf"), "a=1\n# comment\n").expect("conf");
    std::fs::write(etc.join("old"), "old").expect("old");
    std::fs::write(etc.join("static"), "static").expect("static");
    fleet.write("files/tree/one.txt", "one\n");
    fleet.write("files/tree/deep/two.txt", "two\n");
    fleet.write("templates/app.j2", "host={{ inventory_hostname }}\n");
    fleet.write("files.yml", FILES);

    // Check mode first: every change reported, nothing changed on disk.
    let run = fleet.play("files.yml", &["-C", "--output", "json"]);
    let changed: Vec<String> =
        run.statuses().into_iter().filter(|(_, _, s)| s == "changed").map(|(t, _, _)| t).collect();
    for task in
        ["dir", "touch", "link", "hard", "gone", "content", "src", "template", "line", "newline", "block", "replace"]
    {
        assert!(changed.contains(&task.to_owned()), "{task} would change: {changed:?}\n{}", run.stderr());
    }
    assert_eq!(read(&etc.join("conf")), "a=1\n# comment\n");
    assert!(etc.join("old").exists());
    for f in ["sub", "touched", "link", "hard", "motd", "tree", "app.conf"] {
        assert!(!etc.join(f).exists(), "{f} was made in check mode");
    }

    // The real run, with --diff.
    let run = fleet.play("files.yml", &["-D"]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    let out = run.stdout();
    for hunk in [
        "--- before: ROOT/etc/conf (content)\n+++ after: ROOT/etc/conf (content)\n@@ -1,2 +1,2 @@\n-a=1\n+a=2\n # comment\n",
        "@@ -1,2 +1,3 @@\n a=2\n+b=3\n # comment\n",
        "--- before\n+++ after: ROOT/etc/motd\n@@ -0,0 +1 @@\n+welcome\n",
        "-    \"state\": \"absent\"\n+    \"state\": \"directory\"\n",
    ] {
        let hunk = hunk.replace("ROOT", &fleet.root().display().to_string());
        assert!(out.contains(&hunk), "{hunk}\nin\n{out}");
    }
    assert_eq!(
        read(&etc.join("conf")),
        "a=2\nb=3\n## comment\n# BEGIN ANSIBLE MANAGED BLOCK\nx=1\ny=2\n# END ANSIBLE MANAGED BLOCK\n"
    );
    assert_eq!(mode(&etc.join("sub")), 0o750);
    assert_eq!(mode(&etc.join("touched")), 0o640);
    assert_eq!(std::fs::read_link(etc.join("link")).expect("link"), Path::new("conf"));
    let ino = |f: &str| std::fs::metadata(etc.join(f)).expect("stat").ino();
    assert_eq!(ino("hard"), ino("static"));
    assert!(!etc.join("old").exists());
    assert_eq!(read(&etc.join("motd")), "welcome\n");
    assert_eq!(read(&etc.join("tree/deep/two.txt")), "two\n");
    assert_eq!(read(&etc.join("app.conf")), "host=a\n");
    assert_eq!(mode(&etc.join("app.conf")), 0o600);

    // Idempotent: nothing changes the second time, in check mode or not.
    let run = fleet.play("files.yml", &["-D"]);
    assert_eq!(
        run.recap("a"),
        "ok=14 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0",
        "{}",
        run.stdout()
    );
    let run = fleet.play("files.yml", &["-C"]);
    assert_eq!(
        run.recap("a"),
        "ok=13 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0",
        "{}",
        run.stdout()
    );

    // A file changed behind our back: check mode with --diff shows what would be put back.
    std::fs::write(etc.join("motd"), "tampered\n").expect("tamper");
    let run = fleet.play("files.yml", &["-C", "-D"]);
    assert!(run.stdout().contains("@@ -1 +1 @@\n-tampered\n+welcome\n"), "{}", run.stdout());
    assert_eq!(read(&etc.join("motd")), "tampered\n");
    assert_eq!(run.recap("a"), "ok=13 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0");
}

fn commands(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let playbook = r#"- hosts: a
  gather_facts: false
  tasks:
    - command: printf '%s|' 'two words' "quoted \"x\"" $HOME
      register: c
    - assert:
        that:
          - c.stdout.startswith('two words|quoted "x"|/')
          - c.cmd[:3] == ['printf', '%s|', 'two words']
          - c.rc == 0 and c is changed
    - command: {argv: [sh, -c, 'echo out; echo err >&2; exit 3']}
      register: r
      failed_when: false
    - assert: {that: [r.rc == 3, r.stdout == 'out', r.stderr == 'err', "r.stdout_lines == ['out']"]}
    - command: cat
      args: {stdin: piped}
      register: s
    - assert: {that: [s.stdout == 'piped']}
    - shell: pwd; echo $0 | tr a-z A-Z
      args: {chdir: '{{ root }}', executable: /bin/bash}
      register: sh
    - assert: {that: ["sh.stdout_lines == [root, '/BIN/BASH']"]}
    - name: creates
      command: touch {{ root }}/made
      args: {creates: '{{ root }}/mad*'}
    - name: removes
      command: rm {{ root }}/never
      args: {removes: '{{ root }}/never'}
    - command: /no/such/program
      ignore_errors: true
      register: missing
    - assert: {that: [missing is failed, "'No such file' in missing.msg"]}
"#;
    let run = fleet.run("commands.yml", playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    assert!(fleet.root().join("made").exists());
    // creates/removes make commands idempotent; the others always report changed.
    let run = fleet.play("commands.yml", &["--output", "json"]);
    let st = run.statuses();
    let of = |name: &str| st.iter().find(|(t, _, _)| t == name).map(|s| s.2.clone()).unwrap_or_default();
    assert_eq!((of("creates"), of("removes")), ("ok".to_owned(), "ok".to_owned()), "{st:?}");
    // In check mode a command without creates/removes is skipped.
    let run = fleet.play("commands.yml", &["-C", "--output", "json"]);
    assert_eq!(run.statuses()[0].2, "skipping", "{:?}", run.statuses());
}

fn facts(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let run = fleet.run(
        "facts.yml",
        "- hosts: a
  tasks:
    - debug:
        msg: >-
          {{ ansible_hostname }}|{{ ansible_architecture }}|{{ ansible_os_family }}|{{ ansible_distribution }}|
          {{ ansible_distribution_version }}|{{ ansible_distribution_major_version }}|{{ ansible_processor_vcpus }}|
          {{ ansible_memtotal_mb }}|{{ ansible_env.PATH is defined }}|{{ ansible_byteorder }}|
          {{ ansible_userspace_bits }}|{{ ansible_facts.system }}|{{ ansible_user_id }}|{{ ansible_pkg_mgr }}
",
        &["--output", "json"],
    );
    assert_eq!(run.code(), Some(0), "{}", run.stderr());
    let doc = run.json();
    let msg = doc["plays"][0]["tasks"][1]["hosts"]["a"]["msg"].as_str().expect("msg").replace(' ', "");
    let f: Vec<&str> = msg.split('|').collect();
    let hostname = read(Path::new("/proc/sys/kernel/hostname")).trim().to_owned();
    assert_eq!(f[0], hostname.split('.').next().unwrap_or_default(), "{msg}");
    let machine = std::process::Command::new("uname").arg("-m").output().expect("uname").stdout;
    assert_eq!(f[1], String::from_utf8_lossy(&machine).trim(), "{msg}");
    let os_release = read(Path::new("/etc/os-release"));
    if os_release.contains("ID=debian") {
        assert_eq!((f[2], f[3]), ("Debian", "Debian"), "{msg}");
        assert_eq!(f[4], read(Path::new("/etc/debian_version")).trim(), "{msg}");
    }
    assert!(f[5].parse::<u32>().is_ok() && f[6].parse::<u32>().expect("vcpus") >= 1, "{msg}");
    assert!(f[7].parse::<u64>().expect("memtotal_mb") > 100, "{msg}");
    assert_eq!((f[8], f[9], f[10], f[11], f[12]), ("True", "little", "64", "Linux", "root"), "{msg}");
    assert!(["apt", "dnf", "yum", "apk"].contains(&f[13]), "{msg}");
}

fn system(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let hostname = read(Path::new("/proc/sys/kernel/hostname")).trim().to_owned();
    let playbook = format!(
        "- hosts: a
  gather_facts: false
  tasks:
    - getent: {{database: passwd, key: root}}
    - assert: {{that: [\"getent_passwd.root[4] == '/root'\"]}}
    - getent: {{database: passwd, key: no-such-user-here, fail_key: false}}
    - rpyc.call: {{target: os.makedirs, args: ['{{{{ root }}}}/made/by/call'], kwargs: {{exist_ok: true}}}}
    - rpyc.call: {{target: os.path.join, args: [/a, b]}}
      register: j
      changed_when: false
    - assert: {{that: [j.value == '/a/b']}}
    - rpyc.call: {{target: os.listdir, args: [/no/such/dir]}}
      register: bad
      ignore_errors: true
    - assert: {{that: [\"'FileNotFoundError' in bad.msg\"]}}
    - wait_for: {{path: '{{{{ root }}}}/made/by/call', timeout: 5}}
    - wait_for: {{path: '{{{{ root }}}}/never', timeout: 1}}
      register: w
      ignore_errors: true
    - assert: {{that: [w is failed, \"'Timeout when waiting for file' in w.msg\"]}}
    - pause: {{seconds: 1}}
    - cron: {{name: nightly, job: /bin/true, minute: '5', hour: '3', cron_file: '{{{{ root }}}}/crontab', user: root}}
    - hostname: {{name: {hostname}}}
      check_mode: true
    - hostname: {{name: rpyctl-not-this-one}}
      check_mode: true
      register: hn
    - assert: {{that: [hn is changed]}}
"
    );
    let run = fleet.run("system.yml", &playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    assert!(fleet.root().join("made/by/call").is_dir());
    assert_eq!(read(&fleet.root().join("crontab")), "#Ansible: nightly\n5 3 * * * root /bin/true\n");
    assert_eq!(read(Path::new("/proc/sys/kernel/hostname")).trim(), hostname);
    let run = fleet.play("system.yml", &["--output", "json"]);
    let st = run.statuses();
    let cron = st.iter().find(|(t, _, _)| t == "cron").expect("cron ran");
    assert_eq!(cron.2, "ok", "cron is idempotent: {st:?}");
    let hn = st.iter().find(|(t, _, _)| t == "hostname").expect("hostname ran");
    let permanent = read(Path::new("/etc/hostname"));
    if permanent.is_empty() || permanent.trim() == hostname {
        assert_eq!(hn.2, "ok", "the host's own name changes nothing: {st:?}");
    }
}

fn fetch_slurp(kind: Kind) {
    let fleet = Fleet::new(kind, &["a", "b"]);
    std::fs::create_dir_all(fleet.root()).expect("root");
    std::fs::write(fleet.root().join("data.bin"), [0u8, 1, 2, 255]).expect("data");
    let playbook = "- hosts: a,b
  gather_facts: false
  tasks:
    - fetch: {src: '{{ root }}/data.bin', dest: fetched}
    - fetch: {src: '{{ root }}/data.bin', dest: 'flat/{{ inventory_hostname }}.bin', flat: true}
    - fetch: {src: '{{ root }}/missing', dest: fetched, fail_on_missing: false}
    - slurp: {src: '{{ root }}/data.bin'}
      register: s
    - assert: {that: [\"s.content == 'AAEC/w=='\", \"s.encoding == 'base64'\"]}
";
    let run = fleet.run("fetch.yml", playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    let fetched = fleet.path("fetched/a").join(fleet.root().strip_prefix("/").expect("absolute")).join("data.bin");
    assert_eq!(std::fs::read(&fetched).expect("fetched"), [0u8, 1, 2, 255]);
    assert_eq!(std::fs::read(fleet.path("flat/b.bin")).expect("flat"), [0u8, 1, 2, 255]);
    let run = fleet.play("fetch.yml", &[]);
    assert_eq!(
        run.recap("a"),
        "ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0",
        "{}",
        run.stdout()
    );
}

/// Removes what `accounts` makes, however the test ends.
struct Cleanup(Vec<Vec<String>>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for argv in &self.0 {
            let _ = std::process::Command::new(&argv[0]).args(&argv[1..]).output();
        }
    }
}

const INIT_SCRIPT: &str = "#!/bin/sh
### BEGIN INIT INFO
# Provides:          NAME
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: rpyctl's service test
### END INIT INFO
pidfile=PIDFILE
case \"$1\" in
  start) sleep 300 >/dev/null 2>&1 & echo $! > $pidfile ;;
  stop) [ -f $pidfile ] && kill $(cat $pidfile); rm -f $pidfile ;;
  restart) $0 stop; $0 start ;;
  status) [ -f $pidfile ] && kill -0 $(cat $pidfile) 2>/dev/null ;;
esac
";

fn accounts(kind: Kind) {
    let fleet = Fleet::new(kind, &["a"]);
    let tag = format!("rpyt{}{}", std::process::id() % 100_000, if kind == Kind::Agent { "a" } else { "c" });
    let (user, group, service) = (tag.clone(), format!("{tag}g"), format!("{tag}-svc"));
    let script = Path::new("/etc/init.d").join(&service);
    let pidfile = fleet.root().join("svc.pid");
    let _cleanup = Cleanup(vec![
        vec!["userdel".into(), "-r".into(), user.clone()],
        vec!["groupdel".into(), group.clone()],
        vec!["sh".into(), "-c".into(), format!("{} stop; update-rc.d -f {service} remove", script.display())],
        vec!["rm".into(), "-f".into(), script.display().to_string()],
    ]);
    std::fs::create_dir_all(fleet.root()).expect("root");
    std::fs::write(&script, INIT_SCRIPT.replace("NAME", &service).replace("PIDFILE", &pidfile.display().to_string()))
        .expect("init script");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let playbook = format!(
        "- hosts: a
  gather_facts: true
  tasks:
    - group: {{name: {group}, gid: 54321}}
    - user: {{name: {user}, groups: [{group}], comment: rpyctl test, shell: /bin/sh, home: '{{{{ root }}}}/home'}}
      register: u
    - assert: {{that: [u.uid > 0, \"u.comment == 'rpyctl test'\"]}}
    - package: {{name: [coreutils], state: present}}
    - apt: {{name: coreutils}}
    - apt: {{name: rpyctl-no-such-package-xyz, state: absent}}
    - service: {{name: {service}, state: started}}
    - service: {{name: {service}, enabled: true}}
    - systemd: {{name: {service}, state: started}}
      register: sd
      ignore_errors: true
    - assert: {{that: [sd is failed]}}
      when: ansible_service_mgr != 'systemd'
"
    );
    let run = fleet.run("accounts.yml", &playbook, &[]);
    assert_eq!(run.code(), Some(0), "{}\n{}", run.stdout(), run.stderr());
    let passwd = read(Path::new("/etc/passwd"));
    let line = passwd.lines().find(|l| l.starts_with(&format!("{user}:"))).expect("user made");
    assert!(line.contains(":rpyctl test:") && line.ends_with(":/bin/sh"), "{line}");
    assert!(read(Path::new("/etc/group")).contains(&format!("{group}:x:54321:{user}")));
    assert!(pidfile.exists(), "the service started");
    // Idempotent: the same state again changes nothing.
    let run = fleet.play("accounts.yml", &["--output", "json"]);
    let changed: Vec<_> = run.statuses().into_iter().filter(|(_, _, s)| s == "changed").collect();
    assert!(changed.is_empty(), "{changed:?}");
    // Check mode: removal and a stop are reported, not done.
    let undo = format!(
        "- hosts: a
  gather_facts: false
  tasks:
    - service: {{name: {service}, state: stopped}}
    - user: {{name: {user}, state: absent, remove: true}}
    - group: {{name: {group}, state: absent}}
    - apt: {{name: rpyctl-no-such-package-xyz}}
"
    );
    let run = fleet.run("undo.yml", &undo, &["-C"]);
    assert_eq!(
        run.recap("a"),
        "ok=4 changed=4 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0",
        "{}",
        run.stdout()
    );
    assert!(pidfile.exists() && read(Path::new("/etc/passwd")).contains(&format!("{user}:")));
    let undo_real = undo.replace("    - apt: {name: rpyctl-no-such-package-xyz}\n", "");
    let run = fleet.run("undo-real.yml", &undo_real, &[]);
    assert_eq!(run.code(), Some(0), "{}", run.stdout());
    assert!(!pidfile.exists() && !read(Path::new("/etc/passwd")).contains(&format!("{user}:")));
}
