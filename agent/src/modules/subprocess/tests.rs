use std::sync::Arc;

use super::*;
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::objects::testing::with_cx;
use crate::runtime::exceptions::PyErr;
use crate::runtime::semantics;

fn s(v: &str) -> Py {
    Py::str(v)
}

fn argv(items: &[&str]) -> Py {
    Py::tuple(items.iter().map(|i| Py::str(*i)).collect::<Vec<_>>())
}

fn kw(pairs: &[(&str, Py)]) -> Vec<(Arc<str>, Py)> {
    pairs.iter().map(|(k, v)| (Arc::from(*k), v.clone())).collect()
}

fn yes() -> Py {
    Py::Bool(true)
}

fn repr(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).expect("repr")
}

fn get(cx: &Cx, v: &Py, name: &str) -> String {
    repr(cx, &attr::getattr(cx, v, name).expect("attribute"))
}

/// The attribute `name` of a raised exception, as its repr.
fn exc_attr(cx: &Cx, e: &PyErr, name: &str) -> String {
    get(cx, &e.value(), name)
}

fn call(cx: &Cx, func: fn(&Cx, Args) -> PyResult<Py>, pos: Vec<Py>, kw: Vec<(Arc<str>, Py)>) -> PyResult<Py> {
    func(cx, Args::new(pos, kw))
}

fn raised(r: PyResult<Py>) -> PyErr {
    match r {
        Err(e) => e,
        Ok(v) => panic!("expected an exception, got {v:?}"),
    }
}

#[test]
fn run_capture_output_text() {
    with_cx(|cx| {
        let r = call(cx, run, vec![argv(&["echo", "hi"])], kw(&[("capture_output", yes()), ("text", yes())]))
            .expect("runs");
        assert_eq!(get(cx, &r, "args"), "('echo', 'hi')");
        assert_eq!(get(cx, &r, "returncode"), "0");
        assert_eq!(get(cx, &r, "stdout"), "'hi\\n'");
        assert_eq!(get(cx, &r, "stderr"), "''");
        assert_eq!(repr(cx, &r), "CompletedProcess(args=('echo', 'hi'), returncode=0, stdout='hi\\n', stderr='')");
        assert!(attr::call_method(cx, &r, "check_returncode", Args::default()).expect("ok").is_none());
    });
}

#[test]
fn run_without_capture_has_none_outputs_and_bytes_with_pipe() {
    with_cx(|cx| {
        let r = call(cx, run, vec![argv(&["true"])], vec![]).expect("runs");
        assert_eq!(get(cx, &r, "stdout"), "None");
        assert_eq!(repr(cx, &r), "CompletedProcess(args=('true',), returncode=0)");
        let r = call(cx, run, vec![argv(&["printf", "a\\r\\nb"])], kw(&[("stdout", Py::Int(PIPE))])).expect("runs");
        assert_eq!(get(cx, &r, "stdout"), "b'a\\r\\nb'");
        assert_eq!(get(cx, &r, "stderr"), "None");
        let r = call(
            cx,
            run,
            vec![argv(&["printf", "a\\r\\nb\\rc"])],
            kw(&[("capture_output", yes()), ("universal_newlines", yes())]),
        )
        .expect("runs");
        assert_eq!(get(cx, &r, "stdout"), "'a\\nb\\nc'");
    });
}

#[test]
fn run_shell_cwd_env_input() {
    with_cx(|cx| {
        let env = Dict::from_pairs(cx, vec![(s("GREETING"), s("hello"))]).expect("dict");
        let r = call(
            cx,
            run,
            vec![s("pwd; echo \"$GREETING\"; cat")],
            kw(&[
                ("shell", yes()),
                ("cwd", s("/tmp")),
                ("env", env),
                ("input", s("from stdin")),
                ("capture_output", yes()),
                ("text", yes()),
            ]),
        )
        .expect("runs");
        assert_eq!(get(cx, &r, "stdout"), "'/tmp\\nhello\\nfrom stdin'");
        assert_eq!(get(cx, &r, "args"), "'pwd; echo \"$GREETING\"; cat'");
    });
}

#[test]
fn a_list_argument_is_kept_as_passed() {
    with_cx(|cx| {
        let cmd = List::new(vec![s("echo"), s("x")]);
        let r = call(cx, run, vec![cmd.clone()], vec![]).expect("runs");
        assert!(attr::getattr(cx, &r, "args").expect("args").is(&cmd));
    });
}

