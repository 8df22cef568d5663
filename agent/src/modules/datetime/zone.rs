//! `datetime.tzinfo` and `datetime.timezone`: fixed offsets strictly
//! within a day, optionally named, `timezone.utc` the one UTC object
//! (`timezone(timedelta(0))` is it), equal by offset.
//!
//! Classes defined in Python cannot exist in the agent, so every tzinfo a
//! date-time carries is a `timezone` (the local zone included: CPython's
//! `astimezone()` also makes a fixed-offset `timezone` for it).

use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use super::delta::{as_delta, Delta};
use super::stamp::{as_datetime, DateTime};
use super::tp_name;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// A fixed-offset zone.
pub struct TimeZone {
    pub offset: Delta,
    pub name: Option<Arc<str>>,
}

/// `datetime.tzinfo`: the abstract base class.
pub static TZINFO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("datetime", "tzinfo", None, &TZINFO_METHODS, None));

static TZINFO_METHODS: [Method; 3] = [
    method("tzname", |_, _, _| {
        Err(exceptions::new("NotImplementedError", "a tzinfo subclass must implement tzname()"))
    }),
    method("utcoffset", |_, _, _| {
        Err(exceptions::new("NotImplementedError", "a tzinfo subclass must implement utcoffset()"))
    }),
    method("dst", |_, _, _| Err(exceptions::new("NotImplementedError", "a tzinfo subclass must implement dst()"))),
];

/// `datetime.timezone`.
pub static TIMEZONE: LazyLock<TypeRef> = LazyLock::new(|| {
    let attrs = vec![
        ("utc".into(), utc()),
        ("min".into(), Py::obj(TimeZone { offset: Delta::from_seconds(-(86_400 - 60)), name: None })),
        ("max".into(), Py::obj(TimeZone { offset: Delta::from_seconds(86_400 - 60), name: None })),
    ];
    Type::native_with_attrs("datetime", "timezone", Some(&TZINFO), &METHODS, Some(timezone_new), attrs)
});

static UTC: LazyLock<Py> = LazyLock::new(|| Py::obj(TimeZone { offset: Delta::ZERO, name: None }));

/// `timezone.utc`.
pub fn utc() -> Py {
    UTC.clone()
}

static METHODS: [Method; 5] = [
    method("utcoffset", utcoffset),
    method("dst", dst),
    method("tzname", tzname),
    method("fromutc", fromutc),
    method("__getinitargs__", getinitargs),
];

/// The zone behind a value, if it is a `timezone`.
pub fn as_zone(v: &Py) -> Option<&TimeZone> {
    v.downcast::<TimeZone>()
}

fn of(this: &Py) -> PyResult<&TimeZone> {
    as_zone(this).ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'datetime.timezone' object but received a '{}'",
            tp_name(this)
        ))
    })
}

/// `new_timezone`: UTC itself for a zero offset without a name; the range
/// check.
pub fn new_zone(offset: Delta, name: Option<Arc<str>>) -> PyResult<Py> {
    if name.is_none() && offset.is_zero() {
        return Ok(utc());
    }
    if (offset.days == -1 && offset.seconds == 0 && offset.us < 1) || offset.days < -1 || offset.days >= 1 {
        return Err(exceptions::value_error(format!(
            "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not {}.",
            offset.repr()
        )));
    }
    Ok(Py::obj(TimeZone { offset, name }))
}

/// `timezone(offset, name=None)`.
fn timezone_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [offset, name] = args.bind("timezone", ["offset", "name?"])?;
    let offset = args::req(offset);
    let offset = as_delta(&offset).ok_or_else(|| {
        exceptions::type_error(format!("timezone() argument 1 must be datetime.timedelta, not {}", tp_name(&offset)))
    })?;
    let name = match name {
        None => None,
        Some(Py::Str(s)) => Some(s),
        Some(other) => {
            return Err(exceptions::type_error(format!("timezone() argument 2 must be str, not {}", tp_name(&other))))
        }
    };
    new_zone(offset, name)
}

/// `_timezone_check_argument`: a datetime or None.
fn check_dt(v: &Py, meth: &str) -> PyResult<()> {
    if v.is_none() || as_datetime(v).is_some() {
        return Ok(());
    }
    Err(exceptions::type_error(format!("{meth}(dt) argument must be a datetime instance or None, not {}", tp_name(v))))
}

fn dt_arg(func: &str, args: Args) -> PyResult<Py> {
    let [dt] = args.bind(func, ["dt"])?;
    Ok(args::req(dt))
}

