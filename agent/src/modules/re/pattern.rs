//! `re.Pattern`: a compiled pattern and its operations — `match`,
//! `search`, `fullmatch`, `findall`, `finditer`, `sub`, `subn`, `split` —
//! with CPython 3.11's treatment of empty matches. A Pattern copies by
//! value as `re._compile(pattern, flags)`, as pickle does it.

use std::sync::{LazyLock, Mutex};

use rpyc_protocol::Value;

use super::engine::{EngineRef, Mode, Spans};
use super::flags::{flag_repr, UNICODE};
use super::matchobj::MatchObj;
use super::subject::{Subject, Text};
use super::template::{self, Piece};
use super::{template_error, text_chars};
use crate::objects::iter::CALLABLE_ITERATOR;
use crate::objects::list::List;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static PATTERN: LazyLock<TypeRef> = LazyLock::new(|| Type::native("re", "Pattern", None, &PATTERN_METHODS, None));

pub struct PatternObj {
    pub engine: EngineRef,
}

impl PyObject for PatternObj {
    fn ty(&self) -> TypeRef {
        PATTERN.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let shown: String = semantics::repr(cx, &self.engine.source)?.chars().take(200).collect();
        let mut flags = self.engine.info.flags;
        if !self.engine.is_bytes {
            flags &= !UNICODE;
        }
        if flags == 0 {
            return Ok(format!("re.compile({shown})"));
        }
        Ok(format!("re.compile({shown}, {})", flag_repr(flags)))
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        let key = Py::tuple(vec![self.engine.source.clone(), Py::Int(self.engine.info.flags)]);
        semantics::hash(cx, &key).map(Some)
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<PatternObj>() else { return Ok(None) };
        let same = self.engine.info.flags == o.engine.info.flags
            && self.engine.is_bytes == o.engine.is_bytes
            && semantics::eq(cx, &self.engine.source, &o.engine.source)?;
        Ok(match op {
            CmpOp::Eq => Some(same),
            CmpOp::Ne => Some(!same),
            _ => None,
        })
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "re._compile".into(),
            args: vec![semantics::to_value(cx, &self.engine.source)?, Value::Int(self.engine.info.flags)],
            state: None,
        }))))
    }
}

pub fn pattern_self(this: &Py) -> PyResult<&PatternObj> {
    this.downcast::<PatternObj>().ok_or_else(|| exceptions::type_error("descriptor requires a 're.Pattern' object"))
}

/// A match object for spans found in `subject`.
fn make_match(
    pattern: &Py,
    engine: &EngineRef,
    string: &Py,
    subject: &Subject,
    spans: Spans,
    bounds: (usize, usize),
) -> Py {
    Py::obj(MatchObj {
        pattern: pattern.clone(),
        engine: engine.clone(),
        string: string.clone(),
        text: subject.text.clone(),
        pos: bounds.0,
        endpos: bounds.1,
        spans: subject.indices(&spans),
        byte_spans: spans,
    })
}

/// `(string, pos=0, endpos=sys.maxsize)`.
fn string_args(func: &str, args: Args) -> PyResult<(Py, i64, i64)> {
    let [string, pos, endpos] = args.bind(func, ["string", "pos?", "endpos?"])?;
    let pos = args::opt_int(func, pos.as_ref())?.unwrap_or(0);
    let endpos = args::opt_int(func, endpos.as_ref())?.unwrap_or(i64::MAX);
    Ok((args::req(string), pos, endpos))
}

/// `match`, `search` and `fullmatch`.
pub fn find(pattern: &Py, string: &Py, pos: i64, endpos: i64, mode: Mode) -> PyResult<Py> {
    let engine = &pattern_self(pattern)?.engine;
    let subject = Subject::of(string, engine.is_bytes)?;
    let (p, e, pb, eb) = subject.bounds(pos, endpos);
    if p > e {
        return Ok(Py::None);
    }
    match engine.find(subject.hay(eb), pb, mode)? {
        Some(spans) => Ok(make_match(pattern, engine, string, &subject, spans, (p, e))),
        None => Ok(Py::None),
    }
}

/// Every match, as SRE iterates: after an empty match, the next may not
/// be empty at the same place.
#[allow(clippy::too_many_arguments)]
fn each_match(
    cx: &Cx,
    engine: &EngineRef,
    subject: &Subject,
    start: usize,
    end: usize,
    limit: Option<usize>,
    groups: bool,
    mut f: impl FnMut(Spans) -> PyResult<()>,
) -> PyResult<usize> {
    let hay = subject.hay(end);
    let (mut pos, mut must_advance, mut n) = (start, false, 0);
    while limit.is_none_or(|l| n < l) {
        cx.check_interrupt()?;
        let Some(spans) = engine.find_next(hay, pos, must_advance, groups)? else { break };
        let (a, b) = spans[0].unwrap_or((pos, pos));
        f(spans)?;
        n += 1;
        must_advance = a == b;
        pos = b;
    }
    Ok(n)
}

