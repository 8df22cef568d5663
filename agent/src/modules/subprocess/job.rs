//! `Popen`'s and `run`'s arguments, checked the way CPython 3.11 checks
//! them, turned into one child to run ([`Job`]).

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::time::Duration;

use rpyc_protocol::Value;

use super::errors::SUBPROCESS_ERROR;
use super::{DEVNULL, PIPE, STDOUT};
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::platform::process::{dup_fd, Redirect, Spec};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

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
pub enum Mode {
    Run,
    Call,
    CheckCall,
    CheckOutput,
    Popen,
}

/// How text mode decodes and encodes.
pub struct Text {
    pub encoding: String,
    pub errors: String,
    /// The encoding as the streams show it (the locale's `UTF-8` when
    /// none was given).
    pub shown: String,
}

/// One call, ready to run.
pub struct Job {
    /// `args` as given: `CompletedProcess.args`, the exceptions' `cmd`.
    pub cmd: Py,
    pub spec: Spec,
    /// `timeout` as given, for `TimeoutExpired`.
    pub timeout: Py,
    pub text: Option<Text>,
    pub check: bool,
    /// `bufsize` (-1 unless given): 0 makes unbuffered streams.
    pub bufsize: i64,
}

fn given(v: &Option<Py>) -> bool {
    !matches!(v, None | Some(Py::None))
}

/// `os.fsencode(v)`: str, bytes or a path-like object.
fn os_string(cx: &Cx, v: &Py) -> PyResult<OsString> {
    match semantics::fspath(cx, v)? {
        Py::Bytes(b) => Ok(OsString::from_vec(b.to_vec())),
        Py::Str(s) => Ok(OsString::from(&*s)),
        other => Err(exceptions::type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            semantics::type_name(&other)
        ))),
    }
}

/// Whether a value is path-like (`os.PathLike`), for a lone argument.
fn is_path_like(cx: &Cx, v: &Py) -> PyResult<bool> {
    match v {
        Py::Obj(o) => Ok(o.fspath(cx)?.is_some()),
        Py::Client(_) => attr::hasattr(cx, v, "__fspath__"),
        _ => Ok(false),
    }
}

/// The argument vector: one str/bytes/path-like (a program, or the script
/// with `shell=True`), else a sequence of them; then what is executed.
fn argv_of(cx: &Cx, cmd: &Py, shell: bool, executable: Option<OsString>) -> PyResult<(OsString, Vec<OsString>)> {
    let mut argv = match cmd {
        Py::Str(_) | Py::Bytes(_) => vec![os_string(cx, cmd)?],
        _ if is_path_like(cx, cmd)? => {
            if shell {
                return Err(exceptions::type_error("path-like args is not allowed when shell is true"));
            }
            vec![os_string(cx, cmd)?]
        }
        _ => semantics::iterate(cx, cmd)?.iter().map(|a| os_string(cx, a)).collect::<PyResult<Vec<_>>>()?,
    };
    if shell {
        argv.splice(0..0, ["/bin/sh".into(), "-c".into()]);
        if let Some(e) = &executable {
            argv[0] = e.clone();
        }
    }
    let Some(first) = argv.first() else { return Err(exceptions::index_error("list index out of range")) };
    Ok((executable.unwrap_or_else(|| first.clone()), argv))
}

/// A stream argument: None, PIPE, STDOUT (stderr only), DEVNULL, a
/// descriptor, or an agent object with `fileno()`.
fn redirect(cx: &Cx, which: &str, v: Option<Py>) -> PyResult<Redirect> {
    let fd = match v {
        None | Some(Py::None) => return Ok(Redirect::Inherit),
        Some(Py::Client(_)) => {
            return Err(exceptions::not_implemented(&format!(
                "subprocess with {which} set to a client-side object (a child can only use the agent's descriptors)"
            )))
        }
        Some(v) => match semantics::index_value(&v) {
            Some(n) => n,
            None => attr::call_method(cx, &v, "fileno", Args::default())?,
        },
    };
    let fd = match semantics::index_value(&fd) {
        Some(Py::Int(n)) => n,
        Some(_) => return Err(exceptions::overflow_error("Python int too large to convert to C int")),
        None => return Err(exceptions::type_error("fileno() returned a non-integer")),
    };
    Ok(match fd {
        PIPE => Redirect::Pipe,
        DEVNULL => Redirect::Null,
        STDOUT if which == "stderr" => Redirect::Stdout,
        n => match dup_fd(n).map_err(|e| exceptions::os_error(&e, None))? {
            Some(fd) => Redirect::Fd(fd),
            None => Redirect::Null,
        },
    })
}

