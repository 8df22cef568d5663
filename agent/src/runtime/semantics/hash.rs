//! `hash(x)` with CPython's algorithms where they are deterministic (ints,
//! floats, complex, tuples, frozensets: equal values hash equal across
//! kinds, `hash(1) == hash(1.0) == hash(True)`), for the host's word size.
//! Strings and bytes use a keyed hash, as CPython's are randomised.

// The hash width follows the host's word size: the casts between `Hash`
// and `i64` are conversions on 32-bit hosts and no-ops on 64-bit ones.
#![allow(clippy::useless_conversion, clippy::unnecessary_cast)]

use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use super::{client, type_name};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef};
use crate::runtime::value::Py;

#[cfg(target_pointer_width = "64")]
mod width {
    pub type Hash = i64;
    pub type UHash = u64;
    pub const BITS: u32 = 61;
    pub const XXPRIME_1: u64 = 11400714785074694791;
    pub const XXPRIME_2: u64 = 14029467366897019727;
    pub const XXPRIME_5: u64 = 2870177450012600261;
    pub fn rotate(x: u64) -> u64 {
        x.rotate_left(31)
    }
}

#[cfg(not(target_pointer_width = "64"))]
mod width {
    pub type Hash = i32;
    pub type UHash = u32;
    pub const BITS: u32 = 31;
    pub const XXPRIME_1: u32 = 2654435761;
    pub const XXPRIME_2: u32 = 2246822519;
    pub const XXPRIME_5: u32 = 374761393;
    pub fn rotate(x: u32) -> u32 {
        x.rotate_left(13)
    }
}

use width::{Hash, UHash};

/// `_PyHASH_MODULUS`: 2**61 - 1 on 64-bit hosts, 2**31 - 1 on 32-bit ones.
const MODULUS: u64 = (1u64 << width::BITS) - 1;
const INF: i64 = 314159;

