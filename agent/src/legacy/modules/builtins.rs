//! `builtins`: the functions and types an admin's script reaches for.

use std::cmp::Ordering;
use std::sync::Arc;

use num_bigint::BigInt;
use rpyc_protocol::{Obj, Value};

use super::{b, f, ModuleDef};
use crate::legacy::args::{self, req, Args};
use crate::legacy::containers::{self, iterate, val_repr, Dict, List};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{self, class_id_of, NativeFn, PyObject, PyRef, Val};

pub static MODULE: ModuleDef = ModuleDef {
    name: "builtins",
    type_name: "builtins",
    functions: &[
        f("len", len),
        f("abs", abs),
        f("min", min),
        f("max", max),
        f("sum", sum),
        f("sorted", sorted),
        f("repr", repr),
        f("any", any),
        f("all", all),
        f("hasattr", hasattr),
        f("getattr", getattr),
        f("setattr", setattr),
        f("callable", callable),
        f("hex", hex),
        f("oct", oct),
        f("bin", bin),
        f("chr", chr),
        f("ord", ord),
        f("round", round),
        f("divmod", divmod),
        f("id", id),
        f("hash", hash),
        f("dir", dir),
        f("format", format),
        f("print", print),
        f("iter", iter),
        f("next", next),
        f("isinstance", isinstance),
        f("issubclass", issubclass),
        b("open", crate::legacy::file::open),
    ],
    attr: |name, _cx| {
        CLASSES.iter().find(|(n, _)| *n == name).map(|(n, ctor)| Ok(Obj::Local(Class::new(n, *ctor)))).or_else(|| {
            match name {
                "True" => Some(Ok(Obj::Value(Value::Bool(true)))),
                "False" => Some(Ok(Obj::Value(Value::Bool(false)))),
                "None" => Some(Ok(Obj::none())),
                "Ellipsis" => Some(Ok(Obj::Value(Value::Ellipsis))),
                "NotImplemented" => Some(Ok(Obj::Value(Value::NotImplemented))),
                _ => None,
            }
        })
    },
    attr_names: &[
        "int",
        "float",
        "str",
        "bool",
        "bytes",
        "list",
        "dict",
        "tuple",
        "set",
        "frozenset",
        "range",
        "enumerate",
        "zip",
        "reversed",
        "type",
        "True",
        "False",
        "None",
        "Ellipsis",
        "NotImplemented",
    ],
};

/// Types callable as constructors.
const CLASSES: &[(&str, NativeFn)] = &[
    ("int", int),
    ("float", float),
    ("str", str_),
    ("bool", bool_),
    ("bytes", bytes),
    ("list", list),
    ("dict", dict),
    ("tuple", tuple),
    ("set", set),
    ("frozenset", frozenset),
    ("range", range),
    ("enumerate", enumerate),
    ("zip", zip),
    ("reversed", reversed),
    ("type", type_),
];

/// A builtin type: a class object (instance id 0) that constructs values.
pub struct Class {
    name: String,
    qualified: String,
    /// `None` for types that cannot be built from a call here (a file type,
    /// `builtins.module`): calling them raises TypeError.
    ctor: Option<NativeFn>,
}

impl Class {
    pub fn new(name: &'static str, ctor: NativeFn) -> PyRef {
        Arc::new(Class { name: name.to_owned(), qualified: format!("builtins.{name}"), ctor: Some(ctor) })
    }

    /// The class of objects whose id-pack type name is `qualified`.
    pub fn of_type(qualified: &str) -> PyRef {
        let name = object::short_type(qualified);
        let ctor = if qualified.starts_with("builtins.") {
            CLASSES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
        } else {
            None
        };
        Arc::new(Class { name: name.to_owned(), qualified: qualified.to_owned(), ctor })
    }
}

