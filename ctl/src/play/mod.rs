//! `rpyctl play`: Ansible playbooks on rpyctl's sessions. The `rpyctl-playbooks` engine
//! decides what runs where (templating, conditions, loops, blocks, handlers, batches); this
//! module is the controller's half of it:
//!
//! - [`executor`]: the engine's `Executor` — one session per host, the module library
//!   installed once per connection, one remote call per module run;
//! - [`library`]: the modules' host side, Python functions in the subset rpyc-agent runs,
//!   shipped as source and called with plain values;
//! - [`modules`]: each module's controller side (requests, content transfer, replies as
//!   results) and which of Ansible's options rpyctl honours;
//! - [`callback`]: the engine's `Reporter` — ansible-playbook's default, json and jsonl
//!   callbacks, and the live line;
//! - [`pyjson`]: Python's `json.dumps`, byte for byte.

pub mod callback;
pub mod executor;
pub mod library;
pub mod modules;
pub mod pyjson;
