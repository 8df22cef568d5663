//! Placing an agent on a host over the SSH connection: the bytes go to a
//! temporary file beside the target through `cat`, are checked with the
//! host's own `sha256sum`, and only then renamed into place (atomic: a
//! concurrent run sees the old file or the new one, never half of one).

use crate::transport::ssh::{sh_command, sh_quote, Session};

use super::store::StoredAgent;

/// The upload script: into `dir` (absolute, from the probe), as
/// `rpyc-agent-<triple>`, expecting `sha256`.
pub fn script(dir: &str, triple: &str, sha256: &str) -> String {
    format!(
        r#"set -e
umask 077
D={dir}
mkdir -p "$D"
[ -O "$D" ] || {{ echo "$D is not owned by $(id -un)" >&2; exit 3; }}
T="$D/.rpyc-agent-{triple}.$$"
trap 'rm -f "$T"' EXIT
cat > "$T"
chmod 700 "$T"
if command -v sha256sum >/dev/null 2>&1; then S=$(sha256sum "$T"); else S=$(shasum -a 256 "$T"); fi
S=${{S%% *}}
if [ "$S" != {sha} ]; then echo "checksum mismatch after upload: expected {sha}, got $S" >&2; exit 4; fi
mv -f "$T" "$D/rpyc-agent-{triple}"
trap - EXIT
echo placed
"#,
        dir = sh_quote(dir),
        triple = triple,
        sha = sha256,
    )
}

/// Uploads `agent` into `dir` on the host.
pub async fn upload(session: &Session, dir: &str, agent: &StoredAgent) -> Result<(), String> {
    let out = session
        .run(&sh_command(&script(dir, &agent.triple, &agent.sha256)), Some(&agent.bytes))
        .await
        .map_err(|e| format!("upload to {dir} failed: {e}"))?;
    if !out.success() || !String::from_utf8_lossy(&out.stdout).contains("placed") {
        return Err(format!("upload to {dir} failed: {}", out.failure()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_script(dir: &str, data: &[u8], sha: &str) -> std::process::Output {
        use std::io::Write;
        let mut child = std::process::Command::new("/bin/sh")
            .arg("-c")
            .arg(script(dir, "x86_64-unknown-linux-gnu", sha))
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("sh");
        child.stdin.take().expect("stdin").write_all(data).expect("write");
        child.wait_with_output().expect("wait")
    }

    #[test]
    fn places_atomically_and_checks_the_sum() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("agents dir");
        let d = dir.to_str().expect("utf-8");
        let sha = super::super::store::sha256_hex(b"agent");
        let out = run_script(d, b"agent", &sha);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let placed = dir.join("rpyc-agent-x86_64-unknown-linux-gnu");
        assert_eq!(std::fs::read(&placed).expect("placed"), b"agent");
        // A wrong sum leaves the old file and no temporary behind.
        let out = run_script(d, b"other", &sha);
        assert_eq!(out.status.code(), Some(4));
        assert!(String::from_utf8_lossy(&out.stderr).contains("checksum mismatch"));
        assert_eq!(std::fs::read(&placed).expect("placed"), b"agent");
        assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);
    }
}
