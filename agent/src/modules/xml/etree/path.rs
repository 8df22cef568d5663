//! ElementPath, ElementTree's XPath subset (`xml/etree/ElementPath.py`):
//! `tag`, `{uri}tag`, `prefix:tag` with a namespace map, `*`, `{*}tag`,
//! `{uri}*`, `.`, `..`, `//`, and the predicates `[@attr]`,
//! `[@attr='v']`, `[@attr!='v']`, `[tag]`, `[tag='text']`, `[.='text']`,
//! `[n]`, `[last()]`, `[last()-n]`. Results are computed eagerly, in
//! document order, each element once.

use std::collections::HashMap;
use std::sync::Arc;

use super::element::{itertext_of, walk, ElemRef};
use crate::objects::dict::Dict;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn syntax(msg: impl Into<String>) -> PyErr {
    crate::modules::xml::syntax_error(exceptions::exc_type("SyntaxError"), msg)
}

/// One token of `xpath_tokenizer_re`: (operator, tag); white space is
/// `("", "")`.
type Token = (String, String);

fn is_op_char(c: char) -> bool {
    "/.*:[]()@=".contains(c)
}

fn is_tag_char(c: char) -> bool {
    !("/[]()@!=".contains(c) || c.is_whitespace())
}

/// `xpath_tokenizer_re.findall(pattern)`.
fn raw_tokens(p: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < p.len() {
        let rest = &p[i..];
        let c = rest.chars().next().unwrap_or(' ');
        // The operator alternatives, in the regular expression's order.
        if c == '\'' || c == '"' {
            if let Some(end) = rest[1..].find(c) {
                out.push((rest[..end + 2].to_owned(), String::new()));
                i += end + 2;
                continue;
            }
        }
        let op = ["::", "//", "/", "..", "()", "!="].iter().find(|o| rest.starts_with(**o)).copied();
        if let Some(op) = op {
            out.push((op.to_owned(), String::new()));
            i += op.len();
            continue;
        }
        if is_op_char(c) {
            out.push((c.to_string(), String::new()));
            i += c.len_utf8();
            continue;
        }
        // A tag: an optional `{uri}` then at least one tag character.
        let mut start_chars = 0;
        if c == '{' {
            if let Some(close) = rest[1..].find('}').filter(|&k| k > 0) {
                let after = close + 2;
                if rest[after..].chars().next().is_some_and(is_tag_char) {
                    start_chars = after;
                }
            }
        }
        let tail = &rest[start_chars..];
        let n = tail.char_indices().find(|&(_, c)| !is_tag_char(c)).map_or(tail.len(), |(k, _)| k);
        if n > 0 {
            out.push((String::new(), rest[..start_chars + n].to_owned()));
            i += start_chars + n;
            continue;
        }
        if c.is_whitespace() {
            let n = rest.char_indices().find(|&(_, c)| !c.is_whitespace()).map_or(rest.len(), |(k, _)| k);
            out.push((String::new(), String::new()));
            i += n;
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// `xpath_tokenizer(pattern, namespaces)`: prefixes expanded, the default
/// namespace (`''`) applied to element names.
fn tokens(p: &str, namespaces: &[(String, String)]) -> PyResult<Vec<Token>> {
    let default = namespaces.iter().find(|(k, _)| k.is_empty()).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
    let mut parsing_attribute = false;
    let mut out = Vec::new();
    for (op, tag) in raw_tokens(p) {
        if !tag.is_empty() && !tag.starts_with('{') {
            if let Some((prefix, local)) = tag.split_once(':') {
                match namespaces.iter().find(|(k, _)| k == prefix) {
                    Some((_, uri)) if !namespaces.is_empty() => out.push((op, format!("{{{uri}}}{local}"))),
                    _ => return Err(syntax(format!("prefix '{prefix}' not found in prefix map"))),
                }
            } else if let (Some(d), false) = (&default, parsing_attribute) {
                out.push((op, format!("{{{d}}}{tag}")));
            } else {
                out.push((op, tag));
            }
            parsing_attribute = false;
        } else {
            parsing_attribute = op == "@";
            out.push((op, tag));
        }
    }
    Ok(out)
}

/// What a step does to the current result.
enum Step {
    Child(String),
    Star,
    Current,
    Parent,
    Descendant(String),
    HasAttr(String),
    AttrEq(String, String, bool),
    HasChild(String),
    TextEq(Option<String>, String, bool),
    Position(i64),
}

fn is_wildcard(tag: &str) -> bool {
    tag.starts_with("{*}") || tag.ends_with("}*")
}

/// `_prepare_tag` for wildcard tags.
fn wildcard_matches(pattern: &str, tag: &Py) -> bool {
    let Py::Str(t) = tag else { return false };
    if pattern == "{*}*" {
        return true;
    }
    if pattern == "{}*" {
        return !t.starts_with('{');
    }
    if let Some(local) = pattern.strip_prefix("{*}") {
        let suffix = &pattern[2..];
        return &**t == local || t.ends_with(suffix);
    }
    let ns = &pattern[..pattern.len() - 1];
    t.starts_with(ns)
}

fn tag_is(tag: &Py, want: &str) -> bool {
    matches!(tag, Py::Str(t) if &**t == want)
}

fn is_int(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// `prepare_predicate`: the tokens up to `]`.
fn predicate(it: &mut std::vec::IntoIter<Token>) -> PyResult<Option<Step>> {
    let mut signature = String::new();
    let mut parts: Vec<String> = Vec::new();
    loop {
        let Some((op, tag)) = it.next() else { return Ok(None) };
        if op == "]" {
            break;
        }
        if op.is_empty() && tag.is_empty() {
            continue;
        }
        let (op, tag) =
            if op.starts_with(['\'', '"']) { ("'".to_owned(), op[1..op.len() - 1].to_owned()) } else { (op, tag) };
        signature.push_str(if op.is_empty() { "-" } else { &op });
        parts.push(tag);
    }
    let last = parts.last().cloned().unwrap_or_default();
    Ok(Some(match signature.as_str() {
        "@-" => Step::HasAttr(parts[1].clone()),
        "@-='" | "@-!='" => Step::AttrEq(parts[1].clone(), last, signature.contains("!=")),
        "-" if !is_int(&parts[0]) => Step::HasChild(parts[0].clone()),
        ".='" | ".!='" => Step::TextEq(None, last, signature.contains("!=")),
        "-='" | "-!='" if !is_int(&parts[0]) => {
            let tag = Some(parts[0].clone()).filter(|t| !t.is_empty());
            Step::TextEq(tag, last, signature.contains("!="))
        }
        "-" => {
            let index = parts[0].parse::<i64>().map_err(|_| syntax("invalid predicate"))? - 1;
            if index < 0 {
                return Err(syntax("XPath position >= 1 expected"));
            }
            Step::Position(index)
        }
        "-()" | "-()-" => {
            if parts[0] != "last" {
                return Err(syntax("unsupported function"));
            }
            if signature == "-()-" {
                let index = parts[2].parse::<i64>().map_err(|_| syntax("unsupported expression"))? - 1;
                if index > -2 {
                    return Err(syntax("XPath offset from last() must be negative"));
                }
                Step::Position(index)
            } else {
                Step::Position(-1)
            }
        }
        _ => return Err(syntax("invalid predicate")),
    }))
}

/// A step whose tokens ran out: ElementPath keeps `None` as the
/// selector and fails calling it.
fn none_step() -> PyErr {
    exceptions::type_error("'NoneType' object is not callable")
}

/// The steps of a path; `None` for a path with no steps (or that ends
/// inside one), which finds nothing.
fn compile(p: &str, namespaces: &[(String, String)]) -> PyResult<Option<Vec<Step>>> {
    let p = if p.ends_with('/') { format!("{p}*") } else { p.to_owned() };
    if p.starts_with('/') {
        return Err(syntax("cannot use absolute path on element"));
    }
    let mut it = tokens(&p, namespaces)?.into_iter();
    let Some(mut token) = it.next() else { return Ok(None) };
    let mut steps = Vec::new();
    loop {
        let step = match token.0.as_str() {
            "" => Step::Child(token.1.clone()),
            "*" => Step::Star,
            "." => Step::Current,
            ".." => Step::Parent,
            "//" => {
                let Some(next) = it.next() else { return Err(none_step()) };
                let tag = match next.0.as_str() {
                    "*" => "*".to_owned(),
                    "" => next.1,
                    _ => return Err(syntax("invalid descendant")),
                };
                Step::Descendant(tag)
            }
            "[" => match predicate(&mut it)? {
                Some(s) => s,
                None => return Err(none_step()),
            },
            _ => return Err(syntax("invalid path")),
        };
        steps.push(step);
        let Some(mut next) = it.next() else { break };
        if next.0 == "/" {
            match it.next() {
                Some(t) => next = t,
                None => break,
            }
        }
        token = next;
    }
    Ok(Some(steps))
}

/// Each element once, in the order first seen.
fn unique(elems: Vec<ElemRef>) -> Vec<ElemRef> {
    let mut seen = std::collections::HashSet::new();
    elems.into_iter().filter(|e| seen.insert(Arc::as_ptr(e) as usize)).collect()
}

struct Context {
    root: ElemRef,
    parents: Option<HashMap<usize, ElemRef>>,
}

impl Context {
    fn parent_map(&mut self) -> &HashMap<usize, ElemRef> {
        let root = self.root.clone();
        self.parents.get_or_insert_with(|| {
            let mut map = HashMap::new();
            for p in walk(&root) {
                for c in p.children() {
                    map.insert(Arc::as_ptr(&c) as usize, p.clone());
                }
            }
            map
        })
    }
}

fn apply(cx: &Cx, ctx: &mut Context, step: &Step, result: Vec<ElemRef>) -> PyResult<Vec<ElemRef>> {
    let mut out = Vec::new();
    match step {
        Step::Child(tag) if is_wildcard(tag) => {
            for e in result {
                out.extend(e.children().into_iter().filter(|c| wildcard_matches(tag, &c.tag())));
            }
        }
        Step::Child(tag) => {
            let tag = tag.strip_prefix("{}").unwrap_or(tag);
            for e in result {
                out.extend(e.children().into_iter().filter(|c| tag_is(&c.tag(), tag)));
            }
        }
        Step::Star => {
            for e in result {
                out.extend(e.children());
            }
        }
        Step::Current => out = result,
        Step::Parent => {
            let map = ctx.parent_map();
            out = unique(result.iter().filter_map(|e| map.get(&(Arc::as_ptr(e) as usize)).cloned()).collect());
        }
        Step::Descendant(tag) => {
            let plain = tag.strip_prefix("{}").unwrap_or(tag);
            for e in result {
                for d in walk(&e).into_iter().skip(1) {
                    let t = d.tag();
                    let hit = if tag == "*" {
                        true
                    } else if is_wildcard(tag) {
                        wildcard_matches(tag, &t)
                    } else {
                        tag_is(&t, plain)
                    };
                    if hit {
                        out.push(d);
                    }
                }
            }
        }
        Step::HasAttr(key) => out = result.into_iter().filter(|e| e.get(key).is_some()).collect(),
        Step::AttrEq(key, value, negated) => {
            for e in result {
                let hit = match e.get(key) {
                    None => false,
                    Some(v) => semantics::eq(cx, &v, &Py::str(value.as_str()))? != *negated,
                };
                if hit {
                    out.push(e);
                }
            }
        }
        Step::HasChild(tag) => {
            for e in result {
                if !run(cx, &e, tag, &[])?.is_empty() {
                    out.push(e);
                }
            }
        }
        Step::TextEq(tag, value, negated) => {
            for e in result {
                let candidates = match tag {
                    Some(t) => run(cx, &e, t, &[])?,
                    None => vec![e.clone()],
                };
                for c in candidates {
                    if (joined_text(&c)? == *value) != *negated {
                        out.push(e.clone());
                        break;
                    }
                }
            }
        }
        Step::Position(index) => {
            for e in result {
                let Some(parent) = ctx.parent_map().get(&(Arc::as_ptr(&e) as usize)).cloned() else { continue };
                let siblings = match e.tag() {
                    Py::Str(t) => run(cx, &parent, &t, &[])?,
                    _ => continue,
                };
                let at = if *index < 0 { siblings.len() as i64 + index } else { *index };
                if at >= 0 && siblings.get(at as usize).is_some_and(|s| Arc::ptr_eq(s, &e)) {
                    out.push(e);
                }
            }
        }
    }
    Ok(out)
}

fn joined_text(e: &ElemRef) -> PyResult<String> {
    let mut s = String::new();
    for part in itertext_of(e)? {
        if let Py::Str(t) = part {
            s.push_str(&t);
        }
    }
    Ok(s)
}

/// `ElementPath.findall(elem, path, namespaces)`.
fn run(cx: &Cx, elem: &ElemRef, p: &str, namespaces: &[(String, String)]) -> PyResult<Vec<ElemRef>> {
    let Some(steps) = compile(p, namespaces)? else { return Ok(Vec::new()) };
    let mut ctx = Context { root: elem.clone(), parents: None };
    let mut result = vec![elem.clone()];
    for step in &steps {
        cx.check_interrupt()?;
        result = apply(cx, &mut ctx, step, result)?;
    }
    Ok(result)
}

/// Whether a path needs ElementPath (the C accelerator's `checkpath`):
/// else it is a plain tag compared with each child's.
fn needs_path(p: &str) -> bool {
    if p.starts_with("{}") || p.starts_with("{*}") {
        return p.chars().count() >= 3;
    }
    let mut check = true;
    for c in p.chars() {
        match c {
            '{' => check = false,
            '}' => check = true,
            '/' | '*' | '[' | '@' | '.' if check => return true,
            _ => {}
        }
    }
    false
}

/// The namespace map argument as (prefix, uri) pairs.
fn namespace_pairs(ns: Option<&Py>) -> PyResult<Vec<(String, String)>> {
    let Some(ns) = ns.filter(|n| !n.is_none()) else { return Ok(Vec::new()) };
    let Some(d) = ns.downcast::<Dict>() else {
        return Err(exceptions::type_error(format!("namespaces must be a dict, not {}", semantics::type_name(ns))));
    };
    d.items()
        .into_iter()
        .map(|(k, v)| match (k, v) {
            (Py::Str(k), Py::Str(v)) => Ok((k.to_string(), v.to_string())),
            (k, _) => {
                Err(exceptions::type_error(format!("namespace prefix must be str, not {}", semantics::type_name(&k))))
            }
        })
        .collect()
}

/// `elem.findall(path, namespaces)` (and the first of it for `find`).
pub fn findall(cx: &Cx, elem: &ElemRef, p: &Py, ns: Option<&Py>) -> PyResult<Vec<ElemRef>> {
    let has_ns = ns.is_some_and(|n| !n.is_none());
    let Py::Str(path) = p else {
        if has_ns {
            return Err(exceptions::type_error("expected str path"));
        }
        let mut out = Vec::new();
        for c in elem.children() {
            if semantics::eq(cx, &c.tag(), p)? {
                out.push(c);
            }
        }
        return Ok(out);
    };
    if !has_ns && !needs_path(path) {
        return Ok(elem.children().into_iter().filter(|c| tag_is(&c.tag(), path)).collect());
    }
    let pairs = namespace_pairs(ns)?;
    run(cx, elem, path, &pairs)
}
