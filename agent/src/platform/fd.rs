//! Raw file descriptors: `os.open`, `os.read`, `os.write`, `os.lseek`,
//! `os.fsync`, `os.close`, `os.fstat`.

use std::io;
use std::path::Path;

use super::fs::{cpath, FileStat};
use super::{check, check_value};

/// `open(2)`; the descriptor is close-on-exec, as Python makes it.
pub fn open(path: &Path, flags: i32, mode: u32) -> io::Result<i32> {
    let c = cpath(path)?;
    // SAFETY: `c` is NUL-terminated; flags and mode are plain integers.
    check_value(unsafe { libc::open(c.as_ptr(), flags | libc::O_CLOEXEC, mode as libc::c_uint) })
}

/// `open(2)` as a file the caller owns (close-on-exec).
pub fn open_file(path: &Path, flags: i32, mode: u32) -> io::Result<std::fs::File> {
    let fd = open(path, flags, mode)?;
    // SAFETY: open just returned this descriptor; nothing else owns it.
    Ok(unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(fd) })
}

pub fn close(fd: i32) -> io::Result<()> {
    // SAFETY: closing a number the caller gave; an invalid one is EBADF.
    check(unsafe { libc::close(fd) })
}

/// At most `n` bytes (fewer at the end of the file).
pub fn read(fd: i32, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; n];
    // SAFETY: `buf` is writable for `n` bytes.
    let got = check_value(unsafe { libc::read(fd, buf.as_mut_ptr().cast(), n) })?;
    buf.truncate(got as usize);
    Ok(buf)
}

/// Writes what the descriptor takes at once; returns how much that was.
pub fn write(fd: i32, data: &[u8]) -> io::Result<usize> {
    // SAFETY: `data` is readable for its length.
    check_value(unsafe { libc::write(fd, data.as_ptr().cast(), data.len()) }).map(|n| n as usize)
}

pub fn lseek(fd: i32, offset: i64, whence: i32) -> io::Result<i64> {
    // SAFETY: plain integers.
    let pos: libc::off_t = check_value(unsafe { libc::lseek(fd, offset as libc::off_t, whence) })?;
    #[allow(clippy::useless_conversion)] // off_t is 32 bits on some targets
    Ok(i64::from(pos))
}

pub fn fsync(fd: i32) -> io::Result<()> {
    // SAFETY: a plain integer; an invalid fd is EBADF.
    check(unsafe { libc::fsync(fd) })
}

pub fn fdatasync(fd: i32) -> io::Result<()> {
    // SAFETY: a plain integer; an invalid fd is EBADF.
    check(unsafe { libc::fdatasync(fd) })
}

/// `ftruncate(2)`.
pub fn ftruncate(fd: i32, length: i64) -> io::Result<()> {
    let length = libc::off_t::try_from(length).map_err(|_| io::Error::from_raw_os_error(libc::EFBIG))?;
    // SAFETY: plain integers; an invalid fd is EBADF.
    check(unsafe { libc::ftruncate(fd, length) })
}

/// `fchmod(2)`.
pub fn fchmod(fd: i32, mode: u32) -> io::Result<()> {
    // SAFETY: plain integers; an invalid fd is EBADF.
    check(unsafe { libc::fchmod(fd, mode as libc::mode_t) })
}

/// `fchown(2)`; `None` leaves an id as it is (-1).
pub fn fchown(fd: i32, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
    let uid = uid.map_or(libc::uid_t::MAX, |u| u as libc::uid_t);
    let gid = gid.map_or(libc::gid_t::MAX, |g| g as libc::gid_t);
    // SAFETY: plain integers; an invalid fd is EBADF.
    check(unsafe { libc::fchown(fd, uid, gid) })
}

/// `fstat(2)`.
pub fn fstat(fd: i32) -> io::Result<FileStat> {
    // SAFETY: stat is plain C data (integers); all zeroes is valid.
    let mut s: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `s` is a valid, writable stat; an invalid fd is EBADF.
    check(unsafe { libc::fstat(fd, &mut s) })?;
    Ok(FileStat::from_c(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_round_trip() {
        let p = std::env::temp_dir().join(format!("rpyc-platform-fd-{}", std::process::id()));
        let fd = open(&p, libc::O_RDWR | libc::O_CREAT | libc::O_TRUNC, 0o600).expect("open");
        assert_eq!(write(fd, b"hello").ok(), Some(5));
        assert_eq!(lseek(fd, 1, libc::SEEK_SET).ok(), Some(1));
        assert_eq!(read(fd, 10).ok(), Some(b"ello".to_vec()));
        assert!(fsync(fd).is_ok());
        assert!(fdatasync(fd).is_ok());
        fchmod(fd, 0o640).expect("fchmod");
        fchown(fd, None, None).expect("fchown to the same owner");
        let st = fstat(fd).expect("fstat");
        assert_eq!(st, FileStat::from(&std::fs::metadata(&p).expect("metadata")));
        assert_eq!(st.size, 5);
        ftruncate(fd, 3).expect("ftruncate");
        assert_eq!(fstat(fd).map(|s| (s.size, s.mode & 0o777)).ok(), Some((3, 0o640)));
        ftruncate(fd, 5).expect("ftruncate back");
        close(fd).expect("close");
        assert_eq!(close(fd).err().and_then(|e| e.raw_os_error()), Some(libc::EBADF));
        assert_eq!(fstat(fd).err().and_then(|e| e.raw_os_error()), Some(libc::EBADF));
        assert!(open(Path::new("a\0b"), libc::O_RDONLY, 0).is_err());
        let _ = std::fs::remove_file(&p);
    }
}
