//! Module argument specs: Ansible's own, generated from ansible-core by
//! `scripts/gen-module-specs.py` into `specs.json` and read once.
//!
//! A spec names each option with its type, aliases, default, choices and whether it is
//! required, plus the module's rules (mutually exclusive, required together, one of, required
//! if, required by), exactly as the module's `AnsibleModule(...)` call declares them.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;

/// Where a module's work happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunsOn {
    /// On a managed host: the controller's [`crate::Executor`] runs it.
    Host,
    /// In the playbook engine itself (`set_fact`, `debug`, `assert`, `fail`, `meta`, `pause`).
    Controller,
}

/// An option's type, with Ansible's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgType {
    Str,
    Bool,
    Int,
    Float,
    List,
    Dict,
    Path,
    Raw,
}

impl ArgType {
    pub fn name(self) -> &'static str {
        match self {
            ArgType::Str => "str",
            ArgType::Bool => "bool",
            ArgType::Int => "int",
            ArgType::Float => "float",
            ArgType::List => "list",
            ArgType::Dict => "dict",
            ArgType::Path => "path",
            ArgType::Raw => "raw",
        }
    }
}

/// One option of a module.
#[derive(Debug, Clone, Deserialize)]
pub struct OptionSpec {
    #[serde(rename = "type")]
    pub ty: ArgType,
    #[serde(default)]
    pub elements: Option<ArgType>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub default: Option<Value>,
    #[serde(default)]
    pub choices: Vec<Value>,
    #[serde(default)]
    pub required: bool,
    /// Ansible hides this option's value in logs and output.
    #[serde(default)]
    pub no_log: bool,
    #[serde(default)]
    pub suboptions: Option<BTreeMap<String, OptionSpec>>,
}

/// `required_if`: when `key` equals `value`, the options `requires` must be set (all of them,
/// or at least one when `any`).
#[derive(Debug, Clone)]
pub struct RequiredIf {
    pub key: String,
    pub value: Value,
    pub requires: Vec<String>,
    pub any: bool,
}

impl<'de> Deserialize<'de> for RequiredIf {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = Vec::<Value>::deserialize(d)?;
        let mut it = v.into_iter();
        let key = it.next().and_then(|k| k.as_str().map(str::to_owned));
        let value = it.next();
        let requires = it.next().and_then(|r| serde_json::from_value::<Vec<String>>(r).ok());
        let any = it.next().and_then(|a| a.as_bool()).unwrap_or(false);
        match (key, value, requires) {
            (Some(key), Some(value), Some(requires)) => Ok(RequiredIf { key, value, requires, any }),
            _ => Err(serde::de::Error::custom("required_if needs [key, value, [options], any?]")),
        }
    }
}

/// A module: its options and rules.
#[derive(Debug, Clone, Deserialize)]
pub struct ModuleSpec {
    /// The short name (`copy`, `rpyc.call`); filled in from the catalog's key.
    #[serde(skip)]
    pub name: String,
    pub runs_on: RunsOn,
    /// `ansible.builtin`, `community.general` or `rpyc`.
    pub collection: String,
    /// Ansible's check-mode support: `full`, `partial`, `none` or `N/A`.
    pub check_mode: String,
    pub options: BTreeMap<String, OptionSpec>,
    /// The option that takes the free-form text (`command: ls -l` → `_raw_params`).
    #[serde(default)]
    pub free_form: Option<String>,
    #[serde(default)]
    pub mutually_exclusive: Vec<Vec<String>>,
    #[serde(default)]
    pub required_together: Vec<Vec<String>>,
    #[serde(default)]
    pub required_one_of: Vec<Vec<String>>,
    #[serde(default)]
    pub required_if: Vec<RequiredIf>,
    #[serde(default)]
    pub required_by: BTreeMap<String, Vec<String>>,
    /// Set when this module is another's under a second name (`yum` → `dnf`).
    #[serde(default)]
    pub alias_of: Option<String>,
}

impl ModuleSpec {
    /// The fully qualified name (`ansible.builtin.copy`).
    pub fn fqcn(&self) -> String {
        if self.name.contains('.') {
            self.name.clone()
        } else {
            format!("{}.{}", self.collection, self.name)
        }
    }

