//! The syntax of one piece of markup, checked as expat checks it: start
//! and end tags with their attributes, processing instructions, comments
//! and the XML declaration. Offsets are byte offsets of the text being
//! parsed; a failure names expat's error and where it points.

use super::chars::{is_name_char, is_name_start, is_space, is_xml_char, name_len, skip_space};
use super::error::Code;

/// An error and the offset it points at.
pub type Fail = (Code, usize);

/// The first character of `s` (from `at`) that XML does not allow.
pub fn check_chars(s: &str, at: usize) -> Result<(), Fail> {
    match s.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        Some((i, _)) => Err((Code::InvalidToken, at + i)),
        None => Ok(()),
    }
}

/// An attribute as written.
pub struct RawAttr {
    pub name: String,
    pub name_at: usize,
    /// The text between the quotes.
    pub value: String,
    pub value_at: usize,
}

/// A start tag as written: `<name attr="value" ...>`.
pub struct RawStart {
    pub name: String,
    pub attrs: Vec<RawAttr>,
}

/// `tag` is the whole tag (`<a b="1">` or `<a/>`), at offset `at`.
pub fn start_tag(tag: &str, at: usize) -> Result<RawStart, Fail> {
    let body = tag.strip_prefix('<').unwrap_or(tag);
    let body = body.strip_suffix('>').unwrap_or(body);
    let body = body.strip_suffix('/').unwrap_or(body);
    let base = at + 1;
    let n = name_len(body);
    if n == 0 {
        return Err((Code::InvalidToken, base));
    }
    let name = body[..n].to_owned();
    let mut attrs: Vec<RawAttr> = Vec::new();
    let mut i = n;
    loop {
        let after_space = skip_space(body, i);
        if after_space == body.len() {
            if let Some(c) = body[i..].chars().find(|c| !is_space(*c)) {
                return Err((Code::InvalidToken, base + i + body[i..].find(c).unwrap_or(0)));
            }
            break;
        }
        let c = body[after_space..].chars().next().unwrap_or(' ');
        if after_space == i || !is_name_start(c) {
            // An attribute must follow white space; anything else is a bad token.
            return Err((Code::InvalidToken, base + after_space));
        }
        let name_at = after_space;
        let len = name_len(&body[name_at..]);
        let attr_name = &body[name_at..name_at + len];
        let mut j = skip_space(body, name_at + len);
        if !body[j..].starts_with('=') {
            return Err((Code::InvalidToken, base + j));
        }
        j = skip_space(body, j + 1);
        let quote = match body[j..].chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return Err((Code::InvalidToken, base + j)),
        };
        let value_at = j + 1;
        let Some(close) = body[value_at..].find(quote) else { return Err((Code::UnclosedToken, at)) };
        let value = &body[value_at..value_at + close];
        check_chars(value, base + value_at)?;
        if let Some(k) = value.find('<') {
            return Err((Code::InvalidToken, base + value_at + k));
        }
        if attrs.iter().any(|a| a.name == attr_name) {
            return Err((Code::DuplicateAttribute, base + name_at));
        }
        attrs.push(RawAttr {
            name: attr_name.to_owned(),
            name_at: base + name_at,
            value: value.to_owned(),
            value_at: base + value_at,
        });
        i = value_at + close + 1;
    }
    Ok(RawStart { name, attrs })
}

/// `tag` is a whole end tag (`</a >`) at `at`: its name.
pub fn end_tag(tag: &str, at: usize) -> Result<String, Fail> {
    let body = tag.strip_prefix("</").unwrap_or(tag);
    let body = body.strip_suffix('>').unwrap_or(body);
    let base = at + 2;
    let n = name_len(body);
    if n == 0 {
        return Err((Code::InvalidToken, base));
    }
    let rest = skip_space(body, n);
    if rest < body.len() {
        return Err((Code::InvalidToken, base + rest));
    }
    Ok(body[..n].to_owned())
}

/// `<?target data?>` at `at`: target and data.
pub fn pi(tag: &str, at: usize) -> Result<(String, String), Fail> {
    let body = tag.strip_prefix("<?").unwrap_or(tag);
    let body = body.strip_suffix("?>").unwrap_or(body);
    let base = at + 2;
    let n = name_len(body);
    if n == 0 {
        return Err((Code::InvalidToken, base));
    }
    let target = &body[..n];
    if target.eq_ignore_ascii_case("xml") {
        return Err((Code::InvalidToken, base + n));
    }
    if n < body.len() && !body[n..].starts_with(is_space) {
        return Err((Code::InvalidToken, base + n));
    }
    let data_at = skip_space(body, n);
    check_chars(&body[data_at..], base + data_at)?;
    Ok((target.to_owned(), body[data_at..].to_owned()))
}

