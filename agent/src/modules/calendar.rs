//! `calendar`: the module functions of CPython 3.11's `calendar.py` —
//! `isleap`, `leapdays`, `weekday`, `monthrange`, `monthcalendar`,
//! `timegm`, the text calendars `month()`/`calendar()` (and `prmonth`,
//! `prcal`, `week`, `weekheader`) laid out as `TextCalendar` lays them out,
//! the first weekday of the module's calendar, the name sequences and the
//! exception classes. Arithmetic on the arguments goes through Python's
//! own operators, as the Python module's does (`isleap(2024.0)` works).
//! The `Calendar` classes are not implemented.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use crate::modules::time::dates;
use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exc_self, ExcObj, PyErr, PyResult};
use crate::runtime::object::{BinOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "calendar",
    type_name: "calendar",
    doc: "Calendar printing functions",
    functions: &[
        f("isleap", isleap),
        f("leapdays", leapdays),
        f("weekday", weekday),
        f("monthrange", monthrange),
        f("monthcalendar", monthcalendar),
        f("month", month),
        f("calendar", calendar),
        f("prmonth", prmonth),
        f("prcal", prcal),
        f("week", week),
        f("weekheader", weekheader),
        f("timegm", timegm),
        f("firstweekday", firstweekday),
        f("setfirstweekday", setfirstweekday),
    ],
    attr,
    attr_names: &[
        "month_name",
        "month_abbr",
        "day_name",
        "day_abbr",
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
        "January",
        "February",
        "mdays",
        "EPOCH",
        "error",
        "IllegalMonthError",
        "IllegalWeekdayError",
    ],
    setattr: None,
};

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
const DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MDAYS: [i64; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// The first weekday of the module's calendar (`setfirstweekday`), shared
/// by every connection as the Python module's global is.
static FIRST_WEEKDAY: AtomicI64 = AtomicI64::new(0);

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let names = |kind: NameKind| Some(Ok(Py::obj(LocalizedNames(kind))));
    Some(Ok(match name {
        "month_name" => return names(NameKind::MonthName),
        "month_abbr" => return names(NameKind::MonthAbbr),
        "day_name" => return names(NameKind::DayName),
        "day_abbr" => return names(NameKind::DayAbbr),
        "MONDAY" => Py::Int(0),
        "TUESDAY" => Py::Int(1),
        "WEDNESDAY" => Py::Int(2),
        "THURSDAY" => Py::Int(3),
        "FRIDAY" => Py::Int(4),
        "SATURDAY" => Py::Int(5),
        "SUNDAY" => Py::Int(6),
        "January" => Py::Int(1),
        "February" => Py::Int(2),
        "EPOCH" => Py::Int(1970),
        "mdays" => List::new(MDAYS.iter().map(|d| Py::Int(*d)).collect()),
        "error" => type_value(&exceptions::exc_type("ValueError")),
        "IllegalMonthError" => type_value(&ILLEGAL_MONTH),
        "IllegalWeekdayError" => type_value(&ILLEGAL_WEEKDAY),
        _ => return None,
    }))
}

// ---------------------------------------------------------------- errors

static ILLEGAL_MONTH: LazyLock<TypeRef> = LazyLock::new(|| error_class("IllegalMonthError", &ILLEGAL_MONTH_METHODS));
static ILLEGAL_WEEKDAY: LazyLock<TypeRef> =
    LazyLock::new(|| error_class("IllegalWeekdayError", &ILLEGAL_WEEKDAY_METHODS));

static ILLEGAL_MONTH_METHODS: [Method; 1] = [method("__str__", |cx, this, _| {
    let month = exc_self(this)?.attr("month").unwrap_or(Py::None);
    Ok(Py::str(format!("bad month number {}; must be 1-12", semantics::repr(cx, &month)?)))
})];

static ILLEGAL_WEEKDAY_METHODS: [Method; 1] = [method("__str__", |cx, this, _| {
    let day = exc_self(this)?.attr("weekday").unwrap_or(Py::None);
    Ok(Py::str(format!("bad weekday number {}; must be 0 (Monday) to 6 (Sunday)", semantics::repr(cx, &day)?)))
})];

fn error_class(name: &'static str, methods: &'static [Method]) -> TypeRef {
    let t = Type::native("calendar", name, Some(&exceptions::exc_type("ValueError")), methods, Some(error_new));
    exceptions::register_class(&t);
    t
}

