//! `socket`: host names and resolution through the host's own resolver
//! (`getaddrinfo`, so `/etc/hosts`, `nsswitch.conf` and `resolv.conf`
//! decide), the usual constants and the exception classes. Socket objects
//! are not implemented: the agent opens no connection of its own, and
//! making one says so.

use std::sync::LazyLock;

use crate::objects::list::List;
use crate::objects::module::{b, f, ModuleDef};
use crate::platform::net::{self, AddrInfo, ResolveError, SockAddr};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "socket",
    type_name: "socket",
    doc: "Host names and name resolution through the host's resolver.",
    functions: &[
        f("gethostname", gethostname),
        b("getfqdn", getfqdn),
        b("gethostbyname", gethostbyname),
        b("getaddrinfo", getaddrinfo),
        f("create_connection", no_sockets),
        f("create_server", no_sockets),
        f("socketpair", no_sockets),
        f("fromfd", no_sockets),
    ],
    attr,
    attr_names: &[
        "AF_UNSPEC",
        "AF_UNIX",
        "AF_INET",
        "AF_INET6",
        "SOCK_STREAM",
        "SOCK_DGRAM",
        "SOCK_RAW",
        "IPPROTO_TCP",
        "IPPROTO_UDP",
        "IPPROTO_IP",
        "IPPROTO_IPV6",
        "AI_PASSIVE",
        "AI_CANONNAME",
        "AI_NUMERICHOST",
        "SOL_SOCKET",
        "SO_REUSEADDR",
        "SOMAXCONN",
        "has_ipv6",
        "error",
        "herror",
        "gaierror",
        "timeout",
        "socket",
    ],
    setattr: None,
};

/// `socket.gaierror(code, message)`: an OSError whose errno is the
/// resolver's `EAI_*` code.
pub static GAIERROR: LazyLock<TypeRef> = LazyLock::new(|| os_error_class("gaierror"));

/// `socket.herror`, for completeness of the hierarchy clients catch.
pub static HERROR: LazyLock<TypeRef> = LazyLock::new(|| os_error_class("herror"));

