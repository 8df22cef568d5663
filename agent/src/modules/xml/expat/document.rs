//! The document as expat walks it: prolog, one root element, epilog;
//! quick-xml finds where each piece of markup and text starts and ends,
//! [`markup`](super::markup) checks it, and this module keeps the state
//! (open elements, namespaces, entities) and reports events.

use std::collections::HashMap;

use quick_xml::errors::{Error as LexError, IllFormedError, SyntaxError};
use quick_xml::events::Event as Lexed;
use quick_xml::reader::Reader;

use super::chars::{is_space, line_col, name_len, normalize_newlines};
use super::dtd::{self, EntityDecl};
use super::error::{Code, XmlError};
use super::markup::{self, check_chars, Fail};
use super::names::Scopes;
use super::{Event, Parsed};

/// Expat 2.5's amplification guard: past 8 MiB of output, at most 100
/// times the document's own size.
const AMPLIFICATION_THRESHOLD: usize = 8 << 20;
const AMPLIFICATION_FACTOR: usize = 100;

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Prolog,
    Content,
    Epilog,
}

struct Open {
    qname: String,
    name: super::Name,
    ns_count: usize,
}

struct Doc {
    out: Vec<Event>,
    pending: String,
    stack: Vec<Open>,
    scopes: Scopes,
    state: State,
    seen_doctype: bool,
    entities: HashMap<String, EntityDecl>,
    /// An external subset or parameter entity references: an undeclared
    /// entity may be declared where the parser cannot see it.
    lenient: bool,
    /// Entities being expanded, with the element depth each started at.
    expanding: Vec<(String, usize)>,
    /// Where the outermost entity reference being expanded is.
    ref_at: usize,
    direct: usize,
    indirect: usize,
}

/// Parses `text` (the document without a byte order mark).
pub fn parse_text(text: &str) -> Parsed {
    let mut doc = Doc {
        out: Vec::new(),
        pending: String::new(),
        stack: Vec::new(),
        scopes: Scopes::default(),
        state: State::Prolog,
        seen_doctype: false,
        entities: HashMap::new(),
        lenient: false,
        expanding: Vec::new(),
        ref_at: 0,
        direct: text.len().max(1),
        indirect: 0,
    };
    let result = doc.run(text);
    let error = result.err().map(|(code, at)| {
        let (line, column) = line_col(text, at);
        XmlError { code, line, column }
    });
    doc.flush();
    let mut events = doc.out;
    for e in &mut events {
        if let Event::SkippedEntity { line, column, .. } = e {
            (*line, *column) = line_col(text, *column);
        }
    }
    Parsed { events, error }
}

/// A character reference's character: `digits` is what follows `&#`
/// (without the `;`), the reference starting at `amp_at`.
pub fn char_ref(digits: &str, amp_at: usize) -> Result<char, Fail> {
    let (radix, body, skip) = match digits.strip_prefix('x') {
        Some(hex) => (16, hex, 3),
        None => (10, digits, 2),
    };
    if let Some((i, _)) = body.char_indices().find(|&(_, c)| !c.is_digit(radix)) {
        return Err((Code::InvalidToken, amp_at + skip + i));
    }
    if body.is_empty() {
        return Err((Code::InvalidToken, amp_at + skip));
    }
    u32::from_str_radix(body, radix)
        .ok()
        .and_then(char::from_u32)
        .filter(|&c| super::chars::is_xml_char(c))
        .ok_or((Code::BadCharRef, amp_at))
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => return None,
    })
}

/// Where a dangling `&` in text stops expat: after the `&` when no name
/// follows, else where the `;` should be.
fn dangling_amp(s: &str, amp: usize, at: usize) -> Fail {
    let after = &s[amp + 1..];
    if let Some(num) = after.strip_prefix('#') {
        let end = num.find(|c: char| !(c.is_ascii_alphanumeric())).unwrap_or(num.len());
        return match char_ref(&num[..end], at + amp) {
            Err(f) => f,
            Ok(_) => (Code::InvalidToken, at + amp + 2 + end),
        };
    }
    (Code::InvalidToken, at + amp + 1 + name_len(after))
}

