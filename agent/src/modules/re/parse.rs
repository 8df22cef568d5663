//! Python's regular expression syntax, parsed as CPython 3.11's
//! `re._parser` parses it (same errors, same positions) and written out in
//! fancy-regex's syntax: groups are numbered only (names stay here),
//! `\w`, `\s`, `\d` and `$` are spelled as Python means them, `\Z` is `\z`,
//! verbose mode and comments are removed, flags other than `i`, `s` are
//! applied here.

use super::flags::*;

/// A pattern in fancy-regex syntax and what Python knows about it.
#[derive(Debug, Clone)]
pub struct Translated {
    pub regex: String,
    /// Capturing groups (`Pattern.groups`).
    pub groups: usize,
    /// `Pattern.groupindex`, in order of definition.
    pub names: Vec<(String, usize)>,
    /// For each group (index 0 unused), the order of its closing
    /// parenthesis: the group that closes last wins `lastindex` ties.
    pub close_rank: Vec<usize>,
    /// The flags after inline global flags and `fix_flags`.
    pub flags: i64,
}

/// `re.error(msg, pattern, pos)`; `pos` in code points of the pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    Re { msg: String, pos: Option<usize> },
    Value(String),
    Overflow(String),
}

type PResult<T> = Result<T, ParseError>;

const SPECIAL: &str = ".\\[{()*+?^$|";
const WHITESPACE: &str = " \t\n\r\u{b}\u{c}";

/// `re._parser.Tokenizer`: one character, or a backslash and the next.
struct Tokenizer {
    chars: Vec<char>,
    index: usize,
    next: Option<(char, Option<char>)>,
    is_bytes: bool,
}

impl Tokenizer {
    fn new(chars: Vec<char>, is_bytes: bool) -> PResult<Tokenizer> {
        let mut t = Tokenizer { chars, index: 0, next: None, is_bytes };
        t.advance()?;
        Ok(t)
    }

    fn advance(&mut self) -> PResult<()> {
        let Some(&c) = self.chars.get(self.index) else {
            self.next = None;
            return Ok(());
        };
        if c == '\\' {
            let Some(&d) = self.chars.get(self.index + 1) else {
                return Err(ParseError::Re {
                    msg: "bad escape (end of pattern)".into(),
                    pos: Some(self.chars.len() - 1),
                });
            };
            self.index += 2;
            self.next = Some((c, Some(d)));
        } else {
            self.index += 1;
            self.next = Some((c, None));
        }
        Ok(())
    }

    fn next_len(&self) -> usize {
        match self.next {
            None => 0,
            Some((_, None)) => 1,
            Some((_, Some(_))) => 2,
        }
    }

    fn tell(&self) -> usize {
        self.index - self.next_len()
    }

    fn seek(&mut self, index: usize) -> PResult<()> {
        self.index = index;
        self.advance()
    }

    /// The next token if it is the plain character `c`.
    fn peek_is(&self, c: char) -> bool {
        self.next == Some((c, None))
    }

    fn peek_char(&self) -> Option<char> {
        match self.next {
            Some((c, None)) => Some(c),
            _ => None,
        }
    }

    fn matches(&mut self, c: char) -> PResult<bool> {
        if self.peek_is(c) {
            self.advance()?;
            return Ok(true);
        }
        Ok(false)
    }

    fn get(&mut self) -> PResult<Option<(char, Option<char>)>> {
        let this = self.next;
        self.advance()?;
        Ok(this)
    }

    fn getwhile(&mut self, n: usize, set: impl Fn(char) -> bool) -> PResult<String> {
        let mut out = String::new();
        for _ in 0..n {
            match self.peek_char() {
                Some(c) if set(c) => {
                    out.push(c);
                    self.advance()?;
                }
                _ => break,
            }
        }
        Ok(out)
    }

    fn getuntil(&mut self, terminator: char, name: &str) -> PResult<String> {
        let mut out = String::new();
        loop {
            let c = self.next;
            self.advance()?;
            match c {
                None if out.is_empty() => return Err(self.error(format!("missing {name}"), 0)),
                None => return Err(self.error(format!("missing {terminator}, unterminated name"), out.chars().count())),
                Some((c, None)) if c == terminator => {
                    if out.is_empty() {
                        return Err(self.error(format!("missing {name}"), 1));
                    }
                    return Ok(out);
                }
                Some((c, d)) => {
                    out.push(c);
                    out.extend(d);
                }
            }
        }
    }

