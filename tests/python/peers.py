"""Starting the classic servers the Python tests talk to: the venv's real
``rpyc_classic`` (``python``, the reference) or ``rpyc-agent`` (``agent``,
``$RPYC_AGENT_BIN`` or ``target/debug/rpyc-agent``), each on 127.0.0.1 and a
port the OS picks, read back from the server's log. Used by the interop
suite (conftest.py) and the differential tests (tests/diff)."""

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT = 15

PORT_PATTERNS = {
    # "... INFO rpyc-agent[PID]: rpyc-agent 0.1.0 serving on 127.0.0.1:PORT"
    "agent": re.compile(r"rpyc-agent \S+ serving on 127\.0\.0\.1:(\d+)"),
    # "... INFO SLAVE/PORT[MainThread]: server started on [127.0.0.1]:PORT"
    "python": re.compile(r"server started on \[127\.0\.0\.1\]:(\d+)"),
}


class PeerError(Exception):
    """A server could not be found or started; the message says why."""


def agent_binary():
    return os.environ.get("RPYC_AGENT_BIN") or str(ROOT / "target" / "debug" / "rpyc-agent")


def server_command(kind):
    if kind == "agent":
        binary = agent_binary()
        if not os.path.isfile(binary):
            raise PeerError(f"rpyc-agent binary not found at {binary} (cargo build -p rpyc-agent)")
        return [os.path.abspath(binary), "--host", HOST, "-p", "0"]
    # The venv's own console script, next to the interpreter running us.
    script = Path(sys.executable).with_name("rpyc_classic")
    if not script.exists():
        found = shutil.which("rpyc_classic")
        if not found:
            raise PeerError("rpyc_classic not found: run scripts/setup-python.sh")
        script = Path(found)
    return [sys.executable, str(script), "--host", HOST, "-p", "0"]


def start(kind, cwd, log, env=None):
    """Starts a ``kind`` server in ``cwd`` with its stderr in the file
    ``log`` (so a chatty server never blocks on a full pipe); returns
    ``(process, port)`` once the server has said its port."""
    cmd = server_command(kind)
    with open(log, "wb") as logf:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logf)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        m = PORT_PATTERNS[kind].search(Path(log).read_text(errors="replace"))
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop(proc)
    raise PeerError(f"{kind} server did not start ({cmd}); its log:\n{Path(log).read_text(errors='replace')}")


def stop(proc):
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
