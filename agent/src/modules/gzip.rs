//! `gzip`: one-shot `compress` and `decompress` (several members, zero
//! padding between them) and `BadGzipFile`, as CPython 3.11's `gzip.py`
//! does them on zlib. `gzip.open` and `GzipFile` need the agent's file
//! objects, which this module does not have yet.

use std::sync::LazyLock;
use std::time::{SystemTime, UNIX_EPOCH};

use rpyc_protocol::value::bytes_repr;

use crate::modules::binascii::crc32;
use crate::modules::buffer::bytes_like;
use crate::modules::r#struct;
use crate::modules::zlib::stream::{Container, Inflater};
use crate::modules::zlib::{compress_bytes, zlib_error};
use crate::objects::module::{f, ModuleDef};
use crate::objects::numbers;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "gzip",
    type_name: "gzip",
    doc: "Functions that read and write gzipped files.",
    functions: &[f("compress", compress), f("decompress", decompress)],
    attr: |name, _| match name {
        "BadGzipFile" => Some(Ok(type_value(&BAD_GZIP_FILE))),
        "READ" => Some(Ok(Py::str("rb"))),
        "WRITE" => Some(Ok(Py::str("wb"))),
        _ => None,
    },
    attr_names: &["BadGzipFile", "READ", "WRITE"],
    setattr: None,
};

/// `gzip.BadGzipFile`, an OSError.
pub static BAD_GZIP_FILE: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("gzip", "BadGzipFile", Some(&exceptions::exc_type("OSError")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&BAD_GZIP_FILE);
}

fn bad_gzip(msg: impl Into<String>) -> PyErr {
    let e = PyErr::new(BAD_GZIP_FILE.clone(), vec![Py::str(msg.into())]);
    ["errno", "strerror", "filename", "filename2"].into_iter().fold(e, |e, a| e.with_attr(a, Py::None))
}

fn truncated() -> PyErr {
    exceptions::new("EOFError", "Compressed file ended before the end-of-stream marker was reached")
}

/// `compress(data, compresslevel=9, *, mtime=None)`.
fn compress(cx: &Cx, args: Args) -> PyResult<Py> {
    let [data, level, mtime] = args.bind("compress", ["data", "compresslevel?", "$mtime?"])?;
    let data = bytes_like(&args::req(data))?;
    let level = args::opt_int("compress", level.as_ref())?.unwrap_or(9);
    let mtime = match mtime.filter(|m| !m.is_none()) {
        None => Py::from(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())),
        Some(m) => {
            if semantics::eq(cx, &m, &Py::Int(0))? {
                return Ok(Py::bytes(compress_bytes(&data, level, 31)?));
            }
            numbers::int_of(cx, &m)?
        }
    };
    let xfl = match level {
        9 => 2,
        1 => 4,
        _ => 0,
    };
    let header = [0x1f, 0x8b, 8, 0].map(Py::Int).into_iter().chain([mtime, Py::Int(xfl), Py::Int(255)]);
    let mut out = r#struct::pack_format(cx, "<BBBBLBB", &header.collect::<Vec<_>>())?;
    out.extend(compress_bytes(&data, level, -15)?);
    out.extend_from_slice(&crc32(&data, 0).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    Ok(Py::bytes(out))
}

/// Length of the gzip member header at the start of `data`
/// (`_read_gzip_header`); `None` at the end of the data.
fn member_header(data: &[u8]) -> PyResult<Option<usize>> {
    if data.is_empty() {
        return Ok(None);
    }
    let magic = &data[..data.len().min(2)];
    if magic != [0x1f, 0x8b] {
        return Err(bad_gzip(format!("Not a gzipped file ({})", bytes_repr(magic))));
    }
    let fixed = data.get(2..10).ok_or_else(truncated)?;
    if fixed[0] != 8 {
        return Err(bad_gzip("Unknown compression method"));
    }
    let flags = fixed[1];
    let mut i = 10;
    if flags & 0x04 != 0 {
        let len = data.get(i..i + 2).ok_or_else(truncated)?;
        i += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
        if i > data.len() {
            return Err(truncated());
        }
    }
    for flag in [0x08, 0x10] {
        if flags & flag != 0 {
            i = data[i..].iter().position(|&b| b == 0).map_or(data.len(), |end| i + end + 1);
        }
    }
    if flags & 0x02 != 0 {
        i += 2;
        if i > data.len() {
            return Err(truncated());
        }
    }
    Ok(Some(i))
}

/// `decompress(data)`: every member, checked against its CRC and length.
fn decompress(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [data] = args.bind("decompress", ["data"])?;
    let data = bytes_like(&args::req(data))?;
    let mut rest: Vec<u8> = data.to_vec();
    let mut out = Vec::new();
    while let Some(start) = member_header(&rest)? {
        let mut inflater = Inflater::new(Container::Raw { window: 15 });
        let (member, used) =
            inflater.decompress(&rest[start..], 0).map_err(|e| zlib_error(&e, "while decompressing data"))?;
        let unused = &rest[start + used..];
        if !inflater.eof() || unused.len() < 8 {
            return Err(truncated());
        }
        let crc = u32::from_le_bytes([unused[0], unused[1], unused[2], unused[3]]);
        let length = u32::from_le_bytes([unused[4], unused[5], unused[6], unused[7]]);
        if crc != crc32(&member, 0) {
            return Err(bad_gzip("CRC check failed"));
        }
        if length != member.len() as u32 {
            return Err(bad_gzip("Incorrect length of data produced"));
        }
        out.extend(member);
        let skip = unused[8..].iter().take_while(|&&b| b == 0).count();
        rest = unused[8 + skip..].to_vec();
    }
    Ok(Py::bytes(out))
}
