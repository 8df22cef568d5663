//! The network as the host's C library sees it: name resolution through
//! `getaddrinfo` (so `/etc/hosts`, `nsswitch.conf` and `resolv.conf`
//! decide) and the socket constants of the target.

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

#[cfg(test)]
mod tests {
    use super::*;

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
