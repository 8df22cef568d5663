//! Templating with minijinja, the way Ansible templates:
//!
//! - a string that is exactly one `{{ expression }}` gives the expression's value with its type
//!   (`"{{ n }}"` → `3`, `"{{ [1, 2] }}"` → a list); anything else renders to a string, with
//!   Python's rendering of non-strings inside (`True`, `['a', 1]`, `None` as empty) — as
//!   ansible-core 2.19 does;
//! - conditionals (`when`, `failed_when`, `changed_when`, `until`, `assert.that`) are bare
//!   expressions and must give a boolean;
//! - undefined variables are errors (naming the variable), except under `is defined`,
//!   `default(...)` and friends;
//! - variables are templated lazily ([`Vars`]), dict keys as well as values;
//! - Ansible's filters ([`filters`]) and tests ([`checks`]), Python string/dict methods
//!   (minijinja-contrib's `pycompat`), and `omit`.

mod checks;
mod context;
mod filters;
mod literals;
pub mod pyrepr;
pub mod yamlout;

use std::sync::OnceLock;

use minijinja::value::ValueKind;
use minijinja::{Environment, ErrorKind, UndefinedBehavior, Value};
use serde_json::Value as Json;

pub use context::{LazyMap, Vars};
pub use filters::shell_quote;
pub use pyrepr::{pyrepr, pystr};

use crate::error::Error;

/// Whether a string holds Jinja (`{{`, `{%` or `{#`).
pub fn is_template(s: &str) -> bool {
    s.contains("{{") || s.contains("{%") || s.contains("{#")
}

/// The value of `omit`: an argument whose value is this is left out of the module call.
pub fn omit_token() -> &'static str {
    static OMIT: OnceLock<String> = OnceLock::new();
    OMIT.get_or_init(|| {
        let seed = format!("{:?}{}", std::time::SystemTime::now(), std::process::id());
        let digest = filters::hash_hex(seed.as_bytes(), "sha1").unwrap_or_default();
        format!("__omit_place_holder__{digest}")
    })
}

/// Jinja options of the `template` module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TextOptions {
    pub trim_blocks: bool,
    pub lstrip_blocks: bool,
}

fn formatter(out: &mut minijinja::Output, _state: &minijinja::State, v: &Value) -> Result<(), minijinja::Error> {
    let text = match v.kind() {
        ValueKind::Undefined => return Err(minijinja::Error::new(ErrorKind::UndefinedError, "undefined value")),
        ValueKind::None => String::new(),
        ValueKind::String => v.as_str().unwrap_or_default().to_owned(),
        ValueKind::Bool | ValueKind::Seq | ValueKind::Map | ValueKind::Iterable | ValueKind::Plain => {
            pyrepr(&to_json(v).map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, e.message()))?)
        }
        ValueKind::Number => v.to_string(),
        _ => v.to_string(),
    };
    out.write_str(&text).map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed"))
}

fn build(opts: TextOptions, strict: bool) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(if strict { UndefinedBehavior::Strict } else { UndefinedBehavior::Chainable });
    env.set_keep_trailing_newline(true);
    env.set_trim_blocks(opts.trim_blocks);
    env.set_lstrip_blocks(opts.lstrip_blocks);
    env.set_formatter(formatter);
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    filters::register(&mut env);
    checks::register(&mut env);
    env.add_filter("d", minijinja::filters::default);
    env.add_global("omit", Value::from(omit_token()));
    env.add_global("True", Value::from(true));
    env.add_global("False", Value::from(false));
    env.add_global("None", Value::from(()));
    env
}

/// The environment for variables and conditionals (Ansible templates them with `trim_blocks`).
fn env() -> &'static Environment<'static> {
    text_env(TextOptions { trim_blocks: true, lstrip_blocks: false }, true)
}

/// Undefined values are errors (`strict`), or chain (`a.b.c` of a missing `a.b` is undefined)
/// for the retry of a template that guards against them: Ansible's undefined chains, so
/// `a.x.y | default(1)` and `a.x.y is defined` work there, while minijinja's strict mode
/// fails at `.y`. A chained undefined is still an error when printed or used as a value.
fn text_env(opts: TextOptions, strict: bool) -> &'static Environment<'static> {
    static ENVS: OnceLock<Vec<Environment<'static>>> = OnceLock::new();
    let envs = ENVS.get_or_init(|| {
        let mut v = Vec::new();
        for strict in [true, false] {
            for (trim_blocks, lstrip_blocks) in [(false, false), (false, true), (true, false), (true, true)] {
                v.push(build(TextOptions { trim_blocks, lstrip_blocks }, strict));
            }
        }
        v
    });
    &envs[usize::from(!strict) * 4 + usize::from(opts.trim_blocks) * 2 + usize::from(opts.lstrip_blocks)]
}

/// Whether a template guards against undefined values (and so deserves the chaining retry).
fn guards_undefined(source: &str) -> bool {
    ["default", "defined", "| d(", "|d("].iter().any(|g| source.contains(g))
}

