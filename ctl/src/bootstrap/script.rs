//! The host side of a bootstrap: one POSIX `sh` script, run by one SSH
//! exec, that probes the host ([`super::probe`]) and then obeys the
//! controller's commands, one line each on its stdin:
//!
//! - `upload TRIPLE SIZE SHA256` then SIZE bytes: the bytes go to a
//!   temporary file beside the agent (`head -c`), are checked with the
//!   host's own `sha256sum`/`shasum`, and only then renamed into place
//!   (atomic: a concurrent run sees the old agent or the new one, never half
//!   of one). Answers `placed`, or exits non-zero with the reason on stderr.
//!   The verified checksum is recorded beside the agent, in
//!   `rpyc-agent-<triple>.sha256`, with the file's inode, size and change
//!   time (nanoseconds); the probe trusts the record while all three are
//!   unchanged and hashes the file again otherwise. Any write, `chmod`,
//!   `touch` or replacement changes the ctime (git's index relies on the
//!   same); the record spares a warm connect the hashing, which costs 200 ms
//!   for 4 MB on an emulated s390x.
//! - `check TRIPLE`: runs the agent's `--version`; answers its output, then
//!   `checked`.
//! - `run TRIPLE keep|remove`: replaces the script with the agent in
//!   `--stdio` mode, so what follows on the channel is RPyC. With `remove`,
//!   the script waits for the agent instead and deletes it (and its
//!   record) once it exits.
//! - anything else, or EOF: exit 0.
//!
//! Why one exec: every exec costs the host a login shell (`~/.bashrc`,
//! PAM, a qemu start on an emulated userland), which is most of an SSH
//! round trip; probing, placing and starting on one channel pays it once.
//! `read` takes its line byte by byte from the channel's pipe (POSIX
//! requires it not to read past the newline), and the controller sends the
//! bytes of an upload only after the command line and waits for `placed`
//! before anything else, so `head -c` cannot read past them either.

use super::probe;

const COMMANDS: &str = r#"set -f
while IFS= read -r line; do
  set -- $line
  case "$1" in
    upload)
      [ -n "$S" ] || { echo "the host has neither sha256sum nor shasum: cannot verify an upload" >&2; exit 4; }
      umask 077
      mkdir -p "$D" || exit 3
      [ -O "$D" ] || { echo "$D is not owned by ${USER:-$(id -un)}" >&2; exit 3; }
      T="$D/.rpyc-agent-$2.$$"
      trap 'rm -f "$T"' EXIT
      head -c "$3" > "$T" || { echo "cannot write $T" >&2; exit 3; }
      chmod 700 "$T" || exit 3
      h=$($S "$T")
      h=${h%% *}
      if [ "$h" != "$4" ]; then echo "checksum mismatch after upload: expected $4, got $h" >&2; exit 4; fi
      rm -f "$D/rpyc-agent-$2.sha256"
      mv -f "$T" "$D/rpyc-agent-$2" || exit 3
      trap - EXIT
      if now=$(stat -c '%i %s %z' "$D/rpyc-agent-$2" 2>/dev/null); then
        echo "$4 $now" > "$D/rpyc-agent-$2.sha256"
      fi
      echo placed
      ;;
    check)
      "$D/rpyc-agent-$2" --version 2>&1 || echo "the agent exited with status $?"
      echo checked
      ;;
    run)
      P="$D/rpyc-agent-$2"
      if [ "$3" = remove ]; then
        "$P" --stdio -q
        r=$?
        rm -f "$P" "$P.sha256"
        exit $r
      fi
      exec "$P" --stdio -q
      ;;
    *) exit 0 ;;
  esac
done
"#;

