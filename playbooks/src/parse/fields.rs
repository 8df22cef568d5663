//! Reading typed keyword values out of YAML nodes, with `file:line:col` in every error.

use serde_json::{Map, Value as Json};

use crate::error::{Error, Location};
use crate::modules::coerce::to_bool;
use crate::template::{check_deep, check_expression, check_syntax, is_template};
use crate::yaml::{Key, Kind, Node};

/// The file being read, for locations.
#[derive(Debug, Clone)]
pub(crate) struct Src {
    pub file: String,
}

impl Src {
    pub fn loc(&self, n: &Node) -> Location {
        n.location(&self.file)
    }

    pub fn key_loc(&self, k: &Key) -> Location {
        k.location(&self.file)
    }

    pub fn err(&self, n: &Node, msg: impl Into<String>) -> Error {
        Error::at(self.loc(n), msg)
    }

    pub fn key_err(&self, k: &Key, msg: impl Into<String>) -> Error {
        Error::at(self.key_loc(k), msg)
    }

    /// A mapping's entries, or an error saying what `what` should be.
    pub fn map<'n>(&self, n: &'n Node, what: &str) -> Result<&'n [(Key, Node)], Error> {
        match &n.kind {
            Kind::Map(m) => Ok(m),
            other => Err(self.err(n, format!("{what} must be a mapping, not {}", other.describe()))),
        }
    }

    /// A list's items (null is an empty list).
    pub fn seq<'n>(&self, n: &'n Node, what: &str) -> Result<&'n [Node], Error> {
        match &n.kind {
            Kind::Seq(items) => Ok(items),
            Kind::Null => Ok(&[]),
            other => Err(self.err(n, format!("{what} must be a list, not {}", other.describe()))),
        }
    }

    /// A scalar as text (numbers and booleans as YAML wrote them); Jinja syntax checked.
    pub fn string(&self, n: &Node, what: &str) -> Result<String, Error> {
        let s = match &n.kind {
            Kind::Str(s) => s.clone(),
            Kind::Int(i) => i.to_string(),
            Kind::UInt(u) => u.to_string(),
            Kind::Float(f) => f.to_string(),
            Kind::Bool(b) => b.to_string(),
            other => return Err(self.err(n, format!("{what} must be a string, not {}", other.describe()))),
        };
        check_syntax(&s).map_err(|e| self.err(n, e))?;
        Ok(s)
    }

    /// A string or a list of strings (`hosts`, `notify`, `listen`).
    pub fn strings(&self, n: &Node, what: &str) -> Result<Vec<String>, Error> {
        match &n.kind {
            Kind::Seq(items) => items.iter().map(|i| self.string(i, what)).collect(),
            Kind::Null => Ok(Vec::new()),
            _ => Ok(vec![self.string(n, what)?]),
        }
    }

    /// `tags`: a list, or a string of comma-separated tags.
    pub fn tags(&self, n: &Node) -> Result<Vec<String>, Error> {
        Ok(self
            .strings(n, "tags")?
            .iter()
            .flat_map(|s| s.split(',').map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect::<Vec<_>>())
            .collect())
    }

    /// A boolean keyword: a YAML boolean, a boolean word (`yes`), or a template.
    pub fn flag(&self, n: &Node, what: &str) -> Result<Json, Error> {
        let v = n.to_json();
        if let Json::String(s) = &v {
            if is_template(s) {
                check_syntax(s).map_err(|e| self.err(n, e))?;
                return Ok(v);
            }
        }
        to_bool(&v)
            .map(Json::Bool)
            .ok_or_else(|| self.err(n, format!("{what} must be a boolean, not {}", n.kind.describe())))
    }

    /// A number keyword (`retries`, `timeout`, ...): a number, a numeric string, or a template.
    pub fn number(&self, n: &Node, what: &str) -> Result<Json, Error> {
        let v = n.to_json();
        match &v {
            Json::Number(_) => Ok(v),
            Json::String(s) if is_template(s) => {
                check_syntax(s).map_err(|e| self.err(n, e))?;
                Ok(v)
            }
            Json::String(s) => s
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map(Json::Number)
                .ok_or_else(|| self.err(n, format!("{what} must be a number, not '{s}'"))),
            _ => Err(self.err(n, format!("{what} must be a number, not {}", n.kind.describe()))),
        }
    }

    /// A conditional or a list of them (`when`, `failed_when`, `changed_when`); each a bare
    /// Jinja expression, a boolean, or a template.
    pub fn conditions(&self, n: &Node) -> Result<Vec<Json>, Error> {
        let one = |n: &Node| -> Result<Json, Error> {
            match &n.kind {
                Kind::Bool(b) => Ok(Json::Bool(*b)),
                Kind::Str(s) => {
                    check_expression(s).map_err(|e| self.err(n, e))?;
                    Ok(Json::String(s.clone()))
                }
                Kind::Int(_) | Kind::UInt(_) | Kind::Float(_) => Ok(n.to_json()),
                Kind::Null => Ok(Json::Bool(true)),
                other => {
                    Err(self.err(n, format!("a conditional must be a string or a boolean, not {}", other.describe())))
                }
            }
        };
        match &n.kind {
            Kind::Seq(items) => items.iter().map(one).collect(),
            _ => Ok(vec![one(n)?]),
        }
    }

    /// Any value that will be templated (loop items, labels, `environment`); Jinja checked.
    pub fn templated(&self, n: &Node) -> Result<Json, Error> {
        let v = n.to_json();
        check_deep(&v).map_err(|e| self.err(n, e))?;
        Ok(v)
    }

    /// A vars mapping (`vars:`, a vars file): keys must be valid variable names; values are
    /// kept for lazy templating. A list of mappings is merged (Ansible accepts it).
    pub fn vars(&self, n: &Node, what: &str) -> Result<Map<String, Json>, Error> {
        let mut out = Map::new();
        match &n.kind {
            Kind::Null => {}
            Kind::Seq(items) => {
                for i in items {
                    out.extend(self.vars(i, what)?);
                }
            }
            Kind::Map(m) => {
                for (k, v) in m {
                    if !valid_name(&k.name) {
                        return Err(self.key_err(k, format!("invalid variable name in {what}: '{}'", k.name)));
                    }
                    out.insert(k.name.clone(), self.templated(v)?);
                }
            }
            other => return Err(self.err(n, format!("{what} must be a mapping, not {}", other.describe()))),
        }
        Ok(out)
    }
}

/// Python identifiers that are not keywords (Ansible's rule for variable names).
pub(crate) fn valid_name(name: &str) -> bool {
    const KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic())
        && chars.all(|c| c == '_' || c.is_alphanumeric())
        && !KEYWORDS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_name("a_1"));
        assert!(!valid_name("1a"));
        assert!(!valid_name("a-b"));
        assert!(!valid_name("class"));
    }
}
