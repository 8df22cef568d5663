//! Results as people and programs read them: Python's repr with named
//! fields for records, and JSON.

use rpyc_protocol::value::{bytes_repr, float_repr};
use rpyc_protocol::{Record, Value};
use serde_json::{json, Map, Value as Json};

/// Field names of the records Python's stdlib returns, so `os.stat()` shows
/// `st_size=...` rather than a bare tuple. The tuple part of a struct
/// sequence comes positionally in pickle; named tuples likewise.
fn known_fields(class: &str) -> Option<&'static [&'static str]> {
    Some(match class {
        "os.stat_result" => &[
            "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid", "st_size", "st_atime", "st_mtime",
            "st_ctime",
        ],
        "posix.uname_result" => &["sysname", "nodename", "release", "version", "machine"],
        "platform.uname_result" => &["system", "node", "release", "version", "machine"],
        "time.struct_time" => {
            &["tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"]
        }
        "shutil._ntuple_diskusage" => &["total", "used", "free"],
        "psutil._common.sdiskusage" => &["total", "used", "free", "percent"],
        "psutil._pslinux.svmem" => &[
            "total",
            "available",
            "percent",
            "used",
            "free",
            "active",
            "inactive",
            "buffers",
            "cached",
            "shared",
            "slab",
        ],
        "os.terminal_size" => &["columns", "lines"],
        _ => return None,
    })
}

/// A record's fields as (name, value) pairs, whatever way pickle built it.
pub fn record_fields(rec: &Record) -> Vec<(String, Value)> {
    let names = known_fields(&rec.class);
    let name_at = |i: usize| names.and_then(|n| n.get(i)).map_or_else(|| format!("_{i}"), |s| (*s).to_owned());
    let mut fields = Vec::new();
    // Struct sequences: class((visible...), {extra}); named tuples: class(*fields).
    let positional: Vec<Value> = match rec.args.as_slice() {
        [Value::Tuple(items), Value::Dict(_)] | [Value::Tuple(items)]
            if names.is_some_and(|n| n.len() == items.len()) =>
        {
            items.clone()
        }
        other => other.to_vec(),
    };
    let extra = match rec.args.as_slice() {
        [Value::Tuple(_), Value::Dict(extra)] => extra.clone(),
        _ => Vec::new(),
    };
    for (i, v) in positional.into_iter().enumerate() {
        fields.push((name_at(i), v));
    }
    for (k, v) in extra.into_iter().chain(match &rec.state {
        Some(Value::Dict(state)) => state.clone(),
        _ => Vec::new(),
    }) {
        let key = match k {
            Value::Str(s) => s,
            other => other.to_string(),
        };
        // Extra struct-sequence fields repeat visible ones with more
        // precision (st_mtime as a float); the precise one wins.
        match fields.iter_mut().find(|(n, _)| *n == key) {
            Some(slot) => slot.1 = v,
            None => fields.push((key, v)),
        }
    }
    fields
}

/// The class marking a value shown only by its repr: an object that
/// cannot travel by value (a file, a socket), whose repr the server gave.
const OPAQUE: &str = "rpyctl.repr";

/// An object known only by its repr.
pub fn opaque(repr: String) -> Value {
    Value::Record(Box::new(Record { class: OPAQUE.into(), args: vec![Value::Str(repr)], state: None }))
}

fn opaque_repr(v: &Value) -> Option<&str> {
    match v {
        Value::Record(rec) if rec.class == OPAQUE => rec.args.first().and_then(Value::as_str),
        _ => None,
    }
}

/// Python-style repr wrapped to `width` columns as `pprint` does: a
/// container too long for one line puts one item per line, aligned under
/// its opening bracket.
pub fn pformat(v: &Value, width: usize) -> String {
    pformat_at(v, width, 0)
}

fn pformat_at(v: &Value, width: usize, indent: usize) -> String {
    let flat = pretty(v);
    if flat.chars().count() + indent <= width {
        return flat;
    }
    let inner = indent + 1;
    let sep = format!(",\n{}", " ".repeat(inner));
    let items = |items: &[Value]| items.iter().map(|i| pformat_at(i, width, inner)).collect::<Vec<_>>().join(&sep);
    match v {
        Value::List(xs) if !xs.is_empty() => format!("[{}]", items(xs)),
        Value::Tuple(xs) if xs.len() > 1 => format!("({})", items(xs)),
        Value::Set(xs) if !xs.is_empty() => format!("{{{}}}", items(xs)),
        Value::Dict(pairs) if !pairs.is_empty() => {
            let shown: Vec<String> = pairs
                .iter()
                .map(|(k, v)| {
                    let key = pretty(k);
                    let at = inner + key.chars().count() + 2;
                    format!("{key}: {}", pformat_at(v, width, at))
                })
                .collect();
            format!("{{{}}}", shown.join(&sep))
        }
        _ => flat,
    }
}

fn short_class(class: &str) -> &str {
    match class {
        "os.stat_result" | "time.struct_time" | "os.terminal_size" => class,
        other => other.rsplit('.').next().unwrap_or(other),
    }
}

