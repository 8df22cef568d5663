//! The kernel's random bytes (`os.urandom`): `getrandom(2)`, or
//! `/dev/urandom` on kernels older than 3.17.

use std::io::{self, Read};

/// Fills `buf` with cryptographically secure random bytes.
pub fn fill(buf: &mut [u8]) -> io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let rest = &mut buf[done..];
        // SAFETY: the pointer and length describe `rest`, which is
        // writable for its whole length.
        let n = unsafe { libc::getrandom(rest.as_mut_ptr().cast(), rest.len(), 0) };
        if n >= 0 {
            done += n as usize;
            continue;
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::ENOSYS) => return std::fs::File::open("/dev/urandom")?.read_exact(&mut buf[done..]),
            _ => return Err(err),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fills_the_whole_buffer() {
        let mut a = [0u8; 64];
        let mut b = [0u8; 64];
        super::fill(&mut a).expect("random");
        super::fill(&mut b).expect("random");
        assert_ne!(a, b);
    }
}
