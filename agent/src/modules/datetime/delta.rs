//! `datetime.timedelta`: days, seconds and microseconds, normalised as
//! CPython's `delta_new` does (every component exact, float fractions
//! accumulated and rounded half to even once), with its arithmetic,
//! comparisons, hashing, reprs and range errors.

use std::sync::LazyLock;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use rpyc_protocol::{Record, Value};

use super::tp_name;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub const US_PER_SECOND: i128 = 1_000_000;
pub const US_PER_DAY: i128 = 86_400 * US_PER_SECOND;
const MAX_DAYS: i64 = 999_999_999;

/// A normalised duration: `0 <= seconds < 86400`, `0 <= us < 10**6`,
/// `|days| <= 999999999`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Delta {
    pub days: i64,
    pub seconds: i64,
    pub us: i64,
}

impl Delta {
    pub const ZERO: Delta = Delta { days: 0, seconds: 0, us: 0 };

    /// A duration of whole seconds (within a day or two: offsets).
    pub fn from_seconds(s: i64) -> Delta {
        Delta { days: s.div_euclid(86_400), seconds: s.rem_euclid(86_400), us: 0 }
    }

    /// `microseconds_to_delta`: normalises, with CPython's range errors.
    pub fn from_us(total: i128) -> PyResult<Delta> {
        let days = total.div_euclid(US_PER_DAY);
        let rest = total.rem_euclid(US_PER_DAY);
        let days = i32::try_from(days)
            .map_err(|_| exceptions::overflow_error("Python int too large to convert to C int"))?
            .into();
        if !(-MAX_DAYS..=MAX_DAYS).contains(&days) {
            return Err(exceptions::overflow_error(format!("days={days}; must have magnitude <= {MAX_DAYS}")));
        }
        Ok(Delta { days, seconds: (rest / US_PER_SECOND) as i64, us: (rest % US_PER_SECOND) as i64 })
    }

    fn from_big(total: &BigInt) -> PyResult<Delta> {
        match total.to_i128() {
            Some(n) => Delta::from_us(n),
            None => Err(exceptions::overflow_error("Python int too large to convert to C int")),
        }
    }

    pub fn total_us(&self) -> i128 {
        i128::from(self.days) * US_PER_DAY + i128::from(self.seconds) * US_PER_SECOND + i128::from(self.us)
    }

    pub fn is_zero(&self) -> bool {
        *self == Delta::ZERO
    }

    /// `repr(timedelta)`.
    pub fn repr(&self) -> String {
        let mut parts = Vec::new();
        if self.days != 0 {
            parts.push(format!("days={}", self.days));
        }
        if self.seconds != 0 {
            parts.push(format!("seconds={}", self.seconds));
        }
        if self.us != 0 {
            parts.push(format!("microseconds={}", self.us));
        }
        if parts.is_empty() {
            parts.push("0".into());
        }
        format!("datetime.timedelta({})", parts.join(", "))
    }

    /// `str(timedelta)`: `-1 day, 23:59:59.000001`.
    pub fn text(&self) -> String {
        let (mm, ss) = (self.seconds / 60, self.seconds % 60);
        let (hh, mm) = (mm / 60, mm % 60);
        let mut s = format!("{hh}:{mm:02}:{ss:02}");
        if self.days != 0 {
            let plural = if self.days.abs() != 1 { "s" } else { "" };
            s = format!("{} day{plural}, {s}", self.days);
        }
        if self.us != 0 {
            s.push_str(&format!(".{:06}", self.us));
        }
        s
    }

    pub fn value(self) -> Py {
        Py::obj(TimeDelta(self))
    }

    /// The pickle form: `datetime.timedelta(days, seconds, microseconds)`.
    pub fn to_value(self) -> Value {
        Value::Record(Box::new(Record {
            class: "datetime.timedelta".into(),
            args: vec![Value::Int(self.days), Value::Int(self.seconds), Value::Int(self.us)],
            state: None,
        }))
    }

