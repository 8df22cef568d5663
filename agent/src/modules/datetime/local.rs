//! The host's local time as CPython's `_datetime` uses it: the C
//! library's `localtime_r` (which reads `TZ` or `/etc/localtime` and the
//! system zoneinfo), the solving of wall times for timestamps with the
//! PEP 495 `fold` (`local_to_seconds`), timestamps converted with
//! CPython's rounding and range errors, and the fixed-offset `timezone`
//! the local zone has at an instant.

use std::sync::Arc;

use super::clock::Hms;
use super::date::Ymd;
use super::stamp::DateTime;
use super::zone::new_zone;
use super::{Delta, MAXYEAR, MINYEAR};
use crate::modules::time::dates;
use crate::platform::time as clock;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `datetime(1970, 1, 1)` in seconds since 0001-01-01.
pub const EPOCH: i64 = 719_163 * 86_400;
pub const EPOCH_US: i128 = EPOCH as i128 * 1_000_000;
/// The most a zone's offset can change at a transition (a day).
const MAX_FOLD_SECONDS: i64 = 86_400;

/// Broken-down fields: year, month, day, hour, minute, second.
pub type Fields = (i64, i64, i64, i64, i64, i64);

fn out_of_range() -> exceptions::PyErr {
    exceptions::overflow_error("timestamp out of range for platform time_t")
}

fn fields(tm: &clock::Tm) -> Fields {
    (i64::from(tm.year) + 1900, i64::from(tm.mon) + 1, tm.mday.into(), tm.hour.into(), tm.min.into(), tm.sec.into())
}

/// `_PyTime_localtime`.
pub fn localtime(t: i64) -> PyResult<Fields> {
    if !clock::fits_time_t(t) {
        return Err(out_of_range());
    }
    clock::localtime(t).map(|tm| fields(&tm)).map_err(|e| exceptions::os_error(&e, None))
}

/// `_PyTime_gmtime`.
pub fn gmtime(t: i64) -> PyResult<Fields> {
    if !clock::fits_time_t(t) {
        return Err(out_of_range());
    }
    clock::gmtime(t).map(|tm| fields(&tm)).map_err(|e| exceptions::os_error(&e, None))
}

/// The local zone's offset and name at a timestamp.
pub fn local_offset(t: i64) -> PyResult<(i64, Option<String>)> {
    if !clock::fits_time_t(t) {
        return Err(out_of_range());
    }
    clock::localtime(t).map(|tm| (tm.gmtoff, tm.zone)).map_err(|e| exceptions::os_error(&e, None))
}

fn now_ns() -> PyResult<i64> {
    clock::clock_ns(clock::CLOCK_REALTIME).map_err(|e| exceptions::os_error(&e, None))
}

/// The time now, in whole seconds (floored).
pub fn now_floor() -> PyResult<i64> {
    Ok(now_ns()?.div_euclid(1_000_000_000))
}

/// The time now as seconds and microseconds (floored), as
/// `datetime.now()` reads the clock.
pub fn now_floor_us() -> PyResult<(i64, i64)> {
    let ns = now_ns()?;
    Ok((ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000) / 1000))
}

/// `time.time()`.
pub fn now_float() -> PyResult<f64> {
    let ns = now_ns()?;
    Ok(if ns % 1_000_000_000 == 0 { (ns / 1_000_000_000) as f64 } else { ns as f64 / 1e9 })
}

/// Whether a float's integral part fits the platform's `time_t`.
fn float_fits(x: f64) -> bool {
    (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x) && clock::fits_time_t(x as i64)
}

/// An int timestamp (`_PyLong_AsTime_t`).
fn int_time_t(v: &Py) -> PyResult<i64> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) if clock::fits_time_t(n) => Ok(n),
        Some(_) => Err(out_of_range()),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

fn nan_error() -> exceptions::PyErr {
    exceptions::value_error("Invalid value NaN (not a number)")
}

/// `_PyTime_ObjectToTime_t(obj, ROUND_FLOOR)`.
pub fn time_t_floor(v: &Py) -> PyResult<i64> {
    match v {
        Py::Float(x) => {
            if x.is_nan() {
                return Err(nan_error());
            }
            let x = x.floor();
            if !float_fits(x) {
                return Err(out_of_range());
            }
            Ok(x as i64)
        }
        other => int_time_t(other),
    }
}