fn retry_chained(e: &minijinja::Error, source: &str) -> bool {
    e.kind() == ErrorKind::UndefinedError && guards_undefined(source)
}

/// A minijinja error as one line: its detail, without minijinja's own location suffix.
pub(crate) fn error_text(e: &minijinja::Error) -> String {
    let detail = e.detail().map(str::to_owned).unwrap_or_else(|| e.kind().to_string());
    let mut msg = match e.kind() {
        ErrorKind::SyntaxError => format!("template syntax error: {detail}"),
        _ => detail,
    };
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg = format!("{msg}: {s}");
        src = s.source();
    }
    msg
}

/// Names the undefined variable (or attribute) of `source`, as Ansible's "'x' is undefined".
fn undefined_message(source: &str, vars: &Vars, is_expr: bool) -> String {
    let paths = if is_expr {
        compile(source).map(|e| e.undeclared_variables(true)).unwrap_or_default()
    } else {
        let mut scratch = env().clone();
        let name = "<undefined-check>";
        match scratch.add_template_owned(name, source.to_owned()) {
            Ok(()) => scratch.get_template(name).map(|t| t.undeclared_variables(true)).unwrap_or_default(),
            Err(_) => Default::default(),
        }
    };
    let mut paths: Vec<String> = paths.into_iter().collect();
    paths.sort();
    let ctx = vars.value();
    for path in &paths {
        let mut parts = path.split('.');
        let Some(first) = parts.next() else { continue };
        if env().globals().any(|(g, _)| g == first) {
            continue;
        }
        let Ok(mut cur) = ctx.get_attr(first) else { continue };
        if cur.is_undefined() {
            return format!("'{first}' is undefined");
        }
        for attr in parts {
            let next = cur.get_attr(attr).unwrap_or_default();
            if next.is_undefined() {
                let ty = match cur.kind() {
                    ValueKind::Map => "dict",
                    ValueKind::Seq => "list",
                    ValueKind::String => "str",
                    _ => "object",
                };
                return format!("object of type '{ty}' has no attribute '{attr}'");
            }
            cur = next;
        }
    }
    "undefined value".into()
}

fn fail(e: &minijinja::Error, source: &str, vars: &Vars, is_expr: bool) -> Error {
    let msg =
        if e.kind() == ErrorKind::UndefinedError { undefined_message(source, vars, is_expr) } else { error_text(e) };
    Error::Other(format!("{msg} (while templating '{source}')"))
}

/// A template value as data; undefined and invalid values are errors.
pub(crate) fn to_json(v: &Value) -> Result<Json, Error> {
    if let Some(e) = context::invalid_error(v) {
        return Err(Error::Other(e));
    }
    if v.is_undefined() {
        return Err(Error::Other("undefined value".into()));
    }
    serde_json::to_value(v).map_err(|e| Error::Other(e.to_string()))
}

/// Compiles a bare expression. Template delimiters inside one are refused first (minijinja's
/// lexer does not expect them there), and a panic in the compiler becomes an error.
fn compile<'a>(expr: &'a str) -> Result<minijinja::Expression<'a, 'a>, String> {
    compile_in(env(), expr)
}

fn compile_in<'a>(env: &'a Environment<'a>, expr: &'a str) -> Result<minijinja::Expression<'a, 'a>, String> {
    if delimiter_at(expr).is_some() {
        return Err(format!("template syntax error: unexpected template delimiter in expression '{expr}'"));
    }
    let source = literals::keep_backslashes(expr, true);
    let compiled =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| env.compile_expression_owned(source.into_owned())));
    match compiled {
        Ok(Ok(c)) => Ok(c),
        Ok(Err(e)) => Err(format!("{} in '{expr}'", error_text(&e))),
        Err(_) => Err(format!("template syntax error: cannot parse expression '{expr}'")),
    }
}

