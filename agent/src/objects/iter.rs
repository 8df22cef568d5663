//! The lazy iterators of builtins: `enumerate`, `zip`, `map`, `filter`,
//! `reversed`, and `iter(callable, sentinel)`.

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static ENUMERATE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "enumerate", None, &[], Some(enumerate_new)));
pub static ZIP: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "zip", None, &[], Some(zip_new)));
pub static MAP: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "map", None, &[], Some(map_new)));
pub static FILTER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "filter", None, &[], Some(filter_new)));
pub static REVERSED: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "reversed", None, &[], Some(reversed_new)));
pub static CALLABLE_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "callable_iterator", None, &[], None));

/// The slots every iterator here shares.
macro_rules! iterator_slots {
    () => {
        fn is_iterator(&self) -> bool {
            true
        }
        fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
            Ok(Some(Py::Obj(this.clone())))
        }
        // What it wraps may be a client object or Python code: using it
        // may wait, so not on the connection's task.
        fn blocks(&self, _method: Option<&str>) -> bool {
            true
        }
    };
}

pub struct Enumerate {
    it: Py,
    /// The next count: any int (`enumerate(x, 10**20)`).
    count: Mutex<Py>,
}

fn enumerate_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, start] = args.bind("enumerate", ["iterable", "start?"])?;
    let start = match start {
        None => Py::Int(0),
        Some(s) => semantics::index_value(&s).ok_or_else(|| {
            exceptions::type_error(format!("'{}' object cannot be interpreted as an integer", semantics::type_name(&s)))
        })?,
    };
    Ok(Py::obj(Enumerate { it: semantics::iter(cx, &req(iterable))?, count: Mutex::new(start) }))
}

impl PyObject for Enumerate {
    fn ty(&self) -> TypeRef {
        ENUMERATE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
        let i = {
            let mut count = self.count.lock().unwrap_or_else(|e| e.into_inner());
            let next = semantics::binary(cx, crate::runtime::object::BinOp::Add, &count, &Py::Int(1))?;
            std::mem::replace(&mut *count, next)
        };
        Ok(Some(Py::tuple(vec![i, item])))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.it.clone()]
    }
}

pub struct Zip {
    its: Vec<Py>,
    strict: bool,
    done: AtomicBool,
}

fn zip_new(cx: &Cx, _cls: &TypeRef, mut args: Args) -> PyResult<Py> {
    let strict = match args.take_kw("strict") {
        Some(s) => semantics::truthy(cx, &s)?,
        None => false,
    };
    args.no_kw("zip")?;
    let its = args.pos.iter().map(|a| semantics::iter(cx, a)).collect::<PyResult<Vec<_>>>()?;
    Ok(Py::obj(Zip { its, strict, done: AtomicBool::new(false) }))
}

impl PyObject for Zip {
    fn ty(&self) -> TypeRef {
        ZIP.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        if self.its.is_empty() || self.done.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(self.its.len());
        for (i, it) in self.its.iter().enumerate() {
            match semantics::next(cx, it)? {
                Some(v) => items.push(v),
                None => {
                    self.done.store(true, Ordering::Relaxed);
                    if self.strict {
                        if i > 0 {
                            let which = if i > 1 { format!("s 1-{i}") } else { " 1".to_owned() };
                            return Err(exceptions::value_error(format!(
                                "zip() argument {} is shorter than argument{which}",
                                i + 1
                            )));
                        }
                        for (j, other) in self.its.iter().enumerate().skip(1) {
                            if semantics::next(cx, other)?.is_some() {
                                let which = if j > 1 { format!("s 1-{j}") } else { " 1".to_owned() };
                                return Err(exceptions::value_error(format!(
                                    "zip() argument {} is longer than argument{which}",
                                    j + 1
                                )));
                            }
                        }
                    }
                    return Ok(None);
                }
            }
        }
        Ok(Some(Py::tuple(items)))
    }
    fn take_children(&self) -> Vec<Py> {
        self.its.clone()
    }
}

pub struct Map {
    func: Py,
    its: Vec<Py>,
}

fn map_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    args.no_kw("map")?;
    let mut pos = args.pos.into_iter();
    let Some(func) = pos.next() else {
        return Err(exceptions::type_error("map() must have at least two arguments."));
    };
    let its = pos.map(|a| semantics::iter(cx, &a)).collect::<PyResult<Vec<_>>>()?;
    if its.is_empty() {
        return Err(exceptions::type_error("map() must have at least two arguments."));
    }
    Ok(Py::obj(Map { func, its }))
}

