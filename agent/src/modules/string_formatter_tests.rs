//! `string_formatter` against CPython 3.11: every expectation below is what
//! CPython printed for the same source (regenerate with
//! scripts/gen-stdlib-tests.sh).

use crate::modules::testing::check;

const PREFIX: &str = "import copy\nfrom string import Formatter\nF = Formatter()\n";

#[test]
fn string_formatter_matches_cpython() {
    check(
        PREFIX,
        &[
            ("", "F.format('{} {}', 1, 2), F.format('{1}{0}', 'a', 'b'), F.format('{x}-{y!r}', x=1, y='q'), F.format('plain'), F.format('')", "('1 2', 'ba', \"1-'q'\", 'plain', '')"),
            ("", "F.format('{0[1]} {0[0]} {d[k]} {0.__class__.__name__}', (5, 6), d={'k': 'v'})", "'6 5 v tuple'"),
            ("", "F.format('{:>{}}|{:^{w}.{p}f}', 'ab', 5, 3.25159, w=9, p=2)", "'   ab|  3.25   '"),
            ("", "F.format('{!a} {!s:>4} {{}} {{{}}}', 'é', 1, 7)", "\"'\\\\xe9'    1 {} {7}\""),
            ("", "F.format('{:,}', 1234567), F.format('{0:%Y}', __import__('datetime').date(2020, 1, 2))", "('1,234,567', '2020')"),
            ("", "F.format('{}{0}', 1)", "ValueError: cannot switch from manual field specification to automatic field numbering"),
            ("", "F.format('{0}{}', 1)", "ValueError: cannot switch from manual field specification to automatic field numbering"),
            ("", "F.format('{}{0.real}', 1)", "'11'"),
            ("", "F.format('{:{}}', 'a', 3)", "'a  '"),
            ("", "F.format('{:{:{}}}', 'a', 3, 4)", "ValueError: Max string recursion exceeded"),
            ("", "F.format('{a}', b=1)", "KeyError: 'a'"),
            ("", "F.format('{5}', 1)", "IndexError: tuple index out of range"),
            ("", "F.format('{!x}', 1)", "ValueError: Unknown conversion specifier x"),
            ("", "F.format('{', 1)", "ValueError: Single '{' encountered in format string"),
            ("", "F.format('}')", "ValueError: Single '}' encountered in format string"),
            ("", "F.format('{0!}', 1)", "ValueError: unmatched '{' in format spec"),
            ("", "F.format('{0.}', 1)", "ValueError: Empty attribute in format string"),
            ("", "F.format('{0[}', 1)", "ValueError: expected '}' before end of string"),
            ("", "F.format('{0]}', 1)", "KeyError: '0]'"),
            ("", "F.format('{:d}', 'x')", "ValueError: Unknown format code 'd' for object of type 'str'"),
            ("", "F.format('{0.nope}', 1)", "AttributeError: 'int' object has no attribute 'nope'"),
            ("", "F.format('{²}', 1)", "KeyError: '²'"),
            ("", "F.format(5)", "TypeError: expected str, got int"),
            ("", "F.format()", "TypeError: Formatter.format() missing 1 required positional argument: 'format_string'"),
            ("", "F.format(format_string='x')", "TypeError: Formatter.format() missing 1 required positional argument: 'format_string'"),
            ("", "F.vformat('{0}{k}', [1], {'k': 2}), F.vformat('{}', (3,), {})", "('12', '3')"),
            ("", "F.vformat('{0}', (), {})", "IndexError: tuple index out of range"),
            ("", "F.vformat('{0}', 1)", "TypeError: Formatter.vformat() missing 1 required positional argument: 'kwargs'"),
            ("", "list(F.parse('x{0!r:>{w}}y')), list(F.parse('a{{b')), list(F.parse('{}')), list(F.parse('}}')), list(F.parse('')), list(F.parse('{a[x]!s}')), list(F.parse('{!r}'))", "([('x', '0', '>{w}', 'r'), ('y', None, None, None)], [('a{', None, None, None), ('b', None, None, None)], [('', '', '', None)], [('}', None, None, None)], [], [('', 'a[x]', '', 's')], [('', '', '', 'r')])"),
            ("it = F.parse('a{0}b}')", "next(it), next(it)", "ValueError: Single '}' encountered in format string"),
            ("it = F.parse('a{0}b}')\nnext(it)", "next(it)", "ValueError: Single '}' encountered in format string"),
            ("", "F.parse('{')", "<formatteriterator object at 0x7f74dd0527c0>"),
            ("", "list(F.parse('{'))", "ValueError: Single '{' encountered in format string"),
            ("", "list(F.parse('{0!rr}'))", "ValueError: expected ':' after conversion specifier"),
            ("", "F.parse(5)", "TypeError: expected str, got int"),
            ("", "F.get_field('0.real', [3], {}), F.get_field('a[0][x].imag', (), {'a': [{'x': 2}]}), F.get_field('k', (), {'k': 1})", "((3, 0), (0, 'a'), (1, 'k'))"),
            ("", "F.get_field('1.', [1, 2], {})", "ValueError: Empty attribute in format string"),
            ("", "F.get_field('0[', [1], {})", "ValueError: Missing ']' in format string"),
            ("", "F.get_field(0, [1], {})", "TypeError: expected str, got int"),
            ("", "F.get_value(0, [3], {}), F.get_value('x', (), {'x': 4})", "(3, 4)"),
            ("", "F.get_value('x', [3], {})", "KeyError: 'x'"),
            ("", "F.get_value(2, [3], {})", "IndexError: list index out of range"),
            ("", "F.convert_field(1, 'r'), F.convert_field('é', 'a'), F.convert_field(2, 's'), F.convert_field(3, None)", "('1', \"'\\\\xe9'\", '2', 3)"),
            ("", "F.convert_field(1, 'q')", "ValueError: Unknown conversion specifier q"),
            ("", "F.convert_field(1, 5)", "ValueError: Unknown conversion specifier 5"),
            ("", "F.format_field(3.14159, '.2f'), F.format_field('x', '>3'), F.format_field(5, '')", "('3.14', '  x', '5')"),
            ("", "F.format_field(3, 5)", "TypeError: format() argument 2 must be str, not int"),
            ("", "F.format_field(3, 'q')", "ValueError: Unknown format code 'q' for object of type 'int'"),
            ("", "F.check_unused_args(set(), (), {})", "None"),
            ("", "F.check_unused_args()", "TypeError: Formatter.check_unused_args() missing 3 required positional arguments: 'used_args', 'args', and 'kwargs'"),
            ("", "Formatter(1)", "TypeError: Formatter() takes no arguments"),
            ("", "type(F).__name__, type(F).__module__", "('Formatter', 'string')"),
            ("", "type(copy.copy(F)).__name__, type(copy.deepcopy(F)).__name__", "('Formatter', 'Formatter')"),
            ("", "F.format('{0:{1}}', 3.14159, '.2f'), F.format('{!r:^10}', 'ab'), F.format('{a.real}', a=3), F.format('{0}', *range(3))", "('3.14', \"   'ab'   \", '3', '0')"),
            ("", "F.vformat('{}', [1], {}), F.get_field('', (7,), {}), list(F.parse('{0:{1}}'))", "KeyError: ''"),
        ],
    );
}
