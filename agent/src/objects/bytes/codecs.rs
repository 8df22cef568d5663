//! Text codecs for `str.encode`, `bytes.decode` and `str(b, encoding)`:
//! UTF-8 (and `utf-8-sig`), ASCII, Latin-1, UTF-16 and UTF-32 (with a byte
//! order mark, or little/big endian), cp1252; error handlers `strict`,
//! `ignore`, `replace`, `backslashreplace`, `xmlcharrefreplace`,
//! `surrogateescape`/`surrogatepass`; `UnicodeDecodeError` and
//! `UnicodeEncodeError` with CPython's arguments.
//!
//! The agent's strings cannot hold lone surrogates, so the two handlers
//! that would produce them when decoding (`surrogateescape`,
//! `surrogatepass`) raise the codec's error instead. When encoding, a
//! text without surrogates makes them behave exactly as `strict`.

use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::value::Py;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Endian {
    Little,
    Big,
}

const NATIVE: Endian = if cfg!(target_endian = "big") { Endian::Big } else { Endian::Little };

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Codec {
    Utf8,
    Utf8Sig,
    Ascii,
    Latin1,
    Cp1252,
    /// `None`: with a byte order mark.
    Utf16(Option<Endian>),
    Utf32(Option<Endian>),
}

/// `encodings.normalize_encoding` and the aliases of the codecs above.
fn lookup(name: &str, decoding: bool) -> PyResult<Codec> {
    let mut norm = String::with_capacity(name.len());
    let mut punct = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            norm.push(c.to_ascii_lowercase());
            punct = false;
        } else {
            punct = true;
        }
    }
    let collapsed = norm.replace('_', "");
    Ok(match collapsed.as_str() {
        "utf8" | "u8" | "utf" | "cp65001" | "utf8ucs2" | "utf8ucs4" => Codec::Utf8,
        "utf8sig" => Codec::Utf8Sig,
        "ascii" | "usascii" | "646" | "us" | "cp367" | "ibm367" | "csascii" | "iso646us" | "isoir6"
        | "ansix3.41968" | "ansix3.41986" | "iso646.irv1991" => Codec::Ascii,
        "latin1" | "latin" | "l1" | "iso88591" | "8859" | "cp819" | "ibm819" | "isoir100" | "csisolatin1"
        | "iso885911987" => Codec::Latin1,
        "cp1252" | "windows1252" | "1252" => Codec::Cp1252,
        "utf16" | "u16" => Codec::Utf16(None),
        "utf16le" | "unicodelittleunmarked" => Codec::Utf16(Some(Endian::Little)),
        "utf16be" | "unicodebigunmarked" => Codec::Utf16(Some(Endian::Big)),
        "utf32" | "u32" => Codec::Utf32(None),
        "utf32le" => Codec::Utf32(Some(Endian::Little)),
        "utf32be" => Codec::Utf32(Some(Endian::Big)),
        "base64" | "base" | "bz2" | "hex" | "quopri" | "quotedprintable" | "rot13" | "rot" | "uu" | "zlib" | "zip" => {
            let canonical = match collapsed.as_str() {
                "base" => "base64",
                "quotedprintable" => "quopri",
                "rot" => "rot13",
                "zip" => "zlib",
                other => other,
            };
            let how = if decoding { "codecs.decode()" } else { "codecs.encode()" };
            return Err(exceptions::new(
                "LookupError",
                format!("'{canonical}' is not a text encoding; use {how} to handle arbitrary codecs"),
            ));
        }
        _ => return Err(exceptions::new("LookupError", format!("unknown encoding: {name}"))),
    })
}

