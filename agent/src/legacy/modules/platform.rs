//! `platform`: the host as CPython 3.11's `platform` module describes it on
//! Linux (uname, libc, `/etc/os-release`), and the agent as the
//! "interpreter" (see `sys` for the version it claims).

use std::ffi::CStr;
use std::sync::{Arc, OnceLock};

use rpyc_protocol::vinegar::{oserror_class, RemoteException};
use rpyc_protocol::{Obj, Record, Value};

use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::{val_repr, Dict, SeqIter};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val, CONTAINER_SPECIALS};

pub static MODULE: ModuleDef = ModuleDef {
    name: "platform",
    type_name: "platform",
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
    attr: |_, _| None,
    attr_names: &[],
};

/// `os.uname()`: sysname, nodename, release, version, machine.
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
    // SAFETY: `utsname` is plain old data; uname fills it with
    // NUL-terminated strings.
    let mut u: libc::utsname = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::uname(&mut u) } == 0;
    let field = |raw: &[libc::c_char]| -> String {
        let bytes: Vec<u8> = raw.iter().take_while(|c| **c != 0).map(|c| *c as u8).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    };
    if !ok {
        return Uname {
            system: "Linux".into(),
            node: String::new(),
            release: String::new(),
            version: String::new(),
            machine: target_machine().into(),
        };
    }
    Uname {
        system: field(&u.sysname),
        node: field(&u.nodename),
        release: field(&u.release),
        version: field(&u.version),
        machine: field(&u.machine),
    }
}

/// `platform.processor()`: CPython runs `uname -p` (once) and reports
/// `unknown` as `''`.
fn processor_name() -> String {
    static PROCESSOR: OnceLock<String> = OnceLock::new();
    PROCESSOR
        .get_or_init(|| {
            let out = std::process::Command::new("uname")
                .arg("-p")
                .stdin(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .output();
            match out {
                Ok(o) if o.status.success() => {
                    let p = String::from_utf8_lossy(&o.stdout).trim().to_owned();
                    if p == "unknown" {
                        String::new()
                    } else {
                        p
                    }
                }
                _ => String::new(),
            }
        })
        .clone()
}

fn s(v: impl Into<String>) -> PyResult<Val> {
    Ok(Obj::Value(Value::Str(v.into())))
}

fn system(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("system")?;
    s(host_uname().system)
}

fn node(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("node")?;
    s(host_uname().node)
}

fn release(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("release")?;
    s(host_uname().release)
}

fn version(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("version")?;
    s(host_uname().version)
}

fn machine(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("machine")?;
    s(host_uname().machine)
}

fn processor(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("processor")?;
    s(processor_name())
}

fn uname(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("uname")?;
    let u = host_uname();
    Ok(Obj::Local(uname_result([u.system, u.node, u.release, u.version, u.machine, processor_name()])))
}

/// `architecture()`: the agent binary's word size; it is always ELF.
fn architecture(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [_executable, _bits, _linkage] = args.bind("architecture", ["executable?", "bits?", "linkage?"])?;
    Ok(Obj::Value(Value::Tuple(vec![Value::Str(format!("{}bit", usize::BITS)), Value::str("ELF")])))
}

/// `(lib, version)` of the C library the agent runs on: glibc answers
/// `confstr(_CS_GNU_LIBC_VERSION)` like CPython reads it; other libcs give
/// the defaults.
fn libc_version() -> Option<(String, String)> {
    #[cfg(target_env = "gnu")]
    {
        let mut buf = [0u8; 64];
        // SAFETY: confstr writes at most `len` bytes, NUL-terminated.
        let n = unsafe { libc::confstr(libc::_CS_GNU_LIBC_VERSION, buf.as_mut_ptr().cast(), buf.len()) };
        if n > 0 && n <= buf.len() {
            let text = CStr::from_bytes_until_nul(&buf).ok()?.to_string_lossy().into_owned();
            let (lib, ver) = text.split_once(char::is_whitespace)?;
            return Some((lib.to_owned(), ver.trim().to_owned()));
        }
    }
    None
}

fn libc_ver(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [executable, lib, ver, _chunksize] =
        args.bind("libc_ver", ["executable?", "lib?", "version?", "chunksize?"])?;
    let lib = args::opt_str("libc_ver", lib.as_ref())?.unwrap_or_default();
    let ver = args::opt_str("libc_ver", ver.as_ref())?.unwrap_or_default();
    if args::opt_str("libc_ver", executable.as_ref())?.is_some_and(|e| !e.is_empty()) {
        return Err(exc::not_implemented("platform.libc_ver(executable) (scanning a binary)"));
    }
    let (lib, ver) = libc_version().unwrap_or((lib, ver));
    Ok(Obj::Value(Value::Tuple(vec![Value::Str(lib), Value::Str(ver)])))
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
fn platform(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [_aliased, _terse] = args.bind("platform", ["aliased?", "terse?"])?;
    let u = host_uname();
    let mut processor = processor_name();
    if processor == u.machine {
        processor.clear();
    }
    let (lib, ver) = libc_version().unwrap_or_default();
    let libc = format!("{lib}{ver}");
    s(join_platform(&[&u.system, &u.release, &u.machine, &processor, "with", &libc]))
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

fn freedesktop_os_release(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("freedesktop_os_release")?;
    let mut errno = 0;
    for candidate in OS_RELEASE {
        match std::fs::read(candidate) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|e| exc::new("UnicodeDecodeError", e.to_string()))?;
                let pairs = parse_os_release(&text).into_iter().map(|(k, v)| (k, Obj::Value(Value::Str(v))));
                return Ok(Obj::Local(Dict::of_strs(pairs)));
            }
            Err(e) => errno = e.raw_os_error().unwrap_or(0),
        }
    }
    let msg = format!("Unable to read files {}", OS_RELEASE.join(", "));
    Err(exc::raise(
        RemoteException::builtin(oserror_class(errno), vec![Value::Int(errno.into()), Value::Str(msg.clone())])
            .with_attr("errno", i64::from(errno))
            .with_attr("strerror", msg)
            .with_attr("filename", Value::None)
            .with_attr("filename2", Value::None),
    ))
}

