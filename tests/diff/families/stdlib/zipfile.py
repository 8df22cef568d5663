"""zipfile: archives written and read back (stored and deflated members,
writestr with names and ZipInfo, write of files and directories, mkdir,
open for reading and writing, append mode, comments, ZIP64 headers),
ZipInfo fields and reprs, extract/extractall (paths with .. and /
stripped), testzip with a corrupted member, is_zipfile, the error cases
(bad archives, missing members, closed archives, bad modes) and archives
made by the other side's library (bytes written by CPython in the case)."""

from cases import family

# An archive CPython 3.11 wrote: hi.txt = b'hey' (2 lines of hex).
HI_ZIP = (
    "504b030414000000000000002100f015d68803000000030000000600000068692e747874686579504b010214031400000000000000"
    "2100f015d688030000000300000006000000000000000000000080010000000068692e747874504b0506000000000100010034000000270000000000"
)
Z = "import zipfile, os\nP = FIX + '/t.zip'\n"
MAKE = (
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
    "    z.writestr('a.txt', 'alpha\\n')\n"
    "    z.writestr('d/b.bin', bytes(range(200)), zipfile.ZIP_DEFLATED)\n"
    "    z.mkdir('e')\n"
    "    z.write(FIX + '/sub/c.txt', 'sub/c.txt')\n"
)
FIELDS = (
    "[(i.filename, i.compress_type, i.file_size, i.CRC, i.external_attr >> 16 & 0o170000, i.create_system,"
    " i.create_version, i.extract_version, i.flag_bits, i.header_offset, i.is_dir(), i.comment, i.extra) for i in"
    " z.infolist()]"
)

