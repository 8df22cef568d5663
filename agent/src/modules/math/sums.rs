//! Accurate sums: `fsum` (Shewchuk's exact partials) and the vector norm
//! behind `hypot` and `dist`, both CPython's algorithms bit for bit.

use super::floats::{frexp_of, ldexp_of};
use super::{float_arg, one, two};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// `fsum`: Shewchuk's exact partial sums, correctly rounded at the end.
pub fn fsum(cx: &Cx, args: Args) -> PyResult<Py> {
    let seq = one(args, "fsum")?;
    let it = semantics::iter(cx, &seq)?;
    let mut partials: Vec<f64> = Vec::new();
    let (mut special_sum, mut inf_sum) = (0.0f64, 0.0f64);
    let mut count = 0usize;
    while let Some(item) = semantics::next(cx, &it)? {
        count += 1;
        if count % 4096 == 0 {
            cx.check_interrupt()?;
        }
        let mut x = float_arg(&item)?;
        let xsave = x;
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        partials.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                // From overflow, or from a nan or inf among the summands.
                if xsave.is_finite() {
                    return Err(exceptions::overflow_error("intermediate overflow in fsum"));
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                partials.clear();
            } else {
                partials.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(exceptions::value_error("-inf + inf in fsum"));
        }
        return Ok(Py::Float(special_sum));
    }
    let mut hi = 0.0;
    if let Some(&top) = partials.last() {
        let mut n = partials.len() - 1;
        hi = top;
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        // Half-even rounding across several partials.
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
    }
    Ok(Py::Float(hi))
}

/// `vector_norm`: `sqrt(sum(x*x))` scaled, with compensated summation and
/// a corrected square root (CPython's algorithm, bit for bit).
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134217729.0;
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || vec.len() <= 1 {
        return max;
    }
    let (_, max_e) = frexp_of(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    let add = |x: f64, frac: &mut f64, csum: &mut f64| {
        let old = *csum;
        *csum += x;
        *frac += (old - *csum) + x;
    };
    if max_e >= -1023 {
        let scale = ldexp_of(1.0, -i64::from(max_e));
        for &v in vec {
            let x = v * scale;
            let t = x * T27;
            let hi = t - (t - x);
            let lo = x - hi;
            add(hi * hi, &mut frac1, &mut csum);
            add(2.0 * hi * lo, &mut frac2, &mut csum);
            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();
        let t = h * T27;
        let hi = t - (t - h);
        let lo = h - hi;
        add(-hi * hi, &mut frac1, &mut csum);
        add(-2.0 * hi * lo, &mut frac2, &mut csum);
        add(-lo * lo, &mut frac3, &mut csum);
        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    for &v in vec {
        let x = v / max;
        add(x * x, &mut frac1, &mut csum);
    }
    max * (csum - 1.0 + frac1).sqrt()
}

/// The absolute values of coordinates, their maximum, and whether one is NaN.
fn magnitudes(values: impl Iterator<Item = PyResult<f64>>) -> PyResult<(Vec<f64>, f64, bool)> {
    let (mut out, mut max, mut nan) = (Vec::new(), 0.0f64, false);
    for v in values {
        let x = v?.abs();
        nan |= x.is_nan();
        if x > max {
            max = x;
        }
        out.push(x);
    }
    Ok((out, max, nan))
}

pub fn hypot(_cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("hypot() takes no keyword arguments"));
    }
    let (v, max, nan) = magnitudes(args.pos.iter().map(float_arg))?;
    Ok(Py::Float(vector_norm(&v, max, nan)))
}

pub fn dist(cx: &Cx, args: Args) -> PyResult<Py> {
    let (p, q) = two(args, "dist")?;
    let (p, q) = (semantics::iterate(cx, &p)?, semantics::iterate(cx, &q)?);
    if p.len() != q.len() {
        return Err(exceptions::value_error("both points must have the same number of dimensions"));
    }
    let diffs = p.iter().zip(&q).map(|(a, b)| Ok(float_arg(a)? - float_arg(b)?));
    let (v, max, nan) = magnitudes(diffs)?;
    Ok(Py::Float(vector_norm(&v, max, nan)))
}
