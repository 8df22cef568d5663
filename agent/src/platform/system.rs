//! The host: `uname`, load averages, online processors.

use std::io;

use super::check;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_facts() {
        assert_eq!(uname().expect("uname")[0], "Linux");
        assert!(cpu_count().unwrap_or(0) >= 1);
        assert!(loadavg().is_some_and(|l| l.iter().all(|x| *x >= 0.0)));
    }
}
