"""Python side of tests/benches/fanout_bench.rs: the fan-out rpyctl does,
done with the stock rpyc 6.0.2 client and a thread pool.

    python fanout_rpyc.py HOSTS_FILE --workers N

HOSTS_FILE has one `host:port` per line. For every agent, in a
ThreadPoolExecutor(max_workers=N): `rpyc.classic.connect(host, port)`,
`conn.modules.os.getcwd()`, `conn.close()`. Prints one JSON object:
ok (count), errors (the first few), import_secs (importing rpyc) and
pool_secs (the fan-out itself, from submitting the first job to the last
result).
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

started = time.perf_counter()
import rpyc  # noqa: E402

import_secs = time.perf_counter() - started


def one(target):
    host, port = target
    conn = rpyc.classic.connect(host, port)
    try:
        return conn.modules.os.getcwd()
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("hosts_file")
    parser.add_argument("--workers", type=int, required=True)
    args = parser.parse_args()
    targets = []
    with open(args.hosts_file) as f:
        for line in f:
            line = line.strip()
            if line:
                host, port = line.rsplit(":", 1)
                targets.append((host, int(port)))

    ok, errors = 0, []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        futures = [pool.submit(one, t) for t in targets]
        for target, fut in zip(targets, futures):
            try:
                cwd = fut.result()
                if isinstance(cwd, str) and cwd:
                    ok += 1
                else:
                    errors.append(f"{target}: unexpected {cwd!r}")
            except Exception as e:  # noqa: BLE001 - report every failure kind
                errors.append(f"{target}: {type(e).__name__}: {e}")
    pool_secs = time.perf_counter() - t0
    json.dump(
        {"hosts": len(targets), "ok": ok, "errors": errors[:5], "import_secs": import_secs, "pool_secs": pool_secs},
        sys.stdout,
    )
    sys.stdout.write("\n")
    return 0 if ok == len(targets) else 1


if __name__ == "__main__":
    sys.exit(main())
