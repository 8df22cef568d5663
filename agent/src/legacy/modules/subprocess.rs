//! `subprocess`: `run` and its helpers with CPython 3.11's arguments,
//! results and exceptions. The process work is in [`super::subprocess_run`];
//! every function here blocks and runs on the blocking pool. `Popen`
//! objects are not implemented.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;
use std::time::Duration;

use rpyc_protocol::vinegar::RemoteException;
use rpyc_protocol::{ExceptionPayload, Obj, Value};

use super::subprocess_run::{self as runner, Failure, Redirect, Spec};
use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{self, RecordKind, RecordObj};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, val_type_name, Val};

pub const PIPE: i64 = -1;
pub const STDOUT: i64 = -2;
pub const DEVNULL: i64 = -3;

pub static MODULE: ModuleDef = ModuleDef {
    name: "subprocess",
    type_name: "subprocess",
    functions: &[
        b("run", run),
        b("call", call),
        b("check_call", check_call),
        b("check_output", check_output),
        b("getoutput", getoutput),
        b("getstatusoutput", getstatusoutput),
        f("Popen", popen),
    ],
    attr: |name, _cx| match name {
        "PIPE" => Some(Ok(Obj::Value(Value::Int(PIPE)))),
        "STDOUT" => Some(Ok(Obj::Value(Value::Int(STDOUT)))),
        "DEVNULL" => Some(Ok(Obj::Value(Value::Int(DEVNULL)))),
        _ => None,
    },
    attr_names: &["PIPE", "STDOUT", "DEVNULL"],
};

/// `Popen`'s parameters (positional order), then `run`'s keyword-only ones.
const SPEC: [&str; 30] = [
    "args",
    "bufsize?",
    "executable?",
    "stdin?",
    "stdout?",
    "stderr?",
    "preexec_fn?",
    "close_fds?",
    "shell?",
    "cwd?",
    "env?",
    "universal_newlines?",
    "startupinfo?",
    "creationflags?",
    "restore_signals?",
    "start_new_session?",
    "pass_fds?",
    "$user?",
    "$group?",
    "$extra_groups?",
    "$encoding?",
    "$errors?",
    "$text?",
    "$umask?",
    "$pipesize?",
    "$process_group?",
    "$input?",
    "$capture_output?",
    "$timeout?",
    "$check?",
];

/// Which function is binding the arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Run,
    Call,
    CheckCall,
    CheckOutput,
}

/// What decoding text mode uses.
struct Text {
    encoding: String,
    errors: String,
}

/// One call, ready to run.
struct Job {
    /// `args` as given (by value): `CompletedProcess.args`, exception `cmd`.
    cmd: Value,
    spec: Spec,
    /// `timeout` as given, for TimeoutExpired.
    timeout: Value,
    text: Option<Text>,
    check: bool,
}

fn is_none(v: &Option<Val>) -> bool {
    matches!(v, None | Some(Obj::Value(Value::None)))
}

/// A path-like value: str, bytes, or a client `pathlib` path (which
/// pickles as its parts).
fn os_string(v: &Value) -> PyResult<OsString> {
    match v {
        Value::Str(s) => Ok(s.into()),
        Value::Bytes(b) => Ok(OsString::from_vec(b.clone())),
        Value::Record(r) if r.class.starts_with("pathlib.") && r.args.iter().all(|a| matches!(a, Value::Str(_))) => {
            Ok(r.args.iter().filter_map(Value::as_str).collect::<PathBuf>().into_os_string())
        }
        other => Err(exc::type_error(format!("expected str, bytes or os.PathLike object, not {}", other.type_name()))),
    }
}

/// The argument vector: a sequence of path-likes, or one string (a program
/// name, or the script with `shell=True`).
fn argv_of(cmd: &Value, shell: bool, executable: Option<OsString>) -> PyResult<(OsString, Vec<OsString>)> {
    let mut argv = match cmd {
        Value::List(items) | Value::Tuple(items) => items.iter().map(os_string).collect::<PyResult<Vec<_>>>()?,
        single => vec![os_string(single)?],
    };
    if shell {
        argv.splice(0..0, ["/bin/sh".into(), "-c".into()]);
        if let Some(e) = &executable {
            argv[0] = e.clone();
        }
    }
    let Some(first) = argv.first() else { return Err(exc::index_error("list index out of range")) };
    Ok((executable.unwrap_or_else(|| first.clone()), argv))
}

