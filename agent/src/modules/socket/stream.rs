//! TCP connections the client asks for: `create_connection(address,
//! timeout, source_address)` tries each address the resolver gives, as
//! CPython 3.11's does, and returns a `socket.socket` with the methods a
//! script uses on a connected stream (`send`, `sendall`, `recv`,
//! `shutdown`, `close`, timeouts, peer and local names, `with`). Waits are
//! sliced so they end when the client's connection closes. Other sockets
//! (`socket.socket(...)`, listening, UDP) are refused.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::resolve::{port_text, resolve, sockaddr};
use super::{refused, ADDRESS_FAMILY, SOCKET_KIND};
use crate::objects::file::bytes_like;
use crate::objects::int_enum::member_or_int;
use crate::platform::net;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// `socket.socket`.
pub static SOCKET: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("socket", "socket", None, &METHODS, Some(socket_new)));

static METHODS: [Method; 19] = [
    property("family", |_, this, _| Ok(member_or_int(&ADDRESS_FAMILY, of(this)?.family.into()))),
    property("type", |_, this, _| {
        of(this)?;
        Ok(member_or_int(&SOCKET_KIND, net::SOCK_STREAM.into()))
    }),
    property("proto", |_, this, _| Ok(Py::Int(of(this)?.proto.into()))),
    property("timeout", |_, this, _| Ok(of(this)?.timeout().map_or(Py::None, Py::Float))),
    blocking_method("recv", recv),
    blocking_method("send", send),
    blocking_method("sendall", sendall),
    blocking_method("shutdown", shutdown),
    blocking_method("close", close),
    method("fileno", |_, this, _| Ok(Py::Int(of(this)?.fileno()))),
    method("settimeout", settimeout),
    method("gettimeout", |_, this, _| Ok(of(this)?.timeout().map_or(Py::None, Py::Float))),
    method("setblocking", setblocking),
    method("getblocking", |_, this, _| Ok(Py::Bool(of(this)?.timeout() != Some(0.0)))),
    method("getpeername", |_, this, _| of(this)?.name(true)),
    method("getsockname", |_, this, _| of(this)?.name(false)),
    method("__enter__", |_, this, _| Ok(this.clone())),
    blocking_method("__exit__", |_, this, _| {
        of(this)?.close();
        Ok(Py::None)
    }),
    method("makefile", |_, _, _| {
        Err(exceptions::not_implemented("socket.makefile (use recv and sendall on the socket)"))
    }),
];

fn socket_new(_cx: &Cx, _cls: &TypeRef, _args: Args) -> PyResult<Py> {
    Err(refused())
}

/// A connected TCP socket.
pub struct Socket {
    stream: Mutex<Option<Arc<TcpStream>>>,
    family: i32,
    proto: i32,
    /// `None` blocks; `0.0` never waits; else seconds.
    timeout: Mutex<Option<f64>>,
}

fn of(this: &Py) -> PyResult<&Socket> {
    this.downcast::<Socket>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'socket.socket' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn timed_out() -> PyErr {
    exceptions::new("TimeoutError", "timed out")
}

fn bad_fd() -> PyErr {
    exceptions::os_errno(crate::platform::errno::EBADF, None, None)
}

/// The default timeout of new sockets (`setdefaulttimeout`).
static DEFAULT_TIMEOUT: Mutex<Option<f64>> = Mutex::new(None);

/// How long one blocking slice waits before looking at the connection.
const SLICE: Duration = Duration::from_millis(100);

impl Socket {
    fn lock(&self) -> MutexGuard<'_, Option<Arc<TcpStream>>> {
        self.stream.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stream(&self) -> PyResult<Arc<TcpStream>> {
        self.lock().clone().ok_or_else(bad_fd)
    }

    fn timeout(&self) -> Option<f64> {
        *self.timeout.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fileno(&self) -> i64 {
        self.lock().as_ref().map_or(-1, |s| i64::from(s.as_raw_fd()))
    }

    fn close(&self) {
        self.lock().take();
    }

    fn name(&self, peer: bool) -> PyResult<Py> {
        let s = self.stream()?;
        let a = if peer { s.peer_addr() } else { s.local_addr() };
        a.map(|a| sockaddr(&net::sock_addr(a))).map_err(|e| exceptions::os_error(&e, None))
    }

    /// Runs one I/O operation with the socket's timeout, in slices that
    /// look at the client's connection between them.
    fn wait<T>(&self, cx: &Cx, write: bool, mut op: impl FnMut(&TcpStream) -> std::io::Result<T>) -> PyResult<T> {
        let s = self.stream()?;
        let timeout = self.timeout();
        let deadline = timeout.map(|t| Instant::now() + Duration::from_secs_f64(t));
        let nonblocking = timeout == Some(0.0);
        s.set_nonblocking(nonblocking).map_err(|e| exceptions::os_error(&e, None))?;
        loop {
            if !nonblocking {
                let left = deadline.map_or(SLICE, |d| d.saturating_duration_since(Instant::now()).min(SLICE));
                if left.is_zero() {
                    return Err(timed_out());
                }
                let set = if write { s.set_write_timeout(Some(left)) } else { s.set_read_timeout(Some(left)) };
                set.map_err(|e| exceptions::os_error(&e, None))?;
            }
            match op(&s) {
                Ok(v) => return Ok(v),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) if !nonblocking && matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    cx.check_interrupt()?;
                }
                Err(e) => return Err(exceptions::os_error(&e, None)),
            }
        }
    }
}

