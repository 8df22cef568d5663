"""os.path: pure path arithmetic (drawn over a pool of awkward paths) and
the queries that touch the fixture tree; the same calls through the
client (``M['os.path']``)."""

from cases import family

# fmt: off
PATHS = [
    "''", "'.'", "'..'", "'/'", "'//'", "'///'", "'a'", "'a/'", "'/a/b/'", "'a//b'", "'a/./b'", "'a/../b'",
    "'../a'", "'/..'", "'/../a'", "'a/b/../../..'", "'.hidden'", "'a.b.c'", "'a.'", "'.a.b'", "'dir.d/file'",
    "'~'", "'~/x'", "'~root/x'", "'$HOME/x'", "'${NOPE}/x'", "'a b/c d.txt'", "'ünï/çødé.py'", "b'a/b.c'",
    "b'/x/../y'",
]
FIXTURE_NAMES = [
    "'a.txt'", "'sub'", "'link_to_a'", "'link_to_sub'", "'dangling'", "'emptydir'", "'missing'", "'.hidden'",
    "'noperm.txt'", "'sub/deeper/d.txt'", "'with space.txt'", "'a.txt/x'",
]
FIXED = [
    "import os.path\nresult = os.path.join('a', '/b', 'c')",
    "import os.path\nresult = os.path.join(b'a', 'b')",
    "import os.path\nresult = os.path.join()",
    "import os.path\nresult = os.path.commonpath(['/a/b', 'a/b'])",
    "import os.path\nresult = os.path.commonpath([])",
    "import os.path\nresult = os.path.commonprefix(['abc', 'abd', 'ab'])",
    "import os.path\nresult = os.path.relpath('/a/b/c', '/a/x')",
    "import os.path\nresult = os.path.expandvars('$UNSET_VAR_DIFFTEST and ${UNSET_VAR_DIFFTEST} $')",
    "import os.path\nresult = os.path.normpath(None)",
    "import os.path\nresult = os.path.basename(3)",
    "import os, os.path\nresult = sorted(os.listdir(FIX))",
    "import os, os.path\nresult = sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX))",
    "import os, os.path\nresult = sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX, followlinks=True))",
    "import os.path\nresult = os.path.realpath(os.path.join(FIX, 'link_to_sub', 'c.txt'))[len(FIX):]",
    "import os.path\nresult = os.path.realpath(os.path.join(FIX, 'dangling'))[len(FIX):]",
    "import os.path\nresult = os.path.samefile(os.path.join(FIX, 'a.txt'), os.path.join(FIX, 'link_to_a'))",
    "import os.path\nresult = os.path.samefile(os.path.join(FIX, 'a.txt'), os.path.join(FIX, 'missing'))",
    "import os.path\nresult = os.path.getmtime(os.path.join(FIX, 'sub'))",
    "import os.path\nresult = os.path.getsize(os.path.join(FIX, 'bin.dat'))",
    "import os.path\nresult = os.path.getsize(os.path.join(FIX, 'missing'))",
    "import os.path\nresult = os.path.ismount('/'), os.path.ismount(FIX)",
    ("proxy", "import os.path", "M['os.path'].join(FIX, 'sub', 'c.txt')[len(FIX):]"),
    ("proxy", "import os.path", "M['os.path'].exists(FIX + '/a.txt'), M.os.path.isdir(FIX + '/link_to_sub')"),
    ("proxy", "import os.path", "M['os.path'].splitext('archive.tar.gz')"),
    ("proxy", "import os.path", "M['os.path'].getsize(FIX + '/missing')"),
]
# fmt: on
ABSOLUTE = [p for p in PATHS if p.startswith("'/")]
PURE = ["basename", "dirname", "split", "splitext", "splitdrive", "isabs", "normpath", "normcase", "expanduser"]
QUERIES = ["exists", "lexists", "isfile", "isdir", "islink", "getsize", "getmtime", "getatime"]


def draw(rng):
    kind = rng.random()
    if kind < 0.45:
        return ("exec", f"import os.path\nresult = os.path.{rng.choice(PURE)}({rng.choice(PATHS)})")
    if kind < 0.6:
        a, b = rng.choice(PATHS), rng.choice(PATHS)
        return ("exec", f"import os.path\nresult = os.path.join({a}, {b})")
    if kind < 0.7:
        # Absolute paths only: the servers' working directory is not this process's.
        start = rng.choice(["'/a/b'", "'/'", "'/a/b/c/../d'"])
        return ("exec", f"import os.path\nresult = os.path.relpath({rng.choice(ABSOLUTE)}, {start})")
    name = rng.choice(FIXTURE_NAMES)
    return ("exec", f"import os.path\nresult = os.path.{rng.choice(QUERIES)}(os.path.join(FIX, {name}))")


family("mod_os_path", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