    pub fn hash(&self) -> i64 {
        semantics::hash_tuple_of(
            [self.days, self.seconds, self.us].into_iter().map(semantics::hash_int).collect::<Vec<_>>().into_iter(),
        )
    }
}

/// A `timedelta` object.
pub struct TimeDelta(pub Delta);

pub static TIMEDELTA: LazyLock<TypeRef> = LazyLock::new(|| {
    let attrs = vec![
        ("min".into(), Delta { days: -MAX_DAYS, seconds: 0, us: 0 }.value()),
        ("max".into(), Delta { days: MAX_DAYS, seconds: 86_399, us: 999_999 }.value()),
        ("resolution".into(), Delta { days: 0, seconds: 0, us: 1 }.value()),
    ];
    Type::native_with_attrs("datetime", "timedelta", None, &METHODS, Some(timedelta_new), attrs)
});

static METHODS: [Method; 22] = [
    method("__add__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, false)),
    method("__radd__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Add, true)),
    method("__sub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, false)),
    method("__rsub__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Sub, true)),
    method("__mul__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Mul, false)),
    method("__rmul__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Mul, true)),
    method("__truediv__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::TrueDiv, false)),
    method("__rtruediv__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::TrueDiv, true)),
    method("__floordiv__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::FloorDiv, false)),
    method("__rfloordiv__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::FloorDiv, true)),
    method("__mod__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Mod, false)),
    method("__rmod__", |cx, this, a| super::slot_binary(cx, this, a, BinOp::Mod, true)),
    method("__neg__", |cx, this, a| super::slot_unary(cx, this, a, UnaryOp::Neg)),
    method("__pos__", |cx, this, a| super::slot_unary(cx, this, a, UnaryOp::Pos)),
    method("__divmod__", |cx, this, a| {
        let q = super::slot_binary(cx, this, a.clone(), BinOp::FloorDiv, false)?;
        if crate::objects::singletons::is_not_implemented(&q) {
            return Ok(q);
        }
        let r = super::slot_binary(cx, this, a, BinOp::Mod, false)?;
        Ok(Py::tuple(vec![q, r]))
    }),
    property("days", |_, this, _| Ok(Py::Int(of(this)?.days))),
    property("seconds", |_, this, _| Ok(Py::Int(of(this)?.seconds))),
    property("microseconds", |_, this, _| Ok(Py::Int(of(this)?.us))),
    method("total_seconds", total_seconds),
    method("__abs__", abs),
    method("__reduce__", reduce),
    method("__bool__", |_, this, _| Ok(Py::Bool(!of(this)?.is_zero()))),
];

/// The duration behind a value, if it is a `timedelta`.
pub fn as_delta(v: &Py) -> Option<Delta> {
    v.downcast::<TimeDelta>().map(|t| t.0)
}

fn of(this: &Py) -> PyResult<Delta> {
    as_delta(this).ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'datetime.timedelta' object but received a '{}'",
            tp_name(this)
        ))
    })
}

fn total_seconds(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("total_seconds")?;
    let us = BigInt::from(of(this)?.total_us());
    Ok(Py::Float(semantics::num::true_div(&us, &BigInt::from(US_PER_SECOND))?))
}

fn abs(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__abs__")?;
    let d = of(this)?;
    Ok(if d.days < 0 { Delta::from_us(-d.total_us())?.value() } else { d.value() })
}

fn reduce(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__reduce__")?;
    let d = of(this)?;
    Ok(Py::tuple(vec![Py::Obj(TIMEDELTA.clone()), Py::tuple(vec![Py::Int(d.days), Py::Int(d.seconds), Py::Int(d.us)])]))
}

/// The exact value of a finite float as `(numerator, denominator)`.
fn integer_ratio(x: f64) -> PyResult<(BigInt, BigInt)> {
    if x.is_nan() {
        return Err(exceptions::value_error("cannot convert NaN to integer ratio"));
    }
    if x.is_infinite() {
        return Err(exceptions::overflow_error("cannot convert Infinity to integer ratio"));
    }
    if x == 0.0 {
        return Ok((BigInt::zero(), BigInt::from(1)));
    }
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let mut mantissa = (bits & ((1u64 << 52) - 1)) as i64;
    let mut exp = if exponent == 0 { -1074 } else { exponent - 1075 };
    if exponent != 0 {
        mantissa |= 1 << 52;
    }
    while mantissa & 1 == 0 && exp < 0 {
        mantissa >>= 1;
        exp += 1;
    }
    let mut n = BigInt::from(mantissa);
    if x < 0.0 {
        n = -n;
    }
    if exp >= 0 {
        Ok((n << exp as usize, BigInt::from(1)))
    } else {
        Ok((n, BigInt::from(1) << (-exp) as usize))
    }
}

/// `divide_nearest`: m / n rounded half to even.
fn divide_nearest(m: &BigInt, n: &BigInt) -> PyResult<BigInt> {
    if n.is_zero() {
        return Err(exceptions::zero_division("integer division or modulo by zero"));
    }
    let (q, r) = m.div_mod_floor(n);
    // Compare 2r with n, with n's sign.
    let twice = &r * 2;
    let greater = if n.is_positive() { twice > *n } else { twice < *n };
    let equal = twice == *n;
    if greater || (equal && q.is_odd()) {
        Ok(q + 1)
    } else {
        Ok(q)
    }
}

/// An int operand as CPython's `PyLong_Check` sees it (bools and int-like
/// members included).
fn int_operand(v: &Py) -> Option<BigInt> {
    match semantics::index_value(v)? {
        Py::Int(n) => Some(BigInt::from(n)),
        Py::BigInt(n) => Some((*n).clone()),
        _ => None,
    }
}

impl Delta {
    fn mul_int(self, n: &BigInt) -> PyResult<Delta> {
        Delta::from_big(&(BigInt::from(self.total_us()) * n))
    }

    /// `delta * float` (or `delta / float` when `divide`), exactly then
    /// rounded half to even.
    fn mul_float(self, x: f64, divide: bool) -> PyResult<Delta> {
        let (num, den) = integer_ratio(x)?;
        let us = BigInt::from(self.total_us());
        let out = if divide { divide_nearest(&(us * den), &num)? } else { divide_nearest(&(us * num), &den)? };
        Delta::from_big(&out)
    }
}

impl PyObject for TimeDelta {
    fn ty(&self) -> TypeRef {
        TIMEDELTA.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.0.repr())
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.0.text())
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Ok(Some(self.0.hash()))
    }
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(!self.0.is_zero()))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(as_delta(other).map(|o| op.holds(self.0.cmp(&o))))
    }
    fn unary(&self, this: &ObjRef, op: UnaryOp, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match op {
            UnaryOp::Neg => Some(Delta::from_us(-self.0.total_us())?.value()),
            UnaryOp::Pos => Some(Py::Obj(this.clone())),
            UnaryOp::Invert => None,
        })
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        let me = self.0;
        if let Some(o) = as_delta(other) {
            let (a, b) = if reflected { (o, me) } else { (me, o) };
            let (x, y) = (a.total_us(), b.total_us());
            return Ok(Some(match op {
                BinOp::Add => Delta::from_us(x + y)?.value(),
                BinOp::Sub => Delta::from_us(x - y)?.value(),
                BinOp::TrueDiv => Py::Float(semantics::num::true_div(&BigInt::from(x), &BigInt::from(y))?),
                BinOp::FloorDiv => {
                    if y == 0 {
                        return Err(exceptions::zero_division("integer division or modulo by zero"));
                    }
                    Py::from_bigint(BigInt::from(x).div_floor(&BigInt::from(y)))
                }
                BinOp::Mod => {
                    if y == 0 {
                        return Err(exceptions::zero_division("integer modulo by zero"));
                    }
                    Delta::from_big(&BigInt::from(x).mod_floor(&BigInt::from(y)))?.value()
                }
                _ => return Ok(None),
            }));
        }
        match op {
            BinOp::Mul => {
                if let Some(n) = int_operand(other) {
                    return Ok(Some(me.mul_int(&n)?.value()));
                }
                if let Py::Float(x) = other {
                    return Ok(Some(me.mul_float(*x, false)?.value()));
                }
                Ok(None)
            }
            BinOp::TrueDiv if !reflected => {
                if let Some(n) = int_operand(other) {
                    return Ok(Some(Delta::from_big(&divide_nearest(&BigInt::from(me.total_us()), &n)?)?.value()));
                }
                if let Py::Float(x) = other {
                    return Ok(Some(me.mul_float(*x, true)?.value()));
                }
                Ok(None)
            }
            BinOp::FloorDiv if !reflected => match int_operand(other) {
                Some(n) if n.is_zero() => Err(exceptions::zero_division("integer division or modulo by zero")),
                Some(n) => Ok(Some(Delta::from_big(&BigInt::from(me.total_us()).div_floor(&n))?.value())),
                None => Ok(None),
            },
            _ => Ok(None),
        }
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(self.0.to_value()))
    }
}

/// The keywords of `timedelta()` in positional order, with the
/// microseconds each unit is worth.
const UNITS: [(&str, i128); 7] = [
    ("days", US_PER_DAY),
    ("seconds", US_PER_SECOND),
    ("microseconds", 1),
    ("milliseconds", 1000),
    ("minutes", 60 * US_PER_SECOND),
    ("hours", 3600 * US_PER_SECOND),
    ("weeks", 7 * US_PER_DAY),
];

/// `accum`: adds one component; float fractions go to `leftover`.
fn accumulate(tag: &str, sum: &mut BigInt, v: &Py, factor: i128, leftover: &mut f64) -> PyResult<()> {
    if let Some(n) = int_operand(v) {
        *sum += n * factor;
        return Ok(());
    }
    let Py::Float(x) = v else {
        return Err(exceptions::type_error(format!("unsupported type for timedelta {tag} component: {}", tp_name(v))));
    };
    let (int_part, frac) = (x.trunc(), x.fract());
    if x.is_nan() {
        return Err(exceptions::value_error("cannot convert float NaN to integer"));
    }
    if x.is_infinite() {
        return Err(exceptions::overflow_error("cannot convert float infinity to integer"));
    }
    *sum += semantics::num::float_to_big(int_part) * factor;
    if frac == 0.0 {
        return Ok(());
    }
    let scaled = factor as f64 * frac;
    let (whole, frac) = (scaled.trunc(), scaled.fract());
    *sum += semantics::num::float_to_big(whole);
    *leftover += frac;
    Ok(())
}

/// `timedelta(days=0, seconds=0, microseconds=0, milliseconds=0,
/// minutes=0, hours=0, weeks=0)`.
fn timedelta_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    if args.pos.len() > 7 {
        return Err(exceptions::type_error(format!(
            "__new__() takes at most 7 arguments ({} given)",
            args.pos.len() + args.kw.len()
        )));
    }
    if let Some((k, _)) = args.kw.iter().find(|(k, _)| !UNITS.iter().any(|(u, _)| **u == **k)) {
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for __new__()")));
    }
    let values =
        args.bind("__new__", ["days?", "seconds?", "microseconds?", "milliseconds?", "minutes?", "hours?", "weeks?"])?;
    // CPython accumulates in this order: us, ms, s, min, h, d, w.
    let order = [2usize, 3, 1, 4, 5, 0, 6];
    let mut sum = BigInt::zero();
    let mut leftover = 0.0f64;
    for i in order {
        if let Some(v) = &values[i] {
            accumulate(UNITS[i].0, &mut sum, v, UNITS[i].1, &mut leftover)?;
        }
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            let odd = f64::from(u8::from(sum.is_odd()));
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        sum += BigInt::from(whole as i64);
    }
    Ok(Delta::from_big(&sum)?.value())
}
