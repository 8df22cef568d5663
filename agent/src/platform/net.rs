//! The network as the host's C library sees it: name resolution through
//! `getaddrinfo`/`getnameinfo` (so `/etc/hosts`, `nsswitch.conf` and
//! `resolv.conf` decide), the services database, and the socket constants
//! of the target.

use std::ffi::{CStr, CString};
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};

pub const AF_UNSPEC: i32 = libc::AF_UNSPEC;
pub const AF_UNIX: i32 = libc::AF_UNIX;
pub const AF_INET: i32 = libc::AF_INET;
pub const AF_INET6: i32 = libc::AF_INET6;
pub const SOCK_STREAM: i32 = libc::SOCK_STREAM;
pub const SOCK_DGRAM: i32 = libc::SOCK_DGRAM;
pub const SOCK_RAW: i32 = libc::SOCK_RAW;
pub const IPPROTO_IP: i32 = libc::IPPROTO_IP;
pub const IPPROTO_TCP: i32 = libc::IPPROTO_TCP;
pub const IPPROTO_UDP: i32 = libc::IPPROTO_UDP;
pub const IPPROTO_IPV6: i32 = libc::IPPROTO_IPV6;
pub const AI_PASSIVE: i32 = libc::AI_PASSIVE;
pub const AI_CANONNAME: i32 = libc::AI_CANONNAME;
pub const AI_NUMERICHOST: i32 = libc::AI_NUMERICHOST;
pub const SOL_SOCKET: i32 = libc::SOL_SOCKET;
pub const SO_REUSEADDR: i32 = libc::SO_REUSEADDR;
pub const SOMAXCONN: i32 = libc::SOMAXCONN;
pub const EAI_NONAME: i32 = libc::EAI_NONAME;
pub const AF_PACKET: i32 = libc::AF_PACKET;
pub const AF_NETLINK: i32 = libc::AF_NETLINK;
pub const SOCK_SEQPACKET: i32 = libc::SOCK_SEQPACKET;
pub const SOCK_RDM: i32 = libc::SOCK_RDM;
pub const SOCK_NONBLOCK: i32 = libc::SOCK_NONBLOCK;
pub const SOCK_CLOEXEC: i32 = libc::SOCK_CLOEXEC;
pub const IPPROTO_ICMP: i32 = libc::IPPROTO_ICMP;
pub const IPPROTO_RAW: i32 = libc::IPPROTO_RAW;
pub const AI_NUMERICSERV: i32 = libc::AI_NUMERICSERV;
pub const AI_ADDRCONFIG: i32 = libc::AI_ADDRCONFIG;
pub const AI_V4MAPPED: i32 = libc::AI_V4MAPPED;
pub const AI_ALL: i32 = libc::AI_ALL;
pub const NI_NUMERICHOST: i32 = libc::NI_NUMERICHOST;
pub const NI_NUMERICSERV: i32 = libc::NI_NUMERICSERV;
pub const NI_NOFQDN: i32 = libc::NI_NOFQDN;
pub const NI_NAMEREQD: i32 = libc::NI_NAMEREQD;
pub const NI_DGRAM: i32 = libc::NI_DGRAM;
pub const NI_MAXHOST: i32 = 1025;
pub const NI_MAXSERV: i32 = 32;
pub const MSG_OOB: i32 = libc::MSG_OOB;
pub const MSG_PEEK: i32 = libc::MSG_PEEK;
pub const MSG_DONTWAIT: i32 = libc::MSG_DONTWAIT;
pub const MSG_WAITALL: i32 = libc::MSG_WAITALL;
pub const SO_KEEPALIVE: i32 = libc::SO_KEEPALIVE;
pub const SO_BROADCAST: i32 = libc::SO_BROADCAST;
pub const SO_RCVBUF: i32 = libc::SO_RCVBUF;
pub const SO_SNDBUF: i32 = libc::SO_SNDBUF;
pub const SO_ERROR: i32 = libc::SO_ERROR;
pub const SO_TYPE: i32 = libc::SO_TYPE;
pub const SO_REUSEPORT: i32 = libc::SO_REUSEPORT;
pub const TCP_NODELAY: i32 = libc::TCP_NODELAY;
pub const SHUT_RD: i32 = libc::SHUT_RD;
pub const SHUT_WR: i32 = libc::SHUT_WR;
pub const SHUT_RDWR: i32 = libc::SHUT_RDWR;

