//! Sending signals to processes and process groups.

use std::io;

use super::check;

pub fn kill(pid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: kill takes two plain integers.
    check(unsafe { libc::kill(pid, sig) })
}

pub fn killpg(pgid: i32, sig: i32) -> io::Result<()> {
    // SAFETY: killpg takes two plain integers.
    check(unsafe { libc::killpg(pgid, sig) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_zero_probes() {
        assert!(kill(std::process::id() as i32, 0).is_ok());
        assert_eq!(kill(i32::MAX, 0).err().and_then(|e| e.raw_os_error()), Some(libc::ESRCH));
        assert!(killpg(0, 0).is_ok());
    }
}
