//! Whole trees: `copytree`, `rmtree`, and `move` (a rename, or a copy and
//! a removal across filesystems).

use std::fs;
use std::path::Path;

use super::copy::{copystat_paths, CopyFn};
use super::{flag, is_link, samefile, shutil_error};
use crate::modules::os::makedirs_path;
use crate::modules::os_path::{cwd_bytes, pure, PathStr};
use crate::objects::list::List;
use crate::platform::errno;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

struct TreeOpts {
    symlinks: bool,
    ignore: Option<Py>,
    how: CopyFn,
    ignore_dangling: bool,
    exist_ok: bool,
}

/// `(src, dst, why)` of each entry that could not be copied.
type Failures = Vec<Py>;

/// CPython's `_copytree`: OSErrors of single entries are collected in
/// `failures` (a nested tree's go in directly); the first `makedirs`
/// and errors that are not OSErrors are raised.
fn copytree_into(cx: &Cx, src: &PathStr, dst: &PathStr, o: &TreeOpts, failures: &mut Failures) -> PyResult<()> {
    cx.check_interrupt()?;
    let s = src.to_path(cx)?;
    let entries: Vec<fs::DirEntry> =
        fs::read_dir(&s).and_then(|rd| rd.collect::<Result<_, _>>()).map_err(|e| src.error(&e))?;
    let ignored = match &o.ignore {
        None => None,
        Some(f) => {
            let names = entries.iter().map(|e| src.like_os(&e.file_name()).value()).collect();
            Some(semantics::call(cx, f, Args::positional(vec![src.value(), List::new(names)]))?)
        }
    };
    makedirs_path(cx, dst, 0o777, o.exist_ok)?;
    for entry in entries {
        let name = src.like_os(&entry.file_name());
        if let Some(ignored) = &ignored {
            if semantics::contains(cx, ignored, &name.value())? {
                continue;
            }
        }
        let srcname = src.like(&pure::join(src.bytes(), &[name.bytes()]));
        let dstname = dst.like(&pure::join(dst.bytes(), &[name.bytes()]));
        match copy_entry(cx, &entry, &srcname, &dstname, o, failures) {
            Err(e) if e.is("OSError") => failures.push(failure(cx, &srcname, &dstname, &e)),
            other => other?,
        }
    }
    if let Err(e) = copystat_paths(cx, src, dst, true) {
        if !e.is("OSError") {
            return Err(e);
        }
        failures.push(failure(cx, src, dst, &e));
    }
    Ok(())
}

fn failure(cx: &Cx, src: &PathStr, dst: &PathStr, e: &PyErr) -> Py {
    Py::tuple(vec![src.value(), dst.value(), Py::from(e.message(cx))])
}

/// One entry of a tree being copied.
fn copy_entry(
    cx: &Cx,
    entry: &fs::DirEntry,
    srcname: &PathStr,
    dstname: &PathStr,
    o: &TreeOpts,
    failures: &mut Failures,
) -> PyResult<()> {
    let file_type = entry.file_type().map_err(|e| srcname.error(&e))?;
    let is_dir = || fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
    if file_type.is_symlink() {
        let target = fs::read_link(entry.path()).map_err(|e| srcname.error(&e))?;
        if o.symlinks {
            let target = srcname.like_os(target.as_os_str());
            std::os::unix::fs::symlink(target.to_path(cx)?, dstname.to_path(cx)?)
                .map_err(|e| target.error2(&e, dstname))?;
            return copystat_paths(cx, srcname, dstname, false);
        }
        if o.ignore_dangling && !target.exists() {
            return Ok(());
        }
        if is_dir() {
            return copytree_into(cx, srcname, dstname, o, failures);
        }
        return o.how.run(cx, srcname, dstname);
    }
    if file_type.is_dir() {
        return copytree_into(cx, srcname, dstname, o, failures);
    }
    o.how.run(cx, srcname, dstname)
}

/// Copies a tree; the failures, if any, as one `shutil.Error` whose
/// argument is the list of `(src, dst, why)`.
fn copytree_paths(cx: &Cx, src: &PathStr, dst: &PathStr, opts: &TreeOpts) -> PyResult<()> {
    let mut failures = Vec::new();
    copytree_into(cx, src, dst, opts, &mut failures)?;
    if !failures.is_empty() {
        return Err(super::error(&super::ERROR, List::new(failures)));
    }
    Ok(())
}

/// `copytree(src, dst, symlinks=False, ignore=None, copy_function=copy2,
/// ignore_dangling_symlinks=False, dirs_exist_ok=False)`: returns `dst`.
pub(super) fn copytree(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, dst, symlinks, ignore, copy_function, ignore_dangling, exist_ok] = args.bind(
        "copytree",
        ["src", "dst", "symlinks?", "ignore?", "copy_function?", "ignore_dangling_symlinks?", "dirs_exist_ok?"],
    )?;
    let given = req(dst);
    let (src, dst) = (PathStr::arg("scandir", cx, &req(src))?, PathStr::new(cx, &given)?);
    let opts = TreeOpts {
        symlinks: flag(cx, symlinks.as_ref(), false)?,
        ignore: ignore.filter(|i| !i.is_none()),
        how: CopyFn::of(copy_function),
        ignore_dangling: flag(cx, ignore_dangling.as_ref(), false)?,
        exist_ok: flag(cx, exist_ok.as_ref(), false)?,
    };
    copytree_paths(cx, &src, &dst, &opts)?;
    Ok(given)
}

