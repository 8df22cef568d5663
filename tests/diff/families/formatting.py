"""Formatting: format specs (f-strings and format()), printf-style %, and
str.format with indices, attributes, items and nested fields."""

from cases import family

INT_VALUES = ["0", "1", "-1", "42", "-42", "255", "1234567", "-1234567", "10**20", "-2**70", "True", "65", "0x10FFFF"]
# fmt: off
FLOAT_VALUES = [
    "0.0", "-0.0", "1.5", "-2.25", "2.5", "1234567.891", "1e-07", "1e22", "0.1", "123456789012345.0", "5e-324",
    "float('nan')", "float('inf')", "-float('inf')", "1/3", "-1234.5", "0.5", "9.995", "1e16", "100.0",
]
# fmt: on
STR_VALUES = ["''", "'a'", "'abc'", "'héllo'", "'日本'", "'a b'", "'x' * 12"]
COMPLEX_VALUES = ["1+2j", "-1.5-0.5j", "0j", "1e20j", "complex(-0.0, 1)"]
OTHER_VALUES = ["None", "[1, 2]", "(1,)", "{'a': 1}", "b'ab'", "range(3)"]

FILLS = ["", "", "", "*", "0", " ", "-", "é", "{", "}"]
ALIGNS = ["", "", "<", ">", "^", "="]
SIGNS = ["", "", "+", "-", " "]
WIDTHS = ["", "", "", "1", "5", "8", "12", "20", "05", "010"]
GROUPS = ["", "", "", ",", "_"]
PRECS = ["", "", "", ".0", ".1", ".2", ".3", ".6", ".10", ".17", ".30"]
INT_TYPES = ["", "b", "c", "d", "o", "x", "X", "n", "e", "E", "f", "F", "g", "G", "%", "s"]
FLOAT_TYPES = ["", "e", "E", "f", "F", "g", "G", "%", "n", "d", "x"]
STR_TYPES = ["", "", "s", "d"]


def spec(rng, types):
    parts = []
    align = rng.choice(ALIGNS)
    if align:
        parts.append(rng.choice(FILLS) + align)
    parts.append(rng.choice(SIGNS))
    if rng.random() < 0.1:
        parts.append("z")
    if rng.random() < 0.15:
        parts.append("#")
    width = rng.choice(WIDTHS)
    parts.append(width)
    parts.append(rng.choice(GROUPS))
    parts.append(rng.choice(PRECS))
    parts.append(rng.choice(types))
    return "".join(parts)


def value_and_spec(rng):
    r = rng.random()
    if r < 0.35:
        return rng.choice(INT_VALUES), spec(rng, INT_TYPES)
    if r < 0.7:
        return rng.choice(FLOAT_VALUES), spec(rng, FLOAT_TYPES)
    if r < 0.85:
        return rng.choice(STR_VALUES), spec(rng, STR_TYPES)
    if r < 0.93:
        return rng.choice(COMPLEX_VALUES), spec(rng, ["", "e", "f", "g", "G"])
    return rng.choice(OTHER_VALUES), rng.choice(["", "s", ">10", "10"])


def _fstring_safe(s):
    """A spec that can sit inside an f-string replacement field: braces
    would be nested fields there, so those go through format()."""
    return "{" not in s and "}" not in s