/// A stream argument: None, PIPE, STDOUT (stderr only), DEVNULL, a
/// descriptor, or an agent file object (through its `fileno()`).
fn redirect(which: &str, v: Option<Val>, cx: &Cx) -> PyResult<Redirect> {
    let bad_fd = || exc::os_errno(libc::EBADF, None, None);
    let fd = match v {
        None | Some(Obj::Value(Value::None)) => return Ok(Redirect::Inherit),
        Some(Obj::Value(Value::Int(n))) => n,
        Some(Obj::Value(Value::Bool(b))) => i64::from(b),
        Some(Obj::Local(o)) => match object::callattr(&o, "fileno", Args::default(), cx)? {
            Obj::Value(Value::Int(n)) => n,
            _ => return Err(exc::type_error("fileno() returned a non-integer")),
        },
        Some(Obj::Remote(_)) => {
            return Err(exc::not_implemented(&format!(
                "subprocess with {which} set to a client-side object (a child can only use the agent's descriptors)"
            )))
        }
        Some(other) => {
            return Err(exc::type_error(format!(
                "{which} must be None, an int or a file object, not {}",
                val_type_name(&other)
            )))
        }
    };
    Ok(match fd {
        PIPE => Redirect::Pipe,
        DEVNULL => Redirect::Null,
        STDOUT if which == "stderr" => Redirect::Stdout,
        n if n >= 0 => {
            let raw = i32::try_from(n).map_err(|_| bad_fd())?;
            match runner::dup_fd(raw).map_err(|e| exc::os_error(&e, None))? {
                Some(fd) => Redirect::Fd(fd),
                None => Redirect::Null,
            }
        }
        _ => return Err(bad_fd()),
    })
}

fn environment(v: Value) -> PyResult<Vec<(OsString, OsString)>> {
    let Value::Dict(pairs) = v else {
        return Err(exc::type_error(format!("env must be a mapping, not {}", v.type_name())));
    };
    pairs
        .into_iter()
        .map(|(k, v)| {
            let (k, v) = (os_string(&k)?, os_string(&v)?);
            if k.is_empty() || k.as_encoded_bytes().contains(&b'=') {
                return Err(exc::value_error("illegal environment variable name"));
            }
            if k.as_encoded_bytes().contains(&0) || v.as_encoded_bytes().contains(&0) {
                return Err(exc::value_error("embedded null byte"));
            }
            Ok((k, v))
        })
        .collect()
}

/// `str.encode(encoding, errors)` for the input of text mode.
fn encode(s: &str, text: &Text) -> PyResult<Vec<u8>> {
    let enc = text.encoding.to_ascii_lowercase().replace('_', "-");
    let limit = match enc.as_str() {
        "utf-8" | "utf8" | "u8" => return Ok(s.as_bytes().to_vec()),
        "ascii" | "us-ascii" => 0x7f,
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => 0xff,
        _ => return Err(exc::new("LookupError", format!("unknown encoding: {}", text.encoding))),
    };
    let mut out = Vec::with_capacity(s.len());
    for (i, c) in s.chars().enumerate() {
        match u8::try_from(u32::from(c)) {
            Ok(b) if u32::from(b) <= limit => out.push(b),
            _ => match text.errors.as_str() {
                "ignore" => {}
                "replace" => out.push(b'?'),
                _ => {
                    let (code, end) = (u32::from(c), limit + 1);
                    let msg = format!("'{enc}' codec can't encode character '\\u{code:04x}' in position {i}: ordinal not in range({end})");
                    return Err(exc::new("UnicodeEncodeError", msg));
                }
            },
        }
    }
    Ok(out)
}

/// Output as Python returns it: bytes, or text with universal newlines.
fn output(data: Option<Vec<u8>>, text: Option<&Text>) -> PyResult<Value> {
    match (data, text) {
        (None, _) => Ok(Value::None),
        (Some(d), None) => Ok(Value::Bytes(d)),
        (Some(d), Some(t)) => {
            let s = crate::legacy::file::decode_text(&d, Some(&t.encoding), Some(&t.errors))?;
            Ok(Value::Str(s.replace("\r\n", "\n").replace('\r', "\n")))
        }
    }
}

