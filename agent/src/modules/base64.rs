//! `base64`: RFC 4648 encodings as CPython 3.11's `base64.py` builds them
//! on `binascii` — base64 (standard, URL-safe, alternative alphabets,
//! strict validation, MIME lines), base32 (and base32hex), base16 and
//! base85, and the file helpers `encode`/`decode`.

use std::sync::Arc;

use crate::modules::binascii::{self, a2b_base64, b2a_base64, error};
use crate::modules::buffer::{self, bytes_like};
use crate::objects::attr;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "base64",
    type_name: "base64",
    doc: "Base16, Base32, Base64 (RFC 3548), Base85 and Ascii85 data encodings",
    functions: &[
        f("b64encode", b64encode),
        f("b64decode", b64decode),
        f("standard_b64encode", standard_b64encode),
        f("standard_b64decode", standard_b64decode),
        f("urlsafe_b64encode", urlsafe_b64encode),
        f("urlsafe_b64decode", urlsafe_b64decode),
        f("b32encode", |_, a| b32_encode("b32encode", B32, a)),
        f("b32decode", |cx, a| b32_decode(cx, "b32decode", B32, a)),
        f("b32hexencode", |_, a| b32_encode("b32hexencode", B32HEX, a)),
        f("b32hexdecode", |cx, a| b32_decode(cx, "b32hexdecode", B32HEX, a)),
        f("b16encode", b16encode),
        f("b16decode", b16decode),
        f("b85encode", b85encode),
        f("b85decode", b85decode),
        f("encodebytes", encodebytes),
        f("decodebytes", decodebytes),
        b("encode", encode_file),
        b("decode", decode_file),
    ],
    attr: |name, _| match name {
        "MAXLINESIZE" => Some(Ok(Py::Int(76))),
        "MAXBINSIZE" => Some(Ok(Py::Int(MAXBINSIZE as i64))),
        _ => None,
    },
    attr_names: &["MAXLINESIZE", "MAXBINSIZE"],
    setattr: None,
};

const MAXBINSIZE: usize = 57;

/// `_bytes_from_decode_data`: bytes-like, or ASCII-only str.
fn decode_data(v: &Py) -> PyResult<Arc<[u8]>> {
    match v {
        Py::Str(s) if s.is_ascii() => Ok(Arc::from(s.as_bytes())),
        Py::Str(_) => Err(exceptions::value_error("string argument should contain only ASCII characters")),
        other => buffer::buffer_of(other).ok_or_else(|| {
            exceptions::type_error(format!(
                "argument should be a bytes-like object or ASCII string, not '{}'",
                semantics::type_name(other)
            ))
        }),
    }
}

/// `assert len(altchars) == 2, repr(altchars)`.
fn two_chars(cx: &Cx, original: &Py, chars: &[u8]) -> PyResult<[u8; 2]> {
    match chars {
        [a, b] => Ok([*a, *b]),
        _ => Err(exceptions::new("AssertionError", semantics::repr(cx, original)?)),
    }
}

fn translate(data: &[u8], from: [u8; 2], to: [u8; 2]) -> Vec<u8> {
    data.iter()
        .map(|&c| {
            if c == from[0] {
                to[0]
            } else if c == from[1] {
                to[1]
            } else {
                c
            }
        })
        .collect()
}

fn b64encode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, altchars] = args.bind("b64encode", ["s", "altchars?"])?;
    let encoded = b2a_base64(&bytes_like(&args::req(s))?, false);
    match altchars.filter(|a| !a.is_none()) {
        None => Ok(Py::bytes(encoded)),
        Some(alt) => {
            let chars = two_chars(cx, &alt, &bytes_like(&alt)?)?;
            Ok(Py::bytes(translate(&encoded, *b"+/", chars)))
        }
    }
}

fn b64decode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, altchars, validate] = args.bind("b64decode", ["s", "altchars?", "validate?"])?;
    let mut data = decode_data(&args::req(s))?.to_vec();
    if let Some(alt) = altchars.filter(|a| !a.is_none()) {
        let chars = two_chars(cx, &alt, &decode_data(&alt)?)?;
        data = translate(&data, chars, *b"+/");
    }
    let strict = args::opt_bool(cx, validate.as_ref(), false)?;
    Ok(Py::bytes(a2b_base64(&data, strict)?))
}