impl PyObject for Class {
    fn type_name(&self) -> &str {
        &self.qualified
    }
    fn instance_id(&self) -> i64 {
        0
    }
    fn call(&self, _this: &PyRef, args: Args, cx: &Cx) -> PyResult<Val> {
        match self.ctor {
            Some(ctor) => ctor(cx, args),
            None => Err(exc::type_error(format!("cannot create '{}' instances", self.qualified))),
        }
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match name {
            "__name__" | "__qualname__" => Ok(Obj::Value(Value::str(self.name.as_str()))),
            "__module__" => Ok(Obj::Value(Value::str(self.qualified.rsplit_once('.').map_or("builtins", |(m, _)| m)))),
            _ => Err(exc::new("AttributeError", format!("type object '{}' has no attribute '{name}'", self.name))),
        }
    }
    fn hash(&self) -> PyResult<i64> {
        Ok(class_id_of(&self.qualified))
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        match self.qualified.strip_prefix("builtins.") {
            Some(name) => Ok(format!("<class '{name}'>")),
            None => Ok(format!("<class '{}'>", self.qualified)),
        }
    }
}

fn one(func: &str, args: Args) -> PyResult<Val> {
    let [x] = args.bind(func, ["obj"])?;
    Ok(req(x))
}

/// Python ordering of two values (`<`), or TypeError for unorderable mixes.
pub fn compare_values(a: &Value, b: &Value) -> PyResult<Ordering> {
    use Value::{Bool, Bytes, Float, Int, List, Str, Tuple};
    let num = |v: &Value| match v {
        Int(n) => Some(*n as f64),
        Bool(b) => Some(f64::from(u8::from(*b))),
        Float(f) => Some(*f),
        _ => None,
    };
    Ok(match (a, b) {
        (Int(x), Int(y)) => x.cmp(y),
        (Value::BigInt(x), Value::BigInt(y)) => x.cmp(y),
        (Value::BigInt(x), Int(y)) => x.cmp(&num_bigint::BigInt::from(*y)),
        (Int(x), Value::BigInt(y)) => num_bigint::BigInt::from(*x).cmp(y),
        (Str(x), Str(y)) => x.cmp(y),
        (Bytes(x), Bytes(y)) => x.cmp(y),
        (Tuple(x), Tuple(y)) | (List(x), List(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = compare_values(p, q)?;
                if o != Ordering::Equal {
                    return Ok(o);
                }
            }
            x.len().cmp(&y.len())
        }
        _ => match (num(a), num(b)) {
            (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            _ => {
                return Err(exc::type_error(format!(
                    "'<' not supported between instances of '{}' and '{}'",
                    a.type_name(),
                    b.type_name()
                )))
            }
        },
    })
}

/// Sorts like `list.sort()`: stable, TypeError on unorderable items.
pub fn sort_values(values: &mut [Value]) -> PyResult<()> {
    let mut failure = None;
    values.sort_by(|a, b| {
        compare_values(a, b).unwrap_or_else(|e| {
            failure.get_or_insert(e);
            Ordering::Equal
        })
    });
    failure.map_or(Ok(()), Err)
}

fn values_of(v: &Val, cx: &Cx) -> PyResult<Vec<Value>> {
    iterate(v, cx)?.iter().map(|x| cx.value(x)).collect()
}

fn len(cx: &Cx, args: Args) -> PyResult<Val> {
    match one("len", args)? {
        Obj::Local(o) => object::callattr(&o, "__len__", Args::default(), cx),
        Obj::Tuple(items) => Ok(Obj::Value(Value::from(items.len()))),
        Obj::Value(v) => match v {
            Value::Str(s) => Ok(Obj::Value(Value::from(s.chars().count()))),
            Value::Bytes(b) => Ok(Obj::Value(Value::from(b.len()))),
            Value::Tuple(t) | Value::FrozenSet(t) => Ok(Obj::Value(Value::from(t.len()))),
            other => Err(exc::type_error(format!("object of type '{}' has no len()", other.type_name()))),
        },
        remote @ Obj::Remote(_) => Ok(Obj::Value(Value::from(values_of(&remote, cx)?.len()))),
    }
}

fn abs(_cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(Obj::Value(match one("abs", args)? {
        Obj::Value(Value::Int(n)) => match n.checked_abs() {
            Some(a) => Value::Int(a),
            None => Value::from_bigint(-BigInt::from(n)),
        },
        Obj::Value(Value::BigInt(n)) => Value::from_bigint(if n < BigInt::from(0) { -n } else { n }),
        Obj::Value(Value::Float(x)) => Value::Float(x.abs()),
        Obj::Value(Value::Bool(b)) => Value::Int(b.into()),
        Obj::Value(Value::Complex(re, im)) => Value::Float(re.hypot(im)),
        other => {
            return Err(exc::type_error(format!("bad operand type for abs(): '{}'", object::val_type_name(&other))))
        }
    }))
}

fn extreme(func: &str, cx: &Cx, args: Args, want: Ordering) -> PyResult<Val> {
    let Args { pos, kw } = args;
    let default = kw.iter().find(|(k, _)| k == "default").map(|(_, v)| v.clone());
    if let Some((k, _)) = kw.iter().find(|(k, _)| k != "default") {
        return Err(exc::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
    }
    let items: Vec<Value> = match pos.len() {
        0 => return Err(exc::type_error(format!("{func} expected at least 1 argument, got 0"))),
        1 => values_of(&pos[0], cx)?,
        _ => pos.iter().map(|v| cx.value(v)).collect::<PyResult<_>>()?,
    };
    let mut best: Option<Value> = None;
    for item in items {
        best = Some(match best {
            Some(b) if compare_values(&item, &b)? != want => b,
            _ => item,
        });
    }
    match (best, default) {
        (Some(b), _) => Ok(containers::wrap(b)),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(exc::value_error(format!("{func}() arg is an empty sequence"))),
    }
}

fn min(cx: &Cx, args: Args) -> PyResult<Val> {
    extreme("min", cx, args, Ordering::Less)
}

fn max(cx: &Cx, args: Args) -> PyResult<Val> {
    extreme("max", cx, args, Ordering::Greater)
}

fn sum(cx: &Cx, args: Args) -> PyResult<Val> {
    let [it, start] = args.bind("sum", ["iterable", "start?"])?;
    let mut total = start.map(|s| cx.value(&s)).transpose()?.unwrap_or(Value::Int(0));
    for v in values_of(&req(it), cx)? {
        total = crate::legacy::eval::ops::binary("+", &total, &v)?;
    }
    Ok(Obj::Value(total))
}

fn sorted(cx: &Cx, args: Args) -> PyResult<Val> {
    let [it, key, reverse] = args.bind("sorted", ["iterable", "$key?", "$reverse?"])?;
    if key.is_some_and(|k| !matches!(k, Obj::Value(Value::None))) {
        return Err(exc::not_implemented("sorted(key=...)"));
    }
    let mut values = values_of(&req(it), cx)?;
    sort_values(&mut values)?;
    if args::opt_bool(reverse.as_ref(), false) {
        values.reverse();
    }
    Ok(Obj::Local(List::new(values.into_iter().map(containers::wrap).collect())))
}

/// `repr()` of any value.
pub fn repr_of(v: &Val, cx: &Cx) -> String {
    val_repr(v, cx)
}

/// `str()` of any value.
pub fn str_of(v: &Val, cx: &Cx) -> PyResult<String> {
    Ok(match v {
        Obj::Value(Value::Str(s)) => s.clone(),
        Obj::Local(o) => o.str(cx)?,
        Obj::Remote(_) => cx.client_str(v)?,
        other => val_repr(other, cx),
    })
}

fn repr(cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(Obj::Value(Value::Str(repr_of(&one("repr", args)?, cx))))
}

fn any(cx: &Cx, args: Args) -> PyResult<Val> {
    let items = iterate(&one("any", args)?, cx)?;
    Ok(Obj::Value(Value::Bool(items.iter().any(args::truthy))))
}

fn all(cx: &Cx, args: Args) -> PyResult<Val> {
    let items = iterate(&one("all", args)?, cx)?;
    Ok(Obj::Value(Value::Bool(items.iter().all(args::truthy))))
}

fn getattr(cx: &Cx, args: Args) -> PyResult<Val> {
    let [o, name, default] = args.bind("getattr", ["object", "name", "default?"])?;
    let name = args::to_str("getattr", &req(name))?;
    let result = match req(o) {
        Obj::Local(o) => object::getattr(&o, &name, cx),
        other => Err(exc::attribute_error(&object::val_type_name(&other), &name)),
    };
    match (result, default) {
        (Err(rpyc_protocol::ExceptionPayload::Exception(e)), Some(d))
            if e.is_instance_of("builtins", "AttributeError") =>
        {
            Ok(d)
        }
        (r, _) => r,
    }
}

fn hasattr(cx: &Cx, args: Args) -> PyResult<Val> {
    let [o, name] = args.bind("hasattr", ["object", "name"])?;
    let name = args::to_str("hasattr", &req(name))?;
    Ok(Obj::Value(Value::Bool(match req(o) {
        Obj::Local(o) => object::getattr(&o, &name, cx).is_ok(),
        _ => false,
    })))
}

fn setattr(cx: &Cx, args: Args) -> PyResult<Val> {
    let [o, name, v] = args.bind("setattr", ["object", "name", "value"])?;
    let name = args::to_str("setattr", &req(name))?;
    match req(o) {
        Obj::Local(o) => o.setattr(&name, req(v), cx).map(|()| Obj::none()),
        other => Err(exc::attribute_error(&object::val_type_name(&other), &name)),
    }
}

fn callable(_cx: &Cx, args: Args) -> PyResult<Val> {
    let callable = match one("callable", args)? {
        Obj::Local(o) => {
            let t = o.type_name();
            o.instance_id() == 0 || t.ends_with("builtin_function_or_method") || o.methods().contains(&"__call__")
        }
        _ => false,
    };
    Ok(Obj::Value(Value::Bool(callable)))
}

fn int_arg(func: &str, v: &Val) -> PyResult<BigInt> {
    match v {
        Obj::Value(Value::Int(n)) => Ok(BigInt::from(*n)),
        Obj::Value(Value::BigInt(n)) => Ok(n.clone()),
        Obj::Value(Value::Bool(b)) => Ok(BigInt::from(u8::from(*b))),
        other => Err(exc::type_error(format!(
            "'{}' object cannot be interpreted as an integer ({func})",
            object::val_type_name(other)
        ))),
    }
}

fn radix(func: &str, prefix: &str, base: u32, args: Args) -> PyResult<Val> {
    let n = int_arg(func, &one(func, args)?)?;
    let (sign, mag) = if n < BigInt::from(0) { ("-", -n) } else { ("", n) };
    Ok(Obj::Value(Value::Str(format!("{sign}{prefix}{}", mag.to_str_radix(base)))))
}

fn hex(_cx: &Cx, args: Args) -> PyResult<Val> {
    radix("hex", "0x", 16, args)
}

fn oct(_cx: &Cx, args: Args) -> PyResult<Val> {
    radix("oct", "0o", 8, args)
}

fn bin(_cx: &Cx, args: Args) -> PyResult<Val> {
    radix("bin", "0b", 2, args)
}

fn chr(_cx: &Cx, args: Args) -> PyResult<Val> {
    let n = args::to_int("chr", &one("chr", args)?)?;
    let c = u32::try_from(n)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| exc::value_error("chr() arg not in range(0x110000)"))?;
    Ok(Obj::Value(Value::Str(c.to_string())))
}

fn ord(_cx: &Cx, args: Args) -> PyResult<Val> {
    match one("ord", args)? {
        Obj::Value(Value::Str(s)) if s.chars().count() == 1 => {
            Ok(Obj::Value(Value::Int(s.chars().next().map_or(0, |c| c as i64))))
        }
        Obj::Value(Value::Bytes(b)) if b.len() == 1 => Ok(Obj::Value(Value::Int(b[0].into()))),
        _ => Err(exc::type_error("ord() expected a character")),
    }
}

fn round(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [x, nd] = args.bind("round", ["number", "ndigits?"])?;
    let x = req(x);
    let ndigits = args::opt_int("round", nd.as_ref())?;
    if let Obj::Value(Value::Int(_) | Value::BigInt(_)) = x {
        return Ok(x);
    }
    let v = args::to_float("round", &x)?;
    // Python rounds half to even.
    let round_even = |v: f64| {
        let r = v.round();
        if (v - v.trunc()).abs() == 0.5 {
            2.0 * (v / 2.0).round()
        } else {
            r
        }
    };
    Ok(Obj::Value(match ndigits {
        None => {
            let r = round_even(v);
            if r.is_finite() && r.abs() < 9.2e18 {
                Value::Int(r as i64)
            } else {
                return Err(exc::new("OverflowError", "cannot convert float infinity to integer"));
            }
        }
        Some(nd) => {
            let p = 10f64.powi(nd as i32);
            Value::Float(round_even(v * p) / p)
        }
    }))
}

fn divmod(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [a, b] = args.bind("divmod", ["a", "b"])?;
    let (a, b) = (req(a).into_value().unwrap_or(Value::None), req(b).into_value().unwrap_or(Value::None));
    let q = crate::legacy::eval::ops::binary("//", &a, &b)?;
    let r = crate::legacy::eval::ops::binary("%", &a, &b)?;
    Ok(Obj::Value(Value::Tuple(vec![q, r])))
}

fn id(_cx: &Cx, args: Args) -> PyResult<Val> {
    Ok(Obj::Value(Value::Int(match one("id", args)? {
        Obj::Local(o) => o.instance_id(),
        Obj::Remote(r) => r.id_pack().instance_id,
        _ => 0,
    })))
}

fn hash(_cx: &Cx, args: Args) -> PyResult<Val> {
    match one("hash", args)? {
        Obj::Local(o) => Ok(Obj::Value(Value::Int(o.hash()?))),
        Obj::Value(v) => Ok(Obj::Value(Value::Int(class_id_of(&v.to_string())))),
        other => Err(exc::type_error(format!("unhashable type: '{}'", object::val_type_name(&other)))),
    }
}

fn dir(_cx: &Cx, args: Args) -> PyResult<Val> {
    match one("dir", args)? {
        Obj::Local(o) => Ok(Obj::Local(List::of_values(object::dir(&o).into_iter().map(Value::Str)))),
        _ => Err(exc::not_implemented("dir() of a plain value")),
    }
}

fn format(cx: &Cx, args: Args) -> PyResult<Val> {
    let [v, spec] = args.bind("format", ["value", "format_spec?"])?;
    if args::opt_str("format", spec.as_ref())?.is_some_and(|s| !s.is_empty()) {
        return Err(exc::not_implemented("format() with a format spec"));
    }
    Ok(Obj::Value(Value::Str(str_of(&req(v), cx)?)))
}

/// `print()`: the agent's stdout may be the protocol stream (--stdio), so
/// output goes to the agent's log (stderr), like a daemon's.
fn print(cx: &Cx, args: Args) -> PyResult<Val> {
    let parts: Vec<String> = args.pos.iter().map(|v| str_of(v, cx)).collect::<PyResult<_>>()?;
    crate::log::info(&parts.join(" "));
    Ok(Obj::none())
}

// ---- constructors

fn int(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x, base] = args.bind("int", ["x?", "base?"])?;
    let base = args::opt_int("int", base.as_ref())?;
    let Some(x) = x else { return Ok(Obj::Value(Value::Int(0))) };
    let parse = |text: &str, base: i64| -> PyResult<Value> {
        let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
        let (neg, digits) = match cleaned.strip_prefix('-') {
            Some(d) => (true, d.to_owned()),
            None => (false, cleaned.trim_start_matches('+').to_owned()),
        };
        let (base, digits) = match (base, digits.get(..2).map(str::to_ascii_lowercase).as_deref()) {
            (0 | 16, Some("0x")) => (16, digits[2..].to_owned()),
            (0 | 8, Some("0o")) => (8, digits[2..].to_owned()),
            (0 | 2, Some("0b")) => (2, digits[2..].to_owned()),
            (0, _) => (10, digits),
            (b, _) => (b, digits),
        };
        let n = (2..=36)
            .contains(&base)
            .then(|| BigInt::parse_bytes(digits.as_bytes(), base as u32))
            .flatten()
            .ok_or_else(|| {
                exc::value_error(format!("invalid literal for int() with base {base}: {}", Value::str(text)))
            })?;
        Ok(Value::from_bigint(if neg { -n } else { n }))
    };
    Ok(Obj::Value(match (cx.value(&x)?, base) {
        (Value::Str(s), b) => parse(&s, b.unwrap_or(10))?,
        (Value::Bytes(bytes), b) => parse(&String::from_utf8_lossy(&bytes), b.unwrap_or(10))?,
        (_, Some(_)) => return Err(exc::type_error("int() can't convert non-string with explicit base")),
        (Value::Int(n), None) => Value::Int(n),
        (Value::BigInt(n), None) => Value::BigInt(n),
        (Value::Bool(b), None) => Value::Int(b.into()),
        (Value::Float(f), None) if f.is_finite() => {
            if f.abs() < 9.2e18 {
                Value::Int(f.trunc() as i64)
            } else {
                Value::from_bigint(BigInt::parse_bytes(format!("{:.0}", f.trunc()).as_bytes(), 10).unwrap_or_default())
            }
        }
        (other, None) => {
            return Err(exc::type_error(format!(
                "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                other.type_name()
            )))
        }
    }))
}

