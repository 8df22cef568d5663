//! `textwrap`: `wrap`, `fill`, `shorten`, `dedent`, `indent` and the
//! `TextWrapper` class, with CPython's chunking, defaults and errors.

mod chunks;
#[cfg(test)]
mod tests;
mod wrapper;

use std::sync::{Arc, LazyLock, Mutex};

use crate::objects::list::List;
use crate::objects::module::{b, f, ModuleDef};
use crate::objects::str::{split_lines, split_whitespace};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, type_value, Method, Type, TypeRef};
use crate::runtime::unicode::is_space;
use crate::runtime::value::Py;

use wrapper::Options;

pub static MODULE: ModuleDef = ModuleDef {
    name: "textwrap",
    type_name: "textwrap",
    doc: "Text wrapping and filling.",
    functions: &[f("wrap", wrap), f("fill", fill), f("shorten", shorten), f("dedent", dedent), b("indent", indent)],
    attr: |name, _| (name == "TextWrapper").then(|| Ok(type_value(&TEXT_WRAPPER))),
    attr_names: &["TextWrapper"],
    setattr: None,
};

/// `TextWrapper.__init__`'s parameters, in order (`*` before the last two).
const PARAMS: [&str; 12] = [
    "width",
    "initial_indent",
    "subsequent_indent",
    "expand_tabs",
    "replace_whitespace",
    "fix_sentence_endings",
    "break_long_words",
    "drop_whitespace",
    "break_on_hyphens",
    "tabsize",
    "max_lines",
    "placeholder",
];

fn default(name: &str) -> Py {
    match name {
        "width" => Py::Int(70),
        "initial_indent" | "subsequent_indent" => Py::str(""),
        "fix_sentence_endings" => Py::Bool(false),
        "tabsize" => Py::Int(8),
        "max_lines" => Py::None,
        "placeholder" => Py::str(" [...]"),
        _ => Py::Bool(true),
    }
}

