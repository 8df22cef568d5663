//! The argument conventions of CPython's C methods, each with its own
//! error wording, for methods that must fail exactly as CPython's do:
//! `METH_NOARGS`, `METH_O`, Argument Clinic positional-only parameters,
//! old `PyArg_ParseTuple` parameters, and Argument Clinic keyword
//! parameters (`_PyArg_UnpackKeywords`); and methods written in Python
//! in CPython's standard library (`def`), for native classes that stand
//! for them (`collections.UserDict`, `string.Formatter`).

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

// ------------------------------------------------------------------ Python `def`s

/// `'a', 'b' and 'c'`, as CPython lists missing arguments.
fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 | 1 => q.concat(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// Binds `args` as a Python `def` method does (its errors name the
/// method's qualified name `func`, `UserDict.get()`, and count `self`,
/// unlike a C function's) to its parameters after `self`: `?` marks a parameter with a default, a
/// leading `/` a positional-only one. With `rest`, extra positional
/// arguments are returned (a `*args` parameter) instead of refused.
pub fn def_bind<const N: usize>(
    func: &str,
    args: Args,
    spec: [&str; N],
    rest: bool,
) -> PyResult<([Option<Py>; N], Vec<Py>)> {
    let (slots, extra) = def_bind_slice(func, args, &spec, rest)?;
    let mut out: [Option<Py>; N] = std::array::from_fn(|_| None);
    for (o, s) in out.iter_mut().zip(slots) {
        *o = s;
    }
    Ok((out, extra))
}

/// [`def_bind`] for a parameter list known at run time.
pub fn def_bind_slice(func: &str, args: Args, spec: &[&str], rest: bool) -> PyResult<(Vec<Option<Py>>, Vec<Py>)> {
    let n = spec.len();
    let names: Vec<(&str, bool, bool)> = spec
        .iter()
        .map(|s| (s.trim_start_matches('/').trim_end_matches('?'), s.ends_with('?'), s.starts_with('/')))
        .collect();
    let Args { mut pos, kw } = args;
    let extra = if pos.len() > n { pos.split_off(n) } else { Vec::new() };
    if !extra.is_empty() && !rest {
        let required = names.iter().filter(|(_, optional, _)| !optional).count();
        let takes = if required == n { format!("{}", n + 1) } else { format!("from {} to {}", required + 1, n + 1) };
        let plural = if takes == "1" { "" } else { "s" };
        let given = n + extra.len() + 1;
        return Err(exceptions::type_error(format!(
            "{func}() takes {takes} positional argument{plural} but {given} were given"
        )));
    }
    let mut slots: Vec<Option<Py>> = vec![None; n];
    for (slot, v) in slots.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    for (k, v) in kw {
        let Some(i) = names.iter().position(|(name, _, pos_only)| !pos_only && *name == &*k) else {
            if names.iter().any(|(name, _, pos_only)| *pos_only && *name == &*k) {
                return Err(exceptions::type_error(format!(
                    "{func}() got some positional-only arguments passed as keyword arguments: '{k}'"
                )));
            }
            return Err(exceptions::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
        };
        if slots[i].is_some() {
            return Err(exceptions::type_error(format!("{func}() got multiple values for argument '{k}'")));
        }
        slots[i] = Some(v);
    }
    let missing: Vec<&str> = names
        .iter()
        .zip(&slots)
        .filter(|((_, optional, _), s)| !optional && s.is_none())
        .map(|((n, _, _), _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(exceptions::type_error(format!(
            "{func}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            quoted(&missing)
        )));
    }
    Ok((slots, extra))
}

/// Binds a method that takes nothing after `self`.
pub fn def_none(func: &str, args: Args) -> PyResult<()> {
    def_bind(func, args, [], false).map(|_| ())
}
