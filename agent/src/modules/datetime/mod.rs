//! `datetime`: `date`, `time`, `datetime`, `timedelta`, `timezone` and
//! `tzinfo` as CPython 3.11's C module (`_datetime`) has them — the same
//! constructors and keywords, the proleptic Gregorian arithmetic, the
//! naive/aware rules and their errors, the reprs and `str`s, hashing,
//! `strftime` (through [`crate::modules::time::strftime`], glibc's
//! directives), `strptime` (through `time.strptime`'s parser) and the 3.11
//! `fromisoformat` grammar.
//!
//! Local time is the host's: `now()`, `fromtimestamp()`, `timestamp()` of
//! naive values and `astimezone()` without a zone go through the C
//! library's `localtime_r` (the system zoneinfo, `/etc/localtime` or `TZ`),
//! exactly the calls CPython makes, with CPython's fold detection.
//!
//! Values copy by value as CPython pickles them (`datetime.datetime(b'...',
//! tz)`), so `obtain()` gives the client real `datetime` objects.
//!
//! - [`delta`]: `timedelta`; [`date`]: `date`; [`clock`]: `time`;
//!   [`stamp`]: `datetime`; [`zone`]: `tzinfo` and `timezone`.
//! - [`iso`]: `isoformat` and `fromisoformat`; [`format`]: `strftime`,
//!   `__format__`, `ctime`; [`local`]: the host's local time.

mod clock;
mod date;
mod delta;
mod format;
mod iso;
mod local;
mod stamp;
mod zone;

#[cfg(test)]
mod tests;

use crate::objects::module::ModuleDef;
use crate::objects::singletons;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub use clock::{Time, TIME};
pub use date::{Date, DATE};
pub use delta::{Delta, TimeDelta, TIMEDELTA};
pub use stamp::{DateTime, DATETIME};
pub use zone::{TimeZone, TIMEZONE, TZINFO};

pub const MINYEAR: i64 = 1;
pub const MAXYEAR: i64 = 9999;
/// `date.max.toordinal()`.
pub const MAXORDINAL: i64 = 3_652_059;

pub static MODULE: ModuleDef = ModuleDef {
    name: "datetime",
    type_name: "datetime",
    doc: "Fast implementation of the datetime type.",
    functions: &[],
    attr,
    attr_names: &["date", "time", "datetime", "timedelta", "timezone", "tzinfo", "MINYEAR", "MAXYEAR", "UTC"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "date" => type_value(&DATE),
        "time" => type_value(&TIME),
        "datetime" => type_value(&DATETIME),
        "timedelta" => type_value(&TIMEDELTA),
        "timezone" => type_value(&TIMEZONE),
        "tzinfo" => type_value(&TZINFO),
        "MINYEAR" => Py::Int(MINYEAR),
        "MAXYEAR" => Py::Int(MAXYEAR),
        "UTC" => zone::utc(),
        _ => return None,
    }))
}

/// A C `int` argument (`PyArg_ParseTuple`'s `i`).
fn c_int(v: &Py) -> PyResult<i64> {
    crate::modules::time::c_int(v).map(i64::from)
}

/// An optional C `int` argument with its default.
fn opt_c_int(v: Option<&Py>, default: i64) -> PyResult<i64> {
    match v {
        None => Ok(default),
        Some(v) => c_int(v),
    }
}

/// CPython's `tp_name` of a value, as its messages show types.
fn tp_name(v: &Py) -> String {
    semantics::tp_name(v)
}

/// `check_date_args`.
fn check_date(year: i64, month: i64, day: i64) -> PyResult<()> {
    if !(MINYEAR..=MAXYEAR).contains(&year) {
        return Err(exceptions::value_error(format!("year {year} is out of range")));
    }
    if !(1..=12).contains(&month) {
        return Err(exceptions::value_error("month must be in 1..12"));
    }
    if day < 1 || day > crate::modules::time::dates::days_in_month(year, month) {
        return Err(exceptions::value_error("day is out of range for month"));
    }
    Ok(())
}

/// `check_time_args`.
fn check_time(hour: i64, minute: i64, second: i64, us: i64, fold: i64) -> PyResult<()> {
    let bad = |msg: &str| Err(exceptions::value_error(msg));
    if !(0..=23).contains(&hour) {
        return bad("hour must be in 0..23");
    }
    if !(0..=59).contains(&minute) {
        return bad("minute must be in 0..59");
    }
    if !(0..=59).contains(&second) {
        return bad("second must be in 0..59");
    }
    if !(0..=999_999).contains(&us) {
        return bad("microsecond must be in 0..999999");
    }
    if fold != 0 && fold != 1 {
        return bad("fold must be either 0 or 1");
    }
    Ok(())
}

/// The `OverflowError` of date arithmetic past the supported years.
fn date_overflow() -> exceptions::PyErr {
    exceptions::overflow_error("date value out of range")
}

/// A binary special method (`__add__`, `__rsub__`, ...) over the object's
/// own slot: NotImplemented where the slot has no answer, as CPython's
/// `datetime` methods return it. Listed on the classes so `dir()` and the
/// client's netref classes have them.
fn slot_binary(cx: &Cx, this: &Py, args: Args, op: BinOp, reflected: bool) -> PyResult<Py> {
    let [other] = args.bind(op.dunder(reflected), ["other"])?;
    let other = args::req(other);
    let Py::Obj(o) = this else { return Ok(singletons::not_implemented()) };
    Ok(o.binary(o, op, &other, reflected, cx)?.unwrap_or_else(singletons::not_implemented))
}

/// `__neg__`/`__pos__` over the object's unary slot.
fn slot_unary(cx: &Cx, this: &Py, args: Args, op: UnaryOp) -> PyResult<Py> {
    args.none(if op == UnaryOp::Neg { "__neg__" } else { "__pos__" })?;
    let Py::Obj(o) = this else { return Ok(singletons::not_implemented()) };
    Ok(o.unary(o, op, cx)?.unwrap_or_else(singletons::not_implemented))
}
