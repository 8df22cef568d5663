"""socket: resolution of loopback names and numeric hosts (getaddrinfo's
IntEnum tuples, gethostbyname[_ex], gethostbyaddr, getnameinfo), the
services database, the constants, refused and failed connections, and a
connection to a listener the client opens (the only traffic is on
loopback)."""

from cases import family

# fmt: off
LISTEN = (
    "[(L := __import__('socket').create_server(('127.0.0.1', 0))), "
    "(c := M.socket.create_connection(L.getsockname(), timeout=5)), (a := L.accept()[0]), "
    "a.sendall(b'hello'), c.recv(5), c.sendall(b'ping'), a.recv(4), c.getpeername() == L.getsockname(), "
    "c.gettimeout(), c.family, c.type, c.close(), a.close(), L.close()]"
)
FIXED = [
    "import socket\nresult = socket.gethostbyname('127.0.0.1'), socket.gethostbyname('localhost')",
    "import socket\nresult = socket.gethostbyname_ex('127.0.0.1')",
    "import socket\nresult = socket.gethostbyname_ex('localhost')",
    "import socket\nresult = socket.gethostbyaddr('127.0.0.1')",
    "import socket\nresult = socket.gethostbyname('no-such-host.invalid')",
    "import socket\nresult = socket.getaddrinfo('127.0.0.1', 22)",
    "import socket\nresult = socket.getaddrinfo('127.0.0.1', 'ssh', socket.AF_INET, socket.SOCK_STREAM)",
    "import socket\nresult = socket.getaddrinfo('::1', 80, type=socket.SOCK_DGRAM)",
    "import socket\nresult = socket.getaddrinfo(None, 80, flags=socket.AI_PASSIVE)",
    "import socket\nresult = socket.getaddrinfo('127.0.0.1', None)",
    "import socket\nresult = socket.getaddrinfo('127.0.0.1', 1.5)",
    "import socket\nresult = socket.getaddrinfo('127.0.0.1', 'no-such-service-difftest')",
    "import socket\nresult = socket.getaddrinfo('localhost', 0, socket.AF_INET, 0, 0, socket.AI_NUMERICHOST)",
    "import socket\nresult = socket.getnameinfo(('127.0.0.1', 22), socket.NI_NUMERICHOST | socket.NI_NUMERICSERV)",
    "import socket\nresult = socket.getnameinfo(('127.0.0.1', 22), 0)",
    "import socket\nresult = socket.getnameinfo('x', 0)",
    "import socket\nresult = socket.getnameinfo(('127.0.0.1',), 0)",
    "import socket\nresult = socket.getservbyname('ssh'), socket.getservbyname('http', 'tcp'), "
    "socket.getservbyport(22)",
    "import socket\nresult = socket.getservbyname('no-such-service-difftest')",
    "import socket\nresult = socket.getservbyport(70000)",
    "import socket\nresult = socket.AF_INET, socket.AF_INET6, socket.AF_UNIX, socket.SOCK_STREAM, socket.SOCK_DGRAM",
    "import socket\nresult = socket.AI_PASSIVE, socket.AI_CANONNAME, socket.IPPROTO_TCP, socket.SOL_SOCKET, "
    "socket.SO_REUSEADDR",
    "import socket\nresult = socket.AddressFamily(10), socket.SocketKind(2), socket.AddressFamily(2).name",
    "import socket\nresult = socket.timeout, socket.error, issubclass(socket.gaierror, OSError)",
    # Connection errors are caught in the program: the harness reads a
    # ConnectionError raised through rpyc as a lost server.
    "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9))\nexcept OSError as e:\n    result = "
    "type(e).__name__, e.errno, e.strerror",
    "import socket\nresult = socket.create_connection('x')",
    "import socket\nresult = socket.create_connection(('no-such-host.invalid', 80))",
    "import socket\nresult = socket.getdefaulttimeout()",
    "import socket\nresult = socket.gethostname() == socket.gethostname()",
    ("proxy", "import socket", "M.socket.getaddrinfo('127.0.0.1', 80, M.socket.AF_INET, M.socket.SOCK_STREAM)"),
    ("proxy", "import socket", LISTEN),
]
# fmt: on


def draw(rng):
    host = rng.choice(["'127.0.0.1'", "'::1'", "'localhost'", "None", "'0.0.0.0'", "'127.1'", "'1.2.3'"])
    port = rng.choice(["0", "22", "'80'", "'ssh'", "None", "65535", "'http'"])
    family_ = rng.choice(["0", "socket.AF_INET", "socket.AF_INET6"])
    kind = rng.choice(["0", "socket.SOCK_STREAM", "socket.SOCK_DGRAM"])
    flags = rng.choice(["0", "socket.AI_NUMERICHOST", "socket.AI_PASSIVE", "socket.AI_NUMERICSERV"])
    return ("exec", f"import socket\nresult = socket.getaddrinfo({host}, {port}, {family_}, {kind}, 0, {flags})")


def no_messages(cases):
    """The cases with their exception messages left out of the comparison:
    the harness's in-process reference words exceptions of module-defined
    OSError/ValueError subclasses (socket.gaierror) differently from a real server
    (their types still count)."""
    out = []
    for c in cases:
        mode, src, op = (c + ("",))[:3] if isinstance(c, tuple) else ("exec", c, "")
        out.append((mode, src, op, False))
    return out


family("mod_socket", __doc__, lambda: no_messages(FIXED), lambda rng: no_messages([draw(rng)])[0], suite="stdlib")