/// Python's round-half-to-even of a float.
fn round_half_even(x: f64) -> f64 {
    let r = x.round();
    if (x - r).abs() == 0.5 {
        2.0 * (x / 2.0).round()
    } else {
        r
    }
}

/// `_PyTime_ObjectToTimeval(obj, ROUND_HALF_EVEN)`: seconds and
/// microseconds of a timestamp.
pub fn time_t_and_us(v: &Py) -> PyResult<(i64, i64)> {
    match v {
        Py::Float(x) => {
            if x.is_nan() {
                return Err(nan_error());
            }
            let mut int_part = x.trunc();
            let mut frac = round_half_even(x.fract() * 1e6);
            if frac >= 1e6 {
                frac -= 1e6;
                int_part += 1.0;
            } else if frac < 0.0 {
                frac += 1e6;
                int_part -= 1.0;
            }
            if !float_fits(int_part) {
                return Err(out_of_range());
            }
            Ok((int_part as i64, frac as i64))
        }
        other => Ok((int_time_t(other)?, 0)),
    }
}

/// `utc_to_seconds`: the year must be one `date` supports.
fn utc_to_seconds(f: Fields) -> PyResult<i64> {
    let (year, month, day, hour, minute, second) = f;
    if !(MINYEAR..=MAXYEAR).contains(&year) {
        return Err(exceptions::value_error(format!("year {year} is out of range")));
    }
    Ok(((dates::ymd_to_ord(year, month, day) * 24 + hour) * 60 + minute) * 60 + second)
}

/// `local(u)`: the local wall clock, in seconds since 0001-01-01, of the
/// instant `u` (also counted from 0001-01-01).
fn local(u: i64) -> PyResult<i64> {
    utc_to_seconds(localtime(u - EPOCH)?)
}

/// The `fold` of a local wall time just made from timestamp `t`: 1 when
/// the same wall time happened earlier (the second pass through a
/// repeated hour).
pub fn detect_fold(t: i64, date: Ymd, hms: Hms) -> PyResult<u8> {
    let result = utc_to_seconds((date.year, date.month, date.day, hms.hour, hms.minute, hms.second))?;
    let probe = local(EPOCH + t - MAX_FOLD_SECONDS)?;
    let transition = result - probe - MAX_FOLD_SECONDS;
    if transition < 0 && local(EPOCH + t + transition)? == result {
        return Ok(1);
    }
    Ok(0)
}

/// `local_to_seconds`: the instant (seconds since 0001-01-01) of a local
/// wall time; `fold` picks between the two instants of a repeated time,
/// and a time in a gap maps past it (or before it with fold 1).
pub fn local_to_seconds(date: Ymd, hms: Hms, fold: u8) -> PyResult<i64> {
    let t = utc_to_seconds((date.year, date.month, date.day, hms.hour, hms.minute, hms.second))?;
    let a = local(t)? - t;
    let u1 = t - a;
    let t1 = local(u1)?;
    let b;
    if t1 == t {
        let u2 = if fold != 0 { u1 + MAX_FOLD_SECONDS } else { u1 - MAX_FOLD_SECONDS };
        b = local(u2)? - u2;
        if a == b {
            return Ok(u1);
        }
    } else {
        b = t1 - u1;
    }
    let u2 = t - b;
    let t2 = local(u2)?;
    if t2 == t {
        return Ok(u2);
    }
    if t1 == t {
        return Ok(u1);
    }
    Ok(if fold != 0 { u1.min(u2) } else { u1.max(u2) })
}

/// `local_timezone_from_timestamp`: `timezone(timedelta(seconds=gmtoff),
/// tm_zone)`.
pub fn zone_at(t: i64) -> PyResult<Py> {
    let (gmtoff, name) = local_offset(t)?;
    let offset = Delta::from_us(i128::from(gmtoff) * 1_000_000)?;
    new_zone(offset, name.map(Arc::from))
}

/// The local zone at the instant of a local wall time.
pub fn zone_of_local(date: Ymd, hms: Hms, fold: u8) -> PyResult<Py> {
    zone_at(local_to_seconds(date, hms, fold)? - EPOCH)
}

/// The local zone at the instant of a UTC wall time.
pub fn zone_at_utc(utc_wall: &DateTime) -> PyResult<Py> {
    let us = utc_wall.wall_us() - EPOCH_US;
    zone_at(i64::try_from(us.div_euclid(1_000_000)).map_err(|_| out_of_range())?)
}
