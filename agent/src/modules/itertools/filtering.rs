//! The iterators that pick items: `compress`, `dropwhile`, `takewhile`,
//! `filterfalse`, `islice`, and `groupby` with its groups.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

use super::{exact_args, iterator_slots, lock};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

fn itertype(name: &'static str, new: crate::runtime::types::Constructor) -> TypeRef {
    Type::native("itertools", name, None, &[], Some(new)).in_c()
}

pub static COMPRESS: LazyLock<TypeRef> = LazyLock::new(|| itertype("compress", compress_new));
pub static DROPWHILE: LazyLock<TypeRef> = LazyLock::new(|| itertype("dropwhile", dropwhile_new));
pub static TAKEWHILE: LazyLock<TypeRef> = LazyLock::new(|| itertype("takewhile", takewhile_new));
pub static FILTERFALSE: LazyLock<TypeRef> = LazyLock::new(|| itertype("filterfalse", filterfalse_new));
pub static ISLICE: LazyLock<TypeRef> = LazyLock::new(|| itertype("islice", islice_new));
pub static GROUPBY: LazyLock<TypeRef> = LazyLock::new(|| itertype("groupby", groupby_new));
static GROUPER: LazyLock<TypeRef> = LazyLock::new(|| Type::native("itertools", "_grouper", None, &[], None).in_c());

// ------------------------------------------------------------------ compress

struct Compress {
    data: Py,
    selectors: Py,
}

fn compress_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [data, selectors] = args.bind("compress", ["data", "selectors"])?;
    Ok(Py::obj(Compress { data: semantics::iter(cx, &req(data))?, selectors: semantics::iter(cx, &req(selectors))? }))
}

impl PyObject for Compress {
    fn ty(&self) -> TypeRef {
        COMPRESS.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        loop {
            let Some(datum) = semantics::next(cx, &self.data)? else { return Ok(None) };
            let Some(selector) = semantics::next(cx, &self.selectors)? else { return Ok(None) };
            if semantics::truthy(cx, &selector)? {
                return Ok(Some(datum));
            }
        }
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.data.clone(), self.selectors.clone()]
    }
}

// ------------------------------------------------------------------ predicates

#[derive(Clone, Copy, PartialEq)]
enum Rule {
    DropWhile,
    TakeWhile,
    FilterFalse,
}

/// `dropwhile`, `takewhile` and `filterfalse`: a predicate over an iterator.
struct Predicated {
    rule: Rule,
    predicate: Py,
    it: Py,
    /// dropwhile: done dropping; takewhile: done taking.
    switched: AtomicBool,
}

fn predicated(cx: &Cx, name: &str, rule: Rule, args: Args) -> PyResult<Py> {
    let [predicate, iterable] = exact_args(name, args)?;
    let it = semantics::iter(cx, &iterable)?;
    Ok(Py::obj(Predicated { rule, predicate, it, switched: AtomicBool::new(false) }))
}

fn dropwhile_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    predicated(cx, "dropwhile", Rule::DropWhile, args)
}

fn takewhile_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    predicated(cx, "takewhile", Rule::TakeWhile, args)
}

fn filterfalse_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    predicated(cx, "filterfalse", Rule::FilterFalse, args)
}

impl Predicated {
    fn test(&self, cx: &Cx, item: &Py) -> PyResult<bool> {
        if self.rule == Rule::FilterFalse && self.predicate.is_none() {
            return semantics::truthy(cx, item);
        }
        let r = semantics::call(cx, &self.predicate, Args::one(item.clone()))?;
        semantics::truthy(cx, &r)
    }
}

impl PyObject for Predicated {
    fn ty(&self) -> TypeRef {
        match self.rule {
            Rule::DropWhile => DROPWHILE.clone(),
            Rule::TakeWhile => TAKEWHILE.clone(),
            Rule::FilterFalse => FILTERFALSE.clone(),
        }
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        match self.rule {
            Rule::DropWhile => loop {
                let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
                if self.switched.load(Ordering::Relaxed) || !self.test(cx, &item)? {
                    self.switched.store(true, Ordering::Relaxed);
                    return Ok(Some(item));
                }
            },
            Rule::TakeWhile => {
                if self.switched.load(Ordering::Relaxed) {
                    return Ok(None);
                }
                let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
                if self.test(cx, &item)? {
                    return Ok(Some(item));
                }
                self.switched.store(true, Ordering::Relaxed);
                Ok(None)
            }
            Rule::FilterFalse => loop {
                let Some(item) = semantics::next(cx, &self.it)? else { return Ok(None) };
                if !self.test(cx, &item)? {
                    return Ok(Some(item));
                }
            },
        }
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.predicate.clone(), self.it.clone()]
    }
}

// ------------------------------------------------------------------ islice

struct IsliceState {
    /// Items consumed from the source so far.
    count: usize,
    /// Position of the next item to give.
    next: usize,
    /// `None`: the source is exhausted (or the slice is done).
    it: Option<Py>,
}

struct Islice {
    stop: Option<usize>,
    step: usize,
    state: Mutex<IsliceState>,
}

/// An islice bound: `None` or an int in `0..=sys.maxsize`.
fn bound(v: Option<&Py>, message: &str) -> PyResult<Option<usize>> {
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => match semantics::index_value(v) {
            Some(Py::Int(n)) if n >= 0 => Ok(Some(n as usize)),
            _ => Err(exceptions::value_error(message)),
        },
    }
}

