//! `re.Match`: one match of a pattern — groups by number or name, spans,
//! `lastindex`/`lastgroup`, `expand`, `m[1]`. Matches cannot be pickled:
//! they stay on the agent.

use std::sync::LazyLock;

use super::engine::{EngineRef, Spans};
use super::subject::Text;
use super::template::{self, Piece};
use super::{template_error, text_chars};
use crate::objects::dict::Dict;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MATCH: LazyLock<TypeRef> = LazyLock::new(|| Type::native("re", "Match", None, &MATCH_METHODS, None));

pub struct MatchObj {
    /// The Pattern object (`m.re`).
    pub pattern: Py,
    pub engine: EngineRef,
    /// The subject as given (`m.string`).
    pub string: Py,
    pub text: Text,
    pub pos: usize,
    pub endpos: usize,
    /// Spans in Python's units, and in byte offsets of `text`.
    pub spans: Spans,
    pub byte_spans: Spans,
}

impl MatchObj {
    /// The text of group `i`, `None` if it did not take part.
    pub fn group_value(&self, i: usize) -> Option<Py> {
        let (a, b) = self.byte_spans.get(i).copied().flatten()?;
        Some(match &self.text {
            Text::Str(s) => Py::str(&s[a..b]),
            Text::Bytes(d) => Py::bytes(d[a..b].to_vec()),
        })
    }

    /// A group argument: a number (`__index__`) or a name.
    fn index(&self, v: &Py) -> PyResult<usize> {
        let no_such = || exceptions::index_error("no such group");
        let i = match semantics::index_value(v) {
            Some(Py::Int(n)) => n,
            Some(_) => return Err(no_such()),
            None => match v {
                Py::Str(name) => {
                    self.engine.info.names.iter().find(|(k, _)| **k == **name).map_or(-1, |(_, g)| *g as i64)
                }
                _ => -1,
            },
        };
        if i < 0 || i as usize > self.engine.info.groups {
            return Err(no_such());
        }
        Ok(i as usize)
    }

    /// `lastindex`: the matched group that closed last.
    pub fn lastindex(&self) -> Option<usize> {
        let rank = &self.engine.info.close_rank;
        (1..self.spans.len())
            .filter_map(|g| self.spans[g].map(|(_, end)| (end, rank.get(g).copied().unwrap_or(0), g)))
            .max()
            .map(|(_, _, g)| g)
    }

    /// The text of a template with this match's groups.
    pub fn expand(&self, pieces: &[Piece]) -> Py {
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Group(g) => {
                    if let Some((a, b)) = self.byte_spans.get(*g).copied().flatten() {
                        match &self.text {
                            Text::Str(s) => out.push_str(&s[a..b]),
                            Text::Bytes(d) => out.extend(d[a..b].iter().map(|&c| char::from(c))),
                        }
                    }
                }
            }
        }
        match &self.text {
            Text::Str(_) => Py::str(out),
            Text::Bytes(_) => Py::bytes(out.chars().map(|c| c as u32 as u8).collect::<Vec<_>>()),
        }
    }
}

impl PyObject for MatchObj {
    fn ty(&self) -> TypeRef {
        MATCH.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let (a, b) = self.spans[0].unwrap_or((0, 0));
        let shown: String = semantics::repr(cx, &self.group_value(0).unwrap_or(Py::None))?.chars().take(50).collect();
        Ok(format!("<re.Match object; span=({a}, {b}), match={shown}>"))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.index(key)?;
        Ok(Some(self.group_value(i).unwrap_or(Py::None)))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.pattern.clone(), self.string.clone()]
    }
}

fn me(this: &Py) -> PyResult<&MatchObj> {
    this.downcast::<MatchObj>().ok_or_else(|| exceptions::type_error("descriptor requires a 're.Match' object"))
}

