use super::*;
use crate::objects::attr;
use crate::objects::testing::with_cx;
use crate::runtime::semantics;

fn call(cx: &Cx, func: fn(&Cx, Args) -> PyResult<Py>, pos: Vec<Py>) -> Py {
    func(cx, Args::positional(pos)).expect("call")
}

#[test]
fn svmem_matches_psutil_arithmetic() {
    let mems: Vec<(String, u64)> = [
        ("MemTotal", 1000),
        ("MemFree", 100),
        ("MemAvailable", 600),
        ("Buffers", 50),
        ("Cached", 200),
        ("SReclaimable", 30),
        ("Shmem", 10),
        ("Active", 300),
        ("Inactive", 250),
        ("Slab", 40),
    ]
    .map(|(k, v)| (k.to_owned(), v * 1024))
    .into();
    let f = svmem(&mems).expect("svmem");
    let get = |n: &str| f.iter().find(|(k, _, _)| *k == n).map(|(_, v, p)| (*v, *p)).expect("field");
    assert_eq!(get("total").0, 1000 * 1024);
    assert_eq!(get("available").0, 600 * 1024);
    assert_eq!(get("percent").1, Some(40.0));
    assert_eq!(get("used").0, (1000 - 100 - 230 - 50) * 1024);
    assert_eq!(get("cached").0, 230 * 1024);
    assert_eq!(f.len(), 11);
    assert!(svmem(&[]).is_err_and(|e| e.is("RuntimeError")));
}

#[test]
fn virtual_memory_is_a_named_tuple() {
    with_cx(|cx| {
        let vm = call(cx, virtual_memory, vec![]);
        assert_eq!(semantics::len(cx, &vm).expect("len"), 11);
        assert!(matches!(attr::getattr(cx, &vm, "total"), Ok(Py::Int(t)) if t > 0));
        assert!(matches!(semantics::getitem(cx, &vm, &Py::Int(2)), Ok(Py::Float(_))));
        assert!(semantics::repr(cx, &vm).expect("repr").starts_with("svmem(total="));
        let rpyc_protocol::Value::Record(r) = semantics::to_value(cx, &vm).expect("by value") else {
            panic!("a record")
        };
        assert_eq!(r.class, "psutil._pslinux.svmem");
        assert_eq!(r.args.len(), 11);
        let swap = call(cx, swap_memory, vec![]);
        assert_eq!(semantics::len(cx, &swap).expect("len"), 6);
    });
}

#[test]
fn cpu_and_processes() {
    with_cx(|cx| {
        assert!(matches!(call(cx, cpu_count, vec![]), Py::Int(n) if n >= 1));
        assert!(matches!(call(cx, cpu_count, vec![Py::Bool(false)]), Py::Int(n) if n >= 1));
        let pct = call(cx, cpu_percent, vec![Py::Float(0.05)]);
        assert!(matches!(pct, Py::Float(p) if (0.0..=100.0).contains(&p)));
        let per_cpu = call(cx, cpu_percent, vec![Py::None, Py::Bool(true)]);
        assert!(semantics::len(cx, &per_cpu).expect("len") >= 1);
        let bad = cpu_percent(cx, Args::one(Py::Int(-1))).expect_err("refused");
        assert_eq!(bad.message(cx), "interval is not positive (got -1)");
        let times = call(cx, cpu_times, vec![]);
        assert!(matches!(attr::getattr(cx, &times, "idle"), Ok(Py::Float(t)) if t >= 0.0));
        let pids = call(cx, pids, vec![]);
        let me = Py::Int(std::process::id().into());
        assert!(semantics::contains(cx, &pids, &me).expect("contains"));
        assert!(matches!(call(cx, pid_exists, vec![me]), Py::Bool(true)));
        assert!(matches!(call(cx, pid_exists, vec![Py::Int(-1)]), Py::Bool(false)));
        assert!(matches!(call(cx, pid_exists, vec![Py::Int(0)]), Py::Bool(true)));
        assert!(matches!(call(cx, boot_time, vec![]), Py::Float(t) if t > 1e9));
        assert_eq!(semantics::len(cx, &call(cx, getloadavg, vec![])).expect("len"), 3);
    });
}

#[test]
fn busy_percent_ignores_guest_time() {
    let t1 = [0.0; 10];
    let t2 = [30.0, 0.0, 10.0, 50.0, 10.0, 0.0, 0.0, 0.0, 20.0, 0.0];
    assert_eq!(busy_percent(&t1, &t2), 40.0);
    assert_eq!(busy_percent(&t1, &t1), 0.0);
}
