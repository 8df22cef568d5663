use super::*;
use crate::objects::attr;
use crate::objects::testing::with_cx;
use crate::runtime::exceptions::PyErr;

#[path = "strptime_cases.rs"]
mod strptime_cases;

fn call(cx: &Cx, func: fn(&Cx, Args) -> PyResult<Py>, args: Vec<Py>) -> PyResult<Py> {
    func(cx, Args::positional(args))
}

fn repr(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).expect("repr")
}

fn raised(r: PyResult<Py>) -> PyErr {
    match r {
        Err(e) => e,
        Ok(v) => panic!("expected an exception, got {v:?}"),
    }
}

fn ints(items: [i64; 9]) -> Py {
    Py::tuple(items.map(Py::Int).to_vec())
}

#[test]
fn gmtime_is_a_struct_time() {
    with_cx(|cx| {
        let t = call(cx, gmtime, vec![Py::Float(1_700_000_000.9)]).expect("gmtime");
        assert_eq!(
            repr(cx, &t),
            "time.struct_time(tm_year=2023, tm_mon=11, tm_mday=14, tm_hour=22, tm_min=13, tm_sec=20, tm_wday=1, tm_yday=318, tm_isdst=0)"
        );
        assert_eq!(repr(cx, &attr::getattr(cx, &t, "tm_zone").expect("zone")), "'GMT'");
        assert_eq!(repr(cx, &attr::getattr(cx, &t, "tm_gmtoff").expect("offset")), "0");
        assert_eq!(semantics::len(cx, &t).expect("len"), 9);
        assert_eq!(repr(cx, &semantics::getitem(cx, &t, &Py::Int(0)).expect("item")), "2023");
        assert!(attr::isinstance(cx, &t, &type_value(&crate::objects::tuple::TUPLE)).expect("isinstance"));
        let rpyc_protocol::Value::Record(r) = semantics::to_value(cx, &t).expect("by value") else {
            panic!("a record")
        };
        assert_eq!(r.class, "time.struct_time");
        assert_eq!(r.args.len(), 2);
    });
}

#[test]
fn strftime_of_a_fixed_time() {
    with_cx(|cx| {
        let t = call(cx, gmtime, vec![Py::Int(1_700_000_000)]).expect("gmtime");
        let s = call(cx, strftime, vec![Py::str("%Y-%m-%d %H:%M:%S %a %b %j %Z %z %%"), t]).expect("formats");
        assert_eq!(repr(cx, &s), "'2023-11-14 22:13:20 Tue Nov 318 GMT +0000 %'");
        let plain = call(cx, strftime, vec![Py::str("%d/%m/%y %A %B"), ints([2024, 2, 29, 0, 0, 0, 3, 60, 0])]);
        assert_eq!(repr(cx, &plain.expect("formats")), "'29/02/24 Thursday February'");
        assert!(raised(call(cx, strftime, vec![Py::str(""), Py::Int(0)])).is("TypeError"));
        let e = raised(call(cx, strftime, vec![Py::str("%Y"), Py::tuple(vec![Py::Int(1); 10])]));
        assert_eq!(e.message(cx), "strftime(): illegal time tuple argument");
        let e = raised(call(cx, strftime, vec![Py::str("a\0"), ints([2024, 1, 1, 0, 0, 0, 0, 1, 0])]));
        assert_eq!(e.message(cx), "embedded null character");
    });
}

#[test]
fn a_struct_time_carries_its_zone_into_strftime() {
    with_cx(|cx| {
        let class = type_value(&STRUCT_TIME);
        let values = vec![2024, 1, 1, 0, 0, 0, 0, 1, 0].into_iter().map(Py::Int).chain([Py::str("XYZ"), Py::Int(3600)]);
        let t = semantics::call(cx, &class, Args::one(Py::tuple(values.collect::<Vec<_>>()))).expect("a struct_time");
        let s = call(cx, strftime, vec![Py::str("%Y %Z %z"), t]).expect("formats");
        assert_eq!(repr(cx, &s), "'2024 XYZ +0100'");
        let short = semantics::call(cx, &class, Args::one(Py::tuple(vec![Py::Int(1); 3])));
        assert_eq!(raised(short).message(cx), "time.struct_time() takes an at least 9-sequence (3-sequence given)");
        let long = semantics::call(cx, &class, Args::one(Py::tuple(vec![Py::Int(1); 12])));
        assert_eq!(raised(long).message(cx), "time.struct_time() takes an at most 11-sequence (12-sequence given)");
        let nine = semantics::call(cx, &class, Args::one(ints([1, 2, 3, 4, 5, 6, 7, 8, 9]))).expect("a struct_time");
        assert_eq!(repr(cx, &attr::getattr(cx, &nine, "tm_zone").expect("zone")), "None");
        assert_eq!(
            raised(semantics::call(cx, &class, Args::one(Py::Int(5)))).message(cx),
            "constructor requires a sequence"
        );
    });
}

