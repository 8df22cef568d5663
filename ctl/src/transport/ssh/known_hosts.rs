//! OpenSSH `known_hosts` files: looking a host's key up, and recording a
//! new one (`accept-new`).
//!
//! Understood: comments, plain host patterns with `*`/`?` wildcards and
//! `!negation`, `[host]:port` for ports other than 22, hashed entries
//! (`|1|salt|hmac`, as `HashKnownHosts yes` writes them), several keys per
//! host, and the `@revoked` marker. `@cert-authority` lines are skipped
//! (rpyctl does not verify host certificates). Lines that do not parse are
//! ignored, like OpenSSH does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use data_encoding::BASE64;
use hmac::{Hmac, KeyInit, Mac};
use russh::keys::{Algorithm, HashAlg, PublicKey};
use sha1::Sha1;

/// What the files say about a host's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The key is recorded for the host.
    Known,
    /// Nothing is recorded for the host.
    Unknown,
    /// Other keys are recorded for the host, not this one: the first such
    /// entry.
    Changed { file: PathBuf, line: usize },
    /// The key is marked `@revoked`.
    Revoked { file: PathBuf, line: usize },
}

/// How known_hosts names a host: `address`, or `[address]:port` when the
/// port is not 22.
pub fn host_id(address: &str, port: u16) -> String {
    let address = address.to_ascii_lowercase();
    if port == 22 {
        address
    } else {
        format!("[{address}]:{port}")
    }
}

struct Entry<'a> {
    marker: Option<&'a str>,
    patterns: &'a str,
    blob: &'a str,
}

fn parse_line(line: &str) -> Option<Entry<'_>> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut fields = line.split_whitespace();
    let mut first = fields.next()?;
    let mut marker = None;
    if first.starts_with('@') {
        marker = Some(first);
        first = fields.next()?;
    }
    let _key_type = fields.next()?;
    let blob = fields.next()?;
    Some(Entry { marker, patterns: first, blob })
}

/// `*` and `?` glob matching, as OpenSSH's `match_pattern`.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == b'?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

fn hashed_matches(hashed: &str, host: &str) -> bool {
    let Some((salt, hash)) = hashed.split_once('|') else { return false };
    let (Ok(salt), Ok(hash)) = (BASE64.decode(salt.as_bytes()), BASE64.decode(hash.as_bytes())) else {
        return false;
    };
    let Ok(mac) = Hmac::<Sha1>::new_from_slice(&salt) else { return false };
    mac.chain_update(host.as_bytes()).verify_slice(&hash).is_ok()
}

/// Whether a comma-separated pattern list names `host` (a negated match
/// wins over everything).
fn host_matches(patterns: &str, host: &str) -> bool {
    let mut matched = false;
    for pattern in patterns.split(',') {
        if let Some(hashed) = pattern.strip_prefix("|1|") {
            matched |= hashed_matches(hashed, host);
            continue;
        }
        let (negated, pattern) = match pattern.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, pattern),
        };
        if glob(pattern.to_ascii_lowercase().as_bytes(), host.as_bytes()) {
            if negated {
                return false;
            }
            matched = true;
        }
    }
    matched
}

fn same_key(blob: &str, key: &PublicKey) -> Option<bool> {
    russh::keys::parse_public_key_base64(blob).ok().map(|recorded| recorded.key_data() == key.key_data())
}

/// Looks `key` up for `host` (as [`host_id`] spells it) in `files`
/// (missing files count as empty).
pub fn check(files: &[PathBuf], host: &str, key: &PublicKey) -> Verdict {
    let (mut known, mut changed, mut revoked) = (false, None, None);
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        for (n, line) in text.lines().enumerate() {
            let Some(entry) = parse_line(line) else { continue };
            match entry.marker {
                None => {}
                Some("@revoked") => {
                    // A revoked key is refused for every host.
                    if same_key(entry.blob, key) == Some(true) && revoked.is_none() {
                        revoked = Some((file.clone(), n + 1));
                    }
                    continue;
                }
                Some(_) => continue,
            }
            if !host_matches(entry.patterns, host) {
                continue;
            }
            match same_key(entry.blob, key) {
                Some(true) => known = true,
                Some(false) if changed.is_none() => changed = Some((file.clone(), n + 1)),
                _ => {}
            }
        }
    }
    match (revoked, known, changed) {
        (Some((file, line)), _, _) => Verdict::Revoked { file, line },
        (None, true, _) => Verdict::Known,
        (None, false, Some((file, line))) => Verdict::Changed { file, line },
        (None, false, None) => Verdict::Unknown,
    }
}

/// The key algorithms recorded for `host`, in file order: the client
/// offers these first, so a server with several host keys presents the
/// one we know (OpenSSH does the same).
pub fn known_algorithms(files: &[PathBuf], host: &str) -> Vec<Algorithm> {
    let mut out: Vec<Algorithm> = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(file) else { continue };
        for entry in text.lines().filter_map(parse_line) {
            if entry.marker.is_some() || !host_matches(entry.patterns, host) {
                continue;
            }
            if let Ok(key) = russh::keys::parse_public_key_base64(entry.blob) {
                let algorithm = key.algorithm();
                if !out.contains(&algorithm) {
                    out.push(algorithm);
                }
            }
        }
    }
    out
}