fn fix(h: i64) -> i64 {
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(n)` for an int.
pub fn hash_int(n: i64) -> i64 {
    let m = (n.unsigned_abs() % MODULUS) as i64;
    fix(if n < 0 { -m } else { m })
}

fn hash_big(n: &BigInt) -> i64 {
    let m = (n.magnitude() % MODULUS).to_i64().unwrap_or(0);
    fix(if n.sign() == Sign::Minus { -m } else { m })
}

/// `hash(x)` for a float (`_Py_HashDouble`).
pub fn hash_float(x: f64) -> i64 {
    if x.is_nan() {
        return 0;
    }
    if x.is_infinite() {
        return if x > 0.0 { INF } else { -INF };
    }
    let (mut m, mut e) = frexp(x.abs());
    let mut h: u64 = 0;
    let bits = width::BITS as i32;
    while m != 0.0 {
        h = ((h << 28) & MODULUS) | (h >> (bits - 28));
        m *= 268435456.0; // 2**28
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        h += y;
        if h >= MODULUS {
            h -= MODULUS;
        }
    }
    let e = if e >= 0 { e % bits } else { bits - 1 - ((-1 - e) % bits) };
    h = ((h << e) & MODULUS) | (h >> (bits - e));
    let h = h as i64;
    fix(if x < 0.0 { -h } else { h })
}

/// `frexp`: `x = m * 2**e` with `0.5 <= m < 1`.
fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale up first.
        let (m, e) = frexp(x * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1022u64 << 52));
    (m, exp - 1022)
}

fn hash_complex(re: f64, im: f64) -> i64 {
    let h = (hash_float(re) as Hash as UHash)
        .wrapping_add((1000003 as UHash).wrapping_mul(hash_float(im) as Hash as UHash));
    fix(i64::from(h as Hash))
}

static STR_KEY: LazyLock<std::collections::hash_map::RandomState> = LazyLock::new(Default::default);

/// `hash(s)` for str and bytes: keyed per process, like CPython's.
pub fn hash_str(bytes: &[u8]) -> i64 {
    if bytes.is_empty() {
        return 0;
    }
    let mut h = STR_KEY.build_hasher();
    h.write(bytes);
    fix(i64::from(h.finish() as Hash))
}

/// The tuple hash (xxHash-based, CPython 3.8+) of item hashes.
pub fn hash_tuple_of(hashes: impl ExactSizeIterator<Item = i64>) -> i64 {
    let len = hashes.len() as UHash;
    let mut acc: UHash = width::XXPRIME_5;
    for lane in hashes {
        acc = acc.wrapping_add((lane as Hash as UHash).wrapping_mul(width::XXPRIME_2));
        acc = width::rotate(acc);
        acc = acc.wrapping_mul(width::XXPRIME_1);
    }
    acc = acc.wrapping_add(len ^ (width::XXPRIME_5 ^ 3527539));
    if acc == UHash::MAX {
        return 1546275796;
    }
    acc as Hash as i64
}

/// The identity hash of an object (`_Py_HashPointer`).
pub fn identity_hash(o: &ObjRef) -> i64 {
    let y = address(o) as usize;
    let h = y.rotate_right(4) as isize as i64;
    fix(h)
}

/// `hash(v)`.
pub fn hash(cx: &Cx, v: &Py) -> PyResult<i64> {
    Ok(match v {
        Py::Tuple(items) => {
            cx.check_stack("while hashing")?;
            let hashes = items.iter().map(|i| hash(cx, i)).collect::<PyResult<Vec<_>>>()?;
            hash_tuple_of(hashes.into_iter())
        }
        Py::Obj(o) => match o.hash(cx)? {
            Some(h) => h,
            None => match o.base_value() {
                Some(base) => hash(cx, &base)?,
                None => identity_hash(o),
            },
        },
        Py::Client(r) => client::hash(cx, r)?,
        plain => plain_hash(plain).unwrap_or(0),
    })
}

/// `hash(v)` for the plain kinds (numbers, str, bytes, tuples of them),
/// which needs no context; `None` for anything else.
pub fn plain_hash(v: &Py) -> Option<i64> {
    Some(match v {
        Py::None => 0xFCA86420 >> 4,
        Py::Bool(b) => i64::from(*b),
        Py::Int(n) => hash_int(*n),
        Py::BigInt(n) => hash_big(n),
        Py::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 9.2e18 {
                hash_int(*f as i64)
            } else {
                hash_float(*f)
            }
        }
        Py::Complex(re, im) => hash_complex(*re, *im),
        Py::Str(s) => hash_str(s.as_bytes()),
        Py::Bytes(b) => hash_str(b),
        Py::Tuple(items) => {
            let hashes = items.iter().map(plain_hash).collect::<Option<Vec<_>>>()?;
            hash_tuple_of(hashes.into_iter())
        }
        _ => return None,
    })
}

/// Whether `hash(v)` would succeed, without computing it for plain values.
pub fn is_hashable(cx: &Cx, v: &Py) -> PyResult<()> {
    match v {
        Py::Obj(_) | Py::Tuple(_) | Py::Client(_) => hash(cx, v).map(drop),
        _ => Ok(()),
    }
}

/// The `TypeError` of unhashable types.
pub fn unhashable(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("unhashable type: '{}'", type_name(v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn ints_floats_and_tuples_hash_like_cpython() {
        // Values from CPython 3.11 on x86_64.
        assert_eq!(hash_int(-1), -2);
        assert_eq!(hash_int(1 << 61), 1);
        assert_eq!(hash_float(0.5), 1152921504606846976);
        assert_eq!(hash_float(1.5), 1152921504606846977);
        assert_eq!(hash_float(-2.25), -576460752303423490);
        assert_eq!(hash_float(1e300), 1224995262755759164);
        assert_eq!(hash_tuple_of([1i64, 2].into_iter()), -3550055125485641917);
        assert_eq!(hash_tuple_of(std::iter::empty()), 5740354900026072187);
        assert_eq!(hash_complex(1.0, 2.0), 2000007);
    }
}
