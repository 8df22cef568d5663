//! pathlib against what CPython 3.11 prints for the same expressions.

use crate::objects::testing::cx;
use crate::runtime::semantics;

fn ev(cx: &crate::runtime::context::Cx, src: &str) -> String {
    match crate::interp::eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("repr failed: {e:?}")),
        Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
    }
}

#[test]
fn pure_paths_match_cpython() {
    let cx = cx();
    crate::interp::execute(&cx, "from pathlib import *\np = PurePosixPath('/a/b.txt')").expect("setup");
    for (src, want) in [
        ("PurePath('a', 'b')", "PurePosixPath('a/b')"),
        ("Path('a', '/b', 'c')", "PosixPath('/b/c')"),
        ("PurePosixPath('//a')", "PurePosixPath('//a')"),
        ("PurePosixPath('///a/./b//c/')", "PurePosixPath('/a/b/c')"),
        ("PurePosixPath('')", "PurePosixPath('.')"),
        ("str(PurePosixPath('a/../b'))", "'a/../b'"),
        ("p.parts", "('/', 'a', 'b.txt')"),
        ("(p.name, p.stem, p.suffix, p.root, p.anchor, p.drive)", "('b.txt', 'b', '.txt', '/', '/', '')"),
        ("PurePosixPath('x.tar.gz').suffixes", "['.tar', '.gz']"),
        ("PurePosixPath('.bashrc').suffixes", "[]"),
        ("PurePosixPath('a.').suffixes", "[]"),
        ("PurePosixPath('..a.b').suffix", "'.b'"),
        ("p.parent", "PurePosixPath('/a')"),
        ("PurePosixPath('/').parent", "PurePosixPath('/')"),
        ("PurePosixPath('a').parent", "PurePosixPath('.')"),
        ("list(p.parents)", "[PurePosixPath('/a'), PurePosixPath('/')]"),
        ("p.parents[-1]", "PurePosixPath('/')"),
        ("p.parents[0:5:2]", "(PurePosixPath('/a'),)"),
        ("p.parents[5]", "IndexError: 5"),
        ("len(PurePosixPath('a/b/c').parents)", "3"),
        ("p.with_name('c.py')", "PurePosixPath('/a/c.py')"),
        ("p.with_stem('z')", "PurePosixPath('/a/z.txt')"),
        ("p.with_suffix('.gz')", "PurePosixPath('/a/b.gz')"),
        ("p.with_suffix('')", "PurePosixPath('/a/b')"),
        ("p.with_suffix('x')", "ValueError: Invalid suffix 'x'"),
        ("p.with_name('')", "ValueError: Invalid name ''"),
        ("PurePosixPath('/').with_name('x')", "ValueError: PurePosixPath('/') has an empty name"),
        ("p.with_name(1)", "TypeError: 'int' object is not subscriptable"),
        ("p.relative_to('/a')", "PurePosixPath('b.txt')"),
        ("p.relative_to('/')", "PurePosixPath('a/b.txt')"),
        (
            "p.relative_to('/c')",
            "ValueError: '/a/b.txt' is not in the subpath of '/c' OR one path is relative and the other is absolute.",
        ),
        ("p.is_relative_to('/a'), p.is_relative_to('a')", "(True, False)"),
        ("p / 'c' / PurePosixPath('d')", "PurePosixPath('/a/b.txt/c/d')"),
        ("'x' / PurePosixPath('y')", "PurePosixPath('x/y')"),
        ("p / 1", "TypeError: unsupported operand type(s) for /: 'PurePosixPath' and 'int'"),
        ("p.joinpath('x', '/y')", "PurePosixPath('/y')"),
        (
            "PurePath(b'x')",
            "TypeError: argument should be a str object or an os.PathLike object returning str, not <class 'bytes'>",
        ),
        ("PurePath(1)", "TypeError: expected str, bytes or os.PathLike object, not int"),
        ("PurePath('a', x=1)", "TypeError: PurePath.__new__() got an unexpected keyword argument 'x'"),
        ("Path('a', x=1)", "PosixPath('a')"),
        ("p == PosixPath('/a/b.txt'), p == '/a/b.txt'", "(True, False)"),
        ("hash(p) == hash(PosixPath('/a/b.txt'))", "True"),
        (
            "sorted([PurePosixPath('b'), PurePosixPath('a/c'), PurePosixPath('a')])",
            "[PurePosixPath('a'), PurePosixPath('a/c'), PurePosixPath('b')]",
        ),
        ("p < 'x'", "TypeError: '<' not supported between instances of 'PurePosixPath' and 'str'"),
        ("p.match('*.txt'), p.match('a/*.txt'), p.match('/*.txt'), p.match('/a/*')", "(True, True, False, True)"),
        ("p.match('')", "ValueError: empty pattern"),
        ("p.as_uri(), PurePosixPath('/a b/\u{fc}').as_uri()", "('file:///a/b.txt', 'file:///a%20b/%C3%BC')"),
        ("PurePosixPath('a').as_uri()", "ValueError: relative path can't be expressed as a file URI"),
        ("p.is_absolute(), PurePosixPath('a').is_absolute()", "(True, False)"),
        (
            "__import__('os').fspath(p), p.__fspath__(), bytes(p) if False else p.__bytes__()",
            "('/a/b.txt', '/a/b.txt', b'/a/b.txt')",
        ),
        ("p.__reduce__()", "(<class 'pathlib.PurePosixPath'>, ('/', 'a', 'b.txt'))"),
        ("isinstance(Path('x'), PurePath), isinstance(PurePath('x'), Path)", "(True, False)"),
        ("WindowsPath('x')", "NotImplementedError: cannot instantiate 'WindowsPath' on your system"),
        ("repr(p.parents)", "'<PurePosixPath.parents>'"),
    ] {
        assert_eq!(ev(&cx, src), want, "{src}");
    }
}