fn os_error_class(name: &'static str) -> TypeRef {
    let t = Type::native("socket", name, Some(&exceptions::exc_type("OSError")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
}

/// Makes the classes (and registers them) before any client exception of
/// their names can arrive.
pub fn register_classes() {
    LazyLock::force(&GAIERROR);
    LazyLock::force(&HERROR);
}

/// `socket.socket`: the class exists; making one is refused.
static SOCKET: LazyLock<TypeRef> = LazyLock::new(|| Type::native("socket", "socket", None, &[], Some(socket_new)));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let n = match name {
        "AF_UNSPEC" => net::AF_UNSPEC,
        "AF_UNIX" => net::AF_UNIX,
        "AF_INET" => net::AF_INET,
        "AF_INET6" => net::AF_INET6,
        "SOCK_STREAM" => net::SOCK_STREAM,
        "SOCK_DGRAM" => net::SOCK_DGRAM,
        "SOCK_RAW" => net::SOCK_RAW,
        "IPPROTO_TCP" => net::IPPROTO_TCP,
        "IPPROTO_UDP" => net::IPPROTO_UDP,
        "IPPROTO_IP" => net::IPPROTO_IP,
        "IPPROTO_IPV6" => net::IPPROTO_IPV6,
        "AI_PASSIVE" => net::AI_PASSIVE,
        "AI_CANONNAME" => net::AI_CANONNAME,
        "AI_NUMERICHOST" => net::AI_NUMERICHOST,
        "SOL_SOCKET" => net::SOL_SOCKET,
        "SO_REUSEADDR" => net::SO_REUSEADDR,
        "SOMAXCONN" => net::SOMAXCONN,
        "has_ipv6" => return Some(Ok(Py::Bool(true))),
        "error" => return Some(Ok(type_value(&exceptions::exc_type("OSError")))),
        "timeout" => return Some(Ok(type_value(&exceptions::exc_type("TimeoutError")))),
        "gaierror" => return Some(Ok(type_value(&GAIERROR))),
        "herror" => return Some(Ok(type_value(&HERROR))),
        "socket" => return Some(Ok(type_value(&SOCKET))),
        _ => return None,
    };
    Some(Ok(Py::Int(n.into())))
}

fn refused() -> PyErr {
    exceptions::not_implemented("socket objects (the agent opens no connections of its own)")
}

fn no_sockets(_cx: &Cx, _args: Args) -> PyResult<Py> {
    Err(refused())
}

fn socket_new(_cx: &Cx, _cls: &TypeRef, _args: Args) -> PyResult<Py> {
    Err(refused())
}

/// A failed lookup as CPython raises it.
fn resolve_error(e: ResolveError) -> PyErr {
    match e {
        ResolveError::Gai(code, text) => {
            PyErr::new(GAIERROR.clone(), vec![Py::Int(code.into()), Py::str(text.clone())])
                .with_attr("errno", Py::Int(code.into()))
                .with_attr("strerror", Py::str(text))
                .with_attr("filename", Py::None)
                .with_attr("filename2", Py::None)
        }
        ResolveError::Os(e) => exceptions::os_error(&e, None),
        ResolveError::Nul => exceptions::value_error("embedded null character"),
    }
}

fn resolve(
    host: Option<&str>,
    port: Option<&str>,
    family: i32,
    socktype: i32,
    protocol: i32,
    flags: i32,
) -> PyResult<Vec<AddrInfo>> {
    net::getaddrinfo(host, port, family, socktype, protocol, flags).map_err(resolve_error)
}

/// The host name (`uname -n`).
pub fn hostname() -> PyResult<String> {
    crate::platform::sysinfo::uname().map(|u| u[1].clone()).map_err(|e| exceptions::os_error(&e, None))
}

fn gethostname(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("gethostname")?;
    Ok(Py::str(hostname()?))
}

/// `getfqdn(name='')`: the canonical name the host's resolver gives, when
/// it has a dot; else the name itself.
fn getfqdn(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name] = args.bind("getfqdn", ["name?"])?;
    let name = args::opt_str("getfqdn", name.as_ref())?.unwrap_or_default().trim().to_owned();
    let name = if name.is_empty() || name == "0.0.0.0" || name == "::" { hostname()? } else { name };
    let canon = resolve(Some(&name), None, net::AF_UNSPEC, net::SOCK_STREAM, 0, net::AI_CANONNAME)
        .ok()
        .and_then(|list| list.into_iter().map(|a| a.canonname).find(|c| !c.is_empty()));
    Ok(Py::str(match canon {
        Some(c) if c.contains('.') => c,
        _ => name,
    }))
}

/// `gethostbyname(hostname)`: the first IPv4 address.
fn gethostbyname(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [host] = args.bind("gethostbyname", ["hostname"])?;
    let host = args::to_str("gethostbyname", &args::req(host))?;
    let list = resolve(Some(&host), None, net::AF_INET, net::SOCK_STREAM, 0, 0)?;
    match list.into_iter().next().map(|a| a.addr) {
        Some(SockAddr::V4 { ip, .. }) => Ok(Py::str(ip.to_string())),
        _ => Err(resolve_error(ResolveError::Gai(net::EAI_NONAME, net::gai_strerror(net::EAI_NONAME)))),
    }
}

/// The address tuple Python gives: `(host, port)` or `(host, port,
/// flowinfo, scope_id)`.
fn sockaddr(a: SockAddr) -> Py {
    match a {
        SockAddr::V4 { ip, port } => Py::tuple(vec![Py::str(ip.to_string()), Py::Int(port.into())]),
        SockAddr::V6 { ip, port, flowinfo, scope_id } => Py::tuple(vec![
            Py::str(ip.to_string()),
            Py::Int(port.into()),
            Py::Int(flowinfo.into()),
            Py::Int(scope_id.into()),
        ]),
    }
}

