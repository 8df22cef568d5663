//! Special methods by name (`x.__len__()`, and the client's CALLATTR of
//! `__len__`, `__iter__`, `__getitem__`, ... on a proxy): each is the
//! semantics operation it stands for, so every value answers the special
//! methods of the operations it supports.

use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, TypeRef};
use crate::runtime::value::Py;

use super::singletons;

fn one(args: Args, name: &str) -> PyResult<Py> {
    let [x] = args.bind(name, ["other"])?;
    Ok(req(x))
}

/// The numeric tower's rank of a builtin number: `int.__add__` only takes
/// ints (and bools), `float.__add__` ints and floats, `complex` all three.
fn rank(v: &Py) -> Option<u8> {
    match v {
        Py::Bool(_) | Py::Int(_) | Py::BigInt(_) => Some(0),
        Py::Float(_) => Some(1),
        Py::Complex(..) => Some(2),
        _ => None,
    }
}

/// Whether a builtin number's own method leaves `other` to the other
/// operand (returns NotImplemented).
fn defers(this: &Py, other: &Py) -> bool {
    match (rank(this), rank(other)) {
        (Some(a), Some(b)) => b > a,
        (Some(_), None) => !matches!(other, Py::Obj(o) if o.base_value().is_some_and(|b| rank(&b).is_some())),
        _ => false,
    }
}

fn cmp(cx: &Cx, this: &Py, args: Args, op: CmpOp) -> PyResult<Py> {
    let other = one(args, op.dunder())?;
    if defers(this, &other) {
        return Ok(singletons::not_implemented());
    }
    if let Py::Obj(o) = this {
        if let Some(r) = o.richcmp(o, op, &other, cx)? {
            return Ok(Py::Bool(r));
        }
        if let Some(base) = o.base_value() {
            return semantics::richcmp(cx, &base, &other, op)
                .map(Py::Bool)
                .or_else(|_| Ok(singletons::not_implemented()));
        }
        return Ok(match op {
            CmpOp::Eq if this.is(&other) => Py::Bool(true),
            CmpOp::Ne if this.is(&other) => Py::Bool(false),
            _ => singletons::not_implemented(),
        });
    }
    match semantics::richcmp(cx, this, &other, op) {
        Ok(b) => Ok(Py::Bool(b)),
        Err(e) if e.is("TypeError") => Ok(singletons::not_implemented()),
        Err(e) => Err(e),
    }
}

fn bin(cx: &Cx, this: &Py, args: Args, op: BinOp, reflected: bool) -> PyResult<Py> {
    if op == BinOp::Pow && !reflected && args.pos.len() == 2 {
        // `int.__pow__(exp, mod)`: three-argument pow.
        return semantics::num::pow_mod(this, &args.pos[0], &args.pos[1]);
    }
    let other = one(args, op.dunder(reflected))?;
    if let Some(r) = sequence_slot(cx, this, &other, op, reflected) {
        return r;
    }
    if defers(this, &other) {
        return Ok(singletons::not_implemented());
    }
    let r = if reflected { semantics::binary(cx, op, &other, this) } else { semantics::binary(cx, op, this, &other) };
    match r {
        Ok(v) => Ok(v),
        Err(e) if e.is("TypeError") => Ok(singletons::not_implemented()),
        Err(e) => Err(e),
    }
}

/// `seq.__add__`, `seq.__mul__` and `seq.__rmul__` of the builtin
/// sequences are CPython's sq_concat / sq_repeat wrappers: they raise where
/// a number's would return NotImplemented (`[].__add__(1)` is a TypeError).
fn sequence_slot(cx: &Cx, this: &Py, other: &Py, op: BinOp, reflected: bool) -> Option<PyResult<Py>> {
    if !semantics::is_sequence(this) {
        return None;
    }
    match op {
        BinOp::Add if !reflected => {
            let same_kind = semantics::type_name(this) == semantics::type_name(other)
                || (matches!(this, Py::Bytes(_)) || semantics::type_name(this) == "bytearray")
                    && (matches!(other, Py::Bytes(_)) || semantics::type_name(other) == "bytearray");
            Some(if same_kind {
                semantics::binary(cx, op, this, other)
            } else {
                Err(semantics::concat_error(this, other).unwrap_or_else(|| {
                    exceptions::type_error(format!(
                        "can't concat {} to {}",
                        semantics::type_name(other),
                        semantics::type_name(this)
                    ))
                }))
            })
        }
        BinOp::Mul => Some(match semantics::index_value(other) {
            Some(_) => semantics::binary(cx, op, this, other),
            None => Err(exceptions::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                semantics::type_name(other)
            ))),
        }),
        _ => None,
    }
}

