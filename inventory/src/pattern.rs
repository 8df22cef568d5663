//! Host patterns, as Ansible's `InventoryManager.get_hosts`.
//!
//! Splitting (`split_host_pattern`): a pattern with a comma is split on commas; otherwise, unless
//! the whole pattern is one address (`fe80::1`, `host:22`, `web[1:3]`), it is split on `:` and
//! whitespace, keeping `[...]` together. (Ansible does not split comma parts further on `:`;
//! rpyctl does, so `a:b,c` is `a`, `b`, `c`.)
//!
//! Evaluation (`_evaluate_patterns`): terms are reordered — plain terms first, then `&`
//! intersections, then `!` exclusions, each group in its written order — and applied left to
//! right: a plain term adds its hosts not yet present, `&x` keeps only hosts in `x`, `!x` drops
//! hosts in `x`. With no plain term, `all` is assumed (`!web` = all but `web`). A term that is
//! exactly a host's name is that host (even if a group has the same name).
//!
//! One term (`_match_one_pattern`): `~regex` (matched at the start of names, like Python's
//! `re.match`; Rust `regex` syntax, so no look-around or backreferences), else a shell glob
//! (`*`, `?`, `[abc]`, `[!abc]`, whole-name, case-sensitive). Group names are matched first —
//! `all` and `ungrouped` included — and give the hosts of the group and its descendants in
//! inventory order (see [`crate::Inventory::group_hosts`]); host names are matched too when no group matched or the term is a
//! regex or contains `.`, `?`, `*` or `[`. A `[i]`, `[-1]`, `[start:end]`, `[start:]` or
//! `[start-end]` suffix (not on regexes) then selects by position: the end is inclusive, `[i]`
//! out of range is an error, slices are clipped (`[0:0]` is `[0]`, as in Ansible). A term
//! naming `localhost`, `127.0.0.1` or `::1` that matches nothing is the implicit localhost.
//!
//! `--limit` is a second pattern, evaluated the same way; the result keeps the hosts of the
//! first that are also in the limit (an empty limit restricts nothing, as in Ansible; an empty
//! pattern is an error, where Ansible would take `all`). A limit term `@file` reads patterns from a file, one per
//! line, like Ansible's retry files.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::error::Error;
use crate::model::{Data, LOCALHOST};
use crate::range;
use crate::vars::HostRef;

/// One term as written, with its operator, and where it is (for errors).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    /// The pattern the term comes from (a `@file` line for limit files).
    source: String,
    /// Byte offset of the term in `source`.
    pos: usize,
    /// The term, operator included.
    text: String,
}

impl Term {
    fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::Pattern { pattern: self.source.clone(), position: self.pos + offset, message: message.into() }
    }
}

static COLON_PARTS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:[^\s:\[\]]|\[[^\]]*\])+").expect("valid regex"));

static SUBSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$").expect("valid regex"));

/// Splits a pattern into terms with their byte offsets.
fn split(pattern: &str) -> Result<Vec<Term>, Error> {
    let mut terms = Vec::new();
    let mut start = 0;
    for part in pattern.split(',') {
        let trimmed = part.trim_start();
        let offset = start + part.len() - trimmed.len();
        let trimmed = trimmed.trim_end();
        start += part.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        let push = |terms: &mut Vec<Term>, pos: usize, text: &str| {
            terms.push(Term { source: pattern.to_owned(), pos, text: text.to_owned() })
        };
        if !trimmed.contains([':', ' ', '\t']) || range::parse_address(trimmed).is_some() {
            push(&mut terms, offset, trimmed);
            continue;
        }
        check_brackets(trimmed).map_err(|(i, m)| Error::Pattern {
            pattern: pattern.to_owned(),
            position: offset + i,
            message: m,
        })?;
        for m in COLON_PARTS.find_iter(trimmed) {
            push(&mut terms, offset + m.start(), m.as_str());
        }
    }
    Ok(terms)
}

