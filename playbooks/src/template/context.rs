//! [`Vars`]: the variables a template sees, templated lazily as Ansible does — a variable
//! whose value holds `{{ }}` is rendered when a template reads it, with the same variables, so
//! `a: "{{ b }}"` sees the `b` of the host and task at hand. Rendered values are cached per
//! [`Vars`]; a variable that reads itself (directly or through others) is an error.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use minijinja::value::{Enumerator, Object, ObjectRepr};
use minijinja::{Error, ErrorKind, Value};
use serde_json::{Map, Value as Json};

/// Variables of one host at one point of the play (one task, one loop item).
#[derive(Clone, Debug)]
pub struct Vars {
    inner: Arc<VarsObject>,
}

#[derive(Debug)]
struct VarsObject {
    raw: Map<String, Json>,
    native: BTreeMap<String, Value>,
    cache: Mutex<HashMap<String, Value>>,
    resolving: Mutex<Vec<String>>,
}

impl Vars {
    /// `raw` are the variables after precedence, untemplated; `native` are values given to
    /// templates as they are (objects such as `hostvars`), which win over `raw`.
    pub fn new(raw: Map<String, Json>, native: BTreeMap<String, Value>) -> Vars {
        Vars {
            inner: Arc::new(VarsObject {
                raw,
                native,
                cache: Mutex::new(HashMap::new()),
                resolving: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The same variables plus `extra` (loop variables), overriding.
    pub fn with(&self, extra: Map<String, Json>) -> Vars {
        let mut raw = self.inner.raw.clone();
        for (k, v) in extra {
            raw.insert(k, v);
        }
        Vars::new(raw, self.inner.native.clone())
    }

    /// The context value templates render with.
    pub fn value(&self) -> Value {
        Value::from_dyn_object(self.inner.clone())
    }

    /// Whether a variable is defined (no templating).
    pub fn has(&self, name: &str) -> bool {
        self.inner.native.contains_key(name) || self.inner.raw.contains_key(name)
    }

    /// A variable as stored, untemplated.
    pub fn raw(&self, name: &str) -> Option<&Json> {
        self.inner.raw.get(name)
    }

    /// All stored variables, untemplated.
    pub fn raw_all(&self) -> &Map<String, Json> {
        &self.inner.raw
    }

    /// A variable, templated.
    pub fn get(&self, name: &str) -> Result<Option<Json>, crate::Error> {
        let Some(v) = self.inner.lookup(&self.inner, name) else { return Ok(None) };
        if let Some(e) = invalid_error(&v) {
            return Err(crate::Error::Other(e));
        }
        super::to_json(&v).map(Some)
    }
}

/// The message of an invalid value (one that carries an error).
pub(crate) fn invalid_error(v: &Value) -> Option<String> {
    if v.kind() == minijinja::value::ValueKind::Invalid {
        // An invalid value refuses to serialize, with its error's message.
        return Some(serde_json::to_value(v).err().map_or_else(|| "invalid value".into(), |e| e.to_string()));
    }
    None
}

impl VarsObject {
    fn lookup(&self, this: &Arc<VarsObject>, name: &str) -> Option<Value> {
        if let Some(v) = self.native.get(name) {
            return Some(v.clone());
        }
        if name == "vars" && !self.raw.contains_key("vars") {
            return Some(Value::from_dyn_object(this.clone()));
        }
        let raw = self.raw.get(name)?;
        if let Some(v) = self.cache.lock().ok()?.get(name) {
            return Some(v.clone());
        }
        {
            let mut resolving = self.resolving.lock().ok()?;
            if resolving.iter().any(|r| r == name) {
                let chain = resolving.join(" -> ");
                return Some(Value::from(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("recursive loop detected in template: {chain} -> {name}"),
                )));
            }
            resolving.push(name.to_owned());
        }
        let ctx = Vars { inner: this.clone() };
        let out = super::render_deep(raw, &ctx);
        if let Ok(mut r) = self.resolving.lock() {
            r.retain(|n| n != name);
        }
        let value = match out {
            Ok(v) => Value::from_serialize(&v),
            Err(e) => Value::from(Error::new(ErrorKind::InvalidOperation, e.message())),
        };
        if let Ok(mut c) = self.cache.lock() {
            c.insert(name.to_owned(), value.clone());
        }
        Some(value)
    }
}

impl Object for VarsObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.lookup(self, key.as_str()?)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<Value> = self.native.keys().map(|k| Value::from(k.as_str())).collect();
        keys.extend(self.raw.keys().filter(|k| !self.native.contains_key(*k)).map(|k| Value::from(k.as_str())));
        Enumerator::Values(keys)
    }
}

/// A map of names to lazily built values, for `hostvars`: `hostvars['web01'].x` computes
/// web01's variables on first use.
/// Builds one entry of a [`LazyMap`].
type Maker = Box<dyn Fn(&str) -> Option<Vars> + Send + Sync>;

pub struct LazyMap {
    keys: Vec<String>,
    make: Maker,
    cache: Mutex<HashMap<String, Value>>,
}

impl std::fmt::Debug for LazyMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyMap").field("keys", &self.keys).finish()
    }
}

impl LazyMap {
    pub fn new_value(keys: Vec<String>, make: impl Fn(&str) -> Option<Vars> + Send + Sync + 'static) -> Value {
        Value::from_object(LazyMap { keys, make: Box::new(make), cache: Mutex::new(HashMap::new()) })
    }
}

impl Object for LazyMap {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let k = key.as_str()?;
        if let Some(v) = self.cache.lock().ok()?.get(k) {
            return Some(v.clone());
        }
        let v = (self.make)(k)?.value();
        self.cache.lock().ok()?.insert(k.to_owned(), v.clone());
        Some(v)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.keys.iter().map(|k| Value::from(k.as_str())).collect())
    }
}