/// Binds `Popen`/`run` arguments into a job.
fn job(func: &str, mode: Mode, args: Args, cx: &Cx) -> PyResult<Job> {
    let [cmd, _bufsize, executable, stdin, stdout, stderr, preexec_fn, _close_fds, shell, cwd, env, universal_newlines, startupinfo, creationflags, _restore_signals, start_new_session, pass_fds, user, group, extra_groups, encoding, errors, text, umask, _pipesize, process_group, input, capture_output, timeout, check] =
        args.bind(func, SPEC)?;
    if mode != Mode::Run && mode != Mode::CheckOutput {
        for (name, v) in [("input", &input), ("capture_output", &capture_output), ("check", &check)] {
            if v.is_some() {
                return Err(exc::type_error(format!("Popen.__init__() got an unexpected keyword argument '{name}'")));
            }
        }
    }
    if mode == Mode::CheckOutput && check.is_some() {
        return Err(exc::type_error("subprocess.run() got multiple values for keyword argument 'check'"));
    }
    for (name, v) in [("preexec_fn", &preexec_fn), ("user", &user), ("group", &group), ("extra_groups", &extra_groups)]
    {
        if !is_none(v) {
            return Err(exc::not_implemented(&format!("subprocess with {name}=")));
        }
    }
    if !is_none(&startupinfo) || creationflags.as_ref().is_some_and(args::truthy) {
        return Err(exc::value_error("startupinfo and creationflags are only supported on Windows platforms"));
    }
    if pass_fds.as_ref().is_some_and(args::truthy) {
        return Err(exc::not_implemented("subprocess with pass_fds="));
    }
    if args::opt_int(func, umask.as_ref())?.is_some_and(|u| u >= 0) {
        return Err(exc::not_implemented("subprocess with umask="));
    }

    let cmd = cx.value(&args::req(cmd))?;
    let shell = args::opt_bool(shell.as_ref(), false);
    let executable = match executable.filter(|v| !matches!(v, Obj::Value(Value::None))) {
        Some(e) => Some(os_string(&cx.value(&e)?)?),
        None => None,
    };
    let (program, argv) = argv_of(&cmd, shell, executable)?;

    let encoding = args::opt_str(func, encoding.as_ref())?;
    let errors = args::opt_str(func, errors.as_ref())?;
    let text_mode = encoding.is_some()
        || errors.is_some()
        || args::opt_bool(text.as_ref(), false)
        || args::opt_bool(universal_newlines.as_ref(), false);
    let text = text_mode.then(|| Text {
        encoding: encoding.unwrap_or_else(|| "utf-8".into()),
        errors: errors.unwrap_or_else(|| "strict".into()),
    });

    let capture = args::opt_bool(capture_output.as_ref(), false);
    if capture && (!is_none(&stdout) || !is_none(&stderr)) {
        return Err(exc::value_error("stdout and stderr arguments may not be used with capture_output."));
    }
    if mode == Mode::CheckOutput && stdout.is_some() {
        return Err(exc::value_error("stdout argument not allowed, it will be overridden."));
    }
    let input = match input.filter(|v| !matches!(v, Obj::Value(Value::None))) {
        None => None,
        Some(v) => {
            if !is_none(&stdin) {
                return Err(exc::value_error("stdin and input arguments may not both be used."));
            }
            Some(match (cx.value(&v)?, &text) {
                (Value::Str(s), Some(t)) => encode(&s, t)?,
                (Value::Bytes(b) | Value::ByteArray(b), None) => b,
                (other, Some(_)) => {
                    return Err(exc::type_error(format!("input must be str in text mode, not {}", other.type_name())))
                }
                (other, None) => {
                    return Err(exc::type_error(format!(
                        "memoryview: a bytes-like object is required, not '{}'",
                        other.type_name()
                    )))
                }
            })
        }
    };
    let stdin = if input.is_some() { Redirect::Pipe } else { redirect("stdin", stdin, cx)? };
    let (stdout, stderr) = if capture || mode == Mode::CheckOutput {
        let stderr = if capture { Redirect::Pipe } else { redirect("stderr", stderr, cx)? };
        (Redirect::Pipe, stderr)
    } else {
        (redirect("stdout", stdout, cx)?, redirect("stderr", stderr, cx)?)
    };

    let cwd = match cwd.filter(|v| !matches!(v, Obj::Value(Value::None))) {
        Some(v) => Some(args::to_path(func, &v, cx)?),
        None => None,
    };
    let env = match env.filter(|v| !matches!(v, Obj::Value(Value::None))) {
        // A client mapping that does not pickle (its `os.environ`) is
        // copied into a dict on the client first.
        Some(v) => Some(environment(match cx.value(&v) {
            Err(e) if matches!(v, Obj::Remote(_)) => cx.call_client_method(&v, "copy").map_err(|_| e)?,
            other => other?,
        })?),
        None => None,
    };
    let timeout_value = timeout.map(|t| cx.value(&t)).transpose()?.unwrap_or(Value::None);
    let timeout = match &timeout_value {
        Value::None => None,
        Value::Int(n) => Some(Duration::from_secs((*n).max(0) as u64)),
        Value::Float(x) if x.is_nan() => return Err(exc::value_error("Invalid value NaN (not a number)")),
        Value::Float(x) => Some(Duration::try_from_secs_f64(x.max(0.0)).unwrap_or(Duration::MAX)),
        other => return Err(exc::type_error(format!("timeout must be a number, not {}", other.type_name()))),
    };
    let process_group = match args::opt_int(func, process_group.as_ref())? {
        Some(g) => {
            Some(i32::try_from(g).map_err(|_| exc::new("OverflowError", "signed integer is greater than maximum"))?)
        }
        None => None,
    };
    let spec = Spec {
        program,
        argv,
        cwd,
        env,
        stdin,
        stdout,
        stderr,
        input,
        timeout,
        new_session: args::opt_bool(start_new_session.as_ref(), false),
        process_group,
    };
    Ok(Job { cmd, spec, timeout: timeout_value, text, check: args::opt_bool(check.as_ref(), false) })
}

