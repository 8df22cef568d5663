//! Time through the C library, the way CPython's `time` module uses it on
//! Linux: clocks, broken-down time (`localtime_r`, `gmtime_r`, `mktime`),
//! and the zone (`tzset`); `strftime` is formatted natively (see
//! `modules::time::strftime`). `time_t` is the target's: 32-bit targets
//! cannot go past 2038.

use std::ffi::{CStr, CString};
use std::io;

extern "C" {
    /// POSIX `tzset(3)` (not bound by the libc crate on Linux).
    fn tzset();
}

pub const CLOCK_REALTIME: i32 = libc::CLOCK_REALTIME;
pub const CLOCK_MONOTONIC: i32 = libc::CLOCK_MONOTONIC;
pub const CLOCK_MONOTONIC_RAW: i32 = libc::CLOCK_MONOTONIC_RAW;
pub const CLOCK_PROCESS_CPUTIME_ID: i32 = libc::CLOCK_PROCESS_CPUTIME_ID;
pub const CLOCK_THREAD_CPUTIME_ID: i32 = libc::CLOCK_THREAD_CPUTIME_ID;
pub const CLOCK_BOOTTIME: i32 = libc::CLOCK_BOOTTIME;
pub const CLOCK_TAI: i32 = libc::CLOCK_TAI;

/// A clock's time in nanoseconds.
#[allow(clippy::useless_conversion)] // time_t and c_long are 32 bits on 32-bit targets
pub fn clock_ns(id: i32) -> io::Result<i64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid timespec to fill.
    super::check(unsafe { libc::clock_gettime(id, &mut ts) })?;
    Ok(i64::from(ts.tv_sec) * 1_000_000_000 + i64::from(ts.tv_nsec))
}

/// A clock's resolution in nanoseconds.
#[allow(clippy::useless_conversion)]
pub fn clock_res_ns(id: i32) -> io::Result<i64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid timespec to fill.
    super::check(unsafe { libc::clock_getres(id, &mut ts) })?;
    Ok(i64::from(ts.tv_sec) * 1_000_000_000 + i64::from(ts.tv_nsec))
}

/// Whether a timestamp fits the target's `time_t`.
pub fn fits_time_t(t: i64) -> bool {
    libc::time_t::try_from(t).is_ok()
}

/// A broken-down time: C's `struct tm`, fields as C counts them (years
/// since 1900, months from 0, Sunday = 0).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tm {
    pub sec: i32,
    pub min: i32,
    pub hour: i32,
    pub mday: i32,
    pub mon: i32,
    pub year: i32,
    pub wday: i32,
    pub yday: i32,
    pub isdst: i32,
    pub gmtoff: i64,
    pub zone: Option<String>,
}

/// A `struct tm` for the C library, with the zone name it points to.
struct CTm {
    tm: libc::tm,
    _zone: Option<CString>,
}

impl CTm {
    fn new(t: &Tm) -> io::Result<CTm> {
        // SAFETY: tm is plain C data (integers and a pointer); zeroes are valid.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        tm.tm_sec = t.sec;
        tm.tm_min = t.min;
        tm.tm_hour = t.hour;
        tm.tm_mday = t.mday;
        tm.tm_mon = t.mon;
        tm.tm_year = t.year;
        tm.tm_wday = t.wday;
        tm.tm_yday = t.yday;
        tm.tm_isdst = t.isdst;
        #[allow(clippy::useless_conversion)] // c_long is 32 bits on 32-bit targets
        let gmtoff = t.gmtoff.try_into();
        tm.tm_gmtoff = gmtoff.map_err(|_| io::Error::from_raw_os_error(libc::EOVERFLOW))?;
        let zone = match &t.zone {
            Some(z) => Some(CString::new(z.as_str()).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?),
            None => None,
        };
        if let Some(z) = &zone {
            tm.tm_zone = z.as_ptr();
        }
        Ok(CTm { tm, _zone: zone })
    }
}

