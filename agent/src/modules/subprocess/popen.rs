//! `subprocess.Popen`: a child the client drives — `poll`, `wait(timeout)`,
//! `communicate(input, timeout)` (CPython's POSIX loop, resumable after a
//! `TimeoutExpired` that carries the output read so far, the child left
//! running), `send_signal`/`terminate`/`kill`, the `stdin`/`stdout`/
//! `stderr` file objects the client reads line by line or writes, and
//! `with`. Waits are sliced so they end when the client's connection
//! closes; a `Popen` dropped (its connection gone) before its child was
//! waited for hands the child to the platform's reaper, so no zombie
//! stays behind.

use std::path::PathBuf;
use std::process::Child;
use std::sync::{LazyLock, Mutex, MutexGuard};
use std::time::Instant;

use super::job::{self, Job, Mode, Text};
use super::{errors, failure, output};
use crate::objects::attr;
use crate::objects::file::{pipe_file, take_pipe, PipeText};
use crate::platform::process::{self, Ended, Exchange, Spawned, Waited};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// `subprocess.Popen`.
pub static POPEN: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("subprocess", "Popen", None, &METHODS, Some(popen_new)));

static METHODS: [Method; 18] = [
    property("args", |_, this, _| Ok(of(this)?.args.clone())),
    property("pid", |_, this, _| Ok(Py::Int(of(this)?.pid.into()))),
    property("returncode", |_, this, _| Ok(of(this)?.lock().returncode.map_or(Py::None, Py::Int))),
    property("stdin", |_, this, _| Ok(of(this)?.stdin.clone().unwrap_or(Py::None))),
    property("stdout", |_, this, _| Ok(of(this)?.stdout.clone().unwrap_or(Py::None))),
    property("stderr", |_, this, _| Ok(of(this)?.stderr.clone().unwrap_or(Py::None))),
    property("text_mode", |_, this, _| Ok(Py::Bool(of(this)?.text.is_some()))),
    property("universal_newlines", |_, this, _| Ok(Py::Bool(of(this)?.text.is_some()))),
    property("encoding", |_, this, _| Ok(of(this)?.given_encoding.clone())),
    property("errors", |_, this, _| Ok(of(this)?.given_errors.clone())),
    blocking_method("poll", poll),
    blocking_method("wait", wait),
    blocking_method("communicate", communicate),
    blocking_method("send_signal", send_signal),
    blocking_method("terminate", |cx, this, args| {
        args.none("terminate")?;
        signal(cx, this, crate::platform::signals::SIGTERM)
    }),
    blocking_method("kill", |cx, this, args| {
        args.none("kill")?;
        signal(cx, this, crate::platform::signals::SIGKILL)
    }),
    method("__enter__", |_, this, _| Ok(this.clone())),
    blocking_method("__exit__", exit),
];

/// What changes as the child runs.
struct State {
    /// The child until it has been waited for.
    child: Option<Child>,
    returncode: Option<i64>,
    /// `communicate`'s progress, kept across a timeout.
    exchange: Option<Exchange>,
    communicated: bool,
    /// What a finished `communicate` returned.
    outputs: Option<(Py, Py)>,
}

pub struct Popen {
    args: Py,
    pid: u32,
    text: Option<Text>,
    given_encoding: Py,
    given_errors: Py,
    stdin: Option<Py>,
    stdout: Option<Py>,
    stderr: Option<Py>,
    state: Mutex<State>,
}