impl Doc {
    fn in_entity(&self) -> bool {
        !self.expanding.is_empty()
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.out.push(Event::Text(std::mem::take(&mut self.pending)));
        }
    }

    /// Lexes `src`: the document, or an entity's replacement text (whose
    /// errors point at the reference).
    fn run(&mut self, src: &str) -> Result<(), Fail> {
        let mut reader = Reader::from_str(src);
        let cfg = reader.config_mut();
        cfg.check_end_names = false;
        cfg.allow_unmatched_ends = true;
        cfg.allow_dangling_amp = true;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
        loop {
            let start = reader.buffer_position() as usize;
            let ev = reader.read_event();
            let end = (reader.buffer_position() as usize).min(src.len());
            let result = match ev {
                Ok(Lexed::Eof) => return self.end_of(src),
                Ok(ev) => self.event(&ev, src, start, end),
                Err(e) => Err(self.lex_error(&e, src, reader.error_position() as usize)),
            };
            if let Err((code, at)) = result {
                return Err((code, if self.in_entity() { self.ref_at } else { at }));
            }
        }
    }

    fn end_of(&mut self, src: &str) -> Result<(), Fail> {
        if let Some((_, depth)) = self.expanding.last() {
            if self.stack.len() != *depth {
                return Err((Code::AsyncEntity, self.ref_at));
            }
            return Ok(());
        }
        if self.state != State::Epilog {
            return Err((Code::NoElements, src.len()));
        }
        Ok(())
    }

    fn lex_error(&self, e: &LexError, src: &str, at: usize) -> Fail {
        match e {
            LexError::Syntax(SyntaxError::UnclosedCData) => (Code::UnclosedCdataSection, src.len()),
            LexError::Syntax(SyntaxError::UnclosedDoctype) => (Code::NoElements, src.len()),
            LexError::Syntax(SyntaxError::InvalidBangMarkup) => {
                let after = (at + 2).min(src.len());
                match self.state {
                    State::Content => (Code::InvalidToken, after),
                    _ if after == src.len() => (Code::UnclosedToken, at),
                    _ => (Code::InvalidToken, after + name_len(&src[after..])),
                }
            }
            LexError::Syntax(_) => (Code::UnclosedToken, at),
            LexError::IllFormed(IllFormedError::MissingDoctypeName) => {
                let at = src[..(at + 1).min(src.len())].rfind('<').unwrap_or(0);
                let tag_end = src[at..].find('>').map_or(src.len(), |i| at + i + 1);
                match dtd::doctype(&src[at..tag_end], at) {
                    Err(f) => f,
                    Ok(_) => (Code::InvalidToken, at),
                }
            }
            _ => (Code::InvalidToken, at),
        }
    }

    fn event(&mut self, ev: &Lexed<'_>, src: &str, start: usize, end: usize) -> Result<(), Fail> {
        let raw = &src[start..end];
        match ev {
            Lexed::Text(_) => self.text(raw, start),
            Lexed::GeneralRef(_) => self.reference(raw, start),
            Lexed::Start(_) => self.start_tag(raw, start, false),
            Lexed::Empty(_) => self.start_tag(raw, start, true),
            Lexed::End(_) => self.end_tag(raw, start),
            Lexed::CData(_) => self.cdata(raw, start),
            Lexed::Comment(_) => {
                let text = markup::comment(raw, start)?;
                self.flush();
                self.out.push(Event::Comment(normalize_newlines(&text).into_owned()));
                Ok(())
            }
            Lexed::PI(_) => {
                let (target, data) = markup::pi(raw, start)?;
                self.flush();
                self.out.push(Event::Pi { target, data: normalize_newlines(&data).into_owned() });
                Ok(())
            }
            Lexed::Decl(_) => self.xml_decl(raw, start),
            Lexed::DocType(_) => self.doctype(raw, start),
            Lexed::Eof => Ok(()),
        }
    }

    fn text(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        check_chars(raw, at)?;
        match self.state {
            State::Content => {
                if let Some(amp) = raw.find('&') {
                    return Err(dangling_amp(raw, amp, at));
                }
                if let Some(k) = raw.find("]]>") {
                    return Err((Code::InvalidToken, at + k + 2));
                }
                self.pending.push_str(&normalize_newlines(raw));
                Ok(())
            }
            _ if raw.chars().all(is_space) => Ok(()),
            State::Prolog => Err(markup::stray_text(raw, at)),
            State::Epilog => {
                let first = raw.find(|c: char| !is_space(c)).unwrap_or(0);
                Err((Code::JunkAfterDocElement, at + first))
            }
        }
    }

    fn reference(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        if self.state != State::Content {
            return Err((Code::InvalidToken, at));
        }
        let name = raw.strip_prefix('&').unwrap_or(raw);
        let name = name.strip_suffix(';').unwrap_or(name);
        if let Some(digits) = name.strip_prefix('#') {
            let c = char_ref(digits, at)?;
            self.pending.push(c);
            return Ok(());
        }
        let n = name_len(name);
        if n == 0 || n < name.len() {
            return Err((Code::InvalidToken, at + 1 + n));
        }
        if let Some(c) = predefined(name) {
            self.pending.push(c);
            return Ok(());
        }
        let Some(decl) = self.entities.get(name).cloned() else {
            if self.lenient {
                return self.skipped(name, at);
            }
            return Err((Code::UndefinedEntity, at));
        };
        if decl.notation.is_some() {
            return Err((Code::BinaryEntityRef, at));
        }
        let Some(value) = decl.value else { return self.skipped(name, at) };
        self.expand(name, &value, at, |doc, text| doc.run(text))
    }

    /// Runs `f` over an internal entity's text, guarding recursion and
    /// amplification.
    fn expand<T>(
        &mut self,
        name: &str,
        value: &str,
        at: usize,
        f: impl FnOnce(&mut Doc, &str) -> Result<T, Fail>,
    ) -> Result<T, Fail> {
        if !self.in_entity() {
            self.ref_at = at;
        }
        if self.expanding.iter().any(|(n, _)| n == name) {
            return Err((Code::RecursiveEntityRef, self.ref_at));
        }
        self.indirect += value.len();
        let total = self.direct + self.indirect;
        if total >= AMPLIFICATION_THRESHOLD && total / self.direct > AMPLIFICATION_FACTOR {
            return Err((Code::AmplificationLimitBreach, self.ref_at));
        }
        self.expanding.push((name.to_owned(), self.stack.len()));
        let result = f(self, value);
        self.expanding.pop();
        result
    }

    fn skipped(&mut self, name: &str, at: usize) -> Result<(), Fail> {
        self.flush();
        let doc_at = if self.in_entity() { self.ref_at } else { at };
        // The offset becomes a line and column once the parse is done.
        self.out.push(Event::SkippedEntity { name: name.to_owned(), line: 0, column: doc_at });
        Ok(())
    }

    /// An attribute value: references replaced, white space made spaces.
    fn attr_value(&mut self, raw: &str, at: usize, tag_at: usize) -> Result<String, Fail> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        let mut pos = at;
        while let Some(k) = rest.find('&') {
            push_normalized(&mut out, &rest[..k]);
            let tail = &rest[k..];
            let Some(semi) = tail.find(';') else { return Err(dangling_amp(rest, k, pos)) };
            let name = &tail[1..semi];
            if let Some(digits) = name.strip_prefix('#') {
                out.push(char_ref(digits, pos + k)?);
            } else {
                let n = name_len(name);
                if n == 0 || n < name.len() {
                    return Err((Code::InvalidToken, pos + k + 1 + n));
                }
                if let Some(c) = predefined(name) {
                    out.push(c);
                } else {
                    match self.entities.get(name).cloned() {
                        None if self.lenient => {}
                        None => return Err((Code::UndefinedEntity, tag_at)),
                        Some(EntityDecl { value: Some(v), .. }) => {
                            if v.contains('<') {
                                return Err((Code::InvalidToken, tag_at));
                            }
                            let text = self.expand(name, &v, tag_at, |doc, text| doc.attr_value(text, 0, tag_at))?;
                            out.push_str(&text);
                        }
                        Some(_) => return Err((Code::AttributeExternalEntityRef, pos + k)),
                    }
                }
            }
            rest = &tail[semi + 1..];
            pos += k + semi + 1;
        }
        push_normalized(&mut out, rest);
        Ok(out)
    }

    fn start_tag(&mut self, raw: &str, at: usize, empty: bool) -> Result<(), Fail> {
        if self.state == State::Epilog {
            return Err((Code::JunkAfterDocElement, at));
        }
        let tag = markup::start_tag(raw, at)?;
        let mut attrs = Vec::with_capacity(tag.attrs.len());
        for a in tag.attrs {
            let value = self.attr_value(&a.value, a.value_at, at)?;
            attrs.push((a.name, a.name_at, value));
        }
        let resolved = self.scopes.start(&tag.name, at + 1, attrs, at)?;
        self.flush();
        let ns_count = resolved.decls.len();
        for (prefix, uri) in resolved.decls {
            self.out.push(Event::StartNs { prefix, uri });
        }
        self.out.push(Event::Start { name: resolved.name.clone(), attrs: resolved.attrs });
        self.state = State::Content;
        self.stack.push(Open { qname: tag.name, name: resolved.name, ns_count });
        if empty {
            self.close();
        }
        Ok(())
    }

    fn close(&mut self) {
        let Some(open) = self.stack.pop() else { return };
        self.flush();
        self.out.push(Event::End { name: open.name });
        for prefix in self.scopes.end(open.ns_count) {
            self.out.push(Event::EndNs { prefix });
        }
        if self.stack.is_empty() {
            self.state = State::Epilog;
        }
    }

    fn end_tag(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        if self.state != State::Content {
            return Err((Code::InvalidToken, at + 1));
        }
        let name = markup::end_tag(raw, at)?;
        if let Some((_, depth)) = self.expanding.last() {
            if self.stack.len() <= *depth {
                return Err((Code::AsyncEntity, self.ref_at));
            }
        }
        if self.stack.last().is_some_and(|o| o.qname != name) {
            return Err((Code::TagMismatch, at + 2));
        }
        self.close();
        Ok(())
    }

    fn cdata(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        match self.state {
            State::Prolog => return Err((Code::Syntax, at)),
            State::Epilog => return Err((Code::JunkAfterDocElement, at)),
            State::Content => {}
        }
        let Some(body) = raw.strip_prefix("<![CDATA[").and_then(|b| b.strip_suffix("]]>")) else {
            return Err((Code::InvalidToken, at + 2));
        };
        check_chars(body, at + 9)?;
        self.flush();
        self.out.push(Event::CData(normalize_newlines(body).into_owned()));
        Ok(())
    }

    fn xml_decl(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        if at != 0 || self.in_entity() {
            if self.state == State::Epilog {
                return Err((Code::JunkAfterDocElement, at));
            }
            return Err((Code::MisplacedXmlPi, at));
        }
        let decl = markup::xml_decl(raw, at)?;
        self.out.push(Event::XmlDecl { version: decl.version, encoding: decl.encoding, standalone: decl.standalone });
        Ok(())
    }

    fn doctype(&mut self, raw: &str, at: usize) -> Result<(), Fail> {
        match self.state {
            State::Content => return Err((Code::InvalidToken, at + 2)),
            State::Epilog => return Err((Code::JunkAfterDocElement, at)),
            State::Prolog if self.seen_doctype => return Err((Code::Syntax, at)),
            State::Prolog => {}
        }
        let dt = dtd::doctype(raw, at)?;
        self.seen_doctype = true;
        self.lenient = dt.system_id.is_some() || dt.has_param_refs;
        for e in dt.entities.iter().filter(|e| !e.parameter) {
            self.entities.entry(e.name.clone()).or_insert_with(|| e.clone());
        }
        self.out.push(Event::Doctype(Box::new(dt)));
        Ok(())
    }
}

/// Attribute value normalisation: each white space character (a `\r\n`
/// pair counting as one) becomes a space.
fn push_normalized(out: &mut String, s: &str) {
    let mut prev_cr = false;
    for c in s.chars() {
        match c {
            '\n' if prev_cr => {}
            '\t' | '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
        prev_cr = c == '\r';
    }
}
