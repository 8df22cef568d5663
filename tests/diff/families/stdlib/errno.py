"""errno: every name's value, errorcode (its order and the final names
of numbers with several), strerror through os."""

from cases import family

# fmt: off
FIXED = [
    "import errno\nresult = errno.ENOENT, errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK, errno.EDEADLOCK, "
    "errno.ENOTSUP",
    "import errno\nresult = list(errno.errorcode.items())",
    "import errno\nresult = len(errno.errorcode)",
    "import errno\nresult = sorted(n for n in dir(errno) if n.startswith('E'))",
    "import errno\nresult = [(n, getattr(errno, n)) for n in sorted(dir(errno)) if n.startswith('E')]",
    "import errno\nresult = errno.errorcode[errno.EAGAIN], errno.errorcode[errno.EDEADLK], "
    "errno.errorcode[errno.EOPNOTSUPP]",
    "import errno\nresult = errno.errorcode[9999]",
    "import errno\nresult = errno.ENOSUCHTHING",
    ("proxy", "import errno", "M.errno.ENOENT"),
    ("proxy", "import errno", "M.errno.errorcode[2]"),
]
# fmt: on


def draw(rng):
    n = rng.randint(1, 140)
    return ("exec", f"import errno, os\nresult = errno.errorcode.get({n}), os.strerror({n})")


family("mod_errno", __doc__, lambda: FIXED, draw, suite="stdlib")
