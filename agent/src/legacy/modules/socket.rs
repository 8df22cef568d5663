//! `socket`: host names and resolution through the host's own resolver
//! (getaddrinfo, so `/etc/hosts`, `nsswitch.conf` and `resolv.conf` decide),
//! and the usual constants. Socket objects are not implemented: the agent
//! opens no connection of its own.

use std::ffi::{CStr, CString};
use std::net::{Ipv4Addr, Ipv6Addr};

use rpyc_protocol::vinegar::RemoteException;
use rpyc_protocol::{Obj, Value};

use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::List;
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::Val;

pub static MODULE: ModuleDef = ModuleDef {
    name: "socket",
    type_name: "socket",
    functions: &[
        f("gethostname", gethostname),
        b("getfqdn", getfqdn),
        b("gethostbyname", gethostbyname),
        b("getaddrinfo", getaddrinfo),
        f("socket", no_sockets),
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
    ],
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Val>> {
    let n: libc::c_int = match name {
        "AF_UNSPEC" => libc::AF_UNSPEC,
        "AF_UNIX" => libc::AF_UNIX,
        "AF_INET" => libc::AF_INET,
        "AF_INET6" => libc::AF_INET6,
        "SOCK_STREAM" => libc::SOCK_STREAM,
        "SOCK_DGRAM" => libc::SOCK_DGRAM,
        "SOCK_RAW" => libc::SOCK_RAW,
        "IPPROTO_TCP" => libc::IPPROTO_TCP,
        "IPPROTO_UDP" => libc::IPPROTO_UDP,
        "IPPROTO_IP" => libc::IPPROTO_IP,
        "IPPROTO_IPV6" => libc::IPPROTO_IPV6,
        "AI_PASSIVE" => libc::AI_PASSIVE,
        "AI_CANONNAME" => libc::AI_CANONNAME,
        "AI_NUMERICHOST" => libc::AI_NUMERICHOST,
        "SOL_SOCKET" => libc::SOL_SOCKET,
        "SO_REUSEADDR" => libc::SO_REUSEADDR,
        "SOMAXCONN" => libc::SOMAXCONN,
        "has_ipv6" => return Some(Ok(Obj::Value(Value::Bool(true)))),
        _ => return None,
    };
    Some(Ok(Obj::Value(Value::Int(n.into()))))
}

fn no_sockets(_cx: &Cx, _args: Args) -> PyResult<Val> {
    Err(exc::not_implemented("socket objects (the agent opens no connections of its own)"))
}

/// `socket.gaierror(code, message)`, as CPython raises it.
fn gaierror(code: libc::c_int) -> rpyc_protocol::ExceptionPayload {
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned();
    exc::raise(
        RemoteException::new("socket", "gaierror", vec![Value::Int(code.into()), Value::Str(msg.clone())])
            .with_attr("errno", i64::from(code))
            .with_attr("strerror", msg.clone())
            .with_traceback(format!("socket.gaierror: [Errno {code}] {msg}\n")),
    )
}

/// One getaddrinfo answer.
struct AddrInfo {
    family: libc::c_int,
    socktype: libc::c_int,
    protocol: libc::c_int,
    canonname: String,
    /// `(host, port)` or `(host, port, flowinfo, scope_id)`.
    sockaddr: Value,
}

/// The host's getaddrinfo.
fn resolve(
    host: Option<&str>,
    port: Option<&str>,
    family: libc::c_int,
    socktype: libc::c_int,
    protocol: libc::c_int,
    flags: libc::c_int,
) -> PyResult<Vec<AddrInfo>> {
    let c = |s: &str| CString::new(s).map_err(|_| exc::value_error("embedded null character"));
    let host = host.map(c).transpose()?;
    let port = port.map(c).transpose()?;
    // SAFETY: a zeroed addrinfo is a valid "no hints" value.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    hints.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid C strings or null, valid hints, an out pointer.
    let rc = unsafe {
        libc::getaddrinfo(
            host.as_ref().map_or(std::ptr::null(), |h| h.as_ptr()),
            port.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()),
            &hints,
            &mut res,
        )
    };
    if rc != 0 {
        if rc == libc::EAI_SYSTEM {
            return Err(exc::os_error(&std::io::Error::last_os_error(), None));
        }
        return Err(gaierror(rc));
    }
    let mut out = Vec::new();
    let mut cur = res;
    while !cur.is_null() {
        // SAFETY: cur walks the list getaddrinfo returned, freed below.
        let ai = unsafe { &*cur };
        let canonname = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated string inside the result list.
            unsafe { CStr::from_ptr(ai.ai_canonname) }.to_string_lossy().into_owned()
        };
        let sockaddr = match ai.ai_family {
            libc::AF_INET if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET answer carries a sockaddr_in.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in) };
                let ip = Ipv4Addr::from(u32::from_be(sa.sin_addr.s_addr));
                Some(Value::Tuple(vec![Value::Str(ip.to_string()), Value::Int(u16::from_be(sa.sin_port).into())]))
            }
            libc::AF_INET6 if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET6 answer carries a sockaddr_in6.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in6) };
                let ip = Ipv6Addr::from(sa.sin6_addr.s6_addr);
                Some(Value::Tuple(vec![
                    Value::Str(ip.to_string()),
                    Value::Int(u16::from_be(sa.sin6_port).into()),
                    Value::Int(u32::from_be(sa.sin6_flowinfo).into()),
                    Value::Int(sa.sin6_scope_id.into()),
                ]))
            }
            _ => None,
        };
        if let Some(sockaddr) = sockaddr {
            out.push(AddrInfo {
                family: ai.ai_family,
                socktype: ai.ai_socktype,
                protocol: ai.ai_protocol,
                canonname,
                sockaddr,
            });
        }
        cur = ai.ai_next;
    }
    // SAFETY: res came from a successful getaddrinfo.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// The host name (`uname -n`).
