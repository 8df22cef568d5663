//! Copying one file: `copyfile`, `copymode`, `copystat`, `copy`, `copy2`,
//! and the `copy_function` of `copytree` and `move`.

use std::fs;
use std::os::unix::fs::FileTypeExt;

use super::{error, flag, is_link, samefile, SAME_FILE_ERROR, SPECIAL_FILE_ERROR};
use crate::modules::os::chmod_path;
use crate::modules::os_path::{pure, PathStr};
use crate::platform::errno;
use crate::platform::fs::FileStat;
use crate::runtime::args::{req, Args};
use crate::runtime::callables::Function;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `copyfile(src, dst)`: the data only.
pub(super) fn copyfile_paths(cx: &Cx, src: &PathStr, dst: &PathStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path(cx)?, dst.to_path(cx)?);
    if samefile(&s, &d) {
        let msg = format!(
            "{} and {} are the same file",
            semantics::repr(cx, &src.value())?,
            semantics::repr(cx, &dst.value())?
        );
        return Err(error(&SAME_FILE_ERROR, Py::from(msg)));
    }
    for (p, given) in [(&s, src), (&d, dst)] {
        if fs::metadata(p).is_ok_and(|m| m.file_type().is_fifo()) {
            return Err(error(&SPECIAL_FILE_ERROR, Py::from(format!("`{}` is a named pipe", given.display(cx)))));
        }
    }
    if !follow && is_link(&s) {
        let target = fs::read_link(&s).map_err(|e| src.error(&e))?;
        let target = src.like_os(target.as_os_str());
        return std::os::unix::fs::symlink(target.to_path(cx)?, &d).map_err(|e| target.error2(&e, dst));
    }
    let mut from = fs::File::open(&s).map_err(|e| src.error(&e))?;
    let mut to = match fs::File::create(&d) {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(errno::EISDIR) && !d.exists() => {
            return Err(exceptions::new("FileNotFoundError", format!("Directory does not exist: {}", dst.display(cx))))
        }
        Err(e) => return Err(dst.error(&e)),
    };
    // std::io::copy between files uses copy_file_range/sendfile.
    std::io::copy(&mut from, &mut to).map_err(|e| dst.error(&e))?;
    Ok(())
}

/// `copymode`: the permission bits (symlinks themselves have none to set
/// on Linux).
pub(super) fn copymode_paths(cx: &Cx, src: &PathStr, dst: &PathStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path(cx)?, dst.to_path(cx)?);
    if !follow && is_link(&s) && is_link(&d) {
        return Ok(());
    }
    let m = fs::metadata(&s).map_err(|e| src.error(&e))?;
    chmod_path(&d, FileStat::from(&m).mode & 0o7777).map_err(|e| dst.error(&e))
}

/// `copystat`: access and modification times, then the permission bits.
pub(super) fn copystat_paths(cx: &Cx, src: &PathStr, dst: &PathStr, follow: bool) -> PyResult<()> {
    let (s, d) = (src.to_path(cx)?, dst.to_path(cx)?);
    let follow = follow || !(is_link(&s) && is_link(&d));
    let m = if follow { fs::metadata(&s) } else { fs::symlink_metadata(&s) }.map_err(|e| src.error(&e))?;
    let st = FileStat::from(&m);
    crate::platform::fs::utime(&d, Some((st.atime, st.mtime)), follow).map_err(|e| dst.error(&e))?;
    if follow {
        chmod_path(&d, st.mode & 0o7777).map_err(|e| dst.error(&e))?;
    }
    Ok(())
}

/// The `copy_function` of `copytree`/`move`: one of shutil's own, done
/// here, or any callable (the client's too), called with `(src, dst)`.
pub(super) enum CopyFn {
    Copy,
    Copy2,
    CopyFile,
    Other(Py),
}

