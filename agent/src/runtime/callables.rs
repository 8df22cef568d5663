//! Native callables: module functions, methods bound to their object, and
//! methods looked up on a class (`str.upper`).

use std::sync::{Arc, LazyLock};

use super::args::Args;
use super::context::Cx;
use super::exceptions::{self, PyResult};
use super::object::{address, ObjRef, PyObject};
use super::types::{Method, MethodKind, Type, TypeRef};
use super::value::Py;

/// A module-level native function: `fn(cx, args)`.
pub type NativeFn = fn(&Cx, Args) -> PyResult<Py>;

/// `builtins.builtin_function_or_method` for a module's function.
pub struct Function {
    pub module: &'static str,
    pub name: &'static str,
    pub func: NativeFn,
    pub blocking: bool,
}

impl Function {
    pub fn new(module: &'static str, name: &'static str, func: NativeFn, blocking: bool) -> ObjRef {
        Arc::new(Function { module, name, func, blocking })
    }
}

pub static BUILTIN_FUNCTION: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "builtin_function_or_method", None, &[], None));

pub static METHOD_DESCRIPTOR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "method_descriptor", None, &[], None));

impl PyObject for Function {
    fn ty(&self) -> TypeRef {
        BUILTIN_FUNCTION.clone()
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        (self.func)(cx, args)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        self.blocking
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Py::str(self.name)),
            "__module__" => Some(Py::str(self.module)),
            "__doc__" | "__self__" => Some(Py::None),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        ["__name__", "__qualname__", "__module__", "__doc__", "__self__"].map(String::from).to_vec()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<built-in function {}>", self.name))
    }
}

/// A native method bound to its object (`[].append`, `dict.fromkeys`).
pub struct BoundMethod {
    this: Py,
    method: &'static Method,
    /// For static methods: the class they were looked up on (no binding).
    unbound_of: Option<TypeRef>,
}

impl BoundMethod {
    pub fn new(this: Py, method: &'static Method) -> BoundMethod {
        BoundMethod { this, method, unbound_of: None }
    }

    pub fn unbound(ty: TypeRef, method: &'static Method) -> BoundMethod {
        BoundMethod { this: Py::None, method, unbound_of: Some(ty) }
    }
}

impl PyObject for BoundMethod {
    fn ty(&self) -> TypeRef {
        BUILTIN_FUNCTION.clone()
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        (self.method.func)(cx, &self.this, args)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        self.method.blocking
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "__name__" | "__qualname__" => Some(Py::str(self.method.name)),
            "__self__" => Some(self.this.clone()),
            "__doc__" => Some(Py::None),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        ["__name__", "__qualname__", "__self__", "__doc__"].map(String::from).to_vec()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        if let Some(t) = &self.unbound_of {
            return Ok(format!(
                "<built-in method {} of type object at {:#x}>",
                self.method.name,
                super::types::class_id(t)
            ));
        }
        let owner = match &self.this {
            Py::Obj(o) if o.as_any().is::<Type>() && self.method.kind == MethodKind::Class => {
                return Ok(format!("<built-in method {} of type object at {:#x}>", self.method.name, address(o)));
            }
            Py::Obj(o) => format!("{} object at {:#x}", o.ty().name, address(o)),
            other => format!("{} object at {:#x}", (cx.hooks.type_of)(other).name, value_address(other)),
        };
        Ok(format!("<built-in method {} of {owner}>", self.method.name))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.this.clone()]
    }
}

/// A stand-in address for an immutable value held inline (CPython would
/// print the address of its object; nothing can rely on it).
fn value_address(v: &Py) -> usize {
    match v {
        Py::Str(s) => s.as_ptr() as usize,
        Py::Bytes(b) => b.as_ptr() as usize,
        Py::Tuple(t) => t.as_ptr() as usize,
        _ => 0,
    }
}

/// A method looked up on its class (`str.upper`): called with the object
/// first.
pub struct MethodDescriptor {
    owner: TypeRef,
    method: &'static Method,
}

impl MethodDescriptor {
    pub fn new(owner: TypeRef, method: &'static Method) -> MethodDescriptor {
        MethodDescriptor { owner, method }
    }
}

impl PyObject for MethodDescriptor {
    fn ty(&self) -> TypeRef {
        METHOD_DESCRIPTOR.clone()
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, mut args: Args, cx: &Cx) -> PyResult<Py> {
        if args.pos.is_empty() {
            return Err(exceptions::type_error(format!(
                "unbound method {}.{}() needs an argument",
                self.owner.name, self.method.name
            )));
        }
        let this = args.pos.remove(0);
        let this_ty = (cx.hooks.type_of)(&this);
        if !this_ty.is_subtype(&self.owner) {
            return Err(exceptions::type_error(format!(
                "descriptor '{}' for '{}' objects doesn't apply to a '{}' object",
                self.method.name, self.owner.name, this_ty.name
            )));
        }
        (self.method.func)(cx, &this, args)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        self.method.blocking
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "__name__" => Some(Py::str(self.method.name)),
            "__qualname__" => Some(Py::str(format!("{}.{}", self.owner.name, self.method.name))),
            "__objclass__" => Some(Py::Obj(self.owner.clone())),
            "__doc__" => Some(Py::None),
            _ => None,
        })
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<method '{}' of '{}' objects>", self.method.name, self.owner.name))
    }
}
