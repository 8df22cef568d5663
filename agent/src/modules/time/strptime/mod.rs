//! `time.strptime`: CPython 3.11's `_strptime` for the C locale (the
//! agent never changes `LC_TIME`). CPython builds a regular expression
//! from the format and matches it case-insensitively; here the same
//! pattern is matched by a small backtracking matcher that tries the
//! alternatives in the regular expression's order, so the same text
//! matches the same way (and fails with the same messages).

use std::collections::HashMap;

mod fields;

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;
use fields::Fields;
pub use fields::Parsed;

/// The C locale's names, as `LocaleTime` finds them (lower case).
pub(super) const A_WEEKDAY: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
pub(super) const F_WEEKDAY: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
pub(super) const A_MONTH: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
pub(super) const F_MONTH: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
pub(super) const AM_PM: [&str; 2] = ["am", "pm"];

/// `%c`, `%x`, `%X` in the C locale, as `LocaleTime` derives them.
fn expansion(directive: char) -> Option<&'static str> {
    match directive {
        'c' => Some("%a %b %d %H:%M:%S %Y"),
        'x' => Some("%m/%d/%y"),
        'X' => Some("%H:%M:%S"),
        _ => None,
    }
}

/// The regular expression of a numeric directive, as `TimeRE` has it.
fn numeric_regex(directive: char) -> Option<&'static str> {
    Some(match directive {
        'd' => r"(?P<d>3[0-1]|[1-2]\d|0[1-9]|[1-9]| [1-9])",
        'f' => r"(?P<f>[0-9]{1,6})",
        'H' => r"(?P<H>2[0-3]|[0-1]\d|\d)",
        'I' => r"(?P<I>1[0-2]|0[1-9]|[1-9])",
        'G' => r"(?P<G>\d\d\d\d)",
        'j' => r"(?P<j>36[0-6]|3[0-5]\d|[1-2]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9])",
        'm' => r"(?P<m>1[0-2]|0[1-9]|[1-9])",
        'M' => r"(?P<M>[0-5]\d|\d)",
        'S' => r"(?P<S>6[0-1]|[0-5]\d|\d)",
        'U' => r"(?P<U>5[0-3]|[0-4]\d|\d)",
        'W' => r"(?P<W>5[0-3]|[0-4]\d|\d)",
        'w' => r"(?P<w>[0-6])",
        'u' => r"(?P<u>[1-7])",
        'V' => r"(?P<V>5[0-3]|0[1-9]|[1-4]\d|\d)",
        'y' => r"(?P<y>\d\d)",
        'Y' => r"(?P<Y>\d\d\d\d)",
        'z' => r"(?P<z>[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z))",
        _ => return None,
    })
}

/// One element of a numeric alternative.
#[derive(Clone, Copy)]
enum Unit {
    Char(char),
    Range(char, char),
}

impl Unit {
    fn accepts(self, c: char) -> bool {
        match self {
            Unit::Char(x) => x == c,
            Unit::Range(a, b) => (a..=b).contains(&c),
        }
    }
}

/// The alternatives of a simple directive regex (`\d`, `[a-b]`, literal
/// characters, `{m,n}`), each a list of (unit, min, max).
fn alternatives(regex: &str) -> Vec<Vec<(Unit, usize, usize)>> {
    let body = &regex[regex.find('>').map_or(0, |i| i + 1)..regex.len() - 1];
    body.split('|')
        .map(|alt| {
            let chars: Vec<char> = alt.chars().collect();
            let mut out: Vec<(Unit, usize, usize)> = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                match chars[i] {
                    '\\' => {
                        out.push((Unit::Range('0', '9'), 1, 1));
                        i += 2;
                    }
                    '[' => {
                        out.push((Unit::Range(chars[i + 1], chars[i + 3]), 1, 1));
                        i += 5;
                    }
                    '{' => {
                        let end = i + chars[i..].iter().position(|c| *c == '}').unwrap_or(0);
                        let spec: String = chars[i + 1..end].iter().collect();
                        let (lo, hi) = spec.split_once(',').unwrap_or(("1", "1"));
                        if let Some(last) = out.last_mut() {
                            *last = (last.0, lo.parse().unwrap_or(1), hi.parse().unwrap_or(1));
                        }
                        i = end + 1;
                    }
                    c => {
                        out.push((Unit::Char(c), 1, 1));
                        i += 1;
                    }
                }
            }
            out
        })
        .collect()
}

/// A part of a compiled format.
#[derive(Clone)]
enum Token {
    /// A character, matched ignoring case.
    Literal(char),
    /// Whitespace in the format: `\s+`.
    Space,
    /// A directive: a named group.
    Directive(char),
}

/// Characters `TimeRE.pattern` escapes.
const REGEX_SPECIAL: &str = "\\.^$*+?(){}[]|";

struct Compiled {
    tokens: Vec<Token>,
    /// Length of the regular expression so far, and its capturing groups
    /// (name, number), for the errors `re` raises on a repeated directive.
    regex_len: usize,
    groups: Vec<(char, usize)>,
    group_count: usize,
    /// `%Z`'s names, longest first.
    zone_names: Vec<String>,
}

