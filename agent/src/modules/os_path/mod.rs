//! `os.path` (`posixpath`): the pure functions work on the bytes of a path
//! exactly like CPython 3.11's posixpath, for str and bytes alike
//! ([`pure`]); the ones that look at the filesystem ([`fs`]) block.

mod fs;
mod path_str;
pub mod pure;

pub use fs::{cwd_bytes, realpath, stat_of};
pub use path_str::{same_kind, PathStr};

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;

use crate::objects::module::{b, f, ModuleDef};
use crate::platform;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::CmpOp;
use crate::runtime::semantics;
use crate::runtime::slice::Slice;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os.path",
    type_name: "posixpath",
    doc: "Common operations on Posix pathnames.",
    functions: &[
        f("join", join),
        f("split", split),
        f("splitext", splitext),
        f("splitdrive", splitdrive),
        f("basename", basename),
        f("dirname", dirname),
        f("isabs", isabs),
        f("normpath", normpath),
        f("normcase", normcase),
        f("abspath", abspath),
        f("relpath", relpath),
        f("commonpath", commonpath),
        f("commonprefix", commonprefix),
        f("expanduser", expanduser),
        f("expandvars", expandvars),
        b("realpath", fs::realpath_fn),
        b("exists", fs::exists),
        b("lexists", fs::lexists),
        b("isfile", fs::isfile),
        b("isdir", fs::isdir),
        b("islink", fs::islink),
        b("ismount", fs::ismount_fn),
        b("getsize", fs::getsize),
        b("getmtime", fs::getmtime),
        b("getatime", fs::getatime),
        b("getctime", fs::getctime),
        b("samefile", fs::samefile),
    ],
    attr,
    attr_names: &[
        "sep",
        "curdir",
        "pardir",
        "extsep",
        "altsep",
        "pathsep",
        "defpath",
        "devnull",
        "supports_unicode_filenames",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "sep" => Py::str("/"),
        "curdir" | "extsep" => Py::str("."),
        "pardir" => Py::str(".."),
        "altsep" => Py::None,
        "pathsep" => Py::str(":"),
        "defpath" => Py::str("/bin:/usr/bin"),
        "devnull" => Py::str("/dev/null"),
        "supports_unicode_filenames" => Py::Bool(false),
        _ => return None,
    }))
}

/// The one path argument of a pure function.
fn one(func: &str, cx: &Cx, args: Args) -> PyResult<PathStr> {
    let [p] = args.bind(func, ["p"])?;
    PathStr::new(cx, &req(p))
}

fn out(like: &PathStr, b: &[u8]) -> Py {
    like.like(b).value()
}

fn pair(like: &PathStr, a: &[u8], b: &[u8]) -> Py {
    Py::tuple(vec![out(like, a), out(like, b)])
}

fn join(cx: &Cx, args: Args) -> PyResult<Py> {
    args.no_kw("join")?;
    let Some((first, rest)) = args.pos.split_first() else {
        return Err(exceptions::type_error("join() missing 1 required positional argument: 'a'"));
    };
    let mut paths = vec![PathStr::new(cx, first)?];
    for p in rest {
        paths.push(PathStr::new(cx, p).map_err(|e| {
            if e.is("TypeError") {
                exceptions::type_error(format!(
                    "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                    semantics::type_name(p)
                ))
            } else {
                e
            }
        })?);
    }
    same_kind(&paths)?;
    let tail: Vec<&[u8]> = paths[1..].iter().map(PathStr::bytes).collect();
    Ok(out(&paths[0], &pure::join(paths[0].bytes(), &tail)))
}

fn split(cx: &Cx, args: Args) -> PyResult<Py> {
    let p = one("split", cx, args)?;
    let (head, tail) = pure::split(p.bytes());
    Ok(pair(&p, head, tail))
}

fn splitext(cx: &Cx, args: Args) -> PyResult<Py> {
    let p = one("splitext", cx, args)?;
    let (root, ext) = pure::splitext(p.bytes());
    Ok(pair(&p, root, ext))
}

fn splitdrive(cx: &Cx, args: Args) -> PyResult<Py> {
    let p = one("splitdrive", cx, args)?;
    Ok(pair(&p, b"", p.bytes()))
}

fn basename(cx: &Cx, args: Args) -> PyResult<Py> {
    let p = one("basename", cx, args)?;
    Ok(out(&p, pure::basename(p.bytes())))
}

fn dirname(cx: &Cx, args: Args) -> PyResult<Py> {
    let p = one("dirname", cx, args)?;
    Ok(out(&p, pure::dirname(p.bytes())))
}

fn isabs(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("isabs", ["s"])?;
    Ok(Py::Bool(pure::isabs(PathStr::new(cx, &req(s))?.bytes())))
}

fn normpath(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("normpath", ["path"])?;
    let p = PathStr::new(cx, &req(p))?;
    Ok(out(&p, &pure::normpath(p.bytes())))
}

