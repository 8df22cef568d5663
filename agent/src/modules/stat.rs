//! `stat`: the constants and functions for interpreting `os.stat()`
//! results, as CPython 3.11's `_stat` C module defines them on Linux
//! (`S_IS*`, `S_IMODE`, `S_IFMT`, `filemode`, the `UF_*`/`SF_*` flags and
//! the Windows `FILE_ATTRIBUTE_*` values every platform carries).

use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub const S_IFMT: u32 = 0o170000;
pub const S_IFDIR: u32 = 0o040000;
pub const S_IFCHR: u32 = 0o020000;
pub const S_IFBLK: u32 = 0o060000;
pub const S_IFREG: u32 = 0o100000;
pub const S_IFIFO: u32 = 0o010000;
pub const S_IFLNK: u32 = 0o120000;
pub const S_IFSOCK: u32 = 0o140000;

/// Every integer constant of the module, in `dir(stat)` order.
const CONSTANTS: &[(&str, i64)] = &[
    ("FILE_ATTRIBUTE_ARCHIVE", 32),
    ("FILE_ATTRIBUTE_COMPRESSED", 2048),
    ("FILE_ATTRIBUTE_DEVICE", 64),
    ("FILE_ATTRIBUTE_DIRECTORY", 16),
    ("FILE_ATTRIBUTE_ENCRYPTED", 16384),
    ("FILE_ATTRIBUTE_HIDDEN", 2),
    ("FILE_ATTRIBUTE_INTEGRITY_STREAM", 32768),
    ("FILE_ATTRIBUTE_NORMAL", 128),
    ("FILE_ATTRIBUTE_NOT_CONTENT_INDEXED", 8192),
    ("FILE_ATTRIBUTE_NO_SCRUB_DATA", 131072),
    ("FILE_ATTRIBUTE_OFFLINE", 4096),
    ("FILE_ATTRIBUTE_READONLY", 1),
    ("FILE_ATTRIBUTE_REPARSE_POINT", 1024),
    ("FILE_ATTRIBUTE_SPARSE_FILE", 512),
    ("FILE_ATTRIBUTE_SYSTEM", 4),
    ("FILE_ATTRIBUTE_TEMPORARY", 256),
    ("FILE_ATTRIBUTE_VIRTUAL", 65536),
    ("SF_APPEND", 0x0004_0000),
    ("SF_ARCHIVED", 0x0001_0000),
    ("SF_IMMUTABLE", 0x0002_0000),
    ("SF_NOUNLINK", 0x0010_0000),
    ("SF_SNAPSHOT", 0x0020_0000),
    ("ST_ATIME", 7),
    ("ST_CTIME", 9),
    ("ST_DEV", 2),
    ("ST_GID", 5),
    ("ST_INO", 1),
    ("ST_MODE", 0),
    ("ST_MTIME", 8),
    ("ST_NLINK", 3),
    ("ST_SIZE", 6),
    ("ST_UID", 4),
    ("S_ENFMT", 0o2000),
    ("S_IEXEC", 0o100),
    ("S_IFBLK", S_IFBLK as i64),
    ("S_IFCHR", S_IFCHR as i64),
    ("S_IFDIR", S_IFDIR as i64),
    ("S_IFDOOR", 0),
    ("S_IFIFO", S_IFIFO as i64),
    ("S_IFLNK", S_IFLNK as i64),
    ("S_IFPORT", 0),
    ("S_IFREG", S_IFREG as i64),
    ("S_IFSOCK", S_IFSOCK as i64),
    ("S_IFWHT", 0),
    ("S_IREAD", 0o400),
    ("S_IRGRP", 0o040),
    ("S_IROTH", 0o004),
    ("S_IRUSR", 0o400),
    ("S_IRWXG", 0o070),
    ("S_IRWXO", 0o007),
    ("S_IRWXU", 0o700),
    ("S_ISGID", 0o2000),
    ("S_ISUID", 0o4000),
    ("S_ISVTX", 0o1000),
    ("S_IWGRP", 0o020),
    ("S_IWOTH", 0o002),
    ("S_IWRITE", 0o200),
    ("S_IWUSR", 0o200),
    ("S_IXGRP", 0o010),
    ("S_IXOTH", 0o001),
    ("S_IXUSR", 0o100),
    ("UF_APPEND", 4),
    ("UF_COMPRESSED", 32),
    ("UF_HIDDEN", 32768),
    ("UF_IMMUTABLE", 2),
    ("UF_NODUMP", 1),
    ("UF_NOUNLINK", 16),
    ("UF_OPAQUE", 8),
];

