//! [`ModuleArgs`]: a module's arguments after validation — canonical option names, values of
//! the declared types, defaults filled in. This is what the controller's module implementations
//! read.

use serde_json::{Map, Value};

/// What Ansible shows instead of a hidden value.
pub const CENSORED: &str = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER";

/// Validated arguments of one module call.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleArgs {
    module: String,
    values: Map<String, Value>,
    no_log: Vec<String>,
}

impl ModuleArgs {
    pub(crate) fn new(module: String, values: Map<String, Value>, no_log: Vec<String>) -> Self {
        ModuleArgs { module, values, no_log }
    }

    /// The module's short name.
    pub fn module(&self) -> &str {
        &self.module
    }

    /// All values by canonical name (unset options without a default are absent).
    pub fn values(&self) -> &Map<String, Value> {
        &self.values
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name).filter(|v| !v.is_null())
    }

    /// A `str`/`path`/`raw` option that holds a string.
    pub fn str(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Value::as_str)
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        self.get(name).and_then(Value::as_bool)
    }

    pub fn int(&self, name: &str) -> Option<i64> {
        self.get(name).and_then(Value::as_i64)
    }

    pub fn float(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(Value::as_f64)
    }

    pub fn list(&self, name: &str) -> Option<&[Value]> {
        self.get(name).and_then(Value::as_array).map(Vec::as_slice)
    }

    /// A list of strings (`elements: str`).
    pub fn strings(&self, name: &str) -> Option<Vec<&str>> {
        self.list(name).map(|l| l.iter().filter_map(Value::as_str).collect())
    }

    pub fn dict(&self, name: &str) -> Option<&Map<String, Value>> {
        self.get(name).and_then(Value::as_object)
    }

    /// The arguments as Ansible's `invocation.module_args` shows them: `no_log` options
    /// replaced by [`CENSORED`].
    pub fn censored(&self) -> Map<String, Value> {
        let mut out = self.values.clone();
        for name in &self.no_log {
            if let Some(v) = out.get_mut(name) {
                if !v.is_null() {
                    *v = Value::from(CENSORED);
                }
            }
        }
        out
    }
}
