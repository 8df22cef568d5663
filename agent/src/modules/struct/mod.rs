//! `struct`: packing values into C-layout bytes and back (`pack`,
//! `unpack`, `unpack_from`, `iter_unpack`, `calcsize`, `Struct` objects and
//! `struct.error`) as CPython 3.11 does, with the sizes, alignment and byte
//! order of the host in native mode ([`layout`]). `pack_into` is absent:
//! the agent has no writable buffers.

mod codec;
mod layout;
#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};

use crate::modules::buffer;
use crate::objects::bytes;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, exception_new, PyErr, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

use layout::Layout;

pub static MODULE: ModuleDef = ModuleDef {
    name: "struct",
    type_name: "struct",
    doc: "Functions to convert between Python values and C structs.",
    functions: &[
        f("calcsize", calcsize),
        f("pack", pack),
        f("unpack", unpack),
        f("unpack_from", unpack_from),
        f("iter_unpack", iter_unpack),
    ],
    attr,
    attr_names: &["Struct", "error"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(type_value(match name {
        "Struct" => &STRUCT,
        "error" => &ERROR,
        _ => return None,
    })))
}

/// `struct.error`.
pub static ERROR: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native("struct", "error", Some(&exceptions::exc_type("Exception")), &[], Some(exception_new));
    exceptions::register_class(&t);
    t
});

/// Makes `struct.error` known before the client can raise one.
pub fn register_classes() {
    LazyLock::force(&ERROR);
}

fn error(msg: impl Into<String>) -> PyErr {
    PyErr::new(ERROR.clone(), vec![Py::str(msg.into())])
}

/// `_struct.Struct`.
pub static STRUCT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_struct", "Struct", None, &STRUCT_METHODS, Some(struct_new)));

static STRUCT_METHODS: [Method; 6] = [
    method("pack", |cx, this, args| Ok(Py::bytes(codec::pack(cx, &me(this)?.layout, &args.pos)?))),
    method("unpack", |_, this, args| {
        let buffer = one_arg("Struct.unpack", args)?;
        unpack_exact(&me(this)?.layout, &buffer)
    }),
    method("unpack_from", |_, this, args| {
        let [buffer, offset] = args.bind("unpack_from", ["buffer", "offset?"])?;
        unpack_at(&me(this)?.layout, &args::req(buffer), offset.as_ref())
    }),
    method("iter_unpack", |_, this, args| {
        let buffer = one_arg("Struct.iter_unpack", args)?;
        UnpackIter::new(&me(this)?.layout, &buffer)
    }),
    property("format", |_, this, _| Ok(Py::str(me(this)?.format.clone()))),
    property("size", |_, this, _| Ok(Py::from(me(this)?.layout.size))),
];

/// A compiled format.
pub struct StructObj {
    format: String,
    layout: Arc<Layout>,
}

impl PyObject for StructObj {
    fn ty(&self) -> TypeRef {
        STRUCT.clone()
    }
}

fn me(this: &Py) -> PyResult<&StructObj> {
    this.downcast::<StructObj>().ok_or_else(|| exceptions::type_error("descriptor requires a '_struct.Struct' object"))
}

fn struct_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [format] = args.bind("Struct", ["format"])?;
    let (format, layout) = compile(&args::req(format))?;
    Ok(Py::obj(StructObj { format, layout: Arc::new(layout) }))
}

/// A format argument (str or bytes) and its layout.
fn compile(format: &Py) -> PyResult<(String, Layout)> {
    let text = match format {
        Py::Str(s) => {
            bytes::encode(s, "ascii", "strict")?;
            s.to_string()
        }
        other => match buffer::buffer_of(other) {
            Some(b) if matches!(other, Py::Bytes(_)) => String::from_utf8_lossy(&b).into_owned(),
            _ => {
                return Err(exceptions::type_error(format!(
                    "Struct() argument 1 must be a str or bytes object, not {}",
                    semantics::type_name(other)
                )))
            }
        },
    };
    let layout = layout::parse(text.as_bytes())?;
    Ok((text, layout))
}

/// A method that takes exactly one positional argument (`METH_O`).
fn one_arg(func: &str, args: Args) -> PyResult<Py> {
    args.no_kw(func)?;
    let n = args.pos.len();
    match <[Py; 1]>::try_from(args.pos) {
        Ok([v]) => Ok(v),
        Err(_) => Err(exceptions::type_error(format!("{func}() takes exactly one argument ({n} given)"))),
    }
}