const NAMES: &[&str] = &[
    "FILE_ATTRIBUTE_ARCHIVE",
    "FILE_ATTRIBUTE_COMPRESSED",
    "FILE_ATTRIBUTE_DEVICE",
    "FILE_ATTRIBUTE_DIRECTORY",
    "FILE_ATTRIBUTE_ENCRYPTED",
    "FILE_ATTRIBUTE_HIDDEN",
    "FILE_ATTRIBUTE_INTEGRITY_STREAM",
    "FILE_ATTRIBUTE_NORMAL",
    "FILE_ATTRIBUTE_NOT_CONTENT_INDEXED",
    "FILE_ATTRIBUTE_NO_SCRUB_DATA",
    "FILE_ATTRIBUTE_OFFLINE",
    "FILE_ATTRIBUTE_READONLY",
    "FILE_ATTRIBUTE_REPARSE_POINT",
    "FILE_ATTRIBUTE_SPARSE_FILE",
    "FILE_ATTRIBUTE_SYSTEM",
    "FILE_ATTRIBUTE_TEMPORARY",
    "FILE_ATTRIBUTE_VIRTUAL",
    "SF_APPEND",
    "SF_ARCHIVED",
    "SF_IMMUTABLE",
    "SF_NOUNLINK",
    "SF_SNAPSHOT",
    "ST_ATIME",
    "ST_CTIME",
    "ST_DEV",
    "ST_GID",
    "ST_INO",
    "ST_MODE",
    "ST_MTIME",
    "ST_NLINK",
    "ST_SIZE",
    "ST_UID",
    "S_ENFMT",
    "S_IEXEC",
    "S_IFBLK",
    "S_IFCHR",
    "S_IFDIR",
    "S_IFDOOR",
    "S_IFIFO",
    "S_IFLNK",
    "S_IFPORT",
    "S_IFREG",
    "S_IFSOCK",
    "S_IFWHT",
    "S_IREAD",
    "S_IRGRP",
    "S_IROTH",
    "S_IRUSR",
    "S_IRWXG",
    "S_IRWXO",
    "S_IRWXU",
    "S_ISGID",
    "S_ISUID",
    "S_ISVTX",
    "S_IWGRP",
    "S_IWOTH",
    "S_IWRITE",
    "S_IWUSR",
    "S_IXGRP",
    "S_IXOTH",
    "S_IXUSR",
    "UF_APPEND",
    "UF_COMPRESSED",
    "UF_HIDDEN",
    "UF_IMMUTABLE",
    "UF_NODUMP",
    "UF_NOUNLINK",
    "UF_OPAQUE",
];

pub static MODULE: ModuleDef = ModuleDef {
    name: "stat",
    type_name: "stat",
    doc: "Constants/functions for interpreting results of os.stat() and os.lstat().",
    functions: &[
        f("S_ISDIR", |_, a| is_kind("S_ISDIR", a, S_IFDIR)),
        f("S_ISCHR", |_, a| is_kind("S_ISCHR", a, S_IFCHR)),
        f("S_ISBLK", |_, a| is_kind("S_ISBLK", a, S_IFBLK)),
        f("S_ISREG", |_, a| is_kind("S_ISREG", a, S_IFREG)),
        f("S_ISFIFO", |_, a| is_kind("S_ISFIFO", a, S_IFIFO)),
        f("S_ISLNK", |_, a| is_kind("S_ISLNK", a, S_IFLNK)),
        f("S_ISSOCK", |_, a| is_kind("S_ISSOCK", a, S_IFSOCK)),
        // Solaris doors, event ports and BSD whiteouts: never on Linux.
        f("S_ISDOOR", |_, a| mode_arg("S_ISDOOR", a).map(|_| Py::Bool(false))),
        f("S_ISPORT", |_, a| mode_arg("S_ISPORT", a).map(|_| Py::Bool(false))),
        f("S_ISWHT", |_, a| mode_arg("S_ISWHT", a).map(|_| Py::Bool(false))),
        f("S_IMODE", |_, a| mode_arg("S_IMODE", a).map(|m| Py::from(m & 0o7777))),
        f("S_IFMT", |_, a| mode_arg("S_IFMT", a).map(|m| Py::from(m & S_IFMT))),
        f("filemode", |_, a| mode_arg("filemode", a).map(|m| Py::from(filemode(m)))),
    ],
    attr,
    attr_names: NAMES,
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    CONSTANTS.iter().find(|(n, _)| *n == name).map(|(_, v)| Ok(Py::Int(*v)))
}

/// The one `mode` argument of `_stat`'s functions (positional only), as
/// CPython's `_PyLong_AsMode_t` converts it.
fn mode_arg(func: &str, args: Args) -> PyResult<u32> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("_stat.{func}() takes no keyword arguments")));
    }
    let [v] = <[Py; 1]>::try_from(args.pos).map_err(|pos| {
        exceptions::type_error(format!("_stat.{func}() takes exactly one argument ({} given)", pos.len()))
    })?;
    mode_of(&v)
}

