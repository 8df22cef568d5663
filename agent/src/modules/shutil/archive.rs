//! Archives in `shutil`: `make_archive`, `unpack_archive`,
//! `get_archive_formats`, `get_unpack_formats`, as CPython 3.11 makes and
//! unpacks them through `zipfile` and `tarfile` (here the agent's own).
//! The formats are `zip`, `tar` and `gztar`: `bztar` and `xztar` are
//! missing, as on a CPython built without `bz2` and `lzma`. Unlike
//! CPython, `make_archive(root_dir=...)` does not change the process's
//! working directory (other connections share it): paths are joined to
//! `root_dir` instead, which gives the same archive.

use std::fs;

use super::{error, READ_ERROR};
use crate::modules::os_path::{cwd_bytes, pure, PathStr};
use crate::modules::tarfile::archive::{self as tar, AddFilter, Opening};
use crate::modules::zipfile::archive::ZIP_FILE;
use crate::objects::attr;
use crate::objects::list::List;
use crate::platform;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

/// (name, extensions, description), sorted by name.
const FORMATS: &[(&str, &[&str], &str)] = &[
    ("gztar", &[".tar.gz", ".tgz"], "gzip'ed tar-file"),
    ("tar", &[".tar"], "uncompressed tar file"),
    ("zip", &[".zip"], "ZIP file"),
];

pub(super) fn get_archive_formats(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("get_archive_formats")?;
    Ok(List::new(FORMATS.iter().map(|(n, _, d)| Py::tuple(vec![Py::str(*n), Py::str(*d)])).collect()))
}

pub(super) fn get_unpack_formats(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("get_unpack_formats")?;
    let items = FORMATS
        .iter()
        .map(|(n, ext, d)| {
            Py::tuple(vec![Py::str(*n), List::new(ext.iter().map(|e| Py::str(*e)).collect()), Py::str(*d)])
        })
        .collect();
    Ok(List::new(items))
}

/// `shutil.ReadError(msg)`.
fn read_error(msg: String) -> PyErr {
    error(&READ_ERROR, Py::from(msg))
}

/// A relative path under `root` (or as it is without a root).
fn under(root: &Option<Vec<u8>>, rel: &[u8]) -> Vec<u8> {
    match root {
        Some(r) => pure::join(r, &[rel]),
        None => rel.to_vec(),
    }
}

/// One step of a walk: (dirpath, dirnames, filenames).
type WalkStep = (Vec<u8>, Vec<Vec<u8>>, Vec<Vec<u8>>);

/// `os.walk(top)` top-down without following symlinks, in the OS's
/// order: (dirpath, dirnames, filenames) with paths as `top` gives them.
fn walk(root: &Option<Vec<u8>>, top: &[u8], out: &mut Vec<WalkStep>) {
    let Ok(rd) = fs::read_dir(std::path::Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(
        &under(root, top),
    ))) else {
        return;
    };
    let (mut dirs, mut files) = (Vec::new(), Vec::new());
    for e in rd.flatten() {
        let name = e.file_name().into_encoded_bytes();
        if fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) {
            dirs.push(name);
        } else {
            files.push(name);
        }
    }
    out.push((top.to_vec(), dirs.clone(), files));
    for d in dirs {
        let p = pure::join(top, &[&d]);
        let full = under(root, &p);
        let is_link = fs::symlink_metadata(std::path::Path::new(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&full),
        ))
        .is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            walk(root, &p, out);
        }
    }
}

fn make_zip(cx: &Cx, root: &Option<Vec<u8>>, base_name: &[u8], base_dir: &[u8]) -> PyResult<Vec<u8>> {
    let mut zip_name = base_name.to_vec();
    zip_name.extend_from_slice(b".zip");
    let like = PathStr::new(cx, &Py::str(""))?;
    let archive_dir = pure::dirname(base_name);
    if !archive_dir.is_empty() && !like.like(archive_dir).to_path(cx)?.exists() {
        crate::modules::os::makedirs_path(cx, &like.like(archive_dir), 0o777, false)?;
    }
    let zf = semantics::call(
        cx,
        &type_value(&ZIP_FILE),
        Args::positional(vec![like.like(&zip_name).value(), Py::str("w"), Py::Int(8)]),
    )?;
    let write = |path: &[u8]| -> PyResult<()> {
        let args = vec![like.like(&under(root, path)).value(), like.like(path).value()];
        attr::call_method(cx, &zf, "write", Args::positional(args)).map(drop)
    };
    let result = (|| -> PyResult<()> {
        let path = pure::normpath(base_dir);
        if path != b"." {
            write(&path)?;
        }
        let mut steps = Vec::new();
        walk(root, base_dir, &mut steps);
        for (dirpath, mut dirnames, filenames) in steps {
            cx.check_interrupt()?;
            dirnames.sort();
            for name in dirnames {
                write(&pure::normpath(&pure::join(&dirpath, &[&name])))?;
            }
            for name in filenames {
                let path = pure::normpath(&pure::join(&dirpath, &[&name]));
                if like.like(&under(root, &path)).to_path(cx)?.is_file() {
                    write(&path)?;
                }
            }
        }
        Ok(())
    })();
    let closed = attr::call_method(cx, &zf, "close", Args::default());
    result?;
    closed?;
    Ok(zip_name)
}

