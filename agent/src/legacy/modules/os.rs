//! `os`: processes and ids, the environment, files and directories, raw
//! file descriptors, and the constants scripts use. `os.path` is
//! [`super::os_path`]; stat results and listings are in `os_stat.rs`, the
//! environment in `os_environ.rs`.

#[path = "os_environ.rs"]
mod os_environ;
#[path = "os_fd.rs"]
mod os_fd;
#[path = "os_stat.rs"]
mod os_stat;

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rpyc_protocol::{Obj, Value};

use super::os_path::{self, fspath, PStr};
use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::Val;
use crate::platform;

pub(crate) use os_stat::stat_result;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os",
    type_name: "os",
    functions: &[
        f("getpid", getpid),
        f("getppid", |_, a| a.none("getppid").map(|()| int(platform::getppid().into()))),
        f("getuid", |_, a| a.none("getuid").map(|()| int(platform::getuid().into()))),
        f("geteuid", |_, a| a.none("geteuid").map(|()| int(platform::geteuid().into()))),
        f("getgid", |_, a| a.none("getgid").map(|()| int(platform::getgid().into()))),
        f("getegid", |_, a| a.none("getegid").map(|()| int(platform::getegid().into()))),
        f("getpgrp", |_, a| a.none("getpgrp").map(|()| int(platform::getpgrp().into()))),
        f("getgroups", getgroups),
        f("getpgid", getpgid),
        f("getsid", getsid),
        f("getlogin", getlogin),
        f("uname", uname),
        f("cpu_count", |_, a| a.none("cpu_count").map(|()| platform::cpu_count().map_or(Obj::none(), int))),
        f("getloadavg", getloadavg),
        f("getenv", os_environ::getenv),
        f("putenv", os_environ::putenv),
        f("unsetenv", os_environ::unsetenv),
        f("umask", umask),
        f("strerror", strerror),
        f("urandom", urandom),
        f("fspath", fspath_fn),
        f("fsencode", fsencode),
        f("fsdecode", fsdecode),
        f("getcwd", |_, a| a.none("getcwd").and_then(|()| getcwd(false))),
        f("getcwdb", |_, a| a.none("getcwdb").and_then(|()| getcwd(true))),
        f("chdir", chdir),
        f("kill", kill),
        f("killpg", killpg),
        b("listdir", os_stat::listdir),
        b("scandir", os_stat::scandir),
        b("walk", os_stat::walk),
        b("stat", stat),
        b("lstat", lstat),
        b("fstat", os_fd::fstat),
        b("statvfs", statvfs),
        b("mkdir", mkdir),
        b("makedirs", makedirs),
        b("remove", remove),
        b("unlink", remove),
        b("rmdir", rmdir),
        b("removedirs", removedirs),
        b("rename", rename),
        b("replace", rename),
        b("symlink", symlink),
        b("readlink", readlink),
        b("link", link),
        b("chmod", chmod),
        b("chown", chown),
        b("lchown", lchown),
        b("utime", utime),
        b("access", access),
        b("truncate", truncate),
        b("sync", |_, a| a.none("sync").map(|()| platform::sync()).map(|()| Obj::none())),
        b("open", os_fd::open),
        b("close", os_fd::close),
        b("read", os_fd::read),
        b("write", os_fd::write),
        b("lseek", os_fd::lseek),
        b("fsync", os_fd::fsync),
    ],
    attr,
    attr_names: &[
        "environ",
        "path",
        "name",
        "sep",
        "altsep",
        "extsep",
        "pathsep",
        "linesep",
        "curdir",
        "pardir",
        "devnull",
        "defpath",
        "supports_bytes_environ",
        "F_OK",
        "R_OK",
        "W_OK",
        "X_OK",
        "O_RDONLY",
        "O_WRONLY",
        "O_RDWR",
        "O_APPEND",
        "O_CREAT",
        "O_EXCL",
        "O_TRUNC",
        "O_NONBLOCK",
        "O_NDELAY",
        "O_NOCTTY",
        "O_NOFOLLOW",
        "O_DIRECTORY",
        "O_CLOEXEC",
        "O_SYNC",
        "O_DSYNC",
        "O_ACCMODE",
        "O_NOATIME",
        "SEEK_SET",
        "SEEK_CUR",
        "SEEK_END",
        "EX_OK",
    ],
};

