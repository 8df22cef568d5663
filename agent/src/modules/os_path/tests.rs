//! `os.path` through the module object, against CPython 3.11's answers.

use std::fs;
use std::os::unix::ffi::OsStrExt;

use super::fs::realpath;
use super::pure::join;
use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::testing::with_cx;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn call(cx: &Cx, name: &str, args: Vec<Py>) -> PyResult<Py> {
    let m = Py::Obj(crate::modules::getmodule("os.path")?);
    attr::call_method(cx, &m, name, Args::positional(args))
}

fn repr_of(cx: &Cx, name: &str, args: Vec<Py>) -> String {
    match call(cx, name, args) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_default(),
        Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
    }
}

fn s(v: &str) -> Py {
    Py::str(v)
}

fn b(v: &[u8]) -> Py {
    Py::bytes(v.to_vec())
}

fn list(items: Vec<Py>) -> Py {
    List::new(items)
}

#[test]
fn pure_functions_match_cpython() {
    with_cx(|cx| {
        let cases: Vec<(&str, Vec<Py>, &str)> = vec![
            ("join", vec![s("a"), s("b"), s("c")], "'a/b/c'"),
            ("join", vec![b(b"/a"), b(b"b")], "b'/a/b'"),
            ("split", vec![s("/a/b/")], "('/a/b', '')"),
            ("split", vec![b(b"//a")], "(b'//', b'a')"),
            ("splitext", vec![s("..a.tar")], "('..a', '.tar')"),
            ("splitext", vec![b(b"a.b.c")], "(b'a.b', b'.c')"),
            ("splitdrive", vec![s("/x")], "('', '/x')"),
            ("basename", vec![b(b"/usr/lib.so")], "b'lib.so'"),
            ("dirname", vec![s("///x")], "'///'"),
            ("isabs", vec![b(b"/x")], "True"),
            ("normpath", vec![s("a//b/../c/./")], "'a/c'"),
            ("normpath", vec![b(b"")], "b'.'"),
            ("normcase", vec![s("A/B")], "'A/B'"),
            ("relpath", vec![s("/a/b/c"), s("/a/d")], "'../b/c'"),
            ("relpath", vec![b(b"/a"), b(b"/a")], "b'.'"),
            ("commonpath", vec![list(vec![s("/usr/lib"), s("/usr/local/lib")])], "'/usr'"),
            ("commonpath", vec![list(vec![b(b"a/./b"), b(b"a/b/c")])], "b'a/b'"),
            ("commonprefix", vec![list(vec![s("/usr/lib"), s("/usr/local")])], "'/usr/l'"),
            ("commonprefix", vec![list(vec![b(b"ab"), b(b"ac")])], "b'a'"),
            (
                "commonprefix",
                vec![list(vec![
                    list(vec![Py::Int(1), Py::Int(2), Py::Int(3)]),
                    list(vec![Py::Int(1), Py::Int(2), Py::Int(4)]),
                ])],
                "[1, 2]",
            ),
            ("commonprefix", vec![list(vec![s("héllo"), s("hélp")])], "'hél'"),
            ("commonprefix", vec![list(vec![s("aé"), s("aè")])], "'a'"),
            ("commonprefix", vec![list(vec![])], "''"),
            ("expandvars", vec![s("$RPYC_NOPE/${RPYC_NOPE}")], "'$RPYC_NOPE/${RPYC_NOPE}'"),
            ("abspath", vec![s("/a/../b")], "'/b'"),
            // Errors, worded as CPython words them.
            ("join", vec![Py::Int(1)], "TypeError: expected str, bytes or os.PathLike object, not int"),
            (
                "join",
                vec![s("a"), Py::Int(1)],
                "TypeError: join() argument must be str, bytes, or os.PathLike object, not 'int'",
            ),
            ("join", vec![s("a"), b(b"b")], "TypeError: Can't mix strings and bytes in path components"),
            ("join", vec![], "TypeError: join() missing 1 required positional argument: 'a'"),
            ("basename", vec![Py::None], "TypeError: expected str, bytes or os.PathLike object, not NoneType"),
            ("relpath", vec![s("")], "ValueError: no path specified"),
            ("relpath", vec![s("a"), b(b"b")], "TypeError: Can't mix strings and bytes in path components"),
            ("commonpath", vec![list(vec![])], "ValueError: commonpath() arg is an empty sequence"),
            ("commonpath", vec![list(vec![s("/a"), s("a")])], "ValueError: Can't mix absolute and relative paths"),
            ("islink", vec![Py::Int(1)], "TypeError: lstat: path should be string, bytes or os.PathLike, not int"),
            ("isdir", vec![s("a\0")], "False"),
            ("exists", vec![s("/")], "True"),
            ("exists", vec![Py::Int(-1)], "False"),
            ("samefile", vec![s("/"), b(b"/")], "True"),
        ];
        for (name, args, want) in cases {
            let shown = format!("os.path.{name}{:?}", args);
            assert_eq!(repr_of(cx, name, args), want, "{shown}");
        }
    });
}

