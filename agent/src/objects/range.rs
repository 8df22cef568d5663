//! `range`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::{self, Slice};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static RANGE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "range", None, &RANGE_METHODS, Some(range_new)));
pub static RANGE_ITERATOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "range_iterator", None, &[], None));

#[derive(Clone, Copy)]
pub struct Range {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl Range {
    pub fn len(&self) -> usize {
        let (lo, hi, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let n = if step > 0 && lo < hi {
            (hi - lo - 1) / step + 1
        } else if step < 0 && hi < lo {
            (lo - hi - 1) / -step + 1
        } else {
            0
        };
        n as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn item(&self, i: usize) -> i64 {
        self.start + i as i64 * self.step
    }

    fn contains_int(&self, n: i64) -> bool {
        let in_bounds = if self.step > 0 { self.start <= n && n < self.stop } else { self.stop < n && n <= self.start };
        in_bounds && (n - self.start) % self.step == 0
    }
}

fn bound(v: &Py) -> PyResult<i64> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(n),
        Some(_) => Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
        None => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

fn range_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    args.no_kw("range")?;
    let pos = args.pos;
    let (start, stop, step) = match pos.len() {
        1 => (0, bound(&pos[0])?, 1),
        2 => (bound(&pos[0])?, bound(&pos[1])?, 1),
        3 => (bound(&pos[0])?, bound(&pos[1])?, bound(&pos[2])?),
        0 => return Err(exceptions::type_error("range expected at least 1 argument, got 0")),
        n => return Err(exceptions::type_error(format!("range expected at most 3 arguments, got {n}"))),
    };
    if step == 0 {
        return Err(exceptions::value_error("range() arg 3 must not be zero"));
    }
    Ok(Py::obj(Range { start, stop, step }))
}

impl PyObject for Range {
    fn ty(&self) -> TypeRef {
        RANGE.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(if self.step == 1 {
            format!("range({}, {})", self.start, self.stop)
        } else {
            format!("range({}, {}, {})", self.start, self.stop, self.step)
        })
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        let n = self.len();
        let t = match n {
            0 => Py::tuple(vec![Py::Int(0), Py::None, Py::None]),
            1 => Py::tuple(vec![Py::Int(1), Py::Int(self.start), Py::None]),
            _ => Py::tuple(vec![Py::from(n), Py::Int(self.start), Py::Int(self.step)]),
        };
        semantics::hash(cx, &t).map(Some)
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(self.len()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::obj(RangeIter { range: *self, pos: AtomicI64::new(0) })))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(sl) = key.downcast::<Slice>() {
            let (start, _stop, step, count) = slice::adjust(cx, sl, self.len())?;
            let new_start = self.item(start.max(0) as usize);
            let new_step = self.step * step;
            let new_stop = new_start + count as i64 * new_step;
            return Ok(Some(Py::obj(Range { start: new_start, stop: new_stop, step: new_step })));
        }
        let i = semantics::seq_index("range object", key, self.len())?;
        Ok(Some(Py::Int(self.item(i))))
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        match item {
            Py::Int(n) => Ok(Some(self.contains_int(*n))),
            Py::Bool(b) => Ok(Some(self.contains_int(i64::from(*b)))),
            other => {
                for i in 0..self.len() {
                    if semantics::eq(cx, &Py::Int(self.item(i)), other)? {
                        return Ok(Some(true));
                    }
                }
                Ok(Some(false))
            }
        }
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<Range>() else { return Ok(None) };
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        let (n, m) = (self.len(), o.len());
        let same = n == m && (n == 0 || (self.start == o.start && (n == 1 || self.step == o.step)));
        Ok(Some(same == (op == CmpOp::Eq)))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(Record {
            class: "builtins.range".into(),
            args: vec![Value::Int(self.start), Value::Int(self.stop), Value::Int(self.step)],
            state: None,
        }))))
    }
}

fn range_self(this: &Py) -> PyResult<Range> {
    this.downcast::<Range>().copied().ok_or_else(|| exceptions::type_error("descriptor requires a 'range' object"))
}

static RANGE_METHODS: [Method; 5] = [
    method("count", |cx, this, a| {
        let [x] = a.bind("count", ["value"])?;
        let r = range_self(this)?;
        let x = req(x);
        Ok(Py::Int(match x {
            Py::Int(n) => i64::from(r.contains_int(n)),
            other => {
                let mut c = 0;
                for i in 0..r.len() {
                    if semantics::eq(cx, &Py::Int(r.item(i)), &other)? {
                        c += 1;
                    }
                }
                c
            }
        }))
    }),
    method("index", |_cx, this, a| {
        let [x] = a.bind("index", ["value"])?;
        let r = range_self(this)?;
        match req(x) {
            Py::Int(n) if r.contains_int(n) => Ok(Py::Int((n - r.start) / r.step)),
            other => Err(exceptions::value_error(format!("{other:?} is not in range"))),
        }
    }),
    property("start", |_, this, _| range_self(this).map(|r| Py::Int(r.start))),
    property("stop", |_, this, _| range_self(this).map(|r| Py::Int(r.stop))),
    property("step", |_, this, _| range_self(this).map(|r| Py::Int(r.step))),
];

pub struct RangeIter {
    range: Range,
    pos: AtomicI64,
}

impl PyObject for RangeIter {
    fn ty(&self) -> TypeRef {
        RANGE_ITERATOR.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let i = self.pos.fetch_add(1, Ordering::Relaxed);
        if i < 0 || i as usize >= self.range.len() {
            return Ok(None);
        }
        Ok(Some(Py::Int(self.range.item(i as usize))))
    }
}

/// `range(n)` made from Rust.
pub fn range_of(start: i64, stop: i64, step: i64) -> Py {
    Py::Obj(Arc::new(Range { start, stop, step }))
}
