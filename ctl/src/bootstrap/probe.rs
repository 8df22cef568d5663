//! The probe: one command that tells what a host is and which agents it
//! already has. POSIX sh and busybox only (`uname`, `od -x`, `sha256sum`
//! or `shasum`; `id` without `$USER`), so it works on minimal and foreign
//! userlands. It is the first part of the bootstrap script
//! ([`super::script`]), and leaves `D` (the agent directory) and `S` (the
//! checksum command) set for it.

use std::fmt;

use crate::transport::ssh::sh_quote;

/// The host's byte order, spelled as Python's `sys.byteorder`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ByteOrder {
    Little,
    Big,
}

impl fmt::Display for ByteOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ByteOrder::Little => "little",
            ByteOrder::Big => "big",
        })
    }
}

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// `uname -s`.
    pub os: String,
    /// `uname -m`.
    pub machine: String,
    pub order: ByteOrder,
    /// The remote user (`id -un`).
    pub user: String,
    /// The absolute directory agents live in on the host.
    pub dir: String,
    /// Whether the host can compute SHA-256 (`sha256sum` or `shasum`).
    pub has_sha256: bool,
    /// Agents present in `dir`: (sha256 or `-`, file name).
    pub agents: Vec<(String, String)>,
}

/// The remote agent directory as a shell expression: `~` and `~/x` are
/// relative to the remote `$HOME`; empty means "the default", which the
/// probe works out: `$HOME/.cache/rpyctl`, or `/tmp/rpyctl-<uid>` when the
/// user has no home.
fn dir_expr(dir: Option<&str>) -> String {
    match dir {
        None => "''".to_owned(),
        Some("~") => "\"$HOME\"".to_owned(),
        Some(d) => match d.strip_prefix("~/") {
            Some(rest) => format!("\"$HOME\"/{}", sh_quote(rest)),
            None => sh_quote(d),
        },
    }
}

/// The probe script, for `dir` (`rpyc_agent_dir`, if set).
pub fn script(dir: Option<&str>) -> String {
    format!(
        r#"D={dir}
if [ -z "$D" ]; then
  if [ -n "$HOME" ] && [ "$HOME" != / ]; then D="$HOME/.cache/rpyctl"; else D="/tmp/rpyctl-$(id -u)"; fi
fi
case "$D" in /*) ;; *) D="$(pwd)/$D" ;; esac
echo "rpyctl-probe 1"
set -- $(uname -s -m)
echo "os=$1"
echo "machine=$2"
echo "order=$(printf '\001\000' | od -x)"
echo "user=${{USER:-$(id -un 2>/dev/null)}}"
echo "dir=$D"
if command -v sha256sum >/dev/null 2>&1; then S=sha256sum
elif command -v shasum >/dev/null 2>&1; then S="shasum -a 256"
else S=; fi
echo "sha256=${{S:-none}}"
for f in "$D"/rpyc-agent-*; do
  case "$f" in *.sha256) continue ;; esac
  [ -f "$f" ] || continue
  h=- how=hashed
  if [ -f "$f.sha256" ] && now=$(stat -c '%i %s %z' "$f" 2>/dev/null); then
    read -r sum was < "$f.sha256"
    if [ "$was" = "$now" ]; then h=$sum how=stamp; fi
  fi
  if [ "$h" = - ] && [ -n "$S" ]; then h=$($S "$f"); h=${{h%% *}}; fi
  echo "agent=$h ${{f##*/}} $how"
done
echo end
"#,
        dir = dir_expr(dir)
    )
}

