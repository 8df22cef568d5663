//! Name resolution through the host's resolver, with CPython 3.11's
//! arguments, results (`AddressFamily`/`SocketKind` members in
//! `getaddrinfo`'s tuples) and errors (`gaierror` with the `EAI_*` code,
//! `herror` for unknown hosts, `OSError` for unknown services).
//!
//! `gethostbyname_ex`/`gethostbyaddr` are built on `getaddrinfo` and
//! `getnameinfo` (the reentrant interfaces every C library has): their
//! alias lists are empty.

use super::{coded_error, ADDRESS_FAMILY, GAIERROR, HERROR, SOCKET_KIND};
use crate::objects::int_enum::member_or_int;
use crate::objects::list::List;
use crate::platform::net::{self, AddrInfo, ResolveError, SockAddr};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// A failed lookup as CPython raises it.
pub fn resolve_error(e: ResolveError) -> PyErr {
    match e {
        ResolveError::Gai(code, text) => coded_error(&GAIERROR, code, text),
        ResolveError::Os(e) => exceptions::os_error(&e, None),
        ResolveError::Nul => exceptions::value_error("embedded null character"),
    }
}

/// `getaddrinfo` of the host's resolver, with Python's errors.
pub fn resolve(
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

pub fn gethostname(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("gethostname")?;
    Ok(Py::str(hostname()?))
}

/// `getfqdn(name='')`: the canonical name the host's resolver gives, when
/// it has a dot; else the name itself.
pub fn getfqdn(_cx: &Cx, args: Args) -> PyResult<Py> {
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

fn host_arg(func: &str, v: Option<Py>) -> PyResult<String> {
    let v = args::req(v);
    match &v {
        Py::Bytes(b) => Ok(String::from_utf8_lossy(b).into_owned()),
        other => args::to_str(func, other),
    }
}

/// The IPv4 answers of a name, in order, without repeats.
fn ipv4_addresses(host: &str) -> PyResult<(String, Vec<String>)> {
    let list = resolve(Some(host), None, net::AF_INET, net::SOCK_STREAM, 0, net::AI_CANONNAME)?;
    let canon = list.iter().map(|a| a.canonname.clone()).find(|c| !c.is_empty()).unwrap_or_else(|| host.to_owned());
    let mut ips: Vec<String> = Vec::new();
    for a in list {
        if let SockAddr::V4 { ip, .. } = a.addr {
            let ip = ip.to_string();
            if !ips.contains(&ip) {
                ips.push(ip);
            }
        }
    }
    if ips.is_empty() {
        return Err(resolve_error(ResolveError::Gai(net::EAI_NONAME, net::gai_strerror(net::EAI_NONAME))));
    }
    Ok((canon, ips))
}

/// `gethostbyname(hostname)`: the first IPv4 address.
pub fn gethostbyname(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [host] = args.bind("gethostbyname", ["hostname"])?;
    let (_, ips) = ipv4_addresses(&host_arg("gethostbyname", host)?)?;
    Ok(Py::str(ips[0].as_str()))
}

/// `gethostbyname_ex(hostname)`: `(name, aliases, addresses)`.
pub fn gethostbyname_ex(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [host] = args.bind("gethostbyname_ex", ["hostname"])?;
    let (canon, ips) = ipv4_addresses(&host_arg("gethostbyname_ex", host)?)?;
    Ok(Py::tuple(vec![Py::str(canon), List::new(Vec::new()), List::new(ips.into_iter().map(Py::str).collect())]))
}

/// `herror(1, 'Unknown host')`, as `gethostbyaddr` raises it.
fn unknown_host() -> PyErr {
    coded_error(&HERROR, 1, "Unknown host".to_owned())
}

/// `gethostbyaddr(ip_address)`: `(name, aliases, [address])`.
pub fn gethostbyaddr(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [host] = args.bind("gethostbyaddr", ["ip_address"])?;
    let host = host_arg("gethostbyaddr", host)?;
    let list = resolve(Some(&host), None, net::AF_UNSPEC, net::SOCK_STREAM, 0, 0)?;
    let Some(first) = list.into_iter().next() else { return Err(unknown_host()) };
    let (name, _) = net::getnameinfo(&first.addr, net::NI_NAMEREQD).map_err(|_| unknown_host())?;
    let ip = match first.addr {
        SockAddr::V4 { ip, .. } => ip.to_string(),
        SockAddr::V6 { ip, .. } => ip.to_string(),
    };
    Ok(Py::tuple(vec![Py::str(name), List::new(Vec::new()), List::new(vec![Py::str(ip)])]))
}

/// The address tuple Python gives: `(host, port)` or `(host, port,
/// flowinfo, scope_id)`.
pub fn sockaddr(a: &SockAddr) -> Py {
    match *a {
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

/// A port argument of `getaddrinfo`: None, text, or an int.
pub fn port_text(cx: &Cx, v: Py) -> PyResult<Option<String>> {
    match v {
        p @ (Py::None | Py::Str(_) | Py::Bytes(_)) => text_arg("getaddrinfo", &p),
        p => match semantics::index_value(&p) {
            Some(n) => Ok(Some(semantics::repr(cx, &n)?)),
            None => Err(exceptions::new("OSError", "Int or String expected")),
        },
    }
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`: a list
/// of `(family, type, proto, canonname, sockaddr)`.
pub fn getaddrinfo(cx: &Cx, args: Args) -> PyResult<Py> {
    let [host, port, family, socktype, proto, flags] =
        args.bind("getaddrinfo", ["host", "port", "family?", "type?", "proto?", "flags?"])?;
    let host = text_arg("getaddrinfo", &args::req(host))?;
    let port = port_text(cx, args::req(port))?;
    let int = |v: Option<Py>| -> PyResult<i32> {
        let n = args::opt_int("getaddrinfo", v.as_ref())?.unwrap_or(0);
        i32::try_from(n).map_err(|_| exceptions::overflow_error("signed integer is greater than maximum"))
    };
    let list = resolve(host.as_deref(), port.as_deref(), int(family)?, int(socktype)?, int(proto)?, int(flags)?)?;
    Ok(List::new(
        list.into_iter()
            .map(|a| {
                Py::tuple(vec![
                    member_or_int(&ADDRESS_FAMILY, a.family.into()),
                    member_or_int(&SOCKET_KIND, a.socktype.into()),
                    Py::Int(a.protocol.into()),
                    Py::str(a.canonname),
                    sockaddr(&a.addr),
                ])
            })
            .collect(),
    ))
}

/// `getnameinfo(sockaddr, flags)`: `(host, port)` names.
pub fn getnameinfo(cx: &Cx, args: Args) -> PyResult<Py> {
    if args.pos.len() != 2 || !args.kw.is_empty() {
        return Err(exceptions::type_error(format!(
            "getnameinfo() takes exactly 2 arguments ({} given)",
            args.pos.len() + args.kw.len()
        )));
    }
    let [addr, flags] = args.bind("getnameinfo", ["sockaddr", "flags"])?;
    let addr = args::req(addr);
    let Py::Tuple(items) = &addr else {
        return Err(exceptions::type_error("getnameinfo() argument 1 must be a tuple"));
    };
    let flags = crate::modules::time::c_int(&args::req(flags))?;
    if !(2..=4).contains(&items.len()) {
        return Err(exceptions::type_error("getnameinfo(): illegal sockaddr argument"));
    }
    let host = args::to_str("getnameinfo", &items[0])?;
    let port = port_text(cx, items[1].clone())?;
    let list = resolve(Some(&host), port.as_deref(), net::AF_UNSPEC, net::SOCK_DGRAM, 0, net::AI_NUMERICHOST)?;
    let Some(first) = list.into_iter().next() else {
        return Err(exceptions::new("OSError", "sockaddr resolved to multiple addresses"));
    };
    let (name, serv) = net::getnameinfo(&first.addr, flags).map_err(resolve_error)?;
    Ok(Py::tuple(vec![Py::str(name), Py::str(serv)]))
}

fn proto_arg(func: &str, v: Option<Py>) -> PyResult<Option<String>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(p) => args::to_str(func, &p).map(Some),
    }
}

/// `getservbyname(servicename, protocolname=None)`.
pub fn getservbyname(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, proto] = args.bind("getservbyname", ["servicename", "protocolname?"])?;
    let name = args::to_str("getservbyname", &args::req(name))?;
    let proto = proto_arg("getservbyname", proto)?;
    net::service_port(&name, proto.as_deref())
        .map(|p| Py::Int(p.into()))
        .ok_or_else(|| exceptions::new("OSError", "service/proto not found"))
}

/// `getservbyport(port, protocolname=None)`.
pub fn getservbyport(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [port, proto] = args.bind("getservbyport", ["port", "protocolname?"])?;
    let port = crate::modules::time::c_int(&args::req(port))?;
    let port = u16::try_from(port).map_err(|_| exceptions::overflow_error("getservbyport: port must be 0-65535."))?;
    let proto = proto_arg("getservbyport", proto)?;
    net::service_name(port, proto.as_deref())
        .map(Py::str)
        .ok_or_else(|| exceptions::new("OSError", "port/proto not found"))
}