/// A timeout argument: None or non-negative seconds.
fn timeout_arg(v: &Py) -> PyResult<Option<f64>> {
    if v.is_none() {
        return Ok(None);
    }
    let secs = match semantics::float_value(v) {
        Some(x) => x?,
        None => {
            return Err(exceptions::type_error(format!(
                "'{}' object cannot be interpreted as an integer or float",
                semantics::type_name(v)
            )))
        }
    };
    if secs.is_nan() {
        return Err(exceptions::value_error("Invalid value NaN (not a number)"));
    }
    if secs < 0.0 {
        return Err(exceptions::value_error("Timeout value out of range"));
    }
    Ok(Some(secs))
}

fn settimeout(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [v] = args.bind("settimeout", ["value"])?;
    *of(this)?.timeout.lock().unwrap_or_else(|e| e.into_inner()) = timeout_arg(&args::req(v))?;
    Ok(Py::None)
}

fn setblocking(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [flag] = args.bind("setblocking", ["flag"])?;
    let blocking = semantics::truthy(cx, &args::req(flag))?;
    *of(this)?.timeout.lock().unwrap_or_else(|e| e.into_inner()) = if blocking { None } else { Some(0.0) };
    Ok(Py::None)
}

fn flags_arg(v: Option<Py>, allowed: i32) -> PyResult<i32> {
    let flags = match v {
        None => 0,
        Some(v) => crate::modules::time::c_int(&v)?,
    };
    if flags & !allowed != 0 {
        return Err(exceptions::not_implemented("socket I/O with these flags"));
    }
    Ok(flags)
}

/// `recv(bufsize, flags=0)`: up to `bufsize` bytes, b'' at the end.
fn recv(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size, flags] = args.bind("recv", ["bufsize", "flags?"])?;
    let size = args::to_int("recv", &args::req(size))?;
    if size < 0 {
        return Err(exceptions::value_error("negative buffersize in recv"));
    }
    let peek = flags_arg(flags, net::MSG_PEEK)? & net::MSG_PEEK != 0;
    let mut buf = vec![0u8; (size as usize).min(16 << 20)];
    let n = of(this)?.wait(cx, false, |s| if peek { s.peek(&mut buf) } else { (&*s).read(&mut buf) })?;
    buf.truncate(n);
    Ok(Py::bytes(buf))
}

fn send(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [data, flags] = args.bind("send", ["data", "flags?"])?;
    flags_arg(flags, 0)?;
    let data = bytes_like(cx, &args::req(data))?;
    let n = of(this)?.wait(cx, true, |s| (&*s).write(&data))?;
    Ok(Py::Int(n as i64))
}

fn sendall(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [data, flags] = args.bind("sendall", ["data", "flags?"])?;
    flags_arg(flags, 0)?;
    let data = bytes_like(cx, &args::req(data))?;
    let me = of(this)?;
    let mut sent = 0;
    while sent < data.len() {
        sent += me.wait(cx, true, |s| (&*s).write(&data[sent..]))?;
    }
    Ok(Py::None)
}

