"""zlib and gzip: compress/decompress at every level and wbits variant
(zlib, raw deflate, gzip, automatic header detection), compressobj and
decompressobj streaming (flush modes, max_length, unconsumed_tail,
unused_data, eof, zdict, copy), adler32/crc32, corrupt and truncated data
errors; gzip.compress with mtime (so output is the same everywhere), gzip
decompress of concatenated members and trailing garbage, GzipFile and
gzip.open on the fixture; the same calls through the client (``M.zlib``).

Compressed bytes are not a result: they depend on the zlib the server links
(madler's zlib, zlib-ng), not on Python. Cases observe what the format
fixes (headers, trailers, sync markers) and round trips, and stream over
the literal streams below (made once by CPython with zlib 1.2.13)."""

from cases import family

from .seqs import programs

# fmt: off
Z_HELLO = "b'x\\x9c\\xcbH\\xcd\\xc9\\xc9W(\\xcf/\\xcaIQ\\xc8\\x18\\x01l\\x00UvY\\xb1'"  # zlib.compress(b'hello world ' * 20)
GZ_MEMBER = ("b'\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x02\\x03K\\xaf\\xca,P\\xc8M\\xcdMJ-RHI,I\\xe4J\\xa7\\x82"
             "\\x00\\x00|1\"\\xa5U\\x00\\x00\\x00'")  # gzip.compress(b'gzip member data\n' * 5, mtime=0)
# More streams for the draws: zlib.compress(b''), (b'abc' * 300), (b'The quick brown fox jumps', 9);
# gzip.compress(b'abc', mtime=0).
STREAMS = [Z_HELLO, "b'x\\x9c\\x03\\x00\\x00\\x00\\x00\\x01'", "b'x\\x9cKLJN\\x1cE\\xa3h\\x14\\r\\x1c\\x02\\x00p\\x02X\\x98'",
           "b'x\\xda\\x0b\\xc9HU(,\\xcdL\\xceVH*\\xca/\\xcfSH\\xcb\\xafP\\xc8*\\xcd-(\\x06\\x00v\\xe6\\tc'"]