/// `env`: the pairs of a mapping (`env.items()`); a client mapping is
/// fetched by value in one request (its `copy()` when it does not pickle,
/// like `os.environ`).
fn environment(cx: &Cx, env: &Py) -> PyResult<Vec<(OsString, OsString)>> {
    let pairs: Vec<(Py, Py)> = match env {
        Py::Client(_) => {
            let value = match semantics::to_value(cx, env) {
                Ok(v) => v,
                Err(e) => {
                    let copy = attr::call_method(cx, env, "copy", Args::default()).map_err(|_| e.clone())?;
                    semantics::to_value(cx, &copy).map_err(|_| e)?
                }
            };
            let Value::Dict(pairs) = value else {
                return Err(exceptions::type_error("env must be a mapping"));
            };
            pairs.into_iter().map(|(k, v)| ((cx.hooks.from_value)(k), (cx.hooks.from_value)(v))).collect()
        }
        Py::Obj(o) if o.as_any().is::<Dict>() => env.downcast::<Dict>().map(Dict::items).unwrap_or_default(),
        _ => {
            let items = semantics::iterate(cx, &attr::call_method(cx, env, "items", Args::default())?)?;
            let mut pairs = Vec::with_capacity(items.len());
            for item in items {
                match <[Py; 2]>::try_from(semantics::iterate(cx, &item)?) {
                    Ok([k, v]) => pairs.push((k, v)),
                    Err(_) => return Err(exceptions::value_error("too many values to unpack (expected 2)")),
                }
            }
            pairs
        }
    };
    pairs
        .into_iter()
        .map(|(k, v)| {
            let (k, v) = (os_string(cx, &k)?, os_string(cx, &v)?);
            if k.as_encoded_bytes().contains(&b'=') {
                return Err(exceptions::value_error("illegal environment variable name"));
            }
            if k.as_encoded_bytes().contains(&0) || v.as_encoded_bytes().contains(&0) {
                return Err(exceptions::value_error("embedded null byte"));
            }
            Ok((k, v))
        })
        .collect()
}

/// The bytes written to the child: str in text mode (encoded), else a
/// bytes-like object; the errors are those CPython's writes raise.
pub(super) fn input_bytes(cx: &Cx, v: &Py, text: Option<&Text>) -> PyResult<Vec<u8>> {
    let v = match v {
        Py::Client(_) => (cx.hooks.from_value)(semantics::to_value(cx, v)?),
        other => other.clone(),
    };
    match (&v, text) {
        (Py::Str(s), Some(t)) => crate::objects::bytes::encode(s, &t.encoding, &t.errors),
        (_, Some(_)) => {
            Err(exceptions::type_error(format!("write() argument must be str, not {}", semantics::type_name(&v))))
        }
        (_, None) => match args::to_bytes("input", &v) {
            Ok(b) => Ok(b.to_vec()),
            Err(_) => Err(exceptions::type_error(format!(
                "a bytes-like object is required, not '{}'",
                semantics::type_name(&v)
            ))),
        },
    }
}

/// `timeout`: seconds as int or float; `None` for no deadline (also when
/// it is too far away to matter).
pub(super) fn timeout_of(v: &Py) -> PyResult<Option<Duration>> {
    if v.is_none() {
        return Ok(None);
    }
    let secs = match semantics::float_value(v) {
        Some(x) => x?,
        // What CPython's `_time() + timeout` raises.
        None => {
            return Err(exceptions::type_error(format!(
                "unsupported operand type(s) for +: 'float' and '{}'",
                semantics::type_name(v)
            )))
        }
    };
    if secs.is_nan() {
        return Err(exceptions::value_error("Invalid value NaN (not a number)"));
    }
    Ok(Some(Duration::try_from_secs_f64(secs.max(0.0)).unwrap_or(Duration::MAX)))
}

/// A C `int` argument.
fn c_int(v: i64) -> PyResult<i32> {
    i32::try_from(v).map_err(|_| {
        exceptions::overflow_error(if v > 0 {
            "signed integer is greater than maximum"
        } else {
            "signed integer is less than minimum"
        })
    })
}

fn subprocess_error(msg: &str) -> PyErr {
    PyErr::new(SUBPROCESS_ERROR.clone(), vec![Py::str(msg)])
}

