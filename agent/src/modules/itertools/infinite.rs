//! The infinite iterators: `count`, `cycle`, `repeat`.

use std::sync::{LazyLock, Mutex};

use super::{exact_args, iterator_slots, lock};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static COUNT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "count", None, &[], Some(count_new)).in_c());
pub static CYCLE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "cycle", None, &[], Some(cycle_new)).in_c());
pub static REPEAT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("itertools", "repeat", None, &[], Some(repeat_new)).in_c());

/// `PyNumber_Check`: ints, floats, complex numbers and objects standing
/// for them.
fn is_number(v: &Py) -> bool {
    semantics::num::of(v).is_some() || semantics::float_value(v).is_some()
}

// ------------------------------------------------------------------ count

struct Count {
    current: Mutex<Py>,
    step: Py,
}

fn count_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if args.pos.len() > 2 {
        return Err(exceptions::type_error(format!("count() takes at most 2 arguments ({} given)", args.pos.len())));
    }
    let [start, step] = args.bind("count", ["start?", "step?"])?;
    let (start, step) = (start.unwrap_or(Py::Int(0)), step.unwrap_or(Py::Int(1)));
    if !is_number(&start) || !is_number(&step) {
        return Err(exceptions::type_error("a number is required"));
    }
    Ok(Py::obj(Count { current: Mutex::new(start), step }))
}

impl PyObject for Count {
    fn ty(&self) -> TypeRef {
        COUNT.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let cur = lock(&self.current).clone();
        let new = semantics::binary(cx, BinOp::Add, &cur, &self.step)?;
        *lock(&self.current) = new;
        Ok(Some(cur))
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let cur = semantics::repr(cx, &lock(&self.current).clone())?;
        if matches!(self.step, Py::Int(1) | Py::Bool(true)) {
            return Ok(format!("count({cur})"));
        }
        Ok(format!("count({cur}, {})", semantics::repr(cx, &self.step)?))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![lock(&self.current).clone(), self.step.clone()]
    }
}

// ------------------------------------------------------------------ cycle

struct CycleState {
    /// The source, until it is exhausted.
    it: Option<Py>,
    saved: Vec<Py>,
    index: usize,
}

struct Cycle {
    state: Mutex<CycleState>,
}

fn cycle_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable] = exact_args("cycle", args)?;
    let it = semantics::iter(cx, &iterable)?;
    Ok(Py::obj(Cycle { state: Mutex::new(CycleState { it: Some(it), saved: Vec::new(), index: 0 }) }))
}

impl PyObject for Cycle {
    fn ty(&self) -> TypeRef {
        CYCLE.clone()
    }
    iterator_slots!();
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let source = lock(&self.state).it.clone();
        if let Some(it) = source {
            match semantics::next(cx, &it)? {
                Some(item) => {
                    let mut st = lock(&self.state);
                    if st.saved.len() >= semantics::MAX_ITEMS {
                        return Err(exceptions::memory_error("cycle"));
                    }
                    st.saved.push(item.clone());
                    return Ok(Some(item));
                }
                None => lock(&self.state).it = None,
            }
        }
        let mut st = lock(&self.state);
        if st.saved.is_empty() {
            return Ok(None);
        }
        let i = st.index % st.saved.len();
        st.index = i + 1;
        Ok(Some(st.saved[i].clone()))
    }
    fn take_children(&self) -> Vec<Py> {
        let mut st = lock(&self.state);
        let mut out = std::mem::take(&mut st.saved);
        out.extend(st.it.take());
        out
    }
}

// ------------------------------------------------------------------ repeat

struct Repeat {
    object: Py,
    /// Items left; `None` forever.
    left: Mutex<Option<i64>>,
}

/// `repeat(object, times)` (also for `Counter.elements`).
pub fn repeat_of(object: Py, times: Option<Py>) -> PyResult<Py> {
    let left = match times {
        None => None,
        Some(t) => Some(args::to_int("repeat", &t).map_err(|e| {
            if e.is("TypeError") {
                exceptions::type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    semantics::type_name(&t)
                ))
            } else {
                e
            }
        })?),
    };
    Ok(Py::obj(Repeat { object, left: Mutex::new(left.map(|n| n.max(0))) }))
}

fn repeat_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [object, times] = args.bind("repeat", ["object", "times?"])?;
    repeat_of(req(object), times)
}

impl PyObject for Repeat {
    fn ty(&self) -> TypeRef {
        REPEAT.clone()
    }
    iterator_slots!();
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let mut left = lock(&self.left);
        match &mut *left {
            None => Ok(Some(self.object.clone())),
            Some(0) => Ok(None),
            Some(n) => {
                *n -= 1;
                Ok(Some(self.object.clone()))
            }
        }
    }
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        match *lock(&self.left) {
            Some(n) => Ok(Some(n as usize)),
            None => Err(exceptions::type_error("len() of unsized object")),
        }
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let obj = semantics::repr(cx, &self.object)?;
        Ok(match *lock(&self.left) {
            None => format!("repeat({obj})"),
            Some(n) => format!("repeat({obj}, {n})"),
        })
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.object.clone()]
    }
}
