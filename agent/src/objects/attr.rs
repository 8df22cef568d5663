//! Python's attribute protocol for every value: `getattr`, `setattr`,
//! `delattr`, calling a method by name, `dir`, `isinstance`, `issubclass`.
//!
//! An object's own attributes come first (a module's functions, an
//! exception's `errno`), then the methods of its class along the bases,
//! bound to the object.

use crate::runtime::args::Args;
use crate::runtime::callables::BoundMethod;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{as_type, type_value, Method, MethodKind, TypeRef};
use crate::runtime::value::Py;

use super::type_of;

fn bind(cx: &Cx, v: &Py, ty: &TypeRef, m: &'static Method) -> PyResult<Py> {
    Ok(match m.kind {
        MethodKind::Instance => Py::obj(BoundMethod::new(v.clone(), m)),
        MethodKind::Class => Py::obj(BoundMethod::new(type_value(ty), m)),
        MethodKind::Static => Py::obj(BoundMethod::unbound(ty.clone(), m)),
        MethodKind::Property => (m.func)(cx, v, Args::default())?,
    })
}

/// `getattr(v, name)`.
pub fn getattr(cx: &Cx, v: &Py, name: &str) -> PyResult<Py> {
    if let Py::Client(r) = v {
        return semantics::client_getattr(cx, r, name);
    }
    if let Py::Obj(o) = v {
        if let Some(a) = o.getattr(o, name, cx)? {
            return Ok(a);
        }
    }
    let ty = type_of(v);
    if let Some(m) = ty.lookup(name) {
        return bind(cx, v, &ty, m);
    }
    if let Some(a) = ty.class_attr(name) {
        return Ok(a);
    }
    if let Some(m) = super::dunder::lookup(name).filter(|_| super::dunder::applies(cx, v, name)) {
        return bind(cx, v, &ty, m);
    }
    match name {
        "__class__" => Ok(type_value(&ty)),
        "__doc__" => Ok(ty.doc.map_or(Py::None, Py::str)),
        _ => Err(missing(v, &ty, name)),
    }
}

fn missing(v: &Py, ty: &TypeRef, name: &str) -> exceptions::PyErr {
    if let Some(t) = as_type(v) {
        return exceptions::new("AttributeError", format!("type object '{}' has no attribute '{name}'", t.name))
            .with_attr("name", name);
    }
    exceptions::attribute_error(&ty.name, name)
}

/// `hasattr(v, name)`: any `AttributeError` means no.
pub fn hasattr(cx: &Cx, v: &Py, name: &str) -> PyResult<bool> {
    match getattr(cx, v, name) {
        Ok(_) => Ok(true),
        Err(e) if e.is("AttributeError") => Ok(false),
        Err(e) => Err(e),
    }
}

/// `v.name(*args)`, without making a bound method when the class has it.
pub fn call_method(cx: &Cx, v: &Py, name: &str, args: Args) -> PyResult<Py> {
    cx.check_stack("while calling a Python object")?;
    match v {
        Py::Client(r) => semantics::call_method_of_client(cx, r, name, args),
        Py::Obj(o) => {
            if let Some(a) = o.getattr(o, name, cx)? {
                return semantics::call(cx, &a, args);
            }
            let ty = o.ty();
            match ty.lookup(name) {
                Some(m) if m.kind == MethodKind::Instance => (m.func)(cx, v, args),
                Some(m) => semantics::call(cx, &bind(cx, v, &ty, m)?, args),
                None => match super::dunder::lookup(name) {
                    Some(m) => (m.func)(cx, v, args),
                    None => semantics::call(cx, &getattr(cx, v, name)?, args),
                },
            }
        }
        _ => {
            let ty = type_of(v);
            match ty.lookup(name) {
                Some(m) if m.kind == MethodKind::Instance => (m.func)(cx, v, args),
                Some(m) => semantics::call(cx, &bind(cx, v, &ty, m)?, args),
                None => match super::dunder::lookup(name) {
                    Some(m) => (m.func)(cx, v, args),
                    None => Err(missing(v, &ty, name)),
                },
            }
        }
    }
}

