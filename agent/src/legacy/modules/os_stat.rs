//! `os.stat_result`, `posix.uname_result`, `os.statvfs_result`, and
//! directory listing: `listdir`, `scandir` (`posix.ScandirIterator` of
//! `posix.DirEntry`), `walk`.

use std::fs;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::sync::{Arc, Mutex};

use rpyc_protocol::{Obj, Value};

use super::os_path::{join, PStr};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{List, RecordKind, RecordObj, SeqIter};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val};

fn int(v: i64) -> Val {
    Obj::Value(Value::Int(v))
}

fn uint(v: u64) -> Val {
    Obj::Value(Value::from(v))
}

fn float(sec: i64, nsec: i64) -> Val {
    Obj::Value(Value::Float(sec as f64 + nsec as f64 * 1e-9))
}

fn nanos(sec: i64, nsec: i64) -> Val {
    let total = i128::from(sec) * 1_000_000_000 + i128::from(nsec);
    Obj::Value(match i64::try_from(total) {
        Ok(n) => Value::Int(n),
        Err(_) => Value::from_bigint(num_bigint::BigInt::from(total)),
    })
}

/// `os.stat_result` of some metadata.
pub(crate) fn stat_result(m: &fs::Metadata) -> PyRef {
    let fields = vec![
        ("st_mode", uint(m.mode().into())),
        ("st_ino", uint(m.ino())),
        ("st_dev", uint(m.dev())),
        ("st_nlink", uint(m.nlink())),
        ("st_uid", uint(m.uid().into())),
        ("st_gid", uint(m.gid().into())),
        ("st_size", uint(m.size())),
        // The tuple holds whole seconds; their repr names them st_atime...
        ("st_atime", int(m.atime())),
        ("st_mtime", int(m.mtime())),
        ("st_ctime", int(m.ctime())),
        // ...while the attributes of those names are floats.
        ("st_atime", float(m.atime(), m.atime_nsec())),
        ("st_mtime", float(m.mtime(), m.mtime_nsec())),
        ("st_ctime", float(m.ctime(), m.ctime_nsec())),
        ("st_atime_ns", nanos(m.atime(), m.atime_nsec())),
        ("st_mtime_ns", nanos(m.mtime(), m.mtime_nsec())),
        ("st_ctime_ns", nanos(m.ctime(), m.ctime_nsec())),
        ("st_blksize", uint(m.blksize())),
        ("st_blocks", uint(m.blocks())),
        ("st_rdev", uint(m.rdev())),
    ];
    let attrs = fields[10..13].to_vec();
    let inner = RecordObj::new("os.stat_result", "os.stat_result", RecordKind::StructSeq { visible: 10 }, fields);
    Arc::new(Overlay { inner, attrs })
}