#[test]
fn check_raises_called_process_error() {
    with_cx(|cx| {
        let e = raised(call(
            cx,
            run,
            vec![argv(&["sh", "-c", "echo oops >&2; exit 4"])],
            kw(&[("check", yes()), ("capture_output", yes())]),
        ));
        assert!(e.is_instance(&CALLED_PROCESS_ERROR));
        assert!(e.is_instance(&SUBPROCESS_ERROR));
        assert!(e.is("Exception"));
        assert_eq!(exc_attr(cx, &e, "returncode"), "4");
        assert_eq!(exc_attr(cx, &e, "stderr"), "b'oops\\n'");
        assert_eq!(exc_attr(cx, &e, "stdout"), "b''");
        assert_eq!(exc_attr(cx, &e, "args"), "(4, ('sh', '-c', 'echo oops >&2; exit 4'))");
        assert_eq!(e.message(cx), "Command '('sh', '-c', 'echo oops >&2; exit 4')' returned non-zero exit status 4.");
        let e = raised(call(cx, check_call, vec![argv(&["false"])], vec![]));
        assert_eq!(exc_attr(cx, &e, "output"), "None");
        assert_eq!(repr(cx, &call(cx, super::call, vec![argv(&["false"])], vec![]).expect("runs")), "1");
    });
}

#[test]
fn a_killed_command_names_the_signal() {
    with_cx(|cx| {
        let e = raised(call(cx, run, vec![s("kill -9 $$")], kw(&[("shell", yes()), ("check", yes())])));
        assert_eq!(exc_attr(cx, &e, "returncode"), "-9");
        assert_eq!(e.message(cx), "Command 'kill -9 $$' died with <Signals.SIGKILL: 9>.");
    });
}

#[test]
fn check_returncode_raises_with_the_outputs() {
    with_cx(|cx| {
        let r =
            call(cx, run, vec![s("echo o; exit 3")], kw(&[("shell", yes()), ("stdout", Py::Int(PIPE))])).expect("runs");
        let e = match attr::call_method(cx, &r, "check_returncode", Args::default()) {
            Err(e) => e,
            Ok(_) => panic!("raises"),
        };
        assert_eq!(exc_attr(cx, &e, "args"), "(3, 'echo o; exit 3', b'o\\n', None)");
        assert_eq!(exc_attr(cx, &e, "output"), "b'o\\n'");
        attr::setattr(cx, &r, "returncode", Py::Int(0)).expect("settable");
        assert!(attr::call_method(cx, &r, "check_returncode", Args::default()).is_ok());
    });
}

#[test]
fn timeout_expired_has_cpython_attributes() {
    with_cx(|cx| {
        let e = raised(call(
            cx,
            run,
            vec![argv(&["sh", "-c", "echo partial; exec sleep 5"])],
            kw(&[("timeout", Py::Float(0.3)), ("capture_output", yes()), ("text", yes())]),
        ));
        assert!(e.is_instance(&TIMEOUT_EXPIRED));
        let cmd = "('sh', '-c', 'echo partial; exec sleep 5')";
        assert_eq!(exc_attr(cx, &e, "args"), format!("({cmd}, 0.3)"));
        assert_eq!(exc_attr(cx, &e, "cmd"), cmd);
        assert_eq!(exc_attr(cx, &e, "timeout"), "0.3");
        assert_eq!(exc_attr(cx, &e, "output"), "b'partial\\n'");
        assert_eq!(exc_attr(cx, &e, "stdout"), "b'partial\\n'");
        assert_eq!(exc_attr(cx, &e, "stderr"), "None");
        assert_eq!(e.message(cx), format!("Command '{cmd}' timed out after 0.3 seconds"));
    });
}

#[test]
fn a_timeout_too_far_away_is_no_deadline() {
    with_cx(|cx| {
        let r = call(cx, run, vec![argv(&["true"])], kw(&[("timeout", Py::Float(1e300))])).expect("runs");
        assert_eq!(get(cx, &r, "returncode"), "0");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("timeout", Py::Float(f64::NAN))])));
        assert!(e.is("ValueError"));
    });
}