fn from_c(tm: &libc::tm) -> Tm {
    let zone = if tm.tm_zone.is_null() {
        None
    } else {
        // SAFETY: a non-null tm_zone from the C library points at a
        // NUL-terminated string in its time zone data.
        Some(unsafe { CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned())
    };
    #[allow(clippy::useless_conversion)] // c_long is 32 bits on 32-bit targets
    let gmtoff = i64::from(tm.tm_gmtoff);
    Tm {
        sec: tm.tm_sec,
        min: tm.tm_min,
        hour: tm.tm_hour,
        mday: tm.tm_mday,
        mon: tm.tm_mon,
        year: tm.tm_year,
        wday: tm.tm_wday,
        yday: tm.tm_yday,
        isdst: tm.tm_isdst,
        gmtoff,
        zone,
    }
}

fn broken_down(t: i64, local: bool) -> io::Result<Tm> {
    let t = libc::time_t::try_from(t).map_err(|_| io::Error::from_raw_os_error(libc::EOVERFLOW))?;
    // SAFETY: tm is plain C data; zeroes are valid.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: `t` and `tm` are valid for the call; the *_r functions fill
    // `tm` or return null.
    let done = unsafe {
        if local {
            libc::localtime_r(&t, &mut tm)
        } else {
            libc::gmtime_r(&t, &mut tm)
        }
    };
    if done.is_null() {
        let e = io::Error::last_os_error();
        return Err(if e.raw_os_error().unwrap_or(0) == 0 { io::Error::from_raw_os_error(libc::EINVAL) } else { e });
    }
    Ok(from_c(&tm))
}

/// `localtime_r`: the local broken-down time of a timestamp.
pub fn localtime(t: i64) -> io::Result<Tm> {
    broken_down(t, true)
}

/// `gmtime_r`: the UTC broken-down time of a timestamp.
pub fn gmtime(t: i64) -> io::Result<Tm> {
    broken_down(t, false)
}

/// `mktime`: the timestamp of a local broken-down time, `None` when the C
/// library cannot represent it.
#[allow(clippy::useless_conversion)]
pub fn mktime(t: &Tm) -> Option<i64> {
    let mut c = CTm::new(t).ok()?;
    // A sentinel: mktime sets the weekday on success, so a -1 result with
    // it unchanged is an error (as CPython tells them apart).
    c.tm.tm_wday = -1;
    // SAFETY: a valid tm (its zone string lives in `c`).
    let tt = unsafe { libc::mktime(&mut c.tm) };
    if tt == -1 && c.tm.tm_wday == -1 {
        return None;
    }
    Some(i64::from(tt))
}

/// `tzset()`: re-reads `TZ` (after `os.environ['TZ'] = ...`).
pub fn reset_zone() {
    // SAFETY: tzset only reads the environment and updates the C
    // library's zone state.
    unsafe { tzset() };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_tick() {
        let a = clock_ns(CLOCK_MONOTONIC).expect("clock");
        let b = clock_ns(CLOCK_MONOTONIC).expect("clock");
        assert!(b >= a);
        assert!(clock_ns(CLOCK_REALTIME).expect("clock") > 1_600_000_000 * 1_000_000_000);
        assert!(clock_res_ns(CLOCK_MONOTONIC).expect("resolution") > 0);
        assert!(clock_ns(-1000).is_err());
    }

    #[test]
    fn utc_broken_down_time() {
        let tm = gmtime(1_700_000_000).expect("gmtime");
        assert_eq!((tm.year, tm.mon, tm.mday, tm.hour, tm.min, tm.sec), (123, 10, 14, 22, 13, 20));
        assert_eq!((tm.wday, tm.yday, tm.isdst, tm.gmtoff), (2, 317, 0, 0));
        assert_eq!(tm.zone.as_deref(), Some("GMT"));
    }

    #[test]
    fn mktime_inverts_localtime() {
        let tm = localtime(1_700_000_000).expect("localtime");
        assert_eq!(mktime(&tm), Some(1_700_000_000));
    }

    #[test]
    fn time_t_range_is_the_targets() {
        assert!(fits_time_t(0));
        assert_eq!(fits_time_t(4_102_444_800), std::mem::size_of::<libc::time_t>() == 8);
        assert!(!fits_time_t(i64::MAX) || std::mem::size_of::<libc::time_t>() == 8);
    }
}
