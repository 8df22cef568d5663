//! `socket`: host names and resolution through the host's own resolver
//! ([`resolve`]: `getaddrinfo`, `getnameinfo`, `gethostbyname[_ex]`,
//! `gethostbyaddr`, `getfqdn`, the services database), the constants with
//! CPython 3.11's IntEnums (`AddressFamily`, `SocketKind`, `AddressInfo`,
//! `MsgFlag`), the exception classes, and TCP connections to addresses the
//! client names ([`stream`]: `create_connection`). The agent makes no
//! other socket: `socket.socket(...)` is refused with a message that says
//! so (it never listens, and connects only where it is told to).

mod resolve;
mod stream;
#[cfg(test)]
mod tests;

use std::sync::LazyLock;

use crate::objects::int_enum::int_enum_type;
use crate::objects::module::{b, f, ModuleDef};
use crate::platform::net;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub use resolve::hostname;

pub static MODULE: ModuleDef = ModuleDef {
    name: "socket",
    type_name: "socket",
    doc: "Host names, name resolution through the host's resolver, and TCP connections to given addresses.",
    functions: &[
        f("gethostname", resolve::gethostname),
        b("getfqdn", resolve::getfqdn),
        b("gethostbyname", resolve::gethostbyname),
        b("gethostbyname_ex", resolve::gethostbyname_ex),
        b("gethostbyaddr", resolve::gethostbyaddr),
        b("getaddrinfo", resolve::getaddrinfo),
        b("getnameinfo", resolve::getnameinfo),
        b("getservbyname", resolve::getservbyname),
        b("getservbyport", resolve::getservbyport),
        b("create_connection", stream::create_connection),
        f("getdefaulttimeout", stream::getdefaulttimeout),
        f("setdefaulttimeout", stream::setdefaulttimeout),
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
        "AF_PACKET",
        "AF_NETLINK",
        "SOCK_STREAM",
        "SOCK_DGRAM",
        "SOCK_RAW",
        "SOCK_SEQPACKET",
        "SOCK_RDM",
        "SOCK_NONBLOCK",
        "SOCK_CLOEXEC",
        "IPPROTO_IP",
        "IPPROTO_TCP",
        "IPPROTO_UDP",
        "IPPROTO_IPV6",
        "IPPROTO_ICMP",
        "IPPROTO_RAW",
        "AI_PASSIVE",
        "AI_CANONNAME",
        "AI_NUMERICHOST",
        "AI_NUMERICSERV",
        "AI_ADDRCONFIG",
        "AI_V4MAPPED",
        "AI_ALL",
        "NI_NUMERICHOST",
        "NI_NUMERICSERV",
        "NI_NOFQDN",
        "NI_NAMEREQD",
        "NI_DGRAM",
        "NI_MAXHOST",
        "NI_MAXSERV",
        "MSG_OOB",
        "MSG_PEEK",
        "MSG_DONTWAIT",
        "MSG_WAITALL",
        "SOL_SOCKET",
        "SO_REUSEADDR",
        "SO_REUSEPORT",
        "SO_KEEPALIVE",
        "SO_BROADCAST",
        "SO_RCVBUF",
        "SO_SNDBUF",
        "SO_ERROR",
        "SO_TYPE",
        "TCP_NODELAY",
        "SHUT_RD",
        "SHUT_WR",
        "SHUT_RDWR",
        "SOMAXCONN",
        "has_ipv6",
        "error",
        "herror",
        "gaierror",
        "timeout",
        "socket",
        "SocketType",
        "AddressFamily",
        "SocketKind",
        "AddressInfo",
        "MsgFlag",
    ],
    setattr: None,
};

/// `socket.AddressFamily`.
pub static ADDRESS_FAMILY: LazyLock<TypeRef> = LazyLock::new(|| {
    let members = [
        ("AF_UNSPEC", net::AF_UNSPEC),
        ("AF_UNIX", net::AF_UNIX),
        ("AF_INET", net::AF_INET),
        ("AF_INET6", net::AF_INET6),
        ("AF_NETLINK", net::AF_NETLINK),
        ("AF_PACKET", net::AF_PACKET),
    ];
    int_enum_type("socket", "AddressFamily", &ADDRESS_FAMILY, &members.map(|(n, v)| (n, i64::from(v))))
});

/// `socket.SocketKind`.
pub static SOCKET_KIND: LazyLock<TypeRef> = LazyLock::new(|| {
    let members = [
        ("SOCK_STREAM", net::SOCK_STREAM),
        ("SOCK_DGRAM", net::SOCK_DGRAM),
        ("SOCK_RAW", net::SOCK_RAW),
        ("SOCK_RDM", net::SOCK_RDM),
        ("SOCK_SEQPACKET", net::SOCK_SEQPACKET),
        ("SOCK_NONBLOCK", net::SOCK_NONBLOCK),
        ("SOCK_CLOEXEC", net::SOCK_CLOEXEC),
    ];
    int_enum_type("socket", "SocketKind", &SOCKET_KIND, &members.map(|(n, v)| (n, i64::from(v))))
});

