"""Python-client side of tests/benches/protocol_bench.rs and agent_bench.rs.

Runs the stock rpyc 6.0.2 classic client against a server and prints one
JSON object with call rates and CPU time (this process, and the server's
when its pid is given).

    python bench_client.py HOST PORT [--cached-secs S] [--uncached-secs S] [--server-pid PID]
                           [--bulk-file PATH [--bulk-reads N]] [--connect-secs S]

--bulk-file times `conn.builtins.open(PATH, 'rb').read()` (+ close) N times
after one untimed read, and checks the bytes against the local file
(bulk_* keys). --connect-secs times connect + `conn.modules.os.getcwd()` +
close cycles for S seconds (connect_* keys). Both are off by default, so
the output for protocol_bench is unchanged.
"""

import argparse
import hashlib
import json
import os
import sys
import time

import rpyc


def task_cpu_ns(pid):
    """CPU time of every live thread of process `pid`, in ns (schedstat)."""
    if not pid:
        return None
    total = 0
    base = f"/proc/{pid}/task"
    try:
        tids = os.listdir(base)
    except OSError:
        return None
    for tid in tids:
        try:
            with open(f"{base}/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total


def run(fn, secs, server_pid):
    """Calls fn() in a loop for `secs` seconds; returns rate and CPU per call."""
    srv0 = task_cpu_ns(server_pid)
    cpu0 = time.process_time_ns()
    start = time.perf_counter()
    deadline = start + secs
    n = 0
    now = start
    while now < deadline:
        fn()
        n += 1
        now = time.perf_counter()
    elapsed = now - start
    cpu = time.process_time_ns() - cpu0
    srv1 = task_cpu_ns(server_pid)
    out = {
        "calls": n,
        "secs": elapsed,
        "calls_per_sec": n / elapsed,
        "client_cpu_us_per_call": cpu / 1e3 / n,
    }
    if srv0 is not None and srv1 is not None:
        out["server_cpu_us_per_call"] = (srv1 - srv0) / 1e3 / n
    return out


def bulk_read(conn, path, reads):
    """Times open(path, 'rb').read() + close on the server, `reads` times."""
    with open(path, "rb") as f:
        expected = hashlib.sha256(f.read()).hexdigest()

    def once():
        f = conn.builtins.open(path, "rb")
        try:
            return f.read()
        finally:
            f.close()

    data = once()  # warm-up (page cache, first-use paths), checked
    if hashlib.sha256(data).hexdigest() != expected:
        raise SystemExit(f"bulk read of {path}: wrong bytes ({len(data)} bytes)")
    size = len(data)
    del data
    times = []
    for _ in range(reads):
        start = time.perf_counter()
        data = once()
        times.append(time.perf_counter() - start)
        if len(data) != size:
            raise SystemExit(f"bulk read of {path}: {len(data)} bytes, expected {size}")
        del data
    times.sort()
    return {"bytes": size, "reads": reads, "secs_median": times[len(times) // 2], "secs_min": times[0]}


def connect_cycle(host, port):
    """One connect + conn.modules.os.getcwd() + close."""

    def cycle():
        c = rpyc.classic.connect(host, port)
        try:
            c.modules.os.getcwd()
        finally:
            c.close()

    return cycle


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--cached-secs", type=float, default=2.0)
    ap.add_argument("--uncached-secs", type=float, default=1.0)
    ap.add_argument("--server-pid", type=int, default=0)
    ap.add_argument("--bulk-file", default="")
    ap.add_argument("--bulk-reads", type=int, default=3)
    ap.add_argument("--connect-secs", type=float, default=0.0)
    args = ap.parse_args()

    conn = rpyc.classic.connect(args.host, args.port)
    try:
        remote_pid = conn.modules.os.getpid()
        if args.server_pid and remote_pid != args.server_pid:
            raise SystemExit(f"server pid mismatch: getpid() says {remote_pid}, expected {args.server_pid}")

        f = conn.modules.os.getpid
        for _ in range(200):  # warm-up
            f()
            conn.modules.os.getpid()
        cached = run(f, args.cached_secs, args.server_pid)
        uncached = run(lambda: conn.modules.os.getpid(), args.uncached_secs, args.server_pid)
        # Flat keys, so the Rust side reads it without a JSON library.
        result = {
            "python": ".".join(map(str, sys.version_info[:3])),
            "rpyc": str(rpyc.__version__),
            "server_pid": remote_pid,
        }
        result.update({f"cached_{k}": v for k, v in cached.items()})
        result.update({f"uncached_{k}": v for k, v in uncached.items()})
        if args.bulk_file:
            result.update({f"bulk_{k}": v for k, v in bulk_read(conn, args.bulk_file, args.bulk_reads).items()})
    finally:
        conn.close()
    if args.connect_secs > 0:
        cycle = connect_cycle(args.host, args.port)
        cycle()  # warm-up
        result.update({f"connect_{k}": v for k, v in run(cycle, args.connect_secs, args.server_pid).items()})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
