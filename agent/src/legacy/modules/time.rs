//! `time`: clocks, `struct_time` conversions and formatting through the C
//! library, the way CPython 3.11 does it on Linux (so `%a`, `%Z` and
//! friends come out the same: the C locale's names, the libc's zones).
//! `time_t` is the target's: 32-bit targets refuse timestamps past 2038
//! with CPython's OverflowError.

use std::ffi::{CStr, CString};
use std::time::Duration;

use rpyc_protocol::{Obj, Value};

use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{RecordKind, RecordObj};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{val_type_name, Val};

extern "C" {
    /// POSIX `tzset(3)` (not bound by the libc crate on Linux).
    fn tzset();
}

pub static MODULE: ModuleDef = ModuleDef {
    name: "time",
    type_name: "time",
    functions: &[
        f("time", time),
        f("time_ns", time_ns),
        b("sleep", sleep),
        f("monotonic", monotonic),
        f("monotonic_ns", monotonic_ns),
        f("perf_counter", monotonic),
        f("perf_counter_ns", monotonic_ns),
        f("process_time", process_time),
        f("process_time_ns", process_time_ns),
        f("thread_time", thread_time),
        f("thread_time_ns", thread_time_ns),
        f("clock_gettime", clock_gettime),
        f("clock_gettime_ns", clock_gettime_ns),
        f("localtime", localtime),
        f("gmtime", gmtime),
        f("mktime", mktime),
        f("asctime", asctime),
        f("ctime", ctime),
        f("strftime", strftime),
        f("tzset", tzset_),
    ],
    attr,
    attr_names: &[
        "timezone",
        "altzone",
        "daylight",
        "tzname",
        "CLOCK_REALTIME",
        "CLOCK_MONOTONIC",
        "CLOCK_MONOTONIC_RAW",
        "CLOCK_PROCESS_CPUTIME_ID",
        "CLOCK_THREAD_CPUTIME_ID",
        "CLOCK_BOOTTIME",
        "CLOCK_TAI",
    ],
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Val>> {
    let v = |v: Value| Some(Ok(Obj::Value(v)));
    match name {
        "timezone" => v(Value::Int(zones().timezone)),
        "altzone" => v(Value::Int(zones().altzone)),
        "daylight" => v(Value::Int(zones().daylight.into())),
        "tzname" => {
            let z = zones();
            v(Value::Tuple(vec![Value::Str(z.names.0), Value::Str(z.names.1)]))
        }
        "CLOCK_REALTIME" => v(Value::Int(libc::CLOCK_REALTIME.into())),
        "CLOCK_MONOTONIC" => v(Value::Int(libc::CLOCK_MONOTONIC.into())),
        "CLOCK_MONOTONIC_RAW" => v(Value::Int(libc::CLOCK_MONOTONIC_RAW.into())),
        "CLOCK_PROCESS_CPUTIME_ID" => v(Value::Int(libc::CLOCK_PROCESS_CPUTIME_ID.into())),
        "CLOCK_THREAD_CPUTIME_ID" => v(Value::Int(libc::CLOCK_THREAD_CPUTIME_ID.into())),
        "CLOCK_BOOTTIME" => v(Value::Int(libc::CLOCK_BOOTTIME.into())),
        "CLOCK_TAI" => v(Value::Int(libc::CLOCK_TAI.into())),
        _ => None,
    }
}

// ---------------------------------------------------------------- clocks

/// `time_t` (32 or 64 bits by target) to i64.
#[allow(clippy::useless_conversion)]
fn from_time_t(t: libc::time_t) -> i64 {
    i64::from(t)
}

/// i64 to the target's `time_t`, with CPython's error.
#[allow(clippy::useless_conversion)]
fn to_time_t(t: i64) -> PyResult<libc::time_t> {
    libc::time_t::try_from(t).map_err(|_| exc::new("OverflowError", "timestamp out of range for platform time_t"))
}

/// Nanoseconds of a clock.
#[allow(clippy::useless_conversion)]
fn clock_ns(id: libc::clockid_t) -> PyResult<i64> {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: ts is a valid timespec to fill.
    if unsafe { libc::clock_gettime(id, &mut ts) } != 0 {
        return Err(exc::os_error(&std::io::Error::last_os_error(), None));
    }
    Ok(from_time_t(ts.tv_sec) * 1_000_000_000 + i64::from(ts.tv_nsec))
}

fn secs(ns: i64) -> PyResult<Val> {
    Ok(Obj::Value(Value::Float(ns as f64 / 1e9)))
}

fn ns(ns: i64) -> PyResult<Val> {
    Ok(Obj::Value(Value::Int(ns)))
}

fn time(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("time")?;
    secs(clock_ns(libc::CLOCK_REALTIME)?)
}

fn time_ns(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("time_ns")?;
    ns(clock_ns(libc::CLOCK_REALTIME)?)
}

/// `monotonic` and `perf_counter` (the same clock in CPython on Linux).
fn monotonic(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("monotonic")?;
    secs(clock_ns(libc::CLOCK_MONOTONIC)?)
}

fn monotonic_ns(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("monotonic_ns")?;
    ns(clock_ns(libc::CLOCK_MONOTONIC)?)
}

/// CPU time of the agent process.
fn process_time(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("process_time")?;
    secs(clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)?)
}

