"""base64 and binascii: every encoding both ways (b64 standard, URL-safe
and with altchars, b32 and b32hex with casefold and map01, b16, a85 with
its options, b85, hex with separators, uu, qp, crc32/crc_hqx), validate,
str arguments, and the errors of bad padding, bad characters and wrong
types; the same calls through the client (``M.base64``)."""

from cases import family

from .seqs import programs

# fmt: off
FIXED = [
    "import base64\nresult = base64.b64encode(b'\\xfb\\xff\\xfe'), base64.urlsafe_b64encode(b'\\xfb\\xff\\xfe')",
    "import base64\nresult = base64.b64encode(b'\\xfb\\xff', altchars=b'-_'), base64.b64decode(b'-_8=', altchars=b'-_')",
    "import base64\nresult = base64.b64encode(b'x', altchars=b'-')",
    "import base64\nresult = base64.b64encode('abc')",
    "import base64\nresult = base64.b64decode('YWJj'), base64.b64decode(b'YW Jj\\n'), base64.b64decode(bytearray(b'YQ=='))",
    "import base64\nresult = base64.b64decode(b'YW Jj', validate=True)",
    "import base64\nresult = base64.b64decode(b'YWJ')",
    "import base64\nresult = base64.b64decode(b'YQ')",
    "import base64\nresult = base64.b64decode(b'Y')",
    "import base64\nresult = base64.b64decode(b'YQ=')",
    "import base64\nresult = base64.b64decode(b'YQ==YQ=='), base64.b64decode(b'YQ===')",
    "import base64\nresult = base64.b64decode(b'=YQ==')",
    "import base64\nresult = base64.b64decode(b'YQ==', validate=True), base64.b64decode(b'', validate=True)",
    "import base64\nresult = base64.b64decode(b'YQ==\\n', validate=True)",
    "import base64\nresult = base64.b64decode('\\u00e9')",
    "import base64\nresult = base64.b64decode(3)",
    "import base64\nresult = base64.urlsafe_b64decode(b'-_8='), base64.urlsafe_b64decode('-_8=')",
    "import base64\nresult = base64.standard_b64encode(b'abcd'), base64.standard_b64decode(b'YWJjZA==')",
    "import base64\nresult = base64.encodebytes(b'x' * 100), base64.decodebytes(b'eHh4\\n')",
    "import base64\nresult = base64.encodebytes('x')",
    "import base64\nresult = base64.b32encode(b'abcde'), base64.b32encode(b'a'), base64.b32encode(b'')",
    "import base64\nresult = base64.b32decode(b'MFRGGZDF'), base64.b32decode(b'ME======'), base64.b32decode('mfrggzdf', casefold=True)",
    "import base64\nresult = base64.b32decode(b'mfrggzdf')",
    "import base64\nresult = base64.b32decode(b'ME=====')",
    "import base64\nresult = base64.b32decode(b'M1======', map01=b'L'), base64.b32decode(b'0E======', map01=b'I')",
    "import base64\nresult = base64.b32decode(b'M1======')",
    "import base64\nresult = base64.b32decode(b'MFRGGZD=')",
    "import base64\nresult = base64.b32hexencode(b'abcde'), base64.b32hexdecode(b'C5H66P35'), base64.b32hexdecode(b'c5h66p35', casefold=True)",
    "import base64\nresult = base64.b32hexdecode(b'W5H66P35')",
    "import base64\nresult = base64.b16encode(b'\\x00\\xffab'), base64.b16decode(b'00FF6162'), base64.b16decode(b'00ff', casefold=True)",
    "import base64\nresult = base64.b16decode(b'00ff')",
    "import base64\nresult = base64.b16decode(b'0')",
    "import base64\nresult = base64.b16decode(b'0G')",
    "import base64\nresult = base64.encode.__name__, base64.decode.__module__",
    "import base64\nwith open(FIX + '/bin.dat', 'rb') as f:\n    result = base64.b64encode(f.read())[:40]",
    # binascii
    "import binascii\nresult = binascii.hexlify(b'\\x01\\xab'), binascii.hexlify(b'\\x01\\xab\\xcd', '-'), binascii.hexlify(b'\\x01\\xab\\xcd', b':', 2)",
    "import binascii\nresult = binascii.hexlify(b'abcdef', ' ', -4), binascii.b2a_hex(b'abc', sep='|', bytes_per_sep=-1)",
    "import binascii\nresult = binascii.hexlify(b'ab', 'xx')",
    "import binascii\nresult = binascii.hexlify(b'ab', '\\u00e9')",
    "import binascii\nresult = binascii.hexlify('ab')",
    "import binascii\nresult = binascii.unhexlify(b'01aB'), binascii.unhexlify('ff00'), binascii.a2b_hex(bytearray(b'10'))",
    "import binascii\nresult = binascii.unhexlify(b'0')",
    "import binascii\nresult = binascii.unhexlify(b'0g')",
    "import binascii\nresult = binascii.unhexlify('\\u00e9\\u00e9')",
    "import binascii\nresult = binascii.unhexlify(b'01 02')",
    "import binascii\nresult = binascii.b2a_base64(b'abc'), binascii.b2a_base64(b'abc', newline=False), binascii.b2a_base64(b'')",
    "import binascii\nresult = binascii.a2b_base64(b'YWJj\\n'), binascii.a2b_base64('YW=Jj'), binascii.a2b_base64(b'!YWJj!')",
    "import binascii\nresult = binascii.a2b_base64(b'YWJj', strict_mode=True), binascii.a2b_base64(b'', strict_mode=True)",
    "import binascii\nresult = binascii.a2b_base64(b'YW=Jj', strict_mode=True)",
    "import binascii\nresult = binascii.a2b_base64(b'=YWJj', strict_mode=True)",
    "import binascii\nresult = binascii.a2b_base64(b'YWJj!', strict_mode=True)",
    "import binascii\nresult = binascii.a2b_base64(b'YQ==YQ==', strict_mode=True)",
    "import binascii\nresult = binascii.a2b_base64(b'YQ=')",
    "import binascii\nresult = binascii.a2b_base64(b'YWJjZ')",
    "import binascii\nresult = binascii.crc32(b'hello'), binascii.crc32(b'hello', 1), binascii.crc32(b''), binascii.crc32(b'x', 2**32 - 1)",
    "import binascii\nresult = binascii.crc32(b'x', -1), binascii.crc32(b'x', 2**40)",
    "import binascii\nresult = binascii.crc32('x')",
    "import binascii\nresult = binascii.crc_hqx(b'hello', 0), binascii.crc_hqx(b'hello', 0xffff), binascii.crc_hqx(b'', 7), binascii.crc_hqx(b'a', 2**20)",
    "import binascii\nresult = binascii.crc_hqx(b'a')",
    "import binascii\nresult = binascii.Error, binascii.Incomplete, issubclass(binascii.Incomplete, Exception)",
    ("proxy", "import base64", "M.base64.b64encode(b'hello')"),
    ("proxy", "import base64", "M.base64.b64decode('aGVsbG8=')"),
    ("proxy", "import base64", "M.base64.b64decode('aGVsbG8')"),
    ("proxy", "import base64", "M.base64.b32encode(b'x').decode()"),
    ("proxy", "import binascii", "M.binascii.hexlify(b'\\x00\\xff', '-')"),
    ("proxy", "import binascii", "M.binascii.crc32(b'abc')"),
    ("proxy", "import binascii", "M.binascii.unhexlify('zz')"),
]
# fmt: on
FIXED = programs(FIXED)

