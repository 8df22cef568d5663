//! The ids of this process: user, group, parent, process group, session,
//! supplementary groups, and the login name of its terminal.

use std::ffi::CStr;
use std::io;

use super::check_value;

pub fn getuid() -> u32 {
    // SAFETY: getuid takes no arguments and cannot fail.
    unsafe { libc::getuid() }
}

pub fn geteuid() -> u32 {
    // SAFETY: geteuid takes no arguments and cannot fail.
    unsafe { libc::geteuid() }
}

pub fn getgid() -> u32 {
    // SAFETY: getgid takes no arguments and cannot fail.
    unsafe { libc::getgid() }
}

pub fn getegid() -> u32 {
    // SAFETY: getegid takes no arguments and cannot fail.
    unsafe { libc::getegid() }
}

pub fn getppid() -> i32 {
    // SAFETY: getppid takes no arguments and cannot fail.
    unsafe { libc::getppid() }
}

pub fn getpgrp() -> i32 {
    // SAFETY: getpgrp takes no arguments and cannot fail.
    unsafe { libc::getpgrp() }
}

pub fn getpgid(pid: i32) -> io::Result<i32> {
    // SAFETY: getpgid takes a plain integer.
    check_value(unsafe { libc::getpgid(pid) })
}

pub fn getsid(pid: i32) -> io::Result<i32> {
    // SAFETY: getsid takes a plain integer.
    check_value(unsafe { libc::getsid(pid) })
}

/// The login name of the controlling terminal's user.
pub fn getlogin() -> io::Result<String> {
    // SAFETY: getlogin takes no arguments; it returns null or a pointer to
    // a NUL-terminated static buffer, copied right away.
    let p = unsafe { libc::getlogin() };
    if p.is_null() {
        let e = io::Error::last_os_error();
        return Err(if e.raw_os_error() == Some(0) { io::Error::from_raw_os_error(libc::ENOENT) } else { e });
    }
    // SAFETY: `p` is non-null and NUL-terminated (see above).
    Ok(unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned())
}

/// The supplementary group ids.
pub fn getgroups() -> io::Result<Vec<u32>> {
    // SAFETY: with a size of 0, getgroups only returns the count.
    let n = check_value(unsafe { libc::getgroups(0, std::ptr::null_mut()) })?;
    let mut groups = vec![0 as libc::gid_t; n as usize];
    // SAFETY: `groups` has room for `n` gids.
    let n = check_value(unsafe { libc::getgroups(n, groups.as_mut_ptr()) })?;
    groups.truncate(n as usize);
    Ok(groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_this_process() {
        assert_eq!(getpgid(0).ok(), Some(getpgrp()));
        // A session leader outside our pid namespace (a CI container) reads
        // as session 0, so only success is certain.
        assert!(getsid(0).is_ok());
        assert!(getpgid(-5).is_err());
        assert_eq!(getppid() as u32, std::os::unix::process::parent_id());
        assert!(getgroups().is_ok());
        let _ = (getuid(), geteuid(), getgid(), getegid());
    }
}
