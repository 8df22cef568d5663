//! `datetime.datetime`: a date and a time of day, naive or with a
//! `timezone`, and `fold`. It derives from `date` (whose methods read its
//! date part); the methods here are the ones it has or overrides.

use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use super::clock::{Hms, Time};
use super::date::{struct_time, ymd_of, Date, Ymd, DATE};
use super::delta::{as_delta, Delta, US_PER_DAY};
use super::zone::{as_zone, offset_of, same_object, tz_arg, utc};
use super::{check_time, date_overflow, format, iso, local, opt_c_int, tp_name};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// A `datetime` object.
#[derive(Clone)]
pub struct DateTime {
    pub date: Ymd,
    pub hms: Hms,
    pub tz: Option<Py>,
    pub fold: u8,
}

pub static DATETIME: LazyLock<TypeRef> = LazyLock::new(|| {
    let min = DateTime::midnight(Ymd { year: 1, month: 1, day: 1 });
    let max = DateTime {
        date: Ymd { year: 9999, month: 12, day: 31 },
        hms: Hms { hour: 23, minute: 59, second: 59, us: 999_999 },
        tz: None,
        fold: 0,
    };
    let attrs = vec![
        ("min".into(), min.value()),
        ("max".into(), max.value()),
        ("resolution".into(), Delta { days: 0, seconds: 0, us: 1 }.value()),
    ];
    Type::native_with_attrs("datetime", "datetime", Some(&DATE), &METHODS, Some(datetime_new), attrs)
});

static METHODS: [Method; 38] = [
    method("__add__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, false)),
    method("__radd__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, true)),
    method("__sub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, false)),
    method("__rsub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, true)),
    property("hour", |_, this, _| Ok(Py::Int(of(this)?.hms.hour))),
    property("minute", |_, this, _| Ok(Py::Int(of(this)?.hms.minute))),
    property("second", |_, this, _| Ok(Py::Int(of(this)?.hms.second))),
    property("microsecond", |_, this, _| Ok(Py::Int(of(this)?.hms.us))),
    property("tzinfo", |_, this, _| Ok(of(this)?.tz.clone().unwrap_or(Py::None))),
    property("fold", |_, this, _| Ok(Py::Int(of(this)?.fold.into()))),
    class_method("now", now),
    class_method("utcnow", utcnow),
    class_method("today", |_, _, args| {
        args.none("today")?;
        today_of_class()
    }),
    class_method("fromtimestamp", fromtimestamp),
    class_method("utcfromtimestamp", utcfromtimestamp),
    class_method("fromisoformat", fromisoformat),
    class_method("combine", combine),
    class_method("strptime", strptime),
    method("date", |_, this, args| {
        args.none("date")?;
        Ok(Date::value(of(this)?.date))
    }),
    method("time", |_, this, args| {
        args.none("time")?;
        let d = of(this)?;
        Ok(Time { hms: d.hms, tz: None, fold: d.fold }.value())
    }),
    method("timetz", |_, this, args| {
        args.none("timetz")?;
        let d = of(this)?;
        Ok(Time { hms: d.hms, tz: d.tz.clone(), fold: d.fold }.value())
    }),
    method("ctime", |_, this, args| {
        args.none("ctime")?;
        let d = of(this)?;
        Ok(Py::str(format::ctime(d.date, d.hms.hour, d.hms.minute, d.hms.second)))
    }),
    method("timetuple", |_, this, args| {
        args.none("timetuple")?;
        let d = of(this)?;
        Ok(struct_time(d.date, (d.hms.hour, d.hms.minute, d.hms.second), -1))
    }),
    method("utctimetuple", utctimetuple),
    method("timestamp", timestamp),
    method("isoformat", isoformat),
    method("strftime", strftime),
    method("__format__", format::dunder_format),
    method("utcoffset", |_, this, args| {
        args.none("utcoffset")?;
        Ok(offset_of(&of(this)?.tz).map_or(Py::None, Delta::value))
    }),
    method("dst", |_, this, args| {
        args.none("dst")?;
        of(this)?;
        Ok(Py::None)
    }),
    method("tzname", |_, this, args| {
        args.none("tzname")?;
        Ok(match &of(this)?.tz {
            Some(tz) => Py::str(as_zone(tz).map(|z| z.name_text(tz)).unwrap_or_default()),
            None => Py::None,
        })
    }),
    method("replace", replace),
    method("astimezone", astimezone),
    method("__reduce__", reduce),
    method("__reduce_ex__", |cx, this, _| reduce(cx, this, Args::default())),
    method("__bool__", |_, _, _| Ok(Py::Bool(true))),
    method("toordinal", |_, this, args| {
        args.none("toordinal")?;
        Ok(Py::Int(ymd_of(this)?.ordinal()))
    }),
    method("weekday", |_, this, args| {
        args.none("weekday")?;
        Ok(Py::Int(ymd_of(this)?.weekday()))
    }),
];

/// The datetime behind a value, if it is one.
pub fn as_datetime(v: &Py) -> Option<&DateTime> {
    v.downcast::<DateTime>()
}

fn of(this: &Py) -> PyResult<&DateTime> {
    as_datetime(this).ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'datetime.datetime' object but received a '{}'",
            tp_name(this)
        ))
    })
}

