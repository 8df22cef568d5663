//! `tarfile`: tar archives as CPython 3.11 reads and writes them, with
//! the extraction filters of PEP 706 (`filter='data'`, `'tar'`,
//! `'fully_trusted'`), natively.
//!
//! - [`header`][header]: header blocks, byte for byte.
//! - [`info`][info]: `TarInfo`.
//! - [`archive`][archive]: `TarFile` (plain and gzip on paths).
//! - [`extract`][extract]: filters and extraction.
//!
//! bzip2 and xz raise `CompressionError` as on a CPython built without
//! `bz2`/`lzma`; stream modes (`r|gz`) and file objects are not
//! implemented. gzip is miniz_oxide's deflate (the same data, not always
//! CPython's compressed bytes).

pub mod archive;
pub mod extract;
pub mod header;
pub mod info;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use crate::modules::os_path::PathStr;
use crate::objects::module::{b, f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "tarfile",
    type_name: "tarfile",
    doc: "Read from and write to tar format archives.",
    functions: &[
        b("open", open),
        b("is_tarfile", is_tarfile),
        b("data_filter", |cx, a| extract::filter_fn(cx, "data_filter", a)),
        b("tar_filter", |cx, a| extract::filter_fn(cx, "tar_filter", a)),
        f("fully_trusted_filter", |cx, a| extract::filter_fn(cx, "fully_trusted_filter", a)),
    ],
    attr,
    attr_names: &[
        "TarFile",
        "TarInfo",
        "TarError",
        "ExtractError",
        "ReadError",
        "CompressionError",
        "StreamError",
        "HeaderError",
        "EmptyHeaderError",
        "TruncatedHeaderError",
        "EOFHeaderError",
        "InvalidHeaderError",
        "SubsequentHeaderError",
        "FilterError",
        "AbsolutePathError",
        "OutsideDestinationError",
        "SpecialFileError",
        "AbsoluteLinkError",
        "LinkOutsideDestinationError",
        "USTAR_FORMAT",
        "GNU_FORMAT",
        "PAX_FORMAT",
        "DEFAULT_FORMAT",
        "BLOCKSIZE",
        "RECORDSIZE",
        "ENCODING",
        "NUL",
        "GNU_MAGIC",
        "POSIX_MAGIC",
        "LENGTH_NAME",
        "LENGTH_LINK",
        "LENGTH_PREFIX",
        "REGTYPE",
        "AREGTYPE",
        "LNKTYPE",
        "SYMTYPE",
        "CHRTYPE",
        "BLKTYPE",
        "DIRTYPE",
        "FIFOTYPE",
        "CONTTYPE",
        "GNUTYPE_LONGNAME",
        "GNUTYPE_LONGLINK",
        "GNUTYPE_SPARSE",
        "XHDTYPE",
        "XGLTYPE",
        "SOLARIS_XHDTYPE",
    ],
    setattr: None,
};

/// The exception classes and their bases, bases first.
const CLASSES: &[(&str, &str)] = &[
    ("TarError", ""),
    ("ExtractError", "TarError"),
    ("ReadError", "TarError"),
    ("CompressionError", "TarError"),
    ("StreamError", "TarError"),
    ("HeaderError", "TarError"),
    ("EmptyHeaderError", "HeaderError"),
    ("TruncatedHeaderError", "HeaderError"),
    ("EOFHeaderError", "HeaderError"),
    ("InvalidHeaderError", "HeaderError"),
    ("SubsequentHeaderError", "HeaderError"),
    ("FilterError", "TarError"),
    ("AbsolutePathError", "FilterError"),
    ("OutsideDestinationError", "FilterError"),
    ("SpecialFileError", "FilterError"),
    ("AbsoluteLinkError", "FilterError"),
    ("LinkOutsideDestinationError", "FilterError"),
];

static EXCEPTIONS: LazyLock<Mutex<HashMap<&'static str, TypeRef>>> = LazyLock::new(|| {
    let mut map: HashMap<&'static str, TypeRef> = HashMap::new();
    for (name, base) in CLASSES {
        let base = map.get(base).cloned().unwrap_or_else(|| exceptions::exc_type("Exception"));
        let t = Type::native("tarfile", name, Some(&base), &[], Some(exceptions::exception_new));
        exceptions::register_class(&t);
        map.insert(name, t);
    }
    Mutex::new(map)
});

