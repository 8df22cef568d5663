"""struct: pack/unpack of every format character under every byte order
(native alignment included: both servers run on this host), repeat counts,
pad bytes and the string kinds, the range and type errors of packing, bad
formats, calcsize, Struct objects, pack_into/unpack_from with offsets,
iter_unpack; the same calls through the client (``M.struct``)."""

from cases import family

from .seqs import programs

ORDERS = ["", "@", "=", "<", ">", "!"]
INTS = "bBhHiIlLqQnN"
NATIVE_ONLY = "nNP"

# fmt: off
FIXED = [
    "import struct\nresult = [struct.calcsize(o + c) for o in '@=<>!' for c in 'xcbB?hHiIlLqQefdspP' if c not in 'nNP' or o == '@']",
    "import struct\nresult = struct.calcsize('@n'), struct.calcsize('@N'), struct.calcsize('@P')",
    "import struct\nresult = struct.calcsize('=n')",
    "import struct\nresult = struct.calcsize('<P')",
    "import struct\nresult = struct.calcsize('bi'), struct.calcsize('ib'), struct.calcsize('bq'), struct.calcsize('b0q')",
    "import struct\nresult = struct.calcsize('c3xhd'), struct.calcsize('<c3xhd'), struct.calcsize('10s5p2x')",
    "import struct\nresult = struct.calcsize(''), struct.calcsize(' '), struct.calcsize('  i  h '), struct.calcsize('0s0p0x')",
    "import struct\nresult = struct.calcsize(b'<i'), struct.calcsize('<  2 i')",
    "import struct\nresult = struct.calcsize('<z')",
    "import struct\nresult = struct.calcsize('<i<h')",
    "import struct\nresult = struct.calcsize('3')",
    "import struct\nresult = struct.calcsize('<' + '9' * 30 + 'x')",
    "import struct\nresult = struct.calcsize(3)",
    "import struct\nresult = struct.pack('@bhbq', 1, 2, 3, 4), struct.pack('=bhbq', 1, 2, 3, 4)",
    "import struct\nresult = struct.pack('@c0i', b'x'), struct.pack('@ci', b'x', 1)",
    "import struct\nresult = struct.unpack('@bi', b'\\x01\\x00\\x00\\x00\\x02\\x00\\x00\\x00')",
    "import struct\nresult = struct.pack('<?', 2), struct.pack('<?', 0.0), struct.pack('<?', None), struct.unpack('<??', b'\\x00\\x07')",
    "import struct\nresult = struct.pack('<3?', 1, [], 'x')",
    "import struct\nresult = struct.pack('<c', b'ab')",
    "import struct\nresult = struct.pack('<c', 'a')",
    "import struct\nresult = struct.pack('<c', 97)",
    "import struct\nresult = struct.pack('<c', bytearray(b'z'))",
    "import struct\nresult = struct.pack('<3s', 'abc')",
    "import struct\nresult = struct.pack('<3s', bytearray(b'abcd')), struct.pack('<0s', b'abc'), struct.pack('<s', b'')",
    "import struct\nresult = struct.pack('<1p', b'abc'), struct.pack('<3p', b'abcdef'), struct.pack('<300p', b'a' * 300)[:3]",
    "import struct\nresult = struct.unpack('<5p', b'\\x09abcd'), struct.unpack('<5p', b'\\x02abcd'), struct.unpack('<1p', b'\\x05')",
    "import struct\nresult = struct.pack('<2c', b'a', b'b'), struct.unpack('<2c', b'ab'), struct.unpack('<2s', b'ab')",
    "import struct\nresult = struct.pack('<i', 1, 2)",
    "import struct\nresult = struct.pack('<ii', 1)",
    "import struct\nresult = struct.pack('<i')",
    "import struct\nresult = struct.pack()",
    "import struct\nresult = struct.unpack('<i', b'abc')",
    "import struct\nresult = struct.unpack('<i', b'abcde')",
    "import struct\nresult = struct.unpack('<i', 'abcd')",
    "import struct\nresult = struct.unpack('<2h', bytearray(b'\\x01\\x00\\xff\\xff')), struct.unpack('', b'')",
    "import struct\nresult = struct.pack('<q', 2**63)",
    "import struct\nresult = struct.pack('<Q', -1)",
    "import struct\nresult = struct.pack('@n', 2**63)",
    "import struct\nresult = struct.pack('@N', -1)",
    "import struct\nresult = struct.pack('<h', 32768)",
    "import struct\nresult = struct.pack('>H', 65536)",
    "import struct\nresult = struct.pack('<B', 256)",
    "import struct\nresult = struct.pack('@b', -129)",
    "import struct\nresult = struct.pack('@l', 2**64)",
    "import struct\nresult = struct.pack('<i', 3.0)",
    "import struct\nresult = struct.pack('<i', '3')",
    "import struct\nresult = struct.pack('<i', None)",
    "import struct\nresult = struct.pack('<i', True), struct.pack('<Q', False)",
    "import struct\nresult = struct.pack('<d', 1), struct.pack('<f', 2**24 + 1), struct.pack('<d', 2**1024 - 1)",
    "import struct\nresult = struct.pack('<d', 2**1024)",
    "import struct\nresult = struct.pack('<f', 3.5e38)",
    "import struct\nresult = struct.pack('<f', float('inf')), struct.pack('>f', -float('inf')), struct.pack('<d', float('nan'))",
    "import struct\nresult = struct.pack('<e', 65504.0), struct.pack('<e', 6e-8), struct.pack('<e', 2e-8), struct.pack('<e', 3e-8)",
    "import struct\nresult = struct.pack('<e', 65520.0)",
    "import struct\nresult = struct.pack('<e', 'x')",
    "import struct\nresult = struct.unpack('<e', b'\\x00\\x7c'), struct.unpack('<e', b'\\x00\\xfc'), struct.unpack('<e', b'\\x01\\x00')",
    "import struct\nresult = struct.unpack('<f', b'\\x00\\x00\\xc0\\x7f'), struct.unpack('>d', b'\\x80' + b'\\x00' * 7)",
    "import struct\nresult = struct.unpack('<f', struct.pack('<f', 0.1)), struct.unpack('>e', struct.pack('>e', 0.1))",
    "import struct\nresult = struct.pack('<3i', 1, 2, 3), struct.unpack('>3H', b'\\x00\\x01\\x00\\x02\\x00\\x03')",
    "import struct\nresult = struct.pack('<P', 1)",
    "import struct\nresult = struct.pack('@P', 0), struct.unpack('@P', struct.pack('@P', 2**40))",
    "import struct\nresult = struct.pack('@P', -1)",
    "import struct\nresult = struct.pack('<x')",
    "import struct\nresult = struct.pack('<x', 1)",
    "import struct\nresult = struct.unpack('<xbx', b'\\x00\\x05\\x00')",
    # Struct objects
    "import struct\ns = struct.Struct('<hi')\nresult = s.format, s.size, s.pack(1, 2), s.unpack(b'\\x01\\x00\\x02\\x00\\x00\\x00')",
    "import struct\ns = struct.Struct(b'>I')\nresult = s.format, s.size",
    "import struct\nresult = repr(struct.Struct('<i')).startswith('<_struct.Struct object at 0x'), struct.Struct('<i') == struct.Struct('<i')",
    "import struct\nresult = struct.Struct('<q').format",
    "import struct\nresult = struct.Struct('<y')",
    "import struct\nresult = struct.Struct()",
    "import struct\nresult = struct.Struct(5)",
    "import struct\ns = struct.Struct('<h')\nresult = s.pack(70000)",
    "import struct\ns = struct.Struct('<h')\nresult = s.unpack(b'abc')",
    "import struct\ns = struct.Struct('<2h')\nresult = list(s.iter_unpack(b'\\x01\\x00\\x02\\x00\\x03\\x00\\x04\\x00'))",
    "import struct\nresult = list(struct.iter_unpack('<h', b'\\x01\\x00\\x02\\x00')), list(struct.iter_unpack('<h', b''))",
    "import struct\nresult = list(struct.iter_unpack('<h', b'\\x01\\x00\\x02'))",
    "import struct\nresult = list(struct.iter_unpack('', b''))",
    "import struct\nresult = list(struct.iter_unpack('<0s', b'ab'))",
    "import struct\nit = struct.iter_unpack('<b', b'\\x01\\x02\\x03')\nnext(it)\nresult = it.__length_hint__(), list(it)",
    "import struct\nb = bytearray(8)\nstruct.pack_into('<hh', b, 2, 1, -1)\nresult = b",
    "import struct\nb = bytearray(8)\nstruct.pack_into('<h', b, -2, 258)\nresult = b",
    "import struct\nb = bytearray(4)\nstruct.pack_into('<i', b, 1, 5)",
    "import struct\nb = bytearray(4)\nstruct.pack_into('<i', b, -5, 5)",
    "import struct\nb = bytearray(4)\nstruct.pack_into('<h', b, 5, 5)",
    "import struct\nstruct.pack_into('<h', b'abcd', 0, 5)",
    "import struct\nb = bytearray(4)\nstruct.Struct('<h').pack_into(b, 1, -2)\nresult = b",
    "import struct\nresult = struct.unpack_from('<h', b'\\x00\\x01\\x02\\x03', 1), struct.unpack_from('<h', b'\\x00\\x01\\x02\\x03', offset=-2)",
    "import struct\nresult = struct.unpack_from('<i', b'\\x00\\x01\\x02', 0)",
    "import struct\nresult = struct.unpack_from('<h', b'\\x00\\x01\\x02', 2)",
    "import struct\nresult = struct.unpack_from('<h', b'\\x00\\x01', -3)",
    "import struct\nresult = struct.unpack_from('<h', b'\\x00\\x01', 5)",
    "import struct\nresult = struct.Struct('<b').unpack_from(b'\\x01\\x02\\x03', offset=2)",
    "import struct\nresult = issubclass(struct.error, Exception), struct.error.__module__, struct.error.__name__",
    "import struct\nresult = struct.pack('<' + 'b' * 5, *range(5)), struct.pack('<5b', *range(5))",
    "import struct\nresult = struct.unpack('<4s2x2H', b'RIFF\\x00\\x00\\x01\\x00\\xff\\xff')",
    "import struct\nhdr = struct.pack('>4sHHI', b'MAGC', 1, 2, 3)\nresult = hdr, struct.unpack('>4sHHI', hdr)",
    ("proxy", "import struct", "M.struct.pack('<hI', -2, 7)"),
    ("proxy", "import struct", "M.struct.unpack('>2H', b'\\x00\\x01\\x00\\x02')"),
    ("proxy", "import struct", "M.struct.calcsize('@bq')"),
    ("proxy", "import struct", "M.struct.pack('<b', 300)"),
    ("proxy", "import struct", "M.struct.Struct('<i').size"),
    ("proxy", "import struct", "M.struct.Struct('<2b').unpack(b'\\x01\\xff')"),
    ("proxy", "import struct", "list(M.struct.iter_unpack('<b', b'\\x01\\x02'))"),
    ("proxy", "import struct", "M.struct.unpack('<i', b'ab')"),
]
# fmt: on
FIXED = programs(FIXED)

