//! `os` through the module object: what the interop suite checks, and the
//! edges CPython 3.11 shows (error classes, messages, file names, bytes
//! paths).

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::testing::with_cx;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn os() -> Py {
    Py::Obj(crate::modules::getmodule("os").expect("os"))
}

fn call(cx: &Cx, name: &str, args: Vec<Py>) -> PyResult<Py> {
    attr::call_method(cx, &os(), name, Args::positional(args))
}

fn call_kw(cx: &Cx, name: &str, args: Vec<Py>, kw: Vec<(&str, Py)>) -> PyResult<Py> {
    let kw = kw.into_iter().map(|(k, v)| (Arc::from(k), v)).collect();
    attr::call_method(cx, &os(), name, Args::new(args, kw))
}

fn repr(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).unwrap_or_else(|e| format!("<repr failed: {e:?}>"))
}

/// `Class: message` of a failed call.
fn err(cx: &Cx, r: PyResult<Py>) -> String {
    match r {
        Ok(v) => format!("ok {}", repr(cx, &v)),
        Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
    }
}

fn attr_of(cx: &Cx, v: &Py, name: &str) -> Py {
    attr::getattr(cx, v, name).unwrap_or_else(|e| panic!("{name}: {e:?}"))
}

fn exc_attr(e: &PyErr, name: &str) -> Option<Py> {
    e.0.attr(name)
}