const INT_CONSTANTS: &[(&str, i32)] = &[
    ("F_OK", libc::F_OK),
    ("R_OK", libc::R_OK),
    ("W_OK", libc::W_OK),
    ("X_OK", libc::X_OK),
    ("O_RDONLY", libc::O_RDONLY),
    ("O_WRONLY", libc::O_WRONLY),
    ("O_RDWR", libc::O_RDWR),
    ("O_APPEND", libc::O_APPEND),
    ("O_CREAT", libc::O_CREAT),
    ("O_EXCL", libc::O_EXCL),
    ("O_TRUNC", libc::O_TRUNC),
    ("O_NONBLOCK", libc::O_NONBLOCK),
    ("O_NDELAY", libc::O_NDELAY),
    ("O_NOCTTY", libc::O_NOCTTY),
    ("O_NOFOLLOW", libc::O_NOFOLLOW),
    ("O_DIRECTORY", libc::O_DIRECTORY),
    ("O_CLOEXEC", libc::O_CLOEXEC),
    ("O_SYNC", libc::O_SYNC),
    ("O_DSYNC", libc::O_DSYNC),
    ("O_ACCMODE", libc::O_ACCMODE),
    ("O_NOATIME", libc::O_NOATIME),
    ("SEEK_SET", libc::SEEK_SET),
    ("SEEK_CUR", libc::SEEK_CUR),
    ("SEEK_END", libc::SEEK_END),
    ("EX_OK", 0),
];

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Val>> {
    if let Some((_, v)) = INT_CONSTANTS.iter().find(|(n, _)| *n == name) {
        return Some(Ok(int((*v).into())));
    }
    let s = |v: &str| Some(Ok(Obj::Value(Value::str(v))));
    match name {
        "environ" => Some(Ok(Obj::Local(os_environ::environ()))),
        "path" => Some(super::getmodule("os.path").map(Obj::Local)),
        "name" => s("posix"),
        "sep" => s("/"),
        "altsep" => Some(Ok(Obj::none())),
        "extsep" | "curdir" => s("."),
        "pathsep" => s(":"),
        "linesep" => s("\n"),
        "pardir" => s(".."),
        "devnull" => s("/dev/null"),
        "defpath" => s("/bin:/usr/bin"),
        "supports_bytes_environ" => Some(Ok(Obj::Value(Value::Bool(true)))),
        _ => None,
    }
}

// ---------------------------------------------------------------- helpers

fn int(n: i64) -> Val {
    Obj::Value(Value::Int(n))
}

fn none() -> PyResult<Val> {
    Ok(Obj::none())
}

/// A path argument of an `os` function: as given, and for the OS.
fn path_arg(func: &str, v: Option<Val>, cx: &Cx) -> PyResult<(PStr, PathBuf)> {
    let p = match args::req(v) {
        Obj::Value(Value::Int(_)) => return Err(exc::not_implemented(&format!("os.{func}() of a file descriptor"))),
        v => fspath(Some(func), &v, cx)?,
    };
    let path = p.to_path()?;
    Ok((p, path))
}

/// Refuses the `dir_fd` keyword (relative to a directory descriptor).
fn no_dir_fd(func: &str, v: Option<&Val>) -> PyResult<()> {
    match v {
        None | Some(Obj::Value(Value::None)) => Ok(()),
        Some(_) => Err(exc::not_implemented(&format!("os.{func}(dir_fd=...)"))),
    }
}

/// Maps an `io::Error` to Python's OSError for `path`.
fn oe(path: &Path) -> impl Fn(std::io::Error) -> rpyc_protocol::ExceptionPayload + '_ {
    move |e| exc::os_error(&e, Some(path))
}

