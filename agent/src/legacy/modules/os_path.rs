//! `os.path` (`posixpath`): the pure functions work on the bytes of a path
//! exactly like CPython 3.11's posixpath, for str and bytes alike; the
//! ones that look at the filesystem are blocking.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rpyc_protocol::{ExceptionPayload, Obj, Value};

#[path = "os_path_pure.rs"]
mod pure;

use super::{b, f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::containers::iterate;
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, val_type_name, Val};
pub(crate) use pure::*;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os.path",
    type_name: "posixpath",
    functions: &[
        f("join", join_fn),
        f("split", split_fn),
        f("splitext", splitext_fn),
        f("splitdrive", splitdrive_fn),
        f("basename", basename_fn),
        f("dirname", dirname_fn),
        f("isabs", isabs_fn),
        f("normpath", normpath_fn),
        f("normcase", normcase_fn),
        f("abspath", abspath_fn),
        f("relpath", relpath_fn),
        f("commonpath", commonpath_fn),
        f("commonprefix", commonprefix_fn),
        f("expanduser", expanduser_fn),
        f("expandvars", expandvars_fn),
        b("realpath", realpath_fn),
        b("exists", exists),
        b("lexists", lexists),
        b("isfile", isfile),
        b("isdir", isdir),
        b("islink", islink),
        b("ismount", ismount_fn),
        b("getsize", getsize),
        b("getmtime", getmtime),
        b("getatime", getatime),
        b("getctime", getctime),
        b("samefile", samefile),
    ],
    attr: |name, _cx| {
        Some(Ok(Obj::Value(match name {
            "sep" => Value::str("/"),
            "curdir" => Value::str("."),
            "pardir" => Value::str(".."),
            "extsep" => Value::str("."),
            "altsep" => Value::None,
            "pathsep" => Value::str(":"),
            "defpath" => Value::str("/bin:/usr/bin"),
            "devnull" => Value::str("/dev/null"),
            "supports_unicode_filenames" => Value::Bool(false),
            _ => return None,
        })))
    },
    attr_names: &[
        "sep",
        "curdir",
        "pardir",
        "extsep",
        "altsep",
        "pathsep",
        "defpath",
        "devnull",
        "supports_unicode_filenames",
    ],
};

// ---------------------------------------------------------------- path arguments

/// A path as Python has it: str or bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PStr {
    Str(String),
    Bytes(Vec<u8>),
}

impl PStr {
    pub(crate) fn bytes(&self) -> &[u8] {
        match self {
            PStr::Str(s) => s.as_bytes(),
            PStr::Bytes(b) => b,
        }
    }

    pub(crate) fn is_bytes(&self) -> bool {
        matches!(self, PStr::Bytes(_))
    }

    /// `b` as a path of the same kind (str or bytes) as this one.
    pub(crate) fn like(&self, b: &[u8]) -> PStr {
        match self {
            PStr::Str(_) => PStr::Str(String::from_utf8_lossy(b).into_owned()),
            PStr::Bytes(_) => PStr::Bytes(b.to_vec()),
        }
    }

    /// A file name from the OS as a path of this kind.
    pub(crate) fn like_os(&self, name: &OsStr) -> PStr {
        self.like(name.as_bytes())
    }

    pub(crate) fn to_value(&self) -> Value {
        match self {
            PStr::Str(s) => Value::Str(s.clone()),
            PStr::Bytes(b) => Value::Bytes(b.clone()),
        }
    }

    pub(crate) fn val(&self) -> Val {
        Obj::Value(self.to_value())
    }

    /// The path for the OS (a NUL is `ValueError`, as in Python).
    pub(crate) fn to_path(&self) -> PyResult<PathBuf> {
        if self.bytes().contains(&0) {
            return Err(exc::value_error("embedded null byte"));
        }
        Ok(PathBuf::from(OsStr::from_bytes(self.bytes())))
    }
}

