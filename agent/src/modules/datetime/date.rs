//! `datetime.date`: a day of the proleptic Gregorian calendar, years 1 to
//! 9999. `datetime` derives from it, so the methods here serve both where
//! `datetime` does not override them (they read the date part of either).

use std::sync::LazyLock;

use rpyc_protocol::{Record, Value};

use super::delta::{as_delta, Delta};
use super::stamp::{as_datetime, DATETIME};
use super::{check_date, date_overflow, format, iso, local, opt_c_int, tp_name, MAXORDINAL};
use crate::modules::time::dates;
use crate::objects::tuple::TUPLE;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{as_type, class_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// A valid calendar day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ymd {
    pub year: i64,
    pub month: i64,
    pub day: i64,
}

impl Ymd {
    pub fn new(year: i64, month: i64, day: i64) -> PyResult<Ymd> {
        check_date(year, month, day)?;
        Ok(Ymd { year, month, day })
    }

    pub fn ordinal(&self) -> i64 {
        dates::ymd_to_ord(self.year, self.month, self.day)
    }

    /// The day of an ordinal, `date value out of range` outside 1..=MAXORDINAL.
    pub fn from_ordinal(n: i64) -> PyResult<Ymd> {
        if !(1..=MAXORDINAL).contains(&n) {
            return Err(date_overflow());
        }
        let (year, month, day) = dates::ord_to_ymd(n);
        Ok(Ymd { year, month, day })
    }

    /// Monday is 0.
    pub fn weekday(&self) -> i64 {
        (self.ordinal() + 6) % 7
    }

    /// Day of the year, from 1.
    pub fn yday(&self) -> i64 {
        dates::days_before_month(self.year, self.month) + self.day
    }

    /// The day `days` later, within the supported years.
    pub fn plus_days(&self, days: i64) -> PyResult<Ymd> {
        Ymd::from_ordinal(self.ordinal() + days)
    }