fn shutdown(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [how] = args.bind("shutdown", ["how"])?;
    let how = match crate::modules::time::c_int(&args::req(how))? {
        h if h == net::SHUT_RD => Shutdown::Read,
        h if h == net::SHUT_WR => Shutdown::Write,
        h if h == net::SHUT_RDWR => Shutdown::Both,
        _ => return Err(exceptions::os_errno(crate::platform::errno::EINVAL, None, None)),
    };
    of(this)?.stream()?.shutdown(how).map_err(|e| exceptions::os_error(&e, None))?;
    Ok(Py::None)
}

fn close(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("close")?;
    of(this)?.close();
    Ok(Py::None)
}

impl PyObject for Socket {
    fn ty(&self) -> TypeRef {
        SOCKET.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let fd = self.fileno();
        let head = format!("fd={fd}, family={}, type={}, proto={}", self.family, net::SOCK_STREAM, self.proto);
        if fd < 0 {
            return Ok(format!("<socket.socket [closed] {head}>"));
        }
        let mut s = format!("<socket.socket {head}");
        for (label, peer) in [("laddr", false), ("raddr", true)] {
            if let Ok(a) = self.name(peer) {
                s.push_str(&format!(", {label}={}", semantics::repr(cx, &a)?));
            }
        }
        s.push('>');
        Ok(s)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}

/// `create_connection(address, timeout=<default>, source_address=None, *,
/// all_errors=False)`: the first address that accepts; else the last
/// error (all of them in an ExceptionGroup with `all_errors`).
pub fn create_connection(cx: &Cx, args: Args) -> PyResult<Py> {
    let [address, timeout, source, all_errors] =
        args.bind("create_connection", ["address", "timeout?", "source_address?", "$all_errors?"])?;
    let address = semantics::iterate(cx, &args::req(address))?;
    let n = address.len();
    let [host, port] = <[Py; 2]>::try_from(address).map_err(|_| {
        exceptions::value_error(if n < 2 {
            format!("not enough values to unpack (expected 2, got {n})")
        } else {
            "too many values to unpack (expected 2)".to_owned()
        })
    })?;
    if source.as_ref().is_some_and(|s| semantics::truthy(cx, s).unwrap_or(true)) {
        return Err(exceptions::not_implemented("create_connection with source_address"));
    }
    if args::opt_bool(cx, all_errors.as_ref(), false)? {
        return Err(exceptions::not_implemented("create_connection with all_errors=True"));
    }
    let timeout = match &timeout {
        None => *DEFAULT_TIMEOUT.lock().unwrap_or_else(|e| e.into_inner()),
        Some(v) => timeout_arg(v)?,
    };
    let host = match &host {
        Py::None => None,
        Py::Bytes(b) => Some(String::from_utf8_lossy(b).into_owned()),
        other => Some(args::to_str("getaddrinfo", other)?),
    };
    let port = port_text(cx, port)?;
    let list = resolve(host.as_deref(), port.as_deref(), net::AF_UNSPEC, net::SOCK_STREAM, 0, 0)?;
    let mut last = None;
    for a in list {
        cx.check_interrupt()?;
        match net::connect(&a.addr, timeout.map(Duration::from_secs_f64)) {
            Ok(stream) => {
                let sock = Socket {
                    stream: Mutex::new(Some(Arc::new(stream))),
                    family: a.family,
                    proto: a.protocol,
                    timeout: Mutex::new(timeout),
                };
                return Ok(Py::obj(sock));
            }
            Err(e) if e.kind() == ErrorKind::TimedOut && e.raw_os_error().is_none() => last = Some(timed_out()),
            Err(e) => last = Some(exceptions::os_error(&e, None)),
        }
    }
    Err(last.unwrap_or_else(|| exceptions::new("OSError", "getaddrinfo returns an empty list")))
}

/// `getdefaulttimeout()`.
pub fn getdefaulttimeout(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getdefaulttimeout")?;
    Ok(DEFAULT_TIMEOUT.lock().unwrap_or_else(|e| e.into_inner()).map_or(Py::None, Py::Float))
}

/// `setdefaulttimeout(timeout)`.
pub fn setdefaulttimeout(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [v] = args.bind("setdefaulttimeout", ["timeout"])?;
    *DEFAULT_TIMEOUT.lock().unwrap_or_else(|e| e.into_inner()) = timeout_arg(&args::req(v))?;
    Ok(Py::None)
}
