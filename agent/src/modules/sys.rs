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
//! those of the target the agent was built for.

use std::sync::OnceLock;

use rpyc_protocol::vinegar::RemoteException;
use rpyc_protocol::{Obj, Value};

use super::{f, ModuleDef};
use crate::args::Args;
use crate::containers::{Dict, List, RecordKind, RecordObj};
use crate::context::Cx;
use crate::exc::{self, PyResult};
use crate::object::{PyRef, Val};

/// The Python language level the agent implements.
pub const VERSION_INFO: (i64, i64, i64, &str, i64) = (3, 11, 0, "final", 0);

/// `platform.python_version()`.
pub const PY_VERSION: &str = "3.11.0";

/// `sys.hexversion` for 3.11.0 final.
pub const HEXVERSION: i64 = 0x030B_00F0;

pub static MODULE: ModuleDef = ModuleDef {
    name: "sys",
    type_name: "sys",
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
    ],
};

fn val(v: impl Into<Value>) -> Option<PyResult<Val>> {
    Some(Ok(Obj::Value(v.into())))
}

/// `sys.version`.
pub fn version() -> String {
    format!("{PY_VERSION} (rpyc-agent {}, native Rust) [rustc]", env!("CARGO_PKG_VERSION"))
}

/// `sys.version_info`: a struct sequence, so `.major` works as well as
/// comparisons with tuples, indexing and unpacking.
pub fn version_info_record() -> crate::object::PyRef {
    let Value::Tuple(items) = version_info() else { return crate::containers::List::new(Vec::new()) };
    let names = ["major", "minor", "micro", "releaselevel", "serial"];
    let fields = names.into_iter().zip(items).map(|(n, v)| (n, Obj::Value(v))).collect();
    crate::containers::RecordObj::new(
        "sys.version_info",
        "sys.version_info",
        crate::containers::RecordKind::StructSeq { visible: 5 },
        fields,
    )
}

/// `sys.version_info` as a plain tuple.
pub fn version_info() -> Value {
    let (major, minor, micro, level, serial) = VERSION_INFO;
    Value::Tuple(vec![Value::Int(major), Value::Int(minor), Value::Int(micro), Value::str(level), Value::Int(serial)])
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
fn once(cell: &'static OnceLock<PyRef>, make: impl FnOnce() -> PyRef) -> Option<PyResult<Val>> {
    Some(Ok(Obj::Local(cell.get_or_init(make).clone())))
}

fn argv() -> PyRef {
    List::of_values(std::env::args_os().map(|a| Value::Str(a.to_string_lossy().into_owned())))
}

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Val>> {
    static ARGV: OnceLock<PyRef> = OnceLock::new();
    static ORIG_ARGV: OnceLock<PyRef> = OnceLock::new();
    static PATH: OnceLock<PyRef> = OnceLock::new();
    static MODULES: OnceLock<PyRef> = OnceLock::new();
    match name {
        "platform" => val("linux"),
        "byteorder" => val(byteorder()),
        "maxsize" => val(maxsize()),
        "maxunicode" => val(0x10FFFF_i64),
        "version" => val(version()),
        "version_info" => Some(Ok(Obj::Local(version_info_record()))),
        "hexversion" => val(HEXVERSION),
        "api_version" => val(1013_i64),
        "copyright" => val(format!(
            "rpyc-agent {}: a native RPyC classic server written in Rust; it is not CPython.",
            env!("CARGO_PKG_VERSION")
        )),
        "implementation" => Some(Ok(Obj::Local(RecordObj::new(
            "types.SimpleNamespace",
            "namespace",
            RecordKind::Plain,
            vec![
                ("name", Obj::Value(Value::str("rpyc-agent"))),
                ("cache_tag", Obj::none()),
                ("version", Obj::Value(version_info())),
                ("hexversion", Obj::Value(Value::Int(HEXVERSION))),
            ],
        )))),
        "argv" => once(&ARGV, argv),
        "orig_argv" => once(&ORIG_ARGV, argv),
        "executable" => val(executable()),
        // No Python modules are loaded from files: the search path is empty.
        "path" => once(&PATH, || List::new(Vec::new())),
        "modules" => once(&MODULES, || {
            Dict::of_strs(
                super::names()
                    .into_iter()
                    .filter_map(|n| super::getmodule(n).ok().map(|m| (n.to_owned(), Obj::Local(m)))),
            )
        }),
        "builtin_module_names" => val(Value::Tuple(super::names().into_iter().map(Value::str).collect())),
        _ => None,
    }
}

fn getdefaultencoding(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getdefaultencoding")?;
    Ok(Obj::Value(Value::str("utf-8")))
}

fn getfilesystemencodeerrors(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getfilesystemencodeerrors")?;
    Ok(Obj::Value(Value::str("surrogateescape")))
}

fn getrecursionlimit(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("getrecursionlimit")?;
    Ok(Obj::Value(Value::Int(1000)))
}

/// `sys.exit([status])` raises SystemExit for the caller, as Python's does;
/// the agent itself keeps running (a server never exits on a client's
/// behalf — with `rpyc_classic` the exception also goes back to the client).
fn exit(cx: &Cx, args: Args) -> PyResult<Val> {
    let [status] = args.bind("exit", ["status?"])?;
    let status = match status {
        None => Value::None,
        Some(s) => cx.value(&s).unwrap_or_else(|_| Value::str(crate::containers::val_repr(&s, cx))),
    };
    let args = if status == Value::None { Vec::new() } else { vec![status.clone()] };
    Err(exc::raise(RemoteException::builtin("SystemExit", args).with_attr("code", status)))
}

/// A `Cx` for unit tests: a connection over an in-memory pipe whose other
/// end nobody serves (enough for functions that take values).
#[cfg(test)]
pub(crate) mod testing {
    use std::sync::Arc;

    use rpyc_protocol::{Config, Connection};

    use crate::context::{Cx, Session};
    use crate::service::AgentService;

    /// Runs `f` on the blocking pool of a fresh runtime, as a blocking call.
    pub fn with_cx<T: Send + 'static>(f: impl FnOnce(&Cx) -> T + Send + 'static) -> T {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        rt.block_on(async move {
            let (ours, theirs) = tokio::io::duplex(1 << 16);
            let conn = Connection::new(ours, AgentService::new(), Config::default());
            let cx = Cx { peer: conn.peer().clone(), session: Arc::new(Session::default()), blocking: true };
            let out = tokio::task::spawn_blocking(move || f(&cx)).await.expect("test body panicked");
            drop(theirs);
            out
        })
    }
}

