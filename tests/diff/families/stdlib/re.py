"""re: search/match/fullmatch with pos and endpos, findall/finditer, split,
sub/subn with templates and callables, the compile flags (I, M, S, X, A and
their inline forms), groups (numbered, named, optional, nested), lookaround,
backreferences, possessive-looking and lazy quantifiers, bytes patterns, and
bad patterns and templates (``re.error`` with its msg, pos, lineno, colno);
Match objects reached as netrefs from the client (``ns['m'].group(1)``)."""

from cases import family

from .seqs import programs

# A Match object does not pickle: a case observes it through this summary.
SUMMARY = "(m.span(), m.group(), m.groups(), m.groupdict(), m.lastindex, m.lastgroup) if m else m"
ERR = "try:\n    {stmt}\n    result = None\nexcept re.error as e:\n    result = (type(e).__name__, e.msg, e.pos, e.lineno, e.colno)"

# fmt: off
FIXED = [
    # flags and their inline forms
    "import re\nresult = re.findall('a.c', 'A\\nC abc a\\nc', re.I | re.S)",
    "import re\nresult = re.findall('(?is)a.c', 'A\\nC abc a\\nc')",
    "import re\nresult = re.findall('^\\\\w+$', 'one\\ntwo\\nthree', re.M)",
    "import re\nresult = re.findall('(?m)^\\\\w+$', 'one\\ntwo\\nthree\\n')",
    "import re\nresult = re.findall(r'\\w+', 'héllo wörld ½ ٣', re.A)",
    "import re\nresult = re.findall(r'(?a)\\w+', 'héllo wörld')",
    "import re\nresult = re.findall(r'''(?x) (\\d+)  # digits\n   \\s* - \\s* (\\d+) ''', '12 - 34, 5-6')",
    "import re\nresult = re.search(r'a b # c', 'ab', re.X).group()",
    "import re\nresult = re.search(r'a[ ]b # c', 'a b', re.VERBOSE).group()",
    "import re\nresult = re.search(r'a\\ b', 'a b', re.X).group()",
    "import re\nresult = re.compile('x', re.I | re.M).flags, re.compile(b'x').flags, re.compile('(?s)x').flags",
    "import re\nresult = re.compile('x', re.A).flags, re.compile('(?x)x  ').pattern",
    "import re\nresult = repr(re.I | re.M), repr(re.A), str(re.S), re.IGNORECASE == 2, int(re.X)",
    "import re\nresult = repr(re.compile('a+b', re.I)), repr(re.compile(b'x')), repr(re.compile('x', re.S | re.M))",
    "import re\nresult = re.compile('(?i:a)b').findall('AB Ab ab aB')",
    "import re\nresult = re.compile('(?-i:a)b', re.I).findall('AB Ab ab aB')",
    "import re\nresult = re.findall('[^a]', 'A\\nb', re.I)",
    "import re\nresult = re.findall('(?i)[k]', 'kK\\u212a')",
    "import re\nresult = re.findall('(?i)[\\u017f]', 'sS\\u017f')",
    "import re\nresult = re.compile('x', re.A | re.U)",
    "import re\nresult = re.compile(b'x', re.U)",
    "import re\nresult = re.compile('(?L)x')",
    "import re\nresult = re.compile(b'(?L)x').flags",
    "import re\nresult = re.compile('x', 2**40)",
    # groups
    "import re\nm = re.match(r'(a)(b)?(c)?', 'ac')\nresult = m.groups(), m.groups('-'), m.group(0, 1, 2, 3), m.span(2), m.start(3)",
    "import re\nm = re.match(r'(?P<x>a)(?P<y>b)?', 'a')\nresult = m.groupdict(), m.groupdict(0), m['x'], m.lastgroup, m.lastindex",
    "import re\nm = re.match(r'((a)(b))', 'ab')\nresult = m.lastindex, m.regs, m.group(1, 2, 3)",
    "import re\nm = re.match(r'(a)|(b)', 'b')\nresult = m.lastindex, m.groups(), m.span(1), m.end(2)",
    "import re\nm = re.match(r'(a)', 'a')\nm.group(2)",
    "import re\nm = re.match(r'(?P<n>a)', 'a')\nm.group('zz')",
    "import re\nm = re.match(r'(a)', 'a')\nm.group(-1)",
    "import re\nm = re.match(r'(a)', 'a')\nresult = m.expand(r'[\\1] \\g<0> \\g<1>')",
    "import re\nm = re.match(r'(a)(x)?', 'a')\nresult = m.expand(r'[\\2]')",
    "import re\nm = re.search(r'(\\w+)@(\\w+)', ' me@host ')\nresult = m.string, m.re.pattern, m.pos, m.endpos, m.start(), m.end()",
    "import re\np = re.compile(r'(?P<a>x)(?P<b>y)(z)')\nresult = p.groups, dict(p.groupindex)",
    "import re\nresult = re.compile('(?P<a>x)').groupindex['a']",
    "import re\nm = re.match('(a)(b)', 'ab')\nresult = m[0], m[1], m[2], len(m.groups())",
    "import re\nm = re.match('(a)(b)', 'ab')\nm[3]",
    "import re\nm = re.match('a', 'a')\nresult = bool(m), repr(m), m.__class__.__name__",
    "import re\nresult = repr(re.match('(a)|b', 'b')), repr(re.search(b'.+', b'xy\\x00'))",
    # lookaround and backreferences
    "import re\nresult = re.findall(r'\\w+(?=,)', 'a, bb, ccc')",
    "import re\nresult = re.findall(r'\\b\\w+(?!,)\\b', 'a, bb cc, d')",
    "import re\nresult = re.findall(r'(?<=\\$)\\d+', 'cost $12 and 13 and $140')",
    "import re\nresult = re.findall(r'(?<!\\$)\\b\\d+', 'cost $12 and 13 and $140')",
    "import re\nresult = re.findall(r'(\\w)\\1', 'aabbcd eef')",
    "import re\nresult = re.findall(r'(?P<q>[\\'\"]).*?(?P=q)', 'say \"hi\" and \\'yo\\' \"x')",
    "import re\nresult = re.sub(r'(\\w+) (\\w+)', r'\\2 \\1', 'hello world foo bar')",
    "import re\nresult = re.search(r'(a)?(?(1)b|c)', 'c').group(), re.search(r'(a)?(?(1)b|c)', 'ab').group()",
    "import re\nresult = re.search(r'(?P<o><)?\\w+(?(o)>)', '<tag> x').group()",
    "import re\nresult = re.findall(r'(?:ab)+', 'abababx ab')",
    "import re\nresult = re.findall(r'a{2,3}?', 'aaaaaaa'), re.findall(r'a{,2}', 'aaa'), re.findall(r'a{2}', 'aaaaa')",
    "import re\nresult = re.findall(r'<.*?>', '<a><b></b>'), re.findall(r'<.*>', '<a><b></b>')",
    "import re\nresult = re.findall(r'a{1,3}b{0}', 'aaaab')",
    "import re\nresult = re.findall(r'x{2,1000}', 'x' * 5 + 'y' + 'x')",
    "import re\nresult = re.findall(r'\\d{3}|\\d', '12345')",
    "import re\nresult = re.match(r'(?:a|ab)(?:c|bcd)(d*)', 'abcd').groups()",
    "import re\nresult = re.findall(r'[\\d\\s]+', '1 2\\t3x4'), re.findall(r'[^\\W\\d]+', 'ab1_c2')",
    "import re\nresult = re.findall(r'[]a]', ']a['), re.findall(r'[^]]', 'a]b'), re.findall(r'[a\\]]', 'a]')",
    "import re\nresult = re.findall(r'[\\w-]+', 'a-b c_d'), re.findall(r'[-a]', 'a-b'), re.findall(r'[\\-a]', '-')",
    "import re\nresult = re.findall(r'\\x41\\u00e9\\U0001F600\\101\\0', 'A\\u00e9\\U0001F600A\\0')",
    "import re\nresult = re.findall(r'\\d', '1\\u0663\\uff13'), re.findall(r'\\s', ' \\x1c\\xa0\\u2000\\t')",
    "import re\nresult = re.findall(r'\\btest\\b', 'test testing a_test (test)')",
    "import re\nresult = re.findall(r'.', 'a\\nb\\r\\u2028c')",
    "import re\nresult = re.search(r'\\Z', 'ab\\n').span(), re.search(r'$', 'ab\\n').span(), re.search(r'\\A', 'x').span()",
    # split
    "import re\nresult = re.split(r'\\W+', 'Words, words, words.')",
    "import re\nresult = re.split(r'(\\W+)', 'Words, words, words.')",
    "import re\nresult = re.split(r'\\W+', 'Words, words, words.', 1), re.split(r'\\W+', 'a b c', maxsplit=-1)",
    "import re\nresult = re.split('x*', 'axbc'), re.split(r'\\b', 'a b'), re.split('', 'abc')",
    "import re\nresult = re.split('(a)|(b)', 'xaybz')",
    "import re\nresult = re.split('[a-f]+', '0a3B9', flags=re.I)",
    "import re\nresult = re.split(b',', b'a,b,,c'), re.split(b'(,)', b'a,b')",
    "import re\nresult = re.split('(?m)^$', 'a\\n\\nb\\n')",
    "import re\nresult = re.compile(',').split('a,b,c', 1), re.compile(',').split('', 0)",
    # sub, subn, templates, callables
    "import re\nresult = re.sub(r'\\d', '#', 'a1b22c333', count=4), re.subn(r'\\d', '#', 'a1b22')",
    "import re\nresult = re.sub('x*', '-', 'abxd'), re.sub('', '-', 'abc')",
    "import re\nresult = re.sub(r'(?P<w>\\w+)', r'<\\g<w>>', 'a bc'), re.sub(r'(\\w)', r'\\g<1>0', 'ab')",
    "import re\nresult = re.sub(r'(a)', r'\\10', 'xa'), re.sub(r'(a)', r'\\0', 'a'), re.sub('a', r'\\n\\t\\\\', 'a')",
    "import re\nresult = re.sub(r'(a)|b', r'[\\1]', 'ab')",
    "import re\nresult = re.sub('a', lambda m: m.group().upper() * 2, 'banana')",
    "import re\nresult = re.sub(r'\\d+', lambda m: str(int(m.group()) * 2), 'x1 y22 z333')",
    "import re\nresult = re.sub(r'(\\w)(\\d)?', lambda m: repr(m.group(2)), 'a1b')",
    "import re\nresult = re.sub('a', lambda m: 5, 'a')",
    "import re\nresult = re.sub('a', lambda m: 1 / 0, 'a')",
    "import re\nresult = re.sub('a', lambda m: None, 'a')",
    "import re\nresult = re.sub('a', r'\\1', 'a')",
    "import re\nresult = re.sub('(a)', r'\\2', 'a')",
    "import re\nresult = re.sub('(a)', r'\\g<2>', 'a')",
    "import re\nresult = re.sub('(a)', r'\\g<x', 'a')",
    "import re\nresult = re.sub('(a)', r'\\g<>', 'a')",
    "import re\nresult = re.sub('(a)', r'\\g<-1>', 'a')",
    "import re\nresult = re.sub('(a)', r'\\g<nope>', 'a')",
    "import re\nresult = re.sub('(a)', r'\\q', 'a')",
    "import re\nresult = re.sub('(a)', '\\\\', 'a')",
    "import re\nresult = re.sub('a', 'b', 'aaa', 0, re.I), re.sub('A', 'b', 'aAa', flags=re.I)",
    "import re\nresult = re.subn('a', 'b', 'aaa', count=2), re.subn('z', 'b', 'aaa')",
    "import re\nresult = re.sub(b'a', b'\\\\x', b'a')",
    "import re\nresult = re.sub(b'(a)', rb'[\\1]', b'bab'), re.sub(b'a', lambda m: m.group() * 2, b'aba')",
    "import re\nresult = re.sub('a', b'x', 'a')",
    "import re\nresult = re.sub(b'a', 'x', b'a')",
    "import re\nresult = re.sub('a', 'x', b'a')",
    "import re\nresult = re.compile('a').sub('x', 'aaa', 2), re.compile('a').subn('x', 'a' * 3)",
    "import re\nresult = re.sub('(?P<a>.)(?P<b>.)', r'\\g<b>\\g<a>', 'abcdef')",
    "import re\nresult = re.sub(r'\\s+$', '', 'trailing   \\n'), re.sub(r'^\\s+', '', '  \\tlead')",
    # finditer, pos, endpos
    "import re\nresult = [m.span() for m in re.finditer(r'\\w+', 'ab cd  ef')]",
    "import re\nresult = [(m.start(), m.group(1)) for m in re.finditer(r'(\\d)\\d?', '1 23 456')]",
    "import re\nresult = [m.span() for m in re.compile('a').finditer('aaaa', 1, 3)]",
    "import re\nresult = [m.span() for m in re.finditer('', 'ab')]",
    "import re\np = re.compile(r'^\\w')\nresult = p.search('ab cd', 3), p.match('ab', 1), p.search('a\\nb', 2)",
    "import re\np = re.compile(r'\\w$')\nresult = p.search('abcd', 0, 2).span(), p.search('abcd', endpos=-1), p.search('ab', 5)",
    "import re\np = re.compile('b')\nresult = p.match('ab', 1).span(), p.fullmatch('abc', 1, 2).span(), p.search('ab', -5).span()",
    "import re\np = re.compile(r'\\bb')\nresult = p.search('ab', 1)",
    "import re\np = re.compile('a+')\nresult = p.findall('aa a aaa', 1, 6), p.findall('aa', endpos=100), p.findall('aa', 3)",
    "import re\np = re.compile('(?<=a)b')\nresult = p.search('ab', 1).span(), p.match('ab', 1).span()",
    "import re\nresult = re.fullmatch('a+', 'aaab'), re.fullmatch('a+|b', 'aab'), re.fullmatch('(?:a|ab)', 'ab').span()",
    "import re\nresult = re.compile('.*').fullmatch('abc', 1, 2).group()",
    # bytes patterns
    "import re\nresult = re.findall(rb'\\w+', 'h\\xe9llo w\\xf6rld'.encode('latin-1'))",
    "import re\nresult = re.findall(rb'(?i)\\xe9', b'\\xc9\\xe9'), re.findall(b'[\\x80-\\xff]+', bytes(range(126, 132)))",
    "import re\nresult = re.search(b'(?P<n>\\\\d+)', b'ab12').groupdict(), re.match(b'.', b'\\n')",
    "import re\nresult = re.search(b'a', 'a')",
    "import re\nresult = re.search('a', b'a')",
    "import re\nresult = re.search(b'a', bytearray(b'xa')).span(), re.search(b'a', bytearray(b'xa')).group()",
    "import re\nresult = re.compile(rb'\\d').findall(b'a1b2'), re.compile(rb'\\u0041')",
    "import re\nresult = re.compile(b'\\\\w', re.A).flags",
    # bad patterns: re.error with its position
    ERR.format(stmt="re.compile('a(b')"),
    ERR.format(stmt="re.compile('a)b')"),
    ERR.format(stmt="re.compile('[a-')"),
    ERR.format(stmt="re.compile('[z-a]')"),
    ERR.format(stmt="re.compile('a{3,2}')"),
    ERR.format(stmt="re.compile('*a')"),
    ERR.format(stmt="re.compile('a**')"),
    ERR.format(stmt="re.compile('a++')"),
    ERR.format(stmt="re.compile('(?P<1>a)')"),
    ERR.format(stmt="re.compile('(?P<a>x)(?P<a>y)')"),
    ERR.format(stmt="re.compile('(?P=nope)')"),
    ERR.format(stmt="re.compile(r'\\1(a)')"),
    ERR.format(stmt="re.compile(r'(a)\\2')"),
    ERR.format(stmt="re.compile(r'\\k')"),
    ERR.format(stmt="re.compile(r'\\\\\\\\x\\\\')"),
    ERR.format(stmt="re.compile('abc\\\\')"),
    ERR.format(stmt="re.compile('(?<=a+)b')"),
    ERR.format(stmt="re.compile('(?<=a|bc)x')"),
    ERR.format(stmt="re.compile('(?z)')"),
    ERR.format(stmt="re.compile('(?')"),
    ERR.format(stmt="re.compile('(?P')"),
    ERR.format(stmt="re.compile('(?P<a')"),
    ERR.format(stmt="re.compile('(?#unterminated')"),
    ERR.format(stmt="re.compile(r'\\x4')"),
    ERR.format(stmt="re.compile(r'\\u12')"),
    ERR.format(stmt="re.compile(r'\\N{NOT A NAME}')"),
    ERR.format(stmt="re.compile(r'[\\d-z]')"),
    ERR.format(stmt="re.compile('x{2}{3}')"),
    ERR.format(stmt="re.compile('a\\n(b', re.X)"),
    ERR.format(stmt="re.compile('ab\\ncd\\n  )', re.X)"),
    ERR.format(stmt="re.compile('(?i)a(?s)b')"),
    ERR.format(stmt="re.compile('a(?i)')"),
    ERR.format(stmt="re.compile('(?i-i:a)')"),
    ERR.format(stmt="re.compile('(?-a:b)')"),
    ERR.format(stmt="re.compile('(?au)x')"),
    ERR.format(stmt="re.compile('(a)(?(2)b)')"),
    ERR.format(stmt="re.compile('(?(x)a)')"),
    ERR.format(stmt="re.compile('x' * 5 + '[')"),
    ERR.format(stmt="re.compile(b'\\\\u0041')"),
    ERR.format(stmt="re.compile('a{65536}')"),
    ERR.format(stmt="re.compile('[]')"),
    "import re\nresult = re.compile(3)",
    "import re\nresult = re.compile(None)",
    "import re\nresult = re.search('a', 3)",
    "import re\nresult = re.search('a', None)",
    "import re\nresult = issubclass(re.error, Exception), re.error.__name__, re.error.__module__",
    "import re\ne = re.error('boom', 'pat', 1)\nresult = str(e), e.msg, e.pattern, e.pos, e.lineno, e.colno",
    "import re\nresult = re.escape('a.b*c?d e-f_g/h\\u00e9\\n'), re.escape(b'a.b\\x00\\xff')",
    "import re\nresult = re.escape(''), re.escape('#&~ '), re.escape('[]{}()|^$\\\\')",
    "import re\nresult = re.compile('a') == re.compile('a'), re.compile('a') == re.compile('a', re.I)",
    "import re\nresult = re.compile('a', re.I).pattern, re.compile('a') is re.compile('a') or True",
    "import re\nresult = re.purge()",
    "import re\nresult = re.compile(re.compile('x', re.I)).flags, re.compile(re.compile('x'), re.I)",
    "import re\nresult = re.findall(re.compile('a'), 'aa'), re.sub(re.compile('a'), 'b', 'aa')",
    "import re\nresult = re.compile('(ab)*').match('ababx').span(1), re.compile('(a|b)*').match('abab').group(1)",
    "import re\nresult = re.search('(?s).*', 'ab\\ncd').group(), re.search('(?s:.)*', 'a\\nb').group()",
    "import re\nresult = re.findall('(?:(?:a)+?)b', 'aab'), re.search('a*?$', 'baaa').span()",
    "import re\nresult = re.match('(?x) a # comment\\n b', 'ab').group()",
    "import re\nresult = re.search(r'(?i)Ǆ', 'ǆ ǅ').span(), re.findall(r'(?i)ǆ', 'Ǆǅǆ')",
    # Match objects as netrefs
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "ns['m'].group(1)"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "ns['m'].groups()"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "ns['m']['host']"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "ns['m'].span('host')"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "ns['m'].groupdict()"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "repr(ns['m'])"),
    ("proxy", "import re\nm = re.search(r'(\\w+)@(?P<host>\\w+)', 'mail bob@example now')", "bool(ns['m'])"),
    ("proxy", "import re\nm = re.search(r'(\\w+)', 'x')", "ns['m'].group(5)"),
    ("proxy", "import re\nm = re.search(r'(\\w+)', 'x')", "ns['m'].expand(r'<\\1>')"),
    ("proxy", "import re\np = re.compile(r'\\d+')", "ns['p'].findall('a1b22')"),
    ("proxy", "import re\np = re.compile(r'(\\d)')", "[m.group(1) for m in ns['p'].finditer('a1b2')]"),
    ("proxy", "import re\np = re.compile(r'\\d')", "ns['p'].sub(lambda m: '<' + m.group() + '>', 'a1b2')"),
    ("proxy", "import re\np = re.compile(r'\\d')", "ns['p'].pattern, ns['p'].flags, ns['p'].groups"),
    ("proxy", "import re", "M.re.findall(r'\\w+', 'ab cd')"),
    ("proxy", "import re", "M.re.split(r'[,;]', 'a,b;c')"),
    ("proxy", "import re", "M.re.sub(r'(\\w)', r'\\1\\1', 'ab')"),
    ("proxy", "import re", "M.re.match('a', 'b')"),
    ("proxy", "import re", "M.re.compile('(')"),
    ("proxy", "import re", "M.re.compile('a', M.re.I).search('xA').span()"),
    ("proxy", "import re", "M.re.fullmatch('a.c', 'abc').group(0)"),
    ("proxy", "import re", "M.re.escape('1+1=2')"),
    ("proxy", "import re", "M.re.I | M.re.M"),
    ("proxy", "import re", "M.re.search(b'(.)', b'xy')[1]"),
]
# fmt: on
FIXED = programs(FIXED)