/// `str()` of a value, for messages.
fn plain(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `subprocess.TimeoutExpired(cmd, timeout, output, stderr)`.
pub fn timeout_expired(cmd: Value, timeout: Value, output: Value, stderr: Value) -> ExceptionPayload {
    let message = format!("Command '{}' timed out after {} seconds", plain(&cmd), plain(&timeout));
    exc::raise(
        RemoteException::new("subprocess", "TimeoutExpired", vec![cmd.clone(), timeout.clone()])
            .with_attr("cmd", cmd)
            .with_attr("timeout", timeout)
            .with_attr("output", output.clone())
            .with_attr("stdout", output)
            .with_attr("stderr", stderr)
            .with_traceback(format!("subprocess.TimeoutExpired: {message}\n")),
    )
}

/// A finished child: `(cmd, returncode, stdout, stderr)`.
struct Done {
    cmd: Value,
    returncode: i64,
    stdout: Value,
    stderr: Value,
}

/// Runs a job: the cwd is checked first so a bad one is reported with its
/// own name, then exec failures name the program, as CPython does.
fn execute(job: Job) -> PyResult<Done> {
    let Job { cmd, spec, timeout, text, check } = job;
    if let Some(cwd) = &spec.cwd {
        match std::fs::metadata(cwd) {
            Err(e) => return Err(exc::os_error(&e, Some(cwd))),
            Ok(m) if !m.is_dir() => return Err(exc::os_errno(libc::ENOTDIR, Some(cwd), None)),
            Ok(_) => {}
        }
    }
    let program = PathBuf::from(spec.argv.first().cloned().unwrap_or_default());
    let out = match runner::run(spec) {
        Ok(out) => out,
        Err(Failure::Spawn(e)) if e.raw_os_error().is_none() && e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(exc::value_error("embedded null byte"))
        }
        Err(Failure::Spawn(e)) => return Err(exc::os_error(&e, Some(&program))),
        Err(Failure::Io(e)) => return Err(exc::os_error(&e, None)),
        Err(Failure::Timeout { stdout, stderr }) => {
            // Bytes even in text mode, as CPython's run() raises it.
            return Err(timeout_expired(
                cmd,
                timeout,
                stdout.map_or(Value::None, Value::Bytes),
                stderr.map_or(Value::None, Value::Bytes),
            ));
        }
    };
    let stdout = output(out.stdout, text.as_ref())?;
    let stderr = output(out.stderr, text.as_ref())?;
    if check && out.returncode != 0 {
        return Err(exc::called_process_error(Value::Int(out.returncode), cmd, stdout, stderr));
    }
    Ok(Done { cmd, returncode: out.returncode, stdout, stderr })
}

