//! `tempfile`: temporary files and directories as CPython 3.11 makes them
//! — names `prefix + 8 characters of [a-z0-9_] + suffix`, created with
//! `O_EXCL` (retried on a clash), mode 0o600 (0o700 for directories),
//! the default directory found as `_get_default_tempdir` finds it
//! (`TMPDIR`, `TEMP`, `TMP`, `/tmp`, `/var/tmp`, `/usr/tmp`, the current
//! directory: the first one a file can be written in) and kept in
//! `tempfile.tempdir`, str or bytes results as the arguments are.
//!
//! [`wrappers`]: `NamedTemporaryFile`'s `_TemporaryFileWrapper` and
//! `TemporaryDirectory`.

mod wrappers;

use std::io::Read;
use std::path::Path;
use std::sync::{LazyLock, Mutex};

use crate::modules::os_path::{pure, PathStr};
use crate::objects::file;
use crate::objects::module::{b, f, ModuleDef};
use crate::platform;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::type_value;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "tempfile",
    type_name: "tempfile",
    doc: "Temporary files.",
    functions: &[
        b("gettempdir", gettempdir),
        b("gettempdirb", gettempdirb),
        f("gettempprefix", |_, a| a.none("gettempprefix").map(|()| Py::str(TEMPLATE))),
        f("gettempprefixb", |_, a| a.none("gettempprefixb").map(|()| Py::bytes(TEMPLATE.as_bytes().to_vec()))),
        b("mkstemp", mkstemp),
        b("mkdtemp", mkdtemp),
        b("mktemp", mktemp),
        b("TemporaryFile", temporary_file),
        b("NamedTemporaryFile", wrappers::named_temporary_file),
    ],
    attr,
    attr_names: &["tempdir", "template", "TMP_MAX", "TemporaryDirectory", "SpooledTemporaryFile"],
    setattr: Some(|name, value, _cx| match name {
        "tempdir" => {
            *TEMPDIR.lock().unwrap_or_else(|e| e.into_inner()) = value.clone();
            Some(Ok(()))
        }
        _ => None,
    }),
};

const TEMPLATE: &str = "tmp";
/// `os.TMP_MAX` of glibc.
const TMP_MAX: usize = 238_328;
const CHARACTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_";

/// `tempfile.tempdir`: None until the default directory is first needed.
static TEMPDIR: LazyLock<Mutex<Py>> = LazyLock::new(|| Mutex::new(Py::None));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "tempdir" => TEMPDIR.lock().unwrap_or_else(|e| e.into_inner()).clone(),
        "template" => Py::str(TEMPLATE),
        "TMP_MAX" => Py::from(TMP_MAX),
        "TemporaryDirectory" => type_value(&wrappers::TEMPORARY_DIRECTORY),
        "SpooledTemporaryFile" => {
            return Some(Err(exceptions::not_implemented("tempfile.SpooledTemporaryFile (an in-memory file)")))
        }
        _ => return None,
    }))
}

/// Eight characters of CPython's `_RandomNameSequence`.
fn random_name() -> PyResult<String> {
    let mut buf = [0u8; 8];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .map_err(|e| exceptions::os_error(&e, None))?;
    Ok(buf.iter().map(|b| char::from(CHARACTERS[usize::from(*b) % CHARACTERS.len()])).collect())
}

/// `_candidate_tempdir_list()`.
fn candidates() -> Vec<Vec<u8>> {
    let mut dirs = Vec::new();
    for name in ["TMPDIR", "TEMP", "TMP"] {
        if let Some(v) = platform::env::get(name) {
            if !v.is_empty() {
                dirs.push(v.into_encoded_bytes());
            }
        }
    }
    dirs.extend([b"/tmp".to_vec(), b"/var/tmp".to_vec(), b"/usr/tmp".to_vec()]);
    dirs.push(std::env::current_dir().map_or_else(|_| b".".to_vec(), |d| d.into_os_string().into_encoded_bytes()));
    dirs
}

