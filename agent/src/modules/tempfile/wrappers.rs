//! `NamedTemporaryFile`'s `_TemporaryFileWrapper` (the file object, its
//! `name`, removed on close when `delete`) and `TemporaryDirectory` (a
//! context manager whose `cleanup` removes the tree, making unreadable
//! parts removable first, as CPython's `_rmtree` does). Both clean up when
//! dropped, as CPython's finalizers do.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use super::{mkdtemp_params, mkstemp_inner, open_args, sanitize};
use crate::modules::os_path::PathStr;
use crate::objects::attr;
use crate::objects::file;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

static WRAPPER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("tempfile", "_TemporaryFileWrapper", None, &WRAPPER_METHODS, None));

static WRAPPER_METHODS: [Method; 4] = [
    blocking_method("close", |cx, this, args| {
        args.none("close")?;
        wrapper_self(this)?.close(cx)
    }),
    blocking_method("__enter__", |cx, this, _| {
        attr::call_method(cx, &wrapper_self(this)?.file, "__enter__", Args::default())?;
        Ok(this.clone())
    }),
    blocking_method("__exit__", |cx, this, _| wrapper_self(this)?.close(cx)),
    blocking_method("__iter__", |cx, this, _| semantics::iter(cx, &wrapper_self(this)?.file)),
];

/// `tempfile._TemporaryFileWrapper`.
pub struct FileWrapper {
    file: Py,
    name: Py,
    path: PathBuf,
    delete: bool,
    /// Set once closed (and removed, with `delete`).
    done: Mutex<bool>,
}

fn wrapper_self(this: &Py) -> PyResult<&FileWrapper> {
    this.downcast::<FileWrapper>()
        .ok_or_else(|| exceptions::type_error("descriptor requires a 'tempfile._TemporaryFileWrapper'"))
}

impl FileWrapper {
    /// `close()`: the file, then (with `delete`) its name, once.
    fn close(&self, cx: &Cx) -> PyResult<Py> {
        let first = !std::mem::replace(&mut *self.done.lock().unwrap_or_else(|e| e.into_inner()), true);
        attr::call_method(cx, &self.file, "close", Args::default())?;
        if first && self.delete {
            fs::remove_file(&self.path)
                .map_err(|e| exceptions::os_error(&e, None).with_attr("filename", self.name.clone()))?;
        }
        Ok(Py::None)
    }
}

impl PyObject for FileWrapper {
    fn ty(&self) -> TypeRef {
        WRAPPER.clone()
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &self.file).map(Some)
    }
    /// `name`, `file`, `delete`; the rest is the file's (`__getattr__`).
    fn getattr(&self, _this: &ObjRef, name: &str, cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(match name {
            "name" => self.name.clone(),
            "file" => self.file.clone(),
            "delete" => Py::Bool(self.delete),
            _ if WRAPPER_METHODS.iter().any(|m| m.name == name) || name == "__class__" => return Ok(None),
            _ => attr::getattr(cx, &self.file, name)?,
        }))
    }
    fn attr_names(&self) -> Vec<String> {
        ["name", "file", "delete"].map(String::from).to_vec()
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.file.clone(), self.name.clone()]
    }
}

