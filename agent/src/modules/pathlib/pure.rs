//! `PurePath`'s methods and properties: the parts of a path and new paths
//! made from them, with CPython 3.11's rules and messages.

use std::sync::{Arc, LazyLock};

use super::{parse_parts, path_self, PathObj};
use crate::modules::fnmatch::Pattern;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub(super) static METHODS: [Method; 26] = [
    property("drive", |_, this, _| path_self(this).map(|_| Py::str(""))),
    property("root", |_, this, _| Ok(Py::str(path_self(this)?.root))),
    property("anchor", |_, this, _| Ok(Py::str(path_self(this)?.root))),
    property("name", |_, this, _| Ok(Py::str(name(path_self(this)?)))),
    property("suffix", |_, this, _| Ok(Py::str(suffix(name(path_self(this)?))))),
    property("suffixes", suffixes),
    property("stem", stem),
    property("parts", |_, this, _| {
        Ok(Py::tuple(path_self(this)?.parts.iter().map(|p| Py::Str(p.clone())).collect::<Vec<_>>()))
    }),
    property("parent", parent),
    property("parents", |_, this, _| {
        let p = path_self(this)?;
        Ok(Py::obj(Parents { ty: p.ty.clone(), root: p.root, parts: p.parts.clone() }))
    }),
    method("with_name", with_name),
    method("with_stem", with_stem),
    method("with_suffix", with_suffix),
    method("relative_to", relative_to),
    method("is_relative_to", is_relative_to),
    method("joinpath", |cx, this, args| {
        args.no_kw("joinpath")?;
        path_self(this)?.child(cx, &args.pos)
    }),
    method("is_absolute", |_, this, args| {
        args.none("is_absolute")?;
        Ok(Py::Bool(!path_self(this)?.root.is_empty()))
    }),
    method("is_reserved", |_, this, args| {
        args.none("is_reserved")?;
        path_self(this).map(|_| Py::Bool(false))
    }),
    method("match", match_),
    method("as_posix", |_, this, args| {
        args.none("as_posix")?;
        Ok(Py::from(path_self(this)?.text()))
    }),
    method("as_uri", as_uri),
    method("__truediv__", |cx, this, args| div(cx, this, args, false)),
    method("__rtruediv__", |cx, this, args| div(cx, this, args, true)),
    method("__fspath__", |_, this, args| {
        args.none("__fspath__")?;
        Ok(Py::from(path_self(this)?.text()))
    }),
    method("__bytes__", |_, this, args| {
        args.none("__bytes__")?;
        Ok(Py::bytes(path_self(this)?.text().into_bytes()))
    }),
    method("__reduce__", |_, this, args| {
        args.none("__reduce__")?;
        let p = path_self(this)?;
        let parts: Vec<Py> = p.parts.iter().map(|s| Py::Str(s.clone())).collect();
        Ok(Py::tuple(vec![Py::Obj(p.ty.clone()), Py::tuple(parts)]))
    }),
];

/// The final component, if any.
pub(super) fn name(p: &PathObj) -> &str {
    let anchored = usize::from(!p.root.is_empty());
    if p.parts.len() == anchored {
        return "";
    }
    p.parts.last().map_or("", |s| s)
}

/// Where the last suffix of a name starts (`0 < i < len - 1`).
fn suffix_at(name: &str) -> Option<usize> {
    let i = name.rfind('.')?;
    (0 < i && i < name.len() - 1).then_some(i)
}

fn suffix(name: &str) -> &str {
    suffix_at(name).map_or("", |i| &name[i..])
}

fn suffixes(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let name = name(path_self(this)?);
    if name.ends_with('.') {
        return Ok(crate::objects::list::List::new(Vec::new()));
    }
    let name = name.trim_start_matches('.');
    let items = name.split('.').skip(1).map(|s| Py::from(format!(".{s}"))).collect();
    Ok(crate::objects::list::List::new(items))
}

fn stem(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let name = name(path_self(this)?);
    Ok(Py::str(suffix_at(name).map_or(name, |i| &name[..i])))
}

fn parent(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let p = path_self(this)?;
    if p.parts.len() == 1 && !p.root.is_empty() {
        return Ok(this.clone());
    }
    Ok(p.like(p.root, p.parts[..p.parts.len().saturating_sub(1)].to_vec()))
}

