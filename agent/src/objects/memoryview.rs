//! `memoryview`: a one-dimensional view of unsigned bytes (format `'B'`)
//! over bytes (read-only) or a bytearray (writable, live: writes through
//! the view change the bytearray and the view sees its changes), sliced
//! without copying; released explicitly or by `with`. Bytes-like arguments
//! accept it everywhere (its [`PyObject::buffer`]).
//!
//! Unlike CPython, a bytearray with views can still be resized; a view
//! then reads only the bytes that remain (`IndexError` past them).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

use super::attr;
use super::bytearray::ByteArray;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::object::{address, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MEMORYVIEW: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "memoryview", None, &METHODS, Some(memoryview_new)).in_c());

/// The memory a view reads.
#[derive(Clone)]
enum Memory {
    Bytes(Arc<[u8]>),
    ByteArray(ObjRef),
}

pub struct MemoryView {
    /// The exporting object (`mv.obj`).
    obj: Py,
    memory: Memory,
    /// Where the view's first item lies in the memory, and the distance
    /// between items (negative for reversed slices).
    start: usize,
    step: isize,
    len: usize,
    readonly: bool,
    released: AtomicBool,
}

fn released_error() -> PyErr {
    exceptions::value_error("operation forbidden on released memoryview object")
}

/// `memoryview(object)`.
fn memoryview_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [object] = args.bind("memoryview", ["object"])?;
    let object = req(object);
    if let Some(mv) = object.downcast::<MemoryView>() {
        mv.check()?;
        return Ok(Py::obj(MemoryView {
            obj: mv.obj.clone(),
            memory: mv.memory.clone(),
            start: mv.start,
            step: mv.step,
            len: mv.len,
            readonly: mv.readonly,
            released: AtomicBool::new(false),
        }));
    }
    let (memory, len, readonly) = match (&object, object.downcast::<ByteArray>()) {
        (Py::Obj(o), Some(ba)) => (Memory::ByteArray(o.clone()), ba.lock().len(), false),
        _ => match semantics::buffer_bytes(&object) {
            Some(b) => {
                let len = b.len();
                (Memory::Bytes(b), len, true)
            }
            None => {
                return Err(exceptions::type_error(format!(
                    "memoryview: a bytes-like object is required, not '{}'",
                    semantics::type_name(&object)
                )))
            }
        },
    };
    Ok(Py::obj(MemoryView { obj: object, memory, start: 0, step: 1, len, readonly, released: AtomicBool::new(false) }))
}

impl MemoryView {
    fn check(&self) -> PyResult<()> {
        if self.released.load(Ordering::Relaxed) {
            return Err(released_error());
        }
        Ok(())
    }

    /// Runs `f` on the memory's current bytes.
    fn with_memory<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        match &self.memory {
            Memory::Bytes(b) => f(b),
            Memory::ByteArray(o) => match o.as_any().downcast_ref::<ByteArray>() {
                Some(ba) => f(&ba.lock()),
                None => f(&[]),
            },
        }
    }

    /// The memory position of item `i` (`i < len`).
    fn position(&self, i: usize) -> usize {
        (self.start as isize + i as isize * self.step) as usize
    }

    /// The view's bytes, in order.
    fn bytes(&self) -> PyResult<Vec<u8>> {
        self.check()?;
        self.with_memory(|m| {
            (0..self.len).map(|i| m.get(self.position(i)).copied().ok_or_else(resized)).collect::<PyResult<Vec<u8>>>()
        })
    }

    fn item(&self, i: usize) -> PyResult<u8> {
        self.with_memory(|m| m.get(self.position(i)).copied().ok_or_else(resized))
    }

    /// A normalized index, as CPython words its errors.
    fn index(&self, key: &Py) -> PyResult<usize> {
        let i = match semantics::index_value(key) {
            Some(Py::Int(i)) => i,
            Some(_) => return Err(exceptions::index_error("cannot fit 'int' into an index-sized integer")),
            None => return Err(exceptions::type_error("memoryview: invalid slice key")),
        };
        let len = self.len as i64;
        let real = if i < 0 { i + len } else { i };
        if real < 0 || real >= len {
            return Err(exceptions::index_error("index out of bounds on dimension 1"));
        }
        Ok(real as usize)
    }

    /// The view of a slice of this one: same memory, no copy.
    fn slice(&self, cx: &Cx, sl: &Slice) -> PyResult<MemoryView> {
        let (start, _, step, count) = slice::adjust(cx, sl, self.len)?;
        let first = if count == 0 { self.start } else { self.position(start as usize) };
        Ok(MemoryView {
            obj: self.obj.clone(),
            memory: self.memory.clone(),
            start: first,
            step: self.step * step as isize,
            len: count,
            readonly: self.readonly,
            released: AtomicBool::new(false),
        })
    }

    fn write(&self, positions: &[usize], data: &[u8]) -> PyResult<()> {
        let Memory::ByteArray(o) = &self.memory else { return Err(read_only()) };
        let Some(ba) = o.as_any().downcast_ref::<ByteArray>() else { return Err(read_only()) };
        let mut m = ba.lock();
        if positions.iter().any(|&p| p >= m.len()) {
            return Err(resized());
        }
        for (&p, &b) in positions.iter().zip(data) {
            m[p] = b;
        }
        Ok(())
    }
}

fn resized() -> PyErr {
    exceptions::index_error("memoryview: the underlying bytearray was resized")
}

fn read_only() -> PyErr {
    exceptions::type_error("cannot modify read-only memory")
}

fn byte_item(v: &Py) -> PyResult<u8> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) if (0..256).contains(&n) => Ok(n as u8),
        Some(_) => Err(exceptions::value_error("memoryview: invalid value for format 'B'")),
        None => Err(exceptions::type_error("memoryview: invalid type for format 'B'")),
    }
}

