//! `sys`: what scripts read about the interpreter, answered truthfully for
//! the agent.
//!
//! The agent is not CPython, but code that checks versions must keep
//! working, so it claims the Python language level it implements, 3.11:
//! `version_info` is a struct sequence `(3, 11, 0, 'final', 0)`, so
//! `.major`, `sys.version_info >= (3, 8)`, indexing, slicing and unpacking
//! all work on the client; `hexversion` matches, and `version` says what
//! the agent really is while keeping the shape `platform._sys_version`
//! parses: `"3.11.0 (rpyc-agent 0.1.0, native Rust) [rustc]"`.
//! `implementation.name` is `'rpyc-agent'`. `byteorder` and `maxsize` are
//! those of the target the agent was built for. The standard streams are
//! in [`streams`].

mod streams;

use std::sync::{LazyLock, OnceLock};

use crate::objects::dict::Dict;
use crate::objects::list::List;
use crate::objects::module::{f, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

use streams::Which;

/// The Python language level the agent implements.
pub const VERSION_INFO: (i64, i64, i64, &str, i64) = (3, 11, 0, "final", 0);

/// `platform.python_version()`.
pub const PY_VERSION: &str = "3.11.0";

/// `sys.hexversion` for 3.11.0 final.
pub const HEXVERSION: i64 = 0x030B_00F0;

/// Python's default recursion limit, which interpreted calls observe.
const RECURSION_LIMIT: i64 = 1000;

pub static MODULE: ModuleDef = ModuleDef {
    name: "sys",
    type_name: "sys",
    doc: "Facts about the interpreter (here: the rpyc-agent) and its standard streams.",
    functions: &[
        f("getdefaultencoding", getdefaultencoding),
        f("getfilesystemencoding", getdefaultencoding),
        f("getfilesystemencodeerrors", getfilesystemencodeerrors),
        f("getrecursionlimit", getrecursionlimit),
        f("exit", exit),
    ],
    attr,
    attr_names: &[
        "platform",
        "byteorder",
        "maxsize",
        "maxunicode",
        "version",
        "version_info",
        "hexversion",
        "api_version",
        "implementation",
        "argv",
        "orig_argv",
        "executable",
        "path",
        "modules",
        "builtin_module_names",
        "copyright",
        "stdin",
        "stdout",
        "stderr",
        "__stdin__",
        "__stdout__",
        "__stderr__",
    ],
    setattr: Some(setattr),
};

/// `sys.version`.
pub fn version() -> String {
    format!("{PY_VERSION} (rpyc-agent {}, native Rust) [rustc]", env!("CARGO_PKG_VERSION"))
}

static VERSION_INFO_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| record_type("sys", "version_info", RecordKind::StructSeq { visible: 5 }, &[]));

/// `types.SimpleNamespace`, for records shown as `namespace(...)`.
pub static NAMESPACE_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| record_type("types", "SimpleNamespace", RecordKind::Plain, &[]));

/// `sys.version_info`: a struct sequence, so `.major` works as well as
/// comparisons with tuples, indexing and unpacking.
pub fn version_info() -> Py {
    let (major, minor, micro, level, serial) = VERSION_INFO;
    let fields = vec![
        ("major", Py::Int(major)),
        ("minor", Py::Int(minor)),
        ("micro", Py::Int(micro)),
        ("releaselevel", Py::str(level)),
        ("serial", Py::Int(serial)),
    ];
    RecordObj::new(&VERSION_INFO_TYPE, RecordKind::StructSeq { visible: 5 }, fields)
}

/// `sys.byteorder` of the target.
pub fn byteorder() -> &'static str {
    if cfg!(target_endian = "big") {
        "big"
    } else {
        "little"
    }
}

/// `sys.maxsize`: `Py_ssize_t`'s maximum, by the target's word size.
pub fn maxsize() -> i64 {
    if usize::BITS >= 64 {
        i64::MAX
    } else {
        i64::from(i32::MAX)
    }
}

