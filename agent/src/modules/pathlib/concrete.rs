//! `Path`'s methods that touch the filesystem. Like CPython's, they call
//! the `os` functions with the path's string (so errors carry the same
//! `filename`), and the `is_*` queries answer false for the errors
//! pathlib ignores (`ENOENT`, `ENOTDIR`, `EBADF`, `ELOOP`, `ValueError`).

use std::collections::VecDeque;
use std::sync::{LazyLock, Mutex};

use super::{path_self, select, PathObj};
use crate::modules::os_path::{realpath, stat_of};
use crate::modules::stat as st;
use crate::objects::attr;
use crate::platform::{self, errno};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub(super) static METHODS: [Method; 41] = [
    class_method("cwd", cwd),
    class_method("home", home),
    blocking_method("samefile", samefile),
    blocking_method("iterdir", iterdir),
    blocking_method("glob", select::glob),
    blocking_method("rglob", select::rglob),
    blocking_method("absolute", absolute),
    blocking_method("resolve", resolve),
    blocking_method("stat", stat),
    blocking_method("lstat", |cx, this, args| {
        args.none("lstat")?;
        os(cx, "lstat", vec![text(this)?])
    }),
    blocking_method("owner", owner),
    blocking_method("group", group),
    blocking_method("open", open),
    blocking_method("read_bytes", read_bytes),
    blocking_method("read_text", read_text),
    blocking_method("write_bytes", write_bytes),
    blocking_method("write_text", write_text),
    blocking_method("readlink", readlink),
    blocking_method("touch", touch),
    blocking_method("mkdir", mkdir),
    blocking_method("chmod", chmod),
    blocking_method("lchmod", |cx, this, args| {
        let [mode] = args.bind("lchmod", ["mode"])?;
        let kw = vec![("follow_symlinks".into(), Py::Bool(false))];
        attr::call_method(cx, &os_module()?, "chmod", Args::new(vec![text(this)?, req(mode)], kw))
    }),
    blocking_method("unlink", unlink),
    blocking_method("rmdir", |cx, this, args| {
        args.none("rmdir")?;
        os(cx, "rmdir", vec![text(this)?])
    }),
    blocking_method("rename", |cx, this, args| move_to(cx, this, args, "rename")),
    blocking_method("replace", |cx, this, args| move_to(cx, this, args, "replace")),
    blocking_method("symlink_to", symlink_to),
    blocking_method("hardlink_to", |cx, this, args| {
        let [target] = args.bind("hardlink_to", ["target"])?;
        os(cx, "link", vec![req(target), text(this)?])
    }),
    blocking_method("link_to", |cx, this, args| {
        let [target] = args.bind("link_to", ["target"])?;
        os(cx, "link", vec![text(this)?, req(target)])
    }),
    blocking_method("exists", |cx, this, args| query(cx, this, args, "exists", true, |_| true)),
    blocking_method("is_dir", |cx, this, args| query(cx, this, args, "is_dir", true, |m| kind(m, st::S_IFDIR))),
    blocking_method("is_file", |cx, this, args| query(cx, this, args, "is_file", true, |m| kind(m, st::S_IFREG))),
    blocking_method("is_symlink", |cx, this, args| {
        query(cx, this, args, "is_symlink", false, |m| kind(m, st::S_IFLNK))
    }),
    blocking_method("is_block_device", |cx, this, args| {
        query(cx, this, args, "is_block_device", true, |m| kind(m, st::S_IFBLK))
    }),
    blocking_method("is_char_device", |cx, this, args| {
        query(cx, this, args, "is_char_device", true, |m| kind(m, st::S_IFCHR))
    }),
    blocking_method("is_fifo", |cx, this, args| query(cx, this, args, "is_fifo", true, |m| kind(m, st::S_IFIFO))),
    blocking_method("is_socket", |cx, this, args| query(cx, this, args, "is_socket", true, |m| kind(m, st::S_IFSOCK))),
    blocking_method("is_mount", is_mount),
    method("expanduser", expanduser),
    method("__enter__", |_, this, args| args.none("__enter__").map(|()| this.clone())),
    method("__exit__", |_, _, _| Ok(Py::None)),
];

fn kind(mode: u32, k: u32) -> bool {
    mode & st::S_IFMT == k
}

fn os_module() -> PyResult<Py> {
    crate::modules::getmodule("os").map(Py::Obj)
}

/// `os.<name>(*pos)`.
fn os(cx: &Cx, name: &str, pos: Vec<Py>) -> PyResult<Py> {
    attr::call_method(cx, &os_module()?, name, Args::positional(pos))
}

/// The path's string, as `os` functions are given it.
fn text(this: &Py) -> PyResult<Py> {
    Ok(Py::from(path_self(this)?.text()))
}