macro_rules! binops {
    ($($name:literal => $op:expr, $refl:expr;)*) => {
        [$(method($name, |cx, this, a| bin(cx, this, a, $op, $refl)),)*]
    };
}

static BINARY: [Method; 26] = binops! {
    "__add__" => BinOp::Add, false; "__radd__" => BinOp::Add, true;
    "__sub__" => BinOp::Sub, false; "__rsub__" => BinOp::Sub, true;
    "__mul__" => BinOp::Mul, false; "__rmul__" => BinOp::Mul, true;
    "__matmul__" => BinOp::MatMul, false; "__rmatmul__" => BinOp::MatMul, true;
    "__truediv__" => BinOp::TrueDiv, false; "__rtruediv__" => BinOp::TrueDiv, true;
    "__floordiv__" => BinOp::FloorDiv, false; "__rfloordiv__" => BinOp::FloorDiv, true;
    "__mod__" => BinOp::Mod, false; "__rmod__" => BinOp::Mod, true;
    "__pow__" => BinOp::Pow, false; "__rpow__" => BinOp::Pow, true;
    "__lshift__" => BinOp::LShift, false; "__rlshift__" => BinOp::LShift, true;
    "__rshift__" => BinOp::RShift, false; "__rrshift__" => BinOp::RShift, true;
    "__and__" => BinOp::And, false; "__rand__" => BinOp::And, true;
    "__or__" => BinOp::Or, false; "__ror__" => BinOp::Or, true;
    "__xor__" => BinOp::Xor, false; "__rxor__" => BinOp::Xor, true;
};

/// `x.__iadd__(y)`: the in-place slot only; NotImplemented where the
/// class has the method but not for this operand (Python then falls back
/// to `x = x + y`).
fn ibin(cx: &Cx, this: &Py, args: Args, op: BinOp, name: &str) -> PyResult<Py> {
    let other = one(args, name)?;
    if let Py::Obj(o) = this {
        if let Some(r) = o.inplace(o, op, &other, cx)? {
            return Ok(r);
        }
    }
    if applies(cx, this, name) {
        return Ok(singletons::not_implemented());
    }
    Err(exceptions::attribute_error(&semantics::type_name(this), name))
}

macro_rules! inplace_ops {
    ($($name:literal => $op:expr;)*) => {
        [$(method($name, |cx, this, a| ibin(cx, this, a, $op, $name)),)*]
    };
}

static INPLACE: [Method; 13] = inplace_ops! {
    "__iadd__" => BinOp::Add; "__isub__" => BinOp::Sub; "__imul__" => BinOp::Mul; "__imatmul__" => BinOp::MatMul;
    "__itruediv__" => BinOp::TrueDiv; "__ifloordiv__" => BinOp::FloorDiv; "__imod__" => BinOp::Mod;
    "__ipow__" => BinOp::Pow; "__ilshift__" => BinOp::LShift; "__irshift__" => BinOp::RShift;
    "__iand__" => BinOp::And; "__ior__" => BinOp::Or; "__ixor__" => BinOp::Xor;
};

/// `math.floor`/`ceil`/`trunc` of a builtin number.
fn integral(cx: &Cx, this: &Py, how: fn(f64) -> f64, name: &str) -> PyResult<Py> {
    match this {
        Py::Float(f) => super::numbers::float_to_int(how(*f)),
        Py::Int(_) | Py::BigInt(_) | Py::Bool(_) => super::numbers::int_of(cx, this),
        other => Err(exceptions::attribute_error(&semantics::type_name(other), name)),
    }
}