fn process_time_ns(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("process_time_ns")?;
    ns(clock_ns(libc::CLOCK_PROCESS_CPUTIME_ID)?)
}

/// CPU time of the agent thread serving the call.
fn thread_time(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("thread_time")?;
    secs(clock_ns(libc::CLOCK_THREAD_CPUTIME_ID)?)
}

fn thread_time_ns(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("thread_time_ns")?;
    ns(clock_ns(libc::CLOCK_THREAD_CPUTIME_ID)?)
}

fn clock_id(func: &str, args: Args) -> PyResult<libc::clockid_t> {
    let [id] = args.bind(func, ["clk_id"])?;
    let id = args::to_int(func, &args::req(id))?;
    libc::clockid_t::try_from(id).map_err(|_| exc::new("OverflowError", "signed integer is greater than maximum"))
}

fn clock_gettime(_cx: &Cx, args: Args) -> PyResult<Val> {
    secs(clock_ns(clock_id("clock_gettime", args)?)?)
}

fn clock_gettime_ns(_cx: &Cx, args: Args) -> PyResult<Val> {
    ns(clock_ns(clock_id("clock_gettime_ns", args)?)?)
}

/// `sleep(secs)`: blocks this call (it runs on the blocking pool).
fn sleep(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [s] = args.bind("sleep", ["secs"])?;
    let s = match args::req(s) {
        Obj::Value(Value::Int(n)) => n as f64,
        Obj::Value(Value::Float(x)) => x,
        Obj::Value(Value::Bool(b)) => f64::from(u8::from(b)),
        Obj::Value(Value::BigInt(_)) => {
            return Err(exc::new("OverflowError", "timestamp too large to convert to C _PyTime_t"))
        }
        other => {
            return Err(exc::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                val_type_name(&other)
            )))
        }
    };
    if s.is_nan() {
        return Err(exc::value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(exc::value_error("sleep length must be non-negative"));
    }
    let d = Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| d.as_secs() < i64::MAX as u64 / 1_000_000_000)
        .ok_or_else(|| exc::new("OverflowError", "timestamp too large to convert to C _PyTime_t"))?;
    std::thread::sleep(d);
    Ok(Obj::none())
}

// ---------------------------------------------------------------- struct_time

/// A `secs` argument (None: now), floored like CPython's `_PyTime_ROUND_FLOOR`.
fn timestamp(func: &str, v: Option<&Val>) -> PyResult<libc::time_t> {
    let t = match v {
        None | Some(Obj::Value(Value::None)) => clock_ns(libc::CLOCK_REALTIME)?.div_euclid(1_000_000_000),
        Some(Obj::Value(Value::Float(x))) => {
            if x.is_nan() {
                return Err(exc::value_error("Invalid value NaN (not a number)"));
            }
            let x = x.floor();
            if !(-9.2e18..9.2e18).contains(&x) {
                return Err(exc::new("OverflowError", "timestamp out of range for platform time_t"));
            }
            x as i64
        }
        Some(Obj::Value(Value::BigInt(_))) => {
            return Err(exc::new("OverflowError", "timestamp out of range for platform time_t"))
        }
        Some(v) => args::to_int(func, v)?,
    };
    to_time_t(t)
}