#[test]
fn descriptor_and_home_and_cwd() {
    with_cx(|cx| {
        let f = fs::File::open("/").expect("open /");
        let fd = Py::from(std::os::unix::io::AsRawFd::as_raw_fd(&f));
        // genericpath follows os.stat, which takes a descriptor.
        assert_eq!(repr_of(cx, "exists", vec![fd.clone()]), "True");
        assert_eq!(repr_of(cx, "isdir", vec![fd]), "True");
        let cwd = std::env::current_dir().expect("cwd").into_os_string().into_string().expect("utf-8 cwd");
        assert_eq!(
            repr_of(cx, "abspath", vec![s("x/../y")]),
            format!("'{}'", join(cwd.as_bytes(), &[b"y"]).escape_ascii())
        );
        let home = crate::platform::env::get("HOME").map(|h| h.into_string().unwrap_or_default());
        if let Some(home) = home.filter(|h| !h.is_empty() && h != "/") {
            assert_eq!(repr_of(cx, "expanduser", vec![s("~/x")]), format!("'{}/x'", home.trim_end_matches('/')));
        }
        assert!(repr_of(cx, "expanduser", vec![b(b"~root/x")]).starts_with("b'/"));
        assert!(call(cx, "getsize", vec![s("/no/such/file")]).is_err_and(|e| e.is("FileNotFoundError")));
    });
}

#[test]
fn realpath_resolves_links() {
    let dir = std::env::temp_dir().join(format!("rpyc-realpath-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("real")).expect("mkdir");
    std::os::unix::fs::symlink("real", dir.join("link")).expect("symlink");
    std::os::unix::fs::symlink("loop", dir.join("loop")).expect("symlink");
    let d = dir.as_os_str().as_bytes();
    let canon = fs::canonicalize(&dir).expect("canon").into_os_string().into_encoded_bytes();
    assert_eq!(realpath(&join(d, &[b"link/x/.."])).ok(), Some(join(&canon, &[b"real"])));
    assert_eq!(realpath(&join(d, &[b"loop/a"])).ok(), Some(join(&canon, &[b"loop/a"])));
    with_cx(|cx| {
        assert_eq!(repr_of(cx, "ismount", vec![s("/")]), "True");
        assert_eq!(repr_of(cx, "ismount", vec![b(d)]), "False");
        let link = Py::str(dir.join("link").to_string_lossy().into_owned());
        assert_eq!(repr_of(cx, "islink", vec![link.clone()]), "True");
        assert_eq!(repr_of(cx, "isdir", vec![link.clone()]), "True");
        let strict = Args::new(vec![link], vec![("strict".into(), Py::Bool(true))]);
        let m = Py::Obj(crate::modules::getmodule("posixpath").expect("posixpath"));
        let got = attr::call_method(cx, &m, "realpath", strict).expect("strict realpath");
        assert_eq!(
            semantics::str(cx, &got).ok(),
            Some(String::from_utf8_lossy(&join(&canon, &[b"real"])).into_owned())
        );
        let missing =
            Args::new(vec![Py::str(format!("{}/nope", dir.display()))], vec![("strict".into(), Py::Bool(true))]);
        assert!(attr::call_method(cx, &m, "realpath", missing).is_err_and(|e| e.is("FileNotFoundError")));
    });
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn module_names_and_constants() {
    with_cx(|cx| {
        let m = Py::Obj(crate::modules::getmodule("os.path").expect("os.path"));
        assert_eq!(
            semantics::repr(cx, &attr::getattr(cx, &m, "__name__").expect("name")).ok().as_deref(),
            Some("'posixpath'")
        );
        assert!(matches!(attr::getattr(cx, &m, "sep"), Ok(Py::Str(s)) if &*s == "/"));
        assert!(attr::getattr(cx, &m, "altsep").is_ok_and(|v| v.is_none()));
        assert!(attr::getattr(cx, &m, "nope").is_err_and(|e| e.is("AttributeError")));
    });
}

/// Seeded random calls of the pure functions, answered by CPython 3.11
/// (`testdata/gen_cases.py` writes `testdata/cases.txt`).
#[test]
fn differential_against_cpython() {
    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0)).collect()
    }
    fn arg(a: &str) -> Py {
        match a.split_at(1) {
            ("s", h) => Py::str(String::from_utf8_lossy(&unhex(h)).into_owned()),
            ("b", h) => Py::bytes(unhex(h)),
            (_, items) => List::new(if items.is_empty() { vec![] } else { items.split(',').map(arg).collect() }),
        }
    }
    let text = include_str!("testdata/cases.txt");
    with_cx(|cx| {
        let mut disagreements = Vec::new();
        for line in text.lines() {
            let mut it = line.split('|');
            let (f, args, want) = (it.next().unwrap_or(""), it.next().unwrap_or(""), it.next().unwrap_or(""));
            let args: Vec<Py> = if args.is_empty() { vec![] } else { args.split(';').map(arg).collect() };
            let want = String::from_utf8_lossy(&unhex(want)).into_owned();
            let shown = format!("{f}{args:?}");
            let got = repr_of(cx, f, args);
            if got != want {
                disagreements.push(format!("{shown}: agent {got}, CPython {want}"));
            }
        }
        assert_eq!(text.lines().count(), 1500);
        assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    });
}