VALUES = {
    "b": ["0", "-128", "127", "128", "-129", "-1", "2**70"], "B": ["0", "255", "256", "-1", "7"],
    "h": ["-32768", "32767", "32768", "-1", "12345"], "H": ["65535", "65536", "-1", "0"],
    "i": ["-2**31", "2**31 - 1", "2**31", "-2**31 - 1", "42"], "I": ["2**32 - 1", "2**32", "-1", "0"],
    "l": ["-2**63", "2**63 - 1", "2**63", "-5", "2**31"], "L": ["2**64 - 1", "2**64", "-1", "2**32"],
    "q": ["-2**63", "2**63 - 1", "2**63", "-2**63 - 1", "0"], "Q": ["2**64 - 1", "2**64", "-1", "1"],
    "n": ["-2**63", "2**63 - 1", "2**63", "3"], "N": ["2**64 - 1", "2**64", "-1", "9"],
    "e": ["0.0", "-0.0", "1.5", "65504.0", "65519.0", "65520.0", "1e-7", "6e-8", "float('inf')", "float('nan')", "0.1", "1"],
    "f": ["0.0", "-1.5", "3.4028234663852886e38", "3.4028236e38", "1e-45", "1e-46", "0.1", "float('-inf')", "2**128"],
    "d": ["0.0", "-0.0", "1e308", "5e-324", "0.1", "float('inf')", "2**1023", "10**400", "True"],
    "?": ["True", "False", "0", "2", "''", "'x'", "[]", "None"],
    "c": ["b'a'", "b'\\x00'", "b'ab'", "b''", "'a'", "1"],
    "s": ["b''", "b'ab'", "b'abcdef'", "'ab'", "bytearray(b'xy')"],
    "p": ["b''", "b'ab'", "b'abcdef'", "b'x' * 300"],
    "P": ["0", "1", "2**64 - 1", "-1", "2**64"],
}
BAD_VALUES = ["'1'", "1.5", "None", "b'1'", "[1]"]
BAD_FORMATS = ["'<Z'", "'<i*'", "'<-1i'", "'<2'", "'i<'", "'<n'", "'>P'", "'<%'", "'@i@'", "'<4'", "'<ie!'"]


