//! `operator`: Python's operators as functions (`operator.add`,
//! `operator.lt`, ...) and the callables `itemgetter`, `attrgetter` and
//! `methodcaller` that scripts pass to `sorted()` and `map()`. Every
//! operation is the one of [`semantics`].

use std::sync::{Arc, LazyLock};

#[cfg(test)]
#[path = "operator_tests.rs"]
mod tests;

use rpyc_protocol::Value;

use crate::objects::attr;
use crate::objects::list::List;
use crate::objects::module::{f, FnDef, ModuleDef};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

/// The arguments of an operator function: positional only, exactly `N`,
/// refused with CPython's messages.
fn exact<const N: usize>(name: &str, args: Args) -> PyResult<[Py; N]> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("_operator.{name}() takes no keyword arguments")));
    }
    let got = args.pos.len();
    <[Py; N]>::try_from(args.pos).map_err(|_| {
        exceptions::type_error(if N == 1 {
            format!("_operator.{name}() takes exactly one argument ({got} given)")
        } else {
            format!("{name} expected {N} arguments, got {got}")
        })
    })
}

fn two(name: &str, args: Args) -> PyResult<(Py, Py)> {
    let [a, b] = exact(name, args)?;
    Ok((a, b))
}

fn one(name: &str, args: Args) -> PyResult<Py> {
    let [a] = exact(name, args)?;
    Ok(a)
}

fn bin(cx: &Cx, args: Args, name: &str, op: BinOp) -> PyResult<Py> {
    let (a, b) = two(name, args)?;
    semantics::binary(cx, op, &a, &b)
}

fn inplace(cx: &Cx, args: Args, name: &str, op: BinOp) -> PyResult<Py> {
    let (a, b) = two(name, args)?;
    semantics::inplace(cx, op, &a, &b)
}

fn cmp(cx: &Cx, args: Args, name: &str, op: CmpOp) -> PyResult<Py> {
    let (a, b) = two(name, args)?;
    semantics::richcmp(cx, &a, &b, op).map(Py::Bool)
}

fn unary(cx: &Cx, args: Args, name: &str, op: UnaryOp) -> PyResult<Py> {
    semantics::unary(cx, op, &one(name, args)?)
}

/// A builtin function by name (`abs`), called.
fn builtin(cx: &Cx, name: &str, args: Args) -> PyResult<Py> {
    let builtins = Py::Obj(crate::modules::getmodule("builtins")?);
    semantics::call(cx, &attr::getattr(cx, &builtins, name)?, args)
}

fn not_int(v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!("'{}' object cannot be interpreted as an integer", semantics::type_name(v)))
}

fn index(_cx: &Cx, args: Args) -> PyResult<Py> {
    let a = one("index", args)?;
    semantics::index_value(&a).ok_or_else(|| not_int(&a))
}

/// Whether `a` is a sequence (`concat` refuses anything else).
fn is_sequence(a: &Py) -> bool {
    match a {
        Py::Str(_) | Py::Bytes(_) | Py::Tuple(_) | Py::Client(_) => true,
        Py::Obj(o) => {
            a.downcast::<List>().is_some() || matches!(o.base_value(), Some(Py::Str(_) | Py::Bytes(_) | Py::Tuple(_)))
        }
        _ => false,
    }
}

fn concat(cx: &Cx, args: Args, in_place: bool) -> PyResult<Py> {
    let (a, b) = two(if in_place { "iconcat" } else { "concat" }, args)?;
    if !is_sequence(&a) {
        return Err(exceptions::type_error(format!("'{}' object can't be concatenated", semantics::type_name(&a))));
    }
    if in_place {
        semantics::inplace(cx, BinOp::Add, &a, &b)
    } else {
        semantics::binary(cx, BinOp::Add, &a, &b)
    }
}

fn count_of(cx: &Cx, args: Args) -> PyResult<Py> {
    let (a, b) = two("countOf", args)?;
    let mut n = 0usize;
    for x in semantics::iterate(cx, &a)? {
        if x.is(&b) || semantics::eq(cx, &x, &b)? {
            n += 1;
        }
    }
    Ok(Py::from(n))
}

