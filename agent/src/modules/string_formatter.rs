//! `string.Formatter`: str.format's algorithm as Lib/string.py writes it
//! in Python, over the parser str.format uses
//! ([`crate::objects::str_format::markup`], CPython's
//! `_string.formatter_parser`). It is not str.format: its own quirks
//! (`'{}{0}'` is refused with the "manual to automatic" message, the
//! recursion limit counts empty specs, `'{0.x}'` does not count as manual
//! numbering) are Lib/string.py's and kept.

use std::collections::VecDeque;
use std::sync::{LazyLock, Mutex};

use rpyc_protocol::Value;

use crate::objects::arg_styles;
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::str_format::{self, next_part, split_field_name, FieldKey};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, type_value, Method, Type, TypeRef};
use crate::runtime::unicode;
use crate::runtime::value::Py;

pub static FORMATTER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("string", "Formatter", None, &METHODS, Some(formatter_new)));

static FORMATTER_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "formatteriterator", None, &[], None));

/// An instance: Formatter has no state.
struct Formatter;

fn formatter_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if !args.is_empty() {
        return Err(exceptions::type_error("Formatter() takes no arguments"));
    }
    Ok(Py::obj(Formatter))
}

impl PyObject for Formatter {
    fn ty(&self) -> TypeRef {
        FORMATTER.clone()
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Formatting may ask the client's objects for attributes, items
        // and their own formatting.
        true
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        // CPython's pickle: `Formatter.__new__(Formatter)`, no state (its
        // `__dict__` is empty).
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "string.Formatter".to_owned(),
            args: Vec::new(),
            state: None,
        }))))
    }
}

fn formatter_self(this: &Py) -> PyResult<()> {
    match this.downcast::<Formatter>() {
        Some(_) => Ok(()),
        None => Err(exceptions::type_error(format!(
            "descriptor requires a 'Formatter' object but received a '{}'",
            semantics::type_name(this)
        ))),
    }
}

/// The text `_string`'s functions take: a str, else their TypeError.
fn text_of(v: &Py) -> PyResult<&str> {
    match v {
        Py::Str(s) => Ok(s),
        other => Err(exceptions::type_error(format!("expected str, got {}", semantics::type_name(other)))),
    }
}

// ------------------------------------------------------------------ format / vformat

/// `auto_arg_index` of `_vformat`: the next automatic index, or `False`
/// once a field was numbered by hand.
#[derive(Clone, Copy)]
enum Auto {
    Next(usize),
    Off,
}

const SWITCH: &str = "cannot switch from manual field specification to automatic field numbering";

/// `_vformat`: the expansion of `format_string` and the automatic
/// numbering after it.
fn vformat_at(cx: &Cx, format_string: &Py, args: &Py, kwargs: &Py, depth: i32, auto: Auto) -> PyResult<(String, Auto)> {
    if depth < 0 {
        return Err(exceptions::value_error("Max string recursion exceeded"));
    }
    let (pieces, error) = str_format::markup(text_of(format_string)?);
    let mut auto = auto;
    let mut out = String::new();
    for piece in pieces {
        out.push_str(&piece.literal);
        let Some(field) = piece.field else { continue };
        let mut name = field.name;
        if name.is_empty() {
            let Auto::Next(n) = auto else { return Err(exceptions::value_error(SWITCH)) };
            name = n.to_string();
            auto = Auto::Next(n + 1);
        } else if name.chars().all(unicode::is_digit) {
            // `if auto_arg_index:` — index 0 is false.
            if matches!(auto, Auto::Next(n) if n > 0) {
                return Err(exceptions::value_error(SWITCH));
            }
            auto = Auto::Off;
        }
        let (obj, _used) = get_field_of(cx, &name, args, kwargs)?;
        let obj = convert(cx, obj, &field.conversion.map(|c| Py::str(c.to_string())).unwrap_or(Py::None))?;
        let (spec, next) = vformat_at(cx, &Py::str(field.spec), args, kwargs, depth - 1, auto)?;
        auto = next;
        out.push_str(&semantics::format(cx, &obj, &spec)?);
        if out.len() > semantics::MAX_BYTES {
            return Err(exceptions::memory_error("formatted string"));
        }
    }
    match error {
        Some(e) => Err(e),
        None => Ok((out, auto)),
    }
}

fn vformat_of(cx: &Cx, format_string: &Py, args: &Py, kwargs: &Py) -> PyResult<Py> {
    vformat_at(cx, format_string, args, kwargs, 2, Auto::Next(0)).map(|(text, _)| Py::str(text))
}

/// `format(format_string, /, *args, **kwargs)`.
fn format(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let Args { mut pos, kw } = args;
    if pos.is_empty() {
        return Err(exceptions::type_error(
            "Formatter.format() missing 1 required positional argument: 'format_string'",
        ));
    }
    let format_string = pos.remove(0);
    let kwargs = Dict::from_pairs(cx, kw.into_iter().map(|(k, v)| (Py::Str(k), v)).collect())?;
    vformat_of(cx, &format_string, &Py::tuple(pos), &kwargs)
}

fn vformat(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([format_string, pos, kw], _) =
        arg_styles::def_bind("Formatter.vformat", args, ["format_string", "args", "kwargs"], false)?;
    vformat_of(cx, &req(format_string), &req(pos), &req(kw))
}

// ------------------------------------------------------------------ the overridable steps