fn float(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("float", ["x?"])?;
    let Some(x) = x else { return Ok(Obj::Value(Value::Float(0.0))) };
    Ok(Obj::Value(Value::Float(match cx.value(&x)? {
        Value::Float(f) => f,
        Value::Int(n) => n as f64,
        Value::Bool(b) => f64::from(u8::from(b)),
        Value::BigInt(n) => n.to_string().parse().unwrap_or(f64::INFINITY),
        Value::Str(s) => {
            let t = s.trim().to_ascii_lowercase();
            match t.as_str() {
                "inf" | "+inf" | "infinity" => f64::INFINITY,
                "-inf" | "-infinity" => f64::NEG_INFINITY,
                "nan" | "+nan" | "-nan" => f64::NAN,
                _ => t.replace('_', "").parse().map_err(|_| {
                    exc::value_error(format!("could not convert string to float: {}", Value::Str(s.clone())))
                })?,
            }
        }
        other => {
            return Err(exc::type_error(format!(
                "float() argument must be a string or a real number, not '{}'",
                other.type_name()
            )))
        }
    })))
}

fn str_(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x, encoding, errors] = args.bind("str", ["object?", "encoding?", "errors?"])?;
    let Some(x) = x else { return Ok(Obj::Value(Value::str(""))) };
    if encoding.is_some() || errors.is_some() {
        return match cx.value(&x)? {
            Value::Bytes(b) => Ok(Obj::Value(Value::Str(crate::legacy::file::decode_text(
                &b,
                args::opt_str("str", encoding.as_ref())?.as_deref(),
                args::opt_str("str", errors.as_ref())?.as_deref(),
            )?))),
            _ => Err(exc::type_error("decoding str is not supported")),
        };
    }
    Ok(Obj::Value(Value::Str(str_of(&x, cx)?)))
}