pub fn hostname() -> String {
    super::platform::host_uname().node
}

fn gethostname(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("gethostname")?;
    Ok(Obj::Value(Value::Str(hostname())))
}

/// `getfqdn(name='')`: the canonical name the host's resolver gives, when
/// it has a dot; else the name itself.
fn getfqdn(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [name] = args.bind("getfqdn", ["name?"])?;
    let name = args::opt_str("getfqdn", name.as_ref())?.unwrap_or_default().trim().to_owned();
    let name = if name.is_empty() || name == "0.0.0.0" || name == "::" { hostname() } else { name };
    let canon = resolve(Some(&name), None, libc::AF_UNSPEC, libc::SOCK_STREAM, 0, libc::AI_CANONNAME)
        .ok()
        .and_then(|list| list.into_iter().map(|a| a.canonname).find(|c| !c.is_empty()));
    Ok(Obj::Value(Value::Str(match canon {
        Some(c) if c.contains('.') => c,
        _ => name,
    })))
}

/// `gethostbyname(hostname)`: the first IPv4 address.
fn gethostbyname(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [host] = args.bind("gethostbyname", ["hostname"])?;
    let host = args::to_str("gethostbyname", &args::req(host))?;
    let list = resolve(Some(&host), None, libc::AF_INET, libc::SOCK_STREAM, 0, 0)?;
    match list.into_iter().next().map(|a| a.sockaddr) {
        Some(Value::Tuple(parts)) => Ok(Obj::Value(parts.into_iter().next().unwrap_or(Value::None))),
        _ => Err(gaierror(libc::EAI_NONAME)),
    }
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`: a list
/// of `(family, type, proto, canonname, sockaddr)` with plain ints (not
/// the IntEnums CPython uses).
fn getaddrinfo(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [host, port, family, socktype, proto, flags] =
        args.bind("getaddrinfo", ["host", "port", "family?", "type?", "proto?", "flags?"])?;
    let host = match args::req(host) {
        Obj::Value(Value::None) => None,
        Obj::Value(Value::Bytes(b)) => Some(String::from_utf8_lossy(&b).into_owned()),
        other => Some(args::to_str("getaddrinfo", &other)?),
    };
    let port = match args::req(port) {
        Obj::Value(Value::None) => None,
        Obj::Value(Value::Int(n)) => Some(n.to_string()),
        Obj::Value(Value::Bytes(b)) => Some(String::from_utf8_lossy(&b).into_owned()),
        Obj::Value(Value::Str(s)) => Some(s),
        _ => return Err(exc::new("OSError", "Int or String expected")),
    };
    let int = |v: Option<Val>| -> PyResult<libc::c_int> {
        let n = args::opt_int("getaddrinfo", v.as_ref())?.unwrap_or(0);
        libc::c_int::try_from(n).map_err(|_| exc::new("OverflowError", "signed integer is greater than maximum"))
    };
    let list = resolve(host.as_deref(), port.as_deref(), int(family)?, int(socktype)?, int(proto)?, int(flags)?)?;
    Ok(Obj::Local(List::of_values(list.into_iter().map(|a| {
        Value::Tuple(vec![
            Value::Int(a.family.into()),
            Value::Int(a.socktype.into()),
            Value::Int(a.protocol.into()),
            Value::Str(a.canonname),
            a.sockaddr,
        ])
    }))))
}

#[cfg(test)]
mod tests {
    use super::super::sys::testing::with_cx;
    use super::*;

    #[test]
    fn localhost_resolves_through_the_host_resolver() {
        let v = with_cx(|cx| gethostbyname(cx, Args::positional(vec![Obj::Value(Value::str("127.0.0.1"))])));
        assert_eq!(v.expect("resolves").into_value(), Some(Value::str("127.0.0.1")));
        let v = with_cx(|cx| gethostbyname(cx, Args::positional(vec![Obj::Value(Value::str("localhost"))])));
        assert!(matches!(v.expect("resolves").into_value(), Some(Value::Str(s)) if s.starts_with("127.")));
    }

    #[test]
    fn unknown_names_raise_gaierror() {
        let r = resolve(Some("no-such-host.invalid"), None, libc::AF_INET, 0, 0, libc::AI_NUMERICHOST);
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) = r else { panic!("gaierror") };
        assert_eq!((e.module.as_str(), e.name.as_str()), ("socket", "gaierror"));
        assert!(matches!(e.args[0], Value::Int(n) if n < 0));
    }

    #[test]
    fn hostname_and_fqdn() {
        let h = hostname();
        assert!(!h.is_empty());
        let fqdn = with_cx(|cx| getfqdn(cx, Args::default())).expect("fqdn");
        assert!(matches!(fqdn.into_value(), Some(Value::Str(s)) if !s.is_empty()));
    }

    #[test]
    fn getaddrinfo_numeric() {
        let out = with_cx(|cx| {
            let v = getaddrinfo(
                cx,
                Args::new(
                    vec![Obj::Value(Value::str("::1")), Obj::Value(Value::Int(22))],
                    vec![("type".into(), Obj::Value(Value::Int(libc::SOCK_STREAM.into())))],
                ),
            )?;
            cx.value(&v)
        });
        let Ok(Value::List(items)) = out else { panic!("a list") };
        let Value::Tuple(first) = &items[0] else { panic!("a tuple") };
        assert_eq!(first[0], Value::Int(libc::AF_INET6.into()));
        assert_eq!(first[4], Value::Tuple(vec![Value::str("::1"), Value::Int(22), Value::Int(0), Value::Int(0)]));
    }
}