/// `run(args, *, stdin=None, input=None, capture_output=False, ...)`.
fn run(cx: &Cx, args: Args) -> PyResult<Val> {
    // CompletedProcess.args is the very object the caller passed (a client's
    // list stays the client's list), as in CPython.
    let passed =
        args.pos.first().cloned().or_else(|| args.kw.iter().find(|(k, _)| k == "args").map(|(_, v)| v.clone()));
    let done = execute(job("run", Mode::Run, args, cx)?)?;
    Ok(Obj::Local(RecordObj::new(
        "subprocess.CompletedProcess",
        "CompletedProcess",
        RecordKind::Plain,
        vec![
            ("args", passed.unwrap_or_else(|| containers::wrap(done.cmd))),
            ("returncode", Obj::Value(Value::Int(done.returncode))),
            ("stdout", containers::wrap(done.stdout)),
            ("stderr", containers::wrap(done.stderr)),
        ],
    )))
}

fn call(cx: &Cx, args: Args) -> PyResult<Val> {
    let done = execute(job("call", Mode::Call, args, cx)?)?;
    Ok(Obj::Value(Value::Int(done.returncode)))
}

fn check_call(cx: &Cx, args: Args) -> PyResult<Val> {
    let done = execute(job("check_call", Mode::CheckCall, args, cx)?)?;
    if done.returncode != 0 {
        return Err(exc::called_process_error(Value::Int(done.returncode), done.cmd, Value::None, Value::None));
    }
    Ok(Obj::Value(Value::Int(0)))
}

fn check_output(cx: &Cx, args: Args) -> PyResult<Val> {
    let mut j = job("check_output", Mode::CheckOutput, args, cx)?;
    j.check = true;
    Ok(Obj::Value(execute(j)?.stdout))
}

/// `getstatusoutput(cmd)`: the shell, text, stderr into stdout, one
/// trailing newline dropped.
fn getstatusoutput_impl(func: &str, cx: &Cx, args: Args) -> PyResult<(i64, Value)> {
    let [cmd, encoding, errors] = args.bind(func, ["cmd", "$encoding?", "$errors?"])?;
    let kw = vec![
        ("shell".to_owned(), Obj::Value(Value::Bool(true))),
        ("text".to_owned(), Obj::Value(Value::Bool(true))),
        ("stderr".to_owned(), Obj::Value(Value::Int(STDOUT))),
        ("encoding".to_owned(), encoding.unwrap_or(Obj::none())),
        ("errors".to_owned(), errors.unwrap_or(Obj::none())),
    ];
    let done = execute(job(func, Mode::CheckOutput, Args::new(vec![args::req(cmd)], kw), cx)?)?;
    let mut data = match done.stdout {
        Value::Str(s) => s,
        _ => String::new(),
    };
    if data.ends_with('\n') {
        data.pop();
    }
    Ok((done.returncode, Value::Str(data)))
}

fn getstatusoutput(cx: &Cx, args: Args) -> PyResult<Val> {
    let (code, data) = getstatusoutput_impl("getstatusoutput", cx, args)?;
    Ok(Obj::Value(Value::Tuple(vec![Value::Int(code), data])))
}

fn getoutput(cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(Obj::Value(getstatusoutput_impl("getoutput", cx, args)?.1))
}

fn popen(_cx: &Cx, _args: Args) -> PyResult<Val> {
    Err(exc::not_implemented("subprocess.Popen (use subprocess.run, check_output or call)"))
}

#[cfg(test)]
mod tests {
    use super::super::sys::testing::with_cx;
    use super::*;

    fn s(v: &str) -> Val {
        Obj::Value(Value::str(v))
    }

    fn argv(items: &[&str]) -> Val {
        Obj::Value(Value::Tuple(items.iter().map(|i| Value::str(*i)).collect()))
    }

    fn kw(pairs: &[(&str, Val)]) -> Vec<(String, Val)> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    fn yes() -> Val {
        Obj::Value(Value::Bool(true))
    }