# Known gaps of the agent, not run (they would fail every run): Ascii85/Base85, quoted-printable
# and uuencode (not implemented), base64.encode/decode on files, base64.binascii.
# fmt: off
GAPS = [
    "import base64\nresult = base64.a85encode(b'hello world'), base64.a85encode(b'\\x00' * 8), base64.a85encode(b'    ', foldspaces=True)",
    "import base64\nresult = base64.a85encode(b'hello world' * 5, wrapcol=20), base64.a85encode(b'hi', adobe=True), base64.a85encode(b'hi', pad=True)",
    "import base64\nresult = base64.a85encode(b'x' * 30, wrapcol=10, adobe=True), base64.a85encode(b'', adobe=True)",
    "import base64\nresult = base64.a85decode(b'BOu!rD]j7BEbo7'), base64.a85decode(b'<~BOu!rD]j7BEbo7~>', adobe=True), base64.a85decode(b'zz')",
    "import base64\nresult = base64.a85decode(b'y', foldspaces=True), base64.a85decode(b'BO u!\\nr', ignorechars=b' \\n')",
    "import base64\nresult = base64.a85decode(b'BOu!rD]j7BEbo7', adobe=True)",
    "import base64\nresult = base64.a85decode(b'<~BOu!r')",
    "import base64\nresult = base64.a85decode(b'Bz')",
    "import base64\nresult = base64.a85decode(b'y')",
    "import base64\nresult = base64.a85decode(b'uuuuu')",
    "import base64\nresult = base64.a85decode(b'BOu!rv')",
    "import base64\nresult = base64.b85encode(b'hello world'), base64.b85encode(b'hi', pad=True), base64.b85encode(b'')",
    "import base64\nresult = base64.b85decode(b'Xk~0{Zy<MXa%^M'), base64.b85decode('Xk~0{')",
    "import base64\nresult = base64.b85decode(b'Xk~0{ ')",
    "import base64\nresult = base64.b85decode(b'|NsC0')",
    "import base64\nresult = base64.b85decode(b'~~~~~')",
    "import base64, io\nout = io.BytesIO()\nbase64.encode(io.BytesIO(b'x' * 60), out)\nresult = out.getvalue()",
    "import base64, io\nout = io.BytesIO()\nbase64.decode(io.BytesIO(b'eHh4\\neXk=\\n'), out)\nresult = out.getvalue()",
    "import base64\nresult = issubclass(base64.binascii.Error, ValueError), base64.binascii.Error.__module__",
    "import binascii\nresult = binascii.b2a_uu(b'hello'), binascii.b2a_uu(b''), binascii.b2a_uu(b'hi', backtick=True), binascii.b2a_uu(b'', backtick=True)",
    "import binascii\nresult = binascii.b2a_uu(b'x' * 46)",
    "import binascii\nresult = binascii.a2b_uu(b'%:&5L;&\\\\\\n'), binascii.a2b_uu(b''), binascii.a2b_uu(b' '), binascii.a2b_uu(b'`')",
    "import binascii\nresult = binascii.a2b_uu(b'%:&5L')",
    "import binascii\nresult = binascii.a2b_uu(b'!:&5L;&\\\\')",
    "import binascii\nresult = binascii.b2a_qp(b'h\\xe9llo = world\\t\\n'), binascii.b2a_qp(b'a b', header=True), binascii.b2a_qp(b'x' * 80)",
    "import binascii\nresult = binascii.b2a_qp(b'a\\tb \\n', quotetabs=True), binascii.b2a_qp(b'a\\r\\nb', istext=False), binascii.b2a_qp(b'.\\n')",
    "import binascii\nresult = binascii.a2b_qp(b'h=E9llo=\\n world'), binascii.a2b_qp(b'a_b', header=True), binascii.a2b_qp(b'=4'), binascii.a2b_qp(b'=zz=')",
]
# fmt: on

