//! The agent's object model: every object the agent hands out by reference
//! (modules, functions, lists, dicts, files, records) implements
//! [`PyObject`]; plain immutable data travels by value.
//!
//! Methods are dispatched by name through [`PyObject::call_method`], so
//! `CALLATTR(obj, 'read', ...)` costs no intermediate object, and
//! `GETATTR(obj, 'read')` returns a [`BoundMethod`] that dispatches the same
//! way when called.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use rpyc_protocol::{Obj, Value};

use crate::legacy::args::Args;
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};

/// A shared handle to an agent object.
pub type PyRef = Arc<dyn PyObject>;

/// Anything the agent passes around: a value, a tuple mixing values and
/// references, an agent object, or an object of the client (a netref).
pub type Val = Obj<PyRef>;

/// A fresh instance id for the id pack (never 0, which marks classes).
pub fn next_instance_id() -> i64 {
    static NEXT: AtomicI64 = AtomicI64::new(0x1000);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A stable class id for a type name (FNV-1a, positive).
pub fn class_id_of(type_name: &str) -> i64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in type_name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h >> 1) as i64
}

/// Special methods the Python client turns into CALLATTR on a netref class:
/// listing them in INSPECT is what makes `len()`, `iter()`, `with` and
/// friends work on the proxy.
pub const CONTAINER_SPECIALS: &[&str] =
    &["__len__", "__iter__", "__getitem__", "__setitem__", "__delitem__", "__contains__", "__bool__"];

pub trait PyObject: Send + Sync + 'static {
    /// `module.QualName` of the object's type: the id pack name, e.g.
    /// `builtins.list`, `_io.TextIOWrapper`, `os`.
    fn type_name(&self) -> &str;

    /// The instance id in the id pack; 0 for classes.
    fn instance_id(&self) -> i64;

    /// Names of the methods `call_method` answers (ordinary and special).
    fn methods(&self) -> &[&str] {
        &[]
    }

    /// Non-method attributes.
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        Err(exc::attribute_error(self.type_name(), name))
    }

    fn setattr(&self, name: &str, _value: Val, _cx: &Cx) -> PyResult<()> {
        Err(exc::attribute_error(self.type_name(), name))
    }

    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<()> {
        Err(exc::attribute_error(self.type_name(), name))
    }

    /// Calls method `name`. Only names listed in `methods()` reach here
    /// through the default `getattr` path.
    fn call_method(&self, _this: &PyRef, name: &str, _args: Args, _cx: &Cx) -> PyResult<Val> {
        Err(exc::attribute_error(self.type_name(), name))
    }

    /// `obj(*args, **kwargs)`.
    fn call(&self, _this: &PyRef, _args: Args, _cx: &Cx) -> PyResult<Val> {
        Err(exc::type_error(format!("'{}' object is not callable", short_type(self.type_name()))))
    }

    /// Whether calling it (or method `name`, when given) may block: such
    /// calls run on the blocking pool instead of the connection's task.
    fn blocks(&self, _method: Option<&str>) -> bool {
        false
    }

    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<{} object at 0x{:x}>", self.type_name(), self.instance_id()))
    }

    fn str(&self, cx: &Cx) -> PyResult<String> {
        self.repr(cx)
    }

    fn hash(&self) -> PyResult<i64> {
        Ok(self.instance_id())
    }

    /// Extra names for `dir()`, beyond methods.
    fn attr_names(&self) -> Vec<String> {
        Vec::new()
    }

    /// Gives up the objects this one holds, when it is being dropped by its
    /// last owner (see `containers::drop_items`: no recursive destructors).
    fn take_children(&self) -> Vec<Val> {
        Vec::new()
    }

    /// The object as a plain sequence, for comparisons: a list's items, a
    /// named tuple's fields. `None` when it is not a sequence.
    fn sequence_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(None)
    }

    /// Plain data for PICKLE (`rpyc.classic.obtain`); `None` refuses.
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(None)
    }
}

/// `list` from `builtins.list`.
pub fn short_type(type_name: &str) -> &str {
    type_name.rsplit('.').next().unwrap_or(type_name)
}

