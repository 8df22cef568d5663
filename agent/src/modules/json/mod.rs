//! `json`: `dumps`/`dump` ([`encode`]) and `loads`/`load` ([`decode`])
//! with CPython 3.11's options, output and errors; `JSONDecodeError`
//! (`json.decoder.JSONDecodeError`, a ValueError with `msg`, `doc`, `pos`,
//! `lineno`, `colno`); `JSONEncoder` and `JSONDecoder` objects.

mod classes;
mod decode;
mod encode;
#[cfg(test)]
mod tests;

use std::sync::{Arc, LazyLock};

use crate::objects::attr;
use crate::objects::bytes;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, ExcObj, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "json",
    type_name: "json",
    doc: "JSON (JavaScript Object Notation) <https://json.org> is a subset of JavaScript syntax.",
    functions: &[f("dumps", dumps), b("dump", dump), f("loads", loads), b("load", load)],
    attr: |name, _| {
        Some(Ok(type_value(match name {
            "JSONDecodeError" => &JSON_DECODE_ERROR,
            "JSONEncoder" => &classes::JSON_ENCODER,
            "JSONDecoder" => &classes::JSON_DECODER,
            _ => return None,
        })))
    },
    attr_names: &["JSONDecodeError", "JSONEncoder", "JSONDecoder"],
    setattr: None,
};

/// `json.decoder.JSONDecodeError(msg, doc, pos)`.
pub static JSON_DECODE_ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "json.decoder",
        "JSONDecodeError",
        Some(&exceptions::exc_type("ValueError")),
        &[],
        Some(|_cx, _cls, args| {
            let [msg, doc, pos] = args.bind("JSONDecodeError", ["msg", "doc", "pos"])?;
            let msg = args::to_str("JSONDecodeError", &args::req(msg))?;
            let doc = args::to_str("JSONDecodeError", &args::req(doc))?;
            let pos = args::to_int("JSONDecodeError", &args::req(pos))?;
            Ok(decode_error(&msg, &doc, pos.max(0) as usize).value())
        }),
    );
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&JSON_DECODE_ERROR);
}

/// A `JSONDecodeError` at code point `pos` of `doc`, with its line and
/// column as Python counts them.
pub fn decode_error(msg: &str, doc: &str, pos: usize) -> PyErr {
    let before: Vec<char> = doc.chars().take(pos).collect();
    let lineno = before.iter().filter(|&&c| c == '\n').count() + 1;
    let colno = match before.iter().rposition(|&c| c == '\n') {
        Some(i) => pos - i,
        None => pos + 1,
    };
    let errmsg = format!("{msg}: line {lineno} column {colno} (char {pos})");
    let e = ExcObj::new(JSON_DECODE_ERROR.clone(), vec![Py::str(errmsg)]);
    e.set_attr("msg", Py::str(msg));
    e.set_attr("doc", Py::str(doc));
    e.set_attr("pos", Py::from(pos));
    e.set_attr("lineno", Py::from(lineno));
    e.set_attr("colno", Py::from(colno));
    PyErr(Arc::new(e))
}

/// Names `JSONEncoder.__init__` takes.
const ENCODER_OPTIONS: [&str; 9] =
    ["skipkeys", "ensure_ascii", "check_circular", "allow_nan", "sort_keys", "indent", "separators", "default", "cls"];

