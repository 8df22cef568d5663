//! The object protocol: what every agent object can be asked. Each method
//! is a *slot* in CPython's sense (`tp_repr`, `sq_length`, `tp_iter`, ...);
//! the [`semantics`](super::semantics) module is the only caller that
//! combines them into Python's operations, with Python's fallbacks.
//!
//! A slot that returns `Ok(None)` (or `false`) means "this object does not
//! do that": the caller falls back as Python would (to the object's base
//! value for subclasses of builtins, to the reflected operand, or to a
//! `TypeError` that names the type).

use std::any::Any;
use std::sync::Arc;

use rpyc_protocol::Value;

use super::args::Args;
use super::context::Cx;
use super::exceptions::{self, PyResult};
use super::types::TypeRef;
use super::value::Py;

/// A shared handle to an agent object.
pub type ObjRef = Arc<dyn PyObject>;

/// Downcasting support (trait upcasting to `dyn Any` is newer than the
/// agent's minimum Rust).
pub trait AsAny: Any {
    fn as_any(&self) -> &dyn Any;
    fn into_any_arc(self: Arc<Self>) -> Arc<dyn Any + Send + Sync>;
}

impl<T: Any + Send + Sync> AsAny for T {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn into_any_arc(self: Arc<Self>) -> Arc<dyn Any + Send + Sync> {
        self
    }
}

/// Rich comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Eq,
    Ne,
    Gt,
    Ge,
}

impl CmpOp {
    /// The operator with its operands swapped (`a < b` is `b > a`).
    pub fn reflected(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            other => other,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    pub fn dunder(self) -> &'static str {
        match self {
            CmpOp::Lt => "__lt__",
            CmpOp::Le => "__le__",
            CmpOp::Eq => "__eq__",
            CmpOp::Ne => "__ne__",
            CmpOp::Gt => "__gt__",
            CmpOp::Ge => "__ge__",
        }
    }

    pub fn from_dunder(name: &str) -> Option<CmpOp> {
        Some(match name {
            "__lt__" => CmpOp::Lt,
            "__le__" => CmpOp::Le,
            "__eq__" => CmpOp::Eq,
            "__ne__" => CmpOp::Ne,
            "__gt__" => CmpOp::Gt,
            "__ge__" => CmpOp::Ge,
            _ => return None,
        })
    }

    /// Whether an ordering satisfies the operator.
    pub fn holds(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Lt => o == Less,
            CmpOp::Le => o != Greater,
            CmpOp::Eq => o == Equal,
            CmpOp::Ne => o != Equal,
            CmpOp::Gt => o == Greater,
            CmpOp::Ge => o != Less,
        }
    }
}

/// Binary arithmetic and bitwise operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    MatMul,
    TrueDiv,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    And,
    Or,
    Xor,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::MatMul => "@",
            BinOp::TrueDiv => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::And => "&",
            BinOp::Or => "|",
            BinOp::Xor => "^",
        }
    }

    pub fn from_symbol(s: &str) -> Option<BinOp> {
        Some(match s {
            "+" => BinOp::Add,
            "-" => BinOp::Sub,
            "*" => BinOp::Mul,
            "@" => BinOp::MatMul,
            "/" => BinOp::TrueDiv,
            "//" => BinOp::FloorDiv,
            "%" => BinOp::Mod,
            "**" => BinOp::Pow,
            "<<" => BinOp::LShift,
            ">>" => BinOp::RShift,
            "&" => BinOp::And,
            "|" => BinOp::Or,
            "^" => BinOp::Xor,
            _ => return None,
        })
    }

    /// `__add__`, or `__radd__` when reflected.
    pub fn dunder(self, reflected: bool) -> &'static str {
        let (plain, r) = match self {
            BinOp::Add => ("__add__", "__radd__"),
            BinOp::Sub => ("__sub__", "__rsub__"),
            BinOp::Mul => ("__mul__", "__rmul__"),
            BinOp::MatMul => ("__matmul__", "__rmatmul__"),
            BinOp::TrueDiv => ("__truediv__", "__rtruediv__"),
            BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
            BinOp::Mod => ("__mod__", "__rmod__"),
            BinOp::Pow => ("__pow__", "__rpow__"),
            BinOp::LShift => ("__lshift__", "__rlshift__"),
            BinOp::RShift => ("__rshift__", "__rrshift__"),
            BinOp::And => ("__and__", "__rand__"),
            BinOp::Or => ("__or__", "__ror__"),
            BinOp::Xor => ("__xor__", "__rxor__"),
        };
        if reflected {
            r
        } else {
            plain
        }
    }

    pub fn from_dunder(name: &str) -> Option<(BinOp, bool)> {
        const ALL: [BinOp; 13] = [
            BinOp::Add,
            BinOp::Sub,
            BinOp::Mul,
            BinOp::MatMul,
            BinOp::TrueDiv,
            BinOp::FloorDiv,
            BinOp::Mod,
            BinOp::Pow,
            BinOp::LShift,
            BinOp::RShift,
            BinOp::And,
            BinOp::Or,
            BinOp::Xor,
        ];
        ALL.iter().find_map(|op| {
            if op.dunder(false) == name {
                Some((*op, false))
            } else if op.dunder(true) == name {
                Some((*op, true))
            } else {
                None
            }
        })
    }
}

/// Unary operators (`not` is truthiness, not a slot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Pos,
    Invert,
}

impl UnaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
        }
    }
}

