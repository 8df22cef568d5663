//! YAML text → a tree of [`Node`]s that remember their line and column.
//!
//! The same reading as `rpyctl-inventory`'s (serde-saphyr's `Spanned`, recursively), with
//! Ansible's YAML 1.1 scalars: `yes`/`no`/`on`/`off` are booleans, `0755` is octal, `<<` merge
//! keys apply, duplicate keys are errors, tags such as `!unsafe` keep their scalar as a string.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::localizer::Localizer;
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter, Spanned};

use crate::error::{Error, Location};

/// One YAML node and where it is (1-based line and column of its first character; for a
/// block mapping, of its first key).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub kind: Kind,
    pub line: u64,
    pub column: u64,
}

/// A mapping key: YAML scalars as written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub name: String,
    pub line: u64,
    pub column: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Kind {
    /// The YAML type as a word for messages ("a mapping", "a string", ...).
    pub fn describe(&self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Int(_) | Kind::UInt(_) => "an integer",
            Kind::Float(_) => "a float",
            Kind::Str(_) => "a string",
            Kind::Seq(_) => "a list",
            Kind::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<Kind>::deserialize(d)?;
        Ok(Node { kind: s.value, line: s.referenced.line(), column: s.referenced.column() })
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = Spanned::<String>::deserialize(d)?;
        Ok(Key { name: s.value, line: s.referenced.line(), column: s.referenced.column() })
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_none<E>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::UInt(v), Kind::Int))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Kind, E> {
        i64::try_from(v)
            .map(Kind::Int)
            .or_else(|_| u64::try_from(v).map(Kind::UInt))
            .map_err(|_| E::custom(format!("integer {v} is out of range")))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Kind, E> {
        u64::try_from(v)
            .map(|v| i64::try_from(v).map_or(Kind::UInt(v), Kind::Int))
            .map_err(|_| E::custom(format!("integer {v} is out of range")))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Kind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Key>()? {
            let value = map.next_value::<Node>()?;
            entries.push((key, value));
        }
        Ok(Kind::Map(entries))
    }
}

/// A localizer that leaves the location out of messages: we print it ourselves, first.
struct NoLocation;
impl Localizer for NoLocation {
    fn attach_location<'a>(
        &self,
        base: std::borrow::Cow<'a, str>,
        _loc: serde_saphyr::Location,
    ) -> std::borrow::Cow<'a, str> {
        base
    }
}

struct Plain;
impl MessageFormatter for Plain {
    fn localizer(&self) -> &dyn Localizer {
        &NoLocation
    }
    fn format_message<'a>(&self, err: &'a serde_saphyr::Error) -> std::borrow::Cow<'a, str> {
        DefaultMessageFormatter.format_message(err)
    }
}

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.legacy_octal_numbers = true;
    o.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::AsString;
    o.with_snippet = false;
    o
}

/// PyYAML's YAML 1.1 booleans. serde-saphyr also takes `y`/`n` and any casing (`yEs`), which
/// PyYAML (and so Ansible) reads as strings: `tags: [x, y]` is two tags.
const PYYAML_BOOLS: [&str; 18] = [
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
    "Off", "OFF",
];

/// The plain scalar starting at 1-based `line`/`column` of `text`.
fn plain_token(lines: &[&str], line: u64, column: u64) -> Option<String> {
    let l = lines.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let start = usize::try_from(column).ok()?.checked_sub(1)?;
    let rest: String = l.chars().skip(start).collect();
    let end = rest.find([',', ']', '}', '#', '\n']).unwrap_or(rest.len());
    let token = rest[..end].trim_end();
    Some(token.strip_suffix(':').unwrap_or(token).trim_end().to_owned())
}

/// Turns booleans PyYAML would not read as booleans back into their text.
fn pyyaml_booleans(node: &mut Node, lines: &[&str]) {
    match &mut node.kind {
        Kind::Bool(_) => {
            if let Some(token) = plain_token(lines, node.line, node.column) {
                if !PYYAML_BOOLS.contains(&token.as_str()) && !token.starts_with(['!', '&', '*', '"', '\'']) {
                    node.kind = Kind::Str(token);
                }
            }
        }
        Kind::Seq(items) => items.iter_mut().for_each(|i| pyyaml_booleans(i, lines)),
        Kind::Map(entries) => entries.iter_mut().for_each(|(_, v)| pyyaml_booleans(v, lines)),
        _ => {}
    }
}

