"""pathlib: pure paths drawn over awkward strings (parsing, parts, names,
suffixes, parents, with_*, relative_to, match, /, ordering), the
filesystem methods on the fixture (queries, stat, iterdir, glob/rglob,
reading and writing, mkdir/touch/unlink/rename, links, resolve, errors),
and paths that travel by value (`obtain` gives a real PosixPath)."""

from cases import family

# fmt: off
PATHS = [
    "''", "'.'", "'..'", "'/'", "'//'", "'///'", "'a'", "'a/'", "'/a/b/'", "'a//b'", "'a/./b'", "'a/../b'",
    "'/..'", "'.hidden'", "'a.b.c'", "'a.'", "'.a.b'", "'dir.d/file'", "'~'", "'~/x'", "'a b/c d.txt'",
    "'ünï/çødé.py'", "'archive.tar.gz'", "'//a/b'", "'/x/y.z/'", "'...'", "'a/.b'", "'a..b'",
]
CLASSES = ["PurePath", "PurePosixPath", "Path", "PosixPath"]
PROPS = ["parts", "name", "stem", "suffix", "suffixes", "parent", "root", "anchor", "drive", "parents[0]",
         "list(PARENTS)", "len(PARENTS)", "is_absolute()", "as_posix()", "is_reserved()", "__reduce__()[1]",
         "__reduce__()[0].__name__"]
WITH = ["with_name('n.py')", "with_name('')", "with_name('a/b')", "with_stem('s')", "with_suffix('.gz')",
        "with_suffix('')", "with_suffix('gz')", "with_suffix('.')", "with_suffix('.a.b')", "with_suffix('/x')"]
PATTERNS = ["'*'", "'*.txt'", "'*.py'", "'a'", "'a/*'", "'/*'", "'/a/*'", "'*/*'", "'**'", "'[a-c]*'", "'.*'",
            "'*.tar.*'", "'d*/f*'", "''"]
FIXTURE = [
    "'a.txt'", "'sub'", "'link_to_a'", "'link_to_sub'", "'dangling'", "'emptydir'", "'missing'", "'.hidden'",
    "'noperm.txt'", "'sub/deeper/d.txt'", "'with space.txt'", "'a.txt/x'", "'bin.dat'", "'sub/.hid'",
]
QUERIES = ["exists()", "is_file()", "is_dir()", "is_symlink()", "is_socket()", "is_fifo()", "is_block_device()",
           "is_char_device()", "is_mount()", "stat().st_size", "lstat().st_mode", "stat().st_mtime",
           "read_bytes()", "read_text()", "owner() == __import__('os').path.basename('root')", "readlink()",
           "resolve().relative_to(FIX)", "resolve(strict=True).relative_to(FIX)", "samefile(FIX + '/a.txt')",
           "open('rb').read(5)", "absolute().relative_to(FIX)", "expanduser().name"]
GLOBS = ["'*'", "'*.txt'", "'**'", "'**/*.txt'", "'**/'", "'*/'", "'sub/*'", "'*/*.txt'", "'s*/c.*'", "'.*'",
         "'link_to_sub/*'", "'missing/*'", "'[ab]*'", "'**/.hid/*'", "'a.txt'", "'*/deeper'", "'sub/**/*.txt'"]