fn python_version(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("python_version")?;
    s(super::sys::PY_VERSION)
}

fn python_version_tuple(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("python_version_tuple")?;
    Ok(Obj::Value(Value::Tuple(super::sys::PY_VERSION.split('.').map(Value::str).collect())))
}

/// The implementation is the agent, as `sys.implementation.name` says.
fn python_implementation(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("python_implementation")?;
    s("rpyc-agent")
}

fn python_compiler(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("python_compiler")?;
    s("rustc")
}

fn python_build(_cx: &Cx, args: Args) -> PyResult<Val> {
    args.none("python_build")?;
    Ok(Obj::Value(Value::Tuple(vec![
        Value::Str(format!("rpyc-agent {}", env!("CARGO_PKG_VERSION"))),
        Value::str("native Rust"),
    ])))
}

// ---------------------------------------------------------------- uname_result

const UNAME_FIELDS: [&str; 6] = ["system", "node", "release", "version", "machine", "processor"];

/// `platform.uname_result`: in CPython 3.11 a named tuple of five fields
/// plus `processor`, which iteration, `len()` and indexing include but
/// `repr()` and pickling leave out (`__reduce__` gives the five; the
/// client's `processor` is then computed on the client, as with CPython).
pub struct UnameResult {
    fields: [String; 6],
    id: i64,
}

/// A new `platform.uname_result`.
pub fn uname_result(fields: [String; 6]) -> PyRef {
    Arc::new(UnameResult { fields, id: next_instance_id() })
}

impl UnameResult {
    fn items(&self) -> Vec<Val> {
        self.fields.iter().map(|f| Obj::Value(Value::Str(f.clone()))).collect()
    }
}

impl PyObject for UnameResult {
    fn type_name(&self) -> &str {
        "platform.uname_result"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        CONTAINER_SPECIALS
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match UNAME_FIELDS.iter().position(|f| *f == name) {
            Some(i) => s(self.fields[i].clone()),
            None if name == "_fields" => {
                Ok(Obj::Value(Value::Tuple(UNAME_FIELDS.iter().map(|f| Value::str(*f)).collect())))
            }
            None => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        UNAME_FIELDS.iter().map(|f| (*f).to_owned()).chain(["_fields".to_owned()]).collect()
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let items = self.items();
        match name {
            "__len__" => Ok(Obj::Value(Value::from(items.len()))),
            "__bool__" => Ok(Obj::Value(Value::Bool(true))),
            "__iter__" => Ok(Obj::Local(SeqIter::new("itertools.chain", items))),
            "__getitem__" => {
                let [i] = args.bind("tuple", ["index"])?;
                // Delegate to a tuple's indexing and slicing.
                let tuple = crate::legacy::containers::RecordObj::new(
                    "builtins.tuple",
                    "tuple",
                    crate::legacy::containers::RecordKind::NamedTuple,
                    UNAME_FIELDS.iter().copied().zip(items).collect(),
                );
                tuple.call_method(&tuple, "__getitem__", Args::positional(vec![args::req(i)]), cx)
            }
            "__contains__" => {
                let [x] = args.bind("tuple", ["value"])?;
                let x = args::req(x);
                Ok(Obj::Value(Value::Bool(items.iter().any(|v| crate::legacy::containers::val_eq(v, &x)))))
            }
            "__setitem__" | "__delitem__" => {
                Err(exc::type_error("'uname_result' object does not support item assignment"))
            }
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn repr(&self, cx: &Cx) -> PyResult<String> {
        let inner: Vec<String> =
            UNAME_FIELDS[..5].iter().zip(self.items()).map(|(n, v)| format!("{n}={}", val_repr(&v, cx))).collect();
        Ok(format!("uname_result({})", inner.join(", ")))
    }
    fn hash(&self) -> PyResult<i64> {
        Ok(crate::legacy::object::class_id_of(&self.fields.join("\0")))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(Record {
            class: "platform.uname_result".into(),
            args: self.fields[..5].iter().map(|f| Value::Str(f.clone())).collect(),
            state: None,
        }))))
    }
}

#[cfg(test)]
mod tests {
    use super::super::sys::testing::with_cx;
    use super::*;

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
        let v = with_cx(|cx| architecture(cx, Args::default())).expect("architecture");
        let want = if cfg!(target_pointer_width = "64") { "64bit" } else { "32bit" };
        assert_eq!(v.into_value(), Some(Value::Tuple(vec![Value::str(want), Value::str("ELF")])));
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
    fn uname_result_has_six_items_and_pickles_five() {
        let (len, value, processor) = with_cx(|cx| {
            let Obj::Local(u) = uname(cx, Args::default()).expect("uname") else { panic!("an object") };
            let len = u.call_method(&u, "__len__", Args::default(), cx).expect("len");
            let processor = crate::legacy::object::getattr(&u, "processor", cx).expect("processor");
            (len, u.to_value(cx).expect("value"), processor)
        });
        assert_eq!(len.into_value(), Some(Value::Int(6)));
        assert!(matches!(processor, Obj::Value(Value::Str(_))));
        let Some(Value::Record(r)) = value else { panic!("a record") };
        assert_eq!(r.class, "platform.uname_result");
        assert_eq!(r.args.len(), 5);
        assert_eq!(r.args[0], Value::str("Linux"));
    }
}