GZ_STREAMS = [GZ_MEMBER, "b'\\x1f\\x8b\\x08\\x00\\x00\\x00\\x00\\x00\\x02\\x03KLJ\\x06\\x00\\xc2A$5\\x03\\x00\\x00\\x00'"]
FIXED = [
    "import zlib\nresult = [zlib.compress(d, lv)[:2] for d in (b'', b'hello') for lv in (-1, 0, 1, 5, 6, 9)]",
    "import zlib\nresult = [zlib.decompress(zlib.compress(bytes(range(256)) * 4, level)) == bytes(range(256)) * 4 for level in range(-1, 10)]",
    "import zlib\nresult = zlib.compress(b'x', 10)",
    "import zlib\nresult = zlib.compress(b'x', -2)",
    "import zlib\nresult = zlib.compress('x')",
    "import zlib\nresult = zlib.compress(b'hello', wbits=31)[:10], zlib.compress(b'hi', wbits=9)[:2], zlib.compress(b'hi', wbits=12)[:2], zlib.compress(b'hello', wbits=31)[-8:]",
    "import zlib\nresult = zlib.compress(b'x', wbits=8)[:2]",
    "import zlib\nresult = zlib.compress(b'x', wbits=32)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hello')), zlib.decompress(bytearray(zlib.compress(b'x')))",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hello', wbits=-15), -15), zlib.decompress(zlib.compress(b'hello', wbits=31), 31)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hi', wbits=31), 47), zlib.decompress(zlib.compress(b'hi'), 32), zlib.decompress(zlib.compress(b'hi'), 0)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hi', wbits=31))",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hi'), -15)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hi' * 1000, wbits=15), 9)",
    "import zlib\nresult = zlib.decompress(b'')",
    "import zlib\nresult = zlib.decompress(b'garbage')",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hello world')[:-3])",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hello world')[:-1] + b'\\x00')",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'hello') + b'tail')",
    "import zlib\nresult = zlib.decompress(b'x\\x9c' + b'\\xff' * 10)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'a' * 5000), bufsize=1), zlib.decompress(zlib.compress(b'a'), bufsize=0)",
    "import zlib\nresult = zlib.decompress(zlib.compress(b'a'), bufsize=-1)",
    "import zlib\nresult = zlib.adler32(b'hello'), zlib.adler32(b'hello', 7), zlib.adler32(b''), zlib.crc32(b'hello'), zlib.crc32(b'hello', 2**32 - 1)",
    "import zlib\nresult = zlib.adler32(b'x', -1), zlib.crc32(b'x', 2**40)",
    "import zlib\nresult = zlib.adler32('x')",
    "import zlib\nresult = zlib.MAX_WBITS, zlib.DEFLATED, zlib.DEF_MEM_LEVEL, zlib.DEF_BUF_SIZE, zlib.Z_BEST_COMPRESSION, zlib.Z_DEFAULT_STRATEGY",
    "import zlib\nresult = zlib.Z_NO_FLUSH, zlib.Z_SYNC_FLUSH, zlib.Z_FULL_FLUSH, zlib.Z_FINISH, zlib.Z_FILTERED, zlib.Z_HUFFMAN_ONLY, zlib.Z_RLE, zlib.Z_FIXED",
    "import zlib\nresult = issubclass(zlib.error, Exception), zlib.error.__module__",
    "import zlib\nc = zlib.compressobj()\nresult = zlib.decompress(c.compress(b'hello ') + c.compress(b'world') + c.flush())",
    "import zlib\nc = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_FILTERED)\nresult = zlib.decompress(c.compress(b'abc' * 50) + c.flush(), -15)",
    "import zlib\nc = zlib.compressobj(level=1, wbits=31, memLevel=1, strategy=zlib.Z_HUFFMAN_ONLY)\nz = c.compress(b'abc' * 50) + c.flush()\nresult = z[:10], zlib.decompress(z, 31)",
    "import zlib\nc = zlib.compressobj(strategy=zlib.Z_RLE)\nresult = zlib.decompress(c.compress(b'aaaaabbbbb' * 9) + c.flush())",
    "import zlib\nc = zlib.compressobj(strategy=zlib.Z_FIXED)\nresult = zlib.decompress(c.compress(b'abcabc') + c.flush())",
    "import zlib\nc = zlib.compressobj()\np = [c.compress(b'abc'), c.flush(zlib.Z_SYNC_FLUSH), c.compress(b'def'), c.flush(zlib.Z_FULL_FLUSH), c.flush()]\nresult = p[0], p[1][-4:], p[3][-4:], zlib.decompress(b''.join(p))",
    "import zlib\nc = zlib.compressobj()\np = [c.compress(b'abc'), c.flush(zlib.Z_NO_FLUSH), c.flush(zlib.Z_FINISH)]\nresult = p[0], zlib.decompress(b''.join(p))",
    "import zlib\nc = zlib.compressobj()\nc.compress(b'x')\nc.flush()\nresult = c.compress(b'y')",
    "import zlib\nc = zlib.compressobj()\nc.flush()\nresult = c.flush()",
    "import zlib\nresult = zlib.compressobj(level=12)",
    "import zlib\nresult = zlib.compressobj(memLevel=10)",
    "import zlib\nresult = zlib.compressobj(wbits=7)",
    "import zlib\nresult = zlib.compressobj(method=7)",
    "import zlib\nc = zlib.compressobj(zdict=b'hello world')\nd = zlib.decompressobj(zdict=b'hello world')\nz = c.compress(b'hello world hello') + c.flush()\nresult = z[:6], d.decompress(z)",
    "import zlib\nc = zlib.compressobj(zdict=b'hello world')\nz = c.compress(b'hello world') + c.flush()\nresult = zlib.decompress(z)",
    "import zlib\nc = zlib.compressobj(zdict=b'hello world')\nz = c.compress(b'hello world') + c.flush()\nresult = zlib.decompressobj(zdict=b'other').decompress(z)",
    "import zlib\nresult = zlib.compressobj(zdict='x')",
    "import zlib\nc = zlib.compressobj()\nc.compress(b'abc')\nd = c.copy()\nresult = zlib.decompress(c.flush()), zlib.decompress(d.compress(b'xyz') + d.flush())",
    "import zlib\nz = " + Z_HELLO + "\nd = zlib.decompressobj()\nout = d.decompress(z[:10])\nresult = out, d.eof, d.unused_data, d.unconsumed_tail, d.decompress(z[10:]), d.eof",
    "import zlib\nz = zlib.compress(b'hello')\nd = zlib.decompressobj()\nresult = d.decompress(z + b'extra'), d.eof, d.unused_data, d.decompress(b'more'), d.unused_data",
    "import zlib\nz = " + Z_HELLO + "\nd = zlib.decompressobj()\nd.decompress(z, 10)\nresult = len(d.flush()), d.eof, d.unconsumed_tail",
    "import zlib\nd = zlib.decompressobj()\nresult = d.decompress(b'x', -1)",
    "import zlib\nd = zlib.decompressobj()\nresult = d.decompress(b'garbage')",
    "import zlib\nd = zlib.decompressobj()\nz = " + Z_HELLO + "\nresult = d.decompress(z[:4]), d.flush(), d.eof",
    "import zlib\nd = zlib.decompressobj()\nresult = d.flush(0)",
    "import zlib\nd = zlib.decompressobj(wbits=-15)\nresult = d.decompress(zlib.compress(b'hi', wbits=-15)), d.eof",
    "import zlib\nd = zlib.decompressobj(wbits=47)\nresult = d.decompress(zlib.compress(b'hi', wbits=31)), d.decompress(b''), d.eof",
    "import zlib\nz = " + Z_HELLO + "\nd = zlib.decompressobj()\nd.decompress(z[:3])\ne = d.copy()\nresult = d.decompress(z[3:]), e.decompress(z[3:]), e.eof",
    "import zlib\nz = zlib.compress(b'hello', wbits=31)\nresult = z[:4], z[8:10], z[-8:]",
    "import zlib\nresult = zlib.ZLIB_VERSION[:2], zlib.ZLIB_RUNTIME_VERSION[:2]",
    # gzip
    "import gzip\nresult = gzip.compress(b'hello', mtime=0)[:10], gzip.compress(b'', mtime=1234567890)[:10], gzip.compress(b'hello', mtime=0)[-8:]",
    "import gzip\nresult = [gzip.compress(b'hello' * 20, level, mtime=0)[:10] for level in (0, 1, 6, 9)], gzip.compress(b'x', 0, mtime=0)",
    "import gzip\nresult = gzip.compress(b'x', 10, mtime=0)",
    "import gzip\nresult = gzip.decompress(gzip.compress(b'hello', mtime=0)), gzip.decompress(gzip.compress(b'a') + gzip.compress(b'b'))",
    "import gzip\nresult = gzip.decompress(gzip.compress(b'a', mtime=0) + b'\\x00' * 10)",
    "import gzip\nresult = gzip.decompress(gzip.compress(b'a', mtime=0) + b'garbage')",
    "import gzip\nresult = gzip.decompress(b'')",
    "import gzip\nresult = gzip.decompress(b'not gzip at all')",
    "import gzip\ntry:\n    result = gzip.decompress(gzip.compress(b'hello', mtime=0)[:-4])\nexcept EOFError as e:\n    result = 'EOFError', str(e)",
    "import gzip\nresult = gzip.decompress(gzip.compress(b'hello', mtime=0)[:-8] + b'\\x00' * 8)",
    "import gzip\nz = bytearray(gzip.compress(b'hello', mtime=0))\nz[-5] ^= 1\nresult = gzip.decompress(bytes(z))",
    "import gzip\nz = bytearray(gzip.compress(b'hello', mtime=0))\nz[2] = 7\nresult = gzip.decompress(bytes(z))",
    "import gzip\nresult = gzip.decompress(b'\\x1f\\x8b\\x08\\x08\\x00\\x00\\x00\\x00\\x00\\x03name\\x00' + gzip.compress(b'hi', mtime=0)[10:])",
    "import gzip\nresult = gzip.decompress(b'\\x1f\\x8b\\x08\\x10\\x00\\x00\\x00\\x00\\x00\\x03note\\x00' + gzip.compress(b'hi', mtime=0)[10:])",
    "import gzip\nresult = gzip.decompress(b'\\x1f\\x8b\\x08\\x04\\x00\\x00\\x00\\x00\\x00\\x03\\x02\\x00ab' + gzip.compress(b'hi', mtime=0)[10:])",
    "import gzip\nresult = gzip.decompress(b'\\x1f\\x8b\\x08\\x02\\x00\\x00\\x00\\x00\\x00\\x03\\x00\\x00' + gzip.compress(b'hi', mtime=0)[10:])",
    "import gzip\ntry:\n    result = gzip.decompress(gzip.compress(b'a') + b'\\x1f\\x8b')\nexcept EOFError as e:\n    result = 'EOFError', str(e)",
    "import gzip\nresult = gzip.BadGzipFile.__mro__[1].__name__, issubclass(gzip.BadGzipFile, OSError)",
    ("proxy", "import zlib", "M.zlib.compress(b'hello')[:2]"),
    ("proxy", "import zlib", "M.zlib.decompress(M.zlib.compress(b'hello', 9))"),
    ("proxy", "import zlib", "M.zlib.decompress(b'bad')"),
    ("proxy", "import zlib", "M.zlib.crc32(b'hello'), M.zlib.adler32(b'hello')"),
    ("proxy", "import zlib\nc = zlib.compressobj()", "M.zlib.decompress(ns['c'].compress(b'abc') + ns['c'].flush())"),
    ("proxy", "import zlib\nd = zlib.decompressobj()", "(ns['d'].decompress(M.zlib.compress(b'xy') + b'!'), ns['d'].unused_data, ns['d'].eof)"),
    ("proxy", "import gzip", "M.gzip.decompress(M.gzip.compress(b'data', mtime=0))"),
    ("proxy", "import gzip", "M.gzip.decompress(b'nope')"),
    ("proxy", "import gzip", "M.gzip.decompress(" + GZ_MEMBER + " * 3)"),
]
# fmt: on
FIXED = programs(FIXED)

