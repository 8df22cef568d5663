//! Packing values into bytes and back, code by code, with CPython's range
//! checks and messages (which depend on whether `_struct` uses its native
//! or its standard function for a code: see [`Mode::uses_native_functions`]).

use crate::platform::ctypes::{c_int, c_long, c_longlong, c_short, c_uint, c_ulong, c_ulonglong, size_t, ssize_t};
use num_traits::ToPrimitive;

use super::error;
use super::layout::{Code, Layout, Mode};
use crate::modules::buffer;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// Packs `values` (as many as the layout takes) into a new buffer.
pub fn pack(cx: &Cx, layout: &Layout, values: &[Py]) -> PyResult<Vec<u8>> {
    if values.len() != layout.items {
        return Err(error(format!("pack expected {} items for packing (got {})", layout.items, values.len())));
    }
    if layout.size > semantics::MAX_BYTES {
        return Err(exceptions::memory_error("struct"));
    }
    let mut out = vec![0u8; layout.size];
    let mut values = values.iter();
    for code in &layout.codes {
        let field = &mut out[code.offset..code.offset + code.count * code.size];
        match code.code {
            b'x' => {}
            b's' | b'p' => {
                let v = values.next().unwrap_or(&Py::None);
                let data = buffer::buffer_of(v)
                    .ok_or_else(|| error(format!("argument for '{}' must be a bytes object", char::from(code.code))))?;
                pack_string(code, &data, field);
            }
            _ => {
                for chunk in field.chunks_mut(code.size) {
                    let v = values.next().unwrap_or(&Py::None);
                    pack_one(cx, layout.mode, code.code, v, chunk)?;
                }
            }
        }
    }
    Ok(out)
}

fn pack_string(code: &Code, data: &[u8], field: &mut [u8]) {
    if code.code == b's' {
        let n = data.len().min(code.count);
        field[..n].copy_from_slice(&data[..n]);
    } else if code.count > 0 {
        // A Pascal string: a length byte (at most 255), then the data.
        let n = data.len().min(code.count - 1);
        field[1..1 + n].copy_from_slice(&data[..n]);
        field[0] = n.min(255) as u8;
    }
}

fn store(bytes_le: &[u8], little: bool, out: &mut [u8]) {
    let n = out.len();
    if little {
        out.copy_from_slice(&bytes_le[..n]);
    } else {
        for (i, b) in out.iter_mut().enumerate() {
            *b = bytes_le[n - 1 - i];
        }
    }
}

fn load(data: &[u8], little: bool) -> [u8; 16] {
    let mut le = [0u8; 16];
    let n = data.len();
    for i in 0..n {
        le[i] = if little { data[i] } else { data[n - 1 - i] };
    }
    le
}

/// The integer a value stands for (`__index__`), `None` past 128 bits.
fn int_arg(v: &Py) -> PyResult<Option<i128>> {
    match semantics::index_value(v) {
        Some(Py::Int(n)) => Ok(Some(i128::from(n))),
        Some(Py::BigInt(n)) => Ok(n.to_i128()),
        _ => Err(error("required argument is not an integer")),
    }
}

const OUT_OF_RANGE: &str = "argument out of range";

fn range_of<T: Into<i128>>(min: T, max: T) -> (i128, i128) {
    (min.into(), max.into())
}

