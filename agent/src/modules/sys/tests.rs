use super::*;
use crate::objects::attr;
use crate::objects::testing::{cx, with_cx};

fn sys() -> Py {
    Py::Obj(crate::modules::getmodule("sys").expect("sys"))
}

fn get(cx: &Cx, name: &str) -> Py {
    attr::getattr(cx, &sys(), name).expect("attribute")
}

fn repr(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).expect("repr")
}

#[test]
fn byteorder_and_maxsize_follow_the_target() {
    with_cx(|cx| {
        let want = if cfg!(target_endian = "big") { "'big'" } else { "'little'" };
        assert_eq!(repr(cx, &get(cx, "byteorder")), want);
        let max = if cfg!(target_pointer_width = "64") { "9223372036854775807" } else { "2147483647" };
        assert_eq!(repr(cx, &get(cx, "maxsize")), max);
        assert_eq!(repr(cx, &get(cx, "platform")), "'linux'");
    });
}

#[test]
fn version_is_parsable_and_consistent() {
    with_cx(|cx| {
        let Py::Str(v) = get(cx, "version") else { panic!("version is a str") };
        assert!(v.starts_with("3.11.0 (rpyc-agent "), "{v}");
        assert!(v.ends_with("[rustc]"), "{v}");
        let info = get(cx, "version_info");
        assert_eq!(repr(cx, &info), "sys.version_info(major=3, minor=11, micro=0, releaselevel='final', serial=0)");
        assert_eq!(repr(cx, &attr::getattr(cx, &info, "major").expect("major")), "3");
        assert_eq!(repr(cx, &semantics::getitem(cx, &info, &Py::Int(1)).expect("item")), "11");
        let older = Py::tuple(vec![Py::Int(3), Py::Int(8)]);
        assert!(semantics::richcmp(cx, &info, &older, crate::runtime::object::CmpOp::Ge).expect("compares"));
        assert_eq!(repr(cx, &get(cx, "hexversion")), HEXVERSION.to_string());
        let implementation = get(cx, "implementation");
        assert_eq!(repr(cx, &attr::getattr(cx, &implementation, "name").expect("name")), "'rpyc-agent'");
        let rpyc_protocol::Value::Record(r) = semantics::to_value(cx, &implementation).expect("by value") else {
            panic!("a record")
        };
        assert_eq!(r.class, "types.SimpleNamespace");
    });
}

#[test]
fn modules_path_and_argv() {
    with_cx(|cx| {
        let modules = get(cx, "modules");
        for name in ["sys", "builtins", "subprocess", "time"] {
            assert!(semantics::contains(cx, &modules, &Py::str(name)).expect("contains"), "{name}");
        }
        let module = semantics::getitem(cx, &modules, &Py::str("sys")).expect("sys");
        assert!(module.is(&sys()));
        assert!(get(cx, "modules").is(&modules), "one dict per process");
        assert!(semantics::len(cx, &get(cx, "argv")).expect("len") >= 1);
        assert_eq!(repr(cx, &get(cx, "path")), "[]");
        let names = get(cx, "builtin_module_names");
        assert!(semantics::contains(cx, &names, &Py::str("sys")).expect("contains"));
        let limit = semantics::call(cx, &get(cx, "getrecursionlimit"), Args::default()).expect("a limit");
        assert_eq!(repr(cx, &limit), "1000");
    });
}

#[test]
fn exit_raises_system_exit_with_code() {
    with_cx(|cx| {
        let e = exit(cx, Args::one(Py::Int(3))).expect_err("raises");
        assert!(e.is("SystemExit"));
        assert_eq!(repr(cx, &e.value()), "SystemExit(3)");
        assert_eq!(repr(cx, &attr::getattr(cx, &e.value(), "code").expect("code")), "3");
        let e = exit(cx, Args::default()).expect_err("raises");
        assert_eq!(repr(cx, &attr::getattr(cx, &e.value(), "args").expect("args")), "()");
        assert_eq!(repr(cx, &attr::getattr(cx, &e.value(), "code").expect("code")), "None");
        let e = exit(cx, Args::one(Py::tuple(vec![Py::Int(1), Py::str("x")]))).expect_err("raises");
        assert_eq!(repr(cx, &attr::getattr(cx, &e.value(), "code").expect("code")), "(1, 'x')");
    });
}

#[test]
fn standard_streams_are_the_agents_until_the_client_sets_them() {
    let (a, b) = (cx(), cx());
    let out = get(&a, "stdout");
    assert_eq!(repr(&a, &out), "<rpyc_agent.AgentStream name='<stdout>' mode='w' encoding='utf-8'>");
    assert!(out.is(&get(&a, "__stdout__")));
    assert_eq!(repr(&a, &attr::call_method(&a, &out, "write", Args::one(Py::str("hé\n"))).expect("writes")), "3");
    assert_eq!(repr(&a, &attr::call_method(&a, &out, "fileno", Args::default()).expect("fileno")), "1");
    let bad = attr::call_method(&a, &out, "write", Args::one(Py::bytes(b"x".to_vec())));
    assert!(bad.is_err_and(|e| e.is("TypeError")));
    let stdin = get(&a, "stdin");
    assert_eq!(repr(&a, &attr::call_method(&a, &stdin, "readline", Args::default()).expect("eof")), "''");
    let not_writable = attr::call_method(&a, &stdin, "write", Args::one(Py::str("x"))).expect_err("refused");
    assert_eq!(not_writable.class().qualified_name(), "io.UnsupportedOperation");

    // What a client sets is kept for its connection only; print uses it.
    let replacement = get(&a, "stderr");
    attr::setattr(&a, &sys(), "stdout", replacement.clone()).expect("set");
    assert!(get(&a, "stdout").is(&replacement));
    assert!(get(&b, "stdout").is(&out));
    assert!(a.session.stdout.lock().expect("lock").as_ref().is_some_and(|v| v.is(&replacement)));
    let print = attr::getattr(&a, &Py::Obj(crate::modules::getmodule("builtins").expect("builtins")), "print");
    let print = print.expect("print");
    semantics::call(&a, &print, Args::one(Py::str("to the replacement"))).expect("prints");

    // Setting the agent's own stream back forgets the client's.
    attr::setattr(&a, &sys(), "stdout", out.clone()).expect("restore");
    assert!(a.session.stdout.lock().expect("lock").is_none());
    assert!(get(&a, "stdout").is(&out));

    // sys.stdout = None: print writes nothing, as in CPython.
    attr::setattr(&a, &sys(), "stdout", Py::None).expect("set");
    assert!(get(&a, "stdout").is_none());
    assert!(semantics::call(&a, &print, Args::one(Py::str("dropped"))).expect("prints nothing").is_none());
    attr::setattr(&a, &sys(), "stdin", Py::Int(5)).expect("set");
    assert_eq!(repr(&a, &get(&a, "stdin")), "5");
}
