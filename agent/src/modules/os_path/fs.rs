//! The `os.path` functions that look at the filesystem: `realpath`,
//! `ismount`, the `exists`/`isdir`/... predicates and the `getsize`/
//! `getmtime`/... getters.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::pure::{abspath, isabs, join, split};
use super::PathStr;
use crate::platform::{self, fs::FileStat};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::value::Py;

/// The current directory's bytes.
pub fn cwd_bytes() -> PyResult<Vec<u8>> {
    std::env::current_dir().map(|p| p.into_os_string().into_encoded_bytes()).map_err(|e| exceptions::os_error(&e, None))
}

fn lstat_ok(p: &[u8]) -> Option<fs::Metadata> {
    if p.contains(&0) {
        return None;
    }
    fs::symlink_metadata(Path::new(OsStr::from_bytes(p))).ok()
}

/// `os.stat(v)` (`os.lstat(v)` unless `follow`): the status of a path, or
/// with `follow`, of an open descriptor given as an int.
pub fn stat_of(cx: &Cx, v: &Py, follow: bool) -> PyResult<FileStat> {
    if follow {
        if let Py::Int(_) = v {
            let fd = args::to_fd("stat", v)?;
            return platform::fd::fstat(fd)
                .map_err(|e| exceptions::os_error(&e, None).with_attr("filename", v.clone()));
        }
    }
    let p = PathStr::arg(if follow { "stat" } else { "lstat" }, cx, v)?;
    let path = p.to_path(cx)?;
    let m = if follow { fs::metadata(&path) } else { fs::symlink_metadata(&path) };
    m.map(|m| FileStat::from(&m)).map_err(|e| p.error(&e))
}

/// The OSError of `op` on `p` (a path of the walk), with `p` as its file
/// name (a str: `realpath` errors name what it was resolving).
fn walk_error(e: &std::io::Error, p: &[u8]) -> PyErr {
    exceptions::os_error(e, None).with_attr("filename", Py::from(String::from_utf8_lossy(p).into_owned()))
}

/// `os.path.realpath`'s `_joinrealpath`: (path, whether every link
/// resolved); with `strict`, a missing component or a loop is an error
/// naming the path that failed, as CPython 3.11 raises it.
fn joinrealpath(
    mut path: Vec<u8>,
    rest: &[u8],
    strict: bool,
    seen: &mut HashMap<Vec<u8>, Option<Vec<u8>>>,
) -> PyResult<(Vec<u8>, bool)> {
    let mut rest = rest;
    if isabs(rest) {
        rest = &rest[1..];
        path = b"/".to_vec();
    }
    while !rest.is_empty() {
        let (name, tail) = match rest.iter().position(|c| *c == b'/') {
            Some(k) => (&rest[..k], &rest[k + 1..]),
            None => (rest, &rest[..0]),
        };
        rest = tail;
        if name.is_empty() || name == b"." {
            continue;
        }
        if name == b".." {
            if path.is_empty() {
                path = b"..".to_vec();
            } else {
                let (head, last) = split(&path);
                path = if last == b".." { join(head, &[b"..", b".."]) } else { head.to_vec() };
            }
            continue;
        }
        let newpath = join(&path, &[name]);
        let is_link = if strict {
            let os_path = Path::new(OsStr::from_bytes(&newpath));
            fs::symlink_metadata(os_path).map_err(|e| walk_error(&e, &newpath))?.file_type().is_symlink()
        } else {
            lstat_ok(&newpath).is_some_and(|m| m.file_type().is_symlink())
        };
        if !is_link {
            path = newpath;
            continue;
        }
        match seen.get(&newpath) {
            Some(Some(resolved)) => {
                path = resolved.clone();
                continue;
            }
            // A symlink loop.
            Some(None) if strict => {
                return Err(walk_error(&std::io::Error::from_raw_os_error(crate::platform::errno::ELOOP), &newpath));
            }
            Some(None) => return Ok((join(&newpath, &[rest]), false)),
            None => {}
        }
        seen.insert(newpath.clone(), None);
        let target = fs::read_link(Path::new(OsStr::from_bytes(&newpath)))
            .map(|t| t.into_os_string().into_encoded_bytes())
            .unwrap_or_default();
        let (resolved, ok) = joinrealpath(path, &target, strict, seen)?;
        if !ok {
            return Ok((join(&resolved, &[rest]), false));
        }
        seen.insert(newpath, Some(resolved.clone()));
        path = resolved;
    }
    Ok((path, true))
}

