//! `zlib.Compress` and `zlib.Decompress`: streaming (de)compressors, made
//! by `compressobj()` and `decompressobj()`.

use std::sync::{LazyLock, Mutex, MutexGuard};

use super::stream::{Container, Deflater, Inflater, ZError, Z_STREAM_ERROR};
use super::{int_arg, zlib_error, DEF_BUF_SIZE, MAX_WBITS};
use crate::modules::buffer::{self, bytes_like};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static COMPRESS: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zlib", "Compress", None, &COMPRESS_METHODS, None));

pub static DECOMPRESS: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("zlib", "Decompress", None, &DECOMPRESS_METHODS, None));

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `decompressobj`'s `zdict` argument: bytes-like.
fn zdict_arg(v: Option<Py>) -> PyResult<Option<Vec<u8>>> {
    match v.filter(|z| !z.is_none()) {
        None => Ok(None),
        Some(z) => buffer::buffer_of(&z)
            .map(|b| Some(b.to_vec()))
            .ok_or_else(|| exceptions::type_error("zdict argument must support the buffer protocol")),
    }
}

/// `compressobj(level=-1, method=DEFLATED, wbits=MAX_WBITS,
/// memLevel=DEF_MEM_LEVEL, strategy=Z_DEFAULT_STRATEGY, zdict=None)`.
pub fn compressobj(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [level, method, wbits, mem_level, strategy, zdict] =
        args.bind("compressobj", ["level?", "method?", "wbits?", "memLevel?", "strategy?", "zdict?"])?;
    let level = int_arg("compressobj", level.as_ref(), -1)?;
    let method = int_arg("compressobj", method.as_ref(), 8)?;
    let wbits = int_arg("compressobj", wbits.as_ref(), MAX_WBITS)?;
    let mem_level = int_arg("compressobj", mem_level.as_ref(), 8)?;
    let strategy = int_arg("compressobj", strategy.as_ref(), 0)?;
    let zdict = match zdict.filter(|z| !z.is_none()) {
        None => None,
        Some(z) => Some(buffer::bytes_like(&z)?.to_vec()),
    };
    let container = Container::for_compress(wbits).filter(|_| {
        (-1..=9).contains(&level) && method == 8 && (1..=9).contains(&mem_level) && (0..=4).contains(&strategy)
    });
    let Some(container) = container else { return Err(exceptions::value_error("Invalid initialization option")) };
    if zdict.is_some() && matches!(container, Container::Gzip { .. }) {
        return Err(exceptions::value_error("Invalid dictionary"));
    }
    let deflater = Deflater::new(level, container, strategy, zdict.as_deref());
    Ok(Py::obj(CompressObj { state: Mutex::new(deflater) }))
}

struct CompressObj {
    state: Mutex<Deflater>,
}

impl PyObject for CompressObj {
    fn ty(&self) -> TypeRef {
        COMPRESS.clone()
    }
}

fn compressor(this: &Py) -> PyResult<&CompressObj> {
    this.downcast::<CompressObj>().ok_or_else(|| exceptions::type_error("descriptor requires a 'zlib.Compress' object"))
}

static COMPRESS_METHODS: [Method; 3] = [
    method("compress", |_, this, args| {
        let [data] = args.bind("compress", ["data"])?;
        let data = bytes_like(&args::req(data))?;
        let out = lock(&compressor(this)?.state).compress(&data);
        Ok(Py::bytes(out.map_err(|e| zlib_error(&e, "while compressing data"))?))
    }),
    method("flush", |_, this, args| {
        let [mode] = args.bind("flush", ["mode?"])?;
        let mode = int_arg("flush", mode.as_ref(), 4)?;
        let out = lock(&compressor(this)?.state).flush(mode);
        Ok(Py::bytes(out.map_err(|e| zlib_error(&e, "while flushing"))?))
    }),
    method("copy", |_, this, args| {
        args.none("copy")?;
        let copy = lock(&compressor(this)?.state).clone();
        Ok(Py::obj(CompressObj { state: Mutex::new(copy) }))
    }),
];