/// `IllegalMonthError(month)` / `IllegalWeekdayError(weekday)`.
fn error_new(_cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let field = if Arc::ptr_eq(cls, &ILLEGAL_MONTH) { "month" } else { "weekday" };
    let [v] = args.bind("__init__", [field])?;
    Ok(Py::Obj(Arc::new(error_instance(cls, field, args::req(v)))))
}

fn error_instance(cls: &TypeRef, field: &str, v: Py) -> ExcObj {
    let e = ExcObj::new(cls.clone(), vec![v.clone()]);
    e.set_attr(field, v);
    e
}

/// Makes the classes before a client exception of their names can arrive.
pub fn register_classes() {
    LazyLock::force(&ILLEGAL_MONTH);
    LazyLock::force(&ILLEGAL_WEEKDAY);
}

// ---------------------------------------------------------------- names

#[derive(Clone, Copy, PartialEq, Eq)]
enum NameKind {
    MonthName,
    MonthAbbr,
    DayName,
    DayAbbr,
}

/// `month_name` and friends: sequences of the C locale's names, copied by
/// value as the `_localized_month`/`_localized_day` objects they are.
struct LocalizedNames(NameKind);

static LOCALIZED_MONTH: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("calendar", "_localized_month", None, &[], None));
static LOCALIZED_DAY: LazyLock<TypeRef> = LazyLock::new(|| Type::native("calendar", "_localized_day", None, &[], None));

impl LocalizedNames {
    fn names(&self) -> Vec<Py> {
        let cut = |s: &str, short: bool| Py::str(if short { &s[..3] } else { s });
        match self.0 {
            NameKind::MonthName | NameKind::MonthAbbr => std::iter::once(Py::str(""))
                .chain(MONTHS.iter().map(|m| cut(m, self.0 == NameKind::MonthAbbr)))
                .collect(),
            NameKind::DayName | NameKind::DayAbbr => DAYS.iter().map(|d| cut(d, self.0 == NameKind::DayAbbr)).collect(),
        }
    }

    fn format(&self) -> &'static str {
        match self.0 {
            NameKind::MonthName => "%B",
            NameKind::MonthAbbr => "%b",
            NameKind::DayName => "%A",
            NameKind::DayAbbr => "%a",
        }
    }
}

impl PyObject for LocalizedNames {
    fn ty(&self) -> TypeRef {
        match self.0 {
            NameKind::MonthName | NameKind::MonthAbbr => LOCALIZED_MONTH.clone(),
            _ => LOCALIZED_DAY.clone(),
        }
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.names().len()))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::getitem(cx, &List::new(self.names()), key).map(Some)
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &List::new(self.names())).map(Some)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok((name == "format").then(|| Py::str(self.format())))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(Record {
            class: self.ty().qualified_name(),
            args: Vec::new(),
            state: Some(Value::Dict(vec![(Value::str("format"), Value::str(self.format()))])),
        }))))
    }
}

// ---------------------------------------------------------------- arithmetic

fn op(cx: &Cx, o: BinOp, a: &Py, b: i64) -> PyResult<Py> {
    semantics::binary(cx, o, a, &Py::Int(b))
}

/// `year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)`.
fn is_leap_value(cx: &Cx, year: &Py) -> PyResult<Py> {
    let zero = Py::Int(0);
    let by = |n: i64| -> PyResult<bool> { semantics::eq(cx, &op(cx, BinOp::Mod, year, n)?, &zero) };
    let four = semantics::eq(cx, &op(cx, BinOp::Mod, year, 4)?, &zero)?;
    if !four {
        return Ok(Py::Bool(false));
    }
    let hundred = op(cx, BinOp::Mod, year, 100)?;
    if !semantics::eq(cx, &hundred, &zero)? {
        return Ok(Py::Bool(true));
    }
    Ok(Py::Bool(by(400)?))
}

fn isleap(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year] = args.bind("isleap", ["year"])?;
    is_leap_value(cx, &args::req(year))
}