/// Looks an attribute up the way Python would for our objects: methods
/// first (as bound methods), then the object's own attributes.
pub fn getattr(obj: &PyRef, name: &str, cx: &Cx) -> PyResult<Val> {
    if obj.methods().contains(&name) {
        return Ok(Obj::Local(BoundMethod::new(obj.clone(), name)));
    }
    match name {
        "__class__" | "__doc__" | "__module__" if !obj.methods().contains(&name) => match obj.getattr(obj, name, cx) {
            Ok(v) => Ok(v),
            Err(_) if name == "__doc__" => Ok(Obj::none()),
            Err(_) if name == "__module__" => {
                let t = obj.type_name();
                Ok(Obj::Value(Value::str(t.rsplit_once('.').map_or("builtins", |(m, _)| m))))
            }
            Err(e) => Err(e),
        },
        _ => obj.getattr(obj, name, cx),
    }
}

/// Calls method `name` of `obj`, through `call_method` when it is a listed
/// method, else by getattr and call (a callable attribute).
pub fn callattr(obj: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
    if obj.methods().contains(&name) {
        return obj.call_method(obj, name, args, cx);
    }
    if name == "__format__" {
        // `format(obj, '')` is `str(obj)` for every object the agent has.
        return Ok(Obj::Value(Value::Str(obj.str(cx)?)));
    }
    match obj.getattr(obj, name, cx)? {
        Obj::Local(f) => f.call(&f, args, cx),
        Obj::Remote(_) => Err(exc::type_error("cannot call a client object from the agent here")),
        other => Err(exc::type_error(format!("'{}' object is not callable", val_type_name(&other)))),
    }
}

/// `dir(obj)`, sorted.
pub fn dir(obj: &PyRef) -> Vec<String> {
    let mut names: Vec<String> = obj.methods().iter().map(|s| (*s).to_owned()).collect();
    names.extend(obj.attr_names());
    names.extend(["__class__", "__doc__", "__module__", "__repr__", "__str__", "__hash__"].map(String::from));
    names.sort();
    names.dedup();
    names
}

/// Python type name of any value (`type(v).__name__`).
pub fn val_type_name(v: &Val) -> String {
    match v {
        Obj::Value(v) => v.type_name().to_owned(),
        Obj::Tuple(_) => "tuple".into(),
        Obj::Local(o) => short_type(o.type_name()).to_owned(),
        Obj::Remote(r) => short_type(r.type_name()).to_owned(),
    }
}

/// A method bound to its object: `builtins.builtin_function_or_method`.
pub struct BoundMethod {
    target: PyRef,
    name: String,
    id: i64,
}

impl BoundMethod {
    pub fn new(target: PyRef, name: &str) -> PyRef {
        Arc::new(BoundMethod { target, name: name.to_owned(), id: next_instance_id() })
    }
}

impl PyObject for BoundMethod {
    fn type_name(&self) -> &str {
        "builtins.builtin_function_or_method"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn call(&self, _this: &PyRef, args: Args, cx: &Cx) -> PyResult<Val> {
        self.target.call_method(&self.target, &self.name, args, cx)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        self.target.blocks(Some(&self.name))
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match name {
            "__name__" | "__qualname__" => Ok(Obj::Value(Value::str(self.name.as_str()))),
            "__self__" => Ok(Obj::Local(self.target.clone())),
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!(
            "<built-in method {} of {} object at 0x{:x}>",
            self.name,
            short_type(self.target.type_name()),
            self.target.instance_id()
        ))
    }
}

/// A native function of a module.
pub type NativeFn = fn(&Cx, Args) -> PyResult<Val>;

/// A module-level function: `builtins.builtin_function_or_method`.
pub struct Function {
    pub module: &'static str,
    pub name: &'static str,
    pub func: NativeFn,
    pub blocking: bool,
    id: i64,
}

impl Function {
    pub fn new(module: &'static str, name: &'static str, func: NativeFn, blocking: bool) -> PyRef {
        Arc::new(Function { module, name, func, blocking, id: next_instance_id() })
    }
}

impl PyObject for Function {
    fn type_name(&self) -> &str {
        "builtins.builtin_function_or_method"
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn call(&self, _this: &PyRef, args: Args, cx: &Cx) -> PyResult<Val> {
        (self.func)(cx, args)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        self.blocking
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match name {
            "__name__" | "__qualname__" => Ok(Obj::Value(Value::str(self.name))),
            "__module__" => Ok(Obj::Value(Value::str(self.module))),
            _ => Err(exc::attribute_error(self.type_name(), name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["__name__".into(), "__qualname__".into(), "__module__".into()]
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<built-in function {}>", self.name))
    }
}