/// The `EAI_*` codes of the target, for `socket`'s constants.
pub const EAI_CODES: &[(&str, i32)] = &[
    ("EAI_AGAIN", libc::EAI_AGAIN),
    ("EAI_BADFLAGS", libc::EAI_BADFLAGS),
    ("EAI_FAIL", libc::EAI_FAIL),
    ("EAI_FAMILY", libc::EAI_FAMILY),
    ("EAI_MEMORY", libc::EAI_MEMORY),
    ("EAI_NONAME", libc::EAI_NONAME),
    ("EAI_OVERFLOW", libc::EAI_OVERFLOW),
    ("EAI_SERVICE", libc::EAI_SERVICE),
    ("EAI_SOCKTYPE", libc::EAI_SOCKTYPE),
    ("EAI_SYSTEM", libc::EAI_SYSTEM),
];

/// An address `getaddrinfo` gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SockAddr {
    V4 { ip: Ipv4Addr, port: u16 },
    V6 { ip: Ipv6Addr, port: u16, flowinfo: u32, scope_id: u32 },
}

/// One `getaddrinfo` answer.
#[derive(Debug, Clone)]
pub struct AddrInfo {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: String,
    pub addr: SockAddr,
}

/// Why a lookup failed.
#[derive(Debug)]
pub enum ResolveError {
    /// A resolver error: `EAI_*` code and its text (`gai_strerror`).
    Gai(i32, String),
    /// A system error (`EAI_SYSTEM`).
    Os(io::Error),
    /// A NUL inside the host or the port.
    Nul,
}

/// The text of an `EAI_*` code.
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned()
}

/// The host's `getaddrinfo`; answers of other families than IPv4 and
/// IPv6 are left out.
pub fn getaddrinfo(
    host: Option<&str>,
    port: Option<&str>,
    family: i32,
    socktype: i32,
    protocol: i32,
    flags: i32,
) -> Result<Vec<AddrInfo>, ResolveError> {
    let c = |s: &str| CString::new(s).map_err(|_| ResolveError::Nul);
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
            return Err(ResolveError::Os(io::Error::last_os_error()));
        }
        return Err(ResolveError::Gai(rc, gai_strerror(rc)));
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
        let addr = match ai.ai_family {
            libc::AF_INET if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET answer carries a sockaddr_in.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in) };
                Some(SockAddr::V4 {
                    ip: Ipv4Addr::from(u32::from_be(sa.sin_addr.s_addr)),
                    port: u16::from_be(sa.sin_port),
                })
            }
            libc::AF_INET6 if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET6 answer carries a sockaddr_in6.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in6) };
                Some(SockAddr::V6 {
                    ip: Ipv6Addr::from(sa.sin6_addr.s6_addr),
                    port: u16::from_be(sa.sin6_port),
                    flowinfo: u32::from_be(sa.sin6_flowinfo),
                    scope_id: sa.sin6_scope_id,
                })
            }
            _ => None,
        };
        if let Some(addr) = addr {
            out.push(AddrInfo {
                family: ai.ai_family,
                socktype: ai.ai_socktype,
                protocol: ai.ai_protocol,
                canonname,
                addr,
            });
        }
        cur = ai.ai_next;
    }
    // SAFETY: res came from a successful getaddrinfo and is freed once.
    unsafe { libc::freeaddrinfo(res) };
    Ok(out)
}

