//! `binascii`: hex and base64 conversions and CRCs as CPython 3.11's C
//! module does them (its lenient and strict base64 decoders, `hexlify`
//! separators), with `binascii.Error` (a ValueError) and
//! `binascii.Incomplete`.

use std::sync::LazyLock;

use crate::modules::buffer::{ascii_data, bytes_like};
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "binascii",
    type_name: "binascii",
    doc: "Conversion between binary data and ASCII",
    functions: &[
        f("a2b_base64", a2b_base64_fn),
        f("b2a_base64", b2a_base64_fn),
        f("a2b_hex", unhexlify),
        f("b2a_hex", hexlify),
        f("hexlify", hexlify),
        f("unhexlify", unhexlify),
        f("crc32", crc32_fn),
        f("crc_hqx", crc_hqx_fn),
    ],
    attr,
    attr_names: &["Error", "Incomplete"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(type_value(match name {
        "Error" => &ERROR,
        "Incomplete" => &INCOMPLETE,
        _ => return None,
    })))
}

/// `binascii.Error`.
pub static ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("binascii", "Error", Some(&exceptions::exc_type("ValueError")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

/// `binascii.Incomplete`.
pub static INCOMPLETE: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("binascii", "Incomplete", Some(&exceptions::exc_type("Exception")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&ERROR);
    LazyLock::force(&INCOMPLETE);
}

/// A `binascii.Error` (base64, base32 and base16 decoders raise it too).
pub fn error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ERROR.clone(), vec![Py::str(msg.into())])
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 of `data`, padded, with a newline at the end if asked.
pub fn b2a_base64(data: &[u8], newline: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len().div_ceil(3) * 4 + 1);
    for chunk in data.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[((n >> (18 - 6 * i)) & 0x3f) as usize]);
            } else {
                out.push(b'=');
            }
        }
    }
    if newline {
        out.push(b'\n');
    }
    out
}

fn b64_value(c: u8) -> Option<u8> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    })
}

/// Decodes base64 as CPython's `a2b_base64`: leniently (characters
/// outside the alphabet are skipped, data after a complete pad ignored),
/// or in strict mode, which refuses all of that.
pub fn a2b_base64(data: &[u8], strict: bool) -> PyResult<Vec<u8>> {
    if strict && data.first() == Some(&b'=') {
        return Err(error("Leading padding not allowed"));
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 3);
    let (mut quad_pos, mut left, mut pads) = (0u8, 0u8, 0usize);
    let mut padding_started = false;
    for (i, &c) in data.iter().enumerate() {
        if c == b'=' {
            padding_started = true;
            if quad_pos >= 2 {
                pads += 1;
                if usize::from(quad_pos) + pads >= 4 {
                    if strict && i + 1 < data.len() {
                        return Err(error("Excess data after padding"));
                    }
                    return Ok(out);
                }
            }
            continue;
        }
        let Some(v) = b64_value(c) else {
            if strict {
                return Err(error("Only base64 data is allowed"));
            }
            continue;
        };
        if strict && padding_started {
            return Err(error("Discontinuous padding not allowed"));
        }
        pads = 0;
        match quad_pos {
            0 => {
                quad_pos = 1;
                left = v;
            }
            1 => {
                quad_pos = 2;
                out.push((left << 2) | (v >> 4));
                left = v & 0x0f;
            }
            2 => {
                quad_pos = 3;
                out.push((left << 4) | (v >> 2));
                left = v & 0x03;
            }
            _ => {
                quad_pos = 0;
                out.push((left << 6) | v);
                left = 0;
            }
        }
    }
    match quad_pos {
        0 => Ok(out),
        1 => Err(error(format!(
            "Invalid base64-encoded string: number of data characters ({}) cannot be 1 more than a multiple of 4",
            out.len() / 3 * 4 + 1
        ))),
        _ => Err(error("Incorrect padding")),
    }
}

fn a2b_base64_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let [data, strict] = args.bind("a2b_base64", ["data", "$strict_mode?"])?;
    let strict = args::opt_bool(cx, strict.as_ref(), false)?;
    Ok(Py::bytes(a2b_base64(&ascii_data(&args::req(data))?, strict)?))
}

fn b2a_base64_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    if args.pos.len() > 1 {
        return Err(exceptions::type_error(format!(
            "b2a_base64() takes exactly 1 positional argument ({} given)",
            args.pos.len()
        )));
    }
    let [data, newline] = args.bind("b2a_base64", ["data", "$newline?"])?;
    let newline = args::opt_bool(cx, newline.as_ref(), true)?;
    Ok(Py::bytes(b2a_base64(&bytes_like(&args::req(data))?, newline)))
}