/// Checks an integer as CPython's packing function for `code` does and
/// returns it.
fn checked_int(mode: Mode, code: u8, size: usize, v: &Py) -> PyResult<i128> {
    let n = int_arg(v)?;
    let within = |(min, max): (i128, i128)| n.filter(|n| (min..=max).contains(n));
    let requires =
        |(min, max): (i128, i128)| error(format!("'{}' format requires {min} <= number <= {max}", char::from(code)));
    let long = range_of(c_long::MIN, c_long::MAX);
    let ulong = (0, i128::from(c_ulong::MAX));
    let out = || error(OUT_OF_RANGE);
    let checked = |conversion: (i128, i128), limits: (i128, i128), message: &dyn Fn() -> PyErr| {
        let n = within(conversion).ok_or_else(out)?;
        if (limits.0..=limits.1).contains(&n) {
            Ok(n)
        } else {
            Err(message())
        }
    };
    match code {
        b'b' => checked(long, (-128, 127), &|| error("byte format requires -128 <= number <= 127")),
        b'B' => checked(long, (0, 255), &|| error("ubyte format requires 0 <= number <= 255")),
        b'P' => {
            let (min, max) = if size == 8 { (i128::from(i64::MIN), i128::from(u64::MAX)) } else { long_or_u32() };
            n.filter(|n| (min..=max).contains(n)).ok_or_else(|| error("int too large to convert"))
        }
        _ if mode.uses_native_functions(code) => {
            let short = range_of(c_short::MIN, c_short::MAX);
            match code {
                b'h' => checked(long, short, &|| {
                    error(format!("short format requires {} <= number <= {}", short.0, short.1))
                }),
                b'H' => checked(long, (0, 65535), &|| error("ushort format requires 0 <= number <= 65535")),
                b'i' => {
                    let int = range_of(c_int::MIN, c_int::MAX);
                    checked(long, int, &|| requires(int))
                }
                b'I' => {
                    let uint = (0, i128::from(c_uint::MAX));
                    checked(ulong, uint, &|| requires(uint))
                }
                b'l' => within(long).ok_or_else(out),
                b'L' => within(ulong).ok_or_else(out),
                b'q' => within(range_of(c_longlong::MIN, c_longlong::MAX)).ok_or_else(out),
                b'Q' => within((0, i128::from(c_ulonglong::MAX))).ok_or_else(out),
                b'n' => within((ssize_t::MIN as i128, ssize_t::MAX as i128)).ok_or_else(out),
                _ => within((0, size_t::MAX as i128)).ok_or_else(out),
            }
        }
        // Standard sizes through the byte-order functions of `_struct`.
        b'q' => within(range_of(i64::MIN, i64::MAX)).ok_or_else(|| error("int too large to convert")),
        b'Q' => within((0, i128::from(u64::MAX))).ok_or_else(|| error("int too large to convert")),
        b'h' | b'i' | b'l' => {
            let bits = 8 * size as u32;
            let limits = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
            checked(long, limits, &|| requires(limits))
        }
        _ => {
            let limits = (0, (1i128 << (8 * size as u32)) - 1);
            checked(ulong, limits, &|| requires(limits))
        }
    }
}

/// Pointers on 32-bit hosts: a negative value must fit a C long.
fn long_or_u32() -> (i128, i128) {
    (i128::from(c_long::MIN), i128::from(u32::MAX))
}

fn float_arg(v: &Py) -> PyResult<f64> {
    match semantics::float_value(v) {
        Some(Ok(f)) => Ok(f),
        _ => Err(error("required argument is not a float")),
    }
}

fn pack_one(cx: &Cx, mode: Mode, code: u8, v: &Py, out: &mut [u8]) -> PyResult<()> {
    match code {
        b'c' => match v {
            Py::Bytes(b) if b.len() == 1 => out[0] = b[0],
            _ => return Err(error("char format requires a bytes object of length 1")),
        },
        b'?' => out[0] = u8::from(semantics::truthy(cx, v)?),
        b'e' => store(&half_from_f64(float_arg(v)?)?.to_le_bytes(), mode.little, out),
        b'f' => {
            let x = float_arg(v)?;
            let y = x as f32;
            if !mode.native && y.is_infinite() && x.is_finite() {
                return Err(exceptions::overflow_error("float too large to pack with f format"));
            }
            store(&y.to_le_bytes(), mode.little, out);
        }
        b'd' => store(&float_arg(v)?.to_le_bytes(), mode.little, out),
        _ => {
            let n = checked_int(mode, code, out.len(), v)?;
            store(&n.to_le_bytes(), mode.little, out);
        }
    }
    Ok(())
}