/// `_strptime`'s own error for a bad format.
fn bad_directive(directive: char, format: &str) -> PyErr {
    exceptions::value_error(format!("'{directive}' is a bad directive in format '{format}'"))
}

impl Compiled {
    /// Length of `(?P<x>name|name|...)`, names escaped as `re.escape` does.
    fn names_regex_len(&self, directive: char) -> usize {
        const ESCAPED: &str = "()[]{}?*+-|^$\\.&~# \t\n\r\u{b}\u{c}";
        let names = self.names(directive);
        let text: usize = names.iter().flat_map(|n| n.chars()).map(|c| if ESCAPED.contains(c) { 2 } else { 1 }).sum();
        "(?P<x>".len() + text + names.len() - 1 + ")".len()
    }

    fn names(&self, directive: char) -> Vec<&str> {
        let mut names: Vec<&str> = match directive {
            'a' => A_WEEKDAY.to_vec(),
            'A' => F_WEEKDAY.to_vec(),
            'b' => A_MONTH.to_vec(),
            'B' => F_MONTH.to_vec(),
            'p' => AM_PM.to_vec(),
            _ => self.zone_names.iter().map(String::as_str).collect(),
        };
        names.sort_by_key(|n| std::cmp::Reverse(n.chars().count()));
        names
    }

    /// Appends the directive's group, failing as `re` does when the format
    /// names a directive twice.
    fn directive(&mut self, d: char) -> PyResult<()> {
        let (len, groups) = match numeric_regex(d) {
            Some(r) => (r.chars().count(), if d == 'z' { 3 } else { 1 }),
            None => (self.names_regex_len(d), 1),
        };
        if groups > 0 {
            let number = self.group_count + 1;
            if let Some((_, was)) = self.groups.iter().find(|(name, _)| *name == d) {
                let position = self.regex_len + "(?P<".len();
                let msg = format!(
                    "redefinition of group name '{d}' as group {number}; was group {was} at position {position}"
                );
                return Err(PyErr::new(exceptions::class_for("re", "error"), vec![Py::str(msg)]));
            }
            self.groups.push((d, number));
            self.group_count += groups;
        }
        self.regex_len += len;
        self.tokens.push(Token::Directive(d));
        Ok(())
    }

    /// `TimeRE.pattern`: escapes, `\s+` for whitespace, directives.
    fn add(&mut self, format: &str, whole: &str) -> PyResult<()> {
        let chars: Vec<char> = format.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_space(c) {
                while i < chars.len() && is_space(chars[i]) {
                    i += 1;
                }
                self.tokens.push(Token::Space);
                self.regex_len += 3;
                continue;
            }
            i += 1;
            if c != '%' {
                self.tokens.push(Token::Literal(c));
                self.regex_len += if REGEX_SPECIAL.contains(c) { 2 } else { 1 };
                continue;
            }
            let Some(&d) = chars.get(i) else {
                return Err(exceptions::value_error(format!("stray % in format '{whole}'")));
            };
            i += 1;
            // After escaping, `%(` or `% ` reads as the directive `\`,
            // which `_strptime` reports as `%`.
            if is_space(d) || REGEX_SPECIAL.contains(d) {
                return Err(bad_directive('%', whole));
            }
            match d {
                '%' => {
                    self.tokens.push(Token::Literal('%'));
                    self.regex_len += 1;
                }
                'a' | 'A' | 'b' | 'B' | 'p' | 'Z' => self.directive(d)?,
                _ if numeric_regex(d).is_some() => self.directive(d)?,
                _ => match expansion(d) {
                    Some(sub) => self.add(sub, whole)?,
                    None => return Err(bad_directive(d, whole)),
                },
            }
        }
        Ok(())
    }
}

/// `\s` of Python's `re` for str patterns.
fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

fn same_ignoring_case(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// The backtracking matcher: the first way (in the regular expression's
/// order of preference) the tokens match a prefix of the text.
struct Matcher<'a> {
    cx: &'a Cx,
    compiled: &'a Compiled,
    text: &'a [char],
    captures: Vec<(char, usize, usize)>,
    steps: u64,
}