fn bool_(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("bool", ["x?"])?;
    Ok(Obj::Value(Value::Bool(x.as_ref().is_some_and(args::truthy))))
}

fn bytes(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x, encoding, _errors] = args.bind("bytes", ["source?", "encoding?", "errors?"])?;
    let Some(x) = x else { return Ok(Obj::Value(Value::Bytes(Vec::new()))) };
    Ok(Obj::Value(Value::Bytes(match cx.value(&x)? {
        Value::Str(s) if encoding.is_some() => s.into_bytes(),
        Value::Str(_) => return Err(exc::type_error("string argument without an encoding")),
        Value::Bytes(b) | Value::ByteArray(b) => b,
        Value::Int(n) if n >= 0 => vec![0; n as usize],
        v => values_of(&containers::wrap(v), cx)?
            .into_iter()
            .map(|v| match v {
                Value::Int(n) if (0..256).contains(&n) => Ok(n as u8),
                _ => Err(exc::value_error("bytes must be in range(0, 256)")),
            })
            .collect::<PyResult<_>>()?,
    })))
}

fn list(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("list", ["iterable?"])?;
    Ok(Obj::Local(List::new(match x {
        Some(x) => iterate(&x, cx)?,
        None => Vec::new(),
    })))
}

fn tuple(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("tuple", ["iterable?"])?;
    let items = match x {
        Some(x) => iterate(&x, cx)?,
        None => Vec::new(),
    };
    Ok(Obj::Tuple(items))
}

