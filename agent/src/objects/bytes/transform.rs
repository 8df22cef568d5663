//! Transforming binary data: ASCII case (`lower`, `upper`, `capitalize`,
//! `title`, `swapcase`) and the `is...` predicates, padding (`center`,
//! `ljust`, `rjust`, `zfill`), `expandtabs`, `hex`/`fromhex`,
//! `translate`/`maketrans`, and `decode`.

use super::split::is_space;
use super::{bytes_arg, bytes_like, check_size, receiver, Kind};
use crate::objects::arg_styles;
use crate::objects::str::ssize_arg;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::as_type;
use crate::runtime::value::Py;

fn mapped(this: &Py, name: &str, args: Args, f: impl FnOnce(&[u8]) -> Vec<u8>) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    arg_styles::no_args(kind.owner(), name, args)?;
    Ok(kind.make(f(&data)))
}

pub fn lower(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "lower", args, <[u8]>::to_ascii_lowercase)
}

pub fn upper(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "upper", args, <[u8]>::to_ascii_uppercase)
}

pub fn capitalize(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "capitalize", args, |d| {
        d.iter()
            .enumerate()
            .map(|(i, b)| if i == 0 { b.to_ascii_uppercase() } else { b.to_ascii_lowercase() })
            .collect()
    })
}

pub fn swapcase(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "swapcase", args, |d| {
        d.iter()
            .map(|&b| if b.is_ascii_uppercase() { b.to_ascii_lowercase() } else { b.to_ascii_uppercase() })
            .collect()
    })
}