# Known gaps of the agent, not run (they would fail every run): gzip.open/GzipFile (not implemented), decompressobj's
# ValueError for a bad wbits, how much input inflate consumes under max_length (unconsumed_tail).
# fmt: off
GAPS = [
    ("proxy", "import zlib\nd = zlib.decompressobj()", "[ns['d'].decompress(" + Z_HELLO + ", 5), ns['d'].unconsumed_tail]"),
    "import zlib\nz = " + Z_HELLO + "\nd = zlib.decompressobj()\nfirst = d.decompress(z, 7)\nresult = first, len(d.unconsumed_tail), d.decompress(d.unconsumed_tail, 3), d.eof",
    "import zlib\nresult = zlib.decompressobj(wbits=99)",
    "import gzip\nwith gzip.open(FIX + '/out.gz', 'wb') as f:\n    f.write(b'line one\\nline two\\n')\nwith gzip.open(FIX + '/out.gz', 'rb') as f:\n    result = f.read()",
    "import gzip\nwith gzip.open(FIX + '/out.gz', 'wt', encoding='utf-8') as f:\n    f.write('h\\u00e9\\n')\nwith gzip.open(FIX + '/out.gz', 'rt', encoding='utf-8') as f:\n    result = f.readlines()",
    "import gzip\nwith gzip.open(FIX + '/a.txt') as f:\n    result = f.read()",
    "import gzip\nwith gzip.open(FIX + '/missing.gz') as f:\n    result = f.read()",
    "import gzip\nwith gzip.open(FIX + '/noperm.txt') as f:\n    result = f.read()",
    "import gzip\nwith gzip.open(FIX + '/out.gz', 'wb') as f:\n    f.write(b'x' * 100)\nwith open(FIX + '/out.gz', 'rb') as f:\n    raw = f.read()\nresult = raw[:3], raw[8:10], raw[-8:]",
    "import gzip\nresult = gzip.open(FIX + '/a.txt', 'rz')",
]
# fmt: on

