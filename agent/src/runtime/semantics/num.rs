//! Python's numeric tower: int (i64, overflowing to BigInt), float and
//! complex, with CPython's semantics for floor division, modulo, powers,
//! shifts, true division and mixed comparisons.

use std::cmp::Ordering;

use crate::runtime::exceptions::{self as exc, PyErr, PyResult};
use crate::runtime::value::Py;
use num_bigint::{BigInt, BigUint, Sign};

/// The largest integer result the agent computes (about 315,000 decimal
/// digits): beyond it, division and decimal conversion get quadratic-slow.
pub const MAX_INT_BITS: u64 = 1 << 20;

/// A number operand; bool counts as int.
#[derive(Debug, Clone)]
pub enum Num {
    I(i64),
    B(BigInt),
    F(f64),
    C(f64, f64),
}

use Num::{B, C, F, I};

pub fn of(v: &Py) -> Option<Num> {
    Some(match v {
        Py::Bool(b) => I(i64::from(*b)),
        Py::Int(n) => I(*n),
        Py::BigInt(n) => B((**n).clone()),
        Py::Float(f) => F(*f),
        Py::Complex(re, im) => C(*re, *im),
        _ => return None,
    })
}

fn zero_div(msg: &str) -> PyErr {
    exc::zero_division(msg)
}

fn overflow(msg: &str) -> PyErr {
    exc::overflow_error(msg)
}

pub fn too_big() -> PyErr {
    exc::new(
        "MemoryError",
        format!("integer result too large: rpyc-agent computes integers of at most {MAX_INT_BITS} bits"),
    )
}

fn big(n: &Num) -> BigInt {
    match n {
        I(i) => BigInt::from(*i),
        B(b) => b.clone(),
        _ => BigInt::ZERO,
    }
}

/// An int as float, or OverflowError like CPython.
pub fn big_to_f64(n: &BigInt) -> PyResult<f64> {
    let f = if n.bits() > 1030 { f64::INFINITY } else { n.to_string().parse().unwrap_or(f64::INFINITY) };
    if f.is_infinite() {
        return Err(overflow("int too large to convert to float"));
    }
    Ok(f)
}

fn to_f64(n: &Num) -> PyResult<f64> {
    match n {
        I(i) => Ok(*i as f64),
        B(b) => big_to_f64(b),
        F(f) => Ok(*f),
        C(re, _) => Ok(*re),
    }
}

fn to_c(n: &Num) -> PyResult<(f64, f64)> {
    match n {
        C(re, im) => Ok((*re, *im)),
        other => Ok((to_f64(other)?, 0.0)),
    }
}

/// `a op b`; `Ok(None)` when the operator does not apply to the types.
pub fn arith(op: &str, a: &Num, b: &Num) -> PyResult<Option<Py>> {
    match (a, b) {
        (C(..), _) | (_, C(..)) => complex_op(op, to_c(a)?, to_c(b)?),
        (F(_), _) | (_, F(_)) if matches!(op, "+" | "-" | "*" | "/" | "//" | "%" | "**") => {
            float_op(op, to_f64(a)?, to_f64(b)?)
        }
        (F(_), _) | (_, F(_)) => Ok(None),
        _ => int_op(op, a, b),
    }
}

