"""string: the constants, capwords (default and explicit separators,
whitespace runs, Unicode), Template (substitute/safe_substitute with
mappings and keywords, $$, ${braced}, invalid placeholders and the line
and column CPython reports, non-ASCII identifiers, get_identifiers,
is_valid), Formatter (format/vformat with Lib/string.py's numbering and
recursion rules, parse, get_field, convert_field, format_field); Template
and Formatter through the client (``M.string``)."""

from cases import family

from .seqs import program_or_eval, programs

# fmt: off
FIXED = [
    "import string\nresult = string.ascii_letters, string.ascii_lowercase, string.ascii_uppercase, string.digits",
    "import string\n"
        "result = string.hexdigits, string.octdigits, string.punctuation, string.printable, string.whitespace",
    "import string\nresult = string.capwords('hello   world  '), string.capwords(' a\\tb\\nc '), string.capwords('')",
    "import string\n"
        "result = string.capwords('hello-world foo-bar', '-'), string.capwords('a--b', '-'), string.capwords('x y', "
        "None)",
    "import string\n"
        "result = string.capwords('ßtraße éclair ǆx'), string.capwords(\"they're bill's\"), "
        "string.capwords('ÉCOLE 1st')",
    "import string\nresult = string.capwords(5)",
    "import string\nresult = string.capwords('a b', '')",
    "import string\nresult = string.capwords('a b', 5)",
    "import string\nresult = string.capwords('a\\u2003b\\x1cc')",
    "from string import Template\nresult = Template('$who likes $what').substitute(who='tim', what='kung pao')",
    "from string import Template\nresult = Template('$who likes $what').substitute({'who': 'tim'}, what=5)",
    "from string import Template\nresult = Template('$who and $who').substitute({'who': 'a'}, who='kw')",
    "from string import Template\nresult = Template('$who likes $what').substitute(who='tim')",
    "from string import Template\nresult = Template('$who likes $what').safe_substitute(who='tim')",
    "from string import Template\nresult = Template('Give $who $100').substitute(who='x')",
    "from string import Template\nresult = Template('Give $who $100').safe_substitute(who='x')",
    "from string import Template\nresult = Template('ab\\ncd $').substitute()",
    "from string import Template\nresult = Template('ab\\ncd\\nxy$!').substitute()",
    "from string import Template\nresult = Template('$').substitute()",
    "from string import Template\nresult = Template('$$ is a dollar, $$$x').substitute(x=1)",
    "from string import Template\nresult = Template('${noun}ification ${ noun }').substitute(noun='x')",
    "from string import Template\n"
        "result = Template('${noun}ification').substitute(noun='x'), Template('${noun').safe_substitute(noun='x')",
    "from string import Template\nresult = Template('${noun').substitute(noun='x')",
    "from string import Template\nresult = Template('${}').substitute()",
    "from string import Template\nresult = Template('$é and $_x1 $x_').safe_substitute(x_=1)",
    "from string import Template\nresult = Template('$é').substitute({'é': 1})",
    "from string import Template\nresult = Template('$KEY $key').substitute(KEY=1, key=2)",
    "from string import Template\nresult = Template('$a$b${c}d').substitute(a=1, b=[2], c=None)",
    "from string import Template\nresult = Template('$a').substitute(5)",
    "from string import Template\nresult = Template('$a').substitute({}, {})",
    "from string import Template\nresult = Template('$a').substitute({'a': 1}, a=2, b=3)",
    "from string import Template\nresult = Template(5).template",
    "from string import Template\n"
        "result = Template('$a').template, Template.delimiter, Template.idpattern, Template.braceidpattern, "
        "Template.flags",
    "from string import Template\nresult = Template('$a $b ${c} $a $$d $1').get_identifiers()",
    "from string import Template\n"
        "result = Template('$a $b').is_valid(), Template('$a $').is_valid(), Template('${a').is_valid(), "
        "Template('$$').is_valid()",
    "from string import Template\nresult = Template('x $ y').get_identifiers()",
    "from string import Template\n"
        "result = Template('$a').safe_substitute(), Template('').substitute(), "
        "Template('no placeholders').substitute(x=1)",
    "from string import Template\n"
        "result = Template('$a.$b').substitute(a='x', b='y'), Template('$a$').safe_substitute(a=1)",
    "from string import Template\nresult = Template('\\u00e9$x\\U0001f600').substitute(x='!')",
    "from string import Template\nt = Template('$x')\nresult = t.substitute(x=1), t.substitute(x=2), t.template",
    "from string import Template\n"
        "result = Template('${x}${y}').safe_substitute({'x': 'X'}), Template('$x$y').safe_substitute(y='Y')",
    "from string import Template\nresult = Template('line1\\n  $bad $').safe_substitute(bad=1)",
    "from string import Template\nresult = Template('line1\\n  $ok $').substitute(ok=1)",
    "from string import Template\nresult = Template('a\\r\\nb $').substitute()",
    # Formatter
    "from string import Formatter\n"
        "F = Formatter()\n"
        "result = F.format('{} {x!r} {1[1]:>3}', 'ab', 'cd', x=1), F.format('{:{}}', 'a', 3)",
    "from string import Formatter\nresult = Formatter().format('{}{0}', 1)",
    "from string import Formatter\nresult = Formatter().format('{:{:{}}}', 'a', 3, 4)",
    "from string import Formatter\nresult = Formatter().format('{a}', b=1)",
    "from string import Formatter\nresult = Formatter().format('{5}', 1)",
    "from string import Formatter\nresult = Formatter().format('}')",
    "from string import Formatter\nresult = Formatter().format()",
    "from string import Formatter\nresult = Formatter().format(5)",
    "from string import Formatter\nresult = Formatter().vformat('{0}-{k}', [1], {'k': 2})",
    "from string import Formatter\n"
        "result = list(Formatter().parse('x{0!r:>{w}}y{{')), list(Formatter().parse('{}')), "
        "list(Formatter().parse(''))",
    "from string import Formatter\nresult = list(Formatter().parse('a{0}b}'))",
    "from string import Formatter\n"
        "F = Formatter()\n"
        "result = F.get_field('0.real', [3], {}), F.get_value('k', (), {'k': 1}), F.convert_field('é', 'a'), "
        "F.format_field(3.14159, '.2f'), F.check_unused_args(set(), (), {})",
    "from string import Formatter\nresult = Formatter().convert_field(1, 'q')",
    "from string import Formatter\nresult = Formatter().format_field(1, 5)",
    "from string import Formatter\nresult = type(Formatter()).__module__, type(Formatter().parse('')).__name__",
    "import string\nresult = sorted(n for n in dir(string) if not n.startswith('_'))",
    # proxy
    ("proxy", "import string", "M.string.ascii_lowercase"),
    ("proxy", "import string", "M.string.capwords('hello world')"),
    ("proxy", "import string", "M.string.Template('$x and $y').substitute(x=1, y='b')"),
    ("proxy", "import string", "M.string.Template('$x and $y').safe_substitute({'x': 1})"),
    ("proxy", "import string", "M.string.Template('$x').substitute()"),
    ("proxy", "import string", "M.string.Template('oops $').substitute()"),
    ("proxy", "import string", "M.string.Template('$a $b $a').get_identifiers()"),
    ("proxy", "import string", "M.string.Formatter().format('{0}-{x:>3}', 1, x='y')"),
    ("proxy", "import string", "list(M.string.Formatter().parse('a{b!s:c}'))"),
    ("proxy", "import string", "M.string.Formatter().format('{z}')"),
]