/// Binds `Popen`/`run` arguments into a job.
pub fn job(func: &str, mode: Mode, args: Args, cx: &Cx) -> PyResult<Job> {
    let [cmd, bufsize, executable, stdin, stdout, stderr, preexec_fn, _close_fds, shell, cwd, env, universal_newlines, startupinfo, creationflags, _restore_signals, start_new_session, pass_fds, user, group, extra_groups, encoding, errors, text, umask, pipesize, process_group, input, capture_output, timeout, check] =
        args.bind(func, SPEC)?;
    if mode == Mode::Popen && timeout.is_some() {
        return Err(exceptions::type_error("Popen.__init__() got an unexpected keyword argument 'timeout'"));
    }
    if mode != Mode::Run && mode != Mode::CheckOutput {
        for (name, v) in [("input", &input), ("capture_output", &capture_output), ("check", &check)] {
            if v.is_some() {
                return Err(exceptions::type_error(format!(
                    "Popen.__init__() got an unexpected keyword argument '{name}'"
                )));
            }
        }
    }
    if mode == Mode::CheckOutput {
        for (name, v) in [("stdout", &stdout), ("check", &check)] {
            if v.is_some() {
                return Err(exceptions::value_error(format!("{name} argument not allowed, it will be overridden.")));
            }
        }
    }
    let flag = |v: &Option<Py>| args::opt_bool(cx, v.as_ref(), false);
    let text_mode = given(&encoding) || given(&errors) || flag(&text)? || flag(&universal_newlines)?;
    // check_output(input=None) means an empty input, for compatibility.
    let input = match input {
        Some(Py::None) if mode == Mode::CheckOutput => {
            Some(if text_mode { Py::str("") } else { Py::bytes(Vec::new()) })
        }
        other => other.filter(|v| !v.is_none()),
    };
    if input.is_some() && given(&stdin) {
        return Err(exceptions::value_error("stdin and input arguments may not both be used."));
    }
    let capture = flag(&capture_output)?;
    // check_output passes stdout=PIPE itself, so capture_output clashes.
    if capture && (mode == Mode::CheckOutput || given(&stdout) || given(&stderr)) {
        return Err(exceptions::value_error("stdout and stderr arguments may not be used with capture_output."));
    }
    for (name, v) in [("bufsize", &bufsize), ("pipesize", &pipesize)] {
        if given(v) && semantics::index_value(v.as_ref().unwrap_or(&Py::None)).is_none() {
            return Err(exceptions::type_error(format!("{name} must be an integer")));
        }
    }
    if given(&startupinfo) {
        return Err(exceptions::value_error("startupinfo is only supported on Windows platforms"));
    }
    if args::opt_int(func, creationflags.as_ref())?.is_some_and(|f| f != 0) {
        return Err(exceptions::value_error("creationflags is only supported on Windows platforms"));
    }
    if given(&text) && given(&universal_newlines) && flag(&text)? != flag(&universal_newlines)? {
        return Err(subprocess_error(
            "Cannot disambiguate when both text and universal_newlines are supplied but different. Pass one or the other.",
        ));
    }
    if given(&preexec_fn) {
        return Err(exceptions::not_implemented(
            "subprocess with preexec_fn= (a Python function cannot run in the agent's child)",
        ));
    }
    let gid =
        group.filter(|g| !g.is_none()).map(|g| group_id(cx, &g, "Group must be a string or an integer")).transpose()?;
    let groups = match extra_groups.filter(|g| !g.is_none()) {
        None => None,
        Some(Py::Str(_)) => return Err(exceptions::value_error("Groups must be a list, not a string")),
        Some(list) => Some(
            semantics::iterate(cx, &list)?
                .iter()
                .map(|g| group_id(cx, g, "Items in extra_groups must be a string or integer"))
                .collect::<PyResult<Vec<_>>>()?,
        ),
    };
    let uid = user.filter(|u| !u.is_none()).map(|u| user_id(cx, &u)).transpose()?;

    let cmd = args::req(cmd);
    let shell = flag(&shell)?;
    let executable = match executable.filter(|v| !v.is_none()) {
        Some(e) => Some(os_string(cx, &e)?),
        None => None,
    };
    let (program, argv) = argv_of(cx, &cmd, shell, executable)?;
    let text = text_mode.then(|| -> PyResult<Text> {
        let given = args::opt_str(func, encoding.as_ref())?;
        Ok(Text {
            encoding: given.clone().unwrap_or_else(|| "utf-8".into()),
            errors: args::opt_str(func, errors.as_ref())?.unwrap_or_else(|| "strict".into()),
            shown: given.unwrap_or_else(|| "UTF-8".into()),
        })
    });
    let text = text.transpose()?;
    let input = match &input {
        Some(v) => Some(input_bytes(cx, v, text.as_ref())?),
        None => None,
    };
    let stdin = if input.is_some() { Redirect::Pipe } else { redirect(cx, "stdin", stdin)? };
    let (stdout, stderr) = if capture {
        (Redirect::Pipe, Redirect::Pipe)
    } else if mode == Mode::CheckOutput {
        (Redirect::Pipe, redirect(cx, "stderr", stderr)?)
    } else {
        (redirect(cx, "stdout", stdout)?, redirect(cx, "stderr", stderr)?)
    };

    let mut spec = Spec::new(program, argv);
    spec.stdin = stdin;
    spec.stdout = stdout;
    spec.stderr = stderr;
    spec.input = input;
    if let Some(v) = cwd.filter(|v| !v.is_none()) {
        spec.cwd = Some(semantics::fspath_buf(cx, &v)?);
    }
    if let Some(v) = env.filter(|v| !v.is_none()) {
        spec.env = Some(environment(cx, &v)?);
    }
    let timeout = timeout.unwrap_or(Py::None);
    spec.timeout = timeout_of(&timeout)?;
    spec.new_session = flag(&start_new_session)?;
    spec.process_group = args::opt_int(func, process_group.as_ref())?.filter(|g| *g >= 0).map(c_int).transpose()?;
    spec.umask = args::opt_int(func, umask.as_ref())?.filter(|u| *u >= 0).map(c_int).transpose()?.map(|u| u as u32);
    if let Some(fds) = pass_fds.filter(|v| !v.is_none()) {
        for fd in semantics::iterate(cx, &fds)? {
            match semantics::index_value(&fd) {
                Some(Py::Int(n)) if (0..=i64::from(i32::MAX)).contains(&n) => spec.pass_fds.push(n as i32),
                _ => return Err(exceptions::value_error("bad value(s) in fds_to_keep")),
            }
        }
    }
    (spec.groups, spec.gid, spec.uid) = (groups, gid, uid);
    let bufsize = args::opt_int(func, bufsize.as_ref().filter(|b| !b.is_none()))?.unwrap_or(-1);
    Ok(Job { cmd, spec, timeout, text, check: flag(&check)?, bufsize })
}