/// A broken-down time with its zone name copied out.
fn struct_time(tm: &libc::tm) -> Val {
    let zone = if tm.tm_zone.is_null() {
        Value::None
    } else {
        // SAFETY: a non-null tm_zone from the libc points at a NUL-terminated
        // string in its time zone data.
        Value::Str(unsafe { CStr::from_ptr(tm.tm_zone) }.to_string_lossy().into_owned())
    };
    let int = |n: libc::c_int| Obj::Value(Value::Int(n.into()));
    #[allow(clippy::useless_conversion)]
    let gmtoff = i64::from(tm.tm_gmtoff);
    Obj::Local(RecordObj::new(
        "time.struct_time",
        "time.struct_time",
        RecordKind::StructSeq { visible: 9 },
        vec![
            ("tm_year", int(tm.tm_year + 1900)),
            ("tm_mon", int(tm.tm_mon + 1)),
            ("tm_mday", int(tm.tm_mday)),
            ("tm_hour", int(tm.tm_hour)),
            ("tm_min", int(tm.tm_min)),
            ("tm_sec", int(tm.tm_sec)),
            ("tm_wday", int((tm.tm_wday + 6) % 7)),
            ("tm_yday", int(tm.tm_yday + 1)),
            ("tm_isdst", int(tm.tm_isdst)),
            ("tm_zone", Obj::Value(zone)),
            ("tm_gmtoff", Obj::Value(Value::Int(gmtoff))),
        ],
    ))
}

fn broken_down(t: libc::time_t, local: bool) -> PyResult<libc::tm> {
    // SAFETY: tm is plain data; the *_r functions fill it or return null.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    let ok = unsafe {
        if local {
            !libc::localtime_r(&t, &mut tm).is_null()
        } else {
            !libc::gmtime_r(&t, &mut tm).is_null()
        }
    };
    if ok {
        Ok(tm)
    } else {
        let errno = std::io::Error::last_os_error().raw_os_error().filter(|e| *e != 0).unwrap_or(libc::EINVAL);
        Err(exc::os_errno(errno, None, None))
    }
}

fn localtime(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [s] = args.bind("localtime", ["seconds?"])?;
    Ok(struct_time(&broken_down(timestamp("localtime", s.as_ref())?, true)?))
}

fn gmtime(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [s] = args.bind("gmtime", ["seconds?"])?;
    Ok(struct_time(&broken_down(timestamp("gmtime", s.as_ref())?, false)?))
}

/// A time tuple argument (`gettmarg`): a 9-tuple or a `struct_time` (ours,
/// or the client's, fetched by value). The zone is kept alive alongside.
struct TimeArg {
    tm: libc::tm,
    _zone: Option<CString>,
}

fn time_arg(func: &str, v: &Val, cx: &Cx) -> PyResult<TimeArg> {
    let required = || exc::type_error("Tuple or struct_time argument required");
    let value = match v {
        Obj::Local(o) => o.to_value(cx)?.ok_or_else(required)?,
        other => cx.value(other)?,
    };
    let (items, extra) = match value {
        Value::Tuple(items) => (items, Vec::new()),
        Value::Record(r) if r.class == "time.struct_time" => {
            let mut parts = r.args.into_iter();
            match (parts.next(), parts.next()) {
                (Some(Value::Tuple(items)), extra) => {
                    let extra = match extra {
                        Some(Value::Dict(pairs)) => pairs,
                        _ => Vec::new(),
                    };
                    (items, extra)
                }
                _ => return Err(required()),
            }
        }
        _ => return Err(required()),
    };
    let illegal = || exc::type_error(format!("{func}(): illegal time tuple argument"));
    if items.len() != 9 {
        return Err(illegal());
    }
    let mut n = [0 as libc::c_int; 9];
    for (slot, item) in n.iter_mut().zip(&items) {
        let v = match item {
            Value::Int(v) => *v,
            Value::Bool(b) => i64::from(*b),
            Value::BigInt(_) => return Err(exc::new("OverflowError", "Python int too large to convert to C int")),
            _ => return Err(illegal()),
        };
        *slot = libc::c_int::try_from(v)
            .map_err(|_| exc::new("OverflowError", "Python int too large to convert to C int"))?;
    }
    // SAFETY: plain data.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = n[0].wrapping_sub(1900);
    tm.tm_mon = n[1] - 1;
    tm.tm_mday = n[2];
    tm.tm_hour = n[3];
    tm.tm_min = n[4];
    tm.tm_sec = n[5];
    tm.tm_wday = (n[6] + 1) % 7;
    tm.tm_yday = n[7] - 1;
    tm.tm_isdst = n[8];
    let mut zone = None;
    for (k, v) in extra {
        match (k.as_str(), v) {
            (Some("tm_zone"), Value::Str(z)) => {
                let z = CString::new(z).map_err(|_| exc::value_error("embedded null character"))?;
                tm.tm_zone = z.as_ptr();
                zone = Some(z);
            }
            (Some("tm_gmtoff"), Value::Int(off)) => {
                #[allow(clippy::useless_conversion)]
                let off = libc::c_long::try_from(off);
                tm.tm_gmtoff =
                    off.map_err(|_| exc::new("OverflowError", "Python int too large to convert to C long"))?;
            }
            _ => {}
        }
    }
    Ok(TimeArg { tm, _zone: zone })
}