fn fd_arg(func: &str, v: Option<Val>) -> PyResult<i32> {
    i32::try_from(args::to_int(func, &args::req(v))?)
        .map_err(|_| exc::new("OverflowError", "fd is greater than maximum"))
}

fn io<T>(r: std::io::Result<T>) -> PyResult<T> {
    r.map_err(|e| exc::os_error(&e, None))
}

// ---------------------------------------------------------------- processes and ids

fn getpid(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getpid")?;
    Ok(int(std::process::id().into()))
}

fn getgroups(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getgroups")?;
    let groups = io(platform::getgroups())?;
    Ok(Obj::Local(crate::legacy::containers::List::of_values(groups.into_iter().map(Value::from))))
}

fn getpgid(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [pid] = args.bind("getpgid", ["pid"])?;
    Ok(int(io(platform::getpgid(args::to_int("getpgid", &args::req(pid))? as i32))?.into()))
}

fn getsid(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [pid] = args.bind("getsid", ["pid"])?;
    Ok(int(io(platform::getsid(args::to_int("getsid", &args::req(pid))? as i32))?.into()))
}

fn getlogin(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getlogin")?;
    Ok(Obj::Value(Value::Str(io(platform::getlogin())?)))
}

fn uname(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("uname")?;
    Ok(Obj::Local(os_stat::uname_result(io(platform::uname())?)))
}

fn getloadavg(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getloadavg")?;
    let avg = platform::loadavg().ok_or_else(|| exc::new("OSError", "Load averages are unobtainable"))?;
    Ok(Obj::Value(Value::Tuple(avg.iter().map(|x| Value::Float(*x)).collect())))
}

fn umask(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [mask] = args.bind("umask", ["mask"])?;
    Ok(int(platform::umask(args::to_int("umask", &args::req(mask))? as u32).into()))
}

fn strerror(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [code] = args.bind("strerror", ["code"])?;
    Ok(Obj::Value(Value::Str(exc::strerror(args::to_int("strerror", &args::req(code))? as i32))))
}

fn urandom(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [size] = args.bind("urandom", ["size"])?;
    let size = args::to_int("urandom", &args::req(size))?;
    let size = usize::try_from(size).map_err(|_| exc::value_error("negative argument not allowed"))?;
    let mut buf = vec![0u8; size];
    io(fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)))?;
    Ok(Obj::Value(Value::Bytes(buf)))
}

fn kill(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [pid, sig] = args.bind("kill", ["pid", "signal"])?;
    let (pid, sig) = (args::to_int("kill", &args::req(pid))?, args::to_int("kill", &args::req(sig))?);
    io(platform::kill(pid as i32, sig as i32))?;
    none()
}

fn killpg(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [pgid, sig] = args.bind("killpg", ["pgid", "signal"])?;
    let (pgid, sig) = (args::to_int("killpg", &args::req(pgid))?, args::to_int("killpg", &args::req(sig))?);
    io(platform::killpg(pgid as i32, sig as i32))?;
    none()
}

// ---------------------------------------------------------------- paths

fn fspath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("fspath", ["path"])?;
    Ok(fspath(None, &args::req(p), cx)?.val())
}

fn fsencode(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("fsencode", ["filename"])?;
    Ok(Obj::Value(Value::Bytes(fspath(None, &args::req(p), cx)?.bytes().to_vec())))
}

fn fsdecode(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("fsdecode", ["filename"])?;
    Ok(Obj::Value(Value::Str(String::from_utf8_lossy(fspath(None, &args::req(p), cx)?.bytes()).into_owned())))
}

fn getcwd(bytes: bool) -> PyResult<Val> {
    let cwd = io(std::env::current_dir())?;
    let like = if bytes { PStr::Bytes(Vec::new()) } else { PStr::Str(String::new()) };
    Ok(like.like_os(cwd.as_os_str()).val())
}

