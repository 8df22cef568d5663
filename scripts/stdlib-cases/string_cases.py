PREFIX = "import string\nfrom string import Template as T\n"
CASES = [
    "string.ascii_letters", "string.ascii_lowercase", "string.ascii_uppercase", "string.digits", "string.hexdigits",
    "string.octdigits", "string.punctuation", "string.printable", "string.whitespace",
    "string.capwords('  hello   world  ')", "string.capwords('a-b c-d', '-')", "string.capwords('ÉCOLE école')",
    "string.capwords('x', '')", "string.capwords('')", "string.capwords('tHE qUICK\\tbrown')", "string.capwords('a  b', ' ')",
    "string.capwords(5)",
    "T('$who likes $what').substitute(who='tim', what='kung pao')",
    "T('$who').substitute({'who': 1})", "T('${who}x').substitute(who=2)", "T('$$ $who').substitute(who=3)",
    "T('$who $x').substitute(who=3)", "T('$who $x').safe_substitute(who=3)", "T('a\\n b $ c').substitute()",
    "T('a\\n b $ c').safe_substitute()", "T('$').substitute()", "T('${a').safe_substitute()", "T('${a').substitute(a=1)",
    "T('$1').substitute()", "T('$a$b${c}$d$a').get_identifiers()", "T('$a $1').is_valid()", "T('$a $$').is_valid()",
    "T('x').template", "T('$who').substitute({'who': 1}, who=2)", "T('$ab_c9').substitute(ab_c9=1)",
    "T('$AB').substitute(AB=1)", "T('$é').substitute()", "T('$who').substitute(1)", "T('$a').substitute([])",
    "T.delimiter", "T.idpattern", "T('').substitute()", "T('${x}${y}').safe_substitute(x=[1])",
    "T('line1\\nline2 $$ok\\r\\nline3 ${bad').substitute()", "T('é $x').substitute(x='ü')",
    "T('$x', ).substitute({}, {})", "T('$x').safe_substitute({'x': None})", "T(1).substitute()",
    "T('$who.$what').substitute(who='a', what='b')", "T('$_x9_').substitute(_x9_=0)", "T('${ab c}').safe_substitute()",
]