/// `decompressobj(wbits=MAX_WBITS, zdict=b'')`.
pub fn decompressobj(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [wbits, zdict] = args.bind("decompressobj", ["wbits?", "zdict?"])?;
    let wbits = int_arg("decompressobj", wbits.as_ref(), MAX_WBITS)?;
    let zdict = zdict_arg(zdict)?;
    let Some(container) = Container::for_decompress(wbits) else {
        return Err(super::error("Error -2 while creating decompression object: inconsistent stream state"));
    };
    Ok(Py::obj(DecompressObj {
        state: Mutex::new(Decompression {
            inflater: Inflater::with_dictionary(container, zdict),
            unconsumed_tail: Vec::new(),
            unused_data: Vec::new(),
            closed: false,
        }),
    }))
}

/// The state of a `Decompress` object, kept as CPython's keeps it: input
/// after the end of the stream accumulates in `unused_data`; the tail is
/// what a call did not use, and it is rewritten whenever it was not empty
/// before (a CPython 3.11 quirk: after the stream ends from a tail, the
/// tail still shows the bytes that also went to `unused_data`).
#[derive(Clone)]
struct Decompression {
    inflater: Inflater,
    unconsumed_tail: Vec<u8>,
    unused_data: Vec<u8>,
    /// `flush()` saw the end of the stream (zlib's `inflateEnd`): the
    /// object decompresses no more.
    closed: bool,
}

impl Decompression {
    fn run(&mut self, data: &[u8], max_length: usize) -> Result<Vec<u8>, ZError> {
        let (out, used) = self.inflater.decompress(data, max_length)?;
        let left = &data[used..];
        let ended = self.inflater.eof();
        if ended {
            self.unused_data.extend_from_slice(left);
        }
        if (!ended && !left.is_empty()) || !self.unconsumed_tail.is_empty() {
            self.unconsumed_tail = left.to_vec();
        }
        Ok(out)
    }
}

struct DecompressObj {
    state: Mutex<Decompression>,
}

impl PyObject for DecompressObj {
    fn ty(&self) -> TypeRef {
        DECOMPRESS.clone()
    }
}

fn decompressor(this: &Py) -> PyResult<&DecompressObj> {
    this.downcast::<DecompressObj>()
        .ok_or_else(|| exceptions::type_error("descriptor requires a 'zlib.Decompress' object"))
}

static DECOMPRESS_METHODS: [Method; 6] = [
    method("decompress", |_, this, args| {
        let [data, max_length] = args.bind("decompress", ["data", "max_length?"])?;
        let data = bytes_like(&args::req(data))?;
        let max_length = int_arg("decompress", max_length.as_ref(), 0)?;
        if max_length < 0 {
            return Err(exceptions::value_error("max_length must be non-negative"));
        }
        let mut st = lock(&decompressor(this)?.state);
        if st.closed {
            return Err(zlib_error(&ZError::new(Z_STREAM_ERROR, ""), "while decompressing data"));
        }
        let out = st.run(&data, max_length as usize).map_err(|e| zlib_error(&e, "while decompressing data"))?;
        Ok(Py::bytes(out))
    }),
    method("flush", |_, this, args| {
        let [length] = args.bind("flush", ["length?"])?;
        if int_arg("flush", length.as_ref(), DEF_BUF_SIZE)? <= 0 {
            return Err(exceptions::value_error("length must be greater than zero"));
        }
        let mut st = lock(&decompressor(this)?.state);
        if st.closed {
            return Ok(Py::bytes(Vec::new()));
        }
        let tail = st.unconsumed_tail.clone();
        let out = st.run(&tail, 0).map_err(|e| zlib_error(&e, "while flushing"))?;
        st.closed = st.inflater.eof();
        Ok(Py::bytes(out))
    }),
    method("copy", |_, this, args| {
        args.none("copy")?;
        let copy = lock(&decompressor(this)?.state).clone();
        Ok(Py::obj(DecompressObj { state: Mutex::new(copy) }))
    }),
    property("unused_data", |_, this, _| Ok(Py::bytes(lock(&decompressor(this)?.state).unused_data.clone()))),
    property("unconsumed_tail", |_, this, _| Ok(Py::bytes(lock(&decompressor(this)?.state).unconsumed_tail.clone()))),
    property("eof", |_, this, _| Ok(Py::Bool(lock(&decompressor(this)?.state).inflater.eof()))),
];
