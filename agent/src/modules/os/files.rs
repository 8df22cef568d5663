//! `os` on files and directories by path: creating, removing, renaming and
//! linking them, their modes, owners and times, access checks, the current
//! directory, and `fspath`/`fsencode`/`fsdecode`.

use std::fs;
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

use super::{c_int, io, mode_arg, no_dir_fd};
use crate::modules::os_path::{pure, PathStr};
use crate::platform::{self, errno};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub(super) fn fspath(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("fspath", ["path"])?;
    semantics::fspath(cx, &req(p))
}

pub(super) fn fsencode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("fsencode", ["filename"])?;
    Ok(Py::bytes(PathStr::new(cx, &req(p))?.bytes().to_vec()))
}

pub(super) fn fsdecode(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("fsdecode", ["filename"])?;
    Ok(Py::str(String::from_utf8_lossy(PathStr::new(cx, &req(p))?.bytes())))
}

fn cwd(bytes: bool) -> PyResult<Py> {
    let cwd = io(std::env::current_dir())?.into_os_string().into_encoded_bytes();
    Ok(if bytes { Py::bytes(cwd) } else { Py::str(String::from_utf8_lossy(&cwd)) })
}

pub(super) fn getcwd(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getcwd")?;
    cwd(false)
}

pub(super) fn getcwdb(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getcwdb")?;
    cwd(true)
}

pub(super) fn chdir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("chdir", ["path"])?;
    let p = PathStr::arg("chdir", cx, &req(p))?;
    std::env::set_current_dir(p.to_path(cx)?).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

pub(super) fn mkdir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, mode, dir_fd] = args.bind("mkdir", ["path", "mode?", "$dir_fd?"])?;
    no_dir_fd("mkdir", dir_fd.as_ref())?;
    let p = PathStr::arg("mkdir", cx, &req(p))?;
    let mode = mode_arg("mkdir", mode.as_ref(), 0o777)?;
    fs::DirBuilder::new().mode(mode).create(p.to_path(cx)?).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

/// `os.makedirs` as CPython writes it.
pub fn makedirs_path(cx: &Cx, name: &PathStr, mode: u32, exist_ok: bool) -> PyResult<()> {
    let (mut head, mut tail) = pure::split(name.bytes());
    if tail.is_empty() {
        (head, tail) = pure::split(head);
    }
    if !head.is_empty() && !tail.is_empty() {
        let parent = name.like(head);
        if !parent.to_path(cx).is_ok_and(|p| p.exists()) {
            match makedirs_path(cx, &parent, 0o777, exist_ok) {
                Err(e) if e.is("FileExistsError") => {}
                other => other?,
            }
            if tail == b"." {
                return Ok(());
            }
        }
    }
    let path = name.to_path(cx)?;
    match fs::DirBuilder::new().mode(mode).create(&path) {
        Ok(()) => Ok(()),
        Err(_) if exist_ok && path.is_dir() => Ok(()),
        Err(e) => Err(name.error(&e)),
    }
}

pub(super) fn makedirs(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, mode, exist_ok] = args.bind("makedirs", ["name", "mode?", "exist_ok?"])?;
    let name = PathStr::new(cx, &req(p))?;
    let mode = mode_arg("makedirs", mode.as_ref(), 0o777)?;
    makedirs_path(cx, &name, mode, args::opt_bool(cx, exist_ok.as_ref(), false)?)?;
    Ok(Py::None)
}

fn remove_file(func: &str, cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, dir_fd] = args.bind(func, ["path", "$dir_fd?"])?;
    no_dir_fd(func, dir_fd.as_ref())?;
    let p = PathStr::arg(func, cx, &req(p))?;
    fs::remove_file(p.to_path(cx)?).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

pub(super) fn remove(cx: &Cx, args: Args) -> PyResult<Py> {
    remove_file("remove", cx, args)
}

pub(super) fn unlink(cx: &Cx, args: Args) -> PyResult<Py> {
    remove_file("unlink", cx, args)
}

pub(super) fn rmdir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, dir_fd] = args.bind("rmdir", ["path", "$dir_fd?"])?;
    no_dir_fd("rmdir", dir_fd.as_ref())?;
    let p = PathStr::arg("rmdir", cx, &req(p))?;
    fs::remove_dir(p.to_path(cx)?).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

/// `os.removedirs`: the leaf, then each parent until one cannot go.
pub(super) fn removedirs(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("removedirs", ["name"])?;
    let name = PathStr::arg("rmdir", cx, &req(p))?;
    fs::remove_dir(name.to_path(cx)?).map_err(|e| name.error(&e))?;
    let (mut head, mut tail) = pure::split(name.bytes());
    if tail.is_empty() {
        (head, tail) = pure::split(head);
    }
    while !head.is_empty() && !tail.is_empty() {
        if name.like(head).to_path(cx).map(fs::remove_dir).map_or(true, |r| r.is_err()) {
            break;
        }
        (head, tail) = pure::split(head);
    }
    Ok(Py::None)
}

