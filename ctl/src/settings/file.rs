//! The config file, `rpyctl.toml`: `--config FILE`, else `$RPYCTL_CONFIG`,
//! else `./rpyctl.toml`, else `$XDG_CONFIG_HOME/rpyctl/rpyctl.toml`
//! (`~/.config/rpyctl/rpyctl.toml`). Every key is optional:
//!
//! ```toml
//! inventory = ["inventory.yml"]    # or one string; relative to this file
//! forks = 50
//! timeout = 5                      # connect, seconds
//! call_timeout = 60
//! host_key_checking = "accept-new" # strict | accept-new | off
//! agent_store = "target/agents"    # relative to this file
//! output = "human"                 # human | oneline | json | jsonl
//! ```
//!
//! An unknown key is an error naming the file and line, as is a value of
//! the wrong type: a typo must not silently fall back to a default.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::{Source, Sourced};

/// The keys a config file may set.
pub const KEYS: &[&str] =
    &["inventory", "forks", "timeout", "call_timeout", "host_key_checking", "agent_store", "output", "roles_path"];

/// A parsed config file.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    path: PathBuf,
    text: String,
    table: toml::Table,
}

/// Which config file to read, if any. An explicit one (flag or environment)
/// must exist; the default places are looked in quietly.
pub fn locate(
    flag: Option<PathBuf>,
    env: Option<String>,
    cwd: &Path,
    config_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Result<Option<PathBuf>> {
    if let Some(path) = flag.or_else(|| env.filter(|e| !e.trim().is_empty()).map(PathBuf::from)) {
        if !path.is_file() {
            bail!("config file {} does not exist", path.display());
        }
        return Ok(Some(path));
    }
    let user_dir = config_home.filter(|p| p.is_absolute()).or_else(|| home.map(|h| h.join(".config")));
    let candidates = std::iter::once(cwd.join("rpyctl.toml")).chain(user_dir.map(|d| d.join("rpyctl/rpyctl.toml")));
    Ok(candidates.into_iter().find(|p| p.is_file()))
}

impl ConfigFile {
    pub fn read(path: &Path) -> Result<ConfigFile> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        ConfigFile::parse(path.to_path_buf(), &text)
    }

    pub fn parse(path: PathBuf, text: &str) -> Result<ConfigFile> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let at = e.span().map(|s| line_col(text, s.start)).map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default();
            anyhow!("{}{at}: {}", path.display(), e.message())
        })?;
        let file = ConfigFile { path, text: text.to_owned(), table };
        if let Some(unknown) = file.table.keys().find(|k| !KEYS.contains(&k.as_str())) {
            bail!(
                "{}:{}: unknown key '{unknown}' (known: {})",
                file.path.display(),
                file.line_of(unknown),
                KEYS.join(", ")
            );
        }
        Ok(file)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line where `key` is set (1 if it cannot be told).
    fn line_of(&self, key: &str) -> usize {
        self.text
            .lines()
            .position(|l| {
                let l = l.trim_start();
                l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
                    || l.strip_prefix(&format!("\"{key}\"")).is_some_and(|rest| rest.trim_start().starts_with('='))
            })
            .map_or(1, |i| i + 1)
    }

    /// `key`'s value parsed, with its file and line; `None` when unset.
    /// Numbers, strings and lists of strings are given to `parse` as text.
    pub fn get<T>(&self, key: &str, parse: &impl Fn(&str) -> Result<T>) -> Result<Option<Sourced<T>>> {
        let Some(value) = self.table.get(key) else { return Ok(None) };
        let line = self.line_of(key);
        let at = || format!("{}:{line}: {key}", self.path.display());
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(n) => n.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Array(items) => {
                let strings: Option<Vec<&str>> = items.iter().map(toml::Value::as_str).collect();
                match strings {
                    Some(s) if !s.iter().any(|p| p.contains(',')) => s.join(","),
                    _ => bail!("{}: expected a list of strings without commas", at()),
                }
            }
            other => bail!("{}: unexpected {}", at(), other.type_str()),
        };
        let value = parse(&text).map_err(|e| anyhow!("{}: {e}", at()))?;
        Ok(Some(Sourced { value, source: Source::File { path: self.path.clone(), line } }))
    }

    /// `path` relative to the file's directory (absolute paths and `~/`
    /// stay as they are).
    pub fn relative(&self, path: &str) -> String {
        if Path::new(path).is_absolute() || path.starts_with('~') || path.contains(',') {
            return path.to_owned();
        }
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.join(path).display().to_string(),
            _ => path.to_owned(),
        }
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_with_their_lines() {
        let f =
            ConfigFile::parse("c/rpyctl.toml".into(), "# comment\n\nforks = 5\ninventory = \"a.yml\"\n").expect("ok");
        let forks = f.get("forks", &|t: &str| Ok(t.parse::<usize>()?)).expect("parses").expect("set");
        assert_eq!(forks.value, 5);
        assert_eq!(forks.source, Source::File { path: "c/rpyctl.toml".into(), line: 3 });
        assert_eq!(f.relative("a.yml"), "c/a.yml");
        assert_eq!(f.relative("/abs.yml"), "/abs.yml");
        assert!(f.get("timeout", &|t: &str| Ok(t.to_owned())).expect("ok").is_none());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = ConfigFile::parse("r.toml".into(), "forks = 5\nforsk = 6\n").expect_err("unknown key");
        assert!(e.to_string().starts_with("r.toml:2: unknown key 'forsk'"), "{e}");
        let e = ConfigFile::parse("r.toml".into(), "forks = [\n").expect_err("bad toml");
        assert!(e.to_string().starts_with("r.toml:"), "{e}");
        let f = ConfigFile::parse("r.toml".into(), "\nforks = true\n").expect("ok");
        let e = f.get("forks", &|t: &str| Ok(t.to_owned())).expect_err("bool");
        assert!(e.to_string().contains("r.toml:2: forks"), "{e}");
    }

    #[test]
    fn explicit_files_must_exist_default_places_are_optional() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(locate(Some(dir.path().join("none.toml")), None, dir.path(), None, None).is_err());
        assert_eq!(locate(None, None, dir.path(), None, None).expect("ok"), None);
        let user = dir.path().join("cfg/rpyctl");
        std::fs::create_dir_all(&user).expect("mkdir");
        std::fs::write(user.join("rpyctl.toml"), "").expect("write");
        let found = locate(None, None, dir.path(), Some(dir.path().join("cfg")), None).expect("ok");
        assert_eq!(found, Some(user.join("rpyctl.toml")));
        std::fs::write(dir.path().join("rpyctl.toml"), "").expect("write");
        let found = locate(None, None, dir.path(), Some(dir.path().join("cfg")), None).expect("ok");
        assert_eq!(found, Some(dir.path().join("rpyctl.toml")), "the working directory's comes first");
    }
}
