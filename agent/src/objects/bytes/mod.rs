//! `bytes` (and text codecs): the constructor and the methods of binary
//! data.

use std::sync::LazyLock;

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static BYTES: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "bytes", None, &BYTES_METHODS, Some(bytes_new)));

fn bytes_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [source, encoding, errors] = args.bind("bytes", ["source?", "encoding?", "errors?"])?;
    let Some(source) = source else { return Ok(Py::bytes(Vec::new())) };
    if let Py::Str(s) = &source {
        let Some(encoding) = encoding else {
            return Err(exceptions::type_error("string argument without an encoding"));
        };
        let encoding = crate::runtime::args::to_str("bytes", &encoding)?;
        let errors = crate::runtime::args::opt_str("bytes", errors.as_ref())?.unwrap_or_else(|| "strict".into());
        return encode(s, &encoding, &errors).map(Py::bytes);
    }
    if encoding.is_some() || errors.is_some() {
        return Err(exceptions::type_error("encoding without a string argument"));
    }
    match &source {
        Py::Bytes(_) => Ok(source.clone()),
        Py::Int(n) if *n < 0 => Err(exceptions::value_error("negative count")),
        Py::Int(n) => {
            if *n as usize > semantics::MAX_BYTES {
                return Err(exceptions::memory_error("bytes"));
            }
            Ok(Py::bytes(vec![0u8; *n as usize]))
        }
        other => {
            if let Py::Obj(o) = other {
                if let Some(Py::Bytes(b)) = o.base_value() {
                    return Ok(Py::Bytes(b));
                }
            }
            let items = semantics::iterate(cx, other).map_err(|e| {
                if e.is("TypeError") {
                    exceptions::type_error(format!("cannot convert '{}' object to bytes", semantics::type_name(other)))
                } else {
                    e
                }
            })?;
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match semantics::index_value(&item) {
                    Some(Py::Int(n)) if (0..256).contains(&n) => out.push(n as u8),
                    Some(_) => return Err(exceptions::value_error("bytes must be in range(0, 256)")),
                    None => {
                        return Err(exceptions::type_error(format!(
                            "'{}' object cannot be interpreted as an integer",
                            semantics::type_name(&item)
                        )))
                    }
                }
            }
            Ok(Py::bytes(out))
        }
    }
}

/// Text to bytes with a codec (`str.encode`).
pub fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    match normalize(encoding).as_str() {
        "utf8" => Ok(text.as_bytes().to_vec()),
        "ascii" | "latin1" => {
            let limit = if normalize(encoding) == "ascii" { 0x7f } else { 0xff };
            let mut out = Vec::with_capacity(text.len());
            for (i, c) in text.chars().enumerate() {
                if (c as u32) <= limit {
                    out.push(c as u32 as u8);
                } else {
                    match errors {
                        "ignore" => {}
                        "replace" => out.push(b'?'),
                        _ => {
                            return Err(unicode_error(
                                "UnicodeEncodeError",
                                encoding,
                                Py::str(text),
                                i,
                                i + 1,
                                "ordinal not in range(128)".replace("128", if limit == 0x7f { "128" } else { "256" }),
                            ))
                        }
                    }
                }
            }
            Ok(out)
        }
        _ => Err(exceptions::new("LookupError", format!("unknown encoding: {encoding}"))),
    }
}

/// Bytes to text with a codec (`bytes.decode`).
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    match normalize(encoding).as_str() {
        "utf8" => match std::str::from_utf8(data) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => match errors {
                "replace" => Ok(String::from_utf8_lossy(data).into_owned()),
                "ignore" => Ok(String::from_utf8_lossy(data).replace('\u{fffd}', "")),
                _ => {
                    let start = e.valid_up_to();
                    let end = start + e.error_len().unwrap_or(data.len() - start);
                    let reason = if e.error_len().is_none() { "unexpected end of data" } else { "invalid start byte" };
                    Err(unicode_error(
                        "UnicodeDecodeError",
                        "utf-8",
                        Py::bytes(data.to_vec()),
                        start,
                        end,
                        reason.into(),
                    ))
                }
            },
        },
        "ascii" => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(char::from(b));
                } else {
                    match errors {
                        "ignore" => {}
                        "replace" => out.push('\u{fffd}'),
                        _ => {
                            return Err(unicode_error(
                                "UnicodeDecodeError",
                                "ascii",
                                Py::bytes(data.to_vec()),
                                i,
                                i + 1,
                                "ordinal not in range(128)".into(),
                            ))
                        }
                    }
                }
            }
            Ok(out)
        }
        "latin1" => Ok(data.iter().map(|&b| char::from(b)).collect()),
        _ => Err(exceptions::new("LookupError", format!("unknown encoding: {encoding}"))),
    }
}

/// Python's codec names, normalized (`UTF-8`, `utf8`, `U8` are one).
fn normalize(encoding: &str) -> String {
    let e = encoding.to_ascii_lowercase().replace(['-', '_', ' '], "");
    match e.as_str() {
        "utf8" | "u8" | "utf" | "cp65001" => "utf8".into(),
        "ascii" | "usascii" | "646" => "ascii".into(),
        "latin1" | "latin" | "iso88591" | "l1" | "cp819" | "8859" => "latin1".into(),
        other => other.to_owned(),
    }
}

fn unicode_error(class: &str, encoding: &str, object: Py, start: usize, end: usize, reason: String) -> PyErr {
    PyErr::new(
        exceptions::exc_type(class),
        vec![Py::str(encoding), object, Py::from(start), Py::from(end), Py::str(reason)],
    )
    .with_attr("encoding", Py::str(encoding))
}

static BYTES_METHODS: [Method; 0] = [];