/// The attribute values of a wrapper made with these arguments.
fn settings(pos: Vec<Py>, kw: Vec<(Arc<str>, Py)>) -> PyResult<Vec<(&'static str, Py)>> {
    if pos.len() > 10 {
        return Err(exceptions::type_error(format!(
            "TextWrapper.__init__() takes from 1 to 11 positional arguments but {} were given",
            pos.len() + 1
        )));
    }
    let mut values: Vec<(&'static str, Option<Py>)> = PARAMS.iter().map(|p| (*p, None)).collect();
    for (slot, v) in values.iter_mut().zip(pos) {
        slot.1 = Some(v);
    }
    for (k, v) in kw {
        let Some(slot) = values.iter_mut().find(|(p, _)| **p == *k) else {
            return Err(exceptions::type_error(format!(
                "TextWrapper.__init__() got an unexpected keyword argument '{k}'"
            )));
        };
        if slot.1.is_some() {
            return Err(exceptions::type_error(format!(
                "TextWrapper.__init__() got multiple values for argument '{k}'"
            )));
        }
        slot.1 = Some(v);
    }
    Ok(values.into_iter().map(|(p, v)| (p, v.unwrap_or_else(|| default(p)))).collect())
}

/// The settings as the algorithm uses them.
fn options(cx: &Cx, values: &[(&'static str, Py)]) -> PyResult<Options> {
    let get = |name: &str| values.iter().find(|(p, _)| *p == name).map_or(Py::None, |(_, v)| v.clone());
    let int = |name: &str| args::to_int("TextWrapper", &get(name));
    let text = |name: &str| args::to_str("TextWrapper", &get(name));
    let flag = |name: &str| semantics::truthy(cx, &get(name));
    Ok(Options {
        width: int("width")?,
        initial_indent: text("initial_indent")?,
        subsequent_indent: text("subsequent_indent")?,
        expand_tabs: flag("expand_tabs")?,
        replace_whitespace: flag("replace_whitespace")?,
        fix_sentence_endings: flag("fix_sentence_endings")?,
        break_long_words: flag("break_long_words")?,
        drop_whitespace: flag("drop_whitespace")?,
        break_on_hyphens: flag("break_on_hyphens")?,
        tabsize: int("tabsize")?,
        max_lines: args::opt_int("TextWrapper", Some(&get("max_lines")))?,
        placeholder: text("placeholder")?,
    })
}

fn text_arg(v: &Py) -> PyResult<&str> {
    match v {
        Py::Str(s) => Ok(s),
        other => Err(exceptions::attribute_error(&semantics::type_name(other), "expandtabs")),
    }
}

/// The text and the wrapper settings of `wrap(text, width=70, **kwargs)`.
fn text_and_options(cx: &Cx, name: &str, args: Args) -> PyResult<(Py, Options)> {
    let Args { pos, mut kw } = args;
    if pos.len() > 2 {
        return Err(exceptions::type_error(format!(
            "{name}() takes from 1 to 2 positional arguments but {} were given",
            pos.len()
        )));
    }
    let mut pos = pos.into_iter();
    let text = match pos.next() {
        Some(t) => t,
        None => match kw.iter().position(|(k, _)| &**k == "text") {
            Some(i) => kw.remove(i).1,
            None => {
                return Err(exceptions::type_error(format!("{name}() missing 1 required positional argument: 'text'")))
            }
        },
    };
    let width = match pos.next() {
        Some(w) => w,
        None => match kw.iter().position(|(k, _)| &**k == "width") {
            Some(i) => kw.remove(i).1,
            None => Py::Int(70),
        },
    };
    kw.insert(0, ("width".into(), width));
    Ok((text, options(cx, &settings(Vec::new(), kw)?)?))
}

fn lines_value(lines: Vec<String>) -> Py {
    List::new(lines.into_iter().map(Py::str).collect())
}

/// `wrap(text, width=70, **kwargs)`.
fn wrap(cx: &Cx, args: Args) -> PyResult<Py> {
    let (text, opts) = text_and_options(cx, "wrap", args)?;
    Ok(lines_value(opts.wrap(text_arg(&text)?)?))
}

/// `fill(text, width=70, **kwargs)`.
fn fill(cx: &Cx, args: Args) -> PyResult<Py> {
    let (text, opts) = text_and_options(cx, "fill", args)?;
    Ok(Py::str(opts.wrap(text_arg(&text)?)?.join("\n")))
}

/// `shorten(text, width, **kwargs)`: whitespace collapsed, one line.
fn shorten(cx: &Cx, args: Args) -> PyResult<Py> {
    let Args { pos, mut kw } = args;
    if pos.len() < 2 && !kw.iter().any(|(k, _)| &**k == "width") {
        return Err(exceptions::type_error("shorten() missing 1 required positional argument: 'width'"));
    }
    kw.push(("max_lines".into(), Py::Int(1)));
    let (text, opts) = text_and_options(cx, "shorten", Args::new(pos, kw))?;
    let text = match &text {
        Py::Str(s) => split_whitespace(s, usize::MAX).join(" "),
        other => return Err(exceptions::attribute_error(&semantics::type_name(other), "strip")),
    };
    Ok(Py::str(opts.wrap(&text)?.join("\n")))
}

/// `dedent(text)`: the common leading whitespace removed from every line;
/// lines of only spaces and tabs become empty.
fn dedent(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [text] = args.bind("dedent", ["text"])?;
    let text = match req(text) {
        Py::Str(s) => s,
        other => {
            return Err(exceptions::type_error(format!(
                "expected string or bytes-like object, got '{}'",
                semantics::type_name(&other)
            )))
        }
    };
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| if !l.is_empty() && l.chars().all(|c| c == ' ' || c == '\t') { "" } else { l })
        .collect();
    let mut margin: Option<&str> = None;
    for line in &lines {
        let indent_len = line.len() - line.trim_start_matches([' ', '\t']).len();
        if indent_len == line.len() {
            continue;
        }
        let indent = &line[..indent_len];
        margin = Some(match margin {
            None => indent,
            Some(m) if indent.starts_with(m) => m,
            Some(m) if m.starts_with(indent) => indent,
            Some(m) => {
                let common = m.bytes().zip(indent.bytes()).take_while(|(a, b)| a == b).count();
                &m[..common]
            }
        });
    }
    let margin = margin.unwrap_or("");
    let out: Vec<&str> =
        lines.iter().map(|l| l.strip_prefix(margin).filter(|_| !margin.is_empty()).unwrap_or(l)).collect();
    Ok(Py::str(out.join("\n")))
}

/// `indent(text, prefix, predicate=None)`.
fn indent(cx: &Cx, args: Args) -> PyResult<Py> {
    let [text, prefix, predicate] = args.bind("indent", ["text", "prefix", "predicate?"])?;
    let text = match req(text) {
        Py::Str(s) => s,
        other => return Err(exceptions::attribute_error(&semantics::type_name(&other), "splitlines")),
    };
    let prefix = req(prefix);
    let predicate = predicate.filter(|p| !p.is_none());
    let mut out = String::with_capacity(text.len());
    for line in split_lines(&text, true) {
        let wanted = match &predicate {
            None => !line.trim_matches(is_space).is_empty(),
            Some(p) => {
                let r = semantics::call(cx, p, Args::one(Py::str(line)))?;
                semantics::truthy(cx, &r)?
            }
        };
        if wanted {
            let joined = semantics::binary(cx, crate::runtime::object::BinOp::Add, &prefix, &Py::str(line))?;
            out.push_str(args::as_str("indent", &joined)?);
        } else {
            out.push_str(line);
        }
    }
    Ok(Py::str(out))
}

// ------------------------------------------------------------------ TextWrapper

static TEXT_WRAPPER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("textwrap", "TextWrapper", None, &METHODS, Some(text_wrapper_new)));

/// A `TextWrapper`: its settings are plain attributes, read when it wraps.
struct TextWrapper {
    values: Mutex<Vec<(&'static str, Py)>>,
}

fn text_wrapper_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    Ok(Py::obj(TextWrapper { values: Mutex::new(settings(pos, kw)?) }))
}

impl TextWrapper {
    fn options(&self, cx: &Cx) -> PyResult<Options> {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner()).clone();
        options(cx, &values)
    }
}

