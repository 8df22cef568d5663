//! `random.py`'s integer and sequence methods: `randrange`/`randint`
//! (through `_randbelow`), `choice`, `shuffle` (in place, on any mutable
//! sequence), `sample` and `choices`, step for step, so a seeded generator
//! picks what CPython picks.

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use super::rng;
use crate::objects::list::List;
use crate::objects::numbers::int_of;
use crate::objects::set::Set;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `_index(x)`, or for other numbers `int(x)` when it equals `x` (the
/// deprecated float arguments of 3.10 and 3.11).
fn int_arg(cx: &Cx, v: &Py, what: &str) -> PyResult<BigInt> {
    let as_int = match semantics::index_value(v) {
        Some(i) => i,
        None => {
            let i = int_of(cx, v)?;
            if !semantics::eq(cx, &i, v)? {
                return Err(exceptions::value_error(format!("non-integer {what} for randrange()")));
            }
            i
        }
    };
    Ok(match as_int {
        Py::Int(n) => BigInt::from(n),
        Py::BigInt(n) => (*n).clone(),
        _ => BigInt::zero(),
    })
}

fn randrange_of(cx: &Cx, this: &Py, start: &Py, stop: Option<&Py>, step: Option<&Py>) -> PyResult<Py> {
    let r = rng(this)?;
    let istart = int_arg(cx, start, "arg 1")?;
    let Some(stop) = stop.filter(|s| !s.is_none()) else {
        if step.is_some_and(|s| !matches!(s, Py::Int(1))) {
            return Err(exceptions::type_error("Missing a non-None stop argument"));
        }
        if istart.is_positive() {
            return Ok(Py::from_bigint(r.randbelow(&istart)));
        }
        return Err(exceptions::value_error("empty range for randrange()"));
    };
    let istop = int_arg(cx, stop, "stop")?;
    let width = &istop - &istart;
    let istep = match step {
        None => BigInt::from(1),
        Some(s) => int_arg(cx, s, "step")?,
    };
    if istep == BigInt::from(1) {
        if width.is_positive() {
            return Ok(Py::from_bigint(istart + r.randbelow(&width)));
        }
        return Err(exceptions::value_error(format!("empty range for randrange() ({istart}, {istop}, {width})")));
    }
    let n = if istep.is_positive() {
        floor_div(&(&width + &istep - 1), &istep)
    } else if istep.is_negative() {
        floor_div(&(&width + &istep + 1), &istep)
    } else {
        return Err(exceptions::value_error("zero step for randrange()"));
    };
    if !n.is_positive() {
        return Err(exceptions::value_error("empty range for randrange()"));
    }
    Ok(Py::from_bigint(istart + istep * r.randbelow(&n)))
}

/// Python's `//` on ints.
fn floor_div(a: &BigInt, b: &BigInt) -> BigInt {
    let (q, r) = (a / b, a % b);
    if !r.is_zero() && (r.is_negative() != b.is_negative()) {
        q - 1
    } else {
        q
    }
}

/// `randrange(start, stop=None, step=1)`.
pub fn randrange(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [start, stop, step] = args.bind("randrange", ["start", "stop?", "step?"])?;
    randrange_of(cx, this, &req(start), stop.as_ref(), step.as_ref())
}

/// `randint(a, b)`: `randrange(a, b + 1)`.
pub fn randint(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [a, b] = args.bind("randint", ["a", "b"])?;
    let stop = semantics::binary(cx, BinOp::Add, &req(b), &Py::Int(1))?;
    randrange_of(cx, this, &req(a), Some(&stop), None)
}

/// `choice(seq)`.
pub fn choice(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [seq] = args.bind("choice", ["seq"])?;
    let seq = req(seq);
    let n = semantics::len(cx, &seq)?;
    if n == 0 {
        return Err(exceptions::index_error("Cannot choose from an empty sequence"));
    }
    let i = rng(this)?.randbelow_usize(n);
    semantics::getitem(cx, &seq, &Py::from(i))
}

/// `shuffle(x)`: in place, swapping through `x[i]` as Python does.
pub fn shuffle(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [x] = args.bind("shuffle", ["x"])?;
    let x = req(x);
    let r = rng(this)?;
    let n = semantics::len(cx, &x)?;
    for i in (1..n).rev() {
        let j = r.randbelow_usize(i + 1);
        let (a, b) = (semantics::getitem(cx, &x, &Py::from(j))?, semantics::getitem(cx, &x, &Py::from(i))?);
        semantics::setitem(cx, &x, Py::from(i), a)?;
        semantics::setitem(cx, &x, Py::from(j), b)?;
    }
    Ok(Py::None)
}

/// Whether `collections.abc.Sequence` covers the value.
fn is_sequence(v: &Py) -> bool {
    match v {
        Py::Str(_) | Py::Bytes(_) | Py::Tuple(_) => true,
        Py::Obj(o) => {
            v.downcast::<List>().is_some()
                || matches!(o.ty().name.as_ref(), "range" | "deque")
                || matches!(o.base_value(), Some(Py::Tuple(_) | Py::Str(_) | Py::Bytes(_)))
        }
        Py::Client(r) => matches!(
            r.type_name(),
            "builtins.list" | "builtins.tuple" | "builtins.str" | "builtins.range" | "builtins.bytes"
        ),
        _ => false,
    }
}

/// `bisect.bisect_right(a, x, lo, hi)`.
fn bisect_right(cx: &Cx, a: &[Py], x: &Py, mut lo: usize, mut hi: usize) -> PyResult<usize> {
    while lo < hi {
        let mid = (lo + hi) / 2;
        if semantics::lt(cx, x, &a[mid])? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

/// Running sums (`itertools.accumulate`).
fn accumulate(cx: &Cx, values: &Py) -> PyResult<Vec<Py>> {
    let mut out: Vec<Py> = Vec::new();
    for v in semantics::iterate(cx, values)? {
        let next = match out.last() {
            Some(total) => semantics::binary(cx, BinOp::Add, total, &v)?,
            None => v,
        };
        out.push(next);
    }
    Ok(out)
}

/// `sample(population, k, *, counts=None)`.
pub fn sample(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [population, k, counts] = args.bind("sample", ["population", "k", "$counts?"])?;
    let (population, k) = (req(population), req(k));
    if !is_sequence(&population) {
        return Err(exceptions::type_error("Population must be a sequence.  For dicts or sets, use sorted(d)."));
    }
    let n = semantics::len(cx, &population)?;
    if let Some(counts) = counts.filter(|c| !c.is_none()) {
        let mut cum = accumulate(cx, &counts)?;
        if cum.len() != n {
            return Err(exceptions::value_error("The number of counts does not match the population"));
        }
        let total = cum.pop().unwrap_or(Py::Int(0));
        let Some(total) = semantics::index_value(&total).filter(|_| !matches!(total, Py::Bool(_))) else {
            return Err(exceptions::type_error("Counts must be integers"));
        };
        if !semantics::richcmp(cx, &total, &Py::Int(0), CmpOp::Gt)? {
            return Err(exceptions::value_error("Total of counts must be greater than zero"));
        }
        let Py::Int(total) = total else {
            return Err(exceptions::overflow_error("Python int too large to convert to C ssize_t"));
        };
        let range = crate::objects::range::range_of(0, total, 1);
        let picked = sample(cx, this, Args::new(vec![range, k], Vec::new()))?;
        let mut out = Vec::new();
        for s in semantics::iterate(cx, &picked)? {
            let i = bisect_right(cx, &cum, &s, 0, cum.len())?;
            out.push(semantics::getitem(cx, &population, &Py::from(i))?);
        }
        return Ok(List::new(out));
    }
    let r = rng(this)?;
    let k = match semantics::index_value(&k) {
        Some(Py::Int(k)) => k,
        _ if semantics::num::of(&k).is_some() => {
            if !(semantics::richcmp(cx, &Py::Int(0), &k, CmpOp::Le)?
                && semantics::richcmp(cx, &k, &Py::from(n), CmpOp::Le)?)
            {
                return Err(exceptions::value_error("Sample larger than population or is negative"));
            }
            return Err(exceptions::type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                semantics::type_name(&k)
            )));
        }
        _ => {
            return Err(exceptions::type_error(format!(
                "'<=' not supported between instances of 'int' and '{}'",
                semantics::type_name(&k)
            )))
        }
    };
    if k < 0 || k as usize > n {
        return Err(exceptions::value_error("Sample larger than population or is negative"));
    }
    let k = k as usize;
    let mut setsize = 21usize;
    if k > 5 {
        let exp = (((k * 3) as f64).ln() / 4f64.ln()).ceil() as u32;
        setsize = setsize.saturating_add(4usize.saturating_pow(exp));
    }
    let mut result = Vec::with_capacity(k);
    if n <= setsize {
        let mut pool = semantics::iterate(cx, &population)?;
        for i in 0..k {
            let j = r.randbelow_usize(n - i);
            result.push(pool[j].clone());
            pool[j] = pool[n - i - 1].clone();
        }
    } else {
        let selected = Set::empty(false);
        for _ in 0..k {
            let mut j = r.randbelow_usize(n);
            while selected.contains_item(cx, &Py::from(j))? {
                j = r.randbelow_usize(n);
            }
            selected.add(cx, Py::from(j))?;
            result.push(semantics::getitem(cx, &population, &Py::from(j))?);
        }
    }
    Ok(List::new(result))
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`.
pub fn choices(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [population, weights, cum_weights, k] =
        args.bind("choices", ["population", "weights?", "$cum_weights?", "$k?"])?;
    let population = req(population);
    let k = match k {
        None => 1,
        Some(k) => crate::runtime::args::to_int("choices", &k)?.max(0) as usize,
    };
    let r = rng(this)?;
    let n = semantics::len(cx, &population)?;
    let weights = weights.filter(|w| !w.is_none());
    let cum = match (cum_weights.filter(|c| !c.is_none()), weights) {
        (None, None) => {
            let nf = n as f64;
            let mut out = Vec::with_capacity(k);
            for _ in 0..k {
                let i = (r.random() * nf).floor();
                out.push(semantics::getitem(cx, &population, &Py::Int(i as i64))?);
            }
            return Ok(List::new(out));
        }
        (None, Some(w)) => match accumulate(cx, &w) {
            Ok(c) => c,
            Err(e) if e.is("TypeError") => {
                if let Py::Int(k) = w {
                    return Err(exceptions::type_error(format!(
                        "The number of choices must be a keyword argument: k={k}"
                    )));
                }
                return Err(e);
            }
            Err(e) => return Err(e),
        },
        (Some(c), None) => semantics::iterate(cx, &c)?,
        (Some(_), Some(_)) => return Err(exceptions::type_error("Cannot specify both weights and cumulative weights")),
    };
    if cum.len() != n {
        return Err(exceptions::value_error("The number of weights does not match the population"));
    }
    let Some(last) = cum.last() else { return Err(exceptions::index_error("list index out of range")) };
    let total = semantics::binary(cx, BinOp::Add, last, &Py::Float(0.0))?;
    let total = crate::modules::math::float_arg(&total)?;
    if total <= 0.0 {
        return Err(exceptions::value_error("Total of weights must be greater than zero"));
    }
    if !total.is_finite() {
        return Err(exceptions::value_error("Total of weights must be finite"));
    }
    let hi = n - 1;
    let mut out = Vec::with_capacity(k);
    for _ in 0..k {
        let x = Py::Float(r.random() * total);
        let i = bisect_right(cx, &cum, &x, 0, hi)?;
        out.push(semantics::getitem(cx, &population, &Py::from(i))?);
    }
    Ok(List::new(out))
}