fn of(this: &Py) -> PyResult<&Popen> {
    this.downcast::<Popen>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'subprocess.Popen' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

impl Popen {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reaps the child if it has exited (`_internal_poll`).
    fn try_reap(&self) -> std::io::Result<Option<i64>> {
        let mut st = self.lock();
        if st.returncode.is_some() {
            return Ok(st.returncode);
        }
        let Some(child) = st.child.as_mut() else { return Ok(None) };
        if let Some(status) = child.try_wait()? {
            st.returncode = Some(process::returncode(status));
            st.child = None;
        }
        Ok(st.returncode)
    }

    /// Waits for the exit until the deadline; `None` when it passed.
    fn wait_until(&self, cx: &Cx, deadline: Option<Instant>) -> PyResult<Option<i64>> {
        let mut try_wait = || -> std::io::Result<Option<std::process::ExitStatus>> {
            let mut st = self.lock();
            match st.child.as_mut() {
                Some(child) => child.try_wait(),
                None => Ok(None),
            }
        };
        if let Some(code) = self.lock().returncode {
            return Ok(Some(code));
        }
        let mut stop = || cx.check_interrupt().is_err();
        match process::wait_with(&mut try_wait, deadline, &mut stop).map_err(|e| exceptions::os_error(&e, None))? {
            Waited::Exited(status) => {
                let mut st = self.lock();
                let code = *st.returncode.get_or_insert(process::returncode(status));
                st.child = None;
                Ok(Some(code))
            }
            Waited::TimedOut => Ok(None),
            Waited::Stopped => cx.check_interrupt().map(|()| None),
        }
    }
}

impl Drop for Popen {
    fn drop(&mut self) {
        let st = self.state.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(child) = st.child.take() {
            process::reap_later(child);
        }
    }
}

/// The text settings of the streams.
fn pipe_text(text: &Option<Text>) -> Option<PipeText> {
    text.as_ref().map(|t| PipeText { shown: t.shown.clone(), encoding: t.encoding.clone(), errors: t.errors.clone() })
}

/// `Popen(args, bufsize=-1, executable=None, stdin=None, stdout=None,
/// stderr=None, ...)`.
fn popen_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let given = |name: &str| args.kw.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone());
    let (given_encoding, given_errors) = (given("encoding").unwrap_or(Py::None), given("errors").unwrap_or(Py::None));
    let Job { cmd, mut spec, text, bufsize, .. } = job::job("Popen", Mode::Popen, args, cx)?;
    let program = PathBuf::from(&spec.program);
    let cwd = spec.cwd.clone();
    let Spawned { child, stdin, stdout, stderr } =
        process::start(&mut spec).map_err(|f| failure(f, &program, cwd.as_deref(), cmd.clone(), Py::None))?;
    let raw = bufsize == 0 && text.is_none();
    let file = |fd: Option<std::os::fd::OwnedFd>, reading: bool| -> PyResult<Option<Py>> {
        fd.map(|fd| pipe_file(fd, reading, pipe_text(&text), raw)).transpose()
    };
    let (stdin, stdout, stderr) = (file(stdin, false)?, file(stdout, true)?, file(stderr, true)?);
    Ok(Py::obj(Popen {
        args: cmd,
        pid: child.id(),
        text,
        given_encoding,
        given_errors,
        stdin,
        stdout,
        stderr,
        state: Mutex::new(State {
            child: Some(child),
            returncode: None,
            exchange: None,
            communicated: false,
            outputs: None,
        }),
    }))
}

fn poll(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("poll")?;
    let code = of(this)?.try_reap().map_err(|e| exceptions::os_error(&e, None))?;
    Ok(code.map_or(Py::None, Py::Int))
}

fn deadline_of(timeout: &Py) -> PyResult<Option<Instant>> {
    Ok(job::timeout_of(timeout)?.and_then(|t| Instant::now().checked_add(t)))
}

/// `wait(timeout=None)`.
fn wait(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [timeout] = args.bind("wait", ["timeout?"])?;
    let timeout = timeout.unwrap_or(Py::None);
    let me = of(this)?;
    match me.wait_until(cx, deadline_of(&timeout)?)? {
        Some(code) => Ok(Py::Int(code)),
        None => Err(errors::timeout_expired(me.args.clone(), timeout, Py::None, Py::None)),
    }
}

/// The seconds left until a deadline, as CPython's `_remaining_time`.
fn remaining(deadline: Option<Instant>) -> Py {
    match deadline {
        None => Py::None,
        Some(d) => {
            let now = Instant::now();
            if d >= now {
                Py::Float(d.duration_since(now).as_secs_f64())
            } else {
                Py::Float(-now.duration_since(d).as_secs_f64())
            }
        }
    }
}

