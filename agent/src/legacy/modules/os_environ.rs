//! `os.environ` (an `os._Environ` mapping over the agent's real process
//! environment: reads and writes go straight to it), `getenv`, `putenv`,
//! `unsetenv`.

use std::sync::{Arc, OnceLock};

use rpyc_protocol::{Obj, Value};

use crate::legacy::args::{self, Args};
use crate::legacy::containers::{val_repr, SeqIter};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, val_type_name, PyObject, PyRef, Val};

/// The one `os.environ` object.
pub(super) fn environ() -> PyRef {
    static ENVIRON: OnceLock<PyRef> = OnceLock::new();
    ENVIRON.get_or_init(|| Arc::new(Environ { id: next_instance_id() })).clone()
}

fn vars() -> Vec<(String, String)> {
    std::env::vars_os().map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned())).collect()
}

fn get(key: &str) -> Option<String> {
    if key.is_empty() || key.contains(['=', '\0']) {
        return None;
    }
    std::env::var_os(key).map(|v| v.to_string_lossy().into_owned())
}

/// Checks a name and value the way `putenv` does (std would panic on them).
fn check(key: &str, value: Option<&str>) -> PyResult<()> {
    if key.contains('\0') || value.is_some_and(|v| v.contains('\0')) {
        return Err(exc::value_error("embedded null byte"));
    }
    if key.contains('=') {
        return Err(exc::value_error("illegal environment variable name"));
    }
    if key.is_empty() {
        return Err(exc::os_errno(libc::EINVAL, None, None));
    }
    Ok(())
}

fn set(key: &str, value: &str) -> PyResult<()> {
    check(key, Some(value))?;
    std::env::set_var(key, value);
    Ok(())
}

fn unset(key: &str) -> PyResult<()> {
    check(key, None)?;
    std::env::remove_var(key);
    Ok(())
}

fn str_arg(v: &Val) -> PyResult<String> {
    match v {
        Obj::Value(Value::Str(s)) => Ok(s.clone()),
        other => Err(exc::type_error(format!("str expected, not {}", val_type_name(other)))),
    }
}

fn str_val(s: String) -> Val {
    Obj::Value(Value::Str(s))
}

pub struct Environ {
    id: i64,
}

const METHODS: &[&str] = &[
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__len__",
    "__iter__",
    "__bool__",
    "get",
    "keys",
    "values",
    "items",
    "pop",
    "setdefault",
    "update",
    "copy",
    "clear",
];