fn make_tar(
    cx: &Cx,
    root: &Option<Vec<u8>>,
    base_name: &[u8],
    base_dir: &[u8],
    gzip: bool,
    owner: AddFilter,
) -> PyResult<Vec<u8>> {
    let mut name = base_name.to_vec();
    name.extend_from_slice(if gzip { b".tar.gz" } else { b".tar" });
    let like = PathStr::new(cx, &Py::str(""))?;
    let archive_dir = pure::dirname(&name);
    if !archive_dir.is_empty() && !like.like(archive_dir).to_path(cx)?.exists() {
        crate::modules::os::makedirs_path(cx, &like.like(archive_dir), 0o777, false)?;
    }
    let how = Opening { mode: "w", gzip, compresslevel: 9, stream: true };
    let t = tar::open_archive(cx, &like.like(&name), how, Vec::new())?;
    let added =
        tar::add_path(cx, &t, &like.like(&under(root, base_dir)).value(), &like.like(base_dir).value(), true, &owner);
    let closed = tar::tar_file(&t)?.close();
    added?;
    closed?;
    Ok(name)
}

/// `make_archive(base_name, format, root_dir=None, base_dir=None,
/// verbose=0, dry_run=0, owner=None, group=None, logger=None)`.
pub(super) fn make_archive(cx: &Cx, args: Args) -> PyResult<Py> {
    let [base_name, format, root_dir, base_dir, _verbose, dry_run, owner, group, _logger] = args.bind(
        "make_archive",
        ["base_name", "format", "root_dir?", "base_dir?", "verbose?", "dry_run?", "owner?", "group?", "logger?"],
    )?;
    let base = PathStr::new(cx, &req(base_name))?;
    let root_ps = match root_dir.filter(|r| !r.is_none()) {
        Some(r) => Some(PathStr::new(cx, &r)?),
        None => None,
    };
    // CPython chdir()s into root_dir: the same error when it is no directory.
    if let Some(r) = &root_ps {
        let p = r.to_path(cx)?;
        if !p.is_dir() {
            let errno = if p.exists() { crate::platform::errno::ENOTDIR } else { crate::platform::errno::ENOENT };
            return Err(r.error(&std::io::Error::from_raw_os_error(errno)));
        }
    }
    let root = root_ps.as_ref().map(|r| r.bytes().to_vec());
    let base_name = if root.is_some() { pure::abspath(base.bytes(), &cwd_bytes()?) } else { base.bytes().to_vec() };
    let base_dir = match base_dir.filter(|b| !b.is_none()) {
        Some(b) => PathStr::new(cx, &b)?.bytes().to_vec(),
        None => b".".to_vec(),
    };
    let format = req(format);
    let format = match &format {
        Py::Str(f) if matches!(&**f, "zip" | "tar" | "gztar") => f.to_string(),
        other => {
            return Err(exceptions::value_error(format!("unknown archive format '{}'", semantics::str(cx, other)?)))
        }
    };
    if dry_run.as_ref().map(|d| semantics::truthy(cx, d)).transpose()?.unwrap_or(false) {
        return Err(exceptions::not_implemented("shutil.make_archive(dry_run=True)"));
    }
    let id = |v: Option<Py>, lookup: fn(&str) -> Option<u32>| -> PyResult<Option<(u32, String)>> {
        match v.filter(|v| !v.is_none()) {
            None => Ok(None),
            Some(Py::Str(n)) => Ok(lookup(&n).map(|i| (i, n.to_string()))),
            Some(_) => Ok(None),
        }
    };
    let owner = AddFilter::Owner(
        id(owner, |n| platform::users::getpwnam(n).map(|p| p.uid))?,
        id(group, platform::users::getgrnam)?,
    );
    let made = match format.as_str() {
        "zip" => make_zip(cx, &root, &base_name, &base_dir)?,
        "tar" => make_tar(cx, &root, &base_name, &base_dir, false, owner)?,
        _ => make_tar(cx, &root, &base_name, &base_dir, true, owner)?,
    };
    Ok(base.like(&made).value())
}

