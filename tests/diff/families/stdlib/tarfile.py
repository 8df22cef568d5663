"""tarfile: archives written and read back (plain and gzip; ustar, GNU
and pax formats; long names, links, directories, float mtimes), TarInfo
fields, getmembers/getnames/getmember/extractfile, add with arcname,
recursion and filters, addfile, append mode, the record padding, and
extraction with filter='data'/'tar'/'fully_trusted' on safe and unsafe
members (absolute paths, .., links outside the destination, device
files, modes), their exception classes and messages; bad archives and
missing compressors' errors (the reference has bz2 and xz, the agent
does not: cases stay off those)."""

from cases import family

T = "import tarfile, os\nP = FIX + '/t.tar'\n"
FIELDS = (
    "[(m.name, m.size, m.mode, m.type, m.linkname, m.uid, m.gid, m.uname, m.gname, m.mtime, m.offset, m.offset_data,"
    " m.pax_headers, m.isfile(), m.isdir(), m.issym(), m.islnk()) for m in t.getmembers()]"
)
ADD = (
    T + "with tarfile.open(P, 'w') as t:\n"
    "    t.add(FIX + '/a.txt', 'a.txt')\n"
    "    t.add(FIX + '/sub', 'sub')\n"
    "    t.add(FIX + '/link_to_a', 'link_to_a')\n"
    "    t.add(FIX + '/emptydir', 'emptydir')\n"
)
EVIL = (
    T + "def add(t, name, data=b'', **kw):\n"
    "    i = tarfile.TarInfo(name)\n"
    "    for k, v in kw.items():\n"
    "        setattr(i, k, v)\n"
    "    i.size = len(data)\n"
    "    with open(FIX + '/payload', 'wb') as f:\n"
    "        f.write(data)\n"
    "    with open(FIX + '/payload', 'rb') as f:\n"
    "        t.addfile(i, f if data else None)\n"
)