fn set(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("set", ["iterable?"])?;
    let mut unique: Vec<Val> = Vec::new();
    for item in x.map(|x| iterate(&x, cx)).transpose()?.unwrap_or_default() {
        if !unique.iter().any(|u| containers::val_eq(u, &item)) {
            unique.push(item);
        }
    }
    Ok(Obj::Local(List::with_type("builtins.set", unique)))
}

fn frozenset(cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("frozenset", ["iterable?"])?;
    let mut unique: Vec<Value> = Vec::new();
    for item in x.map(|x| values_of(&x, cx)).transpose()?.unwrap_or_default() {
        if !unique.iter().any(|u| containers::value_eq(u, &item)) {
            unique.push(item);
        }
    }
    Ok(Obj::Value(Value::FrozenSet(unique)))
}

fn dict(cx: &Cx, args: Args) -> PyResult<Val> {
    let Args { pos, kw } = args;
    let d = Dict::new(Vec::new());
    if let Some(src) = pos.into_iter().next() {
        let update = Args::positional(vec![src]);
        object::callattr(&d, "update", update, cx)?;
    }
    for (k, v) in kw {
        d.call_method(&d, "__setitem__", Args::positional(vec![Obj::Value(Value::Str(k)), v]), cx)?;
    }
    Ok(Obj::Local(d))
}

