//! zipfile through the interpreter: archives written, read back and
//! checked against what CPython 3.11 gives for the same program.

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
fn archives_match_cpython() {
    let cx = cx();
    let dir = std::env::temp_dir().join(format!("rpyc-zipfile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let d = dir.to_string_lossy().into_owned();
    crate::interp::execute(&cx, &format!("import zipfile, os\nD = {d:?}\nP = D + '/t.zip'")).expect("setup");
    for (src, want) in [
        (
            "with zipfile.ZipFile(P, 'w') as z:\n    z.writestr(zipfile.ZipInfo('hi.txt', (1980, 1, 1, 0, 0, 0)), 'hey')\nresult = open(P, 'rb').read().hex()",
            // The bytes CPython 3.11 writes for this archive.
            "'504b030414000000000000002100f015d68803000000030000000600000068692e747874686579504b0102140314000000000000002100f015d688030000000300000006000000000000000000000080010000000068692e747874504b0506000000000100010034000000270000000000'",
        ),
        ("with zipfile.ZipFile(P) as z:\n    result = z.namelist(), z.read('hi.txt'), repr(z.infolist()[0])", "(['hi.txt'], b'hey', \"<ZipInfo filename='hi.txt' filemode='?rw-------' file_size=3>\")"),
        ("with zipfile.ZipFile(P, 'a', zipfile.ZIP_DEFLATED) as z:\n    z.writestr('d.txt', 'x' * 1000)\nwith zipfile.ZipFile(P) as z:\n    result = z.read('d.txt') == b'x' * 1000, z.getinfo('d.txt').compress_type, z.testzip()", "(True, 8, None)"),
        ("with zipfile.ZipFile(P) as z:\n    result = z.read('nope')", "KeyError: \"There is no item named 'nope' in the archive\""),
        ("result = zipfile.ZipFile(D + '/missing.zip')", &format!("FileNotFoundError: [Errno 2] No such file or directory: '{d}/missing.zip'")),
        ("open(D + '/junk', 'wb').write(b'junk' * 10)\nresult = zipfile.ZipFile(D + '/junk')", "BadZipFile: File is not a zip file"),
        ("result = zipfile.is_zipfile(P), zipfile.is_zipfile(D + '/junk')", "(True, False)"),
        ("with zipfile.ZipFile(P) as z:\n    z.extractall(D + '/out')\nresult = sorted(os.listdir(D + '/out'))", "['d.txt', 'hi.txt']"),
        ("data = bytearray(open(P, 'rb').read())\ndata[37] ^= 0xFF\nopen(P, 'wb').write(bytes(data))\nwith zipfile.ZipFile(P) as z:\n    result = z.testzip()", "'hi.txt'"),
        ("result = zipfile.ZipFile(P, 'w', zipfile.ZIP_BZIP2)", "RuntimeError: Compression requires the (missing) bz2 module"),
        ("result = zipfile.ZipInfo('x', (1979, 1, 1, 0, 0, 0))", "ValueError: ZIP does not support timestamps before 1980"),
    ] {
        assert_eq!(run(&cx, src), want, "{src}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