/// The whole script, for `rpyc_agent_dir` `dir` (if set).
pub fn script(dir: Option<&str>) -> String {
    format!("{}{COMMANDS}", probe::script(dir))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::path::Path;
    use std::process::{Command, Stdio};

    use super::*;
    use crate::bootstrap::store::sha256_hex;

    const TRIPLE: &str = "x86_64-unknown-linux-gnu";

    /// The shells the script must work under: the machine's `/bin/sh`, and
    /// busybox `sh` when installed (the userland of small hosts).
    fn shells() -> Vec<Vec<&'static str>> {
        let mut shells = vec![vec!["/bin/sh"]];
        if Path::new("/bin/busybox").exists() {
            shells.push(vec!["/bin/busybox", "sh"]);
        }
        shells
    }

    fn run(shell: &[&str], dir: &Path, stdin: &[u8]) -> std::process::Output {
        let mut child = Command::new(shell[0])
            .args(&shell[1..])
            .arg("-c")
            .arg(script(Some(dir.to_str().expect("utf-8 path"))))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh");
        // The script may exit before reading everything (a failed check).
        let _ = child.stdin.take().expect("stdin").write_all(stdin);
        child.wait_with_output().expect("wait")
    }

    fn upload_line(data: &[u8], sha: &str) -> Vec<u8> {
        let mut line = format!("upload {TRIPLE} {} {sha}\n", data.len()).into_bytes();
        line.extend_from_slice(data);
        line
    }

    #[test]
    fn places_atomically_and_checks_the_sum() {
        for shell in shells() {
            let tmp = tempfile::tempdir().expect("tempdir");
            let dir = tmp.path().join("agents dir");
            // Bytes that look like commands must stay data.
            let data = b"quit\nrun x keep\n\x00\xff agent";
            let mut input = upload_line(data, &sha256_hex(data));
            input.extend_from_slice(b"quit\n");
            let out = run(&shell, &dir, &input);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(out.status.success(), "{shell:?}: {}", String::from_utf8_lossy(&out.stderr));
            assert!(stdout.ends_with("end\nplaced\n"), "{shell:?}: {stdout}");
            let placed = dir.join(format!("rpyc-agent-{TRIPLE}"));
            assert_eq!(std::fs::read(&placed).expect("placed"), data);

            // A wrong sum leaves the old agent and no temporary behind.
            let out = run(&shell, &dir, &upload_line(b"other", &sha256_hex(data)));
            assert_eq!(out.status.code(), Some(4), "{shell:?}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"), "{shell:?}");
            assert_eq!(std::fs::read(&placed).expect("placed"), data);
            let mut names: Vec<String> = std::fs::read_dir(&dir)
                .expect("dir")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            assert_eq!(names, [format!("rpyc-agent-{TRIPLE}"), format!("rpyc-agent-{TRIPLE}.sha256")], "{shell:?}");
        }
    }

    fn probed(shell: &[&str], dir: &Path) -> Vec<(String, String)> {
        let out = run(shell, dir, b"");
        super::super::probe::parse(&String::from_utf8_lossy(&out.stdout)).expect("probe").agents
    }

    /// The probe takes the checksum recorded at upload while the file is
    /// the one uploaded, and hashes it again once it changed.
    #[test]
    fn the_probe_trusts_the_upload_record_only_for_the_same_file() {
        for shell in shells() {
            let tmp = tempfile::tempdir().expect("tempdir");
            let data = b"agent bytes";
            let out = run(&shell, tmp.path(), &upload_line(data, &sha256_hex(data)));
            assert!(out.status.success(), "{shell:?}: {}", String::from_utf8_lossy(&out.stderr));
            let name = format!("rpyc-agent-{TRIPLE}");
            assert_eq!(probed(&shell, tmp.path()), [(sha256_hex(data), name.clone())], "{shell:?}");
            let out = run(&shell, tmp.path(), b"");
            assert!(String::from_utf8_lossy(&out.stdout).contains(" stamp\n"), "{shell:?}: the record was used");

            // A record that lies about the content is believed only while
            // the file is untouched: proof that it is the record being read.
            let record = tmp.path().join(format!("{name}.sha256"));
            let text = std::fs::read_to_string(&record).expect("record");
            let (_, identity) = text.split_once(' ').expect("sum and identity");
            std::fs::write(&record, format!("{} {identity}", "0".repeat(64))).expect("rewrite record");
            assert_eq!(probed(&shell, tmp.path())[0].0, "0".repeat(64), "{shell:?}");

            // The same size rewritten in place: new ctime, hashed again.
            std::fs::write(tmp.path().join(&name), b"agent BYTES").expect("rewrite");
            assert_eq!(probed(&shell, tmp.path()), [(sha256_hex(b"agent BYTES"), name.clone())], "{shell:?}");
        }
    }

    /// `run` hands the rest of the channel to the agent untouched: here an
    /// "agent" that echoes its stdin, after an upload of it on the same
    /// stdin; `remove` deletes it once it exits.
    #[test]
    fn run_hands_the_rest_of_stdin_to_the_agent() {
        for shell in shells() {
            let tmp = tempfile::tempdir().expect("tempdir");
            let agent = b"#!/bin/sh\necho \"args: $*\"\nexec cat\n";
            let mut input = upload_line(agent, &sha256_hex(agent));
            input.extend_from_slice(format!("run {TRIPLE} remove\n").as_bytes());
            input.extend_from_slice(b"first line for the agent\n\x00binary\xfe tail");
            let out = run(&shell, tmp.path(), &input);
            let stdout = out.stdout;
            let want: &[u8] = b"placed\nargs: --stdio -q\nfirst line for the agent\n\x00binary\xfe tail";
            assert!(stdout.ends_with(want), "{shell:?}: {}", String::from_utf8_lossy(&stdout));
            assert!(out.status.success(), "{shell:?}");
            assert!(!tmp.path().join(format!("rpyc-agent-{TRIPLE}")).exists(), "{shell:?}: removed");
            assert!(!tmp.path().join(format!("rpyc-agent-{TRIPLE}.sha256")).exists(), "{shell:?}: removed");
        }
    }

    #[test]
    fn check_reports_the_version_and_eof_ends_the_script() {
        for shell in shells() {
            let tmp = tempfile::tempdir().expect("tempdir");
            let agent = b"#!/bin/sh\necho rpyc-agent 9.9 $1\n";
            let mut input = upload_line(agent, &sha256_hex(agent));
            input.extend_from_slice(format!("check {TRIPLE}\n").as_bytes());
            let out = run(&shell, tmp.path(), &input);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.ends_with("placed\nrpyc-agent 9.9 --version\nchecked\n"), "{shell:?}: {stdout}");
            assert!(out.status.success(), "{shell:?}");
        }
    }
}