/// `type(self)(*args)`.
fn same_class(cx: &Cx, this: &Py, args: &[Py]) -> PyResult<Py> {
    PathObj::from_args(cx, &path_self(this)?.ty, args)
}

/// The errno of an OSError, if it is one.
fn errno_of(e: &PyErr) -> Option<i64> {
    match e.0.attr("errno") {
        Some(Py::Int(n)) if e.is("OSError") => Some(n),
        _ => None,
    }
}

/// `pathlib._ignore_error`.
fn ignored(e: &PyErr) -> bool {
    errno_of(e).is_some_and(|n| {
        [errno::ENOENT, errno::ENOTDIR, errno::EBADF, crate::platform::errno::ELOOP].contains(&(n as i32))
    })
}

/// A query on the path's status: false for the errors pathlib ignores.
fn query(cx: &Cx, this: &Py, args: Args, func: &str, follow: bool, test: fn(u32) -> bool) -> PyResult<Py> {
    args.none(func)?;
    match stat_of(cx, &text(this)?, follow) {
        Ok(s) => Ok(Py::Bool(test(s.mode))),
        Err(e) if ignored(&e) || e.is("ValueError") => Ok(Py::Bool(false)),
        Err(e) => Err(e),
    }
}

fn cwd(cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    args.none("cwd")?;
    let dir = os(cx, "getcwd", vec![])?;
    semantics::call(cx, cls, Args::one(dir))
}

fn home(cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    args.none("home")?;
    let tilde = semantics::call(cx, cls, Args::one(Py::str("~")))?;
    expanduser(cx, &tilde, Args::default())
}

fn samefile(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [other] = args.bind("samefile", ["other_path"])?;
    let a = stat_of(cx, &text(this)?, true)?;
    let other = req(other);
    let other = match other.downcast::<PathObj>() {
        Some(p) => Py::from(p.text()),
        None => Py::from(path_self(&same_class(cx, this, &[other])?)?.text()),
    };
    let b = stat_of(cx, &other, true)?;
    Ok(Py::Bool((a.dev, a.ino) == (b.dev, b.ino)))
}

static GENERATOR: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "generator", None, &[], None));

type Producer = Box<dyn FnOnce(&Cx) -> PyResult<Vec<Py>> + Send + Sync>;

/// A generator whose body runs at the first `next()`, as CPython's
/// generator methods (`iterdir`, `glob`) raise their errors only when
/// iterated.
pub(super) struct Deferred {
    body: Mutex<Option<Producer>>,
    items: Mutex<VecDeque<Py>>,
}

impl Deferred {
    pub(super) fn new(body: impl FnOnce(&Cx) -> PyResult<Vec<Py>> + Send + Sync + 'static) -> Py {
        Py::obj(Deferred { body: Mutex::new(Some(Box::new(body))), items: Mutex::new(VecDeque::new()) })
    }
}

impl PyObject for Deferred {
    fn ty(&self) -> TypeRef {
        GENERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let body = self.body.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(body) = body {
            let produced = body(cx)?;
            self.items.lock().unwrap_or_else(|e| e.into_inner()).extend(produced);
        }
        Ok(self.items.lock().unwrap_or_else(|e| e.into_inner()).pop_front())
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn take_children(&self) -> Vec<Py> {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).drain(..).collect()
    }
}

fn iterdir(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("iterdir")?;
    let this = this.clone();
    Ok(Deferred::new(move |cx| {
        let p = path_self(&this)?;
        let names = semantics::iterate(cx, &os(cx, "listdir", vec![Py::from(p.text())])?)?;
        Ok(names.iter().map(|n| p.child_name(&semantics::str(cx, n).unwrap_or_default())).collect())
    }))
}

fn absolute(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("absolute")?;
    let p = path_self(this)?;
    if !p.root.is_empty() {
        return Ok(this.clone());
    }
    let mut parts = vec![os(cx, "getcwd", vec![])?];
    parts.extend(p.parts.iter().map(|s| Py::Str(s.clone())));
    same_class(cx, this, &parts)
}

/// `RuntimeError` for a symlink loop, as `resolve` reports it.
fn symlink_loop(cx: &Cx, e: PyErr) -> PyErr {
    if errno_of(&e) == Some(i64::from(crate::platform::errno::ELOOP)) {
        let name = e.0.attr("filename").unwrap_or(Py::None);
        return exceptions::runtime_error(format!(
            "Symlink loop from {}",
            semantics::repr(cx, &name).unwrap_or_default()
        ));
    }
    e
}

