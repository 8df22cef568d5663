"""The system modules through the real client, by value and by reference:
datetime values obtained as Python's own classes, pwd/grp records, signal
enums, resource limits, errno, a TCP connection to a listener of the test,
and subprocess.Popen driven from the client (read line by line,
communicate with a timeout, kill). Every assertion holds for the real
rpyc_classic as well as for rpyc-agent."""

import datetime
import errno
import grp
import pwd
import resource
import signal
import socket
import subprocess
import time

import pytest
from rpyc.utils.classic import obtain


def test_datetime_now_is_obtained_as_a_real_datetime(conn):
    now = obtain(conn.modules.datetime.datetime.now())
    assert type(now) is datetime.datetime
    assert abs(now.timestamp() - time.time()) < 10
    aware = obtain(conn.modules.datetime.datetime.now(conn.modules.datetime.timezone.utc))
    assert aware.tzinfo is datetime.timezone.utc
    assert abs((aware - datetime.datetime.now(datetime.timezone.utc)).total_seconds()) < 10


def test_datetime_values_copy_exactly(conn):
    dt = conn.modules.datetime
    value = dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-3, minutes=-30), "NST"))
    got = obtain(value)
    assert got == datetime.datetime(
        2024, 2, 29, 23, 59, 59, 999999, tzinfo=datetime.timezone(datetime.timedelta(hours=-3, minutes=-30), "NST")
    )
    assert got.tzname() == "NST"
    assert obtain(dt.datetime(2024, 10, 27, 2, 30, fold=1)).fold == 1
    assert obtain(dt.date(1, 1, 1)) == datetime.date.min
    assert obtain(dt.time(12, 30, tzinfo=dt.timezone.utc)) == datetime.time(12, 30, tzinfo=datetime.timezone.utc)
    assert obtain(dt.timedelta(days=-1, microseconds=5)) == datetime.timedelta(days=-1, microseconds=5)
    assert obtain(dt.timezone.utc) is datetime.timezone.utc
    assert obtain(dt.date(2024, 1, 2).isocalendar()) == (2024, 1, 2)


def test_datetime_through_netrefs(conn):
    dt = conn.modules.datetime
    d = dt.datetime(2024, 1, 2, 3, 4, 5)
    assert repr(d) == "datetime.datetime(2024, 1, 2, 3, 4, 5)"
    assert str(d) == "2024-01-02 03:04:05"
    assert (d.year, d.month, d.hour) == (2024, 1, 3)
    assert d.strftime("%A %j") == "Tuesday 002"
    assert format(d, "%d/%m/%Y") == "02/01/2024"
    later = d + dt.timedelta(days=1, hours=2)
    assert repr(later) == "datetime.datetime(2024, 1, 3, 5, 4, 5)"
    assert str(later - d) == "1 day, 2:00:00"
    assert d < later
    assert d.isoformat(timespec="minutes") == "2024-01-02T03:04"
    with pytest.raises(TypeError):
        d - dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    with pytest.raises(ValueError):
        dt.date(2023, 2, 29)
    parsed = dt.datetime.strptime("2024-01-02 10:11:12.5 +0100", "%Y-%m-%d %H:%M:%S.%f %z")
    assert obtain(parsed) == datetime.datetime(
        2024, 1, 2, 10, 11, 12, 500000, tzinfo=datetime.timezone(datetime.timedelta(hours=1))
    )


def test_pwd_and_grp_records_are_their_classes(conn):
    root = obtain(conn.modules.pwd.getpwuid(0))
    assert type(root) is pwd.struct_passwd
    assert root == pwd.getpwuid(0)
    assert root.pw_name == "root"
    assert conn.modules.pwd.getpwnam("root").pw_uid == 0
    group = obtain(conn.modules.grp.getgrgid(0))
    assert type(group) is grp.struct_group
    assert group == grp.getgrgid(0)
    with pytest.raises(KeyError):
        conn.modules.pwd.getpwnam("no-such-user-interop")
    assert conn.modules.getpass.getuser()


