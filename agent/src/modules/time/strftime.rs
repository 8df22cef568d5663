//! `strftime` as glibc formats in the C locale, natively: CPython hands
//! `time.strftime` (and, after its own `%z`/`%Z`/`%f`, `datetime`'s) to the
//! C library, and admins' hosts run glibc — while the static agent links
//! musl, whose `strftime` differs (unknown directives, padding, `%Z` of a
//! bare tuple). Implemented here: every conversion glibc has, its flags
//! (`_ - 0 ^ #`), field widths, the `E`/`O` modifiers (no-ops in the C
//! locale, refused where glibc refuses them), and unknown sequences copied
//! through as glibc copies them.

use crate::platform::time::{self as clock, Tm};

const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The local zone's names (`tzname`), for `%Z` of a time without a zone.
pub struct ZoneNames<'a> {
    pub std: &'a str,
    pub dst: &'a str,
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// glibc's `iso_week_days`: days from the first day of ISO week 1 of the
/// year to day `yday` (weekday `wday`, Sunday 0).
fn iso_week_days(yday: i64, wday: i64) -> i64 {
    let big_enough_multiple_of_7 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + big_enough_multiple_of_7) % 7 + 4 - 1
}

/// A case mapping of one character to one (`towupper` has no others).
fn one_char(mut mapped: impl Iterator<Item = char>, c: char) -> char {
    match (mapped.next(), mapped.next()) {
        (Some(m), None) => m,
        _ => c,
    }
}

/// One conversion's state: flags, width, case.
struct Spec {
    pad: Option<char>,
    width: Option<usize>,
    upper: bool,
    lower: bool,
    change_case: bool,
}

impl Spec {
    /// glibc's `add`: pads text to the width (zeros with the `0` flag,
    /// spaces otherwise) on the left.
    fn add(&self, out: &mut String, text: &str) {
        let n = text.chars().count();
        if let Some(w) = self.width {
            let fill = if self.pad == Some('0') { '0' } else { ' ' };
            out.extend(std::iter::repeat_n(fill, w.saturating_sub(n)));
        }
        out.push_str(text);
    }

    /// glibc's `cpy`: `add` with the case conversion, character by
    /// character as `towupper`/`towlower` do (CPython formats with
    /// `wcsftime`).
    fn cpy(&self, out: &mut String, text: &str) {
        if self.lower {
            self.add(out, &text.chars().map(|c| one_char(c.to_lowercase(), c)).collect::<String>());
        } else if self.upper {
            self.add(out, &text.chars().map(|c| one_char(c.to_uppercase(), c)).collect::<String>());
        } else {
            self.add(out, text);
        }
    }

    /// glibc's `DO_NUMBER`/`do_number_sign_and_padding`: at least
    /// `digits` digits, padded with `pad` (zeros by default, spaces for
    /// `_` or a space-padded conversion, none for `-`).
    fn number(&self, out: &mut String, digits: usize, value: i64, space_pad: bool) {
        let pad = match self.pad {
            Some(p @ ('0' | '-')) => Some(p),
            _ if space_pad => Some('_'),
            other => other,
        };
        let digits = self.width.map_or(digits, |w| w.max(digits));
        self.number_text(out, digits, value.is_negative(), &value.unsigned_abs().to_string(), pad);
    }

    /// The sign and padding of a number of at least `digits` digits (the
    /// width pads what is still short, as `add` does).
    fn number_text(&self, out: &mut String, digits: usize, negative: bool, magnitude: &str, pad: Option<char>) {
        let len = magnitude.len() + usize::from(negative);
        let mut text = String::new();
        let mut width = self.width;
        if pad != Some('-') && digits > len {
            let padding = digits - len;
            if pad == Some('_') {
                text.extend(std::iter::repeat_n(' ', padding));
                width = width.map(|w| w.saturating_sub(padding));
                if negative {
                    text.push('-');
                }
            } else {
                if negative {
                    text.push('-');
                }
                text.extend(std::iter::repeat_n('0', padding));
                width = Some(0);
            }
        } else if negative {
            text.push('-');
        }
        text.push_str(magnitude);
        let rest = Spec { pad, width, upper: false, lower: false, change_case: false };
        rest.add(out, &text);
    }
}

