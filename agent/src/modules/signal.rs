//! `signal`: the `Signals`, `Handlers` and `Sigmasks` IntEnums with the
//! target's numbers, `signal()`/`getsignal()` for `SIG_DFL` and `SIG_IGN`
//! (they change the agent process's own dispositions, as they change a
//! Python server's), `strsignal` (glibc's texts), `valid_signals`,
//! `alarm`, interval timers and `raise_signal`.
//!
//! A Python function cannot be a signal handler in the agent (there is no
//! Python to run it when the signal arrives): `signal()` refuses one with
//! `NotImplementedError`. Signals the agent's runtime handles itself
//! (SIGINT, SIGTERM for shutdown) show as Python's defaults would.

use std::sync::{LazyLock, Mutex};

use crate::objects::attr;
use crate::objects::int_enum::{int_enum_type, member, member_or_int};
use crate::objects::module::{b, f, ModuleDef};
use crate::objects::set::Set;
use crate::platform::signals::{self, Disposition};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "signal",
    type_name: "signal",
    doc: "This module provides mechanisms to use signal handlers in Python.",
    functions: &[
        f("signal", signal),
        f("getsignal", getsignal),
        f("strsignal", strsignal),
        f("valid_signals", valid_signals),
        f("alarm", alarm),
        f("getitimer", getitimer),
        f("setitimer", setitimer),
        b("raise_signal", raise_signal),
        f("default_int_handler", default_int_handler),
        f("pthread_kill", pthread_kill),
    ],
    attr,
    attr_names: &[
        "Signals",
        "Handlers",
        "Sigmasks",
        "ItimerError",
        "NSIG",
        "SIG_DFL",
        "SIG_IGN",
        "SIG_BLOCK",
        "SIG_UNBLOCK",
        "SIG_SETMASK",
        "ITIMER_REAL",
        "ITIMER_VIRTUAL",
        "ITIMER_PROF",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGILL",
        "SIGTRAP",
        "SIGIOT",
        "SIGABRT",
        "SIGFPE",
        "SIGKILL",
        "SIGBUS",
        "SIGSEGV",
        "SIGSYS",
        "SIGPIPE",
        "SIGALRM",
        "SIGTERM",
        "SIGUSR1",
        "SIGUSR2",
        "SIGCLD",
        "SIGCHLD",
        "SIGPWR",
        "SIGIO",
        "SIGURG",
        "SIGWINCH",
        "SIGPOLL",
        "SIGSTOP",
        "SIGTSTP",
        "SIGCONT",
        "SIGTTIN",
        "SIGTTOU",
        "SIGVTALRM",
        "SIGPROF",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGSTKFLT",
        "SIGRTMIN",
        "SIGRTMAX",
    ],
    setattr: None,
};

/// `signal.Signals`: every name, sorted by number then name as
/// `IntEnum._convert_` sorts them (so `SIGABRT` names 6, not `SIGIOT`).
pub static SIGNALS: LazyLock<TypeRef> = LazyLock::new(|| {
    let mut names = signals::names();
    names.sort_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
    let members: Vec<(&'static str, i64)> = names.into_iter().map(|(n, v)| (n, i64::from(v))).collect();
    int_enum_type("signal", "Signals", &SIGNALS, &members)
});

/// `signal.Handlers`.
pub static HANDLERS: LazyLock<TypeRef> =
    LazyLock::new(|| int_enum_type("signal", "Handlers", &HANDLERS, &[("SIG_DFL", 0), ("SIG_IGN", 1)]));

/// `signal.Sigmasks`.
pub static SIGMASKS: LazyLock<TypeRef> = LazyLock::new(|| {
    let members = [
        ("SIG_BLOCK", i64::from(signals::SIG_BLOCK)),
        ("SIG_UNBLOCK", i64::from(signals::SIG_UNBLOCK)),
        ("SIG_SETMASK", i64::from(signals::SIG_SETMASK)),
    ];
    int_enum_type("signal", "Sigmasks", &SIGMASKS, &members)
});

/// `signal.ItimerError` (CPython's `signal.itimer_error`), an OSError.
static ITIMER_ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "signal",
        "itimer_error",
        Some(&exceptions::exc_type("OSError")),
        &[],
        Some(exceptions::exception_new),
    );
    exceptions::register_class(&t);
    t
});

