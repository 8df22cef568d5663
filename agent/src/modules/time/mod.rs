//! `time`: clocks, `struct_time` conversions and formatting through the C
//! library, the way CPython 3.11 does it on Linux (so `%a`, `%Z` and
//! friends come out the same: the C locale's names, the libc's zones), and
//! `strptime` as CPython's `_strptime` parses. `time_t` is the target's:
//! 32-bit targets refuse timestamps past 2038 with CPython's
//! OverflowError.

pub mod dates;
pub mod strftime;
mod strptime;
mod struct_time;

use std::time::{Duration, Instant};

use crate::objects::module::{b, f, ModuleDef};
use crate::objects::record::{RecordKind, RecordObj};
use crate::platform::time::{self as clock, Tm};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub use struct_time::{c_int, STRUCT_TIME};

pub static MODULE: ModuleDef = ModuleDef {
    name: "time",
    type_name: "time",
    doc: "Time access and conversions: clocks, struct_time, strftime and strptime.",
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
        f("clock_getres", clock_getres),
        f("get_clock_info", get_clock_info),
        f("localtime", localtime),
        f("gmtime", gmtime),
        f("mktime", mktime),
        f("asctime", asctime),
        f("ctime", ctime),
        f("strftime", strftime),
        f("strptime", strptime),
        f("tzset", tzset),
    ],
    attr,
    attr_names: &[
        "timezone",
        "altzone",
        "daylight",
        "tzname",
        "struct_time",
        "CLOCK_REALTIME",
        "CLOCK_MONOTONIC",
        "CLOCK_MONOTONIC_RAW",
        "CLOCK_PROCESS_CPUTIME_ID",
        "CLOCK_THREAD_CPUTIME_ID",
        "CLOCK_BOOTTIME",
        "CLOCK_TAI",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let int = |n: i32| Some(Ok(Py::Int(n.into())));
    match name {
        "timezone" => Some(Ok(Py::Int(zones().timezone))),
        "altzone" => Some(Ok(Py::Int(zones().altzone))),
        "daylight" => Some(Ok(Py::Int(zones().daylight.into()))),
        "tzname" => {
            let (std, dst) = zones().names;
            Some(Ok(Py::tuple(vec![Py::str(std), Py::str(dst)])))
        }
        "struct_time" => Some(Ok(type_value(&STRUCT_TIME))),
        "_STRUCT_TM_ITEMS" => Some(Ok(Py::Int(11))),
        "CLOCK_REALTIME" => int(clock::CLOCK_REALTIME),
        "CLOCK_MONOTONIC" => int(clock::CLOCK_MONOTONIC),
        "CLOCK_MONOTONIC_RAW" => int(clock::CLOCK_MONOTONIC_RAW),
        "CLOCK_PROCESS_CPUTIME_ID" => int(clock::CLOCK_PROCESS_CPUTIME_ID),
        "CLOCK_THREAD_CPUTIME_ID" => int(clock::CLOCK_THREAD_CPUTIME_ID),
        "CLOCK_BOOTTIME" => int(clock::CLOCK_BOOTTIME),
        "CLOCK_TAI" => int(clock::CLOCK_TAI),
        _ => None,
    }
}

// ---------------------------------------------------------------- clocks

fn clock_ns(id: i32) -> PyResult<i64> {
    clock::clock_ns(id).map_err(|e| exceptions::os_error(&e, None))
}

/// Seconds as CPython's `_PyTime_AsSecondsDouble` gives them.
fn secs(ns: i64) -> Py {
    Py::Float(if ns % 1_000_000_000 == 0 { (ns / 1_000_000_000) as f64 } else { ns as f64 / 1e9 })
}

fn time(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("time")?;
    Ok(secs(clock_ns(clock::CLOCK_REALTIME)?))
}

fn time_ns(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("time_ns")?;
    Ok(Py::Int(clock_ns(clock::CLOCK_REALTIME)?))
}

/// `monotonic` and `perf_counter` (the same clock in CPython on Linux).
fn monotonic(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("monotonic")?;
    Ok(secs(clock_ns(clock::CLOCK_MONOTONIC)?))
}

fn monotonic_ns(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("monotonic_ns")?;
    Ok(Py::Int(clock_ns(clock::CLOCK_MONOTONIC)?))
}

/// CPU time of the agent process.
fn process_time(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("process_time")?;
    Ok(secs(clock_ns(clock::CLOCK_PROCESS_CPUTIME_ID)?))
}

fn process_time_ns(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("process_time_ns")?;
    Ok(Py::Int(clock_ns(clock::CLOCK_PROCESS_CPUTIME_ID)?))
}

/// CPU time of the agent thread serving the call.
fn thread_time(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("thread_time")?;
    Ok(secs(clock_ns(clock::CLOCK_THREAD_CPUTIME_ID)?))
}

