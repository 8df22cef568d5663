//! tempfile's names, modes, kinds and cleanup, as CPython 3.11 makes them.

use crate::objects::testing::cx;
use crate::runtime::semantics;

fn run(cx: &crate::runtime::context::Cx, src: &str) -> String {
    if let Err(e) = crate::interp::execute(cx, src) {
        return format!("{}: {}", e.class().name, e.message(cx));
    }
    match crate::interp::eval(cx, "result") {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_default(),
        Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn temporary_files_match_cpython() {
    let cx = cx();
    let dir = std::env::temp_dir().join(format!("rpyc-tempfile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let d = dir.to_string_lossy().into_owned();
    crate::interp::execute(
        &cx,
        &format!("import tempfile, os\nD = {d:?}\nOK = set('abcdefghijklmnopqrstuvwxyz0123456789_')"),
    )
    .expect("setup");
    for (src, want) in [
        ("result = tempfile.gettempprefix(), tempfile.gettempprefixb(), tempfile.template", "('tmp', b'tmp', 'tmp')"),
        ("result = tempfile.gettempdir() == tempfile.tempdir, type(tempfile.gettempdirb()).__name__", "(True, 'bytes')"),
        (
            "fd, name = tempfile.mkstemp(suffix='.x', dir=D)\nos.close(fd)\nb = os.path.basename(name)\n\
             result = b[:3], b[-2:], len(b), set(b[3:11]) <= OK, oct(os.stat(name).st_mode), os.path.dirname(name) == D",
            "('tmp', '.x', 13, True, '0o100600', True)",
        ),
        ("fd, name = tempfile.mkstemp(prefix=b'p', dir=D.encode())\nos.close(fd)\nresult = type(name).__name__, os.path.basename(name)[:1]", "('bytes', b'p')"),
        ("result = tempfile.mkstemp(prefix=b'p', suffix='s')", "TypeError: Can't mix bytes and non-bytes in path components."),
        (
            "try:\n    tempfile.mkstemp(dir=D + '/missing')\nexcept FileNotFoundError as e:\n    result = e.filename.startswith(D + '/missing/tmp')",
            "True",
        ),
        ("n = tempfile.mkdtemp(prefix='d-', dir=D)\nresult = os.path.isdir(n), oct(os.stat(n).st_mode & 0o777), os.path.basename(n)[:2]", "(True, '0o700', 'd-')"),
        ("f = tempfile.TemporaryFile(dir=D)\nf.write(b'abc')\nf.seek(0)\nresult = f.read(), type(f.name).__name__, f.mode\nf.close()", "(b'abc', 'int', 'rb+')"),
        ("f = tempfile.TemporaryFile('w+', dir=D)\nf.write('é')\nf.seek(0)\nresult = f.read()\nf.close()", "'é'"),
        (
            "f = tempfile.NamedTemporaryFile(dir=D, suffix='.txt')\nf.write(b'hi')\nf.flush()\n\
             result = [open(f.name, 'rb').read(), f.name.endswith('.txt'), f.file.name == f.name, f.delete]\n\
             f.close()\nresult.append(os.path.exists(f.name))",
            "[b'hi', True, True, True, False]",
        ),
        ("with tempfile.NamedTemporaryFile('w', dir=D, delete=False) as f:\n    f.write('kept')\nresult = open(f.name).read()\nos.unlink(f.name)", "'kept'"),
        ("with tempfile.NamedTemporaryFile(dir=D) as f:\n    n = f.name\nresult = os.path.exists(n), f.closed", "(False, True)"),
        (
            "t = tempfile.TemporaryDirectory(dir=D)\nos.makedirs(t.name + '/a/b')\nopen(t.name + '/a/b/f', 'w').close()\n\
             os.chmod(t.name + '/a', 0o500)\nr = repr(t) == '<TemporaryDirectory %r>' % t.name\nt.cleanup()\nt.cleanup()\n\
             result = r, os.path.exists(t.name)",
            "(True, False)",
        ),
        ("with tempfile.TemporaryDirectory(prefix='w', dir=D) as n:\n    e = os.path.isdir(n)\nresult = e, os.path.exists(n)", "(True, False)"),
        ("result = tempfile.SpooledTemporaryFile", "NotImplementedError: tempfile.SpooledTemporaryFile (an in-memory file) is not implemented by rpyc-agent (a native agent, no Python on the host)"),
        ("result = os.path.basename(tempfile.mktemp(dir=D))[:3], os.path.exists(tempfile.mktemp(dir=D))", "('tmp', False)"),
    ] {
        assert_eq!(run(&cx, src), want, "{src}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
