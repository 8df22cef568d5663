//! `os` on raw file descriptors: `open`, `read`, `write`, `lseek`,
//! `fsync`, `close`, `fstat`.

use std::fs;
use std::path::PathBuf;

use rpyc_protocol::{Obj, Value};

use super::{fd_arg, int, io, mode_arg, no_dir_fd, none, oe, path_arg};
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::Val;
use crate::platform;

pub(super) fn fstat(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd] = args.bind("fstat", ["fd"])?;
    let fd = fd_arg("fstat", fd)?;
    // /proc/self/fd/N follows to the open file, like fstat(2).
    let path = PathBuf::from(format!("/proc/self/fd/{fd}"));
    let m = fs::metadata(&path).map_err(|e| exc::os_error(&e, None))?;
    Ok(Obj::Local(super::stat_result(&m)))
}

pub(super) fn open(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, flags, mode, dir_fd] = args.bind("open", ["path", "flags", "mode?", "$dir_fd?"])?;
    no_dir_fd("open", dir_fd.as_ref())?;
    let (_, path) = path_arg("open", p, cx)?;
    let flags = args::to_int("open", &args::req(flags))? as i32;
    let mode = mode_arg("open", mode.as_ref(), 0o777)?;
    platform::open(&path, flags, mode).map(|fd| int(fd.into())).map_err(oe(&path))
}

pub(super) fn close(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd] = args.bind("close", ["fd"])?;
    io(platform::close(fd_arg("close", fd)?))?;
    none()
}

pub(super) fn read(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd, n] = args.bind("read", ["fd", "length"])?;
    let fd = fd_arg("read", fd)?;
    let n =
        usize::try_from(args::to_int("read", &args::req(n))?).map_err(|_| exc::os_errno(libc::EINVAL, None, None))?;
    Ok(Obj::Value(Value::Bytes(io(platform::read(fd, n))?)))
}

pub(super) fn write(cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd, data] = args.bind("write", ["fd", "data"])?;
    let fd = fd_arg("write", fd)?;
    let data = match cx.value(&args::req(data))? {
        Value::Bytes(b) | Value::ByteArray(b) => b,
        other => return Err(exc::type_error(format!("a bytes-like object is required, not '{}'", other.type_name()))),
    };
    Ok(int(io(platform::write(fd, &data))? as i64))
}

pub(super) fn lseek(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd, pos, how] = args.bind("lseek", ["fd", "position", "whence"])?;
    let fd = fd_arg("lseek", fd)?;
    let pos = args::to_int("lseek", &args::req(pos))?;
    let how = args::to_int("lseek", &args::req(how))? as i32;
    Ok(int(io(platform::lseek(fd, pos, how))?))
}

pub(super) fn fsync(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [fd] = args.bind("fsync", ["fd"])?;
    io(platform::fsync(fd_arg("fsync", fd)?))?;
    none()
}