/// Makes the exception class before a client exception of its name can
/// arrive.
pub fn register_classes() {
    LazyLock::force(&ITIMER_ERROR);
}

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let v = match name {
        "Signals" => type_value(&SIGNALS),
        "Handlers" => type_value(&HANDLERS),
        "Sigmasks" => type_value(&SIGMASKS),
        "ItimerError" => type_value(&ITIMER_ERROR),
        "NSIG" => Py::Int(signals::nsig().into()),
        "ITIMER_REAL" => Py::Int(signals::ITIMER_REAL.into()),
        "ITIMER_VIRTUAL" => Py::Int(signals::ITIMER_VIRTUAL.into()),
        "ITIMER_PROF" => Py::Int(signals::ITIMER_PROF.into()),
        "SIG_DFL" | "SIG_IGN" => HANDLERS.class_attr(name)?,
        "SIG_BLOCK" | "SIG_UNBLOCK" | "SIG_SETMASK" => SIGMASKS.class_attr(name)?,
        _ if name.starts_with("SIG") => SIGNALS.class_attr(name)?,
        _ => return None,
    };
    Some(Ok(v))
}

/// A signal number argument, checked against `1..NSIG`.
fn signum(v: Option<Py>) -> PyResult<i32> {
    let n = crate::modules::time::c_int(&args::req(v))?;
    if n < 1 || n >= signals::nsig() {
        return Err(exceptions::value_error("signal number out of range"));
    }
    Ok(n)
}

/// The handlers Python code set, by signal number (CPython's `Handlers`
/// table): returned as given while the disposition is still theirs.
static SET_BY_PYTHON: Mutex<Vec<(i32, Py)>> = Mutex::new(Vec::new());

fn handlers() -> std::sync::MutexGuard<'static, Vec<(i32, Py)>> {
    SET_BY_PYTHON.lock().unwrap_or_else(|e| e.into_inner())
}

/// The Python-level handler of a signal now.
fn current_handler(cx: &Cx, sig: i32) -> PyResult<Py> {
    let disposition = signals::disposition(sig).map_err(|e| exceptions::os_error(&e, None))?;
    let recorded = handlers().iter().find(|(s, _)| *s == sig).map(|(_, h)| h.clone());
    let canonical = match disposition {
        Disposition::Ignore => member_or_int(&HANDLERS, 1),
        Disposition::Default => member_or_int(&HANDLERS, 0),
        // The agent's own handler (its runtime's): what a Python process
        // starts with.
        Disposition::Handler if sig == signals::SIGINT => {
            let module = Py::Obj(crate::modules::getmodule("signal")?);
            attr::getattr(cx, &module, "default_int_handler")?
        }
        Disposition::Handler => member_or_int(&HANDLERS, 0),
    };
    match recorded {
        Some(h) if semantics::eq(cx, &h, &canonical)? => Ok(h),
        _ => Ok(canonical),
    }
}

/// `callable(v)` (a client's functions, methods and classes included).
fn is_callable(v: &Py) -> bool {
    match v {
        Py::Obj(o) => o.is_callable(),
        Py::Client(r) => r.is_class() || r.type_name().contains("function") || r.type_name().contains("method"),
        _ => false,
    }
}

