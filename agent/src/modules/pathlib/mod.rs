//! `pathlib`: path objects as CPython 3.11's pathlib makes them on POSIX —
//! the same parsing into a root and parts, the same `repr`, equality,
//! ordering and hashing on the parts, `/` both ways, and copying by value
//! as pickle rebuilds them (`PosixPath(*parts)`), so `obtain()` gives the
//! client a real `pathlib.PosixPath`.
//!
//! - [`pure`]: the methods of `PurePath` (no I/O).
//! - [`concrete`]: the methods of `Path` that touch the filesystem.
//! - [`select`]: `Path.glob`/`rglob`, CPython's selectors.
//!
//! Classes have one base here, so the chain is CPython's MRO of
//! `PosixPath`: `PosixPath → Path → PurePosixPath → PurePath`
//! (`issubclass(Path, PurePosixPath)` is thus true, where CPython says
//! false). Windows paths are not implemented.

mod concrete;
mod pure;
mod select;
#[cfg(test)]
mod tests;

use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use crate::objects::module::ModuleDef;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "pathlib",
    type_name: "pathlib",
    doc: "Object-oriented filesystem paths.",
    functions: &[],
    attr,
    attr_names: &["PurePath", "PurePosixPath", "PureWindowsPath", "Path", "PosixPath", "WindowsPath"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "PurePath" => &PURE_PATH,
        "PurePosixPath" => &PURE_POSIX_PATH,
        "Path" => &PATH,
        "PosixPath" => &POSIX_PATH,
        "WindowsPath" => &WINDOWS_PATH,
        "PureWindowsPath" => &PURE_WINDOWS_PATH,
        _ => return None,
    };
    Some(Ok(type_value(t)))
}

pub static PURE_PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "PurePath", None, &pure::METHODS, Some(new_path)));
pub static PURE_POSIX_PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "PurePosixPath", Some(&PURE_PATH), &[], Some(new_path)));
pub static PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "Path", Some(&PURE_POSIX_PATH), &concrete::METHODS, Some(new_path)));
pub static POSIX_PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "PosixPath", Some(&PATH), &[], Some(new_path)));
static WINDOWS_PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "WindowsPath", Some(&PATH), &[], Some(new_windows)));
static PURE_WINDOWS_PATH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("pathlib", "PureWindowsPath", Some(&PURE_PATH), &[], Some(new_pure_windows)));

/// `WindowsPath(...)` on POSIX, as CPython refuses it.
fn new_windows(_cx: &Cx, _cls: &TypeRef, _args: Args) -> PyResult<Py> {
    Err(exceptions::new("NotImplementedError", "cannot instantiate 'WindowsPath' on your system"))
}

fn new_pure_windows(_cx: &Cx, _cls: &TypeRef, _args: Args) -> PyResult<Py> {
    Err(exceptions::not_implemented("pathlib.PureWindowsPath (Windows path rules)"))
}

/// `cls(*args)`: `PurePath` makes a `PurePosixPath`, `Path` a `PosixPath`.
fn new_path(cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let concrete = cls.is_subtype(&PATH);
    if !concrete {
        if let Some((k, _)) = args.kw.first() {
            return Err(exceptions::type_error(format!("PurePath.__new__() got an unexpected keyword argument '{k}'")));
        }
    }
    let ty = if Arc::ptr_eq(cls, &PURE_PATH) {
        PURE_POSIX_PATH.clone()
    } else if Arc::ptr_eq(cls, &PATH) {
        POSIX_PATH.clone()
    } else {
        cls.clone()
    };
    PathObj::from_args(cx, &ty, &args.pos)
}

/// A path: CPython's `_root` and `_parts` (the anchor first when there is
/// a root). POSIX paths have no drive.
pub struct PathObj {
    ty: TypeRef,
    root: &'static str,
    parts: Vec<Arc<str>>,
}

/// POSIX `splitroot`: two leading slashes are kept, one or three and more
/// are one.
fn splitroot(part: &str) -> (&'static str, &str) {
    if let Some(stripped) = part.strip_prefix('/') {
        let rest = stripped.trim_start_matches('/');
        if part.len() - rest.len() == 2 {
            return ("//", rest);
        }
        return ("/", rest);
    }
    ("", part)
}

