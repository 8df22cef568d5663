//! Modules: Ansible's argument specs ([`spec`], generated from ansible-core), free-form
//! arguments ([`freeform`]), type conversions ([`coerce`]), validation ([`validate`]) and the
//! validated arguments a module implementation reads ([`args`]).

pub mod args;
pub mod coerce;
pub mod freeform;
pub mod spec;
pub mod validate;

pub use args::{ModuleArgs, CENSORED};
pub use spec::{ArgType, Catalog, ModuleSpec, OptionSpec, RunsOn};
pub use validate::{validate, ArgError, Phase};
