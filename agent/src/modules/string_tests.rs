//! `string` against CPython 3.11: every expectation below is what
//! CPython printed for the same source (regenerate with
//! scripts/gen-stdlib-tests.sh).

use crate::modules::testing::check;

const PREFIX: &str = "import string\nfrom string import Template as T\n";

#[test]
fn string_matches_cpython() {
    check(
        PREFIX,
        &[
            ("", "string.ascii_letters", "'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'"),
            ("", "string.ascii_lowercase", "'abcdefghijklmnopqrstuvwxyz'"),
            ("", "string.ascii_uppercase", "'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"),
            ("", "string.digits", "'0123456789'"),
            ("", "string.hexdigits", "'0123456789abcdefABCDEF'"),
            ("", "string.octdigits", "'01234567'"),
            ("", "string.punctuation", "'!\"#$%&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~'"),
            ("", "string.printable", "'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&\\'()*+,-./:;<=>?@[\\\\]^_`{|}~ \\t\\n\\r\\x0b\\x0c'"),
            ("", "string.whitespace", "' \\t\\n\\r\\x0b\\x0c'"),
            ("", "string.capwords('  hello   world  ')", "'Hello World'"),
            ("", "string.capwords('a-b c-d', '-')", "'A-B c-D'"),
            ("", "string.capwords('ÉCOLE école')", "'École École'"),
            ("", "string.capwords('x', '')", "ValueError: empty separator"),
            ("", "string.capwords('')", "''"),
            ("", "string.capwords('tHE qUICK\\tbrown')", "'The Quick Brown'"),
            ("", "string.capwords('a  b', ' ')", "'A  B'"),
            ("", "string.capwords(5)", "AttributeError: 'int' object has no attribute 'split'"),
            ("", "T('$who likes $what').substitute(who='tim', what='kung pao')", "'tim likes kung pao'"),
            ("", "T('$who').substitute({'who': 1})", "'1'"),
            ("", "T('${who}x').substitute(who=2)", "'2x'"),
            ("", "T('$$ $who').substitute(who=3)", "'$ 3'"),
            ("", "T('$who $x').substitute(who=3)", "KeyError: 'x'"),
            ("", "T('$who $x').safe_substitute(who=3)", "'3 $x'"),
            ("", "T('a\\n b $ c').substitute()", "ValueError: Invalid placeholder in string: line 2, col 4"),
            ("", "T('a\\n b $ c').safe_substitute()", "'a\\n b $ c'"),
            ("", "T('$').substitute()", "ValueError: Invalid placeholder in string: line 1, col 1"),
            ("", "T('${a').safe_substitute()", "'${a'"),
            ("", "T('${a').substitute(a=1)", "ValueError: Invalid placeholder in string: line 1, col 1"),
            ("", "T('$1').substitute()", "ValueError: Invalid placeholder in string: line 1, col 1"),
            ("", "T('$a$b${c}$d$a').get_identifiers()", "['a', 'b', 'c', 'd']"),
            ("", "T('$a $1').is_valid()", "False"),
            ("", "T('$a $$').is_valid()", "True"),
            ("", "T('x').template", "'x'"),
            ("", "T('$who').substitute({'who': 1}, who=2)", "'2'"),
            ("", "T('$ab_c9').substitute(ab_c9=1)", "'1'"),
            ("", "T('$AB').substitute(AB=1)", "'1'"),
            ("", "T('$é').substitute()", "ValueError: Invalid placeholder in string: line 1, col 1"),
            ("", "T('$who').substitute(1)", "TypeError: 'int' object is not subscriptable"),
            ("", "T('$a').substitute([])", "TypeError: list indices must be integers or slices, not str"),
            ("", "T.delimiter", "'$'"),
            ("", "T.idpattern", "'(?a:[_a-z][_a-z0-9]*)'"),
            ("", "T('').substitute()", "''"),
            ("", "T('${x}${y}').safe_substitute(x=[1])", "'[1]${y}'"),
            ("", "T('line1\\nline2 $$ok\\r\\nline3 ${bad').substitute()", "ValueError: Invalid placeholder in string: line 3, col 7"),
            ("", "T('é $x').substitute(x='ü')", "'é ü'"),
            ("", "T('$x', ).substitute({}, {})", "TypeError: Template.substitute() takes from 1 to 2 positional arguments but 3 were given"),
            ("", "T('$x').safe_substitute({'x': None})", "'None'"),
            ("", "T(1).substitute()", "TypeError: expected string or bytes-like object, got 'int'"),
            ("", "T('$who.$what').substitute(who='a', what='b')", "'a.b'"),
            ("", "T('$_x9_').substitute(_x9_=0)", "'0'"),
            ("", "T('${ab c}').safe_substitute()", "'${ab c}'"),
        ],
    );
}