DATA = ["b''", "b'a'", "b'ab'", "b'abc'", "b'abcd'", "b'abcde'", "bytes(range(256))", "b'\\x00' * 7", "b'\\xff\\xfe\\xfd'",
        "b'    '", "'text'.encode()", "bytearray(b'xyz')", "b'hello world' * 3", "b'\\x00\\x00\\x00\\x00a'"]
ENCODERS = [
    ("base64", "b64encode", "b64decode"), ("base64", "urlsafe_b64encode", "urlsafe_b64decode"),
    ("base64", "b32encode", "b32decode"), ("base64", "b32hexencode", "b32hexdecode"), ("base64", "b16encode", "b16decode"),
    ("base64", "a85encode", "a85decode"), ("base64", "b85encode", "b85decode"), ("base64", "encodebytes", "decodebytes"),
    ("binascii", "hexlify", "unhexlify"), ("binascii", "b2a_base64", "a2b_base64"), ("binascii", "b2a_qp", "a2b_qp"),
    ("binascii", "b2a_uu", "a2b_uu"),
]
ENCODE_OPTS = {
    "a85encode": ["", ", foldspaces=True", ", wrapcol=7", ", pad=True", ", adobe=True", ", wrapcol=3, adobe=True"],
    "b85encode": ["", ", pad=True"], "b2a_base64": ["", ", newline=False"], "hexlify": ["", ", '-'", ", b' ', 3", ", ':', -2"],
    "b2a_qp": ["", ", quotetabs=True", ", istext=False", ", header=True"], "b64encode": ["", ", b'*!'"],
    "b2a_uu": ["", ", backtick=True"],
}
BAD = {
    "b64decode": ["b'YWJ'", "b'Y'", "b'YQ='", "b'YQ==='", "b'!!!!'", "'\\u00e9'", "b'YW\\nJj'", "b'YQ==YQ'", "None", "b'YQ==\\x00'"],
    "b32decode": ["b'ME'", "b'ME======='", "b'mfrg'", "b'MFRGGZD1'", "b'MFRG GZDF'", "b'========'", "b'M======='"],
    "b16decode": ["b'0'", "b'0g'", "b'ab'", "b'0 1'"], "a85decode": ["b'z'", "b'Bz'", "b'~>'", "b'<~x~>'", "b'\\x7f'", "b'uuuu'"],
    "b85decode": ["b'~'", "b'|NsC0'", "b'0 0'", "b'\"'"], "unhexlify": ["b'0'", "b'xx'", "'0\\u00e9'", "b' 0'"],
    "a2b_base64": ["b'YWJjZ'", "b'Y==='", "b'====='", "b'YW Jj'"], "a2b_uu": ["b'%:&5L'", "b'~'", "b'!!!'"],
    "a2b_qp": ["b'=E'", "b'=\\r\\n'", "b'=4g'", "b'a=\\nb'"],
}