impl PyObject for MemoryView {
    fn ty(&self) -> TypeRef {
        MEMORYVIEW.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let released = if self.released.load(Ordering::Relaxed) { "released " } else { "" };
        Ok(format!("<{released}memory at {:#x}>", address(this)))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        self.check()?;
        Ok(Some(self.len))
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        let items: Vec<Py> = self.bytes()?.into_iter().map(|b| Py::Int(i64::from(b))).collect();
        semantics::iter(cx, &Py::tuple(items)).map(Some)
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        self.check()?;
        if let Some(sl) = key.downcast::<Slice>() {
            return Ok(Some(Py::obj(self.slice(cx, sl)?)));
        }
        let i = self.index(key)?;
        Ok(Some(Py::Int(i64::from(self.item(i)?))))
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        self.check()?;
        if self.readonly {
            return Err(read_only());
        }
        if let Some(sl) = key.downcast::<Slice>() {
            let target = self.slice(cx, sl)?;
            let data = semantics::buffer_bytes(&value).ok_or_else(|| {
                exceptions::type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    semantics::type_name(&value)
                ))
            })?;
            if data.len() != target.len {
                return Err(exceptions::value_error(
                    "memoryview assignment: lvalue and rvalue have different structures",
                ));
            }
            let positions: Vec<usize> = (0..target.len).map(|i| target.position(i)).collect();
            self.write(&positions, &data)?;
            return Ok(true);
        }
        let i = self.index(&key)?;
        let b = byte_item(&value)?;
        self.write(&[self.position(i)], &[b])?;
        Ok(true)
    }
    fn delitem(&self, _key: &Py, _cx: &Cx) -> PyResult<bool> {
        self.check()?;
        if self.readonly {
            return Err(read_only());
        }
        Err(exceptions::type_error("cannot delete memory"))
    }
    fn richcmp(&self, this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        // A released view equals only itself.
        if self.released.load(Ordering::Relaxed) {
            let same = matches!(other, Py::Obj(o) if Arc::ptr_eq(o, this));
            return Ok(Some(same == (op == CmpOp::Eq)));
        }
        let theirs = match other.downcast::<MemoryView>() {
            Some(mv) if mv.released.load(Ordering::Relaxed) => return Ok(Some(op == CmpOp::Ne)),
            Some(mv) => mv.bytes()?,
            None => match semantics::buffer_bytes(other) {
                Some(b) => b.to_vec(),
                None => return Ok(None),
            },
        };
        Ok(Some((self.bytes()? == theirs) == (op == CmpOp::Eq)))
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        self.check()?;
        if !self.readonly {
            return Err(exceptions::value_error("cannot hash writable memoryview object"));
        }
        semantics::hash(cx, &Py::bytes(self.bytes()?)).map(Some)
    }
    fn buffer(&self) -> Option<Arc<[u8]>> {
        self.bytes().ok().map(Arc::from)
    }
}

fn view(this: &Py) -> PyResult<&MemoryView> {
    this.downcast::<MemoryView>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'memoryview' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// A property of an unreleased view.
fn live(this: &Py) -> PyResult<&MemoryView> {
    let mv = view(this)?;
    mv.check()?;
    Ok(mv)
}

static METHODS: [Method; 18] = [
    method("tobytes", |_, this, a| {
        let [_order] = a.bind("tobytes", ["order?"])?;
        Ok(Py::bytes(view(this)?.bytes()?))
    }),
    method("tolist", |_, this, a| {
        a.none("tolist")?;
        let items = view(this)?.bytes()?.into_iter().map(|b| Py::Int(i64::from(b))).collect();
        Ok(super::list::List::new(items))
    }),
    method("hex", |cx, this, a| attr::call_method(cx, &Py::bytes(view(this)?.bytes()?), "hex", a)),
    method("release", |_, this, a| {
        a.none("release")?;
        view(this)?.released.store(true, Ordering::Relaxed);
        Ok(Py::None)
    }),
    method("toreadonly", |_, this, a| {
        a.none("toreadonly")?;
        let mv = live(this)?;
        Ok(Py::obj(MemoryView {
            obj: mv.obj.clone(),
            memory: mv.memory.clone(),
            start: mv.start,
            step: mv.step,
            len: mv.len,
            readonly: true,
            released: AtomicBool::new(false),
        }))
    }),
    method("__enter__", |_, this, a| {
        a.none("__enter__")?;
        live(this)?;
        Ok(this.clone())
    }),
    method("__exit__", |_, this, _| {
        view(this)?.released.store(true, Ordering::Relaxed);
        Ok(Py::None)
    }),
    property("obj", |_, this, _| Ok(live(this)?.obj.clone())),
    property("nbytes", |_, this, _| Ok(Py::from(live(this)?.len))),
    property("readonly", |_, this, _| Ok(Py::Bool(live(this)?.readonly))),
    property("itemsize", |_, this, _| live(this).map(|_| Py::Int(1))),
    property("format", |_, this, _| live(this).map(|_| Py::str("B"))),
    property("ndim", |_, this, _| live(this).map(|_| Py::Int(1))),
    property("shape", |_, this, _| Ok(Py::tuple(vec![Py::from(live(this)?.len)]))),
    property("strides", |_, this, _| Ok(Py::tuple(vec![Py::Int(live(this)?.step as i64)]))),
    property("suboffsets", |_, this, _| live(this).map(|_| Py::tuple(Vec::new()))),
    property("contiguous", |_, this, _| {
        let mv = live(this)?;
        Ok(Py::Bool(mv.step == 1 || mv.len <= 1))
    }),
    property("c_contiguous", |_, this, _| {
        let mv = live(this)?;
        Ok(Py::Bool(mv.step == 1 || mv.len <= 1))
    }),
];
