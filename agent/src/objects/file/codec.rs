//! Text codecs for file objects and `bytes.decode`/`str.encode`: UTF-8
//! (and `utf-8-sig`), Latin-1 and ASCII, with Python's error handlers and
//! universal-newline translation.
//!
//! All of them are ASCII-compatible, so `\r` and `\n` are single bytes that
//! never occur inside a multi-byte sequence: lines are found on the raw
//! bytes and only what is returned gets decoded.

use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::value::Py;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte order mark at the start of the file.
    Utf8Sig,
    Latin1,
    Ascii,
}

pub const BOM: &[u8] = b"\xef\xbb\xbf";

impl Encoding {
    /// `codecs.lookup(name)` for the encodings the agent has.
    pub fn lookup(name: &str) -> PyResult<Encoding> {
        // encodings.normalize_encoding: runs of punctuation become '_'.
        let mut norm = String::new();
        for c in name.trim().chars() {
            if c.is_ascii_alphanumeric() || c == '.' {
                norm.push(c.to_ascii_lowercase());
            } else if !norm.ends_with('_') && !norm.is_empty() {
                norm.push('_');
            }
        }
        Ok(match norm.trim_end_matches('_') {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => Encoding::Utf8,
            "utf_8_sig" | "utf8_sig" => Encoding::Utf8Sig,
            "latin_1" | "latin1" | "latin" | "l1" | "iso8859_1" | "iso_8859_1" | "8859" | "cp819" | "ibm819"
            | "iso_ir_100" | "csisolatin1" | "iso_8859_1_1987" => Encoding::Latin1,
            "ascii" | "us_ascii" | "646" | "us" | "cp367" | "ibm367" | "csascii" | "iso646_us" | "iso_ir_6"
            | "ansi_x3.4_1968" | "ansi_x3_4_1968" | "ansi_x3.4_1986" | "iso_646.irv_1991" => Encoding::Ascii,
            _ => return Err(exceptions::new("LookupError", format!("unknown encoding: {name}"))),
        })
    }

    /// The codec's name as Python's error messages spell it.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Sig => "utf-8-sig",
            Encoding::Latin1 => "latin-1",
            Encoding::Ascii => "ascii",
        }
    }
}

/// Python's error handlers, resolved when an error happens (as Python does:
/// an unknown name only fails on bad data).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Strict,
    Replace,
    Ignore,
    /// Python maps bad bytes to lone surrogates, which a Rust string cannot
    /// hold: they become U+FFFD here.
    SurrogateEscape,
    BackslashReplace,
    XmlCharRefReplace,
}

fn handler(errors: &str) -> PyResult<Handler> {
    Ok(match errors {
        "strict" => Handler::Strict,
        "replace" => Handler::Replace,
        "ignore" => Handler::Ignore,
        "surrogateescape" | "surrogatepass" => Handler::SurrogateEscape,
        "backslashreplace" => Handler::BackslashReplace,
        "xmlcharrefreplace" | "namereplace" => Handler::XmlCharRefReplace,
        other => return Err(exceptions::new("LookupError", format!("unknown error handler name '{other}'"))),
    })
}

/// A window of at most ~64 bytes around `start..end`, with the positions
/// moved into it (Python sends the whole input; a file can be large).
fn window<T: Clone>(data: &[T], start: usize, end: usize) -> (Vec<T>, usize, usize) {
    let lo = start.saturating_sub(32);
    let hi = (end + 32).min(data.len());
    (data[lo..hi].to_vec(), start - lo, end - lo)
}

fn decode_error(enc: Encoding, data: &[u8], start: usize, end: usize, reason: &str) -> PyErr {
    let (object, s, e) = window(data, start, end);
    unicode_error("UnicodeDecodeError", enc, Py::bytes(object), s, e, reason)
}

fn encode_error(enc: Encoding, chars: &[char], start: usize, end: usize, reason: &str) -> PyErr {
    let (object, s, e) = window(chars, start, end);
    unicode_error("UnicodeEncodeError", enc, Py::str(object.into_iter().collect::<String>()), s, e, reason)
}

