"""Interop suite: the real rpyc 6.0.2 client against a classic server.

Run with ``pytest tests/python --server=python`` (the venv's real
``rpyc_classic``, the reference) or ``--server=agent`` (``rpyc-agent``; the
binary is ``$RPYC_AGENT_BIN`` or ``target/debug/rpyc-agent``). Every test must
pass against both: the assertions describe what real Python does, never what
the agent happens to do.

All traffic goes to 127.0.0.1 only.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import rpyc
from rpyc.core.service import ClassicService
from rpyc.utils import factory

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
# A variable only the server's environment has, to tell its environ from ours.
ENV_MARKER = "RPYC_INTEROP_MARKER"
ENV_MARKER_VALUE = "marker-\u00e9-42"
# A broken server must fail a test, not hang the suite: rpyc's default is 30 s.
SYNC_TIMEOUT = 10
START_TIMEOUT = 15

PORT_PATTERNS = {
    # "... INFO rpyc-agent[PID]: rpyc-agent 0.1.0 serving on 127.0.0.1:PORT"
    "agent": re.compile(r"rpyc-agent \S+ serving on 127\.0\.0\.1:(\d+)"),
    # "... INFO SLAVE/PORT[MainThread]: server started on [127.0.0.1]:PORT"
    "python": re.compile(r"server started on \[127\.0\.0\.1\]:(\d+)"),
}


def pytest_addoption(parser):
    parser.addoption(
        "--server",
        choices=sorted(PORT_PATTERNS),
        default="python",
        help="which classic server to test: the real rpyc_classic (python) or rpyc-agent (agent)",
    )


def pytest_report_header(config):
    return f"rpyc interop: server={config.getoption('--server')}, client rpyc {rpyc.__version__}"


@dataclass
class Server:
    kind: str
    host: str
    port: int
    cwd: str
    proc: subprocess.Popen
    log: Path


def _server_command(kind):
    if kind == "agent":
        binary = os.environ.get("RPYC_AGENT_BIN") or str(ROOT / "target" / "debug" / "rpyc-agent")
        if not os.path.isfile(binary):
            pytest.exit(f"rpyc-agent binary not found at {binary} (cargo build -p rpyc-agent)", returncode=3)
        return [os.path.abspath(binary), "--host", HOST, "-p", "0"]
    # The venv's own console script, next to the interpreter running pytest.
    script = Path(sys.executable).with_name("rpyc_classic")
    if not script.exists():
        found = shutil.which("rpyc_classic")
        if not found:
            pytest.exit("rpyc_classic not found: run scripts/setup-python.sh", returncode=3)
        script = Path(found)
    return [sys.executable, str(script), "--host", HOST, "-p", "0"]


@pytest.fixture(scope="session")
def server(request, tmp_path_factory):
    kind = request.config.getoption("--server")
    workdir = tmp_path_factory.mktemp("server-cwd")
    log = tmp_path_factory.mktemp("server-log") / f"{kind}.log"
    env = dict(os.environ)
    env[ENV_MARKER] = ENV_MARKER_VALUE
    env.pop("RPYC_INTEROP_UNSET", None)
    cmd = _server_command(kind)
    # stderr goes to a file, so a chatty server never blocks on a full pipe.
    with open(log, "wb") as logf:
        proc = subprocess.Popen(
            cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=logf
        )
    port = None
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        m = PORT_PATTERNS[kind].search(log.read_text(errors="replace"))
        if m:
            port = int(m.group(1))
            break
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    if port is None:
        proc.kill()
        proc.wait()
        pytest.exit(
            f"{kind} server did not start ({cmd}); its log:\n{log.read_text(errors='replace')}", returncode=3
        )
    srv = Server(kind, HOST, port, str(workdir), proc, log)
    yield srv
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def connect(server):
    """Opens classic connections to the server; all are closed after the test."""
    conns = []

    def _connect():
        # What rpyc.classic.connect does (ClassicService), plus a shorter
        # sync-request timeout.
        c = factory.connect(
            server.host, server.port, ClassicService, config={"sync_request_timeout": SYNC_TIMEOUT}
        )
        conns.append(c)
        return c

    yield _connect
    for c in conns:
        try:
            c.close()
        except Exception:
            pass


@pytest.fixture
def conn(connect):
    return connect()


@pytest.fixture
def rtmp(tmp_path):
    """tmp_path as a str, the form a remote os call takes."""
    return str(tmp_path)
