//! Errors found while loading, validating or templating a playbook.
//!
//! Everything found in a file carries a [`Location`] (`file:line:column`, 1-based, shared with
//! `rpyctl-inventory`); problems that have no place in a file (a missing role, an unreadable
//! file) name what they were looking for.

use std::path::PathBuf;

pub use rpyctl_inventory::Location;

/// A problem in a playbook, a role, a vars file or a template.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// A problem at a place in a file: YAML syntax, an unknown keyword, a wrong type, a module's
    /// unknown or missing argument, bad Jinja, something unsupported.
    #[error("{location}: {message}")]
    At { location: Location, message: String },
    /// A file could not be read.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// A problem found while templating or running, not tied to a file position.
    #[error("{0}")]
    Other(String),
    /// The inventory refused a pattern or a host.
    #[error("{0}")]
    Inventory(String),
}

impl Error {
    pub(crate) fn at(location: Location, message: impl Into<String>) -> Self {
        Error::At { location, message: message.into() }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Error::Io { path: path.into(), message: err.to_string() }
    }

    /// The file location, for errors found in a file.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::At { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The message without the location.
    pub fn message(&self) -> String {
        match self {
            Error::At { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }

    /// Adds a location to an error that has none (a template error found while parsing).
    pub(crate) fn or_at(self, location: &Location) -> Self {
        match self {
            Error::Other(message) => Error::At { location: location.clone(), message },
            other => other,
        }
    }
}

impl From<rpyctl_inventory::Error> for Error {
    fn from(e: rpyctl_inventory::Error) -> Self {
        match e {
            rpyctl_inventory::Error::Parse { location, message } => Error::At { location, message },
            other => Error::Inventory(other.to_string()),
        }
    }
}

/// Joins names for "expected one of" messages: `a, b, c`.
pub(crate) fn one_of<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    names.into_iter().map(|s| s.as_ref().to_owned()).collect::<Vec<_>>().join(", ")
}