/// A host or port given as text: str, bytes (as is), or `None`.
fn text_arg(func: &str, v: &Py) -> PyResult<Option<String>> {
    match v {
        Py::None => Ok(None),
        Py::Bytes(b) => Ok(Some(String::from_utf8_lossy(b).into_owned())),
        other => args::to_str(func, other).map(Some),
    }
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`: a list
/// of `(family, type, proto, canonname, sockaddr)` with plain ints (not
/// the IntEnums CPython uses).
fn getaddrinfo(cx: &Cx, args: Args) -> PyResult<Py> {
    let [host, port, family, socktype, proto, flags] =
        args.bind("getaddrinfo", ["host", "port", "family?", "type?", "proto?", "flags?"])?;
    let host = text_arg("getaddrinfo", &args::req(host))?;
    let port = match args::req(port) {
        p @ (Py::None | Py::Str(_) | Py::Bytes(_)) => text_arg("getaddrinfo", &p)?,
        p => match semantics::index_value(&p) {
            Some(n) => Some(semantics::repr(cx, &n)?),
            None => return Err(exceptions::new("OSError", "Int or String expected")),
        },
    };
    let int = |v: Option<Py>| -> PyResult<i32> {
        let n = args::opt_int("getaddrinfo", v.as_ref())?.unwrap_or(0);
        i32::try_from(n).map_err(|_| exceptions::overflow_error("signed integer is greater than maximum"))
    };
    let list = resolve(host.as_deref(), port.as_deref(), int(family)?, int(socktype)?, int(proto)?, int(flags)?)?;
    Ok(List::new(
        list.into_iter()
            .map(|a| {
                Py::tuple(vec![
                    Py::Int(a.family.into()),
                    Py::Int(a.socktype.into()),
                    Py::Int(a.protocol.into()),
                    Py::str(a.canonname),
                    sockaddr(a.addr),
                ])
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::with_cx;

    fn repr(cx: &Cx, v: &Py) -> String {
        semantics::repr(cx, v).expect("repr")
    }

    #[test]
    fn localhost_resolves_through_the_host_resolver() {
        with_cx(|cx| {
            let v = gethostbyname(cx, Args::one(Py::str("127.0.0.1"))).expect("resolves");
            assert_eq!(repr(cx, &v), "'127.0.0.1'");
            let v = gethostbyname(cx, Args::one(Py::str("localhost"))).expect("resolves");
            assert!(v.as_str().is_some_and(|s| s.starts_with("127.")));
        });
    }

    #[test]
    fn unknown_names_raise_gaierror() {
        with_cx(|cx| {
            let e = resolve(Some("no-such-host.invalid"), None, net::AF_INET, 0, 0, net::AI_NUMERICHOST)
                .expect_err("fails");
            assert!(e.is_instance(&GAIERROR));
            assert!(e.is("OSError"));
            let errno = crate::objects::attr::getattr(cx, &e.value(), "errno").expect("errno");
            assert!(matches!(errno, Py::Int(n) if n < 0));
            assert!(e.message(cx).starts_with("[Errno -"), "{}", e.message(cx));
            assert!(std::sync::Arc::ptr_eq(&exceptions::class_for("socket", "gaierror"), &GAIERROR));
        });
    }

    #[test]
    fn hostname_and_fqdn() {
        with_cx(|cx| {
            let h = hostname().expect("a host name");
            assert!(!h.is_empty());
            let fqdn = getfqdn(cx, Args::default()).expect("fqdn");
            assert!(fqdn.as_str().is_some_and(|s| !s.is_empty()));
            assert_eq!(repr(cx, &gethostname(cx, Args::default()).expect("name")), repr(cx, &Py::str(h)));
        });
    }

    #[test]
    fn getaddrinfo_numeric() {
        with_cx(|cx| {
            let kw = vec![("type".into(), Py::Int(net::SOCK_STREAM.into()))];
            let v = getaddrinfo(cx, Args::new(vec![Py::str("::1"), Py::Int(22)], kw)).expect("resolves");
            let first = semantics::getitem(cx, &v, &Py::Int(0)).expect("an answer");
            let want =
                format!("({}, {}, {}, '', ('::1', 22, 0, 0))", net::AF_INET6, net::SOCK_STREAM, net::IPPROTO_TCP);
            assert_eq!(repr(cx, &first), want);
            let bad = getaddrinfo(cx, Args::positional(vec![Py::str("::1"), Py::Float(1.0)]));
            assert_eq!(bad.expect_err("refused").message(cx), "Int or String expected");
        });
    }

    #[test]
    fn sockets_are_refused_honestly() {
        with_cx(|cx| {
            let socket = attr("socket", cx).expect("the class").expect("a value");
            assert_eq!(repr(cx, &socket), "<class 'socket.socket'>");
            let e = semantics::call(cx, &socket, Args::default()).expect_err("refused");
            assert!(e.is("NotImplementedError"));
            let timeout = attr("timeout", cx).expect("the class").expect("a value");
            assert_eq!(repr(cx, &timeout), "<class 'TimeoutError'>");
        });
    }
}
