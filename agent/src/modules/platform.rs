//! `platform` (the Python module): the host as CPython 3.11's `platform`
//! module describes it on Linux (uname, libc, `/etc/os-release`), and the
//! agent as the "interpreter" (see `sys` for the version it claims).

use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use super::sys::PY_VERSION;
use crate::objects::dict::Dict;
use crate::objects::module::{b, f, ModuleDef};
use crate::platform::sysinfo;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "platform",
    type_name: "platform",
    doc: "The host (uname, C library, os-release) and the interpreter (the rpyc-agent).",
    functions: &[
        f("system", system),
        f("node", node),
        f("release", release),
        f("version", version),
        f("machine", machine),
        b("processor", processor),
        b("uname", uname),
        f("architecture", architecture),
        b("platform", platform),
        f("libc_ver", libc_ver),
        b("freedesktop_os_release", freedesktop_os_release),
        f("python_version", python_version),
        f("python_version_tuple", python_version_tuple),
        f("python_implementation", python_implementation),
        f("python_compiler", python_compiler),
        f("python_build", python_build),
    ],
    attr: |name, _cx| match name {
        "uname_result" => Some(Ok(type_value(&UNAME_RESULT))),
        _ => None,
    },
    attr_names: &["uname_result"],
    setattr: None,
};

/// `os.uname()`'s five fields.
pub struct Uname {
    pub system: String,
    pub node: String,
    pub release: String,
    pub version: String,
    pub machine: String,
}

/// Python's `platform.machine()` name for the target, when uname fails.
fn target_machine() -> &'static str {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "arm" => "armv7l",
        "powerpc64" if cfg!(target_endian = "little") => "ppc64le",
        "powerpc64" => "ppc64",
        "powerpc" => "ppc",
        other => other,
    }
}

/// The kernel's uname. The machine is what the kernel reports for this
/// process (an i686 agent on an x86_64 kernel says `x86_64`, as CPython
/// does), falling back to the target's name.
pub fn host_uname() -> Uname {
    match sysinfo::uname() {
        Ok([system, node, release, version, machine]) => Uname { system, node, release, version, machine },
        Err(_) => Uname {
            system: "Linux".into(),
            node: String::new(),
            release: String::new(),
            version: String::new(),
            machine: target_machine().into(),
        },
    }
}

fn system(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("system")?;
    Ok(Py::str(host_uname().system))
}

fn node(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("node")?;
    Ok(Py::str(host_uname().node))
}

fn release(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("release")?;
    Ok(Py::str(host_uname().release))
}

fn version(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("version")?;
    Ok(Py::str(host_uname().version))
}

fn machine(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("machine")?;
    Ok(Py::str(host_uname().machine))
}

fn processor(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("processor")?;
    Ok(Py::str(sysinfo::processor()))
}

fn uname(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("uname")?;
    let u = host_uname();
    Ok(Py::obj(UnameResult { fields: [u.system, u.node, u.release, u.version, u.machine, sysinfo::processor()] }))
}

/// `architecture()`: the agent binary's word size; it is always ELF.
fn architecture(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [_executable, _bits, _linkage] = args.bind("architecture", ["executable?", "bits?", "linkage?"])?;
    Ok(Py::tuple(vec![Py::str(format!("{}bit", usize::BITS)), Py::str("ELF")]))
}

fn libc_ver(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [executable, lib, ver, _chunksize] =
        args.bind("libc_ver", ["executable?", "lib?", "version?", "chunksize?"])?;
    let lib = args::opt_str("libc_ver", lib.as_ref())?.unwrap_or_default();
    let ver = args::opt_str("libc_ver", ver.as_ref())?.unwrap_or_default();
    if args::opt_str("libc_ver", executable.as_ref())?.is_some_and(|e| !e.is_empty()) {
        return Err(exceptions::not_implemented("platform.libc_ver(executable) (scanning a binary)"));
    }
    let (lib, ver) = sysinfo::libc_version().unwrap_or((lib, ver));
    Ok(Py::tuple(vec![Py::str(lib), Py::str(ver)]))
}

/// `platform._platform`: joins the non-empty parts with `-` and cleans the
/// result the way CPython does.
fn join_platform(parts: &[&str]) -> String {
    let mut p = parts.iter().filter(|x| !x.is_empty()).map(|x| x.trim()).collect::<Vec<_>>().join("-");
    p = p.replace(' ', "_");
    for c in ['/', '\\', ':', ';', '"', '(', ')'] {
        p = p.replace(c, "-");
    }
    p = p.replace("unknown", "");
    while p.contains("--") {
        p = p.replace("--", "-");
    }
    while p.ends_with('-') {
        p.pop();
    }
    p
}