# fmt: off
FIXED = [
    ADD + "with tarfile.open(P) as t:\n    result = t.getnames()",
    ADD + "with tarfile.open(P) as t:\n    result = " + FIELDS,
    ADD + "result = os.path.getsize(P), open(P, 'rb').read(512)[:100], open(P, 'rb').read()[-1024:] == bytes(1024)",
    ADD + "result = open(P, 'rb').read()[:1536]",
    ADD + "with tarfile.open(P) as t:\n"
        "    result = t.extractfile('a.txt').read(), t.extractfile('link_to_a').read(), t.extractfile('sub'),"
        " t.extractfile('sub/c.txt').readlines()",
    ADD + "with tarfile.open(P) as t:\n"
        "    f = t.extractfile('a.txt')\n"
        "    result = f.read(3), f.tell(), f.seek(0), f.readline(), f.name, type(f).__name__",
    ADD + "with tarfile.open(P) as t:\n    result = t.getmember('missing')",
    ADD + "with tarfile.open(P) as t:\n    result = t.getmember('sub/').name, t.getmember('sub').isdir()",
    ADD + "with tarfile.open(P) as t:\n    result = t.extractfile('missing')",
    ADD + "t = tarfile.open(P)\nt.close()\nresult = t.getnames()",
    ADD + "t = tarfile.open(P, 'w')\nt.close()\nresult = t.getnames(), os.path.getsize(P)",
    ADD + "with tarfile.open(P, 'a') as t:\n"
        "    t.add(FIX + '/b.py', 'b.py')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.getnames(), os.path.getsize(P)",
    ADD + "with tarfile.open(P, 'r') as t:\n    t.add(FIX + '/b.py')",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX + '/out')), os.readlink(FIX +"
        " '/out/link_to_a')",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = [(n, oct(os.lstat(FIX + '/out/' + n).st_mode), os.lstat(FIX + '/out/' + n).st_mtime) for n in"
        " ['a.txt', 'sub', 'sub/c.txt', 'emptydir']]",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extract('sub/c.txt', FIX + '/out', filter='tar')\n"
        "result = os.listdir(FIX + '/out'), open(FIX + '/out/sub/c.txt').read()",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', members=[t.getmember('a.txt')], filter='fully_trusted')\n"
        "result = os.listdir(FIX + '/out')",
    ADD + "with tarfile.open(P) as t:\n    t.extractall(FIX + '/out', filter='bogus')",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter=lambda m, p: m if m.isfile() else None)\n"
        "result = sorted(os.listdir(FIX + '/out'))",
    ADD + "with tarfile.open(P) as t:\n    t.extraction_filter = 'data'\n    t.extractall(FIX + '/out')",
    ADD + "with tarfile.open(P) as t:\n"
        "    t.extraction_filter = tarfile.data_filter\n"
        "    t.extractall(FIX + '/out')\n"
        "result = sorted(os.listdir(FIX + '/out'))",
    T + "with tarfile.open(P, 'w:gz') as t:\n"
        "    t.add(FIX + '/lines.txt', 'lines.txt')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.getnames(), t.extractfile('lines.txt').read()\n"
        "result += (open(P, 'rb').read(4), open(P, 'rb').read()[10:16])",
    T + "with tarfile.open(P, 'w:gz', compresslevel=1) as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "result = open(P, 'rb').read()[8:10], tarfile.open(P, 'r:gz').getnames()",
    T + "with tarfile.open(P, 'w') as t:\n    t.add(FIX + '/a.txt', 'a.txt')\nresult = tarfile.open(P, 'r:gz')",
    T + "with tarfile.open(P, 'w:gz') as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "result = tarfile.open(P, 'r:').getnames()",
    T + "result = tarfile.open(P, 'a:gz')",
    T + "result = tarfile.open(P, 'w:zz')",
    T + "result = tarfile.open(P, 'q')",
    T + "result = tarfile.open()",
    T + "result = tarfile.open(FIX + '/missing.tar')",
    T + "result = tarfile.open(FIX + '/a.txt')",
    T + "result = tarfile.open(FIX + '/empty.txt', 'r:')",
    T + "result = tarfile.open(FIX + '/a.txt', 'r:')",
    T + "result = tarfile.is_tarfile(FIX + '/a.txt'), tarfile.is_tarfile(FIX + '/bin.dat')",
    T + "result = tarfile.is_tarfile(FIX + '/missing')",
    T + "with tarfile.open(P, 'w') as t:\n    t.add(FIX + '/a.txt', 'a.txt')\nresult = tarfile.is_tarfile(P)",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "data = bytearray(open(P, 'rb').read())\n"
        "data[10] ^= 0xFF\n"
        "open(P, 'wb').write(bytes(data))\n"
        "result = tarfile.open(P, 'r:')",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "    t.add(FIX + '/b.py', 'b.py')\n"
        "data = open(P, 'rb').read()\n"
        "open(P, 'wb').write(data[:2000])\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.getnames()",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "data = open(P, 'rb').read()\n"
        "open(P, 'wb').write(data[:700])\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.getnames(), t.extractfile('a.txt').read()",
    T + "with tarfile.open(P, 'w', format=tarfile.USTAR_FORMAT) as t:\n"
        "    t.add(FIX + '/a.txt', 'd' * 90 + '/' + 'n' * 60)\n"
        "with tarfile.open(P) as t:\n"
        "    result = [(m.name[-5:], len(m.name), m.pax_headers) for m in t], open(P, 'rb').read(512)[345:350]",
    T + "with tarfile.open(P, 'w', format=tarfile.USTAR_FORMAT) as t:\n    t.add(FIX + '/a.txt', 'n' * 160)",
    T + "with tarfile.open(P, 'w', format=tarfile.GNU_FORMAT) as t:\n"
        "    t.add(FIX + '/a.txt', 'x' * 150)\n"
        "with tarfile.open(P) as t:\n"
        "    result = [(len(m.name), m.offset, m.offset_data) for m in t], os.path.getsize(P)",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/a.txt', 'ü' * 60)\n"
        "with tarfile.open(P) as t:\n"
        "    result = [(m.name, m.pax_headers, m.offset_data) for m in t]",
    T + "with tarfile.open(P, 'w', pax_headers={'comment': 'global'}) as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.pax_headers, [m.pax_headers for m in t]",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/a.txt', 'a.txt')\n"
        "    t.add(FIX + '/a.txt', 'again.txt')\n"
        "    os.link(FIX + '/a.txt', FIX + '/hard')\n"
        "    t.add(FIX + '/hard', 'hard')\n"
        "with tarfile.open(P) as t:\n"
        "    result = [(m.name, m.type, m.linkname, m.size) for m in t], t.extractfile('hard').read()",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/sub', 'top', recursive=False)\n"
        "result = tarfile.open(P).getnames()",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/sub', 'top', filter=lambda m: None if m.name.endswith('.log') else m)\n"
        "result = tarfile.open(P).getnames()",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    t.add(FIX + '/sub', 'top', filter=lambda m: m.replace(uname='nobody', gname='nogroup', mtime=5))\n"
        "result = [(m.name, m.uname, m.gname, m.mtime) for m in tarfile.open(P)]",
    T + "with tarfile.open(P, 'w') as t:\n    t.add(P)\nresult = tarfile.open(P).getnames()",
    T + "with tarfile.open(P, 'w') as t:\n    t.add(FIX + '/missing')",
    T + "with tarfile.open(P, 'w') as t:\n"
        "    i = t.gettarinfo(FIX + '/b.py', 'bin/b.py')\n"
        "    result = i.name, i.mode, i.size, i.type, i.mtime, i.uname, i.linkname\n"
        "    i2 = t.gettarinfo(FIX + '/link_to_sub', 'l')\n"
        "    result += (i2.type, i2.linkname, i2.size)",
    T + "i = tarfile.TarInfo('x')\n"
        "result = i.name, i.mode, i.uid, i.gid, i.size, i.mtime, i.chksum, i.type, i.linkname, i.uname, i.gname,"
        " i.devmajor, i.devminor, i.offset, i.offset_data, i.pax_headers, i.sparse, i.path",
    T + "i = tarfile.TarInfo('d')\ni.type = tarfile.DIRTYPE\nresult = i.get_info(), i.isdir(), i.isreg()",
    T + "i = tarfile.TarInfo('f')\n"
        "i.mtime = 1700000000\n"
        "i.size = 3\n"
        "result = i.tobuf(), i.tobuf(tarfile.USTAR_FORMAT) == i.tobuf(tarfile.GNU_FORMAT)",
    T + "i = tarfile.TarInfo('f')\ni.mtime = 1.5\ni.uid = 8 ** 8\nresult = i.tobuf()[:1100]",
    T + "i = tarfile.TarInfo('f')\ni.uid = -1\nresult = i.tobuf(tarfile.GNU_FORMAT)[100:124]",
    T + "i = tarfile.TarInfo('f')\ni.uid = -1\nresult = i.tobuf(tarfile.USTAR_FORMAT)",
    T + "i = tarfile.TarInfo('f')\ni.mode = None\nresult = i.tobuf()",
    T + "i = tarfile.TarInfo('x').replace(name='y', mode=0o600, deep=False)\nresult = i.name, i.mode",
    T + "i = tarfile.TarInfo('x')\ni.bogus = 1",
    T + "i = tarfile.TarInfo('x')\ni.path = 'p'\ni.linkpath = 'l'\nresult = i.name, i.linkname",
    T + "result = tarfile.REGTYPE, tarfile.AREGTYPE, tarfile.DIRTYPE, tarfile.SYMTYPE, tarfile.LNKTYPE,"
        " tarfile.XHDTYPE, tarfile.GNUTYPE_LONGNAME, tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT,"
        " tarfile.DEFAULT_FORMAT, tarfile.BLOCKSIZE, tarfile.RECORDSIZE, tarfile.ENCODING, tarfile.GNU_MAGIC,"
        " tarfile.POSIX_MAGIC",
    T + "result = [c.__mro__[1].__name__ for c in (tarfile.ReadError, tarfile.ExtractError, tarfile.CompressionError,"
        " tarfile.StreamError, tarfile.HeaderError, tarfile.EmptyHeaderError, tarfile.FilterError,"
        " tarfile.AbsolutePathError, tarfile.OutsideDestinationError, tarfile.SpecialFileError,"
        " tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError)]",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '/abs/evil.txt', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = sorted((p[len(FIX):], sorted(f)) for p, d, f in os.walk(FIX + '/out'))",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '../evil.txt', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '../evil.txt', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    try:\n"
        "        t.extractall(FIX + '/out', filter='data')\n"
        "    except tarfile.OutsideDestinationError as e:\n"
        "        result = str(e).replace(FIX, 'FIX'), e.tarinfo.name, e._path.replace(FIX, 'FIX')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '../evil.txt', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='tar')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'a/../../evil.txt', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extract('a/../../evil.txt', FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'l', type=tarfile.SYMTYPE, linkname='/etc/passwd')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'l', type=tarfile.SYMTYPE, linkname='/etc/passwd')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='tar')\n"
        "result = os.readlink(FIX + '/out/l')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'd/l', type=tarfile.SYMTYPE, linkname='../../outside')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'd/l', type=tarfile.SYMTYPE, linkname='../inside')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = os.readlink(FIX + '/out/d/l')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'h', type=tarfile.LNKTYPE, linkname='../x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'h', type=tarfile.LNKTYPE, linkname='/x')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'f', b'data')\n"
        "    add(t, 'h', type=tarfile.LNKTYPE, linkname='f')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = os.stat(FIX + '/out/h').st_nlink, open(FIX + '/out/h', 'rb').read()",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'f', b'data')\n"
        "    add(t, 'h', type=tarfile.LNKTYPE, linkname='f')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extract('h', FIX + '/out', filter='data')\n"
        "result = open(FIX + '/out/h', 'rb').read()",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'dev', type=tarfile.CHRTYPE, devmajor=1, devminor=3)\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'fifo', type=tarfile.FIFOTYPE)\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'fifo', type=tarfile.FIFOTYPE)\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='tar')\n"
        "result = oct(os.stat(FIX + '/out/fifo').st_mode & 0o170000)",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'suid', b'#!', mode=0o6777)\n"
        "    add(t, 'noexec', b'x', mode=0o666)\n"
        "    add(t, 'exec', b'x', mode=0o744)\n"
        "    add(t, 'locked', b'x', mode=0o000)\n"
        "result = []\n"
        "for f in ('data', 'tar', 'fully_trusted'):\n"
        "    with tarfile.open(P) as t:\n"
        "        t.extractall(FIX + '/' + f, filter=f)\n"
        "    result.append([oct(os.stat(FIX + '/' + f + '/' + n).st_mode)"
        " for n in ('suid', 'noexec', 'exec', 'locked')])",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'f', b'x', uid=12345, gid=12345, uname='nobody-such', gname='nogroup-such')\n"
        "with tarfile.open(P) as t:\n"
        "    m = tarfile.data_filter(t.getmember('f'), FIX + '/out')\n"
        "    n = tarfile.tar_filter(t.getmember('f'), FIX + '/out')\n"
        "    result = (m.uid, m.gid, m.uname, m.gname, m.mode), (n.uid, n.gid, n.uname, n.gname, n.mode)",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '/abs', b'x')\n"
        "with tarfile.open(P) as t:\n"
        "    m = t.getmember('/abs')\n"
        "    result = tarfile.data_filter(m, FIX).name, tarfile.fully_trusted_filter(m, FIX) is m",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '../x', b'x')\n"
        "with tarfile.open(P, errorlevel=0) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = os.path.exists(FIX + '/out'), os.path.exists(FIX + '/x')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'dir/', type=tarfile.DIRTYPE, mode=0o700)\n"
        "    add(t, 'dir/f', b'in dir')\n"
        "with tarfile.open(P) as t:\n"
        "    t.extractall(FIX + '/out', filter='data')\n"
        "result = oct(os.stat(FIX + '/out/dir').st_mode), open(FIX + '/out/dir/f').read()",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'f', b'old')\n"
        "    add(t, 'f', b'new')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.extractfile('f').read(), len(t.getmembers())",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'ln', type=tarfile.SYMTYPE, linkname='target')\n"
        "    add(t, 'target', b'T')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.extractfile('ln').read()",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, 'ln', type=tarfile.SYMTYPE, linkname='nowhere')\n"
        "with tarfile.open(P) as t:\n"
        "    result = t.extractfile('ln')",
    EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    i = tarfile.TarInfo('short')\n"
        "    i.size = 100\n"
        "    t.addfile(i, open(FIX + '/a.txt', 'rb'))",
    ("proxy", ADD, "M.tarfile.open(FIX + '/t.tar').getnames()"),
    ("proxy", ADD, "[m.name for m in M.tarfile.open(FIX + '/t.tar').getmembers()]"),
    ("proxy", ADD, "M.tarfile.open(FIX + '/t.tar').extractfile('a.txt').read()"),
    ("proxy", ADD, "M.tarfile.is_tarfile(FIX + '/t.tar'), M.tarfile.is_tarfile(FIX + '/a.txt')"),
    ("proxy", EVIL + "with tarfile.open(P, 'w') as t:\n"
        "    add(t, '../evil', b'x')", "M.tarfile.open(FIX + '/t.tar').extractall(FIX + '/out', filter='data')"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]