/// Appends `host key` to `file` (creating it and its directory), as
/// `ssh -o StrictHostKeyChecking=accept-new` does. Serialized within the
/// process: many hosts may learn at once.
pub fn learn(file: &Path, host: &str, key: &PublicKey) -> Result<(), String> {
    static WRITING: Mutex<()> = Mutex::new(());
    let _guard = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    // Another task may have learnt the same host meanwhile.
    if check(&[file.to_path_buf()], host, key) == Verdict::Known {
        return Ok(());
    }
    let line = key.to_openssh().map_err(|e| format!("cannot encode the host key: {e}"))?;
    let write = || -> std::io::Result<()> {
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let existing = std::fs::read(file).unwrap_or_default();
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(file)?;
        if !existing.is_empty() && !existing.ends_with(b"\n") {
            f.write_all(b"\n")?;
        }
        writeln!(f, "{host} {line}")
    };
    write().map_err(|e| format!("cannot record the host key in {}: {e}", file.display()))
}

/// `SHA256:...`, as OpenSSH prints fingerprints.
pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED_A: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ";
    const ED_B: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIA6rWI3G2sz07DnfFlrouTcysQlj2P+jpNSOEWD9OJ3X";

    fn key(blob: &str) -> PublicKey {
        russh::keys::parse_public_key_base64(blob).expect("test key")
    }

    fn file_with(text: &str) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("known_hosts");
        std::fs::write(&path, text).expect("write");
        (dir, vec![path])
    }

    #[test]
    fn host_ids_follow_openssh() {
        assert_eq!(host_id("Web1.example", 22), "web1.example");
        assert_eq!(host_id("127.0.0.1", 2222), "[127.0.0.1]:2222");
    }

    #[test]
    fn globs() {
        assert!(glob(b"*.example", b"web.example"));
        assert!(glob(b"web?", b"web1"));
        assert!(!glob(b"web?", b"web12"));
        assert!(glob(b"*", b""));
        assert!(glob(b"a*b*c", b"axxbyyc"));
        assert!(!glob(b"a*b*c", b"axxbyy"));
    }

    #[test]
    fn known_unknown_changed_revoked() {
        let (_d, files) = file_with(&format!(
            "# comment\n\nweb1,web2 ssh-ed25519 {ED_A}\n[10.0.0.1]:2222 ssh-ed25519 {ED_B} c\n*.prod,!db.prod ssh-ed25519 {ED_A}\n"
        ));
        assert_eq!(check(&files, "web2", &key(ED_A)), Verdict::Known);
        assert_eq!(check(&files, "web3", &key(ED_A)), Verdict::Unknown);
        assert_eq!(check(&files, "[10.0.0.1]:2222", &key(ED_B)), Verdict::Known);
        assert_eq!(check(&files, "10.0.0.1", &key(ED_B)), Verdict::Unknown);
        assert!(matches!(check(&files, "web1", &key(ED_B)), Verdict::Changed { line: 3, .. }));
        assert_eq!(check(&files, "api.prod", &key(ED_A)), Verdict::Known);
        assert_eq!(check(&files, "db.prod", &key(ED_A)), Verdict::Unknown);
        assert_eq!(known_algorithms(&files, "web1"), vec![Algorithm::Ed25519]);

        let (_d, files) = file_with(&format!("@revoked * ssh-ed25519 {ED_A}\nweb1 ssh-ed25519 {ED_A}\n"));
        assert!(matches!(check(&files, "web1", &key(ED_A)), Verdict::Revoked { line: 1, .. }));
    }

    #[test]
    fn hashed_entries_match() {
        // A hashed entry for "example.com", from russh's own tests.
        let (_d, files) = file_with(
            "|1|O33ESRMWPVkMYIwJ1Uw+n877jTo=|nuuC5vEqXlEZ/8BXQR7m619W6Ak= ssh-ed25519 \
             AAAAC3NzaC1lZDI1NTE5AAAAILIG2T/B0l0gaqj3puu510tu9N1OkQ4znY3LYuEm5zCF\n",
        );
        let k = key("AAAAC3NzaC1lZDI1NTE5AAAAILIG2T/B0l0gaqj3puu510tu9N1OkQ4znY3LYuEm5zCF");
        assert_eq!(check(&files, "example.com", &k), Verdict::Known);
        assert_eq!(check(&files, "other.example", &k), Verdict::Unknown);
    }

    #[test]
    fn learning_appends_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/known_hosts");
        learn(&path, "[h]:2", &key(ED_A)).expect("learn");
        learn(&path, "[h]:2", &key(ED_A)).expect("learn again");
        let text = std::fs::read_to_string(&path).expect("read");
        assert_eq!(text.lines().count(), 1, "{text}");
        assert_eq!(check(&[path], "[h]:2", &key(ED_A)), Verdict::Known);
    }
}