/// A module function taking `count` positional arguments (the format first).
fn positional<const N: usize>(func: &str, args: Args) -> PyResult<[Py; N]> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("_struct.{func}() takes no keyword arguments")));
    }
    let n = args.pos.len();
    <[Py; N]>::try_from(args.pos).map_err(|_| exceptions::type_error(format!("{func} expected {N} arguments, got {n}")))
}

fn unpack_exact(layout: &Layout, buffer: &Py) -> PyResult<Py> {
    let data = buffer::bytes_like(buffer)?;
    if data.len() != layout.size {
        return Err(error(format!("unpack requires a buffer of {} bytes", layout.size)));
    }
    Ok(Py::tuple(codec::unpack(layout, &data)))
}

fn unpack_at(layout: &Layout, buffer: &Py, offset: Option<&Py>) -> PyResult<Py> {
    let data = buffer::bytes_like(buffer)?;
    let given = args::opt_int("unpack_from", offset)?.unwrap_or(0);
    let len = data.len() as i64;
    let size = layout.size as i64;
    let mut offset = given;
    if offset < 0 {
        if offset + len < 0 {
            return Err(error(format!("offset {given} out of range for {len}-byte buffer")));
        }
        offset += len;
        if len - offset < size {
            return Err(error(format!("not enough data to unpack {size} bytes at offset {given}")));
        }
    }
    if len - offset < size {
        return Err(error(format!(
            "unpack_from requires a buffer of at least {} bytes for unpacking {size} bytes at offset {offset} (actual buffer size is {len})",
            size + offset
        )));
    }
    let start = offset as usize;
    Ok(Py::tuple(codec::unpack(layout, &data[start..start + layout.size])))
}

/// `struct.pack(format, *values)` for other modules (`gzip` headers).
pub fn pack_format(cx: &Cx, format: &str, values: &[Py]) -> PyResult<Vec<u8>> {
    codec::pack(cx, &layout::parse(format.as_bytes())?, values)
}

fn calcsize(_cx: &Cx, args: Args) -> PyResult<Py> {
    let format = one_arg("_struct.calcsize", args)?;
    Ok(Py::from(compile(&format)?.1.size))
}

fn pack(cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("_struct.pack() takes no keyword arguments"));
    }
    let mut values = args.pos.into_iter();
    let format = values.next().ok_or_else(|| exceptions::type_error("missing format argument"))?;
    let (_, layout) = compile(&format)?;
    Ok(Py::bytes(codec::pack(cx, &layout, &values.collect::<Vec<_>>())?))
}

fn unpack(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [format, buffer] = positional("unpack", args)?;
    unpack_exact(&compile(&format)?.1, &buffer)
}

fn unpack_from(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [format, buffer, offset] = args.bind("unpack_from", ["format", "buffer", "offset?"])?;
    let (_, layout) = compile(&args::req(format))?;
    unpack_at(&layout, &args::req(buffer), offset.as_ref())
}

fn iter_unpack(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [format, buffer] = positional("iter_unpack", args)?;
    UnpackIter::new(&Arc::new(compile(&format)?.1), &buffer)
}

/// `_struct.unpack_iterator`.
static UNPACK_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_struct", "unpack_iterator", None, &UNPACK_ITERATOR_METHODS, None));

static UNPACK_ITERATOR_METHODS: [Method; 1] = [method("__length_hint__", |_, this, _| {
    let it = this.downcast::<UnpackIter>().ok_or_else(|| exceptions::type_error("expected an unpack_iterator"))?;
    let left = it.data.len().saturating_sub(it.pos.load(Ordering::Relaxed)) / it.layout.size;
    Ok(Py::from(left))
})];

struct UnpackIter {
    layout: Arc<Layout>,
    data: Arc<[u8]>,
    pos: AtomicUsize,
}

impl UnpackIter {
    fn new(layout: &Arc<Layout>, buffer: &Py) -> PyResult<Py> {
        let data = buffer::bytes_like(buffer)?;
        if layout.size == 0 {
            return Err(error("cannot iteratively unpack with a struct of length 0"));
        }
        if data.len() % layout.size != 0 {
            return Err(error(format!("iterative unpacking requires a buffer of a multiple of {} bytes", layout.size)));
        }
        Ok(Py::obj(UnpackIter { layout: layout.clone(), data, pos: AtomicUsize::new(0) }))
    }
}

impl PyObject for UnpackIter {
    fn ty(&self) -> TypeRef {
        UNPACK_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let size = self.layout.size;
        let start = self.pos.fetch_add(size, Ordering::Relaxed);
        Ok(self.data.get(start..start + size).map(|chunk| Py::tuple(codec::unpack(&self.layout, chunk))))
    }
}