/// The source and destination of `rename`/`replace`.
fn two_paths(func: &str, cx: &Cx, args: Args) -> PyResult<(PathStr, PathStr)> {
    let [src, dst, src_fd, dst_fd] = args.bind(func, ["src", "dst", "$src_dir_fd?", "$dst_dir_fd?"])?;
    no_dir_fd(func, src_fd.as_ref())?;
    no_dir_fd(func, dst_fd.as_ref())?;
    Ok((PathStr::arg(func, cx, &req(src))?, PathStr::arg(func, cx, &req(dst))?))
}

fn rename_as(func: &str, cx: &Cx, args: Args) -> PyResult<Py> {
    let (src, dst) = two_paths(func, cx, args)?;
    fs::rename(src.to_path(cx)?, dst.to_path(cx)?).map_err(|e| src.error2(&e, &dst))?;
    Ok(Py::None)
}

pub(super) fn rename(cx: &Cx, args: Args) -> PyResult<Py> {
    rename_as("rename", cx, args)
}

pub(super) fn replace(cx: &Cx, args: Args) -> PyResult<Py> {
    rename_as("replace", cx, args)
}

pub(super) fn symlink(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, dst, _is_dir, dir_fd] = args.bind("symlink", ["src", "dst", "target_is_directory?", "$dir_fd?"])?;
    no_dir_fd("symlink", dir_fd.as_ref())?;
    let (src, dst) = (PathStr::arg("symlink", cx, &req(src))?, PathStr::arg("symlink", cx, &req(dst))?);
    std::os::unix::fs::symlink(src.to_path(cx)?, dst.to_path(cx)?).map_err(|e| src.error2(&e, &dst))?;
    Ok(Py::None)
}

pub(super) fn readlink(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, dir_fd] = args.bind("readlink", ["path", "$dir_fd?"])?;
    no_dir_fd("readlink", dir_fd.as_ref())?;
    let p = PathStr::arg("readlink", cx, &req(p))?;
    fs::read_link(p.to_path(cx)?).map(|t| p.like_os(t.as_os_str()).value()).map_err(|e| p.error(&e))
}

