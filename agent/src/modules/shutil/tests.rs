//! `shutil` through the module object, against CPython 3.11's behaviour.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::testing::with_cx;
use crate::runtime::args::Args;
use crate::runtime::callables::Function;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

fn shutil() -> Py {
    Py::Obj(crate::modules::getmodule("shutil").expect("shutil"))
}

fn call(cx: &Cx, name: &str, args: Vec<Py>) -> PyResult<Py> {
    attr::call_method(cx, &shutil(), name, Args::positional(args))
}

fn call_kw(cx: &Cx, name: &str, args: Vec<Py>, kw: Vec<(&str, Py)>) -> PyResult<Py> {
    let kw = kw.into_iter().map(|(k, v)| (Arc::from(k), v)).collect();
    attr::call_method(cx, &shutil(), name, Args::new(args, kw))
}

fn repr(cx: &Cx, v: &Py) -> String {
    semantics::repr(cx, v).unwrap_or_default()
}

fn err(cx: &Cx, r: PyResult<Py>) -> String {
    match r {
        Ok(v) => format!("ok {}", repr(cx, &v)),
        Err(e) => format!("{}: {}", e.class().qualified_name(), e.message(cx)),
    }
}

fn p(path: &Path) -> Py {
    Py::str(path.to_string_lossy().into_owned())
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rpyc-shutil-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn copy_tree_move_and_remove() {
    let base = scratch("tree");
    let src = base.join("src");
    fs::create_dir_all(src.join("sub")).expect("mkdir");
    fs::write(src.join("a.txt"), b"hello").expect("write");
    fs::write(src.join("sub/b.txt"), b"world").expect("write");
    std::os::unix::fs::symlink("a.txt", src.join("link")).expect("symlink");
    let dst = base.join("dst");
    with_cx(|cx| {
        let out =
            call_kw(cx, "copytree", vec![p(&src), p(&dst)], vec![("symlinks", Py::Bool(true))]).expect("copytree");
        assert_eq!(repr(cx, &out), repr(cx, &p(&dst)));
        assert_eq!(fs::read(dst.join("sub/b.txt")).ok(), Some(b"world".to_vec()));
        assert!(fs::symlink_metadata(dst.join("link")).is_ok_and(|m| m.file_type().is_symlink()));
        assert!(call(cx, "copytree", vec![p(&src), p(&dst)]).is_err_and(|e| e.is("FileExistsError")));
        call_kw(cx, "copytree", vec![p(&src), p(&dst)], vec![("dirs_exist_ok", Py::Bool(true))])
            .expect("dirs_exist_ok");

        let a = p(&src.join("a.txt"));
        assert_eq!(
            err(cx, call(cx, "copyfile", vec![a.clone(), a.clone()])),
            format!("shutil.SameFileError: {} and {} are the same file", repr(cx, &a), repr(cx, &a))
        );
        assert!(call(cx, "copyfile", vec![a.clone(), a.clone()]).is_err_and(|e| e.is("OSError")));
        let into = call(cx, "copy", vec![a.clone(), p(&dst.join("sub"))]).expect("copy into a directory");
        assert_eq!(repr(cx, &into), repr(cx, &p(&dst.join("sub/a.txt"))));
        assert_eq!(
            err(cx, call(cx, "copyfile", vec![a.clone(), p(&base.join("nodir/"))])),
            format!("builtins.FileNotFoundError: Directory does not exist: {}/nodir/", base.display())
        );

        // An ignore callable (ignoring everything it is shown) and copy
        // functions: one of shutil's, and any other callable.
        let ignore_all = Py::Obj(Function::new("tests", "ignore_all", |_, a| Ok(a.pos[1].clone()), false));
        let empty = base.join("empty");
        call_kw(cx, "copytree", vec![p(&src), p(&empty)], vec![("ignore", ignore_all)]).expect("ignore all");
        assert_eq!(fs::read_dir(&empty).map(|d| d.count()).ok(), Some(0));
        let copyfile = attr::getattr(cx, &shutil(), "copyfile").expect("copyfile");
        call_kw(cx, "copytree", vec![p(&src), p(&base.join("plain"))], vec![("copy_function", copyfile)])
            .expect("copy_function=copyfile");
        assert_eq!(fs::read(base.join("plain/a.txt")).ok(), Some(b"hello".to_vec()));
        let refuse =
            Py::Obj(Function::new("tests", "refuse", |_, _| Err(exceptions::new("PermissionError", "no")), false));
        let e = call_kw(cx, "copytree", vec![p(&src), p(&base.join("refused"))], vec![("copy_function", refuse)])
            .expect_err("every copy refused");
        assert_eq!(e.class().qualified_name(), "shutil.Error");
        let failures = semantics::iterate(cx, &e.0.args()[0]).expect("failures");
        assert_eq!(failures.len(), 3, "a.txt, link (to a file) and sub/b.txt");
        assert!(repr(cx, &failures[0]).ends_with(", 'no')"));

        // move: a rename, into a directory, or refused into itself.
        let moved = call(cx, "move", vec![p(&base.join("plain")), p(&base.join("moved"))]).expect("move");
        assert_eq!(repr(cx, &moved), repr(cx, &p(&base.join("moved"))));
        let into = call(cx, "move", vec![p(&base.join("moved")), p(&dst)]).expect("move into");
        assert_eq!(repr(cx, &into), repr(cx, &p(&dst.join("moved"))));
        assert_eq!(
            err(cx, call(cx, "move", vec![p(&dst), p(&dst.join("sub"))])),
            format!(
                "shutil.Error: Cannot move a directory '{}' into itself '{}'.",
                dst.display(),
                dst.join("sub").display()
            )
        );

        call(cx, "rmtree", vec![p(&dst)]).expect("rmtree");
        assert!(!dst.exists());
        assert!(call(cx, "rmtree", vec![p(&dst)]).is_err_and(|e| e.is("FileNotFoundError")));
        call_kw(cx, "rmtree", vec![p(&dst)], vec![("ignore_errors", Py::Bool(true))]).expect("ignored");
        assert_eq!(
            err(cx, call(cx, "rmtree", vec![p(&src.join("link"))])),
            "builtins.OSError: Cannot call rmtree on a symbolic link"
        );
        assert_eq!(
            err(cx, call(cx, "rmtree", vec![a.clone()])),
            format!("builtins.NotADirectoryError: [Errno 20] Not a directory: '{}'", src.join("a.txt").display())
        );
    });
    let _ = fs::remove_dir_all(&base);
}

#[test]
fn copy_keeps_modes_and_times() {
    let base = scratch("copy");
    let src = base.join("src.txt");
    fs::write(&src, b"copy me").expect("write");
    fs::set_permissions(&src, fs::Permissions::from_mode(0o640)).expect("chmod");
    crate::platform::fs::utime(&src, Some(((1_000_000_000, 0), (1_200_000_000, 500))), true).expect("utime");
    with_cx(|cx| {
        let dst = base.join("dst.txt");
        assert_eq!(repr(cx, &call(cx, "copy", vec![p(&src), p(&dst)]).expect("copy")), repr(cx, &p(&dst)));
        let (s, d) = (fs::metadata(&src).expect("src"), fs::metadata(&dst).expect("dst"));
        assert_eq!(s.permissions().mode(), d.permissions().mode());
        let dst2 = base.join("dst2.txt");
        call(cx, "copy2", vec![p(&src), p(&dst2)]).expect("copy2");
        let d2 = fs::metadata(&dst2).expect("dst2");
        assert_eq!(d2.modified().ok(), s.modified().ok());
        assert_eq!(d2.permissions().mode(), s.permissions().mode());
        call(cx, "copystat", vec![p(&src), p(&dst)]).expect("copystat");
        assert_eq!(fs::metadata(&dst).and_then(|m| m.modified()).ok(), s.modified().ok());
    });
    let _ = fs::remove_dir_all(&base);
}

#[test]
fn which_disk_usage_chown_and_errors() {
    with_cx(|cx| {
        let sh = call(cx, "which", vec![Py::str("sh")]).expect("which sh");
        assert!(matches!(&sh, Py::Str(s) if s.ends_with("/sh")), "{sh:?}");
        assert!(call(cx, "which", vec![Py::str("no-such-program-xyz")]).is_ok_and(|v| v.is_none()));
        assert!(matches!(call(cx, "which", vec![Py::bytes(b"sh".to_vec())]), Ok(Py::Bytes(_))));
        assert!(matches!(call(cx, "which", vec![Py::str("/bin/sh")]), Ok(Py::Str(s)) if &*s == "/bin/sh"));
        let search = vec![Py::str("sh"), Py::Int(1), Py::str("/nonexistent-dir")];
        assert!(call(cx, "which", search).is_ok_and(|v| v.is_none()));

        let du = call(cx, "disk_usage", vec![Py::str("/")]).expect("disk_usage");
        assert!(repr(cx, &du).starts_with("usage(total="));
        assert_eq!(semantics::len(cx, &du).ok(), Some(3));
        let total = attr::getattr(cx, &du, "total").expect("total");
        assert!(semantics::eq(cx, &total, &semantics::getitem(cx, &du, &Py::Int(0)).expect("du[0]")).unwrap_or(false));
        let value = semantics::to_value(cx, &du).expect("by value");
        assert!(format!("{value:?}").contains("shutil._ntuple_diskusage"), "{value:?}");

        assert_eq!(
            err(cx, call(cx, "chown", vec![Py::str("/")])),
            "builtins.ValueError: user and/or group must be set"
        );
        assert_eq!(
            err(cx, call(cx, "chown", vec![Py::str("/"), Py::str("nosuchuserx")])),
            "builtins.LookupError: no such user: 'nosuchuserx'"
        );
        let size = call(cx, "get_terminal_size", vec![]).expect("get_terminal_size");
        assert!(repr(cx, &size).starts_with("os.terminal_size(columns="));

        let m = shutil();
        let same = attr::getattr(cx, &m, "SameFileError").expect("SameFileError");
        let error = attr::getattr(cx, &m, "Error").expect("Error");
        assert!(attr::issubclass(cx, &same, &error).unwrap_or(false));
        let os_error = crate::runtime::types::type_value(&crate::runtime::exceptions::exc_type("OSError"));
        assert!(attr::issubclass(cx, &error, &os_error).unwrap_or(false));
        let list = List::new(vec![]);
        assert!(semantics::call(cx, &error, Args::one(list)).is_ok());
    });
}