/// Ranges are materialised (capped), since brine has no range type.
const RANGE_LIMIT: i64 = 10_000_000;

fn range(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [a, b, c] = args.bind("range", ["start", "stop?", "step?"])?;
    let a = args::to_int("range", &req(a))?;
    let (start, stop) = match b {
        Some(b) => (a, args::to_int("range", &b)?),
        None => (0, a),
    };
    let step = args::opt_int("range", c.as_ref())?.unwrap_or(1);
    if step == 0 {
        return Err(exc::value_error("range() arg 3 must not be zero"));
    }
    let count =
        if step > 0 { (stop - start + step - 1).max(0) / step } else { (start - stop - step - 1).max(0) / -step };
    if count > RANGE_LIMIT {
        return Err(exc::new(
            "MemoryError",
            format!("rpyc-agent materialises ranges; {count} items is over its limit of {RANGE_LIMIT}"),
        ));
    }
    Ok(Obj::Local(List::of_values((0..count).map(|i| Value::Int(start + i * step)))))
}

fn enumerate(cx: &Cx, args: Args) -> PyResult<Val> {
    let [it, start] = args.bind("enumerate", ["iterable", "start?"])?;
    let start = args::opt_int("enumerate", start.as_ref())?.unwrap_or(0);
    let items = iterate(&req(it), cx)?;
    Ok(Obj::Local(containers::SeqIter::new(
        "builtins.enumerate",
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| Obj::Tuple(vec![Obj::Value(Value::Int(start + i as i64)), v]))
            .collect(),
    )))
}

