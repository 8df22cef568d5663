"""signal: the Signals/Handlers/Sigmasks IntEnums (reprs, str, int
arithmetic, lookups by value), the module constants, getsignal of the
defaults, strsignal, valid_signals, timers. Nothing here changes a
disposition: rpyc_classic serves calls off the main thread, where
signal.signal raises (the agent's own behaviour is in its tests)."""

from cases import family

# fmt: off
NAMES = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGIOT", "SIGBUS", "SIGFPE", "SIGKILL",
         "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCLD",
         "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM",
         "SIGPROF", "SIGWINCH", "SIGIO", "SIGPOLL", "SIGPWR", "SIGSYS", "SIGRTMIN", "SIGRTMAX"]
FIXED = [
    "import signal\nresult = signal.SIGTERM, signal.SIGKILL, signal.SIGIOT, signal.SIGCLD, signal.SIGPOLL",
    "import signal\nresult = signal.SIGRTMIN, signal.SIGRTMAX, signal.NSIG",
    "import signal\nresult = signal.Signals(15), signal.Signals(6), signal.Signals(17)",
    "import signal\nresult = signal.Signals(99)",
    "import signal\nresult = signal.Signals('x')",
    "import signal\nresult = str(signal.SIGTERM), format(signal.SIGTERM, 'x'), signal.SIGTERM + 1, signal.SIGTERM == "
    "15",
    "import signal\nresult = signal.SIGTERM.name, signal.SIGTERM.value, signal.SIGIOT.name",
    "import signal\nresult = signal.SIG_DFL, signal.SIG_IGN, signal.SIG_BLOCK, signal.SIG_UNBLOCK, signal.SIG_SETMASK",
    "import signal\nresult = signal.Handlers(1), signal.Sigmasks(2), signal.Handlers(2)",
    "import signal\nresult = signal.getsignal(signal.SIGUSR1), signal.getsignal(signal.SIGTERM)",
    "import signal\nresult = signal.getsignal(signal.SIGINT) is signal.default_int_handler",
    "import signal\nresult = signal.getsignal(99)",
    "import signal\nresult = signal.getsignal(0)",
    "import signal\nresult = signal.getsignal('x')",
    "import signal\nresult = signal.strsignal(15), signal.strsignal(34), signal.strsignal(64), signal.strsignal(32)",
    "import signal\nresult = signal.strsignal(99)",
    "import signal\nresult = sorted(signal.valid_signals())",
    "import signal\nresult = sorted(int(s) for s in signal.valid_signals()) == sorted(set(range(1, 65)) - {32, 33})",
    "import signal\nresult = signal.getitimer(signal.ITIMER_REAL), signal.getitimer(signal.ITIMER_VIRTUAL)",
    "import signal\nresult = signal.getitimer(5)",
    "import signal\nresult = signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF",
    "import signal\nresult = signal.alarm(0)",
    "import signal\nresult = isinstance(signal.SIGTERM, int), type(signal.SIGTERM).__name__, signal.Signals.__name__",
    "import signal\nresult = {signal.SIGTERM: 1}.get(signal.Signals(15)), int(signal.SIGHUP)",
    "import signal\nresult = issubclass(signal.ItimerError, OSError)",
    ("proxy", "import signal", "M.signal.SIGTERM"),
    ("proxy", "import signal", "M.signal.Signals(9)"),
    ("proxy", "import signal", "M.signal.strsignal(M.signal.SIGKILL)"),
    ("proxy", "import signal", "M.signal.getsignal(M.signal.SIGUSR2)"),
]
# fmt: on


def draw(rng):
    if rng.random() < 0.5:
        name = rng.choice(NAMES)
        return ("exec", f"import signal\ns = signal.{name}\nresult = (s, str(s), s.name, int(s), signal.strsignal(s))")
    n = rng.randint(-2, 70)
    return ("exec", f"import signal\nresult = signal.Signals({n})")


family("mod_signal", __doc__, lambda: FIXED, draw, suite="stdlib")
