//! A compiled pattern: the translated regex on fancy-regex (str patterns
//! in Unicode mode, bytes patterns in its ASCII bytes mode), searched as
//! CPython's SRE searches: `match` anchored at `pos`, `fullmatch` to the
//! end, `endpos` as the end of the subject, and after an empty match the
//! next search rejecting an empty match at the same place (SRE's
//! `must_advance`) but not a longer one there.

use std::sync::{Arc, OnceLock};

use fancy_regex::{BytesMode, CompileError, Error, Regex, RegexBuilder, RegexInput};

use super::parse::{self, ParseError, Translated};
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::value::Py;

/// How far the backtracking engine may go before giving up (CPython has
/// no limit; a pattern that needs more is effectively a hang there).
const BACKTRACK_LIMIT: usize = 50_000_000;

/// The subject of a search, cut at `endpos`.
#[derive(Clone, Copy)]
pub enum Hay<'a> {
    Str(&'a str),
    Bytes(&'a [u8]),
}

impl Hay<'_> {
    pub fn len(&self) -> usize {
        match self {
            Hay::Str(s) => s.len(),
            Hay::Bytes(b) => b.len(),
        }
    }

    /// The byte offset of the next character after `i`.
    pub fn next_char(&self, i: usize) -> usize {
        match self {
            Hay::Str(s) => s[i..].chars().next().map_or(i + 1, |c| i + c.len_utf8()),
            Hay::Bytes(_) => i + 1,
        }
    }
}

/// Group spans of one match, in byte offsets (group 0 first).
pub type Spans = Vec<Option<(usize, usize)>>;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Search,
    Match,
    Full,
}

pub struct Engine {
    /// The pattern as given (str or bytes).
    pub source: Py,
    pub is_bytes: bool,
    pub info: Translated,
    search: Regex,
    full: OnceLock<Result<Regex, String>>,
    /// The pattern refusing empty matches; `None` when it can match only
    /// empty strings.
    not_empty: OnceLock<Option<Regex>>,
}

/// `re.error` for what fancy-regex refuses that Python's parser accepted.
fn engine_error(e: &Error) -> ParseError {
    let msg = match e {
        Error::CompileError(c)
            if matches!(**c, CompileError::LookBehindNotConst | CompileError::VariableLookBehindRequiresFeature) =>
        {
            "look-behind requires fixed-width pattern".to_owned()
        }
        other => format!("{other} (rpyc-agent's regular expression engine)"),
    };
    ParseError::Re { msg, pos: None }
}

fn build(regex: &str, is_bytes: bool, not_empty: bool) -> Result<Regex, Error> {
    let mut b = RegexBuilder::new(regex);
    b.backtrack_limit(BACKTRACK_LIMIT);
    if is_bytes {
        b.bytes_mode(BytesMode::Ascii);
    }
    if not_empty {
        b.find_not_empty(true);
    }
    b.build()
}

fn spans_str(re: &Regex, input: RegexInput<'_, str>, groups: usize) -> Result<Option<Spans>, Error> {
    Ok(re.captures_input(input)?.map(|c| (0..=groups).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect()))
}

fn spans_bytes(re: &Regex, input: RegexInput<'_, [u8]>, groups: usize) -> Result<Option<Spans>, Error> {
    Ok(re.captures_input(input)?.map(|c| (0..=groups).map(|i| c.get(i).map(|m| (m.start(), m.end()))).collect()))
}

/// Only the whole match's span (cheaper when no group is wanted).
fn span_str(re: &Regex, input: RegexInput<'_, str>) -> Result<Option<Spans>, Error> {
    Ok(re.find_input(input)?.map(|m| vec![Some((m.start(), m.end()))]))
}

fn span_bytes(re: &Regex, input: RegexInput<'_, [u8]>) -> Result<Option<Spans>, Error> {
    Ok(re.find_input(input)?.map(|m| vec![Some((m.start(), m.end()))]))
}

fn runtime_error(e: Error) -> PyErr {
    exceptions::runtime_error(format!("regular expression too complex for rpyc-agent's engine: {e}"))
}

impl Engine {
    /// Compiles a pattern (its characters: a bytes pattern as latin-1).
    pub fn new(source: Py, chars: Vec<char>, is_bytes: bool, flags: i64) -> Result<Engine, ParseError> {
        let info = parse::translate(chars, is_bytes, flags)?;
        let search = build(&info.regex, is_bytes, false).map_err(|e| engine_error(&e))?;
        Ok(Engine { source, is_bytes, info, search, full: OnceLock::new(), not_empty: OnceLock::new() })
    }

    fn full(&self) -> PyResult<&Regex> {
        self.full
            .get_or_init(|| {
                build(&format!("(?:{})\\z", self.info.regex), self.is_bytes, false).map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| exceptions::runtime_error(e.clone()))
    }

    fn not_empty(&self) -> Option<&Regex> {
        self.not_empty.get_or_init(|| build(&self.info.regex, self.is_bytes, true).ok()).as_ref()
    }

    /// One search; with `groups` false only the whole match's span.
    fn run(&self, re: &Regex, hay: Hay<'_>, pos: usize, anchored: bool, groups: bool) -> PyResult<Option<Spans>> {
        let n = self.info.groups;
        let found = match (hay, groups) {
            (Hay::Str(s), true) => spans_str(re, RegexInput::new(s).from_pos(pos).anchored(anchored), n),
            (Hay::Str(s), false) => span_str(re, RegexInput::new(s).from_pos(pos).anchored(anchored)),
            (Hay::Bytes(b), true) => spans_bytes(re, RegexInput::new(b).from_pos(pos).anchored(anchored), n),
            (Hay::Bytes(b), false) => span_bytes(re, RegexInput::new(b).from_pos(pos).anchored(anchored)),
        };
        found.map_err(runtime_error)
    }

    /// `search`, `match` or `fullmatch` at `pos` of a subject cut at
    /// `endpos`.
    pub fn find(&self, hay: Hay<'_>, pos: usize, mode: Mode) -> PyResult<Option<Spans>> {
        self.find_with(hay, pos, mode, true)
    }

    fn find_with(&self, hay: Hay<'_>, pos: usize, mode: Mode, groups: bool) -> PyResult<Option<Spans>> {
        if pos > hay.len() {
            return Ok(None);
        }
        match mode {
            Mode::Search => self.run(&self.search, hay, pos, false, groups),
            Mode::Match => self.run(&self.search, hay, pos, true, groups),
            Mode::Full => self.run(self.full()?, hay, pos, true, groups),
        }
    }

    /// The next match of an iteration (`finditer`, `sub`, `split`): when
    /// the previous match was empty and ended at `pos`, an empty match
    /// there does not count.
    /// With `groups` false, only the whole match's span is found.
    pub fn find_next(&self, hay: Hay<'_>, pos: usize, must_advance: bool, groups: bool) -> PyResult<Option<Spans>> {
        let Some(found) = self.find_with(hay, pos, Mode::Search, groups)? else { return Ok(None) };
        let empty_here = found[0] == Some((pos, pos));
        if !(must_advance && empty_here) {
            return Ok(Some(found));
        }
        if let Some(re) = self.not_empty() {
            if let Some(longer) = self.run(re, hay, pos, true, groups)? {
                return Ok(Some(longer));
            }
        }
        if pos >= hay.len() {
            return Ok(None);
        }
        self.find_with(hay, hay.next_char(pos), Mode::Search, groups)
    }
}

/// A compiled pattern, shared by the Pattern object and its matches.
pub type EngineRef = Arc<Engine>;