/// A tarfile exception class by name.
pub fn class(name: &str) -> TypeRef {
    EXCEPTIONS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(name)
        .cloned()
        .unwrap_or_else(|| exceptions::exc_type("Exception"))
}

/// The module's exception classes, made before a client can name them.
pub fn register_classes() {
    LazyLock::force(&EXCEPTIONS);
}

/// `OSError(msg)`: one argument, `errno` and the rest None.
pub fn os_error_msg(msg: &str) -> PyErr {
    exceptions::new("OSError", msg)
        .with_attr("errno", Py::None)
        .with_attr("strerror", Py::None)
        .with_attr("filename", Py::None)
        .with_attr("filename2", Py::None)
}

pub fn tar_error(class_name: &str, msg: &str) -> PyErr {
    PyErr::new(class(class_name), vec![Py::str(msg)])
}

/// A FilterError subclass with its `tarinfo` (and `_path`).
pub fn filter_error(class_name: &str, member: &Py, msg: String, path: Option<Py>) -> PyErr {
    let e = PyErr::new(class(class_name), vec![Py::from(msg)]).with_attr("tarinfo", member.clone());
    match path {
        Some(p) => e.with_attr("_path", p),
        None => e,
    }
}

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    if CLASSES.iter().any(|(n, _)| *n == name) {
        return Some(Ok(type_value(&class(name))));
    }
    let byte = |b: u8| Py::bytes(vec![b]);
    Some(Ok(match name {
        "TarFile" => type_value(&archive::TAR_FILE),
        "TarInfo" => type_value(&info::TAR_INFO),
        "USTAR_FORMAT" => Py::Int(header::USTAR_FORMAT),
        "GNU_FORMAT" => Py::Int(header::GNU_FORMAT),
        "PAX_FORMAT" | "DEFAULT_FORMAT" => Py::Int(header::PAX_FORMAT),
        "BLOCKSIZE" => Py::from(header::BLOCKSIZE),
        "RECORDSIZE" => Py::from(header::RECORDSIZE),
        "ENCODING" => Py::str("utf-8"),
        "NUL" => Py::bytes(vec![0]),
        "GNU_MAGIC" => Py::bytes(header::GNU_MAGIC.to_vec()),
        "POSIX_MAGIC" => Py::bytes(header::POSIX_MAGIC.to_vec()),
        "LENGTH_NAME" | "LENGTH_LINK" => Py::Int(100),
        "LENGTH_PREFIX" => Py::Int(155),
        "REGTYPE" => byte(header::REGTYPE),
        "AREGTYPE" => byte(header::AREGTYPE),
        "LNKTYPE" => byte(header::LNKTYPE),
        "SYMTYPE" => byte(header::SYMTYPE),
        "CHRTYPE" => byte(header::CHRTYPE),
        "BLKTYPE" => byte(header::BLKTYPE),
        "DIRTYPE" => byte(header::DIRTYPE),
        "FIFOTYPE" => byte(header::FIFOTYPE),
        "CONTTYPE" => byte(header::CONTTYPE),
        "GNUTYPE_LONGNAME" => byte(header::GNUTYPE_LONGNAME),
        "GNUTYPE_LONGLINK" => byte(header::GNUTYPE_LONGLINK),
        "GNUTYPE_SPARSE" => byte(header::GNUTYPE_SPARSE),
        "XHDTYPE" => byte(header::XHDTYPE),
        "XGLTYPE" => byte(header::XGLTYPE),
        "SOLARIS_XHDTYPE" => byte(header::SOLARIS_XHDTYPE),
        _ => return None,
    }))
}

fn compression_missing(comptype: &str) -> PyErr {
    let module = if comptype == "bz2" { "bz2" } else { "lzma" };
    tar_error("CompressionError", &format!("{module} module is not available"))
}