/// `os.fspath(v)`: str, bytes, or an object with `__fspath__` (ours or the
/// client's). With `func`, the TypeError is worded like an `os` function's.
pub(crate) fn fspath(func: Option<&str>, v: &Val, cx: &Cx) -> PyResult<PStr> {
    let wrong = |t: &str| match func {
        Some(func) => exc::type_error(format!("{func}: path should be string, bytes or os.PathLike, not {t}")),
        None => exc::type_error(format!("expected str, bytes or os.PathLike object, not {t}")),
    };
    let from_value = |v: Value, owner: &str| match v {
        Value::Str(s) => Ok(PStr::Str(s)),
        Value::Bytes(b) => Ok(PStr::Bytes(b)),
        other => Err(exc::type_error(format!(
            "expected {owner}.__fspath__() to return str or bytes, not {}",
            other.type_name()
        ))),
    };
    match v {
        Obj::Value(Value::Str(s)) => Ok(PStr::Str(s.clone())),
        Obj::Value(Value::Bytes(b)) => Ok(PStr::Bytes(b.clone())),
        Obj::Local(o) if o.methods().contains(&"__fspath__") => {
            match object::callattr(o, "__fspath__", Args::default(), cx)? {
                Obj::Value(value) => from_value(value, &val_type_name(v)),
                other => Err(wrong(&val_type_name(&other))),
            }
        }
        Obj::Remote(_) => match cx.call_client_method(v, "__fspath__") {
            Ok(value) => from_value(value, &val_type_name(v)),
            Err(ExceptionPayload::Exception(e)) if e.is_instance_of("builtins", "AttributeError") => {
                Err(wrong(&val_type_name(v)))
            }
            Err(e) => Err(e),
        },
        other => Err(wrong(&val_type_name(other))),
    }
}

fn mix_error() -> ExceptionPayload {
    exc::type_error("Can't mix strings and bytes in path components")
}

/// Paths that must all be str or all bytes.
fn same_kind(paths: &[PStr]) -> PyResult<()> {
    match paths.first() {
        Some(first) if paths.iter().any(|p| p.is_bytes() != first.is_bytes()) => Err(mix_error()),
        _ => Ok(()),
    }
}

fn one(func: &str, args: Args, cx: &Cx) -> PyResult<PStr> {
    let [p] = args.bind(func, ["path"])?;
    fspath(None, &args::req(p), cx)
}

fn cwd_bytes() -> PyResult<Vec<u8>> {
    std::env::current_dir().map(|p| p.into_os_string().into_encoded_bytes()).map_err(|e| exc::os_error(&e, None))
}

fn home_dir(user: Option<&[u8]>) -> Option<Vec<u8>> {
    match user {
        None => match std::env::var_os("HOME") {
            Some(h) => Some(h.into_encoded_bytes()),
            None => crate::platform::getpwuid(crate::platform::getuid()).map(|p| p.dir.into_bytes()),
        },
        Some(name) => crate::platform::getpwnam(std::str::from_utf8(name).ok()?).map(|p| p.dir.into_bytes()),
    }
}

// ---------------------------------------------------------------- filesystem

fn lstat_ok(p: &[u8]) -> Option<fs::Metadata> {
    if p.contains(&0) {
        return None;
    }
    fs::symlink_metadata(Path::new(OsStr::from_bytes(p))).ok()
}

/// `os.path.realpath`'s `_joinrealpath`: (path, whether every link resolved).
fn joinrealpath(mut path: Vec<u8>, rest: &[u8], seen: &mut HashMap<Vec<u8>, Option<Vec<u8>>>) -> (Vec<u8>, bool) {
    let mut rest = rest;
    if isabs(rest) {
        rest = &rest[1..];
        path = b"/".to_vec();
    }
    while !rest.is_empty() {
        let (name, tail) = match rest.iter().position(|c| *c == b'/') {
            Some(k) => (&rest[..k], &rest[k + 1..]),
            None => (rest, &rest[..0]),
        };
        rest = tail;
        if name.is_empty() || name == b"." {
            continue;
        }
        if name == b".." {
            if path.is_empty() {
                path = b"..".to_vec();
            } else {
                let (head, last) = split(&path);
                path = if last == b".." { join(head, &[b"..", b".."]) } else { head.to_vec() };
            }
            continue;
        }
        let newpath = join(&path, &[name]);
        if !lstat_ok(&newpath).is_some_and(|m| m.file_type().is_symlink()) {
            path = newpath;
            continue;
        }
        match seen.get(&newpath) {
            Some(Some(resolved)) => {
                path = resolved.clone();
                continue;
            }
            Some(None) => return (join(&newpath, &[rest]), false), // a symlink loop
            None => {}
        }
        seen.insert(newpath.clone(), None);
        let target = fs::read_link(Path::new(OsStr::from_bytes(&newpath)))
            .map(|t| t.into_os_string().into_encoded_bytes())
            .unwrap_or_default();
        let (resolved, ok) = joinrealpath(path, &target, seen);
        if !ok {
            return (join(&resolved, &[rest]), false);
        }
        seen.insert(newpath, Some(resolved.clone()));
        path = resolved;
    }
    (path, true)
}

