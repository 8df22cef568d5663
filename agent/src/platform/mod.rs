//! The operating system behind safe functions: every `unsafe` block and
//! every libc call of the agent is in this folder, one file per concern.
//! Each `unsafe` block is one plain libc call (or reading what a libc call
//! just filled in), with why it is sound written next to it.
//!
//! - [`ids`]: the process's ids (user, group, process group, session), its
//!   supplementary groups and login name.
//! - [`users`]: the user and group databases.
//! - [`fs`]: paths: `access`, `statvfs`, `utimensat`, file status, the
//!   umask, `sync`, and the numeric constants of `os`.
//! - [`fd`]: raw file descriptors.
//! - [`limits`]: resource limits and usage, the page size.
//! - [`env`]: the process environment.
//! - [`process`]: children (spawn, pipes, wait, deadlines), `kill`.
//! - [`signals`]: signal numbers, names, dispositions, alarms and timers.
//! - [`time`]: clocks, broken-down time, `strftime`, the time zone.
//! - [`net`]: the host's resolver (`getaddrinfo`) and socket constants.
//! - [`sysinfo`]: `uname`, CPUs, load, the C library, file system limits.
//! - [`terminal`]: terminals: window size, `isatty`.
//! - [`stack`]: the current thread's stack bounds.
//! - [`errno`]: error numbers module code names.

use std::io;

pub mod ctypes;
pub mod env;
pub mod errno;
pub mod fd;
pub mod fs;
pub mod ids;
pub mod libm;
pub mod limits;
pub mod net;
pub mod process;
pub mod random;
pub mod signals;
pub mod stack;
pub mod sysinfo;
pub mod terminal;
pub mod time;
pub mod users;

/// `Ok(())` when a libc call returned 0, else the errno as an `io::Error`.
fn check(rc: libc::c_int) -> io::Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// The result of a libc call that returns -1 (or any negative) on error.
fn check_value<T: Copy + PartialOrd + Default>(rc: T) -> io::Result<T> {
    if rc < T::default() {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}