fn int_op(op: &str, a: &Num, b: &Num) -> PyResult<Option<Py>> {
    if let (I(x), I(y)) = (a, b) {
        let (x, y) = (*x, *y);
        let fast = match op {
            "+" => x.checked_add(y),
            "-" => x.checked_sub(y),
            "*" => x.checked_mul(y),
            "&" => Some(x & y),
            "|" => Some(x | y),
            "^" => Some(x ^ y),
            "//" if y != 0 => x.checked_div(y).map(|q| if (x % y != 0) && ((x < 0) != (y < 0)) { q - 1 } else { q }),
            "%" if y != 0 => x.checked_rem(y).map(|r| if r != 0 && ((r < 0) != (y < 0)) { r + y } else { r }),
            "**" if (0..=i64::from(u32::MAX)).contains(&y) => x.checked_pow(y as u32),
            _ => None,
        };
        if let Some(v) = fast {
            return Ok(Some(Py::Int(v)));
        }
    }
    let (x, y) = (big(a), big(b));
    let zero = BigInt::ZERO;
    Ok(Some(Py::from_bigint(match op {
        "+" => x + y,
        "-" => x - y,
        "*" => {
            if x.bits() + y.bits() > MAX_INT_BITS {
                return Err(too_big());
            }
            x * y
        }
        "/" => return true_div(&x, &y).map(|f| Some(Py::Float(f))),
        "//" | "%" => {
            if y == zero {
                let msg = if op == "%" { "integer modulo by zero" } else { "integer division or modulo by zero" };
                return Err(zero_div(msg));
            }
            let (q, r) = (&x / &y, &x % &y);
            let adjust = r != zero && ((r < zero) != (y < zero));
            match (op, adjust) {
                ("//", true) => q - 1,
                ("//", false) => q,
                (_, true) => r + y,
                (_, false) => r,
            }
        }
        "**" => return int_pow(x, y).map(Some),
        "<<" | ">>" => {
            if y < zero {
                return Err(exc::value_error("negative shift count"));
            }
            let n = u64::try_from(&y).unwrap_or(u64::MAX);
            if op == ">>" {
                if n >= x.bits() {
                    return Ok(Some(Py::Int(if x < zero { -1 } else { 0 })));
                }
                x >> n
            } else if x == zero {
                x
            } else {
                if x.bits().saturating_add(n) > MAX_INT_BITS {
                    return Err(too_big());
                }
                x << n
            }
        }
        "&" => x & y,
        "|" => x | y,
        "^" => x ^ y,
        _ => return Ok(None),
    })))
}

fn int_pow(x: BigInt, y: BigInt) -> PyResult<Py> {
    if y.sign() == Sign::Minus {
        return float_pow(big_to_f64(&x)?, big_to_f64(&y)?);
    }
    let one = BigInt::from(1);
    if y == BigInt::ZERO || x == one {
        return Ok(Py::Int(1));
    }
    if x == BigInt::ZERO {
        return Ok(Py::Int(0));
    }
    if x == -one {
        return Ok(Py::Int(if y.bit(0) { -1 } else { 1 }));
    }
    let e = u32::try_from(&y).map_err(|_| too_big())?;
    if (x.bits() - 1).saturating_mul(u64::from(e)) > MAX_INT_BITS {
        return Err(too_big());
    }
    Ok(Py::from_bigint(x.pow(e)))
}

/// `x * 2**e` without intermediate overflow.
fn ldexp(mut x: f64, mut e: i64) -> f64 {
    while e > 1000 && x.is_finite() && x != 0.0 {
        x *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 && x != 0.0 {
        x *= 2f64.powi(-1000);
        e += 1000;
    }
    x * 2f64.powi(e.clamp(-2000, 2000) as i32)
}

/// int / int, correctly rounded (up to subnormal results) like CPython.
pub fn true_div(x: &BigInt, y: &BigInt) -> PyResult<f64> {
    if y.sign() == Sign::NoSign {
        return Err(zero_div("division by zero"));
    }
    if x.bits() <= 53 && y.bits() <= 53 {
        return Ok(to_f64(&I(i64::try_from(x).unwrap_or(0)))? / to_f64(&I(i64::try_from(y).unwrap_or(1)))?);
    }
    let negative = (x.sign() == Sign::Minus) != (y.sign() == Sign::Minus);
    let (n, d): (&BigUint, &BigUint) = (x.magnitude(), y.magnitude());
    // Scale so the quotient has about 66 significant bits, then round once.
    let shift = 66 - (n.bits() as i64 - d.bits() as i64);
    let (n, d) = if shift >= 0 { (n << shift as u64, d.clone()) } else { (n.clone(), d << (-shift) as u64) };
    let (q, r) = (&n / &d, &n % &d);
    let mut q = u128::try_from(&q).unwrap_or(u128::MAX);
    if r != BigUint::ZERO {
        q |= 1;
    }
    let f = ldexp(q as f64, -shift);
    if f.is_infinite() {
        return Err(overflow("integer division result too large for a float"));
    }
    Ok(if negative { -f } else { f })
}

/// CPython's `float_divmod`.
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

/// A NaN of its own: every float object CPython makes is a distinct
/// object, and containers compare items by identity first (`x = nan;
/// [x] == [x]` is true, `[nan] == [nan]` made twice is false). The payload
/// bits stand for that identity.
pub fn fresh_nan() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let payload = NEXT.fetch_add(1, Ordering::Relaxed) & ((1 << 51) - 1);
    f64::from_bits(0x7ff8_0000_0000_0000 | payload)
}