# fmt: off
FSTRING_FIXED = [
    "f'{3:>5}'", "f'{3.14159:.2f}'", "f'{-0.0:z.1f}'", "f'{-0.0001:z.2f}'", "f'{1234567:,}'", "f'{1234567:_}'",
    "f'{255:#x}'", "f'{255:#o}'", "f'{255:#b}'", "f'{255:#X}'", "f'{255:_b}'", "f'{2**40:_x}'", "f'{-255:#010x}'",
    "f'{65:c}'", "f'{0x10FFFF:c}'", "f'{0x110000:c}'", "f'{65:+c}'", "f'{1.5:d}'", "f'{1:.2d}'", "f'{10:,x}'",
    "f'{True}'", "f'{True:d}'", "f'{True:>5}'", "f'{False:^7}'", "f'{None}'", "f'{None:>5}'", "f'{\"x\":=5}'",
    "f'{\"x\":+}'", "f'{\"x\":#}'", "f'{\"x\":,}'", "f'{\"abc\":.1}'", "f'{\"abc\":*^9.2}'", "f'{1e22:f}'",
    "f'{1e22:g}'", "f'{1e-7:g}'", "f'{0.0001:g}'", "f'{123456.0:g}'", "f'{1234567.0:g}'", "f'{1.5:#g}'",
    "f'{1.0:#.0f}'", "f'{1.0:.0e}'", "f'{1.0:#.0e}'", "f'{0.5:.0f}'", "f'{1.5:.0f}'", "f'{2.5:.0f}'", "f'{9.995:.2f}'",
    "f'{0.125:.2f}'", "f'{1/3:.20f}'", "f'{5e-324:.3e}'", "f'{1e308:,.0f}'", "f'{float(\"nan\"):+010}'",
    "f'{float(\"inf\"):010.2f}'", "f'{-float(\"inf\"):e}'", "f'{0.5:%}'", "f'{0.5:.1%}'", "f'{1:%}'", "f'{1.5:n}'",
    "f'{1234567:n}'", "f'{1234567.0:,.2f}'", "f'{1234567.0:_.2f}'", "f'{-1234567.0:=+15,.2f}'", "f'{1+2j:.1f}'",
    "f'{1+2j:>15}'", "f'{1j:g}'", "f'{1+2j:=10}'", "f'{1+2j:010}'", "f'{12:{5}}'", "f'{3.14159:{\"*\"}^{10}.{3}f}'",
    ("exec", "w, p = 10, 3\nresult = f'{3.14159:{w}.{p}f}|'"), ("exec", "x = 'ab'\nresult = f'{x!r:>8}|{x!s}|{x!a}'"),
    ("exec", "x = 'é'\nresult = f'{x!a}'"), ("exec", "x = 3\nresult = f'{x=}'"),
    ("exec", "x = 3.5\nresult = f'{x = :>6}'"), ("exec", "x = 'a'\nresult = f'{x=!s}'"),
    ("exec", "x = [1, 2]\nresult = f'{x[0]}-{x[-1]:03}-{len(x)}'"), ("exec", "d = {'k': 'v'}\nresult = f\"{d['k']}\""),
    "f'{{}}'", "f'{{{1}}}'", "f'{\"a\" \"b\"}'", "f'{(lambda: 5)()}'", "f'{1 if True else 2}'",
    "f'{[x for x in \"ab\"]}'", "f'{3!r:^5}'", "f'{3.0!s:>6}'", "f'''{'multi'}\n{2}'''", "f'{2**64:e}'",
    "f'{10**20:.3g}'", "f'{-2**70:,}'", "f'{1:=^10}'", "f'{-1:=^10}'", "f'{-5:=08}'", "f'{-5:08}'", "f'{5:+08}'",
    "f'{5: }'", "f'{-5.5: 08.2f}'", "format(1234.5678, ',.2f')", "format(0.000123, '.2e')", "format(255, 'x')",
    "format('x', '<3')", "format(3)", "format([1], '')", "format([1], 's')", "format(1.5, '')", "format(1e16, '')",
    "format(1.0, 'g')", "format(-0.0, '')", "format(123, '')", "format(2.0**60, '')", "format(1.5, '10')",
    "format(1e300 * 10, 'f')", "format(12, 'q')", "format(12, '>>5')", "format(12, '5<')", "format(12, ',_')",
    "format(12, '.')", "format(12, '-+5')", "format(12, '100000000000000000000')", "format(1.5, '.2z')",
    "format(3, 'zd')",
]
# fmt: on


def fstring_fixed():
    return list(FSTRING_FIXED)


def fstring_draw(rng):
    v, s = value_and_spec(rng)
    form = rng.randrange(5)
    if form <= 1 and _fstring_safe(s):
        return f"f'{{{v}:{s}}}'" if "'" not in v else f'f"{{{v}:{s}}}"'
    if form == 2:
        return f"format({v}, {s!r})"
    if form == 3 and _fstring_safe(s):
        conv = rng.choice(["!r", "!s", "!a"])
        s2 = rng.choice(["", ":>12", ":^9", ":*<7", ":.3"])
        return ("exec", f"v = {v}\nresult = f'[{{v{conv}{s2}}}] [{{v:{s}}}]'")
    return f"'{{:{s}}}'.format({v})" if _fstring_safe(s) else f"format({v}, {s!r})"


# ---- printf-style % ---------------------------------------------------------

CONVS = ["d", "i", "u", "o", "x", "X", "e", "E", "f", "F", "g", "G", "c", "r", "s", "a", "%"]
FLAGS = ["", "", "-", "+", " ", "#", "0", "-0", "+#"]
PWIDTHS = ["", "", "5", "10", "*", "1"]
PPRECS = ["", "", ".0", ".2", ".5", ".*", "."]


def pct_spec(rng):
    return "%" + rng.choice(FLAGS) + rng.choice(PWIDTHS) + rng.choice(PPRECS) + rng.choice(CONVS)


