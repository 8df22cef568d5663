//! Ansible playbooks for rpyctl.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod error;
pub mod modules;
pub mod template;
mod yaml;

pub use error::{Error, Location};