fn normcase(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("normcase", ["s"])?;
    Ok(PathStr::new(cx, &req(s))?.value())
}

fn abspath(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("abspath", ["path"])?;
    let p = PathStr::new(cx, &req(p))?;
    Ok(out(&p, &pure::abspath(p.bytes(), &cwd_bytes()?)))
}

fn relpath(cx: &Cx, args: Args) -> PyResult<Py> {
    let [path, start] = args.bind("relpath", ["path", "start?"])?;
    let path = req(path);
    if !semantics::truthy(cx, &path)? {
        return Err(exceptions::value_error("no path specified"));
    }
    let path = PathStr::new(cx, &path)?;
    let start = match start {
        None | Some(Py::None) => path.like(b"."),
        Some(s) => PathStr::new(cx, &s)?,
    };
    same_kind(&[path.clone(), start.clone()])?;
    Ok(out(&path, &pure::relpath(path.bytes(), start.bytes(), &cwd_bytes()?)))
}

/// The paths of a sequence argument (all str or all bytes).
fn path_list(cx: &Cx, v: &Py) -> PyResult<Vec<PathStr>> {
    let paths = semantics::iterate(cx, v)?.iter().map(|p| PathStr::new(cx, p)).collect::<PyResult<Vec<_>>>()?;
    same_kind(&paths)?;
    Ok(paths)
}

fn commonpath(cx: &Cx, args: Args) -> PyResult<Py> {
    let [paths] = args.bind("commonpath", ["paths"])?;
    let paths = path_list(cx, &req(paths))?;
    let raw: Vec<&[u8]> = paths.iter().map(PathStr::bytes).collect();
    let common = pure::commonpath(&raw)?;
    Ok(out(&paths[0], &common))
}

/// `commonprefix(m)`: the longest common leading part of paths, or, as
/// CPython allows, of lists or tuples compared item by item.
fn commonprefix(cx: &Cx, args: Args) -> PyResult<Py> {
    let [m] = args.bind("commonprefix", ["m"])?;
    let items = semantics::iterate(cx, &req(m))?;
    let Some(first) = items.first() else { return Ok(Py::str("")) };
    if matches!(first, Py::Tuple(_)) || first.downcast::<crate::objects::list::List>().is_some() {
        return sequence_prefix(cx, &items);
    }
    let paths = items.iter().map(|p| PathStr::new(cx, p)).collect::<PyResult<Vec<_>>>()?;
    same_kind(&paths)?;
    let raw: Vec<&[u8]> = paths.iter().map(PathStr::bytes).collect();
    let mut prefix = pure::commonprefix(&raw);
    if !paths[0].is_bytes() {
        while std::str::from_utf8(prefix).is_err() {
            prefix = &prefix[..prefix.len() - 1];
        }
    }
    Ok(out(&paths[0], prefix))
}

/// `commonprefix` of sequences: `s1[:i]` of the smallest and largest.
fn sequence_prefix(cx: &Cx, items: &[Py]) -> PyResult<Py> {
    let (mut s1, mut s2) = (&items[0], &items[0]);
    for item in &items[1..] {
        if semantics::richcmp(cx, item, s1, CmpOp::Lt)? {
            s1 = item;
        }
        if semantics::richcmp(cx, item, s2, CmpOp::Gt)? {
            s2 = item;
        }
    }
    let (a, b) = (semantics::iterate(cx, s1)?, semantics::iterate(cx, s2)?);
    let n = a.len();
    for (i, x) in a.iter().enumerate() {
        if i >= b.len() || !semantics::eq(cx, x, &b[i])? {
            return semantics::getitem(cx, s1, &Slice::new(Py::None, Py::from(i), Py::None));
        }
    }
    semantics::getitem(cx, s1, &Slice::new(Py::None, Py::from(n), Py::None))
}

/// The home directory of `user` (the current user's when `None`): `HOME`,
/// then the password database.
fn home_dir(user: Option<&[u8]>) -> Option<Vec<u8>> {
    match user {
        None => match platform::env::get("HOME") {
            Some(h) => Some(h.into_encoded_bytes()),
            None => platform::users::getpwuid(platform::ids::getuid()).map(|p| p.dir.into_bytes()),
        },
        Some(name) => platform::users::getpwnam(std::str::from_utf8(name).ok()?).map(|p| p.dir.into_bytes()),
    }
}

fn expanduser(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("expanduser", ["path"])?;
    let p = PathStr::new(cx, &req(p))?;
    Ok(out(&p, &pure::expanduser(p.bytes(), home_dir)))
}

fn expandvars(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("expandvars", ["path"])?;
    let p = PathStr::new(cx, &req(p))?;
    let env = |name: &[u8]| platform::env::get(OsStr::from_bytes(name)).map(|v| v.into_encoded_bytes());
    Ok(out(&p, &pure::expandvars(p.bytes(), env)))
}

#[cfg(test)]
mod tests;
