//! `shlex`: the `shlex` lexer class ([`lexer`]), and `split` (the lexer
//! splitting at whitespace, POSIX or classic rules, comments optional),
//! `quote` and `join`.

mod lexer;

use lexer::SHLEX;

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "shlex",
    type_name: "shlex",
    doc: "A lexical analyzer class for simple shell-like syntaxes.",
    functions: &[f("split", split), f("quote", quote), f("join", join)],
    attr: |name, _| (name == "shlex").then(|| Ok(type_value(&SHLEX))),
    attr_names: &["shlex"],
    setattr: None,
};

/// `split(s, comments=False, posix=True)`: the tokens of a `shlex` lexer
/// that splits only at whitespace, with comments only when asked.
fn split(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, comments, posix] = args.bind("split", ["s", "comments?", "posix?"])?;
    // `None` reads `sys.stdin` (deprecated in 3.11, as CPython still does).
    let s = req(s);
    let posix = posix.unwrap_or(Py::Bool(true));
    let lex = semantics::call(cx, &type_value(&SHLEX), Args::new(vec![s], vec![("posix".into(), posix)]))?;
    attr::setattr(cx, &lex, "whitespace_split", Py::Bool(true))?;
    if !args::opt_bool(cx, comments.as_ref(), false)? {
        attr::setattr(cx, &lex, "commenters", Py::str(""))?;
    }
    let mut out = Vec::new();
    let it = semantics::iter(cx, &lex)?;
    while let Some(token) = semantics::next(cx, &it)? {
        out.push(token);
        if out.len() % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(List::new(out))
}

/// `quote(s)` for a str.
fn quote_str(s: &str) -> String {
    if s.is_empty() {
        return "''".to_owned();
    }
    let safe = |c: char| c.is_ascii_alphanumeric() || "_@%+=:,./-".contains(c);
    if s.chars().all(safe) {
        return s.to_owned();
    }
    format!("'{}'", s.replace('\'', "'\"'\"'"))
}

/// `quote(v)` for any value: a false one is `''` before its type matters.
fn quote_value(cx: &Cx, v: &Py) -> PyResult<String> {
    if !semantics::truthy(cx, v)? {
        return Ok("''".to_owned());
    }
    match v {
        Py::Str(s) => Ok(quote_str(s)),
        Py::Bytes(_) => Err(exceptions::type_error("cannot use a string pattern on a bytes-like object")),
        other => Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(other)
        ))),
    }
}

/// `quote(s)`: a shell-escaped version of `s`.
fn quote(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("quote", ["s"])?;
    quote_value(cx, &req(s)).map(Py::str)
}

/// `join(split_command)`.
fn join(cx: &Cx, args: Args) -> PyResult<Py> {
    let [parts] = args.bind("join", ["split_command"])?;
    let quoted =
        semantics::iterate(cx, &req(parts))?.iter().map(|p| quote_value(cx, p)).collect::<PyResult<Vec<_>>>()?;
    Ok(Py::str(quoted.join(" ")))
}

#[cfg(test)]
mod tests;
