//! `fnmatch`: shell-style patterns, as CPython 3.11's `fnmatch`.
//!
//! CPython translates a pattern into a regular expression and matches
//! with `re`; `translate` here gives the very same expression text, while
//! matching runs on a [`Pattern`] parsed with the same rules (how a `[`
//! set ends, `!` negation, ranges, empty ranges dropped), which is what
//! that expression means: `*` any run, `?` any one character (newlines
//! included), a set one character of it; the whole name must match. Bytes
//! are matched as Latin-1 characters, as CPython does.

use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "fnmatch",
    type_name: "fnmatch",
    doc: "Filename matching with shell patterns.",
    functions: &[
        f("fnmatch", fnmatch),
        f("fnmatchcase", fnmatchcase),
        f("filter", filter),
        f("translate", translate_fn),
    ],
    attr: |_, _| None,
    attr_names: &[],
    setattr: None,
};

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// `*`: any run of characters (consecutive stars are one).
    Star,
    /// `?`: any one character.
    Any,
    /// A literal character.
    Char(char),
    /// `[...]`: one character in (or, negated, not in) the items.
    Set { negated: bool, items: Vec<(char, char)> },
    /// A set that can match nothing (`[z-a]`).
    Never,
}

/// A compiled shell pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    pieces: Vec<Piece>,
}

/// A `[...]` starting after the `[` at `i`: the index of its `]`, or
/// `None` when it has none (then the `[` is a literal).
fn set_end(pat: &[char], i: usize) -> Option<usize> {
    let n = pat.len();
    let mut j = i;
    if j < n && pat[j] == '!' {
        j += 1;
    }
    if j < n && pat[j] == ']' {
        j += 1;
    }
    while j < n && pat[j] != ']' {
        j += 1;
    }
    (j < n).then_some(j)
}

/// The chunks of a set's body split at its range hyphens, with empty
/// ranges (`z-a`) removed, as `fnmatch.translate` computes them. A leading
/// `!` stays on the first chunk.
fn range_chunks(pat: &[char], start: usize, j: usize) -> Vec<Vec<char>> {
    let mut i = start;
    let mut chunks: Vec<Vec<char>> = Vec::new();
    let mut k = if pat[i] == '!' { i + 2 } else { i + 1 };
    while let Some(found) = (k..j).find(|&x| pat[x] == '-') {
        chunks.push(pat[i..found].to_vec());
        i = found + 1;
        k = found + 3;
    }
    let chunk = pat[i..j].to_vec();
    if !chunk.is_empty() {
        chunks.push(chunk);
    } else if let Some(last) = chunks.last_mut() {
        last.push('-');
    }
    for k in (1..chunks.len()).rev() {
        let (prev_last, next_first) = (chunks[k - 1].last().copied(), chunks[k].first().copied());
        if let (Some(a), Some(b)) = (prev_last, next_first) {
            if a > b {
                let next = chunks.remove(k);
                let prev = &mut chunks[k - 1];
                prev.pop();
                prev.extend_from_slice(&next[1..]);
            }
        }
    }
    chunks
}

impl Pattern {
    pub fn new(pat: &[char]) -> Pattern {
        let mut pieces = Vec::new();
        let n = pat.len();
        let mut i = 0;
        while i < n {
            let c = pat[i];
            i += 1;
            match c {
                '*' => {
                    if pieces.last() != Some(&Piece::Star) {
                        pieces.push(Piece::Star);
                    }
                }
                '?' => pieces.push(Piece::Any),
                '[' => match set_end(pat, i) {
                    None => pieces.push(Piece::Char('[')),
                    Some(j) => {
                        pieces.push(Self::set(pat, i, j));
                        i = j + 1;
                    }
                },
                c => pieces.push(Piece::Char(c)),
            }
        }
        Pattern { pieces }
    }

