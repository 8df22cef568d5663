//! Ansible's type checks and conversions for module options (`check_type_*` in
//! `ansible.module_utils.common.validation`): what a YAML or templated value becomes when a
//! module declares `type: bool`, `int`, `list`, ...

use serde_json::{Map, Value};

use super::spec::ArgType;
use crate::template::pyrepr;

const TRUE: [&str; 6] = ["y", "yes", "on", "1", "true", "t"];
const FALSE: [&str; 6] = ["n", "no", "off", "0", "false", "f"];

/// Ansible's boolean reading (`boolean()`): `yes`/`on`/`1`/`true`/`y`/`t` and their opposites,
/// any case; integers 1 and 0.
pub fn to_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_f64() {
            Some(1.0) => Some(true),
            Some(0.0) => Some(false),
            _ => None,
        },
        Value::String(s) => {
            let s = s.trim().to_lowercase();
            if TRUE.contains(&s.as_str()) {
                Some(true)
            } else if FALSE.contains(&s.as_str()) {
                Some(false)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Python's `str(v)` for the scalars a YAML file gives.
pub fn to_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => pyrepr(other),
    }
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

/// Converts `v` to `ty` as Ansible would; the error is Ansible's reason.
pub fn coerce(v: &Value, ty: ArgType, elements: Option<ArgType>) -> Result<Value, String> {
    let fail = |why: String| format!("is of type {} and we were unable to convert to {}: {why}", py_type(v), ty.name());
    let out = match ty {
        ArgType::Raw => v.clone(),
        ArgType::Str | ArgType::Path => match v {
            Value::String(_) => v.clone(),
            Value::Null => Value::Null,
            other => Value::String(to_str(other)),
        },
        ArgType::Bool => match to_bool(v) {
            Some(b) => Value::Bool(b),
            None => {
                return Err(fail(format!(
                    "The value {} is not a valid boolean. Valid booleans include: 'true', 'on', 'yes', '1', 'false', \
                     'off', 'no', '0', 't', 'f', 'n', 'y'",
                    pyrepr(v)
                )))
            }
        },
        ArgType::Int => match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => v.clone(),
            Value::Number(n) => match n.as_f64() {
                Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::from(f as i64),
                _ => return Err(fail(format!("{} cannot be converted to an int", py_type(v)))),
            },
            Value::String(s) => match s.trim().parse::<i64>() {
                Ok(i) => Value::from(i),
                Err(_) => return Err(fail(format!("{} cannot be converted to an int", py_type(v)))),
            },
            _ => return Err(fail(format!("{} cannot be converted to an int", py_type(v)))),
        },
        ArgType::Float => match v {
            Value::Number(n) => n.as_f64().map(Value::from).unwrap_or(Value::Null),
            Value::String(s) => match s.trim().parse::<f64>() {
                Ok(f) => Value::from(f),
                Err(_) => return Err(fail(format!("{} cannot be converted to a float", py_type(v)))),
            },
            _ => return Err(fail(format!("{} cannot be converted to a float", py_type(v)))),
        },
        ArgType::List => match v {
            Value::Array(items) => Value::Array(items.clone()),
            Value::String(s) => Value::Array(s.split(',').map(|p| Value::String(p.to_owned())).collect()),
            Value::Number(_) | Value::Bool(_) => Value::Array(vec![Value::String(to_str(v))]),
            Value::Null => Value::Null,
            _ => return Err(fail(format!("{} cannot be converted to a list", py_type(v)))),
        },
        ArgType::Dict => match v {
            Value::Object(_) | Value::Null => v.clone(),
            Value::String(s) => dict_from_str(s).map_err(fail)?,
            _ => return Err(fail(format!("{} cannot be converted to a dict", py_type(v)))),
        },
    };
    match (out, elements) {
        (Value::Array(items), Some(el)) => items
            .iter()
            .map(|i| coerce(i, el, None).map_err(|e| format!("elements of the list {e}")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (out, _) => Ok(out),
    }
}

/// `check_type_dict` on a string: JSON if it starts with `{`, else `k=v` pairs separated by
/// commas or spaces.
fn dict_from_str(s: &str) -> Result<Value, String> {
    let t = s.trim();
    if t.starts_with('{') {
        return serde_json::from_str::<Value>(t).map_err(|_| "unable to evaluate string as dictionary".into());
    }
    let mut out = Map::new();
    let sep = if t.contains(',') { ',' } else { ' ' };
    for part in t.split(sep).map(str::trim).filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').ok_or("dictionary requested, could not parse JSON or key=value")?;
        out.insert(k.trim().to_owned(), Value::String(v.trim().to_owned()));
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversions_like_ansible() {
        assert_eq!(coerce(&json!("yes"), ArgType::Bool, None).unwrap(), json!(true));
        assert_eq!(coerce(&json!("Off"), ArgType::Bool, None).unwrap(), json!(false));
        assert_eq!(coerce(&json!(1), ArgType::Bool, None).unwrap(), json!(true));
        assert!(coerce(&json!("maybe"), ArgType::Bool, None).unwrap_err().contains("not a valid boolean"));
        assert_eq!(coerce(&json!("42"), ArgType::Int, None).unwrap(), json!(42));
        assert_eq!(coerce(&json!(3.0), ArgType::Int, None).unwrap(), json!(3));
        assert!(coerce(&json!("4x"), ArgType::Int, None).is_err());
        assert_eq!(coerce(&json!("a,b"), ArgType::List, None).unwrap(), json!(["a", "b"]));
        assert_eq!(coerce(&json!([1, 2]), ArgType::List, Some(ArgType::Str)).unwrap(), json!(["1", "2"]));
        assert_eq!(coerce(&json!(0o644), ArgType::Str, None).unwrap(), json!("420"));
        assert_eq!(coerce(&json!(true), ArgType::Str, None).unwrap(), json!("True"));
        assert_eq!(coerce(&json!("a=1 b=2"), ArgType::Dict, None).unwrap(), json!({"a": "1", "b": "2"}));
        assert_eq!(coerce(&json!("{\"a\": 1}"), ArgType::Dict, None).unwrap(), json!({"a": 1}));
        let e = coerce(&json!({"a": 1}), ArgType::Int, None).unwrap_err();
        assert_eq!(e, "is of type <class 'dict'> and we were unable to convert to int: <class 'dict'> cannot be converted to an int");
    }
}
