//! From the text `strptime` matched to a `struct_time`: each directive's
//! value, then the calendar for what the format left out (CPython's
//! `_strptime._strptime` after the match).

use std::collections::HashMap;

use super::{ZoneNames, AM_PM, A_MONTH, A_WEEKDAY, F_MONTH, F_WEEKDAY};
use crate::modules::time::{dates, struct_time};
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

/// Python's `int(s)` for the text a directive matched.
fn int(s: &str) -> PyResult<i64> {
    s.trim().parse::<i64>().map_err(|_| {
        exceptions::value_error(format!("invalid literal for int() with base 10: '{}'", s.replace('\'', "\\'")))
    })
}

/// What the groups say, before the calendar fills the gaps.
#[derive(Default)]
pub struct Fields {
    year: Option<i64>,
    iso_year: Option<i64>,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    tz: i64,
    gmtoff: Option<i64>,
    iso_week: Option<i64>,
    week_of_year: Option<i64>,
    week_starts_monday: bool,
    weekday: Option<i64>,
    julian: Option<i64>,
    tzname: Option<String>,
    fraction: i64,
    gmtoff_fraction: i64,
}

/// What `_strptime._strptime` returns: the struct_time's fields, the
/// microseconds of `%f` and those of the `%z` offset.
pub struct Parsed {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub weekday: i64,
    pub julian: i64,
    pub isdst: i64,
    pub tzname: Option<String>,
    pub gmtoff: Option<i64>,
    pub fraction: i64,
    pub gmtoff_fraction: i64,
}

impl Parsed {
    /// The `struct_time` `time.strptime` returns.
    pub fn into_struct_time(self) -> Py {
        let ints = [
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
            self.weekday,
            self.julian,
            self.isdst,
        ];
        let mut values: Vec<Py> = ints.into_iter().map(Py::Int).collect();
        values.push(self.tzname.map_or(Py::None, Py::str));
        values.push(self.gmtoff.map_or(Py::None, Py::Int));
        struct_time::make(values)
    }
}

fn index_of(names: &[&str], found: &str) -> i64 {
    let found = found.to_lowercase();
    names.iter().position(|n| *n == found).map_or(0, |i| i as i64)
}

impl Fields {
    pub fn from_groups(found: &[(char, String)], table: &HashMap<char, &str>, zones: &ZoneNames) -> PyResult<Fields> {
        let mut f = Fields { month: 1, day: 1, tz: -1, ..Fields::default() };
        for (key, value) in found {
            let value = value.as_str();
            match key {
                'y' => {
                    let y = int(value)?;
                    f.year = Some(if y <= 68 { y + 2000 } else { y + 1900 });
                }
                'Y' => f.year = Some(int(value)?),
                'G' => f.iso_year = Some(int(value)?),
                'm' => f.month = int(value)?,
                'B' => f.month = index_of(&F_MONTH, value) + 1,
                'b' => f.month = index_of(&A_MONTH, value) + 1,
                'd' => f.day = int(value)?,
                'H' => f.hour = int(value)?,
                'I' => {
                    f.hour = int(value)?;
                    let ampm = table.get(&'p').map(|p| p.to_lowercase()).unwrap_or_default();
                    if ampm.is_empty() || ampm == AM_PM[0] {
                        if f.hour == 12 {
                            f.hour = 0;
                        }
                    } else if ampm == AM_PM[1] && f.hour != 12 {
                        f.hour += 12;
                    }
                }
                'M' => f.minute = int(value)?,
                'f' => f.fraction = int(&format!("{value:0<6}"))?,
                'S' => f.second = int(value)?,
                'A' => f.weekday = Some(index_of(&F_WEEKDAY, value)),
                'a' => f.weekday = Some(index_of(&A_WEEKDAY, value)),
                'w' => f.weekday = Some((int(value)? + 6) % 7),
                'u' => f.weekday = Some(int(value)? - 1),
                'j' => f.julian = Some(int(value)?),
                'U' | 'W' => {
                    f.week_of_year = Some(int(value)?);
                    f.week_starts_monday = *key == 'W';
                }
                'V' => f.iso_week = Some(int(value)?),
                'z' => {
                    let (secs, fraction) = zone_offset(value)?;
                    f.gmtoff = Some(secs);
                    f.gmtoff_fraction = fraction;
                }
                'Z' => {
                    let zone = value.to_lowercase();
                    let no_saving = zone == "utc" || zone == "gmt" || zone == zones.tzname.0.to_lowercase();
                    let saving = zones.daylight && zone == zones.tzname.1.to_lowercase();
                    let ambiguous =
                        zones.tzname.0 == zones.tzname.1 && zones.daylight && zone != "utc" && zone != "gmt";
                    if !ambiguous {
                        if no_saving {
                            f.tz = 0;
                        } else if saving {
                            f.tz = 1;
                        }
                    }
                    f.tzname = Some(value.to_owned());
                }
                _ => {}
            }
        }
        Ok(f)
    }

