//! Iterators over the immutable kinds (tuple, str, bytes) and over client
//! iterables.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use rpyc_protocol::Netref;

use super::context::Cx;
use super::exceptions::PyResult;
use super::object::{ObjRef, PyObject};
use super::semantics;
use super::types::{Type, TypeRef};
use super::value::Py;

fn iterator_type(name: &'static str) -> TypeRef {
    Type::native("builtins", name, None, &[], None)
}

pub static TUPLE_ITERATOR: LazyLock<TypeRef> = LazyLock::new(|| iterator_type("tuple_iterator"));
pub static STR_ITERATOR: LazyLock<TypeRef> = LazyLock::new(|| iterator_type("str_iterator"));
pub static STR_ASCII_ITERATOR: LazyLock<TypeRef> = LazyLock::new(|| iterator_type("str_ascii_iterator"));
pub static BYTES_ITERATOR: LazyLock<TypeRef> = LazyLock::new(|| iterator_type("bytes_iterator"));
pub static CLIENT_ITERATOR: LazyLock<TypeRef> = LazyLock::new(|| iterator_type("client_iterator"));

/// Over the items of a tuple (or any shared slice of values: a snapshot of
/// a set iterates this way, as a `set_iterator`).
pub struct TupleIter {
    items: Arc<[Py]>,
    pos: AtomicUsize,
    ty: &'static LazyLock<TypeRef>,
}

impl TupleIter {
    pub fn new(items: Arc<[Py]>) -> Py {
        Self::of_type(items, &TUPLE_ITERATOR)
    }

    /// Over `items`, reporting `ty` as its class.
    pub fn of_type(items: Arc<[Py]>, ty: &'static LazyLock<TypeRef>) -> Py {
        Py::Obj(Arc::new(TupleIter { items, pos: AtomicUsize::new(0), ty }))
    }
}

impl PyObject for TupleIter {
    fn ty(&self) -> TypeRef {
        (*self.ty).clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        Ok(self.items.get(i).cloned())
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.items.len().saturating_sub(self.pos.load(Ordering::Relaxed))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.items.to_vec()
    }
}

/// Over the characters of a str.
pub struct StrIter {
    text: Arc<str>,
    /// Byte offset of the next character.
    pos: AtomicUsize,
}

impl StrIter {
    pub fn new(text: Arc<str>) -> Py {
        Py::Obj(Arc::new(StrIter { text, pos: AtomicUsize::new(0) }))
    }
}

impl PyObject for StrIter {
    fn ty(&self) -> TypeRef {
        if self.text.is_ascii() {
            STR_ASCII_ITERATOR.clone()
        } else {
            STR_ITERATOR.clone()
        }
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let at = self.pos.load(Ordering::Relaxed);
        let Some(c) = self.text.get(at..).and_then(|rest| rest.chars().next()) else { return Ok(None) };
        self.pos.store(at + c.len_utf8(), Ordering::Relaxed);
        let mut buf = [0u8; 4];
        Ok(Some(Py::str(&*c.encode_utf8(&mut buf))))
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        let at = self.pos.load(Ordering::Relaxed);
        Ok(Some(self.text.get(at..).map_or(0, |rest| rest.chars().count())))
    }
}

/// Over the bytes of a bytes object, as ints.
pub struct BytesIter {
    data: Arc<[u8]>,
    pos: AtomicUsize,
}

impl BytesIter {
    pub fn new(data: Arc<[u8]>) -> Py {
        Py::Obj(Arc::new(BytesIter { data, pos: AtomicUsize::new(0) }))
    }
}

impl PyObject for BytesIter {
    fn ty(&self) -> TypeRef {
        BYTES_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        Ok(self.data.get(i).map(|b| Py::Int((*b).into())))
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.data.len().saturating_sub(self.pos.load(Ordering::Relaxed))))
    }
}

/// Over a client iterable: one `__next__` request per item.
pub struct ClientIter {
    it: Mutex<Option<Netref>>,
}

impl ClientIter {
    pub fn new(it: Netref) -> Py {
        Py::Obj(Arc::new(ClientIter { it: Mutex::new(Some(it)) }))
    }
}

impl PyObject for ClientIter {
    fn ty(&self) -> TypeRef {
        CLIENT_ITERATOR.clone()
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let it = self.it.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let Some(it) = it else { return Ok(None) };
        let item = semantics::next(cx, &Py::Client(it))?;
        if item.is_none() {
            *self.it.lock().unwrap_or_else(|e| e.into_inner()) = None;
        }
        Ok(item)
    }
}
