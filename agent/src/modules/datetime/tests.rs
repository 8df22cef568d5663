use crate::interp::{eval, execute};
use crate::objects::testing::with_cx;
use crate::runtime::context::Cx;
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn run(cx: &Cx, src: &str) -> String {
    match eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("!{}", e.class().name)),
        Err(e) => format!("!{}", e.class().name),
    }
}

/// Sets the zone of the agent process for a test (tests that read local
/// time share one zone: UTC).
fn utc_zone() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY of the environment: set once, before any test reads it.
        std::env::set_var("TZ", "UTC");
        crate::platform::time::reset_zone();
    });
}

/// Expressions answered by CPython 3.11 in a UTC zone
/// (`testdata/gen_cases.py` writes `testdata/cases.txt`): the same value
/// (by repr) or an exception of the same class.
#[test]
fn differential_against_cpython() {
    utc_zone();
    let text = include_str!("testdata/cases.txt");
    with_cx(|cx| {
        execute(cx, "from datetime import *\nimport time as _time").expect("imports");
        let mut disagreements = Vec::new();
        for line in text.lines() {
            let Some((expr, want)) = line.split_once('\t') else { continue };
            let got = run(cx, expr);
            if got != want {
                disagreements.push(format!("{expr}: agent {got}, CPython {want}"));
            }
        }
        assert!(text.lines().count() > 350);
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    });
}

#[test]
fn values_copy_as_cpython_pickles_them() {
    with_cx(|cx| {
        execute(cx, "from datetime import *").expect("imports");
        let value =
            |src: &str| semantics::to_value(cx, &eval(cx, src).expect("evaluates")).expect("copies").to_string();
        assert_eq!(
            value("datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=1), 'X'))"),
            "datetime.datetime(b'\\x07\\xea\\x01\\x02\\x03\\x04\\x05\\x00\\x00\\x06', \
             datetime.timezone(datetime.timedelta(0, 3600, 0), 'X'))"
        );
        assert_eq!(
            value("datetime(2024, 1, 2, fold=1)"),
            "datetime.datetime(b'\\x07\\xe8\\x81\\x02\\x00\\x00\\x00\\x00\\x00\\x00')"
        );
        assert_eq!(value("date(2024, 1, 2)"), "datetime.date(b'\\x07\\xe8\\x01\\x02')");
        assert_eq!(
            value("time(1, 2, 3, 4, timezone.utc)"),
            "datetime.time(b'\\x01\\x02\\x03\\x00\\x00\\x04', datetime.timezone(datetime.timedelta(0, 0, 0)))"
        );
        assert_eq!(value("timedelta(-1, 5, 6)"), "datetime.timedelta(-1, 5, 6)");
        assert_eq!(value("date(2024, 1, 2).isocalendar()"), "(2024, 1, 2)");
        // The pickle states are accepted back, as CPython's constructors do.
        assert_eq!(
            run(cx, "datetime(b'\\x07\\xe8\\x81\\x02\\x03\\x04\\x05\\x00\\x00\\x06')"),
            "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, fold=1)"
        );
        assert_eq!(run(cx, "date(b'\\x07\\xe8\\x01\\x02')"), "datetime.date(2024, 1, 2)");
        assert_eq!(
            run(cx, "time(b'\\x81\\x02\\x03\\x00\\x00\\x04', timezone.utc)"),
            "datetime.time(1, 2, 3, 4, tzinfo=datetime.timezone.utc, fold=1)"
        );
    });
}

#[test]
fn now_agrees_with_the_clock() {
    utc_zone();
    with_cx(|cx| {
        execute(cx, "from datetime import *\nimport time").expect("imports");
        let close = |src: &str| {
            let v = eval(cx, src).expect("evaluates");
            assert!(matches!(v, Py::Bool(true)), "{src}");
        };
        close("abs(datetime.now().timestamp() - time.time()) < 5");
        close("abs(datetime.now(timezone.utc).timestamp() - time.time()) < 5");
        close("abs((datetime.utcnow() - datetime.now()).total_seconds()) < 5");
        close("date.today() == datetime.now().date() or date.today() == datetime.today().date()");
        close("datetime.now().astimezone().tzinfo == timezone.utc");
        close("datetime.now(timezone(timedelta(hours=2))).utcoffset() == timedelta(hours=2)");
    });
}

#[test]
fn classes_and_identity() {
    with_cx(|cx| {
        execute(cx, "from datetime import *").expect("imports");
        for (src, want) in [
            ("isinstance(datetime(2024, 1, 1), date)", "True"),
            ("issubclass(timezone, tzinfo)", "True"),
            ("timezone(timedelta(0)) is timezone.utc", "True"),
            ("timezone.utc is UTC", "True"),
            ("datetime(2024, 1, 1, tzinfo=UTC).tzinfo is UTC", "True"),
            ("type(datetime.now())", "<class 'datetime.datetime'>"),
            ("datetime.max.min", "datetime.datetime(1, 1, 1, 0, 0)"),
            ("{timedelta(1): 'a', timedelta(days=1): 'b'}", "{datetime.timedelta(days=1): 'b'}"),
            (
                "len({datetime(2024, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))), datetime(2024, 1, 1, tzinfo=UTC)})",
                "1",
            ),
            ("f'{datetime(2024, 5, 6):%d.%m.%Y}'", "'06.05.2024'"),
            ("f'{date(2024, 5, 6)}'", "'2024-05-06'"),
            ("sorted([date(2024, 1, 2), date(2023, 5, 1)])", "[datetime.date(2023, 5, 1), datetime.date(2024, 1, 2)]"),
            ("tzinfo().utcoffset(None)", "!TypeError"),
        ] {
            assert_eq!(run(cx, src), want, "{src}");
        }
    });
}