/// `os.path.realpath(p)` (not strict): symlinks resolved as far as they go.
pub fn realpath(p: &[u8]) -> PyResult<Vec<u8>> {
    let (path, _) = joinrealpath(Vec::new(), p, false, &mut HashMap::new())?;
    Ok(abspath(&path, &cwd_bytes()?))
}

fn ismount(p: &[u8]) -> PyResult<bool> {
    let Some(s1) = lstat_ok(p) else { return Ok(false) };
    if s1.file_type().is_symlink() {
        return Ok(false);
    }
    let parent = realpath(&join(p, &[b".."]))?;
    let Some(s2) = lstat_ok(&parent) else { return Ok(false) };
    Ok(s1.dev() != s2.dev() || s1.ino() == s2.ino())
}

pub(super) fn realpath_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, strict] = args.bind("realpath", ["filename", "$strict?"])?;
    let p = PathStr::new(cx, &req(p))?;
    if args::opt_bool(cx, strict.as_ref(), false)? {
        // strict: every component must exist.
        p.to_path(cx)?;
        let (path, _) = joinrealpath(Vec::new(), p.bytes(), true, &mut HashMap::new()).map_err(|e| {
            // The failing path keeps the argument's kind.
            match (p.is_bytes(), e.0.attr("filename")) {
                (true, Some(Py::Str(f))) => e.with_attr("filename", Py::bytes(f.as_bytes().to_vec())),
                _ => e,
            }
        })?;
        return Ok(p.like(&abspath(&path, &cwd_bytes()?)).value());
    }
    Ok(p.like(&realpath(p.bytes())?).value())
}

pub(super) fn ismount_fn(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("ismount", ["path"])?;
    let p = PathStr::arg("lstat", cx, &req(p))?;
    if p.bytes().contains(&0) {
        return Ok(Py::Bool(false));
    }
    Ok(Py::Bool(ismount(p.bytes())?))
}

/// The status a predicate looks at: `None` when the path cannot be
/// examined (`OSError` or `ValueError`, as `genericpath` catches them).
fn probe(func: &str, cx: &Cx, args: Args, follow: bool) -> PyResult<Option<FileStat>> {
    let [p] = args.bind(func, ["path"])?;
    match stat_of(cx, &req(p), follow) {
        Ok(st) => Ok(Some(st)),
        Err(e) if e.is("OSError") || e.is("ValueError") => Ok(None),
        Err(e) => Err(e),
    }
}

fn is_type(st: Option<FileStat>, kind: u32) -> Py {
    Py::Bool(st.is_some_and(|s| s.mode & 0o170000 == kind))
}

const S_IFDIR: u32 = 0o040000;
const S_IFREG: u32 = 0o100000;
const S_IFLNK: u32 = 0o120000;

pub(super) fn exists(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(Py::Bool(probe("exists", cx, args, true)?.is_some()))
}

pub(super) fn lexists(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(Py::Bool(probe("lexists", cx, args, false)?.is_some()))
}

pub(super) fn isfile(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(is_type(probe("isfile", cx, args, true)?, S_IFREG))
}

pub(super) fn isdir(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(is_type(probe("isdir", cx, args, true)?, S_IFDIR))
}

pub(super) fn islink(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(is_type(probe("islink", cx, args, false)?, S_IFLNK))
}

/// `os.stat(filename)` for the getters: errors propagate.
fn stat(func: &str, cx: &Cx, args: Args) -> PyResult<FileStat> {
    let [p] = args.bind(func, ["filename"])?;
    stat_of(cx, &req(p), true)
}

fn seconds((sec, nsec): (i64, i64)) -> Py {
    Py::Float(sec as f64 + nsec as f64 * 1e-9)
}

pub(super) fn getsize(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(Py::from(stat("getsize", cx, args)?.size))
}

pub(super) fn getmtime(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(seconds(stat("getmtime", cx, args)?.mtime))
}

pub(super) fn getatime(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(seconds(stat("getatime", cx, args)?.atime))
}

pub(super) fn getctime(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(seconds(stat("getctime", cx, args)?.ctime))
}

pub(super) fn samefile(cx: &Cx, args: Args) -> PyResult<Py> {
    let [a, b] = args.bind("samefile", ["f1", "f2"])?;
    let (a, b) = (stat_of(cx, &req(a), true)?, stat_of(cx, &req(b), true)?);
    Ok(Py::Bool((a.dev, a.ino) == (b.dev, b.ino)))
}