/// Unpacks a buffer of exactly `layout.size` bytes.
pub fn unpack(layout: &Layout, data: &[u8]) -> Vec<Py> {
    let mut out = Vec::with_capacity(layout.items);
    for code in &layout.codes {
        let field = &data[code.offset..code.offset + code.count * code.size];
        match code.code {
            b'x' => {}
            b's' => out.push(Py::bytes(field.to_vec())),
            b'p' => {
                let n = field.first().map_or(0, |&len| usize::from(len).min(code.count.saturating_sub(1)));
                out.push(Py::bytes(field.get(1..1 + n).unwrap_or(&[]).to_vec()));
            }
            _ => out.extend(field.chunks(code.size).map(|chunk| unpack_one(layout.mode, code.code, chunk))),
        }
    }
    out
}

fn unpack_one(mode: Mode, code: u8, data: &[u8]) -> Py {
    let le = load(data, mode.little);
    let n = data.len();
    match code {
        b'c' => Py::bytes(vec![data[0]]),
        b'?' => Py::Bool(data.iter().any(|&b| b != 0)),
        b'e' => Py::Float(half_to_f64(u16::from_le_bytes([le[0], le[1]]))),
        b'f' => Py::Float(f64::from(f32::from_le_bytes([le[0], le[1], le[2], le[3]]))),
        b'd' => Py::Float(f64::from_le_bytes([le[0], le[1], le[2], le[3], le[4], le[5], le[6], le[7]])),
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => {
            let shift = 128 - 8 * n as u32;
            Py::from_bigint(((i128::from_le_bytes(le) << shift) >> shift).into())
        }
        _ => Py::from_bigint(u128::from_le_bytes(le).into()),
    }
}

/// IEEE 754 half precision of a double, rounded half to even
/// (CPython's `PyFloat_Pack2`).
fn half_from_f64(x: f64) -> PyResult<u16> {
    let sign = u16::from(x.is_sign_negative());
    let (e, bits): (i32, u32) = if x == 0.0 {
        (0, 0)
    } else if x.is_infinite() {
        (0x1f, 0)
    } else if x.is_nan() {
        (0x1f, 512)
    } else {
        let (mut f, mut e) = frexp(x.abs());
        f *= 2.0;
        e -= 1;
        if e >= 16 {
            return Err(half_overflow());
        } else if e < -25 {
            f = 0.0;
            e = 0;
        } else if e < -14 {
            f *= 2f64.powi(14 + e);
            e = 0;
        } else {
            e += 15;
            f -= 1.0;
        }
        f *= 1024.0;
        let mut bits = f as u32;
        if f - f64::from(bits) > 0.5 || (f - f64::from(bits) == 0.5 && bits % 2 == 1) {
            bits += 1;
            if bits == 1024 {
                bits = 0;
                e += 1;
                if e == 31 {
                    return Err(half_overflow());
                }
            }
        }
        (e, bits)
    };
    Ok((bits as u16) | ((e as u16) << 10) | (sign << 15))
}

fn half_overflow() -> PyErr {
    exceptions::overflow_error("float too large to pack with e format")
}

/// `frexp`: `x = f * 2**e` with `0.5 <= f < 1` (for finite, non-zero `x`).
fn frexp(x: f64) -> (f64, i32) {
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (f, e) = frexp(x * 2f64.powi(64));
        return (f, e - 64);
    }
    let f = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (f, exp - 1022)
}

/// A half-precision value as a double (CPython's `PyFloat_Unpack2`).
fn half_to_f64(h: u16) -> f64 {
    let sign = h >> 15 == 1;
    let e = i32::from((h >> 10) & 0x1f);
    let f = f64::from(h & 0x3ff);
    let x = if e == 0x1f {
        if f == 0.0 {
            f64::INFINITY
        } else {
            f64::NAN
        }
    } else if e == 0 {
        f / 1024.0 * 2f64.powi(-14)
    } else {
        (1.0 + f / 1024.0) * 2f64.powi(e - 15)
    };
    if sign {
        -x
    } else {
        x
    }
}