/// `sys.executable`: the agent binary.
pub fn executable() -> String {
    std::env::current_exe().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

/// One object per process, like Python's module-level lists.
fn once(cell: &'static OnceLock<Py>, make: impl FnOnce() -> Py) -> Option<PyResult<Py>> {
    Some(Ok(cell.get_or_init(make).clone()))
}

fn argv() -> Py {
    List::new(std::env::args_os().map(|a| Py::str(a.to_string_lossy().into_owned())).collect())
}

/// `sys.modules`: the modules the agent implements, by name. Made on first
/// use, from the registry in [`crate::modules`].
fn modules() -> Py {
    let d = Dict::empty();
    for name in super::names() {
        if let Ok(m) = super::getmodule(name) {
            d.set_str(name, Py::Obj(m));
        }
    }
    Py::Obj(std::sync::Arc::new(d))
}

fn attr(name: &str, cx: &Cx) -> Option<PyResult<Py>> {
    static ARGV: OnceLock<Py> = OnceLock::new();
    static ORIG_ARGV: OnceLock<Py> = OnceLock::new();
    static PATH: OnceLock<Py> = OnceLock::new();
    static MODULES: OnceLock<Py> = OnceLock::new();
    let v = |v: Py| Some(Ok(v));
    match name {
        "platform" => v(Py::str("linux")),
        "byteorder" => v(Py::str(byteorder())),
        "maxsize" => v(Py::Int(maxsize())),
        "maxunicode" => v(Py::Int(0x10FFFF)),
        "version" => v(Py::str(version())),
        "version_info" => v(version_info()),
        "hexversion" => v(Py::Int(HEXVERSION)),
        "api_version" => v(Py::Int(1013)),
        "copyright" => v(Py::str(format!(
            "rpyc-agent {}: a native RPyC classic server written in Rust; it is not CPython.",
            env!("CARGO_PKG_VERSION")
        ))),
        "implementation" => {
            let (major, minor, micro, level, serial) = VERSION_INFO;
            let version =
                Py::tuple(vec![Py::Int(major), Py::Int(minor), Py::Int(micro), Py::str(level), Py::Int(serial)]);
            let fields = vec![
                ("name", Py::str("rpyc-agent")),
                ("cache_tag", Py::None),
                ("version", version),
                ("hexversion", Py::Int(HEXVERSION)),
            ];
            v(RecordObj::new(&NAMESPACE_TYPE, RecordKind::Plain, fields))
        }
        "argv" => once(&ARGV, argv),
        "orig_argv" => once(&ORIG_ARGV, argv),
        "executable" => v(Py::str(executable())),
        // No Python modules are loaded from files: the search path is empty.
        "path" => once(&PATH, || List::new(Vec::new())),
        "modules" => once(&MODULES, modules),
        "builtin_module_names" => v(Py::tuple(super::names().into_iter().map(Py::str).collect::<Vec<_>>())),
        "stdin" | "stdout" | "stderr" => v(streams::get(Which::from_name(name)?, cx)),
        "__stdin__" | "__stdout__" | "__stderr__" => v(streams::original(Which::from_name(name)?)),
        _ => None,
    }
}

/// `sys.stdout = x` (and stdin, stderr) for this connection.
fn setattr(name: &str, value: &Py, cx: &Cx) -> Option<PyResult<()>> {
    match name {
        "stdin" | "stdout" | "stderr" => {
            streams::set(Which::from_name(name)?, value, cx);
            Some(Ok(()))
        }
        _ => None,
    }
}

fn getdefaultencoding(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getdefaultencoding")?;
    Ok(Py::str("utf-8"))
}

fn getfilesystemencodeerrors(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getfilesystemencodeerrors")?;
    Ok(Py::str("surrogateescape"))
}

fn getrecursionlimit(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getrecursionlimit")?;
    Ok(Py::Int(RECURSION_LIMIT))
}

/// `sys.exit([status])` raises `SystemExit` for the caller, as Python's
/// does (a tuple status is its arguments, `None` none); the agent itself
/// keeps running (a server never exits on a client's behalf — with
/// `rpyc_classic` the exception also goes back to the client).
fn exit(cx: &Cx, args: Args) -> PyResult<Py> {
    let [status] = args.bind("exit", ["status?"])?;
    let args = match status {
        None | Some(Py::None) => Vec::new(),
        Some(Py::Tuple(items)) => items.to_vec(),
        Some(other) => vec![other],
    };
    let class = type_value(&exceptions::exc_type("SystemExit"));
    let instance = semantics::call(cx, &class, Args::positional(args))?;
    Err(PyErr::from_raised(cx, &instance)?)
}

#[cfg(test)]
mod tests;
