//! `os.stat`, `os.lstat`, `os.fstat`, `os.statvfs` and the records `os`
//! returns: `os.stat_result`, `os.statvfs_result`, `posix.uname_result`,
//! `os.terminal_size` (struct sequences, as in Python).

use std::sync::LazyLock;

use super::no_dir_fd;
use crate::modules::os_path::{stat_of, PathStr};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform;
use crate::platform::fs::FileStat;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

const STAT_KIND: RecordKind = RecordKind::StructSeq { visible: 10 };
const UNAME_KIND: RecordKind = RecordKind::StructSeq { visible: 5 };
const STATVFS_KIND: RecordKind = RecordKind::StructSeq { visible: 10 };
const TERMINAL_KIND: RecordKind = RecordKind::StructSeq { visible: 2 };

pub static STAT_RESULT: LazyLock<TypeRef> = LazyLock::new(|| record_type("os", "stat_result", STAT_KIND, &[]));
pub static STATVFS_RESULT: LazyLock<TypeRef> = LazyLock::new(|| record_type("os", "statvfs_result", STATVFS_KIND, &[]));
pub static UNAME_RESULT: LazyLock<TypeRef> = LazyLock::new(|| record_type("posix", "uname_result", UNAME_KIND, &[]));
pub static TERMINAL_SIZE: LazyLock<TypeRef> = LazyLock::new(|| record_type("os", "terminal_size", TERMINAL_KIND, &[]));

fn float_time((sec, nsec): (i64, i64)) -> Py {
    Py::Float(sec as f64 + nsec as f64 * 1e-9)
}

fn nanos((sec, nsec): (i64, i64)) -> Py {
    Py::from(num_bigint::BigInt::from(i128::from(sec) * 1_000_000_000 + i128::from(nsec)))
}

/// `os.stat_result` of a file's status.
pub fn stat_result(st: &FileStat) -> Py {
    let fields = vec![
        ("st_mode", Py::from(st.mode)),
        ("st_ino", Py::from(st.ino)),
        ("st_dev", Py::from(st.dev)),
        ("st_nlink", Py::from(st.nlink)),
        ("st_uid", Py::from(st.uid)),
        ("st_gid", Py::from(st.gid)),
        ("st_size", Py::from(st.size)),
        // The tuple holds whole seconds under the names st_atime...
        ("st_atime", Py::Int(st.atime.0)),
        ("st_mtime", Py::Int(st.mtime.0)),
        ("st_ctime", Py::Int(st.ctime.0)),
        // ...while the attributes of those names are floats (the last
        // field of a name is the attribute).
        ("st_atime", float_time(st.atime)),
        ("st_mtime", float_time(st.mtime)),
        ("st_ctime", float_time(st.ctime)),
        ("st_atime_ns", nanos(st.atime)),
        ("st_mtime_ns", nanos(st.mtime)),
        ("st_ctime_ns", nanos(st.ctime)),
        ("st_blksize", Py::from(st.blksize)),
        ("st_blocks", Py::from(st.blocks)),
        ("st_rdev", Py::from(st.rdev)),
    ];
    RecordObj::new(&STAT_RESULT, STAT_KIND, fields)
}

/// `posix.uname_result` of [`platform::sysinfo::uname`].
pub fn uname_result(parts: [String; 5]) -> Py {
    let names = ["sysname", "nodename", "release", "version", "machine"];
    RecordObj::new(&UNAME_RESULT, UNAME_KIND, names.into_iter().zip(parts).map(|(n, v)| (n, Py::from(v))).collect())
}

/// `os.statvfs_result` of [`platform::fs::statvfs`].
pub fn statvfs_result(v: [u64; 11]) -> Py {
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
    RecordObj::new(&STATVFS_RESULT, STATVFS_KIND, names.into_iter().zip(v).map(|(n, x)| (n, Py::from(x))).collect())
}

/// `os.terminal_size(columns, lines)`.
pub fn terminal_size(columns: i64, lines: i64) -> Py {
    RecordObj::new(&TERMINAL_SIZE, TERMINAL_KIND, vec![("columns", Py::Int(columns)), ("lines", Py::Int(lines))])
}

pub(super) fn stat(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, dir_fd, follow] = args.bind("stat", ["path", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("stat", dir_fd.as_ref())?;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    Ok(stat_result(&stat_of(cx, &req(p), follow)?))
}

pub(super) fn lstat(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, dir_fd] = args.bind("lstat", ["path", "$dir_fd?"])?;
    no_dir_fd("lstat", dir_fd.as_ref())?;
    Ok(stat_result(&stat_of(cx, &req(p), false)?))
}

pub(super) fn fstat(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("fstat", ["fd"])?;
    let fd = args::to_fd("fstat", &req(fd))?;
    let st = platform::fd::fstat(fd).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(stat_result(&st))
}

pub(super) fn statvfs(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p] = args.bind("statvfs", ["path"])?;
    let p = PathStr::arg("statvfs", cx, &req(p))?;
    platform::fs::statvfs(&p.to_path(cx)?).map(statvfs_result).map_err(|e| p.error(&e))
}