/// `leapdays(y1, y2)`: leap years in `[y1, y2)`.
fn leapdays(cx: &Cx, args: Args) -> PyResult<Py> {
    let [y1, y2] = args.bind("leapdays", ["y1", "y2"])?;
    let y1 = op(cx, BinOp::Sub, &args::req(y1), 1)?;
    let y2 = op(cx, BinOp::Sub, &args::req(y2), 1)?;
    let count = |n: i64| -> PyResult<Py> {
        semantics::binary(cx, BinOp::Sub, &op(cx, BinOp::FloorDiv, &y2, n)?, &op(cx, BinOp::FloorDiv, &y1, n)?)
    };
    let fours = count(4)?;
    let hundreds = count(100)?;
    let four_hundreds = count(400)?;
    let r = semantics::binary(cx, BinOp::Sub, &fours, &hundreds)?;
    semantics::binary(cx, BinOp::Add, &r, &four_hundreds)
}

/// `weekday(year, month, day)`: years outside 1..9999 map into a 400-year
/// cycle, then `datetime.date(...).weekday()`.
fn weekday_of(cx: &Cx, year: &Py, month: &Py, day: &Py) -> PyResult<i64> {
    let in_range = !semantics::lt(cx, year, &Py::Int(1))? && !semantics::lt(cx, &Py::Int(9999), year)?;
    let year = if in_range {
        year.clone()
    } else {
        semantics::binary(cx, BinOp::Add, &Py::Int(2000), &op(cx, BinOp::Mod, year, 400)?)?
    };
    let int = |v: &Py| crate::modules::time::c_int(v).map(i64::from);
    let (y, m, d) = (int(&year)?, int(month)?, int(day)?);
    Ok((dates::ordinal(y, m, d)? + 6) % 7)
}

fn weekday(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, month, day] = args.bind("weekday", ["year", "month", "day"])?;
    Ok(Py::Int(weekday_of(cx, &args::req(year), &args::req(month), &args::req(day))?))
}

/// `monthrange(year, month)`: the weekday of the first and the length.
fn month_range(cx: &Cx, year: &Py, month: &Py) -> PyResult<(i64, i64)> {
    let valid = !semantics::lt(cx, month, &Py::Int(1))? && !semantics::lt(cx, &Py::Int(12), month)?;
    if !valid {
        return Err(PyErr(Arc::new(error_instance(&ILLEGAL_MONTH, "month", month.clone()))));
    }
    let day1 = weekday_of(cx, year, month, &Py::Int(1))?;
    let m = crate::modules::time::c_int(month).map(i64::from)?;
    let leap = m == 2 && semantics::truthy(cx, &is_leap_value(cx, year)?)?;
    Ok((day1, MDAYS[m as usize] + i64::from(leap)))
}

fn monthrange(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, month] = args.bind("monthrange", ["year", "month"])?;
    let (day1, ndays) = month_range(cx, &args::req(year), &args::req(month))?;
    Ok(Py::tuple(vec![Py::Int(day1), Py::Int(ndays)]))
}

// ---------------------------------------------------------------- calendars

/// The weeks of a month as `(day, weekday)` pairs, day 0 outside it
/// (`monthdays2calendar`).
fn weeks(cx: &Cx, year: &Py, month: &Py) -> PyResult<Vec<Vec<(i64, i64)>>> {
    let first = FIRST_WEEKDAY.load(Ordering::Relaxed);
    let (day1, ndays) = month_range(cx, year, month)?;
    let before = (day1 - first).rem_euclid(7);
    let after = (first - day1 - ndays).rem_euclid(7);
    let days: Vec<i64> = std::iter::repeat_n(0, before as usize)
        .chain(1..=ndays)
        .chain(std::iter::repeat_n(0, after as usize))
        .collect();
    let pairs: Vec<(i64, i64)> = days.iter().enumerate().map(|(i, d)| (*d, (first + i as i64) % 7)).collect();
    Ok(pairs.chunks(7).map(<[(i64, i64)]>::to_vec).collect())
}

fn monthcalendar(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, month] = args.bind("monthdayscalendar", ["year", "month"])?;
    let weeks = weeks(cx, &args::req(year), &args::req(month))?;
    Ok(List::new(weeks.into_iter().map(|w| List::new(w.into_iter().map(|(d, _)| Py::Int(d)).collect())).collect()))
}

/// `str.center(width)`.
fn center(s: &str, width: i64) -> String {
    let len = s.chars().count() as i64;
    if len >= width {
        return s.to_owned();
    }
    let marg = width - len;
    let left = marg / 2 + (marg & width & 1);
    format!("{}{s}{}", " ".repeat(left as usize), " ".repeat((marg - left) as usize))
}

fn format_week(week: &[(i64, i64)], width: i64) -> String {
    let day = |d: i64| center(&if d == 0 { String::new() } else { format!("{d:2}") }, width);
    week.iter().map(|(d, _)| day(*d)).collect::<Vec<_>>().join(" ")
}