FIXED = [
    "from pathlib import *\nresult = PurePath('a', 'b'), Path('a', '/b', 'c'), PurePosixPath('a', PurePath('b'))",
    "from pathlib import *\nresult = PurePath(b'x')",
    "from pathlib import *\nresult = PurePath(1)",
    "from pathlib import *\nresult = PurePath('a', x=1)",
    "from pathlib import *\nresult = Path('a', x=1)",
    "from pathlib import *\nresult = WindowsPath('x')",
    "from pathlib import *\nresult = PurePosixPath('/a/b') / 'c' / PurePosixPath('d')",
    "from pathlib import *\nresult = 'x' / PurePosixPath('y')",
    "from pathlib import *\nresult = PurePosixPath('/a') / '/b'",
    "from pathlib import *\nresult = PurePosixPath('a') / 1",
    "from pathlib import *\nresult = 1 / PurePosixPath('a')",
    "from pathlib import *\nresult = PurePosixPath('a').joinpath('b', '/c', 'd')",
    "from pathlib import *\nresult = PurePosixPath('a') == PosixPath('a'), PurePosixPath('a') == 'a'",
    "from pathlib import *\nresult = hash(PurePosixPath('a/b')) == hash(PosixPath('a//b/'))",
    "from pathlib import *\n"
        "result = sorted([PurePosixPath('b'), PurePosixPath('a/c'), PurePosixPath('/z'), PurePosixPath('a')])",
    "from pathlib import *\nresult = PurePosixPath('a') < 'b'",
    "from pathlib import *\nresult = PurePosixPath('/a/b').parents[5]",
    "from pathlib import *\nresult = PurePosixPath('/a/b/c').parents[-1], PurePosixPath('/a/b/c').parents[::2]",
    "from pathlib import *\nresult = repr(PurePosixPath('/a/b').parents), repr(Path('/a').parents)",
    "from pathlib import *\nresult = PurePosixPath('/a/b').relative_to('/c')",
    "from pathlib import *\nresult = PurePosixPath('a').relative_to('/')",
    "from pathlib import *\nresult = PurePosixPath('/a').relative_to('')",
    "from pathlib import *\nresult = PurePosixPath('/a/b').relative_to()",
    "from pathlib import *\nresult = PurePosixPath('/a/b').relative_to('/', 'a')",
    "from pathlib import *\n"
        "result = PurePosixPath('/a/b').is_relative_to('/a'), PurePosixPath('a').is_relative_to('/a')",
    "from pathlib import *\nresult = PurePosixPath('a').with_name(1)",
    "from pathlib import *\nresult = PurePosixPath('a').with_stem(1)",
    "from pathlib import *\nresult = PurePosixPath('a').with_suffix(1)",
    "from pathlib import *\nresult = PurePosixPath('/').with_name('x')",
    "from pathlib import *\nresult = PurePosixPath('a').match(1)",
    "from pathlib import *\nresult = PurePosixPath('/a b/ü').as_uri(), PurePosixPath('/x').as_uri()",
    "from pathlib import *\nresult = PurePosixPath('a').as_uri()",
    "import os\n"
        "from pathlib import *\n"
        "result = os.fspath(PurePosixPath('a/b')), PurePosixPath('a').__fspath__(), bytes(PurePosixPath('/x'))",
    "from pathlib import *\nresult = str(PurePosixPath('//a/b')), str(PurePosixPath('')), str(Path('.'))",
    "from pathlib import *\n"
        "result = isinstance(Path('x'), PurePath), isinstance(PurePath('x'), Path), type(Path('x')).__name__",
    "from pathlib import *\nresult = Path(FIX) / 'sub'",
    "from pathlib import *\nresult = sorted(p.name for p in Path(FIX).iterdir())",
    "from pathlib import *\nresult = list(Path(FIX, 'missing').iterdir())",
    "from pathlib import *\nresult = list(Path(FIX, 'a.txt').iterdir())",
    "from pathlib import *\nit = Path(FIX, 'missing').iterdir()\nresult = 'lazy'",
    "from pathlib import *\nresult = list(Path(FIX).glob(''))",
    "from pathlib import *\nresult = list(Path(FIX).glob('/x'))",
    "from pathlib import *\nresult = list(Path(FIX).glob('a**'))",
    "from pathlib import *\nresult = list(Path(FIX).rglob('/x'))",
    "from pathlib import *\nresult = sorted(str(p.relative_to(FIX)) for p in Path(FIX).rglob('*'))",
    "from pathlib import *\nresult = sorted(str(p.relative_to(FIX)) for p in Path(FIX).rglob('*.txt'))",
    "from pathlib import *\nresult = sorted(str(p.relative_to(FIX)) for p in Path(FIX, 'sub').rglob(''))",
    "from pathlib import *\nresult = sorted(Path(FIX).glob('*.py'))",
    "from pathlib import *\n"
        "p = Path(FIX, 'new.txt')\n"
        "result = p.write_text('héllo\\n'), p.read_text(), p.read_bytes(), p.stat().st_size",
    "from pathlib import *\np = Path(FIX, 'new.bin')\nresult = p.write_bytes(b'\\x00\\xff'), p.read_bytes()",
    "from pathlib import *\nresult = Path(FIX, 'x').write_text(b'x')",
    "from pathlib import *\nresult = Path(FIX, 'x').write_bytes('x')",
    "from pathlib import *\n"
        "p = Path(FIX, 'nl.txt')\n"
        "p.write_text('a\\nb\\n', newline='\\r\\n')\n"
        "result = p.read_bytes()",
    "from pathlib import *\n"
        "p = Path(FIX, 'lat.txt')\n"
        "p.write_text('é', encoding='latin-1')\n"
        "result = p.read_bytes(), p.read_text(encoding='latin-1')",
    "from pathlib import *\nresult = Path(FIX, 'bin.dat').read_text()",
    "from pathlib import *\nresult = Path(FIX, 'bin.dat').read_text(errors='replace')[:140]",
    "from pathlib import *\n"
        "result = Path(FIX, 'noperm.txt').read_text() if __import__('os').geteuid() else 'root reads all'",
    "from pathlib import *\nresult = Path(FIX, 'sub').read_text()",
    "from pathlib import *\nresult = Path(FIX, 'missing').read_bytes()",
    "from pathlib import *\nresult = Path(FIX, 'm', 'n').mkdir()",
    "from pathlib import *\np = Path(FIX, 'm', 'n')\np.mkdir(parents=True)\nresult = p.is_dir(), p.parent.is_dir()",
    "from pathlib import *\nresult = Path(FIX, 'sub').mkdir()",
    "from pathlib import *\nresult = Path(FIX, 'sub').mkdir(exist_ok=True), Path(FIX, 'a.txt').exists()",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').mkdir(exist_ok=True)",
    "from pathlib import *\nresult = Path(FIX, 'a.txt', 'x').mkdir(parents=True)",
    "from pathlib import *\n"
        "import os\n"
        "p = Path(FIX, 'md')\n"
        "p.mkdir(mode=0o700)\n"
        "result = oct(p.stat().st_mode & 0o777)",
    "from pathlib import *\np = Path(FIX, 't')\nresult = p.touch(), p.exists(), p.stat().st_size",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').touch(exist_ok=False)",
    "from pathlib import *\nresult = Path(FIX, 'missing', 't').touch()",
    "from pathlib import *\np = Path(FIX, 'a.txt')\np.touch()\nresult = p.stat().st_mtime > 1700000000",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').unlink(), Path(FIX, 'a.txt').exists()",
    "from pathlib import *\nresult = Path(FIX, 'missing').unlink()",
    "from pathlib import *\nresult = Path(FIX, 'missing').unlink(missing_ok=True)",
    "from pathlib import *\nresult = Path(FIX, 'sub').unlink()",
    "from pathlib import *\nresult = Path(FIX, 'emptydir').rmdir(), Path(FIX, 'emptydir').exists()",
    "from pathlib import *\nresult = Path(FIX, 'sub').rmdir()",
    "from pathlib import *\n"
        "result = Path(FIX, 'a.txt').rename(FIX + '/z.txt').relative_to(FIX), Path(FIX, 'z.txt').read_text()",
    "from pathlib import *\nresult = Path(FIX, 'missing').rename(FIX + '/z')",
    "from pathlib import *\n"
        "result = Path(FIX, 'b.py').replace(Path(FIX, 'a.txt')).name, Path(FIX, 'a.txt').read_text()",
    "from pathlib import *\n"
        "p = Path(FIX, 'sl')\n"
        "p.symlink_to('a.txt')\n"
        "result = p.is_symlink(), p.read_text(), p.readlink()",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').symlink_to('x')",
    "from pathlib import *\n"
        "p = Path(FIX, 'hl')\n"
        "p.hardlink_to(FIX + '/a.txt')\n"
        "result = p.samefile(FIX + '/a.txt'), p.stat().st_nlink",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').readlink()",
    "from pathlib import *\nresult = Path(FIX, 'link_to_sub', 'c.txt').resolve().relative_to(FIX)",
    "from pathlib import *\nresult = Path(FIX, 'dangling').resolve().relative_to(FIX)",
    "from pathlib import *\nresult = Path(FIX, 'dangling').resolve(strict=True)",
    "from pathlib import *\nimport os\nos.symlink('loop', FIX + '/loop')\nresult = Path(FIX, 'loop').resolve()",
    "from pathlib import *\n"
        "import os\n"
        "os.symlink('loop', FIX + '/loop')\n"
        "result = Path(FIX, 'loop').resolve(strict=True)",
    "from pathlib import *\n"
        "import os\n"
        "os.symlink('loop', FIX + '/loop')\n"
        "result = Path(FIX, 'loop').exists(), Path(FIX, 'loop').is_symlink()",
    "from pathlib import *\np = Path(FIX, 'a.txt')\np.chmod(0o640)\nresult = oct(p.stat().st_mode & 0o777)",
    "from pathlib import *\nresult = Path(FIX, 'missing').chmod(0o640)",
    "from pathlib import *\nresult = Path(FIX, 'link_to_a').lchmod(0o640)",
    "from pathlib import *\n"
        "result = Path(FIX, 'a.txt').samefile(Path(FIX, 'link_to_a')), Path(FIX, 'a.txt').samefile(FIX + '/b.py')",
    "from pathlib import *\nresult = Path(FIX, 'missing').samefile(FIX)",
    "from pathlib import *\nresult = Path(FIX, 'missing').stat()",
    "from pathlib import *\nresult = Path(FIX, 'dangling').stat()",
    "from pathlib import *\nresult = Path(FIX, 'dangling').stat(follow_symlinks=False).st_size",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').stat().st_mtime, Path(FIX, 'a.txt').stat().st_size",
    "from pathlib import *\n"
        "result = Path.cwd() == Path(__import__('os').getcwd()), Path.home() == Path('~').expanduser()",
    "from pathlib import *\nresult = Path('~nosuchuser_difftest/x').expanduser()",
    "from pathlib import *\nresult = Path('x/~').expanduser(), Path('/~').expanduser()",
    "from pathlib import *\nresult = Path('/').is_mount(), Path(FIX).is_mount(), Path(FIX, 'missing').is_mount()",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').open().read()",
    "from pathlib import *\nwith Path(FIX, 'a.txt').open('rb') as f:\n    result = f.read(3)",
    "from pathlib import *\n"
        "with Path(FIX, 'o.txt').open('w') as f:\n"
        "    f.write('x')\n"
        "result = Path(FIX, 'o.txt').read_text()",
    "from pathlib import *\nresult = Path(FIX, 'missing').open()",
    "from pathlib import *\nresult = Path(FIX, 'a.txt').open('q')",
    ("proxy", "import pathlib", "M.pathlib.Path(FIX) / 'sub' / 'c.txt'"),
    ("proxy", "import pathlib", "M.pathlib.PurePosixPath('/a/b.tar.gz').suffixes"),
    ("proxy", "import pathlib", "M.pathlib.Path(FIX, 'a.txt').read_text()"),
    ("proxy", "import pathlib", "M.pathlib.Path(FIX, 'a.txt').stat().st_size"),
    ("proxy", "import pathlib", "str(M.pathlib.Path('/x') / 'y'), repr(M.pathlib.Path('/x'))"),
    ("proxy", "import pathlib", "sorted(p.name for p in M.pathlib.Path(FIX).iterdir())"),
    ("proxy", "import pathlib", "sorted(str(p.relative_to(FIX)) for p in M.pathlib.Path(FIX).rglob('*.txt'))"),
    ("proxy", "import pathlib", "M.pathlib.Path(FIX, 'missing').read_text()"),
    ("proxy", "import pathlib", "M.pathlib.Path(FIX).parent.name == M.os.path.basename(M.os.path.dirname(FIX))"),
    ("proxy", "import pathlib", "M.pathlib.PurePosixPath('a') == M.pathlib.PosixPath('a')"),
    ("proxy", "import pathlib", "M.pathlib.Path('/etc').parts"),
    ("proxy", "import pathlib", "M.pathlib.Path(FIX, 'sub').is_dir(), M.pathlib.Path(FIX, 'dangling').exists()"),
    ("proxy", "import pathlib", "list(M.pathlib.PurePosixPath('/a/b/c').parents)"),
    ("proxy", "import pathlib", "__import__('os').fspath(M.pathlib.Path('/tmp/x'))"),
    ("proxy", "import pathlib", "M.pathlib.Path('/a').with_suffix('.py')"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]


def draw(rng):
    kind = rng.random()
    cls = rng.choice(CLASSES)
    p = rng.choice(PATHS)
    if kind < 0.3:
        prop = rng.choice(PROPS).replace("PARENTS", "p.parents")
        return (
            "exec",
            f"from pathlib import *\np = {cls}({p})\nresult = p.{prop}"
            if not prop.startswith(("list", "len"))
            else f"from pathlib import *\np = {cls}({p})\nresult = {prop}",
        )
    if kind < 0.4:
        return ("exec", f"from pathlib import *\nresult = {cls}({p}).{rng.choice(WITH)}")
    if kind < 0.5:
        return ("exec", f"from pathlib import *\nresult = {cls}({p}).match({rng.choice(PATTERNS)})")
    if kind < 0.57:
        return (
            "exec",
            f"from pathlib import *\nresult = {cls}({p}) / {rng.choice(PATHS)}, {rng.choice(PATHS)} / {cls}({p})",
        )
    if kind < 0.64:
        other = rng.choice(PATHS)
        return ("exec", f"from pathlib import *\nresult = {cls}({p}).relative_to({other})")
    if kind < 0.68:
        a, b = rng.choice(PATHS), rng.choice(PATHS)
        op = rng.choice(["<", "<=", "==", "!=", ">", ">="])
        return ("exec", f"from pathlib import *\nresult = {cls}({a}) {op} PurePosixPath({b})")
    if kind < 0.85:
        name = rng.choice(FIXTURE)
        return ("exec", f"from pathlib import *\nresult = Path(FIX, {name}).{rng.choice(QUERIES)}")
    pat = rng.choice(GLOBS)
    meth = rng.choice(["glob", "rglob"])
    return ("exec", f"from pathlib import *\nresult = sorted(str(p.relative_to(FIX)) for p in Path(FIX).{meth}({pat}))")


family("mod_pathlib", __doc__, lambda: FIXED, draw, weight=3, suite="stdlib")