impl DateTime {
    pub fn midnight(date: Ymd) -> DateTime {
        DateTime { date, hms: Hms::default(), tz: None, fold: 0 }
    }

    pub fn value(self) -> Py {
        Py::obj(self)
    }

    /// The wall clock in microseconds, counted as CPython's
    /// `utc_to_seconds` counts (day `ordinal` starts at `ordinal` days).
    pub fn wall_us(&self) -> i128 {
        i128::from(self.date.ordinal()) * US_PER_DAY + self.hms.total_us()
    }

    /// The wall time of a [`wall_us`](DateTime::wall_us) count, with this
    /// zone; `date value out of range` outside the supported years.
    pub fn from_wall_us(us: i128, tz: Option<Py>) -> PyResult<DateTime> {
        let days = us.div_euclid(US_PER_DAY);
        let rest = us.rem_euclid(US_PER_DAY) as i64;
        let date = Ymd::from_ordinal(i64::try_from(days).map_err(|_| date_overflow())?)?;
        let secs = rest / 1_000_000;
        let hms = Hms { hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60, us: rest % 1_000_000 };
        Ok(DateTime { date, hms, tz, fold: 0 })
    }

    /// `add_datetime_timedelta`: the wall time moved by `factor * delta`,
    /// the zone kept, fold 0.
    pub fn add(&self, delta: Delta, factor: i128) -> PyResult<DateTime> {
        DateTime::from_wall_us(self.wall_us() + factor * delta.total_us(), self.tz.clone())
    }

    /// The pickle state (fold in the month's high bit).
    fn state(&self) -> Vec<u8> {
        let mut s = self.date.state().to_vec();
        if self.fold != 0 {
            s[2] |= 0x80;
        }
        let t = self.hms.state();
        s.extend_from_slice(&t);
        s
    }

    fn offset(&self) -> Option<Delta> {
        offset_of(&self.tz)
    }
}