# fmt: off
FIXED = [
    MAKE + "z = zipfile.ZipFile(P)\n"
        "result = z.namelist(), z.read('a.txt'), z.read('d/b.bin') == bytes(range(200))\n"
        "z.close()",
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = " + FIELDS,
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = [repr(i) for i in z.infolist() if i.compress_type == 0]",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    result = z.getinfo('sub/c.txt').date_time, z.getinfo('e/').date_time,"
        " z.getinfo('a.txt').date_time[0] > 2000",
    MAKE + "result = os.path.getsize(P) if False else sorted(zipfile.ZipFile(P).namelist())",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    result = z.testzip(), z.comment, z.filename == P, z.mode, z.compression, z.debug",
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = z.getinfo('missing')",
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = z.read('missing')",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    with z.open('a.txt') as f:\n"
        "        result = f.read(2), f.readline(), f.read(), f.tell(), f.closed, f.name, f.mode",
    MAKE + "with zipfile.ZipFile(P) as z:\n    f = z.open('a.txt')\n    f.close()\n    result = f.closed, repr(f)",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    f = z.open(z.getinfo('d/b.bin'))\n"
        "    result = len(f.read()), repr(f).replace(repr(f.name), 'N')",
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = list(z.open('a.txt')), z.open('a.txt').readlines()",
    MAKE + "with zipfile.ZipFile(P) as z:\n    result = z.open('a.txt', 'q')",
    MAKE + "z = zipfile.ZipFile(P)\nz.close()\nresult = repr(z), z.close()\nz.read('a.txt')",
    MAKE + "z = zipfile.ZipFile(P)\nresult = repr(z).replace(P, 'P')\nz.close()",
    MAKE + "with zipfile.ZipFile(P) as z:\n    z.writestr('x', 'y')",
    MAKE + "with zipfile.ZipFile(P, 'a') as z:\n"
        "    z.writestr('new.txt', b'appended')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.namelist(), z.read('new.txt'), z.testzip()",
    MAKE + "with zipfile.ZipFile(P, 'a') as z:\n"
        "    z.comment = b'a comment'\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.comment, z.namelist()",
    MAKE + "with zipfile.ZipFile(P, 'a') as z:\n    z.comment = 'text'",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    result = z.extract('d/b.bin', FIX + '/out')[len(FIX):], os.listdir(FIX + '/out/d')",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    result = z.extractall(FIX + '/out')\n"
        "result = sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX + '/out'))",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    z.extractall(FIX + '/out', members=['a.txt', 'e/'])\n"
        "result = sorted(os.listdir(FIX + '/out')), open(FIX + '/out/a.txt').read()",
    MAKE + "with zipfile.ZipFile(P) as z:\n"
        "    result = z.extract('e/', FIX + '/out')[len(FIX):], os.path.isdir(FIX + '/out/e')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('../../evil.txt', 'x')\n"
        "    z.writestr('/abs/x.txt', 'y')\n"
        "    z.writestr('./a/../b.txt', 'z')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    z.extractall(FIX + '/out')\n"
        "result = sorted((p[len(FIX):], sorted(f)) for p, d, f in os.walk(FIX + '/out')), os.path.exists(FIX +"
        " '/../evil.txt')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    i = zipfile.ZipInfo('info.txt', (2020, 5, 17, 12, 30, 59))\n"
        "    i.external_attr = 0o644 << 16\n"
        "    i.comment = b'per-file'\n"
        "    i.compress_type = zipfile.ZIP_DEFLATED\n"
        "    z.writestr(i, 'hello ' * 100)\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    i = z.getinfo('info.txt')\n"
        "    result = i.date_time, oct(i.external_attr), i.comment, i.file_size, i.compress_type, z.read(i)[:11]",
    Z + "with zipfile.ZipFile(P, 'w', zipfile.ZIP_DEFLATED) as z:\n"
        "    z.writestr('s.txt', 'stored', compress_type=zipfile.ZIP_STORED)\n"
        "    z.writestr('d.txt', 'deflated' * 50)\n"
        "    z.writestr('l.txt', 'level' * 50, compresslevel=9)\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = [(i.filename, i.compress_type) for i in z.infolist()], [len(z.read(n)) for n in z.namelist()]",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    with z.open('w.txt', 'w') as f:\n"
        "        f.write(b'written ')\n"
        "        f.write(b'in parts')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.read('w.txt'), repr(z.getinfo('w.txt'))",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('ünïcode.txt', 'u')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.namelist(), z.getinfo('ünïcode.txt').flag_bits",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('dir/', '')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = repr(z.getinfo('dir/')), z.getinfo('dir/').external_attr",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.mkdir('m', 0o700)\n"
        "    z.mkdir(zipfile.ZipInfo('n/'))\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = [(i.filename, oct(i.external_attr)) for i in z.infolist()]",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n    z.mkdir(zipfile.ZipInfo('notdir'))",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n    z.mkdir(3)",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.write(FIX + '/sub')\n"
        "    z.write(FIX + '/b.py', 'bin/b.py')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = [(i.filename[len(FIX) - 1:] if i.filename.startswith(FIX[1:]) else i.filename, i.date_time,"
        " oct(i.external_attr)) for i in z.infolist()]",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n    z.write(FIX + '/missing')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n    pass\nresult = open(P, 'rb').read(), zipfile.is_zipfile(P)",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a', 'b')\n"
        "result = open(P, 'rb').read()[:10], len(open(P, 'rb').read())",
    Z + "z = zipfile.ZipFile(P, 'w')\nz.writestr('a', 'b')\nz.close()\nresult = zipfile.ZipFile(P).namelist()",
    Z + "with zipfile.ZipFile(P, 'x') as z:\n    z.writestr('a', 'b')\nresult = zipfile.ZipFile(P, 'x')",
    Z + "result = zipfile.ZipFile(P, 'q')",
    Z + "result = zipfile.ZipFile(P, 'w', compression=99)",
    Z + "result = zipfile.ZipFile(P, 'w', metadata_encoding='cp437')",
    Z + "result = zipfile.ZipFile(FIX + '/missing.zip')",
    Z + "result = zipfile.ZipFile(FIX + '/a.txt')",
    Z + "result = zipfile.ZipFile(FIX + '/empty.txt')",
    Z + "result = zipfile.ZipFile(FIX + '/sub')",
    Z + "result = zipfile.is_zipfile(FIX + '/a.txt'), zipfile.is_zipfile(FIX + '/missing'), zipfile.is_zipfile(FIX +"
        " '/sub'), zipfile.is_zipfile(FIX + '/bin.dat')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'payload-payload')\n"
        "data = bytearray(open(P, 'rb').read())\n"
        "data[40] ^= 0xFF\n"
        "open(P, 'wb').write(bytes(data))\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.testzip()",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'payload-payload')\n"
        "data = bytearray(open(P, 'rb').read())\n"
        "data[40] ^= 0xFF\n"
        "open(P, 'wb').write(bytes(data))\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.read('a.txt')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'x')\n"
        "data = open(P, 'rb').read()\n"
        "open(P, 'wb').write(data[:-10])\n"
        "result = zipfile.ZipFile(P)",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'x')\n"
        "data = open(P, 'rb').read()\n"
        "open(P, 'wb').write(b'JUNK' * 10 + data)\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.read('a.txt'), z.getinfo('a.txt').header_offset",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'x')\n"
        "    z.writestr('a.txt', 'second')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.namelist(), z.read('a.txt')",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n    f = z.open('x', 'w')\n    z.writestr('y', 'z')",
    Z + "with zipfile.ZipFile(P, 'w', allowZip64=False) as z:\n    z.open('big', 'w', force_zip64=True)",
    Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    with z.open('big', 'w', force_zip64=True) as f:\n"
        "        f.write(b'small')\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.read('big'), z.getinfo('big').extract_version, z.getinfo('big').extra",
    Z + "with zipfile.ZipFile(P, 'w', zipfile.ZIP_BZIP2) as z:\n    pass\nresult = 'bzip2 available'",
    Z + "result = zipfile.ZipInfo('x', (1979, 1, 1, 0, 0, 0))",
    Z + "i = zipfile.ZipInfo()\n"
        "result = repr(i), i.filename, i.date_time, i.compress_type, i.create_system, i.create_version,"
        " i.extract_version, i.flag_bits, i.external_attr, i.file_size, i.compress_size",
    Z + "result = zipfile.ZipInfo('a\\0b').filename, zipfile.ZipInfo('a\\0b').orig_filename",
    Z + "result = zipfile.ZipInfo('x').CRC",
    Z + "i = zipfile.ZipInfo('x')\ni.bogus = 1",
    Z + "i = zipfile.ZipInfo.from_file(FIX + '/b.py', 'bin/b.py')\n"
        "result = i.filename, i.date_time, oct(i.external_attr), i.file_size, i.is_dir()",
    Z + "i = zipfile.ZipInfo.from_file(FIX + '/sub', '/x/../y')\n"
        "result = i.filename, oct(i.external_attr), i.file_size, i.is_dir(), repr(i)",
    Z + "result = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA, zipfile.ZIP64_LIMIT,"
        " zipfile.ZIP_FILECOUNT_LIMIT, zipfile.ZIP_MAX_COMMENT",
    Z + "result = zipfile.BadZipfile is zipfile.BadZipFile, zipfile.error is zipfile.BadZipFile,"
        " issubclass(zipfile.BadZipFile, Exception)",
    Z + "open(P,"
        " 'wb').write(bytes.fromhex(" + repr(HI_ZIP) + "))\n"
        "with zipfile.ZipFile(P) as z:\n"
        "    result = z.namelist(), z.read('hi.txt'), repr(z.infolist()[0]), z.infolist()[0].date_time",
    ("proxy", Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'alpha')", "M.zipfile.ZipFile(FIX + '/t.zip').namelist()"),
    ("proxy", Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr(zipfile.ZipInfo('a.txt', (2001, 2, 3, 4, 5, 6)), 'alpha')",
        "M.zipfile.ZipFile(FIX + '/t.zip').infolist()"),
    ("proxy", Z + "with zipfile.ZipFile(P, 'w') as z:\n"
        "    z.writestr('a.txt', 'alpha')", "M.zipfile.ZipFile(FIX + '/t.zip').read('a.txt')"),
    ("proxy", Z, "M.zipfile.is_zipfile(FIX + '/a.txt')"),
    ("proxy", Z, "M.zipfile.ZipFile(FIX + '/a.txt')"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]