fn zip(cx: &Cx, args: Args) -> PyResult<Val> {
    let lists: Vec<Vec<Val>> = args.pos.iter().map(|v| iterate(v, cx)).collect::<PyResult<_>>()?;
    let n = lists.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Obj::Local(containers::SeqIter::new(
        "builtins.zip",
        (0..n).map(|i| Obj::Tuple(lists.iter().map(|l| l[i].clone()).collect())).collect(),
    )))
}

fn reversed(cx: &Cx, args: Args) -> PyResult<Val> {
    let mut items = iterate(&one("reversed", args)?, cx)?;
    items.reverse();
    Ok(Obj::Local(containers::SeqIter::new("builtins.reversed", items)))
}

/// The id-pack type name of any value (`type(v)` as `module.name`).
fn qualified_type(v: &Val) -> String {
    match v {
        Obj::Local(o) if o.instance_id() == 0 => "builtins.type".to_owned(),
        Obj::Local(o) => o.type_name().to_owned(),
        Obj::Remote(r) => r.type_name().to_owned(),
        Obj::Tuple(_) => "builtins.tuple".to_owned(),
        Obj::Value(v) => format!("builtins.{}", v.type_name()),
    }
}

fn type_(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [x] = args.bind("type", ["object"])?;
    Ok(Obj::Local(Class::of_type(&qualified_type(&req(x)))))
}