/// `datetime(year, month, day, hour=0, minute=0, second=0,
/// microsecond=0, tzinfo=None, *, fold=0)`, or the pickle state.
fn datetime_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if let (Some(Py::Bytes(b)), true) = (args.pos.first(), args.kw.is_empty()) {
        if b.len() == 10 && (1..=12).contains(&(b[2] & 0x7f)) && args.pos.len() <= 2 {
            let tz = tz_arg(args.pos.get(1).cloned())?;
            let date =
                Ymd { year: i64::from(b[0]) * 256 + i64::from(b[1]), month: (b[2] & 0x7f).into(), day: b[3].into() };
            let hms = Hms {
                hour: b[4].into(),
                minute: b[5].into(),
                second: b[6].into(),
                us: (i64::from(b[7]) << 16) | (i64::from(b[8]) << 8) | i64::from(b[9]),
            };
            return Ok(DateTime { date, hms, tz, fold: u8::from(b[2] & 0x80 != 0) }.value());
        }
    }
    let [year, month, day, hour, minute, second, us, tzinfo, fold] = args.bind(
        "datetime",
        ["year", "month", "day", "hour?", "minute?", "second?", "microsecond?", "tzinfo?", "$fold?"],
    )?;
    let int = |v: Option<Py>| super::c_int(&args::req(v));
    let (y, m, d) = (int(year)?, int(month)?, int(day)?);
    let hms = Hms {
        hour: opt_c_int(hour.as_ref(), 0)?,
        minute: opt_c_int(minute.as_ref(), 0)?,
        second: opt_c_int(second.as_ref(), 0)?,
        us: opt_c_int(us.as_ref(), 0)?,
    };
    let fold = opt_c_int(fold.as_ref(), 0)?;
    let date = Ymd::new(y, m, d)?;
    check_time(hms.hour, hms.minute, hms.second, hms.us, fold)?;
    let tz = tz_arg(tzinfo)?;
    Ok(DateTime { date, hms, tz, fold: fold as u8 }.value())
}

/// `datetime_from_timet_and_us`: the local (with fold) or UTC wall time
/// of a timestamp.
fn from_timestamp(secs: i64, us: i64, utc_fields: bool, tz: Option<Py>) -> PyResult<DateTime> {
    let tm = if utc_fields { local::gmtime(secs)? } else { local::localtime(secs)? };
    let (year, month, day, hour, minute, second) = tm;
    let second = second.min(59);
    let date = Ymd::new(year, month, day)?;
    let hms = Hms { hour, minute, second, us };
    let mut fold = 0;
    if tz.is_none() && !utc_fields {
        fold = local::detect_fold(secs, date, hms)?;
    }
    Ok(DateTime { date, hms, tz, fold })
}

/// `tz.fromutc(dt.replace(tzinfo=tz))` for a UTC wall time.
fn to_zone(utc_wall: DateTime, tz: Py) -> PyResult<DateTime> {
    let off = as_zone(&tz).map(|z| z.offset).unwrap_or_default();
    let mut shifted = utc_wall.add(off, 1)?;
    shifted.tz = Some(tz);
    Ok(shifted)
}

fn now_of(tz: Option<Py>) -> PyResult<Py> {
    let (secs, us) = local::now_floor_us()?;
    match tz {
        None => Ok(from_timestamp(secs, us, false, None)?.value()),
        Some(tz) => Ok(to_zone(from_timestamp(secs, us, true, None)?, tz)?.value()),
    }
}

fn now(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [tz] = args.bind("now", ["tz?"])?;
    now_of(tz_arg(tz)?)
}

fn utcnow(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    args.none("utcnow")?;
    let (secs, us) = local::now_floor_us()?;
    Ok(from_timestamp(secs, us, true, None)?.value())
}

/// `datetime.today()`: `fromtimestamp(time.time())`.
pub fn today_of_class() -> PyResult<Py> {
    let (secs, us) = local::time_t_and_us(&Py::Float(local::now_float()?))?;
    Ok(from_timestamp(secs, us, false, None)?.value())
}

fn fromtimestamp(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [t, tz] = args.bind("fromtimestamp", ["timestamp", "tz?"])?;
    let tz = tz_arg(tz)?;
    let (secs, us) = local::time_t_and_us(&args::req(t))?;
    match tz {
        None => Ok(from_timestamp(secs, us, false, None)?.value()),
        Some(tz) => Ok(to_zone(from_timestamp(secs, us, true, None)?, tz)?.value()),
    }
}

fn utcfromtimestamp(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [t] = args.bind("utcfromtimestamp", ["timestamp"])?;
    let (secs, us) = local::time_t_and_us(&args::req(t))?;
    Ok(from_timestamp(secs, us, true, None)?.value())
}