fn chdir(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("chdir", ["path"])?;
    let (_, path) = path_arg("chdir", p, cx)?;
    std::env::set_current_dir(&path).map_err(oe(&path))?;
    none()
}

fn stat(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, dir_fd, follow] = args.bind("stat", ["path", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("stat", dir_fd.as_ref())?;
    let (_, path) = path_arg("stat", p, cx)?;
    let m = if args::opt_bool(follow.as_ref(), true) { fs::metadata(&path) } else { fs::symlink_metadata(&path) };
    m.map(|m| Obj::Local(stat_result(&m))).map_err(oe(&path))
}

fn lstat(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, dir_fd] = args.bind("lstat", ["path", "$dir_fd?"])?;
    no_dir_fd("lstat", dir_fd.as_ref())?;
    let (_, path) = path_arg("lstat", p, cx)?;
    fs::symlink_metadata(&path).map(|m| Obj::Local(stat_result(&m))).map_err(oe(&path))
}

fn statvfs(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("statvfs", ["path"])?;
    let (_, path) = path_arg("statvfs", p, cx)?;
    platform::statvfs(&path).map(|v| Obj::Local(os_stat::statvfs_result(v))).map_err(oe(&path))
}

fn mode_arg(func: &str, v: Option<&Val>, default: u32) -> PyResult<u32> {
    Ok(args::opt_int(func, v)?.map_or(default, |m| m as u32))
}

fn mkdir(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, mode, dir_fd] = args.bind("mkdir", ["path", "mode?", "$dir_fd?"])?;
    no_dir_fd("mkdir", dir_fd.as_ref())?;
    let (_, path) = path_arg("mkdir", p, cx)?;
    let mode = mode_arg("mkdir", mode.as_ref(), 0o777)?;
    fs::DirBuilder::new().mode(mode).create(&path).map_err(oe(&path))?;
    none()
}

/// `os.makedirs` as CPython writes it.
pub(crate) fn makedirs_path(name: &PStr, mode: u32, exist_ok: bool) -> PyResult<()> {
    let (mut head, mut tail) = os_path::split(name.bytes());
    if tail.is_empty() {
        (head, tail) = os_path::split(head);
    }
    if !head.is_empty() && !tail.is_empty() && !Path::new(OsStr::from_bytes(head)).exists() {
        match makedirs_path(&name.like(head), 0o777, exist_ok) {
            Err(rpyc_protocol::ExceptionPayload::Exception(e)) if e.name == "FileExistsError" => {}
            other => other?,
        }
        if tail == b"." {
            return Ok(());
        }
    }
    let path = name.to_path()?;
    match fs::DirBuilder::new().mode(mode).create(&path) {
        Ok(()) => Ok(()),
        Err(_) if exist_ok && path.is_dir() => Ok(()),
        Err(e) => Err(exc::os_error(&e, Some(&path))),
    }
}

fn makedirs(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, mode, exist_ok] = args.bind("makedirs", ["name", "mode?", "exist_ok?"])?;
    let name = fspath(Some("makedirs"), &args::req(p), cx)?;
    let mode = mode_arg("makedirs", mode.as_ref(), 0o777)?;
    makedirs_path(&name, mode, args::opt_bool(exist_ok.as_ref(), false))?;
    none()
}

fn remove(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, dir_fd] = args.bind("remove", ["path", "$dir_fd?"])?;
    no_dir_fd("remove", dir_fd.as_ref())?;
    let (_, path) = path_arg("remove", p, cx)?;
    fs::remove_file(&path).map_err(oe(&path))?;
    none()
}

fn rmdir(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, dir_fd] = args.bind("rmdir", ["path", "$dir_fd?"])?;
    no_dir_fd("rmdir", dir_fd.as_ref())?;
    let (_, path) = path_arg("rmdir", p, cx)?;
    fs::remove_dir(&path).map_err(oe(&path))?;
    none()
}

