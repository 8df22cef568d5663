"""Methods of str and bytes with argument variety, and str/bytes
conversions (encode/decode, translate, maketrans)."""

from cases import family

from . import pools

SEPS = ["None", "' '", "','", "'ab'", "''", "'a'", "'\\n'", "'  '", "'x'", "'b'"]
SUBS = ["''", "'a'", "'b'", "'ab'", "'abc'", "'c'", "'o'", "'l'", "' '", "'é'", "'\\n'", "'xyz'", "'aa'"]
IDX = ["0", "1", "2", "-1", "-2", "-5", "3", "10", "100", "-100", "None"]
WIDTHS = ["0", "1", "3", "5", "8", "12", "-1", "20"]
FILLS = ["'*'", "'-'", "' '", "'é'", "'ab'", "''", "'0'"]
ENCODINGS = [
    "'utf-8'",
    "'ascii'",
    "'latin-1'",
    "'utf-16-le'",
    "'utf-32-be'",
    "'cp1252'",
    "'UTF8'",
    "'utf_8'",
    "'iso-8859-1'",
]
ERRORS = ["'strict'", "'ignore'", "'replace'", "'backslashreplace'", "'xmlcharrefreplace'", "'surrogateescape'"]
# fmt: off
PREDICATES = [
    "isdigit", "isdecimal", "isnumeric", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle",
    "isidentifier", "isprintable", "isascii",
]
# fmt: on
# fmt: off
NOARG = [
    "upper", "lower", "title", "capitalize", "swapcase", "casefold", "strip", "lstrip", "rstrip", "split", "rsplit",
    "splitlines",
]
# fmt: on

STRIP_CHARS = ["None", "' '", "'ab'", "'xyz'", "'a '", "''", "'\\n\\t '", "'lo'", "'ﬁ'"]
SEP_COMMA = "','"
REPLACEMENTS = ["''", "'-'", "'XY'", "'a'"]
COUNTS = ["", ", 1", ", 0", ", -1", ", 2"]
# fmt: off
JOINABLES = [
    "[]", "['x']", "['a', 'b', 'c']", "('1', '2')", "'xyz'", "[1, 2]", "['a', None]", "map(str, range(3))",
    "iter('ab')", "b'ab'",
]
# fmt: on
AFFIXES = ["'He'", "'ld'", "'abcabc'"]
FORMAT_ARGS = ["1", "'x'", "2.5", "[1]", "'y'"]
BSEPS = ["None", "b' '", "b','", "b'ab'", "b''", "b'a'"]
BSTRIP = ["None", "b' '", "b'ab'", "b'\\xff\\x00'", "b''"]
BREPLACEMENTS = ["b''", "b'-'", "b'XY'"]
BTUPLE = "(b'a', b'H')"
BJOINABLES = ["[]", "[b'x']", "[b'a', b'b']", "[b'a', 'b']", "(b'1', bytearray(b'2'))", "[1]"]
BFILLS = ["b'*'", "b'ab'", "'*'"]
HEX_ARGS = ["", "':'", "'-', 2", "' ', -1", "'ab'"]
BTABLES = ["None", "bytes.maketrans(b'ab', b'xy')", "None, b'a'", "bytes(range(256))", "b'short'"]


def _args(rng, *choices):
    """A random prefix of the positional arguments drawn from ``choices``."""
    n = rng.randrange(len(choices) + 1)
    return ", ".join(rng.choice(c) for c in choices[:n])