fn format_weekheader(width: i64) -> String {
    let first = FIRST_WEEKDAY.load(Ordering::Relaxed);
    (first..first + 7)
        .map(|i| {
            let name = DAYS[(i % 7) as usize];
            let name = if width >= 9 { name } else { &name[..3] };
            let cut: String = name.chars().take(width.max(0) as usize).collect();
            center(&cut, width)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn month_name_of(m: i64) -> &'static str {
    MONTHS.get((m - 1) as usize).copied().unwrap_or("")
}

/// `TextCalendar.formatmonth`.
fn format_month(cx: &Cx, year: &Py, month: &Py, w: i64, l: i64) -> PyResult<String> {
    let (w, l) = (w.max(2), l.max(1));
    // `month_name[themonth]` first, as `formatmonthname` reads it.
    let name = semantics::getitem(cx, &List::new(LocalizedNames(NameKind::MonthName).names()), month)?;
    let weeks = weeks(cx, year, month)?;
    let name = format!("{} {}", semantics::str(cx, &name)?, semantics::repr(cx, year)?);
    let mut s = center(&name, 7 * (w + 1) - 1).trim_end().to_owned();
    let newlines = "\n".repeat(l as usize);
    s.push_str(&newlines);
    s.push_str(format_weekheader(w).trim_end());
    s.push_str(&newlines);
    for week in weeks {
        s.push_str(format_week(&week, w).trim_end());
        s.push_str(&newlines);
    }
    Ok(s)
}

/// `TextCalendar.formatyear`.
fn format_year(cx: &Cx, year: &Py, w: i64, l: i64, c: i64, m: i64) -> PyResult<String> {
    let (w, l, c) = (w.max(2), l.max(1), c.max(2));
    if m <= 0 {
        return Err(exceptions::value_error("range() arg 3 must not be zero"));
    }
    let colwidth = (w + 1) * 7 - 1;
    let newlines = "\n".repeat(l as usize);
    let join = |cols: Vec<String>| -> String {
        cols.iter().map(|s| center(s, colwidth)).collect::<Vec<_>>().join(&" ".repeat(c as usize))
    };
    let mut v = String::new();
    v.push_str(center(&semantics::repr(cx, year)?, colwidth * m + c * (m - 1)).trim_end());
    v.push_str(&newlines);
    let header = format_weekheader(w);
    let all: Vec<i64> = (1..=12).collect();
    for (i, row) in all.chunks(m as usize).enumerate() {
        let months: Vec<i64> = (m * i as i64 + 1..(m * (i as i64 + 1) + 1).min(13)).collect();
        let cals: Vec<Vec<Vec<(i64, i64)>>> =
            row.iter().map(|k| weeks(cx, year, &Py::Int(*k))).collect::<PyResult<_>>()?;
        v.push_str(&newlines);
        v.push_str(join(months.iter().map(|k| month_name_of(*k).to_owned()).collect()).trim_end());
        v.push_str(&newlines);
        v.push_str(join(months.iter().map(|_| header.clone()).collect()).trim_end());
        v.push_str(&newlines);
        let height = cals.iter().map(Vec::len).max().unwrap_or(0);
        for j in 0..height {
            let weeks: Vec<String> =
                cals.iter().map(|cal| cal.get(j).map_or(String::new(), |w2| format_week(w2, w))).collect();
            v.push_str(join(weeks).trim_end());
            v.push_str(&newlines);
        }
    }
    Ok(v)
}

fn int_or(func: &str, v: Option<&Py>, default: i64) -> PyResult<i64> {
    Ok(args::opt_int(func, v)?.unwrap_or(default))
}

fn month(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, month, w, l] = args.bind("formatmonth", ["theyear", "themonth", "w?", "l?"])?;
    let (w, l) = (int_or("formatmonth", w.as_ref(), 0)?, int_or("formatmonth", l.as_ref(), 0)?);
    Ok(Py::str(format_month(cx, &args::req(year), &args::req(month), w, l)?))
}

fn calendar(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, w, l, c, m] = args.bind("formatyear", ["theyear", "w?", "l?", "c?", "m?"])?;
    let int = |v: Option<Py>, d: i64| int_or("formatyear", v.as_ref(), d);
    Ok(Py::str(format_year(cx, &args::req(year), int(w, 2)?, int(l, 1)?, int(c, 6)?, int(m, 3)?)?))
}