fn fromisoformat(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [s] = args.bind("fromisoformat", ["date_string"])?;
    let s = args::req(s);
    let Py::Str(text) = &s else {
        return Err(exceptions::type_error("fromisoformat: argument must be str"));
    };
    let (date, parsed) = iso::parse_datetime(text).ok_or_else(|| iso::invalid(cx, &s))?;
    let tz = match &parsed {
        Some(p) => p.zone()?,
        None => None,
    };
    let hms = parsed.map(|p| p.hms).unwrap_or_default();
    let date = Ymd::new(date.0, date.1, date.2)?;
    check_time(hms.hour, hms.minute, hms.second, hms.us, 0)?;
    Ok(DateTime { date, hms, tz, fold: 0 }.value())
}

/// `combine(date, time, tzinfo=time.tzinfo)`.
fn combine(_cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [date, time, tzinfo] = args.bind("combine", ["date", "time", "tzinfo?"])?;
    let (date, time) = (args::req(date), args::req(time));
    let Ok(ymd) = ymd_of(&date) else {
        return Err(exceptions::type_error(format!(
            "combine() argument 1 must be datetime.date, not {}",
            tp_name(&date)
        )));
    };
    let Some(t) = time.downcast::<Time>() else {
        return Err(exceptions::type_error(format!(
            "combine() argument 2 must be datetime.time, not {}",
            tp_name(&time)
        )));
    };
    let tz = match tzinfo {
        None => t.tz.clone(),
        given => tz_arg(given)?,
    };
    Ok(DateTime { date: ymd, hms: t.hms, tz, fold: t.fold }.value())
}

/// `strptime(date_string, format)`: `_strptime._strptime_datetime`.
fn strptime(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [string, fmt] = args.bind("strptime", ["date_string", "format"])?;
    let (string, fmt) = (args::req(string), args::req(fmt));
    let (Py::Str(s), Py::Str(f)) = (&string, &fmt) else {
        let bad = if string.as_str().is_none() { &string } else { &fmt };
        return Err(exceptions::type_error(format!("strptime() argument 1 must be str, not {}", tp_name(bad))));
    };
    let parsed = crate::modules::time::strptime_fields(cx, s, f)?;
    let date = Ymd::new(parsed.year, parsed.month, parsed.day)?;
    let hms = Hms { hour: parsed.hour, minute: parsed.minute, second: parsed.second, us: parsed.fraction };
    check_time(hms.hour, hms.minute, hms.second, hms.us, 0)?;
    let tz = match parsed.gmtoff {
        None => None,
        Some(off) => {
            let delta = Delta::from_us(i128::from(off) * 1_000_000 + i128::from(parsed.gmtoff_fraction))?;
            let name = parsed.tzname.filter(|n| !n.is_empty()).map(Arc::from);
            Some(super::zone::new_zone(delta, name)?)
        }
    };
    Ok(DateTime { date, hms, tz, fold: 0 }.value())
}

fn utctimetuple(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("utctimetuple")?;
    let d = of(this)?;
    let d = match d.offset() {
        Some(off) => d.add(off, -1)?,
        None => d.clone(),
    };
    Ok(struct_time(d.date, (d.hms.hour, d.hms.minute, d.hms.second), 0))
}

fn timestamp(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("timestamp")?;
    let d = of(this)?;
    match d.offset() {
        Some(off) => {
            let us = d.wall_us() - off.total_us() - local::EPOCH_US;
            let us = num_bigint::BigInt::from(us);
            Ok(Py::Float(semantics::num::true_div(&us, &num_bigint::BigInt::from(1_000_000))?))
        }
        None => {
            let seconds = local::local_to_seconds(d.date, d.hms, d.fold)?;
            Ok(Py::Float((seconds - local::EPOCH) as f64 + d.hms.us as f64 / 1e6))
        }
    }
}