fn repr_of(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).unwrap_or_default()
}

fn with_name(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [new] = args.bind("with_name", ["name"])?;
    let new = req(new);
    let p = path_self(this)?;
    if name(p).is_empty() {
        return Err(exceptions::value_error(format!("{} has an empty name", repr_of(cx, this))));
    }
    let s = match &new {
        Py::Str(s) => s.clone(),
        // CPython's parse_parts((name,)) indexes the non-str first.
        other => {
            return Err(exceptions::type_error(format!(
                "'{}' object is not subscriptable",
                semantics::type_name(other)
            )))
        }
    };
    let (root, parts) = parse_parts(std::slice::from_ref(&s));
    if s.is_empty() || s.ends_with('/') || !root.is_empty() || parts.len() != 1 {
        return Err(exceptions::value_error(format!("Invalid name {}", repr_of(cx, &new))));
    }
    let mut out = p.parts.clone();
    out.pop();
    out.push(s);
    Ok(p.like(p.root, out))
}

fn with_stem(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [new] = args.bind("with_stem", ["stem"])?;
    let new = req(new);
    let Py::Str(s) = &new else {
        return Err(exceptions::type_error(format!(
            "unsupported operand type(s) for +: '{}' and 'str'",
            semantics::type_name(&new)
        )));
    };
    let p = path_self(this)?;
    let full = format!("{s}{}", suffix(name(p)));
    with_name(cx, this, Args::one(Py::from(full)))
}

fn with_suffix(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [new] = args.bind("with_suffix", ["suffix"])?;
    let new = req(new);
    let s = match &new {
        Py::Str(s) => s.clone(),
        // CPython's first test is `sep in suffix`.
        other => {
            return Err(exceptions::type_error(format!(
                "argument of type '{}' is not iterable",
                semantics::type_name(other)
            )))
        }
    };
    if s.contains('/') || (!s.is_empty() && !s.starts_with('.')) || &*s == "." {
        return Err(exceptions::value_error(format!("Invalid suffix {}", repr_of(cx, &new))));
    }
    let p = path_self(this)?;
    let name = name(p);
    if name.is_empty() {
        return Err(exceptions::value_error(format!("{} has an empty name", repr_of(cx, this))));
    }
    let old = suffix(name);
    let stem = &name[..name.len() - old.len()];
    let mut out = p.parts.clone();
    out.pop();
    out.push(Arc::from(format!("{stem}{s}")));
    Ok(p.like(p.root, out))
}

/// `relative_to(*other)`: the rest of this path under `other`.
fn relative(cx: &Cx, p: &PathObj, other: &[Py]) -> PyResult<Py> {
    if other.is_empty() {
        return Err(exceptions::type_error("need at least one argument"));
    }
    // Drive and root are separate parts here: ['', '/', 'a'] for /a.
    let abs = |root: &'static str, parts: &[Arc<str>]| -> Vec<Arc<str>> {
        if root.is_empty() {
            parts.to_vec()
        } else {
            let mut v = vec![Arc::from(""), Arc::from(root)];
            v.extend(parts[1..].iter().cloned());
            v
        }
    };
    let abs_parts = abs(p.root, &p.parts);
    let (to_root, to_parts) = parse_parts(&PathObj::arg_parts(cx, other)?);
    let to_abs = abs(to_root, &to_parts);
    let n = to_abs.len();
    let fails = if n == 0 { !p.root.is_empty() } else { abs_parts.len() < n || abs_parts[..n] != to_abs[..] };
    if fails {
        let formatted = PathObj { ty: p.ty.clone(), root: to_root, parts: to_parts }.text();
        let formatted = if to_abs.is_empty() { String::new() } else { formatted };
        return Err(exceptions::value_error(format!(
            "{} is not in the subpath of {} OR one path is relative and the other is absolute.",
            repr_of(cx, &Py::from(p.text())),
            repr_of(cx, &Py::from(formatted))
        )));
    }
    let root = if n == 1 { p.root } else { "" };
    Ok(p.like(root, abs_parts[n..].to_vec()))
}

fn relative_to(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.no_kw("relative_to")?;
    relative(cx, path_self(this)?, &args.pos)
}

