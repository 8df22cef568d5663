"""shlex: split over a pool of awkward command lines (quotes of both kinds,
escapes inside and outside quotes, comments, empty strings, Unicode,
unterminated quotes and trailing escapes), POSIX and classic rules; quote
and join round trips; the shlex.shlex class (get_token, push_token,
whitespace_split, punctuation_chars, commenters, wordchars, iteration,
lineno, errors); through the client (``M.shlex``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
LINES = [
    "''", "' '", "'a b c'", "'  a   b  '", "'a\\tb\\nc'", "'\"a b\" c'", "\"'a b' c\"", "'a\"b c\"d'", "\"a'b c'd\"",
    "'\"\"'", "\"''\"", "'a \"\" b'", "\"a '' b\"", "'\\\\a \\\\\\\\ b'", "'\"a\\\\\"b\"'", "\"'a\\\\'\"", "'a\\\\ b'",
    "'ls -la # comment'", "'a#b #c'", "'echo \"# not a comment\"'", "'\"unterminated'", "\"'unterminated\"",
    "'trailing\\\\'",
    "'ünï \"cödé x\" 日本'", "'--opt=\"a b\" -x=\\'y\\''", "'cmd|grep x&&echo y;z'", "'a=1 b=\"2 3\" c'",
    "'\"\\\\$HOME\" \\'$HOME\\''",
    "'x\\\\\\ny'", "'\"a\\nb\"'", "'(a) [b] {c}'", "'foo.bar-baz/qux'", "'\"a\"\\'b\\'c'", "'\\\\\"'", "'\"\\\\\\\\\"'",
    "'a\\x00b'",
    "'\"a\" \"\"\"b\"'", "'é\\u00a0x'", "'a\\x0bb\\x0cc'",
]
WORDS = ["''", "'abc'", "'a b'", "\"it's\"", "'$HOME'", "'a\"b'", "'-x'", "'@%+=:,./-_'", "'ünï'", "'a\\nb'", "'*'",
    "'~'", "'!'"]
FIXED = [
    "import shlex\nresult = shlex.split('ls -la \"my file\" \\'x y\\'')",
    "import shlex\n"
        "result = shlex.split('a # b'), shlex.split('a # b', comments=True), shlex.split('a#b', comments=True)",
    "import shlex\nresult = shlex.split('a \"b c\" d', posix=False), shlex.split(\"a 'b c' d\", posix=False)",
    "import shlex\nresult = shlex.split('\"unterminated')",
    "import shlex\nresult = shlex.split(\"'unterminated\")",
    "import shlex\nresult = shlex.split('trailing\\\\')",
    "import shlex\nresult = shlex.split('\"unterminated', posix=False)",
    "import shlex\nresult = shlex.split('\"a\\\\\"b\" c\\\\ d \\'e\\\\\\'')",
    "import shlex\nresult = shlex.split(5)",
    "import shlex\nresult = shlex.split(b'a b')",
    "import shlex\n"
        "result = shlex.quote(''), shlex.quote('abc'), shlex.quote('a b'), shlex.quote(\"it's\"), "
        "shlex.quote('@%+=:,./-'), shlex.quote('ünï')",
    "import shlex\nresult = shlex.quote(5)",
    "import shlex\nresult = shlex.quote(b'a b')",
    "import shlex\nresult = shlex.join(['a', 'b c', \"it's\", '']), shlex.join([]), shlex.join(('x',))",
    "import shlex\nresult = shlex.join(['a', 5])",
    "import shlex\nresult = shlex.join('ab')",
    "import shlex\n"
        "args = ['echo', 'a b', \"'q'\", '\"dq\"', '$x', '\\\\', '']\n"
        "result = shlex.split(shlex.join(args)) == args",
    "import shlex\nlex = shlex.shlex('a b=c \"d e\" # x')\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a b=c \"d e\" # x', posix=True)\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a-b c.d', posix=True)\nlex.whitespace_split = True\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a && b || c; d | e', punctuation_chars=True)\nresult = list(lex)",
    "import shlex\n"
        "lex = shlex.shlex('a && b;c', posix=True, punctuation_chars=';&')\n"
        "result = list(lex), lex.wordchars[-6:]",
    "import shlex\nlex = shlex.shlex('x y z')\nresult = lex.get_token(), lex.get_token(), lex.lineno",
    "import shlex\n"
        "lex = shlex.shlex('x y')\n"
        "lex.push_token('first')\n"
        "result = lex.get_token(), lex.get_token(), lex.get_token(), lex.get_token()",
    "import shlex\nlex = shlex.shlex('x y', posix=True)\nresult = lex.get_token(), lex.get_token(), lex.get_token()",
    "import shlex\n"
        "lex = shlex.shlex('a\\n"
        "b\\n"
        "c')\n"
        "out = []\n"
        "for tok in lex:\n"
        "    out.append((tok, lex.lineno))\n"
        "result = out",
    "import shlex\nlex = shlex.shlex('\"open', posix=True)\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('\"open')\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a%b', posix=True)\nlex.commenters = '%'\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a:b:c')\nlex.whitespace = ':'\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a:b:c')\nlex.wordchars += ':'\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('')\nresult = lex.get_token(), lex.eof, list(lex)",
    "import shlex\nlex = shlex.shlex('', posix=True)\nresult = lex.get_token(), lex.eof",
    "import shlex\n"
        "lex = shlex.shlex('a b')\n"
        "result = lex.read_token(), lex.token, lex.posix, lex.quotes, lex.escape, lex.commenters, lex.whitespace_split",
    "import shlex\n"
        "lex = shlex.shlex('a b', posix=True)\n"
        "result = lex.escapedquotes, lex.punctuation_chars, lex.whitespace, lex.infile, lex.state, lex.debug",
    "import shlex\nresult = shlex.shlex('a', punctuation_chars=5)",
    "import shlex\nlex = shlex.shlex('a (b) c', punctuation_chars='()')\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('a ~/x-y.z', punctuation_chars=True)\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('echo \"a\\\\\"b\" \\'c\\\\\\'', posix=True)\nresult = list(lex)",
    "import shlex\nlex = shlex.shlex('x # comment\\ny')\nresult = list(lex)",
    "import shlex\n"
        "result = sorted(n for n in dir(shlex) if not n.startswith('_') and n not in ('os', 're', 'sys', 'deque', "
        "'StringIO'))",
    # proxy
    ("proxy", "import shlex", "M.shlex.split('a \"b c\" d')"),
    ("proxy", "import shlex", "M.shlex.split('a # b', comments=True)"),
    ("proxy", "import shlex", "M.shlex.split('\"open')"),
    ("proxy", "import shlex", "M.shlex.quote(\"it's\")"),
    ("proxy", "import shlex", "M.shlex.join(['a', 'b c'])"),
    ("proxy", "import shlex", "list(M.shlex.shlex('a b=c', posix=True))"),
    ("proxy", "import shlex\nlex = shlex.shlex('p q r')", "(ns['lex'].get_token(), ns['lex'].get_token())"),
]
# fmt: on


def draw(rng):
    kind = rng.random()
    line = rng.choice(LINES)
    if kind < 0.55:
        opts = rng.choice(["", "", ", comments=True", ", posix=False", ", comments=True, posix=False"])
        if rng.random() < 0.08:
            return ("proxy", "import shlex", f"M.shlex.split({line}{opts})")
        return program_or_eval(rng, {"shlex": "shlex"}, f"shlex.split({line}{opts})")
    if kind < 0.7:
        words = ", ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 4)))
        return ("exec", f"import shlex\nw = [{words}]\nresult = shlex.join(w), shlex.split(shlex.join(w)) == w")
    if kind < 0.8:
        return program_or_eval(rng, {"shlex": "shlex"}, f"shlex.quote({rng.choice(WORDS + LINES)})")
    posix = rng.choice(["", ", posix=True"])
    punct = rng.choice(["", "", ", punctuation_chars=True", ", punctuation_chars='|;'"])
    tweak = rng.choice(
        ["", "", "\nlex.whitespace_split = True", "\nlex.commenters = ''", '\nlex.quotes = "\'"', "\nlex.escape = ''"]
    )
    return ("exec", f"import shlex\nlex = shlex.shlex({line}{posix}{punct}){tweak}\nresult = list(lex)")


family("mod_shlex", __doc__, lambda: programs(FIXED), draw, weight=2, suite="stdlib")