fn isoformat(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [sep, timespec] = args.bind("isoformat", ["sep?", "timespec?"])?;
    let d = of(this)?;
    let sep = match &sep {
        None => 'T',
        Some(Py::Str(s)) if s.chars().count() == 1 => s.chars().next().unwrap_or('T'),
        Some(other) => {
            return Err(exceptions::type_error(format!(
                "isoformat() argument 1 must be a unicode character, not {}",
                tp_name(other)
            )))
        }
    };
    let spec = match &timespec {
        None => "auto".to_owned(),
        Some(v) => args::to_str("isoformat", v)?,
    };
    Ok(Py::str(iso::datetime_text(d, sep, &spec)?))
}

fn strftime(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [f] = args.bind("strftime", ["format"])?;
    let f = format::format_arg("strftime", args::req(f))?;
    let d = of(this)?;
    format::strftime(cx, &f, format::Parts::of_datetime(d))
}

fn replace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let d = of(this)?;
    let [year, month, day, hour, minute, second, us, tzinfo, fold] = args.bind(
        "replace",
        ["year?", "month?", "day?", "hour?", "minute?", "second?", "microsecond?", "tzinfo?", "$fold?"],
    )?;
    let date = Ymd::new(
        opt_c_int(year.as_ref(), d.date.year)?,
        opt_c_int(month.as_ref(), d.date.month)?,
        opt_c_int(day.as_ref(), d.date.day)?,
    )?;
    let hms = Hms {
        hour: opt_c_int(hour.as_ref(), d.hms.hour)?,
        minute: opt_c_int(minute.as_ref(), d.hms.minute)?,
        second: opt_c_int(second.as_ref(), d.hms.second)?,
        us: opt_c_int(us.as_ref(), d.hms.us)?,
    };
    let fold = opt_c_int(fold.as_ref(), d.fold.into())?;
    check_time(hms.hour, hms.minute, hms.second, hms.us, fold)?;
    let tz = match tzinfo {
        None => d.tz.clone(),
        given => tz_arg(given)?,
    };
    Ok(DateTime { date, hms, tz, fold: fold as u8 }.value())
}

/// `astimezone(tz=None)`: to UTC by the own offset (the local zone's for a
/// naive value), then to `tz` (the local zone of that instant when None).
fn astimezone(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [tz] = args.bind("astimezone", ["tz?"])?;
    let target = tz_arg(tz)?;
    let d = of(this)?;
    if let (Some(own), Some(t)) = (&d.tz, &target) {
        if same_object(own, t) {
            return Ok(this.clone());
        }
    }
    let own_offset = match d.offset() {
        Some(off) => off,
        None => {
            let zone = local::zone_of_local(d.date, d.hms, d.fold)?;
            as_zone(&zone).map(|z| z.offset).unwrap_or_default()
        }
    };
    let mut utc_wall = d.add(own_offset, -1)?;
    utc_wall.tz = Some(utc());
    let target = match target {
        Some(t) => t,
        None => local::zone_at_utc(&utc_wall)?,
    };
    utc_wall.tz = None;
    Ok(to_zone(utc_wall, target)?.value())
}

fn reduce(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let d = of(this)?;
    let mut state = d.date.state().to_vec();
    state.extend_from_slice(&d.hms.state());
    let mut args = vec![Py::bytes(state)];
    if let Some(tz) = &d.tz {
        args.push(tz.clone());
    }
    Ok(Py::tuple(vec![Py::Obj(DATETIME.clone()), Py::tuple(args)]))
}

/// `datetime - datetime`, with CPython's naive/aware rule.
fn subtract(a: &DateTime, b: &DateTime) -> PyResult<Delta> {
    let same_zone = match (&a.tz, &b.tz) {
        (Some(x), Some(y)) => same_object(x, y),
        (None, None) => true,
        _ => false,
    };
    let (o1, o2) = if same_zone { (None, None) } else { (a.offset(), b.offset()) };
    if o1.is_some() != o2.is_some() {
        return Err(exceptions::type_error("can't subtract offset-naive and offset-aware datetimes"));
    }
    let mut us = a.wall_us() - b.wall_us();
    if let (Some(x), Some(y)) = (o1, o2) {
        us -= x.total_us() - y.total_us();
    }
    Delta::from_us(us)
}

