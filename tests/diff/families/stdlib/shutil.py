"""shutil (archives and the rest of the module): make_archive in zip, tar
and gztar with root_dir/base_dir/owner/group, unpack_archive by
extension and by format with filters, the formats lists, ignore_patterns
with copytree, copyfileobj, which, disk_usage, chown, copytree options,
and the error cases. bztar/xztar are missing in the agent (no bz2/lzma):
the raw format lists differ there, on purpose, in one case each."""

from cases import family

S = "import shutil, os, tarfile, zipfile\n"
WALK = "sorted((p[len(FIX):], sorted(d), sorted(f)) for p, d, f in os.walk(FIX + '/out'))"

# fmt: off
FIXED = [
    S + "result = [f for f in shutil.get_archive_formats() if f[0] in ('zip', 'tar', 'gztar')]",
    S + "result = [f for f in shutil.get_unpack_formats() if f[0] in ('zip', 'tar', 'gztar')]",
    S + "result = shutil.get_archive_formats()",
    S + "result = shutil.get_unpack_formats()",
    S + "n = shutil.make_archive(FIX + '/arc', 'zip', FIX, 'sub')\n"
        "result = n[len(FIX):], sorted(zipfile.ZipFile(n).namelist())",
    S + "n = shutil.make_archive(FIX + '/arc', 'zip', FIX + '/sub')\n"
        "result = n[len(FIX):], sorted(zipfile.ZipFile(n).namelist())",
    S + "n = shutil.make_archive(FIX + '/arc', 'tar', FIX, 'sub')\n"
        "result = n[len(FIX):], tarfile.open(n).getnames(), os.path.getsize(n)",
    S + "n = shutil.make_archive(FIX + '/arc', 'tar', FIX + '/sub')\nresult = sorted(tarfile.open(n).getnames())",
    S + "n = shutil.make_archive(FIX + '/arc', 'gztar', FIX, 'data')\n"
        "result = n[len(FIX):], tarfile.open(n).getnames(), open(n, 'rb').read(4), open(n, 'rb').read()[8:17]",
    S + "n = shutil.make_archive(FIX + '/deep/er/arc', 'tar', FIX, 'data')\n"
        "result = n[len(FIX):], os.path.isdir(FIX + '/deep/er')",
    S + "n = shutil.make_archive(FIX + '/arc', 'tar', FIX, 'data', owner='root', group='root')\n"
        "result = [(m.name, m.uid, m.gid, m.uname, m.gname) for m in tarfile.open(n)]",
    S + "n = shutil.make_archive(FIX + '/arc', 'tar', FIX, 'data', owner='no-such-user-x', group='no-such-group-x')\n"
        "result = [(m.name, m.uname == '') for m in tarfile.open(n)][:1]",
    S + "result = shutil.make_archive(FIX + '/arc', 'rar', FIX)",
    S + "result = shutil.make_archive(FIX + '/arc', 'zip', FIX + '/missing')",
    S + "result = shutil.make_archive(FIX + '/arc', 'zip', FIX + '/a.txt')",
    S + "n = shutil.make_archive(FIX + '/arc', 'zip', FIX, 'sub')\n"
        "shutil.unpack_archive(n, FIX + '/out')\n"
        "result = " + WALK,
    S + "n = shutil.make_archive(FIX + '/arc', 'gztar', FIX, 'sub')\n"
        "shutil.unpack_archive(n, FIX + '/out', filter='data')\n"
        "result = " + WALK,
    S + "n = shutil.make_archive(FIX + '/arc', 'tar', FIX, 'sub')\n"
        "shutil.unpack_archive(n, FIX + '/out', 'tar')\n"
        "result = " + WALK,
    S + "n = shutil.make_archive(FIX + '/arc', 'zip', FIX, 'sub')\n"
        "result = shutil.unpack_archive(n, FIX + '/out', filter='data')",
    S + "try:\n"
        "    shutil.unpack_archive(FIX + '/a.txt', FIX + '/out')\n"
        "except shutil.ReadError as e:\n"
        "    result = type(e).__name__, str(e).replace(FIX, 'FIX')",
    S + "try:\n"
        "    shutil.unpack_archive(FIX + '/a.txt', FIX + '/out', 'zip')\n"
        "except shutil.ReadError as e:\n"
        "    result = type(e).__name__, str(e).replace(FIX, 'FIX')",
    S + "try:\n"
        "    shutil.unpack_archive(FIX + '/a.txt', FIX + '/out', 'tar')\n"
        "except shutil.ReadError as e:\n"
        "    result = type(e).__name__, str(e).replace(FIX, 'FIX')",
    S + "result = shutil.unpack_archive(FIX + '/a.txt', FIX + '/out', 'rar')",
    S + "os.rename(FIX + '/a.txt', FIX + '/a.tgz')\n"
        "try:\n"
        "    shutil.unpack_archive(FIX + '/a.tgz', FIX + '/out')\n"
        "except shutil.ReadError as e:\n"
        "    result = type(e).__name__, str(e).replace(FIX, 'FIX')",
    S + "with zipfile.ZipFile(FIX + '/e.zip', 'w') as z:\n"
        "    z.writestr('../evil', 'x')\n"
        "    z.writestr('/abs', 'y')\n"
        "    z.writestr('ok/f', 'z')\n"
        "    z.writestr('d/', '')\n"
        "shutil.unpack_archive(FIX + '/e.zip', FIX + '/out')\n"
        "result = " + WALK,
    S + "with tarfile.open(FIX + '/e.tar', 'w') as t:\n"
        "    i = tarfile.TarInfo('../evil')\n"
        "    t.addfile(i)\n"
        "result = shutil.unpack_archive(FIX + '/e.tar', FIX + '/out', filter='data')",
    S + "shutil.copytree(FIX + '/sub', FIX + '/out', ignore=shutil.ignore_patterns('*.log', '.*'))\nresult = " + WALK,
    S + "f = shutil.ignore_patterns('*.py', 'a*')\nresult = sorted(f('x', ['a.txt', 'b.py', 'c']))",
    S + "f = shutil.ignore_patterns(b'*.py')\nresult = f('x', [b'a.py', b'b'])",
    S + "f = shutil.ignore_patterns('*.py')\nresult = f('x', [b'a.py'])",
    S + "with open(FIX + '/bin.dat', 'rb') as a:\n"
        "    with open(FIX + '/copy', 'wb') as b:\n"
        "        shutil.copyfileobj(a, b, 10)\n"
        "result = open(FIX + '/copy', 'rb').read() == open(FIX + '/bin.dat', 'rb').read()",
    S + "with open(FIX + '/a.txt') as a:\n"
        "    with open(FIX + '/copy', 'w') as b:\n"
        "        shutil.copyfileobj(a, b)\n"
        "result = open(FIX + '/copy').read()",
    S + "result = shutil.which('sh') is not None, shutil.which('no-such-cmd-x'), shutil.which('b.py', path=FIX),"
        " shutil.which('a.txt', path=FIX)",
    S + "result = shutil.which(FIX + '/b.py'), shutil.which(FIX + '/a.txt'), shutil.which('b.py', mode=os.R_OK,"
        " path=FIX + ':' + FIX)",
    S + "u = shutil.disk_usage(FIX)\nresult = type(u).__name__, len(u), u.total >= u.used, u.total > 0",
    S + "result = shutil.disk_usage(FIX + '/missing')",
    S + "st = os.stat(FIX + '/a.txt')\n"
        "result = shutil.chown(FIX + '/a.txt', st.st_uid, st.st_gid), shutil.chown(FIX + '/a.txt', group=st.st_gid)",
    S + "result = shutil.chown(FIX + '/a.txt')",
    S + "result = shutil.chown(FIX + '/a.txt', 'no-such-user-x')",
    S + "result = shutil.chown(FIX + '/missing', 0)",
    S + "shutil.copytree(FIX + '/sub', FIX + '/out', symlinks=True)\nresult = " + WALK,
    S + "shutil.copytree(FIX, FIX + '/../fixcopy', symlinks=True, ignore=shutil.ignore_patterns('noperm*'))\n"
        "result = sorted(os.listdir(FIX + '/../fixcopy')), os.readlink(FIX + '/../fixcopy/dangling')\n"
        "shutil.rmtree(FIX + '/../fixcopy')",
    S + "shutil.copytree(FIX + '/sub', FIX + '/out')\n"
        "shutil.copytree(FIX + '/data', FIX + '/out', dirs_exist_ok=True)\n"
        "result = " + WALK,
    S + "result = shutil.copytree(FIX + '/sub', FIX + '/data')",
    ("proxy", S, "M.shutil.make_archive(FIX + '/arc', 'zip', FIX, 'sub')[len(FIX):]"),
    ("proxy", S, "[f for f in M.shutil.get_archive_formats() if f[0] != 'bztar' and f[0] != 'xztar']"),
    ("proxy", S + "shutil.make_archive(FIX + '/arc', 'tar', FIX, 'data')",
        "M.shutil.unpack_archive(FIX + '/arc.tar', FIX + '/out', filter='data')"),
    ("proxy", S, "M.shutil.ignore_patterns('*.txt')('x', ['a.txt', 'b'])"),
]
# fmt: on
# Plain strings are programs (exec), not expressions.
FIXED = [c if isinstance(c, tuple) else ("exec", c) for c in FIXED]
SOURCES = ["'sub'", "'data'", "'.'", "'emptydir'", "'sub/deeper'"]


def draw(rng):
    fmt = rng.choice(["zip", "tar", "gztar"])
    base = rng.choice(SOURCES)
    check = {
        "zip": "sorted(zipfile.ZipFile(n).namelist())",
        "tar": "sorted(tarfile.open(n).getnames())",
        "gztar": "sorted(tarfile.open(n).getnames())",
    }[fmt]
    if base == "'.'":
        # The archive would contain itself: make it outside the fixture.
        return (
            "exec",
            f"{S}n = shutil.make_archive(FIX + '/../arc', '{fmt}', FIX + '/data')\nresult = {check}\nos.remove(n)",
        )
    if rng.random() < 0.5:
        return (
            "exec",
            f"{S}n = shutil.make_archive(FIX + '/arc', '{fmt}', FIX, {base})\nresult = n[len(FIX):], {check}",
        )
    flt = rng.choice(["", ", filter='data'"]) if fmt != "zip" else ""
    return (
        "exec",
        f"{S}n = shutil.make_archive(FIX + '/arc', '{fmt}', FIX, {base})\n"
        f"shutil.unpack_archive(n, FIX + '/out'{flt})\n"
        f"result = {WALK}",
    )


family("mod_shutil", __doc__, lambda: FIXED, draw, suite="stdlib")