fn thread_time_ns(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("thread_time_ns")?;
    Ok(Py::Int(clock_ns(clock::CLOCK_THREAD_CPUTIME_ID)?))
}

fn clock_id(func: &str, args: Args) -> PyResult<i32> {
    let [id] = args.bind(func, ["clk_id"])?;
    struct_time::c_int(&args::req(id))
}

fn clock_gettime(_cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(secs(clock_ns(clock_id("clock_gettime", args)?)?))
}

fn clock_gettime_ns(_cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(Py::Int(clock_ns(clock_id("clock_gettime_ns", args)?)?))
}

fn clock_getres(_cx: &Cx, args: Args) -> PyResult<Py> {
    let id = clock_id("clock_getres", args)?;
    let ns = clock::clock_res_ns(id).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(Py::Float(ns as f64 * 1e-9))
}

/// `get_clock_info(name)`: a `namespace(implementation, monotonic,
/// adjustable, resolution)` of the clock behind each function.
fn get_clock_info(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name] = args.bind("get_clock_info", ["name"])?;
    let name = args::to_str("get_clock_info", &args::req(name))?;
    let (id, implementation, monotonic) = match name.as_str() {
        "time" => (clock::CLOCK_REALTIME, "clock_gettime(CLOCK_REALTIME)", false),
        "monotonic" | "perf_counter" => (clock::CLOCK_MONOTONIC, "clock_gettime(CLOCK_MONOTONIC)", true),
        "process_time" => (clock::CLOCK_PROCESS_CPUTIME_ID, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)", true),
        "thread_time" => (clock::CLOCK_THREAD_CPUTIME_ID, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)", true),
        _ => return Err(exceptions::value_error("unknown clock")),
    };
    let ns = clock::clock_res_ns(id).map_err(|e| exceptions::os_error(&e, None))?;
    let fields = vec![
        ("implementation", Py::str(implementation)),
        ("monotonic", Py::Bool(monotonic)),
        ("adjustable", Py::Bool(!monotonic)),
        ("resolution", Py::Float(ns as f64 * 1e-9)),
    ];
    Ok(RecordObj::new(&crate::modules::sys::NAMESPACE_TYPE, RecordKind::Plain, fields))
}

/// `sleep(secs)`: blocks this call (it runs on the blocking pool), in
/// slices so it ends early if the client's connection closes.
fn sleep(cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("sleep", ["secs"])?;
    let s = args::req(s);
    let too_large = || exceptions::overflow_error("timestamp too large to convert to C _PyTime_t");
    let secs = match &s {
        Py::BigInt(_) => return Err(too_large()),
        other => match semantics::float_value(other) {
            Some(x) => x?,
            None => {
                return Err(exceptions::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    semantics::type_name(other)
                )))
            }
        },
    };
    if secs.is_nan() {
        return Err(exceptions::value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(exceptions::value_error("sleep length must be non-negative"));
    }
    let d = Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| d.as_secs() < i64::MAX as u64 / 1_000_000_000)
        .ok_or_else(too_large)?;
    sleep_for(cx, d)?;
    Ok(Py::None)
}

/// Waits `d` on this (blocking-pool) thread, in slices so the wait ends
/// with `KeyboardInterrupt` once the client's connection has closed.
pub fn sleep_for(cx: &Cx, d: Duration) -> PyResult<()> {
    let deadline = Instant::now().checked_add(d);
    loop {
        cx.check_interrupt()?;
        let left = match deadline {
            Some(end) => end.saturating_duration_since(Instant::now()),
            None => Duration::MAX,
        };
        if left.is_zero() {
            return Ok(());
        }
        std::thread::sleep(left.min(Duration::from_millis(100)));
    }
}

// ---------------------------------------------------------------- struct_time

/// A `secs` argument (None: now), floored like CPython's `_PyTime_ROUND_FLOOR`.
fn timestamp(v: Option<&Py>) -> PyResult<i64> {
    let out_of_range = || exceptions::overflow_error("timestamp out of range for platform time_t");
    let t = match v {
        None | Some(Py::None) => clock_ns(clock::CLOCK_REALTIME)?.div_euclid(1_000_000_000),
        Some(Py::Float(x)) => {
            if x.is_nan() {
                return Err(exceptions::value_error("Invalid value NaN (not a number)"));
            }
            let x = x.floor();
            if !(-9.2e18..9.2e18).contains(&x) {
                return Err(out_of_range());
            }
            x as i64
        }
        Some(v) => match semantics::index_value(v) {
            Some(Py::Int(n)) => n,
            Some(_) => return Err(out_of_range()),
            None => {
                return Err(exceptions::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    semantics::type_name(v)
                )))
            }
        },
    };
    if !clock::fits_time_t(t) {
        return Err(out_of_range());
    }
    Ok(t)
}

fn broken_down(t: i64, local: bool) -> PyResult<Tm> {
    let tm = if local { clock::localtime(t) } else { clock::gmtime(t) };
    tm.map_err(|e| exceptions::os_error(&e, None))
}

