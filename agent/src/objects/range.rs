//! `range`.

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

/// A range. Bounds are kept as i128 so ranges over big ints
/// (`range(2**64, 2**64 + 3)`) work; lengths must fit a machine word.
#[derive(Clone, Copy)]
pub struct Range {
    pub start: i128,
    pub stop: i128,
    pub step: i128,
}

impl Range {
    /// The number of items (may exceed a machine word).
    fn count(&self) -> i128 {
        let (lo, hi, step) = (self.start, self.stop, self.step);
        if step > 0 && lo < hi {
            (hi - lo - 1) / step + 1
        } else if step < 0 && hi < lo {
            (lo - hi - 1) / -step + 1
        } else {
            0
        }
    }

    pub fn len(&self) -> usize {
        usize::try_from(self.count()).unwrap_or(usize::MAX)
    }

    fn checked_len(&self) -> PyResult<usize> {
        usize::try_from(self.count())
            .ok()
            .filter(|n| *n <= isize::MAX as usize)
            .ok_or_else(|| exceptions::overflow_error("Python int too large to convert to C ssize_t"))
    }

    pub fn is_empty(&self) -> bool {
        self.count() == 0
    }

    fn item(&self, i: i128) -> Py {
        int(self.start + i * self.step)
    }

    fn contains_int(&self, n: i128) -> bool {
        let in_bounds = if self.step > 0 { self.start <= n && n < self.stop } else { self.stop < n && n <= self.start };
        in_bounds && (n - self.start) % self.step == 0
    }
}

fn int(n: i128) -> Py {
    match i64::try_from(n) {
        Ok(small) => Py::Int(small),
        Err(_) => Py::from_bigint(num_bigint::BigInt::from(n)),
    }
}

fn as_i128(v: &Py) -> Option<i128> {
    match semantics::index_value(v)? {
        Py::Int(n) => Some(n.into()),
        Py::BigInt(b) => num_traits::ToPrimitive::to_i128(&*b),
        _ => None,
    }
}

