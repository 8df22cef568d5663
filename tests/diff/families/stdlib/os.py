"""os (the file and process additions): system and popen (statuses,
modes, iteration, errors), statvfs, access, chmod/chown and their fd
forms, utime with times and ns, truncate/ftruncate, fsync on
descriptors and file objects, umask, link, the path constants, and the
error cases (missing files, not a directory, bad arguments)."""

from cases import family

# fmt: off
FIXED = [
    "import os\nresult = os.system('exit 3'), os.system('true'), os.system(b'exit 1')",
    "import os\nresult = os.system('kill -9 $$')",
    "import os\nresult = os.system(1)",
    "import os\nresult = os.system()",
    "import os\nresult = os.system('a\\0b')",
    "import os\nresult = os.system('echo hi > ' + FIX + '/sys.txt'), open(FIX + '/sys.txt').read()",
    "import os\nf = os.popen('echo hi; exit 3')\nresult = f.read(), f.close()",
    "import os\nf = os.popen('printf \"a\\\\nb\\\\n\"')\nresult = list(f), f.close()",
    "import os\nf = os.popen('kill -9 $$')\nresult = f.read(), f.close()",
    "import os\nwith os.popen('cat ' + FIX + '/a.txt') as f:\n    result = f.readlines()",
    "import os\n"
        "f = os.popen('cat > ' + FIX + '/w.txt', 'w')\n"
        "n = f.write('written\\n')\n"
        "result = n, f.close(), open(FIX + '/w.txt').read()",
    "import os\nf = os.popen('echo x')\nresult = f.encoding, type(f).__name__, f.readline(), f.close(), f.close()",
    "import os\nresult = os.popen(1)",
    "import os\nresult = os.popen('true', 'rb')",
    "import os\nresult = os.popen('true', 'r', 0)",
    "import os\nresult = os.popen('exit 7').close()",
    "import os\n"
        "result = os.sep, os.pathsep, os.extsep, os.curdir, os.pardir, os.linesep, os.devnull, os.altsep, os.defpath,"
        " os.name",
    "import os\nresult = os.F_OK, os.R_OK, os.W_OK, os.X_OK",
    "import os\nresult = [os.access(FIX + '/' + n, os.F_OK) for n in ['a.txt', 'missing', 'dangling', 'link_to_sub']]",
    "import os\n"
        "result = os.access(FIX + '/b.py', os.X_OK), os.access(FIX + '/a.txt', os.X_OK), os.access(FIX + '/a.txt',"
        " os.R_OK | os.W_OK)",
    "import os\nresult = os.access(FIX + '/dangling', os.F_OK, follow_symlinks=False)",
    "import os\nresult = os.access(FIX, 'x')",
    "import os\n"
        "st = os.statvfs(FIX)\n"
        "result = type(st).__name__, len(st), st.f_bsize > 0, st.f_namemax, st[0] == st.f_bsize",
    "import os\nresult = os.statvfs(FIX + '/missing')",
    "import os\nos.chmod(FIX + '/a.txt', 0o604)\nresult = oct(os.stat(FIX + '/a.txt').st_mode)",
    "import os\nresult = os.chmod(FIX + '/missing', 0o600)",
    "import os\nresult = os.chmod(FIX + '/link_to_a', 0o600, follow_symlinks=False)",
    "import os\n"
        "fd = os.open(FIX + '/a.txt', os.O_RDONLY)\n"
        "os.fchmod(fd, 0o611)\n"
        "os.close(fd)\n"
        "result = oct(os.stat(FIX + '/a.txt').st_mode)",
    "import os\nresult = os.fchmod(99999, 0o600)",
    "import os\n"
        "st = os.stat(FIX + '/a.txt')\n"
        "result = os.chown(FIX + '/a.txt', st.st_uid, st.st_gid), os.chown(FIX + '/a.txt', -1, -1)",
    "import os\nresult = os.chown(FIX + '/missing', -1, -1)",
    "import os\nresult = os.chown(FIX + '/a.txt', 'root', -1)",
    "import os\nresult = os.lchown(FIX + '/dangling', -1, -1), os.lstat(FIX + '/dangling').st_size",
    "import os\nfd = os.open(FIX + '/a.txt', os.O_RDONLY)\nresult = os.fchown(fd, -1, -1)\nos.close(fd)",
    "import os\nresult = os.fchown(99999, -1, -1)",
    "import os\nos.utime(FIX + '/a.txt', (1, 2))\nst = os.stat(FIX + '/a.txt')\nresult = st.st_atime, st.st_mtime",
    "import os\n"
        "os.utime(FIX + '/a.txt', ns=(1500000000123456789, 1600000000987654321))\n"
        "st = os.stat(FIX + '/a.txt')\n"
        "result = st.st_atime_ns, st.st_mtime_ns",
    "import os\n"
        "os.utime(FIX + '/a.txt', (1.5, 2.25))\n"
        "st = os.stat(FIX + '/a.txt')\n"
        "result = st.st_atime, st.st_mtime_ns",
    "import os\n"
        "os.utime(FIX + '/link_to_a', (5, 6), follow_symlinks=False)\n"
        "result = os.lstat(FIX + '/link_to_a').st_mtime, os.stat(FIX + '/a.txt').st_mtime",
    "import os\nresult = os.utime(FIX + '/a.txt', (1, 2), ns=(1, 2))",
    "import os\nresult = os.utime(FIX + '/a.txt', (1,))",
    "import os\nresult = os.utime(FIX + '/a.txt', ns=5)",
    "import os\nresult = os.utime(FIX + '/missing', None)",
    "import os\nos.utime(FIX + '/a.txt')\nresult = os.stat(FIX + '/a.txt').st_mtime > 1700000000",
    "import os\nos.truncate(FIX + '/a.txt', 3)\nresult = open(FIX + '/a.txt', 'rb').read()",
    "import os\nos.truncate(FIX + '/a.txt', 20)\nresult = open(FIX + '/a.txt', 'rb').read()",
    "import os\nresult = os.truncate(FIX + '/a.txt', -1)",
    "import os\nresult = os.truncate(FIX + '/sub', 0)",
    "import os\nresult = os.truncate(FIX + '/missing', 0)",
    "import os\n"
        "fd = os.open(FIX + '/a.txt', os.O_RDWR)\n"
        "os.ftruncate(fd, 2)\n"
        "os.truncate(fd, 4)\n"
        "os.close(fd)\n"
        "result = open(FIX + '/a.txt', 'rb').read()",
    "import os\nfd = os.open(FIX + '/a.txt', os.O_RDONLY)\ntry:\n    os.ftruncate(fd, 0)\nfinally:\n    os.close(fd)",
    "import os\nf = open(FIX + '/a.txt', 'a')\nresult = os.fsync(f), os.fsync(f.fileno()), os.fdatasync(f)\nf.close()",
    "import os\nresult = os.fsync(99999)",
    "import os\nresult = os.fsync('x')",
    "import os\nresult = os.fsync(-1)",
    "import os\nold = os.umask(0o027)\nresult = os.umask(old)",
    "import os\n"
        "old = os.umask(0o077)\n"
        "try:\n"
        "    os.mkdir(FIX + '/um')\n"
        "    result = oct(os.stat(FIX + '/um').st_mode & 0o777)\n"
        "finally:\n"
        "    os.umask(old)",
    "import os\n"
        "os.link(FIX + '/a.txt', FIX + '/hard')\n"
        "result = os.stat(FIX + '/hard').st_nlink, os.path.samefile(FIX + '/hard', FIX + '/a.txt')",
    "import os\n"
        "os.link(FIX + '/link_to_a', FIX + '/hard', follow_symlinks=False)\n"
        "result = os.path.islink(FIX + '/hard')",
    "import os\nresult = os.link(FIX + '/missing', FIX + '/hard')",
    "import os\nresult = os.link(FIX + '/a.txt', FIX + '/b.py')",
    "import os\nresult = os.get_terminal_size()",
    "import os\nresult = type(os.getlogin()).__name__ if os.isatty(0) else 'no tty'",
    ("proxy", "import os", "M.os.system('exit 4')"),
    ("proxy", "import os", "M.os.popen('echo from-popen').read()"),
    ("proxy", "import os", "M.os.access(FIX + '/a.txt', M.os.R_OK)"),
    ("proxy", "import os", "M.os.statvfs(FIX).f_namemax"),
    ("proxy", "import os", "M.os.truncate(FIX + '/missing', 0)"),
    ("proxy", "import os", "(M.os.sep, M.os.linesep, M.os.devnull)"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]
CODES = [
    "exit 0",
    "exit 1",
    "exit 255",
    "kill -15 $$",
    "kill -2 $$",
    "true",
    "false",
    "exit 300",
    "nonexistent-cmd-x 2>/dev/null",
]


def draw(rng):
    kind = rng.random()
    cmd = rng.choice(CODES)
    if kind < 0.4:
        return ("exec", f"import os\nresult = os.system({cmd!r})")
    if kind < 0.7:
        return ("exec", f"import os\nf = os.popen({cmd!r})\nresult = f.read(), f.close()")
    mode = rng.choice([0, 0o777, 0o644, 0o7777, 0o4755, 0o1777, 0o200, 0o400])
    name = rng.choice(["'a.txt'", "'sub'", "'b.py'", "'emptydir'"])
    return (
        "exec",
        f"import os\n"
        f"os.chmod(FIX + '/' + {name}, {mode})\n"
        f"result = oct(os.stat(FIX + '/' + {name}).st_mode), [os.access(FIX + '/' + {name}, m) for m in (os.R_OK,"
        f" os.W_OK, os.X_OK)]",
    )


family("mod_os", __doc__, lambda: FIXED, draw, suite="stdlib")
