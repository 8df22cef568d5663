//! `json.JSONEncoder` and `json.JSONDecoder` objects, and the decoding of
//! byte documents (`json.detect_encoding`: UTF-8, UTF-16, UTF-32).

use std::sync::LazyLock;

use super::{decode, decoder_hooks, encode, encode_value, encoder_options, utf8};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static JSON_ENCODER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("json.encoder", "JSONEncoder", None, &ENCODER_METHODS, Some(encoder_new)));

pub static JSON_DECODER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("json.decoder", "JSONDecoder", None, &DECODER_METHODS, Some(decoder_new)));

struct EncoderObj {
    options: encode::Options,
}

impl PyObject for EncoderObj {
    fn ty(&self) -> TypeRef {
        JSON_ENCODER.clone()
    }
}

fn no_positional(func: &str, args: &Args) -> PyResult<()> {
    if args.pos.is_empty() {
        Ok(())
    } else {
        Err(exceptions::type_error(format!(
            "{func}() takes 1 positional argument but {} were given",
            args.pos.len() + 1
        )))
    }
}

fn encoder_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    no_positional("JSONEncoder.__init__", &args)?;
    if args.kw.iter().any(|(k, _)| &**k == "cls") {
        return Err(exceptions::type_error("JSONEncoder.__init__() got an unexpected keyword argument 'cls'"));
    }
    let (options, _) = encoder_options(cx, args.kw, true)?;
    Ok(Py::obj(EncoderObj { options }))
}

fn encoder(this: &Py) -> PyResult<&EncoderObj> {
    this.downcast::<EncoderObj>().ok_or_else(|| exceptions::type_error("expected a JSONEncoder"))
}

static ENCODER_METHODS: [Method; 3] = [
    method("encode", |cx, this, args| {
        let [o] = args.bind("encode", ["o"])?;
        Ok(Py::str(encode_value(cx, &args::req(o), &encoder(this)?.options)?))
    }),
    method("iterencode", |cx, this, args| {
        let [o, one_shot] = args.bind("iterencode", ["o", "_one_shot?"])?;
        let mut options = encoder(this)?.options.clone();
        options.c_encoder = options.c_encoder && args::opt_bool(cx, one_shot.as_ref(), false)?;
        let text = encode_value(cx, &args::req(o), &options)?;
        semantics::iter(cx, &Py::tuple(vec![Py::str(text)]))
    }),
    method("default", |_, _, args| {
        let [o] = args.bind("default", ["o"])?;
        let o = args::req(o);
        Err(exceptions::type_error(format!("Object of type {} is not JSON serializable", semantics::type_name(&o))))
    }),
];

struct DecoderObj {
    hooks: decode::Hooks,
}

impl PyObject for DecoderObj {
    fn ty(&self) -> TypeRef {
        JSON_DECODER.clone()
    }
}

fn decoder_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    no_positional("JSONDecoder.__init__", &args)?;
    Ok(Py::obj(DecoderObj { hooks: decoder_hooks(cx, &args.kw)? }))
}

fn decoder(this: &Py) -> PyResult<&DecoderObj> {
    this.downcast::<DecoderObj>().ok_or_else(|| exceptions::type_error("expected a JSONDecoder"))
}

static DECODER_METHODS: [Method; 2] = [
    method("decode", |cx, this, args| {
        let [s] = args.bind("decode", ["s"])?;
        let text = args::to_str("decode", &args::req(s))?;
        decode::decode(cx, &text, &decoder(this)?.hooks)
    }),
    method("raw_decode", |cx, this, args| {
        let [s, idx] = args.bind("raw_decode", ["s", "idx?"])?;
        let text = args::to_str("raw_decode", &args::req(s))?;
        let idx = args::opt_int("raw_decode", idx.as_ref())?.unwrap_or(0).max(0) as usize;
        let start = text.char_indices().nth(idx).map_or(text.len(), |(i, _)| i);
        let (value, end) = decode::raw_decode(cx, &text, start, &decoder(this)?.hooks)?;
        Ok(Py::tuple(vec![value, Py::from(text[..end].chars().count())]))
    }),
];

fn undecodable(encoding: &str, data: &[u8], start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::new(
        exceptions::exc_type("UnicodeDecodeError"),
        vec![Py::str(encoding), Py::bytes(data.to_vec()), Py::from(start), Py::from(end), Py::str(reason)],
    )
}

/// UTF-16 or UTF-32 text; lone surrogates (which `surrogatepass` lets
/// through) become U+FFFD.
fn decode_wide(data: &[u8], encoding: &str, width: usize, little: bool) -> PyResult<String> {
    let whole = data.len() / width * width;
    if whole != data.len() {
        return Err(undecodable(encoding, data, whole, data.len(), "truncated data"));
    }
    let unit = |chunk: &[u8]| -> u32 {
        let mut v = 0u32;
        for i in 0..width {
            let b = if little { chunk[width - 1 - i] } else { chunk[i] };
            v = (v << 8) | u32::from(b);
        }
        v
    };
    if width == 2 {
        let units = data.chunks(2).map(|c| unit(c) as u16);
        return Ok(char::decode_utf16(units).map(|c| c.unwrap_or('\u{fffd}')).collect());
    }
    let mut out = String::with_capacity(data.len() / 4);
    for (i, chunk) in data.chunks(4).enumerate() {
        match char::from_u32(unit(chunk)) {
            Some(c) => out.push(c),
            None if (0xd800..0xe000).contains(&unit(chunk)) => out.push('\u{fffd}'),
            None => return Err(undecodable(encoding, data, i * 4, i * 4 + 4, "code point not in range(0x110000)")),
        }
    }
    Ok(out)
}

/// A byte document as `json.loads` decodes it: `detect_encoding`, then
/// that codec.
pub fn decode_bytes(b: &[u8]) -> PyResult<String> {
    let starts = |p: &[u8]| b.starts_with(p);
    if starts(&[0, 0, 0xfe, 0xff]) {
        return decode_wide(&b[4..], "utf-32", 4, false);
    }
    if starts(&[0xff, 0xfe, 0, 0]) {
        return decode_wide(&b[4..], "utf-32", 4, true);
    }
    if starts(&[0xfe, 0xff]) {
        return decode_wide(&b[2..], "utf-16", 2, false);
    }
    if starts(&[0xff, 0xfe]) {
        return decode_wide(&b[2..], "utf-16", 2, true);
    }
    if starts(&[0xef, 0xbb, 0xbf]) {
        return utf8(&b[3..]);
    }
    if b.len() >= 4 {
        if b[0] == 0 {
            return if b[1] != 0 {
                decode_wide(b, "utf-16-be", 2, false)
            } else {
                decode_wide(b, "utf-32-be", 4, false)
            };
        }
        if b[1] == 0 {
            return if b[2] != 0 || b[3] != 0 {
                decode_wide(b, "utf-16-le", 2, true)
            } else {
                decode_wide(b, "utf-32-le", 4, true)
            };
        }
    } else if b.len() == 2 {
        if b[0] == 0 {
            return decode_wide(b, "utf-16-be", 2, false);
        }
        if b[1] == 0 {
            return decode_wide(b, "utf-16-le", 2, true);
        }
    }
    utf8(b)
}
