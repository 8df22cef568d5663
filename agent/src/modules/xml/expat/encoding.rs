//! A document given as bytes, decoded as expat decides its encoding: a
//! byte order mark (UTF-8, UTF-16), UTF-16's `<` without one, else the
//! XML declaration's `encoding`, else UTF-8. Expat knows UTF-8, UTF-16,
//! ISO-8859-1 and US-ASCII itself; pyexpat hands other names to Python's
//! codecs, which here are the agent's (`LookupError` for names they do not
//! know, as CPython raises for names it does not know).

use super::chars::line_col;
use super::error::{Code, XmlError};
use crate::runtime::exceptions::PyErr;

/// Why bytes could not become text.
pub enum DecodeError {
    /// Malformed for its encoding, or an encoding that contradicts what
    /// the bytes start with.
    Xml(XmlError),
    /// A codec error from the codec lookup (`LookupError`).
    Codec(PyErr),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Detected {
    Utf8Bom,
    Utf16Le {
        bom: bool,
    },
    Utf16Be {
        bom: bool,
    },
    /// No byte order mark: what the declaration says, else UTF-8.
    Unmarked,
}

fn detect(data: &[u8]) -> Detected {
    match data {
        [0xEF, 0xBB, 0xBF, ..] => Detected::Utf8Bom,
        [0xFF, 0xFE, ..] => Detected::Utf16Le { bom: true },
        [0xFE, 0xFF, ..] => Detected::Utf16Be { bom: true },
        [b'<', 0, ..] => Detected::Utf16Le { bom: false },
        [0, b'<', ..] => Detected::Utf16Be { bom: false },
        _ => Detected::Unmarked,
    }
}

/// The `encoding` of an XML declaration at the start of ASCII-compatible
/// bytes, with its offset.
pub fn declared_encoding(data: &[u8]) -> Option<(String, usize)> {
    if !data.starts_with(b"<?xml") || !data.get(5).is_some_and(|b| b" \t\r\n?".contains(b)) {
        return None;
    }
    let end = data.windows(2).position(|w| w == b"?>")?;
    let decl = &data[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let mut i = at + 8;
    while decl.get(i).is_some_and(|b| b" \t\r\n".contains(b)) {
        i += 1;
    }
    if decl.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while decl.get(i).is_some_and(|b| b" \t\r\n".contains(b)) {
        i += 1;
    }
    let quote = *decl.get(i).filter(|q| **q == b'"' || **q == b'\'')?;
    let start = i + 1;
    let len = decl[start..].iter().position(|&b| b == quote)?;
    Some((String::from_utf8_lossy(&decl[start..start + len]).into_owned(), start))
}

/// Expat's name for an encoding it knows itself.
fn builtin(name: &str) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    Some(match upper.as_str() {
        "UTF-8" => "utf-8",
        "UTF-16" => "utf-16",
        "UTF-16LE" => "utf-16le",
        "UTF-16BE" => "utf-16be",
        "ISO-8859-1" => "latin-1",
        "US-ASCII" => "ascii",
        _ => return None,
    })
}

/// An error at byte `offset` of `data`, whose first `offset` bytes are
/// valid in their encoding `decoded` (their text).
fn invalid_at(decoded: &str, code: Code) -> DecodeError {
    let (line, column) = line_col(decoded, decoded.len());
    DecodeError::Xml(XmlError { code, line, column })
}

fn utf8(data: &[u8]) -> Result<String, DecodeError> {
    match std::str::from_utf8(data) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let valid = String::from_utf8_lossy(&data[..e.valid_up_to()]).into_owned();
            let code = if e.error_len().is_none() { Code::PartialChar } else { Code::InvalidToken };
            Err(invalid_at(&valid, code))
        }
    }
}

fn utf16(data: &[u8], little: bool) -> Result<String, DecodeError> {
    let units = data.chunks(2).map(|p| match p {
        [a, b] if little => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0xFFFF,
    });
    let mut out = String::with_capacity(data.len() / 2);
    for c in char::decode_utf16(units) {
        match c {
            Ok('\u{FFFF}') if data.len() % 2 == 1 && out.len() * 2 >= data.len() - 1 => {
                return Err(invalid_at(&out, Code::PartialChar))
            }
            Ok(c) => out.push(c),
            Err(_) => return Err(invalid_at(&out, Code::InvalidToken)),
        }
    }
    Ok(out)
}

fn ascii(data: &[u8]) -> Result<String, DecodeError> {
    match data.iter().position(|b| !b.is_ascii()) {
        None => Ok(data.iter().map(|&b| b as char).collect()),
        Some(i) => Err(invalid_at(&data[..i].iter().map(|&b| b as char).collect::<String>(), Code::InvalidToken)),
    }
}

/// Through Python's codecs, which pyexpat allows for single-byte
/// encodings only: the byte that does not decode is the bad one.
fn with_codec(data: &[u8], name: &str) -> Result<String, DecodeError> {
    let decode = |b: &[u8]| crate::objects::bytes::decode(b, name, "strict");
    match decode(data) {
        Ok(text) => Ok(text),
        Err(e) if e.is("LookupError") => Err(DecodeError::Codec(e)),
        Err(_) => {
            let bad = (0..data.len()).find(|&i| decode(&data[i..i + 1]).is_err()).unwrap_or(0);
            let prefix = decode(&data[..bad]).unwrap_or_default();
            Err(invalid_at(&prefix, Code::InvalidToken))
        }
    }
}

/// The text of a document given as bytes (a byte order mark dropped).
pub fn decode(data: &[u8]) -> Result<String, DecodeError> {
    let detected = detect(data);
    match detected {
        Detected::Utf16Le { bom } | Detected::Utf16Be { bom } => {
            let little = matches!(detected, Detected::Utf16Le { .. });
            let body = if bom { &data[2..] } else { data };
            let text = utf16(body, little)?;
            if let Some((name, at)) = declared_encoding(text.as_bytes()) {
                if !name.to_ascii_uppercase().starts_with("UTF-16") {
                    let (line, column) = line_col(&text, at);
                    return Err(DecodeError::Xml(XmlError { code: Code::IncorrectEncoding, line, column }));
                }
            }
            Ok(text)
        }
        Detected::Utf8Bom | Detected::Unmarked => {
            let body = if detected == Detected::Utf8Bom { &data[3..] } else { data };
            let Some((name, at)) = declared_encoding(body) else { return utf8(body) };
            let incorrect = || {
                let (line, column) = line_col(&String::from_utf8_lossy(&body[..at]), at);
                Err(DecodeError::Xml(XmlError { code: Code::IncorrectEncoding, line, column }))
            };
            match builtin(&name) {
                Some("utf-8") => utf8(body),
                Some("utf-16" | "utf-16le" | "utf-16be") => incorrect(),
                Some(_) if detected == Detected::Utf8Bom => incorrect(),
                Some("latin-1") => Ok(body.iter().map(|&b| b as char).collect()),
                Some(_) => ascii(body),
                None if detected == Detected::Utf8Bom => incorrect(),
                None => with_codec(body, &name),
            }
        }
    }
}