fn localtime(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("localtime", ["seconds?"])?;
    Ok(struct_time::from_tm(&broken_down(timestamp(s.as_ref())?, true)?))
}

fn gmtime(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("gmtime", ["seconds?"])?;
    Ok(struct_time::from_tm(&broken_down(timestamp(s.as_ref())?, false)?))
}

/// The time argument of asctime/strftime: given and checked, or now.
fn checked_or_now(cx: &Cx, func: &str, t: Option<Py>) -> PyResult<Tm> {
    match t {
        None => broken_down(timestamp(None)?, true),
        Some(t) => {
            let mut tm = struct_time::time_arg(cx, func, &t)?;
            struct_time::checktm(&mut tm)?;
            Ok(tm)
        }
    }
}

fn mktime(cx: &Cx, args: Args) -> PyResult<Py> {
    let [t] = args.bind("mktime", ["t"])?;
    let tm = struct_time::time_arg(cx, "mktime", &args::req(t))?;
    match clock::mktime(&tm) {
        Some(t) => Ok(Py::Float(t as f64)),
        None => Err(exceptions::overflow_error("mktime argument out of range")),
    }
}

fn asctime(cx: &Cx, args: Args) -> PyResult<Py> {
    let [t] = args.bind("asctime", ["t?"])?;
    Ok(Py::str(struct_time::asctime_text(&checked_or_now(cx, "asctime", t)?)))
}

fn ctime(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [s] = args.bind("ctime", ["seconds?"])?;
    let tm = broken_down(timestamp(s.as_ref())?, true)?;
    Ok(Py::str(struct_time::asctime_text(&tm)))
}

fn strftime(cx: &Cx, args: Args) -> PyResult<Py> {
    let [format, t] = args.bind("strftime", ["format", "t?"])?;
    let format = args::to_str("strftime", &args::req(format))?;
    let mut tm = checked_or_now(cx, "strftime", t)?;
    // As CPython: a %Z that trusts tm_isdst to be -1, 0 or 1 stays safe.
    tm.isdst = tm.isdst.clamp(-1, 1);
    Ok(Py::str(strftime_tm(&format, tm)?))
}

/// `strptime(string, format='%a %b %d %H:%M:%S %Y')`.
fn strptime(cx: &Cx, args: Args) -> PyResult<Py> {
    let [string, format] = args.bind("strptime", ["string", "format?"])?;
    let string = args::req(string);
    let format = format.unwrap_or_else(|| Py::str("%a %b %d %H:%M:%S %Y"));
    for (i, v) in [&string, &format].into_iter().enumerate() {
        if v.as_str().is_none() {
            let class = semantics::repr(cx, &crate::objects::type_value_of(v))?;
            return Err(exceptions::type_error(format!("strptime() argument {i} must be str, not {class}")));
        }
    }
    let parsed = strptime_fields(cx, string.as_str().unwrap_or_default(), format.as_str().unwrap_or_default())?;
    Ok(parsed.into_struct_time())
}

/// `_strptime._strptime`: the fields `time.strptime` and
/// `datetime.strptime` build on.
pub fn strptime_fields(cx: &Cx, text: &str, format: &str) -> PyResult<strptime::Parsed> {
    let z = zones();
    let names = strptime::ZoneNames { tzname: z.names, daylight: z.daylight };
    strptime::strptime(cx, text, format, &names)
}

/// A `time.struct_time` of 9 to 11 values.
pub fn make_struct_time(values: Vec<Py>) -> Py {
    struct_time::make(values)
}

/// `time.strftime` of a checked broken-down time: glibc's formatting
/// ([`strftime`]) with the local zone's names for `%Z`.
pub fn strftime_tm(format: &str, tm: Tm) -> PyResult<String> {
    if format.contains('\0') {
        return Err(exceptions::value_error("embedded null character"));
    }
    let z = zones();
    Ok(strftime::format(format, &tm, &strftime::ZoneNames { std: &z.names.0, dst: &z.names.1 }))
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
    let now = clock::clock_ns(clock::CLOCK_REALTIME).unwrap_or(0).div_euclid(1_000_000_000);
    let t = now / YEAR * YEAR;
    let probe = |t: i64| -> (i64, String) {
        match clock::localtime(t) {
            Ok(tm) => {
                // CPython keeps at most 9 bytes of a zone name.
                let zone = tm.zone.unwrap_or_else(|| "   ".to_owned());
                let cut = (0..=zone.len().min(9)).rev().find(|i| zone.is_char_boundary(*i)).unwrap_or(0);
                (-tm.gmtoff, zone[..cut].to_owned())
            }
            Err(_) => (0, "UTC".to_owned()),
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
fn tzset(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("tzset")?;
    clock::reset_zone();
    Ok(Py::None)
}

#[cfg(test)]
mod tests;
