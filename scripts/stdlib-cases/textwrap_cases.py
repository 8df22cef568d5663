PREFIX = "import textwrap\nfrom textwrap import *\nLOREM = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.'\n"
T = "The quick brown fox jumps over the lazy dog. A well-known pangram -- used by typists -- since the late 19th century! Really? Yes."
CASES = [
    "wrap(LOREM)", "wrap(LOREM, 20)", "wrap(LOREM, width=33)", "fill(LOREM, 40)", "fill(LOREM)",
    f"wrap({T!r}, 25)", f"wrap({T!r}, 12)", f"wrap({T!r}, 10, break_on_hyphens=False)",
    f"wrap({T!r}, 30, fix_sentence_endings=True)", f"fill({T!r}, 30, initial_indent='* ', subsequent_indent='  ')",
    "wrap('supercalifragilisticexpialidocious and more', 10)",
    "wrap('supercalifragilisticexpialidocious and more', 10, break_long_words=False)",
    "wrap('a-very-long-hyphenated-compound-word here', 8)", "wrap('--------------- x', 5)",
    "wrap('tab\\tseparated\\ttext with\\ttabs', 15)", "wrap('tab\\tseparated', 40, expand_tabs=False)",
    "wrap('tab\\tseparated', 40, tabsize=4)", "wrap('line one\\nline two\\n\\nline four', 40)",
    "wrap('line one\\nline two', 40, replace_whitespace=False)", "wrap('  leading and trailing  ', 40)",
    "wrap('  leading and trailing  ', 40, drop_whitespace=False)", "wrap('', 10)", "wrap('   ', 10)",
    "wrap(LOREM, 30, max_lines=3)", "wrap(LOREM, 30, max_lines=2, placeholder=' ...')", "wrap(LOREM, 15, max_lines=1)",
    "wrap('Hello world', 5, max_lines=1)", "wrap('Hello world', 10, max_lines=1, placeholder='[...]')",
    "wrap('x', 0)", "wrap('x', -1)", "wrap('hello', 3, max_lines=1)", "wrap('hello world', 20, max_lines=1, placeholder='x' * 30)",
    "wrap('x', 10, colour=1)", "wrap()", "wrap('a', 1, 2)",
    "shorten('Hello  world!', width=12)", "shorten('Hello  world!', width=11)", "shorten('Hello world!', width=10, placeholder='...')",
    "shorten(LOREM, 50)", "shorten('   spaced    out   text  ', 100)", "shorten('x')",
    "dedent('    hello\\n      world\\n    !')", "dedent('\\thello\\n    world')", "dedent('  a\\n\\n  b\\n   \\n  c')",
    "dedent('no indent\\n  some')", "dedent('  \\t mixed\\n  \\t  more')", "dedent('')", "dedent('   \\n   ')",
    "dedent('    x\\n  y\\n      z\\n')", "dedent('\\n    def f():\\n        return 1\\n')", "dedent(5)",
    "indent('hello\\nworld\\n', '> ')", "indent('a\\n\\n  \\nb', '+')", "indent('a\\r\\nb\\rc', '# ')",
    "indent('a\\nb\\n', '$ ', lambda line: line[0] == 'b')", "indent('x', 5)",
    "TextWrapper(width=10).wrap('hello there general kenobi')", "TextWrapper().width", "TextWrapper().placeholder",
    ("w = TextWrapper(width=20)\nw.initial_indent = '>> '", "w.fill(LOREM)"),
    ("w = TextWrapper(15, break_long_words=False)", "w.wrap('a muchlongerthanfifteenchars word')"),
    "TextWrapper(foo=1)",
    "wrap('e-mail addresses and well-known x-ray a-b-c-d', 6)", "wrap('this--that and this -- that', 7)",
    "wrap('Mr. Smith went.  Then. end.', 14, fix_sentence_endings=True)",
    "wrap('ünïcödé wörds häve lëngths too', 12)",
]
CASES += [
    "wrap(b'abc')", "wrap(bytearray(b'abc'))", "wrap(b'abc', replace_whitespace=False)", "wrap(5)",
    "wrap(5, expand_tabs=False)", "wrap(5, expand_tabs=False, replace_whitespace=False)",
    ("w = TextWrapper(replace_whitespace=False)", "w.fill(b'ab')"),
]
CASES += ["textwrap.re is __import__('re'), 'TextWrapper' in dir(textwrap), 're' in dir(textwrap)"]
