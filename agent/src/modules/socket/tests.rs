use std::io::{Read, Write};

use super::*;
use crate::interp::{eval, execute};
use crate::objects::testing::with_cx;
use crate::runtime::semantics;

fn run(cx: &Cx, src: &str) -> String {
    match eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("!{}", e.class().name)),
        Err(e) => format!("!{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn resolution_as_cpython() {
    with_cx(|cx| {
        execute(cx, "import socket").expect("imports");
        assert_eq!(run(cx, "socket.gethostbyname('127.0.0.1')"), "'127.0.0.1'");
        assert_eq!(run(cx, "socket.gethostbyname_ex('127.0.0.1')"), "('127.0.0.1', [], ['127.0.0.1'])");
        assert_eq!(
            run(cx, "socket.getaddrinfo('127.0.0.1', 22, socket.AF_INET, socket.SOCK_STREAM)"),
            "[(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 22))]"
        );
        assert_eq!(run(cx, "socket.getaddrinfo('::1', 22, type=socket.SOCK_STREAM)[0][4]"), "('::1', 22, 0, 0)");
        assert_eq!(run(cx, "socket.getaddrinfo('::1', 1.5)"), "!OSError: Int or String expected");
        assert_eq!(
            run(cx, "socket.getnameinfo(('127.0.0.1', 22), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)"),
            "('127.0.0.1', '22')"
        );
        assert_eq!(run(cx, "socket.getnameinfo('x', 0)"), "!TypeError: getnameinfo() argument 1 must be a tuple");
        assert_eq!(run(cx, "socket.getservbyname('no-such-service-rpyc')"), "!OSError: service/proto not found");
        assert_eq!(run(cx, "socket.getservbyport(70000)"), "!OverflowError: getservbyport: port must be 0-65535.");
        assert_eq!(
            run(cx, "socket.AF_INET, socket.SOCK_DGRAM, socket.AI_PASSIVE, socket.IPPROTO_TCP"),
            "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_DGRAM: 2>, <AddressInfo.AI_PASSIVE: 1>, 6)"
        );
        assert_eq!(run(cx, "socket.AddressFamily(10)"), "<AddressFamily.AF_INET6: 10>");
        let e = run(cx, "socket.gethostbyname('no-such-host.invalid')");
        assert!(e.starts_with("!gaierror: [Errno -"), "{e}");
        assert_eq!(run(cx, "socket.timeout, socket.error"), "(<class 'TimeoutError'>, <class 'OSError'>)");
        assert!(std::sync::Arc::ptr_eq(&exceptions::class_for("socket", "gaierror"), &GAIERROR));
    });
}

#[test]
fn create_connection_talks_to_the_given_address() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listens");
    let port = listener.local_addr().expect("address").port();
    let server = std::thread::spawn(move || {
        let (mut c, _) = listener.accept().expect("accepts");
        c.write_all(b"hello").expect("writes");
        let mut got = [0u8; 4];
        c.read_exact(&mut got).expect("reads");
        got
    });
    with_cx(|cx| {
        execute(cx, &format!("import socket\ns = socket.create_connection(('127.0.0.1', {port}), timeout=5)"))
            .expect("connects");
        let shown = run(cx, "repr(s)");
        assert!(
            shown.starts_with("\"<socket.socket fd=") && shown.contains(&format!("raddr=('127.0.0.1', {port})")),
            "{shown}"
        );
        assert_eq!(
            run(cx, "s.family, s.type, s.proto, s.gettimeout()"),
            "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, 5.0)"
        );
        assert_eq!(run(cx, "s.recv(5)"), "b'hello'");
        assert_eq!(run(cx, "s.sendall(b'ping')"), "None");
        assert_eq!(run(cx, "s.getpeername()"), format!("('127.0.0.1', {port})"));
        execute(cx, "s.settimeout(0.2)").expect("sets");
        assert_eq!(run(cx, "s.recv(10)"), "b''");
        execute(cx, "s.close()").expect("closes");
        assert_eq!(run(cx, "repr(s)"), "'<socket.socket [closed] fd=-1, family=2, type=1, proto=6>'");
        assert_eq!(run(cx, "s.recv(1)"), "!OSError: [Errno 9] Bad file descriptor");
    });
    assert_eq!(&server.join().expect("server"), b"ping");
}

#[test]
fn refusals_and_errors() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let port = closed.local_addr().expect("address").port();
    drop(closed);
    with_cx(|cx| {
        execute(cx, "import socket").expect("imports");
        assert_eq!(
            run(cx, &format!("socket.create_connection(('127.0.0.1', {port}))")),
            "!ConnectionRefusedError: [Errno 111] Connection refused"
        );
        assert_eq!(
            run(cx, "socket.create_connection('x')"),
            "!ValueError: not enough values to unpack (expected 2, got 1)"
        );
        let e = run(cx, "socket.socket()");
        assert!(e.starts_with("!NotImplementedError: socket objects") && e.contains("rpyc-agent"), "{e}");
        assert_eq!(run(cx, "socket.getdefaulttimeout()"), "None");
    });
}