def test_signal_enums_and_constants(conn):
    sig = conn.modules.signal
    assert repr(sig.SIGTERM) == "<Signals.SIGTERM: 15>"
    assert obtain(sig.SIGTERM) is signal.SIGTERM
    assert obtain(sig.Signals(9)) is signal.SIGKILL
    assert sig.strsignal(sig.SIGTERM) == "Terminated"
    assert obtain(sig.getsignal(sig.SIGUSR1)) is signal.SIG_DFL
    assert sorted(obtain(sig.valid_signals())) == sorted(signal.valid_signals())
    with pytest.raises(ValueError):
        sig.Signals(999)


def test_errno_and_resource(conn):
    assert conn.modules.errno.errorcode[errno.ENOENT] == "ENOENT"
    assert conn.modules.errno.EAGAIN == errno.EAGAIN
    res = conn.modules.resource
    assert tuple(res.getrlimit(res.RLIMIT_NOFILE)) == resource.getrlimit(resource.RLIMIT_NOFILE)
    usage = obtain(res.getrusage(res.RUSAGE_SELF))
    assert type(usage) is resource.struct_rusage
    assert usage.ru_maxrss > 0
    with pytest.raises(ValueError):
        res.getrlimit(99)


def test_socket_resolution_and_a_connection_to_the_tests_listener(conn):
    s = conn.modules.socket
    infos = obtain(s.getaddrinfo("127.0.0.1", 22, s.AF_INET, s.SOCK_STREAM))
    assert infos == [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", 22))]
    assert s.gethostbyname("127.0.0.1") == "127.0.0.1"
    with socket.create_server(("127.0.0.1", 0)) as listener:
        c = s.create_connection(listener.getsockname(), timeout=5)
        peer, _ = listener.accept()
        with peer:
            peer.sendall(b"hello")
            assert c.recv(5) == b"hello"
            c.sendall(b"ping")
            assert peer.recv(4) == b"ping"
        assert tuple(c.getpeername()) == listener.getsockname()
        c.close()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(ConnectionRefusedError):
        s.create_connection(("127.0.0.1", port), timeout=5)


def test_popen_stdout_read_line_by_line_from_the_client(conn):
    sp = conn.modules.subprocess
    p = sp.Popen(["sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.2; done"], stdout=sp.PIPE, text=True)
    started = time.monotonic()
    lines = []
    for line in p.stdout:
        lines.append((line, time.monotonic() - started))
    assert [line for line, _ in lines] == ["line 1\n", "line 2\n", "line 3\n"]
    # Each line arrived as it was written, not all at the end.
    assert lines[0][1] < lines[-1][1] - 0.2
    assert p.wait() == 0
    assert p.returncode == 0


def test_popen_communicate_with_timeout_then_kill(conn):
    sp = conn.modules.subprocess
    p = sp.Popen("echo early; exec sleep 30", shell=True, stdout=sp.PIPE)
    with pytest.raises(subprocess.TimeoutExpired) as info:
        p.communicate(timeout=0.5)
    assert info.value.timeout == 0.5
    assert info.value.output == b"early\n"
    assert p.poll() is None
    p.kill()
    out, err = p.communicate()
    assert (out, err) == (b"early\n", None)
    assert p.returncode == -signal.SIGKILL


def test_popen_pipes_both_ways(conn):
    sp = conn.modules.subprocess
    p = sp.Popen(["cat"], stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
    assert p.communicate(b"data", timeout=10) == (b"data", b"")
    q = sp.Popen(["cat"], stdin=sp.PIPE, stdout=sp.PIPE, text=True)
    q.stdin.write("one\n")
    q.stdin.flush()
    assert q.stdout.readline() == "one\n"
    q.stdin.close()
    assert q.wait(timeout=10) == 0
    r = sp.Popen(["sleep", "30"])
    with pytest.raises(subprocess.TimeoutExpired):
        r.wait(timeout=0.2)
    r.terminate()
    assert r.wait() == -signal.SIGTERM
    with pytest.raises(FileNotFoundError):
        sp.Popen(["no-such-program-interop"])
    with sp.Popen(["echo", "x"], stdout=sp.PIPE) as w:
        assert w.stdout.read() == b"x\n"
    assert w.returncode == 0