pub(crate) fn realpath(p: &[u8]) -> PyResult<Vec<u8>> {
    let (path, _) = joinrealpath(Vec::new(), p, &mut HashMap::new());
    Ok(abspath(&path, &cwd_bytes()?))
}

pub(crate) fn ismount(p: &[u8]) -> PyResult<bool> {
    let Some(s1) = lstat_ok(p) else { return Ok(false) };
    if s1.file_type().is_symlink() {
        return Ok(false);
    }
    let parent = realpath(&join(p, &[b".."]))?;
    let Some(s2) = lstat_ok(&parent) else { return Ok(false) };
    Ok(s1.dev() != s2.dev() || s1.ino() == s2.ino())
}

// ---------------------------------------------------------------- module functions

fn out(like: &PStr, b: &[u8]) -> Val {
    like.like(b).val()
}

fn pair(like: &PStr, a: &[u8], b: &[u8]) -> Val {
    Obj::Tuple(vec![out(like, a), out(like, b)])
}

fn join_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    if let Some((k, _)) = args.kw.first() {
        return Err(exc::type_error(format!("join() got an unexpected keyword argument '{k}'")));
    }
    let Some(first) = args.pos.first() else {
        return Err(exc::type_error("join() missing 1 required positional argument: 'a'"));
    };
    let paths = args.pos.iter().map(|p| fspath(None, p, cx)).collect::<PyResult<Vec<_>>>()?;
    let _ = first;
    same_kind(&paths)?;
    let rest: Vec<&[u8]> = paths[1..].iter().map(PStr::bytes).collect();
    Ok(out(&paths[0], &join(paths[0].bytes(), &rest)))
}

fn split_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("split", args, cx)?;
    let (head, tail) = split(p.bytes());
    Ok(pair(&p, head, tail))
}

fn splitext_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("splitext", args, cx)?;
    let (root, ext) = splitext(p.bytes());
    Ok(pair(&p, root, ext))
}

fn splitdrive_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("splitdrive", args, cx)?;
    Ok(pair(&p, b"", p.bytes()))
}

fn basename_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("basename", args, cx)?;
    Ok(out(&p, basename(p.bytes())))
}

fn dirname_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("dirname", args, cx)?;
    Ok(out(&p, dirname(p.bytes())))
}

fn isabs_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("isabs", args, cx)?;
    Ok(Obj::Value(Value::Bool(isabs(p.bytes()))))
}

fn normpath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("normpath", args, cx)?;
    Ok(out(&p, &normpath(p.bytes())))
}

fn normcase_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(one("normcase", args, cx)?.val())
}

fn abspath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("abspath", args, cx)?;
    Ok(out(&p, &abspath(p.bytes(), &cwd_bytes()?)))
}

fn relpath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let [path, start] = args.bind("relpath", ["path", "start?"])?;
    let path = args::req(path);
    if !args::truthy(&path) {
        return Err(exc::value_error("no path specified"));
    }
    let path = fspath(None, &path, cx)?;
    let start = match start {
        None | Some(Obj::Value(Value::None)) => path.like(b"."),
        Some(s) => fspath(None, &s, cx)?,
    };
    same_kind(&[path.clone(), start.clone()])?;
    Ok(out(&path, &relpath(path.bytes(), start.bytes(), &cwd_bytes()?)))
}

/// The paths of a sequence argument (all str or all bytes).
fn path_list(v: &Val, cx: &Cx) -> PyResult<Vec<PStr>> {
    let paths = iterate(v, cx)?.iter().map(|p| fspath(None, p, cx)).collect::<PyResult<Vec<_>>>()?;
    same_kind(&paths)?;
    Ok(paths)
}

fn commonpath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let [paths] = args.bind("commonpath", ["paths"])?;
    let paths = path_list(&args::req(paths), cx)?;
    let raw: Vec<&[u8]> = paths.iter().map(PStr::bytes).collect();
    let common = commonpath(&raw)?;
    Ok(out(&paths[0], &common))
}

fn commonprefix_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let [m] = args.bind("commonprefix", ["m"])?;
    let paths = path_list(&args::req(m), cx)?;
    let Some(first) = paths.first() else { return Ok(Obj::Value(Value::str(""))) };
    let raw: Vec<&[u8]> = paths.iter().map(PStr::bytes).collect();
    let mut prefix = commonprefix(&raw);
    if let PStr::Str(_) = first {
        while std::str::from_utf8(prefix).is_err() {
            prefix = &prefix[..prefix.len() - 1];
        }
    }
    Ok(out(first, prefix))
}

fn expanduser_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("expanduser", args, cx)?;
    Ok(out(&p, &expanduser(p.bytes(), home_dir)))
}

