//! `collections.UserString`: a sequence that keeps its text in a real
//! str, its `data` attribute, as Lib/collections/__init__.py's class
//! does. Its str methods call the data's; those CPython wraps
//! (`upper`, `strip`, `replace`, ...) give UserStrings, the rest (`split`,
//! `find`, `format`, ...) the str method's own result.

use std::sync::LazyLock;

use rpyc_protocol::Value;

use super::user_data::{self, Data};
use crate::objects::arg_styles;
use crate::objects::attr;
use crate::objects::numbers::{COMPLEX, FLOAT, INT};
use crate::objects::str::STR;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, static_method, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static USER_STRING: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "UserString", None, METHODS.as_slice(), Some(user_string_new)).with_specials(SPECIALS)
});
/// The operators of its slots, as CPython's UserString defines them.
const SPECIALS: &[&str] = &["__add__", "__radd__", "__mul__", "__rmul__", "__mod__", "__rmod__"];

pub struct UserString {
    data: Data,
}

impl UserString {
    /// `UserString(seq)`: a str as it is, another UserString's data, else
    /// `str(seq)`.
    fn of(cx: &Cx, seq: &Py) -> PyResult<Py> {
        let data = match (seq, seq.downcast::<UserString>()) {
            (Py::Str(_), _) => seq.clone(),
            (_, Some(u)) => u.data.get()?,
            _ => Py::str(semantics::str(cx, seq)?),
        };
        Ok(Py::obj(UserString { data: Data::new("UserString", data) }))
    }
}

fn user_string_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let ([seq], _) = arg_styles::def_bind("UserString.__init__", args, ["seq"], false)?;
    UserString::of(cx, &req(seq))
}

fn us_self(this: &Py) -> PyResult<&UserString> {
    this.downcast::<UserString>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'UserString' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// Another UserString's data, else the value itself (as the methods that
/// accept either do).
fn cast(other: &Py) -> PyResult<Py> {
    other.downcast::<UserString>().map_or_else(|| Ok(other.clone()), |u| u.data.get())
}

impl PyObject for UserString {
    fn ty(&self) -> TypeRef {
        USER_STRING.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        semantics::repr(cx, &self.data.get()?)
    }
    fn str(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        semantics::str(cx, &self.data.get()?)
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        semantics::hash(cx, &self.data.get()?).map(Some)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Its data may be the client's.
        true
    }
    fn len(&self, cx: &Cx) -> PyResult<Option<usize>> {
        semantics::len(cx, &self.data.get()?).map(Some)
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        // Sequence.__iter__ yields `self[i]`: UserStrings of one character.
        let items = semantics::iterate(cx, &self.data.get()?)?
            .iter()
            .map(|c| UserString::of(cx, c))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Some(crate::runtime::iterators::TupleIter::new(items.into())))
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        UserString::of(cx, &semantics::getitem(cx, &self.data.get()?, key)?).map(Some)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        semantics::contains(cx, &self.data.get()?, &cast(item)?).map(Some)
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        semantics::richcmp(cx, &self.data.get()?, &cast(other)?, op).map(Some)
    }
    fn binary(&self, this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        let data = self.data.get()?;
        let result = match (op, reflected) {
            (BinOp::Add, false) => {
                let theirs = match other {
                    Py::Str(_) => other.clone(),
                    _ if other.downcast::<UserString>().is_some() => cast(other)?,
                    _ => Py::str(semantics::str(cx, other)?),
                };
                semantics::binary(cx, BinOp::Add, &data, &theirs)?
            }
            (BinOp::Add, true) => {
                let theirs = match other {
                    Py::Str(_) => other.clone(),
                    _ => Py::str(semantics::str(cx, other)?),
                };
                semantics::binary(cx, BinOp::Add, &theirs, &data)?
            }
            // `__rmul__ = __mul__`: the data stays on the left.
            (BinOp::Mul, _) => semantics::binary(cx, BinOp::Mul, &data, other)?,
            (BinOp::Mod, false) => semantics::binary(cx, BinOp::Mod, &data, other)?,
            // `__rmod__`: `str(template) % self`.
            (BinOp::Mod, true) => {
                semantics::binary(cx, BinOp::Mod, &Py::str(semantics::str(cx, other)?), &Py::Obj(this.clone()))?
            }
            _ => return Ok(None),
        };
        UserString::of(cx, &result).map(Some)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.data.getattr(name))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        self.data.setattr(name, value)
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        self.data.delattr(name)
    }
    fn attr_names(&self) -> Vec<String> {
        self.data.names()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        // CPython's is `UserString.__new__(UserString, data)` then the
        // `data` state; the args only reach `object.__new__`, which ignores
        // them, so `__new__` alone loads the same object.
        self.data.to_value(cx, "collections.UserString")
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.data.take()]
    }
}