/// A `UnicodeDecodeError`/`UnicodeEncodeError` with Python's arguments
/// and attributes.
fn unicode_error(class: &str, enc: Encoding, object: Py, start: usize, end: usize, reason: &str) -> PyErr {
    let args = vec![Py::str(enc.name()), object.clone(), Py::from(start), Py::from(end), Py::str(reason)];
    PyErr::new(exceptions::exc_type(class), args)
        .with_attr("encoding", Py::str(enc.name()))
        .with_attr("object", object)
        .with_attr("start", Py::from(start))
        .with_attr("end", Py::from(end))
        .with_attr("reason", Py::str(reason))
}

/// What one decode step did.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Decoded {
    /// Input bytes used.
    pub consumed: usize,
    /// Characters appended (counted only for bounded reads).
    pub chars: usize,
}

/// Decodes `raw`, appending at most `max_chars` characters to `out`
/// (`usize::MAX`: all, without counting). Unless `last`, an incomplete
/// sequence at the end (and, when translating, a final `\r` that may be
/// half of `\r\n`) is left unconsumed for the next call. With `translate`
/// (universal newlines), `\r\n` and `\r` become `\n`.
pub fn decode_into(
    raw: &[u8],
    enc: Encoding,
    errors: &str,
    translate: bool,
    max_chars: usize,
    last: bool,
    out: &mut String,
) -> PyResult<Decoded> {
    if !translate {
        return decode_plain(raw, enc, errors, max_chars, last, out);
    }
    let mut done = Decoded::default();
    while done.consumed < raw.len() && done.chars < max_chars {
        let rest = &raw[done.consumed..];
        let seg = rest.iter().position(|b| *b == b'\r').unwrap_or(rest.len());
        if seg > 0 {
            let seg_last = last || seg < rest.len();
            let d = decode_plain(&rest[..seg], enc, errors, max_chars - done.chars, seg_last, out)?;
            done.consumed += d.consumed;
            done.chars += d.chars;
            if d.consumed < seg {
                break;
            }
            continue;
        }
        match rest.get(1) {
            Some(b'\n') => done.consumed += 2,
            None if !last => break,
            _ => done.consumed += 1,
        }
        out.push('\n');
        done.chars += 1;
    }
    Ok(done)
}

/// [`decode_into`] without newline translation.
fn decode_plain(
    raw: &[u8],
    enc: Encoding,
    errors: &str,
    max_chars: usize,
    last: bool,
    out: &mut String,
) -> PyResult<Decoded> {
    let bounded = max_chars != usize::MAX;
    if enc == Encoding::Latin1 {
        let n = raw.len().min(max_chars);
        out.extend(raw[..n].iter().map(|b| char::from(*b)));
        return Ok(Decoded { consumed: n, chars: if bounded { n } else { 0 } });
    }
    let mut i = 0;
    let mut chars = 0;
    while i < raw.len() && chars < max_chars {
        // A bounded read looks at a window only, so that reading a few
        // characters from a large buffer does not validate all of it.
        let end = if bounded {
            raw.len().min(i.saturating_add((max_chars - chars).saturating_mul(4).max(8)))
        } else {
            raw.len()
        };
        let w = &raw[i..end];
        // The valid prefix, and the error after it: None = none,
        // Some(None) = incomplete at the end, Some(Some(n)) = n bad bytes.
        let (valid, err) = if enc == Encoding::Ascii {
            let p = w.iter().position(|b| *b >= 0x80).unwrap_or(w.len());
            (std::str::from_utf8(&w[..p]).unwrap_or_default(), (p < w.len()).then_some(Some(1)))
        } else {
            match std::str::from_utf8(w) {
                Ok(s) => (s, None),
                Err(e) => (std::str::from_utf8(&w[..e.valid_up_to()]).unwrap_or_default(), Some(e.error_len())),
            }
        };
        if bounded {
            let mut taken = valid.len();
            for (at, c) in valid.char_indices() {
                if chars == max_chars {
                    taken = at;
                    break;
                }
                out.push(c);
                chars += 1;
            }
            i += taken;
            if taken < valid.len() {
                break;
            }
        } else {
            out.push_str(valid);
            i += valid.len();
        }
        let (bad, reason) = match err {
            None => continue,
            // Cut by the window, not by the input: look again from here.
            Some(None) if end < raw.len() => continue,
            Some(None) if !last => break,
            Some(None) => (raw.len() - i, "unexpected end of data"),
            Some(Some(n)) if enc == Encoding::Ascii => (n, "ordinal not in range(128)"),
            Some(Some(n)) if matches!(raw[i], 0xc2..=0xf4) => (n, "invalid continuation byte"),
            Some(Some(n)) => (n, "invalid start byte"),
        };
        let bad_bytes = &raw[i..i + bad];
        match handler(errors)? {
            Handler::Strict => return Err(decode_error(enc, raw, i, i + bad, reason)),
            Handler::Ignore => {}
            Handler::Replace | Handler::XmlCharRefReplace => {
                out.push('\u{fffd}');
                chars += 1;
            }
            Handler::SurrogateEscape => {
                out.extend(bad_bytes.iter().map(|_| '\u{fffd}'));
                chars += bad;
            }
            Handler::BackslashReplace => {
                for b in bad_bytes {
                    out.push_str(&format!("\\x{b:02x}"));
                }
                chars += 4 * bad;
            }
        }
        i += bad;
    }
    Ok(Decoded { consumed: i, chars })
}