/// An int as a `mode_t`, with CPython's messages.
pub fn mode_of(v: &Py) -> PyResult<u32> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) if n < 0 => Err(exceptions::overflow_error("can't convert negative value to unsigned int")),
        Some(Py::Int(n)) => u32::try_from(n).map_err(|_| exceptions::overflow_error("mode out of range")),
        Some(Py::BigInt(n)) if n.sign() == num_bigint::Sign::Minus => {
            Err(exceptions::overflow_error("can't convert negative value to unsigned int"))
        }
        Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C unsigned long")),
        None => Err(exceptions::type_error("an integer is required")),
    }
}

fn is_kind(func: &str, args: Args, kind: u32) -> PyResult<Py> {
    Ok(Py::Bool(mode_arg(func, args)? & S_IFMT == kind))
}

/// `stat.filemode(mode)`: `-rwxr-xr-x` and its kin, as `_stat.filemode`.
pub fn filemode(mode: u32) -> String {
    let kind = match mode & S_IFMT {
        S_IFREG => '-',
        S_IFDIR => 'd',
        S_IFLNK => 'l',
        S_IFCHR => 'c',
        S_IFBLK => 'b',
        S_IFIFO => 'p',
        S_IFSOCK => 's',
        _ => '?',
    };
    let mut out = String::with_capacity(10);
    out.push(kind);
    // (read, write, execute bits, special bit, letter with and without x)
    let triads = [(0o400, 0o200, 0o100, 0o4000, 's', 'S'), (0o040, 0o020, 0o010, 0o2000, 's', 'S')];
    for (r, w, x, special, with_x, without_x) in triads {
        out.push(if mode & r != 0 { 'r' } else { '-' });
        out.push(if mode & w != 0 { 'w' } else { '-' });
        out.push(match (mode & x != 0, mode & special != 0) {
            (true, true) => with_x,
            (false, true) => without_x,
            (true, false) => 'x',
            (false, false) => '-',
        });
    }
    out.push(if mode & 0o004 != 0 { 'r' } else { '-' });
    out.push(if mode & 0o002 != 0 { 'w' } else { '-' });
    out.push(match (mode & 0o001 != 0, mode & 0o1000 != 0) {
        (true, true) => 't',
        (false, true) => 'T',
        (true, false) => 'x',
        (false, false) => '-',
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::cx;

    fn ev(src: &str) -> String {
        let cx = cx();
        match crate::interp::eval(&cx, src) {
            Ok(v) => semantics::repr(&cx, &v).unwrap_or_default(),
            Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
        }
    }

    #[test]
    fn filemode_matches_cpython() {
        assert_eq!(filemode(0o100644), "-rw-r--r--");
        assert_eq!(filemode(0o040755), "drwxr-xr-x");
        assert_eq!(filemode(0o120777), "lrwxrwxrwx");
        assert_eq!(filemode(0o170777), "?rwxrwxrwx");
        assert_eq!(filemode(0o7777), "?rwsrwsrwt");
        assert_eq!(filemode(0o146777), "srwsrwsrwx");
        assert_eq!(filemode(0o107000), "---S--S--T");
        assert_eq!(filemode(0o020600), "crw-------");
    }

    #[test]
    fn functions_and_errors_match_cpython() {
        for (src, want) in [
            ("__import__('stat').S_ISDIR(0o40755)", "True"),
            ("__import__('stat').S_ISREG(True)", "False"),
            ("__import__('stat').S_IMODE(0o104755)", "2541"),
            ("__import__('stat').S_IFMT(0o104755)", "32768"),
            ("__import__('stat').S_IFSOCK", "49152"),
            ("__import__('stat').S_ISDOOR(0)", "False"),
            ("__import__('stat').S_ISDIR('x')", "TypeError: an integer is required"),
            ("__import__('stat').S_ISDIR(-1)", "OverflowError: can't convert negative value to unsigned int"),
            ("__import__('stat').S_ISDIR(2**40)", "OverflowError: mode out of range"),
            ("__import__('stat').S_IMODE(2**64)", "OverflowError: Python int too large to convert to C unsigned long"),
            ("__import__('stat').S_ISDIR()", "TypeError: _stat.S_ISDIR() takes exactly one argument (0 given)"),
            ("__import__('stat').filemode(mode=1)", "TypeError: _stat.filemode() takes no keyword arguments"),
            ("__import__('stat').UF_HIDDEN", "32768"),
        ] {
            assert_eq!(ev(src), want, "{src}");
        }
    }

    #[test]
    fn names_are_the_constants() {
        assert_eq!(NAMES.len(), CONSTANTS.len());
        assert!(NAMES.iter().zip(CONSTANTS).all(|(n, (c, _))| n == c));
    }
}
