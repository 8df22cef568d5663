//! tarfile through the interpreter, against CPython 3.11's answers.

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
fn archives_and_filters_match_cpython() {
    let cx = cx();
    let dir = std::env::temp_dir().join(format!("rpyc-tarfile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src/sub")).expect("mkdir");
    std::fs::write(dir.join("src/a.txt"), b"alpha\n").expect("write");
    std::fs::write(dir.join("src/sub/c.txt"), b"gamma\n").expect("write");
    let d = dir.to_string_lossy().into_owned();
    crate::interp::execute(&cx, &format!("import tarfile, os\nD = {d:?}\nP = D + '/t.tar'")).expect("setup");
    for (src, want) in [
        (
            "i = tarfile.TarInfo('f')\ni.mtime = 1700000000\ni.size = 3\nresult = i.tobuf()[:160]",
            // CPython 3.11: TarInfo('f') with mtime and size, PAX format.
            "b'f\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x000000644\\x000000000\\x000000000\\x0000000000003\\x0014524770400\\x00006150\\x00 0\\x00\\x00\\x00'",
        ),
        (
            "with tarfile.open(P, 'w') as t:\n    t.add(D + '/src', 'src')\nwith tarfile.open(P) as t:\n    result = t.getnames(), t.extractfile('src/a.txt').read(), os.path.getsize(P) % 10240",
            "(['src', 'src/a.txt', 'src/sub', 'src/sub/c.txt'], b'alpha\\n', 0)",
        ),
        (
            "with tarfile.open(P, 'w:gz') as t:\n    t.add(D + '/src/a.txt', 'a.txt')\nresult = open(P, 'rb').read(2), tarfile.open(P).getnames()",
            "(b'\\x1f\\x8b', ['a.txt'])",
        ),
        ("result = tarfile.open(P, 'r:bz2')", "CompressionError: bz2 module is not available"),
        ("result = tarfile.open(D + '/src/a.txt', 'r:')", "ReadError: truncated header"),
        (
            "i = tarfile.TarInfo('../evil')\nresult = tarfile.data_filter(i, D)",
            &format!("OutsideDestinationError: '../evil' would be extracted to '{}/evil', which is outside the destination", dir.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()),
        ),
        ("i = tarfile.TarInfo('/abs')\nresult = tarfile.data_filter(i, D).name", "'abs'"),
        ("i = tarfile.TarInfo('l')\ni.type = tarfile.SYMTYPE\ni.linkname = '/etc'\nresult = tarfile.data_filter(i, D)", "AbsoluteLinkError: 'l' is a link to an absolute path"),
        ("i = tarfile.TarInfo('dev')\ni.type = tarfile.CHRTYPE\nresult = tarfile.data_filter(i, D)", "SpecialFileError: 'dev' is a special file"),
        ("i = tarfile.TarInfo('x')\ni.mode = 0o6777\nresult = oct(tarfile.data_filter(i, D).mode), oct(tarfile.tar_filter(i, D).mode)", "('0o755', '0o755')"),
    ] {
        assert_eq!(run(&cx, src), want, "{src}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
