//! The argument conventions of CPython's C methods, each with its own
//! error wording, for methods that must fail exactly as CPython's do:
//! `METH_NOARGS`, `METH_O`, Argument Clinic positional-only parameters,
//! old `PyArg_ParseTuple` parameters, and Argument Clinic keyword
//! parameters (`_PyArg_UnpackKeywords`).

use crate::runtime::args::Args;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

fn no_keywords(owner: &str, name: &str, args: &Args) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(exceptions::type_error(format!("{owner}.{name}() takes no keyword arguments")))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `METH_NOARGS`: `str.upper()`.
pub fn no_args(owner: &str, name: &str, args: Args) -> PyResult<()> {
    no_keywords(owner, name, &args)?;
    if !args.pos.is_empty() {
        return Err(exceptions::type_error(format!("{owner}.{name}() takes no arguments ({} given)", args.pos.len())));
    }
    Ok(())
}

/// `METH_O`: `str.join(iterable)`.
pub fn one_arg(owner: &str, name: &str, args: Args) -> PyResult<Py> {
    no_keywords(owner, name, &args)?;
    let n = args.pos.len();
    if n != 1 {
        return Err(exceptions::type_error(format!("{owner}.{name}() takes exactly one argument ({n} given)")));
    }
    Ok(args.pos.into_iter().next().unwrap_or(Py::None))
}

/// Argument Clinic positional-only parameters (`str.center(width,
/// fillchar=' ', /)`): `min..=max` arguments.
pub fn positional(owner: &str, name: &str, args: Args, min: usize, max: usize) -> PyResult<Vec<Py>> {
    if min == max && args.kw.is_empty() && args.pos.len() != min {
        return Err(exceptions::type_error(format!(
            "{name} expected {min} argument{}, got {}",
            plural(min),
            args.pos.len()
        )));
    }
    no_keywords(owner, name, &args)?;
    let n = args.pos.len();
    if n < min {
        return Err(exceptions::type_error(format!("{name} expected at least {min} argument{}, got {n}", plural(min))));
    }
    if n > max {
        return Err(exceptions::type_error(format!("{name} expected at most {max} argument{}, got {n}", plural(max))));
    }
    Ok(args.pos)
}

/// `PyArg_ParseTuple` parameters (`str.find(sub[, start[, end]])`).
pub fn parse_tuple(owner: &str, name: &str, args: Args, min: usize, max: usize) -> PyResult<Vec<Py>> {
    no_keywords(owner, name, &args)?;
    let n = args.pos.len();
    if n < min || n > max {
        let (bound, k) = if min == max {
            ("exactly", min)
        } else if n < min {
            ("at least", min)
        } else {
            ("at most", max)
        };
        return Err(exceptions::type_error(format!("{name}() takes {bound} {k} argument{} ({n} given)", plural(k))));
    }
    Ok(args.pos)
}

/// Argument Clinic parameters that may be given by keyword
/// (`str.split(sep=None, maxsplit=-1)`); the first `required` are
/// required.
pub fn keywords<const N: usize>(
    name: &str,
    args: Args,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Py>; N]> {
    let (npos, nkw) = (args.pos.len(), args.kw.len());
    if npos + nkw > N {
        return Err(exceptions::type_error(format!(
            "{name}() takes at most {N} {}argument{} ({} given)",
            if npos == 0 { "keyword " } else { "" },
            plural(N),
            npos + nkw
        )));
    }
    let mut slots: [Option<Py>; N] = std::array::from_fn(|_| None);
    for (i, v) in args.pos.into_iter().enumerate() {
        slots[i] = Some(v);
    }
    let mut unused = Vec::new();
    for (k, v) in args.kw {
        match names.iter().position(|n| **n == *k) {
            Some(i) if i >= npos => slots[i] = Some(v),
            _ => unused.push(k),
        }
    }
    for (i, n) in names.iter().enumerate().take(required) {
        if slots[i].is_none() {
            return Err(exceptions::type_error(format!("{name}() missing required argument '{n}' (pos {})", i + 1)));
        }
    }
    if let Some(k) = unused.first() {
        if let Some(i) = names.iter().position(|n| **n == **k) {
            return Err(exceptions::type_error(format!(
                "argument for {name}() given by name ('{k}') and position ({})",
                i + 1
            )));
        }
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for {name}()")));
    }
    Ok(slots)
}
