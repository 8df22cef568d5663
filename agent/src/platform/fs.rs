//! Paths and files: `access`, `statvfs`, `utimensat`, `fchmodat`, `linkat`,
//! `truncate`, file status as one
//! struct for paths and descriptors alike, the umask, `sync`, and the
//! numeric constants of `os` (access modes, open flags, seek origins).

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use super::check;

pub const F_OK: i32 = libc::F_OK;
pub const R_OK: i32 = libc::R_OK;
pub const W_OK: i32 = libc::W_OK;
pub const X_OK: i32 = libc::X_OK;

/// Open flags module code combines itself (`tempfile`, `pathlib.touch`).
pub use libc::{O_CREAT, O_EXCL, O_NOFOLLOW, O_RDWR, O_TMPFILE, O_WRONLY};

/// The integer constants of Python's `os` module with this host's values.
pub const OS_CONSTANTS: &[(&str, i32)] = &[
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
    ("EX_OK", libc::EXIT_SUCCESS),
];

/// A path as a C string (a NUL inside it is `InvalidInput`).
pub fn cpath(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "embedded null byte"))
}

/// Sets the umask and returns the previous one.
pub fn umask(mask: u32) -> u32 {
    // SAFETY: umask takes a plain integer and cannot fail.
    unsafe { libc::umask(mask as libc::mode_t) as u32 }
}

/// Commits every filesystem's caches to disk.
pub fn sync() {
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe { libc::sync() }
}

/// `access(2)`: whether the real (or effective) user may use `path` in `mode`.
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