/// CPython's `checktm`, with its normalisations.
fn checktm(tm: &mut libc::tm) -> PyResult<()> {
    let bad = |what: &str| Err(exc::value_error(format!("{what} out of range")));
    if tm.tm_mon == -1 {
        tm.tm_mon = 0;
    } else if !(0..=11).contains(&tm.tm_mon) {
        return bad("month");
    }
    if tm.tm_mday == 0 {
        tm.tm_mday = 1;
    } else if !(0..=31).contains(&tm.tm_mday) {
        return bad("day of month");
    }
    if !(0..=23).contains(&tm.tm_hour) {
        return bad("hour");
    }
    if !(0..=59).contains(&tm.tm_min) {
        return bad("minute");
    }
    if !(0..=61).contains(&tm.tm_sec) {
        return bad("seconds");
    }
    if tm.tm_wday < 0 {
        return bad("day of week");
    }
    if tm.tm_yday == -1 {
        tm.tm_yday = 0;
    } else if !(0..=365).contains(&tm.tm_yday) {
        return bad("day of year");
    }
    Ok(())
}

/// The time argument of asctime/strftime: given and checked, or now.
fn checked_or_now(func: &str, t: Option<Val>, cx: &Cx) -> PyResult<TimeArg> {
    match t {
        None => Ok(TimeArg { tm: broken_down(timestamp(func, None)?, true)?, _zone: None }),
        Some(t) => {
            let mut arg = time_arg(func, &t, cx)?;
            checktm(&mut arg.tm)?;
            Ok(arg)
        }
    }
}

fn mktime(cx: &Cx, args: Args) -> PyResult<Val> {
    let [t] = args.bind("mktime", ["t"])?;
    let mut arg = time_arg("mktime", &args::req(t), cx)?;
    arg.tm.tm_wday = -1; // sentinel: mktime sets it on success
                         // SAFETY: a valid tm.
    let tt = unsafe { libc::mktime(&mut arg.tm) };
    if tt == -1 && arg.tm.tm_wday == -1 {
        return Err(exc::new("OverflowError", "mktime argument out of range"));
    }
    Ok(Obj::Value(Value::Float(from_time_t(tt) as f64)))
}

/// CPython's `_asctime`.
fn format_asctime(tm: &libc::tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        DAYS[tm.tm_wday.rem_euclid(7) as usize],
        MONTHS[tm.tm_mon.rem_euclid(12) as usize],
        tm.tm_mday,
        tm.tm_hour,
        tm.tm_min,
        tm.tm_sec,
        i64::from(tm.tm_year) + 1900
    )
}

fn asctime(cx: &Cx, args: Args) -> PyResult<Val> {
    let [t] = args.bind("asctime", ["t?"])?;
    let arg = checked_or_now("asctime", t, cx)?;
    Ok(Obj::Value(Value::Str(format_asctime(&arg.tm))))
}

fn ctime(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [s] = args.bind("ctime", ["seconds?"])?;
    let tm = broken_down(timestamp("ctime", s.as_ref())?, true)?;
    Ok(Obj::Value(Value::Str(format_asctime(&tm))))
}