/// Formats a broken-down time as glibc's `strftime` does in the C locale.
pub fn format(fmt: &str, tm: &Tm, zones: &ZoneNames) -> String {
    let chars: Vec<char> = fmt.chars().collect();
    let mut out = String::with_capacity(fmt.len() * 2);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut spec = Spec { pad: None, width: None, upper: false, lower: false, change_case: false };
        while let Some(&f) = chars.get(i) {
            match f {
                '_' | '-' | '0' => spec.pad = Some(f),
                '^' => spec.upper = true,
                '#' => spec.change_case = true,
                _ => break,
            }
            i += 1;
        }
        if chars.get(i).is_some_and(char::is_ascii_digit) {
            let mut w: usize = 0;
            while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                w = w.saturating_mul(10).saturating_add(d as usize).min(i32::MAX as usize);
                i += 1;
            }
            spec.width = Some(w);
        }
        let modifier = match chars.get(i) {
            Some(&m @ ('E' | 'O')) => {
                i += 1;
                Some(m)
            }
            _ => None,
        };
        let Some(&conv) = chars.get(i) else {
            // `%` (and flags) at the end: copied as they are.
            let text: String = chars[start..].iter().collect();
            spec.cpy(&mut out, &text);
            break;
        };
        i += 1;
        if !convert(&mut out, conv, modifier, &mut spec, tm, zones) {
            // glibc copies back to the nearest `%`: for `%E%` that is the
            // conversion character itself.
            let from = if conv == '%' { i - 1 } else { start };
            let text: String = chars[from..i].iter().collect();
            spec.cpy(&mut out, &text);
        }
    }
    out
}