fn group(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.no_kw("group")?;
    let m = me(this)?;
    let value = |v: &Py| -> PyResult<Py> { Ok(m.group_value(m.index(v)?).unwrap_or(Py::None)) };
    match &args.pos[..] {
        [] => Ok(m.group_value(0).unwrap_or(Py::None)),
        [one] => value(one),
        many => Ok(Py::tuple(many.iter().map(value).collect::<PyResult<Vec<_>>>()?)),
    }
}

/// The group of `start`/`end`/`span` (0 when absent).
fn group_arg(m: &MatchObj, func: &str, args: Args) -> PyResult<usize> {
    let [g] = args.bind(func, ["group?"])?;
    g.map_or(Ok(0), |g| m.index(&g))
}

fn span_of(m: &MatchObj, g: usize) -> (i64, i64) {
    m.spans[g].map_or((-1, -1), |(a, b)| (a as i64, b as i64))
}

static MATCH_METHODS: [Method; 17] = [
    method("group", group),
    method("__getitem__", |cx, this, args| {
        let [g] = args.bind("__getitem__", ["key"])?;
        group(cx, this, Args::one(args::req(g)))
    }),
    method("groups", |_, this, args| {
        let [default] = args.bind("groups", ["default?"])?;
        let m = me(this)?;
        let default = default.unwrap_or(Py::None);
        let items = (1..m.spans.len()).map(|g| m.group_value(g).unwrap_or_else(|| default.clone())).collect::<Vec<_>>();
        Ok(Py::tuple(items))
    }),
    method("groupdict", |cx, this, args| {
        let [default] = args.bind("groupdict", ["default?"])?;
        let m = me(this)?;
        let default = default.unwrap_or(Py::None);
        let pairs = m
            .engine
            .info
            .names
            .iter()
            .map(|(name, g)| (Py::str(name.as_str()), m.group_value(*g).unwrap_or_else(|| default.clone())))
            .collect();
        Dict::from_pairs(cx, pairs)
    }),
    method("start", |_, this, args| {
        let m = me(this)?;
        Ok(Py::Int(span_of(m, group_arg(m, "start", args)?).0))
    }),
    method("end", |_, this, args| {
        let m = me(this)?;
        Ok(Py::Int(span_of(m, group_arg(m, "end", args)?).1))
    }),
    method("span", |_, this, args| {
        let m = me(this)?;
        let (a, b) = span_of(m, group_arg(m, "span", args)?);
        Ok(Py::tuple(vec![Py::Int(a), Py::Int(b)]))
    }),
    method("expand", |_, this, args| {
        let [t] = args.bind("expand", ["template"])?;
        let m = me(this)?;
        let t = args::req(t);
        let chars = text_chars(&t, m.engine.is_bytes)?;
        let pieces = template::parse(chars, &m.engine).map_err(|e| template_error(e, &t))?;
        Ok(m.expand(&pieces))
    }),
    property("pos", |_, this, _| Ok(Py::from(me(this)?.pos))),
    property("endpos", |_, this, _| Ok(Py::from(me(this)?.endpos))),
    property("lastindex", |_, this, _| Ok(me(this)?.lastindex().map_or(Py::None, Py::from))),
    property("lastgroup", |_, this, _| {
        let m = me(this)?;
        let Some(last) = m.lastindex() else { return Ok(Py::None) };
        Ok(m.engine.info.names.iter().find(|(_, g)| *g == last).map_or(Py::None, |(n, _)| Py::str(n.as_str())))
    }),
    property("re", |_, this, _| Ok(me(this)?.pattern.clone())),
    property("string", |_, this, _| Ok(me(this)?.string.clone())),
    property("regs", |_, this, _| {
        let m = me(this)?;
        let regs = (0..m.spans.len())
            .map(|g| span_of(m, g))
            .map(|(a, b)| Py::tuple(vec![Py::Int(a), Py::Int(b)]))
            .collect::<Vec<_>>();
        Ok(Py::tuple(regs))
    }),
    method("__copy__", |_, this, _| Ok(this.clone())),
    method("__deepcopy__", |_, this, _| Ok(this.clone())),
];