/// libc `strftime`, growing the buffer the way CPython does (an empty
/// result for a format that yields nothing).
fn format_time(format: &str, tm: &libc::tm) -> PyResult<String> {
    let c_format = CString::new(format).map_err(|_| exc::value_error("embedded null character"))?;
    let mut size = 1024usize;
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: buf has `size` bytes; strftime writes at most that many.
        let n = unsafe { libc::strftime(buf.as_mut_ptr().cast(), size, c_format.as_ptr(), tm) };
        if n > 0 || size >= 256 * format.len() {
            buf.truncate(n);
            return Ok(String::from_utf8_lossy(&buf).into_owned());
        }
        size *= 2;
    }
}

fn strftime(cx: &Cx, args: Args) -> PyResult<Val> {
    let [format, t] = args.bind("strftime", ["format", "t?"])?;
    let format = args::to_str("strftime", &args::req(format))?;
    let mut arg = checked_or_now("strftime", t, cx)?;
    arg.tm.tm_isdst = arg.tm.tm_isdst.clamp(-1, 1);
    Ok(Obj::Value(Value::Str(format_time(&format, &arg.tm)?)))
}

// ---------------------------------------------------------------- zones

struct Zones {
    timezone: i64,
    altzone: i64,
    daylight: bool,
    names: (String, String),
}

/// `timezone`, `altzone`, `daylight`, `tzname` as CPython 3.11 computes
/// them on glibc: from the local time of January and July of this year.
fn zones() -> Zones {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let now = clock_ns(libc::CLOCK_REALTIME).unwrap_or(0).div_euclid(1_000_000_000);
    let t = now / YEAR * YEAR;
    let probe = |t: i64| -> (i64, String) {
        match to_time_t(t).ok().and_then(|t| broken_down(t, true).ok()) {
            Some(tm) => {
                let name = if tm.tm_zone.is_null() {
                    "   ".to_owned()
                } else {
                    // SAFETY: as in `struct_time`.
                    let bytes = unsafe { CStr::from_ptr(tm.tm_zone) }.to_bytes();
                    String::from_utf8_lossy(&bytes[..bytes.len().min(9)]).into_owned()
                };
                #[allow(clippy::useless_conversion)]
                let off = i64::from(tm.tm_gmtoff);
                (-off, name)
            }
            None => (0, "UTC".to_owned()),
        }
    };
    let (jan, jan_name) = probe(t);
    let (july, july_name) = probe(t + YEAR / 2);
    if jan < july {
        // DST is reversed in the southern hemisphere.
        Zones { timezone: july, altzone: jan, daylight: jan != july, names: (july_name, jan_name) }
    } else {
        Zones { timezone: jan, altzone: july, daylight: jan != july, names: (jan_name, july_name) }
    }
}

/// `tzset()`: re-reads `TZ` (after `os.environ['TZ'] = ...`).
fn tzset_(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("tzset")?;
    // SAFETY: tzset only reads the environment and updates libc's zone state.
    unsafe { tzset() };
    Ok(Obj::none())
}

#[cfg(test)]
mod tests {
    use super::super::sys::testing::with_cx;
    use super::*;

    fn call(func: fn(&Cx, Args) -> PyResult<Val>, args: Vec<Val>) -> PyResult<Value> {
        with_cx(move |cx| {
            let v = func(cx, Args::positional(args))?;
            match v {
                Obj::Local(o) => Ok(o.to_value(cx)?.expect("by value")),
                other => Ok(cx.value(&other)?),
            }
        })
    }

    fn int(n: i64) -> Val {
        Obj::Value(Value::Int(n))
    }

    fn string(s: &str) -> Val {
        Obj::Value(Value::str(s))
    }

    #[test]
    fn gmtime_is_a_struct_time() {
        let Ok(Value::Record(r)) = call(gmtime, vec![Obj::Value(Value::Float(1_700_000_000.9))]) else {
            panic!("record")
        };
        assert_eq!(r.class, "time.struct_time");
        let want: Vec<Value> = [2023, 11, 14, 22, 13, 20, 1, 318, 0].map(Value::Int).into();
        assert_eq!(r.args[0], Value::Tuple(want));
        assert_eq!(
            r.args[1],
            Value::Dict(vec![(Value::str("tm_zone"), Value::str("GMT")), (Value::str("tm_gmtoff"), Value::Int(0))])
        );
    }

