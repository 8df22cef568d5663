//! Floats as text, as CPython's `PyOS_double_to_string` writes them: the
//! digits of the exact binary value correctly rounded (Rust's exact and
//! shortest float formatting give the digits; the layout is CPython's
//! `format_float_short`).

/// Options of [`float_to_string`] (CPython's `Py_DTSF_*` flags).
#[derive(Debug, Clone, Copy, Default)]
pub struct FloatFlags {
    /// Always write a sign (`+` for non-negative numbers).
    pub sign: bool,
    /// Add `.0` to a number that would look like an integer (repr style).
    pub add_dot_0: bool,
    /// The alternate form (`#`): keep the decimal point and trailing zeros.
    pub alt: bool,
    /// `z`: a negative zero after rounding loses its sign.
    pub no_neg_0: bool,
}

/// How many digits `dtoa` produces.
#[derive(Clone, Copy)]
enum Mode {
    /// The shortest digits that round-trip (`repr`).
    Shortest,
    /// This many significant digits.
    Significant(usize),
    /// This many digits after the decimal point.
    Fixed(usize),
}

/// The decimal digits of `|x|` (finite) without trailing zeros, and the
/// position of the decimal point relative to them (`0.0123` is `123`, -1),
/// as David Gay's `dtoa` gives them.
fn dtoa(x: f64, mode: Mode) -> (Vec<u8>, i64) {
    let x = x.abs();
    if x == 0.0 {
        return (vec![b'0'], 1);
    }
    let (mut digits, decpt) = match mode {
        Mode::Shortest | Mode::Significant(_) => {
            let s = match mode {
                Mode::Significant(n) => format!("{:.*e}", n.max(1) - 1, x),
                _ => format!("{x:e}"),
            };
            let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
            let exp: i64 = exp.parse().unwrap_or(0);
            (mantissa.bytes().filter(u8::is_ascii_digit).collect::<Vec<u8>>(), exp + 1)
        }
        Mode::Fixed(n) => {
            let s = format!("{x:.n$}");
            let int_len = s.find('.').unwrap_or(s.len()) as i64;
            let all: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
            let zeros = all.iter().take_while(|&&d| d == b'0').count();
            if zeros == all.len() {
                return (vec![b'0'], 1);
            }
            (all[zeros..].to_vec(), int_len - zeros as i64)
        }
    };
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, decpt)
}

