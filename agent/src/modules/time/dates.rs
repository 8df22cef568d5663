//! The proleptic Gregorian calendar as `datetime.date` counts it (day 1 is
//! 0001-01-01), with its range checks and messages: for `strptime`,
//! `datetime` and `calendar`.

use crate::runtime::exceptions::{self, PyResult};

const DAYS_IN_MONTH: [i64; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const DAYS_BEFORE_MONTH: [i64; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// `calendar.isleap(year)`.
pub fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in a month (1..=12) of a year.
pub fn days_in_month(year: i64, month: i64) -> i64 {
    if month == 2 && is_leap(year) {
        29
    } else {
        DAYS_IN_MONTH[month as usize]
    }
}

/// `datetime.date(year, month, day)`'s checks.
fn check(year: i64, month: i64, day: i64) -> PyResult<()> {
    if !(1..=9999).contains(&year) {
        return Err(exceptions::value_error(format!("year {year} is out of range")));
    }
    if !(1..=12).contains(&month) {
        return Err(exceptions::value_error("month must be in 1..12"));
    }
    if day < 1 || day > days_in_month(year, month) {
        return Err(exceptions::value_error("day is out of range for month"));
    }
    Ok(())
}

/// Days before January 1st of a year (year 1 has none); the floor for
/// years before 1, as `calendar` needs.
pub fn days_before_year(year: i64) -> i64 {
    let y = year - 1;
    y * 365 + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)
}

/// Days of the year before the first of a month (1..=12).
pub fn days_before_month(year: i64, month: i64) -> i64 {
    DAYS_BEFORE_MONTH[month as usize] + i64::from(month > 2 && is_leap(year))
}

/// The ordinal of a date already known to be valid.
pub fn ymd_to_ord(year: i64, month: i64, day: i64) -> i64 {
    days_before_year(year) + days_before_month(year, month) + day
}

/// `date(year, month, day).toordinal()`.
pub fn ordinal(year: i64, month: i64, day: i64) -> PyResult<i64> {
    check(year, month, day)?;
    Ok(ymd_to_ord(year, month, day))
}

/// `date(year, month, day).weekday()`: Monday is 0.
pub fn weekday(year: i64, month: i64, day: i64) -> PyResult<i64> {
    Ok((ordinal(year, month, day)? + 6) % 7)
}

/// `date.fromordinal(n)` as `(year, month, day)`.
pub fn from_ordinal(n: i64) -> PyResult<(i64, i64, i64)> {
    if n < 1 {
        return Err(exceptions::value_error("ordinal must be >= 1"));
    }
    let (year, month, day) = ord_to_ymd(n);
    check(year, month, day)?;
    Ok((year, month, day))
}

/// The date of any ordinal from 1 on (years past 9999 included).
pub fn ord_to_ymd(n: i64) -> (i64, i64, i64) {
    let mut n = n.max(1) - 1;
    let n400 = n / 146_097;
    n %= 146_097;
    let n100 = n / 36_524;
    n %= 36_524;
    let n4 = n / 1461;
    n %= 1461;
    let n1 = n / 365;
    n %= 365;
    let year = n400 * 400 + 1 + n100 * 100 + n4 * 4 + n1;
    if n1 == 4 || n100 == 4 {
        (year - 1, 12, 31)
    } else {
        let leap = n1 == 3 && (n4 != 24 || n100 == 3);
        let mut month = (n + 50) >> 5;
        let mut preceding = DAYS_BEFORE_MONTH[month as usize] + i64::from(month > 2 && leap);
        if preceding > n {
            month -= 1;
            preceding -= DAYS_IN_MONTH[month as usize] + i64::from(month == 2 && leap);
        }
        (year, month, n - preceding + 1)
    }
}

/// The ordinal of the Monday that starts ISO week 1 of a year.
pub fn iso_week1_monday(year: i64) -> i64 {
    let first_day = ymd_to_ord(year, 1, 1);
    let first_weekday = (first_day + 6).rem_euclid(7);
    let monday = first_day - first_weekday;
    if first_weekday > 3 {
        monday + 7
    } else {
        monday
    }
}

/// `(ISO year, ISO week, ISO weekday)` of a valid date.
pub fn iso_calendar(year: i64, month: i64, day: i64) -> (i64, i64, i64) {
    let today = ymd_to_ord(year, month, day);
    let mut year = year;
    let mut week1 = iso_week1_monday(year);
    let mut week = (today - week1).div_euclid(7);
    let weekday = (today - week1).rem_euclid(7);
    if week < 0 {
        year -= 1;
        week1 = iso_week1_monday(year);
        week = (today - week1).div_euclid(7);
    } else if week >= 52 && today >= iso_week1_monday(year + 1) {
        year += 1;
        week = 0;
    }
    (year, week + 1, weekday + 1)
}

/// `_strptime._calc_julian_from_U_or_W`: the day of the year of a weekday
/// (Monday = 0) in a week numbered as `%U` (weeks from Sunday) or `%W`
/// (from Monday) number them.
pub fn julian_from_week(year: i64, week: i64, weekday: i64, week_starts_monday: bool) -> PyResult<i64> {
    let mut first = weekday_of_new_year(year)?;
    let mut day = weekday;
    if !week_starts_monday {
        first = (first + 1) % 7;
        day = (day + 1) % 7;
    }
    let week_0_length = (7 - first) % 7;
    Ok(if week == 0 { 1 + day - first } else { 1 + week_0_length + 7 * (week - 1) + day })
}

fn weekday_of_new_year(year: i64) -> PyResult<i64> {
    weekday(year, 1, 1)
}

/// `_strptime._calc_julian_from_V`: `(year, day of the year)` of an ISO
/// year, week and weekday (Monday = 1).
pub fn julian_from_iso(iso_year: i64, iso_week: i64, iso_weekday: i64) -> PyResult<(i64, i64)> {
    let correction = weekday(iso_year, 1, 4)? + 1 + 3;
    let mut day = iso_week * 7 + iso_weekday - correction;
    let mut year = iso_year;
    if day < 1 {
        day += ordinal(year, 1, 1)?;
        year -= 1;
        day -= ordinal(year, 1, 1)?;
    }
    Ok((year, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip() {
        assert_eq!(ordinal(1, 1, 1).expect("an ordinal"), 1);
        for n in [1, 59, 60, 365, 366, 730_120, 738_000, 3_652_059] {
            let (y, m, d) = from_ordinal(n).expect("a date");
            assert_eq!(ordinal(y, m, d).expect("an ordinal"), n);
        }
        assert_eq!(from_ordinal(738_838).expect("a date"), (2023, 11, 14));
        assert_eq!(weekday(2023, 11, 14).expect("a weekday"), 1);
        assert!(from_ordinal(3_652_060).is_err_and(|e| e.is("ValueError")));
        assert!(ordinal(2023, 2, 29).is_err());
        assert!(ordinal(2024, 2, 29).is_ok());
        assert!(ordinal(0, 1, 1).is_err());
    }

    #[test]
    fn weeks_and_iso_weeks() {
        // time.strptime('2023 1 0', '%Y %W %w') is 2023-01-08, day 8.
        assert_eq!(julian_from_week(2023, 1, 6, true).expect("a day"), 8);
        // time.strptime('2023 52 1', '%G %V %u') is 2023-12-25, day 359.
        assert_eq!(julian_from_iso(2023, 52, 1).expect("a day"), (2023, 359));
        assert_eq!(julian_from_iso(2021, 1, 1).expect("a day"), (2021, 4));
        assert_eq!(julian_from_iso(2020, 1, 1).expect("a day"), (2019, 364));
    }
}