/// `_PosixFlavour.parse_parts`: (root, parts).
pub fn parse_parts(parts: &[Arc<str>]) -> (&'static str, Vec<Arc<str>>) {
    let mut parsed: Vec<Arc<str>> = Vec::new();
    let mut root = "";
    for part in parts.iter().rev() {
        if part.is_empty() {
            continue;
        }
        let (r, rel) = splitroot(part);
        for x in rel.rsplit('/') {
            if !x.is_empty() && x != "." {
                parsed.push(Arc::from(x));
            }
        }
        if !r.is_empty() {
            root = r;
            break;
        }
    }
    if !root.is_empty() {
        parsed.push(Arc::from(root));
    }
    parsed.reverse();
    (root, parsed)
}

impl PathObj {
    pub fn make(ty: &TypeRef, root: &'static str, parts: Vec<Arc<str>>) -> Py {
        Py::obj(PathObj { ty: ty.clone(), root, parts })
    }

    /// `_parse_args`: the parts of constructor arguments (paths give their
    /// parts, anything else goes through `os.fspath` and must be a str).
    fn arg_parts(cx: &Cx, args: &[Py]) -> PyResult<Vec<Arc<str>>> {
        let mut parts = Vec::new();
        for a in args {
            if let Some(p) = a.downcast::<PathObj>() {
                parts.extend(p.parts.iter().cloned());
                continue;
            }
            match semantics::fspath(cx, a)? {
                Py::Str(s) => parts.push(s),
                other => {
                    return Err(exceptions::type_error(format!(
                        "argument should be a str object or an os.PathLike object returning str, not <class '{}'>",
                        semantics::type_name(&other)
                    )))
                }
            }
        }
        Ok(parts)
    }

    /// `cls._from_parts(args)`.
    pub fn from_args(cx: &Cx, ty: &TypeRef, args: &[Py]) -> PyResult<Py> {
        let (root, parts) = parse_parts(&Self::arg_parts(cx, args)?);
        Ok(Self::make(ty, root, parts))
    }

    /// A path of this one's class.
    fn like(&self, root: &'static str, parts: Vec<Arc<str>>) -> Py {
        Self::make(&self.ty, root, parts)
    }

    /// `_make_child(args)`: `joinpath`.
    fn child(&self, cx: &Cx, args: &[Py]) -> PyResult<Py> {
        let (root2, parts2) = parse_parts(&Self::arg_parts(cx, args)?);
        Ok(if !root2.is_empty() {
            self.like(root2, parts2)
        } else {
            let mut parts = self.parts.clone();
            parts.extend(parts2);
            self.like(self.root, parts)
        })
    }

    /// `_make_child_relpath(name)`: one more part, not parsed.
    fn child_name(&self, name: &str) -> Py {
        let mut parts = self.parts.clone();
        parts.push(Arc::from(name));
        self.like(self.root, parts)
    }

    /// `str(path)`.
    pub fn text(&self) -> String {
        let s = if self.root.is_empty() {
            self.parts.join("/")
        } else {
            format!("{}{}", self.root, self.parts[1..].join("/"))
        };
        if s.is_empty() {
            ".".to_owned()
        } else {
            s
        }
    }

    /// Whether `other` is a path to compare with (same flavour).
    fn comparable(other: &Py) -> Option<&PathObj> {
        other.downcast::<PathObj>()
    }

    pub fn is_concrete(&self) -> bool {
        self.ty.is_subtype(&PATH)
    }
}

/// The path behind `self` of a method.
fn path_self(this: &Py) -> PyResult<&PathObj> {
    this.downcast::<PathObj>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'pathlib.PurePath' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

impl PyObject for PathObj {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("{}({})", self.ty.name, semantics::repr(cx, &Py::from(self.text()))?))
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.text())
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        let parts: Vec<Py> = self.parts.iter().map(|p| Py::Str(p.clone())).collect();
        semantics::hash(cx, &Py::tuple(parts)).map(Some)
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(other) = PathObj::comparable(other) else { return Ok(None) };
        Ok(Some(op.holds(self.parts.cmp(&other.parts))))
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::TrueDiv {
            return Ok(None);
        }
        let r = if reflected {
            PathObj::arg_parts(cx, std::slice::from_ref(other)).map(|mut parts| {
                parts.extend(self.parts.iter().cloned());
                let (root, parts) = parse_parts(&parts);
                self.like(root, parts)
            })
        } else {
            self.child(cx, std::slice::from_ref(other))
        };
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is("TypeError") => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn fspath(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::from(self.text())))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        // PurePath.__reduce__: (self.__class__, tuple(self._parts)).
        let args = self.parts.iter().map(|p| Value::str(&**p)).collect();
        Ok(Some(Value::Record(Box::new(Record { class: self.ty.qualified_name(), args, state: None }))))
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        method.and_then(|m| self.ty.lookup(m)).is_some_and(|m| m.blocking)
    }
}
