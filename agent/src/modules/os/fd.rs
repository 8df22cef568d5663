//! `os` on raw file descriptors: `open`, `read`, `write`, `lseek`,
//! `fsync`, `close` (`fstat` is with the other stat functions).

use super::{c_int, io, mode_arg, no_dir_fd};
use crate::modules::os_path::PathStr;
use crate::objects::file;
use crate::platform::{self, errno};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub(super) fn open(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, flags, mode, dir_fd] = args.bind("open", ["path", "flags", "mode?", "$dir_fd?"])?;
    no_dir_fd("open", dir_fd.as_ref())?;
    let p = PathStr::arg("open", cx, &req(p))?;
    let flags = c_int("open", flags)?;
    let mode = mode_arg("open", mode.as_ref(), 0o777)?;
    platform::fd::open(&p.to_path(cx)?, flags, mode).map(Py::from).map_err(|e| p.error(&e))
}

pub(super) fn close(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("close", ["fd"])?;
    io(platform::fd::close(args::to_fd("close", &req(fd))?))?;
    Ok(Py::None)
}

pub(super) fn read(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, n] = args.bind("read", ["fd", "length"])?;
    let fd = args::to_fd("read", &req(fd))?;
    let n =
        usize::try_from(args::to_int("read", &req(n))?).map_err(|_| exceptions::os_errno(errno::EINVAL, None, None))?;
    if n > semantics::MAX_BYTES {
        return Err(exceptions::memory_error("os.read() buffer"));
    }
    Ok(Py::bytes(io(platform::fd::read(fd, n))?))
}

pub(super) fn write(cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, data] = args.bind("write", ["fd", "data"])?;
    let fd = args::to_fd("write", &req(fd))?;
    let data = file::bytes_like(cx, &req(data))?;
    Ok(Py::from(io(platform::fd::write(fd, &data))?))
}

pub(super) fn lseek(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, pos, how] = args.bind("lseek", ["fd", "position", "whence"])?;
    let fd = args::to_fd("lseek", &req(fd))?;
    let pos = args::to_int("lseek", &req(pos))?;
    let how = c_int("lseek", how)?;
    Ok(Py::Int(io(platform::fd::lseek(fd, pos, how))?))
}

/// A descriptor argument that may be a file object (`fileno()`), as
/// `os.fsync` takes it (`PyObject_AsFileDescriptor`).
fn fd_or_file(cx: &Cx, v: &Py) -> PyResult<i32> {
    if semantics::index_value(v).is_some() {
        let fd = args::to_fd("fd", v)?;
        if fd < 0 {
            return Err(exceptions::value_error(format!("file descriptor cannot be a negative integer ({fd})")));
        }
        return Ok(fd);
    }
    match crate::objects::attr::call_method(cx, v, "fileno", Args::default()) {
        Ok(n) => args::to_fd("fileno", &n),
        Err(e) if e.is("AttributeError") => {
            Err(exceptions::type_error("argument must be an int, or have a fileno() method."))
        }
        Err(e) => Err(e),
    }
}

pub(super) fn fsync(cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("fsync", ["fd"])?;
    io(platform::fd::fsync(fd_or_file(cx, &req(fd))?))?;
    Ok(Py::None)
}

pub(super) fn fdatasync(cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("fdatasync", ["fd"])?;
    io(platform::fd::fdatasync(fd_or_file(cx, &req(fd))?))?;
    Ok(Py::None)
}

pub(super) fn ftruncate(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, length] = args.bind("ftruncate", ["fd", "length"])?;
    let fd = args::to_fd("ftruncate", &req(fd))?;
    io(platform::fd::ftruncate(fd, args::to_int("ftruncate", &req(length))?))?;
    Ok(Py::None)
}

pub(super) fn fchmod(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, mode] = args.bind("fchmod", ["fd", "mode"])?;
    let fd = args::to_fd("fchmod", &req(fd))?;
    io(platform::fd::fchmod(fd, c_int("fchmod", mode)? as u32))?;
    Ok(Py::None)
}

pub(super) fn fchown(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd, uid, gid] = args.bind("fchown", ["fd", "uid", "gid"])?;
    let fd = args::to_fd("fchown", &req(fd))?;
    let (uid, gid) = (super::files::id_arg("uid", uid)?, super::files::id_arg("gid", gid)?);
    io(platform::fd::fchown(fd, uid, gid))?;
    Ok(Py::None)
}