/// The codec's name in error messages.
fn error_name(codec: Codec, endian: Endian) -> &'static str {
    match (codec, endian) {
        (Codec::Utf8 | Codec::Utf8Sig, _) => "utf-8",
        (Codec::Ascii, _) => "ascii",
        (Codec::Latin1, _) => "latin-1",
        (Codec::Cp1252, _) => "charmap",
        (Codec::Utf16(_), Endian::Little) => "utf-16-le",
        (Codec::Utf16(_), Endian::Big) => "utf-16-be",
        (Codec::Utf32(_), Endian::Little) => "utf-32-le",
        (Codec::Utf32(_), Endian::Big) => "utf-32-be",
    }
}

/// CPython's cp1252 decoding of 0x80..=0x9F (`None`: undefined).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20ac}'),
    None,
    Some('\u{201a}'),
    Some('\u{0192}'),
    Some('\u{201e}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02c6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017d}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201c}'),
    Some('\u{201d}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02dc}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203a}'),
    Some('\u{0153}'),
    None,
    Some('\u{017e}'),
    Some('\u{0178}'),
];

fn cp1252_decode(b: u8) -> Option<char> {
    match b {
        0x80..=0x9f => CP1252_HIGH[usize::from(b - 0x80)],
        _ => Some(char::from(b)),
    }
}

fn cp1252_encode(c: char) -> Option<u8> {
    match c as u32 {
        0..=0x7f | 0xa0..=0xff => Some(c as u32 as u8),
        _ => CP1252_HIGH.iter().position(|&m| m == Some(c)).map(|i| 0x80 + i as u8),
    }
}

fn unicode_error(class: &str, encoding: &str, object: Py, start: usize, end: usize, reason: &str) -> PyErr {
    PyErr::new(
        exceptions::exc_type(class),
        vec![Py::str(encoding), object.clone(), Py::from(start), Py::from(end), Py::str(reason)],
    )
    .with_attr("encoding", Py::str(encoding))
    .with_attr("object", object)
    .with_attr("start", Py::from(start))
    .with_attr("end", Py::from(end))
    .with_attr("reason", Py::str(reason))
}

fn unknown_handler(errors: &str) -> PyErr {
    exceptions::new("LookupError", format!("unknown error handler name '{errors}'"))
}

fn push_escape(out: &mut String, code: u32) {
    let esc = match code {
        0..=0xff => format!("\\x{code:02x}"),
        0x100..=0xffff => format!("\\u{code:04x}"),
        _ => format!("\\U{code:08x}"),
    };
    out.push_str(&esc);
}

/// Text to bytes with a codec (`str.encode`).
pub fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let codec = lookup(encoding, false)?;
    let (limit, charmap) = match codec {
        Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
        Codec::Utf8Sig => return Ok([b"\xef\xbb\xbf", text.as_bytes()].concat()),
        Codec::Utf16(order) => {
            let endian = order.unwrap_or(NATIVE);
            let mut out = Vec::with_capacity(2 * text.len() + 2);
            let mut put = |u: u16| match endian {
                Endian::Little => out.extend_from_slice(&u.to_le_bytes()),
                Endian::Big => out.extend_from_slice(&u.to_be_bytes()),
            };
            if order.is_none() {
                put(0xfeff);
            }
            let mut buf = [0u16; 2];
            for c in text.chars() {
                for &u in c.encode_utf16(&mut buf).iter() {
                    put(u);
                }
            }
            return Ok(out);
        }
        Codec::Utf32(order) => {
            let endian = order.unwrap_or(NATIVE);
            let mut out = Vec::with_capacity(4 * text.len() + 4);
            let mut put = |u: u32| match endian {
                Endian::Little => out.extend_from_slice(&u.to_le_bytes()),
                Endian::Big => out.extend_from_slice(&u.to_be_bytes()),
            };
            if order.is_none() {
                put(0xfeff);
            }
            text.chars().for_each(|c| put(c as u32));
            return Ok(out);
        }
        Codec::Ascii => (0x7f, false),
        Codec::Latin1 => (0xff, false),
        Codec::Cp1252 => (0x7f, true),
    };
    let byte_of = |c: char| -> Option<u8> {
        if charmap {
            cp1252_encode(c)
        } else {
            ((c as u32) <= limit).then_some(c as u32 as u8)
        }
    };
    let mut out = Vec::with_capacity(text.len());
    if text.is_ascii() {
        out.extend_from_slice(text.as_bytes());
        return Ok(out);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some(b) = byte_of(chars[i]) {
            out.push(b);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|&c| byte_of(c).is_some()).map_or(chars.len(), |p| i + p);
        match errors {
            "strict" | "surrogateescape" | "surrogatepass" => {
                let reason = match codec {
                    Codec::Ascii => "ordinal not in range(128)",
                    Codec::Latin1 => "ordinal not in range(256)",
                    _ => "character maps to <undefined>",
                };
                return Err(unicode_error(
                    "UnicodeEncodeError",
                    error_name(codec, NATIVE),
                    Py::str(text),
                    i,
                    end,
                    reason,
                ));
            }
            "ignore" => {}
            "replace" => out.extend(std::iter::repeat_n(b'?', end - i)),
            "backslashreplace" => {
                let mut s = String::new();
                chars[i..end].iter().for_each(|&c| push_escape(&mut s, c as u32));
                out.extend_from_slice(s.as_bytes());
            }
            "xmlcharrefreplace" => {
                for &c in &chars[i..end] {
                    out.extend_from_slice(format!("&#{};", c as u32).as_bytes());
                }
            }
            "namereplace" => {
                return Err(exceptions::new(
                    "LookupError",
                    "error handler 'namereplace' needs the Unicode name database, which the agent does not carry",
                ))
            }
            other => return Err(unknown_handler(other)),
        }
        i = end;
    }
    Ok(out)
}