/// `communicate(input=None, timeout=None)`.
fn communicate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [input, timeout] = args.bind("communicate", ["input?", "timeout?"])?;
    let (input, timeout) = (input.filter(|v| !v.is_none()), timeout.unwrap_or(Py::None));
    let me = of(this)?;
    let deadline = deadline_of(&timeout)?;
    let started = me.lock().communicated;
    if started && input.is_some() {
        return Err(exceptions::value_error("Cannot send input after starting communication"));
    }
    if let Some((out, err)) = me.lock().outputs.clone() {
        return Ok(Py::tuple(vec![out, err]));
    }
    let exchange = me.lock().exchange.take();
    let mut exchange = match exchange {
        Some(e) => e,
        None => {
            let bytes = match (&input, &me.stdin) {
                (Some(v), Some(_)) => match &me.text {
                    Some(t) => match v {
                        Py::Str(_) => job::input_bytes(cx, v, Some(t))?,
                        other => return Err(exceptions::attribute_error(&semantics::type_name(other), "encode")),
                    },
                    None => job::input_bytes(cx, v, None).map_err(|_| {
                        exceptions::type_error(format!(
                            "memoryview: a bytes-like object is required, not '{}'",
                            semantics::type_name(v)
                        ))
                    })?,
                },
                _ => Vec::new(),
            };
            let take = |f: &Option<Py>| f.as_ref().and_then(take_pipe);
            let stdin = take(&me.stdin).map(|(fd, _)| fd);
            let (stdout, out_ahead) = take(&me.stdout).map_or((None, Vec::new()), |(fd, a)| (Some(fd), a));
            let (stderr, err_ahead) = take(&me.stderr).map_or((None, Vec::new()), |(fd, a)| (Some(fd), a));
            let mut e = Exchange::new(bytes, stdin, stdout, stderr);
            e.prepend(0, out_ahead);
            e.prepend(1, err_ahead);
            e
        }
    };
    me.lock().communicated = true;
    let mut stop = || cx.check_interrupt().is_err();
    let ended = exchange.run(deadline, &mut stop).map_err(|e| exceptions::os_error(&e, None));
    match ended {
        Ok(Ended::Done) => {}
        Ok(Ended::TimedOut) => {
            let [out, err] = exchange.partial();
            me.lock().exchange = Some(exchange);
            let bytes = |b: Option<Vec<u8>>| b.map_or(Py::None, Py::bytes);
            return Err(errors::timeout_expired(me.args.clone(), timeout, bytes(out), bytes(err)));
        }
        Ok(Ended::Stopped) => {
            me.lock().exchange = Some(exchange);
            cx.check_interrupt()?;
            return Err(exceptions::new("KeyboardInterrupt", ""));
        }
        Err(e) => {
            me.lock().exchange = Some(exchange);
            return Err(e);
        }
    }
    let [out, err] = exchange.into_outputs();
    let out = output(out, me.text.as_ref())?;
    let err = output(err, me.text.as_ref())?;
    me.lock().outputs = Some((out.clone(), err.clone()));
    if me.wait_until(cx, deadline)?.is_none() {
        return Err(errors::timeout_expired(me.args.clone(), remaining(deadline), Py::None, Py::None));
    }
    Ok(Py::tuple(vec![out, err]))
}

/// Sends a signal unless the child is known to have exited.
fn signal(_cx: &Cx, this: &Py, sig: i32) -> PyResult<Py> {
    let me = of(this)?;
    if me.try_reap().map_err(|e| exceptions::os_error(&e, None))?.is_some() {
        return Ok(Py::None);
    }
    match process::kill(me.pid as i32, sig) {
        Err(e) if e.raw_os_error() == Some(crate::platform::errno::ESRCH) => Ok(Py::None),
        Err(e) => Err(exceptions::os_error(&e, None)),
        Ok(()) => Ok(Py::None),
    }
}

fn send_signal(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [sig] = args.bind("send_signal", ["sig"])?;
    let sig = crate::modules::time::c_int(&args::req(sig))?;
    signal(cx, this, sig)
}

/// `__exit__`: closes the streams, then waits for the child.
fn exit(cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let me = of(this)?;
    for f in [&me.stdout, &me.stderr, &me.stdin].into_iter().flatten() {
        attr::call_method(cx, f, "close", Args::default())?;
    }
    me.wait_until(cx, None)?;
    Ok(Py::None)
}

impl PyObject for Popen {
    fn ty(&self) -> TypeRef {
        POPEN.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let code = self.lock().returncode.map_or("None".to_owned(), |c| c.to_string());
        let text = format!("<Popen: returncode: {code} args: {}>", semantics::repr(cx, &self.args)?);
        if text.chars().count() > 80 {
            let cut: String = text.chars().take(76).collect();
            return Ok(format!("{cut}...>"));
        }
        Ok(text)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.args.clone()];
        out.extend([&self.stdin, &self.stdout, &self.stderr].into_iter().flatten().cloned());
        out
    }
}
