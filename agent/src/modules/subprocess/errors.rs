//! `subprocess`'s exception classes, as CPython 3.11 defines them:
//! `SubprocessError(Exception)`, and under it `CalledProcessError(returncode,
//! cmd, output=None, stderr=None)` and `TimeoutExpired(cmd, timeout,
//! output=None, stderr=None)`, each with its `__str__` and the `stdout`
//! alias of `output`.

use std::sync::{Arc, LazyLock};

use crate::platform::process::signal_name;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exc_self, exception_new, ExcObj, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static SUBPROCESS_ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    registered(Type::native(
        "subprocess",
        "SubprocessError",
        Some(&exceptions::exc_type("Exception")),
        &[],
        Some(exception_new),
    ))
});

pub static CALLED_PROCESS_ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    registered(Type::native(
        "subprocess",
        "CalledProcessError",
        Some(&SUBPROCESS_ERROR),
        &CALLED_PROCESS_ERROR_METHODS,
        Some(called_process_error_new),
    ))
});

pub static TIMEOUT_EXPIRED: LazyLock<TypeRef> = LazyLock::new(|| {
    registered(Type::native(
        "subprocess",
        "TimeoutExpired",
        Some(&SUBPROCESS_ERROR),
        &TIMEOUT_EXPIRED_METHODS,
        Some(timeout_expired_new),
    ))
});

/// Exceptions of these names from the client map onto these classes.
fn registered(t: TypeRef) -> TypeRef {
    exceptions::register_class(&t);
    t
}

/// Makes the classes (and registers them) before any client exception of
/// their names can arrive.
pub fn register() {
    LazyLock::force(&CALLED_PROCESS_ERROR);
    LazyLock::force(&TIMEOUT_EXPIRED);
}

static CALLED_PROCESS_ERROR_METHODS: [Method; 2] =
    [method("__str__", called_process_error_str), property("stdout", output_alias)];

static TIMEOUT_EXPIRED_METHODS: [Method; 2] =
    [method("__str__", timeout_expired_str), property("stdout", output_alias)];

/// An instance of `cls` with `args` as its `args` and the attributes set.
fn instance(cls: &TypeRef, args: Vec<Py>, attrs: [(&str, Py); 4]) -> ExcObj {
    let e = ExcObj::new(cls.clone(), args);
    for (name, value) in attrs {
        e.set_attr(name, value);
    }
    e
}

/// `CalledProcessError(returncode, cmd, output=None, stderr=None)`: as
/// with any exception, `args` holds the positional arguments.
fn called_process_error_new(_cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let positional = args.pos.clone();
    let [returncode, cmd, output, stderr] =
        args.bind("CalledProcessError.__init__", ["returncode", "cmd", "output?", "stderr?"])?;
    let attrs = [
        ("returncode", returncode.unwrap_or(Py::None)),
        ("cmd", cmd.unwrap_or(Py::None)),
        ("output", output.unwrap_or(Py::None)),
        ("stderr", stderr.unwrap_or(Py::None)),
    ];
    Ok(Py::Obj(Arc::new(instance(cls, positional, attrs))))
}

/// `TimeoutExpired(cmd, timeout, output=None, stderr=None)`.
fn timeout_expired_new(_cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let positional = args.pos.clone();
    let [cmd, timeout, output, stderr] =
        args.bind("TimeoutExpired.__init__", ["cmd", "timeout", "output?", "stderr?"])?;
    let attrs = [
        ("cmd", cmd.unwrap_or(Py::None)),
        ("timeout", timeout.unwrap_or(Py::None)),
        ("output", output.unwrap_or(Py::None)),
        ("stderr", stderr.unwrap_or(Py::None)),
    ];
    Ok(Py::Obj(Arc::new(instance(cls, positional, attrs))))
}

/// The `CalledProcessError` a failed command raises; `args` as the
/// raising function passes them (`run` gives `(returncode, cmd)`).
pub fn called_process_error(args: Vec<Py>, returncode: Py, cmd: Py, output: Py, stderr: Py) -> PyErr {
    let attrs = [("returncode", returncode), ("cmd", cmd), ("output", output), ("stderr", stderr)];
    PyErr(Arc::new(instance(&CALLED_PROCESS_ERROR, args, attrs)))
}

/// The `TimeoutExpired` `run` raises: `args` are `(cmd, timeout)`.
pub fn timeout_expired(cmd: Py, timeout: Py, output: Py, stderr: Py) -> PyErr {
    let args = vec![cmd.clone(), timeout.clone()];
    let attrs = [("cmd", cmd), ("timeout", timeout), ("output", output), ("stderr", stderr)];
    PyErr(Arc::new(instance(&TIMEOUT_EXPIRED, args, attrs)))
}

fn attr(e: &ExcObj, name: &str) -> Py {
    e.attr(name).unwrap_or(Py::None)
}

/// `stdout`: the alias of `output`.
fn output_alias(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(attr(exc_self(this)?, "output"))
}

/// `'%d' % v`: an integer (or what stands for one) in decimal; a float
/// truncated.
fn decimal(cx: &Cx, v: &Py) -> PyResult<String> {
    if let Some(n) = semantics::index_value(v) {
        return semantics::repr(cx, &n);
    }
    match semantics::float_value(v) {
        Some(x) => {
            let x = x?;
            if !x.is_finite() {
                let what = if x.is_nan() { "NaN" } else { "infinity" };
                return Err(exceptions::value_error(format!("cannot convert float {what} to integer")));
            }
            Ok(format!("{:.0}", x.trunc()))
        }
        None => Err(exceptions::type_error(format!(
            "%d format: a real number is required, not {}",
            semantics::type_name(v)
        ))),
    }
}

/// CPython's `CalledProcessError.__str__`: a negative return code is the
/// signal that killed the command, named as `signal.Signals` names it.
fn called_process_error_str(cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let e = exc_self(this)?;
    let (returncode, cmd) = (attr(e, "returncode"), attr(e, "cmd"));
    let cmd = semantics::str(cx, &cmd)?;
    let negative = semantics::truthy(cx, &returncode)? && semantics::lt(cx, &returncode, &Py::Int(0))?;
    let text = if negative {
        let signal = semantics::unary(cx, crate::runtime::object::UnaryOp::Neg, &returncode)?;
        let number = match &signal {
            Py::Int(n) => Some(*n),
            Py::Float(x) if x.fract() == 0.0 && x.abs() < 1e18 => Some(*x as i64),
            _ => None,
        };
        match number.and_then(|n| signal_name(n).map(|name| (n, name))) {
            Some((n, name)) => format!("Command '{cmd}' died with <Signals.{name}: {n}>."),
            None => format!("Command '{cmd}' died with unknown signal {}.", decimal(cx, &signal)?),
        }
    } else {
        format!("Command '{cmd}' returned non-zero exit status {}.", decimal(cx, &returncode)?)
    };
    Ok(Py::str(text))
}

/// CPython's `TimeoutExpired.__str__`.
fn timeout_expired_str(cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let e = exc_self(this)?;
    let cmd = semantics::str(cx, &attr(e, "cmd"))?;
    let timeout = semantics::str(cx, &attr(e, "timeout"))?;
    Ok(Py::str(format!("Command '{cmd}' timed out after {timeout} seconds")))
}
