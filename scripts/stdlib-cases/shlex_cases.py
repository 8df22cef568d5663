PREFIX = "import shlex\n"
inputs = [
    "ls -la /tmp", "echo 'hello world'", 'echo "hello world"', "a\\ b c", "'a'\"b\"c", "  lead   trail  ",
    "x # comment here\ny", "x#y z", 'say "he said \\"hi\\""', "say 'it''s'", 'back\\\\slash', '"back\\\\slash"',
    "'back\\\\slash'", '"a\\$b"', '"a\\b"', "''", '""', "a '' b", 'a "" b', "unterminated 'quote", 'unterminated "dq',
    "trailing\\", "", "   ", "tab\tsep\rcr\nnl", "a='b c' d=\"e f\"", "--opt=\"value with spaces\"", "ünï 'cödé'",
    "'multi\nline'", "a\\\nb", "'a'#b", "#whole line\nnext", "a;b|c&d", "$HOME/x ${VAR}", "\"'\" '\"'",
]
CASES = []
for s in inputs:
    CASES.append(f"shlex.split({s!r})")
    CASES.append(f"shlex.split({s!r}, comments=True)")
    CASES.append(f"shlex.split({s!r}, posix=False)")
    CASES.append(f"shlex.split({s!r}, True, False)")
CASES += [
    "shlex.quote('')", "shlex.quote('safe-string_1.0/x:y,z=@%+')", "shlex.quote('has space')", "shlex.quote(\"it's\")",
    "shlex.quote('$HOME')", "shlex.quote('ünï')", "shlex.quote('a\\nb')", "shlex.quote(5)", "shlex.quote(b'abc')",
    "shlex.quote(b'')", "shlex.quote(0)", "shlex.quote(None)",
    "shlex.join(['ls', '-l', 'my file', \"it's\"])", "shlex.join([])", "shlex.join(['a', 1])",
    "shlex.split(shlex.join(['a b', \"c'd\", 'e\"f', '']))", "shlex.split(5)",
]
# The shlex.shlex class: tokens, punctuation, pushback, sources, errors, attributes.
CASES += [
    'list(shlex.shlex(\'a b=c "d e" # x\'))',
    'list(shlex.shlex(\'a b=c "d e" # x\', posix=True))',
    "list(shlex.shlex('a && b || c; d | e', punctuation_chars=True))",
    ("lex = shlex.shlex('a && b;c', posix=True, punctuation_chars=';&')", 'list(lex), lex.wordchars[-6:]'),
    ("lex = shlex.shlex('a (b) c', punctuation_chars='()')", 'list(lex)'),
    ("lex = shlex.shlex('a ~/x-y.z', punctuation_chars=True)", 'list(lex)'),
    ("lex = shlex.shlex('x y')\nlex.push_token('first')", 'lex.get_token(), lex.get_token(), lex.get_token(), lex.get_token()'),
    ("lex = shlex.shlex('a\\nb\\nc')", '[(t, lex.lineno) for t in lex]'),
    'list(shlex.shlex(\'"open\', posix=True))',
    'list(shlex.shlex(\'"open\'))',
    "list(shlex.shlex('a\\\\', posix=True))",
    ("lex = shlex.shlex('a:b:c')\nlex.whitespace = ':'", 'list(lex)'),
    ("lex = shlex.shlex('a-b c.d', posix=True)\nlex.whitespace_split = True", 'list(lex)'),
    ("lex = shlex.shlex('a%b', posix=True)\nlex.commenters = '%'", 'list(lex)'),
    ("lex = shlex.shlex('')", 'lex.get_token(), lex.eof, list(lex)'),
    ("lex = shlex.shlex('', posix=True)", 'lex.get_token(), lex.eof'),
    ("lex = shlex.shlex('a b')", 'lex.read_token(), lex.token, lex.state, lex.posix, lex.quotes, lex.escape, lex.whitespace_split'),
    ('lex = shlex.shlex(\'"ab\', posix=True)\ntry:\n    lex.get_token()\nexcept ValueError as e:\n    err = str(e)', 'err, lex.token, lex.state'),
    "shlex.shlex('a', punctuation_chars=5)",
    "shlex.shlex('a', punctuation_chars=['ab'])",
    ("lex = shlex.shlex('a')", "setattr(lex, 'punctuation_chars', '|')"),
    ("lex = shlex.shlex('a b')\nlex.source = 'b'", "lex.error_leader(), lex.error_leader('f', 7)"),
    ("lex = shlex.shlex('x')\nlex.push_source('p q')", 'list(lex), lex.lineno'),
    ("lex = shlex.shlex('a b')\nlex.note = 1", 'lex.note, lex.pushback, lex.filestack, lex.infile, lex.source, lex.debug'),
]