impl Drop for FileWrapper {
    fn drop(&mut self) {
        let done = *self.done.get_mut().unwrap_or_else(|e| e.into_inner());
        if !done && self.delete {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// `NamedTemporaryFile(mode='w+b', buffering=-1, encoding=None,
/// newline=None, suffix=None, prefix=None, dir=None, delete=True, *,
/// errors=None)`.
pub(super) fn named_temporary_file(cx: &Cx, args: Args) -> PyResult<Py> {
    let [mode, buffering, encoding, newline, suffix, prefix, dir, delete, errors] = args.bind(
        "NamedTemporaryFile",
        ["mode?", "buffering?", "encoding?", "newline?", "suffix?", "prefix?", "dir?", "delete?", "$errors?"],
    )?;
    let delete = args::opt_bool(cx, delete.as_ref(), true)?;
    let p = sanitize(cx, prefix, suffix, dir)?;
    let (f, name) = mkstemp_inner(cx, &p)?;
    let path = name.to_path(cx)?;
    let file = match file::open_file(cx, f, name.value(), open_args(mode, buffering, encoding, errors, newline)) {
        Ok(file) => file,
        Err(e) => {
            let _ = fs::remove_file(&path);
            return Err(e);
        }
    };
    Ok(Py::obj(FileWrapper { file, name: name.value(), path, delete, done: Mutex::new(false) }))
}

pub static TEMPORARY_DIRECTORY: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("tempfile", "TemporaryDirectory", None, &DIRECTORY_METHODS, Some(temporary_directory))
});

static DIRECTORY_METHODS: [Method; 3] = [
    blocking_method("cleanup", |_, this, args| {
        args.none("cleanup")?;
        directory_self(this)?.cleanup().map(|()| Py::None)
    }),
    blocking_method("__enter__", |_, this, _| Ok(directory_self(this)?.name.clone())),
    blocking_method("__exit__", |_, this, _| directory_self(this)?.cleanup().map(|()| Py::None)),
];

/// `tempfile.TemporaryDirectory`.
pub struct TempDir {
    name: Py,
    path: PathBuf,
    ignore_errors: bool,
    /// False until cleaned up (CPython's finalizer, detached).
    cleaned: Mutex<bool>,
}

fn directory_self(this: &Py) -> PyResult<&TempDir> {
    this.downcast::<TempDir>().ok_or_else(|| exceptions::type_error("descriptor requires a 'TemporaryDirectory'"))
}

/// `TemporaryDirectory(suffix=None, prefix=None, dir=None,
/// ignore_cleanup_errors=False)`.
fn temporary_directory(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [suffix, prefix, dir, ignore] =
        args.bind("TemporaryDirectory", ["suffix?", "prefix?", "dir?", "ignore_cleanup_errors?"])?;
    let ignore_errors = args::opt_bool(cx, ignore.as_ref(), false)?;
    let p = sanitize(cx, prefix, suffix, dir)?;
    let name: PathStr = mkdtemp_params(cx, &p)?;
    let path = name.to_path(cx)?;
    Ok(Py::obj(TempDir { name: name.value(), path, ignore_errors, cleaned: Mutex::new(false) }))
}

/// Opens up a path CPython's `resetperms` would (owner rwx).
fn reset_perms(p: &Path) {
    let _ = fs::set_permissions(p, fs::Permissions::from_mode(0o700));
}

/// `_rmtree(name, ignore_errors)`: removes the tree; permission errors
/// are retried after opening the entry and its directory up, missing
/// entries are fine.
fn rmtree(top: &Path, p: &Path, ignore_errors: bool) -> std::io::Result<()> {
    let meta = match fs::symlink_metadata(p) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return if ignore_errors { Ok(()) } else { Err(e) },
    };
    let attempt = |p: &Path| -> std::io::Result<()> {
        if meta.is_dir() {
            let entries = match fs::read_dir(p) {
                Ok(rd) => rd,
                Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                    reset_perms(p);
                    fs::read_dir(p)?
                }
                Err(e) => return Err(e),
            };
            for entry in entries.flatten() {
                rmtree(top, &entry.path(), ignore_errors)?;
            }
            fs::remove_dir(p)
        } else {
            fs::remove_file(p)
        }
    };
    match attempt(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            if p != top {
                if let Some(parent) = p.parent() {
                    reset_perms(parent);
                }
            }
            reset_perms(p);
            match attempt(p) {
                Err(e) if !ignore_errors && e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        }
        Err(_) if ignore_errors => Ok(()),
        Err(e) => Err(e),
    }
}

impl TempDir {
    fn cleanup(&self) -> PyResult<()> {
        let first = !std::mem::replace(&mut *self.cleaned.lock().unwrap_or_else(|e| e.into_inner()), true);
        if first || self.path.exists() {
            rmtree(&self.path, &self.path, self.ignore_errors)
                .map_err(|e| exceptions::os_error(&e, Some(&self.path)))?;
        }
        Ok(())
    }
}

impl PyObject for TempDir {
    fn ty(&self) -> TypeRef {
        TEMPORARY_DIRECTORY.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("<TemporaryDirectory {}>", semantics::repr(cx, &self.name)?))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "name" => Some(self.name.clone()),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["name".to_owned()]
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !*self.cleaned.get_mut().unwrap_or_else(|e| e.into_inner()) {
            let _ = rmtree(&self.path, &self.path, true);
        }
    }
}