# Known gaps of the agent, not run (they would fail every run): `\N{name}` (no Unicode name table), group captures of an empty iteration
# (`(a|)+b`), sre's extra case-insensitive equivalences (ı/İ/i).
# fmt: off
GAPS = [
    "import re\nresult = re.findall(r'\\N{GREEK SMALL LETTER ALPHA}+', '\\u03b1\\u03b1b')",
    "import re\nresult = re.match('(a*)*', 'b').span(), re.match('(a*)+', 'b').span(), re.match('(a|)+b', 'ab').groups()",
    "import re\nresult = re.findall('(?i)ß', 'ẞß'), re.findall('(?i)ı', 'Iıi'), re.findall('(?i)i', 'İIı')",
]
# fmt: on

PATTERNS = [
    r"\d+", r"(\d+)", r"(\w+)@(\w+)", r"(?P<k>\w+)=(?P<v>[^;]*)", r"a|b|c", r"(a|b)*c", r"^\w+", r"\w+$",
    r"(?m)^\w+", r"(?i)ab", r"(?s).+", r"[aeiou]+", r"[^aeiou\s]+", r"\b\w", r"\B\w", r"\s*,\s*", r"x*", r"",
    r"(a)(b)?", r"(?:ab)+", r"(?<=a)b", r"(?<!a)b", r"\w+(?=\d)", r"\w(?!\w)", r"(\w)\1", r"(?P<c>.)(?P=c)",
    r".", r"\.", r"[.-]", r"a{2,}", r"a{,2}", r"a+?", r"a*?b", r"\W+", r"(\s)|(\d)", r"[\u00e0-\u00ff]+", r"\S+",
    r"(?x) \d + (?: \. \d+ )?", r"(?i)[A-Z]+", r"[[:alpha:]]", r"\$\w+", r"(?a)\w+", r"(\d)(\d)(\d)?", r"(a)|(b)",
    r"\d{1,3}(?:,\d{3})*", r"(?:)", r"^$", r"$", r"\A|\Z", r"(?m)$", r"[\]\\]", r"(?i)ǆ|ß", r"\w+|\W",
]
SUBJECTS = [
    "''", "'a'", "'abc'", "'aab'", "'ab ab ab'", "'a1b22c333'", "'k=v;x=;y=1'", "'bob@example x@y'",
    "'one\\ntwo\\nthree\\n'", "'A\\nB\\nc'", "'  , a ,b,  '", "'aaaa'", "'1,234,567.89'", "'héllo wörld'",
    "'Straße ǅ'", "'$HOME/$USER'", "'x' * 3 + 'y'", "'\\t\\n \\r'", "'caabbd'", "'[a]\\\\b'", "'123abc456'",
    "'abcabc'", "'ÀÉÎõü'", "'3.14 2 .5 7.'",
]
TEMPLATES = [
    "'-'", "''", "r'\\1'", "r'<\\g<0>>'", "r'\\g<1>'", "r'\\2\\1'", "r'\\n'", "r'\\\\'", "r'\\g<k>'",
    "r'[\\0]'", "r'\\x41'", "'\\\\q'", "r'\\g<1'", "lambda m: m.group().upper()", "lambda m: str(m.start())",
    "lambda m: m.group(1) or '?'", "lambda m: ''",
]
FLAGS = ["0", "re.I", "re.M", "re.S", "re.X", "re.A", "re.I | re.M", "re.S | re.A", "re.I | re.S | re.M",
         "re.DOTALL | re.VERBOSE", "re.IGNORECASE | re.ASCII"]
