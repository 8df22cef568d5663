//! Ansible playbooks for rpyctl.

#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod error;
pub mod model;
pub mod modules;
pub mod parse;
pub mod template;
mod yaml;

pub use error::{Error, Location};