fn p(path: &Path) -> Py {
    Py::str(path.to_string_lossy().into_owned())
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rpyc-os-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn ids_host_and_constants() {
    with_cx(|cx| {
        assert!(matches!(call(cx, "getpid", vec![]), Ok(Py::Int(n)) if n == i64::from(std::process::id())));
        assert!(matches!(call(cx, "getuid", vec![]), Ok(Py::Int(n)) if n == i64::from(crate::platform::ids::getuid())));
        assert!(matches!(call(cx, "getpgid", vec![Py::Int(0)]), Ok(Py::Int(_))));
        assert_eq!(err(cx, call(cx, "getpgid", vec![Py::Int(-5)])), "ProcessLookupError: [Errno 3] No such process");
        assert_eq!(err(cx, call(cx, "getpid", vec![Py::Int(1)])), "TypeError: getpid() takes no arguments (1 given)");
        assert!(repr(cx, &call(cx, "uname", vec![]).expect("uname"))
            .starts_with("posix.uname_result(sysname='Linux', nodename="));
        assert!(matches!(call(cx, "cpu_count", vec![]), Ok(Py::Int(n)) if n >= 1));
        assert!(matches!(call(cx, "strerror", vec![Py::Int(2)]), Ok(Py::Str(s)) if &*s == "No such file or directory"));
        assert!(matches!(call(cx, "urandom", vec![Py::Int(16)]), Ok(Py::Bytes(b)) if b.len() == 16));
        assert_eq!(err(cx, call(cx, "urandom", vec![Py::Int(-1)])), "ValueError: negative argument not allowed");
        assert!(call(cx, "kill", vec![Py::from(std::process::id()), Py::Int(0)]).is_ok());
        assert_eq!(
            err(cx, call(cx, "kill", vec![Py::Int(1 << 40), Py::Int(0)])),
            "OverflowError: signed integer is greater than maximum"
        );
        let old = call(cx, "umask", vec![Py::Int(0o22)]).expect("umask");
        assert!(matches!(call(cx, "umask", vec![old]), Ok(Py::Int(0o22))));
        let m = os();
        assert!(matches!(attr_of(cx, &m, "O_RDONLY"), Py::Int(0)));
        assert!(matches!(attr_of(cx, &m, "SEEK_END"), Py::Int(2)));
        assert!(matches!(attr_of(cx, &m, "sep"), Py::Str(s) if &*s == "/"));
        assert_eq!(repr(cx, &attr_of(cx, &m, "error")), "<class 'OSError'>");
        assert_eq!(repr(cx, &attr_of(cx, &m, "stat_result")), "<class 'os.stat_result'>");
        assert_eq!(repr(cx, &attr_of(cx, &attr_of(cx, &m, "path"), "__name__")), "'posixpath'");
        assert!(attr::getattr(cx, &m, "no_such_attribute_xyz").is_err_and(|e| e.is("AttributeError")));
        let f = fs::File::open("/").expect("open /");
        let fd = Py::from(std::os::unix::io::AsRawFd::as_raw_fd(&f));
        assert!(matches!(call(cx, "isatty", vec![fd.clone()]), Ok(Py::Bool(false))));
        assert_eq!(
            err(cx, call(cx, "get_terminal_size", vec![fd])),
            "OSError: [Errno 25] Inappropriate ioctl for device"
        );
    });
}

#[test]
fn stat_results_are_struct_sequences() {
    let dir = scratch("stat");
    let f = dir.join("f.bin");
    fs::write(&f, vec![b'x'; 1234]).expect("write");
    with_cx(|cx| {
        let st = call(cx, "stat", vec![p(&f)]).expect("stat");
        let local = fs::metadata(&f).expect("metadata");
        assert!(matches!(attr_of(cx, &st, "st_size"), Py::Int(1234)));
        assert!(matches!(semantics::getitem(cx, &st, &Py::Int(6)), Ok(Py::Int(1234))));
        assert_eq!(semantics::len(cx, &st).ok(), Some(10));
        assert!(matches!(attr_of(cx, &st, "st_ino"), Py::Int(n) if n as u64 == local.ino()));
        assert!(matches!(attr_of(cx, &st, "st_mtime"), Py::Float(_)));
        assert!(matches!(semantics::getitem(cx, &st, &Py::Int(8)), Ok(Py::Int(n)) if n == local.mtime()));
        let ns = local.mtime() as i128 * 1_000_000_000 + local.mtime_nsec() as i128;
        assert_eq!(repr(cx, &attr_of(cx, &st, "st_mtime_ns")), ns.to_string());
        assert!(repr(cx, &st).starts_with("os.stat_result(st_mode="));
        assert!(repr(cx, &st).ends_with(&format!("st_ctime={})", local.ctime())));
        let value = semantics::to_value(cx, &st).expect("by value");
        assert!(format!("{value:?}").contains("os.stat_result"), "{value:?}");
        // A descriptor is stat'ed with fstat; lstat takes none.
        let file = fs::File::open(&f).expect("open");
        let fd = Py::from(std::os::unix::io::AsRawFd::as_raw_fd(&file));
        assert!(matches!(
            attr_of(cx, &call(cx, "stat", vec![fd.clone()]).expect("stat(fd)"), "st_size"),
            Py::Int(1234)
        ));
        assert!(matches!(attr_of(cx, &call(cx, "fstat", vec![fd.clone()]).expect("fstat"), "st_size"), Py::Int(1234)));
        assert_eq!(
            err(cx, call(cx, "lstat", vec![fd])),
            "TypeError: lstat: path should be string, bytes or os.PathLike, not int"
        );
        let e = call(cx, "stat", vec![Py::Int(999_999)]).expect_err("bad fd");
        assert_eq!(e.message(cx), "[Errno 9] Bad file descriptor: 999999");
        assert_eq!(err(cx, call(cx, "stat", vec![Py::Int(1 << 40)])), "OverflowError: fd is greater than maximum");
        let e = call(cx, "stat", vec![Py::bytes(b"/no/such".to_vec())]).expect_err("missing");
        assert!(e.is("FileNotFoundError"));
        assert!(matches!(exc_attr(&e, "filename"), Some(Py::Bytes(b)) if &*b == b"/no/such"));
        assert!(matches!(exc_attr(&e, "errno"), Some(Py::Int(2))));
        let dir_fd = call_kw(cx, "stat", vec![p(&f)], vec![("dir_fd", Py::Int(3))]);
        assert!(dir_fd.is_err_and(|e| e.is("NotImplementedError")));
        let vfs = call(cx, "statvfs", vec![Py::str("/")]).expect("statvfs");
        assert!(repr(cx, &vfs).starts_with("os.statvfs_result(f_bsize="));
        assert!(matches!(attr_of(cx, &vfs, "f_fsid"), Py::Int(_) | Py::BigInt(_)));
    });
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn listdir_scandir_keep_the_path_kind() {
    let dir = scratch("list");
    fs::create_dir(dir.join("sub")).expect("mkdir");
    fs::write(dir.join("file.txt"), b"12345").expect("write");
    std::os::unix::fs::symlink("file.txt", dir.join("link")).expect("symlink");
    with_cx(|cx| {
        let names = call(cx, "listdir", vec![p(&dir)]).expect("listdir");
        let mut got: Vec<String> = semantics::iterate(cx, &names).expect("list").iter().map(|n| repr(cx, n)).collect();
        got.sort();
        assert_eq!(got, ["'file.txt'", "'link'", "'sub'"]);
        let names = call(cx, "listdir", vec![Py::bytes(dir.as_os_str().as_encoded_bytes().to_vec())]).expect("listdir");
        assert!(semantics::iterate(cx, &names).expect("list").iter().all(|n| matches!(n, Py::Bytes(_))));
        let e = call(cx, "listdir", vec![p(&dir.join("file.txt"))]).expect_err("not a dir");
        assert!(e.is("NotADirectoryError"));
        assert!(matches!(exc_attr(&e, "filename"), Some(Py::Str(_))));

        let it = call(cx, "scandir", vec![p(&dir)]).expect("scandir");
        let it = attr::call_method(cx, &it, "__enter__", Args::default()).expect("enter");
        let mut entries = semantics::iterate(cx, &it).expect("entries");
        entries.sort_by_key(|e| repr(cx, e));
        let shown: Vec<String> = entries.iter().map(|e| repr(cx, e)).collect();
        assert_eq!(shown, ["<DirEntry 'file.txt'>", "<DirEntry 'link'>", "<DirEntry 'sub'>"]);
        let (file, link, sub) = (&entries[0], &entries[1], &entries[2]);
        let m = |e: &Py, name: &str| attr::call_method(cx, e, name, Args::default()).expect(name);
        assert!(matches!(m(file, "is_file"), Py::Bool(true)) && matches!(m(file, "is_dir"), Py::Bool(false)));
        assert!(matches!(m(sub, "is_dir"), Py::Bool(true)) && matches!(m(sub, "is_file"), Py::Bool(false)));
        assert!(matches!(m(link, "is_symlink"), Py::Bool(true)) && matches!(m(link, "is_file"), Py::Bool(true)));
        let no_follow = Args::new(vec![], vec![(Arc::from("follow_symlinks"), Py::Bool(false))]);
        assert!(matches!(attr::call_method(cx, link, "is_file", no_follow), Ok(Py::Bool(false))));
        assert!(matches!(attr_of(cx, &m(file, "stat"), "st_size"), Py::Int(5)));
        let ino = fs::metadata(dir.join("file.txt")).expect("metadata").ino();
        assert!(matches!(m(file, "inode"), Py::Int(n) if n as u64 == ino));
        assert_eq!(repr(cx, &attr_of(cx, file, "path")), repr(cx, &p(&dir.join("file.txt"))));
        assert_eq!(repr(cx, &semantics::fspath(cx, file).expect("fspath")), repr(cx, &p(&dir.join("file.txt"))));
        attr::call_method(cx, &it, "__exit__", Args::positional(vec![Py::None, Py::None, Py::None])).expect("exit");
        assert!(semantics::next(cx, &it).is_ok_and(|v| v.is_none()));

        let it = call(cx, "scandir", vec![Py::bytes(b".".to_vec())]).expect("scandir(b'.')");
        if let Some(e) = semantics::next(cx, &it).expect("next") {
            assert!(matches!(attr_of(cx, &e, "path"), Py::Bytes(b) if b.starts_with(b"./")));
        }
    });
    let _ = fs::remove_dir_all(&dir);
}

/// `(root, sorted dirs, sorted files)` of each step of a walk.
fn walk_steps(cx: &Cx, walk: &Py, prune: Option<&str>) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    while let Some(step) = semantics::next(cx, walk).expect("next") {
        let [root, dirs, files] = [0, 1, 2].map(|i| semantics::getitem(cx, &step, &Py::Int(i)).expect("item"));
        let names = |v: &Py| {
            let mut n: Vec<String> = semantics::iterate(cx, v).expect("names").iter().map(|x| repr(cx, x)).collect();
            n.sort();
            n
        };
        out.push((repr(cx, &root), names(&dirs), names(&files)));
        if let Some(name) = prune {
            let list = dirs.downcast::<List>().expect("dirs is a list");
            list.lock().retain(|d| !matches!(d, Py::Str(s) if &**s == name));
        }
    }
    out
}

#[test]
fn walk_top_down_prunes_and_bottom_up_orders() {
    let dir = scratch("walk");
    fs::create_dir_all(dir.join("x/y")).expect("mkdir");
    fs::create_dir_all(dir.join("skip/deep")).expect("mkdir");
    fs::write(dir.join("x/f1"), b"1").expect("write");
    fs::write(dir.join("x/y/f2"), b"2").expect("write");
    fs::write(dir.join("top"), b"t").expect("write");
    let r = |sub: &str| {
        format!("'{}'", if sub.is_empty() { dir.display().to_string() } else { dir.join(sub).display().to_string() })
    };
    with_cx(|cx| {
        let walk = call(cx, "walk", vec![p(&dir)]).expect("walk");
        let steps = walk_steps(cx, &walk, Some("skip"));
        let roots: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(roots, [r(""), r("x"), r("x/y")]);
        assert_eq!(steps[0].1, ["'skip'", "'x'"]);
        assert_eq!(steps[0].2, ["'top'"]);

        let bottom_up = call_kw(cx, "walk", vec![p(&dir)], vec![("topdown", Py::Bool(false))]).expect("walk");
        let steps = walk_steps(cx, &bottom_up, None);
        let roots: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
        let pos = |want: String| roots.iter().position(|r| *r == want).expect("visited");
        assert!(pos(r("x/y")) < pos(r("x")) && pos(r("x")) < pos(r("")));
        assert!(pos(r("skip/deep")) < pos(r("skip")));
        assert_eq!(roots.last().copied(), Some(r("").as_str()));

        // Errors go to onerror (here a list's append), and the walk goes on.
        let seen = List::new(vec![]);
        let onerror = attr_of(cx, &seen, "append");
        let missing = call_kw(cx, "walk", vec![p(&dir.join("nope"))], vec![("onerror", onerror)]).expect("walk");
        assert!(walk_steps(cx, &missing, None).is_empty());
        let errors = semantics::iterate(cx, &seen).expect("errors");
        assert_eq!(errors.len(), 1);
        assert!(repr(cx, &errors[0]).starts_with("FileNotFoundError(2,"));

        let bytes = call(cx, "walk", vec![Py::bytes(dir.as_os_str().as_encoded_bytes().to_vec())]).expect("walk");
        let first = semantics::next(cx, &bytes).expect("next").expect("a step");
        assert!(matches!(semantics::getitem(cx, &first, &Py::Int(0)), Ok(Py::Bytes(_))));
    });
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn creating_moving_and_removing() {
    let dir = scratch("files");
    with_cx(|cx| {
        let deep = dir.join("a/b/c");
        call(cx, "makedirs", vec![p(&deep)]).expect("makedirs");
        assert!(deep.is_dir());
        assert_eq!(
            err(cx, call(cx, "makedirs", vec![p(&deep)])),
            format!("FileExistsError: [Errno 17] File exists: '{}'", deep.display())
        );
        call_kw(cx, "makedirs", vec![p(&deep)], vec![("exist_ok", Py::Bool(true))]).expect("exist_ok");
        call(cx, "makedirs", vec![p(&dir.join("dot/."))]).expect("makedirs x/.");
        call(cx, "removedirs", vec![p(&deep)]).expect("removedirs");
        assert!(!dir.join("a").exists() && dir.exists());

        call(cx, "mkdir", vec![p(&dir.join("m")), Py::Int(0o700)]).expect("mkdir");
        let e = call(cx, "mkdir", vec![p(&dir.join("m"))]).expect_err("exists");
        assert!(e.is("FileExistsError"));
        call(cx, "rmdir", vec![p(&dir.join("m"))]).expect("rmdir");

        let (a, b) = (dir.join("a.txt"), dir.join("b.txt"));
        fs::write(&a, b"A").expect("write");
        call(cx, "rename", vec![p(&a), p(&b)]).expect("rename");
        assert!(!a.exists() && b.exists());
        let e = call(cx, "rename", vec![p(&a), p(&dir.join("nodir/x"))]).expect_err("missing source");
        assert!(e.is("FileNotFoundError"));
        assert_eq!(repr(cx, &exc_attr(&e, "filename").unwrap_or(Py::None)), repr(cx, &p(&a)));
        assert_eq!(repr(cx, &exc_attr(&e, "filename2").unwrap_or(Py::None)), repr(cx, &p(&dir.join("nodir/x"))));
        call(cx, "replace", vec![p(&b), p(&a)]).expect("replace");

        let link = dir.join("link");
        call(cx, "symlink", vec![p(&a), p(&link)]).expect("symlink");
        assert_eq!(repr(cx, &call(cx, "readlink", vec![p(&link)]).expect("readlink")), repr(cx, &p(&a)));
        let raw = Py::bytes(link.as_os_str().as_encoded_bytes().to_vec());
        assert!(matches!(call(cx, "readlink", vec![raw]), Ok(Py::Bytes(_))));
        call(cx, "link", vec![p(&link), p(&dir.join("hard"))]).expect("link");
        assert!(fs::symlink_metadata(dir.join("hard")).is_ok_and(|m| m.is_file()));

        call(cx, "chmod", vec![p(&a), Py::Int(0o640)]).expect("chmod");
        assert_eq!(fs::metadata(&a).map(|m| m.mode() & 0o7777).ok(), Some(0o640));
        assert_eq!(
            err(cx, call_kw(cx, "chmod", vec![p(&link), Py::Int(0o600)], vec![("follow_symlinks", Py::Bool(false))])),
            "NotImplementedError: chmod: follow_symlinks unavailable on this platform"
        );
        let uid = Py::from(crate::platform::ids::geteuid());
        call(cx, "chown", vec![p(&a), uid, Py::Int(-1)]).expect("chown to self");
        assert_eq!(
            err(cx, call(cx, "chown", vec![p(&a), Py::Float(1.5), Py::Int(-1)])),
            "TypeError: uid should be integer, not float"
        );

        call(cx, "utime", vec![p(&a), Py::tuple(vec![Py::Int(1_000_000_000), Py::Float(1_500_000_000.25)])])
            .expect("utime");
        let m = fs::metadata(&a).expect("metadata");
        assert_eq!((m.atime(), m.mtime(), m.mtime_nsec()), (1_000_000_000, 1_500_000_000, 250_000_000));
        let ns = Py::tuple(vec![Py::Int(5_000_000_001), Py::Int(-1)]);
        call_kw(cx, "utime", vec![p(&a)], vec![("ns", ns)]).expect("utime ns");
        let m = fs::metadata(&a).expect("metadata");
        assert_eq!((m.atime(), m.atime_nsec(), m.mtime(), m.mtime_nsec()), (5, 1, -1, 999_999_999));
        assert_eq!(
            err(cx, call(cx, "utime", vec![p(&a), Py::tuple(vec![Py::Int(1)])])),
            "TypeError: utime: 'times' must be either a tuple of two ints or None"
        );
        assert_eq!(
            err(
                cx,
                call_kw(
                    cx,
                    "utime",
                    vec![p(&a), Py::tuple(vec![Py::Int(1), Py::Int(2)])],
                    vec![("ns", Py::tuple(vec![Py::Int(1), Py::Int(2)]))]
                )
            ),
            "ValueError: utime: you may specify either 'times' or 'ns' but not both"
        );
        call(cx, "utime", vec![p(&a)]).expect("utime now");

        assert!(matches!(call(cx, "access", vec![p(&a), Py::Int(0)]), Ok(Py::Bool(true))));
        assert!(matches!(call(cx, "access", vec![p(&dir.join("nope")), Py::Int(0)]), Ok(Py::Bool(false))));
        call(cx, "truncate", vec![p(&a), Py::Int(0)]).expect("truncate");
        assert_eq!(fs::metadata(&a).map(|m| m.len()).ok(), Some(0));
        let e = call(cx, "truncate", vec![p(&a), Py::Int(-1)]).expect_err("negative");
        assert_eq!(e.message(cx), format!("[Errno 22] Invalid argument: '{}'", a.display()));

        call(cx, "remove", vec![p(&link)]).expect("remove");
        call(cx, "unlink", vec![p(&dir.join("hard"))]).expect("unlink");
        assert!(call(cx, "unlink", vec![p(&link)]).is_err_and(|e| e.is("FileNotFoundError")));
        assert_eq!(
            err(cx, call(cx, "remove", vec![Py::None])),
            "TypeError: remove: path should be string, bytes or os.PathLike, not NoneType"
        );
        assert_eq!(err(cx, call(cx, "mkdir", vec![Py::str("a\0b")])), "ValueError: embedded null byte");
    });
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn paths_cwd_and_descriptors() {
    let dir = scratch("fd");
    with_cx(|cx| {
        assert!(matches!(call(cx, "fspath", vec![Py::bytes(b"x".to_vec())]), Ok(Py::Bytes(_))));
        assert_eq!(
            err(cx, call(cx, "fspath", vec![Py::Int(1)])),
            "TypeError: expected str, bytes or os.PathLike object, not int"
        );
        assert!(matches!(call(cx, "fsencode", vec![Py::str("é")]), Ok(Py::Bytes(b)) if &*b == "é".as_bytes()));
        assert!(matches!(call(cx, "fsdecode", vec![Py::bytes(b"ab".to_vec())]), Ok(Py::Str(s)) if &*s == "ab"));
        let cwd = std::env::current_dir().expect("cwd");
        assert_eq!(repr(cx, &call(cx, "getcwd", vec![]).expect("getcwd")), repr(cx, &p(&cwd)));
        assert!(matches!(call(cx, "getcwdb", vec![]), Ok(Py::Bytes(_))));
        assert!(call(cx, "chdir", vec![p(&dir.join("nope"))]).is_err_and(|e| e.is("FileNotFoundError")));

        let m = os();
        let flags = [("O_RDWR", 0), ("O_CREAT", 0), ("O_TRUNC", 0)]
            .iter()
            .map(|(n, _)| match attr_of(cx, &m, n) {
                Py::Int(v) => v,
                _ => 0,
            })
            .fold(0, |a, b| a | b);
        let path = dir.join("raw");
        let fd = call(cx, "open", vec![p(&path), Py::Int(flags), Py::Int(0o600)]).expect("os.open");
        assert!(matches!(call(cx, "write", vec![fd.clone(), Py::bytes(b"hello".to_vec())]), Ok(Py::Int(5))));
        assert_eq!(
            err(cx, call(cx, "write", vec![fd.clone(), Py::str("s")])),
            "TypeError: a bytes-like object is required, not 'str'"
        );
        assert!(matches!(call(cx, "lseek", vec![fd.clone(), Py::Int(1), Py::Int(0)]), Ok(Py::Int(1))));
        assert!(matches!(call(cx, "read", vec![fd.clone(), Py::Int(10)]), Ok(Py::Bytes(b)) if &*b == b"ello"));
        assert!(call(cx, "fsync", vec![fd.clone()]).is_ok());
        assert!(matches!(attr_of(cx, &call(cx, "fstat", vec![fd.clone()]).expect("fstat"), "st_size"), Py::Int(5)));
        assert_eq!(err(cx, call(cx, "read", vec![fd.clone(), Py::Int(-1)])), "OSError: [Errno 22] Invalid argument");
        call(cx, "close", vec![fd.clone()]).expect("close");
        assert_eq!(err(cx, call(cx, "close", vec![fd])), "OSError: [Errno 9] Bad file descriptor");
        assert!(call(cx, "open", vec![p(&dir.join("nope/x")), Py::Int(0)]).is_err_and(|e| e.is("FileNotFoundError")));
    });
    let _ = fs::remove_dir_all(&dir);
}
