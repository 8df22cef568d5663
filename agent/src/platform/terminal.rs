//! Terminals: the window size of one, and whether a descriptor is one.

use std::io;

use super::check;

/// `(columns, lines)` of the terminal on `fd` (`TIOCGWINSZ`).
pub fn window_size(fd: i32) -> io::Result<(u16, u16)> {
    // SAFETY: winsize is plain C data (integers); all zeroes is valid.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    // SAFETY: TIOCGWINSZ writes one winsize into `ws`, which is valid and
    // writable; an fd that is not a terminal is ENOTTY, an invalid one EBADF.
    check(unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) })?;
    Ok((ws.ws_col, ws.ws_row))
}

/// Whether `fd` is open on a terminal.
pub fn isatty(fd: i32) -> bool {
    // SAFETY: isatty takes a plain integer; an invalid fd is just "no".
    unsafe { libc::isatty(fd) == 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_a_terminal() {
        let f = std::fs::File::open("/").expect("open /");
        let fd = std::os::unix::io::AsRawFd::as_raw_fd(&f);
        assert!(!isatty(fd));
        assert_eq!(window_size(fd).err().and_then(|e| e.raw_os_error()), Some(libc::ENOTTY));
        assert_eq!(window_size(-1).err().and_then(|e| e.raw_os_error()), Some(libc::EBADF));
    }
}
