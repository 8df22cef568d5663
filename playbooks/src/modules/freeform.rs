//! Free-form module arguments: `command: ls -l chdir=/tmp`, `file: path=/x state=touch`,
//! `debug: msg="hello world"` — Ansible's `split_args` and `parse_kv`.
//!
//! The text is split on whitespace outside quotes and outside `{{ }}`/`{% %}`/`{# #}`; each
//! `key=value` token becomes an option (its value unquoted). For a module with a free-form
//! option (`command`, `shell`, `meta`) only the keys Ansible lets through (`chdir`, `creates`,
//! ...) are options and everything else is the free-form text, as written.

use serde_json::{Map, Value};

/// Keys that `parse_kv(check_raw=True)` takes out of free-form text.
const RAW_KEYS: [&str; 8] =
    ["creates", "removes", "chdir", "executable", "warn", "stdin", "stdin_add_newline", "strip_empty_ends"];

/// Splits like Ansible's `split_args`: whitespace separates tokens except inside quotes or
/// Jinja delimiters. Returns the tokens as written, or an error for an unbalanced quote or
/// delimiter.
pub fn split_args(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if quote.is_none() && c == '{' && matches!(next, Some('{' | '%' | '#')) {
            depth += 1;
            cur.push(c);
            cur.extend(next);
            i += 2;
            continue;
        }
        if quote.is_none() && depth > 0 && matches!(c, '}' | '%' | '#') && next == Some('}') {
            depth -= 1;
            cur.push(c);
            cur.push('}');
            i += 2;
            continue;
        }
        match quote {
            Some(q) if c == q && (i == 0 || chars[i - 1] != '\\') => {
                quote = None;
                cur.push(c);
            }
            None if (c == '"' || c == '\'') && depth == 0 => {
                quote = Some(c);
                cur.push(c);
            }
            None if c.is_whitespace() && depth == 0 => {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
        i += 1;
    }
    if quote.is_some() {
        return Err(format!("unbalanced quotes in '{text}'"));
    }
    if depth > 0 {
        return Err(format!("unbalanced Jinja delimiters in '{text}'"));
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    Ok(tokens)
}

fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        return s[1..s.len() - 1].to_owned();
    }
    s.to_owned()
}

/// Python's `codecs.escape_decode` for the escapes Ansible decodes in `k=v` values.
fn decode_escapes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match it.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            Some('\'') => out.push('\''),
            Some('"') => out.push('"'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `parse_kv`: `key=value` tokens become options; with `free_form`, the other tokens (and
/// keys not in Ansible's raw list) are joined into that option.
pub fn parse_kv(text: &str, free_form: Option<&str>) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    let mut raw = Vec::new();
    for token in split_args(text)? {
        let eq = token.find('=').filter(|&i| i > 0 && !token[..i].contains(['"', '\'', ' ', '{']));
        match eq {
            Some(i) => {
                let (k, v) = (&token[..i], &token[i + 1..]);
                if free_form.is_some() && !RAW_KEYS.contains(&k) {
                    raw.push(token.clone());
                } else {
                    out.insert(k.to_owned(), Value::String(decode_escapes(&unquote(v))));
                }
            }
            None => raw.push(token),
        }
    }
    if !raw.is_empty() {
        let key = free_form.unwrap_or("_raw_params");
        out.insert(key.to_owned(), Value::String(raw.join(" ")));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn command_free_form() {
        let m = parse_kv("ls -l /tmp chdir=/srv creates=/x", Some("_raw_params")).unwrap();
        assert_eq!(Value::Object(m), json!({"chdir": "/srv", "creates": "/x", "_raw_params": "ls -l /tmp"}));
        let m = parse_kv("echo a=b 'c d'", Some("_raw_params")).unwrap();
        assert_eq!(Value::Object(m), json!({"_raw_params": "echo a=b 'c d'"}));
    }

    #[test]
    fn key_values() {
        let m = parse_kv(r#"msg="hello {{ who | default('x y') }}" verbosity=1"#, None).unwrap();
        assert_eq!(Value::Object(m), json!({"msg": "hello {{ who | default('x y') }}", "verbosity": "1"}));
        let m = parse_kv("path=/x state=touch extra", None).unwrap();
        assert_eq!(m["_raw_params"], json!("extra"));
        assert_eq!(parse_kv(r"line='a\tb'", None).unwrap()["line"], json!("a\tb"));
    }

    #[test]
    fn unbalanced() {
        assert!(parse_kv("msg='oops", None).is_err());
        assert!(parse_kv("msg={{ x", None).is_err());
    }
}
