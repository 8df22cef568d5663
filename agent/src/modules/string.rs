//! `string`: the character-class constants, `capwords`, and `Template`
//! (`$name`, `${name}`, `$$`) with `substitute`/`safe_substitute` and
//! CPython's error for an invalid placeholder (with its line and column),
//! and `Formatter` (in string_formatter.rs).

use crate::objects::str::{capitalize_text, char_len, split_lines};
use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, type_value, Method, Type, TypeRef, OBJECT};
use crate::runtime::value::Py;

const ASCII_LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const ASCII_UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const WHITESPACE: &str = " \t\n\r\x0b\x0c";

pub static MODULE: ModuleDef = ModuleDef {
    name: "string",
    type_name: "string",
    doc: "A collection of string constants.",
    functions: &[f("capwords", capwords)],
    attr,
    attr_names: &[
        "ascii_letters",
        "ascii_lowercase",
        "ascii_uppercase",
        "digits",
        "hexdigits",
        "octdigits",
        "punctuation",
        "printable",
        "whitespace",
        "Formatter",
        "Template",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let text = match name {
        "ascii_letters" => format!("{ASCII_LOWERCASE}{ASCII_UPPERCASE}"),
        "ascii_lowercase" => ASCII_LOWERCASE.to_owned(),
        "ascii_uppercase" => ASCII_UPPERCASE.to_owned(),
        "digits" => DIGITS.to_owned(),
        "hexdigits" => "0123456789abcdefABCDEF".to_owned(),
        "octdigits" => "01234567".to_owned(),
        "punctuation" => PUNCTUATION.to_owned(),
        "printable" => format!("{DIGITS}{ASCII_LOWERCASE}{ASCII_UPPERCASE}{PUNCTUATION}{WHITESPACE}"),
        "whitespace" => WHITESPACE.to_owned(),
        "Template" => return Some(Ok(type_value(&TEMPLATE))),
        "Formatter" => return Some(Ok(type_value(&formatter::FORMATTER))),
        _ => return None,
    };
    Some(Ok(Py::str(text)))
}

/// `capwords(s, sep=None)`: split, capitalize each word, join.
fn capwords(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, sep] = args.bind("capwords", ["s", "sep?"])?;
    let (s, sep) = (req(s), sep.unwrap_or(Py::None));
    // `(sep or ' ').join(map(str.capitalize, s.split(sep)))`, in CPython's
    // order: the joiner's `join` is looked up before `s.split` runs.
    let joiner = if semantics::truthy(cx, &sep)? { sep.clone() } else { Py::str(" ") };
    let join = attr::getattr(cx, &joiner, "join")?;
    let parts = attr::call_method(cx, &s, "split", Args::one(sep))?;
    let words = semantics::iterate(cx, &parts)?
        .into_iter()
        .map(|w| match w {
            Py::Str(w) => Ok(Py::str(capitalize_text(&w))),
            other => Err(exceptions::type_error(format!(
                "descriptor 'capitalize' for 'str' objects doesn't apply to a '{}' object",
                semantics::type_name(&other)
            ))),
        })
        .collect::<PyResult<Vec<_>>>()?;
    semantics::call(cx, &join, Args::one(List::new(words)))
}

// ------------------------------------------------------------------ Template

static TEMPLATE: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::with_attrs(
        Cow::Borrowed("string"),
        Cow::Borrowed("Template"),
        OBJECT.clone(),
        &METHODS,
        Some(template_new),
        Some("A string class for supporting $-substitutions."),
        vec![
            (Cow::Borrowed("delimiter"), Py::str("$")),
            (Cow::Borrowed("idpattern"), Py::str("(?a:[_a-z][_a-z0-9]*)")),
            (Cow::Borrowed("braceidpattern"), Py::None),
            (Cow::Borrowed("flags"), crate::modules::re::flag(crate::modules::re::flags::IGNORECASE)),
        ],
    )
});

struct Template {
    template: Py,
}

fn template_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [template] = args.bind("Template", ["template"])?;
    Ok(Py::obj(Template { template: req(template) }))
}

impl PyObject for Template {
    fn ty(&self) -> TypeRef {
        TEMPLATE.clone()
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok((name == "template").then(|| self.template.clone()))
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["template".to_owned()]
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.template.clone()]
    }
}

/// One match of Template's pattern.
enum Placeholder<'a> {
    /// `$$`.
    Escaped,
    /// `$name` or `${name}`, with the text it was written as.
    Named(&'a str, &'a str),
    /// A `$` followed by anything else; the character position after it.
    Invalid(usize),
}

fn is_id_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic()
}

fn is_id_char(c: char) -> bool {
    c == '_' || c.is_ascii_alphanumeric()
}

