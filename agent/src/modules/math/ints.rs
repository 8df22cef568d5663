//! The integer functions: `gcd`, `lcm`, `isqrt`, `factorial`, `comb`,
//! `perm` (exact, on ints of any size up to the agent's integer limit),
//! and `prod`.

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::two;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::BinOp;
use crate::runtime::semantics::{self, num};
use crate::runtime::value::Py;

/// `operator.index(v)` as a BigInt.
fn index(v: &Py) -> PyResult<BigInt> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(BigInt::from(n)),
        Some(Py::BigInt(n)) => Ok((*n).clone()),
        _ => Err(exceptions::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            semantics::type_name(v)
        ))),
    }
}

fn big_gcd(mut a: BigInt, mut b: BigInt) -> BigInt {
    while !b.is_zero() {
        let r = &a % &b;
        a = b;
        b = r;
    }
    a.abs()
}

fn no_keywords(args: &Args, name: &str) -> PyResult<()> {
    match args.kw.is_empty() {
        true => Ok(()),
        false => Err(exceptions::type_error(format!("{name}() takes no keyword arguments"))),
    }
}

/// `gcd(*integers)`.
pub fn gcd(_cx: &Cx, args: Args) -> PyResult<Py> {
    no_keywords(&args, "gcd")?;
    let mut acc = BigInt::zero();
    for v in &args.pos {
        let n = index(v)?;
        if !acc.is_one() {
            acc = big_gcd(acc, n);
        }
    }
    Ok(Py::from_bigint(acc.abs()))
}

/// `lcm(*integers)`.
pub fn lcm(_cx: &Cx, args: Args) -> PyResult<Py> {
    no_keywords(&args, "lcm")?;
    let mut acc = BigInt::one();
    for v in &args.pos {
        let n = index(v)?;
        if acc.is_zero() {
            continue;
        }
        if n.is_zero() {
            acc = BigInt::zero();
            continue;
        }
        let g = big_gcd(acc.clone(), n.clone());
        let product_bits = acc.bits() + n.bits();
        if product_bits > num::MAX_INT_BITS {
            return Err(num::too_big());
        }
        acc = (&acc / g * n).abs();
    }
    Ok(Py::from_bigint(acc))
}

/// The integer square root of a `u64` (exact).
fn isqrt_u64(n: u64) -> u64 {
    let mut r = (n as f64).sqrt() as u64;
    while r.checked_mul(r).is_none_or(|sq| sq > n) {
        r -= 1;
    }
    while (r + 1).checked_mul(r + 1).is_some_and(|sq| sq <= n) {
        r += 1;
    }
    r
}

/// `isqrt(n)`.
pub fn isqrt(_cx: &Cx, args: Args) -> PyResult<Py> {
    let n = index(&super::one(args, "isqrt")?)?;
    if n.sign() == Sign::Minus {
        return Err(exceptions::value_error("isqrt() argument must be nonnegative"));
    }
    Ok(match n.to_u64() {
        Some(small) => Py::from(isqrt_u64(small)),
        None => Py::from_bigint(n.sqrt()),
    })
}

/// The product of `lo..hi` (exclusive) by halves, so multiplications stay
/// balanced.
fn range_product(lo: u64, hi: u64) -> BigInt {
    match hi.saturating_sub(lo) {
        0 => BigInt::one(),
        1 => BigInt::from(lo),
        n if n <= 16 => (lo..hi).fold(BigInt::one(), |acc, i| acc * i),
        n => {
            let mid = lo + n / 2;
            range_product(lo, mid) * range_product(mid, hi)
        }
    }
}

/// Refuses results beyond the agent's integer size (`bits` is an upper
/// bound of the result's size).
fn check_bits(bits: f64) -> PyResult<()> {
    if bits > num::MAX_INT_BITS as f64 {
        return Err(num::too_big());
    }
    Ok(())
}

/// `log2(n!)`, over-estimated a little.
fn factorial_bits(n: u64) -> f64 {
    let n = n as f64;
    if n < 2.0 {
        return 1.0;
    }
    n * n.log2() - n * std::f64::consts::LOG2_E + n.log2() + 2.0
}