#[test]
fn asctime_and_range_checks() {
    with_cx(|cx| {
        let a = call(cx, asctime, vec![ints([1970, 1, 1, 0, 0, 0, 3, 1, 0])]).expect("asctime");
        assert_eq!(repr(cx, &a), "'Thu Jan  1 00:00:00 1970'");
        let zeros = call(cx, asctime, vec![ints([2024, 0, 0, 0, 0, 0, 0, 0, 0])]).expect("normalised");
        assert_eq!(repr(cx, &zeros), "'Mon Jan  1 00:00:00 2024'");
        let e = raised(call(cx, asctime, vec![ints([1970, 13, 1, 0, 0, 0, 3, 1, 0])]));
        assert_eq!(e.message(cx), "month out of range");
        let e = raised(call(cx, mktime, vec![Py::tuple(vec![Py::Int(1)])]));
        assert_eq!(e.message(cx), "mktime(): illegal time tuple argument");
        let e = raised(call(cx, mktime, vec![Py::tuple(vec![Py::Float(1.5); 9])]));
        assert_eq!(e.message(cx), "'float' object cannot be interpreted as an integer");
        let e = raised(call(cx, strftime, vec![Py::str("%Y"), ints([-(1 << 31), 1, 1, 0, 0, 0, 0, 1, 0])]));
        assert_eq!(e.message(cx), "year out of range");
        let e = raised(call(cx, mktime, vec![crate::objects::list::List::new(vec![Py::Int(0); 9])]));
        assert_eq!(e.message(cx), "Tuple or struct_time argument required");
    });
}

#[test]
fn mktime_inverts_localtime() {
    with_cx(|cx| {
        let t = call(cx, localtime, vec![Py::Int(1_700_000_000)]).expect("localtime");
        let back = call(cx, mktime, vec![t.clone()]).expect("mktime");
        assert_eq!(repr(cx, &back), "1700000000.0");
        let c = call(cx, ctime, vec![Py::Int(1_700_000_000)]).expect("ctime");
        let a = call(cx, asctime, vec![t]).expect("asctime");
        assert_eq!(repr(cx, &c), repr(cx, &a));
        let before = call(cx, localtime, vec![Py::Float(-1.5)]).expect("floored");
        let before = call(cx, mktime, vec![before]).expect("mktime");
        assert_eq!(repr(cx, &before), "-2.0");
    });
}

#[test]
fn timestamps_out_of_range_for_time_t() {
    with_cx(|cx| {
        let e = raised(call(cx, gmtime, vec![Py::Float(1e300)]));
        assert_eq!(e.message(cx), "timestamp out of range for platform time_t");
        assert!(raised(call(cx, gmtime, vec![Py::Float(f64::NAN)])).is("ValueError"));
        assert!(raised(call(cx, gmtime, vec![Py::str("x")])).is("TypeError"));
        let year_2100 = call(cx, gmtime, vec![Py::Int(4_102_444_800)]);
        assert_eq!(year_2100.is_ok(), clock::fits_time_t(4_102_444_800));
    });
}

#[test]
fn clocks_and_sleep() {
    with_cx(|cx| {
        let a = call(cx, monotonic_ns, vec![]).expect("clock");
        assert!(call(cx, sleep, vec![Py::Float(0.02)]).expect("sleeps").is_none());
        let b = call(cx, monotonic_ns, vec![]).expect("clock");
        let (Py::Int(a), Py::Int(b)) = (a, b) else { panic!("ints") };
        assert!(b - a >= 20_000_000);
        assert_eq!(raised(call(cx, sleep, vec![Py::Int(-1)])).message(cx), "sleep length must be non-negative");
        assert!(raised(call(cx, sleep, vec![Py::str("x")])).is("TypeError"));
        assert!(raised(call(cx, sleep, vec![Py::Float(1e300)])).is("OverflowError"));
        let Py::Float(now) = call(cx, time, vec![]).expect("time") else { panic!("a float") };
        assert!(now > 1.6e9);
        let id = Py::Int(clock::CLOCK_MONOTONIC.into());
        assert!(matches!(call(cx, clock_getres, vec![id.clone()]), Ok(Py::Float(r)) if r > 0.0 && r < 1.0));
        assert!(matches!(call(cx, clock_gettime, vec![id]), Ok(Py::Float(_))));
        assert!(raised(call(cx, clock_gettime_ns, vec![Py::Int(-1000)])).is("OSError"));
        assert!(raised(call(cx, time, vec![Py::Int(1)])).is("TypeError"));
    });
}

