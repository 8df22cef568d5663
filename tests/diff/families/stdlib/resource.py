"""resource: limits (the server's own, inherited from the harness, so the
same on every side) with RLIM_INFINITY, argument errors, getrusage's
shape, getpagesize."""

from cases import family

# fmt: off
NAMES = ["RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC",
         "RLIMIT_NOFILE", "RLIMIT_OFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE",
         "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME"]
FIXED = [
    "import resource\nresult = resource.RLIM_INFINITY, resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN, "
    "resource.RUSAGE_THREAD",
    "import resource\nresult = [(n, getattr(resource, n)) for n in sorted(dir(resource)) if n.startswith('RLIMIT')]",
    "import resource\nresult = resource.getrlimit(99)",
    "import resource\nresult = resource.getrlimit(-1)",
    "import resource\nresult = resource.getrlimit('x')",
    "import resource\nresult = resource.setrlimit(resource.RLIMIT_CORE, (0,))",
    "import resource\nresult = resource.setrlimit(resource.RLIMIT_CORE, 5)",
    "import resource\nresult = resource.setrlimit(99, (1, 1))",
    "import resource\nresult = resource.setrlimit(resource.RLIMIT_CORE, (2**64, 2**64))",
    "import resource\nresult = resource.setrlimit(resource.RLIMIT_CORE, ('a', 1))",
    "import resource\nlim = resource.getrlimit(resource.RLIMIT_CORE)\nresult = "
    "resource.setrlimit(resource.RLIMIT_CORE, lim), resource.getrlimit(resource.RLIMIT_CORE) == lim",
    "import resource\nresult = resource.getrusage(5)",
    "import resource\nr = resource.getrusage(resource.RUSAGE_SELF)\nresult = len(r), type(r.ru_utime), "
    "type(r.ru_maxrss), r.ru_maxrss > 0, type(r).__name__",
    "import resource\nresult = resource.getpagesize()",
    "import resource\nresult = resource.prlimit(0, resource.RLIMIT_NOFILE) == "
    "resource.getrlimit(resource.RLIMIT_NOFILE)",
    ("proxy", "import resource", "M.resource.getrlimit(M.resource.RLIMIT_NOFILE)"),
    ("proxy", "import resource", "len(M.resource.getrusage(0))"),
]
# fmt: on


def draw(rng):
    return ("exec", f"import resource\nresult = resource.getrlimit(resource.{rng.choice(NAMES)})")


family("mod_resource", __doc__, lambda: FIXED, draw, suite="stdlib")
