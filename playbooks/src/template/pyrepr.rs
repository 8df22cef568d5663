//! Python's `repr()` and `str()` of values, because Ansible renders a list or a dict inside a
//! string the way Python prints it (`['a', 1, True, None]`), not as JSON.

use serde_json::Value;

/// Python's `repr(s)` for a string: single quotes unless the text has a single quote and no
/// double quote; backslash escapes for `\\`, the quote, `\n`, `\r`, `\t` and other control
/// characters.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `repr()` of a JSON value (`True`, `None`, `{'a': [1, 2.5]}`).
pub fn pyrepr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => i.to_string(),
            (_, Some(u), _) => u.to_string(),
            (_, _, Some(f)) => pyfloat(f),
            _ => n.to_string(),
        },
        Value::String(s) => repr_str(s),
        Value::Array(items) => format!("[{}]", items.iter().map(pyrepr).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{}: {}", repr_str(k), pyrepr(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// Python's `str()`: strings as they are, everything else as `repr()`.
pub fn pystr(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => pyrepr(other),
    }
}

/// Python's float repr: `1.0`, `0.5`, `1e+20`, `inf`.
pub fn pyfloat(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f.fract() == 0.0 && f.abs() < 1e16 {
        return format!("{f:.1}");
    }
    let s = format!("{f}");
    if f.abs() >= 1e16 {
        let e = format!("{f:e}");
        return match e.split_once('e') {
            Some((m, x)) if !x.starts_with('-') => format!("{m}e+{x:0>2}"),
            _ => e,
        };
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_python() {
        assert_eq!(
            pyrepr(&json!(["1", 2, true, null, 1.5, {"a": "it's"}])),
            r#"['1', 2, True, None, 1.5, {'a': "it's"}]"#
        );
        assert_eq!(repr_str("a'b\"c\n"), r#"'a\'b"c\n'"#);
        assert_eq!(pyfloat(3.0), "3.0");
        assert_eq!(pyfloat(1e20), "1e+20");
        assert_eq!(pystr(&json!("x")), "x");
    }
}