/// In `:`-separated patterns every `[` needs its `]` and no `]` may stand alone.
fn check_brackets(s: &str) -> Result<(), (usize, String)> {
    let mut open = None;
    for (i, c) in s.char_indices() {
        match c {
            '[' if open.is_none() => open = Some(i),
            ']' if open.is_none() => return Err((i, "unmatched ']'".into())),
            ']' => open = None,
            _ => {}
        }
    }
    match open {
        Some(i) => Err((i, "unterminated '['".into())),
        None => Ok(()),
    }
}

/// Python's `fnmatch.translate` for Rust's `regex`: a whole-name match.
fn glob_regex(glob: &str) -> Result<Regex, (usize, String)> {
    let chars: Vec<(usize, char)> = glob.char_indices().collect();
    let mut re = String::from("^(?s:");
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        i += 1;
        match c {
            '*' => {
                if !re.ends_with(".*") {
                    re.push_str(".*");
                }
            }
            '?' => re.push('.'),
            '[' => {
                let mut j = i;
                if j < chars.len() && chars[j].1 == '!' {
                    j += 1;
                }
                if j < chars.len() && chars[j].1 == ']' {
                    j += 1;
                }
                while j < chars.len() && chars[j].1 != ']' {
                    j += 1;
                }
                if j >= chars.len() {
                    return Err((at, "unterminated '[' in glob".into()));
                }
                let stuff: String = chars[i..j].iter().map(|&(_, c)| c).collect();
                i = j + 1;
                let (negate, body) = match stuff.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, stuff.as_str()),
                };
                if body.is_empty() {
                    re.push_str(if negate { "." } else { "[^\\s\\S]" });
                    continue;
                }
                re.push('[');
                if negate {
                    re.push('^');
                }
                for (k, ch) in body.chars().enumerate() {
                    let escape = matches!(ch, '\\' | '[' | '&' | '~' | '|')
                        || (ch == '^' && k == 0 && !negate)
                        || (ch == ']' && k == 0);
                    if escape {
                        re.push('\\');
                    }
                    re.push(ch);
                }
                re.push(']');
            }
            _ => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push_str(")$");
    Regex::new(&re).map_err(|e| (0, format!("invalid glob: {e}")))
}

/// Compiles a term (without operator and subscript) into a name matcher.
enum Matcher {
    Exact(String),
    Regex(Regex),
}

impl Matcher {
    fn is_match(&self, name: &str) -> bool {
        match self {
            Matcher::Exact(s) => s == name,
            Matcher::Regex(r) => r.is_match(name),
        }
    }
}

/// `(start, end)` as Ansible's `_split_subscript`: `end` None for `[i]`, -1 for `[i:]`.
type Subscript = (i64, Option<i64>);

pub(crate) fn select<'a>(data: &'a Data, pattern: &str, limit: Option<&str>) -> Result<Vec<HostRef<'a>>, Error> {
    let terms = split(pattern)?;
    if terms.is_empty() {
        return Err(Error::Pattern {
            pattern: pattern.to_owned(),
            position: 0,
            message: "empty pattern (use 'all' for every host)".into(),
        });
    }
    let hosts = evaluate(data, terms)?;
    let Some(limit) = limit.filter(|l| !l.trim().is_empty()) else {
        return Ok(hosts);
    };
    let mut terms = Vec::new();
    for term in split(limit)? {
        match term.text.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                    terms.push(Term { source: line.to_owned(), pos: 0, text: line.to_owned() });
                }
            }
            None => terms.push(term),
        }
    }
    let subset: HashSet<HostRef<'a>> = evaluate(data, terms)?.into_iter().collect();
    Ok(hosts.into_iter().filter(|h| subset.contains(h)).collect())
}

