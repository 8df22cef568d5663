"""Classic servers to run cases on: a real ``rpyc_classic`` from the project
venv, ``rpyc-agent``, any address given as host:port, or a real classic
server on a thread of this process (the reference for client-side proxy
cases). Loopback only: the servers are started on 127.0.0.1, port 0.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rpyc
from rpyc.core.service import ClassicService
from rpyc.utils import factory

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# A hung case must not hang the run; a real server answers in milliseconds.
SYNC_TIMEOUT = 10
START_TIMEOUT = 20

PORT_PATTERNS = {
    # "... rpyc-agent 0.1.0 serving on 127.0.0.1:PORT"
    "agent": re.compile(r"serving on 127\.0\.0\.1:(\d+)"),
    # "... server started on [127.0.0.1]:PORT"
    "classic": re.compile(r"server started on \[127\.0\.0\.1\]:(\d+)"),
}


def connect(host, port):
    # What rpyc.classic.connect does, with a shorter sync-request timeout.
    return factory.connect(host, port, ClassicService, config={"sync_request_timeout": SYNC_TIMEOUT})


def agent_binary():
    return os.environ.get("RPYC_AGENT_BIN") or str(ROOT / "target" / "debug" / "rpyc-agent")


def classic_command():
    script = Path(sys.executable).with_name("rpyc_classic")
    if not script.exists():
        raise SystemExit(f"{script} not found: run scripts/setup-python.sh")
    return [sys.executable, str(script), "--host", HOST, "-p", "0"]


class ServerProcess:
    """A server this run started; restarted after a crash or a hang."""

    def __init__(self, kind):
        self.kind = kind
        if kind == "agent":
            binary = agent_binary()
            if not os.path.isfile(binary):
                raise SystemExit(f"rpyc-agent not found at {binary} (cargo build -p rpyc-agent)")
            self.cmd = [binary, "--host", HOST, "-p", "0"]
        else:
            self.cmd = classic_command()
        logroot = ROOT / "target" / "difftest"
        logroot.mkdir(parents=True, exist_ok=True)
        self.logdir = Path(tempfile.mkdtemp(prefix=f"{kind}-server-", dir=logroot))
        self.proc = None
        self.conn = None
        self.starts = 0

    def start(self):
        log = self.logdir / f"server-{self.starts}.log"
        self.starts += 1
        with open(log, "wb") as logf:
            self.proc = subprocess.Popen(
                self.cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logf, cwd=self.logdir
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            m = PORT_PATTERNS[self.kind].search(log.read_text(errors="replace"))
            if m:
                self.conn = connect(HOST, int(m.group(1)))
                return self.conn
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise SystemExit(f"{self.kind} server did not start ({self.cmd}); log:\n{log.read_text(errors='replace')}")

    def restart(self):
        self.stop()
        return self.start()

    def stop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc = None

    def finish(self):
        """Stops the server; keeps its logs only when it had to be
        restarted (they tell why)."""
        self.stop()
        if self.starts > 1:
            print(f"  {self.kind} server logs (it was restarted): {self.logdir}")
        else:
            shutil.rmtree(self.logdir, ignore_errors=True)


class ServerAddress:
    """A server someone else runs (``host:port``); reconnects after a loss."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        self.kind = address
        self.host, self.port = host or HOST, int(port)
        self.conn = None

    def start(self):
        self.conn = connect(self.host, self.port)
        return self.conn

    def restart(self):
        self.stop()
        return self.start()

    def stop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    finish = stop


class ThreadServer:
    """A real classic server on a thread of this process."""

    kind = "thread"

    def __init__(self):
        self.conn = None

    def start(self):
        self.conn = rpyc.classic.connect_thread()
        self.conn._config["sync_request_timeout"] = SYNC_TIMEOUT
        return self.conn

    def restart(self):
        self.stop()
        return self.start()

    def stop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    finish = stop


def make(spec):
    if spec in ("agent", "classic"):
        return ServerProcess(spec)
    if ":" in spec:
        return ServerAddress(spec)
    raise SystemExit(f"unknown server {spec!r}: agent, classic, or host:port")
