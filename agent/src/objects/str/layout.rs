//! Laying text out and converting it: `center`/`ljust`/`rjust`/`zfill`,
//! `expandtabs`, `translate` and `maketrans`, `encode`, and the entry
//! points of `format`/`format_map`.

use std::collections::HashMap;

use super::{char_len, check_size, ssize_arg, text};
use crate::objects::arg_styles;
use crate::objects::dict::Dict;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::unicode;
use crate::runtime::value::Py;

/// Width and fill character of `center`/`ljust`/`rjust`.
fn pad_args(name: &str, args: Args) -> PyResult<(usize, char)> {
    let a = arg_styles::positional("str", name, args, 1, 2)?;
    let width = ssize_arg(&a[0])?.max(0) as usize;
    let fill = match a.get(1) {
        None => ' ',
        Some(Py::Str(f)) => {
            let mut it = f.chars();
            match (it.next(), it.next()) {
                (Some(c), None) => c,
                _ => return Err(exceptions::type_error("The fill character must be exactly one character long")),
            }
        }
        Some(other) => {
            return Err(exceptions::type_error(format!(
                "The fill character must be a unicode character, not {}",
                semantics::type_name(other)
            )))
        }
    };
    Ok((width, fill))
}

/// `s` with `left` and `right` fill characters around it.
fn pad(s: &str, left: usize, right: usize, fill: char) -> PyResult<Py> {
    check_size(s.len() + (left + right) * fill.len_utf8())?;
    let mut out = String::with_capacity(s.len() + (left + right) * fill.len_utf8());
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(s);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(Py::str(out))
}

fn justify(this: &Py, name: &str, args: Args) -> PyResult<Py> {
    let s = text(this, name)?;
    let (width, fill) = pad_args(name, args)?;
    let len = char_len(&s);
    if len >= width {
        return Ok(Py::Str(s));
    }
    let marg = width - len;
    let left = match name {
        "ljust" => 0,
        "rjust" => marg,
        // CPython's `pad` for center: odd margins lean by the width's parity.
        _ => marg / 2 + (marg & width & 1),
    };
    pad(&s, left, marg - left, fill)
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
    let s = text(this, "zfill")?;
    let width = ssize_arg(&arg_styles::one_arg("str", "zfill", args)?)?;
    let len = char_len(&s) as i64;
    if len >= width {
        return Ok(Py::Str(s));
    }
    let fill = (width - len) as usize;
    check_size(s.len() + fill)?;
    let mut out = String::with_capacity(s.len() + fill);
    let body = match s.chars().next() {
        Some(sign @ ('+' | '-')) => {
            out.push(sign);
            &s[1..]
        }
        _ => &s[..],
    };
    out.extend(std::iter::repeat_n('0', fill));
    out.push_str(body);
    Ok(Py::str(out))
}

pub fn expandtabs(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "expandtabs")?;
    let [tabsize] = arg_styles::keywords("expandtabs", args, ["tabsize"], 0)?;
    let tabsize = match tabsize {
        None => 8,
        Some(v) => ssize_arg(&v)?,
    };
    if !s.contains('\t') {
        return Ok(Py::Str(s));
    }
    expandtabs_text(&s, tabsize).map(Py::str)
}

/// `s.expandtabs(tabsize)`: the column restarts after `\n` and `\r`.
pub fn expandtabs_text(s: &str, tabsize: i64) -> PyResult<String> {
    let mut out = String::with_capacity(s.len() + 16);
    let mut column: i64 = 0;
    for c in s.chars() {
        if c == '\t' {
            if tabsize > 0 {
                let n = tabsize - column % tabsize;
                column += n;
                check_size(out.len().saturating_add(n as usize))?;
                out.extend(std::iter::repeat_n(' ', n as usize));
            }
        } else {
            column += 1;
            out.push(c);
            if c == '\n' || c == '\r' {
                column = 0;
            }
        }
    }
    Ok(out)
}

pub fn encode(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "encode")?;
    let [encoding, errors] = arg_styles::keywords("encode", args, ["encoding", "errors"], 0)?;
    let named = |name: &str, v: Option<Py>, default: &str| -> PyResult<String> {
        match v {
            None => Ok(default.to_owned()),
            Some(Py::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(exceptions::type_error(format!(
                "encode() argument '{name}' must be str, not {}",
                semantics::type_name(&other)
            ))),
        }
    };
    let encoding = named("encoding", encoding, "utf-8")?;
    let errors = named("errors", errors, "strict")?;
    super::super::bytes::encode(&s, &encoding, &errors).map(Py::bytes)
}