impl CopyFn {
    /// `copy_function` (absent or None: `copy2`).
    pub(super) fn of(v: Option<Py>) -> CopyFn {
        let Some(v) = v.filter(|v| !v.is_none()) else { return CopyFn::Copy2 };
        match v.downcast::<Function>() {
            Some(f) if f.module == "shutil" && f.name == "copy" => CopyFn::Copy,
            Some(f) if f.module == "shutil" && f.name == "copy2" => CopyFn::Copy2,
            Some(f) if f.module == "shutil" && f.name == "copyfile" => CopyFn::CopyFile,
            _ => CopyFn::Other(v),
        }
    }

    /// Copies `src` to `dst` (following symlinks, as `copy_function` does).
    pub(super) fn run(&self, cx: &Cx, src: &PathStr, dst: &PathStr) -> PyResult<()> {
        match self {
            CopyFn::Copy => copy_paths(cx, src, dst, true, false).map(drop),
            CopyFn::Copy2 => copy_paths(cx, src, dst, true, true).map(drop),
            CopyFn::CopyFile => copyfile_paths(cx, src, dst, true),
            CopyFn::Other(f) => semantics::call(cx, f, Args::positional(vec![src.value(), dst.value()])).map(drop),
        }
    }
}

/// `copy`/`copy2`: into a directory keeps the file name; `None` when the
/// destination is the one given, else the path copied to.
fn copy_paths(cx: &Cx, src: &PathStr, dst: &PathStr, follow: bool, with_stat: bool) -> PyResult<Option<PathStr>> {
    let into = if dst.to_path(cx)?.is_dir() {
        Some(dst.like(&pure::join(dst.bytes(), &[pure::basename(src.bytes())])))
    } else {
        None
    };
    let target = into.as_ref().unwrap_or(dst);
    copyfile_paths(cx, src, target, follow)?;
    if with_stat {
        copystat_paths(cx, src, target, follow)?;
    } else {
        copymode_paths(cx, src, target, follow)?;
    }
    Ok(into)
}

/// `src`, `dst` (each as given and as a path) and `follow_symlinks`.
fn src_dst_follow(func: &str, cx: &Cx, args: Args) -> PyResult<(PathStr, Py, PathStr, bool)> {
    let [src, dst, follow] = args.bind(func, ["src", "dst", "$follow_symlinks?"])?;
    let dst = req(dst);
    let (s, d) = (PathStr::arg(func, cx, &req(src))?, PathStr::arg(func, cx, &dst)?);
    Ok((s, dst, d, flag(cx, follow.as_ref(), true)?))
}

/// `copyfile(src, dst)`: returns `dst` as given.
pub(super) fn copyfile(cx: &Cx, args: Args) -> PyResult<Py> {
    let (src, given, dst, follow) = src_dst_follow("copyfile", cx, args)?;
    copyfile_paths(cx, &src, &dst, follow)?;
    Ok(given)
}

pub(super) fn copymode(cx: &Cx, args: Args) -> PyResult<Py> {
    let (src, _, dst, follow) = src_dst_follow("copymode", cx, args)?;
    copymode_paths(cx, &src, &dst, follow)?;
    Ok(Py::None)
}

pub(super) fn copystat(cx: &Cx, args: Args) -> PyResult<Py> {
    let (src, _, dst, follow) = src_dst_follow("copystat", cx, args)?;
    copystat_paths(cx, &src, &dst, follow)?;
    Ok(Py::None)
}

fn copy_as(func: &str, cx: &Cx, args: Args, with_stat: bool) -> PyResult<Py> {
    let (src, given, dst, follow) = src_dst_follow(func, cx, args)?;
    Ok(copy_paths(cx, &src, &dst, follow, with_stat)?.map_or(given, |p| p.value()))
}

/// `copy(src, dst)`: data and permission bits; returns the file copied to.
pub(super) fn copy(cx: &Cx, args: Args) -> PyResult<Py> {
    copy_as("copy", cx, args, false)
}

/// `copy2(src, dst)`: data, times and permission bits.
pub(super) fn copy2(cx: &Cx, args: Args) -> PyResult<Py> {
    copy_as("copy2", cx, args, true)
}
