//! YAML parsing: text → a tree of [`Node`]s that remember their line and column.
//!
//! serde-saphyr has no span-carrying value type of its own, so [`Node`] is deserialized as
//! `serde_saphyr::Spanned<Kind>`, recursively: every scalar, sequence and mapping (and every
//! mapping key, as `Spanned<String>`) keeps the location where it appears. The structure checks
//! in `loader` can then name `file:line:column` for errors found after parsing.
//!
//! Parser options, chosen to read YAML the way Ansible (PyYAML, YAML 1.1) does:
//! - `yes`/`no`/`on`/`off` are booleans (serde-saphyr's default);
//! - `0755` is octal (`legacy_octal_numbers`), as in YAML 1.1;
//! - `.inf`/`.nan` become the strings `.inf`/`.nan` (JSON has no such numbers);
//! - `<<` merge keys are applied, duplicate keys are errors, aliases are expanded (with
//!   serde-saphyr's default alias-bomb and depth budgets);
//! - tags such as `!vault` or `!unsafe` are accepted and their scalar kept as a string
//!   (vault-encrypted values are not decrypted).

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

/// A mapping key: YAML scalars as written (`010` stays `"010"`).
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
            Kind::Seq(_) => "a sequence",
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

/// Parses one YAML document. An empty document (or only comments) is `Kind::Null`.
/// Errors carry `file:line:column` and serde-saphyr's message.
pub(crate) fn parse(file: &str, text: &str) -> Result<Node, Error> {
    serde_saphyr::from_str_with_options::<Node>(text, options()).map_err(|e| {
        let message = e.render_with_options(serde_saphyr::render_options! {
            formatter: &Plain,
            snippets: serde_saphyr::SnippetMode::Off,
        });
        let (line, column) = e.location().map_or((1, 1), |l| (l.line().max(1), l.column().max(1)));
        Error::parse(Location { file: file.to_owned(), line, column }, message)
    })
}

impl Node {
    pub fn location(&self, file: &str) -> Location {
        Location { file: file.to_owned(), line: self.line, column: self.column }
    }

    /// The node as JSON: mappings keep their YAML order (serde_json sorts them unless its
    /// `preserve_order` feature is on), keys are the scalars as written.
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
}

impl Key {
    pub fn location(&self, file: &str) -> Location {
        Location { file: file.to_owned(), line: self.line, column: self.column }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(n: &Node) -> &[(Key, Node)] {
        match &n.kind {
            Kind::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn scalars_like_ansible() {
        let n =
            parse("t.yml", "a: yes\nb: off\nc: 0755\nd: 010\ne: .inf\nf: \"yes\"\ng: 1.5\nh: ~\ni: !vault |\n  xyz\n")
                .unwrap();
        let j = n.to_json();
        assert_eq!(j["a"], Value::Bool(true));
        assert_eq!(j["b"], Value::Bool(false));
        assert_eq!(j["c"], Value::from(493));
        assert_eq!(j["d"], Value::from(8));
        assert_eq!(j["e"], Value::from(".inf"));
        assert_eq!(j["f"], Value::from("yes"));
        assert_eq!(j["g"], Value::from(1.5));
        assert_eq!(j["h"], Value::Null);
        assert_eq!(j["i"], Value::from("xyz\n"));
    }

    #[test]
    fn keys_as_written_and_locations() {
        let n = parse("t.yml", "all:\n  hosts:\n    010:\n    yes: {a: 1}\n").unwrap();
        let (k, v) = &map(&n)[0];
        assert_eq!((k.name.as_str(), k.line, k.column), ("all", 1, 1));
        let (k, hosts) = &map(v)[0];
        assert_eq!((k.name.as_str(), hosts.line, hosts.column), ("hosts", 3, 5));
        let names: Vec<_> = map(hosts).iter().map(|(k, _)| k.name.as_str()).collect();
        assert_eq!(names, ["010", "yes"]);
        let (_, v) = &map(hosts)[1];
        assert_eq!((v.line, v.column), (4, 10));
    }

    #[test]
    fn merge_keys_applied() {
        let n = parse("t.yml", "b: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").unwrap();
        let j = n.to_json();
        assert_eq!(j["c"]["x"], Value::from(1));
        assert_eq!(j["c"]["y"], Value::from(3));
    }

    #[test]
    fn errors_have_file_line_column() {
        let e = parse("inv.yml", "all:\n  hosts:\n    a: 1\n    a: 2\n").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("inv.yml:4:5: duplicate mapping key"), "{s}");
        assert!(!s.contains("at line"), "{s}");

        let e = parse("inv.yml", "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.to_string().starts_with("inv.yml:2:2: "), "{e}");

        let e = parse("inv.yml", "all:\n  - a\n b: 1\n").unwrap_err();
        assert!(e.to_string().starts_with("inv.yml:3:2: "), "{e}");
    }

    #[test]
    fn empty_is_null() {
        assert_eq!(parse("t", "").unwrap().kind, Kind::Null);
        assert_eq!(parse("t", "# nothing\n").unwrap().kind, Kind::Null);
    }
}