/// `platform.platform()`: on Linux CPython ignores `terse` and `aliased`.
fn platform(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [_aliased, _terse] = args.bind("platform", ["aliased?", "terse?"])?;
    let u = host_uname();
    let mut processor = sysinfo::processor();
    if processor == u.machine {
        processor.clear();
    }
    let (lib, ver) = sysinfo::libc_version().unwrap_or_default();
    let libc = format!("{lib}{ver}");
    Ok(Py::str(join_platform(&[&u.system, &u.release, &u.machine, &processor, "with", &libc])))
}

const OS_RELEASE: [&str; 2] = ["/etc/os-release", "/usr/lib/os-release"];

/// `freedesktop_os_release()`'s parser (CPython's `_parse_os_release`).
pub fn parse_os_release(text: &str) -> Vec<(String, String)> {
    let mut info: Vec<(String, String)> = [("NAME", "Linux"), ("ID", "linux"), ("PRETTY_NAME", "Linux")]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    for line in text.lines() {
        let Some((name, rest)) = line.split_once('=') else { continue };
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let quoted = rest.len() >= 2
            && (rest.starts_with('"') && rest.ends_with('"') || rest.starts_with('\'') && rest.ends_with('\''));
        let raw = if quoted { &rest[1..rest.len() - 1] } else { rest };
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek()) {
                ('\\', Some(&n)) if "\\$\"'`".contains(n) => {
                    value.push(n);
                    chars.next();
                }
                _ => value.push(c),
            }
        }
        match info.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => info.push((name.to_owned(), value)),
        }
    }
    info
}

fn freedesktop_os_release(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("freedesktop_os_release")?;
    let mut errno = None;
    for candidate in OS_RELEASE {
        match std::fs::read(candidate) {
            Ok(bytes) => {
                let text = crate::objects::bytes::decode(&bytes, "utf-8", "strict")?;
                let d = Dict::empty();
                for (k, v) in parse_os_release(&text) {
                    d.set_str(&k, Py::str(v));
                }
                return Ok(Py::Obj(Arc::new(d)));
            }
            Err(e) => errno = e.raw_os_error(),
        }
    }
    let msg = format!("Unable to read files {}", OS_RELEASE.join(", "));
    let class = errno.map_or_else(|| exceptions::exc_type("OSError"), |n| exceptions::oserror_subclass(n.into()));
    let errno = errno.map_or(Py::None, |n| Py::Int(n.into()));
    Err(PyErr::new(class, vec![errno.clone(), Py::str(msg.clone())])
        .with_attr("errno", errno)
        .with_attr("strerror", Py::str(msg))
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None))
}

fn python_version(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("python_version")?;
    Ok(Py::str(PY_VERSION))
}

fn python_version_tuple(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("python_version_tuple")?;
    Ok(Py::tuple(PY_VERSION.split('.').map(Py::str).collect::<Vec<_>>()))
}

/// The implementation is the agent, as `sys.implementation.name` says.
fn python_implementation(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("python_implementation")?;
    Ok(Py::str("rpyc-agent"))
}

fn python_compiler(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("python_compiler")?;
    Ok(Py::str("rustc"))
}

fn python_build(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("python_build")?;
    Ok(Py::tuple(vec![Py::str(format!("rpyc-agent {}", env!("CARGO_PKG_VERSION"))), Py::str("native Rust")]))
}

// ---------------------------------------------------------------- uname_result

const UNAME_FIELDS: [&str; 6] = ["system", "node", "release", "version", "machine", "processor"];

/// `platform.uname_result`: in CPython 3.11 a named tuple of five fields
/// plus `processor`, which iteration, `len()` and indexing include but
/// `repr()` and pickling leave out (`__reduce__` gives the five; the
/// client's `processor` is then computed on the client, as with CPython).
pub static UNAME_RESULT: LazyLock<TypeRef> = LazyLock::new(|| {
    let tuple = crate::objects::tuple::TUPLE.clone();
    Type::native("platform", "uname_result", Some(&tuple), &[], None)
});

pub struct UnameResult {
    fields: [String; 6],
}