static NUMERIC: [Method; 8] = [
    method("__abs__", |_cx, this, a| {
        a.none("__abs__")?;
        super::numbers::abs(this)
            .unwrap_or_else(|| Err(exceptions::attribute_error(&semantics::type_name(this), "__abs__")))
    }),
    method("__trunc__", |cx, this, a| a.none("__trunc__").and_then(|()| integral(cx, this, f64::trunc, "__trunc__"))),
    method("__floor__", |cx, this, a| a.none("__floor__").and_then(|()| integral(cx, this, f64::floor, "__floor__"))),
    method("__ceil__", |cx, this, a| a.none("__ceil__").and_then(|()| integral(cx, this, f64::ceil, "__ceil__"))),
    method("__round__", |cx, this, a| {
        let [nd] = a.bind("__round__", ["ndigits?"])?;
        super::numbers::round(cx, this, nd.as_ref())
    }),
    method("__divmod__", |cx, this, a| {
        let other = one(a, "__divmod__")?;
        if defers(this, &other) {
            return Ok(singletons::not_implemented());
        }
        let q = semantics::binary(cx, BinOp::FloorDiv, this, &other)?;
        let r = semantics::binary(cx, BinOp::Mod, this, &other)?;
        Ok(Py::tuple(vec![q, r]))
    }),
    method("__rdivmod__", |cx, this, a| {
        let other = one(a, "__rdivmod__")?;
        if defers(this, &other) {
            return Ok(singletons::not_implemented());
        }
        let q = semantics::binary(cx, BinOp::FloorDiv, &other, this)?;
        let r = semantics::binary(cx, BinOp::Mod, &other, this)?;
        Ok(Py::tuple(vec![q, r]))
    }),
    method("__length_hint__", |cx, this, a| {
        a.none("__length_hint__")?;
        let hint = match this {
            Py::Obj(o) => o.length_hint(cx)?,
            _ => None,
        };
        hint.map(Py::from).ok_or_else(|| exceptions::attribute_error(&semantics::type_name(this), "__length_hint__"))
    }),
];

static OTHERS: [Method; 26] = [
    method("__len__", |cx, this, a| a.none("__len__").and_then(|()| semantics::len(cx, this).map(Py::from))),
    method("__bool__", |cx, this, a| a.none("__bool__").and_then(|()| semantics::truthy(cx, this).map(Py::Bool))),
    method("__iter__", |cx, this, a| a.none("__iter__").and_then(|()| semantics::iter(cx, this))),
    method("__next__", |cx, this, a| {
        a.none("__next__")?;
        semantics::next(cx, this)?.ok_or_else(exceptions::stop_iteration)
    }),
    method("__getitem__", |cx, this, a| {
        let k = one(a, "__getitem__")?;
        semantics::getitem(cx, this, &k)
    }),
    method("__setitem__", |cx, this, a| {
        let [k, v] = a.bind("__setitem__", ["key", "value"])?;
        semantics::setitem(cx, this, req(k), req(v)).map(|()| Py::None)
    }),
    method("__delitem__", |cx, this, a| {
        let k = one(a, "__delitem__")?;
        semantics::delitem(cx, this, &k).map(|()| Py::None)
    }),
    method("__contains__", |cx, this, a| {
        let k = one(a, "__contains__")?;
        semantics::contains(cx, this, &k).map(Py::Bool)
    }),
    method("__repr__", |cx, this, a| a.none("__repr__").and_then(|()| semantics::repr(cx, this).map(Py::str))),
    method("__str__", |cx, this, a| a.none("__str__").and_then(|()| semantics::str(cx, this).map(Py::str))),
    method("__format__", |cx, this, a| {
        let [spec] = a.bind("__format__", ["format_spec"])?;
        let spec = crate::runtime::args::to_str("__format__", &req(spec))?;
        semantics::format(cx, this, &spec).map(Py::str)
    }),
    method("__hash__", |cx, this, a| a.none("__hash__").and_then(|()| semantics::hash(cx, this).map(Py::Int))),
    method("__call__", semantics::call),
    method("__eq__", |cx, this, a| cmp(cx, this, a, CmpOp::Eq)),
    method("__ne__", |cx, this, a| cmp(cx, this, a, CmpOp::Ne)),
    method("__lt__", |cx, this, a| cmp(cx, this, a, CmpOp::Lt)),
    method("__le__", |cx, this, a| cmp(cx, this, a, CmpOp::Le)),
    method("__gt__", |cx, this, a| cmp(cx, this, a, CmpOp::Gt)),
    method("__ge__", |cx, this, a| cmp(cx, this, a, CmpOp::Ge)),
    method("__neg__", |cx, this, a| {
        a.none("__neg__").and_then(|()| semantics::unary(cx, crate::runtime::object::UnaryOp::Neg, this))
    }),
    method("__pos__", |cx, this, a| {
        a.none("__pos__").and_then(|()| semantics::unary(cx, crate::runtime::object::UnaryOp::Pos, this))
    }),
    method("__invert__", |cx, this, a| {
        a.none("__invert__").and_then(|()| semantics::unary(cx, crate::runtime::object::UnaryOp::Invert, this))
    }),
    method("__index__", |_cx, this, a| {
        a.none("__index__")?;
        semantics::index_value(this).ok_or_else(|| exceptions::type_error("__index__ of a non-integer"))
    }),
    method("__int__", |cx, this, a| a.none("__int__").and_then(|()| super::numbers::int_of(cx, this))),
    method("__float__", |cx, this, a| a.none("__float__").and_then(|()| super::numbers::float_of(cx, this))),
    method("__fspath__", |cx, this, a| a.none("__fspath__").and_then(|()| semantics::fspath(cx, this))),
];