/// `getnameinfo`: the host and service names of an address.
pub fn getnameinfo(addr: &SockAddr, flags: i32) -> Result<(String, String), ResolveError> {
    let mut host = vec![0 as libc::c_char; NI_MAXHOST as usize];
    let mut serv = vec![0 as libc::c_char; NI_MAXSERV as usize];
    let std_addr = match *addr {
        SockAddr::V4 { ip, port } => std::net::SocketAddr::from((ip, port)),
        SockAddr::V6 { ip, port, flowinfo, scope_id } => {
            std::net::SocketAddr::V6(std::net::SocketAddrV6::new(ip, port, flowinfo, scope_id))
        }
    };
    let (storage, len) = sockaddr_of(&std_addr);
    // SAFETY: `storage` holds a sockaddr of `len` bytes; the buffers are
    // writable for the lengths given.
    let rc = unsafe {
        libc::getnameinfo(
            (&storage as *const libc::sockaddr_storage).cast(),
            len,
            host.as_mut_ptr(),
            host.len() as _,
            serv.as_mut_ptr(),
            serv.len() as _,
            flags,
        )
    };
    if rc != 0 {
        if rc == libc::EAI_SYSTEM {
            return Err(ResolveError::Os(io::Error::last_os_error()));
        }
        return Err(ResolveError::Gai(rc, gai_strerror(rc)));
    }
    // SAFETY: on success both buffers hold NUL-terminated strings.
    let text = |b: &[libc::c_char]| unsafe { CStr::from_ptr(b.as_ptr()) }.to_string_lossy().into_owned();
    Ok((text(&host), text(&serv)))
}

/// A socket address as the C library takes it.
fn sockaddr_of(addr: &std::net::SocketAddr) -> (libc::sockaddr_storage, libc::socklen_t) {
    // SAFETY: sockaddr_storage is plain C data; zeroes are valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let len = match addr {
        std::net::SocketAddr::V4(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for a sockaddr_in.
            let sin = unsafe { &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in>() };
            sin.sin_family = libc::AF_INET as libc::sa_family_t;
            sin.sin_port = a.port().to_be();
            sin.sin_addr = libc::in_addr { s_addr: u32::from(*a.ip()).to_be() };
            std::mem::size_of::<libc::sockaddr_in>()
        }
        std::net::SocketAddr::V6(a) => {
            // SAFETY: sockaddr_storage is large and aligned enough for a sockaddr_in6.
            let sin6 = unsafe { &mut *(&mut storage as *mut libc::sockaddr_storage).cast::<libc::sockaddr_in6>() };
            sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sin6.sin6_port = a.port().to_be();
            sin6.sin6_flowinfo = a.flowinfo().to_be();
            sin6.sin6_addr = libc::in6_addr { s6_addr: a.ip().octets() };
            sin6.sin6_scope_id = a.scope_id();
            std::mem::size_of::<libc::sockaddr_in6>()
        }
    };
    (storage, len as libc::socklen_t)
}

/// A TCP connection to an address, within `timeout` when one is given.
pub fn connect(addr: &SockAddr, timeout: Option<std::time::Duration>) -> io::Result<std::net::TcpStream> {
    let addr = match *addr {
        SockAddr::V4 { ip, port } => std::net::SocketAddr::from((ip, port)),
        SockAddr::V6 { ip, port, flowinfo, scope_id } => {
            std::net::SocketAddr::V6(std::net::SocketAddrV6::new(ip, port, flowinfo, scope_id))
        }
    };
    match timeout {
        Some(t) if !t.is_zero() => std::net::TcpStream::connect_timeout(&addr, t),
        Some(_) => Err(io::Error::from_raw_os_error(libc::EINPROGRESS)),
        None => std::net::TcpStream::connect(addr),
    }
}