/// `<!--text-->` at `at`: the text. `--` may not occur in it.
pub fn comment(tag: &str, at: usize) -> Result<String, Fail> {
    let body = tag.strip_prefix("<!--").unwrap_or(tag);
    let body = body.strip_suffix("-->").unwrap_or(body);
    let base = at + 4;
    let with_close = format!("{body}--");
    if let Some(p) = with_close.find("--") {
        if p != body.len() {
            return Err((Code::InvalidToken, base + p + 2));
        }
    }
    check_chars(body, base)?;
    Ok(body.to_owned())
}

/// The XML declaration's fields.
pub struct XmlDecl {
    pub version: String,
    pub encoding: Option<String>,
    pub standalone: i32,
}

/// `<?xml version="1.0" encoding="..." standalone="..."?>` at `at`.
pub fn xml_decl(tag: &str, at: usize) -> Result<XmlDecl, Fail> {
    let body = tag.strip_prefix("<?").unwrap_or(tag);
    let body = body.strip_suffix("?>").unwrap_or(body);
    let base = at + 2;
    let bad = |i: usize| Err((Code::XmlDecl, base + i));
    let mut decl = XmlDecl { version: String::new(), encoding: None, standalone: -1 };
    let mut i = 3;
    // Which pseudo-attribute may come next: version, then encoding, then standalone.
    let mut stage = 0;
    loop {
        let start = skip_space(body, i);
        if start == body.len() {
            if stage == 0 {
                return bad(start);
            }
            break;
        }
        if start == i {
            return bad(i);
        }
        let n = name_len(&body[start..]);
        let name = &body[start..start + n];
        let next = match (name, stage) {
            ("version", 0) => 1,
            ("encoding", 1) => 2,
            ("standalone", 1 | 2) => 3,
            _ => return bad(start),
        };
        let mut j = skip_space(body, start + n);
        if !body[j..].starts_with('=') {
            return bad(j);
        }
        j = skip_space(body, j + 1);
        let quote = match body[j..].chars().next() {
            Some(q @ ('"' | '\'')) => q,
            _ => return bad(j),
        };
        let vstart = j + 1;
        let Some(len) = body[vstart..].find(quote) else { return bad(vstart) };
        let value = &body[vstart..vstart + len];
        match next {
            1 => {
                let ok = |c: char| c.is_ascii_alphanumeric() || "_.:-".contains(c);
                if let Some(k) = value.find(|c: char| !ok(c)) {
                    return bad(vstart + k);
                }
                if value.is_empty() {
                    return bad(vstart);
                }
                decl.version = value.to_owned();
            }
            2 => {
                let ok = |(k, c): (usize, char)| {
                    if k == 0 {
                        c.is_ascii_alphabetic()
                    } else {
                        c.is_ascii_alphanumeric() || "._-".contains(c)
                    }
                };
                if let Some((k, _)) = value.char_indices().find(|&p| !ok(p)) {
                    return bad(vstart + k);
                }
                if value.is_empty() {
                    return bad(vstart);
                }
                decl.encoding = Some(value.to_owned());
            }
            _ => {
                decl.standalone = match value {
                    "yes" => 1,
                    "no" => 0,
                    _ => return bad(vstart),
                };
            }
        }
        stage = next;
        i = vstart + len + 1;
    }
    Ok(decl)
}

/// Where expat stops in a run of text outside the root element: the end
/// of a leading name (the text was taken for a token), else its start.
pub fn stray_text(s: &str, at: usize) -> Fail {
    let first = skip_space(s, 0);
    let rest = &s[first..];
    let n = rest.char_indices().find(|&(_, c)| !is_name_char(c)).map_or(rest.len(), |(i, _)| i);
    if n == 0 {
        return (Code::InvalidToken, at + first);
    }
    match rest[n..].chars().next() {
        Some(c) if is_space(c) => (Code::Syntax, at + first),
        _ => (Code::InvalidToken, at + first + n),
    }
}