/// Removes what is in `dir` (not following symlinks), as much as it can.
fn remove_contents(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let p = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_contents(&p);
            let _ = fs::remove_dir(&p);
        } else {
            let _ = fs::remove_file(&p);
        }
    }
}

/// `rmtree(path)`: never follows symlinks; with `ignore`, removes what it
/// can and raises nothing.
fn rmtree_path(cx: &Cx, p: &PathStr, ignore: bool) -> PyResult<()> {
    let path = p.to_path(cx)?;
    let fail = |e: PyErr| if ignore { Ok(()) } else { Err(e) };
    match fs::symlink_metadata(&path) {
        Err(e) => return fail(p.error(&e)),
        Ok(m) if m.file_type().is_symlink() => {
            return fail(exceptions::new("OSError", "Cannot call rmtree on a symbolic link"))
        }
        Ok(m) if !m.is_dir() => return fail(p.error(&std::io::Error::from_raw_os_error(errno::ENOTDIR))),
        Ok(_) => {}
    }
    if ignore {
        remove_contents(&path);
        let _ = fs::remove_dir(&path);
        return Ok(());
    }
    // std's remove_dir_all works on directory descriptors: it does not
    // follow symlinks, even ones swapped in while it runs.
    fs::remove_dir_all(&path).map_err(|e| p.error(&e))
}

/// `rmtree(path, ignore_errors=False, onerror=None, *, onexc=None, dir_fd=None)`.
pub(super) fn rmtree(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, ignore, onerror, onexc, dir_fd] =
        args.bind("rmtree", ["path", "ignore_errors?", "onerror?", "$onexc?", "$dir_fd?"])?;
    for (v, what) in [(onerror, "onerror"), (onexc, "onexc"), (dir_fd, "dir_fd")] {
        if v.is_some_and(|v| !v.is_none()) {
            return Err(exceptions::not_implemented(&format!("shutil.rmtree({what}=...)")));
        }
    }
    let p = PathStr::arg("lstat", cx, &req(p))?;
    rmtree_path(cx, &p, flag(cx, ignore.as_ref(), false)?)?;
    Ok(Py::None)
}

/// `move(src, dst, copy_function=copy2)`: returns where `src` went.
pub(super) fn move_(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, dst, copy_function] = args.bind("move", ["src", "dst", "copy_function?"])?;
    let given = req(dst);
    let (src, dst) = (PathStr::arg("rename", cx, &req(src))?, PathStr::arg("rename", cx, &given)?);
    let how = CopyFn::of(copy_function);
    let (s, d) = (src.to_path(cx)?, dst.to_path(cx)?);
    let mut real_dst = None;
    if d.is_dir() {
        if samefile(&s, &d) {
            fs::rename(&s, &d).map_err(|e| src.error2(&e, &dst))?;
            return Ok(Py::None);
        }
        let b = src.bytes();
        let trimmed = b.iter().rposition(|c| *c != b'/').map_or(&b[..0], |i| &b[..=i]);
        let into = dst.like(&pure::join(dst.bytes(), &[pure::basename(trimmed)]));
        if into.to_path(cx)?.exists() {
            return Err(shutil_error(format!("Destination path '{}' already exists", into.display(cx))));
        }
        real_dst = Some(into);
    }
    let target = real_dst.as_ref().unwrap_or(&dst);
    let rd = target.to_path(cx)?;
    if fs::rename(&s, &rd).is_ok() {
        return Ok(real_dst.map_or(given, |p| p.value()));
    }
    if is_link(&s) {
        let link = fs::read_link(&s).map_err(|e| src.error(&e))?;
        let link = src.like_os(link.as_os_str());
        std::os::unix::fs::symlink(link.to_path(cx)?, &rd).map_err(|e| link.error2(&e, target))?;
        fs::remove_file(&s).map_err(|e| src.error(&e))?;
    } else if s.is_dir() {
        let cwd = cwd_bytes()?;
        let with_sep = |p: &[u8]| {
            let mut a = pure::abspath(p, &cwd);
            if !a.ends_with(b"/") {
                a.push(b'/');
            }
            a
        };
        if with_sep(dst.bytes()).starts_with(&with_sep(src.bytes())) {
            return Err(shutil_error(format!(
                "Cannot move a directory '{}' into itself '{}'.",
                src.display(cx),
                dst.display(cx)
            )));
        }
        let opts = TreeOpts { symlinks: true, ignore: None, how, ignore_dangling: false, exist_ok: false };
        copytree_paths(cx, &src, target, &opts)?;
        rmtree_path(cx, &src, false)?;
    } else {
        how.run(cx, &src, target)?;
        fs::remove_file(&s).map_err(|e| src.error(&e))?;
    }
    Ok(real_dst.map_or(given, |p| p.value()))
}