fn islice_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("islice() takes no keyword arguments"));
    }
    let n = args.pos.len();
    if n < 2 {
        return Err(exceptions::type_error(format!("islice expected at least 2 arguments, got {n}")));
    }
    if n > 4 {
        return Err(exceptions::type_error(format!("islice expected at most 4 arguments, got {n}")));
    }
    const STOP: &str = "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    const INDICES: &str = "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.";
    let a = &args.pos;
    let (start, stop, step) = if n == 2 {
        (0, bound(Some(&a[1]), STOP)?, 1)
    } else {
        let start = bound(Some(&a[1]), INDICES)?.unwrap_or(0);
        let stop = bound(Some(&a[2]), STOP)?;
        let step = match a.get(3) {
            None | Some(Py::None) => 1,
            Some(v) => match semantics::index_value(v) {
                Some(Py::Int(s)) if s >= 1 => s as usize,
                _ => return Err(exceptions::value_error("Step for islice() must be a positive integer or None.")),
            },
        };
        (start, stop, step)
    };
    let it = semantics::iter(cx, &a[0])?;
    Ok(Py::obj(Islice { stop, step, state: Mutex::new(IsliceState { count: 0, next: start, it: Some(it) }) }))
}

impl PyObject for Islice {
    fn ty(&self) -> TypeRef {
        ISLICE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let (it, mut count, next) = {
            let st = lock(&self.state);
            let Some(it) = st.it.clone() else { return Ok(None) };
            (it, st.count, st.next)
        };
        let finish = |count: usize| {
            let mut st = lock(&self.state);
            st.count = count;
            st.it = None;
        };
        while count < next {
            if semantics::next(cx, &it)?.is_none() {
                finish(count);
                return Ok(None);
            }
            count += 1;
            if count % 4096 == 0 {
                cx.check_interrupt()?;
            }
        }
        if self.stop.is_some_and(|stop| count >= stop) {
            finish(count);
            return Ok(None);
        }
        let Some(item) = semantics::next(cx, &it)? else {
            finish(count);
            return Ok(None);
        };
        count += 1;
        let mut st = lock(&self.state);
        st.count = count;
        st.next = match (next.checked_add(self.step), self.stop) {
            (Some(n), Some(stop)) if n > stop => stop,
            (Some(n), _) => n,
            (None, stop) => stop.unwrap_or(usize::MAX),
        };
        Ok(Some(item))
    }
    fn take_children(&self) -> Vec<Py> {
        lock(&self.state).it.take().into_iter().collect()
    }
}

// ------------------------------------------------------------------ groupby

#[derive(Default)]
struct GroupState {
    tgtkey: Option<Py>,
    currkey: Option<Py>,
    currvalue: Option<Py>,
    /// The id of the group iterator that may still advance.
    current_group: u64,
}

/// What a groupby and its groups share.
struct GroupShared {
    it: Py,
    key: Py,
    state: Mutex<GroupState>,
}

struct GroupBy {
    shared: Arc<GroupShared>,
}

static GROUP_IDS: AtomicU64 = AtomicU64::new(1);

fn groupby_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, key] = args.bind("groupby", ["iterable", "key?"])?;
    Ok(Py::obj(GroupBy {
        shared: Arc::new(GroupShared {
            it: semantics::iter(cx, &req(iterable))?,
            key: key.unwrap_or(Py::None),
            state: Mutex::new(GroupState::default()),
        }),
    }))
}

impl GroupShared {
    /// Reads the next value and its key; false at the end.
    fn step(&self, cx: &Cx) -> PyResult<bool> {
        let Some(value) = semantics::next(cx, &self.it)? else { return Ok(false) };
        let key =
            if self.key.is_none() { value.clone() } else { semantics::call(cx, &self.key, Args::one(value.clone()))? };
        let mut st = lock(&self.state);
        st.currvalue = Some(value);
        st.currkey = Some(key);
        Ok(true)
    }
}

impl PyObject for GroupBy {
    fn ty(&self) -> TypeRef {
        GROUPBY.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let shared = &self.shared;
        lock(&shared.state).current_group = 0;
        // Skip the rest of the current group.
        loop {
            let (tgt, cur) = {
                let st = lock(&shared.state);
                (st.tgtkey.clone(), st.currkey.clone())
            };
            match (tgt, cur) {
                (None, Some(_)) => break,
                (Some(t), Some(c)) if !semantics::eq(cx, &t, &c)? => break,
                _ => {}
            }
            if !shared.step(cx)? {
                return Ok(None);
            }
        }
        let id = GROUP_IDS.fetch_add(1, Ordering::Relaxed);
        let mut st = lock(&shared.state);
        st.tgtkey = st.currkey.clone();
        st.current_group = id;
        let key = st.tgtkey.clone().unwrap_or(Py::None);
        drop(st);
        let group = Grouper { shared: shared.clone(), key: key.clone(), id };
        Ok(Some(Py::tuple(vec![key, Py::obj(group)])))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut st = lock(&self.shared.state);
        let mut out = vec![self.shared.it.clone(), self.shared.key.clone()];
        out.extend(st.tgtkey.take());
        out.extend(st.currkey.take());
        out.extend(st.currvalue.take());
        out
    }
}

/// One group of a groupby: valid until the groupby moves on.
struct Grouper {
    shared: Arc<GroupShared>,
    key: Py,
    id: u64,
}

impl PyObject for Grouper {
    fn ty(&self) -> TypeRef {
        GROUPER.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let shared = &self.shared;
        if lock(&shared.state).current_group != self.id {
            return Ok(None);
        }
        if lock(&shared.state).currvalue.is_none() && !shared.step(cx)? {
            return Ok(None);
        }
        let Some(cur) = lock(&shared.state).currkey.clone() else { return Ok(None) };
        if !semantics::eq(cx, &self.key, &cur)? {
            return Ok(None);
        }
        Ok(lock(&shared.state).currvalue.take())
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.key.clone()]
    }
}
