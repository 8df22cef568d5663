"""Connections: opening, closing, concurrency, and surviving bad peers."""

import socket
import struct
import threading
import time

import rpyc


def test_connect_and_close(server):
    conn = rpyc.classic.connect(server.host, server.port)
    assert not conn.closed
    assert conn.builtins.len("four") == 4
    conn.close()
    assert conn.closed


def test_two_connections_are_independent(connect):
    a, b = connect(), connect()
    a.namespace["only_here"] = 1
    assert a.namespace["only_here"] == 1
    assert "only_here" not in b.namespace
    a.close()
    assert a.closed and not b.closed
    assert b.builtins.int("7") == 7


def test_concurrent_connections(connect):
    conns = [connect() for _ in range(8)]
    errors = []

    def work(i, c):
        try:
            rint = c.builtins.int
            rlen = c.builtins.len
            for n in range(100):
                assert rint(str(i * 1000 + n)) == i * 1000 + n
                s = f"{i}-{n}"
                assert rlen(s) == len(s)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append((i, repr(e)))

    threads = [threading.Thread(target=work, args=(i, c), daemon=True) for i, c in enumerate(conns)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.1, 30 - (time.monotonic() - t0)))
    assert not any(t.is_alive() for t in threads), "calls did not finish within 30 s"
    assert errors == []


def _healthy(conn):
    assert conn.builtins.len("abc") == 3
    assert conn.builtins.int("ff", 16) == 255


def test_garbage_bytes_then_healthy_connection(connect, server):
    before = connect()
    s = socket.create_connection((server.host, server.port), timeout=5)
    s.sendall(b"\xff" * 100)
    s.close()
    time.sleep(0.1)
    _healthy(connect())
    _healthy(before)


def test_oversized_frame_header_then_healthy_connection(connect, server):
    before = connect()
    s = socket.create_connection((server.host, server.port), timeout=5)
    # rpyc's frame header: "!LB" = 4-byte length, 1-byte compressed flag.
    s.sendall(struct.pack("!LB", 0xFFFFFFFF, 0) + b"\x00" * 64)
    s.close()
    time.sleep(0.1)
    _healthy(connect())
    _healthy(before)


def test_slow_call_does_not_stall_other_connection(connect, server):
    slow, fast = connect(), connect()
    slow_sleep = slow.modules.time.sleep
    fast_getcwd = fast.modules.os.getcwd
    done = threading.Event()
    errors = []

    def sleeper():
        try:
            slow_sleep(1.5)
        except BaseException as e:  # noqa: BLE001
            errors.append(repr(e))
        finally:
            done.set()

    t = threading.Thread(target=sleeper, daemon=True)
    t.start()
    time.sleep(0.3)
    assert not done.is_set(), "time.sleep(1.5) returned early"
    t0 = time.monotonic()
    assert fast_getcwd() == server.cwd
    elapsed = time.monotonic() - t0
    assert elapsed < 0.5, f"getcwd on another connection took {elapsed:.2f} s while one slept"
    t.join(10)
    assert done.is_set() and errors == []
