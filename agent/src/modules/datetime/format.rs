//! `strftime`, `__format__` and `ctime` of dates and times: CPython's
//! `wrap_strftime` (which expands `%z`, `%Z` and `%f` itself) in front of
//! `time.strftime` with the value's `timetuple()`.

use super::clock::Hms;
use super::date::Ymd;
use super::stamp::DateTime;
use super::tp_name;
use super::zone::{as_zone, offset_text};
use crate::objects::attr;
use crate::platform::time::Tm;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// What `wrap_strftime` needs of a value.
pub struct Parts {
    tm: Tm,
    us: i64,
    tz: Option<Py>,
}

fn tm_of(date: Ymd, hms: Hms) -> Tm {
    Tm {
        year: (date.year - 1900) as i32,
        mon: (date.month - 1) as i32,
        mday: date.day as i32,
        hour: hms.hour as i32,
        min: hms.minute as i32,
        sec: hms.second as i32,
        wday: ((date.weekday() + 1) % 7) as i32,
        yday: (date.yday() - 1) as i32,
        isdst: -1,
        gmtoff: 0,
        zone: None,
    }
}

impl Parts {
    pub fn of_date(date: Ymd) -> Parts {
        Parts { tm: tm_of(date, Hms::default()), us: 0, tz: None }
    }

    /// A `time`: its `timetuple` is 1900-01-01 at that time.
    pub fn of_time(hms: Hms, tz: Option<Py>) -> Parts {
        Parts { tm: tm_of(Ymd { year: 1900, month: 1, day: 1 }, hms), us: hms.us, tz }
    }

    pub fn of_datetime(d: &DateTime) -> Parts {
        Parts { tm: tm_of(d.date, d.hms), us: d.hms.us, tz: d.tz.clone() }
    }
}

/// A format argument: str only.
pub fn format_arg(func: &str, v: Py) -> PyResult<String> {
    match v {
        Py::Str(s) => Ok(s.to_string()),
        other => Err(exceptions::type_error(format!("{func}() argument 1 must be str, not {}", tp_name(&other)))),
    }
}

/// `wrap_strftime`: `%z`, `%Z` and `%f` expanded here (`%Z` with its `%`
/// doubled), the rest left to `time.strftime`.
pub fn strftime(_cx: &Cx, format: &str, parts: Parts) -> PyResult<Py> {
    let mut out = String::with_capacity(format.len() + 8);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            None => out.push('%'),
            Some('z') => {
                if let Some(z) = parts.tz.as_ref().and_then(as_zone) {
                    out.push_str(&offset_text(z.offset, ""));
                }
            }
            Some('Z') => {
                if let Some(tz) = &parts.tz {
                    if let Some(z) = as_zone(tz) {
                        out.push_str(&z.name_text(tz).replace('%', "%%"));
                    }
                }
            }
            Some('f') => out.push_str(&format!("{:06}", parts.us)),
            Some(other) => {
                out.push('%');
                out.push(other);
            }
        }
    }
    crate::modules::time::strftime_tm(&out, parts.tm).map(Py::str)
}

/// `__format__(fmt)`: `str(self)` for an empty format, else `strftime`.
pub fn format_slot(cx: &Cx, this: &Py, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return semantics::str(cx, this);
    }
    let r = attr::call_method(cx, this, "strftime", Args::one(Py::str(spec)))?;
    args::to_str("__format__", &r)
}

/// The `__format__` method.
pub fn dunder_format(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [spec] = args.bind("__format__", ["format"])?;
    match args::req(spec) {
        Py::Str(s) => format_slot(cx, this, &s).map(Py::str),
        other => Err(exceptions::type_error(format!("__format__() argument 1 must be str, not {}", tp_name(&other)))),
    }
}

/// `ctime()`: `Tue Jan  2 03:04:05 2024`.
pub fn ctime(date: Ymd, hour: i64, minute: i64, second: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {} {:2} {hour:02}:{minute:02}:{second:02} {:04}",
        DAYS[date.weekday() as usize],
        MONTHS[(date.month - 1) as usize],
        date.day,
        date.year
    )
}
