//! `os.system` and `os.popen`: a command run by `/bin/sh -c`, as CPython
//! runs it (`popen` is its `subprocess.Popen(cmd, shell=True)` wrapped in
//! `os._wrap_close`, whose `close()` gives the exit status shifted as
//! `wait()` reports it, or `None` for success).
//!
//! The agent's own stdin and stdout may be the protocol stream: the
//! child's stdin is then `/dev/null` and its stdout the agent's stderr (see
//! `platform::process`).

use std::process::Child;
use std::sync::{LazyLock, Mutex};

use crate::modules::os_path::PathStr;
use crate::objects::attr;
use crate::objects::file;
use crate::platform::process::{self, Failure, Spec};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// `/bin/sh -c cmd`, with `argv[0]` as `system(3)` (`sh`) or
/// `subprocess` (`/bin/sh`) gives it.
fn shell(argv0: &str, cmd: &[u8]) -> Spec {
    let cmd = std::os::unix::ffi::OsStrExt::from_bytes(cmd);
    let cmd: &std::ffi::OsStr = cmd;
    Spec::new("/bin/sh".into(), vec![argv0.into(), "-c".into(), cmd.to_owned()])
}

fn failure(f: Failure) -> PyErr {
    match f {
        Failure::Spawn(e) | Failure::Cwd(e) | Failure::Setup(e) | Failure::Io(e) => exceptions::os_error(&e, None),
        Failure::Timeout { .. } => exceptions::new("OSError", "the command timed out"),
    }
}

/// `os.system(command)`: the wait status.
pub(super) fn system(cx: &Cx, args: Args) -> PyResult<Py> {
    let [command] = args.bind("system", ["command"])?;
    let command = PathStr::new(cx, &req(command))?;
    if command.bytes().contains(&0) {
        return Err(exceptions::value_error("embedded null byte"));
    }
    let status = process::wait_status(shell("sh", command.bytes())).map_err(failure)?;
    Ok(Py::from(i64::from(status)))
}

pub static WRAP_CLOSE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("os", "_wrap_close", None, &WRAP_CLOSE_METHODS, None));

static WRAP_CLOSE_METHODS: [Method; 4] = [
    blocking_method("close", close),
    blocking_method("__enter__", |_, this, _| Ok(this.clone())),
    blocking_method("__exit__", |cx, this, _| close(cx, this, Args::default())),
    blocking_method("__iter__", |cx, this, _| semantics::iter(cx, &wrap_self(this)?.stream)),
];

/// `os._wrap_close`: the child's stream, and the child to wait for.
pub struct WrapClose {
    stream: Py,
    child: Mutex<Option<Child>>,
}

fn wrap_self(this: &Py) -> PyResult<&WrapClose> {
    this.downcast::<WrapClose>().ok_or_else(|| exceptions::type_error("descriptor requires an 'os._wrap_close'"))
}

/// `close()`: closes the stream, waits for the child; `None` when it
/// exited with 0, else its return code shifted left by 8 (a signal's
/// negative number shifted too, as CPython does).
fn close(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("close")?;
    let me = wrap_self(this)?;
    attr::call_method(cx, &me.stream, "close", Args::default())?;
    let child = me.child.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some(mut child) = child else { return Ok(Py::None) };
    let code = process::wait_exit(&mut child).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(if code == 0 { Py::None } else { Py::from(code << 8) })
}

impl PyObject for WrapClose {
    fn ty(&self) -> TypeRef {
        WRAP_CLOSE.clone()
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &self.stream).map(Some)
    }
    /// Everything else is the stream's (`__getattr__` delegation).
    fn getattr(&self, _this: &ObjRef, name: &str, cx: &Cx) -> PyResult<Option<Py>> {
        if WRAP_CLOSE_METHODS.iter().any(|m| m.name == name) || name == "__class__" {
            return Ok(None);
        }
        attr::getattr(cx, &self.stream, name).map(Some)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.stream.clone()]
    }
}

impl Drop for WrapClose {
    fn drop(&mut self) {
        // An unclosed popen's child is reaped when its object goes.
        if let Some(mut child) = self.child.get_mut().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.try_wait();
        }
    }
}

/// `os.popen(cmd, mode='r', buffering=-1)`.
pub(super) fn popen(cx: &Cx, args: Args) -> PyResult<Py> {
    let [cmd, mode, buffering] = args.bind("popen", ["cmd", "mode?", "buffering?"])?;
    let cmd = req(cmd);
    let Py::Str(cmd) = &cmd else {
        return Err(exceptions::type_error(format!(
            "invalid cmd type (<class '{}'>, expected string)",
            semantics::type_name(&cmd)
        )));
    };
    let mode = mode.unwrap_or_else(|| Py::str("r"));
    let read = match &mode {
        Py::Str(m) if &**m == "r" => true,
        Py::Str(m) if &**m == "w" => false,
        other => return Err(exceptions::value_error(format!("invalid mode {}", semantics::repr(cx, other)?))),
    };
    let buffering = buffering.unwrap_or(Py::Int(-1));
    if matches!(buffering, Py::None) || args::to_int("popen", &buffering)? == 0 {
        return Err(exceptions::value_error("popen() does not support unbuffered streams"));
    }
    if cmd.contains('\0') {
        return Err(exceptions::value_error("embedded null byte"));
    }
    let piped = process::spawn_piped(shell("/bin/sh", cmd.as_bytes()), read).map_err(failure)?;
    let fd = std::os::fd::AsRawFd::as_raw_fd(&piped.pipe);
    let stream =
        file::open_file(cx, piped.pipe, Py::from(i64::from(fd)), [Some(mode), Some(buffering), None, None, None])?;
    Ok(Py::obj(WrapClose { stream, child: Mutex::new(Some(piped.child)) }))
}
