//! `zlib`: one-shot `compress`/`decompress`, streaming `compressobj` and
//! `decompressobj`, `adler32`/`crc32` and `zlib.error`, with CPython 3.11's
//! arguments and messages. The deflate coding is miniz_oxide's (through
//! [`stream`]): compressed bytes are valid deflate but not always the bytes
//! C zlib would write.

mod objects;
pub mod stream;

use std::sync::LazyLock;

use crate::modules::binascii::{bitwise_u32, crc32};
use crate::modules::buffer::bytes_like;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

use stream::{adler32, Container, ZError};

pub static MODULE: ModuleDef = ModuleDef {
    name: "zlib",
    type_name: "zlib",
    doc: "The functions in this module allow compression and decompression using the zlib library.",
    functions: &[
        f("compress", compress),
        f("decompress", decompress),
        f("compressobj", objects::compressobj),
        f("decompressobj", objects::decompressobj),
        f("adler32", adler32_fn),
        f("crc32", crc32_fn),
    ],
    attr,
    attr_names: &[
        "error",
        "DEFLATED",
        "DEF_BUF_SIZE",
        "DEF_MEM_LEVEL",
        "MAX_WBITS",
        "ZLIB_VERSION",
        "ZLIB_RUNTIME_VERSION",
        "Z_BEST_COMPRESSION",
        "Z_BEST_SPEED",
        "Z_BLOCK",
        "Z_DEFAULT_COMPRESSION",
        "Z_DEFAULT_STRATEGY",
        "Z_FILTERED",
        "Z_FINISH",
        "Z_FIXED",
        "Z_FULL_FLUSH",
        "Z_HUFFMAN_ONLY",
        "Z_NO_COMPRESSION",
        "Z_NO_FLUSH",
        "Z_PARTIAL_FLUSH",
        "Z_RLE",
        "Z_SYNC_FLUSH",
        "Z_TREES",
    ],
    setattr: None,
};

/// The zlib whose formats and constants the module reproduces (the one
/// Debian's CPython 3.11 links).
const ZLIB_VERSION: &str = "1.2.13";

pub const MAX_WBITS: i64 = 15;
pub const DEF_BUF_SIZE: i64 = 16384;

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let n = match name {
        "error" => return Some(Ok(type_value(&ERROR))),
        "ZLIB_VERSION" | "ZLIB_RUNTIME_VERSION" => return Some(Ok(Py::str(ZLIB_VERSION))),
        "DEFLATED" => 8,
        "DEF_BUF_SIZE" => DEF_BUF_SIZE,
        "DEF_MEM_LEVEL" => 8,
        "MAX_WBITS" => MAX_WBITS,
        "Z_BEST_COMPRESSION" => 9,
        "Z_BEST_SPEED" => 1,
        "Z_DEFAULT_COMPRESSION" => -1,
        "Z_NO_COMPRESSION" | "Z_DEFAULT_STRATEGY" | "Z_NO_FLUSH" => 0,
        "Z_FILTERED" | "Z_PARTIAL_FLUSH" => 1,
        "Z_HUFFMAN_ONLY" | "Z_SYNC_FLUSH" => 2,
        "Z_RLE" | "Z_FULL_FLUSH" => 3,
        "Z_FIXED" | "Z_FINISH" => 4,
        "Z_BLOCK" => 5,
        "Z_TREES" => 6,
        _ => return None,
    };
    Some(Ok(Py::Int(n)))
}

/// `zlib.error`.
pub static ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("zlib", "error", Some(&exceptions::exc_type("Exception")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&ERROR);
}

pub fn error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ERROR.clone(), vec![Py::str(msg.into())])
}

/// CPython's `zlib_error`: `Error <code> <while ...>: <zlib's message>`.
pub fn zlib_error(e: &ZError, doing: &str) -> PyErr {
    let doing = e.context.unwrap_or(doing);
    let msg = match (e.msg, e.code) {
        ("", stream::Z_BUF_ERROR) => "incomplete or truncated stream",
        ("", stream::Z_STREAM_ERROR) => "inconsistent stream state",
        ("", stream::Z_DATA_ERROR) => "invalid input data",
        (m, _) => m,
    };
    if msg.is_empty() {
        error(format!("Error {} {doing}", e.code))
    } else {
        error(format!("Error {} {doing}: {msg}", e.code))
    }
}

/// Refuses a positional-only parameter given by keyword.
pub fn positional_only(args: &Args, func: &str, name: &str) -> PyResult<()> {
    if args.pos.is_empty() {
        return Err(exceptions::type_error(format!("{func}() takes at least 1 positional argument (0 given)")));
    }
    if args.kw.iter().any(|(k, _)| &**k == name) {
        return Err(exceptions::type_error(format!(
            "{func}() got some positional-only arguments passed as keyword arguments: '{name}'"
        )));
    }
    Ok(())
}