fn is_relative_to(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.no_kw("is_relative_to")?;
    match relative(cx, path_self(this)?, &args.pos) {
        Ok(_) => Ok(Py::Bool(true)),
        Err(e) if e.is("ValueError") => Ok(Py::Bool(false)),
        Err(e) => Err(e),
    }
}

/// `match(pattern)`: matched from the right, part by part.
fn match_(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [pat] = args.bind("match", ["path_pattern"])?;
    let pat = req(pat);
    let Py::Str(pat) = &pat else {
        return Err(exceptions::type_error(format!("'{}' object is not subscriptable", semantics::type_name(&pat))));
    };
    let p = path_self(this)?;
    let (root, pat_parts) = parse_parts(std::slice::from_ref(pat));
    if pat_parts.is_empty() {
        return Err(exceptions::value_error("empty pattern"));
    }
    if !root.is_empty() && root != p.root {
        return Ok(Py::Bool(false));
    }
    let pat_parts: &[Arc<str>] = if !root.is_empty() {
        if pat_parts.len() != p.parts.len() {
            return Ok(Py::Bool(false));
        }
        &pat_parts[1..]
    } else {
        if pat_parts.len() > p.parts.len() {
            return Ok(Py::Bool(false));
        }
        &pat_parts
    };
    for (part, pat) in p.parts.iter().rev().zip(pat_parts.iter().rev()) {
        let pattern = Pattern::new(&pat.chars().collect::<Vec<_>>());
        if !pattern.matches(&part.chars().collect::<Vec<_>>()) {
            return Ok(Py::Bool(false));
        }
    }
    Ok(Py::Bool(true))
}

/// `as_uri()`: `file://` and the path's bytes, percent-quoted as
/// `urllib.parse.quote_from_bytes` does (safe: letters, digits, `_.-~/`).
fn as_uri(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("as_uri")?;
    let p = path_self(this)?;
    if p.root.is_empty() {
        return Err(exceptions::value_error("relative path can't be expressed as a file URI"));
    }
    let mut out = String::from("file://");
    for b in p.text().bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Ok(Py::from(out))
}

fn div(cx: &Cx, this: &Py, args: Args, reflected: bool) -> PyResult<Py> {
    let [other] = args.bind(if reflected { "__rtruediv__" } else { "__truediv__" }, ["key"])?;
    let Py::Obj(o) = this else { return Err(exceptions::type_error("a path is required")) };
    Ok(o.binary(o, crate::runtime::object::BinOp::TrueDiv, &req(other), reflected, cx)?
        .unwrap_or_else(crate::objects::singletons::not_implemented))
}

static PARENTS_TYPE: LazyLock<TypeRef> = LazyLock::new(|| Type::native("pathlib", "_PathParents", None, &[], None));

/// `path.parents`: the logical ancestors, as a sequence.
struct Parents {
    ty: TypeRef,
    root: &'static str,
    parts: Vec<Arc<str>>,
}

impl Parents {
    fn count(&self) -> usize {
        if self.root.is_empty() {
            self.parts.len()
        } else {
            self.parts.len() - 1
        }
    }

    fn at(&self, idx: usize) -> Py {
        PathObj::make(&self.ty, self.root, self.parts[..self.parts.len() - idx - 1].to_vec())
    }
}

impl PyObject for Parents {
    fn ty(&self) -> TypeRef {
        PARENTS_TYPE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<{}.parents>", self.ty.name))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.count()))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let n = self.count();
        if let Some(s) = key.downcast::<Slice>() {
            let items: Vec<Py> = slice::positions(cx, s, n)?.map(|i| self.at(i)).collect();
            return Ok(Some(Py::tuple(items)));
        }
        let idx = args::to_int("__getitem__", key)?;
        let len = n as i64;
        if idx >= len || idx < -len {
            return Err(exceptions::index_error(idx.to_string()));
        }
        Ok(Some(self.at(if idx < 0 { idx + len } else { idx } as usize)))
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        let items: Vec<Py> = (0..self.count()).map(|i| self.at(i)).collect();
        semantics::iter(cx, &Py::tuple(items)).map(Some)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        for i in 0..self.count() {
            if semantics::eq(cx, &self.at(i), item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
}
