//! `re`: Python's regular expressions on fancy-regex (look-around,
//! back-references, atomic groups, possessive quantifiers, conditionals).
//! Patterns are parsed with Python's syntax and errors ([`parse`]), run
//! with SRE's search semantics ([`engine`]), and exposed as `re.Pattern`
//! and `re.Match` objects with CPython 3.11's methods.

mod engine;
pub mod flags;
mod matchobj;
mod parse;
mod pattern;
mod proxy;
mod regexflag;
mod subject;
mod template;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, ExcObj, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

use engine::{Engine, Mode};
use parse::ParseError;
use pattern::PatternObj;
use template::TemplateError;

pub static MODULE: ModuleDef = ModuleDef {
    name: "re",
    type_name: "re",
    doc: "Support for regular expressions (RE).",
    functions: &[
        f("compile", compile_fn),
        f("search", |cx, a| find_fn(cx, "search", a, Mode::Search)),
        f("match", |cx, a| find_fn(cx, "match", a, Mode::Match)),
        f("fullmatch", |cx, a| find_fn(cx, "fullmatch", a, Mode::Full)),
        f("findall", findall_fn),
        f("finditer", finditer_fn),
        f("sub", sub_fn),
        f("subn", subn_fn),
        f("split", split_fn),
        f("escape", escape_fn),
        f("purge", purge_fn),
    ],
    attr,
    attr_names: &[
        "error",
        "Pattern",
        "Match",
        "RegexFlag",
        "NOFLAG",
        "A",
        "ASCII",
        "I",
        "IGNORECASE",
        "L",
        "LOCALE",
        "M",
        "MULTILINE",
        "S",
        "DOTALL",
        "X",
        "VERBOSE",
        "U",
        "UNICODE",
        "T",
        "TEMPLATE",
        "DEBUG",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "error" => &ERROR,
        "Pattern" => &pattern::PATTERN,
        "Match" => &matchobj::MATCH,
        "RegexFlag" => &regexflag::REGEX_FLAG,
        "NOFLAG" => return Some(Ok(regexflag::flag(0))),
        other => {
            let (_, _, bit) = flags::MEMBERS
                .iter()
                .find(|(long, short, _)| *long == other || (!short.is_empty() && *short == other))?;
            return Some(Ok(regexflag::flag(*bit)));
        }
    };
    Some(Ok(type_value(t)))
}

/// `re.error(msg, pattern=None, pos=None)`.
pub static ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "re",
        "error",
        Some(&exceptions::exc_type("Exception")),
        &[],
        Some(|cx, _cls, args| {
            let [msg, pattern, pos] = args.bind("error", ["msg", "pattern?", "pos?"])?;
            let msg = semantics::str(cx, &args::req(msg))?;
            let pos = args::opt_int("error", pos.as_ref())?.map(|p| p.max(0) as usize);
            Ok(re_error(&msg, pattern.unwrap_or(Py::None), pos).value())
        }),
    );
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&ERROR);
}

/// The pattern's characters (latin-1 for bytes), for line and column.
fn pattern_chars(pattern: &Py) -> Vec<char> {
    match pattern {
        Py::Str(s) => s.chars().collect(),
        Py::Bytes(b) => b.iter().map(|&c| char::from(c)).collect(),
        _ => Vec::new(),
    }
}

/// A `re.error` with CPython's message: `msg at position N`, and the
/// line and column when the pattern has several lines.
pub fn re_error(msg: &str, pattern: Py, pos: Option<usize>) -> PyErr {
    let mut text = msg.to_owned();
    let (mut lineno, mut colno) = (Py::None, Py::None);
    if let (Some(pos), false) = (pos, pattern.is_none()) {
        text = format!("{msg} at position {pos}");
        let chars = pattern_chars(&pattern);
        let before = &chars[..pos.min(chars.len())];
        let line = before.iter().filter(|&&c| c == '\n').count() + 1;
        let col = before.iter().rposition(|&c| c == '\n').map_or(pos + 1, |i| pos - i);
        if chars.contains(&'\n') {
            text = format!("{text} (line {line}, column {col})");
        }
        lineno = Py::from(line);
        colno = Py::from(col);
    }
    let e = ExcObj::new(ERROR.clone(), vec![Py::str(text)]);
    e.set_attr("msg", Py::str(msg));
    e.set_attr("pattern", pattern);
    e.set_attr("pos", pos.map_or(Py::None, Py::from));
    e.set_attr("lineno", lineno);
    e.set_attr("colno", colno);
    PyErr(Arc::new(e))
}

