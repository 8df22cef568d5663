//! The process environment. Every read and change of it goes through here:
//! changing it while another thread of the process reads it with libc
//! (`getenv` in name resolution, time zones) is the one hazard, and Rust
//! 2024 marks `set_var` unsafe for it. The agent changes it only when a
//! client asks (`os.environ[k] = v`, `os.putenv`), as Python does.

use std::ffi::{OsStr, OsString};

/// Whether `key` can name a variable (std would panic on the others).
fn valid_name(key: &OsStr) -> bool {
    let b = key.as_encoded_bytes();
    !b.is_empty() && !b.contains(&b'=') && !b.contains(&0)
}

/// The value of a variable; `None` when unset or not a valid name.
pub fn get(key: impl AsRef<OsStr>) -> Option<OsString> {
    let key = key.as_ref();
    if !valid_name(key) {
        return None;
    }
    std::env::var_os(key)
}

/// Every variable, in the environment's order.
pub fn vars() -> Vec<(OsString, OsString)> {
    std::env::vars_os().collect()
}

/// Sets a variable. The caller has checked the name and value (no `=` or
/// NUL in the name, no NUL in the value, not empty): std panics on those.
pub fn set(key: &OsStr, value: &OsStr) {
    if valid_name(key) && !value.as_encoded_bytes().contains(&0) {
        std::env::set_var(key, value);
    }
}

/// Removes a variable (a valid name, as for [`set`]).
pub fn unset(key: &OsStr) {
    if valid_name(key) {
        std::env::remove_var(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_unset() {
        let k = OsStr::new("RPYC_AGENT_PLATFORM_ENV_TEST");
        set(k, OsStr::new("v"));
        assert_eq!(get(k), Some(OsString::from("v")));
        assert!(vars().iter().any(|(name, _)| name == k));
        unset(k);
        assert_eq!(get(k), None);
        // Invalid names neither panic nor change anything.
        set(OsStr::new("A=B"), OsStr::new("x"));
        set(OsStr::new(""), OsStr::new("x"));
        unset(OsStr::new("A\0"));
        assert_eq!(get("A=B"), None);
    }
}