/// Parses one YAML document. An empty document (or only comments) is `Kind::Null`.
pub(crate) fn parse(file: &str, text: &str) -> Result<Node, Error> {
    let lines: Vec<&str> = text.lines().collect();
    let mut node = parse_raw(file, text)?;
    pyyaml_booleans(&mut node, &lines);
    Ok(node)
}

fn parse_raw(file: &str, text: &str) -> Result<Node, Error> {
    serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|e| {
        let message = e.render_with_options(serde_saphyr::render_options! {
            formatter: &Plain,
            snippets: serde_saphyr::SnippetMode::Off,
        });
        let (line, column) = e.location().map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        Error::at(Location { file: file.to_owned(), line, column }, message)
    })
}

/// Reads and parses a YAML file.
pub(crate) fn load(path: &std::path::Path) -> Result<Node, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
    parse(&path.display().to_string(), &text)
}

impl Node {
    pub fn location(&self, file: &str) -> Location {
        Location { file: file.to_owned(), line: self.line, column: self.column }
    }

    /// The node as JSON, mappings in YAML order.
    pub fn to_json(&self) -> Value {
        match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::from(*i),
            Kind::UInt(u) => Value::from(*u),
            Kind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Kind::Str(s) => Value::String(s.clone()),
            Kind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            Kind::Map(entries) => Value::Object(entries.iter().map(|(k, v)| (k.name.clone(), v.to_json())).collect()),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl Key {
    pub fn location(&self, file: &str) -> Location {
        Location { file: file.to_owned(), line: self.line, column: self.column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_like_ansible() {
        let j = parse("t.yml", "a: yes\nb: 0755\nc: \"yes\"\nd: ~\ne: !unsafe '{{ x }}'\n").unwrap().to_json();
        assert_eq!(j["a"], Value::Bool(true));
        assert_eq!(j["b"], Value::from(493));
        assert_eq!(j["c"], Value::from("yes"));
        assert_eq!(j["d"], Value::Null);
        assert_eq!(j["e"], Value::from("{{ x }}"));
    }

    #[test]
    fn booleans_as_pyyaml_reads_them() {
        let j =
            parse("t.yml", "a: [x, y, n, Y]\nb: yEs\nc: On\nd: 'y'\ne: y\nf: NO # c\ng: {k: n}\n").unwrap().to_json();
        assert_eq!(j["a"], serde_json::json!(["x", "y", "n", "Y"]));
        assert_eq!(j["b"], Value::from("yEs"));
        assert_eq!(j["c"], Value::Bool(true));
        assert_eq!(j["d"], Value::from("y"));
        assert_eq!(j["e"], Value::from("y"));
        assert_eq!(j["f"], Value::Bool(false));
        assert_eq!(j["g"]["k"], Value::from("n"));
    }

    #[test]
    fn keeps_mapping_order_and_locations() {
        let n = parse("t.yml", "- hosts: all\n  zeta: 1\n  alpha: 2\n").unwrap();
        let Kind::Seq(items) = &n.kind else { panic!() };
        let Kind::Map(m) = &items[0].kind else { panic!() };
        let keys: Vec<_> = m.iter().map(|(k, _)| (k.name.as_str(), k.line, k.column)).collect();
        assert_eq!(keys, [("hosts", 1, 3), ("zeta", 2, 3), ("alpha", 3, 3)]);
        let j = n.to_json();
        let order: Vec<_> = j[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(order, ["hosts", "zeta", "alpha"]);
    }

    #[test]
    fn syntax_errors_have_file_line_column() {
        let e = parse("p.yml", "- hosts: all\n  tasks:\n    - a: 1\n    - a: 1\n      a: 2\n").unwrap_err();
        assert!(e.to_string().starts_with("p.yml:5:7: duplicate mapping key"), "{e}");
    }
}