def str_call(rng, method):
    if method in ("split", "rsplit"):
        if rng.random() < 0.3:
            return f"{method}(maxsplit={rng.choice(['-1', '0', '1', '2'])})"
        return f"{method}({_args(rng, SEPS, ['-1', '0', '1', '2', '5'])})"
    if method in ("strip", "lstrip", "rstrip"):
        return f"{method}({_args(rng, STRIP_CHARS)})"
    if method in ("partition", "rpartition"):
        return f"{method}({rng.choice(SUBS + [SEP_COMMA])})"
    if method == "replace":
        return f"replace({rng.choice(SUBS)}, {rng.choice(REPLACEMENTS)}{rng.choice(COUNTS)})"
    if method in ("find", "rfind", "index", "rindex", "count"):
        return f"{method}({rng.choice(SUBS)}{', ' + _args(rng, IDX, IDX) if rng.random() < 0.5 else ''})".replace(
            ", )", ")"
        )
    if method in ("startswith", "endswith"):
        target = rng.choice(SUBS + ["('a', 'b')", "('x', 'He')", "()", "['a']", "1"])
        extra = _args(rng, IDX, IDX)
        return f"{method}({target}{', ' + extra if extra else ''})"
    if method == "join":
        return f"join({rng.choice(JOINABLES)})"
    if method in ("center", "ljust", "rjust"):
        return f"{method}({rng.choice(WIDTHS)}{', ' + rng.choice(FILLS) if rng.random() < 0.6 else ''})"
    if method == "zfill":
        return f"zfill({rng.choice(WIDTHS)})"
    if method == "expandtabs":
        return f"expandtabs({rng.choice(['', '0', '1', '2', '4', '8', '-1', 'tabsize=3'])})"
    if method == "splitlines":
        return f"splitlines({rng.choice(['', 'True', 'False', 'keepends=True'])})"
    if method == "encode":
        return f"encode({_args(rng, ENCODINGS, ERRORS)})"
    if method in ("removeprefix", "removesuffix"):
        return f"{method}({rng.choice(SUBS + AFFIXES)})"
    if method == "translate":
        # fmt: off
        table = rng.choice([
            "str.maketrans('abc', 'xyz')", "str.maketrans('', '', 'aeiou')",
            "str.maketrans({'a': 'A', 'b': None, 'c': 'cc'})", "str.maketrans({97: 65, 98: None})", "{ord('l'): 'L'}",
            "{}", "str.maketrans('ab', 'xyz')", "str.maketrans({'ab': 'x'})",
        ])
        # fmt: on
        return f"translate({table})"
    if method == "format":
        return f"format({_args(rng, FORMAT_ARGS, FORMAT_ARGS)})"
    if method == "format_map":
        return "format_map({'a': 1, 'x': 'X'})"
    if method == "__getitem__":
        return f"__getitem__({rng.choice(IDX[:-1])})"
    if method == "__mul__":
        return f"__mul__({rng.choice(['0', '2', '-1', '3'])})"
    if method == "__contains__":
        return f"__contains__({rng.choice(SUBS)})"
    if method == "__len__":
        return "__len__()"
    return f"{method}()"


STR_METHODS = (
    [
        "split",
        "rsplit",
        "strip",
        "lstrip",
        "rstrip",
        "partition",
        "rpartition",
        "replace",
        "find",
        "rfind",
        "index",
        "rindex",
        "count",
        "startswith",
        "endswith",
        "join",
        "center",
        "ljust",
        "rjust",
        "zfill",
        "expandtabs",
        "splitlines",
        "encode",
        "removeprefix",
        "removesuffix",
        "translate",
        "format",
        "format_map",
        "__getitem__",
        "__mul__",
        "__contains__",
        "__len__",
    ]
    + NOARG
    + PREDICATES
)