def pct_arg(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(INT_VALUES)
    if r < 0.6:
        return rng.choice(FLOAT_VALUES)
    if r < 0.85:
        return rng.choice(STR_VALUES)
    return rng.choice(OTHER_VALUES + COMPLEX_VALUES)


# fmt: off
PCT_FIXED = [
    "'%d' % 3", "'%d' % 3.9", "'%d' % '3'", "'%i|%u' % (-3, -3)", "'%x|%X|%o' % (255, 255, 8)",
    "'%#x|%#o|%#X' % (255, 8, 255)", "'%5.2f|%-8.3e|%+g' % (3.14159, 1234.5, 0.00001)", "'%s and %r' % ('a', 'a')",
    "'%a' % 'é'", "'%c%c' % (65, 'B')", "'%c' % 'AB'", "'%c' % 1114112", "'%%'", "'%%' % ()", "'100%' % ()",
    "'%s' % ()", "'%s %s' % (1,)", "'%s' % (1, 2)", "'%s' % [1, 2]", "'%s' % {'a': 1}",
    "'%(a)s-%(b)d' % {'a': 'x', 'b': 2}", "'%(a)s' % {}", "'%(a)s %s' % {'a': 1}", "'%*d|%-*d|' % (5, 42, 4, 7)",
    "'%.*f' % (2, 3.14159)", "'%05d|%-05d|%+05d' % (42, 42, 42)", "'% d|% d' % (5, -5)", "'%.3s' % 'abcdef'",
    "'%10.3s|' % 'abcdef'", "'%d' % True", "'%s' % True", "'%r' % 1.0", "'%f' % float('nan')", "'%e' % float('inf')",
    "'%05.1f' % -0.0", "'%g|%g|%g' % (1e16, 1e-5, 123456789.0)", "'%#g' % 1.0", "'%.0f' % 2.5", "'%.0f' % 3.5",
    "'%d' % 2**70", "'%x' % -2**70", "'%o' % -8", "'%#o' % 0", "'%q' % 1", "'%' % ()", "'%(a' % {'a': 1}",
    "'%d' % None", "'%x' % 1.5", "'%c' % -1", "'%s' % None", "'%-5s|' % 'ab'", "'%5s|' % 'abcdefg'", "'%.2d' % 5",
    "'%+.3d' % 5", "'%#5x' % 255", "'%#-8x|' % 255", "'%08.3f' % -3.14159", "'%e' % 0", "'%s' % b'x'", "'%d%%' % 50",
    "'%s' % (1.5,)", "'%(x)s %(x)r' % {'x': 'q'}", "'%(x)*d' % {'x': 1}", "'a' % 1", "'a' % ()", "'%s' % 'é'",
    "'%-+08.2f|' % 3.14159", "'%i' % 1e20",
]
# fmt: on


def pct_fixed():
    return list(PCT_FIXED)


def pct_mapping(rng):
    keys = ["a", "b", "name"]
    specs, items = [], []
    for key in keys[: rng.randrange(1, 4)]:
        spec = pct_spec(rng).replace("*", "")
        if spec.endswith("%"):
            spec = spec[:-1] + "s"
        specs.append(f"%({key})" + spec[1:])
        items.append(f"{key!r}: {pct_arg(rng)}")
    if rng.random() < 0.1:
        items = items[:-1]
    return f"{' '.join(specs)!r} % {{{', '.join(items)}}}"


def pct_draw(rng):
    if rng.random() < 0.2:
        return pct_mapping(rng)
    n = rng.randrange(1, 4)
    specs = [pct_spec(rng) for _ in range(n)]
    args = []
    for s in specs:
        if s.endswith("%"):
            continue
        args += ["5"] * s.count("*")
        args.append(pct_arg(rng))
    fmt = "|".join(specs)
    if rng.random() < 0.1 and args:
        args = args[:-1] if rng.random() < 0.5 else args + ["1"]
    if len(args) == 1 and rng.random() < 0.5:
        return f"{fmt!r} % {args[0]}"
    return f"{fmt!r} % ({', '.join(args)}{',' if len(args) == 1 else ''})"


# ---- str.format ---------------------------------------------------------------

# fmt: off
FORMAT_FIXED = [
    "'{} {}'.format(1, 2)", "'{1} {0} {1}'.format('a', 'b')", "'{} {1}'.format(1, 2)", "'{0} {}'.format(1, 2)",
    "'{}'.format()", "'{2}'.format(1, 2)", "'{a} {b}'.format(a=1, b='x')", "'{a}'.format(b=1)",
    "'{0[1]}'.format([5, 6])", "'{0[key]}'.format({'key': 'v'})", "'{0[1]}'.format({1: 'int key'})",
    "'{0[1]}'.format({'1': 'str key'})", "'{0.real}/{0.imag}'.format(3+4j)", "'{0.nope}'.format(1)",
    "'{x[0][1]}'.format(x=[[1, 2]])", "'{0:{1}}'.format(3.14159, '.2f')", "'{0:{1}{2}}'.format(42, '>', 6)",
    "'{:{}}'.format(3, 5)", "'{:{}{}}'.format('x', '^', 7)", "'{!r}'.format('a')", "'{!s:>5}'.format(1)",
    "'{!a}'.format('é')", "'{!x}'.format(1)", "'{'.format(1)", "'}'.format(1)", "'{{}}'.format(1)",
    "'{{{}}}'.format(1)", "'{0:}'.format(5)", "'{0!r:}'.format('a')", "'{:>{w}}'.format('r', w=4)",
    "'{:d}'.format('x')", "'{0[-1]}'.format([1, 2])", "'{0[a]}'.format([1])", "'{:%Y}'.format(1)",
    "'{0}{1}'.format(*'ab')", "'{a}{b}'.format(**{'a': 1, 'b': 2})", "'{0:,}'.format(10**9)",
    "'{:*^11,}'.format(123456)", "'{:#010b}'.format(5)", "'{0.__class__.__name__}'.format(1)", "'{}'.format_map({})",
    "'{x}'.format_map({'x': 1, 'y': 2})", "'{0[0]}'.format('abc')", "'{0[0]:>3}'.format(['z'])", "'{:}'.format(None)",
    "'{0}'.format(0, 1, 2)", "'{:.3}'.format('abcdef')", "'{:.3}'.format(3.14159)", "'{: >+8.2f}'.format(3.14159)",
    "'{0:{1}.{2}f}'.format(2.71828, 10, 3)", "'{:{:{}}}'.format(1, 2, 3)",
]
# fmt: on


def format_fixed():
    return list(FORMAT_FIXED)


# fmt: off
FIELD_ACCESS = [
    ("{0.real}", "3+4j"), ("{0.imag:.1f}", "2.5j"), ("{0[1]}", "[10, 20]"), ("{0[k]}", "{'k': 'v'}"),
    ("{0[0][1]}", "['ab']"), ("{x.real}", None), ("{0[-1]}", "[1]"), ("{0.start}", "range(2, 5)"), ("{0[2]}", "'xyz'"),
    ("{0.nope}", "1"),
]
# fmt: on


def format_access(rng):
    field, arg = rng.choice(FIELD_ACCESS)
    if arg is None:
        return f"{field!r}.format(x={rng.choice(INT_VALUES)})"
    return f"{field!r}.format({arg})"


def format_nested(rng):
    v, s = value_and_spec(rng)
    width, prec = rng.choice(["", "5", "10", "0"]), rng.choice(["", "2", "0", "6"])
    align = rng.choice(["", "<", ">", "^"])
    return f"'{{0:{{1}}{{2}}{{3}}}}'.format({v}, {align!r}, {width!r}, {('.' + prec) if prec else ''!r})"


def format_draw(rng):
    r = rng.random()
    if r < 0.1:
        return format_access(rng)
    if r < 0.2:
        return format_nested(rng)
    n = rng.randrange(1, 4)
    fields, args = [], []
    auto = rng.random() < 0.5
    for _ in range(n):
        v, s = value_and_spec(rng)
        args.append(v)
        if not _fstring_safe(s):
            s = ""
        name = "" if auto else str(rng.randrange(n + (1 if rng.random() < 0.05 else 0)))
        conv = rng.choice(["", "", "", "!r", "!s"])
        fields.append("{" + name + conv + (":" + s if s else "") + "}")
    fmt = rng.choice([" ", "|", "-", ""]).join(fields)
    if rng.random() < 0.2:
        return f"{fmt!r}.format(*[{', '.join(args)}])"
    return f"{fmt!r}.format({', '.join(args)})"


family(
    "fstring",
    "format specs through f-strings, format() and str.format: fill/align/sign/z/#/0/width/grouping/precision/type",
    fstring_fixed,
    fstring_draw,
    weight=6,
)
family(
    "percent",
    "printf-style % on str: flags, widths, *, precisions, tuples and mappings, errors",
    pct_fixed,
    pct_draw,
    weight=3,
)
family(
    "str_format",
    "str.format and format_map: auto/manual numbering, names, items, attributes, nested specs",
    format_fixed,
    format_draw,
    weight=2,
)
