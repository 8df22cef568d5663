//! `time.struct_time` and the conversions between it (or a 9-tuple) and
//! the C library's broken-down time, with CPython's checks (`gettmarg`,
//! `checktm`) and error messages.

use std::sync::LazyLock;

use crate::objects::dict::Dict;
use crate::objects::record::{RecordKind, RecordObj};
use crate::platform::time::Tm;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

/// The fields of a `struct_time`: nine visible ones, then the zone.
const FIELDS: [&str; 11] = [
    "tm_year",
    "tm_mon",
    "tm_mday",
    "tm_hour",
    "tm_min",
    "tm_sec",
    "tm_wday",
    "tm_yday",
    "tm_isdst",
    "tm_zone",
    "tm_gmtoff",
];

/// `time.struct_time`: a struct sequence of 9 visible fields.
pub static STRUCT_TIME: LazyLock<TypeRef> = LazyLock::new(|| {
    let tuple = crate::objects::tuple::TUPLE.clone();
    Type::native("time", "struct_time", Some(&tuple), &[], Some(struct_time_new))
});

const KIND: RecordKind = RecordKind::StructSeq { visible: 9 };

/// A `struct_time` of 9 to 11 values (the zone fields `None` when absent).
pub fn make(values: Vec<Py>) -> Py {
    let mut values = values.into_iter();
    let fields = FIELDS.iter().map(|name| (*name, values.next().unwrap_or(Py::None))).collect();
    RecordObj::new(&STRUCT_TIME, KIND, fields)
}

/// `time.struct_time(sequence)`.
fn struct_time_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [sequence, dict] = args.bind("struct_time", ["sequence", "dict?"])?;
    let dict = match dict {
        None | Some(Py::None) => None,
        Some(d) => match d.downcast::<Dict>() {
            Some(_) => Some(d),
            None => return Err(exceptions::type_error("time.struct_time() takes a dict as second arg, if any")),
        },
    };
    let sequence = sequence.unwrap_or(Py::None);
    let items = match &sequence {
        Py::Str(_) | Py::Bytes(_) | Py::Tuple(_) | Py::Obj(_) | Py::Client(_) => semantics::iterate(cx, &sequence)
            .map_err(
                |e| if e.is("TypeError") { exceptions::type_error("constructor requires a sequence") } else { e },
            )?,
        _ => return Err(exceptions::type_error("constructor requires a sequence")),
    };
    match items.len() {
        n if n < 9 => {
            Err(exceptions::type_error(format!("time.struct_time() takes an at least 9-sequence ({n}-sequence given)")))
        }
        n if n > 11 => {
            Err(exceptions::type_error(format!("time.struct_time() takes an at most 11-sequence ({n}-sequence given)")))
        }
        _ => {
            // Fields past the sequence come from the dict, by name.
            let mut items = items;
            if let Some(d) = dict.as_ref().and_then(|d| d.downcast::<Dict>()) {
                for name in &FIELDS[items.len()..] {
                    items.push(d.get_str(name).unwrap_or(Py::None));
                }
            }
            Ok(make(items))
        }
    }
}

/// A broken-down time as Python shows it: full year, months from 1,
/// Monday = 0, days of the year from 1.
pub fn from_tm(tm: &Tm) -> Py {
    let int = |n: i32| Py::Int(n.into());
    make(vec![
        Py::Int(i64::from(tm.year) + 1900),
        int(tm.mon + 1),
        int(tm.mday),
        int(tm.hour),
        int(tm.min),
        int(tm.sec),
        int((tm.wday + 6) % 7),
        int(tm.yday + 1),
        int(tm.isdst),
        tm.zone.clone().map_or(Py::None, Py::str),
        Py::Int(tm.gmtoff),
    ])
}

