//! `json.dumps(value, ...)` exactly as Python writes it: how ansible-playbook's callbacks print
//! results (`sort_keys=True, ensure_ascii=False`: `", "`/`": "` separators on one line, `","`
//! at line ends when indented, floats as Python's `repr`), and how Ansible's copy turns a
//! mapping given as `content` into text (`json.dumps(content)`).

use serde_json::Value as Json;

/// How `json.dumps` is called.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub indent: Option<usize>,
    /// `separators=(",", ":")` instead of the defaults.
    pub compact: bool,
    pub ensure_ascii: bool,
    pub sort_keys: bool,
}

/// `json.dumps(v, indent=indent, sort_keys=True, ensure_ascii=False)`: the default
/// callback's result dumps.
pub fn dumps(v: &Json, indent: Option<usize>) -> String {
    dumps_with(v, Style { indent, compact: false, ensure_ascii: false, sort_keys: true })
}

/// `json.dumps(v, ...)` in any style.
pub fn dumps_with(v: &Json, style: Style) -> String {
    let mut out = String::new();
    write(&mut out, v, style, 0);
    out
}

fn write(out: &mut String, v: &Json, style: Style, level: usize) {
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => out.push_str(&i.to_string()),
            (_, Some(u), _) => out.push_str(&u.to_string()),
            (_, _, Some(f)) => out.push_str(&float_repr(f)),
            _ => out.push_str(&n.to_string()),
        },
        Json::String(s) => string(out, s, style.ensure_ascii),
        Json::Array(items) if items.is_empty() => out.push_str("[]"),
        Json::Object(m) if m.is_empty() => out.push_str("{}"),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                separator(out, style, level + 1, i == 0);
                write(out, item, style, level + 1);
            }
            close(out, style.indent, level, ']');
        }
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            if style.sort_keys {
                keys.sort();
            }
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                separator(out, style, level + 1, i == 0);
                string(out, k, style.ensure_ascii);
                out.push_str(if style.compact { ":" } else { ": " });
                write(out, &m[k], style, level + 1);
            }
            close(out, style.indent, level, '}');
        }
    }
}

fn separator(out: &mut String, style: Style, level: usize, first: bool) {
    match style.indent {
        Some(n) => {
            if !first {
                out.push(',');
            }
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
        None if !first => out.push_str(if style.compact { "," } else { ", " }),
        None => {}
    }
}

fn close(out: &mut String, indent: Option<usize>, level: usize, bracket: char) {
    if let Some(n) = indent {
        out.push('\n');
        out.push_str(&" ".repeat(n * level));
    }
    out.push(bracket);
}

/// A JSON string: quotes, backslashes and control characters escaped, and with
/// `ensure_ascii` everything beyond ASCII as `\uXXXX` (UTF-16 units).
fn string(out: &mut String, s: &str, ensure_ascii: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || (ensure_ascii && (c as u32) > 0x7e) => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest digits that round-trip, in positional notation for
/// exponents from -4 to 15, else scientific with at least two exponent digits.
pub fn float_repr(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-4..16).contains(&exp) {
        let point = exp + 1;
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point as usize >= digits.len() {
            format!("{digits}{}.0", "0".repeat(point as usize - digits.len()))
        } else {
            format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
        };
        format!("{sign}{body}")
    } else {
        let frac = if digits.len() > 1 { format!("{}.{}", &digits[..1], &digits[1..]) } else { digits };
        format!("{sign}{frac}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn floats_as_python_repr() {
        for (f, s) in [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e-5, "1e-05"),
            (1.5e16, "1.5e+16"),
            (1e15, "1000000000000000.0"),
            (123.456, "123.456"),
            (-0.0001, "-0.0001"),
            (1762345678.123456, "1762345678.123456"),
        ] {
            assert_eq!(float_repr(f), s, "{f}");
        }
    }

    #[test]
    fn dumps_as_python() {
        let v = json!({"b": [1, 2.5, {"x": null}], "a": "é\n", "c": {}, "d": []});
        assert_eq!(dumps(&v, None), r#"{"a": "é\n", "b": [1, 2.5, {"x": null}], "c": {}, "d": []}"#);
        let compact = Style { indent: None, compact: true, ensure_ascii: true, sort_keys: true };
        assert_eq!(dumps_with(&v, compact), r#"{"a":"\u00e9\n","b":[1,2.5,{"x":null}],"c":{},"d":[]}"#);
        assert_eq!(
            dumps(&v, Some(4)),
            "{\n    \"a\": \"é\\n\",\n    \"b\": [\n        1,\n        2.5,\n        {\n            \"x\": null\n        }\n    ],\n    \"c\": {},\n    \"d\": []\n}"
        );
    }
}