    #[test]
    fn strftime_of_a_fixed_time() {
        let out = with_cx(|cx| {
            let t = gmtime(cx, Args::positional(vec![int(1_700_000_000)]))?;
            let s = strftime(cx, Args::positional(vec![string("%Y-%m-%d %H:%M:%S %a %b %j %Z %z %%"), t]))?;
            let plain = strftime(
                cx,
                Args::positional(vec![
                    string("%d/%m/%y %A %B"),
                    Obj::Value(Value::Tuple([2024, 2, 29, 0, 0, 0, 3, 60, 0].map(Value::Int).into())),
                ]),
            )?;
            let empty = strftime(cx, Args::positional(vec![string(""), int(0)]));
            Ok::<_, rpyc_protocol::ExceptionPayload>((s, plain, empty))
        })
        .expect("formats");
        assert_eq!(out.0.into_value(), Some(Value::str("2023-11-14 22:13:20 Tue Nov 318 GMT +0000 %")));
        assert_eq!(out.1.into_value(), Some(Value::str("29/02/24 Thursday February")));
        assert!(out.2.is_err(), "a non-tuple is a TypeError");
    }

    #[test]
    fn asctime_and_range_checks() {
        let t = |v: [i64; 9]| Obj::Value(Value::Tuple(v.map(Value::Int).into()));
        assert_eq!(call(asctime, vec![t([1970, 1, 1, 0, 0, 0, 3, 1, 0])]), Ok(Value::str("Thu Jan  1 00:00:00 1970")));
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) =
            call(asctime, vec![t([1970, 13, 1, 0, 0, 0, 3, 1, 0])])
        else {
            panic!("ValueError")
        };
        assert_eq!(e.args, vec![Value::str("month out of range")]);
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) =
            call(mktime, vec![Obj::Value(Value::Tuple(vec![Value::Int(1)]))])
        else {
            panic!("TypeError")
        };
        assert_eq!(e.args, vec![Value::str("mktime(): illegal time tuple argument")]);
    }

    #[test]
    fn mktime_inverts_localtime() {
        let back = with_cx(|cx| {
            let t = localtime(cx, Args::positional(vec![int(1_700_000_000)]))?;
            mktime(cx, Args::positional(vec![t]))
        });
        assert_eq!(back.expect("mktime").into_value(), Some(Value::Float(1_700_000_000.0)));
        let c = call(ctime, vec![int(1_700_000_000)]).expect("ctime");
        let a = with_cx(|cx| {
            let t = localtime(cx, Args::positional(vec![int(1_700_000_000)]))?;
            asctime(cx, Args::positional(vec![t]))
        });
        assert_eq!(Some(c), a.expect("asctime").into_value());
    }

    #[test]
    fn timestamps_out_of_range_for_time_t() {
        let r = call(gmtime, vec![Obj::Value(Value::Float(1e300))]);
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) = r else { panic!("OverflowError") };
        assert_eq!(e.name, "OverflowError");
        let year_2100 = call(gmtime, vec![int(4_102_444_800)]);
        if std::mem::size_of::<libc::time_t>() == 8 {
            assert!(year_2100.is_ok());
        } else {
            assert!(year_2100.is_err());
        }
    }

    #[test]
    fn clocks_and_sleep() {
        let (a, b) = with_cx(|cx| {
            let a = monotonic_ns(cx, Args::default()).expect("clock");
            sleep(cx, Args::positional(vec![Obj::Value(Value::Float(0.02))])).expect("sleeps");
            (a, monotonic_ns(cx, Args::default()).expect("clock"))
        });
        let (Some(Value::Int(a)), Some(Value::Int(b))) = (a.into_value(), b.into_value()) else { panic!("ints") };
        assert!(b - a >= 20_000_000);
        let neg = call(sleep, vec![int(-1)]);
        assert!(matches!(neg, Err(rpyc_protocol::ExceptionPayload::Exception(e)) if e.name == "ValueError"));
        let Ok(Value::Float(now)) = call(time, vec![]) else { panic!("float") };
        assert!(now > 1.6e9);
    }

    #[test]
    fn zone_attributes_are_consistent() {
        let z = zones();
        assert!(z.timezone.abs() <= 48 * 3600);
        assert_eq!(z.daylight, z.timezone != z.altzone);
        assert!(!z.names.0.is_empty());
    }
}