/// A record whose attributes `attrs` win over its fields of the same name
/// (a struct sequence's hidden fields named like visible ones).
struct Overlay {
    inner: PyRef,
    attrs: Vec<(&'static str, Val)>,
}

impl PyObject for Overlay {
    fn type_name(&self) -> &str {
        self.inner.type_name()
    }
    fn instance_id(&self) -> i64 {
        self.inner.instance_id()
    }
    fn methods(&self) -> &[&str] {
        self.inner.methods()
    }
    fn getattr(&self, _this: &PyRef, name: &str, cx: &Cx) -> PyResult<Val> {
        match self.attrs.iter().find(|(n, _)| *n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => self.inner.getattr(&self.inner, name, cx),
        }
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        self.inner.call_method(&self.inner, name, args, cx)
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        self.inner.repr(cx)
    }
    fn hash(&self) -> PyResult<i64> {
        self.inner.hash()
    }
    fn attr_names(&self) -> Vec<String> {
        self.inner.attr_names()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        self.inner.to_value(cx)
    }
}

/// `posix.uname_result`.
pub(crate) fn uname_result(parts: [String; 5]) -> PyRef {
    let names = ["sysname", "nodename", "release", "version", "machine"];
    let fields = names.into_iter().zip(parts).map(|(n, v)| (n, Obj::Value(Value::Str(v)))).collect();
    RecordObj::new("posix.uname_result", "posix.uname_result", RecordKind::StructSeq { visible: 5 }, fields)
}

/// `os.statvfs_result` from [`crate::platform::statvfs`].
pub(crate) fn statvfs_result(v: [u64; 11]) -> PyRef {
    let names = [
        "f_bsize",
        "f_frsize",
        "f_blocks",
        "f_bfree",
        "f_bavail",
        "f_files",
        "f_ffree",
        "f_favail",
        "f_flag",
        "f_namemax",
        "f_fsid",
    ];
    let fields = names.into_iter().zip(v).map(|(n, x)| (n, uint(x))).collect();
    RecordObj::new("os.statvfs_result", "os.statvfs_result", RecordKind::StructSeq { visible: 10 }, fields)
}

// ---------------------------------------------------------------- listing

/// The directory argument of listdir/scandir (`.` when absent).
fn dir_arg(func: &str, v: Option<Val>, cx: &Cx) -> PyResult<PStr> {
    match v {
        None | Some(Obj::Value(Value::None)) => Ok(PStr::Str(".".into())),
        Some(Obj::Value(Value::Int(_))) => Err(exc::not_implemented(&format!("{func}() of a file descriptor"))),
        Some(v) => super::os_path::fspath(Some(func), &v, cx),
    }
}

pub(super) fn listdir(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("listdir", ["path?"])?;
    let dir = dir_arg("listdir", p, cx)?;
    let path = dir.to_path()?;
    let mut names = Vec::new();
    for entry in fs::read_dir(&path).map_err(|e| exc::os_error(&e, Some(&path)))? {
        let entry = entry.map_err(|e| exc::os_error(&e, Some(&path)))?;
        names.push(dir.like_os(&entry.file_name()).val());
    }
    Ok(Obj::Local(List::new(names)))
}

pub(super) fn scandir(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("scandir", ["path?"])?;
    let dir = dir_arg("scandir", p, cx)?;
    let path = dir.to_path()?;
    let iter = fs::read_dir(&path).map_err(|e| exc::os_error(&e, Some(&path)))?;
    Ok(Obj::Local(Arc::new(ScandirIterator { id: next_instance_id(), dir, iter: Mutex::new(Some(iter)) })))
}

/// `posix.ScandirIterator`: reads the directory lazily.
struct ScandirIterator {
    id: i64,
    dir: PStr,
    iter: Mutex<Option<fs::ReadDir>>,
}

impl PyObject for ScandirIterator {
    fn type_name(&self) -> &str {
        "posix.ScandirIterator"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        &["__iter__", "__next__", "__enter__", "__exit__", "close"]
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn call_method(&self, this: &PyRef, name: &str, _args: Args, _cx: &Cx) -> PyResult<Val> {
        let mut iter = self.iter.lock().unwrap_or_else(|e| e.into_inner());
        match name {
            "__iter__" | "__enter__" => Ok(Obj::Local(this.clone())),
            "__exit__" | "close" => {
                *iter = None;
                Ok(Obj::none())
            }
            "__next__" => match iter.as_mut().and_then(Iterator::next) {
                Some(Ok(entry)) => Ok(Obj::Local(DirEntry::make(&self.dir, &entry))),
                Some(Err(e)) => Err(exc::os_error(&e, self.dir.to_path().ok().as_deref())),
                None => {
                    *iter = None;
                    Err(exc::stop_iteration())
                }
            },
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
}

/// `posix.DirEntry`.
struct DirEntry {
    id: i64,
    name: PStr,
    path: PStr,
    file_type: Option<fs::FileType>,
    ino: u64,
}

impl DirEntry {
    fn make(dir: &PStr, entry: &fs::DirEntry) -> PyRef {
        let name = dir.like_os(&entry.file_name());
        let path = dir.like(&join(dir.bytes(), &[name.bytes()]));
        Arc::new(DirEntry { id: next_instance_id(), name, path, file_type: entry.file_type().ok(), ino: entry.ino() })
    }

    fn is_symlink(&self) -> bool {
        self.file_type.is_some_and(|t| t.is_symlink())
    }

    fn metadata(&self, follow: bool) -> PyResult<fs::Metadata> {
        let path = self.path.to_path()?;
        if follow { fs::metadata(&path) } else { fs::symlink_metadata(&path) }
            .map_err(|e| exc::os_error(&e, Some(&path)))
    }
}

impl PyObject for DirEntry {
    fn type_name(&self) -> &str {
        "posix.DirEntry"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        &["is_dir", "is_file", "is_symlink", "stat", "inode", "__fspath__"]
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match name {
            "name" => Ok(self.name.val()),
            "path" => Ok(self.path.val()),
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["name".into(), "path".into()]
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, _cx: &Cx) -> PyResult<Val> {
        let follow = |args: Args| -> PyResult<bool> {
            let [f] = args.bind(name, ["$follow_symlinks?"])?;
            Ok(args::opt_bool(f.as_ref(), true))
        };
        let boolean = |b: bool| Ok(Obj::Value(Value::Bool(b)));
        match name {
            "is_dir" | "is_file" => {
                let follow = follow(args)?;
                let want_dir = name == "is_dir";
                match self.file_type {
                    Some(t) if !(t.is_symlink() && follow) => boolean(if want_dir { t.is_dir() } else { t.is_file() }),
                    _ => boolean(self.metadata(follow).is_ok_and(|m| if want_dir { m.is_dir() } else { m.is_file() })),
                }
            }
            "is_symlink" => {
                args.none(name)?;
                boolean(self.is_symlink())
            }
            "stat" => {
                let follow = follow(args)?;
                Ok(Obj::Local(stat_result(&self.metadata(follow)?)))
            }
            "inode" => {
                args.none(name)?;
                Ok(uint(self.ino))
            }
            "__fspath__" => Ok(self.path.val()),
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<DirEntry {}>", self.name.to_value()))
    }
}

// ---------------------------------------------------------------- walk

pub(super) fn walk(cx: &Cx, args: Args) -> PyResult<Val> {
    let [top, topdown, onerror, followlinks] = args.bind("walk", ["top", "topdown?", "onerror?", "followlinks?"])?;
    if onerror.is_some_and(|o| !matches!(o, Obj::Value(Value::None))) {
        return Err(exc::not_implemented("os.walk(onerror=...)"));
    }
    let top = super::os_path::fspath(None, &args::req(top), cx)?;
    let (topdown, followlinks) = (args::opt_bool(topdown.as_ref(), true), args::opt_bool(followlinks.as_ref(), false));
    let mut out = Vec::new();
    walk_into(&top, topdown, followlinks, &mut out);
    Ok(Obj::Local(SeqIter::new("builtins.generator", out)))
}

/// CPython's `os._walk`, eagerly: unreadable directories are skipped (as
/// without `onerror`).
fn walk_into(top: &PStr, topdown: bool, followlinks: bool, out: &mut Vec<Val>) {
    let Ok(path) = top.to_path() else { return };
    let Ok(entries) = fs::read_dir(&path) else { return };
    let (mut dirs, mut files, mut walk_dirs) = (Vec::new(), Vec::new(), Vec::new());
    for entry in entries {
        let Ok(entry) = entry else { return };
        let name = top.like_os(&entry.file_name());
        let file_type = entry.file_type().ok();
        let is_symlink = file_type.is_some_and(|t| t.is_symlink());
        let is_dir = match file_type {
            Some(t) if !t.is_symlink() => t.is_dir(),
            _ => fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()),
        };
        if is_dir {
            if !topdown && (followlinks || !is_symlink) {
                walk_dirs.push(top.like(&join(top.bytes(), &[name.bytes()])));
            }
            dirs.push(name);
        } else {
            files.push(name);
        }
    }
    let triple = |dirs: &[PStr], files: &[PStr]| {
        Obj::Tuple(vec![
            top.val(),
            Obj::Local(List::new(dirs.iter().map(PStr::val).collect())),
            Obj::Local(List::new(files.iter().map(PStr::val).collect())),
        ])
    };
    if topdown {
        out.push(triple(&dirs, &files));
        for d in &dirs {
            let new_path = top.like(&join(top.bytes(), &[d.bytes()]));
            let is_link = new_path
                .to_path()
                .ok()
                .and_then(|p| fs::symlink_metadata(p).ok())
                .is_some_and(|m| m.file_type().is_symlink());
            if followlinks || !is_link {
                walk_into(&new_path, topdown, followlinks, out);
            }
        }
    } else {
        for d in &walk_dirs {
            walk_into(d, topdown, followlinks, out);
        }
        out.push(triple(&dirs, &files));
    }
}