/// The special method `name`, if it is one.
pub fn lookup(name: &str) -> Option<&'static Method> {
    if !(name.starts_with("__") && name.ends_with("__")) {
        return None;
    }
    BINARY.iter().chain(INPLACE.iter()).chain(OTHERS.iter()).chain(NUMERIC.iter()).find(|m| m.name == name)
}

/// Whether `v` has the special method `name` as an attribute
/// (`hasattr(2.5, '__len__')` is false): every object has the comparisons,
/// repr, str, format and hash; the rest as its class or its slots say.
pub fn applies(cx: &Cx, v: &Py, name: &str) -> bool {
    if matches!(
        name,
        "__repr__"
            | "__str__"
            | "__format__"
            | "__hash__"
            | "__eq__"
            | "__ne__"
            | "__lt__"
            | "__le__"
            | "__gt__"
            | "__ge__"
    ) {
        return true;
    }
    if name == "__call__" {
        return match v {
            Py::Obj(o) => o.is_callable(),
            _ => false,
        };
    }
    let ty = super::type_of(v);
    if ty.mro().iter().any(|c| specials_of(c).any(|n| n == name)) {
        return true;
    }
    matches!(v, Py::Obj(_)) && supported(cx, v).contains(&name)
}

/// The special methods a class lists besides its method table: a builtin
/// class's (as `dir()` lists them) and a native class's slot-backed ones
/// ([`Type::specials`](crate::runtime::types::Type::specials)).
pub fn specials_of(c: &TypeRef) -> impl Iterator<Item = &'static str> {
    class_specials(c.qualified()).iter().chain(c.specials).copied()
}

