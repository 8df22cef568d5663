//! `slice(start, stop, step)` and how a slice selects items.

use std::sync::{Arc, LazyLock};

use rpyc_protocol::Value;

use super::args::{req, Args};
use super::context::Cx;
use super::exceptions::{self, PyResult};
use super::object::{CmpOp, ObjRef, PyObject};
use super::semantics;
use super::types::{method, Method, Type, TypeRef};
use super::value::Py;
use super::wire::plain_value;

pub struct Slice {
    pub start: Py,
    pub stop: Py,
    pub step: Py,
}

pub static SLICE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "slice", None, &SLICE_METHODS, Some(slice_new)));

static SLICE_METHODS: [Method; 1] = [method("indices", indices)];

impl Slice {
    pub fn new(start: Py, stop: Py, step: Py) -> Py {
        Py::Obj(Arc::new(Slice { start, stop, step }))
    }

    fn parts(&self) -> Py {
        Py::tuple(vec![self.start.clone(), self.stop.clone(), self.step.clone()])
    }
}

fn slice_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    args.no_kw("slice")?;
    let mut pos = args.pos;
    Ok(match pos.len() {
        1 => Slice::new(Py::None, pos.remove(0), Py::None),
        2 | 3 => {
            let step = if pos.len() == 3 { pos.remove(2) } else { Py::None };
            let stop = pos.remove(1);
            Slice::new(pos.remove(0), stop, step)
        }
        0 => return Err(exceptions::type_error("slice expected at least 1 argument, got 0")),
        n => return Err(exceptions::type_error(format!("slice expected at most 3 arguments, got {n}"))),
    })
}

fn indices(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = this.downcast::<Slice>().ok_or_else(|| exceptions::type_error("indices() requires a slice"))?;
    let [len] = args.bind("indices", ["length"])?;
    let len = super::args::to_int("indices", &req(len))?;
    if len < 0 {
        return Err(exceptions::value_error("length should not be negative"));
    }
    let (start, stop, step, _) = adjust(cx, s, len as usize)?;
    // Start and stop are clamped into [-1, len]; the step is returned
    // exactly, however large (CPython computes `indices` on big ints).
    let step = match &s.step {
        Py::None => Py::Int(step),
        v => semantics::index_value(v).unwrap_or(Py::Int(step)),
    };
    Ok(Py::tuple(vec![Py::Int(start), Py::Int(stop), step]))
}

/// One bound of a slice: None, or an integer clamped into the range of a
/// C `Py_ssize_t`, as `PySlice_Unpack` does.
fn bound(v: &Py) -> PyResult<Option<i64>> {
    match v {
        Py::None => Ok(None),
        other => match semantics::index_value(other) {
            Some(Py::Int(n)) => Ok(Some(n)),
            Some(Py::BigInt(b)) => Ok(Some(if b.sign() == num_bigint::Sign::Minus { i64::MIN } else { i64::MAX })),
            _ => Err(exceptions::type_error("slice indices must be integers or None or have an __index__ method")),
        },
    }
}

/// `PySlice_Unpack` + `PySlice_AdjustIndices`: start, stop, step and the
/// number of items a slice selects from a sequence of `len` items.
pub fn adjust(_cx: &Cx, s: &Slice, len: usize) -> PyResult<(i64, i64, i64, usize)> {
    let step = bound(&s.step)?.unwrap_or(1);
    if step == 0 {
        return Err(exceptions::value_error("slice step cannot be zero"));
    }
    // So that `-step` cannot overflow (CPython clamps the same way).
    let step = step.max(-i64::MAX);
    let len = len as i64;
    let fix = |v: Option<i64>, default: i64| match v {
        None => default,
        Some(v) if v < 0 => (v.saturating_add(len)).max(if step < 0 { -1 } else { 0 }),
        Some(v) => v.min(if step < 0 { len - 1 } else { len }),
    };
    let (start, stop) = if step > 0 {
        (fix(bound(&s.start)?, 0), fix(bound(&s.stop)?, len))
    } else {
        (fix(bound(&s.start)?, len - 1), fix(bound(&s.stop)?, -1))
    };
    // start and stop now lie in [-1, len], so their difference fits.
    let count = if step > 0 && start < stop {
        (stop - start - 1) / step + 1
    } else if step < 0 && stop < start {
        (start - stop - 1) / -step + 1
    } else {
        0
    };
    Ok((start, stop, step, count as usize))
}

/// The positions a slice selects.
pub fn positions(cx: &Cx, s: &Slice, len: usize) -> PyResult<impl Iterator<Item = usize>> {
    let (start, _, step, count) = adjust(cx, s, len)?;
    Ok((0..count as i64).map(move |i| (start as i128 + i as i128 * step as i128) as usize))
}

impl PyObject for Slice {
    fn ty(&self) -> TypeRef {
        SLICE.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!(
            "slice({}, {}, {})",
            semantics::repr(cx, &self.start)?,
            semantics::repr(cx, &self.stop)?,
            semantics::repr(cx, &self.step)?
        ))
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: 'slice'"))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        match other.downcast::<Slice>() {
            Some(o) => semantics::richcmp(cx, &self.parts(), &o.parts(), op).map(Some),
            None => Ok(None),
        }
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "start" => Some(self.start.clone()),
            "stop" => Some(self.stop.clone()),
            "step" => Some(self.step.clone()),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        ["start", "stop", "step"].map(String::from).to_vec()
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(self.wire_value())
    }
    fn wire_value(&self) -> Option<Value> {
        Some(Value::Slice(Box::new([plain_value(&self.start)?, plain_value(&self.stop)?, plain_value(&self.step)?])))
    }
}