fn evaluate(data: &Data, terms: Vec<Term>) -> Result<Vec<HostRef<'_>>, Error> {
    let (mut plain, mut and, mut not) = (Vec::new(), Vec::new(), Vec::new());
    for t in terms {
        match t.text.as_bytes().first() {
            Some(b'&') => and.push(t),
            Some(b'!') => not.push(t),
            _ => plain.push(t),
        }
    }
    if plain.is_empty() {
        plain.push(Term { source: "all".into(), pos: 0, text: "all".into() });
    }
    let mut hosts: Vec<HostRef<'_>> = Vec::new();
    let mut present: HashSet<HostRef<'_>> = HashSet::new();
    for t in plain {
        let matched = match data.host_id(&t.text) {
            Some(h) => vec![HostRef::Known(h)],
            None => match_one(data, &t, 0)?,
        };
        for h in matched {
            if present.insert(h) {
                hosts.push(h);
            }
        }
    }
    for t in and.iter().chain(&not) {
        let keep = t.text.starts_with('&');
        let that: HashSet<HostRef<'_>> = match_one(data, t, 1)?.into_iter().collect();
        hosts.retain(|h| that.contains(h) == keep);
    }
    Ok(hosts)
}

/// The hosts of one term; `skip` is the length of its operator.
fn match_one<'a>(data: &'a Data, term: &Term, skip: usize) -> Result<Vec<HostRef<'a>>, Error> {
    let text = &term.text[skip..];
    if text.is_empty() {
        return Err(term.error(0, format!("'{}' must be followed by a pattern", &term.text[..skip])));
    }
    let (expr, subscript) = split_subscript(text).map_err(|m| term.error(skip, m))?;
    let regex = expr.starts_with('~');
    let glob = !regex && expr.contains(['*', '?', '[']);
    let matcher = if regex {
        Regex::new(&format!("^(?:{})", &expr[1..]))
            .map(Matcher::Regex)
            .map_err(|e| term.error(skip + 1, format!("invalid regular expression: {e}")))?
    } else if glob {
        glob_regex(expr).map(Matcher::Regex).map_err(|(at, m)| term.error(skip + at, m))?
    } else {
        Matcher::Exact(expr.to_owned())
    };

    let mut found: Vec<HostRef<'a>> = Vec::new();
    let mut seen = HashSet::new();
    let mut any_group = false;
    for (g, group) in data.groups.iter().enumerate() {
        if matcher.is_match(&group.name) {
            any_group = true;
            for h in data.group_hosts(g) {
                if seen.insert(h) {
                    found.push(HostRef::Known(h));
                }
            }
        }
    }
    if !any_group || regex || glob || expr.contains('.') {
        for (h, host) in data.hosts.iter().enumerate() {
            if matcher.is_match(&host.name) && seen.insert(h) {
                found.push(HostRef::Known(h));
            }
        }
    }
    if found.is_empty() {
        if let Some(&local) = LOCALHOST.iter().find(|&&l| l == expr) {
            found.push(HostRef::Implicit(local));
        }
    }
    apply_subscript(found, subscript)
        .ok_or_else(|| term.error(skip, format!("no host at that position: '{text}' matched fewer hosts")))
}

fn split_subscript(text: &str) -> Result<(&str, Option<Subscript>), String> {
    if text.starts_with('~') {
        return Ok((text, None));
    }
    let Some(c) = SUBSCRIPT.captures(text) else { return Ok((text, None)) };
    let expr = c.get(1).map_or("", |m| m.as_str());
    let num = |i: usize| -> Result<Option<i64>, String> {
        c.get(i)
            .filter(|m| !m.as_str().is_empty())
            .map(|m| m.as_str().parse::<i64>().map_err(|_| format!("subscript {} is too large", m.as_str())))
            .transpose()
    };
    let sub = match num(2)? {
        Some(i) => (i, None),
        None => (num(3)?.unwrap_or(0), Some(num(5)?.unwrap_or(-1))),
    };
    Ok((expr, Some(sub)))
}