/// The encoder options from `dumps`' keyword arguments; `cls` apart.
fn encoder_options(cx: &Cx, kw: Vec<(Arc<str>, Py)>, c_encoder: bool) -> PyResult<(encode::Options, Option<Py>)> {
    if let Some((k, _)) = kw.iter().find(|(k, _)| !ENCODER_OPTIONS.contains(&&**k)) {
        return Err(exceptions::type_error(format!("JSONEncoder.__init__() got an unexpected keyword argument '{k}'")));
    }
    let get = |name: &str| kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_none());
    let flag = |name: &str, default: bool| args::opt_bool(cx, get(name).as_ref(), default);
    let indent = match get("indent") {
        None => None,
        Some(Py::Str(s)) => Some(s.to_string()),
        Some(v) => match semantics::index_value(&v) {
            Some(Py::Int(n)) => Some(" ".repeat(n.clamp(0, 1 << 16) as usize)),
            _ => {
                return Err(exceptions::type_error(format!(
                    "can't multiply sequence by non-int of type '{}'",
                    semantics::type_name(&v)
                )))
            }
        },
    };
    let (item_separator, key_separator) = match get("separators") {
        Some(seps) => {
            let parts = semantics::iterate(cx, &seps)?;
            match &parts[..] {
                [Py::Str(item), Py::Str(key)] => (item.to_string(), key.to_string()),
                [_, _] => return Err(exceptions::type_error("separators must be a pair of str")),
                [] | [_] => {
                    return Err(exceptions::value_error(format!(
                        "not enough values to unpack (expected 2, got {})",
                        parts.len()
                    )))
                }
                _ => return Err(exceptions::value_error("too many values to unpack (expected 2)")),
            }
        }
        None if indent.is_some() => (",".to_owned(), ": ".to_owned()),
        None => (", ".to_owned(), ": ".to_owned()),
    };
    let c_encoder = c_encoder && indent.is_none();
    let options = encode::Options {
        skipkeys: flag("skipkeys", false)?,
        ensure_ascii: flag("ensure_ascii", true)?,
        check_circular: flag("check_circular", true)?,
        allow_nan: flag("allow_nan", true)?,
        sort_keys: flag("sort_keys", false)?,
        indent,
        item_separator,
        key_separator,
        default: get("default"),
        c_encoder,
    };
    Ok((options, get("cls")))
}

/// JSON text of a value under the options.
pub fn encode_value(cx: &Cx, v: &Py, options: &encode::Options) -> PyResult<String> {
    let mut e = encode::Encoder::new(cx, options);
    e.encode(v, 0)?;
    Ok(e.out)
}

/// A user's encoder class: `cls(**options).encode(obj)`.
fn encode_with_class(cx: &Cx, cls: &Py, obj: &Py, kw: Vec<(Arc<str>, Py)>) -> PyResult<Py> {
    let kw = kw.into_iter().filter(|(k, _)| &**k != "cls").collect();
    let encoder = semantics::call(cx, cls, Args::new(Vec::new(), kw))?;
    attr::call_method(cx, &encoder, "encode", Args::one(obj.clone()))
}

fn one_positional(func: &str, args: &Args, n: usize) -> PyResult<()> {
    if args.pos.len() > n {
        let takes = if n == 1 { "1 positional argument".to_owned() } else { format!("{n} positional arguments") };
        return Err(exceptions::type_error(format!("{func}() takes {takes} but {} were given", args.pos.len())));
    }
    Ok(())
}

/// `dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
/// allow_nan=True, cls=None, indent=None, separators=None, default=None,
/// sort_keys=False, **kw)`.
fn dumps(cx: &Cx, mut args: Args) -> PyResult<Py> {
    one_positional("dumps", &args, 1)?;
    let obj = match args.take_kw("obj") {
        Some(o) if args.pos.is_empty() => o,
        _ if args.pos.len() == 1 => args.pos.remove(0),
        _ => return Err(exceptions::type_error("dumps() missing 1 required positional argument: 'obj'")),
    };
    let (options, cls) = encoder_options(cx, args.kw.clone(), true)?;
    if let Some(cls) = cls.filter(|c| !c.is(&type_value(&classes::JSON_ENCODER))) {
        return encode_with_class(cx, &cls, &obj, args.kw);
    }
    Ok(Py::str(encode_value(cx, &obj, &options)?))
}