// ------------------------------------------------------------------ methods

/// How a UserString method passes its arguments to the str method of the
/// same name.
struct Delegate {
    name: &'static str,
    /// The Python parameters after `self` (see [`arg_styles::def_bind`]); a
    /// default follows `=`: `0`, `max` (`sys.maxsize`), `None`, `False`,
    /// `8`, `-1`.
    params: &'static [&'static str],
    /// Takes `*args` after `params`.
    rest: bool,
    /// Parameters that may be UserStrings (their data is passed).
    unwrap: &'static [&'static str],
    /// The result is wrapped in a UserString.
    wrap: bool,
}

const fn d(
    name: &'static str,
    params: &'static [&'static str],
    rest: bool,
    unwrap: &'static [&'static str],
    wrap: bool,
) -> Delegate {
    Delegate { name, params, rest, unwrap, wrap }
}

fn default_value(text: &str) -> Py {
    match text {
        "max" => Py::Int(i64::MAX),
        "None" => Py::None,
        "False" => Py::Bool(false),
        n => Py::Int(n.parse().unwrap_or(0)),
    }
}

fn call_delegate(cx: &Cx, this: &Py, args: Args, spec: &Delegate) -> PyResult<Py> {
    let data = us_self(this)?.data.get()?;
    let names: Vec<&str> = spec.params.iter().map(|p| names_of(p).trim_start_matches('/')).collect();
    let bound: Vec<String> = spec
        .params
        .iter()
        .map(|p| if p.contains('=') { format!("{}?", names_of(p)) } else { (*p).to_owned() })
        .collect();
    let bound: Vec<&str> = bound.iter().map(String::as_str).collect();
    let (slots, rest) = arg_styles::def_bind_slice(&format!("UserString.{}", spec.name), args, &bound, spec.rest)?;
    let mut pass = Vec::with_capacity(slots.len() + rest.len());
    for ((slot, param), name) in slots.into_iter().zip(spec.params).zip(&names) {
        let v = match slot {
            Some(v) => v,
            None => default_value(param.split_once('=').map_or("None", |(_, d)| d)),
        };
        pass.push(if spec.unwrap.contains(name) { cast(&v)? } else { v });
    }
    pass.extend(rest);
    let result = attr::call_method(cx, &data, spec.name, Args::positional(pass))?;
    if spec.wrap {
        UserString::of(cx, &result)
    } else {
        Ok(result)
    }
}

fn names_of(param: &str) -> &str {
    param.split('=').next().unwrap_or(param)
}