fn parse_error(e: ParseError, pattern: &Py) -> PyErr {
    match e {
        ParseError::Re { msg, pos } => re_error(&msg, pattern.clone(), pos),
        ParseError::Value(msg) => exceptions::value_error(msg),
        ParseError::Overflow(msg) => exceptions::overflow_error(msg),
    }
}

/// A template's error: `re.error` about the template's text, or
/// `IndexError` for an unknown group name.
pub(crate) fn template_error(e: TemplateError, template: &Py) -> PyErr {
    match e {
        TemplateError::Re(other) => parse_error(other, template),
        TemplateError::Index(msg) => exceptions::index_error(msg),
    }
}

/// A replacement template's characters, of the pattern's kind.
pub(crate) fn text_chars(v: &Py, is_bytes: bool) -> PyResult<Vec<char>> {
    match v {
        Py::Str(s) if !is_bytes => Ok(s.chars().collect()),
        Py::Str(_) => Err(exceptions::type_error("expected a bytes-like object, str found")),
        other => match crate::modules::buffer::buffer_of(other) {
            Some(b) if is_bytes => Ok(b.iter().map(|&c| char::from(c)).collect()),
            Some(_) => {
                Err(exceptions::type_error(format!("expected str instance, {} found", semantics::type_name(other))))
            }
            None => {
                Err(exceptions::type_error(format!("expected str instance, {} found", semantics::type_name(other))))
            }
        },
    }
}

#[derive(Hash, PartialEq, Eq)]
enum Key {
    Str(Arc<str>, i64),
    Bytes(Vec<u8>, i64),
}

/// Compiled patterns by source and flags (`re._cache`): the same call
/// gives the same Pattern object.
static CACHE: LazyLock<Mutex<HashMap<Key, Py>>> = LazyLock::new(|| Mutex::new(HashMap::new()));
const MAX_CACHE: usize = 512;

/// `re.compile(pattern, flags)`.
pub fn compile(pattern: &Py, flags: &Py) -> PyResult<Py> {
    let flags = match semantics::index_value(flags) {
        Some(Py::Int(n)) => n,
        Some(_) => return Err(exceptions::overflow_error("Python int too large to convert to C int")),
        None => {
            return Err(exceptions::type_error(format!(
                "unsupported operand type(s) for &: '{}' and 'RegexFlag'",
                semantics::type_name(flags)
            )))
        }
    };
    if pattern.downcast::<PatternObj>().is_some() {
        if flags != 0 {
            return Err(exceptions::value_error("cannot process flags argument with a compiled pattern"));
        }
        return Ok(pattern.clone());
    }
    let key = match pattern {
        Py::Str(s) => Key::Str(s.clone(), flags),
        Py::Bytes(b) => Key::Bytes(b.to_vec(), flags),
        other => match crate::modules::buffer::buffer_of(other) {
            Some(b) => Key::Bytes(b.to_vec(), flags),
            None => return Err(exceptions::type_error("first argument must be string or compiled pattern")),
        },
    };
    if let Some(p) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(p.clone());
    }
    let (source, chars, is_bytes) = match &key {
        Key::Str(s, _) => (Py::Str(s.clone()), s.chars().collect(), false),
        Key::Bytes(b, _) => (Py::bytes(b.clone()), b.iter().map(|&c| char::from(c)).collect(), true),
    };
    let engine = Engine::new(source.clone(), chars, is_bytes, flags).map_err(|e| parse_error(e, &source))?;
    let compiled = Py::obj(PatternObj { engine: Arc::new(engine) });
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cache.len() >= MAX_CACHE {
        cache.clear();
    }
    cache.insert(key, compiled.clone());
    Ok(compiled)
}