    /// The set `pat[i..j]` (between `[` and `]`).
    fn set(pat: &[char], i: usize, j: usize) -> Piece {
        let chunks: Vec<Vec<char>> =
            if pat[i..j].contains(&'-') { range_chunks(pat, i, j) } else { vec![pat[i..j].to_vec()] };
        let flat: usize = chunks.iter().map(Vec::len).sum::<usize>() + chunks.len().saturating_sub(1);
        if flat == 0 {
            return Piece::Never;
        }
        let negated = chunks[0].first() == Some(&'!');
        if negated && flat == 1 {
            return Piece::Any;
        }
        let mut items = Vec::new();
        for (k, chunk) in chunks.iter().enumerate() {
            let mut body: &[char] = chunk;
            if k == 0 && negated {
                body = &body[1..];
            }
            // The first character of a later chunk ends a range begun by
            // the last one of the chunk before.
            let (range_end, rest) = match (k, body.split_first()) {
                (0, _) | (_, None) => (None, body),
                (_, Some((first, rest))) => (Some(*first), rest),
            };
            if let Some(hi) = range_end {
                if let Some((lo, _)) = items.pop() {
                    items.push((lo, hi));
                }
            }
            items.extend(rest.iter().map(|c| (*c, *c)));
        }
        Piece::Set { negated, items }
    }

    /// Whether the whole of `name` matches.
    pub fn matches(&self, name: &[char]) -> bool {
        let p = &self.pieces;
        let (mut pi, mut ni) = (0, 0);
        // Where to resume after the last star: (piece after it, name index).
        let mut back: Option<(usize, usize)> = None;
        loop {
            if pi < p.len() {
                match &p[pi] {
                    Piece::Star => {
                        back = Some((pi + 1, ni));
                        pi += 1;
                        continue;
                    }
                    one if ni < name.len() && one_matches(one, name[ni]) => {
                        pi += 1;
                        ni += 1;
                        continue;
                    }
                    _ => {}
                }
            } else if ni == name.len() {
                return true;
            }
            match back {
                Some((bp, bn)) if bn < name.len() => {
                    back = Some((bp, bn + 1));
                    pi = bp;
                    ni = bn + 1;
                }
                _ => return false,
            }
        }
    }
}

fn one_matches(piece: &Piece, c: char) -> bool {
    match piece {
        Piece::Any => true,
        Piece::Char(x) => *x == c,
        Piece::Set { negated, items } => items.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated,
        Piece::Never | Piece::Star => false,
    }
}

/// `re.escape` of one character.
fn re_escape(c: char, out: &mut String) {
    if "()[]{}?*+-|^$\\.&~# \t\n\r\u{b}\u{c}".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// `fnmatch.translate(pat)`: the regular expression CPython 3.11 makes.
pub fn translate(pat: &[char]) -> String {
    enum Tok {
        Star,
        Text(String),
    }
    let mut res: Vec<Tok> = Vec::new();
    let n = pat.len();
    let mut i = 0;
    while i < n {
        let c = pat[i];
        i += 1;
        match c {
            '*' => {
                if !matches!(res.last(), Some(Tok::Star)) {
                    res.push(Tok::Star);
                }
            }
            '?' => res.push(Tok::Text(".".into())),
            '[' => match set_end(pat, i) {
                None => res.push(Tok::Text("\\[".into())),
                Some(j) => {
                    let esc = |s: &[char], hyphens: bool| {
                        let mut o = String::new();
                        for &c in s {
                            match c {
                                '\\' => o.push_str("\\\\"),
                                '-' if hyphens => o.push_str("\\-"),
                                c => o.push(c),
                            }
                        }
                        o
                    };
                    let stuff = if !pat[i..j].contains(&'-') {
                        esc(&pat[i..j], false)
                    } else {
                        range_chunks(pat, i, j).iter().map(|s| esc(s, true)).collect::<Vec<_>>().join("-")
                    };
                    // Escape set operations (&&, ~~ and ||).
                    let mut stuff: String =
                        stuff.chars().flat_map(|c| if "&~|".contains(c) { vec!['\\', c] } else { vec![c] }).collect();
                    i = j + 1;
                    if stuff.is_empty() {
                        res.push(Tok::Text("(?!)".into()));
                    } else if stuff == "!" {
                        res.push(Tok::Text(".".into()));
                    } else {
                        if let Some(rest) = stuff.strip_prefix('!') {
                            stuff = format!("^{rest}");
                        } else if stuff.starts_with(['^', '[']) {
                            stuff.insert(0, '\\');
                        }
                        res.push(Tok::Text(format!("[{stuff}]")));
                    }
                }
            },
            c => {
                let mut s = String::new();
                re_escape(c, &mut s);
                res.push(Tok::Text(s));
            }
        }
    }
    let mut out = String::new();
    let mut it = res.into_iter().peekable();
    while let Some(Tok::Text(t)) = it.next_if(|t| matches!(t, Tok::Text(_))) {
        out.push_str(&t);
    }
    while it.next().is_some() {
        // A star; then the fixed text up to the next star.
        let mut fixed = String::new();
        while let Some(Tok::Text(t)) = it.next_if(|t| matches!(t, Tok::Text(_))) {
            fixed.push_str(&t);
        }
        if it.peek().is_none() {
            out.push_str(".*");
            out.push_str(&fixed);
        } else {
            out.push_str(&format!("(?>.*?{fixed})"));
        }
    }
    format!("(?s:{out})\\Z")
}

/// A name or pattern as characters: str as it is, bytes as Latin-1.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Str,
    Bytes,
}