/// Lower-case hex of `data`, with `sep` between groups of `per_sep` bytes
/// (counted from the right; from the left when negative).
pub fn hex(data: &[u8], sep: Option<u8>, per_sep: i64) -> Vec<u8> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let group = per_sep.unsigned_abs() as usize;
    let mut out = Vec::with_capacity(data.len() * 3);
    for (i, &b) in data.iter().enumerate() {
        if let (Some(sep), true) = (sep, group > 0 && i > 0) {
            let boundary = if per_sep > 0 { (data.len() - i) % group == 0 } else { i % group == 0 };
            if boundary {
                out.push(sep);
            }
        }
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 0xf)]);
    }
    out
}

/// The separator of `hexlify`: one character of str or bytes.
fn separator(v: &Py) -> PyResult<u8> {
    let len = match v {
        Py::Str(s) => s.chars().count(),
        other => match crate::modules::buffer::buffer_of(other) {
            Some(b) => b.len(),
            None => {
                return Err(exceptions::type_error(format!(
                    "object of type '{}' has no len()",
                    semantics::type_name(other)
                )))
            }
        },
    };
    if len != 1 {
        return Err(exceptions::value_error("sep must be length 1."));
    }
    Ok(match v {
        // CPython stores the character in a C char.
        Py::Str(s) => s.chars().next().map_or(0, |c| c as u32 as u8),
        other => crate::modules::buffer::buffer_of(other).map_or(0, |b| b[0]),
    })
}

fn hexlify(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [data, sep, per_sep] = args.bind("hexlify", ["data", "sep?", "bytes_per_sep?"])?;
    let data = bytes_like(&args::req(data))?;
    let sep = sep.as_ref().map(separator).transpose()?;
    let per_sep = args::opt_int("hexlify", per_sep.as_ref())?.unwrap_or(1);
    Ok(Py::bytes(hex(&data, sep, per_sep)))
}

/// Bytes of a hex string; `binascii.Error` for odd lengths or non-hex
/// digits.
pub fn unhex(data: &[u8]) -> PyResult<Vec<u8>> {
    if data.len() % 2 != 0 {
        return Err(error("Odd-length string"));
    }
    let digit = |c: u8| char::from(c).to_digit(16).map(|d| d as u8);
    data.chunks(2)
        .map(|pair| match (digit(pair[0]), digit(pair[1])) {
            (Some(hi), Some(lo)) => Ok((hi << 4) | lo),
            _ => Err(error("Non-hexadecimal digit found")),
        })
        .collect()
}

fn unhexlify(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [data] = args.bind("unhexlify", ["hexstr"])?;
    Ok(Py::bytes(unhex(&ascii_data(&args::req(data))?)?))
}

/// An unsigned C int argument taken bit for bit (`crc32(data, -1)`).
pub fn bitwise_u32(v: Option<&Py>) -> PyResult<u32> {
    match v.map(semantics::index_value) {
        None => Ok(0),
        Some(Some(Py::Int(n))) => Ok(n as u32),
        Some(Some(Py::BigInt(n))) => Ok(n.iter_u32_digits().next().map_or(0, |low| {
            if n.sign() == num_bigint::Sign::Minus {
                low.wrapping_neg()
            } else {
                low
            }
        })),
        Some(_) => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            v.map_or_else(String::new, semantics::type_name)
        ))),
    }
}

/// CRC-32 of `data` continuing from `crc` (zlib's and binascii's).
pub fn crc32(data: &[u8], crc: u32) -> u32 {
    let mut h = crc32fast::Hasher::new_with_initial(crc);
    h.update(data);
    h.finalize()
}

fn crc32_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [data, crc] = args.bind("crc32", ["data", "crc?"])?;
    let data = bytes_like(&args::req(data))?;
    Ok(Py::from(crc32(&data, bitwise_u32(crc.as_ref())?)))
}

/// CRC-CCITT (XMODEM) as `binascii.crc_hqx`.
fn crc_hqx(data: &[u8], mut crc: u16) -> u16 {
    for &b in data {
        crc ^= u16::from(b) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 { (crc << 1) ^ 0x1021 } else { crc << 1 };
        }
    }
    crc
}

fn crc_hqx_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("crc_hqx() takes no keyword arguments"));
    }
    let n = args.pos.len();
    let [data, crc] = <[Py; 2]>::try_from(args.pos)
        .map_err(|_| exceptions::type_error(format!("crc_hqx expected 2 arguments, got {n}")))?;
    let data = bytes_like(&data)?;
    Ok(Py::from(u32::from(crc_hqx(&data, bitwise_u32(Some(&crc))? as u16))))
}