/// What a decoder does with the bytes `start..end` it cannot decode.
fn decode_failure(
    out: &mut String,
    errors: &str,
    encoding: &str,
    data: &[u8],
    (start, end): (usize, usize),
    reason: &str,
) -> PyResult<()> {
    match errors {
        "strict" | "surrogateescape" | "surrogatepass" => {
            Err(unicode_error("UnicodeDecodeError", encoding, Py::bytes(data.to_vec()), start, end, reason))
        }
        "ignore" => Ok(()),
        "replace" => {
            out.push('\u{fffd}');
            Ok(())
        }
        "backslashreplace" => {
            data[start..end].iter().for_each(|&b| push_escape(out, u32::from(b)));
            Ok(())
        }
        "xmlcharrefreplace" | "namereplace" => {
            Err(exceptions::type_error("don't know how to handle UnicodeDecodeError in error callback"))
        }
        other => Err(unknown_handler(other)),
    }
}

/// Bytes to text with a codec (`bytes.decode`).
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    let codec = lookup(encoding, true)?;
    match codec {
        Codec::Utf8 => decode_utf8(data, errors),
        Codec::Utf8Sig => decode_utf8(data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data), errors),
        Codec::Latin1 => Ok(data.iter().map(|&b| char::from(b)).collect()),
        Codec::Ascii | Codec::Cp1252 => {
            if data.is_ascii() {
                return Ok(String::from_utf8_lossy(data).into_owned());
            }
            let name = error_name(codec, NATIVE);
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                let c = if codec == Codec::Ascii { b.is_ascii().then_some(char::from(b)) } else { cp1252_decode(b) };
                match c {
                    Some(c) => out.push(c),
                    None => {
                        let reason = if codec == Codec::Ascii {
                            "ordinal not in range(128)"
                        } else {
                            "character maps to <undefined>"
                        };
                        decode_failure(&mut out, errors, name, data, (i, i + 1), reason)?;
                    }
                }
            }
            Ok(out)
        }
        Codec::Utf16(order) => decode_utf16(data, order, errors),
        Codec::Utf32(order) => decode_utf32(data, order, errors),
    }
}

