"""glob: glob/iglob over the fixture with root_dir, recursive,
include_hidden, trailing slashes, bytes patterns, symlinks (to a
directory, dangling), magic in directory parts, escape and has_magic."""

from cases import family

# fmt: off
PATTERNS = [
    "'*'", "'*.txt'", "'.*'", "'*/'", "'**'", "'**/'", "'**/*.txt'", "'sub/*'", "'sub/**'", "'*/*.txt'", "'*/*/*'",
    "'s*/c.*'", "'[ab].*'", "'[!ab]*'", "'?.txt'", "'a.txt'", "'missing'", "'sub/'", "'a.txt/'", "''", "'link*'",
    "'dangling'", "'link_to_sub/*'", "'**/.hid/*'", "'sub/.*'", "'**/*.log'", "'*/deeper'", "'data/*.*'",
    "'emptydir/*'", "'noperm.txt'", "'[*'", "'*[0-9]*'", "'with space*'", "'ün*'",
]
OPTIONS = ["", ", recursive=True", ", include_hidden=True", ", recursive=True, include_hidden=True"]
FIXED = [
    "import glob\nresult = sorted(glob.glob(FIX + '/**', recursive=True))",
    "import glob\nresult = sorted(glob.glob(FIX + '/**/', recursive=True))",
    "import glob\nresult = sorted(glob.glob('**', root_dir=FIX, recursive=True, include_hidden=True))",
    "import glob\nresult = sorted(glob.glob(b'*', root_dir=FIX))",
    "import glob\nresult = sorted(glob.glob(FIX.encode() + b'/sub/*'))",
    "import glob\nresult = sorted(glob.iglob('*.txt', root_dir=FIX))",
    "import glob\nresult = sorted(glob.glob('*', root_dir=FIX + '/missing'))",
    "import glob\nresult = glob.glob(3)",
    "import glob\nresult = glob.glob(FIX, recursive=True, bogus=1)",
    "import glob, pathlib\nresult = glob.glob(pathlib.Path(FIX))",
    "import glob, pathlib\nresult = sorted(glob.glob('*.py', root_dir=pathlib.Path(FIX)))",
    "import glob\nresult = glob.escape('a[*?]b'), glob.escape(b'x*'), glob.escape('//?/c:')",
    "import glob\nresult = glob.has_magic('a['), glob.has_magic('abc'), glob.has_magic(b'*')",
    "import glob\nresult = glob.has_magic(1)",
    "import glob\nresult = sorted(glob.glob(glob.escape(FIX) + '/*.txt'))",
    "import glob\nresult = sorted(glob.glob1(FIX, '*.py')), glob.glob0(FIX, 'a.txt'), glob.glob0(FIX, 'nope')",
    "import glob\nresult = len(glob.glob(FIX + '/*')) == len(list(glob.iglob(FIX + '/*')))",
    ("proxy", "import glob", "sorted(M.glob.glob('*.txt', root_dir=FIX))"),
    ("proxy", "import glob", "sorted(p[len(FIX):] for p in M.glob.glob(FIX + '/**/*.txt', recursive=True))"),
    ("proxy", "import glob", "sorted(M.glob.iglob('sub/*', root_dir=FIX))"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]


def draw(rng):
    pat = rng.choice(PATTERNS)
    opt = rng.choice(OPTIONS)
    if rng.random() < 0.5:
        return ("exec", f"import glob\nresult = sorted(glob.glob({pat}, root_dir=FIX{opt}))")
    return ("exec", f"import glob\nresult = sorted(p[len(FIX):] for p in glob.glob(FIX + '/' + {pat}{opt}))")


family("mod_glob", __doc__, lambda: FIXED, draw, suite="stdlib")
