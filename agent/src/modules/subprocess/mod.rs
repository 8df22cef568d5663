//! `subprocess`: `run` and its helpers with CPython 3.11's arguments,
//! results ([`completed`]) and exceptions ([`errors`]). Arguments are
//! checked in [`job`]; the child itself is run by the platform layer
//! ([`crate::platform::process`]). Every function here blocks and runs on
//! the blocking pool. [`popen`]: `Popen` objects.

mod completed;
mod errors;
mod job;
mod popen;

use std::path::PathBuf;

use crate::objects::module::{b, ModuleDef};
use crate::platform::process::{self, Failure};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub use completed::{CompletedProcess, COMPLETED_PROCESS};
pub use errors::{register as register_classes, CALLED_PROCESS_ERROR, SUBPROCESS_ERROR, TIMEOUT_EXPIRED};
use job::{Job, Mode, Text};

pub const PIPE: i64 = -1;
pub const STDOUT: i64 = -2;
pub const DEVNULL: i64 = -3;

pub static MODULE: ModuleDef = ModuleDef {
    name: "subprocess",
    type_name: "subprocess",
    doc: "Subprocesses with accessible I/O streams: run a command and collect its exit status and output.",
    functions: &[
        b("run", run),
        b("call", call),
        b("check_call", check_call),
        b("check_output", check_output),
        b("getoutput", getoutput),
        b("getstatusoutput", getstatusoutput),
    ],
    attr,
    attr_names: &[
        "PIPE",
        "STDOUT",
        "DEVNULL",
        "CompletedProcess",
        "SubprocessError",
        "CalledProcessError",
        "TimeoutExpired",
        "Popen",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "PIPE" => return Some(Ok(Py::Int(PIPE))),
        "STDOUT" => return Some(Ok(Py::Int(STDOUT))),
        "DEVNULL" => return Some(Ok(Py::Int(DEVNULL))),
        "CompletedProcess" => &COMPLETED_PROCESS,
        "SubprocessError" => &SUBPROCESS_ERROR,
        "CalledProcessError" => &CALLED_PROCESS_ERROR,
        "TimeoutExpired" => &TIMEOUT_EXPIRED,
        "Popen" => &popen::POPEN,
        _ => return None,
    };
    Some(Ok(type_value(t)))
}

/// Output as Python returns it: bytes, or text with universal newlines.
pub(crate) fn output(data: Option<Vec<u8>>, text: Option<&Text>) -> PyResult<Py> {
    match (data, text) {
        (None, _) => Ok(Py::None),
        (Some(d), None) => Ok(Py::bytes(d)),
        (Some(d), Some(t)) => {
            let s = crate::objects::bytes::decode(&d, &t.encoding, &t.errors)?;
            Ok(Py::str(s.replace("\r\n", "\n").replace('\r', "\n")))
        }
    }
}

/// A finished child.
struct Done {
    cmd: Py,
    returncode: i64,
    stdout: Py,
    stderr: Py,
}

/// A failure to start or run a child as CPython raises it (a bad cwd
/// names the directory, a failed exec the program, a deadline
/// `TimeoutExpired` with the output read so far, as bytes even in text
/// mode).
fn failure(
    f: Failure,
    program: &std::path::Path,
    cwd: Option<&std::path::Path>,
    cmd: Py,
    timeout: Py,
) -> exceptions::PyErr {
    match f {
        Failure::Spawn(e) if e.raw_os_error().is_none() && e.kind() == std::io::ErrorKind::InvalidInput => {
            exceptions::value_error("embedded null byte")
        }
        Failure::Spawn(e) => exceptions::os_error(&e, Some(program)),
        Failure::Cwd(e) => exceptions::os_error(&e, cwd),
        Failure::Io(e) | Failure::Setup(e) => exceptions::os_error(&e, None),
        Failure::Timeout { stdout, stderr } => {
            let bytes = |b: Option<Vec<u8>>| b.map_or(Py::None, Py::bytes);
            errors::timeout_expired(cmd, timeout, bytes(stdout), bytes(stderr))
        }
    }
}

/// Runs a job to its end.
fn execute(job: Job) -> PyResult<Done> {
    let Job { cmd, spec, timeout, text, check, .. } = job;
    let program = PathBuf::from(&spec.program);
    let cwd = spec.cwd.clone();
    let out = process::run(spec).map_err(|f| failure(f, &program, cwd.as_deref(), cmd.clone(), timeout.clone()))?;
    let stdout = output(out.stdout, text.as_ref())?;
    let stderr = output(out.stderr, text.as_ref())?;
    let returncode = Py::Int(out.returncode);
    if check && out.returncode != 0 {
        let args = vec![returncode.clone(), cmd.clone()];
        return Err(errors::called_process_error(args, returncode, cmd, stdout, stderr));
    }
    Ok(Done { cmd, returncode: out.returncode, stdout, stderr })
}

/// `run(args, *, stdin=None, input=None, capture_output=False, timeout=None,
/// check=False, ...)`: `CompletedProcess.args` is the very object passed
/// (a client's list stays the client's list), as in CPython.
fn run(cx: &Cx, args: Args) -> PyResult<Py> {
    let done = execute(job::job("run", Mode::Run, args, cx)?)?;
    Ok(CompletedProcess::new(done.cmd, Py::Int(done.returncode), done.stdout, done.stderr))
}

fn call(cx: &Cx, args: Args) -> PyResult<Py> {
    let done = execute(job::job("call", Mode::Call, args, cx)?)?;
    Ok(Py::Int(done.returncode))
}

fn check_call(cx: &Cx, args: Args) -> PyResult<Py> {
    let done = execute(job::job("check_call", Mode::CheckCall, args, cx)?)?;
    if done.returncode != 0 {
        let returncode = Py::Int(done.returncode);
        let args = vec![returncode.clone(), done.cmd.clone()];
        return Err(errors::called_process_error(args, returncode, done.cmd, Py::None, Py::None));
    }
    Ok(Py::Int(0))
}

fn check_output(cx: &Cx, args: Args) -> PyResult<Py> {
    let mut j = job::job("check_output", Mode::CheckOutput, args, cx)?;
    j.check = true;
    Ok(execute(j)?.stdout)
}

/// `getstatusoutput(cmd)`: the shell, text, stderr into stdout, one
/// trailing newline dropped; a failing command gives its status.
fn status_output(func: &str, cx: &Cx, args: Args) -> PyResult<(i64, Py)> {
    let [cmd, encoding, errors] = args.bind(func, ["cmd", "$encoding?", "$errors?"])?;
    let kw = vec![
        ("shell".into(), Py::Bool(true)),
        ("text".into(), Py::Bool(true)),
        ("stderr".into(), Py::Int(STDOUT)),
        ("encoding".into(), encoding.unwrap_or(Py::None)),
        ("errors".into(), errors.unwrap_or(Py::None)),
    ];
    let done = execute(job::job(func, Mode::CheckOutput, Args::new(vec![args::req(cmd)], kw), cx)?)?;
    let mut data = done.stdout.as_str().unwrap_or_default().to_owned();
    if data.ends_with('\n') {
        data.pop();
    }
    Ok((done.returncode, Py::str(data)))
}

fn getstatusoutput(cx: &Cx, args: Args) -> PyResult<Py> {
    let (code, data) = status_output("getstatusoutput", cx, args)?;
    Ok(Py::tuple(vec![Py::Int(code), data]))
}

fn getoutput(cx: &Cx, args: Args) -> PyResult<Py> {
    Ok(status_output("getoutput", cx, args)?.1)
}

#[cfg(test)]
mod popen_tests;
#[cfg(test)]
mod tests;