impl PyObject for Map {
    fn ty(&self) -> TypeRef {
        MAP.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let mut items = Vec::with_capacity(self.its.len());
        for it in &self.its {
            match semantics::next(cx, it)? {
                Some(v) => items.push(v),
                None => return Ok(None),
            }
        }
        semantics::call(cx, &self.func, Args::positional(items)).map(Some)
    }
    fn take_children(&self) -> Vec<Py> {
        let mut v = self.its.clone();
        v.push(self.func.clone());
        v
    }
}

pub struct Filter {
    func: Py,
    it: Py,
}

fn filter_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [func, iterable] = args.bind("filter", ["function", "iterable"])?;
    Ok(Py::obj(Filter { func: req(func), it: semantics::iter(cx, &req(iterable))? }))
}

impl PyObject for Filter {
    fn ty(&self) -> TypeRef {
        FILTER.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        while let Some(item) = semantics::next(cx, &self.it)? {
            let keep = match &self.func {
                Py::None => semantics::truthy(cx, &item)?,
                f => {
                    let r = semantics::call(cx, f, Args::one(item.clone()))?;
                    semantics::truthy(cx, &r)?
                }
            };
            if keep {
                return Ok(Some(item));
            }
        }
        Ok(None)
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.func.clone(), self.it.clone()]
    }
}

/// `reversed(seq)` over a sequence with `len` and `[]`.
pub struct Reversed {
    seq: Py,
    pos: AtomicI64,
}

fn reversed_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [seq] = args.bind("reversed", ["sequence"])?;
    let seq = req(seq);
    if matches!(&seq, Py::Obj(_)) {
        match super::attr::call_method(cx, &seq, "__reversed__", Args::default()) {
            Ok(it) => return Ok(it),
            Err(e) if e.is("AttributeError") => {}
            Err(e) => return Err(e),
        }
    }
    let n = semantics::len(cx, &seq)
        .map_err(|_| exceptions::type_error(format!("'{}' object is not reversible", semantics::type_name(&seq))))?;
    if matches!(seq, Py::Obj(_)) && semantics::getitem(cx, &seq, &Py::Int(0)).is_err() && n > 0 {
        return Err(exceptions::type_error(format!("'{}' object is not reversible", semantics::type_name(&seq))));
    }
    Ok(Py::obj(Reversed { seq, pos: AtomicI64::new(n as i64 - 1) }))
}

impl PyObject for Reversed {
    fn ty(&self) -> TypeRef {
        REVERSED.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.pos.fetch_sub(1, Ordering::Relaxed);
        if i < 0 {
            return Ok(None);
        }
        match semantics::getitem(cx, &self.seq, &Py::Int(i)) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is("IndexError") => Ok(None),
            Err(e) => Err(e),
        }
    }
    fn length_hint(&self, cx: &Cx) -> PyResult<Option<usize>> {
        // The next index plus one, or 0 once the sequence is shorter.
        let left = self.pos.load(Ordering::Relaxed) + 1;
        if left <= 0 {
            return Ok(Some(0));
        }
        let len = semantics::len(cx, &self.seq)?;
        Ok(Some(if (len as i64) < left { 0 } else { left as usize }))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.seq.clone()]
    }
}

/// `iter(callable, sentinel)`: calls until the sentinel comes back.
pub struct CallableIter {
    func: Py,
    sentinel: Py,
    done: Mutex<bool>,
}

impl CallableIter {
    pub fn new(func: Py, sentinel: Py) -> Py {
        Py::obj(CallableIter { func, sentinel, done: Mutex::new(false) })
    }
}

impl PyObject for CallableIter {
    fn ty(&self) -> TypeRef {
        CALLABLE_ITERATOR.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        if *self.done.lock().unwrap_or_else(|e| e.into_inner()) {
            return Ok(None);
        }
        let v = semantics::call(cx, &self.func, Args::default())?;
        if semantics::eq(cx, &v, &self.sentinel)? {
            *self.done.lock().unwrap_or_else(|e| e.into_inner()) = true;
            return Ok(None);
        }
        Ok(Some(v))
    }
}
