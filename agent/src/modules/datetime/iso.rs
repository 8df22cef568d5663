//! ISO 8601 text: `isoformat()` with its `timespec`s, and the 3.11
//! `fromisoformat()` grammar exactly as CPython's C parser reads it
//! (byte by byte, with its quirks: any one character separates the date
//! from the time, fractions of any length are cut to microseconds, a zero
//! offset is `timezone.utc`).

use super::clock::Hms;
use super::delta::Delta;
use super::stamp::DateTime;
use super::zone::{new_zone, offset_of, offset_text, utc};
use crate::modules::time::dates;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `ValueError: Invalid isoformat string: '...'`.
pub fn invalid(cx: &Cx, s: &Py) -> PyErr {
    match semantics::repr(cx, s) {
        Ok(r) => exceptions::value_error(format!("Invalid isoformat string: {r}")),
        Err(e) => e,
    }
}

/// A byte of the text, NUL past its end (the C parser reads its NUL).
fn at(s: &[u8], i: usize) -> u8 {
    s.get(i).copied().unwrap_or(0)
}

/// `parse_digits`: `n` ASCII digits at `*p`.
fn digits(s: &[u8], p: &mut usize, n: usize) -> Option<i64> {
    let mut v = 0i64;
    for _ in 0..n {
        let c = at(s, *p);
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + i64::from(c - b'0');
        *p += 1;
    }
    Some(v)
}

/// Why an ISO week date is invalid.
pub enum IsoError {
    Week,
    Day,
}

/// `iso_to_ymd`: the day of an ISO year, week and weekday.
pub fn iso_to_ymd(year: i64, week: i64, day: i64) -> Result<(i64, i64, i64), IsoError> {
    if week <= 0 || week >= 53 {
        let long_year = week == 53 && {
            let first_weekday = (dates::ymd_to_ord(year, 1, 1) + 6) % 7;
            first_weekday == 3 || (first_weekday == 2 && dates::is_leap(year))
        };
        if !long_year {
            return Err(IsoError::Week);
        }
    }
    if !(1..=7).contains(&day) {
        return Err(IsoError::Day);
    }
    Ok(dates::ord_to_ymd(dates::iso_week1_monday(year) + (week - 1) * 7 + day - 1))
}

/// `parse_isoformat_date`: `len` is where the date part ends.
fn parse_date(s: &[u8], len: usize) -> Option<(i64, i64, i64)> {
    let mut p = 0;
    let year = digits(s, &mut p, 4)?;
    let uses_separator = at(s, p) == b'-';
    if uses_separator {
        p += 1;
    }
    if at(s, p) == b'W' {
        p += 1;
        let week = digits(s, &mut p, 2)?;
        let day = if p < len {
            if uses_separator {
                if at(s, p) != b'-' {
                    return None;
                }
                p += 1;
            }
            digits(s, &mut p, 1)?
        } else {
            1
        };
        return iso_to_ymd(year, week, day).ok();
    }
    let month = digits(s, &mut p, 2)?;
    if uses_separator {
        if at(s, p) != b'-' {
            return None;
        }
        p += 1;
    }
    let day = digits(s, &mut p, 2)?;
    Some((year, month, day))
}

/// `date.fromisoformat`'s date (7, 8 or 10 characters).
pub fn parse_date_only(text: &str) -> Option<(i64, i64, i64)> {
    let s = text.as_bytes();
    if !matches!(s.len(), 7 | 8 | 10) {
        return None;
    }
    parse_date(s, s.len())
}

/// A parsed time of day and, with a zone, its offset in seconds and
/// microseconds (both with the sign).
pub struct ParsedTime {
    pub hms: Hms,
    pub offset: Option<(i64, i64)>,
}

impl ParsedTime {
    /// `tzinfo_from_isoformat_results`.
    pub fn zone(&self) -> PyResult<Option<Py>> {
        match self.offset {
            None => Ok(None),
            Some((0, _)) => Ok(Some(utc())),
            Some((secs, us)) => {
                let delta = Delta::from_us(i128::from(secs) * 1_000_000 + i128::from(us))?;
                new_zone(delta, None).map(Some)
            }
        }
    }
}

