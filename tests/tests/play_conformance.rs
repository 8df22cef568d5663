//! Conformance with the real `ansible-playbook` (ansible-core from the project's venv,
//! `-c local` on this machine): the same playbook, run by Ansible into one directory and by
//! `rpyctl play` (on an agent, and on `rpyc_classic`) into another, must leave the same
//! files, contents, modes, owners and links, and print the same default-callback output
//! (directories, times and ports aside) — first run, second run (idempotence), and a check
//! run with `--diff` after both trees were changed alike.

use std::collections::BTreeMap;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rpyctl_tests::both_kinds;
use rpyctl_tests::play::{Fleet, Kind};
use rpyctl_tests::{venv_bin, workspace_root};

both_kinds! {
    same_files_and_output_as_ansible_playbook => conformance;
}

const PLAYBOOK: &str = r##"- name: Files
  hosts: ref
  gather_facts: true
  vars:
    d: "{{ root }}/files"
  tasks:
    - name: Make a directory
      file: {path: "{{ d }}/conf.d", state: directory, mode: "0750"}
    - name: Owned by nobody
      file: {path: "{{ d }}/owned", state: touch, owner: nobody, group: nogroup, mode: "0600", modification_time: preserve, access_time: preserve}
    - name: Write the motd
      copy: {dest: "{{ d }}/motd", content: "Welcome to {{ ansible_hostname }} ({{ ansible_distribution }} {{ ansible_distribution_major_version }}, {{ ansible_architecture }})\n", mode: "0644"}
      notify: note
    - name: A file from files/
      copy: {src: app.ini, dest: "{{ d }}/conf.d/app.ini", mode: "0640", force: false}
    - name: A template
      template: {src: site.j2, dest: "{{ d }}/site.conf"}
    - name: Set a line
      lineinfile: {path: "{{ d }}/conf.d/app.ini", regexp: "^port=", line: "port=8080"}
    - name: Add a line after
      lineinfile: {path: "{{ d }}/conf.d/app.ini", line: "tls=on", insertafter: "^port="}
    - name: Remove a line
      lineinfile: {path: "{{ d }}/conf.d/app.ini", regexp: "^debug=", state: absent}
    - name: A managed block
      blockinfile: {path: "{{ d }}/acl.conf", block: "allow 10.0.0.0/8\ndeny all", marker: "# {mark} ACL", create: true}
    - name: A greeting, once
      copy: {dest: "{{ d }}/greeting", content: "Welcome, {{ inventory_hostname }}\n", force: false}
    - name: Replace words
      replace: {path: "{{ d }}/greeting", regexp: "Welcome", replace: "Hello"}
    - name: A link
      file: {src: motd, dest: "{{ d }}/motd.link", state: link}
    - name: Stat it
      stat: {path: "{{ d }}/motd"}
      register: st
    - name: Only when it exists
      copy: {dest: "{{ d }}/exists", content: "{{ st.stat.exists }} {{ st.stat.mode }}\n"}
      when: st.stat.exists
  handlers:
    - name: note
      copy: {dest: "{{ d }}/handled", content: "handled\n"}

- name: Commands and logic
  hosts: ref
  gather_facts: false
  vars: {d: "{{ root }}/cmd"}
  tasks:
    - file: {path: "{{ d }}", state: directory}
    - name: Create once
      command: touch {{ d }}/created
      args: {creates: "{{ d }}/created"}
    - name: Shell pipeline
      shell: printf 'b\na\n' | sort > {{ d }}/sorted
      args: {creates: "{{ d }}/sorted"}
    - name: Never changes
      command: cat {{ d }}/sorted
      register: out
      changed_when: false
    - name: Fails but tolerated
      command: grep missing {{ d }}/sorted
      register: g
      failed_when: g.rc > 1
      changed_when: false
    - set_fact: {lines: "{{ out.stdout_lines }}"}
    - assert: {that: ["lines == ['a', 'b']"]}
    - name: Looping
      copy: {dest: "{{ d }}/{{ item }}.txt", content: "{{ item }}\n"}
      loop: [one, two]
    - block:
        - name: Breaks
          command: /bin/false
      rescue:
        - name: Mends
          copy: {dest: "{{ d }}/rescued", content: "yes\n"}
"##;

/// A file tree as compared: per relative path, its type, mode, owner, group and content
/// (a link's target).
type Tree = BTreeMap<String, (char, u32, u32, u32, String)>;

fn tree(root: &Path) -> Tree {
    let mut out = Tree::new();
    let mut todo = vec![root.to_path_buf()];
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = entry.path();
            let m = std::fs::symlink_metadata(&p).expect("lstat");
            let rel = p.strip_prefix(root).expect("under root").display().to_string();
            let (kind, content) = if m.file_type().is_symlink() {
                ('l', std::fs::read_link(&p).expect("readlink").display().to_string())
            } else if m.is_dir() {
                todo.push(p.clone());
                ('d', String::new())
            } else {
                ('f', String::from_utf8_lossy(&std::fs::read(&p).expect("read")).into_owned())
            };
            out.insert(rel, (kind, m.permissions().mode() & 0o7777, m.uid(), m.gid(), content));
        }
    }
    out
}