TEXTS = [
    "''", "'hello world'", "'  lead and trail  '", "'tab\\tsep\\tx'", "'new\\nline'", "'MiXeD cAsE wOrDs'",
    "'ﬁrst ǅx ßa'", "'a-b-c'", "'x--y'", "'123abc 4DEF'", "'élan vital'", "\"o'neil o'brien\"",
    "'\\u2003wide\\u3000space'", "'a'",
]
TEMPLATES = [
    "'$a'", "'$a $b'", "'${a}b'", "'$$a'", "'$a$'", "'$'", "'${a'", "'$1'", "'x\\n$a $!'", "'$aa $a_b ${c}'", "'$é'",
    "'${ a }'", "'$a.$b'", "'$$$$'", "'$a-$b'", "'price: $$5 $a'", "'\\n\\n  $?'", "'${}'",
]
MAPPINGS = [
    "", "a=1", "a='x', b='y'", "{'a': 1}", "{'a': [1], 'b': None}", "{'aa': 2}, a=3", "{'c': 0, 'a_b': 1}", "é=1",
]
# fmt: on


def draw(rng):
    if rng.random() < 0.35:
        sep = rng.choice(["", "", ", None", ", '-'", ", ' '", ", 'a'", ", '\\n'"])
        return program_or_eval(rng, {"string": "string"}, f"string.capwords({rng.choice(TEXTS)}{sep})")
    t = rng.choice(TEMPLATES)
    method = rng.choice(["substitute", "safe_substitute", "substitute", "get_identifiers", "is_valid"])
    args = rng.choice(MAPPINGS) if method.endswith("substitute") else ""
    expr = f"Template({t}).{method}({args})"
    if rng.random() < 0.1:
        return ("proxy", "import string", f"M.string.{expr}")
    return ("exec", f"from string import Template\nresult = {expr}")


family("mod_string", __doc__, lambda: programs(FIXED), draw, weight=1, suite="stdlib")