fn index_of(cx: &Cx, args: Args) -> PyResult<Py> {
    let (a, b) = two("indexOf", args)?;
    let it = semantics::iter(cx, &a)?;
    let mut i = 0usize;
    while let Some(x) = semantics::next(cx, &it)? {
        if x.is(&b) || semantics::eq(cx, &x, &b)? {
            return Ok(Py::from(i));
        }
        i += 1;
    }
    Err(exceptions::value_error("sequence.index(x): x not in sequence"))
}

fn length_hint(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, default] = args.bind("length_hint", ["obj", "default?"])?;
    let obj = req(obj);
    let default = match default {
        None => 0,
        Some(d) => match semantics::index_value(&d) {
            Some(Py::Int(n)) => n,
            _ => return Err(not_int(&d)),
        },
    };
    match semantics::len(cx, &obj) {
        Ok(n) => return Ok(Py::from(n)),
        Err(e) if !e.is("TypeError") => return Err(e),
        Err(_) => {}
    }
    // An iterator's own hint; one that raises TypeError (an endless
    // repeat's) gives the default, as PyObject_LengthHint does.
    if let Py::Obj(o) = &obj {
        match o.length_hint(cx) {
            Ok(Some(n)) => return Ok(Py::from(n)),
            Err(e) if !e.is("TypeError") => return Err(e),
            _ => {}
        }
    }
    Ok(Py::Int(default))
}

fn call(cx: &Cx, mut args: Args) -> PyResult<Py> {
    if args.pos.is_empty() {
        return Err(exceptions::type_error("call() missing required argument 'obj' (pos 1)"));
    }
    let func = args.pos.remove(0);
    semantics::call(cx, &func, args)
}

/// The module's functions: each operator under its names, then the rest.
macro_rules! functions {
    (operators { $($kind:ident $op:expr => $($name:literal)|+;)* } others { $($other:expr,)* }) => {
        &[$($(f($name, |cx, a| $kind(cx, a, $name, $op)),)+)* $($other,)*]
    };
}

static FUNCTIONS: &[FnDef] = functions! {
    operators {
    bin BinOp::Add => "add" | "__add__";
    bin BinOp::Sub => "sub" | "__sub__";
    bin BinOp::Mul => "mul" | "__mul__";
    bin BinOp::MatMul => "matmul" | "__matmul__";
    bin BinOp::TrueDiv => "truediv" | "__truediv__";
    bin BinOp::FloorDiv => "floordiv" | "__floordiv__";
    bin BinOp::Mod => "mod" | "__mod__";
    bin BinOp::Pow => "pow" | "__pow__";
    bin BinOp::LShift => "lshift" | "__lshift__";
    bin BinOp::RShift => "rshift" | "__rshift__";
    bin BinOp::And => "and_" | "__and__";
    bin BinOp::Or => "or_" | "__or__";
    bin BinOp::Xor => "xor" | "__xor__";
    inplace BinOp::Add => "iadd" | "__iadd__";
    inplace BinOp::Sub => "isub" | "__isub__";
    inplace BinOp::Mul => "imul" | "__imul__";
    inplace BinOp::MatMul => "imatmul" | "__imatmul__";
    inplace BinOp::TrueDiv => "itruediv" | "__itruediv__";
    inplace BinOp::FloorDiv => "ifloordiv" | "__ifloordiv__";
    inplace BinOp::Mod => "imod" | "__imod__";
    inplace BinOp::Pow => "ipow" | "__ipow__";
    inplace BinOp::LShift => "ilshift" | "__ilshift__";
    inplace BinOp::RShift => "irshift" | "__irshift__";
    inplace BinOp::And => "iand" | "__iand__";
    inplace BinOp::Or => "ior" | "__ior__";
    inplace BinOp::Xor => "ixor" | "__ixor__";
    cmp CmpOp::Lt => "lt" | "__lt__";
    cmp CmpOp::Le => "le" | "__le__";
    cmp CmpOp::Eq => "eq" | "__eq__";
    cmp CmpOp::Ne => "ne" | "__ne__";
    cmp CmpOp::Gt => "gt" | "__gt__";
    cmp CmpOp::Ge => "ge" | "__ge__";
    unary UnaryOp::Neg => "neg" | "__neg__";
    unary UnaryOp::Pos => "pos" | "__pos__";
    unary UnaryOp::Invert => "invert" | "__invert__" | "inv" | "__inv__";
    }
    others {
    f("abs", |cx, a| builtin(cx, "abs", Args::one(one("abs", a)?))),
    f("__abs__", |cx, a| builtin(cx, "abs", Args::one(one("abs", a)?))),
    f("index", index),
    f("__index__", index),
    f("truth", |cx, a| semantics::truthy(cx, &one("truth", a)?).map(Py::Bool)),
    f("not_", |cx, a| semantics::truthy(cx, &one("not_", a)?).map(|t| Py::Bool(!t))),
    f("__not__", |cx, a| semantics::truthy(cx, &one("not_", a)?).map(|t| Py::Bool(!t))),
    f("is_", |_, a| two("is_", a).map(|(a, b)| Py::Bool(a.is(&b)))),
    f("is_not", |_, a| two("is_not", a).map(|(a, b)| Py::Bool(!a.is(&b)))),
    f("concat", |cx, a| concat(cx, a, false)),
    f("__concat__", |cx, a| concat(cx, a, false)),
    f("iconcat", |cx, a| concat(cx, a, true)),
    f("__iconcat__", |cx, a| concat(cx, a, true)),
    f("contains", |cx, a| two("contains", a).and_then(|(a, b)| semantics::contains(cx, &a, &b).map(Py::Bool))),
    f("__contains__", |cx, a| two("contains", a).and_then(|(a, b)| semantics::contains(cx, &a, &b).map(Py::Bool))),
    f("countOf", count_of),
    f("indexOf", index_of),
    f("getitem", |cx, a| two("getitem", a).and_then(|(a, b)| semantics::getitem(cx, &a, &b))),
    f("__getitem__", |cx, a| two("getitem", a).and_then(|(a, b)| semantics::getitem(cx, &a, &b))),
    f("setitem", setitem),
    f("__setitem__", setitem),
    f("delitem", |cx, a| two("delitem", a).and_then(|(a, b)| semantics::delitem(cx, &a, &b).map(|()| Py::None))),
    f("__delitem__", |cx, a| two("delitem", a).and_then(|(a, b)| semantics::delitem(cx, &a, &b).map(|()| Py::None))),
    f("length_hint", length_hint),
    f("call", call),
    f("__call__", call),
    }
};