/// The address of an object: its `id()`, and the instance id on the wire.
pub fn address(o: &ObjRef) -> i64 {
    Arc::as_ptr(o).cast::<()>() as usize as i64
}

/// An agent object.
pub trait PyObject: AsAny + Send + Sync + 'static {
    /// The object's class.
    fn ty(&self) -> TypeRef;

    /// `repr(obj)`.
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let ty = self.ty();
        Ok(format!("<{} object at {:#x}>", ty.qualified_name(), address(this)))
    }

    /// `str(obj)`; `repr` unless the type says otherwise.
    fn str(&self, this: &ObjRef, cx: &Cx) -> PyResult<String> {
        self.repr(this, cx)
    }

    /// `format(obj, spec)`; `None` is `object.__format__`.
    fn format(&self, _this: &ObjRef, _spec: &str, _cx: &Cx) -> PyResult<Option<String>> {
        Ok(None)
    }

    /// `hash(obj)`; `None` is the default (the base value's hash, else
    /// identity). Unhashable types return `TypeError`.
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Ok(None)
    }

    /// `bool(obj)`; `None` falls back to `len`, then to true.
    fn truthy(&self, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(None)
    }

    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(None)
    }

    /// `iter(obj)`: a new iterator over it.
    fn iter(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// Whether this object is an iterator (`next` works and `iter` returns
    /// the object itself).
    fn is_iterator(&self) -> bool {
        false
    }

    /// `__length_hint__()`, for the iterators whose class has one (CPython's
    /// list, tuple, range, str, bytes, dict, set and deque iterators,
    /// `reversed`, `itertools.repeat`): the items left. `Ok(None)` when the
    /// class has no such method.
    fn length_hint(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(None)
    }

    /// `next(obj)` for iterators: `None` at the end.
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        Err(exceptions::type_error(format!("'{}' object is not an iterator", self.ty().name)))
    }

    fn getitem(&self, _this: &ObjRef, _key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// `obj[key] = value`; `false` when the object does not support it.
    fn setitem(&self, _key: Py, _value: Py, _cx: &Cx) -> PyResult<bool> {
        Ok(false)
    }

    fn delitem(&self, _key: &Py, _cx: &Cx) -> PyResult<bool> {
        Ok(false)
    }

    /// `item in obj`; `None` falls back to iterating.
    fn contains(&self, _item: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(None)
    }

    /// `obj <op> other`; `None` is NotImplemented.
    fn richcmp(&self, _this: &ObjRef, _op: CmpOp, _other: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(None)
    }

    /// `obj <op> other` (or `other <op> obj` when `reflected`); `None` is
    /// NotImplemented.
    fn binary(&self, _this: &ObjRef, _op: BinOp, _other: &Py, _reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// `obj <op>= other` in place; `None` falls back to `binary`.
    fn inplace(&self, _this: &ObjRef, _op: BinOp, _other: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    fn unary(&self, _this: &ObjRef, _op: UnaryOp, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    fn is_callable(&self) -> bool {
        false
    }

    /// `obj(*args, **kwargs)`.
    fn call(&self, _this: &ObjRef, _args: Args, _cx: &Cx) -> PyResult<Py> {
        Err(exceptions::type_error(format!("'{}' object is not callable", self.ty().name)))
    }

    /// An attribute of the instance itself (looked up after the methods of
    /// its type); `None` when it has none of that name.
    fn getattr(&self, _this: &ObjRef, _name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    fn setattr(&self, _name: &str, _value: Py, _cx: &Cx) -> PyResult<bool> {
        Ok(false)
    }

    fn delattr(&self, _name: &str, _cx: &Cx) -> PyResult<bool> {
        Ok(false)
    }

    /// Names of the instance's own attributes, for `dir()`.
    fn attr_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// For instances of subclasses of builtin types (a named tuple, an
    /// `IntEnum` member, `os.stat_result`): the builtin value they stand
    /// for, used wherever the subclass does not say otherwise.
    fn base_value(&self) -> Option<Py> {
        None
    }

    /// `os.fspath(obj)` for path-like objects.
    fn fspath(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(None)
    }

    /// The object copied by value (PICKLE, `rpyc.classic.obtain`); `None`
    /// when it cannot be.
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(None)
    }

    /// The value brine carries instead of a reference, for the kinds Python
    /// sends by value (frozenset, slice, Ellipsis, NotImplemented).
    fn wire_value(&self) -> Option<Value> {
        None
    }

    /// Whether calling it (or its method `method`) may block: I/O,
    /// processes, sleeping, waiting for the client. Such calls run on the
    /// blocking pool.
    fn blocks(&self, _method: Option<&str>) -> bool {
        false
    }

    /// Gives up the values it holds, when its last owner drops it (see
    /// [`drop_values`]: no recursive destructors).
    fn take_children(&self) -> Vec<Py> {
        Vec::new()
    }
}

/// Drops values without recursion: a chain of lists 100,000 deep would
/// otherwise overflow the stack in nested destructors. Objects whose last
/// reference is here give up their children to the work list first.
pub fn drop_values(items: Vec<Py>) {
    let mut pending = items;
    while let Some(v) = pending.pop() {
        match v {
            Py::Obj(obj) => {
                if Arc::strong_count(&obj) == 1 {
                    pending.extend(obj.take_children());
                }
                drop(obj);
            }
            Py::Tuple(items) if Arc::strong_count(&items) == 1 => pending.extend(items.iter().cloned()),
            _ => {}
        }
    }
}