/// `datetime_richcompare`'s ordering, `None` for a naive and an aware one.
fn compare(a: &DateTime, b: &DateTime) -> PyResult<Option<std::cmp::Ordering>> {
    let fields = |d: &DateTime| (d.date, d.hms);
    let same_zone = match (&a.tz, &b.tz) {
        (Some(x), Some(y)) => same_object(x, y),
        (None, None) => true,
        _ => false,
    };
    if same_zone {
        return Ok(Some(fields(a).cmp(&fields(b))));
    }
    match (a.offset(), b.offset()) {
        (Some(x), Some(y)) if x == y => Ok(Some(fields(a).cmp(&fields(b)))),
        (Some(_), Some(_)) => Ok(Some(subtract(a, b)?.cmp(&Delta::ZERO))),
        _ => Ok(None),
    }
}

impl PyObject for DateTime {
    fn ty(&self) -> TypeRef {
        DATETIME.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Ymd { year, month, day } = self.date;
        let Hms { hour, minute, second, us } = self.hms;
        let mut s = if us != 0 {
            format!("datetime.datetime({year}, {month}, {day}, {hour}, {minute}, {second}, {us}")
        } else if second != 0 {
            format!("datetime.datetime({year}, {month}, {day}, {hour}, {minute}, {second}")
        } else {
            format!("datetime.datetime({year}, {month}, {day}, {hour}, {minute}")
        };
        if self.fold != 0 {
            s.push_str(", fold=1");
        }
        if let Some(tz) = &self.tz {
            s.push_str(&format!(", tzinfo={}", semantics::repr(cx, tz)?));
        }
        s.push(')');
        Ok(s)
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        iso::datetime_text(self, ' ', "auto")
    }
    fn format(&self, this: &ObjRef, spec: &str, cx: &Cx) -> PyResult<Option<String>> {
        format::format_slot(cx, &Py::Obj(this.clone()), spec).map(Some)
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        match self.offset() {
            None => {
                let mut state = self.date.state().to_vec();
                state.extend_from_slice(&self.hms.state());
                semantics::hash(cx, &Py::bytes(state)).map(Some)
            }
            Some(off) => {
                let us = i128::from(self.date.ordinal()) * US_PER_DAY + self.hms.total_us() - off.total_us();
                Ok(Some(Delta::from_us(us)?.hash()))
            }
        }
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = as_datetime(other) else {
            if super::date::as_date(other).is_some() {
                return match op {
                    CmpOp::Eq => Ok(Some(false)),
                    CmpOp::Ne => Ok(Some(true)),
                    _ => Err(exceptions::type_error("can't compare datetime.datetime to datetime.date")),
                };
            }
            return Ok(None);
        };
        match compare(self, o)? {
            Some(ord) => Ok(Some(op.holds(ord))),
            None => match op {
                CmpOp::Eq => Ok(Some(false)),
                CmpOp::Ne => Ok(Some(true)),
                _ => Err(exceptions::type_error("can't compare offset-naive and offset-aware datetimes")),
            },
        }
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(d) = as_delta(other) {
            return Ok(match (op, reflected) {
                (BinOp::Add, _) => Some(self.add(d, 1)?.value()),
                (BinOp::Sub, false) => Some(self.add(d, -1)?.value()),
                _ => None,
            });
        }
        if let (BinOp::Sub, Some(o)) = (op, as_datetime(other)) {
            let (a, b) = if reflected { (o, self) } else { (self, o) };
            return Ok(Some(subtract(a, b)?.value()));
        }
        Ok(None)
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let mut args = vec![Value::Bytes(self.state())];
        if let Some(tz) = &self.tz {
            args.push(semantics::to_value(cx, tz)?);
        }
        Ok(Some(Value::Record(Box::new(Record { class: "datetime.datetime".into(), args, state: None }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.tz.iter().cloned().collect()
    }
}