DATA = ["b''", "b'a'", "b'hello world'", "b'abc' * 100", "bytes(range(256))", "bytes(range(256)) * 8", "b'\\x00' * 1000",
        "b'The quick brown fox ' * 20", "bytearray(b'xyzzy' * 10)"]
WBITS = ["15", "9", "12", "-15", "-9", "31", "25"]
DEC_WBITS = {"15": ["15", "0", "32", "47", "-15", "31"], "9": ["9", "15", "8", "0"], "12": ["12", "9", "15"],
             "-15": ["-15", "15", "-9"], "-9": ["-9", "-15"], "31": ["31", "47", "15", "16"], "25": ["25", "31", "47", "24"]}
CORRUPT = ["z[:-1]", "z[:2]", "z[:len(z) // 2]", "z[1:]", "b'\\x00' + z", "z + b'junk'", "z[:-4] + b'\\xff\\xff\\xff\\xff'",
           "bytes(b ^ 0x40 if i == 5 else b for i, b in enumerate(z))"]


def draw(rng):
    kind = rng.random()
    data = rng.choice(DATA)
    if kind < 0.3:
        w = rng.choice(WBITS)
        level = rng.choice(["-1", "0", "1", "6", "9"])
        dw = rng.choice(DEC_WBITS[w])
        # What the format fixes: a zlib stream's header and Adler-32, a gzip
        # stream's header and CRC-32/size trailer; a raw stream has neither.
        fixed = {"15": "z[:2], z[-4:]", "9": "z[:2], z[-4:]", "12": "z[:2], z[-4:]", "31": "z[:10], z[-8:]",
                 "25": "z[:10], z[-8:]"}.get(w, "len(z) > 0")
        src = f"import zlib\nz = zlib.compress({data}, {level}, wbits={w})\n"
        src += f"try:\n    result = {fixed}, zlib.decompress(z, {dw}) == bytes({data})\n"
        src += "except zlib.error as e:\n    result = str(e).split(':')[0]"
        return ("exec", src)
    if kind < 0.5:
        w = rng.choice(WBITS)
        level = rng.choice(["-1", "0", "1", "9"])
        strategy = rng.choice(["zlib.Z_DEFAULT_STRATEGY", "zlib.Z_FILTERED", "zlib.Z_HUFFMAN_ONLY", "zlib.Z_RLE", "zlib.Z_FIXED"])
        mem = rng.choice(["1", "8", "9"])
        flush = rng.choice(["zlib.Z_NO_FLUSH", "zlib.Z_SYNC_FLUSH", "zlib.Z_FULL_FLUSH"])
        return ("exec", f"import zlib\nc = zlib.compressobj({level}, zlib.DEFLATED, {w}, {mem}, {strategy})\n"
                        f"parts = [c.compress({data}), c.flush({flush}), c.compress(b'tail'), c.flush()]\n"
                        f"result = parts[1][-4:] if {flush} else None, zlib.decompress(b''.join(parts), {w})")
    if kind < 0.7:
        maxlen = rng.choice(["0", "1", "5", "100", "10000"])
        split = rng.choice(["1", "5", "len(z) // 2", "len(z)"])
        extra = rng.choice(["b''", "b'extra'"])
        src = (f"import zlib\nz = {rng.choice(STREAMS)} + {extra}\n"
               f"d = zlib.decompressobj()\nout = [d.decompress(z[:{split}], {maxlen})]\n"
               f"out.append((d.unused_data, d.eof))\n"
               f"out.append(d.decompress(d.unconsumed_tail + z[{split}:], {maxlen}))\n"
               f"out.append((d.unused_data, d.eof, d.flush()))\nresult = out")
        return ("exec", src)
    if kind < 0.85:
        corrupt = rng.choice(CORRUPT)
        fn = rng.choice(["zlib.decompress(c)", "zlib.decompressobj().decompress(c)", "gzip.decompress(c)"])
        maker = rng.choice(GZ_STREAMS if fn.startswith("gzip") else STREAMS)
        src = (f"import zlib, gzip\nz = {maker}\nc = {corrupt}\ntry:\n    result = {fn}\n"
               "except Exception as e:\n    result = type(e).__module__, type(e).__name__, str(e).split(':')[0]")
        return ("exec", src)
    if kind < 0.95:
        parts = [rng.choice(DATA) for _ in range(rng.randint(1, 3))]
        level = rng.choice(["", ", 0", ", 1", ", 9"])
        joined = " + ".join(f"gzip.compress({p}{level}, mtime={i})" for i, p in enumerate(parts))
        tail = rng.choice(["", " + b'\\x00' * 4", " + b'\\x00\\x00'"])
        return ("exec", f"import gzip\nz = {joined}{tail}\nresult = gzip.decompress(z)")
    return ("proxy", "import zlib", f"M.zlib.decompress(M.zlib.compress({data}, {rng.choice(['0', '5', '9'])}))")


family("mod_zlib", __doc__, lambda: FIXED, draw, weight=3, suite="stdlib")
