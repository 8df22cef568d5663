//! Ansible's filters that minijinja lacks or defines differently (`bool`, `split`), added to
//! the environment in [`register`]. Names and behaviour follow `ansible.plugins.filter.core`
//! and `mathstuff`.

use base64::Engine as _;
use minijinja::value::{Kwargs, Rest, ValueKind};
use minijinja::{Environment, Error, ErrorKind, Value};
use serde_json::Value as Json;

use super::pyrepr::pystr;
use super::yamlout;
use crate::modules::coerce::to_bool;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidOperation, msg.into())
}

pub(crate) fn to_json_value(v: &Value) -> Result<Json, Error> {
    serde_json::to_value(v).map_err(|e| invalid(format!("cannot convert to data: {e}")))
}

fn text(v: &Value) -> Result<String, Error> {
    Ok(match v.as_str() {
        Some(s) => s.to_owned(),
        None => pystr(&to_json_value(v)?),
    })
}

fn bool_filter(v: Value) -> Result<bool, Error> {
    if v.is_none() || v.is_undefined() {
        return Ok(false);
    }
    let j = to_json_value(&v)?;
    Ok(to_bool(&j).unwrap_or(false))
}

fn to_json(v: Value, kwargs: Kwargs) -> Result<String, Error> {
    let indent: Option<usize> = kwargs.get("indent")?;
    let sort: Option<bool> = kwargs.get("sort_keys")?;
    kwargs.assert_all_used()?;
    let mut j = to_json_value(&v)?;
    if sort.unwrap_or(false) {
        j = sort_keys(j);
    }
    python_json(&j, indent)
}

