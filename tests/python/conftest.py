"""Interop suite: the real rpyc 6.0.2 client against a classic server.

Run with ``pytest tests/python --server=python`` (the venv's real
``rpyc_classic``, the reference) or ``--server=agent`` (``rpyc-agent``; the
binary is ``$RPYC_AGENT_BIN`` or ``target/debug/rpyc-agent``). Every test must
pass against both: the assertions describe what real Python does, never what
the agent happens to do.

All traffic goes to 127.0.0.1 only.
"""

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import peers
import pytest
import rpyc
from rpyc.core.service import ClassicService
from rpyc.utils import factory

HOST = peers.HOST
# A variable only the server's environment has, to tell its environ from ours.
ENV_MARKER = "RPYC_INTEROP_MARKER"
ENV_MARKER_VALUE = "marker-\u00e9-42"
# A broken server must fail a test, not hang the suite: rpyc's default is 30 s.
SYNC_TIMEOUT = 10


def pytest_addoption(parser):
    parser.addoption(
        "--server",
        choices=sorted(peers.PORT_PATTERNS),
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


@pytest.fixture(scope="session")
def server(request, tmp_path_factory):
    kind = request.config.getoption("--server")
    workdir = tmp_path_factory.mktemp("server-cwd")
    log = tmp_path_factory.mktemp("server-log") / f"{kind}.log"
    env = dict(os.environ)
    env[ENV_MARKER] = ENV_MARKER_VALUE
    env.pop("RPYC_INTEROP_UNSET", None)
    try:
        proc, port = peers.start(kind, workdir, log, env)
    except peers.PeerError as e:
        pytest.exit(str(e), returncode=3)
    srv = Server(kind, HOST, port, str(workdir), proc, log)
    yield srv
    peers.stop(proc)


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