#[test]
fn zone_attributes_are_consistent() {
    let z = zones();
    assert!(z.timezone.abs() <= 48 * 3600);
    assert_eq!(z.daylight, z.timezone != z.altzone);
    assert!(!z.names.0.is_empty());
    with_cx(|cx| {
        let tzname = attr("tzname", cx).expect("tzname").expect("a tuple");
        assert_eq!(semantics::len(cx, &tzname).expect("len"), 2);
        assert!(tzset(cx, Args::default()).expect("tzset").is_none());
    });
}

/// `repr` of a strptime result with its zone fields, or the exception, as
/// the generated cases write them.
fn strptime_answer(cx: &Cx, text: &str, format: Option<&str>) -> String {
    let mut args = vec![Py::str(text)];
    args.extend(format.map(Py::str));
    match call(cx, super::strptime, args) {
        Ok(t) => {
            let zone = attr::getattr(cx, &t, "tm_zone").expect("zone");
            let offset = attr::getattr(cx, &t, "tm_gmtoff").expect("offset");
            format!("{} zone={} gmtoff={}", repr(cx, &t), repr(cx, &zone), repr(cx, &offset))
        }
        Err(e) => format!("ERR {}.{}: {}", e.class().module, e.class().name, e.message(cx)),
    }
}

#[test]
fn strptime_agrees_with_cpython() {
    let utc = zones().names.0 == "UTC";
    with_cx(|cx| {
        for (text, format, want) in strptime_cases::CASES {
            if !utc && want.contains("tm_isdst=0") {
                continue; // %Z answers depend on the local zone's names
            }
            assert_eq!(strptime_answer(cx, text, *format), *want, "strptime({text:?}, {format:?})");
        }
    });
}

#[test]
fn strptime_argument_errors() {
    with_cx(|cx| {
        let e = raised(call(cx, super::strptime, vec![Py::str("x"), Py::Int(5)]));
        assert_eq!(e.message(cx), "strptime() argument 1 must be str, not <class 'int'>");
        let e = raised(call(cx, super::strptime, vec![Py::None]));
        assert_eq!(e.message(cx), "strptime() argument 0 must be str, not <class 'NoneType'>");
    });
}

/// Random formats over random times, answered by CPython 3.11 on glibc
/// (`testdata/gen_strftime.py` writes `testdata/strftime_cases.txt`).
#[test]
fn strftime_formats_as_glibc() {
    fn unhex(s: &str) -> String {
        let bytes: Vec<u8> = (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0))
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
    // `%s` reads the local zone, which must be the cases' (UTC).
    std::env::set_var("TZ", "UTC");
    crate::platform::time::reset_zone();
    let text = include_str!("testdata/strftime_cases.txt");
    let zones = super::strftime::ZoneNames { std: "UTC", dst: "UTC" };
    let mut disagreements = Vec::new();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let [fmt, y, mon, mday, hour, min, sec, wday, yday, isdst, want] = fields[..] else { panic!("a case: {line}") };
        let n = |s: &str| s.parse::<i32>().expect("a number");
        let tm = Tm {
            year: n(y) - 1900,
            mon: n(mon) - 1,
            mday: n(mday),
            hour: n(hour),
            min: n(min),
            sec: n(sec),
            wday: (n(wday) + 1) % 7,
            yday: n(yday) - 1,
            isdst: n(isdst),
            ..Tm::default()
        };
        let (fmt, want) = (unhex(fmt), unhex(want));
        let got = super::strftime::format(&fmt, &tm, &zones);
        if got != want {
            disagreements.push(format!("{fmt:?} {line}: agent {got:?}, CPython {want:?}"));
        }
    }
    assert!(text.lines().count() > 800);
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