/// Ansible's `_apply_subscript`; `None` when a single index is out of range.
fn apply_subscript<T>(hosts: Vec<T>, subscript: Option<Subscript>) -> Option<Vec<T>> {
    let Some((start, end)) = subscript else { return Some(hosts) };
    if hosts.is_empty() {
        return Some(hosts);
    }
    let len = hosts.len() as i64;
    let index = |i: i64| if i < 0 { i + len } else { i };
    match end {
        // `[i]`, and `[i:0]` (Ansible tests `if end:`, and 0 is false).
        None | Some(0) => {
            let i = index(start);
            if !(0..len).contains(&i) {
                return None;
            }
            hosts.into_iter().nth(i as usize).map(|h| vec![h])
        }
        Some(end) => {
            let end = if end == -1 { len - 1 } else { end };
            let (from, to) = (start.min(len), (end + 1).clamp(0, len));
            Some(hosts.into_iter().skip(from as usize).take((to - from).max(0) as usize).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &str) -> Vec<(usize, String)> {
        split(p).unwrap().into_iter().map(|t| (t.pos, t.text)).collect()
    }

    #[test]
    fn splitting() {
        assert_eq!(texts("web:&db:!x"), [(0, "web".into()), (4, "&db".into()), (8, "!x".into())]);
        assert_eq!(texts(" web , db ,"), [(1, "web".into()), (7, "db".into())]);
        assert_eq!(texts("web[1:3]"), [(0, "web[1:3]".into())]);
        assert_eq!(texts("web[1:3]:db"), [(0, "web[1:3]".into()), (9, "db".into())]);
        assert_eq!(texts("fe80::1"), [(0, "fe80::1".into())]);
        assert_eq!(texts("a:b,c"), [(0, "a".into()), (2, "b".into()), (4, "c".into())]);
        assert_eq!(texts("web db"), [(0, "web".into()), (4, "db".into())]);
    }

    #[test]
    fn bracket_errors_have_positions() {
        match split("web:db[1:2").unwrap_err() {
            Error::Pattern { position, message, .. } => {
                assert_eq!(position, 6);
                assert!(message.contains("unterminated"));
            }
            e => panic!("{e}"),
        }
        assert!(matches!(split("a:b]").unwrap_err(), Error::Pattern { position: 3, .. }));
    }

    #[test]
    fn globs_translate_like_fnmatch() {
        let m = |g: &str, s: &str| glob_regex(g).unwrap().is_match(s);
        assert!(m("web*", "web01.example.com"));
        assert!(m("*.example.com", "web01.example.com"));
        assert!(!m("*.example.com", "web01.example.org"));
        assert!(m("web0?", "web01") && !m("web0?", "web011"));
        assert!(m("db[ab]", "dba") && !m("db[ab]", "dbc"));
        assert!(m("db[!ab]", "dbc") && !m("db[!ab]", "dba"));
        assert!(m("n[0-9]", "n5"));
        assert!(m("a+b", "a+b") && !m("a+b", "aab"));
        assert!(glob_regex("web[").is_err());
    }

    #[test]
    fn subscripts() {
        let v = || vec![0, 1, 2, 3, 4];
        let s = |t: &str| split_subscript(t).unwrap().1;
        assert_eq!(split_subscript("web[1:3]").unwrap(), ("web", Some((1, Some(3)))));
        assert_eq!(apply_subscript(v(), s("g[0]")), Some(vec![0]));
        assert_eq!(apply_subscript(v(), s("g[-1]")), Some(vec![4]));
        assert_eq!(apply_subscript(v(), s("g[1:3]")), Some(vec![1, 2, 3]));
        assert_eq!(apply_subscript(v(), s("g[3:]")), Some(vec![3, 4]));
        assert_eq!(apply_subscript(v(), s("g[2-3]")), Some(vec![2, 3]));
        assert_eq!(apply_subscript(v(), s("g[3:99]")), Some(vec![3, 4]));
        assert_eq!(apply_subscript(v(), s("g[9:12]")), Some(vec![]));
        assert_eq!(apply_subscript(v(), s("g[2:0]")), Some(vec![2]));
        assert_eq!(apply_subscript(v(), s("g[5]")), None);
        assert_eq!(apply_subscript(v(), s("g[-6]")), None);
        assert_eq!(s("~web[1]"), None);
        assert_eq!(s("web[ab]"), None);
    }
}