/// `setattr(v, name, value)`.
pub fn setattr(cx: &Cx, v: &Py, name: &str, value: Py) -> PyResult<()> {
    match v {
        Py::Client(r) => semantics::client_setattr(cx, r, name, value),
        Py::Obj(o) if o.setattr(name, value, cx)? => Ok(()),
        other => {
            let ty = type_of(other);
            if let Some(t) = as_type(other) {
                return Err(exceptions::type_error(format!(
                    "cannot set '{name}' attribute of immutable type '{}'",
                    t.name
                )));
            }
            if ty.lookup(name).is_some() {
                return Err(exceptions::new(
                    "AttributeError",
                    format!("'{}' object attribute '{name}' is read-only", ty.name),
                ));
            }
            Err(exceptions::attribute_error(&ty.name, name))
        }
    }
}

/// `delattr(v, name)`.
pub fn delattr(cx: &Cx, v: &Py, name: &str) -> PyResult<()> {
    match v {
        Py::Client(r) => {
            cx.ask_client(
                rpyc_protocol::Handler::DelAttr,
                vec![Cx::client_ref(r), rpyc_protocol::Obj::Value(rpyc_protocol::Value::str(name))],
            )?;
            Ok(())
        }
        Py::Obj(o) if o.delattr(name, cx)? => Ok(()),
        other => Err(exceptions::attribute_error(&type_of(other).name, name)),
    }
}

/// `dir(v)`, sorted.
pub fn dir(_cx: &Cx, v: &Py) -> Vec<String> {
    // A class lists what its instances have (as `dir(int) == dir(5)`);
    // an instance adds its own attributes.
    let mut names = match as_type(v) {
        Some(t) => {
            let mut names = class_dir(&t);
            for c in t.mro() {
                names.extend(c.attrs.iter().map(|(k, _)| k.to_string()));
            }
            names
        }
        None => {
            let mut names = class_dir(&type_of(v));
            if let Py::Obj(o) = v {
                names.extend(o.attr_names());
            }
            names
        }
    };
    names.sort();
    names.dedup();
    names
}

/// The names every instance of a class answers: its methods along the
/// bases, and `object`'s.
fn class_dir(t: &TypeRef) -> Vec<String> {
    let mut names: Vec<String> = t.method_names().into_iter().map(String::from).collect();
    for c in t.mro() {
        names.extend(super::dunder::specials_of(&c).map(String::from));
    }
    names.extend(
        [
            "__class__",
            "__delattr__",
            "__dir__",
            "__doc__",
            "__eq__",
            "__format__",
            "__ge__",
            "__getattribute__",
            "__gt__",
            "__hash__",
            "__init__",
            "__init_subclass__",
            "__le__",
            "__lt__",
            "__ne__",
            "__new__",
            "__reduce__",
            "__reduce_ex__",
            "__repr__",
            "__setattr__",
            "__sizeof__",
            "__str__",
            "__subclasshook__",
        ]
        .map(String::from),
    );
    names
}

/// The classes `isinstance`/`issubclass` accept as their second
/// argument: a class, a client's class, or a tuple of them.
fn class_matches(ty: &TypeRef, cls: &Py, func: &str) -> PyResult<bool> {
    if let Some(t) = as_type(cls) {
        return Ok(ty.is_subtype(&t));
    }
    match cls {
        Py::Tuple(items) => {
            for c in items.iter() {
                if class_matches(ty, c, func)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Py::Client(r) if r.is_class() => {
            let full = r.type_name();
            let (module, name) = full.rsplit_once('.').unwrap_or(("builtins", full));
            Ok(ty.is_subtype_named(module, name))
        }
        _ if func == "issubclass" => {
            Err(exceptions::type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union"))
        }
        _ => Err(exceptions::type_error("isinstance() arg 2 must be a type, a tuple of types, or a union")),
    }
}

/// `isinstance(v, cls)`.
pub fn isinstance(_cx: &Cx, v: &Py, cls: &Py) -> PyResult<bool> {
    class_matches(&type_of(v), cls, "isinstance")
}

/// `issubclass(c, cls)`.
pub fn issubclass(_cx: &Cx, c: &Py, cls: &Py) -> PyResult<bool> {
    match (as_type(c), c) {
        (Some(t), _) => class_matches(&t, cls, "issubclass"),
        (None, Py::Client(r)) if r.is_class() => {
            let t = super::builtin_types::client_class_named(r.type_name());
            class_matches(&t, cls, "issubclass")
        }
        _ => Err(exceptions::type_error("issubclass() arg 1 must be a class")),
    }
}