def draw(rng):
    kind = rng.random()
    if kind < 0.55:
        order = rng.choice(ORDERS)
        chars = [c for c in VALUES if order in ("", "@") or c not in NATIVE_ONLY]
        n = rng.choice([1, 1, 2, 3])
        fmt, vals = order, []
        for _ in range(n):
            c = rng.choice(chars)
            # No '0p': CPython packs it past the field (a buffer overrun) and cannot unpack it.
            count = rng.choice(["", "", "2", "0" if c == "s" else "3"]) if c in "sp" else rng.choice(["", "", "", "2"])
            fmt += count + c
            reps = 1 if c in "sp" else (int(count) if count else 1)
            pool = VALUES[c] + (BAD_VALUES if rng.random() < 0.1 else [])
            vals += [rng.choice(pool) for _ in range(reps)]
        args = "".join(", " + v for v in vals)
        if rng.random() < 0.5:
            return ("exec", f"import struct\np = struct.pack({fmt!r}{args})\nresult = p, struct.unpack({fmt!r}, p)")
        return ("exec", f"import struct\nresult = struct.pack({fmt!r}{args})")
    if kind < 0.75:
        order = rng.choice(ORDERS)
        c = rng.choice([c for c in "bBhHiIlLqQefd?cspnNP" if order in ("", "@") or c not in NATIVE_ONLY])
        count = rng.choice(["", "2", "3"])
        fmt = order + count + c
        data = rng.choice(["bytes(range(16))", "b'\\xff' * 16", "b'\\x00\\x80' * 8", "bytes(range(200, 216))",
                           "b'\\x7f\\xf0\\x00\\x00\\x00\\x00\\x00\\x01' * 2", "b'\\x00\\x7c\\x00\\xfc' * 4"])
        return ("exec", f"import struct\nresult = struct.unpack_from({fmt!r}, {data}, {rng.choice([0, 1, 3])})")
    if kind < 0.85:
        fmt = rng.choice(BAD_FORMATS)
        call = rng.choice([f"struct.calcsize({fmt})", f"struct.pack({fmt}, 1)", f"struct.Struct({fmt})"])
        return ("exec", f"import struct\nresult = {call}")
    if kind < 0.95:
        parts = [rng.choice(["", "", "2", "3", "0"]) + rng.choice("xcbB?hHiIlLqQefdsp") for _ in range(rng.randint(1, 4))]
        order = rng.choice(ORDERS)
        return ("exec", f"import struct\nresult = struct.calcsize({order + ''.join(parts)!r})")
    c = rng.choice("bBhHiIqQefd")
    order = rng.choice("<>!=")
    return ("proxy", "import struct", f"list(M.struct.iter_unpack({order + c!r}, bytes(range(16))))")


family("mod_struct", __doc__, lambda: FIXED, draw, weight=3, suite="stdlib")
