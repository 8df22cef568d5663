//! Resource limits (`prlimit`), resource usage (`getrusage`) and the page
//! size. Limits are the C library's `rlim_t` whatever its width on the
//! target, reported as CPython reports them: reinterpreted as a signed
//! 64-bit number, so `RLIM_INFINITY` is -1.

use std::io;

use super::check;

/// The limits `resource` names, with the target's numbers.
pub const RESOURCES: &[(&str, i32)] = &[
    ("RLIMIT_CPU", libc::RLIMIT_CPU as i32),
    ("RLIMIT_FSIZE", libc::RLIMIT_FSIZE as i32),
    ("RLIMIT_DATA", libc::RLIMIT_DATA as i32),
    ("RLIMIT_STACK", libc::RLIMIT_STACK as i32),
    ("RLIMIT_CORE", libc::RLIMIT_CORE as i32),
    ("RLIMIT_RSS", libc::RLIMIT_RSS as i32),
    ("RLIMIT_NPROC", libc::RLIMIT_NPROC as i32),
    ("RLIMIT_NOFILE", libc::RLIMIT_NOFILE as i32),
    ("RLIMIT_OFILE", libc::RLIMIT_NOFILE as i32),
    ("RLIMIT_MEMLOCK", libc::RLIMIT_MEMLOCK as i32),
    ("RLIMIT_AS", libc::RLIMIT_AS as i32),
    ("RLIMIT_SIGPENDING", libc::RLIMIT_SIGPENDING as i32),
    ("RLIMIT_MSGQUEUE", libc::RLIMIT_MSGQUEUE as i32),
    ("RLIMIT_NICE", libc::RLIMIT_NICE as i32),
    ("RLIMIT_RTPRIO", libc::RLIMIT_RTPRIO as i32),
    ("RLIMIT_RTTIME", libc::RLIMIT_RTTIME as i32),
];

/// One past the highest limit number (`RLIM_NLIMITS` of the kernel
/// headers CPython 3.11 is built with: `RLIMIT_RTTIME` is the last).
pub const NLIMITS: i32 = libc::RLIMIT_RTTIME as i32 + 1;

pub const RUSAGE_SELF: i32 = libc::RUSAGE_SELF;
pub const RUSAGE_CHILDREN: i32 = libc::RUSAGE_CHILDREN;
pub const RUSAGE_THREAD: i32 = libc::RUSAGE_THREAD;

#[allow(clippy::useless_conversion, clippy::unnecessary_cast)] // rlim_t is 32 or 64 bits
fn to_i64(v: libc::rlim_t) -> i64 {
    if v == libc::RLIM_INFINITY {
        -1
    } else {
        u64::from(v) as i64
    }
}

#[allow(clippy::unnecessary_cast)]
fn to_rlim(v: i64) -> libc::rlim_t {
    if v == -1 {
        libc::RLIM_INFINITY
    } else {
        v as u64 as libc::rlim_t
    }
}

/// `(soft, hard)` of a limit of a process (0: the agent itself).
pub fn get(pid: i32, resource: i32) -> io::Result<(i64, i64)> {
    let mut old = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: a null new limit only reads the current one into `old`.
    check(unsafe { libc::prlimit(pid, resource as _, std::ptr::null(), &mut old) })?;
    Ok((to_i64(old.rlim_cur), to_i64(old.rlim_max)))
}

/// Sets a limit of a process (0: the agent itself); the previous one.
pub fn set(pid: i32, resource: i32, soft: i64, hard: i64) -> io::Result<(i64, i64)> {
    let new = libc::rlimit { rlim_cur: to_rlim(soft), rlim_max: to_rlim(hard) };
    let mut old = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: both are valid rlimits.
    check(unsafe { libc::prlimit(pid, resource as _, &new, &mut old) })?;
    Ok((to_i64(old.rlim_cur), to_i64(old.rlim_max)))
}

/// `getrusage`: user and system time in seconds, then the 14 counters in
/// `struct rusage`'s order.
pub struct Usage {
    pub utime: f64,
    pub stime: f64,
    pub counters: [i64; 14],
}

#[allow(clippy::useless_conversion)] // c_long and time_t differ by target
pub fn usage(who: i32) -> io::Result<Usage> {
    // SAFETY: rusage is plain C data; zeroes are valid.
    let mut r: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `r` is valid and writable.
    check(unsafe { libc::getrusage(who as _, &mut r) })?;
    let secs = |t: libc::timeval| i64::from(t.tv_sec) as f64 + i64::from(t.tv_usec) as f64 * 1e-6;
    Ok(Usage {
        utime: secs(r.ru_utime),
        stime: secs(r.ru_stime),
        counters: [
            r.ru_maxrss,
            r.ru_ixrss,
            r.ru_idrss,
            r.ru_isrss,
            r.ru_minflt,
            r.ru_majflt,
            r.ru_nswap,
            r.ru_inblock,
            r.ru_oublock,
            r.ru_msgsnd,
            r.ru_msgrcv,
            r.ru_nsignals,
            r.ru_nvcsw,
            r.ru_nivcsw,
        ]
        .map(i64::from),
    })
}

/// The page size in bytes.
pub fn pagesize() -> i64 {
    // SAFETY: sysconf takes a plain integer.
    i64::from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_usage_and_pages() {
        let (soft, hard) = get(0, libc::RLIMIT_NOFILE as i32).expect("reads");
        assert!(soft > 0 && (hard == -1 || hard >= soft));
        assert_eq!(set(0, libc::RLIMIT_NOFILE as i32, soft, hard).expect("sets"), (soft, hard));
        assert!(usage(RUSAGE_SELF).expect("usage").counters[0] > 0);
        assert!(pagesize() >= 4096);
        assert!(get(0, 999).is_err());
    }
}
