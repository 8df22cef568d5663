"""Python-client side of tests/benches/protocol_bench.rs.

Runs the stock rpyc 6.0.2 classic client against a server and prints one
JSON object with call rates and CPU time (this process, and the server's
when its pid is given).

    python bench_client.py HOST PORT [--cached-secs S] [--uncached-secs S] [--server-pid PID]
"""

import argparse
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--cached-secs", type=float, default=2.0)
    ap.add_argument("--uncached-secs", type=float, default=1.0)
    ap.add_argument("--server-pid", type=int, default=0)
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
    finally:
        conn.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
