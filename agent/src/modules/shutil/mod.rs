//! `shutil`: copying, moving and removing files and trees, `which`,
//! `disk_usage`, `chown`, `get_terminal_size`; written after CPython
//! 3.11's shutil (extended attributes are not copied).
//!
//! [`copy`]: single files; [`tree`]: `copytree`, `rmtree`, `move`;
//! [`archive`]: `make_archive`, `unpack_archive` and their formats;
//! [`ignore`]: `ignore_patterns`, `copyfileobj`.

mod archive;
mod copy;
mod ignore;
mod tree;

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::LazyLock;

use crate::modules::os::chown_path;
use crate::modules::os::stat::terminal_size;
use crate::modules::os_path::{pure, PathStr};
use crate::objects::module::{b, f, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "shutil",
    type_name: "shutil",
    doc: "Utility functions for copying and archiving files and directory trees.",
    functions: &[
        b("disk_usage", disk_usage),
        b("which", which),
        b("copyfile", copy::copyfile),
        b("copymode", copy::copymode),
        b("copystat", copy::copystat),
        b("copy", copy::copy),
        b("copy2", copy::copy2),
        b("copytree", tree::copytree),
        b("rmtree", tree::rmtree),
        b("move", tree::move_),
        b("chown", chown),
        f("get_terminal_size", get_terminal_size),
        b("make_archive", archive::make_archive),
        b("unpack_archive", archive::unpack_archive),
        f("get_archive_formats", archive::get_archive_formats),
        f("get_unpack_formats", archive::get_unpack_formats),
        f("ignore_patterns", ignore::ignore_patterns),
        b("copyfileobj", ignore::copyfileobj),
    ],
    attr,
    attr_names: &["Error", "SameFileError", "SpecialFileError", "ExecError", "ReadError", "RegistryError"],
    setattr: None,
};

/// A class of shutil's exceptions, known to the exception registry so the
/// client's raises of that name map onto it.
fn error_class(name: &'static str, base: &TypeRef) -> TypeRef {
    let t = Type::native("shutil", name, Some(base), &[], Some(exceptions::exception_new));
    exceptions::register_class(&t);
    t
}

pub static ERROR: LazyLock<TypeRef> = LazyLock::new(|| error_class("Error", &exceptions::exc_type("OSError")));
pub static SAME_FILE_ERROR: LazyLock<TypeRef> = LazyLock::new(|| error_class("SameFileError", &ERROR));
pub static SPECIAL_FILE_ERROR: LazyLock<TypeRef> =
    LazyLock::new(|| error_class("SpecialFileError", &exceptions::exc_type("OSError")));
pub static EXEC_ERROR: LazyLock<TypeRef> = LazyLock::new(|| error_class("ExecError", &exceptions::exc_type("OSError")));
pub static READ_ERROR: LazyLock<TypeRef> = LazyLock::new(|| error_class("ReadError", &exceptions::exc_type("OSError")));
pub static REGISTRY_ERROR: LazyLock<TypeRef> =
    LazyLock::new(|| error_class("RegistryError", &exceptions::exc_type("Exception")));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "Error" => &ERROR,
        "SameFileError" => &SAME_FILE_ERROR,
        "SpecialFileError" => &SPECIAL_FILE_ERROR,
        "ExecError" => &EXEC_ERROR,
        "ReadError" => &READ_ERROR,
        "RegistryError" => &REGISTRY_ERROR,
        _ => return None,
    };
    Some(Ok(type_value(t)))
}

/// An instance of one of shutil's OSError classes with one argument (its
/// `errno` and the rest are None, as `OSError(msg)` has them).
fn error(class: &TypeRef, arg: Py) -> PyErr {
    PyErr::new(class.clone(), vec![arg])
        .with_attr("errno", Py::None)
        .with_attr("strerror", Py::None)
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None)
}

/// `shutil.Error(msg)`.
fn shutil_error(msg: String) -> PyErr {
    error(&ERROR, Py::from(msg))
}

