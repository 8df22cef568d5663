//! Call arguments from the command line: `ARG` positional, `key=value`
//! keyword (key a Python identifier), each value typed like a YAML scalar:
//! `1` int, `1.5` float, `true`/`yes` bool, `null`/`~` None, `[a, b]` a
//! tuple, `'"quoted"'` a string, anything else a string.

use rpyc_protocol::{Remote, Value};

/// Positional and keyword arguments of one call.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct CallArgs {
    pub positional: Vec<Value>,
    pub keyword: Vec<(String, Value)>,
}

impl CallArgs {
    pub fn parse(words: &[String]) -> Result<CallArgs, String> {
        let mut out = CallArgs::default();
        for word in words {
            match word.split_once('=') {
                Some((key, value)) if is_identifier(key) => out.keyword.push((key.to_owned(), typed(value)?)),
                _ => {
                    if !out.keyword.is_empty() {
                        return Err(format!("positional argument '{word}' follows keyword arguments"));
                    }
                    out.positional.push(typed(word)?)
                }
            }
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.positional.is_empty() && self.keyword.is_empty()
    }

    /// As protocol arguments.
    pub fn to_remote(&self) -> (Vec<Remote>, Vec<(String, Remote)>) {
        (
            self.positional.iter().cloned().map(Remote::Value).collect(),
            self.keyword.iter().map(|(k, v)| (k.clone(), Remote::Value(v.clone()))).collect(),
        )
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// One argument's value, typed like YAML.
pub fn typed(text: &str) -> Result<Value, String> {
    if text.trim().is_empty() {
        return Ok(Value::str(text));
    }
    let parsed: serde_json::Value = match serde_saphyr::from_str(text) {
        Ok(v) => v,
        // Not YAML at all (e.g. `a: b: c`): take the text as it is.
        Err(_) => return Ok(Value::str(text)),
    };
    from_json(parsed).map_err(|e| format!("argument '{text}': {e}"))
}

fn from_json(v: serde_json::Value) -> Result<Value, String> {
    use serde_json::Value as J;
    Ok(match v {
        J::Null => Value::None,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => Value::Int(i),
            (None, Some(u), _) => Value::from(u),
            (_, _, Some(f)) => Value::Float(f),
            _ => return Err(format!("unsupported number {n}")),
        },
        J::String(s) => Value::Str(s),
        // Lists travel as tuples: brine carries tuples by value, and Python
        // functions that take a sequence accept either.
        J::Array(items) => Value::Tuple(items.into_iter().map(from_json).collect::<Result<_, _>>()?),
        J::Object(_) => return Err("mapping arguments are not supported (brine cannot carry a dict by value)".into()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(w: &[&str]) -> Vec<String> {
        w.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn scalars_are_typed_like_yaml() {
        let a = CallArgs::parse(&words(&["1", "1.5", "true", "~", "\"quoted\"", "[a, 2]", "/etc", "base=16"]))
            .expect("parses");
        assert_eq!(
            a.positional,
            vec![
                Value::Int(1),
                Value::Float(1.5),
                Value::Bool(true),
                Value::None,
                Value::str("quoted"),
                Value::Tuple(vec![Value::str("a"), Value::Int(2)]),
                Value::str("/etc"),
            ]
        );
        assert_eq!(a.keyword, vec![("base".to_string(), Value::Int(16))]);
    }

    #[test]
    fn quoted_numbers_stay_strings() {
        let a = CallArgs::parse(&words(&["'ff'", "'16'"])).expect("parses");
        assert_eq!(a.positional, vec![Value::str("ff"), Value::str("16")]);
    }

    #[test]
    fn non_identifier_keys_are_positional() {
        let a = CallArgs::parse(&words(&["a=b=c"])).expect("parses");
        assert_eq!(a.keyword, vec![("a".to_string(), Value::str("b=c"))]);
        let a = CallArgs::parse(&words(&["x-y=1"])).expect("parses");
        assert_eq!(a.positional, vec![Value::str("x-y=1")]);
    }

    #[test]
    fn positional_after_keyword_is_an_error() {
        assert!(CallArgs::parse(&words(&["a=1", "2"])).is_err());
    }
}
