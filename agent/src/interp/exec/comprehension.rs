//! Comprehensions and generator expressions: an iterator that runs the
//! `for`/`if` clauses in the comprehension's own frame, one element at a
//! time (lazily for generator expressions).

use std::sync::{Arc, LazyLock, Mutex};

use super::{Frame, Machine};
use crate::interp::ast::{CompKind, Comprehension};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

pub static GENERATOR: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "generator", None, &[], None));

struct State {
    frame: Frame,
    /// One iterator per open `for` clause.
    iters: Vec<Py>,
    started: bool,
    done: bool,
    /// The first iterable, evaluated where the comprehension appears.
    first: Option<Py>,
    running: bool,
}

pub struct CompIter {
    comp: Arc<Comprehension>,
    state: Mutex<State>,
}

impl CompIter {
    pub fn new(m: &Machine<'_>, f: &Frame, comp: Arc<Comprehension>, first: Py) -> PyResult<CompIter> {
        let _ = m;
        let closure = f.closure_for(&comp.code)?;
        let frame = Frame::new(comp.code.clone(), f.globals.clone(), &closure)?;
        Ok(CompIter {
            comp,
            state: Mutex::new(State {
                frame,
                iters: Vec::new(),
                started: false,
                done: false,
                first: Some(first),
                running: false,
            }),
        })
    }

    /// Every element (for list, set and dict comprehensions).
    pub fn collect(&self, cx: &Cx) -> PyResult<Vec<Py>> {
        let mut out = Vec::new();
        while let Some(v) = self.advance(cx)? {
            out.push(v);
            if out.len() % 4096 == 0 {
                cx.check_interrupt()?;
                if out.len() > semantics::MAX_ITEMS {
                    return Err(exceptions::memory_error("comprehension"));
                }
            }
        }
        Ok(out)
    }

    fn advance(&self, cx: &Cx) -> PyResult<Option<Py>> {
        let mut guard = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let st = &mut *guard;
        if st.done {
            return Ok(None);
        }
        if st.running {
            return Err(exceptions::new("ValueError", "generator already executing"));
        }
        st.running = true;
        let r = self.step(cx, st);
        st.running = false;
        if !matches!(r, Ok(Some(_))) {
            st.done = true;
            st.iters.clear();
        }
        r
    }

    fn step(&self, cx: &Cx, st: &mut State) -> PyResult<Option<Py>> {
        let m = Machine::new(cx)?;
        let clauses = &self.comp.clauses;
        if !st.started {
            st.started = true;
            match st.first.take() {
                Some(first) => st.iters.push(first),
                None => return Ok(None),
            }
        }
        loop {
            let depth = st.iters.len();
            if depth == 0 {
                return Ok(None);
            }
            let Some(item) = semantics::next(cx, &st.iters[depth - 1])? else {
                st.iters.pop();
                continue;
            };
            let clause = &clauses[depth - 1];
            m.assign(&mut st.frame, &clause.target, item)?;
            let mut keep = true;
            for cond in &clause.ifs {
                let c = m.eval(&mut st.frame, cond)?;
                if !semantics::truthy(cx, &c)? {
                    keep = false;
                    break;
                }
            }
            if !keep {
                continue;
            }
            if depth == clauses.len() {
                let elt = m.eval(&mut st.frame, &self.comp.elt)?;
                return Ok(Some(match &self.comp.value {
                    Some(v) => {
                        let value = m.eval(&mut st.frame, v)?;
                        Py::tuple(vec![elt, value])
                    }
                    None => elt,
                }));
            }
            let Some(iter_expr) = &clauses[depth].iter else { return Ok(None) };
            let iterable = m.eval(&mut st.frame, iter_expr)?;
            let it = semantics::iter(cx, &iterable)?;
            st.iters.push(it);
        }
    }
}

impl PyObject for CompIter {
    fn ty(&self) -> TypeRef {
        GENERATOR.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<generator object {} at {:#x}>", self.comp.code.qualname, crate::runtime::object::address(this)))
    }
    fn is_iterator(&self) -> bool {
        self.comp.kind == CompKind::Generator
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, cx: &Cx) -> PyResult<Option<Py>> {
        self.advance(cx)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
}