#[test]
fn missing_program_and_cwd_are_file_not_found() {
    with_cx(|cx| {
        let e = raised(call(cx, run, vec![argv(&["/no/such/program", "x"])], vec![]));
        assert_eq!(e.class().name, "FileNotFoundError");
        assert_eq!(exc_attr(cx, &e, "errno"), "2");
        assert_eq!(exc_attr(cx, &e, "filename"), "'/no/such/program'");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("cwd", s("/no/such/dir"))])));
        assert_eq!(exc_attr(cx, &e, "filename"), "'/no/such/dir'");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("cwd", s("/etc/passwd"))])));
        assert_eq!(e.class().name, "NotADirectoryError");
    });
}

#[test]
fn text_input_is_encoded() {
    with_cx(|cx| {
        let r = call(
            cx,
            run,
            vec![argv(&["od", "-An", "-tx1"])],
            kw(&[("input", s("é")), ("encoding", s("latin-1")), ("capture_output", yes())]),
        )
        .expect("runs");
        assert!(get(cx, &r, "stdout").contains("e9"), "{}", get(cx, &r, "stdout"));
        let e = raised(call(cx, run, vec![argv(&["cat"])], kw(&[("input", s("é")), ("encoding", s("ascii"))])));
        assert!(e.is("UnicodeEncodeError"));
        let e = raised(call(cx, run, vec![argv(&["cat"])], kw(&[("input", s("x")), ("encoding", s("no-such"))])));
        assert!(e.is("LookupError"));
        let e = raised(call(cx, run, vec![argv(&["cat"])], kw(&[("input", s("x"))])));
        assert_eq!(e.message(cx), "a bytes-like object is required, not 'str'");
        let text_input = kw(&[("input", Py::bytes(b"x".to_vec())), ("text", yes())]);
        let e = raised(call(cx, run, vec![argv(&["cat"])], text_input));
        assert_eq!(e.message(cx), "write() argument must be str, not bytes");
    });
}

#[test]
fn check_output_and_getstatusoutput() {
    with_cx(|cx| {
        assert_eq!(repr(cx, &call(cx, check_output, vec![argv(&["echo", "x"])], vec![]).expect("runs")), "b'x\\n'");
        let both = call(
            cx,
            check_output,
            vec![s("echo out; echo err >&2")],
            kw(&[("shell", yes()), ("stderr", Py::Int(STDOUT)), ("text", yes())]),
        );
        assert_eq!(repr(cx, &both.expect("runs")), "'out\\nerr\\n'");
        let e = raised(call(cx, check_output, vec![s("echo partial; exit 2")], kw(&[("shell", yes())])));
        assert_eq!(exc_attr(cx, &e, "output"), "b'partial\\n'");
        let e = raised(call(cx, check_output, vec![argv(&["true"])], kw(&[("capture_output", yes())])));
        assert_eq!(e.message(cx), "stdout and stderr arguments may not be used with capture_output.");
        let empty = call(cx, check_output, vec![argv(&["cat"])], kw(&[("input", Py::None)])).expect("runs");
        assert_eq!(repr(cx, &empty), "b''");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("timeout", s("x"))])));
        assert_eq!(e.message(cx), "unsupported operand type(s) for +: 'float' and 'str'");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("cwd", Py::Int(5))])));
        assert_eq!(e.message(cx), "expected str, bytes or os.PathLike object, not int");
        let e = raised(call(cx, check_output, vec![argv(&["true"])], kw(&[("check", yes())])));
        assert_eq!(e.message(cx), "check argument not allowed, it will be overridden.");
        let status = call(cx, getstatusoutput, vec![s("echo a; exit 3")], vec![]).expect("runs");
        assert_eq!(repr(cx, &status), "(3, 'a')");
        assert_eq!(repr(cx, &call(cx, getoutput, vec![s("echo b >&2")], vec![]).expect("runs")), "'b'");
    });
}