/// `parse_hh_mm_ss_ff` over `s[start..end]`: 0 at the end of the text, 1
/// with more after it, `None` when malformed.
fn hh_mm_ss_ff(s: &[u8], start: usize, end: usize) -> Option<(u8, Hms)> {
    let mut p = start;
    let mut vals = [0i64; 3];
    let mut has_separator = true;
    for (i, slot) in vals.iter_mut().enumerate() {
        *slot = digits(s, &mut p, 2)?;
        let c = at(s, p);
        p += 1;
        if i == 0 {
            has_separator = c == b':';
        }
        if p >= end {
            let hms = Hms { hour: vals[0], minute: vals[1], second: vals[2], us: 0 };
            return Some((u8::from(c != 0), hms));
        } else if has_separator && c == b':' {
            continue;
        } else if c == b'.' || c == b',' {
            break;
        } else if !has_separator {
            p -= 1;
        } else {
            return None;
        }
    }
    let to_parse = (end - p).min(6);
    let mut us = digits(s, &mut p, to_parse)?;
    if (1..6).contains(&to_parse) {
        us *= [100_000, 10_000, 1000, 100, 10][to_parse - 1];
    }
    while at(s, p).is_ascii_digit() {
        p += 1;
    }
    let hms = Hms { hour: vals[0], minute: vals[1], second: vals[2], us };
    Some((u8::from(at(s, p) != 0), hms))
}

/// `parse_isoformat_time`.
pub fn parse_time(s: &[u8]) -> Option<ParsedTime> {
    let end = s.len();
    let mut tz = 0;
    loop {
        if matches!(at(s, tz), b'Z' | b'+' | b'-') {
            break;
        }
        tz += 1;
        if tz >= end {
            break;
        }
    }
    let (rv, hms) = hh_mm_ss_ff(s, 0, tz)?;
    if tz == end {
        return if rv == 1 { None } else { Some(ParsedTime { hms, offset: None }) };
    }
    if at(s, tz) == b'Z' {
        return if at(s, tz + 1) != 0 { None } else { Some(ParsedTime { hms, offset: Some((0, 0)) }) };
    }
    let sign = if at(s, tz) == b'-' { -1 } else { 1 };
    let (rv, off) = hh_mm_ss_ff(s, tz + 1, end)?;
    if rv != 0 {
        return None;
    }
    Some(ParsedTime { hms, offset: Some((sign * (off.hour * 3600 + off.minute * 60 + off.second), sign * off.us)) })
}

/// `_find_isoformat_datetime_separator`.
fn separator(s: &[u8]) -> Option<usize> {
    let len = s.len();
    if len == 7 {
        return Some(7);
    }
    if at(s, 4) == b'-' {
        if at(s, 5) == b'W' {
            if len < 8 {
                return None;
            }
            if len > 8 && at(s, 8) == b'-' {
                if len == 9 {
                    return None;
                }
                if len > 10 && at(s, 10).is_ascii_digit() {
                    return Some(8);
                }
                return Some(10);
            }
            return Some(8);
        }
        return Some(10);
    }
    if at(s, 4) == b'W' {
        let mut idx = 7;
        while idx < len && at(s, idx).is_ascii_digit() {
            idx += 1;
        }
        if idx < 9 {
            return Some(idx);
        }
        return Some(if idx % 2 == 0 { 7 } else { 8 });
    }
    Some(8)
}

/// `datetime.fromisoformat`: the date and, when there is more text, the
/// time after the one separator character.
pub fn parse_datetime(text: &str) -> Option<((i64, i64, i64), Option<ParsedTime>)> {
    let s = text.as_bytes();
    let sep = separator(s)?;
    let date = parse_date(s, sep)?;
    if s.len() <= sep {
        return Some((date, None));
    }
    // Skip the separator: one character of any width.
    let width = text[sep.min(text.len())..].chars().next().map_or(1, char::len_utf8);
    if !text.is_char_boundary(sep) {
        return None;
    }
    let rest = &s[sep + width..];
    Some((date, Some(parse_time(rest)?)))
}

/// `HH:MM:SS[.ffffff]` as `timespec` asks.
pub fn time_text(hms: Hms, spec: &str) -> PyResult<String> {
    let Hms { hour, minute, second, us } = hms;
    Ok(match spec {
        "auto" if us == 0 => format!("{hour:02}:{minute:02}:{second:02}"),
        "auto" | "microseconds" => format!("{hour:02}:{minute:02}:{second:02}.{us:06}"),
        "hours" => format!("{hour:02}"),
        "minutes" => format!("{hour:02}:{minute:02}"),
        "seconds" => format!("{hour:02}:{minute:02}:{second:02}"),
        "milliseconds" => format!("{hour:02}:{minute:02}:{second:02}.{:03}", us / 1000),
        _ => return Err(exceptions::value_error("Unknown timespec value")),
    })
}

/// `datetime.isoformat(sep, timespec)`.
pub fn datetime_text(d: &DateTime, sep: char, spec: &str) -> PyResult<String> {
    let mut s = format!("{}{sep}{}", d.date.iso(), time_text(d.hms, spec)?);
    if let Some(off) = offset_of(&d.tz) {
        s.push_str(&offset_text(off, ":"));
    }
    Ok(s)
}