#[test]
fn concrete_paths_on_a_tree() {
    let cx = cx();
    let root = std::env::temp_dir().join(format!("rpyc-pathlib-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("sub/deep")).expect("mkdir");
    std::fs::write(root.join("a.txt"), b"alpha\n").expect("write");
    std::fs::write(root.join(".h"), b"").expect("write");
    std::fs::write(root.join("sub/c.txt"), b"").expect("write");
    std::os::unix::fs::symlink("a.txt", root.join("link")).expect("symlink");
    std::os::unix::fs::symlink("missing", root.join("dangling")).expect("symlink");
    let r = root.to_string_lossy().into_owned();
    let owner_group = {
        use crate::platform::{ids, users};
        let user = users::getpwuid(ids::geteuid()).map(|p| p.name).unwrap_or_default();
        let group = users::group_by_gid(ids::getegid()).map(|g| g.name).unwrap_or_default();
        format!("({user:?}, {group:?})").replace('"', "'")
    };
    crate::interp::execute(&cx, &format!("from pathlib import Path\nR = Path({r:?})")).expect("setup");
    for (src, want) in [
        ("(R / 'a.txt').read_text()", "'alpha\\n'"),
        ("(R / 'a.txt').read_bytes()", "b'alpha\\n'"),
        ("(R / 'n.txt').write_text('xyz'), (R / 'n.txt').read_text()", "(3, 'xyz')"),
        ("(R / 'n.txt').write_bytes(b'12'), (R / 'n.txt').stat().st_size", "(2, 2)"),
        ("(R / 'n.txt').write_text(b'x')", "TypeError: data must be str, not bytes"),
        ("(R / 'a.txt').exists(), (R / 'nope').exists(), (R / 'dangling').exists()", "(True, False, False)"),
        ("(R / 'dangling').is_symlink(), (R / 'link').is_file(), (R / 'sub').is_dir()", "(True, True, True)"),
        ("(R / 'a.txt' / 'x').exists()", "False"),
        ("sorted(p.name for p in R.iterdir())", "['.h', 'a.txt', 'dangling', 'link', 'n.txt', 'sub']"),
        ("sorted(str(p.relative_to(R)) for p in R.glob('*.txt'))", "['a.txt', 'n.txt']"),
        ("sorted(str(p.relative_to(R)) for p in R.rglob('*.txt'))", "['a.txt', 'n.txt', 'sub/c.txt']"),
        ("sorted(str(p.relative_to(R)) for p in R.glob('**/'))", "['.', 'sub', 'sub/deep']"),
        ("sorted(str(p.relative_to(R)) for p in R.glob('*/c.txt'))", "['sub/c.txt']"),
        ("list(R.glob(''))", "ValueError: Unacceptable pattern: ''"),
        ("list(R.glob('/x'))", "NotImplementedError: Non-relative patterns are unsupported"),
        ("list(R.glob('a**'))", "ValueError: Invalid pattern: '**' can only be an entire path component"),
        (
            "list((R / 'nope').iterdir())",
            &format!("FileNotFoundError: [Errno 2] No such file or directory: '{r}/nope'"),
        ),
        ("(R / 'link').readlink()", "PosixPath('a.txt')"),
        ("(R / 'link').resolve() == R.resolve() / 'a.txt'", "True"),
        (
            "(R / 'nope').resolve(strict=True)",
            &format!("FileNotFoundError: [Errno 2] No such file or directory: '{r}/nope'"),
        ),
        ("(R / 'm/n').mkdir()", &format!("FileNotFoundError: [Errno 2] No such file or directory: '{r}/m/n'")),
        ("(R / 'm/n').mkdir(parents=True), (R / 'm/n').is_dir()", "(None, True)"),
        ("(R / 'm/n').mkdir(exist_ok=True)", "None"),
        ("(R / 'm/n').mkdir()", &format!("FileExistsError: [Errno 17] File exists: '{r}/m/n'")),
        ("(R / 't').touch(), (R / 't').exists()", "(None, True)"),
        ("(R / 't').touch(exist_ok=False)", &format!("FileExistsError: [Errno 17] File exists: '{r}/t'")),
        ("(R / 't').rename(R / 'u').name", "'u'"),
        ("(R / 'u').unlink(), (R / 'u').unlink(missing_ok=True)", "(None, None)"),
        ("(R / 'u').unlink()", &format!("FileNotFoundError: [Errno 2] No such file or directory: '{r}/u'")),
        ("(R / 's').symlink_to('a.txt'), (R / 's').read_text()", "(None, 'alpha\\n')"),
        ("(R / 'h').hardlink_to(R / 'a.txt'), (R / 'h').samefile(R / 'a.txt')", "(None, True)"),
        ("(R / 'a.txt').owner(), (R / 'a.txt').group()", &owner_group),
        ("Path('~').expanduser() == Path.home()", "True"),
        ("Path('x').absolute() == Path.cwd() / 'x'", "True"),
        ("(R / 'a.txt').open().read()", "'alpha\\n'"),
        ("(R / 'a.txt').chmod(0o600), oct((R / 'a.txt').stat().st_mode & 0o777)", "(None, '0o600')"),
        ("(R / 'm' / 'n').rmdir(), (R / 'm').exists()", "(None, True)"),
        ("(R / 'sub').is_mount(), Path('/').is_mount()", "(False, True)"),
    ] {
        assert_eq!(ev(&cx, src), want, "{src}");
    }
    let _ = std::fs::remove_dir_all(&root);
}