fn utcoffset(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let dt = dt_arg("utcoffset", args)?;
    check_dt(&dt, "utcoffset")?;
    Ok(of(this)?.offset.value())
}

fn dst(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let dt = dt_arg("dst", args)?;
    of(this)?;
    check_dt(&dt, "dst")?;
    Ok(Py::None)
}

fn tzname(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let dt = dt_arg("tzname", args)?;
    check_dt(&dt, "tzname")?;
    Ok(Py::str(of(this)?.name_text(this)))
}

fn fromutc(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let dt = dt_arg("fromutc", args)?;
    let zone = of(this)?;
    let Some(d) = as_datetime(&dt) else {
        return Err(exceptions::type_error("fromutc: argument must be a datetime"));
    };
    match &d.tz {
        Some(tz) if same_object(tz, this) => {}
        _ => return Err(exceptions::value_error("fromutc: dt.tzinfo is not self")),
    }
    d.add(zone.offset, 1).map(DateTime::value)
}

fn getinitargs(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__getinitargs__")?;
    let zone = of(this)?;
    let mut items = vec![zone.offset.value()];
    if let Some(n) = &zone.name {
        items.push(Py::Str(n.clone()));
    }
    Ok(Py::tuple(items))
}

/// Whether two values are the same object.
pub fn same_object(a: &Py, b: &Py) -> bool {
    match (a, b) {
        (Py::Obj(x), Py::Obj(y)) => Arc::ptr_eq(x, y),
        _ => false,
    }
}

impl TimeZone {
    /// `tzname()`: the name, or `UTC±HH:MM[:SS[.ffffff]]`.
    pub fn name_text(&self, this: &Py) -> String {
        if let Some(n) = &self.name {
            return n.to_string();
        }
        if same_object(this, &UTC) || self.offset.is_zero() {
            return "UTC".into();
        }
        format!("UTC{}", offset_text(self.offset, ":"))
    }
}

/// An offset as `+HH:MM`, with `:SS` and `.ffffff` only when needed (the
/// separator between the parts is `sep`).
pub fn offset_text(offset: Delta, sep: &str) -> String {
    let (sign, d) =
        if offset.days < 0 { ('-', Delta::from_us(-offset.total_us()).unwrap_or(Delta::ZERO)) } else { ('+', offset) };
    let (minutes, seconds) = (d.seconds / 60, d.seconds % 60);
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let mut s = format!("{sign}{hours:02}{sep}{minutes:02}");
    if seconds != 0 || d.us != 0 {
        s.push_str(&format!("{sep}{seconds:02}"));
        if d.us != 0 {
            s.push_str(&format!(".{:06}", d.us));
        }
    }
    s
}

impl PyObject for TimeZone {
    fn ty(&self) -> TypeRef {
        TIMEZONE.clone()
    }
    fn repr(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        if same_object(&Py::Obj(this.clone()), &UTC) {
            return Ok("datetime.timezone.utc".into());
        }
        Ok(match &self.name {
            None => format!("datetime.timezone({})", self.offset.repr()),
            Some(n) => {
                format!("datetime.timezone({}, {})", self.offset.repr(), semantics::repr(cx, &Py::Str(n.clone()))?)
            }
        })
    }
    fn str(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.name_text(&Py::Obj(this.clone())))
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Ok(Some(self.offset.hash()))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = as_zone(other) else { return Ok(None) };
        Ok(match op {
            CmpOp::Eq => Some(self.offset == o.offset),
            CmpOp::Ne => Some(self.offset != o.offset),
            _ => None,
        })
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let mut args = vec![self.offset.to_value()];
        if let Some(n) = &self.name {
            args.push(Value::str(n.to_string()));
        }
        Ok(Some(Value::Record(Box::new(Record { class: "datetime.timezone".into(), args, state: None }))))
    }
}

/// A `tzinfo=` argument: None or a timezone.
pub fn tz_arg(v: Option<Py>) -> PyResult<Option<Py>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) if as_zone(&v).is_some() => Ok(Some(v)),
        Some(v) => Err(exceptions::type_error(format!(
            "tzinfo argument must be None or of a tzinfo subclass, not type '{}'",
            tp_name(&v)
        ))),
    }
}

/// The offset of an optional zone.
pub fn offset_of(tz: &Option<Py>) -> Option<Delta> {
    tz.as_ref().and_then(as_zone).map(|z| z.offset)
}