fn bound(v: &Py) -> PyResult<i128> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(n.into()),
        Some(Py::BigInt(b)) => num_traits::ToPrimitive::to_i128(&*b)
            .ok_or_else(|| exceptions::overflow_error("Python int too large to convert to C ssize_t")),
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
        // i128 prints as Python prints the int.
        Ok(if self.step == 1 {
            format!("range({}, {})", self.start, self.stop)
        } else {
            format!("range({}, {}, {})", self.start, self.stop, self.step)
        })
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        let n = self.count();
        let t = match n {
            0 => Py::tuple(vec![Py::Int(0), Py::None, Py::None]),
            1 => Py::tuple(vec![Py::Int(1), int(self.start), Py::None]),
            _ => Py::tuple(vec![int(n), int(self.start), int(self.step)]),
        };
        semantics::hash(cx, &t).map(Some)
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        self.checked_len().map(Some)
    }
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(!self.is_empty()))
    }
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::obj(RangeIter { range: *self, pos: std::sync::Mutex::new(0) })))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if key.downcast::<Slice>().is_none() {
            // An index works on any length (`range(2**100)[2**99]`).
            let Some(i) = as_i128(key) else {
                return Err(exceptions::type_error(format!(
                    "range indices must be integers or slices, not {}",
                    semantics::type_name(key)
                )));
            };
            let n = self.count();
            let real = if i < 0 { i + n } else { i };
            if real < 0 || real >= n {
                return Err(exceptions::index_error("range object index out of range"));
            }
            return Ok(Some(self.item(real)));
        }
        let len = self.checked_len()?;
        if let Some(sl) = key.downcast::<Slice>() {
            // CPython's compute_slice: the adjusted indices mapped through
            // the range (the stop too, not only the count).
            // The slice's step is taken exactly (PySlice_GetLongIndices),
            // not clamped to a machine word.
            let (start, stop, step, _) = slice::adjust(cx, sl, len)?;
            let step = match &sl.step {
                Py::None => 1,
                v => as_i128(v).unwrap_or(step.into()),
            };
            let too_big = || exceptions::overflow_error("Python int too large to convert to C ssize_t");
            let map = |i: i64| self.step.checked_mul(i.into()).and_then(|d| self.start.checked_add(d));
            let new_start = map(start).ok_or_else(too_big)?;
            let new_stop = map(stop).ok_or_else(too_big)?;
            let new_step = self.step.checked_mul(step).ok_or_else(too_big)?;
            return Ok(Some(Py::obj(Range { start: new_start, stop: new_stop, step: new_step })));
        }
        let i = semantics::seq_index("range", key, len)?;
        Ok(Some(self.item(i as i128)))
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        if matches!(item, Py::Int(_) | Py::BigInt(_) | Py::Bool(_)) {
            return Ok(Some(as_i128(item).is_some_and(|n| self.contains_int(n))));
        }
        for i in 0..self.count() {
            cx.check_interrupt()?;
            if semantics::eq(cx, &self.item(i), item)? {
                return Ok(Some(true));
            }
        }
        Ok(Some(false))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        let Some(o) = other.downcast::<Range>() else { return Ok(None) };
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        let (n, m) = (self.count(), o.count());
        let same = n == m && (n == 0 || (self.start == o.start && (n == 1 || self.step == o.step)));
        Ok(Some(same == (op == CmpOp::Eq)))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let v = |n: i128| match int(n) {
            Py::Int(i) => Value::Int(i),
            Py::BigInt(b) => Value::BigInt((*b).clone()),
            _ => Value::None,
        };
        Ok(Some(Value::Record(Box::new(Record {
            class: "builtins.range".into(),
            args: vec![v(self.start), v(self.stop), v(self.step)],
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
        if matches!(x, Py::Int(_) | Py::BigInt(_) | Py::Bool(_)) {
            return Ok(Py::Int(i64::from(as_i128(&x).is_some_and(|n| r.contains_int(n)))));
        }
        let mut c = 0;
        for i in 0..r.count() {
            cx.check_interrupt()?;
            if semantics::eq(cx, &r.item(i), &x)? {
                c += 1;
            }
        }
        Ok(Py::Int(c))
    }),
    method("index", |cx, this, a| {
        let [x] = a.bind("index", ["value"])?;
        let r = range_self(this)?;
        let x = req(x);
        if matches!(x, Py::Int(_) | Py::BigInt(_) | Py::Bool(_)) {
            if let Some(n) = as_i128(&x).filter(|n| r.contains_int(*n)) {
                return Ok(int((n - r.start) / r.step));
            }
        } else {
            for i in 0..r.count() {
                cx.check_interrupt()?;
                if semantics::eq(cx, &r.item(i), &x)? {
                    return Ok(int(i));
                }
            }
        }
        // Non-integers go through CPython's generic sequence search.
        if matches!(x, Py::Int(_) | Py::BigInt(_) | Py::Bool(_)) {
            Err(exceptions::value_error(format!("{} is not in range", semantics::repr(cx, &x)?)))
        } else {
            Err(exceptions::value_error("sequence.index(x): x not in sequence"))
        }
    }),
    property("start", |_, this, _| range_self(this).map(|r| int(r.start))),
    property("stop", |_, this, _| range_self(this).map(|r| int(r.stop))),
    property("step", |_, this, _| range_self(this).map(|r| int(r.step))),
];

pub struct RangeIter {
    range: Range,
    pos: std::sync::Mutex<i128>,
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
        let mut pos = self.pos.lock().unwrap_or_else(|e| e.into_inner());
        if *pos >= self.range.count() {
            return Ok(None);
        }
        let item = self.range.item(*pos);
        *pos += 1;
        Ok(Some(item))
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        let pos = *self.pos.lock().unwrap_or_else(|e| e.into_inner());
        Ok(Some(usize::try_from(self.range.count() - pos).unwrap_or(0)))
    }
}

/// `range(n)` made from Rust.
pub fn range_of(start: i64, stop: i64, step: i64) -> Py {
    Py::Obj(Arc::new(Range { start: start.into(), stop: stop.into(), step: step.into() }))
}