fn setitem(cx: &Cx, args: Args) -> PyResult<Py> {
    let [a, b, c] = exact("setitem", args)?;
    semantics::setitem(cx, &a, b, c).map(|()| Py::None)
}

pub static MODULE: ModuleDef = ModuleDef {
    name: "operator",
    type_name: "operator",
    doc: "Operator interface.\n\nThis module exports a set of functions implemented in C corresponding\nto the \
          intrinsic operators of Python.",
    functions: FUNCTIONS,
    attr,
    attr_names: &["attrgetter", "itemgetter", "methodcaller"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "itemgetter" => &ITEMGETTER,
        "attrgetter" => &ATTRGETTER,
        "methodcaller" => &METHODCALLER,
        _ => return None,
    };
    Some(Ok(type_value(t)))
}

// ------------------------------------------------------------------ getters

pub static ITEMGETTER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("operator", "itemgetter", None, &[], Some(itemgetter_new)).in_c());
pub static ATTRGETTER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("operator", "attrgetter", None, &[], Some(attrgetter_new)).in_c());
pub static METHODCALLER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("operator", "methodcaller", None, &[], Some(methodcaller_new)).in_c());

#[derive(Clone, Copy, PartialEq)]
enum GetterKind {
    Item,
    Attr,
}

/// `itemgetter(*items)` and `attrgetter(*names)`: one item gives the
/// value itself, several give a tuple.
struct Getter {
    kind: GetterKind,
    keys: Vec<Py>,
}

fn getter_args(name: &str, args: Args) -> PyResult<Vec<Py>> {
    if !args.kw.is_empty() {
        return Err(exceptions::type_error(format!("{name}() takes no keyword arguments")));
    }
    if args.pos.is_empty() {
        return Err(exceptions::type_error(format!("{name} expected 1 argument, got 0")));
    }
    Ok(args.pos)
}

fn itemgetter_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    Ok(Py::obj(Getter { kind: GetterKind::Item, keys: getter_args("itemgetter", args)? }))
}