/// `PyOS_double_to_string(x, code, precision, flags)`: `code` is one of
/// `e E f F g G r` (`r` is repr: shortest digits, exponent from 1e16).
pub fn float_to_string(x: f64, code: char, precision: usize, flags: FloatFlags) -> String {
    let upper = code.is_ascii_uppercase();
    let code = code.to_ascii_lowercase();
    let mut out = String::new();
    if !x.is_finite() {
        if x.is_nan() {
            if flags.sign {
                out.push('+');
            }
            out.push_str(if upper { "NAN" } else { "nan" });
        } else {
            if x < 0.0 {
                out.push('-');
            } else if flags.sign {
                out.push('+');
            }
            out.push_str(if upper { "INF" } else { "inf" });
        }
        return out;
    }
    let (mode, precision) = match code {
        'e' => (Mode::Significant(precision + 1), precision + 1),
        'f' => (Mode::Fixed(precision), precision),
        'g' => (Mode::Significant(precision.max(1)), precision.max(1)),
        _ => (Mode::Shortest, 0),
    };
    let (digits, mut decpt) = dtoa(x, mode);
    let mut negative = x.is_sign_negative();
    if flags.no_neg_0 && digits == b"0" {
        negative = false;
    }
    let digits_len = digits.len() as i64;
    let precision = precision as i64;
    let mut use_exp = false;
    let mut vdigits_end = digits_len;
    match code {
        'e' => {
            use_exp = true;
            vdigits_end = precision;
        }
        'f' => vdigits_end = decpt + precision,
        'g' => {
            let limit = if flags.add_dot_0 { precision - 1 } else { precision };
            use_exp = decpt <= -4 || decpt > limit;
            if flags.alt {
                vdigits_end = precision;
            }
        }
        _ => use_exp = decpt <= -4 || decpt > 16,
    }
    let mut exp = 0;
    if use_exp {
        exp = decpt - 1;
        decpt = 1;
    }
    let vdigits_start = if decpt <= 0 { decpt - 1 } else { 0 };
    vdigits_end = if !use_exp && flags.add_dot_0 { vdigits_end.max(decpt + 1) } else { vdigits_end.max(decpt) };

    if negative {
        out.push('-');
    } else if flags.sign {
        out.push('+');
    }
    let zeros = |out: &mut String, n: i64| out.extend(std::iter::repeat_n('0', n.max(0) as usize));
    let text = |d: &[u8]| d.iter().map(|&b| char::from(b)).collect::<String>();
    if decpt <= 0 {
        zeros(&mut out, decpt - vdigits_start);
        out.push('.');
        zeros(&mut out, -decpt);
    } else {
        zeros(&mut out, -vdigits_start);
    }
    if 0 < decpt && decpt <= digits_len {
        out.push_str(&text(&digits[..decpt as usize]));
        out.push('.');
        out.push_str(&text(&digits[decpt as usize..]));
    } else {
        out.push_str(&text(&digits));
    }
    if digits_len < decpt {
        zeros(&mut out, decpt - digits_len);
        out.push('.');
        zeros(&mut out, vdigits_end - decpt);
    } else {
        zeros(&mut out, vdigits_end - digits_len);
    }
    if out.ends_with('.') && !flags.alt {
        out.pop();
    }
    if use_exp {
        out.push(if upper { 'E' } else { 'e' });
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.abs()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(x: f64, code: char, p: usize) -> String {
        float_to_string(x, code, p, FloatFlags::default())
    }

    // Expected values from CPython 3.11 ('%.*e' / '%.*f' / '%.*g' / repr).
    #[test]
    fn matches_cpython() {
        assert_eq!(f(0.125, 'f', 2), "0.12");
        assert_eq!(f(2.675, 'f', 2), "2.67");
        assert_eq!(f(-0.0001, 'f', 2), "-0.00");
        assert_eq!(f(1e22, 'f', 1), "10000000000000000000000.0");
        assert_eq!(f(123.456, 'e', 2), "1.23e+02");
        assert_eq!(f(1e-300, 'E', 0), "1E-300");
        assert_eq!(f(1.5, 'g', 3), "1.5");
        assert_eq!(f(1234567.0, 'g', 6), "1.23457e+06");
        assert_eq!(f(0.0001, 'g', 6), "0.0001");
        assert_eq!(f(0.00001, 'g', 6), "1e-05");
        assert_eq!(f(100.0, 'g', 0), "1e+02");
        assert_eq!(f(1e16, 'r', 0), "1e+16");
        assert_eq!(f(1e15, 'r', 0), "1000000000000000");
        assert_eq!(f(0.1, 'r', 0), "0.1");
        assert_eq!(f(f64::NAN, 'F', 2), "NAN");
        assert_eq!(f(f64::NEG_INFINITY, 'g', 2), "-inf");
        let alt = FloatFlags { alt: true, ..FloatFlags::default() };
        assert_eq!(float_to_string(1.0, 'g', 4, alt), "1.000");
        assert_eq!(float_to_string(1.0, 'f', 0, alt), "1.");
        let dot0 = FloatFlags { add_dot_0: true, ..FloatFlags::default() };
        assert_eq!(float_to_string(1.0, 'r', 0, dot0), "1.0");
        assert_eq!(float_to_string(123.0, 'g', 3, dot0), "1.23e+02");
        let z = FloatFlags { no_neg_0: true, ..FloatFlags::default() };
        assert_eq!(float_to_string(-0.0001, 'f', 2, z), "0.00");
        assert_eq!(float_to_string(-0.0, 'g', 6, z), "0");
    }
}