fn removedirs(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p] = args.bind("removedirs", ["name"])?;
    let (name, path) = path_arg("removedirs", p, cx)?;
    fs::remove_dir(&path).map_err(oe(&path))?;
    let (mut head, mut tail) = os_path::split(name.bytes());
    if tail.is_empty() {
        (head, tail) = os_path::split(head);
    }
    while !head.is_empty() && !tail.is_empty() {
        if name.like(head).to_path().map(fs::remove_dir).map_or(true, |r| r.is_err()) {
            break;
        }
        (head, tail) = os_path::split(head);
    }
    none()
}

fn two_paths(func: &str, args: Args, cx: &Cx) -> PyResult<(PathBuf, PathBuf)> {
    let [src, dst, src_fd, dst_fd] = args.bind(func, ["src", "dst", "$src_dir_fd?", "$dst_dir_fd?"])?;
    no_dir_fd(func, src_fd.as_ref())?;
    no_dir_fd(func, dst_fd.as_ref())?;
    Ok((path_arg(func, src, cx)?.1, path_arg(func, dst, cx)?.1))
}

fn rename(cx: &Cx, args: Args) -> PyResult<Val> {
    let (src, dst) = two_paths("rename", args, cx)?;
    fs::rename(&src, &dst).map_err(|e| exc::os_error2(&e, Some(&src), Some(&dst)))?;
    none()
}

fn symlink(cx: &Cx, args: Args) -> PyResult<Val> {
    let [src, dst, _is_dir, dir_fd] = args.bind("symlink", ["src", "dst", "target_is_directory?", "$dir_fd?"])?;
    no_dir_fd("symlink", dir_fd.as_ref())?;
    let (src, dst) = (path_arg("symlink", src, cx)?.1, path_arg("symlink", dst, cx)?.1);
    std::os::unix::fs::symlink(&src, &dst).map_err(|e| exc::os_error2(&e, Some(&src), Some(&dst)))?;
    none()
}

fn readlink(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, dir_fd] = args.bind("readlink", ["path", "$dir_fd?"])?;
    no_dir_fd("readlink", dir_fd.as_ref())?;
    let (given, path) = path_arg("readlink", p, cx)?;
    fs::read_link(&path).map(|t| given.like_os(t.as_os_str()).val()).map_err(oe(&path))
}

fn link(cx: &Cx, args: Args) -> PyResult<Val> {
    let [src, dst, src_fd, dst_fd, _follow] =
        args.bind("link", ["src", "dst", "$src_dir_fd?", "$dst_dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("link", src_fd.as_ref())?;
    no_dir_fd("link", dst_fd.as_ref())?;
    let (src, dst) = (path_arg("link", src, cx)?.1, path_arg("link", dst, cx)?.1);
    fs::hard_link(&src, &dst).map_err(|e| exc::os_error2(&e, Some(&src), Some(&dst)))?;
    none()
}

pub(crate) fn chmod_path(path: &Path, mode: u32) -> PyResult<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).map_err(|e| exc::os_error(&e, Some(path)))
}