/// The classes a class argument names (a class, or a tuple of them).
fn class_names(func: &str, v: &Val) -> PyResult<Vec<String>> {
    match v {
        Obj::Local(o) if o.instance_id() == 0 => Ok(vec![o.type_name().to_owned()]),
        Obj::Tuple(items) => {
            items.iter().map(|i| class_names(func, i)).collect::<PyResult<Vec<_>>>().map(|v| v.concat())
        }
        Obj::Value(Value::Tuple(items)) if items.is_empty() => Ok(Vec::new()),
        _ => Err(exc::type_error(format!("{func}() arg 2 must be a type, a tuple of types, or a union"))),
    }
}

/// Whether type `sub` is `base` or derives from it, for the types the agent has.
fn type_is(sub: &str, base: &str) -> bool {
    sub == base
        || base == "builtins.object"
        || (sub == "builtins.bool" && base == "builtins.int")
        || (base.starts_with("builtins.")
            && rpyc_protocol::vinegar::is_subclass(
                "builtins",
                object::short_type(sub),
                "builtins",
                object::short_type(base),
            )
            && sub.ends_with("Error"))
}

fn isinstance(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [x, classes] = args.bind("isinstance", ["obj", "class_or_tuple"])?;
    let t = qualified_type(&req(x));
    let bases = class_names("isinstance", &req(classes))?;
    Ok(Obj::Value(Value::Bool(bases.iter().any(|b| type_is(&t, b)))))
}

fn issubclass(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [sub, classes] = args.bind("issubclass", ["cls", "class_or_tuple"])?;
    let sub = class_names("issubclass", &req(sub))?;
    let bases = class_names("issubclass", &req(classes))?;
    Ok(Obj::Value(Value::Bool(sub.iter().all(|s| bases.iter().any(|b| type_is(s, b))))))
}

fn iter(cx: &Cx, args: Args) -> PyResult<Val> {
    let x = one("iter", args)?;
    match &x {
        Obj::Local(o) if o.methods().contains(&"__iter__") => object::callattr(o, "__iter__", Args::default(), cx),
        _ => Ok(Obj::Local(containers::SeqIter::new(iterator_type(&x), iterate(&x, cx)?))),
    }
}

fn iterator_type(v: &Val) -> &'static str {
    match v {
        Obj::Value(Value::Str(_)) => "builtins.str_ascii_iterator",
        Obj::Value(Value::Bytes(_)) => "builtins.bytes_iterator",
        _ => "builtins.tuple_iterator",
    }
}

fn next(cx: &Cx, args: Args) -> PyResult<Val> {
    let [it, default] = args.bind("next", ["iterator", "default?"])?;
    let result = match req(it) {
        Obj::Local(o) if o.methods().contains(&"__next__") => object::callattr(&o, "__next__", Args::default(), cx),
        other => Err(exc::type_error(format!("'{}' object is not an iterator", object::val_type_name(&other)))),
    };
    match (result, default) {
        (Err(rpyc_protocol::ExceptionPayload::StopIteration), Some(d)) => Ok(d),
        (r, _) => r,
    }
}