const DELEGATES: [Delegate; 44] = [
    d("capitalize", &[], false, &[], true),
    d("casefold", &[], false, &[], true),
    d("center", &["width"], true, &[], true),
    d("count", &["sub", "start=0", "end=max"], false, &["sub"], false),
    d("removeprefix", &["/prefix"], false, &["prefix"], true),
    d("removesuffix", &["/suffix"], false, &["suffix"], true),
    d("endswith", &["suffix", "start=0", "end=max"], false, &[], false),
    d("expandtabs", &["tabsize=8"], false, &[], true),
    d("find", &["sub", "start=0", "end=max"], false, &["sub"], false),
    d("format_map", &["mapping"], false, &[], false),
    d("index", &["sub", "start=0", "end=max"], false, &[], false),
    d("isalpha", &[], false, &[], false),
    d("isalnum", &[], false, &[], false),
    d("isascii", &[], false, &[], false),
    d("isdecimal", &[], false, &[], false),
    d("isdigit", &[], false, &[], false),
    d("isidentifier", &[], false, &[], false),
    d("islower", &[], false, &[], false),
    d("isnumeric", &[], false, &[], false),
    d("isprintable", &[], false, &[], false),
    d("isspace", &[], false, &[], false),
    d("istitle", &[], false, &[], false),
    d("isupper", &[], false, &[], false),
    d("join", &["seq"], false, &[], false),
    d("ljust", &["width"], true, &[], true),
    d("lower", &[], false, &[], true),
    d("lstrip", &["chars=None"], false, &[], true),
    d("partition", &["sep"], false, &[], false),
    d("replace", &["old", "new", "maxsplit=-1"], false, &["old", "new"], true),
    d("rfind", &["sub", "start=0", "end=max"], false, &["sub"], false),
    d("rindex", &["sub", "start=0", "end=max"], false, &[], false),
    d("rjust", &["width"], true, &[], true),
    d("rpartition", &["sep"], false, &[], false),
    d("rstrip", &["chars=None"], false, &[], true),
    d("split", &["sep=None", "maxsplit=-1"], false, &[], false),
    d("rsplit", &["sep=None", "maxsplit=-1"], false, &[], false),
    d("splitlines", &["keepends=False"], false, &[], false),
    d("startswith", &["prefix", "start=0", "end=max"], false, &[], false),
    d("strip", &["chars=None"], false, &[], true),
    d("swapcase", &[], false, &[], true),
    d("title", &[], false, &[], true),
    d("translate", &[], true, &[], true),
    d("upper", &[], false, &[], true),
    d("zfill", &["width"], false, &[], true),
];

/// The method table entry for `DELEGATES[$i]`.
macro_rules! delegated {
    ($($i:literal)*) => {
        [$(method(DELEGATES[$i].name, |cx, this, a| call_delegate(cx, this, a, &DELEGATES[$i]))),*]
    };
}

static DELEGATED: [Method; 44] = delegated!(
    0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43
);

/// `encode(encoding='utf-8', errors='strict')`, `None` meaning the default.
fn encode(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([encoding, errors], _) = arg_styles::def_bind("UserString.encode", args, ["encoding?", "errors?"], false)?;
    let encoding = encoding.filter(|e| !matches!(e, Py::None)).unwrap_or_else(|| Py::str("utf-8"));
    let errors = errors.filter(|e| !matches!(e, Py::None)).unwrap_or_else(|| Py::str("strict"));
    attr::call_method(cx, &us_self(this)?.data.get()?, "encode", Args::positional(vec![encoding, errors]))
}

/// `format(*args, **kwds)`: the data's, a str.
fn format(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    attr::call_method(cx, &us_self(this)?.data.get()?, "format", args)
}

/// `__int__`, `__float__`, `__complex__`: the builtin called on the data.
fn convert(cx: &Cx, this: &Py, args: Args, name: &str, class: &TypeRef) -> PyResult<Py> {
    arg_styles::def_none(&format!("UserString.{name}"), args)?;
    semantics::call(cx, &type_value(class), Args::one(us_self(this)?.data.get()?))
}

static OWN: [Method; 8] = [
    method("__reduce_ex__", |_, this, _| {
        let u = us_self(this)?;
        Ok(user_data::reduce(&USER_STRING, vec![u.data.get()?], &u.data))
    }),
    method("encode", encode),
    method("format", format),
    method("__int__", |cx, this, a| convert(cx, this, a, "__int__", &INT)),
    method("__float__", |cx, this, a| convert(cx, this, a, "__float__", &FLOAT)),
    method("__complex__", |cx, this, a| convert(cx, this, a, "__complex__", &COMPLEX)),
    method("__getnewargs__", |_cx, this, a| {
        arg_styles::def_none("UserString.__getnewargs__", a)?;
        Ok(Py::tuple(vec![us_self(this)?.data.get()?]))
    }),
    // `maketrans = str.maketrans`.
    static_method("maketrans", |cx, _, a| attr::call_method(cx, &type_value(&STR), "maketrans", a)),
];

/// Every method: the delegated ones, then its own.
static METHODS: LazyLock<Vec<Method>> = LazyLock::new(|| {
    DELEGATED
        .iter()
        .chain(OWN.iter())
        .map(|m| Method { name: m.name, func: m.func, kind: m.kind, blocking: m.blocking })
        .collect()
});