/// `socket.AddressInfo` (an IntFlag in CPython: single flags show alike;
/// combinations are plain ints here).
static ADDRESS_INFO: LazyLock<TypeRef> = LazyLock::new(|| {
    let members = [
        ("AI_PASSIVE", net::AI_PASSIVE),
        ("AI_CANONNAME", net::AI_CANONNAME),
        ("AI_NUMERICHOST", net::AI_NUMERICHOST),
        ("AI_V4MAPPED", net::AI_V4MAPPED),
        ("AI_ALL", net::AI_ALL),
        ("AI_ADDRCONFIG", net::AI_ADDRCONFIG),
        ("AI_NUMERICSERV", net::AI_NUMERICSERV),
    ];
    int_enum_type("socket", "AddressInfo", &ADDRESS_INFO, &members.map(|(n, v)| (n, i64::from(v))))
});

/// `socket.MsgFlag` (an IntFlag in CPython, as `AddressInfo`).
static MSG_FLAG: LazyLock<TypeRef> = LazyLock::new(|| {
    let members = [
        ("MSG_OOB", net::MSG_OOB),
        ("MSG_PEEK", net::MSG_PEEK),
        ("MSG_DONTWAIT", net::MSG_DONTWAIT),
        ("MSG_WAITALL", net::MSG_WAITALL),
    ];
    int_enum_type("socket", "MsgFlag", &MSG_FLAG, &members.map(|(n, v)| (n, i64::from(v))))
});

/// `socket.gaierror(code, message)`: an OSError whose errno is the
/// resolver's `EAI_*` code.
pub static GAIERROR: LazyLock<TypeRef> = LazyLock::new(|| os_error_class("gaierror"));

/// `socket.herror(h_errno, message)`: the host database's errors.
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

/// An OSError subclass instance with `(code, text)` as errno and strerror.
fn coded_error(class: &TypeRef, code: i32, text: String) -> PyErr {
    PyErr::new(class.clone(), vec![Py::Int(code.into()), Py::str(text.clone())])
        .with_attr("errno", Py::Int(code.into()))
        .with_attr("strerror", Py::str(text))
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None)
}

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let n = match name {
        _ if name.starts_with("AF_") => return ADDRESS_FAMILY.class_attr(name).map(Ok),
        "SOCK_STREAM" | "SOCK_DGRAM" | "SOCK_RAW" | "SOCK_SEQPACKET" | "SOCK_RDM" | "SOCK_NONBLOCK"
        | "SOCK_CLOEXEC" => return SOCKET_KIND.class_attr(name).map(Ok),
        _ if name.starts_with("AI_") => return ADDRESS_INFO.class_attr(name).map(Ok),
        _ if name.starts_with("MSG_") => return MSG_FLAG.class_attr(name).map(Ok),
        "IPPROTO_TCP" => net::IPPROTO_TCP,
        "IPPROTO_UDP" => net::IPPROTO_UDP,
        "IPPROTO_IP" => net::IPPROTO_IP,
        "IPPROTO_IPV6" => net::IPPROTO_IPV6,
        "IPPROTO_ICMP" => net::IPPROTO_ICMP,
        "IPPROTO_RAW" => net::IPPROTO_RAW,
        "NI_NUMERICHOST" => net::NI_NUMERICHOST,
        "NI_NUMERICSERV" => net::NI_NUMERICSERV,
        "NI_NOFQDN" => net::NI_NOFQDN,
        "NI_NAMEREQD" => net::NI_NAMEREQD,
        "NI_DGRAM" => net::NI_DGRAM,
        "NI_MAXHOST" => net::NI_MAXHOST,
        "NI_MAXSERV" => net::NI_MAXSERV,
        "SOL_SOCKET" => net::SOL_SOCKET,
        "SO_REUSEADDR" => net::SO_REUSEADDR,
        "SO_REUSEPORT" => net::SO_REUSEPORT,
        "SO_KEEPALIVE" => net::SO_KEEPALIVE,
        "SO_BROADCAST" => net::SO_BROADCAST,
        "SO_RCVBUF" => net::SO_RCVBUF,
        "SO_SNDBUF" => net::SO_SNDBUF,
        "SO_ERROR" => net::SO_ERROR,
        "SO_TYPE" => net::SO_TYPE,
        "TCP_NODELAY" => net::TCP_NODELAY,
        "SHUT_RD" => net::SHUT_RD,
        "SHUT_WR" => net::SHUT_WR,
        "SHUT_RDWR" => net::SHUT_RDWR,
        "SOMAXCONN" => net::SOMAXCONN,
        "has_ipv6" => return Some(Ok(Py::Bool(true))),
        "error" => return Some(Ok(type_value(&exceptions::exc_type("OSError")))),
        "timeout" => return Some(Ok(type_value(&exceptions::exc_type("TimeoutError")))),
        "gaierror" => return Some(Ok(type_value(&GAIERROR))),
        "herror" => return Some(Ok(type_value(&HERROR))),
        "socket" | "SocketType" => return Some(Ok(type_value(&stream::SOCKET))),
        "AddressFamily" => return Some(Ok(type_value(&ADDRESS_FAMILY))),
        "SocketKind" => return Some(Ok(type_value(&SOCKET_KIND))),
        "AddressInfo" => return Some(Ok(type_value(&ADDRESS_INFO))),
        "MsgFlag" => return Some(Ok(type_value(&MSG_FLAG))),
        _ => match net::EAI_CODES.iter().find(|(n, _)| *n == name) {
            Some((_, code)) => *code,
            None => return None,
        },
    };
    Some(Ok(Py::Int(n.into())))
}

fn refused() -> PyErr {
    exceptions::not_implemented(
        "socket objects other than create_connection's (the agent never listens, and connects only to \
         addresses given to create_connection)",
    )
}

fn no_sockets(_cx: &Cx, _args: Args) -> PyResult<Py> {
    Err(refused())
}