/// The special methods of the builtin classes, as `dir()` lists them.
pub fn class_specials(qualified: &str) -> &'static [&'static str] {
    const NUMBER: &[&str] = &[
        "__abs__",
        "__add__",
        "__bool__",
        "__ceil__",
        "__divmod__",
        "__float__",
        "__floor__",
        "__floordiv__",
        "__getnewargs__",
        "__index__",
        "__int__",
        "__mod__",
        "__mul__",
        "__neg__",
        "__pos__",
        "__pow__",
        "__radd__",
        "__rdivmod__",
        "__rfloordiv__",
        "__rmod__",
        "__rmul__",
        "__round__",
        "__rpow__",
        "__rsub__",
        "__rtruediv__",
        "__sub__",
        "__truediv__",
        "__trunc__",
        "__and__",
        "__invert__",
        "__lshift__",
        "__or__",
        "__rand__",
        "__rlshift__",
        "__ror__",
        "__rrshift__",
        "__rshift__",
        "__rxor__",
        "__xor__",
    ];
    const FLOAT: &[&str] = &[
        "__abs__",
        "__add__",
        "__bool__",
        "__ceil__",
        "__divmod__",
        "__float__",
        "__floor__",
        "__floordiv__",
        "__getnewargs__",
        "__int__",
        "__mod__",
        "__mul__",
        "__neg__",
        "__pos__",
        "__pow__",
        "__radd__",
        "__rdivmod__",
        "__rfloordiv__",
        "__rmod__",
        "__rmul__",
        "__round__",
        "__rpow__",
        "__rsub__",
        "__rtruediv__",
        "__sub__",
        "__truediv__",
        "__trunc__",
    ];
    const COMPLEX: &[&str] = &[
        "__abs__",
        "__add__",
        "__bool__",
        "__getnewargs__",
        "__mul__",
        "__neg__",
        "__pos__",
        "__pow__",
        "__radd__",
        "__rmul__",
        "__rpow__",
        "__rsub__",
        "__rtruediv__",
        "__sub__",
        "__truediv__",
    ];
    const TEXT: &[&str] = &[
        "__add__",
        "__contains__",
        "__getitem__",
        "__getnewargs__",
        "__iter__",
        "__len__",
        "__mod__",
        "__mul__",
        "__rmod__",
        "__rmul__",
    ];
    const TUPLE: &[&str] =
        &["__add__", "__contains__", "__getitem__", "__getnewargs__", "__iter__", "__len__", "__mul__", "__rmul__"];
    const LIST: &[&str] = &[
        "__add__",
        "__contains__",
        "__delitem__",
        "__getitem__",
        "__iadd__",
        "__imul__",
        "__iter__",
        "__len__",
        "__mul__",
        "__reversed__",
        "__rmul__",
        "__setitem__",
    ];
    const DICT: &[&str] = &[
        "__contains__",
        "__delitem__",
        "__getitem__",
        "__ior__",
        "__iter__",
        "__len__",
        "__or__",
        "__reversed__",
        "__ror__",
        "__setitem__",
    ];
    const SET: &[&str] = &[
        "__and__",
        "__contains__",
        "__iand__",
        "__ior__",
        "__isub__",
        "__iter__",
        "__ixor__",
        "__len__",
        "__or__",
        "__rand__",
        "__ror__",
        "__rsub__",
        "__rxor__",
        "__sub__",
        "__xor__",
    ];
    const FROZENSET: &[&str] = &[
        "__and__",
        "__contains__",
        "__iter__",
        "__len__",
        "__or__",
        "__rand__",
        "__ror__",
        "__rsub__",
        "__rxor__",
        "__sub__",
        "__xor__",
    ];
    const RANGE: &[&str] = &["__bool__", "__contains__", "__getitem__", "__iter__", "__len__", "__reversed__"];
    match qualified {
        "builtins.int" | "builtins.bool" => NUMBER,
        "builtins.float" => FLOAT,
        "builtins.complex" => COMPLEX,
        "builtins.str" | "builtins.bytes" => TEXT,
        "builtins.tuple" => TUPLE,
        "builtins.list" | "builtins.bytearray" => LIST,
        "builtins.dict" => DICT,
        "builtins.set" => SET,
        "builtins.frozenset" => FROZENSET,
        "builtins.range" => RANGE,
        _ => &[],
    }
}

/// The special methods a value of the agent answers, for INSPECT: what
/// its slots support, probed without side effects.
pub fn supported(cx: &Cx, v: &Py) -> Vec<&'static str> {
    let mut out = vec!["__format__"];
    let Py::Obj(o) = v else { return out };
    if matches!(o.len(cx), Ok(Some(_))) {
        out.extend(["__len__", "__bool__"]);
    } else if matches!(o.truthy(cx), Ok(Some(_))) {
        out.push("__bool__");
    }
    if o.is_iterator() {
        out.extend(["__iter__", "__next__"]);
    } else if matches!(o.iter(o, cx), Ok(Some(_))) {
        out.extend(["__iter__", "__contains__"]);
    }
    // The probe key is an empty list: unhashable and no index, so every
    // mapping and sequence refuses it before looking anything up (a
    // defaultdict probed with 0 ran its factory and kept the key).
    if !matches!(o.getitem(o, &super::list::List::new(Vec::new()), cx), Ok(None)) {
        out.extend(["__getitem__", "__setitem__", "__delitem__", "__contains__"]);
    }
    if o.is_callable() {
        out.push("__call__");
    }
    if !matches!(o.length_hint(cx), Ok(None)) {
        out.push("__length_hint__");
    }
    if matches!(o.fspath(cx), Ok(Some(_))) {
        out.push("__fspath__");
    }
    match o.base_value() {
        Some(Py::Int(_) | Py::BigInt(_) | Py::Bool(_) | Py::Float(_)) => {
            out.extend(["__index__", "__int__", "__float__", "__neg__", "__pos__", "__invert__"]);
            out.extend(BINARY.iter().map(|m| m.name));
        }
        Some(Py::Tuple(_) | Py::Str(_) | Py::Bytes(_)) => {
            out.extend(["__add__", "__mul__", "__rmul__", "__iter__", "__len__", "__getitem__", "__contains__"]);
        }
        _ => {}
    }
    let ty = o.ty();
    for name in ty.method_names() {
        if name.starts_with("__") && name.ends_with("__") {
            out.push(name);
        }
    }
    for c in ty.mro() {
        out.extend(specials_of(&c));
    }
    out.sort_unstable();
    out.dedup();
    out
}
