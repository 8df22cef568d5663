//! The grammar of `re._parser`: alternation, sequences, sets,
//! quantifiers and groups, each written out as it is read.

use super::super::flags::*;
use super::{fold_ascii, py_repr, Last, PResult, ParseError, Parser, SetItem, SPECIAL, WHITESPACE};

/// `MAXREPEAT`: repeat counts must stay below it.
const MAXREPEAT: u64 = u32::MAX as u64;
const MAXGROUPS: usize = (u32::MAX / 2) as usize;

fn flag_of(c: char) -> Option<i64> {
    Some(match c {
        'i' => IGNORECASE,
        'L' => LOCALE,
        'm' => MULTILINE,
        's' => DOTALL,
        'x' => VERBOSE,
        'a' => ASCII,
        't' => TEMPLATE,
        'u' => UNICODE,
        _ => return None,
    })
}

const TYPE_FLAGS: i64 = ASCII | LOCALE | UNICODE;
const GLOBAL_FLAGS: i64 = DEBUG | TEMPLATE;

impl Parser {
    /// `_parse_sub`: alternatives separated by `|`.
    pub(super) fn parse_sub(&mut self, mut verbose: bool, nested: usize) -> PResult<()> {
        let mut first_item = true;
        loop {
            self.parse_seq(verbose, nested + 1, nested == 0 && first_item)?;
            first_item = false;
            if !self.src.matches('|')? {
                break;
            }
            self.out.push('|');
            if nested == 0 {
                verbose = self.flags & VERBOSE != 0;
            }
        }
        Ok(())
    }