fn expandvars_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("expandvars", args, cx)?;
    let env = |name: &[u8]| {
        if name.is_empty() || name.contains(&b'=') || name.contains(&0) {
            return None;
        }
        std::env::var_os(OsStr::from_bytes(name)).map(|v| v.into_encoded_bytes())
    };
    Ok(out(&p, &expandvars(p.bytes(), env)))
}

fn realpath_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let [p, strict] = args.bind("realpath", ["filename", "$strict?"])?;
    let p = fspath(None, &args::req(p), cx)?;
    if args::opt_bool(strict.as_ref(), false) {
        // strict: every component must exist.
        let path = p.to_path()?;
        return fs::canonicalize(&path)
            .map(|r| out(&p, r.as_os_str().as_bytes()))
            .map_err(|e| exc::os_error(&e, Some(&path)));
    }
    Ok(out(&p, &realpath(p.bytes())?))
}

/// Metadata for the predicates: `None` when the path cannot be examined.
fn probe(func: &str, args: Args, cx: &Cx, follow: bool) -> PyResult<Option<fs::Metadata>> {
    let [p] = args.bind(func, ["path"])?;
    let p = fspath(Some("stat"), &args::req(p), cx)?;
    let Ok(path) = p.to_path() else { return Ok(None) };
    Ok(if follow { fs::metadata(path) } else { fs::symlink_metadata(path) }.ok())
}

fn boolean(v: bool) -> PyResult<Val> {
    Ok(Obj::Value(Value::Bool(v)))
}

fn exists(cx: &Cx, args: Args) -> PyResult<Val> {
    boolean(probe("exists", args, cx, true)?.is_some())
}

fn lexists(cx: &Cx, args: Args) -> PyResult<Val> {
    boolean(probe("lexists", args, cx, false)?.is_some())
}

fn isfile(cx: &Cx, args: Args) -> PyResult<Val> {
    boolean(probe("isfile", args, cx, true)?.is_some_and(|m| m.is_file()))
}

fn isdir(cx: &Cx, args: Args) -> PyResult<Val> {
    boolean(probe("isdir", args, cx, true)?.is_some_and(|m| m.is_dir()))
}

fn islink(cx: &Cx, args: Args) -> PyResult<Val> {
    boolean(probe("islink", args, cx, false)?.is_some_and(|m| m.file_type().is_symlink()))
}

fn ismount_fn(cx: &Cx, args: Args) -> PyResult<Val> {
    let p = one("ismount", args, cx)?;
    if p.bytes().contains(&0) {
        return boolean(false);
    }
    boolean(ismount(p.bytes())?)
}

/// `os.stat(filename)` for the getters: errors propagate.
fn stat(func: &str, args: Args, cx: &Cx) -> PyResult<fs::Metadata> {
    let [p] = args.bind(func, ["filename"])?;
    let path = fspath(Some("stat"), &args::req(p), cx)?.to_path()?;
    fs::metadata(&path).map_err(|e| exc::os_error(&e, Some(&path)))
}

fn seconds(sec: i64, nsec: i64) -> PyResult<Val> {
    Ok(Obj::Value(Value::Float(sec as f64 + nsec as f64 * 1e-9)))
}

fn getsize(cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(Obj::Value(Value::from(stat("getsize", args, cx)?.len())))
}

fn getmtime(cx: &Cx, args: Args) -> PyResult<Val> {
    let m = stat("getmtime", args, cx)?;
    seconds(m.mtime(), m.mtime_nsec())
}

fn getatime(cx: &Cx, args: Args) -> PyResult<Val> {
    let m = stat("getatime", args, cx)?;
    seconds(m.atime(), m.atime_nsec())
}

fn getctime(cx: &Cx, args: Args) -> PyResult<Val> {
    let m = stat("getctime", args, cx)?;
    seconds(m.ctime(), m.ctime_nsec())
}

fn samefile(cx: &Cx, args: Args) -> PyResult<Val> {
    let [a, b] = args.bind("samefile", ["f1", "f2"])?;
    let mut ids = Vec::new();
    for p in [a, b] {
        let path = fspath(Some("stat"), &args::req(p), cx)?.to_path()?;
        let m = fs::metadata(&path).map_err(|e| exc::os_error(&e, Some(&path)))?;
        ids.push((m.dev(), m.ino()));
    }
    boolean(ids[0] == ids[1])
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(ismount(b"/").unwrap_or(false));
        assert!(!ismount(d).unwrap_or(true));
        let _ = fs::remove_dir_all(&dir);
    }
}