pub fn format(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "format")?;
    super::super::str_format::format(cx, &s, args).map(Py::str)
}

pub fn format_map(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "format_map")?;
    let mapping = arg_styles::one_arg("str", "format_map", args)?;
    super::super::str_format::format_map(cx, &s, &mapping).map(Py::str)
}

/// What `translate` does with one character.
#[derive(Clone)]
enum Mapped {
    Keep,
    Delete,
    Text(String),
}

fn lookup(cx: &Cx, table: &Py, c: char) -> PyResult<Mapped> {
    let value = match semantics::getitem(cx, table, &Py::Int(i64::from(u32::from(c)))) {
        Ok(v) => v,
        Err(e) if e.is("LookupError") => return Ok(Mapped::Keep),
        Err(e) => return Err(e),
    };
    Ok(match value {
        Py::None => Mapped::Delete,
        Py::Str(s) => Mapped::Text(s.to_string()),
        other => match semantics::index_value(&other) {
            Some(Py::Int(n)) if (0..=0x10ffff).contains(&n) => Mapped::Text(unicode::char_of(n as u32)?.to_string()),
            Some(_) => return Err(exceptions::value_error("character mapping must be in range(0x110000)")),
            None => return Err(exceptions::type_error("character mapping must return integer, None or str")),
        },
    })
}

pub fn translate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let s = text(this, "translate")?;
    let table = arg_styles::one_arg("str", "translate", args)?;
    // Each distinct character is looked up once.
    let mut seen: HashMap<char, Mapped> = HashMap::new();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let m = match seen.get(&c) {
            Some(m) => m.clone(),
            None => {
                let m = lookup(cx, &table, c)?;
                seen.insert(c, m.clone());
                m
            }
        };
        match m {
            Mapped::Keep => out.push(c),
            Mapped::Delete => {}
            Mapped::Text(t) => {
                out.push_str(&t);
                check_size(out.len())?;
            }
        }
    }
    Ok(Py::str(out))
}

/// `str.maketrans(x, y, z)` as (key, value) pairs.
pub fn maketrans_table(x: &Py, y: Option<&Py>, z: Option<&Py>) -> PyResult<Vec<(Py, Py)>> {
    let code = |c: char| Py::Int(i64::from(u32::from(c)));
    let Some(y) = y else {
        let Some(dict) = x.downcast::<Dict>() else {
            return Err(exceptions::type_error("if you give only one argument to maketrans it must be a dict"));
        };
        let mut out = Vec::new();
        for (k, v) in dict.items() {
            let key = match &k {
                Py::Str(s) => {
                    let mut it = s.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => code(c),
                        _ => return Err(exceptions::value_error("string keys in translate table must be of length 1")),
                    }
                }
                other if semantics::index_value(other).is_some() => other.clone(),
                _ => return Err(exceptions::type_error("keys in translate table must be strings or integers")),
            };
            out.push((key, v));
        }
        return Ok(out);
    };
    let Py::Str(x) = x else {
        return Err(exceptions::type_error("first maketrans argument must be a string if there is a second argument"));
    };
    let arg = |n: usize, v: &Py| match v {
        Py::Str(s) => Ok(s.clone()),
        other => Err(exceptions::type_error(format!(
            "maketrans() argument {n} must be str, not {}",
            semantics::type_name(other)
        ))),
    };
    let y = arg(2, y)?;
    let z = z.map(|z| arg(3, z)).transpose()?;
    if char_len(x) != char_len(&y) {
        return Err(exceptions::value_error("the first two maketrans arguments must have equal length"));
    }
    let mut out: Vec<(Py, Py)> = x.chars().zip(y.chars()).map(|(a, b)| (code(a), code(b))).collect();
    if let Some(z) = z {
        out.extend(z.chars().map(|c| (code(c), Py::None)));
    }
    Ok(out)
}

pub fn maketrans(cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let a = arg_styles::positional("str", "maketrans", args, 1, 3)?;
    let pairs = maketrans_table(&a[0], a.get(1), a.get(2))?;
    Dict::from_pairs(cx, pairs)
}