impl PyObject for TextWrapper {
    fn ty(&self) -> TypeRef {
        TEXT_WRAPPER.clone()
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        let values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        Ok(values.iter().find(|(p, _)| *p == name).map(|(_, v)| v.clone()))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let mut values = self.values.lock().unwrap_or_else(|e| e.into_inner());
        match values.iter_mut().find(|(p, _)| *p == name) {
            Some(slot) => {
                slot.1 = value;
                Ok(true)
            }
            None => Err(exceptions::attribute_error("TextWrapper", name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        PARAMS.iter().map(|p| (*p).to_owned()).collect()
    }
}

fn wrapper_self(this: &Py) -> PyResult<&TextWrapper> {
    this.downcast::<TextWrapper>().ok_or_else(|| exceptions::type_error("a textwrap.TextWrapper is required"))
}

static METHODS: [Method; 2] = [
    method("wrap", |cx, this, a| {
        let [text] = a.bind("wrap", ["text"])?;
        let lines = wrapper_self(this)?.options(cx)?.wrap(text_arg(&req(text))?)?;
        Ok(lines_value(lines))
    }),
    method("fill", |cx, this, a| {
        let [text] = a.bind("fill", ["text"])?;
        Ok(Py::str(wrapper_self(this)?.options(cx)?.wrap(text_arg(&req(text))?)?.join("\n")))
    }),
];