pub fn chars_of(v: &Py) -> Option<(Kind, Vec<char>)> {
    match v {
        Py::Str(s) => Some((Kind::Str, s.chars().collect())),
        Py::Bytes(b) => Some((Kind::Bytes, b.iter().map(|&c| char::from(c)).collect())),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Bytes(b)) => Some((Kind::Bytes, b.iter().map(|&c| char::from(c)).collect())),
            _ => None,
        },
        _ => None,
    }
}

/// A compiled pattern argument (str or bytes, as `re.compile` takes).
fn pattern_arg(pat: &Py) -> PyResult<(Kind, Pattern)> {
    match chars_of(pat) {
        Some((kind, chars)) => Ok((kind, Pattern::new(&chars))),
        None => Err(exceptions::type_error(format!("object of type '{}' has no len()", semantics::type_name(pat)))),
    }
}

/// `re.match` of a compiled pattern on a name, with `re`'s type errors.
fn match_name(kind: Kind, pat: &Pattern, name: &Py) -> PyResult<bool> {
    let Some((name_kind, chars)) = chars_of(name) else {
        return Err(exceptions::type_error(format!(
            "expected string or bytes-like object, got '{}'",
            semantics::type_name(name)
        )));
    };
    match (kind, name_kind) {
        (Kind::Str, Kind::Bytes) => Err(exceptions::type_error("cannot use a string pattern on a bytes-like object")),
        (Kind::Bytes, Kind::Str) => Err(exceptions::type_error("cannot use a bytes pattern on a string-like object")),
        _ => Ok(pat.matches(&chars)),
    }
}

fn fnmatch(cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, pat] = args.bind("fnmatch", ["name", "pat"])?;
    // os.path.normcase: os.fspath on posix.
    let name = semantics::fspath(cx, &req(name))?;
    let (kind, pat) = pattern_arg(&semantics::fspath(cx, &req(pat))?)?;
    Ok(Py::Bool(match_name(kind, &pat, &name)?))
}

fn fnmatchcase(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, pat] = args.bind("fnmatchcase", ["name", "pat"])?;
    let (kind, pat) = pattern_arg(&req(pat))?;
    Ok(Py::Bool(match_name(kind, &pat, &req(name))?))
}

fn filter(cx: &Cx, args: Args) -> PyResult<Py> {
    let [names, pat] = args.bind("filter", ["names", "pat"])?;
    let (kind, pat) = pattern_arg(&semantics::fspath(cx, &req(pat))?)?;
    let mut out = Vec::new();
    for name in semantics::iterate(cx, &req(names))? {
        if match_name(kind, &pat, &name)? {
            out.push(name);
        }
    }
    Ok(List::new(out))
}

