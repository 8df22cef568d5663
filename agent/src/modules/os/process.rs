//! `os` on this process and its host: ids, groups, signals, `uname`, load,
//! processors, the umask, `strerror`, `urandom`, terminals.

use std::fs;
use std::io::Read;

use super::stat::{terminal_size, uname_result};
use super::{c_int, io};
use crate::objects::list::List;
use crate::platform::{ids, process, sysinfo, terminal};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

pub(super) fn getpid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getpid")?;
    Ok(Py::from(std::process::id()))
}

pub(super) fn getppid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getppid")?;
    Ok(Py::from(ids::getppid()))
}

pub(super) fn getuid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getuid")?;
    Ok(Py::from(ids::getuid()))
}

pub(super) fn geteuid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("geteuid")?;
    Ok(Py::from(ids::geteuid()))
}

pub(super) fn getgid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getgid")?;
    Ok(Py::from(ids::getgid()))
}

pub(super) fn getegid(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getegid")?;
    Ok(Py::from(ids::getegid()))
}

pub(super) fn getpgrp(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getpgrp")?;
    Ok(Py::from(ids::getpgrp()))
}

pub(super) fn getgroups(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getgroups")?;
    let groups = io(ids::getgroups())?;
    Ok(List::new(groups.into_iter().map(Py::from).collect()))
}

pub(super) fn getpgid(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pid] = args.bind("getpgid", ["pid"])?;
    Ok(Py::from(io(ids::getpgid(c_int("getpgid", pid)?))?))
}

pub(super) fn getsid(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pid] = args.bind("getsid", ["pid"])?;
    Ok(Py::from(io(ids::getsid(c_int("getsid", pid)?))?))
}

pub(super) fn getlogin(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getlogin")?;
    Ok(Py::from(io(ids::getlogin())?))
}

pub(super) fn uname(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("uname")?;
    Ok(uname_result(io(sysinfo::uname())?))
}

pub(super) fn cpu_count(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("cpu_count")?;
    Ok(Py::from(sysinfo::cpu_count()))
}

pub(super) fn getloadavg(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getloadavg")?;
    let avg = sysinfo::loadavg().ok_or_else(|| exceptions::new("OSError", "Load averages are unobtainable"))?;
    Ok(Py::tuple(avg.iter().map(|x| Py::Float(*x)).collect::<Vec<_>>()))
}

pub(super) fn umask(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [mask] = args.bind("umask", ["mask"])?;
    let mask = c_int("umask", mask)?;
    Ok(Py::from(crate::platform::fs::umask(mask as u32)))
}

pub(super) fn strerror(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [code] = args.bind("strerror", ["code"])?;
    Ok(Py::from(exceptions::strerror(c_int("strerror", code)?)))
}

pub(super) fn urandom(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [size] = args.bind("urandom", ["size"])?;
    let size = args::to_int("urandom", &req(size))?;
    let size = usize::try_from(size).map_err(|_| exceptions::value_error("negative argument not allowed"))?;
    if size > crate::runtime::semantics::MAX_BYTES {
        return Err(exceptions::memory_error("urandom() result"));
    }
    let mut buf = vec![0u8; size];
    io(fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)))?;
    Ok(Py::bytes(buf))
}

pub(super) fn kill(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pid, sig] = args.bind("kill", ["pid", "signal"])?;
    let (pid, sig) = (c_int("kill", pid)?, c_int("kill", sig)?);
    io(process::kill(pid, sig))?;
    Ok(Py::None)
}

pub(super) fn killpg(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [pgid, sig] = args.bind("killpg", ["pgid", "signal"])?;
    let (pgid, sig) = (c_int("killpg", pgid)?, c_int("killpg", sig)?);
    io(process::killpg(pgid, sig))?;
    Ok(Py::None)
}

/// `os.get_terminal_size(fd=STDOUT_FILENO)`: the window of the terminal
/// on one of the agent's descriptors.
pub(super) fn get_terminal_size(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("get_terminal_size", ["fd?"])?;
    let fd = match fd {
        None => 1,
        Some(v) => args::to_fd("get_terminal_size", &v)?,
    };
    let (columns, lines) = io(terminal::window_size(fd))?;
    Ok(terminal_size(columns.into(), lines.into()))
}

pub(super) fn isatty(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [fd] = args.bind("isatty", ["fd"])?;
    Ok(Py::Bool(terminal::isatty(args::to_fd("isatty", &req(fd))?)))
}