pub fn title(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    mapped(this, "title", args, |d| {
        let mut previous_is_cased = false;
        d.iter()
            .map(|&b| {
                let out = if previous_is_cased { b.to_ascii_lowercase() } else { b.to_ascii_uppercase() };
                previous_is_cased = b.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

fn predicate(this: &Py, name: &str, args: Args, f: impl FnOnce(&[u8]) -> bool) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    arg_styles::no_args(kind.owner(), name, args)?;
    Ok(Py::Bool(f(&data)))
}

fn all(d: &[u8], f: impl Fn(u8) -> bool) -> bool {
    !d.is_empty() && d.iter().all(|&b| f(b))
}

pub fn isalnum(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isalnum", args, |d| all(d, |b| b.is_ascii_alphanumeric()))
}

pub fn isalpha(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isalpha", args, |d| all(d, |b| b.is_ascii_alphabetic()))
}

pub fn isascii(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isascii", args, <[u8]>::is_ascii)
}

pub fn isdigit(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isdigit", args, |d| all(d, |b| b.is_ascii_digit()))
}

pub fn isspace(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isspace", args, |d| all(d, is_space))
}

pub fn islower(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "islower", args, |d| d.iter().any(u8::is_ascii_lowercase) && !d.iter().any(u8::is_ascii_uppercase))
}

pub fn isupper(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "isupper", args, |d| d.iter().any(u8::is_ascii_uppercase) && !d.iter().any(u8::is_ascii_lowercase))
}

pub fn istitle(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    predicate(this, "istitle", args, |d| {
        let (mut cased, mut previous_is_cased) = (false, false);
        for &b in d {
            if b.is_ascii_uppercase() {
                if previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else if b.is_ascii_lowercase() {
                if !previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else {
                previous_is_cased = false;
            }
        }
        cased
    })
}

fn justify(this: &Py, name: &str, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, name)?;
    let a = arg_styles::positional(kind.owner(), name, args, 1, 2)?;
    let width = ssize_arg(&a[0])?.max(0) as usize;
    let fill = match a.get(1) {
        None => b' ',
        Some(v) => match bytes_like(v) {
            Some(f) if f.len() == 1 => f[0],
            _ => {
                return Err(exceptions::type_error(format!(
                    "{name}() argument 2 must be a byte string of length 1, not {}",
                    semantics::type_name(v)
                )))
            }
        },
    };
    if data.len() >= width {
        return Ok(kind.same(this, &data));
    }
    check_size(width)?;
    let marg = width - data.len();
    let left = match name {
        "ljust" => 0,
        "rjust" => marg,
        _ => marg / 2 + (marg & width & 1),
    };
    let mut out = Vec::with_capacity(width);
    out.resize(left, fill);
    out.extend_from_slice(&data);
    out.resize(width, fill);
    Ok(kind.make(out))
}

pub fn center(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    justify(this, "center", args)
}

pub fn ljust(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    justify(this, "ljust", args)
}

pub fn rjust(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    justify(this, "rjust", args)
}

pub fn zfill(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "zfill")?;
    let width = ssize_arg(&arg_styles::one_arg(kind.owner(), "zfill", args)?)?;
    if data.len() as i64 >= width {
        return Ok(kind.same(this, &data));
    }
    let width = width as usize;
    check_size(width)?;
    let mut out = Vec::with_capacity(width);
    let body = match data.first() {
        Some(&sign @ (b'+' | b'-')) => {
            out.push(sign);
            &data[1..]
        }
        _ => &data[..],
    };
    out.resize(width - body.len(), b'0');
    out.extend_from_slice(body);
    Ok(kind.make(out))
}

pub fn expandtabs(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "expandtabs")?;
    let [tabsize] = arg_styles::keywords("expandtabs", args, ["tabsize"], 0)?;
    let tabsize = match tabsize {
        None => 8,
        Some(v) => ssize_arg(&v)?,
    };
    let mut out = Vec::with_capacity(data.len());
    let mut column: i64 = 0;
    for &b in data.iter() {
        if b == b'\t' {
            if tabsize > 0 {
                let n = tabsize - column % tabsize;
                column += n;
                check_size(out.len().saturating_add(n as usize))?;
                out.resize(out.len() + n as usize, b' ');
            }
        } else {
            column += 1;
            out.push(b);
            if b == b'\n' || b == b'\r' {
                column = 0;
            }
        }
    }
    Ok(kind.make(out))
}

/// `data.hex(sep, bytes_per_sep)`: groups of `bytes_per_sep` bytes counted
/// from the right (from the left when negative).
pub fn hex_text(data: &[u8], sep: Option<char>, bytes_per_sep: i64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let group = bytes_per_sep.unsigned_abs() as usize;
    let mut out = String::with_capacity(data.len() * 3);
    let Some(sep) = sep.filter(|_| group > 0 && !data.is_empty()) else {
        for &b in data {
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 15)]));
        }
        return out;
    };
    // The first group is the short one when counting from the right.
    let first = if bytes_per_sep > 0 { (data.len() - 1) % group + 1 } else { group };
    for (i, &b) in data.iter().enumerate() {
        let boundary = if i < first { i == first } else { (i - first) % group == 0 };
        if i > 0 && boundary {
            out.push(sep);
        }
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

pub fn hex(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, _) = receiver(this, "hex")?;
    let [sep, per] = arg_styles::keywords("hex", args, ["sep", "bytes_per_sep"], 0)?;
    let sep = match sep {
        None => None,
        Some(v) => {
            let n = semantics::len(_cx, &v)?;
            if n != 1 {
                return Err(exceptions::value_error("sep must be length 1."));
            }
            let c = match &v {
                Py::Str(s) => s.chars().next().unwrap_or(' '),
                other => match bytes_like(other) {
                    Some(b) => char::from(b[0]),
                    None => return Err(exceptions::type_error("sep must be str or bytes.")),
                },
            };
            if !c.is_ascii() {
                return Err(exceptions::value_error("sep must be ASCII."));
            }
            Some(c)
        }
    };
    let per = match per {
        None => 1,
        Some(v) => {
            let n = ssize_arg(&v).map_err(|e| {
                if e.is("OverflowError") {
                    exceptions::overflow_error("Python int too large to convert to C int")
                } else {
                    e
                }
            })?;
            if i32::try_from(n).is_err() {
                return Err(exceptions::overflow_error("Python int too large to convert to C int"));
            }
            n
        }
    };
    Ok(Py::str(hex_text(&data, sep, per)))
}