/// Whether a file can be made and written in `dir`; errors other than a
/// clash end the tries in that directory (as `_get_default_tempdir`).
fn usable(dir: &[u8]) -> PyResult<bool> {
    for _ in 0..100 {
        let name = pure::join(dir, &[random_name()?.as_bytes()]);
        let path = Path::new(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(&name));
        match platform::fd::open_file(path, flags(), 0o600) {
            Ok(mut f) => {
                let wrote = std::io::Write::write_all(&mut f, b"blat");
                drop(f);
                let _ = std::fs::remove_file(path);
                return Ok(wrote.is_ok());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => return Ok(false),
        }
    }
    Ok(false)
}

/// `_get_default_tempdir()`.
fn default_tempdir() -> PyResult<Vec<u8>> {
    let cwd = crate::modules::os_path::cwd_bytes().unwrap_or_else(|_| b".".to_vec());
    let list = candidates();
    for dir in &list {
        let dir = if dir.as_slice() == b"." { dir.clone() } else { pure::abspath(dir, &cwd) };
        if usable(&dir)? {
            return Ok(dir);
        }
    }
    let shown = list.iter().map(|d| format!("'{}'", String::from_utf8_lossy(d))).collect::<Vec<_>>().join(", ");
    Err(exceptions::new("FileNotFoundError", format!("No usable temporary directory found in [{shown}]"))
        .with_attr("errno", Py::Int(i64::from(crate::platform::errno::ENOENT))))
}

/// `_gettempdir()`: `tempfile.tempdir`, computed (and kept) when None.
fn gettempdir_value() -> PyResult<Py> {
    let mut t = TEMPDIR.lock().unwrap_or_else(|e| e.into_inner());
    if t.is_none() {
        *t = Py::from(String::from_utf8_lossy(&default_tempdir()?).into_owned());
    }
    Ok(t.clone())
}

fn gettempdir(cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("gettempdir")?;
    // os.fsdecode(_gettempdir()).
    Ok(match gettempdir_value()? {
        Py::Bytes(b) => Py::from(String::from_utf8_lossy(&b).into_owned()),
        other => PathStr::new(cx, &other)?.value(),
    })
}

fn gettempdirb(cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("gettempdirb")?;
    let v = gettempdir_value()?;
    Ok(Py::bytes(PathStr::new(cx, &v)?.bytes().to_vec()))
}

/// `_bin_openflags`: `O_RDWR|O_CREAT|O_EXCL|O_NOFOLLOW`.
fn flags() -> i32 {
    crate::platform::fs::O_RDWR
        | crate::platform::fs::O_CREAT
        | crate::platform::fs::O_EXCL
        | crate::platform::fs::O_NOFOLLOW
}

/// `_sanitize_params(prefix, suffix, dir)`: (prefix, suffix, dir) all of
/// one kind (str or bytes), the default directory filled in.
struct Params {
    prefix: PathStr,
    suffix: PathStr,
    dir: PathStr,
}

fn sanitize(cx: &Cx, prefix: Option<Py>, suffix: Option<Py>, dir: Option<Py>) -> PyResult<Params> {
    let given = |v: Option<Py>| v.filter(|v| !v.is_none());
    let (prefix, suffix, dir) = (given(prefix), given(suffix), given(dir));
    let mut kind: Option<bool> = None; // Some(true): bytes
    for v in [&prefix, &suffix, &dir].into_iter().flatten() {
        let is_bytes = matches!(semantics::fspath(cx, v), Ok(Py::Bytes(_)));
        if kind.is_some_and(|k| k != is_bytes) {
            return Err(exceptions::type_error("Can't mix bytes and non-bytes in path components."));
        }
        kind = Some(is_bytes);
    }
    let bytes = match kind {
        Some(k) => k,
        None => matches!(*TEMPDIR.lock().unwrap_or_else(|e| e.into_inner()), Py::Bytes(_)),
    };
    let like = PathStr::new(cx, &if bytes { Py::bytes(Vec::new()) } else { Py::str("") })?;
    // Prefix and suffix are concatenated as they are (str + str).
    let part = |v: Option<Py>, default: &str| -> PyResult<PathStr> {
        match v {
            None => Ok(like.like(default.as_bytes())),
            Some(v @ (Py::Str(_) | Py::Bytes(_))) => PathStr::new(cx, &v),
            Some(v) => Err(exceptions::type_error(format!(
                "unsupported operand type(s) for +: '{}' and 'str'",
                semantics::type_name(&v)
            ))),
        }
    };
    let prefix = part(prefix, TEMPLATE)?;
    let suffix = part(suffix, "")?;
    let dir = match dir {
        Some(d) => PathStr::new(cx, &d)?,
        None => like.like(PathStr::new(cx, &gettempdir_value()?)?.bytes()),
    };
    Ok(Params { prefix, suffix, dir })
}

impl Params {
    /// `os.path.join(dir, prefix + name + suffix)`.
    fn candidate(&self, dir: &[u8]) -> PyResult<PathStr> {
        let mut base = self.prefix.bytes().to_vec();
        base.extend_from_slice(random_name()?.as_bytes());
        base.extend_from_slice(self.suffix.bytes());
        Ok(self.dir.like(&pure::join(dir, &[&base])))
    }
}

/// `_mkstemp_inner`: an open file and its absolute name.
fn mkstemp_inner(cx: &Cx, p: &Params) -> PyResult<(std::fs::File, PathStr)> {
    let dir = pure::abspath(p.dir.bytes(), &crate::modules::os_path::cwd_bytes()?);
    for _ in 0..TMP_MAX {
        cx.check_interrupt()?;
        let name = p.candidate(&dir)?;
        match platform::fd::open_file(&name.to_path(cx)?, flags(), 0o600) {
            Ok(f) => return Ok((f, name)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(name.error(&e)),
        }
    }
    Err(exceptions::os_errno(crate::platform::errno::EEXIST, None, None)
        .with_attr("strerror", Py::str("No usable temporary file name found")))
}

/// `mkstemp(suffix=None, prefix=None, dir=None, text=False)`: `(fd, name)`.
fn mkstemp(cx: &Cx, args: Args) -> PyResult<Py> {
    let [suffix, prefix, dir, _text] = args.bind("mkstemp", ["suffix?", "prefix?", "dir?", "text?"])?;
    let p = sanitize(cx, prefix, suffix, dir)?;
    let (f, name) = mkstemp_inner(cx, &p)?;
    let fd = std::os::fd::IntoRawFd::into_raw_fd(f);
    Ok(Py::tuple(vec![Py::from(i64::from(fd)), name.value()]))
}

/// `mkdtemp(suffix=None, prefix=None, dir=None)`: the new directory's name.
fn mkdtemp(cx: &Cx, args: Args) -> PyResult<Py> {
    let [suffix, prefix, dir] = args.bind("mkdtemp", ["suffix?", "prefix?", "dir?"])?;
    let p = sanitize(cx, prefix, suffix, dir)?;
    mkdtemp_params(cx, &p).map(|n| n.value())
}

fn mkdtemp_params(cx: &Cx, p: &Params) -> PyResult<PathStr> {
    use std::os::unix::fs::DirBuilderExt;
    for _ in 0..TMP_MAX {
        cx.check_interrupt()?;
        let name = p.candidate(p.dir.bytes())?;
        match std::fs::DirBuilder::new().mode(0o700).create(name.to_path(cx)?) {
            Ok(()) => return Ok(name),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(name.error(&e)),
        }
    }
    Err(exceptions::os_errno(crate::platform::errno::EEXIST, None, None)
        .with_attr("strerror", Py::str("No usable temporary directory name found")))
}

/// `mktemp(suffix='', prefix='tmp', dir=None)` (unsafe, deprecated): a
/// name that did not exist.
fn mktemp(cx: &Cx, args: Args) -> PyResult<Py> {
    let [suffix, prefix, dir] = args.bind("mktemp", ["suffix?", "prefix?", "dir?"])?;
    let dir = match dir.filter(|d| !d.is_none()) {
        Some(d) => d,
        None => gettempdir(cx, Args::default())?,
    };
    let p = Params {
        prefix: PathStr::new(cx, &prefix.unwrap_or_else(|| Py::str(TEMPLATE)))?,
        suffix: PathStr::new(cx, &suffix.unwrap_or_else(|| Py::str("")))?,
        dir: PathStr::new(cx, &dir)?,
    };
    for _ in 0..TMP_MAX {
        let name = p.candidate(p.dir.bytes())?;
        if std::fs::symlink_metadata(name.to_path(cx)?).is_err() {
            return Ok(name.value());
        }
    }
    Err(exceptions::os_errno(crate::platform::errno::EEXIST, None, None)
        .with_attr("strerror", Py::str("No usable temporary filename found")))
}

/// The `open` arguments of the temporary file functions.
fn open_args(
    mode: Option<Py>,
    buffering: Option<Py>,
    encoding: Option<Py>,
    errors: Option<Py>,
    newline: Option<Py>,
) -> [Option<Py>; 5] {
    [Some(mode.unwrap_or_else(|| Py::str("w+b"))), buffering, encoding, errors, newline]
}

/// `TemporaryFile(mode='w+b', buffering=-1, encoding=None, newline=None,
/// suffix=None, prefix=None, dir=None, *, errors=None)`: an unnamed file
/// (`O_TMPFILE`, else a named one removed at once); its `name` is its fd.
fn temporary_file(cx: &Cx, args: Args) -> PyResult<Py> {
    let [mode, buffering, encoding, newline, suffix, prefix, dir, errors] = args.bind(
        "TemporaryFile",
        ["mode?", "buffering?", "encoding?", "newline?", "suffix?", "prefix?", "dir?", "$errors?"],
    )?;
    let p = sanitize(cx, prefix, suffix, dir)?;
    let tmpfile = platform::fd::open_file(
        &p.dir.to_path(cx)?,
        (flags() & !crate::platform::fs::O_CREAT & !crate::platform::fs::O_EXCL) | crate::platform::fs::O_TMPFILE,
        0o600,
    );
    let f = match tmpfile {
        Ok(f) => f,
        Err(e)
            if matches!(
                e.raw_os_error(),
                Some(crate::platform::errno::EISDIR | crate::platform::errno::EOPNOTSUPP)
            ) =>
        {
            let (f, name) = mkstemp_inner(cx, &p)?;
            std::fs::remove_file(name.to_path(cx)?).map_err(|e| name.error(&e))?;
            f
        }
        Err(e) => return Err(p.dir.error(&e)),
    };
    let fd = std::os::fd::AsRawFd::as_raw_fd(&f);
    file::open_file(cx, f, Py::from(i64::from(fd)), open_args(mode, buffering, encoding, errors, newline))
}

#[cfg(test)]
mod tests;
