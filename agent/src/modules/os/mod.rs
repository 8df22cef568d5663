//! `os`: processes and ids, the environment, files and directories, raw
//! file descriptors, and the constants scripts use. `os.path` is
//! [`super::os_path`].
//!
//! - [`process`]: ids, signals, the host, `umask`, `urandom`, terminals.
//! - [`environ`]: `os.environ` and `getenv`/`putenv`/`unsetenv`.
//! - [`files`]: creating, removing, renaming, linking files and
//!   directories, their modes, owners and times; the current directory.
//! - [`stat`]: `stat`/`lstat`/`fstat`/`statvfs` and their result records.
//! - [`scandir`]: `listdir` and `scandir`; [`walk`]: `os.walk`.
//! - [`fd`]: raw file descriptors.
//! - [`shell`]: `system` and `popen`.

pub mod environ;
mod fd;
mod files;
mod process;
mod scandir;
mod shell;
pub mod stat;
mod walk;

pub use files::{chmod_path, chown_path, makedirs_path};

use crate::objects::module::{b, f, ModuleDef};
use crate::platform;
use crate::runtime::args::{self, req};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os",
    type_name: "os",
    doc: "OS routines for NT or Posix depending on what system we're on.",
    functions: &[
        f("getpid", process::getpid),
        f("getppid", process::getppid),
        f("getuid", process::getuid),
        f("geteuid", process::geteuid),
        f("getgid", process::getgid),
        f("getegid", process::getegid),
        f("getpgrp", process::getpgrp),
        f("getgroups", process::getgroups),
        f("getpgid", process::getpgid),
        f("getsid", process::getsid),
        f("getlogin", process::getlogin),
        f("uname", process::uname),
        f("cpu_count", process::cpu_count),
        f("getloadavg", process::getloadavg),
        f("umask", process::umask),
        f("strerror", process::strerror),
        f("kill", process::kill),
        f("killpg", process::killpg),
        f("get_terminal_size", process::get_terminal_size),
        f("isatty", process::isatty),
        b("urandom", process::urandom),
        f("getenv", environ::getenv),
        f("putenv", environ::putenv),
        f("unsetenv", environ::unsetenv),
        f("fspath", files::fspath),
        f("fsencode", files::fsencode),
        f("fsdecode", files::fsdecode),
        f("getcwd", files::getcwd),
        f("getcwdb", files::getcwdb),
        b("chdir", files::chdir),
        b("mkdir", files::mkdir),
        b("makedirs", files::makedirs),
        b("remove", files::remove),
        b("unlink", files::unlink),
        b("rmdir", files::rmdir),
        b("removedirs", files::removedirs),
        b("rename", files::rename),
        b("replace", files::replace),
        b("symlink", files::symlink),
        b("readlink", files::readlink),
        b("link", files::link),
        b("chmod", files::chmod),
        b("chown", files::chown),
        b("lchown", files::lchown),
        b("utime", files::utime),
        b("access", files::access),
        b("truncate", files::truncate),
        b("sync", files::sync),
        b("listdir", scandir::listdir),
        b("scandir", scandir::scandir),
        b("walk", walk::walk),
        b("stat", stat::stat),
        b("lstat", stat::lstat),
        b("fstat", stat::fstat),
        b("statvfs", stat::statvfs),
        b("open", fd::open),
        b("close", fd::close),
        b("read", fd::read),
        b("write", fd::write),
        b("lseek", fd::lseek),
        b("fsync", fd::fsync),
        b("fdatasync", fd::fdatasync),
        b("ftruncate", fd::ftruncate),
        b("fchmod", fd::fchmod),
        b("fchown", fd::fchown),
        b("system", shell::system),
        b("popen", shell::popen),
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
        "error",
        "stat_result",
        "statvfs_result",
        "terminal_size",
        "uname_result",
        "DirEntry",
        "_wrap_close",
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
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    if let Some((_, v)) = platform::fs::OS_CONSTANTS.iter().find(|(n, _)| *n == name) {
        return Some(Ok(Py::Int((*v).into())));
    }
    Some(Ok(match name {
        "environ" => environ::environ(),
        "path" => return Some(super::getmodule("os.path").map(Py::Obj)),
        "name" => Py::str("posix"),
        "sep" => Py::str("/"),
        "altsep" => Py::None,
        "extsep" | "curdir" => Py::str("."),
        "pathsep" => Py::str(":"),
        "linesep" => Py::str("\n"),
        "pardir" => Py::str(".."),
        "devnull" => Py::str("/dev/null"),
        "defpath" => Py::str("/bin:/usr/bin"),
        "supports_bytes_environ" => Py::Bool(true),
        "error" => type_value(&exceptions::exc_type("OSError")),
        "stat_result" => type_value(&stat::STAT_RESULT),
        "statvfs_result" => type_value(&stat::STATVFS_RESULT),
        "terminal_size" => type_value(&stat::TERMINAL_SIZE),
        "uname_result" => type_value(&stat::UNAME_RESULT),
        "DirEntry" => type_value(&scandir::DIR_ENTRY),
        "_wrap_close" => type_value(&shell::WRAP_CLOSE),
        _ => return None,
    }))
}

/// Refuses the `dir_fd` keyword (paths relative to a directory descriptor).
fn no_dir_fd(func: &str, v: Option<&Py>) -> PyResult<()> {
    match v {
        None | Some(Py::None) => Ok(()),
        Some(_) => Err(exceptions::not_implemented(&format!("os.{func}(dir_fd=...)"))),
    }
}

/// An OSError of a call with no file name.
fn io<T>(r: std::io::Result<T>) -> PyResult<T> {
    r.map_err(|e| exceptions::os_error(&e, None))
}

/// A C `int` argument (signal numbers, pids, modes).
fn c_int(func: &str, v: Option<Py>) -> PyResult<i32> {
    let n = args::to_int(func, &req(v))?;
    i32::try_from(n).map_err(|_| {
        exceptions::overflow_error(if n < 0 {
            "signed integer is less than minimum"
        } else {
            "signed integer is greater than maximum"
        })
    })
}

/// A mode argument (`0o777` when absent).
fn mode_arg(func: &str, v: Option<&Py>, default: u32) -> PyResult<u32> {
    Ok(args::opt_int(func, v)?.map_or(default, |m| m as u32))
}

#[cfg(test)]
mod tests;