fn attrgetter_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let keys = getter_args("attrgetter", args)?;
    if keys.iter().any(|k| !matches!(k, Py::Str(_))) {
        return Err(exceptions::type_error("attribute name must be a string"));
    }
    Ok(Py::obj(Getter { kind: GetterKind::Attr, keys }))
}

/// `obj.a.b` for the dotted name `a.b`.
fn dotted(cx: &Cx, obj: &Py, name: &str) -> PyResult<Py> {
    let mut v = obj.clone();
    for part in name.split('.') {
        v = attr::getattr(cx, &v, part)?;
    }
    Ok(v)
}

impl PyObject for Getter {
    fn ty(&self) -> TypeRef {
        match self.kind {
            GetterKind::Item => ITEMGETTER.clone(),
            GetterKind::Attr => ATTRGETTER.clone(),
        }
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let inner = crate::objects::list::items_repr(cx, &self.keys, "(", ")")?;
        Ok(format!("{}{inner}", self.ty().qualified_name()))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        let name = if self.kind == GetterKind::Item { "itemgetter" } else { "attrgetter" };
        if !args.kw.is_empty() {
            return Err(exceptions::type_error(format!("{name}() takes no keyword arguments")));
        }
        let [obj] = <[Py; 1]>::try_from(args.pos)
            .map_err(|pos| exceptions::type_error(format!("{name} expected 1 argument, got {}", pos.len())))?;
        let get = |k: &Py| match (self.kind, k) {
            (GetterKind::Attr, Py::Str(name)) => dotted(cx, &obj, name),
            _ => semantics::getitem(cx, &obj, k),
        };
        if let [k] = self.keys.as_slice() {
            return get(k);
        }
        Ok(Py::tuple(self.keys.iter().map(get).collect::<PyResult<Vec<_>>>()?))
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        let args = self.keys.iter().map(|k| semantics::to_value(cx, k)).collect::<PyResult<_>>()?;
        Ok(Some(record(&self.ty().qualified_name(), args)))
    }
    fn take_children(&self) -> Vec<Py> {
        self.keys.clone()
    }
}

/// `methodcaller(name, /, *args, **kwargs)`.
struct MethodCaller {
    name: Arc<str>,
    args: Args,
}

fn methodcaller_new(_cx: &Cx, _cls: &TypeRef, mut args: Args) -> PyResult<Py> {
    if args.pos.is_empty() {
        return Err(exceptions::type_error("methodcaller needs at least one argument, the method name"));
    }
    let Py::Str(name) = args.pos.remove(0) else {
        return Err(exceptions::type_error("method name must be a string"));
    };
    Ok(Py::obj(MethodCaller { name, args }))
}

impl PyObject for MethodCaller {
    fn ty(&self) -> TypeRef {
        METHODCALLER.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let mut parts = vec![semantics::repr(cx, &Py::Str(self.name.clone()))?];
        for a in &self.args.pos {
            parts.push(semantics::repr(cx, a)?);
        }
        for (k, v) in &self.args.kw {
            parts.push(format!("{k}={}", semantics::repr(cx, v)?));
        }
        Ok(format!("operator.methodcaller({})", parts.join(", ")))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        if !args.kw.is_empty() {
            return Err(exceptions::type_error("methodcaller() takes no keyword arguments"));
        }
        let [obj] = <[Py; 1]>::try_from(args.pos)
            .map_err(|pos| exceptions::type_error(format!("methodcaller expected 1 argument, got {}", pos.len())))?;
        attr::call_method(cx, &obj, &self.name, self.args.clone())
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        if !self.args.kw.is_empty() {
            return Ok(None);
        }
        let mut args = vec![Value::Str(self.name.to_string())];
        for a in &self.args.pos {
            args.push(semantics::to_value(cx, a)?);
        }
        Ok(Some(record("operator.methodcaller", args)))
    }
    fn take_children(&self) -> Vec<Py> {
        self.args.pos.iter().cloned().chain(self.args.kw.iter().map(|(_, v)| v.clone())).collect()
    }
}

fn record(class: &str, args: Vec<Value>) -> Value {
    Value::Record(Box::new(rpyc_protocol::Record { class: class.to_owned(), args, state: None }))
}
