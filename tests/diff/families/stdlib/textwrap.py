"""textwrap: wrap/fill/shorten over a pool of awkward text (long words,
hyphens, em-dashes, tabs, sentence endings, runs of whitespace, Unicode,
empty and blank strings) and every option (width, indents, expand_tabs,
tabsize, replace_whitespace, drop_whitespace, break_long_words,
break_on_hyphens, fix_sentence_endings, max_lines, placeholder), dedent
and indent (predicates, mixed tabs and spaces, whitespace-only lines),
TextWrapper objects, errors; through the client (``M.textwrap``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
TEXTS = [
    "''", "' '", "'\\n\\n'", "'a'", "'Hello world'", "'The quick brown fox jumps over the lazy dog.'",
    "'supercalifragilisticexpialidocious and more'",
    "'well-known state-of-the-art long-hyphenated-compound-words here'",
    "'em\\u2014dash and--double--dash text'", "'tabs\\tin\\tthe\\ttext\\there'",
    "'Mr. Smith went. He said so!  Then left?  Yes.'",
    "'  leading and trailing spaces  '", "'multiple    internal     spaces'", "'line one\\nline two\\n\\nline four'",
    "'ünïcödé wörds ärë hërë tôô and 日本語のテキスト'", "'x' * 50", "'a b c d e f g h i j k l m n o p'",
    "'http://example.com/a/very/long/url/path?query=string&x=1'", "'trailing-'", "'-leading hyphen'",
    "'numbers 123-456 and -7 and 3.14'", "'a\\x0bb\\x0cc\\rd'", "'end.  Start'", "'  \\t indented with tab'",
    "'word ' * 20",
]
OPTIONS = [
    "", "initial_indent='* '", "subsequent_indent='  '", "expand_tabs=False", "tabsize=4", "replace_whitespace=False",
    "drop_whitespace=False", "break_long_words=False", "break_on_hyphens=False", "fix_sentence_endings=True",
    "max_lines=2", "max_lines=1, placeholder='~'", "max_lines=3, placeholder=' [...]'",
    "initial_indent='>>>>', subsequent_indent='>'",
    "tabsize=0", "break_long_words=False, break_on_hyphens=False", "expand_tabs=False, replace_whitespace=False",
]
WIDTHS = ["1", "2", "5", "8", "10", "12", "15", "20", "30", "70", "100"]
FIXED = [
    "import textwrap\nresult = textwrap.wrap('The quick brown fox jumps over the lazy dog.', 10)",
    "import textwrap\n"
        "result = textwrap.fill('The quick brown fox jumps over the lazy dog.', width=15, initial_indent='- ', "
        "subsequent_indent='  ')",
    "import textwrap\n"
        "result = textwrap.wrap('', 10), textwrap.wrap('   ', 10), textwrap.fill('', 5), textwrap.wrap('   ', 10, "
        "drop_whitespace=False)",
    "import textwrap\nresult = textwrap.wrap('abc', 0)",
    "import textwrap\nresult = textwrap.wrap('abc', -1)",
    "import textwrap\nresult = textwrap.wrap('abc', 1.5)",
    "import textwrap\nresult = textwrap.wrap('hello world', 5, max_lines=1, placeholder='...')",
    "import textwrap\nresult = textwrap.wrap('hello world', 5, max_lines=1, placeholder='......')",
    "import textwrap\nresult = textwrap.wrap('hello world', 5, max_lines=0)",
    "import textwrap\nresult = textwrap.wrap('hello world', 4, initial_indent='>>>>')",
    "import textwrap\nresult = textwrap.wrap('a b', 1, initial_indent='x')",
    "import textwrap\n"
        "result = textwrap.wrap('hello world again', 10, max_lines=2, initial_indent='  ', placeholder=' ..')",
    "import textwrap\nresult = textwrap.wrap(5)",
    "import textwrap\nresult = textwrap.wrap(b'abc')",
    "import textwrap\nresult = textwrap.wrap('abc', nope=1)",
    "import textwrap\n"
        "result = textwrap.shorten('Hello  world!', width=12), textwrap.shorten('Hello  world!', width=11), "
        "textwrap.shorten('Hello world', 11)",
    "import textwrap\n"
        "result = textwrap.shorten('Hello world!', width=10, placeholder=' ...'), textwrap.shorten('   ', 5), "
        "textwrap.shorten('abcdefghij', 5)",
    "import textwrap\nresult = textwrap.shorten('Hello world', 5, placeholder='[...........]')",
    "import textwrap\nresult = textwrap.shorten('a b c', 3, max_lines=2)",
    "import textwrap\n"
        "result = textwrap.shorten('The quick brown fox', 10, break_long_words=False, fix_sentence_endings=True)",
    "import textwrap\n"
        "result = textwrap.dedent('    a\\n"
        "      b\\n"
        "    c'), textwrap.dedent('  a\\n"
        "\\tb'), textwrap.dedent('\\ta\\n"
        "\\tb')",
    "import textwrap\n"
        "result = textwrap.dedent('  a\\n"
        "   \\n"
        "  b\\n"
        "'), textwrap.dedent('  a\\n"
        "\\n"
        "    b'), textwrap.dedent(''), textwrap.dedent('   ')",
    "import textwrap\n"
        "result = textwrap.dedent(' \\t a\\n"
        " \\t b'), textwrap.dedent('\\t a\\n"
        "  b'), textwrap.dedent('a\\n"
        "  b'), textwrap.dedent('  x\\r\\n"
        "  y')",
    "import textwrap\nresult = textwrap.dedent('\\u3000a\\n\\u3000b'), textwrap.dedent('  a  \\n  b  ')",
    "import textwrap\nresult = textwrap.dedent(5)",
    "import textwrap\n"
        "result = textwrap.indent('a\\n"
        "b\\n"
        "\\n"
        "c\\n"
        "', '> '), textwrap.indent('a\\n"
        "  \\n"
        "b', '+'), textwrap.indent('', 'x'), textwrap.indent('a\\r\\n"
        "b\\rc', '|')",
    "import textwrap\n"
        "result = textwrap.indent('a\\n"
        "\\n"
        "b', '> ', lambda line: True), textwrap.indent('a\\n"
        "bb\\n"
        "', '-', lambda l: len(l) > 2)",
    "import textwrap\nresult = textwrap.indent('a\\nb', 5)",
    "import textwrap\nresult = textwrap.indent('a\\nb', '>', 5)",
    "import textwrap\nresult = textwrap.indent('a\\nb', '>', lambda l: 1 / 0)",
    "import textwrap\n"
        "w = textwrap.TextWrapper(width=12, initial_indent='* ')\n"
        "result = w.wrap('one two three four five'), w.fill('six seven'), w.width, w.initial_indent",
    "import textwrap\n"
        "w = textwrap.TextWrapper()\n"
        "result = w.width, w.expand_tabs, w.tabsize, w.replace_whitespace, w.drop_whitespace, w.break_long_words, "
        "w.break_on_hyphens, w.fix_sentence_endings, w.max_lines, w.placeholder, w.initial_indent, w.subsequent_indent",
    "import textwrap\n"
        "w = textwrap.TextWrapper(width=10)\n"
        "w.width = 4\n"
        "w.break_long_words = False\n"
        "result = w.wrap('abcdefgh ij')",
    "import textwrap\nw = textwrap.TextWrapper(width=0)\nresult = w.wrap('x')",
    "import textwrap\nw = textwrap.TextWrapper(5, break_on_hyphens=False)\nresult = w.wrap('aa-bb-cc dd')",
    "import textwrap\nresult = textwrap.TextWrapper(1, 2).width",
    "import textwrap\n"
        "result = textwrap.fill('a\\tb\\tc', 8, tabsize=4), textwrap.fill('a\\tb', 20, expand_tabs=False), "
        "textwrap.fill('a\\tb', 20, expand_tabs=False, replace_whitespace=False)",
    "import textwrap\n"
        "result = textwrap.wrap('Hello.  World. Mr. X.  ok? yes!  \"Quoted.\"  next', 80, fix_sentence_endings=True)",
    "import textwrap\n"
        "result = textwrap.wrap('a-b-c-d-e-f-g-h-i-j', 4), textwrap.wrap('a-b-c-d-e-f-g-h-i-j', 4, "
        "break_on_hyphens=False)",
    "import textwrap\nresult = textwrap.wrap('--option-name value -x', 8), textwrap.wrap('1-2-3 a--b c---d', 3)",
    "import textwrap\nresult = textwrap.wrap('abcdefghij', 3), textwrap.wrap('abcdefghij', 3, break_long_words=False)",
    "import textwrap\nresult = textwrap.wrap('a' * 10 + ' b', 4, initial_indent='++', subsequent_indent='+')",
    "import textwrap\n"
        "result = textwrap.wrap('x ' * 10, 4, drop_whitespace=False), textwrap.wrap(' x  y ', 3, "
        "drop_whitespace=False)",
    "import textwrap\n"
        "result = textwrap.fill(' lead', 10), textwrap.fill('trail ', 10), textwrap.wrap('\\n"
        "\\n"
        "x\\n"
        "', 10, replace_whitespace=False)",
    "import textwrap\nresult = textwrap.wrap('ab\\u00adcd ef', 3), textwrap.wrap('日本語 テキスト です', 3)",
    "import textwrap\n"
        "result = textwrap.wrap('one two three', 7, max_lines=2, placeholder=''), textwrap.wrap('one two', 100, "
        "max_lines=1)",
    "import textwrap\n"
        "result = textwrap.wrap('one two three four', 9, max_lines=2, placeholder=' ...', break_long_words=False)",
    "import textwrap\nresult = sorted(n for n in dir(textwrap) if not n.startswith('_'))",
    # proxy
    ("proxy", "import textwrap", "M.textwrap.wrap('The quick brown fox jumps over the lazy dog', 12)"),
    ("proxy", "import textwrap", "M.textwrap.fill('a b c d e', 3)"),
    ("proxy", "import textwrap", "M.textwrap.shorten('Hello  world!', 11)"),
    ("proxy", "import textwrap", "M.textwrap.dedent('   x\\n   y')"),
    ("proxy", "import textwrap", "M.textwrap.indent('a\\n\\nb', '# ', lambda line: line.strip() != 'b')"),
    ("proxy", "import textwrap", "M.textwrap.wrap('abc', 0)"),
    ("proxy", "import textwrap", "M.textwrap.TextWrapper(width=5).wrap('aaa bbb ccc')"),
]
INDENT_TEXTS = [
    "'a\\nb'", "'  a\\n    b\\n'", "'\\ta\\n\\t\\tb'", "'\\n  \\n x'", "' \\t a\\n\\t  b'", "'a\\r\\nb\\r\\n'", "''",
    "'   '", "'x\\n\\n\\n  y'", "'  one\\n  two\\n   three'",
]

PREFIXES = ["'> '", "'\\t'", "''", "'  '"]
# fmt: on


def draw(rng):
    kind = rng.random()
    text = rng.choice(TEXTS)
    if kind < 0.7:
        fn = rng.choice(["wrap", "fill", "wrap"])
        opts, names = [], set()
        for o in rng.sample(OPTIONS, rng.randrange(0, 3)):
            keys = {kv.split("=")[0].strip() for kv in o.split(",") if kv}
            if o and not keys & names:  # a keyword given twice does not compile
                opts.append(o)
                names |= keys
        width = rng.choice(WIDTHS)
        if any("indent" in o for o in opts) and int(width) <= 4:
            # An indent as wide as the line: CPython's _wrap_chunks then crawls one character per pass.
            width = "10"
        args = ", ".join([width] + opts)
        if rng.random() < 0.08:
            return ("proxy", "import textwrap", f"M.textwrap.{fn}({text}, {args})")
        return program_or_eval(rng, {"textwrap": "textwrap"}, f"textwrap.{fn}({text}, {args})")
    if kind < 0.82:
        width = rng.choice(["5", "10", "15", "25", "40"])
        ph = rng.choice(["", ", placeholder='...'", ", placeholder=''", ", placeholder=' [more]'"])
        return program_or_eval(rng, {"textwrap": "textwrap"}, f"textwrap.shorten({text}, {width}{ph})")
    if kind < 0.91:
        return program_or_eval(rng, {"textwrap": "textwrap"}, f"textwrap.dedent({rng.choice(INDENT_TEXTS)})")
    pred = rng.choice(["", ", lambda l: True", ", lambda l: l.startswith(' ')", ", None"])
    prefix = rng.choice(PREFIXES)
    return ("exec", f"import textwrap\nresult = textwrap.indent({rng.choice(INDENT_TEXTS)}, {prefix}{pred})")


family("mod_textwrap", __doc__, lambda: programs(FIXED), draw, weight=2, suite="stdlib")