/// The literal text and placeholders of a template, in order.
fn scan(text: &str) -> Vec<Result<&str, Placeholder<'_>>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars_before = 0usize;
    let mut pos = 0;
    while let Some(off) = text[pos..].find('$') {
        let at = pos + off;
        chars_before += char_len(&text[pos..at]);
        out.push(Ok(&text[start..at]));
        let rest = &text[at + 1..];
        let id_len = |s: &str| -> usize {
            match s.chars().next() {
                Some(c) if is_id_start(c) => s.find(|c: char| !is_id_char(c)).unwrap_or(s.len()),
                _ => 0,
            }
        };
        let (placeholder, used) = if rest.starts_with('$') {
            (Placeholder::Escaped, 1)
        } else if id_len(rest) > 0 {
            let n = id_len(rest);
            (Placeholder::Named(&rest[..n], &text[at..at + 1 + n]), n)
        } else if let Some(inner) = rest.strip_prefix('{') {
            let n = id_len(inner);
            if n > 0 && inner[n..].starts_with('}') {
                (Placeholder::Named(&inner[..n], &text[at..at + n + 3]), n + 2)
            } else {
                (Placeholder::Invalid(chars_before + 1), 0)
            }
        } else {
            (Placeholder::Invalid(chars_before + 1), 0)
        };
        chars_before += 1 + char_len(&rest[..used]);
        out.push(Err(placeholder));
        pos = at + 1 + used;
        start = pos;
    }
    out.push(Ok(&text[start..]));
    out
}

/// CPython's error for an invalid placeholder at character `i`.
fn invalid_placeholder(text: &str, i: usize) -> exceptions::PyErr {
    let before: String = text.chars().take(i).collect();
    let lines = split_lines(&before, true);
    let (line, col) = match lines.split_last() {
        None => (1, 1),
        Some((_, earlier)) => (lines.len(), i - earlier.iter().map(|l| char_len(l)).sum::<usize>()),
    };
    exceptions::value_error(format!("Invalid placeholder in string: line {line}, col {col}"))
}

fn template_text(this: &Py) -> PyResult<Arc<str>> {
    let t = this.downcast::<Template>().ok_or_else(|| exceptions::type_error("a string.Template is required"))?;
    match &t.template {
        Py::Str(s) => Ok(s.clone()),
        other => Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(other)
        ))),
    }
}

fn substitute_with(cx: &Cx, this: &Py, args: Args, safe: bool) -> PyResult<Py> {
    let text = template_text(this)?;
    let Args { pos, kw } = args;
    let name = if safe { "safe_substitute" } else { "substitute" };
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!(
            "Template.{name}() takes from 1 to 2 positional arguments but {} were given",
            pos.len() + 1
        )));
    }
    let mapping = pos.into_iter().next();
    // Keywords first, then the mapping (`ChainMap(kws, mapping)`).
    let lookup = |key: &str| -> PyResult<Py> {
        if let Some((_, v)) = kw.iter().find(|(k, _)| &**k == key) {
            return Ok(v.clone());
        }
        match &mapping {
            Some(m) => semantics::getitem(cx, m, &Py::str(key)),
            None => Err(exceptions::key_error(Py::str(key))),
        }
    };
    let mut out = String::with_capacity(text.len());
    for piece in scan(&text) {
        match piece {
            Ok(literal) => out.push_str(literal),
            Err(Placeholder::Escaped) => out.push('$'),
            Err(Placeholder::Named(name, written)) => match lookup(name) {
                Ok(v) => out.push_str(&semantics::str(cx, &v)?),
                Err(e) if safe && e.is("KeyError") => out.push_str(written),
                Err(e) => return Err(e),
            },
            Err(Placeholder::Invalid(_)) if safe => out.push('$'),
            Err(Placeholder::Invalid(i)) => return Err(invalid_placeholder(&text, i)),
        }
    }
    Ok(Py::str(out))
}

fn get_identifiers(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("get_identifiers")?;
    let text = template_text(this)?;
    let mut ids: Vec<&str> = Vec::new();
    for piece in scan(&text) {
        if let Err(Placeholder::Named(name, _)) = piece {
            if !ids.contains(&name) {
                ids.push(name);
            }
        }
    }
    Ok(List::new(ids.into_iter().map(Py::str).collect()))
}

fn is_valid(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("is_valid")?;
    let text = template_text(this)?;
    Ok(Py::Bool(!scan(&text).iter().any(|p| matches!(p, Err(Placeholder::Invalid(_))))))
}

static METHODS: [Method; 4] = [
    method("substitute", |cx, this, a| substitute_with(cx, this, a, false)),
    method("safe_substitute", |cx, this, a| substitute_with(cx, this, a, true)),
    method("get_identifiers", get_identifiers),
    method("is_valid", is_valid),
];

#[path = "string_formatter.rs"]
mod formatter;

#[cfg(test)]
#[path = "string_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "string_formatter_tests.rs"]
mod formatter_tests;