    fn error(&self, msg: impl Into<String>, offset: usize) -> ParseError {
        let mut msg = msg.into();
        if self.is_bytes {
            msg = msg.chars().flat_map(|c| if c.is_ascii() { vec![c] } else { backslashed(c) }).collect();
        }
        ParseError::Re { msg, pos: Some(self.tell().saturating_sub(offset)) }
    }

    fn check_group_name(&self, name: &str, offset: usize) -> PResult<()> {
        if !is_identifier(name) {
            return Err(
                self.error(format!("bad character in group name {}", py_repr(name)), name.chars().count() + offset)
            );
        }
        Ok(())
    }
}

/// `ascii`-style escapes for messages about bytes patterns.
fn backslashed(c: char) -> Vec<char> {
    let u = c as u32;
    let text = if u <= 0xff { format!("\\x{u:02x}") } else { format!("\\u{u:04x}") };
    text.chars().collect()
}

/// `str.isidentifier` (letters, digits and `_`, not starting with a digit).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric())
}

/// Python's `repr` of a str, for messages.
pub fn py_repr(s: &str) -> String {
    rpyc_protocol::value::str_repr(s)
}

/// What the last item of a sequence was, for quantifier errors.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Nothing,
    /// An anchor (`^`, `$`, `\b`, `\A`, `\Z`): nothing to repeat.
    At,
    Repeat,
    Item,
}

/// An item of a character set.
enum SetItem {
    Char(u32),
    /// A category escape (`\d`, `\W`, ...): its class text.
    Category(String),
}

struct Parser {
    src: Tokenizer,
    /// Flags in force: global ones and those of enclosing scoped groups.
    flags: i64,
    groups: usize,
    open: Vec<usize>,
    names: Vec<(String, usize)>,
    close_rank: Vec<usize>,
    closed: usize,
    /// First group of the lookbehind being parsed (backreferences into it
    /// are refused, as in CPython).
    lookbehind_groups: Option<usize>,
    group_refs: Vec<(usize, usize)>,
    out: String,
}

/// Whether ASCII case folding is done by the parser (see
/// [`Parser::fold_ascii`]).
pub fn fold_ascii(flags: i64, is_bytes: bool) -> bool {
    !is_bytes && flags & ASCII != 0 && flags & IGNORECASE != 0
}

/// A literal character in fancy-regex syntax.
fn literal(c: u32, is_bytes: bool) -> String {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() => ch.to_string(),
        Some(ch) if !is_bytes && !ch.is_ascii() && !ch.is_whitespace() && !ch.is_control() => ch.to_string(),
        _ => format!("\\x{{{c:x}}}"),
    }
}

impl Parser {
    fn is_bytes(&self) -> bool {
        self.src.is_bytes
    }

    /// Case-insensitive matching of ASCII letters only (`re.ASCII` with
    /// `re.IGNORECASE` on a str pattern): done here, since the engine's
    /// `(?i)` would fold `é` with `É` and `k` with the Kelvin sign.
    fn fold_ascii(&self) -> bool {
        fold_ascii(self.flags, self.is_bytes())
    }

    /// A literal, folded by hand when [`Parser::fold_ascii`].
    fn lit(&self, c: u32) -> String {
        match char::from_u32(c) {
            Some(ch) if self.fold_ascii() && ch.is_ascii_alphabetic() => {
                format!("[{}{}]", ch.to_ascii_lowercase(), ch.to_ascii_uppercase())
            }
            _ => literal(c, self.is_bytes()),
        }
    }

    fn ascii(&self) -> bool {
        self.is_bytes() || self.flags & ASCII != 0 || self.flags & LOCALE != 0
    }

    /// The class body (without brackets) of a category escape.
    fn category(&self, c: char) -> Option<(String, bool)> {
        let ascii = self.ascii();
        let body = match c.to_ascii_lowercase() {
            'd' if ascii => "0-9",
            'd' => "\\d",
            'w' if ascii => "a-zA-Z0-9_",
            'w' => "\\p{L}\\p{N}_",
            's' if ascii => "\\t\\n\\x{b}\\x{c}\\r\\x{20}",
            's' => "\\s\\x{1c}-\\x{1f}",
            _ => return None,
        };
        Some((body.to_owned(), c.is_ascii_uppercase()))
    }