/// The byte offset of the first template delimiter in an expression, outside string literals
/// and brackets (`}}` closing two nested dicts is no delimiter).
fn delimiter_at(expr: &str) -> Option<usize> {
    let b = expr.as_bytes();
    let (mut depth, mut quote, mut i) = (0usize, None::<u8>, 0);
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(_) if c == b'\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'\'' | b'"' => quote = Some(c),
                b'{' if matches!(b.get(i + 1), Some(b'{' | b'%' | b'#')) => return Some(i),
                b'}' | b'%' | b'#' if depth == 0 && b.get(i + 1) == Some(&b'}') => return Some(i),
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// The expression of a template that is exactly `{{ expression }}`.
fn single_expression(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("{{")?.strip_suffix("}}")?;
    if delimiter_at(inner).is_some() {
        return None;
    }
    let inner = inner.strip_prefix('-').unwrap_or(inner);
    let inner = inner.strip_suffix('-').unwrap_or(inner);
    compile(inner).ok().map(|_| inner)
}

/// Evaluates a bare Jinja expression to a value.
pub fn eval(expr: &str, vars: &Vars) -> Result<Json, Error> {
    eval_as(expr, expr, vars)
}

/// Evaluates `expr`, naming `source` (what the user wrote) in errors.
fn eval_as(expr: &str, source: &str, vars: &Vars) -> Result<Json, Error> {
    let compiled = compile(expr).map_err(Error::Other)?;
    let first = compiled.eval(vars.value());
    let retried = match &first {
        Err(e) if retry_chained(e, expr) => {
            let chained = text_env(TextOptions { trim_blocks: true, lstrip_blocks: false }, false);
            Some(compile_in(chained, expr).map_err(Error::Other)?.eval(vars.value()))
        }
        _ => None,
    };
    let v = retried.filter(Result::is_ok).unwrap_or(first).map_err(|e| {
        let mut err = fail(&e, expr, vars, true).message();
        err = err.replace(&format!("(while templating '{expr}')"), &format!("(while templating '{source}')"));
        Error::Other(err)
    })?;
    if v.is_undefined() {
        return Err(Error::Other(format!("{} (while templating '{source}')", undefined_message(expr, vars, true))));
    }
    to_json(&v).map_err(|e| Error::Other(format!("{} (while templating '{source}')", e.message())))
}

/// Renders a string: native value for a single `{{ expression }}`, else text.
pub fn render(s: &str, vars: &Vars) -> Result<Json, Error> {
    if !is_template(s) {
        return Ok(Json::String(s.to_owned()));
    }
    if let Some(expr) = single_expression(s) {
        return eval_as(expr, s, vars);
    }
    render_text(s, vars).map(Json::String)
}

/// Renders a string as text, with the variables environment.
pub fn render_text(s: &str, vars: &Vars) -> Result<String, Error> {
    render_file_text(s, vars, TextOptions { trim_blocks: true, lstrip_blocks: false })
}

/// Renders a template file's text (the `template` module) with its Jinja options.
pub fn render_file_text(s: &str, vars: &Vars, opts: TextOptions) -> Result<String, Error> {
    let source = literals::keep_backslashes(s, false);
    match text_env(opts, true).render_str(&source, vars.value()) {
        Err(e) if retry_chained(&e, s) => {
            text_env(opts, false).render_str(&source, vars.value()).map_err(|_| fail(&e, s, vars, false))
        }
        other => other.map_err(|e| fail(&e, s, vars, false)),
    }
}

/// Templates every string in a structure, keys included.
pub fn render_deep(v: &Json, vars: &Vars) -> Result<Json, Error> {
    Ok(match v {
        Json::String(s) => render(s, vars)?,
        Json::Array(items) => Json::Array(items.iter().map(|i| render_deep(i, vars)).collect::<Result<_, _>>()?),
        Json::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let key = if is_template(k) { pystr(&render(k, vars)?) } else { k.clone() };
                out.insert(key, render_deep(v, vars)?);
            }
            Json::Object(out)
        }
        other => other.clone(),
    })
}

/// Evaluates a conditional (`when`, `failed_when`, ...): a bare expression, or a template
/// (Ansible accepts `"{{ x }}"` there too). The result must be a boolean.
pub fn condition(cond: &Json, vars: &Vars) -> Result<bool, Error> {
    let v = match cond {
        Json::Bool(b) => return Ok(*b),
        Json::String(s) if is_template(s) => render(s, vars)?,
        Json::String(s) => eval(s, vars)?,
        other => other.clone(),
    };
    match v {
        Json::Bool(b) => Ok(b),
        other => {
            let ty = match &other {
                Json::Null => "NoneType",
                Json::Number(n) if n.is_f64() => "float",
                Json::Number(_) => "int",
                Json::String(_) => "str",
                Json::Array(_) => "list",
                Json::Object(_) => "dict",
                Json::Bool(_) => "bool",
            };
            let truth = match &other {
                Json::Null => false,
                Json::Number(n) => n.as_f64() != Some(0.0),
                Json::String(s) => !s.is_empty(),
                Json::Array(a) => !a.is_empty(),
                Json::Object(m) => !m.is_empty(),
                Json::Bool(b) => *b,
            };
            let truth = if truth { "True" } else { "False" };
            Err(Error::Other(format!(
                "Conditional result ({truth}) was derived from value of type '{ty}' at '{}'. Conditionals must have a boolean result.",
                pystr(cond)
            )))
        }
    }
}

/// Checks the Jinja syntax of a string that will be templated (at parse time).
pub fn check_syntax(s: &str) -> Result<(), String> {
    if !is_template(s) {
        return Ok(());
    }
    let mut scratch = Environment::new();
    scratch.add_template_owned("check", s.to_owned()).map_err(|e| error_text(&e))
}

/// Checks the syntax of a bare expression (a conditional) at parse time.
pub fn check_expression(s: &str) -> Result<(), String> {
    if is_template(s) {
        return check_syntax(s);
    }
    compile(s).map(|_| ())
}

/// Checks every string in a structure.
pub fn check_deep(v: &Json) -> Result<(), String> {
    match v {
        Json::String(s) => check_syntax(s),
        Json::Array(items) => items.iter().try_for_each(check_deep),
        Json::Object(m) => m.iter().try_for_each(|(k, v)| check_syntax(k).and_then(|()| check_deep(v))),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
