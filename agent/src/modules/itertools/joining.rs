//! The iterators that combine or map items: `accumulate`, `chain`,
//! `pairwise`, `starmap`, `zip_longest`, and `tee`'s shared buffers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use super::{exact_args, iterator_slots, lock};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static ACCUMULATE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "accumulate", None, &[], Some(accumulate_new)).in_c());
pub static CHAIN: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "chain", None, &CHAIN_METHODS, Some(chain_new)).in_c());
pub static PAIRWISE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "pairwise", None, &[], Some(pairwise_new)).in_c());
pub static STARMAP: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "starmap", None, &[], Some(starmap_new)).in_c());
pub static ZIP_LONGEST: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "zip_longest", None, &[], Some(zip_longest_new)).in_c());
static TEE: LazyLock<TypeRef> = LazyLock::new(|| Type::native("itertools", "_tee", None, &TEE_METHODS, None).in_c());

// ------------------------------------------------------------------ accumulate

struct Accumulate {
    it: Py,
    func: Py,
    /// The running total; `initial` first when given.
    total: Mutex<Option<Py>>,
    /// `initial` still to be given.
    initial: Mutex<Option<Py>>,
}

fn accumulate_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, func, initial] = args.bind("accumulate", ["iterable", "func?", "$initial?"])?;
    Ok(Py::obj(Accumulate {
        it: semantics::iter(cx, &req(iterable))?,
        func: func.unwrap_or(Py::None),
        total: Mutex::new(None),
        initial: Mutex::new(initial.filter(|v| !v.is_none())),
    }))
}

impl PyObject for Accumulate {
    fn ty(&self) -> TypeRef {
        ACCUMULATE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(first) = lock(&self.initial).take() {
            *lock(&self.total) = Some(first.clone());
            return Ok(Some(first));
        }
        let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
        let total = lock(&self.total).clone();
        let new = match total {
            None => item,
            Some(t) if self.func.is_none() => semantics::binary(cx, BinOp::Add, &t, &item)?,
            Some(t) => semantics::call(cx, &self.func, Args::positional(vec![t, item]))?,
        };
        *lock(&self.total) = Some(new.clone());
        Ok(Some(new))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.it.clone(), self.func.clone()];
        out.extend(lock(&self.total).take());
        out
    }
}

// ------------------------------------------------------------------ chain

struct Chain {
    /// The iterator over the iterables; `None` once it is exhausted.
    source: Mutex<Option<Py>>,
    /// The iterator of the current iterable.
    active: Mutex<Option<Py>>,
}

fn chain_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("chain() takes no keyword arguments"));
    }
    Ok(chain_of(args.pos))
}

/// `chain(*iterables)`.
pub fn chain_of(iterables: Vec<Py>) -> Py {
    from_iterator(crate::runtime::iterators::TupleIter::new(iterables.into()))
}

fn from_iterator(source: Py) -> Py {
    Py::obj(Chain { source: Mutex::new(Some(source)), active: Mutex::new(None) })
}

fn from_iterable(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("from_iterable", ["iterable"])?;
    Ok(from_iterator(semantics::iter(cx, &req(iterable))?))
}

static CHAIN_METHODS: [Method; 1] = [class_method("from_iterable", from_iterable)];

impl PyObject for Chain {
    fn ty(&self) -> TypeRef {
        CHAIN.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        loop {
            let active = lock(&self.active).clone();
            if let Some(it) = active {
                if let Some(item) = semantics::next(cx, &it)? {
                    return Ok(Some(item));
                }
                *lock(&self.active) = None;
            }
            let source = lock(&self.source).clone();
            let Some(source) = source else { return Ok(None) };
            match semantics::next(cx, &source)? {
                Some(iterable) => *lock(&self.active) = Some(semantics::iter(cx, &iterable)?),
                None => {
                    *lock(&self.source) = None;
                    return Ok(None);
                }
            }
        }
    }
    fn take_children(&self) -> Vec<Py> {
        lock(&self.source).take().into_iter().chain(lock(&self.active).take()).collect()
    }
}