    fn category_class(&self, c: char) -> Option<String> {
        let (body, negated) = self.category(c)?;
        Some(format!("[{}{body}]", if negated { "^" } else { "" }))
    }

    /// `\b` or `\B`: fancy-regex's Unicode word boundary, or one of ASCII
    /// word characters spelled with look-around.
    fn boundary(&self, negated: bool) -> String {
        if !self.ascii() {
            return if negated { "\\B".into() } else { "\\b".into() };
        }
        let w = "[a-zA-Z0-9_]";
        if negated {
            format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
        } else {
            format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))")
        }
    }

    fn hex_escape(&mut self, kind: char, digits: usize, text: &mut String) -> PResult<u32> {
        let got = self.src.getwhile(digits, |c| c.is_ascii_hexdigit())?;
        text.push_str(&got);
        if got.len() != digits {
            return Err(self.src.error(format!("incomplete escape {text}"), text.chars().count()));
        }
        let value = u32::from_str_radix(&got, 16).unwrap_or(0);
        if kind == 'U' && char::from_u32(value).is_none() && value > 0x10ffff {
            return Err(self.src.error(format!("bad escape {text}"), text.chars().count()));
        }
        Ok(value)
    }

    /// Escapes both inside and outside sets: the literal character, if the
    /// escape is one; `Ok(None)` when it is something else.
    fn literal_escape(&mut self, c: char, in_class: bool) -> PResult<Option<u32>> {
        let mut text = format!("\\{c}");
        Ok(Some(match c {
            'a' => 7,
            'b' if in_class => 8,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            't' => 9,
            'v' => 11,
            '\\' => '\\' as u32,
            'x' => self.hex_escape('x', 2, &mut text)?,
            'u' if !self.is_bytes() => self.hex_escape('u', 4, &mut text)?,
            'U' if !self.is_bytes() => self.hex_escape('U', 8, &mut text)?,
            'N' if !self.is_bytes() => {
                if !self.src.matches('{')? {
                    return Err(self.src.error("missing {", 0));
                }
                let name = self.src.getuntil('}', "character name")?;
                return Err(self.src.error(
                    format!("undefined character name {} (rpyc-agent has no Unicode name table)", py_repr(&name)),
                    name.chars().count() + 4,
                ));
            }
            _ => return Ok(None),
        }))
    }

    fn octal(&mut self, first: char, in_class: bool) -> PResult<u32> {
        let mut text = format!("\\{first}");
        text.push_str(&self.src.getwhile(2, |c| ('0'..='7').contains(&c))?);
        let value = u32::from_str_radix(&text[1..], 8).unwrap_or(0);
        if value > 0o377 && (in_class || first != '0') {
            return Err(self
                .src
                .error(format!("octal escape value {text} outside of range 0-0o377"), text.chars().count()));
        }
        Ok(value)
    }

    fn bad_escape(&self, c: char) -> ParseError {
        self.src.error(format!("bad escape \\{c}"), 2)
    }

    /// `_class_escape`.
    fn class_escape(&mut self, c: char) -> PResult<SetItem> {
        if let Some(v) = self.literal_escape(c, true)? {
            return Ok(SetItem::Char(v));
        }
        if matches!(c, 'd' | 'D' | 'w' | 'W' | 's' | 'S') {
            let class = self.category_class(c).unwrap_or_default();
            return Ok(SetItem::Category(class));
        }
        if ('0'..='7').contains(&c) {
            return self.octal(c, true).map(SetItem::Char);
        }
        if c.is_ascii_alphanumeric() {
            return Err(self.bad_escape(c));
        }
        Ok(SetItem::Char(c as u32))
    }

    /// `_escape` outside sets: the emitted text and what kind of item.
    fn escape(&mut self, c: char) -> PResult<(String, Last)> {
        let at = |s: &str| Ok((s.to_owned(), Last::At));
        match c {
            'A' => return at("\\A"),
            'Z' => return at("\\z"),
            'b' => return Ok((self.boundary(false), Last::At)),
            'B' => return Ok((self.boundary(true), Last::At)),
            'd' | 'D' | 'w' | 'W' | 's' | 'S' => return Ok((self.category_class(c).unwrap_or_default(), Last::Item)),
            _ => {}
        }
        if let Some(v) = self.literal_escape(c, false)? {
            return Ok((self.lit(v), Last::Item));
        }
        if c == '0' {
            let v = self.octal('0', false)?;
            return Ok((self.lit(v), Last::Item));
        }
        if c.is_ascii_digit() {
            let mut text = format!("\\{c}");
            if let Some(d) = self.src.peek_char().filter(char::is_ascii_digit) {
                self.src.advance()?;
                text.push(d);
                let octal = |x: char| ('0'..='7').contains(&x);
                if octal(c) && octal(d) && self.src.peek_char().is_some_and(octal) {
                    let e = self.src.peek_char().unwrap_or('0');
                    self.src.advance()?;
                    text.push(e);
                    let value = u32::from_str_radix(&text[1..], 8).unwrap_or(0);
                    if value > 0o377 {
                        return Err(self
                            .src
                            .error(format!("octal escape value {text} outside of range 0-0o377"), text.len()));
                    }
                    return Ok((self.lit(value), Last::Item));
                }
            }
            let group: usize = text[1..].parse().unwrap_or(usize::MAX);
            if group <= self.groups {
                if self.open.contains(&group) {
                    return Err(self.src.error("cannot refer to an open group", text.len()));
                }
                self.check_lookbehind_group(group)?;
                return Ok((format!("(?:\\{group})"), Last::Item));
            }
            return Err(self.src.error(format!("invalid group reference {group}"), text.len() - 1));
        }
        if c.is_ascii_alphabetic() {
            return Err(self.bad_escape(c));
        }
        Ok((self.lit(c as u32), Last::Item))
    }

    fn check_lookbehind_group(&self, group: usize) -> PResult<()> {
        if let Some(first) = self.lookbehind_groups {
            if self.open.contains(&group) {
                return Err(self.src.error("cannot refer to an open group", 0));
            }
            if group >= first {
                return Err(self.src.error("cannot refer to group defined in the same lookbehind subpattern", 0));
            }
        }
        Ok(())
    }
}