    /// `_parse`: one sequence of items.
    fn parse_seq(&mut self, mut verbose: bool, nested: usize, first: bool) -> PResult<()> {
        let mut last = Last::Nothing;
        while let Some((this, escaped)) = self.src.next {
            if escaped.is_none() && (this == '|' || this == ')') {
                break;
            }
            self.src.advance()?;
            if verbose && escaped.is_none() {
                if WHITESPACE.contains(this) {
                    continue;
                }
                if this == '#' {
                    while let Some((c, _)) = self.src.get()? {
                        if c == '\n' {
                            break;
                        }
                    }
                    continue;
                }
            }
            if let Some(c) = escaped {
                let (text, kind) = self.escape(c)?;
                self.out.push_str(&text);
                last = kind;
                continue;
            }
            if !SPECIAL.contains(this) {
                self.out.push_str(&self.lit(this as u32));
                last = Last::Item;
                continue;
            }
            match this {
                '[' => {
                    self.parse_set()?;
                    last = Last::Item;
                }
                '*' | '+' | '?' | '{' => last = self.parse_repeat(this, last)?,
                '.' => {
                    self.out.push('.');
                    last = Last::Item;
                }
                '(' => {
                    if let Some(kind) = self.parse_group(verbose, nested, first && last == Last::Nothing)? {
                        last = kind;
                    } else if self.flags & VERBOSE != 0 && first {
                        // Global flags were set: verbose mode may start here.
                        verbose = true;
                    }
                }
                '^' => {
                    self.out.push_str(if self.flags & MULTILINE != 0 { "(?m:^)" } else { "\\A" });
                    last = Last::At;
                }
                '$' => {
                    self.out.push_str(if self.flags & MULTILINE != 0 { "(?m:$)" } else { "(?=\\n?\\z)" });
                    last = Last::At;
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// A quantifier after `last` (or a literal `{` that starts none).
    fn parse_repeat(&mut self, this: char, last: Last) -> PResult<Last> {
        let here = self.src.tell();
        let (min, max): (u64, Option<u64>) = match this {
            '?' => (0, Some(1)),
            '*' => (0, None),
            '+' => (1, None),
            _ => {
                if self.src.peek_is('}') {
                    self.out.push_str("\\{");
                    return Ok(Last::Item);
                }
                let lo = self.src.getwhile(usize::MAX, |c| c.is_ascii_digit())?;
                let hi = if self.src.matches(',')? {
                    Some(self.src.getwhile(usize::MAX, |c| c.is_ascii_digit())?)
                } else {
                    None
                };
                if !self.src.matches('}')? {
                    self.out.push_str("\\{");
                    self.src.seek(here)?;
                    return Ok(Last::Item);
                }
                let number = |s: &str| -> PResult<u64> {
                    match s.parse::<u64>() {
                        Ok(n) if n < MAXREPEAT => Ok(n),
                        _ => Err(ParseError::Overflow("the repetition number is too large".into())),
                    }
                };
                let min = if lo.is_empty() { 0 } else { number(&lo)? };
                let max = match &hi {
                    None => Some(min),
                    Some(h) if h.is_empty() => None,
                    Some(h) => Some(number(h)?),
                };
                if let Some(max) = max {
                    if max < min {
                        return Err(self.src.error("min repeat greater than max repeat", self.src.tell() - here));
                    }
                }
                (min, max)
            }
        };
        let offset = self.src.tell() - here + 1;
        match last {
            Last::Nothing | Last::At => return Err(self.src.error("nothing to repeat", offset)),
            Last::Repeat => return Err(self.src.error("multiple repeat", offset)),
            Last::Item => {}
        }
        match (min, max) {
            (0, Some(1)) => self.out.push('?'),
            (0, None) => self.out.push('*'),
            (1, None) => self.out.push('+'),
            (m, None) => self.out.push_str(&format!("{{{m},}}")),
            (m, Some(n)) if m == n => self.out.push_str(&format!("{{{m}}}")),
            (m, Some(n)) => self.out.push_str(&format!("{{{m},{n}}}")),
        }
        if self.src.matches('?')? {
            self.out.push('?');
        } else if self.src.matches('+')? {
            self.out.push('+');
        }
        Ok(Last::Repeat)
    }

    /// A set, after its `[`.
    fn parse_set(&mut self) -> PResult<()> {
        let here = self.src.tell() - 1;
        let negate = self.src.matches('^')?;
        let mut body = String::new();
        let mut items = 0;
        loop {
            let Some((this, escaped)) = self.src.get()? else {
                return Err(self.src.error("unterminated character set", self.src.tell() - here));
            };
            if this == ']' && escaped.is_none() && items > 0 {
                break;
            }
            items += 1;
            let first = match escaped {
                Some(c) => self.class_escape(c)?,
                None => SetItem::Char(this as u32),
            };
            let this_text: String = std::iter::once(this).chain(escaped).collect();
            if self.src.matches('-')? {
                let Some((that, that_escaped)) = self.src.get()? else {
                    return Err(self.src.error("unterminated character set", self.src.tell() - here));
                };
                if that == ']' && that_escaped.is_none() {
                    self.set_item(&mut body, first);
                    self.set_item(&mut body, SetItem::Char('-' as u32));
                    break;
                }
                let second = match that_escaped {
                    Some(c) => self.class_escape(c)?,
                    None => SetItem::Char(that as u32),
                };
                let that_text: String = std::iter::once(that).chain(that_escaped).collect();
                let bad = || {
                    let msg = format!("bad character range {this_text}-{that_text}");
                    let len = this_text.chars().count() + 1 + that_text.chars().count();
                    (msg, len)
                };
                match (first, second) {
                    (SetItem::Char(lo), SetItem::Char(hi)) if hi >= lo => {
                        body.push_str(&format!("{}-{}", class_char(lo), class_char(hi)));
                        if self.fold_ascii() {
                            body.push_str(&swapped_range(lo, hi));
                        }
                    }
                    _ => {
                        let (msg, len) = bad();
                        return Err(self.src.error(msg, len));
                    }
                }
            } else {
                self.set_item(&mut body, first);
            }
        }
        self.out.push('[');
        if negate {
            self.out.push('^');
        }
        self.out.push_str(&body);
        self.out.push(']');
        Ok(())
    }

    fn set_item(&self, body: &mut String, item: SetItem) {
        match item {
            SetItem::Char(c) => {
                body.push_str(&class_char(c));
                if self.fold_ascii() {
                    body.push_str(&swapped_range(c, c));
                }
            }
            SetItem::Category(class) => body.push_str(&class),
        }
    }

    /// A group after its `(`; `None` for items that leave nothing
    /// (global flags, comments).
    fn parse_group(&mut self, verbose: bool, nested: usize, first: bool) -> PResult<Option<Last>> {
        let start = self.src.tell() - 1;
        let mut capture = true;
        let mut name = None;
        let mut prefix = String::from("(");
        let mut scoped = None;
        if self.src.matches('?')? {
            let Some((c, esc)) = self.src.get()? else {
                return Err(self.src.error("unexpected end of pattern", 0));
            };
            let c = if esc.is_some() { '\\' } else { c };
            match c {
                'P' => {
                    if self.src.matches('<')? {
                        let n = self.src.getuntil('>', "group name")?;
                        self.src.check_group_name(&n, 1)?;
                        name = Some(n);
                    } else if self.src.matches('=')? {
                        let n = self.src.getuntil(')', "group name")?;
                        self.src.check_group_name(&n, 1)?;
                        let offset = n.chars().count() + 1;
                        let Some(&(_, gid)) = self.names.iter().find(|(k, _)| *k == n) else {
                            return Err(self.src.error(format!("unknown group name {}", py_repr(&n)), offset));
                        };
                        if self.open.contains(&gid) {
                            return Err(self.src.error("cannot refer to an open group", offset));
                        }
                        self.check_lookbehind_group(gid)?;
                        self.out.push_str(&format!("(?:\\{gid})"));
                        return Ok(Some(Last::Item));
                    } else {
                        let Some((c, d)) = self.src.get()? else {
                            return Err(self.src.error("unexpected end of pattern", 0));
                        };
                        let shown: String = std::iter::once(c).chain(d).collect();
                        return Err(self.src.error(format!("unknown extension ?P{shown}"), shown.chars().count() + 2));
                    }
                }
                ':' => {
                    capture = false;
                    prefix = "(?:".into();
                }
                '#' => {
                    loop {
                        if self.src.next.is_none() {
                            return Err(self.src.error("missing ), unterminated comment", self.src.tell() - start));
                        }
                        if matches!(self.src.get()?, Some((')', None))) {
                            break;
                        }
                    }
                    return Ok(None);
                }
                '=' | '!' | '<' => return self.parse_lookaround(c, verbose, nested, start).map(Some),
                '(' => return self.parse_conditional(verbose, nested, start).map(Some),
                '>' => {
                    capture = false;
                    prefix = "(?>".into();
                }
                c if flag_of(c).is_some() || c == '-' => match self.parse_flags(c)? {
                    None => {
                        if !first {
                            return Err(self
                                .src
                                .error("global flags not at the start of the expression", self.src.tell() - start));
                        }
                        return Ok(None);
                    }
                    Some((add, del)) => {
                        capture = false;
                        let after = (self.flags | add) & !del;
                        prefix = scoped_prefix(self.flags, after, self.is_bytes(), add, del);
                        scoped = Some((add, del));
                    }
                },
                other => {
                    let shown = if esc.is_some() { format!("\\{}", esc.unwrap_or(' ')) } else { other.to_string() };
                    return Err(self.src.error(format!("unknown extension ?{shown}"), shown.chars().count() + 1));
                }
            }
        }
        let group = if capture {
            self.groups += 1;
            if self.groups > MAXGROUPS {
                return Err(self.src.error("too many groups", 0));
            }
            if let Some(n) = name {
                if let Some(&(_, old)) = self.names.iter().find(|(k, _)| *k == n) {
                    let msg =
                        format!("redefinition of group name {} as group {}; was group {old}", py_repr(&n), self.groups);
                    return Err(self.src.error(msg, n.chars().count() + 1));
                }
                self.names.push((n, self.groups));
            }
            self.open.push(self.groups);
            self.close_rank.push(0);
            Some(self.groups)
        } else {
            None
        };
        let saved = self.flags;
        let mut sub_verbose = verbose;
        if let Some((add, del)) = scoped {
            self.flags = (self.flags | add) & !del;
            sub_verbose = (verbose || add & VERBOSE != 0) && del & VERBOSE == 0;
        }
        self.out.push_str(&prefix);
        let body = self.out.len();
        self.parse_sub(sub_verbose, nested + 1)?;
        if self.out.len() == body {
            // The engine cannot repeat an empty group: give it an empty
            // atom it can (`(?:)*` is valid Python).
            self.out.push_str("x{0}");
        }
        self.flags = saved;
        if !self.src.matches(')')? {
            return Err(self.src.error("missing ), unterminated subpattern", self.src.tell() - start));
        }
        self.out.push(')');
        if let Some(g) = group {
            self.open.retain(|&o| o != g);
            self.closed += 1;
            self.close_rank[g] = self.closed;
        }
        Ok(Some(Last::Item))
    }

    fn parse_lookaround(&mut self, mut c: char, verbose: bool, nested: usize, start: usize) -> PResult<Last> {
        let mut behind = false;
        let saved_lookbehind = self.lookbehind_groups;
        if c == '<' {
            let Some((d, esc)) = self.src.get()? else {
                return Err(self.src.error("unexpected end of pattern", 0));
            };
            if esc.is_some() || (d != '=' && d != '!') {
                let shown: String = std::iter::once(d).chain(esc).collect();
                return Err(self.src.error(format!("unknown extension ?<{shown}"), shown.chars().count() + 2));
            }
            c = d;
            behind = true;
            if self.lookbehind_groups.is_none() {
                self.lookbehind_groups = Some(self.groups + 1);
            }
        }
        self.out.push_str(match (behind, c) {
            (false, '=') => "(?=",
            (false, _) => "(?!",
            (true, '=') => "(?<=",
            (true, _) => "(?<!",
        });
        self.parse_sub(verbose, nested + 1)?;
        if behind {
            self.lookbehind_groups = saved_lookbehind;
        }
        if !self.src.matches(')')? {
            return Err(self.src.error("missing ), unterminated subpattern", self.src.tell() - start));
        }
        self.out.push(')');
        Ok(Last::Item)
    }

    fn parse_conditional(&mut self, verbose: bool, nested: usize, start: usize) -> PResult<Last> {
        let cond = self.src.getuntil(')', "group name")?;
        let offset = cond.chars().count() + 1;
        let group = if super::is_identifier(&cond) {
            match self.names.iter().find(|(k, _)| *k == cond) {
                Some(&(_, g)) => g,
                None => return Err(self.src.error(format!("unknown group name {}", py_repr(&cond)), offset)),
            }
        } else {
            let g: usize = match cond.parse::<i64>() {
                Ok(g) if g >= 0 && cond.chars().all(|c| c.is_ascii_digit() || c == '+') => g as usize,
                _ => return Err(self.src.error(format!("bad character in group name {}", py_repr(&cond)), offset)),
            };
            if g == 0 {
                return Err(self.src.error("bad group number", offset));
            }
            if g >= MAXGROUPS {
                return Err(self.src.error(format!("invalid group reference {g}"), offset));
            }
            if !self.group_refs.iter().any(|(r, _)| *r == g) {
                self.group_refs.push((g, self.src.tell() - offset));
            }
            g
        };
        self.check_lookbehind_group(group)?;
        self.out.push_str(&format!("(?({group})"));
        self.parse_seq(verbose, nested + 1, false)?;
        if self.src.matches('|')? {
            self.out.push('|');
            self.parse_seq(verbose, nested + 1, false)?;
            if self.src.peek_is('|') {
                return Err(self.src.error("conditional backref with more than two branches", 0));
            }
        }
        if !self.src.matches(')')? {
            return Err(self.src.error("missing ), unterminated subpattern", self.src.tell() - start));
        }
        self.out.push(')');
        Ok(Last::Item)
    }

    /// `_parse_flags`: `None` for global flags (`(?i)`), else the flags a
    /// scoped group adds and removes.
    fn parse_flags(&mut self, mut c: char) -> PResult<Option<(i64, i64)>> {
        let (mut add, mut del) = (0i64, 0i64);
        let char_of = |t: Option<(char, Option<char>)>| t.map(|(c, e)| if e.is_some() { '\\' } else { c });
        if c != '-' {
            loop {
                let flag = flag_of(c).unwrap_or(0);
                if !self.is_bytes() && c == 'L' {
                    return Err(self.src.error("bad inline flags: cannot use 'L' flag with a str pattern", 0));
                }
                if self.is_bytes() && c == 'u' {
                    return Err(self.src.error("bad inline flags: cannot use 'u' flag with a bytes pattern", 0));
                }
                add |= flag;
                if flag & TYPE_FLAGS != 0 && add & TYPE_FLAGS != flag {
                    return Err(self.src.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible", 0));
                }
                let Some(next) = char_of(self.src.get()?) else {
                    return Err(self.src.error("missing -, : or )", 0));
                };
                c = next;
                if ")-:".contains(c) {
                    break;
                }
                if flag_of(c).is_none() {
                    let msg = if c.is_alphabetic() { "unknown flag" } else { "missing -, : or )" };
                    return Err(self.src.error(msg, 1));
                }
            }
        }
        if c == ')' {
            self.flags |= add;
            return Ok(None);
        }
        if add & GLOBAL_FLAGS != 0 {
            return Err(self.src.error("bad inline flags: cannot turn on global flag", 1));
        }
        if c == '-' {
            let Some(next) = char_of(self.src.get()?) else {
                return Err(self.src.error("missing flag", 0));
            };
            c = next;
            if flag_of(c).is_none() {
                let msg = if c.is_alphabetic() { "unknown flag" } else { "missing flag" };
                return Err(self.src.error(msg, 1));
            }
            loop {
                let flag = flag_of(c).unwrap_or(0);
                if flag & TYPE_FLAGS != 0 {
                    return Err(self.src.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", 0));
                }
                del |= flag;
                let Some(next) = char_of(self.src.get()?) else {
                    return Err(self.src.error("missing :", 0));
                };
                c = next;
                if c == ':' {
                    break;
                }
                if flag_of(c).is_none() {
                    let msg = if c.is_alphabetic() { "unknown flag" } else { "missing :" };
                    return Err(self.src.error(msg, 1));
                }
            }
        }
        if del & GLOBAL_FLAGS != 0 {
            return Err(self.src.error("bad inline flags: cannot turn off global flag", 1));
        }
        if add & del != 0 {
            return Err(self.src.error("bad inline flags: flag turned on and off", 1));
        }
        Ok(Some((add, del)))
    }
}

/// A set member in fancy-regex syntax (always an escape, so no character
/// is read as set syntax: `[`, `&&`, `--`, `~~`).
fn class_char(c: u32) -> String {
    match char::from_u32(c) {
        Some(ch) if ch.is_ascii_alphanumeric() => ch.to_string(),
        _ => format!("\\x{{{c:x}}}"),
    }
}

/// The ASCII letters of `lo..=hi` in the other case, as set members.
fn swapped_range(lo: u32, hi: u32) -> String {
    let mut out = String::new();
    for (from, to) in [(u32::from(b'a'), u32::from(b'A')), (u32::from(b'A'), u32::from(b'a'))] {
        let (a, b) = (lo.max(from), hi.min(from + 25));
        if a <= b {
            out.push_str(&format!("{}-{}", class_char(a - from + to), class_char(b - from + to)));
        }
    }
    out
}

/// The fancy-regex group opening a scoped-flags group: `s` is the
/// engine's; `i` is the engine's unless the parser folds ASCII case
/// itself; `m`, `x`, `a`, `u`, `L` are applied by the parser.
fn scoped_prefix(before: i64, after: i64, is_bytes: bool, add: i64, del: i64) -> String {
    let engine_i = |f: i64| f & IGNORECASE != 0 && !fold_ascii(f, is_bytes);
    let (mut on, mut off) = (String::new(), String::new());
    match (engine_i(before), engine_i(after)) {
        (false, true) => on.push('i'),
        (true, false) => off.push('i'),
        _ => {}
    }
    if add & DOTALL != 0 {
        on.push('s');
    }
    if del & DOTALL != 0 {
        off.push('s');
    }
    match (on.is_empty(), off.is_empty()) {
        (true, true) => "(?:".into(),
        (false, true) => format!("(?{on}:"),
        (true, false) => format!("(?-{off}:"),
        (false, false) => format!("(?{on}-{off}:"),
    }
}