/// `Counter.elements()`: `chain.from_iterable(starmap(repeat, pairs))`,
/// lazy as in CPython (a count that is not an int fails when reached).
pub fn elements_of(pairs: Vec<Py>) -> Py {
    let repeat = Py::Obj(super::infinite::REPEAT.clone());
    let it = crate::runtime::iterators::TupleIter::new(pairs.into());
    from_iterator(Py::obj(Starmap { func: repeat, it }))
}

// ------------------------------------------------------------------ pairwise

struct Pairwise {
    it: Py,
    old: Mutex<Option<Py>>,
    done: AtomicBool,
}

fn pairwise_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = exact_args("pairwise", args)?;
    Ok(Py::obj(Pairwise { it: semantics::iter(cx, &iterable)?, old: Mutex::new(None), done: AtomicBool::new(false) }))
}

impl PyObject for Pairwise {
    fn ty(&self) -> TypeRef {
        PAIRWISE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        if self.done.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let old = lock(&self.old).clone();
        let old = match old {
            Some(o) => o,
            None => match semantics::next(cx, &self.it)? {
                Some(first) => first,
                None => {
                    self.done.store(true, Ordering::Relaxed);
                    return Ok(None);
                }
            },
        };
        let Some(new) = semantics::next(cx, &self.it)? else {
            self.done.store(true, Ordering::Relaxed);
            *lock(&self.old) = None;
            return Ok(None);
        };
        *lock(&self.old) = Some(new.clone());
        Ok(Some(Py::tuple(vec![old, new])))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.it.clone()];
        out.extend(lock(&self.old).take());
        out
    }
}

// ------------------------------------------------------------------ starmap

struct Starmap {
    func: Py,
    it: Py,
}

fn starmap_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [func, iterable] = exact_args("starmap", args)?;
    Ok(Py::obj(Starmap { func, it: semantics::iter(cx, &iterable)? }))
}

impl PyObject for Starmap {
    fn ty(&self) -> TypeRef {
        STARMAP.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
        let args = semantics::iterate(cx, &item)?;
        semantics::call(cx, &self.func, Args::positional(args)).map(Some)
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.func.clone(), self.it.clone()]
    }
}

// ------------------------------------------------------------------ zip_longest

struct ZipLongest {
    /// `None` where that iterator is exhausted.
    its: Mutex<Vec<Option<Py>>>,
    fill: Py,
}

fn zip_longest_new(cx: &Cx, _cls: &TypeRef, mut args: Args) -> PyResult<Py> {
    let fill = args.take_kw("fillvalue").unwrap_or(Py::None);
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("zip_longest() got an unexpected keyword argument"));
    }
    let its = args.pos.iter().map(|a| semantics::iter(cx, a).map(Some)).collect::<PyResult<Vec<_>>>()?;
    Ok(Py::obj(ZipLongest { its: Mutex::new(its), fill }))
}

impl PyObject for ZipLongest {
    fn ty(&self) -> TypeRef {
        ZIP_LONGEST.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let its = lock(&self.its).clone();
        if its.is_empty() || its.iter().all(Option::is_none) {
            return Ok(None);
        }
        let mut items = Vec::with_capacity(its.len());
        for (i, it) in its.iter().enumerate() {
            let item = match it {
                Some(it) => match semantics::next(cx, it)? {
                    Some(v) => v,
                    None => {
                        let mut live = lock(&self.its);
                        live[i] = None;
                        if live.iter().all(Option::is_none) {
                            return Ok(None);
                        }
                        self.fill.clone()
                    }
                },
                None => self.fill.clone(),
            };
            items.push(item);
        }
        Ok(Some(Py::tuple(items)))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out: Vec<Py> = lock(&self.its).drain(..).flatten().collect();
        out.push(self.fill.clone());
        out
    }
}

// ------------------------------------------------------------------ tee

/// Items a tee group has read, in blocks shared by its iterators: a block
/// is freed once every iterator has moved past it.
const BLOCK: usize = 57;