/// Decodes a whole buffer (`bytes.decode`, `str(b, encoding)`): a BOM is
/// dropped for `utf-8-sig`, newlines are left alone.
pub fn decode_all(bytes: &[u8], enc: Encoding, errors: &str) -> PyResult<String> {
    let bytes = if enc == Encoding::Utf8Sig { bytes.strip_prefix(BOM).unwrap_or(bytes) } else { bytes };
    let mut out = String::with_capacity(bytes.len());
    decode_plain(bytes, enc, errors, usize::MAX, true, &mut out)?;
    Ok(out)
}

/// Encodes text (no BOM; file objects add it).
pub fn encode(text: &str, enc: Encoding, errors: &str) -> PyResult<Vec<u8>> {
    let limit: u32 = match enc {
        Encoding::Utf8 | Encoding::Utf8Sig => return Ok(text.as_bytes().to_vec()),
        Encoding::Latin1 => 0xff,
        Encoding::Ascii => 0x7f,
    };
    if text.chars().all(|c| u32::from(c) <= limit) {
        return Ok(text.chars().map(|c| c as u8).collect());
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if u32::from(c) <= limit {
            out.push(c as u8);
            i += 1;
            continue;
        }
        let end = chars[i..].iter().position(|c| u32::from(*c) <= limit).map_or(chars.len(), |p| i + p);
        let h = handler(errors)?;
        for c in &chars[i..end] {
            let code = u32::from(*c);
            match h {
                Handler::Strict | Handler::SurrogateEscape => {
                    let reason =
                        if enc == Encoding::Ascii { "ordinal not in range(128)" } else { "ordinal not in range(256)" };
                    return Err(encode_error(enc, &chars, i, end, reason));
                }
                Handler::Ignore => {}
                Handler::Replace => out.push(b'?'),
                Handler::BackslashReplace => out.extend(
                    match code {
                        0..=0xff => format!("\\x{code:02x}"),
                        0x100..=0xffff => format!("\\u{code:04x}"),
                        _ => format!("\\U{code:08x}"),
                    }
                    .bytes(),
                ),
                Handler::XmlCharRefReplace => out.extend(format!("&#{code};").bytes()),
            }
        }
        i = end;
    }
    Ok(out)
}

/// `bytes.decode(encoding, errors)`: the whole buffer, newlines untouched.
pub fn decode_text(bytes: &[u8], encoding: Option<&str>, errors: Option<&str>) -> PyResult<String> {
    decode_all(bytes, Encoding::lookup(encoding.unwrap_or("utf-8"))?, errors.unwrap_or("strict"))
}

