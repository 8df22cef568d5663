//! Settings, resolved once per run: the command line, then the environment,
//! then the config file (`rpyctl.toml`, see [`file`]), then defaults. Every
//! command receives the resulting [`Settings`]; clap's structs go no
//! further than here. Each value remembers where it came from, for
//! `rpyctl config`.

pub mod file;

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{anyhow, bail, Result};
use clap::ValueEnum;

use crate::cli::{Format, Global};
use crate::transport::ssh::HostKeyChecking;

use self::file::ConfigFile;

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// A command-line flag, as typed (`--forks`).
    Flag(&'static str),
    /// An environment variable.
    Env(&'static str),
    /// A config file and the line of the key.
    File {
        path: PathBuf,
        line: usize,
    },
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Flag(flag) => write!(f, "command line ({flag})"),
            Source::Env(var) => write!(f, "environment ({var})"),
            Source::File { path, line } => write!(f, "{}:{line}", path.display()),
        }
    }
}

/// A value and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

/// Everything a command needs to know about the run, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Inventory sources; empty: the working directory's file or the
    /// embedded default.
    pub inventory: Sourced<Vec<String>>,
    pub extra_vars: Vec<String>,
    pub limit: Option<String>,
    pub forks: Sourced<usize>,
    pub connect_timeout: Sourced<Duration>,
    pub call_timeout: Sourced<Duration>,
    pub output: Sourced<Format>,
    /// `-t DIR`: one JSON file per host.
    pub tree: Option<PathBuf>,
    pub list_hosts: bool,
    pub allow_empty: bool,
    pub host_key_checking: Sourced<HostKeyChecking>,
    /// `None`: the store is looked for in its default places.
    pub agent_store: Sourced<Option<PathBuf>>,
    pub persist: bool,
    /// Where `rpyctl play` looks for roles besides the playbook's `roles/`
    /// (Ansible's `roles_path`).
    pub roles_path: Sourced<Vec<PathBuf>>,
    pub verbose: u8,
    /// The config file read, if any.
    pub config_file: Option<PathBuf>,
}

/// The environment variables settings read.
pub const ENV_VARS: &[&str] = &[
    "RPYCTL_CONFIG",
    "RPYCTL_INVENTORY",
    "RPYCTL_FORKS",
    "RPYCTL_TIMEOUT",
    "RPYCTL_CALL_TIMEOUT",
    "RPYCTL_OUTPUT",
    "RPYCTL_HOST_KEY_CHECKING",
    "RPYCTL_AGENT_STORE",
    "RPYCTL_ROLES_PATH",
];

/// One setting's candidates in precedence order: flag, env, file.
struct Layer<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    file: Option<&'a ConfigFile>,
}

impl Layer<'_> {
    /// The first of: the flag's value, the environment variable parsed,
    /// the file's key parsed, the default.
    fn pick<T>(
        &self,
        flag: (&'static str, Option<T>),
        env: &'static str,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T>,
        default: T,
    ) -> Result<Sourced<T>> {
        if let (name, Some(value)) = flag {
            return Ok(Sourced { value, source: Source::Flag(name) });
        }
        if let Some(text) = (self.env)(env).filter(|t| !t.trim().is_empty()) {
            let value = parse(text.trim()).map_err(|e| anyhow!("${env}: {e}"))?;
            return Ok(Sourced { value, source: Source::Env(env) });
        }
        if let Some(file) = self.file {
            if let Some(entry) = file.get(key, &parse)? {
                return Ok(entry);
            }
        }
        Ok(Sourced { value: default, source: Source::Default })
    }
}

/// A positive, finite number of seconds.
pub fn seconds(text: &str) -> Result<Duration> {
    let s: f64 = text.parse().map_err(|_| anyhow!("'{text}' is not a number of seconds"))?;
    positive_seconds(s)
}

fn positive_seconds(s: f64) -> Result<Duration> {
    if s.is_finite() && s > 0.0 && s < 1e9 {
        Ok(Duration::from_secs_f64(s))
    } else {
        bail!("{s} is not a positive number of seconds")
    }
}

fn forks(text: &str) -> Result<usize> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!("'{text}' is not a positive number of hosts"),
    }
}

fn value_enum<T: ValueEnum>(text: &str) -> Result<T> {
    T::from_str(text, true).map_err(|_| {
        let names: Vec<String> =
            T::value_variants().iter().filter_map(|v| v.to_possible_value()).map(|p| p.get_name().to_owned()).collect();
        anyhow!("'{text}' is not one of {}", names.join(", "))
    })
}

