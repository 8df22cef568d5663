//! `datetime.time`: a time of day, naive or with a `timezone`, and `fold`.

use std::sync::LazyLock;

use rpyc_protocol::{Record, Value};

use super::delta::Delta;
use super::zone::{offset_of, same_object, tz_arg};
use super::{check_time, format, iso, opt_c_int, tp_name};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// A time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hms {
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub us: i64,
}

impl Hms {
    pub fn seconds(&self) -> i64 {
        self.hour * 3600 + self.minute * 60 + self.second
    }

    pub fn total_us(&self) -> i128 {
        i128::from(self.seconds()) * 1_000_000 + i128::from(self.us)
    }

    /// The pickle state's bytes (hour, minute, second, microsecond).
    pub fn state(&self) -> [u8; 6] {
        [
            self.hour as u8,
            self.minute as u8,
            self.second as u8,
            (self.us >> 16) as u8,
            (self.us >> 8) as u8,
            self.us as u8,
        ]
    }
}

/// A `time` object.
pub struct Time {
    pub hms: Hms,
    pub tz: Option<Py>,
    pub fold: u8,
}

pub static TIME: LazyLock<TypeRef> = LazyLock::new(|| {
    let attrs = vec![
        ("min".into(), Py::obj(Time { hms: Hms::default(), tz: None, fold: 0 })),
        ("max".into(), Py::obj(Time { hms: Hms { hour: 23, minute: 59, second: 59, us: 999_999 }, tz: None, fold: 0 })),
        ("resolution".into(), Delta { days: 0, seconds: 0, us: 1 }.value()),
    ];
    Type::native_with_attrs("datetime", "time", None, &METHODS, Some(time_new), attrs)
});

static METHODS: [Method; 17] = [
    property("hour", |_, this, _| Ok(Py::Int(of(this)?.hms.hour))),
    property("minute", |_, this, _| Ok(Py::Int(of(this)?.hms.minute))),
    property("second", |_, this, _| Ok(Py::Int(of(this)?.hms.second))),
    property("microsecond", |_, this, _| Ok(Py::Int(of(this)?.hms.us))),
    property("tzinfo", |_, this, _| Ok(of(this)?.tz.clone().unwrap_or(Py::None))),
    property("fold", |_, this, _| Ok(Py::Int(of(this)?.fold.into()))),
    class_method("fromisoformat", fromisoformat),
    method("isoformat", isoformat),
    method("strftime", strftime),
    method("__format__", format::dunder_format),
    method("utcoffset", |_, this, args| {
        args.none("utcoffset")?;
        Ok(offset_of(&of(this)?.tz).map_or(Py::None, Delta::value))
    }),
    method("dst", |_, this, args| {
        args.none("dst")?;
        of(this)?;
        Ok(Py::None)
    }),
    method("tzname", tzname),
    method("replace", replace),
    method("__reduce__", reduce),
    method("__reduce_ex__", |cx, this, _| reduce(cx, this, Args::default())),
    method("__bool__", |_, _, _| Ok(Py::Bool(true))),
];

fn of(this: &Py) -> PyResult<&Time> {
    this.downcast::<Time>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'datetime.time' object but received a '{}'",
            tp_name(this)
        ))
    })
}

impl Time {
    pub fn value(self) -> Py {
        Py::obj(self)
    }
}

/// `time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None, *,
/// fold=0)`, or the pickle state `time(b'...', tz)`.
fn time_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if let (Some(Py::Bytes(b)), true) = (args.pos.first(), args.kw.is_empty()) {
        if b.len() == 6 && (b[0] & 0x7f) < 24 && args.pos.len() <= 2 {
            let tz = tz_arg(args.pos.get(1).cloned())?;
            let hms = Hms {
                hour: i64::from(b[0] & 0x7f),
                minute: b[1].into(),
                second: b[2].into(),
                us: (i64::from(b[3]) << 16) | (i64::from(b[4]) << 8) | i64::from(b[5]),
            };
            return Ok(Time { hms, tz, fold: u8::from(b[0] & 0x80 != 0) }.value());
        }
    }
    let [hour, minute, second, us, tzinfo, fold] =
        args.bind("time", ["hour?", "minute?", "second?", "microsecond?", "tzinfo?", "$fold?"])?;
    let hms = Hms {
        hour: opt_c_int(hour.as_ref(), 0)?,
        minute: opt_c_int(minute.as_ref(), 0)?,
        second: opt_c_int(second.as_ref(), 0)?,
        us: opt_c_int(us.as_ref(), 0)?,
    };
    let fold_n = opt_c_int(fold.as_ref(), 0)?;
    check_time(hms.hour, hms.minute, hms.second, hms.us, fold_n)?;
    let tz = tz_arg(tzinfo)?;
    Ok(Time { hms, tz, fold: fold_n as u8 }.value())
}

fn fromisoformat(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [s] = args.bind("fromisoformat", ["time_string"])?;
    let s = args::req(s);
    let Py::Str(text) = &s else {
        return Err(exceptions::type_error("fromisoformat: argument must be str"));
    };
    let text = text.strip_prefix('T').unwrap_or(text);
    let parsed = iso::parse_time(text.as_bytes()).ok_or_else(|| iso::invalid(cx, &s))?;
    let tz = parsed.zone()?;
    check_time(parsed.hms.hour, parsed.hms.minute, parsed.hms.second, parsed.hms.us, 0)?;
    Ok(Time { hms: parsed.hms, tz, fold: 0 }.value())
}