/// A float result: a NaN gets an identity of its own.
pub fn float(x: f64) -> Py {
    Py::Float(if x.is_nan() { fresh_nan().copysign(x) } else { x })
}

fn float_op(op: &str, x: f64, y: f64) -> PyResult<Option<Py>> {
    Ok(Some(float(match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" if y == 0.0 => return Err(zero_div("float division by zero")),
        "/" => x / y,
        "//" if y == 0.0 => return Err(zero_div("float floor division by zero")),
        "//" => float_divmod(x, y).0,
        "%" if y == 0.0 => return Err(zero_div("float modulo")),
        "%" => float_divmod(x, y).1,
        "**" => return float_pow(x, y).map(Some),
        _ => return Ok(None),
    })))
}

fn float_pow(x: f64, y: f64) -> PyResult<Py> {
    if y == 0.0 {
        return Ok(Py::Float(1.0));
    }
    if x == 0.0 && y < 0.0 {
        return Err(zero_div("0.0 cannot be raised to a negative power"));
    }
    if x < 0.0 && y.is_finite() && y.fract() != 0.0 {
        // A negative number to a fractional power is complex in Python 3.
        let (re, im) = complex_pow((x, 0.0), (y, 0.0))?;
        return Ok(Py::Complex(re, im));
    }
    let r = x.powf(y);
    if r.is_infinite() && x.is_finite() && y.is_finite() {
        return Err(PyErr::new(
            exc::exc_type("OverflowError"),
            vec![Py::Int(34), Py::str("Numerical result out of range")],
        ));
    }
    Ok(Py::Float(r))
}

fn c_mul((a, b): (f64, f64), (c, d): (f64, f64)) -> (f64, f64) {
    (a * c - b * d, a * d + b * c)
}

/// CPython's `_Py_c_quot`.
fn c_quot((ar, ai): (f64, f64), (br, bi): (f64, f64)) -> PyResult<(f64, f64)> {
    let (abs_r, abs_i) = (br.abs(), bi.abs());
    if abs_r >= abs_i {
        if abs_r == 0.0 {
            return Err(zero_div("complex division by zero"));
        }
        let ratio = bi / br;
        let denom = br + bi * ratio;
        Ok(((ar + ai * ratio) / denom, (ai - ar * ratio) / denom))
    } else if abs_i >= abs_r {
        let ratio = br / bi;
        let denom = br * ratio + bi;
        Ok(((ar * ratio + ai) / denom, (ai * ratio - ar) / denom))
    } else {
        Ok((f64::NAN, f64::NAN))
    }
}

