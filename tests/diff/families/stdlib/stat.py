"""stat: every constant, the S_IS* predicates, S_IMODE/S_IFMT and filemode
over modes of every file type and permission bit (drawn), their argument
errors, and the modes of the fixture's entries."""

from cases import family

# fmt: off
NAMES = [
    "ST_MODE", "ST_INO", "ST_DEV", "ST_NLINK", "ST_UID", "ST_GID", "ST_SIZE", "ST_ATIME", "ST_MTIME", "ST_CTIME",
    "S_IFDIR", "S_IFCHR", "S_IFBLK", "S_IFREG", "S_IFIFO", "S_IFLNK", "S_IFSOCK", "S_IFDOOR", "S_IFPORT", "S_IFWHT",
    "S_ISUID", "S_ISGID", "S_ENFMT", "S_ISVTX", "S_IREAD", "S_IWRITE", "S_IEXEC", "S_IRWXU", "S_IRUSR", "S_IWUSR",
    "S_IXUSR", "S_IRWXG", "S_IRGRP", "S_IWGRP", "S_IXGRP", "S_IRWXO", "S_IROTH", "S_IWOTH", "S_IXOTH", "UF_NODUMP",
    "UF_IMMUTABLE", "UF_APPEND", "UF_OPAQUE", "UF_NOUNLINK", "UF_COMPRESSED", "UF_HIDDEN", "SF_ARCHIVED",
    "SF_IMMUTABLE", "SF_APPEND", "SF_NOUNLINK", "SF_SNAPSHOT", "FILE_ATTRIBUTE_ARCHIVE", "FILE_ATTRIBUTE_HIDDEN",
    "FILE_ATTRIBUTE_DIRECTORY", "FILE_ATTRIBUTE_VIRTUAL", "FILE_ATTRIBUTE_NO_SCRUB_DATA",
]
FUNCS = ["S_ISDIR", "S_ISCHR", "S_ISBLK", "S_ISREG", "S_ISFIFO", "S_ISLNK", "S_ISSOCK", "S_ISDOOR", "S_ISPORT",
         "S_ISWHT", "S_IMODE", "S_IFMT", "filemode"]
KINDS = [0o040000, 0o020000, 0o060000, 0o100000, 0o010000, 0o120000, 0o140000, 0, 0o170000, 0o030000]
FIXED = [
    "import stat\nresult = [getattr(stat, n) for n in " + repr(NAMES) + "]",
    "import stat\nresult = sorted(n for n in dir(stat) if n.isupper())",
    "import stat\nresult = stat.filemode(0o100644), stat.filemode(0o40755), stat.filemode(0o120777)",
    "import stat\nresult = stat.filemode(0o7777), stat.filemode(0o170777), stat.filemode(0o146777)",
    "import stat\nresult = stat.filemode(0o107000), stat.filemode(0o020600), stat.filemode(0)",
    "import stat\nresult = stat.S_ISDIR('x')",
    "import stat\nresult = stat.S_ISDIR(-1)",
    "import stat\nresult = stat.S_ISDIR(2**40)",
    "import stat\nresult = stat.S_IMODE(2**64)",
    "import stat\nresult = stat.S_IMODE(1.5)",
    "import stat\nresult = stat.S_ISDIR()",
    "import stat\nresult = stat.S_ISDIR(1, 2)",
    "import stat\nresult = stat.filemode(mode=1)",
    "import stat\nresult = stat.S_ISREG(True), stat.S_IMODE(False)",
    "import os, stat\nresult = [(n, stat.filemode(os.lstat(FIX + '/' + n).st_mode)) for n in sorted(os.listdir(FIX))]",
    "import os, stat\nresult = [stat.S_ISLNK(os.lstat(FIX + '/' + n).st_mode) for n in sorted(os.listdir(FIX))]",
    "import os, stat\n"
        "result = stat.S_IMODE(os.stat(FIX + '/b.py').st_mode), stat.S_IMODE(os.stat(FIX + '/noperm.txt').st_mode)",
    ("proxy", "import stat", "M.stat.filemode(0o100755)"),
    ("proxy", "import stat", "M.stat.S_ISDIR(M.os.stat(FIX).st_mode)"),
    ("proxy", "import stat", "M.stat.S_IFMT(0o120777) == M.stat.S_IFLNK"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]


def draw(rng):
    mode = rng.choice(KINDS) | rng.randrange(0o10000)
    if rng.random() < 0.1:
        mode = rng.choice([-1, 2**32, 2**31, 0o177777, "'0o644'", "None", "3.0"])
    return ("exec", f"import stat\nresult = stat.{rng.choice(FUNCS)}({mode})")


family("mod_stat", __doc__, lambda: FIXED, draw, suite="stdlib")
