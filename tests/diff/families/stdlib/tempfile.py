"""tempfile: names (prefix, 8 characters of CPython's alphabet, suffix),
modes, str/bytes kinds, the default directory, mkstemp/mkdtemp/mktemp,
TemporaryFile, NamedTemporaryFile (delete, modes, context manager),
TemporaryDirectory (cleanup of unwritable trees, repr), and errors. Names
are random: cases look at their shape."""

from cases import family

SHAPE = (
    "(b[:len(P)] == P, b[len(b) - len(S):] == S if S else True, len(b) - len(P) - len(S), set(b[len(P):len(P) + 8]) <="
    " set('abcdefghijklmnopqrstuvwxyz0123456789_'))"
)

# fmt: off
FIXED = [
    "import tempfile\n"
        "result = tempfile.gettempprefix(), tempfile.gettempprefixb(), tempfile.template, tempfile.TMP_MAX",
    "import tempfile, os\n"
        "result = os.path.isdir(tempfile.gettempdir()), tempfile.gettempdirb() == os.fsencode(tempfile.gettempdir())",
    "import tempfile\ntempfile.gettempdir()\nresult = type(tempfile.tempdir).__name__",
    "import tempfile, os\n"
        "fd, name = tempfile.mkstemp(dir=FIX)\n"
        "os.close(fd)\n"
        "result = os.path.dirname(name) == FIX, oct(os.stat(name).st_mode), type(fd).__name__",
    "import tempfile, os\n"
        "fd, name = tempfile.mkstemp(dir=FIX, text=True)\n"
        "result = os.write(fd, b'x'), os.close(fd), open(name).read()",
    "import tempfile, os\n"
        "fd, name = tempfile.mkstemp(prefix=b'b-', dir=os.fsencode(FIX))\n"
        "os.close(fd)\n"
        "result = type(name).__name__, os.path.basename(name)[:2]",
    "import tempfile\nresult = tempfile.mkstemp(prefix=b'x', suffix='y')",
    "import tempfile\nresult = tempfile.mkstemp(prefix=1)",
    "import tempfile, os\n"
        "try:\n"
        "    tempfile.mkstemp(dir=FIX + '/missing')\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile\n"
        "try:\n"
        "    tempfile.mkstemp(dir=FIX + '/missing')\n"
        "except FileNotFoundError as e:\n"
        "    result = e.errno, e.filename.startswith(FIX + '/missing/tmp')",
    "import tempfile\n"
        "try:\n"
        "    tempfile.mkstemp(dir=FIX + '/a.txt')\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno",
    "import tempfile, pathlib, os\n"
        "fd, name = tempfile.mkstemp(dir=pathlib.Path(FIX))\n"
        "os.close(fd)\n"
        "result = type(name).__name__",
    "import tempfile, os\n"
        "n = tempfile.mkdtemp(dir=FIX, prefix='d_', suffix='_x')\n"
        "result = os.path.isdir(n), oct(os.stat(n).st_mode & 0o777), os.path.basename(n)[:2], n.endswith('_x')",
    "import tempfile, os\n"
        "try:\n"
        "    tempfile.mkdtemp(dir=FIX + '/missing')\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile, os\n"
        "try:\n"
        "    tempfile.mkdtemp(dir=os.path.relpath(FIX, '/'))\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile, os\n"
        "n = tempfile.mktemp(dir=FIX)\n"
        "result = os.path.exists(n), os.path.dirname(n) == FIX, len(os.path.basename(n))",
    "import tempfile\n"
        "f = tempfile.TemporaryFile(dir=FIX)\n"
        "f.write(b'data')\n"
        "f.seek(0)\n"
        "result = f.read(), f.mode, type(f.name).__name__, type(f).__name__\n"
        "f.close()",
    "import tempfile, os\n"
        "f = tempfile.TemporaryFile(dir=FIX)\n"
        "result = sorted(os.listdir(FIX)) == sorted(os.listdir(FIX))\n"
        "f.close()",
    "import tempfile\n"
        "f = tempfile.TemporaryFile('w+', dir=FIX, encoding='latin-1')\n"
        "f.write('é')\n"
        "f.seek(0)\n"
        "result = f.read(), f.encoding\n"
        "f.close()",
    "import tempfile\nwith tempfile.TemporaryFile(dir=FIX) as f:\n    f.write(b'x')\nresult = f.closed",
    "import tempfile\nresult = tempfile.TemporaryFile(mode='q', dir=FIX)",
    "import tempfile, os\n"
        "try:\n"
        "    tempfile.TemporaryFile(dir=FIX + '/missing')\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno",
    "import tempfile, os\n"
        "f = tempfile.NamedTemporaryFile(dir=FIX, suffix='.txt', prefix='n')\n"
        "f.write(b'hi')\n"
        "f.flush()\n"
        "b = os.path.basename(f.name)\n"
        "P, S = 'n', '.txt'\n"
        "result = [open(f.name, 'rb').read(), " + SHAPE + ", f.delete, f.file.name == f.name, f.mode]\n"
        "f.close()\n"
        "result.append(os.path.exists(f.name))",
    "import tempfile, os\n"
        "with tempfile.NamedTemporaryFile('w+', dir=FIX, delete=False) as f:\n"
        "    f.write('kept')\n"
        "    f.seek(0)\n"
        "    r = f.read()\n"
        "result = r, open(f.name).read(), f.closed",
    "import tempfile, os\n"
        "with tempfile.NamedTemporaryFile(dir=FIX) as f:\n"
        "    n = f.name\n"
        "    e = os.path.exists(n)\n"
        "result = e, os.path.exists(n)",
    "import tempfile, os\n"
        "f = tempfile.NamedTemporaryFile(dir=FIX)\n"
        "f.close()\n"
        "f.close()\n"
        "result = os.path.exists(f.name)",
    "import tempfile\n"
        "f = tempfile.NamedTemporaryFile('w', dir=FIX)\n"
        "f.writelines(['a\\n', 'b\\n'])\n"
        "f.flush()\n"
        "result = open(f.name).read().splitlines()\n"
        "f.close()",
    "import tempfile\n"
        "f = tempfile.NamedTemporaryFile('w+', dir=FIX)\n"
        "f.write('x\\ny\\n')\n"
        "f.seek(0)\n"
        "result = list(f)\n"
        "f.close()",
    "import tempfile\nresult = tempfile.NamedTemporaryFile(dir=FIX, bogus=1)",
    "import tempfile, os\n"
        "f = tempfile.NamedTemporaryFile(dir=os.fsencode(FIX))\n"
        "result = type(f.name).__name__\n"
        "f.close()",
    "import tempfile, os\n"
        "t = tempfile.TemporaryDirectory(dir=FIX)\n"
        "r = repr(t) == '<TemporaryDirectory %r>' % t.name\n"
        "os.makedirs(t.name + '/a/b')\n"
        "open(t.name + '/a/b/f', 'w').close()\n"
        "os.chmod(t.name + '/a/b', 0o500)\n"
        "os.chmod(t.name + '/a', 0o500)\n"
        "t.cleanup()\n"
        "result = r, os.path.exists(t.name)",
    "import tempfile, os\n"
        "with tempfile.TemporaryDirectory(dir=FIX, prefix='p', suffix='s') as n:\n"
        "    inside = os.path.isdir(n), os.path.basename(n)[0], n[-1]\n"
        "result = inside, os.path.exists(n)",
    "import tempfile, os\n"
        "t = tempfile.TemporaryDirectory(dir=FIX)\n"
        "t.cleanup()\n"
        "t.cleanup()\n"
        "result = os.path.exists(t.name)",
    "import tempfile, shutil\nt = tempfile.TemporaryDirectory(dir=FIX)\nshutil.rmtree(t.name)\nresult = t.cleanup()",
    "import tempfile, os\n"
        "t = tempfile.TemporaryDirectory(dir=FIX, ignore_cleanup_errors=True)\n"
        "result = t.cleanup(), os.path.exists(t.name)",
    "import tempfile, os\n"
        "try:\n"
        "    tempfile.TemporaryDirectory(dir=FIX + '/missing')\n"
        "except OSError as e:\n"
        "    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile\nresult = type(tempfile.TemporaryDirectory).__name__, tempfile.TemporaryDirectory.__name__",
    ("proxy", "import tempfile", "M.tempfile.gettempprefix()"),
    ("proxy", "import tempfile", "M.os.path.isdir(M.tempfile.mkdtemp(dir=FIX))"),
    ("proxy", "import tempfile", "M.os.path.dirname(M.tempfile.mkstemp(dir=FIX)[1]) == FIX"),
    ("proxy", "import tempfile", "M.os.path.exists(M.tempfile.TemporaryDirectory(dir=FIX).__enter__())"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]
PREFIXES = ["None", "''", "'p'", "'pre-'", "'x.y'", "'ü'", "'.'"]
SUFFIXES = ["None", "''", "'.txt'", "'_s'", "'.tar.gz'"]


def draw(rng):
    prefix, suffix = rng.choice(PREFIXES), rng.choice(SUFFIXES)
    p = "'tmp'" if prefix == "None" else prefix
    s = "''" if suffix == "None" else suffix
    kind = rng.random()
    if kind < 0.4:
        return (
            "exec",
            f"import tempfile, os\n"
            f"fd, name = tempfile.mkstemp(suffix={suffix}, prefix={prefix}, dir=FIX)\n"
            f"os.close(fd)\n"
            f"b = os.path.basename(name)\n"
            f"P, S = {p}, {s}\n"
            f"result = {SHAPE}, os.path.isfile(name)",
        )
    if kind < 0.7:
        return (
            "exec",
            f"import tempfile, os\n"
            f"name = tempfile.mkdtemp(suffix={suffix}, prefix={prefix}, dir=FIX)\n"
            f"b = os.path.basename(name)\n"
            f"P, S = {p}, {s}\n"
            f"result = {SHAPE}, os.path.isdir(name)",
        )
    return (
        "exec",
        f"import tempfile, os\n"
        f"with tempfile.NamedTemporaryFile(suffix={suffix}, prefix={prefix}, dir=FIX) as f:\n"
        f"    b = os.path.basename(f.name)\n"
        f"P, S = {p}, {s}\n"
        f"result = {SHAPE}, os.path.exists(f.name)",
    )


family("mod_tempfile", __doc__, lambda: FIXED, draw, suite="stdlib")