/// Reads the probe's output.
pub fn parse(stdout: &str) -> Result<Probe, String> {
    let mut lines = stdout.lines().map(str::trim).skip_while(|l| *l != "rpyctl-probe 1");
    if lines.next().is_none() {
        let gist: String = stdout.chars().take(120).collect();
        return Err(format!("the probe did not run under /bin/sh (it printed {gist:?})"));
    }
    let (mut os, mut machine, mut order, mut user, mut dir, mut sha) = (None, None, None, None, None, None);
    let mut agents = Vec::new();
    let mut ended = false;
    for line in lines {
        if line == "end" {
            ended = true;
            break;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let value = value.trim().to_owned();
        match key {
            "os" => os = Some(value),
            "machine" => machine = Some(value),
            "order" => order = Some(value),
            "user" => user = Some(value),
            "dir" => dir = Some(value),
            "sha256" => sha = Some(value),
            "agent" => {
                let mut words = value.split_whitespace();
                if let (Some(hash), Some(name)) = (words.next(), words.next()) {
                    agents.push((hash.to_owned(), name.to_owned()));
                }
            }
            _ => {}
        }
    }
    if !ended {
        return Err("the probe's output ended early".into());
    }
    let need = |v: Option<String>, what: &str| v.filter(|s| !s.is_empty()).ok_or(format!("the probe found no {what}"));
    let order_text = need(order, "byte order (od -x)")?;
    let order = match order_text.split_whitespace().nth(1) {
        Some("0001") => ByteOrder::Little,
        Some("0100") => ByteOrder::Big,
        _ => return Err(format!("cannot tell the byte order: od -x printed {order_text:?}")),
    };
    Ok(Probe {
        os: need(os, "OS (uname -s)")?,
        machine: need(machine, "machine (uname -m)")?,
        order,
        user: user.unwrap_or_default(),
        dir: need(dir, "agent directory")?,
        has_sha256: sha.is_some_and(|s| s != "none"),
        agents,
    })
}

/// The Rust target triple of the agent for a Linux host with `uname -m`
/// `machine` and byte order `order`.
pub fn triple(machine: &str, order: ByteOrder) -> Result<&'static str, String> {
    let big = order == ByteOrder::Big;
    let t = match machine {
        "x86_64" | "amd64" => "x86_64-unknown-linux-gnu",
        "i386" | "i486" | "i586" | "i686" | "x86" => "i686-unknown-linux-gnu",
        "aarch64" | "arm64" if big => "aarch64_be-unknown-linux-gnu",
        "aarch64" | "arm64" => "aarch64-unknown-linux-gnu",
        "aarch64_be" => "aarch64_be-unknown-linux-gnu",
        m if m.starts_with("armv7") || m == "armv8l" => "armv7-unknown-linux-gnueabihf",
        m if m.starts_with("armv6") => "arm-unknown-linux-gnueabihf",
        m if m.starts_with("armv5") || m.starts_with("armv4") => "armv5te-unknown-linux-gnueabi",
        "s390x" => "s390x-unknown-linux-gnu",
        "ppc64le" => "powerpc64le-unknown-linux-gnu",
        "ppc64" => "powerpc64-unknown-linux-gnu",
        "ppc" => "powerpc-unknown-linux-gnu",
        "riscv64" => "riscv64gc-unknown-linux-gnu",
        "loongarch64" => "loongarch64-unknown-linux-gnu",
        "mips" if big => "mips-unknown-linux-gnu",
        "mips" => "mipsel-unknown-linux-gnu",
        "mips64" if big => "mips64-unknown-linux-gnuabi64",
        "mips64" => "mips64el-unknown-linux-gnuabi64",
        other => return Err(format!("no known Rust target for machine '{other}' ({order}-endian)")),
    };
    if expected_order(t) != order {
        return Err(format!("uname -m says '{machine}' but the byte order is {order}: cannot pick an agent"));
    }
    Ok(t)
}

fn expected_order(triple: &str) -> ByteOrder {
    let arch = triple.split('-').next().unwrap_or_default();
    let big = matches!(arch, "s390x" | "powerpc" | "powerpc64" | "mips" | "mips64" | "aarch64_be" | "sparc64");
    if big {
        ByteOrder::Big
    } else {
        ByteOrder::Little
    }
}