/// `get_field`: the object a field name selects, and its first part.
fn get_field_of(cx: &Cx, field_name: &str, args: &Py, kwargs: &Py) -> PyResult<(Py, Py)> {
    let chars: Vec<char> = field_name.chars().collect();
    let (first, mut rest) = split_field_name(&chars)?;
    let first = first.value();
    let mut obj = get_value_of(cx, &first, args, kwargs)?;
    while let Some((part, next)) = next_part(rest)? {
        obj = match part.key {
            FieldKey::Name(name) if part.is_attr => attr::getattr(cx, &obj, &name)?,
            key => semantics::getitem(cx, &obj, &key.value())?,
        };
        rest = next;
    }
    Ok((obj, first))
}

/// `get_value`: `args[key]` for an int key, else `kwargs[key]`.
fn get_value_of(cx: &Cx, key: &Py, args: &Py, kwargs: &Py) -> PyResult<Py> {
    if matches!(key, Py::Int(_) | Py::BigInt(_) | Py::Bool(_)) {
        semantics::getitem(cx, args, key)
    } else {
        semantics::getitem(cx, kwargs, key)
    }
}

/// `convert_field`: the `!s`, `!r` or `!a` conversion.
fn convert(cx: &Cx, value: Py, conversion: &Py) -> PyResult<Py> {
    if matches!(conversion, Py::None) {
        return Ok(value);
    }
    for (code, how) in
        [("s", semantics::str as fn(&Cx, &Py) -> PyResult<String>), ("r", semantics::repr), ("a", semantics::ascii)]
    {
        if semantics::eq(cx, conversion, &Py::str(code))? {
            return how(cx, &value).map(Py::str);
        }
    }
    Err(exceptions::value_error(format!("Unknown conversion specifier {}", semantics::str(cx, conversion)?)))
}

fn get_field(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([name, pos, kw], _) =
        arg_styles::def_bind("Formatter.get_field", args, ["field_name", "args", "kwargs"], false)?;
    let (obj, first) = get_field_of(cx, text_of(&req(name))?, &req(pos), &req(kw))?;
    Ok(Py::tuple(vec![obj, first]))
}

fn get_value(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([key, pos, kw], _) = arg_styles::def_bind("Formatter.get_value", args, ["key", "args", "kwargs"], false)?;
    get_value_of(cx, &req(key), &req(pos), &req(kw))
}

fn check_unused_args(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    arg_styles::def_bind("Formatter.check_unused_args", args, ["used_args", "args", "kwargs"], false)?;
    Ok(Py::None)
}

/// `format_field`: `format(value, format_spec)`.
fn format_field(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([value, spec], _) = arg_styles::def_bind("Formatter.format_field", args, ["value", "format_spec"], false)?;
    match req(spec) {
        Py::Str(spec) => semantics::format(cx, &req(value), &spec).map(Py::str),
        other => Err(exceptions::type_error(format!(
            "format() argument 2 must be str, not {}",
            semantics::type_name(&other)
        ))),
    }
}

fn convert_field(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([value, conversion], _) =
        arg_styles::def_bind("Formatter.convert_field", args, ["value", "conversion"], false)?;
    convert(cx, req(value), &req(conversion))
}

// ------------------------------------------------------------------ parse

/// `parse(format_string)`: `(literal_text, field_name, format_spec,
/// conversion)` tuples, as `_string.formatter_parser` yields them.
fn parse(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    formatter_self(this)?;
    let ([format_string], _) = arg_styles::def_bind("Formatter.parse", args, ["format_string"], false)?;
    let (pieces, error) = str_format::markup(text_of(&req(format_string))?);
    let items = pieces
        .into_iter()
        .map(|p| match p.field {
            None => Py::tuple(vec![Py::str(p.literal), Py::None, Py::None, Py::None]),
            Some(f) => Py::tuple(vec![
                Py::str(p.literal),
                Py::str(f.name),
                Py::str(f.spec),
                f.conversion.map_or(Py::None, |c| Py::str(c.to_string())),
            ]),
        })
        .collect();
    Ok(Py::obj(ParseIter { items: Mutex::new(items), error: Mutex::new(error) }))
}

/// The `formatteriterator`: the pieces, then the parse error, if any, when
/// iteration reaches it (CPython parses as it iterates).
struct ParseIter {
    items: Mutex<VecDeque<Py>>,
    error: Mutex<Option<PyErr>>,
}

impl PyObject for ParseIter {
    fn ty(&self) -> TypeRef {
        FORMATTER_ITERATOR.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        // A C type of builtins: its name alone.
        Ok(format!("<formatteriterator object at {:#x}>", crate::runtime::object::address(this)))
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(item) = self.items.lock().unwrap_or_else(|e| e.into_inner()).pop_front() {
            return Ok(Some(item));
        }
        match self.error.lock().unwrap_or_else(|e| e.into_inner()).take() {
            Some(e) => Err(e),
            None => Ok(None),
        }
    }
    fn take_children(&self) -> Vec<Py> {
        std::mem::take(&mut *self.items.lock().unwrap_or_else(|e| e.into_inner())).into()
    }
}

static METHODS: [Method; 9] = [
    // For copy.copy: the class rebuilds an instance (CPython's first item
    // is `copyreg.__newobj__`, which the agent lacks).
    method("__reduce_ex__", |_, this, _| {
        formatter_self(this)?;
        Ok(Py::tuple(vec![type_value(&FORMATTER), Py::tuple(vec![]), Py::None, Py::None, Py::None]))
    }),
    method("format", format),
    method("vformat", vformat),
    method("parse", parse),
    method("get_field", get_field),
    method("get_value", get_value),
    method("check_unused_args", check_unused_args),
    method("format_field", format_field),
    method("convert_field", convert_field),
];