/// `findall`: strings, a group's text, or tuples of groups' text.
pub fn findall(cx: &Cx, pattern: &Py, string: &Py, pos: i64, endpos: i64) -> PyResult<Py> {
    let engine = &pattern_self(pattern)?.engine;
    let subject = Subject::of(string, engine.is_bytes)?;
    let (p, e, pb, eb) = subject.bounds(pos, endpos);
    let mut out = Vec::new();
    if p <= e {
        let text = |s: Option<(usize, usize)>| s.map_or_else(|| subject.slice(0, 0), |(a, b)| subject.slice(a, b));
        each_match(cx, engine, &subject, pb, eb, None, engine.info.groups > 0, |spans| {
            out.push(match engine.info.groups {
                0 => text(spans[0]),
                1 => text(spans[1]),
                _ => Py::tuple(spans[1..].iter().map(|s| text(*s)).collect::<Vec<_>>()),
            });
            Ok(())
        })?;
    }
    Ok(List::new(out))
}

/// `split`: the text between matches, with the groups' text (or None)
/// after each.
pub fn split(cx: &Cx, pattern: &Py, string: &Py, maxsplit: i64) -> PyResult<Py> {
    let engine = &pattern_self(pattern)?.engine;
    let subject = Subject::of(string, engine.is_bytes)?;
    let end = byte_len(&subject.text);
    let mut out = Vec::new();
    let mut last = 0;
    if maxsplit >= 0 {
        let limit = (maxsplit > 0).then_some(maxsplit as usize);
        each_match(cx, engine, &subject, 0, end, limit, engine.info.groups > 0, |spans| {
            let (a, b) = spans[0].unwrap_or((last, last));
            out.push(subject.slice(last, a));
            out.extend(spans[1..].iter().map(|s| s.map_or(Py::None, |(x, y)| subject.slice(x, y))));
            last = b;
            Ok(())
        })?;
    }
    out.push(subject.slice(last, end));
    Ok(List::new(out))
}

fn byte_len(text: &Text) -> usize {
    match text {
        Text::Str(s) => s.len(),
        Text::Bytes(b) => b.len(),
    }
}

/// What replaces each match in `sub`.
enum Repl {
    Pieces(Vec<Piece>),
    Call(Py),
    /// Text of the other kind than the pattern's, kept as it is (joining
    /// then fails, as in CPython).
    Value(Py),
}

/// `sub`/`subn`: the new string and the number of replacements.
pub fn subn(cx: &Cx, pattern: &Py, repl: &Py, string: &Py, count: i64) -> PyResult<(Py, usize)> {
    let engine = &pattern_self(pattern)?.engine;
    let subject = Subject::of(string, engine.is_bytes)?;
    let is_str = matches!(repl, Py::Str(_));
    let is_text = is_str || crate::modules::buffer::buffer_of(repl).is_some();
    let repl = if is_text && is_str == engine.is_bytes {
        Repl::Value(repl.clone())
    } else if is_text {
        let pieces =
            template::parse(text_chars(repl, engine.is_bytes)?, engine).map_err(|e| template_error(e, repl))?;
        Repl::Pieces(pieces)
    } else {
        Repl::Call(repl.clone())
    };
    let end = byte_len(&subject.text);
    let mut parts: Vec<Py> = Vec::new();
    let mut last = 0;
    let limit = match count {
        0 => None,
        n if n < 0 => Some(0),
        n => Some(n as usize),
    };
    // `endpos` of the match objects a callable receives (counting code
    // points once, not per match).
    let len = if matches!(repl, Repl::Call(_)) { subject.len() } else { 0 };
    // Groups are found only when the replacement uses them.
    let groups = match &repl {
        Repl::Pieces(pieces) => pieces.iter().any(|p| matches!(p, Piece::Group(g) if *g > 0)),
        Repl::Call(_) => true,
        Repl::Value(_) => false,
    };
    let n = each_match(cx, engine, &subject, 0, end, limit, groups, |spans| {
        let (a, b) = spans[0].unwrap_or((last, last));
        if last < a {
            parts.push(subject.slice(last, a));
        }
        let item = match &repl {
            Repl::Pieces(pieces) => {
                let m = MatchObj {
                    pattern: pattern.clone(),
                    engine: engine.clone(),
                    string: string.clone(),
                    text: subject.text.clone(),
                    pos: 0,
                    endpos: len,
                    spans: Vec::new(),
                    byte_spans: spans,
                };
                m.expand(pieces)
            }
            Repl::Value(v) => v.clone(),
            Repl::Call(f) => {
                semantics::call(cx, f, Args::one(make_match(pattern, engine, string, &subject, spans, (0, len))))?
            }
        };
        if !item.is_none() {
            parts.push(item);
        }
        last = b;
        Ok(())
    })?;
    if last < end {
        parts.push(subject.slice(last, end));
    }
    Ok((join(&parts, engine.is_bytes)?, n))
}