impl PyObject for Environ {
    fn type_name(&self) -> &str {
        "os._Environ"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        METHODS
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let missing = |k: &str| exc::key_error(Value::str(k));
        Ok(match name {
            "__len__" => Obj::Value(Value::from(vars().len())),
            "__bool__" => Obj::Value(Value::Bool(!vars().is_empty())),
            "__iter__" | "keys" => {
                let kind = if name == "keys" { "builtins.dict_keys" } else { "builtins.dict_keyiterator" };
                Obj::Local(SeqIter::new(kind, vars().into_iter().map(|(k, _)| str_val(k)).collect()))
            }
            "values" => {
                Obj::Local(SeqIter::new("builtins.dict_values", vars().into_iter().map(|(_, v)| str_val(v)).collect()))
            }
            "items" => Obj::Local(SeqIter::new(
                "builtins.dict_items",
                vars().into_iter().map(|(k, v)| Obj::Tuple(vec![str_val(k), str_val(v)])).collect(),
            )),
            "__getitem__" => {
                let [k] = args.bind("__getitem__", ["key"])?;
                let k = str_arg(&args::req(k))?;
                str_val(get(&k).ok_or_else(|| missing(&k))?)
            }
            "__contains__" => {
                let [k] = args.bind("__contains__", ["key"])?;
                let found = match args::req(k) {
                    Obj::Value(Value::Str(k)) => get(&k).is_some(),
                    _ => false,
                };
                Obj::Value(Value::Bool(found))
            }
            "get" => {
                let [k, default] = args.bind("get", ["key", "default?"])?;
                let k = str_arg(&args::req(k))?;
                get(&k).map(str_val).unwrap_or(default.unwrap_or(Obj::none()))
            }
            "__setitem__" => {
                let [k, v] = args.bind("__setitem__", ["key", "value"])?;
                set(&str_arg(&args::req(k))?, &str_arg(&args::req(v))?)?;
                Obj::none()
            }
            "setdefault" => {
                let [k, default] = args.bind("setdefault", ["key", "default?"])?;
                let k = str_arg(&args::req(k))?;
                match get(&k) {
                    Some(v) => str_val(v),
                    None => {
                        let v = str_arg(&default.unwrap_or(Obj::none()))?;
                        set(&k, &v)?;
                        str_val(v)
                    }
                }
            }
            "__delitem__" | "pop" => {
                let [k, default] = args.bind(name, ["key", "default?"])?;
                let k = str_arg(&args::req(k))?;
                match (get(&k), default) {
                    (Some(v), _) => {
                        unset(&k)?;
                        if name == "pop" {
                            str_val(v)
                        } else {
                            Obj::none()
                        }
                    }
                    (None, Some(d)) if name == "pop" => d,
                    (None, _) => return Err(missing(&k)),
                }
            }
            "update" => {
                let Args { pos, kw } = args;
                if pos.len() > 1 {
                    return Err(exc::type_error(format!("update expected at most 1 argument, got {}", pos.len())));
                }
                let mut pairs = Vec::new();
                if let Some(other) = pos.into_iter().next() {
                    match cx.value(&other)? {
                        Value::Dict(p) => pairs.extend(p),
                        Value::Tuple(items) | Value::List(items) => {
                            for item in items {
                                match item {
                                    Value::Tuple(kv) | Value::List(kv) if kv.len() == 2 => {
                                        let mut kv = kv.into_iter();
                                        pairs.extend(kv.next().zip(kv.next()));
                                    }
                                    _ => return Err(exc::type_error("update() needs a mapping or (key, value) pairs")),
                                }
                            }
                        }
                        _ => return Err(exc::type_error("update() needs a mapping")),
                    }
                }
                pairs.extend(kw.into_iter().map(|(k, v)| (Value::Str(k), v.into_value().unwrap_or(Value::None))));
                for (k, v) in pairs {
                    set(&str_arg(&Obj::Value(k))?, &str_arg(&Obj::Value(v))?)?;
                }
                Obj::none()
            }
            "copy" => {
                Obj::Local(crate::legacy::containers::Dict::of_strs(vars().into_iter().map(|(k, v)| (k, str_val(v)))))
            }
            "clear" => {
                for (k, _) in vars() {
                    unset(&k)?;
                }
                Obj::none()
            }
            _ => return Err(exc::attribute_error("os._Environ", name)),
        })
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let inner: Vec<String> = vars()
            .into_iter()
            .map(|(k, v)| format!("{}: {}", val_repr(&str_val(k), cx), val_repr(&str_val(v), cx)))
            .collect();
        Ok(format!("environ({{{}}})", inner.join(", ")))
    }
    fn hash(&self) -> PyResult<i64> {
        Err(exc::type_error("unhashable type: '_Environ'"))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Dict(vars().into_iter().map(|(k, v)| (Value::Str(k), Value::Str(v))).collect())))
    }
}

pub(super) fn getenv(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [k, default] = args.bind("getenv", ["key", "default?"])?;
    let k = str_arg(&args::req(k))?;
    Ok(get(&k).map(str_val).unwrap_or(default.unwrap_or(Obj::none())))
}

pub(super) fn putenv(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [k, v] = args.bind("putenv", ["name", "value"])?;
    set(&str_arg(&args::req(k))?, &str_arg(&args::req(v))?)?;
    Ok(Obj::none())
}

pub(super) fn unsetenv(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [k] = args.bind("unsetenv", ["name"])?;
    unset(&str_arg(&args::req(k))?)?;
    Ok(Obj::none())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_names_are_errors_not_panics() {
        assert!(set("", "x").is_err());
        assert!(set("A=B", "x").is_err());
        assert!(set("A\0", "x").is_err());
        assert!(set("RPYC_AGENT_TEST_ENV", "x\0").is_err());
        assert!(unset("=").is_err());
        set("RPYC_AGENT_TEST_ENV", "1").expect("valid");
        assert_eq!(get("RPYC_AGENT_TEST_ENV").as_deref(), Some("1"));
        unset("RPYC_AGENT_TEST_ENV").expect("valid");
        assert_eq!(get("RPYC_AGENT_TEST_ENV"), None);
    }
}