fn resolve(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [strict] = args.bind("resolve", ["strict?"])?;
    let strict = args::opt_bool(cx, strict.as_ref(), false)?;
    let s = text(this)?;
    let resolved = if strict {
        let kw = vec![("strict".into(), Py::Bool(true))];
        attr::call_method(cx, &crate::modules::getmodule("os.path").map(Py::Obj)?, "realpath", Args::new(vec![s], kw))
            .map_err(|e| symlink_loop(cx, e))?
    } else {
        let Py::Str(s) = &s else { return Err(exceptions::type_error("path")) };
        Py::from(String::from_utf8_lossy(&realpath(s.as_bytes())?).into_owned())
    };
    let p = same_class(cx, this, &[resolved])?;
    if !strict {
        if let Err(e) = stat_of(cx, &Py::from(path_self(&p)?.text()), true) {
            if errno_of(&e) == Some(i64::from(crate::platform::errno::ELOOP)) {
                return Err(symlink_loop(cx, e));
            }
        }
    }
    Ok(p)
}

fn stat(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [follow] = args.bind("stat", ["$follow_symlinks?"])?;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    let kw = vec![("follow_symlinks".into(), Py::Bool(follow))];
    attr::call_method(cx, &os_module()?, "stat", Args::new(vec![text(this)?], kw))
}

fn owner(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("owner")?;
    let uid = stat_of(cx, &text(this)?, true)?.uid;
    platform::users::getpwuid(uid)
        .map(|p| Py::from(p.name))
        .ok_or_else(|| exceptions::key_error(Py::from(format!("getpwuid(): uid not found: {uid}"))))
}

fn group(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("group")?;
    let gid = stat_of(cx, &text(this)?, true)?.gid;
    platform::users::group_by_gid(gid)
        .map(|g| g.name)
        .map(Py::from)
        .ok_or_else(|| exceptions::key_error(Py::from(format!("getgrgid(): gid not found: {gid}"))))
}

fn open(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [mode, buffering, encoding, errors, newline] =
        args.bind("open", ["mode?", "buffering?", "encoding?", "errors?", "newline?"])?;
    let or_none = |v: Option<Py>| v.unwrap_or(Py::None);
    let pos = vec![
        this.clone(),
        mode.unwrap_or_else(|| Py::str("r")),
        buffering.unwrap_or(Py::Int(-1)),
        or_none(encoding),
        or_none(errors),
        or_none(newline),
    ];
    crate::objects::file::open(cx, Args::positional(pos))
}

/// Opens the path, runs `f` on the file, closes it.
fn with_file(
    cx: &Cx,
    this: &Py,
    open_args: Vec<Py>,
    kw: Vec<(std::sync::Arc<str>, Py)>,
    f: impl FnOnce(&Py) -> PyResult<Py>,
) -> PyResult<Py> {
    let mut pos = vec![this.clone()];
    pos.extend(open_args);
    let file = crate::objects::file::open(cx, Args::new(pos, kw))?;
    let r = f(&file);
    attr::call_method(cx, &file, "close", Args::default())?;
    r
}

fn read_bytes(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("read_bytes")?;
    with_file(cx, this, vec![Py::str("rb")], vec![], |f| attr::call_method(cx, f, "read", Args::default()))
}

fn read_text(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [encoding, errors] = args.bind("read_text", ["encoding?", "errors?"])?;
    let kw = vec![("encoding".into(), encoding.unwrap_or(Py::None)), ("errors".into(), errors.unwrap_or(Py::None))];
    with_file(cx, this, vec![Py::str("r")], kw, |f| attr::call_method(cx, f, "read", Args::default()))
}

fn write_bytes(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [data] = args.bind("write_bytes", ["data"])?;
    // memoryview(data): checked before the file is truncated.
    let data = crate::objects::file::bytes_like(cx, &req(data)).map_err(|e| {
        if e.is("TypeError") {
            exceptions::type_error(
                e.message(cx).replace("a bytes-like object is required", "memoryview: a bytes-like object is required"),
            )
        } else {
            e
        }
    })?;
    with_file(cx, this, vec![Py::str("wb")], vec![], |f| attr::call_method(cx, f, "write", Args::one(Py::Bytes(data))))
}

fn write_text(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [data, encoding, errors, newline] = args.bind("write_text", ["data", "encoding?", "errors?", "newline?"])?;
    let data = req(data);
    if !matches!(data, Py::Str(_)) {
        return Err(exceptions::type_error(format!("data must be str, not {}", semantics::type_name(&data))));
    }
    let kw = vec![
        ("encoding".into(), encoding.unwrap_or(Py::None)),
        ("errors".into(), errors.unwrap_or(Py::None)),
        ("newline".into(), newline.unwrap_or(Py::None)),
    ];
    with_file(cx, this, vec![Py::str("w")], kw, |f| attr::call_method(cx, f, "write", Args::one(data)))
}

fn readlink(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("readlink")?;
    let target = os(cx, "readlink", vec![text(this)?])?;
    same_class(cx, this, &[target])
}