/// `bytes.fromhex(text)`: pairs of hex digits, ASCII whitespace between
/// pairs.
pub fn from_hex(text: &str) -> PyResult<Vec<u8>> {
    let bad =
        |at: usize| exceptions::value_error(format!("non-hexadecimal number found in fromhex() arg at position {at}"));
    if !text.is_ascii() {
        return Err(bad(text.chars().take_while(char::is_ascii).count()));
    }
    let s = text.as_bytes();
    let digit = |at: usize| s.get(at).and_then(|&b| char::from(b).to_digit(16)).ok_or_else(|| bad(at));
    let mut out = Vec::with_capacity(s.len() / 2);
    let mut i = 0;
    while i < s.len() {
        if is_space(s[i]) {
            i += 1;
            continue;
        }
        let top = digit(i)?;
        let bot = digit(i + 1)?;
        out.push((top * 16 + bot) as u8);
        i += 2;
    }
    Ok(out)
}

pub fn fromhex(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let kind = match as_type(this) {
        Some(t) if t.is_subtype(&super::super::bytearray::BYTEARRAY) => Kind::ByteArray,
        _ => Kind::Bytes,
    };
    let v = arg_styles::one_arg(kind.owner(), "fromhex", args)?;
    let Py::Str(text) = &v else {
        return Err(exceptions::type_error(format!(
            "fromhex() argument must be str, not {}",
            semantics::type_name(&v)
        )));
    };
    Ok(kind.make(from_hex(text)?))
}

pub fn translate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, kind) = receiver(this, "translate")?;
    let Args { pos, mut kw } = args;
    if pos.is_empty() {
        return Err(exceptions::type_error("translate() takes at least 1 positional argument (0 given)"));
    }
    if pos.len() + kw.len() > 2 {
        return Err(exceptions::type_error(format!(
            "translate() takes at most 2 arguments ({} given)",
            pos.len() + kw.len()
        )));
    }
    let mut pos = pos.into_iter();
    let table = pos.next().unwrap_or(Py::None);
    let delete = match (pos.next(), kw.pop()) {
        (Some(d), None) => Some(d),
        (None, Some((k, d))) if &*k == "delete" => Some(d),
        (None, Some((k, _))) => {
            return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for translate()")))
        }
        _ => None,
    };
    let table = match table {
        Py::None => None,
        t => {
            let t = bytes_arg(&t)?;
            if t.len() != 256 {
                return Err(exceptions::value_error("translation table must be 256 characters long"));
            }
            Some(t)
        }
    };
    let delete = delete.map(|d| bytes_arg(&d)).transpose()?;
    let mut drop = [false; 256];
    if let Some(d) = &delete {
        d.iter().for_each(|&b| drop[usize::from(b)] = true);
    }
    let out: Vec<u8> = data
        .iter()
        .filter(|&&b| !drop[usize::from(b)])
        .map(|&b| table.as_ref().map_or(b, |t| t[usize::from(b)]))
        .collect();
    Ok(kind.make(out))
}

pub fn maketrans(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let a = arg_styles::positional("bytes", "maketrans", args, 2, 2)?;
    let (from, to) = (bytes_arg(&a[0])?, bytes_arg(&a[1])?);
    if from.len() != to.len() {
        return Err(exceptions::value_error("maketrans arguments must have same length"));
    }
    let mut table: Vec<u8> = (0..=255u8).collect();
    for (&f, &t) in from.iter().zip(to.iter()) {
        table[usize::from(f)] = t;
    }
    Ok(Py::bytes(table))
}

pub fn decode_method(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (data, _) = receiver(this, "decode")?;
    let [encoding, errors] = arg_styles::keywords("decode", args, ["encoding", "errors"], 0)?;
    let named = |name: &str, v: Option<Py>, default: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_owned()),
            Some(Py::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(exceptions::type_error(format!(
                "decode() argument '{name}' must be str, not {}",
                semantics::type_name(&other)
            ))),
        }
    };
    let encoding = named("encoding", encoding, "utf-8")?;
    let errors = named("errors", errors, "strict")?;
    super::decode(&data, &encoding, &errors).map(Py::str)
}