/// `_unpack_zipfile(filename, extract_dir)`.
fn unpack_zip(cx: &Cx, filename: &PathStr, dir: &PathStr) -> PyResult<()> {
    let zipfile = crate::modules::getmodule("zipfile").map(Py::Obj)?;
    let is_zip = attr::call_method(cx, &zipfile, "is_zipfile", Args::one(filename.value()))?;
    if !semantics::truthy(cx, &is_zip)? {
        return Err(read_error(format!("{} is not a zip file", filename.display(cx))));
    }
    let zf = semantics::call(cx, &type_value(&ZIP_FILE), Args::one(filename.value()))?;
    let result = (|| -> PyResult<()> {
        for info in semantics::iterate(cx, &attr::call_method(cx, &zf, "infolist", Args::default())?)? {
            let name = semantics::str(cx, &attr::getattr(cx, &info, "filename")?)?;
            if name.starts_with('/') || name.contains("..") {
                continue;
            }
            let parts: Vec<&[u8]> = name.split('/').map(str::as_bytes).collect();
            let target = dir.like(&pure::join(dir.bytes(), &parts));
            let parent = dir.like(pure::dirname(target.bytes()));
            if !parent.to_path(cx)?.is_dir() {
                crate::modules::os::makedirs_path(cx, &parent, 0o777, false)?;
            }
            if !name.ends_with('/') {
                let data = attr::call_method(cx, &zf, "read", Args::one(Py::from(name.clone())))?;
                let data = crate::objects::file::bytes_like(cx, &data)?;
                fs::write(target.to_path(cx)?, &data[..]).map_err(|e| target.error(&e))?;
            }
        }
        Ok(())
    })();
    attr::call_method(cx, &zf, "close", Args::default())?;
    result
}

/// `_unpack_tarfile(filename, extract_dir, *, filter=None)`.
fn unpack_tar(cx: &Cx, filename: &PathStr, dir: &PathStr, filter: Option<Py>) -> PyResult<()> {
    let tarfile = crate::modules::getmodule("tarfile").map(Py::Obj)?;
    let t = match attr::call_method(cx, &tarfile, "open", Args::one(filename.value())) {
        Ok(t) => t,
        Err(e) if e.class().is_subtype(&crate::modules::tarfile::class("TarError")) => {
            return Err(read_error(format!("{} is not a compressed or uncompressed tar file", filename.display(cx))));
        }
        Err(e) => return Err(e),
    };
    let kw = vec![("filter".into(), filter.unwrap_or(Py::None))];
    let r = attr::call_method(cx, &t, "extractall", Args::new(vec![dir.value()], kw));
    attr::call_method(cx, &t, "close", Args::default())?;
    r.map(drop)
}

/// `unpack_archive(filename, extract_dir=None, format=None, *, filter=None)`.
pub(super) fn unpack_archive(cx: &Cx, args: Args) -> PyResult<Py> {
    let [filename, extract_dir, format, filter] =
        args.bind("unpack_archive", ["filename", "extract_dir?", "format?", "$filter?"])?;
    let dir = match extract_dir.filter(|d| !d.is_none()) {
        Some(d) => PathStr::new(cx, &d)?,
        None => PathStr::new(cx, &Py::from(String::from_utf8_lossy(&cwd_bytes()?).into_owned()))?,
    };
    let filename = PathStr::new(cx, &req(filename))?;
    let filter = filter.filter(|f| !f.is_none());
    let format = match format.filter(|f| !f.is_none()) {
        Some(f) => {
            let name = semantics::str(cx, &f)?;
            if !FORMATS.iter().any(|(n, ..)| *n == name) {
                return Err(exceptions::value_error(format!("Unknown unpack format '{name}'")));
            }
            name
        }
        None => match FORMATS.iter().find(|(_, exts, _)| exts.iter().any(|e| filename.bytes().ends_with(e.as_bytes())))
        {
            Some((n, ..)) => (*n).to_owned(),
            None => return Err(read_error(format!("Unknown archive format '{}'", filename.display(cx)))),
        },
    };
    if format == "zip" {
        if filter.is_some() {
            return Err(exceptions::type_error("_unpack_zipfile() got an unexpected keyword argument 'filter'"));
        }
        unpack_zip(cx, &filename, &dir)?;
    } else {
        unpack_tar(cx, &filename, &dir, filter)?;
    }
    Ok(Py::None)
}