#[test]
fn argument_errors_are_pythons() {
    with_cx(|cx| {
        let e =
            raised(call(cx, run, vec![argv(&["true"])], kw(&[("capture_output", yes()), ("stdout", Py::Int(PIPE))])));
        assert!(e.is("ValueError"));
        let e = raised(call(cx, super::call, vec![argv(&["true"])], kw(&[("input", s("x"))])));
        assert_eq!(e.message(cx), "Popen.__init__() got an unexpected keyword argument 'input'");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("bogus", yes())])));
        assert!(e.is("TypeError"));
        let e = raised(call(cx, run, vec![Py::empty_tuple()], vec![]));
        assert!(e.is("IndexError"));
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("preexec_fn", s("f"))])));
        assert!(e.is("NotImplementedError"));
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("creationflags", Py::Int(1))])));
        assert_eq!(e.message(cx), "creationflags is only supported on Windows platforms");
        let e = raised(call(
            cx,
            run,
            vec![argv(&["true"])],
            kw(&[("text", yes()), ("universal_newlines", Py::Bool(false))]),
        ));
        assert!(e.is_instance(&SUBPROCESS_ERROR));
        let e = raised(call(cx, run, vec![Py::tuple(vec![s("echo"), Py::Int(3)])], vec![]));
        assert_eq!(e.message(cx), "expected str, bytes or os.PathLike object, not int");
        let e = raised(call(cx, run, vec![argv(&["echo", "a\0b"])], vec![]));
        assert_eq!(e.message(cx), "embedded null byte");
        let env = Dict::from_pairs(cx, vec![(s("A=B"), s("x"))]).expect("dict");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("env", env)])));
        assert_eq!(e.message(cx), "illegal environment variable name");
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("stdout", Py::Int(-7))])));
        assert!(e.is("OSError"));
        let e = raised(call(cx, run, vec![argv(&["true"])], kw(&[("pass_fds", Py::tuple(vec![Py::Int(-1)]))])));
        assert_eq!(e.message(cx), "bad value(s) in fds_to_keep");
    });
}

#[test]
fn umask_and_new_session() {
    with_cx(|cx| {
        let r = call(
            cx,
            run,
            vec![s("umask")],
            kw(&[("shell", yes()), ("umask", Py::Int(0o077)), ("capture_output", yes()), ("text", yes())]),
        )
        .expect("runs");
        assert_eq!(get(cx, &r, "stdout"), "'0077\\n'");
        let r = call(cx, run, vec![argv(&["true"])], kw(&[("start_new_session", yes())])).expect("runs");
        assert_eq!(get(cx, &r, "returncode"), "0");
    });
}

#[test]
fn exception_classes_are_constructible() {
    with_cx(|cx| {
        let cpe = type_value(&CALLED_PROCESS_ERROR);
        let e = semantics::call(cx, &cpe, Args::new(vec![Py::Int(1), s("x")], kw(&[("output", s("o"))])))
            .expect("an instance");
        assert_eq!(get(cx, &e, "args"), "(1, 'x')");
        assert_eq!(get(cx, &e, "stdout"), "'o'");
        assert_eq!(get(cx, &e, "stderr"), "None");
        assert_eq!(semantics::str(cx, &e).expect("str"), "Command 'x' returned non-zero exit status 1.");
        assert_eq!(repr(cx, &e), "CalledProcessError(1, 'x')");
        let str_of = |rc: Py| {
            let e = semantics::call(cx, &cpe, Args::positional(vec![rc, s("x")])).expect("an instance");
            semantics::str(cx, &e)
        };
        assert_eq!(str_of(Py::Int(-35)).expect("str"), "Command 'x' died with unknown signal 35.");
        assert_eq!(str_of(Py::Int(-6)).expect("str"), "Command 'x' died with <Signals.SIGABRT: 6>.");
        assert_eq!(str_of(Py::Float(2.5)).expect("str"), "Command 'x' returned non-zero exit status 2.");
        assert!(str_of(Py::None).is_err_and(|e| e.is("TypeError")));
        let missing = semantics::call(cx, &cpe, Args::positional(vec![Py::Int(1)]));
        assert!(missing.is_err_and(|e| e.is("TypeError")));

        let te = type_value(&TIMEOUT_EXPIRED);
        let e =
            semantics::call(cx, &te, Args::positional(vec![argv(&["a"]), Py::Float(0.5), Py::bytes(b"x".to_vec())]))
                .expect("an instance");
        assert_eq!(get(cx, &e, "args"), "(('a',), 0.5, b'x')");
        assert_eq!(get(cx, &e, "stdout"), "b'x'");
        assert_eq!(semantics::str(cx, &e).expect("str"), "Command '('a',)' timed out after 0.5 seconds");

        let base = semantics::call(cx, &type_value(&SUBPROCESS_ERROR), Args::one(s("m"))).expect("an instance");
        assert_eq!(semantics::str(cx, &base).expect("str"), "m");
        let exception = crate::runtime::types::type_value(&exceptions::exc_type("Exception"));
        assert!(attr::isinstance(cx, &e, &type_value(&SUBPROCESS_ERROR)).expect("isinstance"));
        assert!(attr::issubclass(cx, &cpe, &exception).expect("issubclass"));
        assert!(std::sync::Arc::ptr_eq(
            &exceptions::class_for("subprocess", "CalledProcessError"),
            &CALLED_PROCESS_ERROR
        ));
    });
}