fn standard_b64encode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("standard_b64encode", ["s"])?;
    Ok(Py::bytes(b2a_base64(&bytes_like(&args::req(s))?, false)))
}

fn standard_b64decode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("standard_b64decode", ["s"])?;
    Ok(Py::bytes(a2b_base64(&decode_data(&args::req(s))?, false)?))
}

fn urlsafe_b64encode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("urlsafe_b64encode", ["s"])?;
    Ok(Py::bytes(translate(&b2a_base64(&bytes_like(&args::req(s))?, false), *b"+/", *b"-_")))
}

fn urlsafe_b64decode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("urlsafe_b64decode", ["s"])?;
    let data = translate(&decode_data(&args::req(s))?, *b"-_", *b"+/");
    Ok(Py::bytes(a2b_base64(&data, false)?))
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const B32HEX: &[u8; 32] = b"0123456789ABCDEFGHIJKLMNOPQRSTUV";

fn b32_encode(func: &str, alphabet: &[u8; 32], args: Args) -> PyResult<Py> {
    let [s] = args.bind(func, ["s"])?;
    let data = bytes_like(&args::req(s))?;
    let mut out = Vec::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut block = [0u8; 8];
        block[3..3 + chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes(block);
        for i in 0..8 {
            out.push(alphabet[((n >> (35 - 5 * i)) & 0x1f) as usize]);
        }
        let pad = match chunk.len() {
            1 => 6,
            2 => 4,
            3 => 3,
            4 => 1,
            _ => 0,
        };
        let len = out.len();
        out[len - pad..].fill(b'=');
    }
    Ok(Py::bytes(out))
}

fn b32_decode(cx: &Cx, func: &str, alphabet: &[u8; 32], args: Args) -> PyResult<Py> {
    let hex = alphabet == B32HEX;
    let (s, casefold, map01) = if hex {
        let [s, casefold] = args.bind(func, ["s", "casefold?"])?;
        (s, casefold, None)
    } else {
        let [s, casefold, map01] = args.bind(func, ["s", "casefold?", "map01?"])?;
        (s, casefold, map01)
    };
    let mut data = decode_data(&args::req(s))?.to_vec();
    if data.len() % 8 != 0 {
        return Err(error("Incorrect padding"));
    }
    if let Some(m) = map01.filter(|m| !m.is_none()) {
        let one = decode_data(&m)?;
        if one.len() != 1 {
            return Err(exceptions::new("AssertionError", semantics::repr(cx, &m)?));
        }
        data = translate(&data, *b"01", [b'O', one[0]]);
    }
    if args::opt_bool(cx, casefold.as_ref(), false)? {
        data.make_ascii_uppercase();
    }
    let total = data.len();
    let stripped = data.iter().rposition(|&c| c != b'=').map_or(0, |i| i + 1);
    let padchars = total - stripped;
    let mut decoded = Vec::with_capacity(stripped / 8 * 5 + 5);
    let mut acc = 0u64;
    for quantum in data[..stripped].chunks(8) {
        acc = 0;
        for &c in quantum {
            let v = alphabet.iter().position(|&a| a == c).ok_or_else(|| error("Non-base32 digit found"))?;
            acc = (acc << 5) + v as u64;
        }
        decoded.extend_from_slice(&acc.to_be_bytes()[3..]);
    }
    if !matches!(padchars, 0 | 1 | 3 | 4 | 6) {
        return Err(error("Incorrect padding"));
    }
    if padchars > 0 && !decoded.is_empty() {
        acc <<= 5 * padchars;
        let last = &acc.to_be_bytes()[3..];
        let leftover = (43 - 5 * padchars) / 8;
        let keep = decoded.len() - 5;
        decoded.truncate(keep);
        decoded.extend_from_slice(&last[..leftover]);
    }
    Ok(Py::bytes(decoded))
}

fn b16encode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("b16encode", ["s"])?;
    let mut out = binascii::hex(&bytes_like(&args::req(s))?, None, 1);
    out.make_ascii_uppercase();
    Ok(Py::bytes(out))
}

fn b16decode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s, casefold] = args.bind("b16decode", ["s", "casefold?"])?;
    let mut data = decode_data(&args::req(s))?.to_vec();
    if args::opt_bool(cx, casefold.as_ref(), false)? {
        data.make_ascii_uppercase();
    }
    if data.iter().any(|c| !matches!(c, b'0'..=b'9' | b'A'..=b'F')) {
        return Err(error("Non-base16 digit found"));
    }
    Ok(Py::bytes(binascii::unhex(&data)?))
}