/// The word size of a target triple, in bits.
pub fn word_bits(triple: &str) -> u32 {
    let arch = triple.split('-').next().unwrap_or_default();
    let wide = ["x86_64", "aarch64", "s390x", "powerpc64", "riscv64", "loongarch64", "mips64", "sparc64"];
    if wide.iter().any(|w| arch.starts_with(w)) {
        64
    } else {
        32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_busybox_probe() {
        let out = "motd noise\nrpyctl-probe 1\nos=Linux\nmachine=s390x\norder=0000000 0100\nuser=root\n\
                   dir=/root/.cache/rpyctl\nsha256=sha256sum\nagent=abc123 rpyc-agent-s390x-unknown-linux-gnu\nend\n";
        let p = parse(out).expect("parse");
        assert_eq!(p.machine, "s390x");
        assert_eq!(p.order, ByteOrder::Big);
        assert!(p.has_sha256);
        assert_eq!(p.agents, vec![("abc123".into(), "rpyc-agent-s390x-unknown-linux-gnu".into())]);
        assert_eq!(triple(&p.machine, p.order), Ok("s390x-unknown-linux-gnu"));
    }

    #[test]
    fn rejects_truncated_or_foreign_output() {
        assert!(parse("rpyctl-probe 1\nos=Linux\n").is_err());
        assert!(parse("fish: unknown command\n").is_err());
        let bad = "rpyctl-probe 1\nos=Linux\nmachine=x86_64\norder=\ndir=/x\nend\n";
        assert!(parse(bad).unwrap_err().contains("byte order"));
    }

    #[test]
    fn triples_and_word_sizes() {
        use ByteOrder::*;
        assert_eq!(triple("x86_64", Little), Ok("x86_64-unknown-linux-gnu"));
        assert_eq!(triple("aarch64", Little), Ok("aarch64-unknown-linux-gnu"));
        assert_eq!(triple("armv7l", Little), Ok("armv7-unknown-linux-gnueabihf"));
        assert_eq!(triple("armv8l", Little), Ok("armv7-unknown-linux-gnueabihf"));
        assert_eq!(triple("armv6l", Little), Ok("arm-unknown-linux-gnueabihf"));
        assert_eq!(triple("i686", Little), Ok("i686-unknown-linux-gnu"));
        assert_eq!(triple("i386", Little), Ok("i686-unknown-linux-gnu"));
        assert_eq!(triple("s390x", Big), Ok("s390x-unknown-linux-gnu"));
        assert_eq!(triple("mips", Little), Ok("mipsel-unknown-linux-gnu"));
        assert!(triple("s390x", Little).is_err());
        assert!(triple("vax", Little).unwrap_err().contains("vax"));
        assert_eq!(word_bits("x86_64-unknown-linux-gnu"), 64);
        assert_eq!(word_bits("s390x-unknown-linux-gnu"), 64);
        assert_eq!(word_bits("i686-unknown-linux-gnu"), 32);
        assert_eq!(word_bits("armv7-unknown-linux-gnueabihf"), 32);
    }

    #[test]
    fn dir_expressions() {
        assert_eq!(dir_expr(None), "''");
        assert_eq!(dir_expr(Some("~")), "\"$HOME\"");
        assert_eq!(dir_expr(Some("~/a b")), "\"$HOME\"/'a b'");
        assert_eq!(dir_expr(Some("/opt/x")), "'/opt/x'");
    }

    /// The probe under the machine's own /bin/sh (and busybox sh, when
    /// installed), as a host would run it.
    #[test]
    fn the_script_runs_under_sh() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("rpyc-agent-x86_64-unknown-linux-gnu"), b"agent").expect("write");
        let d = dir.path().to_str().expect("utf-8 path");
        let mut shells = vec![vec!["/bin/sh"]];
        if std::path::Path::new("/bin/busybox").exists() {
            shells.push(vec!["/bin/busybox", "sh"]);
        }
        for shell in shells {
            let out = std::process::Command::new(shell[0])
                .args(&shell[1..])
                .arg("-c")
                .arg(script(Some(d)))
                .output()
                .expect("run sh");
            let p = parse(&String::from_utf8_lossy(&out.stdout)).expect("parse");
            assert_eq!(p.dir, d);
            assert_eq!(p.os, "Linux");
            let native = if cfg!(target_endian = "big") { ByteOrder::Big } else { ByteOrder::Little };
            assert_eq!(p.order, native);
            assert_eq!(p.agents.len(), 1, "{shell:?}: {p:?}");
            // sha256("agent")
            assert_eq!(p.agents[0].0, "d4f0bc5a29de06b510f9aa428f1eedba926012b591fef7a518e776a7c9bd1824");
        }
    }
}