# fmt: off
STR_FIXED = [
    "'a,b,,c'.split(',')", "'  a  b  '.split()", "'  a  b  '.split(None, 1)", "'  a  b  '.rsplit(None, 1)",
    "''.split()", "''.split(',')", "'a'.split('')", "'a b c'.split(maxsplit=1)", "'a b c'.rsplit(maxsplit=1)",
    "'a\\x1cb\\x85c\\u3000d'.split()",
    "'1\\n2\\r\\n3\\r4\\x0b5\\x0c6\\x1c7\\x1d8\\x1e9\\x8510\\u202811\\u202912'.splitlines()",
    "'a\\n\\nb\\n'.splitlines(True)", "'abc'.strip('cba')", "'xxhixx'.strip('x')", "'  \\t\\nx\\x0b\\x0c '.strip()",
    "'\\u3000x\\u00a0'.strip()", "'a-b-c'.partition('-')", "'a-b-c'.rpartition('-')", "'abc'.partition('x')",
    "'abc'.rpartition('x')", "'abc'.partition('')", "'aaa'.replace('a', 'b', 2)", "'abc'.replace('', '-')",
    "'abc'.replace('', '-', 2)", "''.replace('', 'x')", "'aaaa'.count('aa')", "'abc'.count('')", "'abc'.count('', 10)",
    "'abc'.find('')", "'abc'.find('', 4)", "'abc'.find('c', -1)", "'abc'.rfind('', 1)", "'abc'.index('d')",
    "'abc'.rindex('d')", "'hello'.startswith(('he', 'x'))", "'hello'.startswith('', 5)", "'hello'.startswith('', 6)",
    "'hello'.endswith('lo', 0, 4)", "'hello'.startswith(['he'])", "','.join(['a', 'b'])", "','.join([1, 2])",
    "''.join(reversed('abc'))", "'abc'.center(6, '*')", "'abc'.center(7, '*')", "'ab'.center(5)", "'abc'.ljust(2)",
    "'-42'.zfill(6)", "'+42'.zfill(6)", "'42'.zfill(1)", "'--4'.zfill(5)", "'a\\tb\\tc'.expandtabs(4)",
    "'a\\tbc\\n\\td'.expandtabs()", "'ab\\tc'.expandtabs(0)", "'hello world'.title()", "\"they're bill's\".title()",
    "'ǆemal ǅ'.title()", "'ß'.upper()", "'ß'.casefold()", "'ﬁ'.upper()", "'İ'.lower()", "'İ'.casefold()",
    "'ΣΑΣ'.lower()", "'ΑΣ ΣΑ'.lower()", "'ὈΔΥΣΣΕΎΣ'.lower()", "'hELLO wORLD'.swapcase()", "'ß'.swapcase()",
    "'ǅ'.swapcase()", "'hello WORLD'.capitalize()", "'ǆa'.capitalize()", "'ßa'.capitalize()", "'١٢٣'.isdigit()",
    "'١٢٣'.isdecimal()", "'½'.isnumeric()", "'½'.isdigit()", "'²'.isdigit()", "'²'.isdecimal()", "'Ⅻ'.isnumeric()",
    "'abc١'.isalnum()", "''.isspace()", "'\\x1c'.isspace()", "'A1'.isupper()", "'1'.isupper()", "'Ab Cd'.istitle()",
    "'ǅ'.istitle()", "'_a1'.isidentifier()", "'1a'.isidentifier()", "'\\u00e9t\\u00e9'.isidentifier()",
    "'\\x7f'.isprintable()", "'\\u00a0'.isprintable()", "'é'.isascii()", "''.isascii()", "'é'.encode()",
    "'é'.encode('ascii')", "'é'.encode('ascii', 'ignore')", "'é'.encode('ascii', 'replace')",
    "'é€'.encode('ascii', 'backslashreplace')", "'é€'.encode('ascii', 'xmlcharrefreplace')", "'€'.encode('latin-1')",
    "'€'.encode('cp1252')", "'\\ud800'.encode('utf-8', 'replace')", "'\\ud800'.encode('utf-8', 'surrogatepass')",
    "'abc'.encode('utf-16-le')", "'a'.encode('utf-32-be')", "'a'.encode('no-such-codec')",
    "'abc'.translate(str.maketrans('ab', 'xy', 'c'))", "str.maketrans('ab', 'x')", "str.maketrans({'ab': 1})",
    "str.maketrans(1)", "'prefix-x'.removeprefix('prefix-')", "'x.py'.removesuffix('.py')", "'x'.removesuffix('')",
    "'{} {}'.format(1)", "'{0}{1}{0}'.format('a', 'b')", "'{x}'.format_map({'x': 1})", "'{x}'.format_map({})",
    "'abc'[10]", "'abc'[-4]", "'abc' * -1", "'abc'.__len__()", "'abc'.upper().lower().title()", "'a' 'b' 'c'",
    "'abc' + 'def'", "'a'.join('xyz')", "str(b'x', 'ascii')", "str(b'\\xff', 'utf-8', 'replace')",
    "'x'.center(4, 'ab')", "'x'.ljust(3, '')", "'abc'.split(None, -5)", "'a b'.split(' ', None)", "'ab'.find(None)",
    "'12'.zfill(-1)", "'abc'.startswith()", "'abc'.count()", "'abc'.upper(1)", "'ab'.index('b', 0, 1)",
]
# fmt: on


def str_fixed():
    return list(STR_FIXED)


def _recv(v):
    return f"({v})" if " * " in v else v


def str_draw(rng):
    recv = _recv(rng.choice(pools.STRS))
    method = rng.choice(STR_METHODS)
    call = str_call(rng, method)
    if rng.random() < 0.1:
        return ("exec", f"s = {recv}\nparts = s.{call}\nresult = (s, parts)")
    return f"{recv}.{call}"


# ---- bytes ------------------------------------------------------------------

BSUBS = ["b''", "b'a'", "b'b'", "b'ab'", "b'abc'", "b' '", "b','", "b'\\xff'", "b'xyz'", "97", "b'\\n'", "'a'"]
# fmt: off
BYTES_METHODS = [
    "split", "rsplit", "strip", "lstrip", "rstrip", "partition", "rpartition", "replace", "find", "rfind", "index",
    "rindex", "count", "startswith", "endswith", "join", "center", "ljust", "rjust", "zfill", "expandtabs",
    "splitlines", "decode", "hex", "removeprefix", "removesuffix", "translate", "upper", "lower", "title", "capitalize",
    "swapcase", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "istitle", "isascii", "__getitem__",
    "__contains__",
]
# fmt: on