/// `''.join(parts)` with its errors for items of the wrong kind.
fn join(parts: &[Py], is_bytes: bool) -> PyResult<Py> {
    if is_bytes {
        let mut out = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            match crate::modules::buffer::buffer_of(p) {
                Some(b) => out.extend_from_slice(&b),
                None => {
                    return Err(exceptions::type_error(format!(
                        "sequence item {i}: expected a bytes-like object, {} found",
                        semantics::type_name(p)
                    )))
                }
            }
        }
        return Ok(Py::bytes(out));
    }
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        match p {
            Py::Str(s) => out.push_str(s),
            other => {
                return Err(exceptions::type_error(format!(
                    "sequence item {i}: expected str instance, {} found",
                    semantics::type_name(other)
                )))
            }
        }
    }
    Ok(Py::str(out))
}

/// `finditer`'s iterator: matches found one `next()` at a time.
struct FindIter {
    pattern: Py,
    engine: EngineRef,
    string: Py,
    text: Text,
    bounds: (usize, usize, usize),
    ascii: bool,
    state: Mutex<IterState>,
}

/// Where a `finditer` iteration is.
#[derive(Clone, Copy)]
struct IterState {
    /// Next byte position and whether the last match was empty there;
    /// `None` once exhausted.
    next: Option<(usize, bool)>,
    /// Offset conversions resume here (iteration stays linear).
    cursor: (usize, usize),
}

impl PyObject for FindIter {
    fn ty(&self) -> TypeRef {
        CALLABLE_ITERATOR.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<callable_iterator object at {:#x}>", crate::runtime::object::address(this)))
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let current = *self.state.lock().unwrap_or_else(|e| e.into_inner());
        let Some((pos, must_advance)) = current.next else { return Ok(None) };
        let subject = Subject::resumed(self.text.clone(), self.ascii, current.cursor);
        let found = self.engine.find_next(subject.hay(self.bounds.2), pos, must_advance, true)?;
        let next = found.as_ref().and_then(|spans| spans[0]).map(|(a, b)| (b, a == b));
        let m = found.map(|spans| {
            make_match(&self.pattern, &self.engine, &self.string, &subject, spans, (self.bounds.0, self.bounds.1))
        });
        *self.state.lock().unwrap_or_else(|e| e.into_inner()) = IterState { next, cursor: subject.cursor() };
        Ok(m)
    }
}

/// `finditer`.
pub fn finditer(pattern: &Py, string: &Py, pos: i64, endpos: i64) -> PyResult<Py> {
    let engine = pattern_self(pattern)?.engine.clone();
    let subject = Subject::of(string, engine.is_bytes)?;
    let (p, e, pb, eb) = subject.bounds(pos, endpos);
    let next = if p <= e { Some((pb, false)) } else { None };
    Ok(Py::obj(FindIter {
        pattern: pattern.clone(),
        engine,
        string: string.clone(),
        text: subject.text.clone(),
        bounds: (p, e, eb),
        ascii: subject.is_ascii(),
        state: Mutex::new(IterState { next, cursor: subject.cursor() }),
    }))
}

fn count_arg(func: &str, v: Option<Py>) -> PyResult<i64> {
    Ok(args::opt_int(func, v.as_ref())?.unwrap_or(0))
}

static PATTERN_METHODS: [Method; 12] = [
    method("match", |_, this, a| {
        let (s, p, e) = string_args("match", a)?;
        find(this, &s, p, e, Mode::Match)
    }),
    method("search", |_, this, a| {
        let (s, p, e) = string_args("search", a)?;
        find(this, &s, p, e, Mode::Search)
    }),
    method("fullmatch", |_, this, a| {
        let (s, p, e) = string_args("fullmatch", a)?;
        find(this, &s, p, e, Mode::Full)
    }),
    method("findall", |cx, this, a| {
        let (s, p, e) = string_args("findall", a)?;
        findall(cx, this, &s, p, e)
    }),
    method("finditer", |_, this, a| {
        let (s, p, e) = string_args("finditer", a)?;
        finditer(this, &s, p, e)
    }),
    method("sub", |cx, this, a| {
        let [repl, string, count] = a.bind("sub", ["repl", "string", "count?"])?;
        Ok(subn(cx, this, &args::req(repl), &args::req(string), count_arg("sub", count)?)?.0)
    }),
    method("subn", |cx, this, a| {
        let [repl, string, count] = a.bind("subn", ["repl", "string", "count?"])?;
        let (s, n) = subn(cx, this, &args::req(repl), &args::req(string), count_arg("subn", count)?)?;
        Ok(Py::tuple(vec![s, Py::from(n)]))
    }),
    method("split", |cx, this, a| {
        let [string, maxsplit] = a.bind("split", ["string", "maxsplit?"])?;
        split(cx, this, &args::req(string), count_arg("split", maxsplit)?)
    }),
    property("pattern", |_, this, _| Ok(pattern_self(this)?.engine.source.clone())),
    property("flags", |_, this, _| Ok(Py::Int(pattern_self(this)?.engine.info.flags))),
    property("groups", |_, this, _| Ok(Py::from(pattern_self(this)?.engine.info.groups))),
    property("groupindex", |cx, this, _| {
        let names = &pattern_self(this)?.engine.info.names;
        let pairs = names.iter().map(|(n, g)| (Py::str(n.as_str()), Py::from(*g))).collect();
        Ok(super::proxy::MappingProxy::new(crate::objects::dict::Dict::from_pairs(cx, pairs)?))
    }),
];
