//! The combinatoric iterators: `product`, `permutations`, `combinations`,
//! `combinations_with_replacement`. Each reads its pool(s) once, then
//! steps an index vector the way CPython's documented equivalents do, so
//! results come in the same order.

use std::sync::{LazyLock, Mutex};

use super::{iterator_slots, lock};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

fn itertype(name: &'static str, new: crate::runtime::types::Constructor) -> TypeRef {
    Type::native("itertools", name, None, &[], Some(new)).in_c()
}

pub static PRODUCT: LazyLock<TypeRef> = LazyLock::new(|| itertype("product", product_new));
pub static PERMUTATIONS: LazyLock<TypeRef> = LazyLock::new(|| itertype("permutations", permutations_new));
pub static COMBINATIONS: LazyLock<TypeRef> = LazyLock::new(|| itertype("combinations", combinations_new));
pub static COMBINATIONS_WITH_REPLACEMENT: LazyLock<TypeRef> =
    LazyLock::new(|| itertype("combinations_with_replacement", cwr_new));

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Product,
    Permutations,
    Combinations,
    WithReplacement,
}

struct State {
    indices: Vec<usize>,
    /// permutations' cycle counters.
    cycles: Vec<usize>,
    started: bool,
    done: bool,
}

struct Combinatoric {
    kind: Kind,
    /// One pool per position for product; a single pool otherwise.
    pools: Vec<Vec<Py>>,
    r: usize,
    state: Mutex<State>,
}

impl Combinatoric {
    fn new(kind: Kind, pools: Vec<Vec<Py>>, r: usize) -> Py {
        let n = pools.first().map_or(0, Vec::len);
        let (indices, cycles, done) = match kind {
            Kind::Product => (vec![0; pools.len()], Vec::new(), pools.iter().any(Vec::is_empty)),
            Kind::Permutations => ((0..n).collect(), (n.saturating_sub(r) + 1..=n).rev().collect(), r > n),
            Kind::Combinations => ((0..r).collect(), Vec::new(), r > n),
            Kind::WithReplacement => (vec![0; r], Vec::new(), n == 0 && r > 0),
        };
        Py::obj(Combinatoric { kind, pools, r, state: Mutex::new(State { indices, cycles, started: false, done }) })
    }

    fn current(&self, st: &State) -> Py {
        let items: Vec<Py> = match self.kind {
            Kind::Product => st.indices.iter().zip(&self.pools).map(|(&i, pool)| pool[i].clone()).collect(),
            _ => st.indices[..self.r].iter().map(|&i| self.pools[0][i].clone()).collect(),
        };
        Py::tuple(items)
    }

    /// Moves to the next index vector; false when there is none.
    fn advance(&self, st: &mut State) -> bool {
        let r = self.r;
        match self.kind {
            Kind::Product => {
                for i in (0..st.indices.len()).rev() {
                    st.indices[i] += 1;
                    if st.indices[i] < self.pools[i].len() {
                        return true;
                    }
                    st.indices[i] = 0;
                }
                false
            }
            Kind::Permutations => {
                let n = self.pools[0].len();
                if n == 0 {
                    return false;
                }
                for i in (0..r).rev() {
                    st.cycles[i] -= 1;
                    if st.cycles[i] == 0 {
                        let moved = st.indices.remove(i);
                        st.indices.push(moved);
                        st.cycles[i] = n - i;
                    } else {
                        let j = st.cycles[i];
                        st.indices.swap(i, n - j);
                        return true;
                    }
                }
                false
            }
            Kind::Combinations => {
                let n = self.pools[0].len();
                let Some(i) = (0..r).rev().find(|&i| st.indices[i] != i + n - r) else { return false };
                st.indices[i] += 1;
                for j in i + 1..r {
                    st.indices[j] = st.indices[j - 1] + 1;
                }
                true
            }
            Kind::WithReplacement => {
                let n = self.pools[0].len();
                let Some(i) = (0..r).rev().find(|&i| st.indices[i] != n - 1) else { return false };
                let v = st.indices[i] + 1;
                st.indices[i..].iter_mut().for_each(|x| *x = v);
                true
            }
        }
    }
}

impl PyObject for Combinatoric {
    fn ty(&self) -> TypeRef {
        match self.kind {
            Kind::Product => PRODUCT.clone(),
            Kind::Permutations => PERMUTATIONS.clone(),
            Kind::Combinations => COMBINATIONS.clone(),
            Kind::WithReplacement => COMBINATIONS_WITH_REPLACEMENT.clone(),
        }
    }
    iterator_slots!();
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let mut st = lock(&self.state);
        if st.done {
            return Ok(None);
        }
        if st.started && !self.advance(&mut st) {
            st.done = true;
            return Ok(None);
        }
        st.started = true;
        Ok(Some(self.current(&st)))
    }
    fn take_children(&self) -> Vec<Py> {
        self.pools.iter().flatten().cloned().collect()
    }
}

/// A length argument `r` (`r must be non-negative`).
fn length(func: &str, v: &Py) -> PyResult<usize> {
    let r = args::to_int(func, v).map_err(|e| {
        if e.is("TypeError") {
            exceptions::type_error(format!("'{}' object cannot be interpreted as an integer", semantics::type_name(v)))
        } else {
            e
        }
    })?;
    usize::try_from(r).map_err(|_| exceptions::value_error("r must be non-negative"))
}

fn product_new(cx: &Cx, _cls: &TypeRef, mut args: Args) -> PyResult<Py> {
    let repeat = match args.take_kw("repeat") {
        None => 1,
        Some(v) => args::to_int("product", &v)?,
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(exceptions::type_error(format!("product() got an unexpected keyword argument '{k}'")));
    }
    if repeat < 0 {
        return Err(exceptions::value_error("repeat argument cannot be negative"));
    }
    let pools = args.pos.iter().map(|a| semantics::iterate(cx, a)).collect::<PyResult<Vec<_>>>()?;
    let count = pools.len().saturating_mul(repeat as usize);
    semantics::check_repeat(count, 1, semantics::MAX_ITEMS, "product")?;
    let mut all = Vec::with_capacity(count);
    for _ in 0..repeat {
        all.extend(pools.iter().cloned());
    }
    let r = all.len();
    Ok(Combinatoric::new(Kind::Product, all, r))
}

fn permutations_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, r] = args.bind("permutations", ["iterable", "r?"])?;
    let pool = semantics::iterate(cx, &req(iterable))?;
    let r = match r {
        None | Some(Py::None) => pool.len(),
        Some(r) => length("permutations", &r)?,
    };
    Ok(Combinatoric::new(Kind::Permutations, vec![pool], r))
}

fn combinations_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, r] = args.bind("combinations", ["iterable", "r"])?;
    let pool = semantics::iterate(cx, &req(iterable))?;
    let r = length("combinations", &req(r))?;
    Ok(Combinatoric::new(Kind::Combinations, vec![pool], r))
}

fn cwr_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [iterable, r] = args.bind("combinations_with_replacement", ["iterable", "r"])?;
    let pool = semantics::iterate(cx, &req(iterable))?;
    let r = length("combinations_with_replacement", &req(r))?;
    Ok(Combinatoric::new(Kind::WithReplacement, vec![pool], r))
}