fn translate_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pat] = args.bind("translate", ["pat"])?;
    match req(pat) {
        Py::Str(s) => Ok(Py::from(translate(&s.chars().collect::<Vec<_>>()))),
        // CPython indexes the bytes (ints) and fails in re.escape.
        Py::Bytes(b) if b.is_empty() => Ok(Py::str("(?s:)\\Z")),
        Py::Bytes(_) => Err(exceptions::type_error("decoding to str: need a bytes-like object, int found")),
        other => Err(exceptions::type_error(format!("object of type '{}' has no len()", semantics::type_name(&other)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(name: &str, pat: &str) -> bool {
        Pattern::new(&pat.chars().collect::<Vec<_>>()).matches(&name.chars().collect::<Vec<_>>())
    }

    fn t(pat: &str) -> String {
        translate(&pat.chars().collect::<Vec<_>>())
    }

    #[test]
    fn translate_is_cpythons() {
        // Expected strings printed by CPython 3.11's fnmatch.translate.
        for (pat, want) in [
            ("", r"(?s:)\Z"),
            ("*", r"(?s:.*)\Z"),
            ("*.py", r"(?s:.*\.py)\Z"),
            ("a*b*c", r"(?s:a(?>.*?b).*c)\Z"),
            ("**a**", r"(?s:(?>.*?a).*)\Z"),
            ("?x[", r"(?s:.x\[)\Z"),
            ("[abc]", r"(?s:[abc])\Z"),
            ("[!abc]", r"(?s:[^abc])\Z"),
            ("[]]", r"(?s:[]])\Z"),
            ("[!]]", r"(?s:[^]])\Z"),
            ("[a-z]", r"(?s:[a-z])\Z"),
            ("[z-a]", r"(?s:(?!))\Z"),
            ("[!z-a]", r"(?s:.)\Z"),
            ("[a-]", r"(?s:[a\-])\Z"),
            ("[-a]", r"(?s:[\-a])\Z"),
            ("[!-a]", r"(?s:[^\-a])\Z"),
            ("[a-c-e]", r"(?s:[a-c\-e])\Z"),
            ("[a-b-c-d]", r"(?s:[a-b\-c-d])\Z"),
            ("[\\]", r"(?s:[\\])\Z"),
            ("[^x]", r"(?s:[\^x])\Z"),
            ("[[x]", r"(?s:[\[x])\Z"),
            ("[a&&b]", r"(?s:[a\&\&b])\Z"),
            ("a b#~", r"(?s:a\ b\#\~)\Z"),
            ("[!]", r"(?s:\[!\])\Z"),
        ] {
            assert_eq!(t(pat), want, "translate({pat:?})");
        }
    }

    #[test]
    fn matching_is_the_expressions_meaning() {
        assert!(m("abc", "a*c"));
        assert!(m("a\nc", "a?c"));
        assert!(m(".hidden", "*"));
        assert!(!m("abd", "a*c"));
        assert!(m("xaab", "*a*b"));
        assert!(m("aXbXc", "a*b*c"));
        assert!(!m("ab", "a*b*c"));
        assert!(m("b", "[a-c]"));
        assert!(!m("d", "[a-c]"));
        assert!(m("d", "[!a-c]"));
        assert!(!m("a", "[z-a]"));
        assert!(m("q", "[!z-a]"));
        assert!(m("-", "[a-]"));
        assert!(m("]", "[]]"));
        assert!(m("[", "["));
        assert!(!m("d", "[a-c-e]"));
        assert!(m("-", "[a-c-e]"));
        assert!(m("e", "[a-c-e]"));
        assert!(m("", ""));
        assert!(m("", "*"));
        assert!(!m("", "?"));
        assert!(m("[!]", "[!]"));
    }
}