#[cfg(test)]
mod tests {
    use super::testing::with_cx;
    use super::*;
    use crate::object;

    fn get(name: &str) -> Val {
        with_cx({
            let name = name.to_owned();
            move |cx| {
                let m = super::super::getmodule("sys").expect("sys");
                let v = object::getattr(&m, &name, cx).expect("attribute");
                match v {
                    Obj::Local(o) => Obj::Value(o.to_value(cx).expect("value").expect("by value")),
                    other => other,
                }
            }
        })
    }

    #[test]
    fn byteorder_and_maxsize_follow_the_target() {
        let want = if cfg!(target_endian = "big") { "big" } else { "little" };
        assert_eq!(get("byteorder").into_value(), Some(Value::str(want)));
        let max = if cfg!(target_pointer_width = "64") { 9_223_372_036_854_775_807 } else { 2_147_483_647 };
        assert_eq!(get("maxsize").into_value(), Some(Value::Int(max)));
        assert_eq!(get("platform").into_value(), Some(Value::str("linux")));
    }

    #[test]
    fn version_is_parsable_and_consistent() {
        let Some(Value::Str(v)) = get("version").into_value() else { panic!("version is a str") };
        assert!(v.starts_with("3.11.0 (rpyc-agent "), "{v}");
        assert!(v.ends_with("[rustc]"), "{v}");
        let info = super::version_info_record();
        testing::with_cx(move |cx| {
            assert_eq!(
                info.sequence_value(cx).expect("a sequence"),
                Some(Value::Tuple(vec![
                    Value::Int(3),
                    Value::Int(11),
                    Value::Int(0),
                    Value::str("final"),
                    Value::Int(0)
                ]))
            );
            let major = crate::object::getattr(&info, "major", cx).expect("major");
            assert_eq!(major.into_value(), Some(Value::Int(3)));
        });
        assert_eq!(get("hexversion").into_value(), Some(Value::Int(0x030B00F0)));
        let Some(Value::Record(r)) = get("implementation").into_value() else { panic!("a record") };
        assert_eq!(r.class, "types.SimpleNamespace");
        let Some(Value::Dict(state)) = r.state else { panic!("attributes") };
        assert!(state.contains(&(Value::str("name"), Value::str("rpyc-agent"))));
    }

    #[test]
    fn modules_and_argv_are_lists_and_dicts() {
        let has_sys = with_cx(|cx| {
            let m = super::super::getmodule("sys").expect("sys");
            let Ok(Obj::Local(mods)) = object::getattr(&m, "modules", cx) else { panic!("a dict") };
            mods.call_method(&mods, "__contains__", Args::positional(vec![Obj::Value(Value::str("sys"))]), cx)
        });
        assert_eq!(has_sys.expect("contains").into_value(), Some(Value::Bool(true)));
        let Some(Value::List(argv)) = get("argv").into_value() else { panic!("a list") };
        assert!(!argv.is_empty());
    }

    #[test]
    fn exit_raises_system_exit_with_code() {
        let err = with_cx(|cx| exit(cx, Args::positional(vec![Obj::Value(Value::Int(3))])));
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) = err else { panic!("raises") };
        assert_eq!(e.name, "SystemExit");
        assert_eq!(e.args, vec![Value::Int(3)]);
        assert_eq!(e.attr("code"), Some(&Value::Int(3)));
        let err = with_cx(|cx| exit(cx, Args::default()));
        let Err(rpyc_protocol::ExceptionPayload::Exception(e)) = err else { panic!("raises") };
        assert!(e.args.is_empty());
    }
}