/// Python-style repr, with records shown by field name.
pub fn pretty(v: &Value) -> String {
    let list = |items: &[Value]| items.iter().map(pretty).collect::<Vec<_>>().join(", ");
    match v {
        Value::Tuple(items) if items.len() == 1 => format!("({},)", pretty(&items[0])),
        Value::Tuple(items) => format!("({})", list(items)),
        Value::List(items) => format!("[{}]", list(items)),
        Value::Set(items) if !items.is_empty() => format!("{{{}}}", list(items)),
        Value::Dict(pairs) => {
            let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{}: {}", pretty(k), pretty(v))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        Value::Record(_) if opaque_repr(v).is_some() => opaque_repr(v).unwrap_or_default().to_owned(),
        Value::Record(rec) => {
            let inner: Vec<String> = record_fields(rec).iter().map(|(k, v)| format!("{k}={}", pretty(v))).collect();
            format!("{}({})", short_class(&rec.class), inner.join(", "))
        }
        other => other.to_string(),
    }
}

/// JSON for `--output json`: numbers, strings, arrays and objects; values
/// JSON has no form for keep a readable string (big ints as decimal text).
pub fn to_json(v: &Value) -> Json {
    match v {
        Value::None => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(n) => json!(n),
        Value::BigInt(n) => Json::String(n.to_string()),
        Value::Float(f) if f.is_finite() => json!(f),
        Value::Float(f) => Json::String(float_repr(*f)),
        Value::Complex(re, im) => json!({ "real": re, "imag": im }),
        Value::Str(s) => Json::String(s.clone()),
        Value::Bytes(b) | Value::ByteArray(b) => match std::str::from_utf8(b) {
            Ok(s) => Json::String(s.to_owned()),
            Err(_) => Json::String(bytes_repr(b)),
        },
        Value::Tuple(items) | Value::List(items) | Value::Set(items) | Value::FrozenSet(items) => {
            Json::Array(items.iter().map(to_json).collect())
        }
        Value::Dict(pairs) if pairs.iter().all(|(k, _)| matches!(k, Value::Str(_))) => {
            let mut map = Map::new();
            for (k, v) in pairs {
                if let Value::Str(k) = k {
                    map.insert(k.clone(), to_json(v));
                }
            }
            Json::Object(map)
        }
        Value::Dict(pairs) => Json::Array(pairs.iter().map(|(k, v)| json!([to_json(k), to_json(v)])).collect()),
        Value::Record(_) if opaque_repr(v).is_some() => Json::String(opaque_repr(v).unwrap_or_default().to_owned()),
        Value::Record(rec) => {
            let mut map = Map::new();
            for (k, v) in record_fields(rec) {
                map.insert(k, to_json(&v));
            }
            Json::Object(map)
        }
        other => Json::String(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat() -> Value {
        Value::Record(Box::new(Record {
            class: "os.stat_result".into(),
            args: vec![
                Value::Tuple((0..10).map(Value::Int).collect()),
                Value::Dict(vec![
                    (Value::str("st_mtime"), Value::Float(7.5)),
                    (Value::str("st_blksize"), Value::Int(4096)),
                ]),
            ],
            state: None,
        }))
    }

    #[test]
    fn struct_sequences_show_field_names() {
        let shown = pretty(&stat());
        assert!(shown.starts_with("os.stat_result(st_mode=0, st_ino=1,"), "{shown}");
        assert!(
            shown.contains("st_size=6") && shown.contains("st_mtime=7.5") && shown.contains("st_blksize=4096"),
            "{shown}"
        );
    }

    #[test]
    fn json_keeps_structure() {
        let j = to_json(&stat());
        assert_eq!(j["st_size"], json!(6));
        assert_eq!(j["st_mtime"], json!(7.5));
        let d = Value::Dict(vec![(Value::str("a"), Value::List(vec![Value::None, Value::Bytes(b"x".to_vec())]))]);
        assert_eq!(to_json(&d), json!({"a": [null, "x"]}));
        assert_eq!(
            to_json(&Value::from_bigint("123456789012345678901234567890".parse().expect("int"))),
            json!("123456789012345678901234567890")
        );
    }

    #[test]
    fn long_containers_wrap_like_pprint() {
        let names = Value::List((0..12).map(|i| Value::str(format!("file-{i:02}.conf"))).collect());
        let shown = pformat(&names, 40);
        assert!(shown.starts_with("['file-00.conf',\n 'file-01.conf',\n"), "{shown}");
        assert_eq!(pformat(&Value::List(vec![Value::Int(1)]), 40), "[1]");
        let d = Value::Dict(vec![(Value::str("k"), names.clone())]);
        assert!(pformat(&d, 40).starts_with("{'k': ['file-00.conf',\n       'file-01.conf',"), "{}", pformat(&d, 40));
        assert_eq!(pretty(&opaque("<socket>".into())), "<socket>");
    }

    #[test]
    fn completed_process_reads_by_attribute() {
        let cp = Value::Record(Box::new(Record {
            class: "subprocess.CompletedProcess".into(),
            args: vec![],
            state: Some(Value::Dict(vec![
                (Value::str("returncode"), Value::Int(0)),
                (Value::str("stdout"), Value::str("hi\n")),
            ])),
        }));
        assert_eq!(pretty(&cp), "CompletedProcess(returncode=0, stdout='hi\\n')");
    }
}