impl Matcher<'_> {
    /// Where a directive can end when it starts at `pos`, most preferred
    /// first.
    fn ends(&self, d: char, pos: usize) -> Vec<usize> {
        let rest = &self.text[pos..];
        let mut out = Vec::new();
        if d == 'z' {
            return zone_offset_ends(rest).into_iter().map(|n| pos + n).collect();
        }
        if let Some(regex) = numeric_regex(d) {
            for alt in alternatives(regex) {
                alternative_ends(&alt, rest, 0, &mut |n| out.push(pos + n));
            }
            return out;
        }
        for name in self.compiled.names(d) {
            let name: Vec<char> = name.chars().collect();
            if rest.len() >= name.len() && rest.iter().zip(&name).all(|(a, b)| same_ignoring_case(*a, *b)) {
                out.push(pos + name.len());
            }
        }
        out
    }

    fn run(&mut self, token: usize, pos: usize) -> PyResult<Option<usize>> {
        self.cx.check_stack("in strptime")?;
        self.steps += 1;
        if self.steps % 4096 == 0 {
            self.cx.check_interrupt()?;
        }
        let Some(t) = self.compiled.tokens.get(token) else { return Ok(Some(pos)) };
        match t {
            Token::Literal(c) => match self.text.get(pos) {
                Some(x) if same_ignoring_case(*x, *c) => self.run(token + 1, pos + 1),
                _ => Ok(None),
            },
            Token::Space => {
                let run = self.text[pos..].iter().take_while(|c| is_space(**c)).count();
                for n in (1..=run).rev() {
                    if let Some(end) = self.run(token + 1, pos + n)? {
                        return Ok(Some(end));
                    }
                }
                Ok(None)
            }
            Token::Directive(d) => {
                for end in self.ends(*d, pos) {
                    self.captures.push((*d, pos, end));
                    if let Some(done) = self.run(token + 1, end)? {
                        return Ok(Some(done));
                    }
                    self.captures.pop();
                }
                Ok(None)
            }
        }
    }
}

/// Calls `found` with every length the units can match, greedy first.
fn alternative_ends(units: &[(Unit, usize, usize)], text: &[char], used: usize, found: &mut dyn FnMut(usize)) {
    let Some(&(unit, min, max)) = units.first() else {
        found(used);
        return;
    };
    let here = &text[used.min(text.len())..];
    let available = here.iter().take(max).take_while(|c| unit.accepts(**c)).count();
    for n in (min..=available).rev() {
        alternative_ends(&units[1..], text, used + n, found);
    }
}

/// `[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)`: every length it
/// can match, in the order the regular expression prefers them (optional
/// parts present before absent, longer fractions before shorter).
fn zone_offset_ends(text: &[char]) -> Vec<usize> {
    let digit = |i: usize| text.get(i).is_some_and(char::is_ascii_digit);
    let sixty = |i: usize| text.get(i).is_some_and(|c| ('0'..='5').contains(c)) && digit(i + 1);
    // `:?` at `i`: past the colon first, then without it.
    let colon = |i: usize| if text.get(i) == Some(&':') { vec![i + 1, i] } else { vec![i] };
    let mut out = Vec::new();
    if text.first().is_some_and(|c| *c == '+' || *c == '-') && digit(1) && digit(2) {
        for minutes in colon(3) {
            if !sixty(minutes) {
                continue;
            }
            let after = minutes + 2;
            for seconds in colon(after) {
                if !sixty(seconds) {
                    continue;
                }
                let fraction = seconds + 2;
                if text.get(fraction) == Some(&'.') {
                    let n = text[fraction + 1..].iter().take(6).take_while(|c| c.is_ascii_digit()).count();
                    out.extend((1..=n).rev().map(|k| fraction + 1 + k));
                }
                out.push(fraction);
            }
            out.push(after);
        }
    }
    if text.first() == Some(&'Z') {
        out.push(1);
    }
    out
}

/// The time zone facts `_strptime` reads: `time.tzname` and
/// `time.daylight`.
pub struct ZoneNames {
    pub tzname: (String, String),
    pub daylight: bool,
}

/// `_strptime._strptime(string, format)`.
pub fn strptime(cx: &Cx, text: &str, format: &str, zones: &ZoneNames) -> PyResult<Parsed> {
    let mut zone_names = vec!["utc".to_owned(), "gmt".to_owned(), zones.tzname.0.to_lowercase()];
    if zones.daylight {
        zone_names.push(zones.tzname.1.to_lowercase());
    }
    zone_names.sort();
    zone_names.dedup();
    let mut compiled = Compiled {
        tokens: Vec::new(),
        regex_len: 0,
        groups: Vec::new(),
        group_count: 0,
        zone_names: zone_names.clone(),
    };
    compiled.add(format, format)?;
    let chars: Vec<char> = text.chars().collect();
    let mut matcher = Matcher { cx, compiled: &compiled, text: &chars, captures: Vec::new(), steps: 0 };
    let Some(end) = matcher.run(0, 0)? else {
        return Err(exceptions::value_error(format!(
            "time data {} does not match format {}",
            semantics::repr(cx, &Py::str(text))?,
            semantics::repr(cx, &Py::str(format))?
        )));
    };
    if end != chars.len() {
        let rest: String = chars[end..].iter().collect();
        return Err(exceptions::value_error(format!("unconverted data remains: {rest}")));
    }
    let found: Vec<(char, String)> =
        matcher.captures.iter().map(|(d, a, b)| (*d, chars[*a..*b].iter().collect())).collect();
    let table: HashMap<char, &str> = found.iter().map(|(d, s)| (*d, s.as_str())).collect();
    Fields::from_groups(&found, &table, zones)?.resolve()
}