/// One conversion; false for a bad format (copied through by the caller).
fn convert(out: &mut String, conv: char, modifier: Option<char>, spec: &mut Spec, tm: &Tm, zones: &ZoneNames) -> bool {
    let year = i64::from(tm.year) + 1900;
    let hour12 = match tm.hour {
        h if h > 12 => h - 12,
        0 => 12,
        h => h,
    };
    let e = modifier == Some('E');
    let name = |names: &'static [&'static str], i: i32, short: bool| -> &'static str {
        match usize::try_from(i).ok().and_then(|i| names.get(i)) {
            Some(n) if short => &n[..3],
            Some(n) => n,
            None => "?",
        }
    };
    match conv {
        '%' => {
            if modifier.is_some() {
                return false;
            }
            spec.add(out, "%");
        }
        'a' | 'A' => {
            if modifier.is_some() {
                return false;
            }
            if spec.change_case {
                spec.upper = true;
            }
            spec.cpy(out, name(&DAYS, tm.wday, conv == 'a'));
        }
        'b' | 'h' | 'B' => {
            if spec.change_case {
                spec.upper = true;
            }
            if e {
                return false;
            }
            spec.cpy(out, name(&MONTHS, tm.mon, conv != 'B'));
        }
        'c' | 'x' | 'X' | 'D' | 'F' | 'R' | 'r' | 'T' => {
            let sub = match conv {
                'c' => "%a %b %e %H:%M:%S %Y",
                'x' | 'D' => "%m/%d/%y",
                'X' | 'T' => "%H:%M:%S",
                'F' => "%Y-%m-%d",
                'R' => "%H:%M",
                _ => "%I:%M:%S %p",
            };
            let refused = match conv {
                'c' | 'x' | 'X' => modifier == Some('O'),
                'D' | 'F' => modifier.is_some(),
                _ => false,
            };
            if refused {
                return false;
            }
            let text = format(sub, tm, zones);
            let text = if spec.upper { text.chars().map(|c| one_char(c.to_uppercase(), c)).collect() } else { text };
            spec.add(out, &text);
        }
        'C' => spec.number(out, 1, year / 100 - i64::from(year % 100 < 0), false),
        'd' | 'e' => {
            if e {
                return false;
            }
            spec.number(out, 2, tm.mday.into(), conv == 'e');
        }
        'H' | 'k' => {
            if e {
                return false;
            }
            spec.number(out, 2, tm.hour.into(), conv == 'k');
        }
        'I' | 'l' => {
            if e {
                return false;
            }
            spec.number(out, 2, hour12.into(), conv == 'l');
        }
        'j' => {
            if e {
                return false;
            }
            spec.number(out, 3, i64::from(tm.yday) + 1, false);
        }
        'M' => {
            if e {
                return false;
            }
            spec.number(out, 2, tm.min.into(), false);
        }
        'm' => {
            if e {
                return false;
            }
            spec.number(out, 2, i64::from(tm.mon) + 1, false);
        }
        'n' => spec.add(out, "\n"),
        't' => spec.add(out, "\t"),
        'P' | 'p' => {
            if conv == 'P' || spec.change_case {
                spec.upper = false;
                spec.lower = true;
            }
            spec.cpy(out, if tm.hour > 11 { "PM" } else { "AM" });
        }
        'S' => {
            if e {
                return false;
            }
            spec.number(out, 2, tm.sec.into(), false);
        }
        's' => {
            let t = clock::mktime(tm).unwrap_or(-1);
            spec.number_text(out, 1, t < 0, &t.unsigned_abs().to_string(), spec.pad);
        }
        'u' => spec.number(out, 1, (i64::from(tm.wday) - 1 + 7) % 7 + 1, false),
        'U' => {
            if e {
                return false;
            }
            spec.number(out, 2, (i64::from(tm.yday) - i64::from(tm.wday) + 7) / 7, false);
        }
        'V' | 'g' | 'G' => {
            if e {
                return false;
            }
            let (yday, wday) = (i64::from(tm.yday), i64::from(tm.wday));
            let mut iso_year = year;
            let mut days = iso_week_days(yday, wday);
            if days < 0 {
                iso_year -= 1;
                days = iso_week_days(yday + 365 + i64::from(is_leap(iso_year)), wday);
            } else {
                let d = iso_week_days(yday - (365 + i64::from(is_leap(iso_year))), wday);
                if d >= 0 {
                    iso_year += 1;
                    days = d;
                }
            }
            match conv {
                'g' => spec.number(out, 2, (iso_year % 100 + 100) % 100, false),
                'G' => spec.number(out, 1, iso_year, false),
                _ => spec.number(out, 2, days / 7 + 1, false),
            }
        }
        'W' => {
            if e {
                return false;
            }
            let wday = i64::from(tm.wday);
            spec.number(out, 2, (i64::from(tm.yday) - (wday - 1 + 7) % 7 + 7) / 7, false);
        }
        'w' => {
            if e {
                return false;
            }
            spec.number(out, 1, tm.wday.into(), false);
        }
        'Y' => {
            if modifier == Some('O') {
                return false;
            }
            spec.number(out, 1, year, false);
        }
        'y' => spec.number(out, 2, (i64::from(tm.year) % 100 + 100) % 100, false),
        'Z' => {
            if spec.change_case {
                spec.upper = false;
                spec.lower = true;
            }
            let zone = match &tm.zone {
                Some(z) if !z.is_empty() => z.as_str(),
                _ if tm.isdst >= 0 => match tm.isdst {
                    0 => zones.std,
                    1 => zones.dst,
                    _ => "?",
                },
                _ => "",
            };
            spec.cpy(out, zone);
        }
        'z' => {
            if tm.isdst < 0 {
                return true;
            }
            let diff = tm.gmtoff;
            spec.add(out, if diff < 0 { "-" } else { "+" });
            let minutes = diff.abs() / 60;
            spec.number(out, 4, (minutes / 60) * 100 + minutes % 60, false);
        }
        _ => return false,
    }
    true
}
