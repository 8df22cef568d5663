"""Classic servers to run cases on: a real ``rpyc_classic`` from the project
venv, ``rpyc-agent``, any address given as host:port, or a real classic
server on a thread of this process (the reference for client-side proxy
cases). The first two are started by ``tests/python/peers.py``, as the
interop suite starts them: 127.0.0.1, a port the OS picks.
"""

import shutil
import sys
import tempfile
from pathlib import Path

import rpyc
from rpyc.core.service import ClassicService
from rpyc.utils import factory

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "python"))

import peers  # noqa: E402


def setup_failed(message):
    """Ends the run with exit status 3 (setup failed) and one line."""
    print(f"difftest: {message}", file=sys.stderr)
    raise SystemExit(3)


# A hung case must not hang the run; a real server answers in milliseconds.
SYNC_TIMEOUT = 10
# Our names for the servers, and the interop suite's.
PEER_KINDS = {"agent": "agent", "classic": "python"}


def connect(host, port):
    # What rpyc.classic.connect does, with a shorter sync-request timeout.
    return factory.connect(host, port, ClassicService, config={"sync_request_timeout": SYNC_TIMEOUT})


class Server:
    """A connection to a classic server; restarted (reconnected) after the
    server crashed or hung."""

    kind = "server"
    conn = None

    def restart(self):
        self.stop()
        return self.start()

    def stop(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # a dead connection may fail to close; it is gone either way
                pass
            self.conn = None

    def finish(self):
        self.stop()


class ServerProcess(Server):
    """A server this run started."""

    def __init__(self, kind):
        self.kind = kind
        try:
            peers.server_command(PEER_KINDS[kind])
        except peers.PeerError as e:
            setup_failed(str(e))
        logroot = ROOT / "target" / "difftest"
        logroot.mkdir(parents=True, exist_ok=True)
        self.logdir = Path(tempfile.mkdtemp(prefix=f"{kind}-server-", dir=logroot))
        self.proc = None
        self.starts = 0

    def start(self):
        log = self.logdir / f"server-{self.starts}.log"
        self.starts += 1
        try:
            self.proc, port = peers.start(PEER_KINDS[self.kind], self.logdir, log)
        except peers.PeerError as e:
            setup_failed(str(e))
        self.conn = connect(peers.HOST, port)
        return self.conn

    def stop(self):
        super().stop()
        if self.proc is not None:
            peers.stop(self.proc)
            self.proc = None

    def finish(self):
        """Stops the server; keeps its logs only when it had to be
        restarted (they tell why)."""
        self.stop()
        if self.starts > 1:
            print(f"  {self.kind} server logs (it was restarted): {self.logdir}")
        else:
            shutil.rmtree(self.logdir, ignore_errors=True)


class ServerAddress(Server):
    """A server someone else runs (``host:port``)."""

    def __init__(self, address):
        host, _, port = address.rpartition(":")
        if not port.isdigit():
            setup_failed(f"server address {address!r}: want HOST:PORT")
        self.kind = address
        self.host, self.port = host or peers.HOST, int(port)

    def start(self):
        try:
            self.conn = connect(self.host, self.port)
        except OSError as e:
            setup_failed(f"cannot connect to the classic server at {self.kind}: {e}")
        return self.conn


class ThreadServer(Server):
    """A real classic server on a thread of this process."""

    kind = "thread"

    def start(self):
        self.conn = rpyc.classic.connect_thread()
        self.conn._config["sync_request_timeout"] = SYNC_TIMEOUT
        return self.conn


def make(spec):
    if spec in PEER_KINDS:
        return ServerProcess(spec)
    if ":" in spec:
        return ServerAddress(spec)
    setup_failed(f"unknown server {spec!r}: agent, classic, or host:port")