    /// Calls `func` and returns the result by value.
    fn call_value(func: fn(&Cx, Args) -> PyResult<Val>, pos: Vec<Val>, kw: Vec<(String, Val)>) -> PyResult<Value> {
        with_cx(move |cx| {
            let v = func(cx, Args::new(pos, kw))?;
            match v {
                Obj::Local(o) => Ok(o.to_value(cx)?.expect("by value")),
                other => cx.value(&other),
            }
        })
    }

    fn completed(v: Value) -> Vec<(Value, Value)> {
        let Value::Record(r) = v else { panic!("a record: {v}") };
        assert_eq!(r.class, "subprocess.CompletedProcess");
        let Some(Value::Dict(state)) = r.state else { panic!("a state") };
        state
    }

    fn field<'a>(state: &'a [(Value, Value)], name: &str) -> &'a Value {
        &state.iter().find(|(k, _)| *k == Value::str(name)).expect("field").1
    }

    fn exception(r: PyResult<Value>) -> RemoteException {
        match r {
            Err(ExceptionPayload::Exception(e)) => e,
            other => panic!("expected an exception, got {other:?}"),
        }
    }

    #[test]
    fn run_capture_output_text() {
        let state = completed(
            call_value(run, vec![argv(&["echo", "hi"])], kw(&[("capture_output", yes()), ("text", yes())]))
                .expect("runs"),
        );
        assert_eq!(field(&state, "args"), &Value::Tuple(vec![Value::str("echo"), Value::str("hi")]));
        assert_eq!(field(&state, "returncode"), &Value::Int(0));
        assert_eq!(field(&state, "stdout"), &Value::str("hi\n"));
        assert_eq!(field(&state, "stderr"), &Value::str(""));
    }

    #[test]
    fn run_without_capture_has_none_outputs_and_bytes_with_pipe() {
        let state = completed(call_value(run, vec![argv(&["true"])], vec![]).expect("runs"));
        assert_eq!(field(&state, "stdout"), &Value::None);
        let state = completed(
            call_value(run, vec![argv(&["printf", "a\\r\\nb"])], kw(&[("stdout", Obj::Value(Value::Int(PIPE)))]))
                .expect("runs"),
        );
        assert_eq!(field(&state, "stdout"), &Value::Bytes(b"a\r\nb".to_vec()));
        assert_eq!(field(&state, "stderr"), &Value::None);
        let state = completed(
            call_value(
                run,
                vec![argv(&["printf", "a\\r\\nb\\rc"])],
                kw(&[("capture_output", yes()), ("universal_newlines", yes())]),
            )
            .expect("runs"),
        );
        assert_eq!(field(&state, "stdout"), &Value::str("a\nb\nc"));
    }

    #[test]
    fn run_shell_cwd_env_input() {
        let state = completed(
            call_value(
                run,
                vec![s("pwd; echo \"$GREETING\"; cat")],
                vec![
                    ("shell".into(), yes()),
                    ("cwd".into(), s("/tmp")),
                    ("env".into(), containers::wrap(Value::Dict(vec![(Value::str("GREETING"), Value::str("hello"))]))),
                    ("input".into(), s("from stdin")),
                    ("capture_output".into(), yes()),
                    ("text".into(), yes()),
                ],
            )
            .expect("runs"),
        );
        assert_eq!(field(&state, "stdout"), &Value::str("/tmp\nhello\nfrom stdin"));
        assert_eq!(field(&state, "args"), &Value::str("pwd; echo \"$GREETING\"; cat"));
    }

    #[test]
    fn check_raises_called_process_error() {
        let e = exception(call_value(
            run,
            vec![argv(&["sh", "-c", "echo oops >&2; exit 4"])],
            kw(&[("check", yes()), ("capture_output", yes())]),
        ));
        assert_eq!((e.module.as_str(), e.name.as_str()), ("subprocess", "CalledProcessError"));
        assert_eq!(e.attr("returncode"), Some(&Value::Int(4)));
        assert_eq!(e.attr("stderr"), Some(&Value::Bytes(b"oops\n".to_vec())));
        assert_eq!(e.args[0], Value::Int(4));
        let e = exception(call_value(check_call, vec![argv(&["false"])], vec![]));
        assert_eq!(e.attr("output"), Some(&Value::None));
        assert_eq!(call_value(call, vec![argv(&["false"])], vec![]), Ok(Value::Int(1)));
    }

    #[test]
    fn timeout_expired_has_cpython_attributes() {
        let e = exception(call_value(
            run,
            vec![argv(&["sh", "-c", "echo partial; exec sleep 5"])],
            kw(&[("timeout", Obj::Value(Value::Float(0.3))), ("capture_output", yes()), ("text", yes())]),
        ));
        assert_eq!((e.module.as_str(), e.name.as_str()), ("subprocess", "TimeoutExpired"));
        let cmd = Value::Tuple(vec![Value::str("sh"), Value::str("-c"), Value::str("echo partial; exec sleep 5")]);
        assert_eq!(e.args, vec![cmd.clone(), Value::Float(0.3)]);
        assert_eq!(e.attr("cmd"), Some(&cmd));
        assert_eq!(e.attr("timeout"), Some(&Value::Float(0.3)));
        assert_eq!(e.attr("output"), Some(&Value::Bytes(b"partial\n".to_vec())));
        assert_eq!(e.attr("stdout"), Some(&Value::Bytes(b"partial\n".to_vec())));
        assert_eq!(e.attr("stderr"), Some(&Value::None));
        assert!(e.traceback.contains("timed out after 0.3 seconds"), "{}", e.traceback);
    }

    #[test]
    fn missing_program_and_cwd_are_file_not_found() {
        let e = exception(call_value(run, vec![argv(&["/no/such/program", "x"])], vec![]));
        assert_eq!(e.name, "FileNotFoundError");
        assert_eq!(e.attr("errno"), Some(&Value::Int(2)));
        assert_eq!(e.attr("filename"), Some(&Value::str("/no/such/program")));
        let e = exception(call_value(run, vec![argv(&["true"])], kw(&[("cwd", s("/no/such/dir"))])));
        assert_eq!(e.attr("filename"), Some(&Value::str("/no/such/dir")));
    }

    #[test]
    fn text_input_is_encoded() {
        let text = |enc: &str, errors: &str| Text { encoding: enc.into(), errors: errors.into() };
        assert_eq!(encode("é", &text("utf-8", "strict")), Ok("é".as_bytes().to_vec()));
        assert_eq!(encode("é", &text("latin-1", "strict")), Ok(vec![0xe9]));
        assert_eq!(encode("aé", &text("ascii", "replace")), Ok(b"a?".to_vec()));
        assert!(encode("é", &text("ascii", "strict")).is_err());
        assert!(encode("x", &text("no-such-codec", "strict")).is_err());
    }

    #[test]
    fn check_output_and_getstatusoutput() {
        assert_eq!(call_value(check_output, vec![argv(&["echo", "x"])], vec![]), Ok(Value::Bytes(b"x\n".to_vec())));
        assert_eq!(
            call_value(
                check_output,
                vec![s("echo out; echo err >&2")],
                kw(&[("shell", yes()), ("stderr", Obj::Value(Value::Int(STDOUT))), ("text", yes())])
            ),
            Ok(Value::str("out\nerr\n"))
        );
        assert_eq!(
            call_value(getstatusoutput, vec![s("echo a; exit 3")], vec![]),
            Ok(Value::Tuple(vec![Value::Int(3), Value::str("a")]))
        );
        assert_eq!(call_value(getoutput, vec![s("echo b >&2")], vec![]), Ok(Value::str("b")));
    }

    #[test]
    fn argument_errors_are_pythons() {
        let e = exception(call_value(
            run,
            vec![argv(&["true"])],
            kw(&[("capture_output", yes()), ("stdout", Obj::Value(Value::Int(PIPE)))]),
        ));
        assert_eq!(e.name, "ValueError");
        let e = exception(call_value(call, vec![argv(&["true"])], kw(&[("input", s("x"))])));
        assert_eq!(e.name, "TypeError");
        let e = exception(call_value(run, vec![argv(&["true"])], kw(&[("bogus", yes())])));
        assert_eq!(e.name, "TypeError");
        let e = exception(call_value(run, vec![Obj::Value(Value::Tuple(vec![]))], vec![]));
        assert_eq!(e.name, "IndexError");
        let e = exception(call_value(popen, vec![argv(&["true"])], vec![]));
        assert_eq!(e.name, "NotImplementedError");
    }
}