fn sort_keys(j: Json) -> Json {
    match j {
        Json::Object(m) => {
            let mut entries: Vec<_> = m.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Json::Object(entries.into_iter().map(|(k, v)| (k, sort_keys(v))).collect())
        }
        Json::Array(a) => Json::Array(a.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

/// Python's `json.dumps` layout: `", "` and `": "` separators without indent, non-ASCII kept.
fn python_json(j: &Json, indent: Option<usize>) -> Result<String, Error> {
    fn write(j: &Json, indent: Option<usize>, level: usize, out: &mut String) -> Result<(), Error> {
        match j {
            Json::Array(a) if !a.is_empty() => {
                out.push('[');
                for (i, item) in a.iter().enumerate() {
                    sep(out, i, indent, level + 1);
                    write(item, indent, level + 1, out)?;
                }
                close(out, indent, level);
                out.push(']');
            }
            Json::Object(m) if !m.is_empty() => {
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    sep(out, i, indent, level + 1);
                    out.push_str(&serde_json::to_string(k).map_err(|e| invalid(e.to_string()))?);
                    out.push_str(": ");
                    write(v, indent, level + 1, out)?;
                }
                close(out, indent, level);
                out.push('}');
            }
            other => out.push_str(&serde_json::to_string(other).map_err(|e| invalid(e.to_string()))?),
        }
        Ok(())
    }
    fn sep(out: &mut String, i: usize, indent: Option<usize>, level: usize) {
        if i > 0 {
            out.push(',');
            if indent.is_none() {
                out.push(' ');
            }
        }
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    }
    fn close(out: &mut String, indent: Option<usize>, level: usize) {
        if let Some(n) = indent {
            out.push('\n');
            out.push_str(&" ".repeat(n * level));
        }
    }
    let mut out = String::new();
    write(j, indent, 0, &mut out)?;
    Ok(out)
}

fn to_nice_json(v: Value, kwargs: Kwargs) -> Result<String, Error> {
    let indent: Option<usize> = kwargs.get("indent")?;
    kwargs.assert_all_used()?;
    python_json(&sort_keys(to_json_value(&v)?), Some(indent.unwrap_or(4)))
}

fn from_json(v: String) -> Result<Value, Error> {
    let j: Json = serde_json::from_str(&v).map_err(|e| invalid(format!("from_json: {e}")))?;
    Ok(Value::from_serialize(&j))
}

fn from_yaml(v: String) -> Result<Value, Error> {
    let node = crate::yaml::parse("<from_yaml>", &v).map_err(|e| invalid(format!("from_yaml: {e}")))?;
    Ok(Value::from_serialize(node.to_json()))
}

fn to_yaml(v: Value) -> Result<String, Error> {
    Ok(yamlout::to_yaml(&to_json_value(&v)?))
}

fn to_nice_yaml(v: Value, kwargs: Kwargs) -> Result<String, Error> {
    let indent: Option<usize> = kwargs.get("indent")?;
    kwargs.assert_all_used()?;
    Ok(yamlout::to_nice_yaml(&to_json_value(&v)?, indent.unwrap_or(4)))
}

/// Python `re` syntax → Rust `regex`: the common subset is the same; named groups
/// `(?P<n>...)` are accepted by both.
fn regex(pattern: &str, kwargs: &Kwargs) -> Result<regex::Regex, Error> {
    let icase: Option<bool> = kwargs.get("ignorecase")?;
    let multi: Option<bool> = kwargs.get("multiline")?;
    regex::RegexBuilder::new(pattern)
        .case_insensitive(icase.unwrap_or(false))
        .multi_line(multi.unwrap_or(false))
        .build()
        .map_err(|e| invalid(format!("invalid regular expression '{pattern}': {e}")))
}

/// Python replacement syntax (`\1`, `\g<1>`, `\g<name>`) → Rust's (`${1}`, `${name}`).
fn replacement(r: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = r.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], chars.get(i + 1)) {
            ('\\', Some(d)) if d.is_ascii_digit() => {
                out.push_str(&format!("${{{d}}}"));
                i += 2;
            }
            ('\\', Some('g')) if chars.get(i + 2) == Some(&'<') => {
                let end = chars[i + 3..].iter().position(|&c| c == '>').map_or(chars.len(), |p| i + 3 + p);
                let name: String = chars[i + 3..end.min(chars.len())].iter().collect();
                out.push_str(&format!("${{{name}}}"));
                i = end + 1;
            }
            ('\\', Some('\\')) => {
                out.push('\\');
                i += 2;
            }
            ('$', _) => {
                out.push_str("$$");
                i += 1;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn regex_replace(v: Value, pattern: String, repl: Option<String>, kwargs: Kwargs) -> Result<String, Error> {
    let count: Option<usize> = kwargs.get("count")?;
    let re = regex(&pattern, &kwargs)?;
    kwargs.assert_all_used()?;
    let s = text(&v)?;
    let r = replacement(&repl.unwrap_or_default());
    Ok(re.replacen(&s, count.unwrap_or(0), r.as_str()).into_owned())
}

fn regex_search(v: Value, pattern: String, groups: Rest<String>, kwargs: Kwargs) -> Result<Value, Error> {
    let re = regex(&pattern, &kwargs)?;
    kwargs.assert_all_used()?;
    let s = text(&v)?;
    let Some(caps) = re.captures(&s) else { return Ok(Value::from(())) };
    if groups.is_empty() {
        return Ok(Value::from(caps.get(0).map_or("", |m| m.as_str())));
    }
    let mut out = Vec::new();
    for g in groups.iter() {
        let m = if let Some(n) = g.strip_prefix("\\g<").and_then(|r| r.strip_suffix('>')) {
            n.parse::<usize>().ok().map_or_else(|| caps.name(n), |i| caps.get(i))
        } else if let Some(n) = g.strip_prefix('\\').and_then(|d| d.parse::<usize>().ok()) {
            caps.get(n)
        } else {
            return Err(invalid(format!("Unknown argument '{g}' to regex_search")));
        };
        out.push(m.map_or(Value::from(()), |m| Value::from(m.as_str())));
    }
    Ok(Value::from(out))
}

fn regex_findall(v: Value, pattern: String, kwargs: Kwargs) -> Result<Value, Error> {
    let re = regex(&pattern, &kwargs)?;
    kwargs.assert_all_used()?;
    let s = text(&v)?;
    let groups = re.captures_len() - 1;
    let items: Vec<Value> = re
        .captures_iter(&s)
        .map(|c| match groups {
            0 => Value::from(c.get(0).map_or("", |m| m.as_str())),
            1 => Value::from(c.get(1).map_or("", |m| m.as_str())),
            n => Value::from((1..=n).map(|i| Value::from(c.get(i).map_or("", |m| m.as_str()))).collect::<Vec<_>>()),
        })
        .collect();
    Ok(Value::from(items))
}

fn regex_escape(v: String) -> String {
    regex::escape(&v)
}

fn basename(v: String) -> String {
    v.rsplit('/').next().unwrap_or("").to_owned()
}

/// Python's `os.path.dirname`.
fn dirname(v: String) -> String {
    let i = v.rfind('/').map_or(0, |i| i + 1);
    let head = &v[..i];
    if !head.is_empty() && head.chars().all(|c| c == '/') {
        head.to_owned()
    } else {
        head.trim_end_matches('/').to_owned()
    }
}

fn splitext(v: String) -> Value {
    let base_start = v.rfind('/').map_or(0, |i| i + 1);
    let base = &v[base_start..];
    match base.rfind('.') {
        Some(i) if base[..i].chars().any(|c| c != '.') => {
            Value::from(vec![Value::from(&v[..base_start + i]), Value::from(&base[i..])])
        }
        _ => Value::from(vec![Value::from(v.as_str()), Value::from("")]),
    }
}

fn combine_into(a: &mut Json, b: &Json, recursive: bool, list_merge: &str) {
    match (a, b) {
        (Json::Object(am), Json::Object(bm)) => {
            for (k, bv) in bm {
                match am.get_mut(k) {
                    Some(av) if recursive && av.is_object() && bv.is_object() => combine_into(av, bv, true, list_merge),
                    Some(Json::Array(al)) if bv.is_array() && list_merge != "replace" => {
                        let bl = bv.as_array().cloned().unwrap_or_default();
                        match list_merge {
                            "keep" => {}
                            "append" => al.extend(bl),
                            "prepend" => {
                                let mut n = bl;
                                n.append(al);
                                *al = n;
                            }
                            "append_rp" => {
                                al.retain(|x| !bl.contains(x));
                                al.extend(bl);
                            }
                            _ => {
                                let mut n = bl.clone();
                                n.extend(al.iter().filter(|x| !bl.contains(x)).cloned());
                                *al = n;
                            }
                        }
                    }
                    _ => {
                        am.insert(k.clone(), bv.clone());
                    }
                }
            }
        }
        (a, b) => *a = b.clone(),
    }
}

fn combine(v: Value, others: Rest<Value>, kwargs: Kwargs) -> Result<Value, Error> {
    let recursive: Option<bool> = kwargs.get("recursive")?;
    let list_merge: Option<String> = kwargs.get("list_merge")?;
    kwargs.assert_all_used()?;
    let mut out = to_json_value(&v)?;
    if !out.is_object() {
        return Err(invalid("combine expects dictionaries"));
    }
    let mut dicts = Vec::new();
    for o in others.iter() {
        match to_json_value(o)? {
            Json::Array(items) => dicts.extend(items),
            d => dicts.push(d),
        }
    }
    for d in &dicts {
        if !d.is_object() {
            return Err(invalid("combine expects dictionaries"));
        }
        combine_into(&mut out, d, recursive.unwrap_or(false), list_merge.as_deref().unwrap_or("replace"));
    }
    Ok(Value::from_serialize(&out))
}

fn dict2items(v: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let key_name: Option<String> = kwargs.get("key_name")?;
    let value_name: Option<String> = kwargs.get("value_name")?;
    kwargs.assert_all_used()?;
    let Json::Object(m) = to_json_value(&v)? else {
        return Err(invalid("dict2items requires a dictionary"));
    };
    let (kn, vn) = (key_name.unwrap_or_else(|| "key".into()), value_name.unwrap_or_else(|| "value".into()));
    let items: Vec<Json> = m
        .into_iter()
        .map(|(k, v)| {
            let mut o = serde_json::Map::new();
            o.insert(kn.clone(), Json::String(k));
            o.insert(vn.clone(), v);
            Json::Object(o)
        })
        .collect();
    Ok(Value::from_serialize(&items))
}

fn items2dict(v: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let key_name: Option<String> = kwargs.get("key_name")?;
    let value_name: Option<String> = kwargs.get("value_name")?;
    kwargs.assert_all_used()?;
    let Json::Array(items) = to_json_value(&v)? else {
        return Err(invalid("items2dict requires a list"));
    };
    let (kn, vn) = (key_name.unwrap_or_else(|| "key".into()), value_name.unwrap_or_else(|| "value".into()));
    let mut out = serde_json::Map::new();
    for item in items {
        let (Some(k), Some(val)) = (item.get(&kn), item.get(&vn)) else {
            return Err(invalid(format!("items2dict requires each item to have '{kn}' and '{vn}' keys")));
        };
        out.insert(pystr(k), val.clone());
    }
    Ok(Value::from_serialize(&out))
}

fn b64encode(v: Value) -> Result<String, Error> {
    Ok(base64::engine::general_purpose::STANDARD.encode(text(&v)?))
}

fn b64decode(v: String) -> Result<String, Error> {
    let bytes =
        base64::engine::general_purpose::STANDARD.decode(v.trim()).map_err(|e| invalid(format!("b64decode: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `hash('sha1')` (the default), `md5`, `sha224`, `sha256`, `sha384`, `sha512`.
pub(crate) fn hash_hex(data: &[u8], algo: &str) -> Result<String, Error> {
    use sha2::Digest;
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    Ok(match algo {
        "md5" => format!("{:x}", md5::compute(data)),
        "sha1" => hex(&sha1::Sha1::digest(data)),
        "sha224" => hex(&sha2::Sha224::digest(data)),
        "sha256" => hex(&sha2::Sha256::digest(data)),
        "sha384" => hex(&sha2::Sha384::digest(data)),
        "sha512" => hex(&sha2::Sha512::digest(data)),
        other => return Err(invalid(format!("unsupported hash type {other}"))),
    })
}

fn hash(v: Value, algo: Option<String>) -> Result<String, Error> {
    hash_hex(text(&v)?.as_bytes(), algo.as_deref().unwrap_or("sha1"))
}

/// Python's `shlex.quote`.
pub fn shell_quote(s: &str) -> String {
    if s.is_empty() {
        return "''".into();
    }
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "@%+=:,./-_".contains(c)) {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

fn quote(v: Value) -> Result<String, Error> {
    Ok(shell_quote(&text(&v)?))
}

fn mandatory(v: Value, msg: Option<String>) -> Result<Value, Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            msg.unwrap_or_else(|| "Mandatory variable not defined.".into()),
        ));
    }
    Ok(v)
}

fn ternary(v: Value, yes: Value, no: Value, none: Option<Value>) -> Value {
    match none {
        Some(n) if v.is_none() => n,
        _ if v.is_true() => yes,
        _ => no,
    }
}

fn flatten(v: Value, levels: Option<usize>) -> Result<Value, Error> {
    fn go(j: &Json, depth: Option<usize>, out: &mut Vec<Json>) {
        for item in j.as_array().into_iter().flatten() {
            match item {
                Json::Array(_) if depth != Some(0) => go(item, depth.map(|d| d - 1), out),
                Json::Null => {}
                other => out.push(other.clone()),
            }
        }
    }
    let mut out = Vec::new();
    go(&to_json_value(&v)?, levels, &mut out);
    Ok(Value::from_serialize(&out))
}

fn type_debug(v: Value) -> &'static str {
    match v.kind() {
        ValueKind::Undefined => "AnsibleUndefined",
        ValueKind::None => "NoneType",
        ValueKind::Bool => "bool",
        ValueKind::Number if v.as_i64().is_some() => "int",
        ValueKind::Number => "float",
        ValueKind::String => "str",
        ValueKind::Bytes => "bytes",
        ValueKind::Seq | ValueKind::Iterable => "list",
        ValueKind::Map => "dict",
        _ => "object",
    }
}

fn set_op(a: Value, b: Value, op: &str) -> Result<Value, Error> {
    let (Json::Array(a), Json::Array(b)) = (to_json_value(&a)?, to_json_value(&b)?) else {
        return Err(invalid(format!("{op} expects two lists")));
    };
    let mut out: Vec<Json> = Vec::new();
    let mut push = |x: &Json| {
        if !out.contains(x) {
            out.push(x.clone());
        }
    };
    match op {
        "union" => a.iter().chain(b.iter()).for_each(&mut push),
        "intersect" => a.iter().filter(|x| b.contains(x)).for_each(&mut push),
        "difference" => a.iter().filter(|x| !b.contains(x)).for_each(&mut push),
        _ => a.iter().filter(|x| !b.contains(x)).chain(b.iter().filter(|x| !a.contains(x))).for_each(&mut push),
    }
    Ok(Value::from_serialize(&out))
}

fn split(v: Value, sep: Option<Value>, maxsplit: Option<i64>) -> Result<Value, Error> {
    let s = text(&v)?;
    let max = maxsplit.filter(|&m| m >= 0).map(|m| m as usize);
    let parts: Vec<Value> = match sep.as_ref().and_then(Value::as_str) {
        Some(sep) if !sep.is_empty() => match max {
            Some(m) => s.splitn(m + 1, sep).map(Value::from).collect(),
            None => s.split(sep).map(Value::from).collect(),
        },
        Some(_) => return Err(invalid("empty separator")),
        None => {
            let words: Vec<&str> = s.split_whitespace().collect();
            match max {
                Some(m) if m < words.len() => {
                    let mut head: Vec<Value> = words[..m].iter().map(|w| Value::from(*w)).collect();
                    let mut rest = s.trim_start();
                    for w in &words[..m] {
                        rest = rest[rest.find(w).map_or(0, |i| i + w.len())..].trim_start();
                    }
                    head.push(Value::from(rest));
                    head
                }
                _ => words.into_iter().map(Value::from).collect(),
            }
        }
    };
    Ok(Value::from(parts))
}

fn extract(key: Value, container: Value) -> Result<Value, Error> {
    container.get_item(&key)
}

/// Adds the filters to `env` (replacing minijinja's `bool` and `split` with Ansible's).
pub fn register(env: &mut Environment<'static>) {
    env.add_filter("bool", bool_filter);
    env.add_filter("to_json", to_json);
    env.add_filter("to_nice_json", to_nice_json);
    env.add_filter("from_json", from_json);
    env.add_filter("to_yaml", to_yaml);
    env.add_filter("to_nice_yaml", to_nice_yaml);
    env.add_filter("from_yaml", from_yaml);
    env.add_filter("regex_replace", regex_replace);
    env.add_filter("regex_search", regex_search);
    env.add_filter("regex_findall", regex_findall);
    env.add_filter("regex_escape", regex_escape);
    env.add_filter("basename", basename);
    env.add_filter("dirname", dirname);
    env.add_filter("splitext", splitext);
    env.add_filter("combine", combine);
    env.add_filter("dict2items", dict2items);
    env.add_filter("items2dict", items2dict);
    env.add_filter("b64encode", b64encode);
    env.add_filter("b64decode", b64decode);
    env.add_filter("hash", hash);
    env.add_filter("checksum", |v: Value| hash(v, None));
    env.add_filter("quote", quote);
    env.add_filter("mandatory", mandatory);
    env.add_filter("ternary", ternary);
    env.add_filter("flatten", flatten);
    env.add_filter("type_debug", type_debug);
    env.add_filter("union", |a, b| set_op(a, b, "union"));
    env.add_filter("intersect", |a, b| set_op(a, b, "intersect"));
    env.add_filter("difference", |a, b| set_op(a, b, "difference"));
    env.add_filter("symmetric_difference", |a, b| set_op(a, b, "symmetric_difference"));
    env.add_filter("split", split);
    env.add_filter("extract", extract);
}
