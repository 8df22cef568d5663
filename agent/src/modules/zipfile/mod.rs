//! `zipfile`: ZIP archives as CPython 3.11's `zipfile` reads and writes
//! them, natively.
//!
//! - [`format`][format]: the container's records, byte for byte.
//! - [`info`][info]: `ZipInfo`.
//! - [`archive`][archive]: `ZipFile` (and the `_ZipWriteFile` of `open(.., 'w')`).
//! - [`member`][member]: the in-memory member file `ZipFile.open` returns (also
//!   tarfile's `extractfile`).
//!
//! Deflate is miniz_oxide's (through flate2): the same data as CPython's
//! zlib, not always the same compressed bytes (so `compress_size` of a
//! deflated member may differ from CPython's). bzip2 and lzma members fail
//! as on a CPython built without `bz2` and `lzma`; encrypted members and
//! `zipfile.Path` are not implemented.

pub mod archive;
pub mod format;
pub mod info;
pub mod member;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::sync::LazyLock;

use crate::objects::module::{b, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "zipfile",
    type_name: "zipfile",
    doc: "Read and write ZIP files.",
    functions: &[b("is_zipfile", is_zipfile)],
    attr,
    attr_names: &[
        "ZipFile",
        "ZipInfo",
        "ZipExtFile",
        "BadZipFile",
        "BadZipfile",
        "error",
        "LargeZipFile",
        "ZIP_STORED",
        "ZIP_DEFLATED",
        "ZIP_BZIP2",
        "ZIP_LZMA",
        "ZIP64_LIMIT",
        "ZIP_FILECOUNT_LIMIT",
        "ZIP_MAX_COMMENT",
        "DEFAULT_VERSION",
        "ZIP64_VERSION",
        "BZIP2_VERSION",
        "LZMA_VERSION",
        "MAX_EXTRACT_VERSION",
        "Path",
        "PyZipFile",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "ZipFile" => type_value(&archive::ZIP_FILE),
        "ZipInfo" => type_value(&info::ZIP_INFO),
        "BadZipFile" | "BadZipfile" | "error" => type_value(&BAD_ZIP_FILE),
        "LargeZipFile" => type_value(&LARGE_ZIP_FILE),
        "ZIP_STORED" => Py::Int(0),
        "ZIP_DEFLATED" => Py::Int(8),
        "ZIP_BZIP2" => Py::Int(12),
        "ZIP_LZMA" => Py::Int(14),
        "ZIP64_LIMIT" => Py::from(format::ZIP64_LIMIT),
        "ZIP_FILECOUNT_LIMIT" => Py::from(format::ZIP_FILECOUNT_LIMIT),
        "ZIP_MAX_COMMENT" => Py::Int(0xFFFF),
        "DEFAULT_VERSION" => Py::Int(20),
        "ZIP64_VERSION" => Py::Int(45),
        "BZIP2_VERSION" => Py::Int(46),
        "LZMA_VERSION" => Py::Int(63),
        "MAX_EXTRACT_VERSION" => Py::Int(63),
        "Path" | "PyZipFile" | "ZipExtFile" => {
            return Some(Err(exceptions::not_implemented(&format!("zipfile.{name}"))));
        }
        _ => return None,
    }))
}

fn error_class(name: &'static str) -> TypeRef {
    let t =
        Type::native("zipfile", name, Some(&exceptions::exc_type("Exception")), &[], Some(exceptions::exception_new));
    exceptions::register_class(&t);
    t
}

pub static BAD_ZIP_FILE: LazyLock<TypeRef> = LazyLock::new(|| error_class("BadZipFile"));
pub static LARGE_ZIP_FILE: LazyLock<TypeRef> = LazyLock::new(|| error_class("LargeZipFile"));

/// The module's exception classes, made before a client can name them.
pub fn register_classes() {
    LazyLock::force(&BAD_ZIP_FILE);
    LazyLock::force(&LARGE_ZIP_FILE);
}

pub fn bad_zip_file(msg: &str) -> PyErr {
    PyErr::new(BAD_ZIP_FILE.clone(), vec![Py::str(msg)])
}

fn large_zip_file(msg: &str) -> PyErr {
    PyErr::new(LARGE_ZIP_FILE.clone(), vec![Py::str(msg)])
}

/// `zlib.error(msg)` (the class the zlib module registers, if present).
fn zlib_error(msg: &str) -> PyErr {
    PyErr::new(exceptions::class_for("zlib", "error"), vec![Py::str(msg)])
}

/// `_check_compression`: stored and deflated are supported; bzip2 and
/// lzma fail as without their modules.
pub fn check_compression(compression: i64) -> PyResult<()> {
    match compression {
        0 | 8 => Ok(()),
        12 => Err(exceptions::runtime_error("Compression requires the (missing) bz2 module")),
        14 => Err(exceptions::runtime_error("Compression requires the (missing) lzma module")),
        _ => Err(exceptions::new("NotImplementedError", "That compression method is not supported")),
    }
}

/// `is_zipfile(filename)`: whether the file has an end of central
/// directory record.
fn is_zipfile(cx: &Cx, args: Args) -> PyResult<Py> {
    let [filename] = args.bind("is_zipfile", ["filename"])?;
    let filename = req(filename);
    let Ok(path) = semantics::fspath_buf(cx, &filename) else {
        return Err(exceptions::not_implemented("zipfile.is_zipfile of a file object (give it a path)"));
    };
    let Ok(mut f) = std::fs::File::open(path) else { return Ok(Py::Bool(false)) };
    let Ok(size) = f.metadata().map(|m| m.len()) else { return Ok(Py::Bool(false)) };
    let start = size.saturating_sub(format::TAIL);
    let mut tail = Vec::new();
    let ok = std::io::Seek::seek(&mut f, std::io::SeekFrom::Start(start)).is_ok() && f.read_to_end(&mut tail).is_ok();
    Ok(Py::Bool(ok && matches!(format::end_record(&tail, start), Ok(Some(_)))))
}
