//! `to_yaml` and `to_nice_yaml`: PyYAML's `dump` as Ansible calls it — `default_flow_style=None`
//! (a collection of scalars on one line, `{a: 1, b: [1, 2]}`) for `to_yaml`, block style with an
//! indent of 4 for `to_nice_yaml`; keys in insertion order (Ansible passes `sort_keys=False`).

use serde_json::Value;

fn plain_ok(s: &str) -> bool {
    if s.is_empty() || s.trim() != s {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    let reserved = ["true", "false", "yes", "no", "on", "off", "null", "~"];
    if reserved.contains(&lower.as_str()) || s.parse::<f64>().is_ok() {
        return false;
    }
    let first = s.chars().next().unwrap_or(' ');
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.chars().any(|c| c.is_control()))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if plain_ok(s) => s.clone(),
        Value::String(s) if s.chars().any(|c| c.is_control()) => serde_json::to_string(s).unwrap_or_default(),
        Value::String(s) => format!("'{}'", s.replace('\'', "''")),
        Value::Array(_) | Value::Object(_) => flow(v),
    }
}

fn is_leaf_collection(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.iter().all(|i| !i.is_array() && !i.is_object()),
        Value::Object(m) => m.values().all(|i| !i.is_array() && !i.is_object()),
        _ => true,
    }
}

fn flow(v: &Value) -> String {
    match v {
        Value::Array(a) => format!("[{}]", a.iter().map(scalar).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{}: {}", scalar(&Value::String(k.clone())), scalar(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        other => scalar(other),
    }
}

fn block(v: &Value, indent: usize, nice: bool, out: &mut String, level: usize) {
    let pad = " ".repeat(indent * level);
    let inline = |v: &Value| -> bool {
        match v {
            Value::Array(a) => a.is_empty() || (!nice && is_leaf_collection(v)),
            Value::Object(m) => m.is_empty() || (!nice && is_leaf_collection(v)),
            _ => true,
        }
    };
    match v {
        Value::Object(m) => {
            for (k, item) in m {
                let key = scalar(&Value::String(k.clone()));
                if inline(item) {
                    out.push_str(&format!("{pad}{key}: {}\n", scalar(item)));
                } else {
                    out.push_str(&format!("{pad}{key}:\n"));
                    let next = if item.is_array() { level } else { level + 1 };
                    block(item, indent, nice, out, next);
                }
            }
        }
        Value::Array(a) => {
            for item in a {
                if inline(item) {
                    out.push_str(&format!("{pad}- {}\n", scalar(item)));
                } else {
                    let mut sub = String::new();
                    block(item, indent, nice, &mut sub, 0);
                    let inner = " ".repeat(indent.max(2));
                    for (i, line) in sub.lines().enumerate() {
                        let lead = if i == 0 { format!("{pad}- ") } else { format!("{pad}{}", &inner[..2]) };
                        out.push_str(&format!("{lead}{line}\n"));
                    }
                }
            }
        }
        other => out.push_str(&format!("{pad}{}\n", scalar(other))),
    }
}

/// Keys sorted at every level (PyYAML's `dump` sorts them).
fn sorted(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k.clone(), sorted(v))).collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// `to_yaml`.
pub fn to_yaml(v: &Value) -> String {
    let v = &sorted(v);
    if is_leaf_collection(v) || !(v.is_array() || v.is_object()) {
        let s = scalar(v);
        return if v.is_string() || v.is_number() || v.is_boolean() || v.is_null() {
            format!("{s}\n...\n")
        } else {
            format!("{s}\n")
        };
    }
    let mut out = String::new();
    block(v, 2, false, &mut out, 0);
    out
}

/// `to_nice_yaml` (indent 4).
pub fn to_nice_yaml(v: &Value, indent: usize) -> String {
    let v = &sorted(v);
    if !(v.is_array() || v.is_object()) {
        return format!("{}\n...\n", scalar(v));
    }
    let mut out = String::new();
    block(v, indent, true, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_pyyaml() {
        assert_eq!(to_yaml(&json!({"a": 1, "b": [1, 2]})), "a: 1\nb: [1, 2]\n");
        assert_eq!(to_yaml(&json!({"a": 1, "b": "x"})), "{a: 1, b: x}\n");
        assert_eq!(
            to_nice_yaml(&json!({"a": 1, "b": [1, "yes"], "c": {"d": null}}), 4),
            "a: 1\nb:\n- 1\n- 'yes'\nc:\n    d: null\n"
        );
        assert_eq!(to_yaml(&json!("x")), "x\n...\n");
    }
}