BAD = ["'('", "')'", "'[a'", "'a{2,1}'", "'?'", "'a|*'", "r'\\2(a)'", "'(?P<>a)'", "'(?P<a-b>x)'", "'(?<=\\\\w+)'",
       "'(?x)[ a'", "'a\\n)\\nb'", "r'[\\w-\\d]'", "r'\\c'", "r'\\777'", "'(?P=a)(?P<a>b)'", "'(?<a>b)'",
       "'(?(1a)x)'", "'x{1,2'", "'(?i'", "'(?im-s:x'", "'a++b'"]


def draw(rng):
    pat, subj = repr(rng.choice(PATTERNS)), rng.choice(SUBJECTS)
    kind = rng.random()
    flags = rng.choice(FLAGS)
    if kind < 0.22:
        fn = rng.choice(["search", "match", "fullmatch"])
        if rng.random() < 0.5:
            call = f"re.{fn}({pat}, {subj}, {flags})"
        else:
            pos = rng.choice(["", ", 1", ", 2, 5", ", -1", ", 0, -2", ", 3, 100", ", endpos=2"])
            call = f"re.compile({pat}, {flags}).{fn}({subj}{pos})"
        return ("exec", f"import re\nm = {call}\nresult = {SUMMARY}")
    if kind < 0.4:
        fn = rng.choice(["findall", "split"])
        extra = rng.choice(["", ", 1", ", 2", ", maxsplit=0"]) if fn == "split" else ""
        if rng.random() < 0.5:
            return ("exec", f"import re\nresult = re.{fn}({pat}, {subj}{extra}, flags={flags})")
        return ("exec", f"import re\nresult = re.compile({pat}, {flags}).{fn}({subj}{extra})")
    if kind < 0.6:
        tpl = rng.choice(TEMPLATES)
        fn = rng.choice(["sub", "subn"])
        count = rng.choice(["", ", 1", ", count=2", ", 0"])
        return ("exec", f"import re\nresult = re.{fn}({pat}, {tpl}, {subj}{count}, flags={flags})")
    if kind < 0.72:
        what = rng.choice(["m.span()", "m.groups()", "m.group(0)", "m.start(), m.end()", "m.lastindex"])
        return ("exec", f"import re\nresult = [({what}) for m in re.finditer({pat}, {subj}, {flags})]")
    if kind < 0.82:
        return ("exec", "import re\n" + ERR.format(stmt=f"re.compile({rng.choice(BAD)}, {flags})"))
    if kind < 0.9:
        enc = subj + ".encode('utf-8')"
        fn = rng.choice(["findall", "split", "search"])
        expr = f"re.{fn}({pat}.encode(), {enc})"
        if fn == "search":
            return ("exec", f"import re\nm = {expr}\nresult = {SUMMARY}")
        return ("exec", f"import re\nresult = {expr}")
    if kind < 0.95:
        pool = ["re.escape({s})", "re.fullmatch(re.escape({s}), {s}) is not None", "re.compile({p}).groups",
                "sorted(re.compile({p}).groupindex.items())", "re.compile({p}, {f}).flags"]
        expr = rng.choice(pool).format(s=subj, p=pat, f=flags)
        return ("exec", f"import re\nresult = {expr}")
    op = rng.choice(["ns['m'] and ns['m'].group(0)", "ns['m'] and ns['m'].span()", "ns['m'] and ns['m'].groups()"])
    return ("proxy", f"import re\nm = re.search({pat}, {subj}, {flags})", op)


family("mod_re", __doc__, lambda: FIXED, draw, weight=4, suite="stdlib")