impl Settings {
    /// Resolves the settings of this run from the command line, the
    /// process environment and the config file.
    pub fn resolve(global: &Global) -> Result<Settings> {
        let env = |name: &str| std::env::var(name).ok();
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let config_home = std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from);
        let cwd = std::env::current_dir().unwrap_or_default();
        let path = file::locate(global.config.clone(), env("RPYCTL_CONFIG"), &cwd, config_home, home)?;
        let config = path.map(|p| ConfigFile::read(&p)).transpose()?;
        Settings::from_layers(global, &env, config.as_ref())
    }

    /// The resolution itself, given the environment and the file (tests
    /// call it with their own).
    pub fn from_layers(
        global: &Global,
        env: &dyn Fn(&str) -> Option<String>,
        config: Option<&ConfigFile>,
    ) -> Result<Settings> {
        let layer = Layer { env, file: config };
        let flag_inventory = (!global.inventory.is_empty()).then(|| global.inventory.clone());
        let inventory = layer.pick(
            ("-i", flag_inventory),
            "RPYCTL_INVENTORY",
            "inventory",
            |text| Ok(text.split(',').map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()),
            Vec::new(),
        )?;
        // The file's inventory is a list; its paths are relative to the file.
        let inventory = match (&inventory.source, config) {
            (Source::File { .. }, Some(file)) => {
                Sourced { value: inventory.value.iter().map(|p| file.relative(p)).collect(), source: inventory.source }
            }
            _ => inventory,
        };
        let timeout_flag = global.timeout.map(positive_seconds).transpose().map_err(|e| anyhow!("--timeout: {e}"))?;
        let call_flag =
            global.call_timeout.map(positive_seconds).transpose().map_err(|e| anyhow!("--call-timeout: {e}"))?;
        if global.forks == Some(0) {
            bail!("--forks: 0 is not a positive number of hosts");
        }
        let output_flag = if global.one_line { Some(Format::Oneline) } else { global.output };
        let agent_store = layer.pick(
            ("--agent-store", global.agent_store.clone().map(Some)),
            "RPYCTL_AGENT_STORE",
            "agent_store",
            |text| Ok(Some(PathBuf::from(text))),
            None,
        )?;
        // A store named in the file is relative to the file.
        let agent_store = match (&agent_store.source, config, &agent_store.value) {
            (Source::File { .. }, Some(file), Some(dir)) => Sourced {
                value: Some(PathBuf::from(file.relative(&dir.to_string_lossy()))),
                source: agent_store.source.clone(),
            },
            _ => agent_store,
        };
        let roles_path = layer.pick(
            ("", None),
            "RPYCTL_ROLES_PATH",
            "roles_path",
            |text| Ok(text.split([',', ':']).map(str::trim).filter(|p| !p.is_empty()).map(PathBuf::from).collect()),
            Vec::new(),
        )?;
        // Paths named in the file are relative to the file.
        let roles_path = match (&roles_path.source, config) {
            (Source::File { .. }, Some(file)) => Sourced {
                value: roles_path.value.iter().map(|p| PathBuf::from(file.relative(&p.to_string_lossy()))).collect(),
                source: roles_path.source,
            },
            _ => roles_path,
        };
        Ok(Settings {
            inventory,
            extra_vars: global.extra_vars.clone(),
            limit: global.limit.clone(),
            forks: layer.pick(("--forks", global.forks), "RPYCTL_FORKS", "forks", forks, 100)?,
            connect_timeout: layer.pick(
                ("--timeout", timeout_flag),
                "RPYCTL_TIMEOUT",
                "timeout",
                seconds,
                Duration::from_secs(10),
            )?,
            call_timeout: layer.pick(
                ("--call-timeout", call_flag),
                "RPYCTL_CALL_TIMEOUT",
                "call_timeout",
                seconds,
                Duration::from_secs(30),
            )?,
            output: layer.pick(
                (if global.one_line { "-o" } else { "--output" }, output_flag),
                "RPYCTL_OUTPUT",
                "output",
                value_enum::<Format>,
                Format::Human,
            )?,
            // Set by the commands that take `-t DIR` (`Command::tree`).
            tree: None,
            list_hosts: global.list_hosts,
            allow_empty: global.allow_empty,
            host_key_checking: layer.pick(
                ("--host-key-checking", global.host_key_checking),
                "RPYCTL_HOST_KEY_CHECKING",
                "host_key_checking",
                value_enum::<HostKeyChecking>,
                HostKeyChecking::Strict,
            )?,
            agent_store,
            persist: global.persist,
            roles_path,
            verbose: global.verbose,
            config_file: config.map(|c| c.path().to_path_buf()),
        })
    }

    /// The resolved settings as (name, value, source) rows.
    pub fn rows(&self) -> Vec<(String, String, String)> {
        let name = |v: &dyn ValueEnumName| v.name();
        let secs = |d: &Duration| format!("{}s", d.as_secs_f64());
        let mut rows = vec![
            (
                "inventory".to_owned(),
                if self.inventory.value.is_empty() {
                    "(./inventory.yml or ./hosts.yml if present, else localhost)".to_owned()
                } else {
                    self.inventory.value.join(", ")
                },
                self.inventory.source.to_string(),
            ),
            ("forks".into(), self.forks.value.to_string(), self.forks.source.to_string()),
            ("timeout".into(), secs(&self.connect_timeout.value), self.connect_timeout.source.to_string()),
            ("call_timeout".into(), secs(&self.call_timeout.value), self.call_timeout.source.to_string()),
            ("output".into(), name(&self.output.value), self.output.source.to_string()),
            (
                "host_key_checking".into(),
                name(&self.host_key_checking.value),
                self.host_key_checking.source.to_string(),
            ),
            (
                "agent_store".into(),
                self.agent_store.value.as_ref().map_or_else(
                    || "(looked for beside rpyctl, then ./target/agents)".into(),
                    |p| p.display().to_string(),
                ),
                self.agent_store.source.to_string(),
            ),
        ];
        rows.push((
            "roles_path".into(),
            if self.roles_path.value.is_empty() {
                "(roles/ beside each playbook)".into()
            } else {
                self.roles_path.value.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(":")
            },
            self.roles_path.source.to_string(),
        ));
        rows.push((
            "config file".into(),
            self.config_file.as_ref().map_or_else(|| "(none)".into(), |p| p.display().to_string()),
            String::new(),
        ));
        rows
    }
}

