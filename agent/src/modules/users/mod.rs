//! The user and group databases as Python modules: [`pwd`], [`grp`] and
//! [`getpass`], and the id conversions CPython's `posixmodule.c` does for
//! them (`_Py_Uid_Converter` / `_Py_Gid_Converter`).

pub mod getpass;
pub mod grp;
pub mod pwd;

use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// Why an id argument was refused.
pub enum IdError {
    /// `OverflowError: uid is less than minimum`.
    Under,
    /// `OverflowError: uid is greater than maximum`.
    Over,
}

/// `_Py_Uid_Converter` / `_Py_Gid_Converter` on this platform's C `long`:
/// -1 (and its unsigned form) is the id `(uid_t)-1`; other values that
/// do not fit are refused as CPython refuses them.
pub fn id_value(what: &str, v: &Py) -> PyResult<Result<u32, IdError>> {
    let Some(index) = semantics::index_value(v) else {
        return Err(exceptions::type_error(format!("{what} should be integer, not {}", semantics::type_name(v))));
    };
    let long_bits = crate::platform::users::LONG_BITS;
    let (long_min, long_max) = (-(1i128 << (long_bits - 1)), (1i128 << (long_bits - 1)) - 1);
    let ulong_max = (1i128 << long_bits) - 1;
    let n: Option<i128> = match &index {
        Py::Int(n) => Some(i128::from(*n)),
        Py::BigInt(b) => num_traits::ToPrimitive::to_i128(&**b),
        _ => None,
    };
    let Some(n) = n else {
        // Beyond 128 bits: beyond any C long too.
        let negative = matches!(&index, Py::BigInt(b) if b.sign() == num_bigint::Sign::Minus);
        return Ok(Err(if negative { IdError::Under } else { IdError::Over }));
    };
    if (long_min..=long_max).contains(&n) {
        if n == -1 {
            return Ok(Ok(u32::MAX));
        }
        if n < 0 || n > i128::from(u32::MAX) {
            return Ok(Err(IdError::Under));
        }
        return Ok(Ok(n as u32));
    }
    if n < 0 || n > ulong_max {
        return Ok(Err(if n < 0 { IdError::Under } else { IdError::Over }));
    }
    // Beyond a long but within an unsigned long: never a 32-bit id.
    Ok(Err(IdError::Over))
}

/// An id as Python shows it (`(uid_t)-1` is -1).
pub fn id_text(id: u32) -> String {
    if id == u32::MAX {
        "-1".to_owned()
    } else {
        id.to_string()
    }
}

/// The `OverflowError` of a refused id.
pub fn id_overflow(what: &str, e: IdError) -> exceptions::PyErr {
    exceptions::overflow_error(match e {
        IdError::Under => format!("{what} is less than minimum"),
        IdError::Over => format!("{what} is greater than maximum"),
    })
}

/// A name argument: str only, without NUL.
pub fn name_arg(func: &str, v: &Py) -> PyResult<String> {
    match v {
        Py::Str(s) if s.contains('\0') => Err(exceptions::value_error("embedded null character")),
        Py::Str(s) => Ok(s.to_string()),
        other => {
            Err(exceptions::type_error(format!("{func}() argument must be str, not {}", semantics::type_name(other))))
        }
    }
}

#[cfg(test)]
mod tests;