fn is_link(p: &Path) -> bool {
    fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

/// `shutil._samefile`: both exist and are one file.
fn samefile(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// A bool argument (absent: `default`).
fn flag(cx: &Cx, v: Option<&Py>, default: bool) -> PyResult<bool> {
    args::opt_bool(cx, v, default)
}

fn disk_usage(cx: &Cx, args: Args) -> PyResult<Py> {
    static USAGE: LazyLock<TypeRef> = LazyLock::new(|| record_type("shutil", "usage", RecordKind::NamedTuple, &[]));
    let [p] = args.bind("disk_usage", ["path"])?;
    let p = PathStr::arg("statvfs", cx, &req(p))?;
    let v = platform::fs::statvfs(&p.to_path(cx)?).map_err(|e| p.error(&e))?;
    let (frsize, blocks, bfree, bavail) = (v[1], v[2], v[3], v[4]);
    let n = |x: u64| Py::from(x);
    let fields = vec![
        ("total", n(blocks.saturating_mul(frsize))),
        ("used", n(blocks.saturating_sub(bfree).saturating_mul(frsize))),
        ("free", n(bavail.saturating_mul(frsize))),
    ];
    Ok(RecordObj::new_pickled_as(&USAGE, RecordKind::NamedTuple, fields, "shutil._ntuple_diskusage"))
}

/// `shutil.which(cmd, mode=os.F_OK | os.X_OK, path=None)`.
fn which(cx: &Cx, args: Args) -> PyResult<Py> {
    let [cmd_arg, mode, search] = args.bind("which", ["cmd", "mode?", "path?"])?;
    let cmd_arg = req(cmd_arg);
    let cmd = PathStr::new(cx, &cmd_arg)?;
    let mode = match mode {
        None => platform::fs::F_OK | platform::fs::X_OK,
        Some(m) => args::to_int("which", &m)? as i32,
    };
    let usable = |p: &PathStr| match p.to_path(cx) {
        Ok(p) => {
            fs::metadata(&p).is_ok_and(|m| !m.is_dir()) && platform::fs::access(&p, mode, false, true).unwrap_or(false)
        }
        Err(_) => false,
    };
    if !pure::dirname(cmd.bytes()).is_empty() {
        return Ok(if usable(&cmd) { cmd_arg } else { Py::None });
    }
    let search = match search {
        None | Some(Py::None) => match platform::env::get("PATH") {
            Some(p) => p.into_encoded_bytes(),
            None => b"/bin:/usr/bin".to_vec(),
        },
        Some(p) => PathStr::new(cx, &p)?.bytes().to_vec(),
    };
    if search.is_empty() {
        return Ok(Py::None);
    }
    let mut seen: Vec<&[u8]> = Vec::new();
    for dir in search.split(|c| *c == b':') {
        if seen.contains(&dir) {
            continue;
        }
        seen.push(dir);
        let name = cmd.like(&pure::join(dir, &[cmd.bytes()]));
        if usable(&name) {
            return Ok(name.value());
        }
    }
    Ok(Py::None)
}

/// `shutil.chown(path, user=None, group=None)`: names or ids.
fn chown(cx: &Cx, args: Args) -> PyResult<Py> {
    let [p, user, group] = args.bind("chown", ["path", "user?", "group?"])?;
    let given = |v: Option<Py>| v.filter(|v| !v.is_none());
    let (user, group) = (given(user), given(group));
    if user.is_none() && group.is_none() {
        return Err(exceptions::value_error("user and/or group must be set"));
    }
    let id = |v: Option<Py>, what: &str, lookup: fn(&str) -> Option<u32>| -> PyResult<Option<u32>> {
        match v {
            None => Ok(None),
            Some(Py::Str(name)) => lookup(&name).map(Some).ok_or_else(|| {
                let shown = semantics::repr(cx, &Py::Str(name.clone())).unwrap_or_default();
                exceptions::new("LookupError", format!("no such {what}: {shown}"))
            }),
            Some(v) => Ok(Some(args::to_int("chown", &v)? as u32)),
        }
    };
    let uid = id(user, "user", |n| platform::users::getpwnam(n).map(|p| p.uid))?;
    let gid = id(group, "group", platform::users::getgrnam)?;
    let p = PathStr::arg("chown", cx, &req(p))?;
    chown_path(&p.to_path(cx)?, uid, gid, true).map_err(|e| p.error(&e))?;
    Ok(Py::None)
}

/// `shutil.get_terminal_size(fallback=(80, 24))`: `COLUMNS`/`LINES`, else
/// the agent's standard output if it is a terminal, else the fallback.
fn get_terminal_size(cx: &Cx, args: Args) -> PyResult<Py> {
    let [fallback] = args.bind("get_terminal_size", ["fallback?"])?;
    let fallback = match fallback {
        None => (80, 24),
        Some(f) => match semantics::iterate(cx, &f)?.as_slice() {
            [c, l] => (args::to_int("get_terminal_size", c)?, args::to_int("get_terminal_size", l)?),
            _ => return Err(exceptions::type_error("os.terminal_size() takes a 2-sequence")),
        },
    };
    let env_size = |name: &str| -> i64 {
        platform::env::get(name).and_then(|v| v.to_str().and_then(|s| s.trim().parse().ok())).unwrap_or(0)
    };
    let (mut columns, mut lines) = (env_size("COLUMNS"), env_size("LINES"));
    if columns <= 0 || lines <= 0 {
        let size = platform::terminal::window_size(1).map_or(fallback, |(c, l)| (i64::from(c), i64::from(l)));
        if columns <= 0 {
            columns = if size.0 != 0 { size.0 } else { fallback.0 };
        }
        if lines <= 0 {
            lines = if size.1 != 0 { size.1 } else { fallback.1 };
        }
    }
    Ok(terminal_size(columns, lines))
}

#[cfg(test)]
mod tests;