/// `dump(obj, fp, ...)`: the text of `dumps` (by the Python encoder's
/// rules, as CPython's `dump` uses it), written to `fp` in one call.
fn dump(cx: &Cx, args: Args) -> PyResult<Py> {
    one_positional("dump", &args, 2)?;
    let Args { mut pos, kw } = args;
    if pos.len() < 2 {
        return Err(exceptions::type_error("dump() missing 2 required positional arguments: 'obj' and 'fp'"));
    }
    let fp = pos.pop().unwrap_or(Py::None);
    let obj = pos.pop().unwrap_or(Py::None);
    let (options, cls) = encoder_options(cx, kw.clone(), false)?;
    let text = match cls.filter(|c| !c.is(&type_value(&classes::JSON_ENCODER))) {
        Some(cls) => encode_with_class(cx, &cls, &obj, kw)?,
        None => Py::str(encode_value(cx, &obj, &options)?),
    };
    attr::call_method(cx, &fp, "write", Args::one(text))?;
    Ok(Py::None)
}

/// Names `JSONDecoder.__init__` takes.
const DECODER_OPTIONS: [&str; 6] =
    ["object_hook", "parse_float", "parse_int", "parse_constant", "strict", "object_pairs_hook"];

fn decoder_hooks(cx: &Cx, kw: &[(Arc<str>, Py)]) -> PyResult<decode::Hooks> {
    if let Some((k, _)) = kw.iter().find(|(k, _)| !DECODER_OPTIONS.contains(&&**k)) {
        return Err(exceptions::type_error(format!("JSONDecoder.__init__() got an unexpected keyword argument '{k}'")));
    }
    let get = |name: &str| kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone()).filter(|v| !v.is_none());
    Ok(decode::Hooks {
        object_hook: get("object_hook"),
        object_pairs_hook: get("object_pairs_hook"),
        parse_float: get("parse_float"),
        parse_int: get("parse_int"),
        parse_constant: get("parse_constant"),
        strict: args::opt_bool(cx, get("strict").as_ref(), true)?,
    })
}

/// The text of a JSON document given as str or bytes (whose encoding is
/// detected as `json.detect_encoding` does).
fn document(v: &Py) -> PyResult<String> {
    match v {
        Py::Str(s) => {
            if s.starts_with('\u{feff}') {
                return Err(decode_error("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0));
            }
            Ok(s.to_string())
        }
        other => match crate::modules::buffer::buffer_of(other) {
            Some(data) => classes::decode_bytes(&data),
            None => Err(exceptions::type_error(format!(
                "the JSON object must be str, bytes or bytearray, not {}",
                semantics::type_name(other)
            ))),
        },
    }
}

/// `loads(s, *, cls=None, object_hook=None, parse_float=None,
/// parse_int=None, parse_constant=None, object_pairs_hook=None, **kw)`.
fn loads(cx: &Cx, mut args: Args) -> PyResult<Py> {
    one_positional("loads", &args, 1)?;
    let s = match args.take_kw("s") {
        Some(s) if args.pos.is_empty() => s,
        _ if args.pos.len() == 1 => args.pos.remove(0),
        _ => return Err(exceptions::type_error("loads() missing 1 required positional argument: 's'")),
    };
    let text = document(&s)?;
    let cls = args.take_kw("cls").filter(|c| !c.is_none() && !c.is(&type_value(&classes::JSON_DECODER)));
    if let Some(cls) = cls {
        let kw = args.kw.into_iter().filter(|(_, v)| !v.is_none()).collect();
        let decoder = semantics::call(cx, &cls, Args::new(Vec::new(), kw))?;
        return attr::call_method(cx, &decoder, "decode", Args::one(Py::str(text)));
    }
    decode::decode(cx, &text, &decoder_hooks(cx, &args.kw)?)
}

/// `load(fp, ...)`: `loads(fp.read(), ...)`.
fn load(cx: &Cx, mut args: Args) -> PyResult<Py> {
    one_positional("load", &args, 1)?;
    let fp = match args.take_kw("fp") {
        Some(fp) if args.pos.is_empty() => fp,
        _ if args.pos.len() == 1 => args.pos.remove(0),
        _ => return Err(exceptions::type_error("load() missing 1 required positional argument: 'fp'")),
    };
    let text = attr::call_method(cx, &fp, "read", Args::default())?;
    loads(cx, Args::new(vec![text], args.kw))
}

/// UTF-8 text of a document's bytes.
pub(crate) fn utf8(data: &[u8]) -> PyResult<String> {
    bytes::decode(data, "utf-8", "strict")
}