    /// The pickle state's first four bytes.
    pub fn state(&self) -> [u8; 4] {
        [(self.year >> 8) as u8, self.year as u8, self.month as u8, self.day as u8]
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A `date` object.
pub struct Date(pub Ymd);

pub static DATE: LazyLock<TypeRef> = LazyLock::new(|| {
    let attrs = vec![
        ("min".into(), Py::obj(Date(Ymd { year: 1, month: 1, day: 1 }))),
        ("max".into(), Py::obj(Date(Ymd { year: 9999, month: 12, day: 31 }))),
        ("resolution".into(), Delta { days: 1, seconds: 0, us: 0 }.value()),
    ];
    Type::native_with_attrs("datetime", "date", None, &METHODS, Some(date_new), attrs)
});

static METHODS: [Method; 25] = [
    method("__add__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, false)),
    method("__radd__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, true)),
    method("__sub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, false)),
    method("__rsub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, true)),
    property("year", |_, this, _| Ok(Py::Int(ymd_of(this)?.year))),
    property("month", |_, this, _| Ok(Py::Int(ymd_of(this)?.month))),
    property("day", |_, this, _| Ok(Py::Int(ymd_of(this)?.day))),
    class_method("today", today),
    class_method("fromtimestamp", fromtimestamp),
    class_method("fromordinal", fromordinal),
    class_method("fromisoformat", fromisoformat),
    class_method("fromisocalendar", fromisocalendar),
    method("ctime", ctime),
    method("strftime", strftime),
    method("__format__", format::dunder_format),
    method("timetuple", timetuple),
    method("isocalendar", isocalendar),
    method("isoformat", isoformat),
    method("isoweekday", |_, this, args| {
        args.none("isoweekday")?;
        Ok(Py::Int(ymd_of(this)?.weekday() + 1))
    }),
    method("weekday", |_, this, args| {
        args.none("weekday")?;
        Ok(Py::Int(ymd_of(this)?.weekday()))
    }),
    method("toordinal", |_, this, args| {
        args.none("toordinal")?;
        Ok(Py::Int(ymd_of(this)?.ordinal()))
    }),
    method("replace", replace),
    method("__reduce__", reduce),
    method("__reduce_ex__", |cx, this, _| reduce(cx, this, Args::default())),
    method("__bool__", |_, _, _| Ok(Py::Bool(true))),
];

/// The date part of a `date` or `datetime`.
pub fn ymd_of(v: &Py) -> PyResult<Ymd> {
    if let Some(d) = v.downcast::<Date>() {
        return Ok(d.0);
    }
    if let Some(dt) = as_datetime(v) {
        return Ok(dt.date);
    }
    Err(exceptions::type_error(format!("descriptor requires a 'datetime.date' object but received a '{}'", tp_name(v))))
}

/// The date behind a value, if it is a plain `date`.
pub fn as_date(v: &Py) -> Option<Ymd> {
    v.downcast::<Date>().map(|d| d.0)
}

impl Date {
    pub fn value(ymd: Ymd) -> Py {
        Py::obj(Date(ymd))
    }
}

/// A `date` or, when `cls` is `datetime`, the midnight of that day
/// (`new_date_subclass_ex`).
fn of_class(cls: &Py, ymd: Ymd) -> Py {
    match as_type(cls) {
        Some(t) if std::sync::Arc::ptr_eq(&t, &DATETIME) => super::stamp::DateTime::midnight(ymd).value(),
        _ => Date::value(ymd),
    }
}

/// `date(year, month, day)`, or the pickle state `date(b'\x07\xe8\x01\x02')`.
fn date_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if let ([Py::Bytes(b)], true) = (&args.pos[..], args.kw.is_empty()) {
        if b.len() == 4 && (1..=12).contains(&b[2]) {
            let ymd = Ymd { year: i64::from(b[0]) * 256 + i64::from(b[1]), month: b[2].into(), day: b[3].into() };
            return Ok(Date::value(ymd));
        }
    }
    let [year, month, day] = args.bind("date", ["year", "month", "day"])?;
    let int = |v: Option<Py>| super::c_int(&args::req(v));
    Ok(Date::value(Ymd::new(int(year)?, int(month)?, int(day)?)?))
}

fn today(_cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    args.none("today")?;
    if as_type(cls).is_some_and(|t| std::sync::Arc::ptr_eq(&t, &DATETIME)) {
        return super::stamp::today_of_class();
    }
    let tm = local::localtime(local::now_floor()?)?;
    Ok(of_class(cls, Ymd::new(tm.0, tm.1, tm.2)?))
}

/// `date.fromtimestamp(timestamp)`: the local date, the timestamp floored.
fn fromtimestamp(_cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    let [t] = args.bind("fromtimestamp", ["timestamp"])?;
    let secs = local::time_t_floor(&args::req(t))?;
    let tm = local::localtime(secs)?;
    Ok(of_class(cls, Ymd::new(tm.0, tm.1, tm.2)?))
}

fn fromordinal(_cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    let [n] = args.bind("fromordinal", ["ordinal"])?;
    let n = super::c_int(&args::req(n))?;
    if n < 1 {
        return Err(exceptions::value_error("ordinal must be >= 1"));
    }
    let (year, month, day) = dates::ord_to_ymd(n);
    Ok(of_class(cls, Ymd::new(year, month, day)?))
}

fn fromisoformat(cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    let [s] = args.bind("fromisoformat", ["date_string"])?;
    let s = args::req(s);
    let Py::Str(text) = &s else {
        return Err(exceptions::type_error("fromisoformat: argument must be str"));
    };
    let (year, month, day) = iso::parse_date_only(text).ok_or_else(|| iso::invalid(cx, &s))?;
    Ok(of_class(cls, Ymd::new(year, month, day)?))
}

fn fromisocalendar(_cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    let [year, week, day] = args.bind("fromisocalendar", ["year", "week", "day"])?;
    let int = |v: Option<Py>| super::c_int(&args::req(v));
    let (year, week, day) = (int(year)?, int(week)?, int(day)?);
    if !(super::MINYEAR..=super::MAXYEAR).contains(&year) {
        return Err(exceptions::value_error(format!("Year is out of range: {year}")));
    }
    match iso::iso_to_ymd(year, week, day) {
        Ok((y, m, d)) => Ok(of_class(cls, Ymd::new(y, m, d)?)),
        Err(iso::IsoError::Week) => Err(exceptions::value_error(format!("Invalid week: {week}"))),
        Err(iso::IsoError::Day) => Err(exceptions::value_error(format!("Invalid day: {day} (range is [1, 7])"))),
    }
}

fn ctime(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("ctime")?;
    Ok(Py::str(format::ctime(ymd_of(this)?, 0, 0, 0)))
}

fn strftime(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [f] = args.bind("strftime", ["format"])?;
    let f = format::format_arg("strftime", args::req(f))?;
    let ymd = ymd_of(this)?;
    format::strftime(cx, &f, format::Parts::of_date(ymd))
}

/// `time.struct_time` of a day at midnight (`build_struct_time`).
pub fn struct_time(ymd: Ymd, hms: (i64, i64, i64), dst: i64) -> Py {
    let ints = [ymd.year, ymd.month, ymd.day, hms.0, hms.1, hms.2, ymd.weekday(), ymd.yday(), dst];
    crate::modules::time::make_struct_time(ints.into_iter().map(Py::Int).collect())
}

fn timetuple(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("timetuple")?;
    Ok(struct_time(ymd_of(this)?, (0, 0, 0), -1))
}

fn isocalendar(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("isocalendar")?;
    let d = ymd_of(this)?;
    let (year, week, weekday) = dates::iso_calendar(d.year, d.month, d.day);
    Ok(Py::obj(IsoCalendarDate { year, week, weekday }))
}

fn isoformat(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("isoformat")?;
    Ok(Py::str(ymd_of(this)?.iso()))
}

fn replace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let d = ymd_of(this)?;
    let [year, month, day] = args.bind("replace", ["year?", "month?", "day?"])?;
    let ymd = Ymd::new(
        opt_c_int(year.as_ref(), d.year)?,
        opt_c_int(month.as_ref(), d.month)?,
        opt_c_int(day.as_ref(), d.day)?,
    )?;
    Ok(Date::value(ymd))
}

fn reduce(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let d = ymd_of(this)?;
    Ok(Py::tuple(vec![Py::Obj(DATE.clone()), Py::tuple(vec![Py::bytes(d.state().to_vec())])]))
}

impl PyObject for Date {
    fn ty(&self) -> TypeRef {
        DATE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("datetime.date({}, {}, {})", self.0.year, self.0.month, self.0.day))
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.0.iso())
    }
    fn format(&self, this: &ObjRef, spec: &str, cx: &Cx) -> PyResult<Option<String>> {
        format::format_slot(cx, &Py::Obj(this.clone()), spec).map(Some)
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        semantics::hash(cx, &Py::bytes(self.0.state().to_vec())).map(Some)
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        if let Some(o) = as_date(other) {
            return Ok(Some(op.holds(self.0.cmp(&o))));
        }
        if as_datetime(other).is_some() {
            return match op {
                CmpOp::Eq => Ok(Some(false)),
                CmpOp::Ne => Ok(Some(true)),
                _ => Err(exceptions::type_error("can't compare datetime.datetime to datetime.date")),
            };
        }
        Ok(None)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(d) = as_delta(other) {
            return Ok(match (op, reflected) {
                (BinOp::Add, _) => Some(Date::value(self.0.plus_days(d.days)?)),
                (BinOp::Sub, false) => Some(Date::value(self.0.plus_days(-d.days)?)),
                _ => None,
            });
        }
        if let (BinOp::Sub, Some(o)) = (op, as_date(other)) {
            let (a, b) = if reflected { (o, self.0) } else { (self.0, o) };
            return Ok(Some(Delta { days: a.ordinal() - b.ordinal(), seconds: 0, us: 0 }.value()));
        }
        Ok(None)
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(Record {
            class: "datetime.date".into(),
            args: vec![Value::Bytes(self.0.state().to_vec())],
            state: None,
        }))))
    }
}

/// What `isocalendar()` returns: a tuple with named fields that copies as
/// a plain tuple (as CPython's `IsoCalendarDate.__reduce__` has it).
pub struct IsoCalendarDate {
    year: i64,
    week: i64,
    weekday: i64,
}

static ISO_CALENDAR_DATE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("datetime", "IsoCalendarDate", Some(&TUPLE), &[], None));

impl PyObject for IsoCalendarDate {
    fn ty(&self) -> TypeRef {
        ISO_CALENDAR_DATE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("datetime.IsoCalendarDate(year={}, week={}, weekday={})", self.year, self.week, self.weekday))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "year" => Some(Py::Int(self.year)),
            "week" => Some(Py::Int(self.week)),
            "weekday" => Some(Py::Int(self.weekday)),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["year".into(), "week".into(), "weekday".into()]
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::tuple(vec![Py::Int(self.year), Py::Int(self.week), Py::Int(self.weekday)]))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Tuple(vec![Value::Int(self.year), Value::Int(self.week), Value::Int(self.weekday)])))
    }
}