mod grammar;

/// Parses a pattern (its characters; a bytes pattern as latin-1) with the
/// flags given to `compile`.
pub fn translate(pattern: Vec<char>, is_bytes: bool, flags: i64) -> PResult<Translated> {
    let src = Tokenizer::new(pattern, is_bytes)?;
    let mut p = Parser {
        src,
        flags,
        groups: 0,
        open: Vec::new(),
        names: Vec::new(),
        close_rank: vec![0],
        closed: 0,
        lookbehind_groups: None,
        group_refs: Vec::new(),
        out: String::new(),
    };
    let verbose = flags & VERBOSE != 0;
    p.parse_sub(verbose, 0)?;
    let flags = fix_flags(p.flags, is_bytes)?;
    if p.src.next.is_some() {
        return Err(p.src.error("unbalanced parenthesis", 0));
    }
    if let Some(&(group, pos)) = p.group_refs.iter().find(|(g, _)| *g > p.groups) {
        return Err(ParseError::Re { msg: format!("invalid group reference {group}"), pos: Some(pos) });
    }
    let mut prefix = String::new();
    if flags & IGNORECASE != 0 && !fold_ascii(flags, is_bytes) {
        prefix.push_str("(?i)");
    }
    if flags & DOTALL != 0 {
        prefix.push_str("(?s)");
    }
    Ok(Translated { regex: prefix + &p.out, groups: p.groups, names: p.names, close_rank: p.close_rank, flags })
}

/// `re._parser.fix_flags`.
pub fn fix_flags(mut flags: i64, is_bytes: bool) -> PResult<i64> {
    if !is_bytes {
        if flags & LOCALE != 0 {
            return Err(ParseError::Value("cannot use LOCALE flag with a str pattern".into()));
        }
        if flags & ASCII == 0 {
            flags |= UNICODE;
        } else if flags & UNICODE != 0 {
            return Err(ParseError::Value("ASCII and UNICODE flags are incompatible".into()));
        }
    } else {
        if flags & UNICODE != 0 {
            return Err(ParseError::Value("cannot use UNICODE flag with a bytes pattern".into()));
        }
        if flags & LOCALE != 0 && flags & ASCII != 0 {
            return Err(ParseError::Value("ASCII and LOCALE flags are incompatible".into()));
        }
    }
    Ok(flags)
}