# The codecs of GAPS stay out of the draws too.
MISSING = ("a85", "b85", "_qp", "_uu")
ENCODERS = [e for e in ENCODERS if not any(m in e[1] for m in MISSING)]
BAD = {k: v for k, v in BAD.items() if not any(m in k for m in MISSING)}


def draw(rng):
    kind = rng.random()
    data = rng.choice(DATA)
    if kind < 0.45:
        mod, enc, dec = rng.choice(ENCODERS)
        opt = rng.choice(ENCODE_OPTS.get(enc, [""]))
        if rng.random() < 0.5:
            return ("exec", f"import {mod}\nresult = {mod}.{enc}({data}{opt})")
        return ("exec", f"import {mod}\ne = {mod}.{enc}({data}{opt})\nresult = e, {mod}.{dec}(e)")
    if kind < 0.75:
        dec = rng.choice(sorted(BAD))
        mod = "base64" if dec in ("b64decode", "b32decode", "b16decode", "a85decode", "b85decode") else "binascii"
        opt = ""
        if dec == "b64decode":
            opt = rng.choice(["", ", validate=True", ", altchars=b'-_'"])
        elif dec == "b32decode":
            opt = rng.choice(["", ", casefold=True", ", map01=b'L'"])
        elif dec == "b16decode":
            opt = rng.choice(["", ", casefold=True"])
        elif dec == "a85decode":
            opt = rng.choice(["", ", adobe=True", ", foldspaces=True", ", ignorechars=b'x'"])
        elif dec == "a2b_base64":
            opt = rng.choice(["", ", strict_mode=True"])
        elif dec == "a2b_qp":
            opt = rng.choice(["", ", header=True"])
        src = f"import {mod}\ntry:\n    result = {mod}.{dec}({rng.choice(BAD[dec])}{opt})\n"
        src += "except Exception as e:\n    result = type(e).__module__, type(e).__name__, str(e)"
        return ("exec", src)
    if kind < 0.9:
        fn = rng.choice(["crc32", "crc_hqx"])
        start = rng.choice(["", ", 0", ", 1", ", 0xffff", ", 2**32 - 1", ", -1", ", 2**33"])
        if fn == "crc_hqx" and not start:
            start = ", 0"
        return ("exec", f"import binascii\nresult = binascii.{fn}({data}{start})")
    # Client-side bytearrays (netrefs) as data are a gap: the agent reads only its own buffers.
    mod, enc, _ = rng.choice(ENCODERS)
    return ("proxy", f"import {mod}", f"M.{mod}.{enc}({data.replace('bytearray', 'bytes')})")


family("mod_base64", __doc__, lambda: FIXED, draw, weight=3, suite="stdlib")