NAMES = ["'a.txt'", "'dir/b.txt'", "'x/y/z.bin'", "'ü.txt'", "'.hidden'", "'sp ace.txt'"]
DATA = ["''", "'x'", "'hello\\n' * 20", "bytes(range(256))", "b'\\0' * 1000", "'ünïcödé'"]


def draw(rng):
    n = rng.randint(1, 4)
    lines = []
    for _ in range(n):
        ct = rng.choice(["", ", zipfile.ZIP_STORED", ", zipfile.ZIP_DEFLATED"])
        lines.append(f"    z.writestr({rng.choice(NAMES)}, {rng.choice(DATA)}{ct})")
    body = "\n".join(lines)
    mode = rng.choice(["w", "w", "x"])
    check = rng.choice(
        [
            "z.namelist()",
            # No header offsets: deflate is miniz_oxide's, its compressed sizes are not zlib's.
            "[(i.filename, i.file_size, i.CRC, i.compress_type, i.flag_bits) for i in z.infolist()]",
            "[i.header_offset for i in z.infolist() if all(j.compress_type == 0 for j in z.infolist())]",
            "[z.read(n) for n in z.namelist()]",
            "z.testzip()",
            "[repr(i) for i in z.infolist() if i.compress_type == 0]",
        ]
    )
    return (
        "exec",
        f"{Z}with zipfile.ZipFile(P, '{mode}') as z:\n{body}\nwith zipfile.ZipFile(P) as z:\n    result = {check}",
    )


family("mod_zipfile", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