/// `signal(signalnum, handler)`: SIG_DFL or SIG_IGN (or ints equal to
/// them); the previous handler.
fn signal(cx: &Cx, args: Args) -> PyResult<Py> {
    let [sig, handler] = args.bind("signal", ["signalnum", "handler"])?;
    let sig = signum(sig)?;
    let handler = args::req(handler);
    if is_callable(&handler) {
        return Err(exceptions::not_implemented(
            "signal.signal with a Python function as handler (no Python runs in the agent when a signal \
             arrives: only SIG_DFL and SIG_IGN)",
        ));
    }
    let to = if semantics::eq(cx, &handler, &Py::Int(1))? {
        Disposition::Ignore
    } else if semantics::eq(cx, &handler, &Py::Int(0))? {
        Disposition::Default
    } else {
        return Err(exceptions::type_error(
            "signal handler must be signal.SIG_IGN, signal.SIG_DFL, or a callable object",
        ));
    };
    let old = current_handler(cx, sig)?;
    signals::set_disposition(sig, to).map_err(|e| exceptions::os_error(&e, None))?;
    let mut table = handlers();
    table.retain(|(s, _)| *s != sig);
    table.push((sig, handler));
    Ok(old)
}

fn getsignal(cx: &Cx, args: Args) -> PyResult<Py> {
    let [sig] = args.bind("getsignal", ["signalnum"])?;
    current_handler(cx, signum(sig)?)
}

fn strsignal(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [sig] = args.bind("strsignal", ["signalnum"])?;
    Ok(signals::description(signum(sig)?).map_or(Py::None, Py::str))
}

/// `valid_signals()`: members where `Signals` has one, ints otherwise.
fn valid_signals(cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("valid_signals")?;
    let items = signals::valid().into_iter().map(|s| member_or_int(&SIGNALS, s.into())).collect();
    Set::from_items(cx, items, false)
}

fn alarm(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [seconds] = args.bind("alarm", ["seconds"])?;
    let seconds = crate::modules::time::c_int(&args::req(seconds))?;
    Ok(Py::Int(signals::alarm(seconds as u32).into()))
}

fn itimer_error(e: &std::io::Error) -> PyErr {
    let errno = e.raw_os_error().unwrap_or(0);
    let text = exceptions::strerror(errno);
    PyErr::new(ITIMER_ERROR.clone(), vec![Py::Int(errno.into()), Py::str(text.clone())])
        .with_attr("errno", Py::Int(errno.into()))
        .with_attr("strerror", Py::str(text))
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None)
}

fn itimer_value((value, interval): signals::Itimer) -> Py {
    Py::tuple(vec![Py::Float(value), Py::Float(interval)])
}

fn getitimer(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [which] = args.bind("getitimer", ["which"])?;
    let which = crate::modules::time::c_int(&args::req(which))?;
    signals::getitimer(which).map(itimer_value).map_err(|e| itimer_error(&e))
}

/// Seconds as a float argument (`_PyTime_FromSecondsObject`).
fn seconds(v: &Py) -> PyResult<f64> {
    match semantics::float_value(v) {
        Some(x) => x,
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

fn setitimer(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [which, value, interval] = args.bind("setitimer", ["which", "seconds", "interval?"])?;
    let which = crate::modules::time::c_int(&args::req(which))?;
    let value = seconds(&args::req(value))?;
    let interval = match interval {
        Some(v) => seconds(&v)?,
        None => 0.0,
    };
    signals::setitimer(which, value, interval).map(itimer_value).map_err(|e| itimer_error(&e))
}

/// `raise_signal(signalnum)`: to the agent process itself, as a Python
/// server raises it in itself.
fn raise_signal(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [sig] = args.bind("raise_signal", ["signalnum"])?;
    let sig = signum(sig)?;
    signals::raise(sig).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(Py::None)
}

/// `default_int_handler(signalnum, frame)`: raises `KeyboardInterrupt`.
fn default_int_handler(_cx: &Cx, _args: Args) -> PyResult<Py> {
    Err(exceptions::new("KeyboardInterrupt", ""))
}

fn pthread_kill(_cx: &Cx, _args: Args) -> PyResult<Py> {
    Err(exceptions::not_implemented(
        "signal.pthread_kill (the agent's threads are not Python threads; use os.kill with a process id)",
    ))
}

/// The `Signals` member of a number, for other modules.
pub fn signal_member(n: i64) -> Option<Py> {
    member(&SIGNALS, n)
}
