//! `sys.stdin`, `sys.stdout`, `sys.stderr`. The agent's own standard
//! streams may be the protocol stream (`--stdio`), so they are never used:
//! what a client reads before redirecting is an agent object whose writes
//! go to the agent's log and whose reads see end of file. What the client
//! sets (`rpyc.classic.redirected_stdio`) is kept per connection in the
//! session, where `print` finds it.

use std::sync::{LazyLock, Mutex};

use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Which {
    Stdin,
    Stdout,
    Stderr,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Stdin => "stdin",
            Which::Stdout => "stdout",
            Which::Stderr => "stderr",
        }
    }

    pub fn from_name(name: &str) -> Option<Which> {
        match name {
            "stdin" | "__stdin__" => Some(Which::Stdin),
            "stdout" | "__stdout__" => Some(Which::Stdout),
            "stderr" | "__stderr__" => Some(Which::Stderr),
            _ => None,
        }
    }

    /// Where the session keeps what the client set.
    fn slot(self, cx: &Cx) -> &Mutex<Option<Py>> {
        match self {
            Which::Stdin => &cx.session.stdin,
            Which::Stdout => &cx.session.stdout,
            Which::Stderr => &cx.session.stderr,
        }
    }
}

/// A standard stream of the agent, as the client sees it before
/// redirecting.
pub struct AgentStream {
    which: Which,
}

pub static AGENT_STREAM: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("rpyc_agent", "AgentStream", None, &STREAM_METHODS, None));

static STREAM_METHODS: [Method; 16] = [
    method("write", write),
    method("writelines", writelines),
    method("flush", flush),
    method("read", read),
    method("readline", read),
    method("readlines", readlines),
    method("isatty", no),
    method("seekable", no),
    method("readable", readable),
    method("writable", writable),
    method("fileno", fileno),
    property("name", name),
    property("mode", mode),
    property("encoding", |_, _, _| Ok(Py::str("utf-8"))),
    property("errors", errors),
    property("closed", |_, _, _| Ok(Py::Bool(false))),
];

/// The agent's stream objects, one per process (so the client gets the
/// same netref each time).
fn agent_stream(which: Which) -> Py {
    static STREAMS: LazyLock<[Py; 3]> =
        LazyLock::new(|| [Which::Stdin, Which::Stdout, Which::Stderr].map(|which| Py::obj(AgentStream { which })));
    STREAMS[which as usize].clone()
}

/// `sys.<which>`: what the client set on this connection, else the agent's.
pub fn get(which: Which, cx: &Cx) -> Py {
    let set = which.slot(cx).lock().unwrap_or_else(|e| e.into_inner()).clone();
    set.unwrap_or_else(|| agent_stream(which))
}

/// The original streams (`sys.__stdout__`).
pub fn original(which: Which) -> Py {
    agent_stream(which)
}

/// `sys.<which> = value`: kept for this connection; setting the agent's
/// own stream back (the end of `redirected_stdio`) forgets the client's.
pub fn set(which: Which, value: &Py, cx: &Cx) {
    let own = value.downcast::<AgentStream>().is_some_and(|s| s.which == which);
    let new = if own { None } else { Some(value.clone()) };
    let old = std::mem::replace(&mut *which.slot(cx).lock().unwrap_or_else(|e| e.into_inner()), new);
    crate::runtime::object::drop_values(old.into_iter().collect());
}

impl PyObject for AgentStream {
    fn ty(&self) -> TypeRef {
        AGENT_STREAM.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let mode = if self.which == Which::Stdin { "r" } else { "w" };
        Ok(format!("<rpyc_agent.AgentStream name='<{}>' mode='{mode}' encoding='utf-8'>", self.which.name()))
    }
}

fn stream(this: &Py) -> PyResult<Which> {
    this.downcast::<AgentStream>()
        .map(|s| s.which)
        .ok_or_else(|| exceptions::type_error("descriptor requires an 'AgentStream' object"))
}

/// `io.UnsupportedOperation`, as a file object raises it.
fn unsupported(what: &str) -> PyErr {
    PyErr::new(exceptions::class_for("io", "UnsupportedOperation"), vec![Py::str(what)])
}

fn write(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let which = stream(this)?;
    let [s] = args.bind("write", ["s"])?;
    let s = args::req(s);
    if which == Which::Stdin {
        return Err(unsupported("not writable"));
    }
    let Py::Str(text) = &s else {
        return Err(exceptions::type_error(format!("write() argument must be str, not {}", semantics::type_name(&s))));
    };
    let line = text.strip_suffix('\n').unwrap_or(text);
    if !line.is_empty() {
        crate::log::info(&format!("sys.{}: {line}", which.name()));
    }
    Ok(Py::from(semantics::str_len(text)))
}

fn writelines(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [lines] = args.bind("writelines", ["lines"])?;
    for line in semantics::iterate(cx, &args::req(lines))? {
        write(cx, this, Args::one(line))?;
    }
    Ok(Py::None)
}

fn flush(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    stream(this)?;
    args.none("flush")?;
    Ok(Py::None)
}

/// `read`/`readline` on stdin: end of file, since the agent's stdin is
/// never read.
fn read(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("read", ["size?"])?;
    args::opt_int("read", size.as_ref())?;
    if stream(this)? != Which::Stdin {
        return Err(unsupported("not readable"));
    }
    Ok(Py::str(""))
}

fn readlines(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    read(cx, this, args)?;
    Ok(crate::objects::list::List::new(Vec::new()))
}

fn no(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    stream(this)?;
    Ok(Py::Bool(false))
}

fn readable(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::Bool(stream(this)? == Which::Stdin))
}

fn writable(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::Bool(stream(this)? != Which::Stdin))
}

/// The descriptor number Python gives the stream; a child process handed
/// it gets `/dev/null` or the agent's log instead (see
/// [`crate::platform::process`]).
fn fileno(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::Int(stream(this)? as i64))
}

fn name(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(format!("<{}>", stream(this)?.name())))
}

fn mode(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(if stream(this)? == Which::Stdin { "r" } else { "w" }))
}

fn errors(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(if stream(this)? == Which::Stderr { "backslashreplace" } else { "strict" }))
}