/// The command-line spelling of an enum value.
trait ValueEnumName {
    fn name(&self) -> String;
}

impl<T: ValueEnum> ValueEnumName for T {
    fn name(&self) -> String {
        self.to_possible_value().map(|p| p.get_name().to_owned()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(global: &Global, env: &[(&str, &str)], file: Option<&str>) -> Result<Settings> {
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let lookup = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let file = file.map(|text| ConfigFile::parse(PathBuf::from("/etc/x/rpyctl.toml"), text)).transpose()?;
        Settings::from_layers(global, &lookup, file.as_ref())
    }

    #[test]
    fn flags_beat_the_environment_which_beats_the_file() {
        let file = "forks = 7\ntimeout = 3\noutput = \"json\"\ninventory = [\"inv.yml\"]\n";
        let s = resolve(&Global::default(), &[], Some(file)).expect("resolves");
        assert_eq!(s.forks.value, 7);
        assert_eq!(s.forks.source, Source::File { path: "/etc/x/rpyctl.toml".into(), line: 1 });
        assert_eq!(s.output.value, Format::Json);
        assert_eq!(s.inventory.value, vec!["/etc/x/inv.yml".to_owned()]);
        let s = resolve(&Global::default(), &[("RPYCTL_FORKS", "9")], Some(file)).expect("resolves");
        assert_eq!((s.forks.value, s.forks.source), (9, Source::Env("RPYCTL_FORKS")));
        assert_eq!(s.connect_timeout.value, Duration::from_secs(3));
        let g = Global { forks: Some(11), one_line: true, ..Global::default() };
        let s = resolve(&g, &[("RPYCTL_FORKS", "9")], Some(file)).expect("resolves");
        assert_eq!((s.forks.value, s.forks.source), (11, Source::Flag("--forks")));
        assert_eq!(s.output.value, Format::Oneline);
    }

    #[test]
    fn defaults_when_nothing_is_set() {
        let s = resolve(&Global::default(), &[], None).expect("resolves");
        assert_eq!(s.forks.value, 100);
        assert_eq!(s.call_timeout.value, Duration::from_secs(30));
        assert_eq!(s.host_key_checking.value, HostKeyChecking::Strict);
        assert_eq!(s.output.source, Source::Default);
    }

    #[test]
    fn bad_values_name_their_source() {
        let e = resolve(&Global::default(), &[("RPYCTL_TIMEOUT", "soon")], None).expect_err("bad env");
        assert!(e.to_string().contains("$RPYCTL_TIMEOUT"), "{e}");
        let e = resolve(&Global::default(), &[], Some("forks = 0\n")).expect_err("bad file");
        assert!(e.to_string().contains("rpyctl.toml:1"), "{e}");
        let e = resolve(&Global::default(), &[], Some("output = \"yaml\"\n")).expect_err("bad enum");
        assert!(e.to_string().contains("human, oneline, json, jsonl"), "{e}");
        let g = Global { timeout: Some(-1.0), ..Global::default() };
        assert!(resolve(&g, &[], None).is_err());
    }
}