    /// The canonical option for a name or alias.
    pub fn canonical(&self, name: &str) -> Option<&str> {
        if let Some((k, _)) = self.options.get_key_value(name) {
            return Some(k);
        }
        self.options.iter().find(|(_, o)| o.aliases.iter().any(|a| a == name)).map(|(k, _)| k.as_str())
    }

    /// Option names and aliases a user may write (internal `_`-options left out), sorted.
    pub fn public_names(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .options
            .iter()
            .filter(|(k, _)| !k.starts_with('_') && k.as_str() != "free_form")
            .flat_map(|(k, o)| std::iter::once(k.as_str()).chain(o.aliases.iter().map(String::as_str)))
            .collect();
        v.sort_unstable();
        v
    }

    /// Whether the task takes arbitrary keys (`set_fact: {anything: value}`).
    pub fn takes_any_key(&self) -> bool {
        self.name == "set_fact"
    }
}

/// All supported modules.
#[derive(Debug)]
pub struct Catalog {
    modules: BTreeMap<String, ModuleSpec>,
    generated_from: String,
}

static SPECS_JSON: &str = include_str!("specs.json");

impl Catalog {
    /// The catalog, read from the embedded `specs.json` on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| Catalog::parse(SPECS_JSON).unwrap_or_else(|e| panic!("embedded specs.json: {e}")))
    }

    fn parse(text: &str) -> Result<Catalog, String> {
        let mut raw: BTreeMap<String, Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let generated_from =
            raw.remove("_generated_from").and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        let mut modules = BTreeMap::new();
        for (name, v) in raw {
            let mut spec: ModuleSpec = serde_json::from_value(v).map_err(|e| format!("{name}: {e}"))?;
            spec.name.clone_from(&name);
            modules.insert(name, spec);
        }
        Ok(Catalog { modules, generated_from })
    }

    /// A module by its short name, `ansible.builtin.`/`ansible.legacy.` name, or its
    /// collection's name (`community.general.apk`).
    pub fn lookup(&self, name: &str) -> Option<&ModuleSpec> {
        if let Some(m) = self.modules.get(name) {
            return Some(m);
        }
        let short = name
            .strip_prefix("ansible.builtin.")
            .or_else(|| name.strip_prefix("ansible.legacy."))
            .or_else(|| name.strip_prefix("community.general."))?;
        self.modules.get(short).filter(|m| m.fqcn() == name || name.starts_with("ansible."))
    }

    /// Short names of all modules, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.modules.keys().map(String::as_str).filter(|n| *n != "setup").collect()
    }

    /// The ansible-core version the specs were generated from.
    pub fn generated_from(&self) -> &str {
        &self.generated_from
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issue_module_is_there() {
        let c = Catalog::get();
        for m in [
            "copy",
            "template",
            "file",
            "lineinfile",
            "blockinfile",
            "replace",
            "stat",
            "command",
            "shell",
            "fetch",
            "slurp",
            "set_fact",
            "debug",
            "assert",
            "fail",
            "meta",
            "wait_for",
            "pause",
            "package",
            "apt",
            "dnf",
            "yum",
            "apk",
            "service",
            "systemd",
            "user",
            "group",
            "cron",
            "hostname",
            "getent",
            "rpyc.call",
        ] {
            assert!(c.lookup(m).is_some(), "{m}");
        }
        assert!(c.generated_from().starts_with("ansible-core "));
    }

    #[test]
    fn names_and_aliases() {
        let c = Catalog::get();
        let file = c.lookup("ansible.builtin.file").unwrap();
        assert_eq!(file.canonical("dest"), Some("path"));
        assert_eq!(file.canonical("name"), Some("path"));
        assert!(file.options["path"].required);
        assert_eq!(c.lookup("community.general.apk").unwrap().name, "apk");
        assert!(c.lookup("community.general.copy").is_none());
        assert!(c.lookup("ansible.builtin.nope").is_none());
        assert_eq!(c.lookup("yum").unwrap().alias_of.as_deref(), Some("dnf"));
        assert_eq!(c.lookup("command").unwrap().free_form.as_deref(), Some("_raw_params"));
        assert_eq!(c.lookup("group").unwrap().required_if[0].requires, ["gid"]);
    }
}
