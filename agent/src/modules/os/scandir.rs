//! `os.listdir` and `os.scandir`: a `posix.ScandirIterator` (a context
//! manager that reads the directory lazily) of `posix.DirEntry` objects.

use std::fs;
use std::os::unix::fs::DirEntryExt;
use std::sync::{LazyLock, Mutex};

use super::stat::stat_result;
use crate::modules::os_path::{pure, PathStr};
use crate::objects::list::List;
use crate::platform::fs::FileStat;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static SCANDIR_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("posix", "ScandirIterator", None, &SCANDIR_METHODS, None));
pub static DIR_ENTRY: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("posix", "DirEntry", None, &DIR_ENTRY_METHODS, None));

/// The directory argument of listdir/scandir (`.` when absent or None).
fn dir_arg(func: &str, cx: &Cx, v: Option<Py>) -> PyResult<PathStr> {
    match v {
        None | Some(Py::None) => PathStr::new(cx, &Py::str(".")),
        Some(Py::Int(_)) => Err(exceptions::not_implemented(&format!("os.{func}() of a file descriptor"))),
        Some(v) => PathStr::arg(func, cx, &v),
    }
}

pub(super) fn listdir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("listdir", ["path?"])?;
    let dir = dir_arg("listdir", cx, p)?;
    let entries = fs::read_dir(dir.to_path(cx)?).map_err(|e| dir.error(&e))?;
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| dir.error(&e))?;
        names.push(dir.like_os(&entry.file_name()).value());
        if names.len() % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(List::new(names))
}

pub(super) fn scandir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("scandir", ["path?"])?;
    let dir = dir_arg("scandir", cx, p)?;
    let iter = fs::read_dir(dir.to_path(cx)?).map_err(|e| dir.error(&e))?;
    Ok(Py::obj(ScandirIterator { dir, iter: Mutex::new(Some(iter)) }))
}

/// `posix.ScandirIterator`: reads the directory as it is iterated; closed
/// by `close()`, `__exit__`, or reaching the end.
pub struct ScandirIterator {
    dir: PathStr,
    iter: Mutex<Option<fs::ReadDir>>,
}

impl ScandirIterator {
    fn close(&self) {
        *self.iter.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl PyObject for ScandirIterator {
    fn ty(&self) -> TypeRef {
        SCANDIR_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        // Reading the directory is all that happens under the lock.
        let mut iter = self.iter.lock().unwrap_or_else(|e| e.into_inner());
        match iter.as_mut().and_then(Iterator::next) {
            Some(Ok(entry)) => Ok(Some(DirEntry::make(&self.dir, &entry))),
            Some(Err(e)) => Err(self.dir.error(&e)),
            None => {
                *iter = None;
                Ok(None)
            }
        }
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

fn scandir_self(this: &Py) -> PyResult<&ScandirIterator> {
    this.downcast::<ScandirIterator>()
        .ok_or_else(|| exceptions::type_error("descriptor requires a 'posix.ScandirIterator' object"))
}

fn scandir_close(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("close")?;
    scandir_self(this)?.close();
    Ok(Py::None)
}

fn scandir_enter(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__enter__")?;
    scandir_self(this)?;
    Ok(this.clone())
}

fn scandir_exit(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    scandir_self(this)?.close();
    Ok(Py::None)
}

static SCANDIR_METHODS: [Method; 3] =
    [method("close", scandir_close), method("__enter__", scandir_enter), method("__exit__", scandir_exit)];

/// `posix.DirEntry`: a name found in a directory, with the type the
/// directory listing reported for it.
pub struct DirEntry {
    name: PathStr,
    path: PathStr,
    file_type: Option<fs::FileType>,
    ino: u64,
}

impl DirEntry {
    fn make(dir: &PathStr, entry: &fs::DirEntry) -> Py {
        let name = dir.like_os(&entry.file_name());
        let path = dir.like(&pure::join(dir.bytes(), &[name.bytes()]));
        Py::obj(DirEntry { name, path, file_type: entry.file_type().ok(), ino: entry.ino() })
    }

    fn is_symlink(&self) -> bool {
        self.file_type.is_some_and(|t| t.is_symlink())
    }

    fn metadata(&self, cx: &Cx, follow: bool) -> PyResult<fs::Metadata> {
        let path = self.path.to_path(cx)?;
        if follow { fs::metadata(&path) } else { fs::symlink_metadata(&path) }.map_err(|e| self.path.error(&e))
    }

    /// `is_dir()` / `is_file()`: from the listing unless a symlink is to be
    /// followed; a missing file is neither.
    fn is_kind(&self, cx: &Cx, follow: bool, dir: bool) -> bool {
        let test = |t: fs::FileType| if dir { t.is_dir() } else { t.is_file() };
        match self.file_type {
            Some(t) if !(t.is_symlink() && follow) => test(t),
            _ => self.metadata(cx, follow).is_ok_and(|m| test(m.file_type())),
        }
    }
}

impl PyObject for DirEntry {
    fn ty(&self) -> TypeRef {
        DIR_ENTRY.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("<DirEntry {}>", semantics::repr(cx, &self.name.value())?))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "name" => Some(self.name.value()),
            "path" => Some(self.path.value()),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["name".into(), "path".into()]
    }
    fn fspath(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(self.path.value()))
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

fn entry_self(this: &Py) -> PyResult<&DirEntry> {
    this.downcast::<DirEntry>().ok_or_else(|| exceptions::type_error("descriptor requires a 'posix.DirEntry' object"))
}

fn follow_arg(func: &str, cx: &Cx, args: Args) -> PyResult<bool> {
    let [follow] = args.bind(func, ["$follow_symlinks?"])?;
    args::opt_bool(cx, follow.as_ref(), true)
}

fn is_dir(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let follow = follow_arg("is_dir", cx, args)?;
    Ok(Py::Bool(entry_self(this)?.is_kind(cx, follow, true)))
}

fn is_file(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let follow = follow_arg("is_file", cx, args)?;
    Ok(Py::Bool(entry_self(this)?.is_kind(cx, follow, false)))
}

fn is_symlink(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("is_symlink")?;
    Ok(Py::Bool(entry_self(this)?.is_symlink()))
}

fn entry_stat(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let follow = follow_arg("stat", cx, args)?;
    let m = entry_self(this)?.metadata(cx, follow)?;
    Ok(stat_result(&FileStat::from(&m)))
}

fn inode(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("inode")?;
    Ok(Py::from(entry_self(this)?.ino))
}

fn entry_fspath(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__fspath__")?;
    Ok(entry_self(this)?.path.value())
}

static DIR_ENTRY_METHODS: [Method; 6] = [
    blocking_method("is_dir", is_dir),
    blocking_method("is_file", is_file),
    method("is_symlink", is_symlink),
    blocking_method("stat", entry_stat),
    method("inode", inode),
    method("__fspath__", entry_fspath),
];
