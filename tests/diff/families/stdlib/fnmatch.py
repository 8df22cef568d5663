"""fnmatch: translate (byte-identical regular expressions), fnmatch,
fnmatchcase and filter over drawn names and patterns with stars, sets,
ranges (empty, reversed, with hyphens), negation and escapes; str and
bytes; type errors."""

from cases import family

# fmt: off
NAMES = ["'a.txt'", "'A.TXT'", "'.hidden'", "'b.py'", "'x'", "''", "'a-b'", "'a]b'", "'[x]'", "'a\\nb'", "'ü.txt'",
         "'a*b'", "'a?b'", "'a\\\\b'", "'-'", "'^'", "'!x'", "'abc.tar.gz'"]
PATTERNS = ["'*'", "'*.txt'", "'?'", "'a*'", "'*a*b*'", "'[ab]*'", "'[!ab]*'", "'[a-c]*'", "'[z-a]'", "'[!z-a]'",
            "'[a-]*'", "'[-a]*'", "'[]]'", "'[!]]'", "'a[]]b'", "'[\\\\]'", "'[^x]*'", "'[[]x]'", "'[a-c-e]'",
            "'*.[tp]*'",
            "'['", "'[!'", "'a?b'", "'a[*]b'", "'.*'", "''", "'**'", "'a\\\\*'", "'[!]'", "'[&&]'", "'*.tar.*'", "'ü*'",
            "'[a-b-c-d]'", "'[b-a]*'", "'?*?'"]
FIXED = [
    "import fnmatch\nresult = [fnmatch.translate(p) for p in " + "[" + ", ".join(PATTERNS) + "]]",
    "import fnmatch\nresult = fnmatch.filter(['a.txt', 'b.py', '.x', 'c.txt'], '*.txt')",
    "import fnmatch\nresult = fnmatch.filter([b'a.txt', b'b.py'], b'*.py')",
    "import fnmatch\nresult = fnmatch.filter('abc', '[ab]')",
    "import fnmatch\nresult = fnmatch.filter(['a', b'b'], '*')",
    "import fnmatch\nresult = fnmatch.fnmatch('a', b'a')",
    "import fnmatch\nresult = fnmatch.fnmatch(1, 'a')",
    "import fnmatch\nresult = fnmatch.fnmatchcase(1, 'a')",
    "import fnmatch\nresult = fnmatch.fnmatchcase('a', 1)",
    "import fnmatch\nresult = fnmatch.translate(1)",
    "import fnmatch\nresult = fnmatch.translate(b'a*')",
    "import fnmatch\nresult = fnmatch.fnmatchcase(b'\\xff', b'[\\xf0-\\xff]')",
    "import fnmatch\nresult = fnmatch.fnmatch('A.TXT', '*.txt'), fnmatch.fnmatchcase('A.TXT', '*.TXT')",
    "import fnmatch, pathlib\nresult = fnmatch.fnmatch(pathlib.PurePath('a.py'), '*.py')",
    "import fnmatch\nresult = fnmatch.filter(sorted(__import__('os').listdir(FIX)), '*.txt')",
    ("proxy", "import fnmatch", "M.fnmatch.translate('*.py[co]')"),
    ("proxy", "import fnmatch", "M.fnmatch.filter(['a.py', 'b.c'], '*.py')"),
    ("proxy", "import fnmatch", "M.fnmatch.fnmatch('x.txt', '*.txt')"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]


def draw(rng):
    kind = rng.random()
    pat = rng.choice(PATTERNS)
    if kind < 0.3:
        return ("exec", f"import fnmatch\nresult = fnmatch.translate({pat})")
    if kind < 0.8:
        name = rng.choice(NAMES)
        func = rng.choice(["fnmatch", "fnmatchcase"])
        if rng.random() < 0.15:
            return ("exec", f"import fnmatch\nresult = fnmatch.{func}({name}.encode(), {pat}.encode())")
        return ("exec", f"import fnmatch\nresult = fnmatch.{func}({name}, {pat})")
    names = ", ".join(rng.sample(NAMES, 6))
    return ("exec", f"import fnmatch\nresult = fnmatch.filter([{names}], {pat})")


family("mod_fnmatch", __doc__, lambda: FIXED, draw, suite="stdlib")