/// `fchmodat(2)`: sets the permission bits of `path`, or, without
/// `follow_symlinks`, of the symlink itself, which Linux refuses
/// (`EOPNOTSUPP`) for symlinks.
pub fn chmod(path: &Path, mode: u32, follow_symlinks: bool) -> io::Result<()> {
    let c = cpath(path)?;
    let flags = if follow_symlinks { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `c` is NUL-terminated and outlives the call.
    check(unsafe { libc::fchmodat(libc::AT_FDCWD, c.as_ptr(), mode as libc::mode_t, flags) })
}

/// `linkat(2)`: a hard link `dst` to `src`, or, with `follow_symlinks`,
/// to the file a symlink `src` points to (as Python's `os.link` does by
/// default; std's `hard_link` links the symlink itself).
pub fn link(src: &Path, dst: &Path, follow_symlinks: bool) -> io::Result<()> {
    let (s, d) = (cpath(src)?, cpath(dst)?);
    let flags = if follow_symlinks { libc::AT_SYMLINK_FOLLOW } else { 0 };
    // SAFETY: `s` and `d` are NUL-terminated and outlive the call.
    check(unsafe { libc::linkat(libc::AT_FDCWD, s.as_ptr(), libc::AT_FDCWD, d.as_ptr(), flags) })
}

/// `truncate(2)`: cuts or extends the file at `path` to `length` bytes
/// without opening it (opening a FIFO to truncate it would block).
pub fn truncate(path: &Path, length: i64) -> io::Result<()> {
    let c = cpath(path)?;
    let length = libc::off_t::try_from(length).map_err(|_| io::Error::from_raw_os_error(libc::EFBIG))?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    check(unsafe { libc::truncate(c.as_ptr(), length) })
}

/// `mkfifo(3)`.
pub fn mkfifo(path: &Path, mode: u32) -> io::Result<()> {
    let c = cpath(path)?;
    // SAFETY: `c` is NUL-terminated and outlives the call.
    check(unsafe { libc::mkfifo(c.as_ptr(), mode as libc::mode_t) })
}

/// `mknod(2)` of a device `major:minor` (`mode` carries the file type).
pub fn mknod(path: &Path, mode: u32, major: u32, minor: u32) -> io::Result<()> {
    let c = cpath(path)?;
    let dev = libc::makedev(major, minor);
    // SAFETY: `c` is NUL-terminated and outlives the call.
    check(unsafe { libc::mknod(c.as_ptr(), mode as libc::mode_t, dev) })
}

/// The major and minor numbers of a device number.
pub fn major_minor(rdev: u64) -> (u32, u32) {
    let dev = rdev as libc::dev_t;
    #[allow(clippy::unnecessary_cast)] // c_uint on every target
    (libc::major(dev) as u32, libc::minor(dev) as u32)
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

/// The status of a file (`stat(2)`), as `os.stat_result` reports it, from
/// a path's metadata or a descriptor's `fstat`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    pub mode: u32,
    pub ino: u64,
    pub dev: u64,
    pub nlink: u64,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub atime: (i64, i64),
    pub mtime: (i64, i64),
    pub ctime: (i64, i64),
    pub blksize: u64,
    pub blocks: u64,
    pub rdev: u64,
}

impl From<&std::fs::Metadata> for FileStat {
    fn from(m: &std::fs::Metadata) -> FileStat {
        FileStat {
            mode: m.mode(),
            ino: m.ino(),
            dev: m.dev(),
            nlink: m.nlink(),
            uid: m.uid(),
            gid: m.gid(),
            size: m.size(),
            atime: (m.atime(), m.atime_nsec()),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
            blksize: m.blksize(),
            blocks: m.blocks(),
            rdev: m.rdev(),
        }
    }
}

impl FileStat {
    /// From the C struct `fstat` filled in.
    #[allow(clippy::unnecessary_cast)] // field widths differ between targets
    pub(super) fn from_c(s: &libc::stat) -> FileStat {
        FileStat {
            mode: s.st_mode as u32,
            ino: s.st_ino as u64,
            dev: s.st_dev as u64,
            nlink: s.st_nlink as u64,
            uid: s.st_uid as u32,
            gid: s.st_gid as u32,
            size: s.st_size as u64,
            atime: (s.st_atime as i64, s.st_atime_nsec as i64),
            mtime: (s.st_mtime as i64, s.st_mtime_nsec as i64),
            ctime: (s.st_ctime as i64, s.st_ctime_nsec as i64),
            blksize: s.st_blksize as u64,
            blocks: s.st_blocks as u64,
            rdev: s.st_rdev as u64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statvfs_access_utime() {
        assert!(statvfs(Path::new("/")).expect("statvfs")[0] > 0);
        assert!(statvfs(Path::new("/no/such/dir")).is_err());
        assert!(access(Path::new("/"), F_OK, false, true).unwrap_or(false));
        assert!(!access(Path::new("/no/such/file"), F_OK, false, true).unwrap_or(true));
        assert!(access(Path::new("a\0b"), F_OK, false, true).is_err());
        let dir = std::env::temp_dir().join(format!("rpyc-platform-fs-{}", std::process::id()));
        std::fs::write(&dir, b"x").expect("write");
        utime(&dir, Some(((1_000_000_000, 5), (1_500_000_000, 999_999_999))), true).expect("utime");
        let st = FileStat::from(&std::fs::metadata(&dir).expect("metadata"));
        assert_eq!((st.atime, st.mtime), ((1_000_000_000, 5), (1_500_000_000, 999_999_999)));
        assert_eq!(st.size, 1);
        chmod(&dir, 0o640, true).expect("chmod");
        assert_eq!(std::fs::metadata(&dir).map(|m| m.mode() & 0o7777).ok(), Some(0o640));
        truncate(&dir, 3).expect("truncate");
        assert_eq!(std::fs::metadata(&dir).map(|m| m.len()).ok(), Some(3));
        assert_eq!(truncate(&dir, -1).err().and_then(|e| e.raw_os_error()), Some(libc::EINVAL));
        let hard = dir.with_extension("hard");
        let soft = dir.with_extension("soft");
        std::os::unix::fs::symlink(&dir, &soft).expect("symlink");
        link(&soft, &hard, true).expect("link through the symlink");
        assert!(std::fs::symlink_metadata(&hard).is_ok_and(|m| m.is_file()));
        let _ = std::fs::remove_file(&hard);
        link(&soft, &hard, false).expect("link the symlink");
        assert!(std::fs::symlink_metadata(&hard).is_ok_and(|m| m.file_type().is_symlink()));
        assert_eq!(chmod(&soft, 0o600, false).err().and_then(|e| e.raw_os_error()), Some(libc::EOPNOTSUPP));
        for p in [&hard, &soft, &dir] {
            let _ = std::fs::remove_file(p);
        }
        let old = umask(0o022);
        assert_eq!(umask(old), 0o022);
    }
}