/// One `OPEN_METH` entry: `taropen`, `gzopen`, or a missing compressor.
fn open_with(
    cx: &Cx,
    name: &PathStr,
    filemode: &str,
    comptype: &str,
    mut kwargs: Vec<(std::sync::Arc<str>, Py)>,
) -> PyResult<Py> {
    let mode = match filemode {
        "r" => "r",
        "a" => "a",
        "w" => "w",
        "x" => "x",
        _ => "?",
    };
    match comptype {
        "tar" => {
            if mode == "?" {
                return Err(exceptions::value_error("mode must be 'r', 'a', 'w' or 'x'"));
            }
            archive::open_archive(
                cx,
                name,
                archive::Opening { mode, gzip: false, compresslevel: 9, stream: false },
                kwargs,
            )
        }
        _ => {
            if !matches!(mode, "r" | "w" | "x") {
                return Err(exceptions::value_error("mode must be 'r', 'w' or 'x'"));
            }
            if comptype != "gz" {
                return Err(compression_missing(comptype));
            }
            let level = match kwargs.iter().position(|(k, _)| &**k == "compresslevel") {
                Some(i) => args::to_int("compresslevel", &kwargs.remove(i).1)?,
                None => 9,
            };
            archive::open_archive(
                cx,
                name,
                archive::Opening { mode, gzip: true, compresslevel: level.clamp(0, 9) as u32, stream: false },
                kwargs,
            )
        }
    }
}

/// `tarfile.open(name=None, mode='r', fileobj=None, bufsize=10240, **kwargs)`.
fn open(cx: &Cx, mut args: Args) -> PyResult<Py> {
    let fileobj = args.take_kw("fileobj").or_else(|| args.pos.get(2).cloned()).filter(|f| !f.is_none());
    let name = args.take_kw("name").or_else(|| args.pos.first().cloned()).filter(|n| !n.is_none());
    let mode = args.take_kw("mode").or_else(|| args.pos.get(1).cloned()).unwrap_or_else(|| Py::str("r"));
    args.take_kw("bufsize");
    if args.pos.len() > 4 {
        return Err(exceptions::type_error(format!(
            "TarFile.open() takes from 1 to 5 positional arguments but {} were given",
            args.pos.len() + 1
        )));
    }
    let name = match (name, fileobj) {
        (None, None) => return Err(exceptions::value_error("nothing to open")),
        (_, Some(_)) => return Err(exceptions::not_implemented("tarfile.open(fileobj=...) (give it a path)")),
        (Some(n), None) => PathStr::new(cx, &n)?,
    };
    let mode = args::to_str("open", &mode)?;
    let kwargs = args.kw;
    if mode == "r" || mode == "r:*" {
        let mut msgs = Vec::new();
        for comptype in ["gz", "bz2", "xz", "tar"] {
            match open_with(cx, &name, "r", comptype, kwargs.clone()) {
                Ok(t) => return Ok(t),
                Err(e)
                    if e.class().is_subtype(&class("ReadError"))
                        || e.class().is_subtype(&class("CompressionError")) =>
                {
                    msgs.push(format!("- method {comptype}: {}", semantics::repr(cx, &e.value())?));
                }
                Err(e) => return Err(e),
            }
        }
        return Err(tar_error("ReadError", &format!("file could not be opened successfully:\n{}", msgs.join("\n"))));
    }
    if let Some((filemode, comptype)) = mode.split_once(':') {
        let filemode = if filemode.is_empty() { "r" } else { filemode };
        let comptype = if comptype.is_empty() { "tar" } else { comptype };
        if !matches!(comptype, "tar" | "gz" | "bz2" | "xz") {
            return Err(tar_error(
                "CompressionError",
                &format!("unknown compression type {}", semantics::repr(cx, &Py::str(comptype))?),
            ));
        }
        return open_with(cx, &name, filemode, comptype, kwargs);
    }
    if mode.contains('|') {
        return Err(exceptions::not_implemented("tarfile stream modes ('r|gz', 'w|')"));
    }
    if matches!(mode.as_str(), "a" | "w" | "x") {
        return open_with(cx, &name, &mode, "tar", kwargs);
    }
    Err(exceptions::value_error("undiscernible mode"))
}

/// `is_tarfile(name)`: whether `open(name)` succeeds.
fn is_tarfile(cx: &Cx, args: Args) -> PyResult<Py> {
    let [name] = args.bind("is_tarfile", ["name"])?;
    match open(cx, Args::one(args::req(name))) {
        Ok(t) => {
            archive::tar_file(&t)?.close()?;
            Ok(Py::Bool(true))
        }
        Err(e) if e.class().is_subtype(&class("TarError")) => Ok(Py::Bool(false)),
        Err(e) => Err(e),
    }
}