/// `factorial(n)`.
pub fn factorial(_cx: &Cx, args: Args) -> PyResult<Py> {
    let v = super::one(args, "factorial")?;
    let n = index(&v)?;
    if n.sign() == Sign::Minus {
        return Err(exceptions::value_error("factorial() not defined for negative values"));
    }
    let Some(n) = n.to_i64() else {
        return Err(exceptions::overflow_error(format!("factorial() argument should not exceed {}", i64::MAX)));
    };
    check_bits(factorial_bits(n as u64))?;
    Ok(Py::from_bigint(range_product(1, n as u64 + 1)))
}

/// `n` and `k` of `comb`/`perm`: non-negative ints.
fn n_and_k(n: &Py, k: &Py) -> PyResult<(BigInt, BigInt)> {
    let (n, k) = (index(n)?, index(k)?);
    if n.sign() == Sign::Minus {
        return Err(exceptions::value_error("n must be a non-negative integer"));
    }
    if k.sign() == Sign::Minus {
        return Err(exceptions::value_error("k must be a non-negative integer"));
    }
    Ok((n, k))
}

/// `n * (n-1) * ... * (n-k+1)`.
fn falling(n: &BigInt, k: u64) -> BigInt {
    match n.to_u64() {
        Some(small) => range_product(small - k + 1, small + 1),
        None => (0..k).fold(BigInt::one(), |acc, i| acc * (n - i)),
    }
}

/// `log2` of a positive BigInt, roughly.
fn log2_of(n: &BigInt) -> f64 {
    n.bits() as f64
}

/// `comb(n, k)`.
pub fn comb(_cx: &Cx, args: Args) -> PyResult<Py> {
    let (n, k) = two(args, "comb")?;
    let (n, k) = n_and_k(&n, &k)?;
    if k > n {
        return Ok(Py::Int(0));
    }
    let k = std::cmp::min(k.clone(), &n - &k);
    let Some(k) = k.to_u64() else {
        return Err(exceptions::overflow_error(format!("min(n - k, k) must not exceed {}", i64::MAX)));
    };
    check_bits(k as f64 * log2_of(&n).max(1.0))?;
    // Exact at every step: the running product of i consecutive integers
    // is divisible by i!.
    let mut acc = BigInt::one();
    for i in 0..k {
        acc = acc * (&n - i) / (i + 1);
    }
    Ok(Py::from_bigint(acc))
}

/// `perm(n, k=None)`.
pub fn perm(cx: &Cx, args: Args) -> PyResult<Py> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error("perm() takes no keyword arguments"));
    }
    let n_args = args.pos.len();
    if n_args == 0 || n_args > 2 {
        let bound = if n_args == 0 { "at least 1 argument" } else { "at most 2 arguments" };
        return Err(exceptions::type_error(format!("perm expected {bound}, got {n_args}")));
    }
    let mut pos = args.pos.into_iter();
    let n = req(pos.next());
    let k = match pos.next() {
        None | Some(Py::None) => return factorial(cx, Args::one(n)),
        Some(k) => k,
    };
    let (n, k) = n_and_k(&n, &k)?;
    if n < k {
        return Ok(Py::Int(0));
    }
    let Some(k) = k.to_u64() else {
        return Err(exceptions::overflow_error(format!("k must not exceed {}", i64::MAX)));
    };
    check_bits(k as f64 * log2_of(&n).max(1.0))?;
    Ok(Py::from_bigint(falling(&n, k)))
}

/// `prod(iterable, /, *, start=1)`.
pub fn prod(cx: &Cx, args: Args) -> PyResult<Py> {
    let Args { pos, mut kw } = args;
    let start = kw.iter().position(|(k, _)| &**k == "start").map(|i| kw.remove(i).1);
    if let Some((k, _)) = kw.first() {
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for prod()")));
    }
    let [iterable] = <[Py; 1]>::try_from(pos).map_err(|pos| {
        exceptions::type_error(format!("prod() takes exactly 1 positional argument ({} given)", pos.len()))
    })?;
    let mut acc = start.unwrap_or(Py::Int(1));
    let it = semantics::iter(cx, &iterable)?;
    let mut count = 0usize;
    while let Some(item) = semantics::next(cx, &it)? {
        acc = semantics::binary(cx, BinOp::Mul, &acc, &item)?;
        count += 1;
        if count % 4096 == 0 {
            cx.check_interrupt()?;
        }
    }
    Ok(acc)
}
