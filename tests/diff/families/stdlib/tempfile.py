"""tempfile: names (prefix, 8 characters of CPython's alphabet, suffix),
modes, str/bytes kinds, the default directory, mkstemp/mkdtemp/mktemp,
TemporaryFile, NamedTemporaryFile (delete, modes, context manager),
TemporaryDirectory (cleanup of unwritable trees, repr), and errors. Names
are random: cases look at their shape."""

from cases import family

SHAPE = "(b[:len(P)] == P, b[len(b) - len(S):] == S if S else True, len(b) - len(P) - len(S), set(b[len(P):len(P) + 8]) <= set('abcdefghijklmnopqrstuvwxyz0123456789_'))"

# fmt: off
FIXED = [
    "import tempfile\nresult = tempfile.gettempprefix(), tempfile.gettempprefixb(), tempfile.template, tempfile.TMP_MAX",
    "import tempfile, os\nresult = os.path.isdir(tempfile.gettempdir()), tempfile.gettempdirb() == os.fsencode(tempfile.gettempdir())",
    "import tempfile\ntempfile.gettempdir()\nresult = type(tempfile.tempdir).__name__",
    "import tempfile, os\nfd, name = tempfile.mkstemp(dir=FIX)\nos.close(fd)\nresult = os.path.dirname(name) == FIX, oct(os.stat(name).st_mode), type(fd).__name__",
    "import tempfile, os\nfd, name = tempfile.mkstemp(dir=FIX, text=True)\nresult = os.write(fd, b'x'), os.close(fd), open(name).read()",
    "import tempfile, os\nfd, name = tempfile.mkstemp(prefix=b'b-', dir=os.fsencode(FIX))\nos.close(fd)\nresult = type(name).__name__, os.path.basename(name)[:2]",
    "import tempfile\nresult = tempfile.mkstemp(prefix=b'x', suffix='y')",
    "import tempfile\nresult = tempfile.mkstemp(prefix=1)",
    "import tempfile, os\ntry:\n    tempfile.mkstemp(dir=FIX + '/missing')\nexcept OSError as e:\n    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile\ntry:\n    tempfile.mkstemp(dir=FIX + '/missing')\nexcept FileNotFoundError as e:\n    result = e.errno, e.filename.startswith(FIX + '/missing/tmp')",
    "import tempfile\ntry:\n    tempfile.mkstemp(dir=FIX + '/a.txt')\nexcept OSError as e:\n    result = type(e).__name__, e.errno",
    "import tempfile, pathlib, os\nfd, name = tempfile.mkstemp(dir=pathlib.Path(FIX))\nos.close(fd)\nresult = type(name).__name__",
    "import tempfile, os\nn = tempfile.mkdtemp(dir=FIX, prefix='d_', suffix='_x')\nresult = os.path.isdir(n), oct(os.stat(n).st_mode & 0o777), os.path.basename(n)[:2], n.endswith('_x')",
    "import tempfile, os\ntry:\n    tempfile.mkdtemp(dir=FIX + '/missing')\nexcept OSError as e:\n    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile, os\ntry:\n    tempfile.mkdtemp(dir=os.path.relpath(FIX, '/'))\nexcept OSError as e:\n    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
    "import tempfile, os\nn = tempfile.mktemp(dir=FIX)\nresult = os.path.exists(n), os.path.dirname(n) == FIX, len(os.path.basename(n))",
    "import tempfile\nf = tempfile.TemporaryFile(dir=FIX)\nf.write(b'data')\nf.seek(0)\nresult = f.read(), f.mode, type(f.name).__name__, type(f).__name__\nf.close()",
    "import tempfile, os\nf = tempfile.TemporaryFile(dir=FIX)\nresult = sorted(os.listdir(FIX)) == sorted(os.listdir(FIX))\nf.close()",
    "import tempfile\nf = tempfile.TemporaryFile('w+', dir=FIX, encoding='latin-1')\nf.write('é')\nf.seek(0)\nresult = f.read(), f.encoding\nf.close()",
    "import tempfile\nwith tempfile.TemporaryFile(dir=FIX) as f:\n    f.write(b'x')\nresult = f.closed",
    "import tempfile\nresult = tempfile.TemporaryFile(mode='q', dir=FIX)",
    "import tempfile, os\ntry:\n    tempfile.TemporaryFile(dir=FIX + '/missing')\nexcept OSError as e:\n    result = type(e).__name__, e.errno",
    "import tempfile, os\nf = tempfile.NamedTemporaryFile(dir=FIX, suffix='.txt', prefix='n')\nf.write(b'hi')\nf.flush()\nb = os.path.basename(f.name)\nP, S = 'n', '.txt'\nresult = [open(f.name, 'rb').read(), " + SHAPE + ", f.delete, f.file.name == f.name, f.mode]\nf.close()\nresult.append(os.path.exists(f.name))",
    "import tempfile, os\nwith tempfile.NamedTemporaryFile('w+', dir=FIX, delete=False) as f:\n    f.write('kept')\n    f.seek(0)\n    r = f.read()\nresult = r, open(f.name).read(), f.closed",
    "import tempfile, os\nwith tempfile.NamedTemporaryFile(dir=FIX) as f:\n    n = f.name\n    e = os.path.exists(n)\nresult = e, os.path.exists(n)",
    "import tempfile, os\nf = tempfile.NamedTemporaryFile(dir=FIX)\nf.close()\nf.close()\nresult = os.path.exists(f.name)",
    "import tempfile\nf = tempfile.NamedTemporaryFile('w', dir=FIX)\nf.writelines(['a\\n', 'b\\n'])\nf.flush()\nresult = open(f.name).read().splitlines()\nf.close()",
    "import tempfile\nf = tempfile.NamedTemporaryFile('w+', dir=FIX)\nf.write('x\\ny\\n')\nf.seek(0)\nresult = list(f)\nf.close()",
    "import tempfile\nresult = tempfile.NamedTemporaryFile(dir=FIX, bogus=1)",
    "import tempfile, os\nf = tempfile.NamedTemporaryFile(dir=os.fsencode(FIX))\nresult = type(f.name).__name__\nf.close()",
    "import tempfile, os\nt = tempfile.TemporaryDirectory(dir=FIX)\nr = repr(t) == '<TemporaryDirectory %r>' % t.name\nos.makedirs(t.name + '/a/b')\nopen(t.name + '/a/b/f', 'w').close()\nos.chmod(t.name + '/a/b', 0o500)\nos.chmod(t.name + '/a', 0o500)\nt.cleanup()\nresult = r, os.path.exists(t.name)",
    "import tempfile, os\nwith tempfile.TemporaryDirectory(dir=FIX, prefix='p', suffix='s') as n:\n    inside = os.path.isdir(n), os.path.basename(n)[0], n[-1]\nresult = inside, os.path.exists(n)",
    "import tempfile, os\nt = tempfile.TemporaryDirectory(dir=FIX)\nt.cleanup()\nt.cleanup()\nresult = os.path.exists(t.name)",
    "import tempfile, shutil\nt = tempfile.TemporaryDirectory(dir=FIX)\nshutil.rmtree(t.name)\nresult = t.cleanup()",
    "import tempfile, os\nt = tempfile.TemporaryDirectory(dir=FIX, ignore_cleanup_errors=True)\nresult = t.cleanup(), os.path.exists(t.name)",
    "import tempfile, os\ntry:\n    tempfile.TemporaryDirectory(dir=FIX + '/missing')\nexcept OSError as e:\n    result = type(e).__name__, e.errno, os.path.dirname(e.filename)[-7:]",
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
        return ("exec", f"import tempfile, os\nfd, name = tempfile.mkstemp(suffix={suffix}, prefix={prefix}, dir=FIX)\nos.close(fd)\nb = os.path.basename(name)\nP, S = {p}, {s}\nresult = {SHAPE}, os.path.isfile(name)")
    if kind < 0.7:
        return ("exec", f"import tempfile, os\nname = tempfile.mkdtemp(suffix={suffix}, prefix={prefix}, dir=FIX)\nb = os.path.basename(name)\nP, S = {p}, {s}\nresult = {SHAPE}, os.path.isdir(name)")
    return ("exec", f"import tempfile, os\nwith tempfile.NamedTemporaryFile(suffix={suffix}, prefix={prefix}, dir=FIX) as f:\n    b = os.path.basename(f.name)\nP, S = {p}, {s}\nresult = {SHAPE}, os.path.exists(f.name)")


family("mod_tempfile", __doc__, lambda: FIXED, draw, suite="stdlib")