/// The nine values of a time argument and, for a `struct_time`, its zone
/// and offset.
fn time_values(cx: &Cx, func: &str, v: &Py) -> PyResult<(Vec<Py>, Py, Py)> {
    let required = || exceptions::type_error("Tuple or struct_time argument required");
    let illegal = || exceptions::type_error(format!("{func}(): illegal time tuple argument"));
    match v {
        Py::Tuple(items) => Ok((items.to_vec(), Py::None, Py::None)),
        Py::Obj(o) => {
            let Some(Py::Tuple(items)) = o.base_value() else { return Err(required()) };
            match v.downcast::<RecordObj>().filter(|_| std::sync::Arc::ptr_eq(&o.ty(), &STRUCT_TIME)) {
                Some(r) => Ok((
                    items.to_vec(),
                    r.field("tm_zone").unwrap_or(Py::None),
                    r.field("tm_gmtoff").unwrap_or(Py::None),
                )),
                None => Ok((items.to_vec(), Py::None, Py::None)),
            }
        }
        // The client's struct_time, fetched by value (pickled as its nine
        // values and a dict of the zone fields).
        Py::Client(r) if r.type_name() == "time.struct_time" => {
            let value = semantics::to_value(cx, v)?;
            let rpyc_protocol::Value::Record(rec) = value else { return Err(illegal()) };
            let mut args = rec.args.into_iter();
            let Some(rpyc_protocol::Value::Tuple(items)) = args.next() else { return Err(illegal()) };
            let items = items.into_iter().map(|i| (cx.hooks.from_value)(i)).collect();
            let (mut zone, mut gmtoff) = (Py::None, Py::None);
            if let Some(rpyc_protocol::Value::Dict(extra)) = args.next() {
                for (k, v) in extra {
                    match k.as_str() {
                        Some("tm_zone") => zone = (cx.hooks.from_value)(v),
                        Some("tm_gmtoff") => gmtoff = (cx.hooks.from_value)(v),
                        _ => {}
                    }
                }
            }
            Ok((items, zone, gmtoff))
        }
        _ => Err(required()),
    }
}

/// A C `int` field, as `PyArg_ParseTuple`'s `i` converts it.
pub fn c_int(v: &Py) -> PyResult<i32> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => i32::try_from(n).map_err(|_| {
            exceptions::overflow_error(if n > 0 {
                "signed integer is greater than maximum"
            } else {
                "signed integer is less than minimum"
            })
        }),
        Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C long")),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

/// CPython's `gettmarg`: a 9-tuple or `struct_time` as a C broken-down
/// time (the zone only from a `struct_time`).
pub fn time_arg(cx: &Cx, func: &str, v: &Py) -> PyResult<Tm> {
    let (items, zone, gmtoff) = time_values(cx, func, v)?;
    if items.len() != 9 {
        return Err(exceptions::type_error(format!("{func}(): illegal time tuple argument")));
    }
    let mut n = [0i32; 9];
    for (slot, item) in n.iter_mut().zip(&items) {
        *slot = c_int(item)?;
    }
    if n[0] < i32::MIN + 1900 {
        return Err(exceptions::overflow_error("year out of range"));
    }
    let mut tm = Tm {
        year: n[0] - 1900,
        mon: n[1].wrapping_sub(1),
        mday: n[2],
        hour: n[3],
        min: n[4],
        sec: n[5],
        wday: n[6].wrapping_add(1) % 7,
        yday: n[7].wrapping_sub(1),
        isdst: n[8],
        ..Tm::default()
    };
    match zone {
        Py::None => {}
        Py::Str(z) => {
            if z.contains('\0') {
                return Err(exceptions::value_error("embedded null character"));
            }
            tm.zone = Some(z.to_string());
        }
        other => {
            return Err(exceptions::type_error(format!(
                "bad argument type for tm_zone: {}",
                semantics::type_name(&other)
            )))
        }
    }
    if !gmtoff.is_none() {
        tm.gmtoff = match semantics::index_value(&gmtoff) {
            Some(Py::Int(off)) => off,
            Some(_) => return Err(exceptions::overflow_error("Python int too large to convert to C long")),
            None => return Err(exceptions::type_error("an integer is required")),
        };
    }
    Ok(tm)
}

/// CPython's `checktm`, with its normalisations (month and day of month 0
/// mean the first, day of year -1 the first).
pub fn checktm(tm: &mut Tm) -> PyResult<()> {
    let bad = |what: &str| Err(exceptions::value_error(format!("{what} out of range")));
    if tm.mon == -1 {
        tm.mon = 0;
    } else if !(0..=11).contains(&tm.mon) {
        return bad("month");
    }
    if tm.mday == 0 {
        tm.mday = 1;
    } else if !(0..=31).contains(&tm.mday) {
        return bad("day of month");
    }
    if !(0..=23).contains(&tm.hour) {
        return bad("hour");
    }
    if !(0..=59).contains(&tm.min) {
        return bad("minute");
    }
    if !(0..=61).contains(&tm.sec) {
        return bad("seconds");
    }
    if tm.wday < 0 {
        return bad("day of week");
    }
    if tm.yday == -1 {
        tm.yday = 0;
    } else if !(0..=365).contains(&tm.yday) {
        return bad("day of year");
    }
    Ok(())
}

/// CPython's `_asctime`: `Thu Jan  1 00:00:00 1970`.
pub fn asctime_text(tm: &Tm) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        DAYS[tm.wday.rem_euclid(7) as usize],
        MONTHS[tm.mon.rem_euclid(12) as usize],
        tm.mday,
        tm.hour,
        tm.min,
        tm.sec,
        i64::from(tm.year) + 1900
    )
}
