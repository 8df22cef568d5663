//! Struct formats: byte order, sizes and alignment, parsed as CPython's
//! `prepare_s` does. The native mode (`@`) takes the sizes and alignment
//! of the C types of the host this agent was built for (`long` is 4 bytes
//! on i686 and armv7, 8 on x86_64, aarch64 and s390x; `long long` and
//! `double` align to 4 on i686), and its byte order (big-endian on s390x).

use std::mem::{align_of, size_of};

use crate::platform::ctypes::{c_int, c_long, c_longlong, c_short, c_void, size_t};

use super::error;
use crate::runtime::exceptions::PyResult;

/// Whether the host stores numbers little-endian (`sys.byteorder`).
pub const HOST_LITTLE: bool = cfg!(target_endian = "little");

/// `PY_SSIZE_T_MAX` of the host.
const SSIZE_MAX: usize = isize::MAX as usize;

/// Byte order, sizes and alignment a format uses (its first character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mode {
    /// `@`: native sizes and alignment.
    pub native: bool,
    pub little: bool,
}

impl Mode {
    /// Whether a code of this standard-size mode runs CPython's native
    /// packing functions: at import, `_struct` swaps them into the table of
    /// the host's byte order wherever the sizes agree (which changes some
    /// error messages).
    pub fn uses_native_functions(self, code: u8) -> bool {
        if self.native {
            return true;
        }
        self.little == HOST_LITTLE
            && !matches!(code, b'f' | b'd' | b'?')
            && native_size(code).is_some_and(|(size, _)| Some(size) == standard_size(code))
    }
}

/// One format code with its repeat count, where it starts.
#[derive(Clone, Copy, Debug)]
pub struct Code {
    pub code: u8,
    pub count: usize,
    pub offset: usize,
    /// Size of one item (for `s`/`p` the whole field is `count` bytes).
    pub size: usize,
}

impl Code {
    /// Values this code packs or unpacks: one for `s`/`p`, none for `x`.
    pub fn items(&self) -> usize {
        match self.code {
            b's' | b'p' => 1,
            b'x' => 0,
            _ => self.count,
        }
    }
}

/// A parsed format.
#[derive(Clone, Debug)]
pub struct Layout {
    pub mode: Mode,
    pub codes: Vec<Code>,
    /// Total size in bytes (`calcsize`).
    pub size: usize,
    /// Number of values packed or unpacked.
    pub items: usize,
}

/// Native (size, alignment) of a code, as CPython's native table has them
/// (bytes, chars and strings have no alignment).
pub fn native_size(code: u8) -> Option<(usize, usize)> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b's' | b'p' => (1, 0),
        b'?' => (size_of::<bool>(), align_of::<bool>()),
        b'h' | b'H' | b'e' => (size_of::<c_short>(), align_of::<c_short>()),
        b'i' | b'I' => (size_of::<c_int>(), align_of::<c_int>()),
        b'l' | b'L' => (size_of::<c_long>(), align_of::<c_long>()),
        b'q' | b'Q' => (size_of::<c_longlong>(), align_of::<c_longlong>()),
        b'n' | b'N' => (size_of::<size_t>(), align_of::<size_t>()),
        b'f' => (size_of::<f32>(), align_of::<f32>()),
        b'd' => (size_of::<f64>(), align_of::<f64>()),
        b'P' => (size_of::<*const c_void>(), align_of::<*const c_void>()),
        _ => return None,
    })
}

/// Standard size of a code (`<`, `>`, `!`, `=`); `n`, `N` and `P` have none.
pub fn standard_size(code: u8) -> Option<usize> {
    Some(match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'l' | b'L' | b'f' => 4,
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

fn too_long() -> crate::runtime::exceptions::PyErr {
    error("total struct size too long")
}

/// Parses a format (its bytes; str formats are ASCII-encoded first).
pub fn parse(format: &[u8]) -> PyResult<Layout> {
    // C string semantics: the format ends at a NUL.
    let format = format.split(|&b| b == 0).next().unwrap_or(&[]);
    let (mode, body) = match format.first() {
        Some(b'<') => (Mode { native: false, little: true }, &format[1..]),
        Some(b'>' | b'!') => (Mode { native: false, little: false }, &format[1..]),
        Some(b'=') => (Mode { native: false, little: HOST_LITTLE }, &format[1..]),
        Some(b'@') => (Mode { native: true, little: HOST_LITTLE }, &format[1..]),
        _ => (Mode { native: true, little: HOST_LITTLE }, format),
    };
    let mut codes = Vec::new();
    let (mut size, mut items) = (0usize, 0usize);
    let mut i = 0;
    while i < body.len() {
        let mut c = body[i];
        i += 1;
        if c.is_ascii_whitespace() || c == 0x0b {
            continue;
        }
        let count = if c.is_ascii_digit() {
            let mut num = usize::from(c - b'0');
            loop {
                let Some(&d) = body.get(i) else {
                    return Err(error("repeat count given without format specifier"));
                };
                i += 1;
                if !d.is_ascii_digit() {
                    c = d;
                    break;
                }
                let digit = usize::from(d - b'0');
                if num >= SSIZE_MAX / 10 && (num > SSIZE_MAX / 10 || digit > SSIZE_MAX % 10) {
                    return Err(too_long());
                }
                num = num * 10 + digit;
            }
            num
        } else {
            1
        };
        let (item_size, align) = if mode.native {
            native_size(c).ok_or_else(|| error("bad char in struct format"))?
        } else {
            (standard_size(c).ok_or_else(|| error("bad char in struct format"))?, 0)
        };
        if align > 0 && size > 0 {
            let extra = (align - 1) - (size - 1) % align;
            if extra > SSIZE_MAX - size {
                return Err(too_long());
            }
            size += extra;
        }
        if count > (SSIZE_MAX - size) / item_size {
            return Err(too_long());
        }
        let code = Code { code: c, count, offset: size, size: item_size };
        items += code.items();
        size += count * item_size;
        codes.push(code);
    }
    Ok(Layout { mode, codes, size, items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_sizes_follow_the_host_c_types() {
        let long = size_of::<c_long>();
        assert_eq!(parse(b"l").map(|l| l.size).ok(), Some(long));
        assert_eq!(parse(b"<l").map(|l| l.size).ok(), Some(4));
        assert_eq!(parse(b"P").map(|l| l.size).ok(), Some(size_of::<usize>()));
        // A char then an int: the int is aligned to its own alignment.
        assert_eq!(parse(b"ci").map(|l| l.size).ok(), Some(2 * align_of::<c_int>()));
        // `0l` pads to long alignment without adding a long.
        assert_eq!(parse(b"c0l").map(|l| l.size).ok(), Some(align_of::<c_long>()));
        assert_eq!(parse(b"=ci").map(|l| l.size).ok(), Some(5));
    }
}
