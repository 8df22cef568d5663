//! Unix helpers over libc for `os`, `os.path`, `shutil` and file objects:
//! ids, users and groups, `uname`, `statvfs`, `utimensat`, `access`, raw
//! file descriptors. Each `unsafe` block is one plain libc call (or reading
//! the strings a libc call just filled in).

use std::ffi::{CStr, CString};
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// A path as a C string (a NUL inside it is `InvalidInput`).
pub fn cpath(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "embedded null byte"))
}

/// `Ok(())` when a libc call returned 0, else the errno as an `io::Error`.
fn check(rc: libc::c_int) -> io::Result<()> {
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

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
    let rc = unsafe { libc::getpgid(pid) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

pub fn getsid(pid: i32) -> io::Result<i32> {
    // SAFETY: getsid takes a plain integer.
    let rc = unsafe { libc::getsid(pid) };
    if rc < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(rc)
    }
}

/// Sets the umask and returns the previous one.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask takes a plain integer and cannot fail.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}

pub fn kill(pid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: kill takes two plain integers.
    check(unsafe { libc::kill(pid, sig) })
}

pub fn killpg(pgid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: killpg takes two plain integers.
    check(unsafe { libc::killpg(pgid, sig) })
}

pub fn sync() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() }
}

/// `access(2)`: whether the real user may use `path` in `mode`.
pub fn access(path: &Path, mode: i32, effective_ids: bool, follow_symlinks: bool) -> io::Result<bool> {
    let c = cpath(path)?;
    let mut flags = 0;
    if effective_ids {
        flags |= libc::AT_EACCESS;
    }
    if !follow_symlinks {
        flags |= libc::AT_SYMLINK_NOFOLLOW;
    }
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    Ok(unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), mode, flags) } == 0)
}

/// The 1, 5 and 15 minute load averages.
pub fn loadavg() -> Option<[f64; 3]> {
    let mut avg = [0f64; 3];
    // SAFETY: `avg` has room for the 3 doubles asked for.
    let n = unsafe { libc::getloadavg(avg.as_mut_ptr(), 3) };
    (n == 3).then_some(avg)
}

/// Online processors (`sysconf(_SC_NPROCESSORS_ONLN)`), as `os.cpu_count`.
pub fn cpu_count() -> Option<i64> {
    // SAFETY: sysconf takes a plain integer.
    let n = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) };
    (n > 0).then_some(n as i64)
}

fn c_chars(field: &[libc::c_char]) -> String {
    let bytes: Vec<u8> = field.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `(sysname, nodename, release, version, machine)`.
pub fn uname() -> io::Result<[String; 5]> {
    // SAFETY: utsname is plain C data (char arrays); all zeroes is valid.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid, writable utsname.
    check(unsafe { libc::uname(&mut u) })?;
    Ok([c_chars(&u.sysname), c_chars(&u.nodename), c_chars(&u.release), c_chars(&u.version), c_chars(&u.machine)])
}

/// `statvfs(2)` fields in `os.statvfs_result` order, then `f_fsid`.
pub fn statvfs(path: &Path) -> io::Result<[u64; 11]> {
    let c = cpath(path)?;
    // SAFETY: statvfs is plain C data (integers); all zeroes is valid.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is NUL-terminated and `s` is a valid, writable statvfs.
    check(unsafe { libc::statvfs(c.as_ptr(), &mut s) })?;
    #[allow(clippy::unnecessary_cast)] // field widths differ between targets
    Ok([
        s.f_bsize as u64,
        s.f_frsize as u64,
        s.f_blocks as u64,
        s.f_bfree as u64,
        s.f_bavail as u64,
        s.f_files as u64,
        s.f_ffree as u64,
        s.f_favail as u64,
        s.f_flag as u64,
        s.f_namemax as u64,
        s.f_fsid as u64,
    ])
}

/// A time for [`utime`]: seconds and nanoseconds.
pub type Timespec = (i64, i64);

/// `utimensat(2)`: sets access and modification times; `None` sets both to now.
pub fn utime(path: &Path, times: Option<(Timespec, Timespec)>, follow_symlinks: bool) -> io::Result<()> {
    let c = cpath(path)?;
    let flags = if follow_symlinks { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    let spec = |(sec, nsec): Timespec| libc::timespec { tv_sec: sec as libc::time_t, tv_nsec: nsec as _ };
    let ts = times.map(|(a, m)| [spec(a), spec(m)]);
    let ptr = ts.as_ref().map_or(std::ptr::null(), |t| t.as_ptr());
    // SAFETY: `c` is NUL-terminated; `ptr` is null or points to 2 timespecs that outlive the call.
    check(unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), ptr, flags) })
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