def bytes_call(rng, method):
    if method in ("split", "rsplit"):
        return f"{method}({_args(rng, BSEPS, ['-1', '0', '1', '2'])})"
    if method in ("strip", "lstrip", "rstrip"):
        return f"{method}({_args(rng, BSTRIP)})"
    if method in ("partition", "rpartition", "removeprefix", "removesuffix"):
        return f"{method}({rng.choice(BSUBS)})"
    if method == "replace":
        return f"replace({rng.choice(BSUBS)}, {rng.choice(BREPLACEMENTS)}{rng.choice(COUNTS)})"
    if method in ("find", "rfind", "index", "rindex", "count"):
        extra = _args(rng, IDX, IDX)
        return f"{method}({rng.choice(BSUBS)}{', ' + extra if extra else ''})"
    if method in ("startswith", "endswith"):
        return f"{method}({rng.choice(BSUBS[:9] + [BTUPLE])})"
    if method == "join":
        return f"join({rng.choice(BJOINABLES)})"
    if method in ("center", "ljust", "rjust"):
        fill = ", " + rng.choice(BFILLS) if rng.random() < 0.5 else ""
        return f"{method}({rng.choice(WIDTHS)}{fill})"
    if method == "zfill":
        return f"zfill({rng.choice(WIDTHS)})"
    if method == "expandtabs":
        return f"expandtabs({rng.choice(['', '2', '0'])})"
    if method == "splitlines":
        return f"splitlines({rng.choice(['', 'True'])})"
    if method == "decode":
        return f"decode({_args(rng, ENCODINGS, ERRORS)})"
    if method == "hex":
        return f"hex({rng.choice(HEX_ARGS)})"
    if method == "translate":
        return f"translate({rng.choice(BTABLES)})"
    if method == "__getitem__":
        return f"__getitem__({rng.choice(IDX[:-1])})"
    if method == "__contains__":
        return f"__contains__({rng.choice(BSUBS)})"
    return f"{method}()"


# fmt: off
BYTES_FIXED = [
    "b'a,b'.split(b',')", "b' a  b '.split()", "b'a\\x1cb'.split()", "b'\\xa0x\\xa0'.strip()", "b'abc'[0]",
    "b'abc'[-1:]", "b'abc'[5]", "b'\\xff'.decode()", "b'\\xff'.decode('utf-8', 'replace')",
    "b'\\xff'.decode('latin-1')", "b'\\xff\\xfe'.decode('utf-8', 'backslashreplace')",
    "b'\\xe9'.decode('utf-8', 'ignore')", "b'\\xe2\\x82'.decode()", "b'a\\x00b'.decode('utf-16-le', 'replace')",
    "b'\\xff'.decode('ascii')", "b'\\xed\\xa0\\x80'.decode('utf-8', 'replace')", "b'abc'.hex()", "b'abc'.hex(':')",
    "b'abcdef'.hex('-', 2)", "b'abcdef'.hex('-', -4)", "bytes.fromhex('61 62')", "bytes.fromhex('6')",
    "bytes.fromhex('zz')", "bytes([256])", "bytes([-1])", "bytes('abc')", "bytes('é', 'utf-8')", "bytes(-1)",
    "bytes(b'x')", "bytes((1, 2))", "b'a' + 'b'", "b'a' + bytearray(b'b')", "b'%d' % 3", "b'%s' % b'x'", "b'%s' % 'x'",
    "b'%r' % 'x'", "b'%a' % 'é'", "b'%c' % 65", "b'%c' % b'A'", "b'%5.2f|%-4x|' % (1.5, 255)", "b'HeLLo wORLD'.title()",
    "b'\\xe9a'.upper()", "b'abc'.isalpha()", "b'\\xe9'.isalpha()", "b''.isdigit()", "b'ab'.center(6, b'*')",
    "b'ab'.center(6, '*')", "bytes.maketrans(b'ab', b'xyz')", "b'abc'.translate(None, b'b')", "list(b'abc')",
    "b'abc'.find(98)", "b'abc'.find(300)", "b'abc'.count(b'')", "b'a' * 3", "b'a' < 'a'", "b'a' == 'a'",
    "b'abc'.replace(b'', b'-')", "b'\\t'.expandtabs(4)", "b'x'.removeprefix(b'x')", "b'x'.decode('no-such')",
    "repr(b'\\x00\\n\\\\')", "sorted(b'cab')", "max(b'xyz')", "b'abc'.split(b'')", "str(b'\\xff')",
    "b'abc'.startswith(b'a', 1)", "bytes(range(250, 256))", "b'\\x80abc'.isascii()",
]
# fmt: on


def bytes_fixed():
    return list(BYTES_FIXED)


def bytes_draw(rng):
    recv = _recv(rng.choice(pools.BYTES))
    return f"{recv}.{bytes_call(rng, rng.choice(BYTES_METHODS))}"


family(
    "str_methods",
    "every str method with varied arguments and receivers (unicode, whitespace, casing)",
    str_fixed,
    str_draw,
    weight=6,
)
family(
    "bytes_methods",
    "bytes methods, construction, decode with error handlers, hex, bytes %",
    bytes_fixed,
    bytes_draw,
    weight=3,
)