#[test]
fn completed_process_is_a_plain_class() {
    with_cx(|cx| {
        let class = type_value(&COMPLETED_PROCESS);
        let r = semantics::call(cx, &class, Args::positional(vec![argv(&["a"]), Py::Int(0)])).expect("instance");
        assert_eq!(repr(cx, &r), "CompletedProcess(args=('a',), returncode=0)");
        attr::setattr(cx, &r, "stdout", Py::bytes(b"o".to_vec())).expect("settable");
        assert_eq!(repr(cx, &r), "CompletedProcess(args=('a',), returncode=0, stdout=b'o')");
        let value = semantics::to_value(cx, &r).expect("by value");
        let rpyc_protocol::Value::Record(rec) = value else { panic!("a record") };
        assert_eq!(rec.class, "subprocess.CompletedProcess");
        assert!(rec.args.is_empty());
        let Some(rpyc_protocol::Value::Dict(state)) = rec.state else { panic!("its attributes") };
        assert_eq!(state.len(), 4);
    });
}

#[test]
fn popen_is_the_class_that_makes_processes() {
    with_cx(|cx| {
        let popen = super::attr("Popen", cx).expect("an attribute").expect("the class");
        assert_eq!(repr(cx, &popen), "<class 'subprocess.Popen'>");
        let p = semantics::call(cx, &popen, Args::one(argv(&["true"]))).expect("starts");
        assert!(attr::isinstance(cx, &p, &popen).expect("isinstance"));
        let code = attr::call_method(cx, &p, "wait", Args::default()).expect("waits");
        assert_eq!(repr(cx, &code), "0");
    });
}

#[test]
fn user_and_groups_are_switched_in_the_child() {
    with_cx(|cx| {
        let ids = |extra: &[(&str, Py)]| {
            let mut k = kw(&[("capture_output", yes()), ("text", yes())]);
            k.extend(kw(extra));
            call(cx, run, vec![s("echo $(id -u) $(id -g) $(id -G)")], [kw(&[("shell", yes())]), k].concat())
        };
        if crate::platform::ids::geteuid() == 0 {
            let r = ids(&[("user", s("nobody")), ("group", Py::Int(65534)), ("extra_groups", Py::tuple(vec![]))]);
            assert_eq!(get(cx, &r.expect("runs"), "stdout"), "'65534 65534 65534\\n'");
            let r = ids(&[("extra_groups", Py::tuple(vec![Py::Int(0), Py::Int(65534)]))]).expect("runs");
            assert_eq!(get(cx, &r, "stdout"), "'0 0 0 65534\\n'");
        } else {
            // Not root: switching to another user fails in the child, and
            // the error names no program (as CPython's).
            let e = raised(ids(&[("user", Py::Int(0))]));
            assert!(e.is("PermissionError"));
            assert_eq!(exc_attr(cx, &e, "filename"), "None");
        }
        let e = raised(ids(&[("user", s("no-such-user-rpyc"))]));
        assert_eq!(e.message(cx), "\"getpwnam(): name not found: 'no-such-user-rpyc'\"");
        let e = raised(ids(&[("group", Py::Float(1.5))]));
        assert_eq!(e.message(cx), "Group must be a string or an integer, not <class 'float'>");
        let e = raised(ids(&[("extra_groups", Py::tuple(vec![Py::Float(1.5)]))]));
        assert_eq!(e.message(cx), "Items in extra_groups must be a string or integer, not <class 'float'>");
        let e = raised(ids(&[("extra_groups", s("x"))]));
        assert_eq!(e.message(cx), "Groups must be a list, not a string");
        let e = raised(ids(&[("user", Py::Int(-1))]));
        assert_eq!(e.message(cx), "User ID cannot be negative, got -1");
        let e = raised(ids(&[("user", Py::Float(1.0))]));
        assert_eq!(e.message(cx), "User must be a string or an integer");
    });
}