/// `<class 'float'>`, as CPython's messages show a type.
fn class_repr(cx: &Cx, v: &Py) -> PyResult<String> {
    semantics::repr(cx, &crate::objects::type_value_of(v))
}

/// An id as CPython takes it: a name looked up, or a non-negative int.
fn numeric_id(v: &Py, what: &str) -> Option<PyResult<u32>> {
    match semantics::index_value(v)? {
        Py::Int(n) if n < 0 => Some(Err(exceptions::value_error(format!("{what} ID cannot be negative, got {n}")))),
        Py::Int(n) => Some(u32::try_from(n).map_err(|_| exceptions::overflow_error("uid/gid is greater than maximum"))),
        _ => Some(Err(exceptions::overflow_error("Python int too large to convert to C long"))),
    }
}

/// `group=` or an item of `extra_groups=`: a group name or id.
fn group_id(cx: &Cx, v: &Py, what: &str) -> PyResult<u32> {
    if let Py::Str(name) = v {
        return crate::platform::users::getgrnam(name)
            .ok_or_else(|| exceptions::key_error(Py::str(format!("getgrnam(): name not found: '{name}'"))));
    }
    match numeric_id(v, "Group") {
        Some(id) => id,
        None => Err(exceptions::type_error(format!("{what}, not {}", class_repr(cx, v)?))),
    }
}

/// `user=`: a user name or id.
fn user_id(_cx: &Cx, v: &Py) -> PyResult<u32> {
    if let Py::Str(name) = v {
        return crate::platform::users::getpwnam(name)
            .map(|p| p.uid)
            .ok_or_else(|| exceptions::key_error(Py::str(format!("getpwnam(): name not found: '{name}'"))));
    }
    numeric_id(v, "User").unwrap_or_else(|| Err(exceptions::type_error("User must be a string or an integer")))
}