/// `str.encode(encoding, errors)` (`utf-8-sig` starts with a BOM).
pub fn encode_text(text: &str, encoding: Option<&str>, errors: Option<&str>) -> PyResult<Vec<u8>> {
    let enc = Encoding::lookup(encoding.unwrap_or("utf-8"))?;
    let mut out = encode(text, enc, errors.unwrap_or("strict"))?;
    if enc == Encoding::Utf8Sig {
        out.splice(0..0, BOM.iter().copied());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(start, end, reason)` of a codec error, as a debug list.
    fn tail(e: &PyErr) -> String {
        format!("{:?}", &e.0.args()[2..])
    }

    fn dec(raw: &[u8], translate: bool, max: usize, last: bool) -> (String, Decoded) {
        let mut out = String::new();
        let d = decode_into(raw, Encoding::Utf8, "strict", translate, max, last, &mut out).expect("decodes");
        (out, d)
    }

    #[test]
    fn encodings_are_looked_up_like_python() {
        assert_eq!(Encoding::lookup("UTF-8").ok(), Some(Encoding::Utf8));
        assert_eq!(Encoding::lookup("utf8").ok(), Some(Encoding::Utf8));
        assert_eq!(Encoding::lookup("Latin-1").ok(), Some(Encoding::Latin1));
        assert_eq!(Encoding::lookup("iso-8859-1").ok(), Some(Encoding::Latin1));
        assert_eq!(Encoding::lookup("US-ASCII").ok(), Some(Encoding::Ascii));
        assert_eq!(Encoding::lookup("utf-8-sig").ok(), Some(Encoding::Utf8Sig));
        assert!(Encoding::lookup("koi8-r").is_err());
    }

    #[test]
    fn universal_newlines() {
        assert_eq!(dec(b"a\r\nb\rc\n", true, usize::MAX, true).0, "a\nb\nc\n");
        // A final \r waits for the next chunk unless it is the last.
        let (s, d) = dec(b"ab\r", true, usize::MAX, false);
        assert_eq!((s.as_str(), d.consumed), ("ab", 2));
        assert_eq!(dec(b"ab\r", true, usize::MAX, true).0, "ab\n");
        assert_eq!(dec(b"a\r\nb", false, usize::MAX, true).0, "a\r\nb");
    }

    #[test]
    fn bounded_reads_count_characters() {
        let (s, d) = dec("héllo\r\nwörld".as_bytes(), true, 6, true);
        assert_eq!((s.as_str(), d.consumed, d.chars), ("héllo\n", 8, 6));
        // An incomplete sequence at the end waits unless it is the last.
        let (s, d) = dec(b"ab\xe2\x82", false, 10, false);
        assert_eq!((s.as_str(), d.consumed), ("ab", 2));
        let long = "é".repeat(1000);
        let (s, d) = dec(long.as_bytes(), false, 3, false);
        assert_eq!((s.as_str(), d.consumed), ("ééé", 6));
    }

    #[test]
    fn error_handlers() {
        let all = |b: &[u8], e: &str| decode_all(b, Encoding::Utf8, e);
        assert_eq!(all(b"ab\xff\xe2\x82z", "replace").ok().as_deref(), Some("ab\u{fffd}\u{fffd}z"));
        assert_eq!(all(b"ab\xff\xe2\x82z", "ignore").ok().as_deref(), Some("abz"));
        assert_eq!(all(b"ab\xffz", "backslashreplace").ok().as_deref(), Some("ab\\xffz"));
        assert!(all(b"ab", "nosuch").is_ok());
        assert!(all(b"\xff", "nosuch").is_err());
        let e = all(b"ab\xe2\x82z", "strict").expect_err("strict fails");
        assert!(e.is("UnicodeDecodeError"));
        assert_eq!(tail(&e), "[2, 4, \"invalid continuation byte\"]");
        let e = all(b"\xffabc", "strict").expect_err("strict fails");
        assert_eq!(tail(&e), "[0, 1, \"invalid start byte\"]");
        assert_eq!(decode_all(b"\xef\xbb\xbfhi", Encoding::Utf8Sig, "strict").ok().as_deref(), Some("hi"));
        assert_eq!(decode_all(b"caf\xe9", Encoding::Latin1, "strict").ok().as_deref(), Some("café"));
        assert!(decode_all(b"caf\xe9", Encoding::Ascii, "strict").is_err());
    }

    #[test]
    fn encoding_with_handlers() {
        assert_eq!(encode("café", Encoding::Latin1, "strict").ok(), Some(b"caf\xe9".to_vec()));
        assert_eq!(encode("a€b", Encoding::Ascii, "replace").ok(), Some(b"a?b".to_vec()));
        assert_eq!(encode("a€", Encoding::Ascii, "backslashreplace").ok(), Some(b"a\\u20ac".to_vec()));
        assert_eq!(encode("a€", Encoding::Ascii, "xmlcharrefreplace").ok(), Some(b"a&#8364;".to_vec()));
        let e = encode("aé€", Encoding::Ascii, "strict").expect_err("strict fails");
        assert!(e.is("UnicodeEncodeError"));
        assert_eq!(tail(&e), "[1, 3, \"ordinal not in range(128)\"]");
    }
}