fn chmod(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, mode, dir_fd, follow] = args.bind("chmod", ["path", "mode", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("chmod", dir_fd.as_ref())?;
    if !args::opt_bool(follow.as_ref(), true) {
        return Err(exc::new("NotImplementedError", "chmod: follow_symlinks unavailable on this platform"));
    }
    let (_, path) = path_arg("chmod", p, cx)?;
    chmod_path(&path, args::to_int("chmod", &args::req(mode))? as u32)?;
    none()
}

/// A uid or gid argument: -1 means unchanged.
fn id_arg(func: &str, v: Option<Val>) -> PyResult<Option<u32>> {
    let n = args::to_int(func, &args::req(v))?;
    Ok(if n == -1 { None } else { Some(n as u32) })
}

pub(crate) fn chown_path(path: &Path, uid: Option<u32>, gid: Option<u32>, follow: bool) -> PyResult<()> {
    let r = if follow { std::os::unix::fs::chown(path, uid, gid) } else { std::os::unix::fs::lchown(path, uid, gid) };
    r.map_err(|e| exc::os_error(&e, Some(path)))
}

fn chown(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, uid, gid, dir_fd, follow] = args.bind("chown", ["path", "uid", "gid", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("chown", dir_fd.as_ref())?;
    let (_, path) = path_arg("chown", p, cx)?;
    chown_path(&path, id_arg("chown", uid)?, id_arg("chown", gid)?, args::opt_bool(follow.as_ref(), true))?;
    none()
}

fn lchown(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, uid, gid] = args.bind("lchown", ["path", "uid", "gid"])?;
    let (_, path) = path_arg("lchown", p, cx)?;
    chown_path(&path, id_arg("lchown", uid)?, id_arg("lchown", gid)?, false)?;
    none()
}

/// A float or int time as (seconds, nanoseconds), rounded down.
fn timespec(v: &Value) -> Option<platform::Timespec> {
    match v {
        Value::Int(n) => Some((*n, 0)),
        Value::Float(x) if x.is_finite() => {
            let sec = x.floor();
            Some((sec as i64, (((x - sec) * 1e9) as i64).clamp(0, 999_999_999)))
        }
        _ => None,
    }
}

fn utime(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, times, ns, dir_fd, follow] =
        args.bind("utime", ["path", "times?", "$ns?", "$dir_fd?", "$follow_symlinks?"])?;
    no_dir_fd("utime", dir_fd.as_ref())?;
    let (_, path) = path_arg("utime", p, cx)?;
    let given = |v: Option<Val>| v.filter(|v| !matches!(v, Obj::Value(Value::None)));
    let pair = |v: Val, what: &str| -> PyResult<Vec<Value>> {
        match cx.value(&v)? {
            Value::Tuple(items) if items.len() == 2 => Ok(items),
            _ => Err(exc::type_error(format!("utime: '{what}' must be a tuple of two ints"))),
        }
    };
    let spec = match (given(times), given(ns)) {
        (Some(_), Some(_)) => {
            return Err(exc::value_error("utime: you may specify either 'times' or 'ns' but not both"))
        }
        (Some(t), None) => {
            let t = pair(t, "times")?;
            let ts = t.iter().map(timespec).collect::<Option<Vec<_>>>();
            let ts = ts.ok_or_else(|| exc::type_error("utime: 'times' must be either a tuple of two ints or None"))?;
            Some((ts[0], ts[1]))
        }
        (None, Some(n)) => {
            let n = pair(n, "ns")?;
            let split = |v: &Value| v.as_i64().map(|n| (n.div_euclid(1_000_000_000), n.rem_euclid(1_000_000_000)));
            match (split(&n[0]), split(&n[1])) {
                (Some(a), Some(m)) => Some((a, m)),
                _ => return Err(exc::type_error("utime: 'ns' must be a tuple of two ints")),
            }
        }
        (None, None) => None,
    };
    platform::utime(&path, spec, args::opt_bool(follow.as_ref(), true)).map_err(oe(&path))?;
    none()
}

fn access(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, mode, dir_fd, effective, follow] =
        args.bind("access", ["path", "mode", "$dir_fd?", "$effective_ids?", "$follow_symlinks?"])?;
    no_dir_fd("access", dir_fd.as_ref())?;
    let (_, path) = path_arg("access", p, cx)?;
    let mode = args::to_int("access", &args::req(mode))? as i32;
    let ok =
        platform::access(&path, mode, args::opt_bool(effective.as_ref(), false), args::opt_bool(follow.as_ref(), true));
    Ok(Obj::Value(Value::Bool(ok.unwrap_or(false))))
}

fn truncate(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, length] = args.bind("truncate", ["path", "length"])?;
    let (_, path) = path_arg("truncate", p, cx)?;
    let length = u64::try_from(args::to_int("truncate", &args::req(length))?)
        .map_err(|_| exc::os_errno(libc::EINVAL, Some(&path), None))?;
    fs::OpenOptions::new().write(true).open(&path).and_then(|f| f.set_len(length)).map_err(oe(&path))?;
    none()
}
