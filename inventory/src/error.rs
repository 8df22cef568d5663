//! Errors, warnings and source locations.
//!
//! Every problem found in a file carries a [`Location`] (`file:line:column`, 1-based, columns in
//! characters); problems found later (a bad connection variable, a bad host pattern) name the host
//! and variable, or the pattern and the byte offset in it.

use std::fmt;
use std::path::PathBuf;

/// A place in an inventory or vars file: `file:line:column`, both 1-based.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file as it was named (the `-i` argument, or the path of a `group_vars` file built from
    /// it), or the name given to [`crate::Inventory::from_yaml`].
    pub file: String,
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Where a variable's value was set, for error messages and `--host`-style explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Set in a YAML file: an inventory's `vars:`/host entry, or a `group_vars`/`host_vars` file.
    /// The location is that of the value (for `host:port`, of the host entry).
    File(Location),
    /// `ansible_port` from `host:port` in an inline host list (`-i 'a:2222,b'`).
    HostList,
    /// Passed by the caller as extra vars (`-e`).
    ExtraVars,
    /// Set by the implicit `localhost` (`ansible_connection: local`).
    ImplicitLocalhost,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File(loc) => loc.fmt(f),
            Origin::HostList => f.write_str("inline host list"),
            Origin::ExtraVars => f.write_str("extra vars"),
            Origin::ImplicitLocalhost => f.write_str("implicit localhost"),
        }
    }
}

/// Everything that can go wrong while loading an inventory or using it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An inventory source named on the command line does not exist (and has no comma, so it is
    /// not an inline host list either).
    #[error("inventory source '{0}' does not exist (an inline host list needs a comma: 'host1,')")]
    NoSuchSource(String),
    /// YAML syntax (from serde-saphyr: duplicate keys, bad indentation, ...) or inventory
    /// structure (`hosts` not a mapping, bad host range, group loop, ...), with its location.
    #[error("{location}: {message}")]
    Parse { location: Location, message: String },
    /// A host pattern that cannot be evaluated; `position` is the byte offset of the offending
    /// part in `pattern`.
    #[error("invalid host pattern '{pattern}' at position {position}: {message}")]
    Pattern { pattern: String, position: usize, message: String },
    /// A connection variable of a host has an invalid value.
    #[error("host '{host}': variable '{var}' {message}{}", origin_suffix(.origin))]
    Var { host: String, var: String, message: String, origin: Option<Origin> },
    /// The host is neither in the inventory nor an implicit localhost name.
    #[error("host '{0}' is not in the inventory")]
    UnknownHost(String),
    /// `graph()` was asked for a group that does not exist.
    #[error("group '{0}' is not in the inventory")]
    UnknownGroup(String),
}

fn origin_suffix(origin: &Option<Origin>) -> String {
    match origin {
        Some(o) => format!(" (set at {o})"),
        None => String::new(),
    }
}

impl Error {
    pub(crate) fn parse(location: Location, message: impl Into<String>) -> Self {
        Error::Parse { location, message: message.into() }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// The file location, for errors found in a file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Parse { location, .. } => Some(location),
            _ => None,
        }
    }
}

/// Something Ansible accepts with a warning (an unknown key in a group, a group body that is not
/// a mapping, an empty file...). Loading goes on; the caller decides whether to print these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub location: Option<Location>,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