SOURCES = [
    "'a.txt'",
    "'b.py'",
    "'sub'",
    "'link_to_a'",
    "'link_to_sub'",
    "'dangling'",
    "'emptydir'",
    "'bin.dat'",
    "'with space.txt'",
    "'data'",
    "'.hidden'",
    "'lines.txt'",
]
FORMATS = ["", ", format=tarfile.USTAR_FORMAT", ", format=tarfile.GNU_FORMAT", ", format=tarfile.PAX_FORMAT"]
CHECKS = [
    "t.getnames()",
    "[(m.name, m.size, m.type, m.mode, m.linkname, m.offset, m.offset_data) for m in t]",
    "[t.extractfile(m).read() if m.isreg() else None for m in t]",
    "[(m.name, m.mtime, m.pax_headers) for m in t]",
]


def draw(rng):
    srcs = rng.sample(SOURCES, rng.randint(1, 3))
    fmt = rng.choice(FORMATS)
    comp = rng.choice(["w", "w", "w:gz", "x"])
    adds = "\n".join(f"    t.add(FIX + '/' + {s}, {s}{rng.choice(['', ', recursive=False'])})" for s in srcs)
    if rng.random() < 0.3:
        flt = rng.choice(["data", "tar", "fully_trusted"])
        return (
            "exec",
            f"{T}with tarfile.open(P, '{comp}'{fmt}) as t:\n"
            f"{adds}\n"
            f"with tarfile.open(P) as t:\n"
            f"    t.extractall(FIX + '/out', filter='{flt}')\n"
            f"result = sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX + '/out'))",
        )
    size = "os.path.getsize(P)" if "gz" not in comp else "None"
    return (
        "exec",
        f"{T}with tarfile.open(P, '{comp}'{fmt}) as t:\n"
        f"{adds}\n"
        f"with tarfile.open(P) as t:\n"
        f"    result = {rng.choice(CHECKS)}, {size}",
    )


family("mod_tarfile", __doc__, lambda: FIXED, draw, weight=2, suite="stdlib")
