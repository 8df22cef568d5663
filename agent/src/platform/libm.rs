//! The C library's math functions Rust's standard library lacks (`erf`,
//! `erfc`) or computes with its own formulas (`asinh`, `acosh`, `atanh`):
//! CPython calls the platform's libm for these, so the agent does too,
//! giving the same results as Python on the same host.

mod ffi {
    extern "C" {
        pub fn erf(x: f64) -> f64;
        pub fn erfc(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn acosh(x: f64) -> f64;
        pub fn atanh(x: f64) -> f64;
    }
}

/// The error function.
pub fn erf(x: f64) -> f64 {
    // SAFETY: a pure libm function of one double.
    unsafe { ffi::erf(x) }
}

/// The complementary error function.
pub fn erfc(x: f64) -> f64 {
    // SAFETY: a pure libm function of one double.
    unsafe { ffi::erfc(x) }
}

pub fn asinh(x: f64) -> f64 {
    // SAFETY: a pure libm function of one double.
    unsafe { ffi::asinh(x) }
}

pub fn acosh(x: f64) -> f64 {
    // SAFETY: a pure libm function of one double.
    unsafe { ffi::acosh(x) }
}

pub fn atanh(x: f64) -> f64 {
    // SAFETY: a pure libm function of one double.
    unsafe { ffi::atanh(x) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn libm_values() {
        assert_eq!(super::erf(0.0), 0.0);
        assert_eq!(super::erfc(0.0), 1.0);
        assert!((super::erf(1.0) - 0.842_700_792_949_714_9).abs() < 1e-15);
        assert_eq!(super::asinh(0.0), 0.0);
        assert_eq!(super::acosh(1.0), 0.0);
        assert!(super::atanh(1.0).is_infinite());
    }
}