struct TeeSource {
    it: Py,
    running: AtomicBool,
}

struct TeeBlock {
    source: Arc<TeeSource>,
    values: Mutex<Vec<Py>>,
    next: Mutex<Option<Arc<TeeBlock>>>,
}

impl TeeBlock {
    fn new(source: Arc<TeeSource>) -> Arc<TeeBlock> {
        Arc::new(TeeBlock { source, values: Mutex::new(Vec::new()), next: Mutex::new(None) })
    }

    /// The `i`-th item of the block, reading from the source if needed.
    fn get(&self, cx: &Cx, i: usize) -> PyResult<Option<Py>> {
        if let Some(v) = lock(&self.values).get(i) {
            return Ok(Some(v.clone()));
        }
        if self.source.running.swap(true, Ordering::Acquire) {
            return Err(exceptions::runtime_error("cannot re-enter the tee iterator"));
        }
        let item = semantics::next(cx, &self.source.it);
        self.source.running.store(false, Ordering::Release);
        let Some(item) = item? else { return Ok(None) };
        let mut values = lock(&self.values);
        values.push(item);
        Ok(values.get(i).cloned())
    }
}

impl Drop for TeeBlock {
    /// Frees a long chain of blocks without recursing.
    fn drop(&mut self) {
        let mut next = self.next.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        while let Some(block) = next {
            match Arc::try_unwrap(block) {
                Ok(mut inner) => next = inner.next.get_mut().unwrap_or_else(|e| e.into_inner()).take(),
                Err(_) => break,
            }
        }
    }
}

struct Tee {
    at: Mutex<(Arc<TeeBlock>, usize)>,
}

impl PyObject for Tee {
    fn ty(&self) -> TypeRef {
        TEE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let (mut block, mut i) = lock(&self.at).clone();
        if i == BLOCK {
            let next = lock(&block.next).get_or_insert_with(|| TeeBlock::new(block.source.clone())).clone();
            block = next;
            i = 0;
        }
        let item = block.get(cx, i)?;
        if item.is_some() {
            *lock(&self.at) = (block, i + 1);
        }
        Ok(item)
    }
}

fn tee_copy(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__copy__")?;
    let t = this.downcast::<Tee>().ok_or_else(|| exceptions::type_error("a _tee object is required"))?;
    Ok(Py::obj(Tee { at: Mutex::new(lock(&t.at).clone()) }))
}

static TEE_METHODS: [Method; 1] = [method("__copy__", tee_copy)];

/// `tee(iterable, n=2)`: `n` independent iterators over one iterable.
pub fn tee(cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("tee() takes no keyword arguments"));
    }
    match args.pos.len() {
        0 => return Err(exceptions::type_error("tee expected at least 1 argument, got 0")),
        1 | 2 => {}
        n => return Err(exceptions::type_error(format!("tee expected at most 2 arguments, got {n}"))),
    }
    let n = match args.pos.get(1) {
        None => 2,
        Some(v) => args::to_int("tee", v)?,
    };
    if n < 0 {
        return Err(exceptions::value_error("n must be >= 0"));
    }
    let iterable = &args.pos[0];
    if n == 0 {
        semantics::iter(cx, iterable)?;
        return Ok(Py::empty_tuple());
    }
    // A tee is copied (the first result is the tee itself), as CPython does
    // for iterators with `__copy__`.
    let (first, start) = match iterable.downcast::<Tee>() {
        Some(t) => (iterable.clone(), lock(&t.at).clone()),
        None => {
            let it = semantics::iter(cx, iterable)?;
            let start = (TeeBlock::new(Arc::new(TeeSource { it, running: AtomicBool::new(false) })), 0);
            (Py::obj(Tee { at: Mutex::new(start.clone()) }), start)
        }
    };
    let mut tees = vec![first];
    tees.extend((1..n).map(|_| Py::obj(Tee { at: Mutex::new(start.clone()) })));
    Ok(Py::tuple(tees))
}