fn isoformat(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [timespec] = args.bind("isoformat", ["timespec?"])?;
    let t = of(this)?;
    let spec = match &timespec {
        None => "auto".to_owned(),
        Some(v) => args::to_str("isoformat", v)?,
    };
    let mut s = iso::time_text(t.hms, &spec)?;
    if let Some(off) = offset_of(&t.tz) {
        s.push_str(&super::zone::offset_text(off, ":"));
    }
    Ok(Py::str(s))
}

fn strftime(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [f] = args.bind("strftime", ["format"])?;
    let f = format::format_arg("strftime", args::req(f))?;
    let t = of(this)?;
    format::strftime(cx, &f, format::Parts::of_time(t.hms, t.tz.clone()))
}

fn tzname(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("tzname")?;
    let t = of(this)?;
    Ok(match &t.tz {
        Some(tz) => Py::str(super::zone::as_zone(tz).map(|z| z.name_text(tz)).unwrap_or_default()),
        None => Py::None,
    })
}

fn replace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let t = of(this)?;
    let [hour, minute, second, us, tzinfo, fold] =
        args.bind("replace", ["hour?", "minute?", "second?", "microsecond?", "tzinfo?", "$fold?"])?;
    let hms = Hms {
        hour: opt_c_int(hour.as_ref(), t.hms.hour)?,
        minute: opt_c_int(minute.as_ref(), t.hms.minute)?,
        second: opt_c_int(second.as_ref(), t.hms.second)?,
        us: opt_c_int(us.as_ref(), t.hms.us)?,
    };
    let fold_n = opt_c_int(fold.as_ref(), t.fold.into())?;
    check_time(hms.hour, hms.minute, hms.second, hms.us, fold_n)?;
    let tz = match tzinfo {
        None => t.tz.clone(),
        given => tz_arg(given)?,
    };
    Ok(Time { hms, tz, fold: fold_n as u8 }.value())
}

fn reduce(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let t = of(this)?;
    let mut args = vec![Py::bytes(t.hms.state().to_vec())];
    if let Some(tz) = &t.tz {
        args.push(tz.clone());
    }
    Ok(Py::tuple(vec![Py::Obj(TIME.clone()), Py::tuple(args)]))
}

/// `time_richcompare`'s ordering of two times, `None` for a naive and an
/// aware one.
fn compare(a: &Time, b: &Time) -> Option<std::cmp::Ordering> {
    let same_zone = match (&a.tz, &b.tz) {
        (Some(x), Some(y)) => same_object(x, y),
        (None, None) => true,
        _ => false,
    };
    if same_zone {
        return Some(a.hms.cmp(&b.hms));
    }
    match (offset_of(&a.tz), offset_of(&b.tz)) {
        (Some(x), Some(y)) if x == y => Some(a.hms.cmp(&b.hms)),
        (Some(x), Some(y)) => {
            // CPython leaves the offsets' microseconds out here.
            let secs = |t: &Time, o: Delta| t.hms.seconds() - o.days * 86_400 - o.seconds;
            Some(secs(a, x).cmp(&secs(b, y)).then(a.hms.us.cmp(&b.hms.us)))
        }
        _ => None,
    }
}

impl PyObject for Time {
    fn ty(&self) -> TypeRef {
        TIME.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let Hms { hour, minute, second, us } = self.hms;
        let mut s = if us != 0 {
            format!("datetime.time({hour}, {minute}, {second}, {us}")
        } else if second != 0 {
            format!("datetime.time({hour}, {minute}, {second}")
        } else {
            format!("datetime.time({hour}, {minute}")
        };
        if let Some(tz) = &self.tz {
            s.push_str(&format!(", tzinfo={}", semantics::repr(cx, tz)?));
        }
        if self.fold != 0 {
            s.push_str(", fold=1");
        }
        s.push(')');
        Ok(s)
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let mut s = iso::time_text(self.hms, "auto")?;
        if let Some(off) = offset_of(&self.tz) {
            s.push_str(&super::zone::offset_text(off, ":"));
        }
        Ok(s)
    }
    fn format(&self, this: &ObjRef, spec: &str, cx: &Cx) -> PyResult<Option<String>> {
        format::format_slot(cx, &Py::Obj(this.clone()), spec).map(Some)
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        match offset_of(&self.tz) {
            None => semantics::hash(cx, &Py::bytes(self.hms.state().to_vec())).map(Some),
            Some(off) => {
                let d = Delta::from_us(self.hms.total_us() - off.total_us())?;
                Ok(Some(d.hash()))
            }
        }
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<Time>() else { return Ok(None) };
        match compare(self, o) {
            Some(ord) => Ok(Some(op.holds(ord))),
            None => match op {
                CmpOp::Eq => Ok(Some(false)),
                CmpOp::Ne => Ok(Some(true)),
                _ => Err(exceptions::type_error("can't compare offset-naive and offset-aware times")),
            },
        }
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let mut state = self.hms.state();
        if self.fold != 0 {
            state[0] |= 0x80;
        }
        let mut args = vec![Value::Bytes(state.to_vec())];
        if let Some(tz) = &self.tz {
            args.push(semantics::to_value(cx, tz)?);
        }
        Ok(Some(Value::Record(Box::new(Record { class: "datetime.time".into(), args, state: None }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.tz.iter().cloned().collect()
    }
}