impl PyObject for UnameResult {
    fn ty(&self) -> TypeRef {
        UNAME_RESULT.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let mut inner = Vec::with_capacity(5);
        for (name, value) in UNAME_FIELDS[..5].iter().zip(&self.fields) {
            inner.push(format!("{name}={}", semantics::repr(cx, &Py::str(value.as_str()))?));
        }
        Ok(format!("uname_result({})", inner.join(", ")))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        if name == "_fields" {
            return Ok(Some(Py::tuple(UNAME_FIELDS[..5].iter().map(|f| Py::str(*f)).collect::<Vec<_>>())));
        }
        Ok(UNAME_FIELDS.iter().position(|f| *f == name).map(|i| Py::str(self.fields[i].as_str())))
    }
    fn attr_names(&self) -> Vec<String> {
        UNAME_FIELDS.iter().map(|f| (*f).to_owned()).chain(["_fields".to_owned()]).collect()
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::tuple(self.fields.iter().map(|f| Py::str(f.as_str())).collect::<Vec<_>>()))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(Record {
            class: UNAME_RESULT.qualified_name(),
            args: self.fields[..5].iter().map(|f| Value::Str(f.clone())).collect(),
            state: None,
        }))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::attr;
    use crate::objects::testing::with_cx;

    #[test]
    fn machine_is_a_python_name() {
        let m = host_uname().machine;
        assert!(!m.is_empty());
        if cfg!(target_arch = "x86_64") {
            assert_eq!(m, "x86_64");
        }
        assert_eq!(host_uname().system, "Linux");
    }

    #[test]
    fn architecture_follows_word_size() {
        with_cx(|cx| {
            let v = architecture(cx, Args::default()).expect("architecture");
            let want = if cfg!(target_pointer_width = "64") { "('64bit', 'ELF')" } else { "('32bit', 'ELF')" };
            assert_eq!(semantics::repr(cx, &v).expect("repr"), want);
        });
    }

    #[test]
    fn platform_string_is_cleaned_like_cpython() {
        assert_eq!(
            join_platform(&["Linux", "6.1.0-13-amd64", "x86_64", "", "with", "glibc2.36"]),
            "Linux-6.1.0-13-amd64-x86_64-with-glibc2.36"
        );
        assert_eq!(join_platform(&["Linux", "5.4 (x)", "unknown", "with", ""]), "Linux-5.4_-x-with");
    }

    #[test]
    fn os_release_parses_quotes_escapes_and_defaults() {
        let text = "NAME=\"Debian GNU/Linux\"\nID=debian\nVERSION='12 (bookworm)'\nX=\"a\\\"b\\$c\"\n# comment\nBAD-KEY=1\nY=\"unterminated\n";
        let info = parse_os_release(text);
        let get = |k: &str| info.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(info[0], ("NAME".into(), "Debian GNU/Linux".into()));
        assert_eq!(info[2], ("PRETTY_NAME".into(), "Linux".into()));
        assert_eq!(get("ID"), Some("debian"));
        assert_eq!(get("VERSION"), Some("12 (bookworm)"));
        assert_eq!(get("X"), Some("a\"b$c"));
        assert_eq!(get("BAD-KEY"), None);
        assert_eq!(get("Y"), Some("\"unterminated"));
    }

    #[test]
    fn os_release_of_this_host() {
        with_cx(|cx| match freedesktop_os_release(cx, Args::default()) {
            Ok(d) => assert!(semantics::contains(cx, &d, &Py::str("ID")).expect("contains")),
            Err(e) => assert!(e.is("OSError") && e.message(cx).contains("Unable to read files")),
        });
    }

    #[test]
    fn uname_result_has_six_items_and_pickles_five() {
        with_cx(|cx| {
            let u = uname(cx, Args::default()).expect("uname");
            assert_eq!(semantics::len(cx, &u).expect("len"), 6);
            assert_eq!(semantics::iterate(cx, &u).expect("items").len(), 6);
            let system = semantics::getitem(cx, &u, &Py::Int(0)).expect("item");
            assert_eq!(system.as_str(), Some("Linux"));
            assert!(attr::getattr(cx, &u, "processor").expect("processor").as_str().is_some());
            assert!(semantics::repr(cx, &u).expect("repr").starts_with("uname_result(system='Linux', node="));
            assert!(!semantics::repr(cx, &u).expect("repr").contains("processor"));
            let Value::Record(r) = semantics::to_value(cx, &u).expect("by value") else { panic!("a record") };
            assert_eq!(r.class, "platform.uname_result");
            assert_eq!(r.args.len(), 5);
            assert_eq!(r.args[0], Value::str("Linux"));
        });
    }

    #[test]
    fn interpreter_facts() {
        with_cx(|cx| {
            let v = python_version_tuple(cx, Args::default()).expect("tuple");
            assert_eq!(semantics::repr(cx, &v).expect("repr"), "('3', '11', '0')");
            let libc = libc_ver(cx, Args::default()).expect("libc");
            assert_eq!(semantics::len(cx, &libc).expect("len"), 2);
            let p = platform(cx, Args::default()).expect("platform");
            assert!(p.as_str().is_some_and(|p| p.starts_with("Linux-")));
        });
    }
}