/// `print(text, end='')`, through the builtins' `print` (the client's
/// redirected stdout, or the agent's log).
fn print(cx: &Cx, text: String) -> PyResult<Py> {
    let builtins = Py::Obj(crate::modules::getmodule("builtins")?);
    let print = attr::getattr(cx, &builtins, "print")?;
    semantics::call(cx, &print, Args::new(vec![Py::str(text)], vec![("end".into(), Py::str(""))]))?;
    Ok(Py::None)
}

fn prmonth(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, month, w, l] = args.bind("prmonth", ["theyear", "themonth", "w?", "l?"])?;
    let (w, l) = (int_or("prmonth", w.as_ref(), 0)?, int_or("prmonth", l.as_ref(), 0)?);
    print(cx, format_month(cx, &args::req(year), &args::req(month), w, l)?)
}

fn prcal(cx: &Cx, args: Args) -> PyResult<Py> {
    let [year, w, l, c, m] = args.bind("pryear", ["theyear", "w?", "l?", "c?", "m?"])?;
    let int = |v: Option<Py>, d: i64| int_or("pryear", v.as_ref(), d);
    print(cx, format_year(cx, &args::req(year), int(w, 0)?, int(l, 0)?, int(c, 6)?, int(m, 3)?)?)
}

/// `week(theweek, width)`: a week of `(day, weekday)` pairs.
fn week(cx: &Cx, args: Args) -> PyResult<Py> {
    let [theweek, width] = args.bind("formatweek", ["theweek", "width"])?;
    let width = args::to_int("formatweek", &args::req(width))?;
    let mut days = Vec::new();
    for item in semantics::iterate(cx, &args::req(theweek))? {
        let pair = semantics::iterate(cx, &item)?;
        let [d, wd] = <[Py; 2]>::try_from(pair)
            .map_err(|_| exceptions::value_error("not enough values to unpack (expected 2)"))?;
        days.push((args::to_int("formatweek", &d)?, args::to_int("formatweek", &wd)?));
    }
    Ok(Py::str(format_week(&days, width)))
}

fn weekheader(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [width] = args.bind("formatweekheader", ["width"])?;
    Ok(Py::str(format_weekheader(args::to_int("formatweekheader", &args::req(width))?)))
}

/// `timegm(tuple)`: seconds since the epoch of a UTC time tuple, computed
/// with Python's operators (float seconds stay floats).
fn timegm(cx: &Cx, args: Args) -> PyResult<Py> {
    let [t] = args.bind("timegm", ["tuple"])?;
    let fields = semantics::iterate(cx, &args::req(t))?;
    let [year, month, day, hour, minute, second] =
        match <[Py; 6]>::try_from(fields.into_iter().take(6).collect::<Vec<_>>()) {
            Ok(f) => f,
            Err(v) => {
                return Err(exceptions::value_error(format!(
                    "not enough values to unpack (expected 6, got {})",
                    v.len()
                )))
            }
        };
    let int = |v: &Py| crate::modules::time::c_int(v).map(i64::from);
    let first = dates::ordinal(int(&year)?, int(&month)?, 1)?;
    let days = op(cx, BinOp::Add, &day, first - 719_163 - 1)?;
    let step = |acc: &Py, factor: i64, add: &Py| -> PyResult<Py> {
        semantics::binary(cx, BinOp::Add, &op(cx, BinOp::Mul, acc, factor)?, add)
    };
    let hours = step(&days, 24, &hour)?;
    let minutes = step(&hours, 60, &minute)?;
    step(&minutes, 60, &second)
}

fn firstweekday(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getfirstweekday")?;
    Ok(Py::Int(FIRST_WEEKDAY.load(Ordering::Relaxed) % 7))
}

fn setfirstweekday(cx: &Cx, args: Args) -> PyResult<Py> {
    let [day] = args.bind("setfirstweekday", ["firstweekday"])?;
    let day = args::req(day);
    let valid = !semantics::lt(cx, &day, &Py::Int(0))? && !semantics::lt(cx, &Py::Int(6), &day)?;
    if !valid {
        return Err(PyErr(Arc::new(error_instance(&ILLEGAL_WEEKDAY, "weekday", day))));
    }
    FIRST_WEEKDAY.store(args::to_int("setfirstweekday", &day)?, Ordering::Relaxed);
    Ok(Py::None)
}