fn flags_or_zero(v: Option<Py>) -> Py {
    v.unwrap_or(Py::Int(0))
}

fn compile_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pattern, flags] = args.bind("compile", ["pattern", "flags?"])?;
    compile(&args::req(pattern), &flags_or_zero(flags))
}

fn find_fn(_cx: &Cx, func: &str, args: Args, mode: Mode) -> PyResult<Py> {
    let [pattern, string, flags] = args.bind(func, ["pattern", "string", "flags?"])?;
    let p = compile(&args::req(pattern), &flags_or_zero(flags))?;
    pattern::find(&p, &args::req(string), 0, i64::MAX, mode)
}

fn findall_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let [pattern, string, flags] = args.bind("findall", ["pattern", "string", "flags?"])?;
    let p = compile(&args::req(pattern), &flags_or_zero(flags))?;
    pattern::findall(cx, &p, &args::req(string), 0, i64::MAX)
}

fn finditer_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pattern, string, flags] = args.bind("finditer", ["pattern", "string", "flags?"])?;
    let p = compile(&args::req(pattern), &flags_or_zero(flags))?;
    pattern::finditer(&p, &args::req(string), 0, i64::MAX)
}

fn sub_args(func: &str, args: Args) -> PyResult<(Py, Py, Py, i64)> {
    let [pattern, repl, string, count, flags] = args.bind(func, ["pattern", "repl", "string", "count?", "flags?"])?;
    let p = compile(&args::req(pattern), &flags_or_zero(flags))?;
    let count = args::opt_int(func, count.as_ref())?.unwrap_or(0);
    Ok((p, args::req(repl), args::req(string), count))
}

fn sub_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let (p, repl, string, count) = sub_args("sub", args)?;
    Ok(pattern::subn(cx, &p, &repl, &string, count)?.0)
}

fn subn_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let (p, repl, string, count) = sub_args("subn", args)?;
    let (s, n) = pattern::subn(cx, &p, &repl, &string, count)?;
    Ok(Py::tuple(vec![s, Py::from(n)]))
}

fn split_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let [pattern, string, maxsplit, flags] = args.bind("split", ["pattern", "string", "maxsplit?", "flags?"])?;
    let p = compile(&args::req(pattern), &flags_or_zero(flags))?;
    let maxsplit = args::opt_int("split", maxsplit.as_ref())?.unwrap_or(0);
    pattern::split(cx, &p, &args::req(string), maxsplit)
}

/// `re.escape`: a backslash before every character special in patterns.
fn escape_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pattern] = args.bind("escape", ["pattern"])?;
    const SPECIAL: &[u8] = b"()[]{}?*+-|^$\\.&~# \t\n\r\x0b\x0c";
    match args::req(pattern) {
        Py::Str(s) => {
            let mut out = String::with_capacity(s.len());
            for c in s.chars() {
                if c.is_ascii() && SPECIAL.contains(&(c as u8)) {
                    out.push('\\');
                }
                out.push(c);
            }
            Ok(Py::str(out))
        }
        other => match crate::modules::buffer::buffer_of(&other) {
            Some(b) => {
                let mut out = Vec::with_capacity(b.len());
                for &c in b.iter() {
                    if SPECIAL.contains(&c) {
                        out.push(b'\\');
                    }
                    out.push(c);
                }
                Ok(Py::bytes(out))
            }
            None => Err(exceptions::type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                semantics::type_name(&other)
            ))),
        },
    }
}

fn purge_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("purge")?;
    CACHE.lock().unwrap_or_else(|e| e.into_inner()).clear();
    Ok(Py::None)
}