fn complex_pow(a: (f64, f64), b: (f64, f64)) -> PyResult<(f64, f64)> {
    if b == (0.0, 0.0) {
        return Ok((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return Err(zero_div("0.0 to a negative or complex power"));
        }
        return Ok((0.0, 0.0));
    }
    let r = if b.1 == 0.0 && b.0.fract() == 0.0 && b.0.abs() <= 100.0 {
        // Small integer powers by repeated multiplication, as CPython does.
        let mut n = b.0.abs() as u32;
        let (mut acc, mut base) = ((1.0, 0.0), a);
        while n > 0 {
            if n & 1 == 1 {
                acc = c_mul(acc, base);
            }
            base = c_mul(base, base);
            n >>= 1;
        }
        if b.0 < 0.0 {
            // A power that underflowed to zero: C's errno EDOM, which
            // complex_pow reports as for a zero base.
            c_quot((1.0, 0.0), acc).map_err(|_| zero_div("0.0 to a negative or complex power"))?
        } else {
            acc
        }
    } else {
        let vabs = a.0.hypot(a.1);
        let mut len = vabs.powf(b.0);
        let at = a.1.atan2(a.0);
        let mut phase = at * b.0;
        if b.1 != 0.0 {
            len /= (at * b.1).exp();
            phase += b.1 * vabs.ln();
        }
        if phase.is_infinite() {
            // C's cos/sin of an infinity set EDOM, which CPython reports so.
            return Err(zero_div("0.0 to a negative or complex power"));
        }
        (len * phase.cos(), len * phase.sin())
    };
    // CPython's Py_ADJUST_ERANGE2: an infinite part is an overflow, even
    // when the base itself was infinite.
    if r.0.is_infinite() || r.1.is_infinite() {
        return Err(overflow("complex exponentiation"));
    }
    Ok(r)
}

fn complex_op(op: &str, a: (f64, f64), b: (f64, f64)) -> PyResult<Option<Py>> {
    let (re, im) = match op {
        "+" => (a.0 + b.0, a.1 + b.1),
        "-" => (a.0 - b.0, a.1 - b.1),
        "*" => c_mul(a, b),
        "/" => c_quot(a, b)?,
        "**" => complex_pow(a, b)?,
        _ => return Ok(None),
    };
    Ok(Some(Py::Complex(re, im)))
}

/// `-x`, `+x`, `~x`; `None` when the operator does not apply.
pub fn unary(op: &str, a: &Num) -> Option<Py> {
    Some(match (op, a) {
        ("-", I(i)) => i.checked_neg().map_or_else(|| Py::from_bigint(-BigInt::from(*i)), Py::Int),
        ("-", B(b)) => Py::from_bigint(-b),
        ("-", F(f)) => Py::Float(-f),
        ("-", C(re, im)) => Py::Complex(-re, -im),
        ("+", I(i)) => Py::Int(*i),
        ("+", B(b)) => Py::BigInt(std::sync::Arc::new(b.clone())),
        ("+", F(f)) => Py::Float(*f),
        ("+", C(re, im)) => Py::Complex(*re, *im),
        ("~", I(i)) => Py::Int(!i),
        ("~", B(b)) => Py::from_bigint(-b - 1),
        _ => return None,
    })
}

/// An integral float as an exact BigInt.
pub fn float_to_big(t: f64) -> BigInt {
    if t.abs() < 9.0e18 {
        BigInt::from(t as i64)
    } else {
        BigInt::parse_bytes(format!("{t:.0}").as_bytes(), 10).unwrap_or_default()
    }
}

/// Exact int-float ordering, like CPython (`2**53 + 1 != float(2**53)`).
fn cmp_int_float(n: &Num, f: f64) -> Option<Ordering> {
    if let I(i) = n {
        if i.unsigned_abs() <= 1 << 53 {
            return (*i as f64).partial_cmp(&f);
        }
    }
    if f.is_nan() {
        return None;
    }
    if f.is_infinite() {
        return Some(if f > 0.0 { Ordering::Less } else { Ordering::Greater });
    }
    let t = f.trunc();
    Some(big(n).cmp(&float_to_big(t)).then(if f > t {
        Ordering::Less
    } else if f < t {
        Ordering::Greater
    } else {
        Ordering::Equal
    }))
}

/// Ordering of two real numbers; None for NaN or complex operands.
pub fn cmp(a: &Num, b: &Num) -> Option<Ordering> {
    match (a, b) {
        (C(..), _) | (_, C(..)) => None,
        (I(x), I(y)) => Some(x.cmp(y)),
        (F(x), F(y)) => x.partial_cmp(y),
        (F(x), n) => cmp_int_float(n, *x).map(Ordering::reverse),
        (n, F(y)) => cmp_int_float(n, *y),
        _ => Some(big(a).cmp(&big(b))),
    }
}

pub fn eq(a: &Num, b: &Num) -> bool {
    match (a, b) {
        (C(ar, ai), C(br, bi)) => ar == br && ai == bi,
        (C(re, im), n) | (n, C(re, im)) => *im == 0.0 && cmp(n, &F(*re)) == Some(Ordering::Equal),
        _ => cmp(a, b) == Some(Ordering::Equal),
    }
}

/// Three-argument `pow(base, exp, mod)` on ints (a negative exponent
/// takes the modular inverse), as CPython computes it.
pub fn pow_mod(base: &Py, exp: &Py, modulo: &Py) -> PyResult<Py> {
    let as_big = |v: &Py| match super::index_value(v)? {
        Py::Int(n) => Some(BigInt::from(n)),
        Py::BigInt(b) => Some((*b).clone()),
        _ => None,
    };
    let (Some(b), Some(e), Some(m)) = (as_big(base), as_big(exp), as_big(modulo)) else {
        return Err(exc::type_error("pow() 3rd argument not allowed unless all arguments are integers"));
    };
    if m == BigInt::ZERO {
        return Err(exc::value_error("pow() 3rd argument cannot be 0"));
    }
    let am = if m.sign() == Sign::Minus { -m.clone() } else { m.clone() };
    let base = if e.sign() == Sign::Minus {
        mod_inverse(&b, &am).ok_or_else(|| exc::value_error("base is not invertible for the given modulus"))?
    } else {
        b
    };
    let e = if e.sign() == Sign::Minus { -e } else { e };
    let mut r = ((base % &am) + &am) % &am;
    r = r.modpow(&e, &am);
    if m.sign() == Sign::Minus && r != BigInt::ZERO {
        r += &m;
    }
    Ok(Py::from_bigint(r))
}

fn mod_inverse(a: &BigInt, m: &BigInt) -> Option<BigInt> {
    let (mut t, mut new_t) = (BigInt::ZERO, BigInt::from(1));
    let (mut r, mut new_r) = (m.clone(), ((a % m) + m) % m);
    while new_r != BigInt::ZERO {
        let q = &r / &new_r;
        (t, new_t) = (new_t.clone(), t - &q * &new_t);
        (r, new_r) = (new_r.clone(), r - &q * &new_r);
    }
    if r != BigInt::from(1) {
        return None;
    }
    Some(((t % m) + m) % m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(o: &str, a: Py, b: Py) -> Py {
        match arith(o, &of(&a).unwrap_or(I(0)), &of(&b).unwrap_or(I(0))) {
            Ok(Some(v)) => v,
            other => panic!("{a:?} {o} {b:?}: {other:?}"),
        }
    }

    fn fails(o: &str, a: Py, b: Py) -> String {
        match arith(o, &of(&a).unwrap_or(I(0)), &of(&b).unwrap_or(I(0))) {
            Err(e) => format!(
                "{}: {}",
                e.class().name,
                match &e.0.args()[..] {
                    [Py::Str(s)] => s.to_string(),
                    other => format!("{other:?}"),
                }
            ),
            other => panic!("{other:?}"),
        }
    }

    use Py::{Float as Fl, Int as In};

    macro_rules! assert_py {
        ($a:expr, $b:expr $(, $($t:tt)*)?) => {
            assert_eq!(format!("{:?}", $a), format!("{:?}", $b) $(, $($t)*)?)
        };
    }

    #[test]
    fn floor_division_and_modulo_follow_python_signs() {
        for (a, b, q, r) in [(7, 2, 3, 1), (-7, 2, -4, 1), (7, -2, -4, -1), (-7, -2, 3, -1), (6, -3, -2, 0)] {
            assert_py!(op("//", In(a), In(b)), In(q), "{a} // {b}");
            assert_py!(op("%", In(a), In(b)), In(r), "{a} % {b}");
        }
        assert_py!(op("//", In(i64::MIN), In(-1)), Py::from_bigint(-BigInt::from(i64::MIN)));
        assert_py!(op("%", In(i64::MIN), In(-1)), In(0));
        assert_py!(op("//", Fl(-7.5), In(2)), Fl(-4.0));
        assert_py!(op("%", Fl(-7.5), In(2)), Fl(0.5));
        assert_py!(op("%", Fl(7.5), Fl(-2.0)), Fl(-0.5));
        assert_py!(op("%", Fl(-0.0), Fl(2.0)), Fl(0.0));
        let big = Py::from_bigint(BigInt::from(10).pow(30));
        assert_py!(
            op("//", Py::from_bigint(-BigInt::from(10).pow(30) - 1), In(10)),
            Py::from_bigint(-BigInt::from(10).pow(29) - 1)
        );
        assert_py!(op("%", big, In(-7)), In(-6));
    }

    #[test]
    fn zero_division_messages_match_cpython() {
        assert_eq!(fails("/", In(1), In(0)), "ZeroDivisionError: division by zero");
        assert_eq!(fails("//", In(1), In(0)), "ZeroDivisionError: integer division or modulo by zero");
        assert_eq!(fails("%", In(1), Py::Bool(false)), "ZeroDivisionError: integer modulo by zero");
        assert_eq!(fails("/", Fl(1.0), In(0)), "ZeroDivisionError: float division by zero");
        assert_eq!(fails("//", In(1), Fl(0.0)), "ZeroDivisionError: float floor division by zero");
        assert_eq!(fails("%", Fl(1.0), Fl(0.0)), "ZeroDivisionError: float modulo");
        assert_eq!(fails("**", In(0), In(-1)), "ZeroDivisionError: 0.0 cannot be raised to a negative power");
        assert_eq!(fails("/", Py::Complex(1.0, 0.0), In(0)), "ZeroDivisionError: complex division by zero");
    }

    #[test]
    fn big_ints_and_powers() {
        assert_py!(op("+", In(i64::MAX), In(1)), Py::from_bigint(BigInt::from(i64::MAX) + 1));
        assert_py!(op("*", In(1 << 40), In(1 << 40)), Py::from_bigint(BigInt::from(1u128 << 80)));
        assert_py!(op("-", Py::from_bigint(BigInt::from(i64::MAX) + 1), In(1)), In(i64::MAX));
        assert_py!(format!("{:?}", op("**", In(2), In(100))), "1267650600228229401496703205376");
        assert_py!(op("**", In(2), In(-2)), Fl(0.25));
        assert_py!(op("**", In(-1), Py::from_bigint(BigInt::from(10).pow(40) + 1)), In(-1));
        assert!(fails("**", In(3), Py::from_bigint(BigInt::from(10).pow(40))).starts_with("MemoryError"));
        assert!(fails("<<", In(1), In(1 << 40)).starts_with("MemoryError"));
        assert_py!(op("<<", In(1), In(70)), Py::from_bigint(BigInt::from(1u128 << 70)));
        assert_py!(op(">>", In(-5), In(1)), In(-3));
        assert_py!(op(">>", Py::from_bigint(-BigInt::from(1u128 << 70)), In(200)), In(-1));
        assert_eq!(fails("<<", In(1), In(-1)), "ValueError: negative shift count");
        assert_py!(
            op("&", In(-1), Py::from_bigint(BigInt::from(1u128 << 70))),
            Py::from_bigint(BigInt::from(1u128 << 70))
        );
        assert_py!(op("/", In(7), In(2)), Fl(3.5));
        let ten = |n: u32| Py::from_bigint(BigInt::from(10).pow(n));
        assert_py!(op("/", ten(400), ten(399)), Fl(10.0));
        assert_py!(op("/", In(1), ten(30)), Fl(1e-30));
        assert_py!(op("/", Py::from_bigint(BigInt::from(2).pow(80) + 1), In(3)), Fl(4.029752732048764e+23));
        assert_eq!(fails("+", ten(400), Fl(1.0)), "OverflowError: int too large to convert to float");
        assert_py!(unary("-", &I(i64::MIN)), Some(Py::from_bigint(-BigInt::from(i64::MIN))));
        assert_py!(unary("~", &I(5)), Some(In(-6)));
        assert!(unary("~", &F(1.0)).is_none());
    }

    #[test]
    fn floats_and_complex() {
        assert_py!(op("**", Fl(2.0), Fl(0.5)), Fl(std::f64::consts::SQRT_2));
        assert!(
            matches!(op("**", In(-8), Fl(1.0 / 3.0)), Py::Complex(re, im) if (re - 1.0).abs() < 1e-12 && (im - 1.7320508075688772).abs() < 1e-12)
        );
        assert!(fails("**", Fl(10.0), Fl(400.0)).starts_with("OverflowError"));
        assert_py!(op("*", Py::Complex(1.0, 1.0), Py::Complex(1.0, 1.0)), Py::Complex(0.0, 2.0));
        assert_py!(op("**", Py::Complex(1.0, 1.0), In(2)), Py::Complex(0.0, 2.0));
        assert_py!(op("+", In(1), Py::Complex(0.0, 2.0)), Py::Complex(1.0, 2.0));
        assert!(matches!(arith("//", &C(1.0, 0.0), &I(1)), Ok(None)));
        assert!(matches!(arith("&", &F(1.0), &I(1)), Ok(None)));
    }

    #[test]
    fn mixed_comparisons_are_exact() {
        let p53 = I((1 << 53) + 1);
        assert!(!eq(&p53, &F(9007199254740992.0)));
        assert_eq!(cmp(&p53, &F(9007199254740992.0)), Some(Ordering::Greater));
        assert!(eq(&I(1), &F(1.0)));
        assert!(eq(&I(1), &C(1.0, 0.0)));
        assert!(!eq(&I(1), &C(1.0, 1.0)));
        assert_eq!(cmp(&B(BigInt::from(10).pow(400)), &F(f64::INFINITY)), Some(Ordering::Less));
        assert_eq!(cmp(&B(BigInt::from(10).pow(20)), &F(1e20)), Some(Ordering::Equal));
        assert_eq!(cmp(&I(1), &F(f64::NAN)), None);
        assert_eq!(cmp(&F(2.5), &I(2)), Some(Ordering::Greater));
    }
}