    pub fn resolve(mut self) -> PyResult<Parsed> {
        if self.year.is_none() && self.iso_year.is_some() {
            if self.iso_week.is_none() || self.weekday.is_none() {
                return Err(exceptions::value_error(
                    "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u').",
                ));
            }
            if self.julian.is_some() {
                return Err(exceptions::value_error(
                    "Day of the year directive '%j' is not compatible with ISO year directive '%G'. Use '%Y' instead.",
                ));
            }
        } else if self.week_of_year.is_none() && self.iso_week.is_some() {
            return Err(exceptions::value_error(if self.weekday.is_none() {
                "ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive ('%A', '%a', '%w', or '%u')."
            } else {
                "ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead."
            }));
        }
        let leap_year_fix = self.year.is_none() && self.month == 2 && self.day == 29;
        let mut year = self.year.unwrap_or(if leap_year_fix { 1904 } else { 1900 });
        if self.julian.is_none() {
            if let Some(weekday) = self.weekday {
                if let Some(week) = self.week_of_year {
                    self.julian = Some(dates::julian_from_week(year, week, weekday, self.week_starts_monday)?);
                } else if let (Some(iso_year), Some(iso_week)) = (self.iso_year, self.iso_week) {
                    let (y, j) = dates::julian_from_iso(iso_year, iso_week, weekday + 1)?;
                    year = y;
                    self.julian = Some(j);
                }
                if let Some(j) = self.julian.filter(|j| *j <= 0) {
                    year -= 1;
                    self.julian = Some(j + if dates::is_leap(year) { 366 } else { 365 });
                }
            }
        }
        let (mut month, mut day) = (self.month, self.day);
        let julian = match self.julian {
            None => dates::ordinal(year, month, day)? - dates::ordinal(year, 1, 1)? + 1,
            Some(j) => {
                (year, month, day) = dates::from_ordinal(j - 1 + dates::ordinal(year, 1, 1)?)?;
                j
            }
        };
        let weekday = match self.weekday {
            Some(w) => w,
            None => dates::weekday(year, month, day)?,
        };
        if leap_year_fix {
            year = 1900;
        }
        Ok(Parsed {
            year,
            month,
            day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            weekday,
            julian,
            isdst: self.tz,
            tzname: self.tzname,
            gmtoff: self.gmtoff,
            fraction: self.fraction,
            gmtoff_fraction: self.gmtoff_fraction,
        })
    }
}

/// `%z`'s value in seconds and microseconds, sliced as `_strptime`
/// slices it.
fn zone_offset(z: &str) -> PyResult<(i64, i64)> {
    if z == "Z" {
        return Ok((0, 0));
    }
    let found = z;
    let mut z: Vec<char> = z.chars().collect();
    if z.get(3) == Some(&':') {
        z.remove(3);
        if z.len() > 5 {
            if z[5] != ':' {
                return Err(exceptions::value_error(format!("Inconsistent use of : in {found}")));
            }
            z.remove(5);
        }
    }
    let part = |a: usize, b: usize| -> String { z.iter().skip(a).take(b.saturating_sub(a)).collect() };
    let hours = int(&part(1, 3))?;
    let minutes = int(&part(3, 5))?;
    let seconds = match part(5, 7) {
        s if s.is_empty() => 0,
        s => int(&s)?,
    };
    let offset = hours * 3600 + minutes * 60 + seconds;
    let remainder = part(8, z.len());
    let fraction = int(&format!("{remainder:0<6}"))?;
    Ok(if z.first() == Some(&'-') { (-offset, -fraction) } else { (offset, fraction) })
}