/// The shared playbook directory (the files beside the playbook).
fn playbook_dir() -> PathBuf {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let d = tempfile::tempdir().expect("tempdir");
        std::fs::write(d.path().join("conformance.yml"), PLAYBOOK).expect("playbook");
        std::fs::create_dir_all(d.path().join("files")).expect("files");
        std::fs::write(d.path().join("files/app.ini"), "[app]\nport=80\ndebug=1\n").expect("app.ini");
        std::fs::create_dir_all(d.path().join("templates")).expect("templates");
        std::fs::write(
            d.path().join("templates/site.j2"),
            "# {{ inventory_hostname }}\nfamily={{ ansible_os_family }}\n{% for n in [1, 2] %}\nworker{{ n }}\n{% endfor %}\n",
        )
        .expect("site.j2");
        d
    });
    dir.path().to_path_buf()
}

/// Changes both trees alike before the check run.
fn tamper(root: &Path) {
    std::fs::write(root.join("files/motd"), "tampered\n").expect("motd");
    std::fs::set_permissions(root.join("files/conf.d"), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::remove_file(root.join("files/exists")).expect("rm");
    std::fs::write(root.join("files/acl.conf"), "# no acl\n").expect("acl");
    std::fs::write(root.join("files/conf.d/app.ini"), "[app]\nport=81\ndebug=1\ntls=on\n").expect("app.ini");
}

/// What one side left and printed: per run, the normalized stdout and the tree after it.
type Runs = Vec<(String, Tree)>;

fn normalize(text: &str, root: &Path) -> String {
    let text = text.replace(&root.display().to_string(), "[ROOT]");
    let times = regex::Regex::new(r#""(delta|start|end)": "[^"]*""#).expect("regex");
    // Ansible renders a template into a temporary file and names that in `--diff`; rpyctl
    // names the template itself.
    let rendered = regex::Regex::new(r"(?m)^\+\+\+ after: \S*/(\S+\.j2)$").expect("regex");
    let text = times.replace_all(&text, "\"$1\": \"[time]\"");
    rendered.replace_all(&text, "+++ after: [rendered]/$1").trim_end().to_owned()
}

/// `ansible-playbook` itself, once per test process.
fn ansible() -> &'static Runs {
    static RUNS: OnceLock<Runs> = OnceLock::new();
    RUNS.get_or_init(|| {
        let work = Box::leak(Box::new(tempfile::tempdir().expect("tempdir")));
        let root = work.path().join("root");
        std::fs::create_dir_all(&root).expect("root");
        let run = |extra: &[&str]| {
            let out = Command::new(venv_bin("ansible-playbook"))
                .current_dir(playbook_dir())
                .env("ANSIBLE_NOCOLOR", "1")
                .env("ANSIBLE_HOME", work.path().join("ansible-home"))
                .env("ANSIBLE_LOCAL_TEMP", work.path().join("ansible-tmp"))
                .env("ANSIBLE_REMOTE_TEMP", work.path().join("ansible-tmp"))
                .args(["-i", "ref,", "-c", "local", "conformance.yml", "-e"])
                .arg(format!("ansible_python_interpreter={}", venv_bin("python").display()))
                .arg("-e")
                .arg(format!("root={}", root.display()))
                .args(extra)
                .output()
                .expect("run ansible-playbook");
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            assert!(out.status.code().is_some(), "ansible-playbook: {}", String::from_utf8_lossy(&out.stderr));
            (normalize(&text, &root), tree(&root))
        };
        let first = run(&[]);
        let second = run(&[]);
        tamper(&root);
        let check = run(&["-C", "-D"]);
        vec![first, second, check]
    })
}

fn conformance(kind: Kind) {
    let reference = ansible();
    let fleet = Fleet::new(kind, &["ref"]);
    let root = fleet.root();
    let playbook = playbook_dir().join("conformance.yml");
    let run = |extra: &[&str]| {
        let mut args = vec![];
        args.extend_from_slice(extra);
        let r = fleet.play(&playbook.display().to_string(), &args);
        (normalize(&r.stdout(), &root), tree(&root))
    };
    let first = run(&[]);
    let second = run(&[]);
    tamper(&root);
    let check = run(&["-C", "-D"]);
    for (i, (ours, theirs)) in [first, second, check].iter().zip(reference).enumerate() {
        let what = ["first run", "second run", "check run with --diff"][i];
        assert_eq!(ours.1, theirs.1, "{what}: the files differ from what ansible-playbook left");
        assert_eq!(ours.0, theirs.0, "{what}: the output differs from ansible-playbook's");
    }
}

#[test]
fn the_reference_behaves_as_this_test_expects() {
    // Guards against comparing two broken runs: Ansible's first run made everything.
    let runs = ansible();
    let files = &runs[0].1;
    assert!(files.get("files/motd").is_some_and(|f| f.4.starts_with("Welcome to ")), "{files:?}");
    assert_eq!(files.get("files/greeting").map(|f| f.4.as_str()), Some("Hello, ref\n"));
    assert_eq!(files.get("files/conf.d/app.ini").map(|f| f.4.as_str()), Some("[app]\nport=8080\ntls=on\n"));
    assert_eq!(files.get("files/owned").map(|f| (f.1, f.2)), Some((0o600, 65534)));
    assert!(runs[1].0.contains("changed=0"), "{}", runs[1].0);
    let _ = workspace_root();
}