fn touch(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [mode, exist_ok] = args.bind("touch", ["mode?", "exist_ok?"])?;
    let exist_ok = args::opt_bool(cx, exist_ok.as_ref(), true)?;
    let s = text(this)?;
    if exist_ok && os(cx, "utime", vec![s.clone(), Py::None]).is_ok() {
        return Ok(Py::None);
    }
    let mut flags = crate::platform::fs::O_CREAT | crate::platform::fs::O_WRONLY;
    if !exist_ok {
        flags |= crate::platform::fs::O_EXCL;
    }
    let fd = os(cx, "open", vec![s, Py::from(i64::from(flags)), mode.unwrap_or(Py::Int(0o666))])?;
    os(cx, "close", vec![fd])?;
    Ok(Py::None)
}

fn mkdir(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [mode, parents, exist_ok] = args.bind("mkdir", ["mode?", "parents?", "exist_ok?"])?;
    let mode = mode.unwrap_or(Py::Int(0o777));
    let parents = args::opt_bool(cx, parents.as_ref(), false)?;
    let exist_ok = args::opt_bool(cx, exist_ok.as_ref(), false)?;
    mkdir_path(cx, this, &mode, parents, exist_ok)
}

fn mkdir_path(cx: &Cx, this: &Py, mode: &Py, parents: bool, exist_ok: bool) -> PyResult<Py> {
    match os(cx, "mkdir", vec![text(this)?, mode.clone()]) {
        Ok(_) => Ok(Py::None),
        Err(e) if e.is("FileNotFoundError") => {
            let parent = attr::getattr(cx, this, "parent")?;
            if !parents || semantics::eq(cx, &parent, this)? {
                return Err(e);
            }
            mkdir_path(cx, &parent, &Py::Int(0o777), true, true)?;
            mkdir_path(cx, this, mode, false, exist_ok)
        }
        Err(e) if e.is("OSError") => {
            let is_dir = stat_of(cx, &text(this)?, true).is_ok_and(|s| kind(s.mode, st::S_IFDIR));
            if !exist_ok || !is_dir {
                return Err(e);
            }
            Ok(Py::None)
        }
        Err(e) => Err(e),
    }
}

fn chmod(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [mode, follow] = args.bind("chmod", ["mode", "$follow_symlinks?"])?;
    let follow = args::opt_bool(cx, follow.as_ref(), true)?;
    let kw = vec![("follow_symlinks".into(), Py::Bool(follow))];
    attr::call_method(cx, &os_module()?, "chmod", Args::new(vec![text(this)?, req(mode)], kw))
}

fn unlink(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [missing_ok] = args.bind("unlink", ["missing_ok?"])?;
    match os(cx, "unlink", vec![text(this)?]) {
        Err(e) if e.is("FileNotFoundError") && args::opt_bool(cx, missing_ok.as_ref(), false)? => Ok(Py::None),
        other => other,
    }
}

fn move_to(cx: &Cx, this: &Py, args: Args, func: &str) -> PyResult<Py> {
    let [target] = args.bind(func, ["target"])?;
    let target = req(target);
    os(cx, func, vec![text(this)?, target.clone()])?;
    same_class(cx, this, &[target])
}

fn symlink_to(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [target, is_dir] = args.bind("symlink_to", ["target", "target_is_directory?"])?;
    os(cx, "symlink", vec![req(target), text(this)?, is_dir.unwrap_or(Py::Bool(false))])
}

fn is_mount(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("is_mount")?;
    let s = text(this)?;
    let Ok(me) = stat_of(cx, &s, true) else { return Ok(Py::Bool(false)) };
    if !kind(me.mode, st::S_IFDIR) {
        return Ok(Py::Bool(false));
    }
    let parent = attr::getattr(cx, this, "parent")?;
    let Ok(up) = stat_of(cx, &Py::from(path_self(&parent)?.text()), true) else { return Ok(Py::Bool(false)) };
    Ok(Py::Bool(me.dev != up.dev || me.ino == up.ino))
}

fn expanduser(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("expanduser")?;
    let p = path_self(this)?;
    match p.parts.first() {
        Some(first) if p.root.is_empty() && first.starts_with('~') => {
            let path = crate::modules::getmodule("os.path").map(Py::Obj)?;
            let home = attr::call_method(cx, &path, "expanduser", Args::one(Py::Str(first.clone())))?;
            if semantics::str(cx, &home)?.starts_with('~') {
                return Err(exceptions::runtime_error("Could not determine home directory."));
            }
            let mut parts = vec![home];
            parts.extend(p.parts[1..].iter().map(|s| Py::Str(s.clone())));
            same_class(cx, this, &parts)
        }
        _ => Ok(this.clone()),
    }
}