fn no_kw(args: &Args, func: &str) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(exceptions::type_error(format!("{func}() takes no keyword arguments")))
    }
}

/// An int argument (`level`, `wbits`).
fn int_arg(func: &str, v: Option<&Py>, default: i64) -> PyResult<i64> {
    Ok(args::opt_int(func, v)?.unwrap_or(default))
}

/// One-shot compression into zlib's containers; `wbits` as zlib takes it.
pub fn compress_bytes(data: &[u8], level: i64, wbits: i64) -> PyResult<Vec<u8>> {
    let container = Container::for_compress(wbits).filter(|_| (-1..=9).contains(&level));
    let Some(container) = container else { return Err(error("Bad compression level")) };
    stream::deflate_all(data, level, container).map_err(|e| zlib_error(&e, "while compressing data"))
}

fn compress(_cx: &Cx, args: Args) -> PyResult<Py> {
    positional_only(&args, "compress", "data")?;
    let [data, level, wbits] = args.bind("compress", ["data", "level?", "wbits?"])?;
    let data = bytes_like(&args::req(data))?;
    let level = int_arg("compress", level.as_ref(), -1)?;
    let wbits = int_arg("compress", wbits.as_ref(), MAX_WBITS)?;
    Ok(Py::bytes(compress_bytes(&data, level, wbits)?))
}

/// One-shot decompression; `wbits` as zlib takes it.
pub fn decompress_bytes(data: &[u8], wbits: i64) -> PyResult<Vec<u8>> {
    let Some(container) = Container::for_decompress(wbits) else {
        return Err(error("Error -2 while preparing to decompress data: inconsistent stream state"));
    };
    stream::inflate_all(data, container).map_err(|e| zlib_error(&e, "while decompressing data"))
}

fn decompress(_cx: &Cx, args: Args) -> PyResult<Py> {
    positional_only(&args, "decompress", "data")?;
    let [data, wbits, bufsize] = args.bind("decompress", ["data", "wbits?", "bufsize?"])?;
    let data = bytes_like(&args::req(data))?;
    let wbits = int_arg("decompress", wbits.as_ref(), MAX_WBITS)?;
    if int_arg("decompress", bufsize.as_ref(), DEF_BUF_SIZE)? < 0 {
        return Err(exceptions::value_error("bufsize must be non-negative"));
    }
    Ok(Py::bytes(decompress_bytes(&data, wbits)?))
}

fn adler32_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    no_kw(&args, "zlib.adler32")?;
    let [data, value] = args.bind("adler32", ["data", "value?"])?;
    let start = match value {
        Some(v) => bitwise_u32(Some(&v))?,
        None => 1,
    };
    Ok(Py::from(adler32(&bytes_like(&args::req(data))?, start)))
}

fn crc32_fn(_cx: &Cx, args: Args) -> PyResult<Py> {
    no_kw(&args, "zlib.crc32")?;
    let [data, value] = args.bind("crc32", ["data", "value?"])?;
    Ok(Py::from(crc32(&bytes_like(&args::req(data))?, bitwise_u32(value.as_ref())?)))
}

#[cfg(test)]
mod tests {
    use crate::modules::testing::eval_line;
    use crate::objects::testing::cx;

    /// miniz_oxide does not say which rule corrupt deflate data broke, so
    /// the message is zlib's generic one where CPython names the rule
    /// ("invalid block type", ...); the class and code are the same.
    #[test]
    fn corrupt_deflate_data_is_a_data_error() {
        let cx = cx();
        crate::interp::execute(&cx, "import zlib, gzip").expect("import");
        let want = "zlib.error: Error -3 while decompressing data: invalid input data";
        assert_eq!(eval_line(&cx, r"zlib.decompress(b'\x07\x00', -15)"), want);
        assert_eq!(eval_line(&cx, r"gzip.decompress(b'\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x07\x00')"), want);
    }

    #[test]
    fn large_streams_round_trip_in_pieces() {
        let cx = cx();
        let src = "import zlib\n\
                   data = bytes(range(256)) * 4000 + b'tail' * 3000\n\
                   packed = zlib.compress(data, 6, 31)\n\
                   d = zlib.decompressobj(47)\n\
                   out = d.decompress(packed, 1000)\n\
                   while d.unconsumed_tail:\n    out += d.decompress(d.unconsumed_tail, 50000)\n\
                   out += d.flush()\n\
                   c = zlib.compressobj(1)\n\
                   packed2 = b''\n\
                   for i in range(0, len(data), 7000):\n    packed2 += c.compress(data[i:i + 7000])\n\
                   again = zlib.decompress(packed2 + c.flush())";
        crate::interp::execute(&cx, src).expect("run");
        assert_eq!(
            eval_line(&cx, "(out == data, d.eof, again == data, len(packed) < len(data) // 20)"),
            "(True, True, True, True)"
        );
    }
}