fn decode_utf8(data: &[u8], errors: &str) -> PyResult<String> {
    if let Ok(s) = std::str::from_utf8(data) {
        return Ok(s.to_owned());
    }
    let mut out = String::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        match std::str::from_utf8(&data[i..]) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                out.push_str(std::str::from_utf8(&data[i..i + valid]).unwrap_or_default());
                let start = i + valid;
                let (end, reason) = match e.error_len() {
                    None => (data.len(), "unexpected end of data"),
                    Some(n) if (0xc2..=0xf4).contains(&data[start]) => (start + n, "invalid continuation byte"),
                    Some(n) => (start + n, "invalid start byte"),
                };
                decode_failure(&mut out, errors, "utf-8", data, (start, end), reason)?;
                i = end;
            }
        }
    }
    Ok(out)
}

/// The byte order of a UTF-16/32 input, and how many BOM bytes to skip.
fn byte_order(data: &[u8], order: Option<Endian>, width: usize) -> (Endian, usize) {
    if let Some(e) = order {
        return (e, 0);
    }
    let (le, be): (&[u8], &[u8]) =
        if width == 2 { (b"\xff\xfe", b"\xfe\xff") } else { (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") };
    if data.starts_with(le) {
        (Endian::Little, width)
    } else if data.starts_with(be) {
        (Endian::Big, width)
    } else {
        (NATIVE, 0)
    }
}

fn decode_utf16(data: &[u8], order: Option<Endian>, errors: &str) -> PyResult<String> {
    let (endian, mut q) = byte_order(data, order, 2);
    let name = error_name(Codec::Utf16(None), endian);
    let unit = |at: usize| {
        let b = [data[at], data[at + 1]];
        match endian {
            Endian::Little => u16::from_le_bytes(b),
            Endian::Big => u16::from_be_bytes(b),
        }
    };
    let mut out = String::with_capacity(data.len() / 2);
    while q < data.len() {
        if data.len() - q < 2 {
            decode_failure(&mut out, errors, name, data, (q, data.len()), "truncated data")?;
            break;
        }
        let u = unit(q);
        if !(0xd800..0xe000).contains(&u) {
            out.push(char::from_u32(u32::from(u)).unwrap_or('\u{fffd}'));
            q += 2;
        } else if u >= 0xdc00 {
            decode_failure(&mut out, errors, name, data, (q, q + 2), "illegal encoding")?;
            q += 2;
        } else if data.len() - q < 4 {
            decode_failure(&mut out, errors, name, data, (q, data.len()), "unexpected end of data")?;
            break;
        } else {
            let low = unit(q + 2);
            if (0xdc00..0xe000).contains(&low) {
                let c = 0x10000 + ((u32::from(u) - 0xd800) << 10) + (u32::from(low) - 0xdc00);
                out.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                q += 4;
            } else {
                decode_failure(&mut out, errors, name, data, (q, q + 2), "illegal UTF-16 surrogate")?;
                q += 2;
            }
        }
    }
    Ok(out)
}

fn decode_utf32(data: &[u8], order: Option<Endian>, errors: &str) -> PyResult<String> {
    let (endian, mut q) = byte_order(data, order, 4);
    let name = error_name(Codec::Utf32(None), endian);
    let mut out = String::with_capacity(data.len() / 4);
    while q < data.len() {
        if data.len() - q < 4 {
            decode_failure(&mut out, errors, name, data, (q, data.len()), "truncated data")?;
            break;
        }
        let b = [data[q], data[q + 1], data[q + 2], data[q + 3]];
        let code = match endian {
            Endian::Little => u32::from_le_bytes(b),
            Endian::Big => u32::from_be_bytes(b),
        };
        match char::from_u32(code) {
            Some(c) => out.push(c),
            None if code > 0x10ffff => {
                decode_failure(&mut out, errors, name, data, (q, q + 4), "code point not in range(0x110000)")?
            }
            None => decode_failure(
                &mut out,
                errors,
                name,
                data,
                (q, q + 4),
                "code point in surrogate code point range(0xd800, 0xe000)",
            )?,
        }
        q += 4;
    }
    Ok(out)
}