pub fn getgroups() -> io::Result<Vec<u32>> {
    // SAFETY: with a size of 0, getgroups only returns the count.
    let n = unsafe { libc::getgroups(0, std::ptr::null_mut()) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    let mut groups = vec![0 as libc::gid_t; n as usize];
    // SAFETY: `groups` has room for `n` gids.
    let n = unsafe { libc::getgroups(n, groups.as_mut_ptr()) };
    if n < 0 {
        return Err(io::Error::last_os_error());
    }
    groups.truncate(n as usize);
    Ok(groups)
}

// ---------------------------------------------------------------- users

/// The parts of a passwd entry the agent uses.
pub struct Passwd {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub dir: String,
}

/// Calls a reentrant `get*_r` function with a growing buffer; `call`
/// returns the libc result code and whether an entry was found.
fn with_buffer<T>(mut call: impl FnMut(&mut [libc::c_char]) -> (libc::c_int, Option<T>)) -> Option<T> {
    let mut size = 1024;
    loop {
        let mut buf = vec![0 as libc::c_char; size];
        match call(&mut buf) {
            (libc::ERANGE, _) if size < 1 << 20 => size *= 4,
            (0, found) => return found,
            _ => return None,
        }
    }
}

fn passwd_lookup(by: Result<&CStr, u32>) -> Option<Passwd> {
    with_buffer(|buf| {
        // SAFETY: passwd is plain C data (integers and pointers); all zeroes is valid.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = match by {
            // SAFETY: name is NUL-terminated; pwd, buf and result are valid and writable.
            Ok(name) => unsafe { libc::getpwnam_r(name.as_ptr(), &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) },
            // SAFETY: pwd, buf and result are valid and writable.
            Err(uid) => unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) },
        };
        if rc != 0 || result.is_null() {
            return (rc, None);
        }
        // SAFETY: on success pw_name and pw_dir point to NUL-terminated strings in `buf`.
        let (name, dir) = unsafe { (CStr::from_ptr(pwd.pw_name), CStr::from_ptr(pwd.pw_dir)) };
        let entry = Passwd {
            name: name.to_string_lossy().into_owned(),
            uid: pwd.pw_uid,
            gid: pwd.pw_gid,
            dir: dir.to_string_lossy().into_owned(),
        };
        (0, Some(entry))
    })
}

pub fn getpwnam(name: &str) -> Option<Passwd> {
    let c = CString::new(name).ok()?;
    passwd_lookup(Ok(&c))
}

pub fn getpwuid(uid: u32) -> Option<Passwd> {
    passwd_lookup(Err(uid))
}

/// The gid of a group name.
pub fn getgrnam(name: &str) -> Option<u32> {
    let c = CString::new(name).ok()?;
    with_buffer(|buf| {
        // SAFETY: group is plain C data (integers and pointers); all zeroes is valid.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        // SAFETY: c is NUL-terminated; grp, buf and result are valid and writable.
        let rc = unsafe { libc::getgrnam_r(c.as_ptr(), &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) };
        if rc != 0 || result.is_null() {
            (rc, None)
        } else {
            (0, Some(grp.gr_gid))
        }
    })
}

// ---------------------------------------------------------------- raw fds

pub fn open(path: &Path, flags: i32, mode: u32) -> io::Result<i32> {
    let c = cpath(path)?;
    // SAFETY: `c` is NUL-terminated; flags and mode are plain integers.
    let fd = unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode as libc::c_uint) };
    if fd < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(fd)
    }
}

pub fn close(fd: i32) -> io::Result<()> {
    // SAFETY: closing a number the caller gave; an invalid one is EBADF.
    check(unsafe { libc::close(fd) })
}

pub fn read(fd: i32, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    // SAFETY: `buf` is writable for `n` bytes.
    let got = unsafe { libc::read(fd, buf.as_mut_ptr().cast(), n) };
    if got < 0 {
        return Err(io::Error::last_os_error());
    }
    buf.truncate(got as usize);
    Ok(buf)
}

pub fn write(fd: i32, data: &[u8]) -> io::Result<usize> {
    // SAFETY: `data` is readable for its length.
    let n = unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) };
    if n < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(n as usize)
    }
}

pub fn lseek(fd: i32, offset: i64, whence: i32) -> io::Result<i64> {
    // SAFETY: plain integers.
    let pos = unsafe { libc::lseek(fd, offset as libc::off_t, whence) };
    if pos < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(pos as i64)
    }
}

pub fn fsync(fd: i32) -> io::Result<()> {
    // SAFETY: a plain integer; an invalid fd is EBADF.
    check(unsafe { libc::fsync(fd) })
}

/// The lowest usable address of the current thread's stack (stacks grow
/// down on every target rpyctl builds for), read once per thread.
pub fn stack_floor() -> Option<usize> {
    thread_local! {
        static FLOOR: Option<usize> = read_stack_floor();
    }
    FLOOR.with(|f| *f)
}

fn read_stack_floor() -> Option<usize> {
    // SAFETY: `attr` is initialised by pthread_getattr_np before it is read
    // and destroyed once; the out-pointers point at locals.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (rc == 0 && !addr.is_null()).then_some(addr as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_user_and_ids() {
        let root = getpwuid(0).expect("root exists");
        assert_eq!(root.name, "root");
        assert_eq!(getpwnam("root").map(|p| p.uid), Some(0));
        assert!(getpwnam("no-such-user-rpyc").is_none());
        assert_eq!(getgrnam("root"), Some(0));
        assert!(uname().expect("uname")[0] == "Linux");
        assert!(cpu_count().unwrap_or(0) >= 1);
        assert!(statvfs(Path::new("/")).expect("statvfs")[0] > 0);
    }
}

pub mod random;