pub(super) fn link(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, dst, src_fd, dst_fd, follow] =
        args.bind("link", ["src", "dst", "$src_dir_fd?", "$dst_dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("link", src_fd.as_ref())?;
    no_dir_fd("link", dst_fd.as_ref())?;
    let (src, dst) = (PathStr::arg("link", cx, &req(src))?, PathStr::arg("link", cx, &req(dst))?);
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    platform::fs::link(&src.to_path(cx)?, &dst.to_path(cx)?, follow).map_err(|e| src.error2(&e, &dst))?;
    Ok(Py::None)
}

/// Sets the permission bits of `path` (following symlinks).
pub fn chmod_path(path: &Path, mode: u32) -> std::io::Result<()> {
    platform::fs::chmod(path, mode, true)
}

pub(super) fn chmod(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, mode, dir_fd, follow] = args.bind("chmod", ["path", "mode", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("chmod", dir_fd.as_ref())?;
    let p = PathStr::arg("chmod", cx, &req(p))?;
    let mode = c_int("chmod", mode)? as u32;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    match platform::fs::chmod(&p.to_path(cx)?, mode, follow) {
        Ok(()) => Ok(Py::None),
        // Linux cannot change the mode of a symlink itself.
        Err(e) if !follow && matches!(e.raw_os_error(), Some(errno::EOPNOTSUPP)) => {
            Err(exceptions::new("NotImplementedError", "chmod: follow_symlinks unavailable on this platform"))
        }
        Err(e) => Err(p.error(&e)),
    }
}

/// Changes the owner and group of `path` (`None` leaves one as it is).
pub fn chown_path(path: &Path, uid: Option<u32>, gid: Option<u32>, follow: bool) -> std::io::Result<()> {
    if follow {
        std::os::unix::fs::chown(path, uid, gid)
    } else {
        std::os::unix::fs::lchown(path, uid, gid)
    }
}

/// A uid or gid argument: -1 means unchanged.
pub(super) fn id_arg(what: &str, v: Option<Py>) -> PyResult<Option<u32>> {
    let v = req(v);
    let Some(Py::Int(n)) = semantics::index_value(&v) else {
        return Err(exceptions::type_error(format!("{what} should be integer, not {}", semantics::type_name(&v))));
    };
    match n {
        -1 => Ok(None),
        n => u32::try_from(n).map(Some).map_err(|_| exceptions::overflow_error(format!("{what} is out of range"))),
    }
}

fn chown_as(func: &str, cx: &Cx, p: Option<Py>, uid: Option<Py>, gid: Option<Py>, follow: bool) -> PyResult<Py> {
    let p = PathStr::arg(func, cx, &req(p))?;
    let (uid, gid) = (id_arg("uid", uid)?, id_arg("gid", gid)?);
    chown_path(&p.to_path(cx)?, uid, gid, follow).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

pub(super) fn chown(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, uid, gid, dir_fd, follow] = args.bind("chown", ["path", "uid", "gid", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("chown", dir_fd.as_ref())?;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    chown_as("chown", cx, p, uid, gid, follow)
}

pub(super) fn lchown(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, uid, gid] = args.bind("lchown", ["path", "uid", "gid"])?;
    chown_as("lchown", cx, p, uid, gid, false)
}

/// A time in seconds as (seconds, nanoseconds), rounded toward -inf as
/// CPython's `_PyTime_ObjectToTimespec` does.
fn timespec(v: &Py) -> PyResult<platform::fs::Timespec> {
    if let Some(Py::Int(n)) = semantics::index_value(v) {
        return Ok((n, 0));
    }
    match semantics::float_value(v) {
        Some(x) => {
            let x = x?;
            if !x.is_finite() {
                return Err(exceptions::value_error("Invalid value NaN (not a number)"));
            }
            let (mut sec, mut frac) = (x.trunc(), (x.fract() * 1e9).floor());
            if frac >= 1e9 {
                frac -= 1e9;
                sec += 1.0;
            } else if frac < 0.0 {
                frac += 1e9;
                sec -= 1.0;
            }
            if sec.abs() >= 9.2e18 {
                return Err(exceptions::overflow_error("timestamp out of range for platform time_t"));
            }
            Ok((sec as i64, frac as i64))
        }
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// Nanoseconds as (seconds, nanoseconds).
fn ns_split(v: &Py) -> PyResult<platform::fs::Timespec> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok((n.div_euclid(1_000_000_000), n.rem_euclid(1_000_000_000))),
        Some(_) => Err(exceptions::overflow_error("timestamp out of range for platform time_t")),
        None => Err(exceptions::type_error(format!(
            "unsupported operand type(s) for divmod(): '{}' and 'int'",
            semantics::type_name(v)
        ))),
    }
}

fn two(v: &Py, msg: &str) -> PyResult<[Py; 2]> {
    match v {
        Py::Tuple(t) if t.len() == 2 => Ok([t[0].clone(), t[1].clone()]),
        _ => Err(exceptions::type_error(msg)),
    }
}

pub(super) fn utime(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, times, ns, dir_fd, follow] =
        args.bind("utime", ["path", "times?", "$ns?", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("utime", dir_fd.as_ref())?;
    let p = PathStr::arg("utime", cx, &req(p))?;
    let given = |v: Option<Py>| v.filter(|v| !v.is_none());
    let spec = match (given(times), given(ns)) {
        (Some(_), Some(_)) => {
            return Err(exceptions::value_error("utime: you may specify either 'times' or 'ns' but not both"))
        }
        (Some(t), None) => {
            let [a, m] = two(&t, "utime: 'times' must be either a tuple of two ints or None")?;
            Some((timespec(&a)?, timespec(&m)?))
        }
        (None, Some(n)) => {
            let [a, m] = two(&n, "utime: 'ns' must be a tuple of two ints")?;
            Some((ns_split(&a)?, ns_split(&m)?))
        }
        (None, None) => None,
    };
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    platform::fs::utime(&p.to_path(cx)?, spec, follow).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

pub(super) fn access(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, mode, dir_fd, effective, follow] =
        args.bind("access", ["path", "mode", "$dir_fd?", "$effective_ids?", "$follow_symlinks?"])?;
    no_dir_fd("access", dir_fd.as_ref())?;
    let p = PathStr::arg("access", cx, &req(p))?;
    let mode = c_int("access", mode)?;
    let effective = args::opt_bool(cx, effective.as_ref(), false)?;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    Ok(Py::Bool(platform::fs::access(&p.to_path(cx)?, mode, effective, follow).unwrap_or(false)))
}

pub(super) fn truncate(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, length] = args.bind("truncate", ["path", "length"])?;
    let (p, length) = (req(p), args::to_int("truncate", &req(length))?);
    // An open descriptor is truncated with ftruncate.
    if let Py::Int(_) = p {
        let fd = args::to_fd("truncate", &p)?;
        return platform::fd::ftruncate(fd, length).map(|()| Py::None).map_err(|e| exceptions::os_error(&e, None));
    }
    let p = PathStr::arg("truncate", cx, &p)?;
    platform::fs::truncate(&p.to_path(cx)?, length).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

pub(super) fn sync(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("sync")?;
    platform::fs::sync();
    Ok(Py::None)
}
