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