/// The address of a connected socket, as [`SockAddr`].
pub fn sock_addr(a: std::net::SocketAddr) -> SockAddr {
    match a {
        std::net::SocketAddr::V4(v4) => SockAddr::V4 { ip: *v4.ip(), port: v4.port() },
        std::net::SocketAddr::V6(v6) => {
            SockAddr::V6 { ip: *v6.ip(), port: v6.port(), flowinfo: v6.flowinfo(), scope_id: v6.scope_id() }
        }
    }
}

/// The services database (`getservbyname`/`getservbyport`) keeps its
/// answer in static storage: one lookup at a time.
static SERVICES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The port of a service (`/etc/services`), for a protocol or any.
pub fn service_port(name: &str, proto: Option<&str>) -> Option<u16> {
    let name = CString::new(name).ok()?;
    let proto = proto.map(CString::new).transpose().ok()?;
    let _one = SERVICES.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: valid C strings or null; the static answer is read at once.
    let s = unsafe { libc::getservbyname(name.as_ptr(), proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr())) };
    if s.is_null() {
        return None;
    }
    // SAFETY: a non-null answer is a valid servent; s_port is in network order.
    Some(u16::from_be(unsafe { (*s).s_port } as u16))
}

/// The name of the service on a port, for a protocol or any.
pub fn service_name(port: u16, proto: Option<&str>) -> Option<String> {
    let proto = proto.map(CString::new).transpose().ok()?;
    let _one = SERVICES.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: a plain port number and a valid C string or null.
    let s = unsafe {
        libc::getservbyport(i32::from(port.to_be()), proto.as_ref().map_or(std::ptr::null(), |p| p.as_ptr()))
    };
    if s.is_null() {
        return None;
    }
    // SAFETY: a non-null answer is a valid servent with a NUL-terminated name.
    Some(unsafe { CStr::from_ptr((*s).s_name) }.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_addresses_and_services() {
        let (host, serv) =
            getnameinfo(&SockAddr::V4 { ip: Ipv4Addr::LOCALHOST, port: 22 }, NI_NUMERICHOST | NI_NUMERICSERV)
                .expect("numeric");
        assert_eq!((host.as_str(), serv.as_str()), ("127.0.0.1", "22"));
        if let Some(port) = service_port("ssh", Some("tcp")) {
            assert_eq!(port, 22);
            assert_eq!(service_name(22, Some("tcp")).as_deref(), Some("ssh"));
        }
        assert_eq!(service_port("no-such-service-rpyc", None), None);
    }

    #[test]
    fn numeric_hosts_resolve_without_the_network() {
        let v4 = getaddrinfo(Some("127.0.0.1"), Some("22"), AF_INET, SOCK_STREAM, 0, AI_NUMERICHOST).expect("v4");
        assert_eq!(v4[0].addr, SockAddr::V4 { ip: Ipv4Addr::LOCALHOST, port: 22 });
        assert_eq!((v4[0].family, v4[0].socktype), (AF_INET, SOCK_STREAM));
        let v6 = getaddrinfo(Some("::1"), None, AF_INET6, SOCK_STREAM, 0, AI_NUMERICHOST).expect("v6");
        assert_eq!(v6[0].addr, SockAddr::V6 { ip: Ipv6Addr::LOCALHOST, port: 0, flowinfo: 0, scope_id: 0 });
    }

    #[test]
    fn failures_carry_the_resolvers_code() {
        match getaddrinfo(Some("no-such-host.invalid"), None, AF_INET, 0, 0, AI_NUMERICHOST) {
            Err(ResolveError::Gai(code, text)) => {
                assert_eq!(code, EAI_NONAME);
                assert_eq!(text, gai_strerror(EAI_NONAME));
                assert!(!text.is_empty());
            }
            other => panic!("expected EAI_NONAME, got {other:?}"),
        }
        assert!(matches!(getaddrinfo(Some("a\0b"), None, 0, 0, 0, 0), Err(ResolveError::Nul)));
    }
}