const B85: &[u8; 85] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;<=>?@^_`{|}~";

fn b85encode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [data, pad] = args.bind("b85encode", ["b", "pad?"])?;
    let data = bytes_like(&args::req(data))?;
    let pad = args::opt_bool(cx, pad.as_ref(), false)?;
    let padding = (4 - data.len() % 4) % 4;
    let mut out = Vec::with_capacity(data.len().div_ceil(4) * 5);
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        let mut n = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = B85[(n % 85) as usize];
            n /= 85;
        }
        out.extend_from_slice(&digits);
    }
    if padding > 0 && !pad {
        out.truncate(out.len() - padding);
    }
    Ok(Py::bytes(out))
}

fn b85decode(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [data] = args.bind("b85decode", ["b"])?;
    let mut data = decode_data(&args::req(data))?.to_vec();
    let padding = (5 - data.len() % 5) % 5;
    data.extend(std::iter::repeat_n(b'~', padding));
    let mut out = Vec::with_capacity(data.len() / 5 * 4);
    for (i, chunk) in data.chunks(5).enumerate() {
        let mut acc: u64 = 0;
        for (j, &c) in chunk.iter().enumerate() {
            let Some(v) = B85.iter().position(|&a| a == c) else {
                return Err(exceptions::value_error(format!("bad base85 character at position {}", i * 5 + j)));
            };
            acc = acc * 85 + v as u64;
        }
        if acc > u64::from(u32::MAX) {
            return Err(exceptions::value_error(format!("base85 overflow in hunk starting at byte {}", i * 5)));
        }
        out.extend_from_slice(&(acc as u32).to_be_bytes());
    }
    out.truncate(out.len() - padding);
    Ok(Py::bytes(out))
}

/// `_input_type_check`: bytes-like objects only.
fn checked_input(v: &Py) -> PyResult<Arc<[u8]>> {
    buffer::buffer_of(v)
        .ok_or_else(|| exceptions::type_error(format!("expected bytes-like object, not {}", semantics::type_name(v))))
}

/// Base64 in lines of 76 characters, each ending with a newline.
fn mime_lines(data: &[u8]) -> Vec<u8> {
    data.chunks(MAXBINSIZE).flat_map(|chunk| b2a_base64(chunk, true)).collect()
}

fn encodebytes(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("encodebytes", ["s"])?;
    Ok(Py::bytes(mime_lines(&checked_input(&args::req(s))?)))
}

fn decodebytes(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("decodebytes", ["s"])?;
    Ok(Py::bytes(a2b_base64(&checked_input(&args::req(s))?, false)?))
}

/// `base64.encode(input, output)`: binary file objects (the agent's or the
/// client's), read in whole 57-byte chunks, written as MIME lines.
fn encode_file(cx: &Cx, args: Args) -> PyResult<Py> {
    let [input, output] = args.bind("encode", ["input", "output"])?;
    let (input, output) = (args::req(input), args::req(output));
    let read = |n: usize| -> PyResult<Vec<u8>> {
        let chunk = attr::call_method(cx, &input, "read", Args::one(Py::from(n)))?;
        Ok(bytes_like(&chunk)?.to_vec())
    };
    loop {
        cx.check_interrupt()?;
        let mut s = read(MAXBINSIZE)?;
        if s.is_empty() {
            return Ok(Py::None);
        }
        while s.len() < MAXBINSIZE {
            let more = read(MAXBINSIZE - s.len())?;
            if more.is_empty() {
                break;
            }
            s.extend_from_slice(&more);
        }
        attr::call_method(cx, &output, "write", Args::one(Py::bytes(b2a_base64(&s, true))))?;
    }
}

/// `base64.decode(input, output)`: line by line.
fn decode_file(cx: &Cx, args: Args) -> PyResult<Py> {
    let [input, output] = args.bind("decode", ["input", "output"])?;
    let (input, output) = (args::req(input), args::req(output));
    loop {
        cx.check_interrupt()?;
        let line = attr::call_method(cx, &input, "readline", Args::default())?;
        let line = bytes_like(&line)?;
        if line.is_empty() {
            return Ok(Py::None);
        }
        attr::call_method(cx, &output, "write", Args::one(Py::bytes(a2b_base64(&line, false)?)))?;
    }
}
