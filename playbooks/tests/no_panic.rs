#![allow(clippy::unwrap_used)]
//! Bad input gets an error, never a panic: every prefix of a playbook, and many byte-level
//! mutations of it (a fixed-seed generator, so failures reproduce), go through the parser;
//! templates and conditionals cut at every position go through the templating.

use std::collections::BTreeMap;
use std::path::Path;

use rpyctl_playbooks::template::{condition, render, Vars};
use rpyctl_playbooks::{parse_playbook, LoadOptions};

const PLAYBOOK: &str = r#"- name: p
  hosts: web:&prod
  serial: [1, "50%"]
  vars: {a: "{{ b | default('x') }}", l: [1, 2]}
  tasks:
    - block:
        - command: ls -l chdir=/tmp
          register: r
          until: r.rc == 0
          retries: 2
      rescue:
        - debug: msg="{{ r.stdout_lines | join(',') }}"
      when: a is defined and l | length > 1
    - copy: {dest: /x, content: "{% for i in l %}{{ i }}{% endfor %}"}
      loop: "{{ l }}"
      loop_control: {label: "{{ item }}"}
      notify: h
  handlers:
    - name: h
      service: name=x state=restarted
"#;

/// xorshift64: deterministic bytes for mutations.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn parse(text: &str) {
    let _ = parse_playbook("fuzz.yml", text, Path::new("."), &LoadOptions::default());
}

#[test]
fn prefixes_and_mutations_of_a_playbook_never_panic() {
    assert!(parse_playbook("ok.yml", PLAYBOOK, Path::new("."), &LoadOptions::default()).is_ok());
    for (i, _) in PLAYBOOK.char_indices() {
        parse(&PLAYBOOK[..i]);
    }
    let specials = b"{}[]:-'\"%|>&*!#,\n \\{{}}";
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let mut bytes = PLAYBOOK.as_bytes().to_vec();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() as usize) % bytes.len();
            let b = specials[(rng.next() as usize) % specials.len()];
            match rng.next() % 3 {
                0 => bytes[at] = b,
                1 => bytes.insert(at, b),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        parse(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn broken_templates_and_conditions_never_panic() {
    let vars =
        Vars::new(serde_json::json!({"l": [1, 2], "d": {"k": "v"}}).as_object().unwrap().clone(), BTreeMap::new());
    let samples = [
        "{{ l | map('string') | join(',') }} {% for x in l %}{{ x }}{% endfor %}",
        "{{ {'a': {'b': [1, {'c': '}}'}]}} | to_json }}",
        "{{ d['k'] ~ \"x\\'y\" | regex_replace('(\\w)', '\\1\\1') }}",
    ];
    for s in samples {
        for (i, _) in s.char_indices() {
            let _ = render(&s[..i], &vars);
            let _ = render(&s[i..], &vars);
            let _ = condition(&serde_json::Value::String(s[..i].to_owned()), &vars);
        }
    }
}
