//! `collections.defaultdict`: a dict that calls `default_factory()` for a
//! missing key and stores the result.

use std::sync::{LazyLock, Mutex};

use rpyc_protocol::Value;

use super::{dict_repr, new_instance, subclass_self};
use crate::objects::dict::{Dict, DictSubclass, DICT};
use crate::objects::function::PyFunction;
use crate::runtime::args::{req, Args};
use crate::runtime::callables::Function;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::pickling_error;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, ObjRef};
use crate::runtime::semantics;
use crate::runtime::semantics::global_ref;
use crate::runtime::types::{as_type, class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static DEFAULTDICT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("collections", "defaultdict", Some(&DICT), &METHODS, Some(defaultdict_new)).in_c());

pub struct DefaultKind {
    factory: Mutex<Py>,
}

impl DefaultKind {
    fn factory(&self) -> Py {
        self.factory.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn with_factory(factory: Py) -> std::sync::Arc<Dict> {
    new_instance(Box::new(DefaultKind { factory: Mutex::new(factory) }))
}

fn callable(v: &Py) -> bool {
    match v {
        Py::Obj(o) => o.is_callable(),
        Py::Client(_) => true,
        _ => false,
    }
}

/// `defaultdict(default_factory=None, /, [...])`: the rest as `dict()`'s.
fn defaultdict_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { mut pos, kw } = args;
    let factory = if pos.is_empty() { Py::None } else { pos.remove(0) };
    if !factory.is_none() && !callable(&factory) {
        return Err(exceptions::type_error("first argument must be callable or None"));
    }
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("dict expected at most 1 argument, got {}", pos.len())));
    }
    let d = with_factory(factory);
    if let Some(src) = pos.first() {
        d.update_from(cx, src)?;
    }
    for (k, v) in kw {
        d.set_item(cx, Py::Str(k), v)?;
    }
    Ok(Py::Obj(d))
}

fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    let (d, kind) = subclass_self::<DefaultKind>(this, "collections.defaultdict")?;
    let out = with_factory(kind.factory());
    for (k, v) in d.items() {
        out.set_item(cx, k, v)?;
    }
    Ok(Py::Obj(out))
}

fn missing(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [key] = args.bind("__missing__", ["key"])?;
    let (_, kind) = subclass_self::<DefaultKind>(this, "collections.defaultdict")?;
    let key = req(key);
    let Py::Obj(o) = this else { return Err(exceptions::key_error(key)) };
    kind.missing(o, &key, cx)?.ok_or_else(|| exceptions::key_error(key))
}

fn fromkeys(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    super::fromkeys_into(cx, with_factory(Py::None), args)
}

static METHODS: [Method; 4] = [
    method("copy", copy),
    method("__copy__", copy),
    method("__missing__", missing),
    class_method("fromkeys", fromkeys),
];

/// The factory as pickle names it: a class or a module's function.
fn factory_value(cx: &Cx, factory: &Py) -> PyResult<Value> {
    if factory.is_none() {
        return Ok(Value::None);
    }
    if let Some(t) = as_type(factory) {
        return Ok(global_ref(&t.module, &t.name));
    }
    if let Some(f) = factory.downcast::<Function>() {
        return Ok(global_ref(f.module, f.name));
    }
    if let Py::Client(_) = factory {
        return semantics::to_value(cx, factory);
    }
    let what = semantics::repr(cx, factory)?;
    let (name, module) = match factory.downcast::<PyFunction>() {
        Some(f) => (f.qualname.to_string(), f.module.to_string()),
        None => (semantics::type_name(factory), "builtins".to_owned()),
    };
    Err(pickling_error(format!("Can't pickle {what}: attribute lookup {name} on {module} failed")))
}

impl DictSubclass for DefaultKind {
    fn class(&self) -> TypeRef {
        DEFAULTDICT.clone()
    }
    fn missing(&self, this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let factory = self.factory();
        if factory.is_none() {
            return Ok(None);
        }
        let value = semantics::call(cx, &factory, Args::default())?;
        if let Some(d) = this.as_any().downcast_ref::<Dict>() {
            d.set_item(cx, key.clone(), value.clone())?;
        }
        Ok(Some(value))
    }
    fn repr(&self, this: &ObjRef, d: &Dict, cx: &Cx) -> Option<PyResult<String>> {
        Some((|| {
            let factory = self.factory();
            let f = if factory.is_none() { "None".to_owned() } else { semantics::repr(cx, &factory)? };
            Ok(format!("defaultdict({f}, {})", dict_repr(cx, this, d)?))
        })())
    }
    fn binary(
        &self,
        _this: &ObjRef,
        d: &Dict,
        op: BinOp,
        other: &Py,
        reflected: bool,
        cx: &Cx,
    ) -> Option<PyResult<Option<Py>>> {
        if op != BinOp::Or {
            return None;
        }
        Some(super::union_into(cx, with_factory(self.factory()), d, other, reflected))
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Builtin classes and native functions make defaults at once;
        // Python functions and the client's callables may wait.
        let factory = self.factory();
        !(factory.is_none() || as_type(&factory).is_some() || factory.downcast::<Function>().is_some())
    }
    fn getattr(&self, name: &str) -> Option<Py> {
        (name == "default_factory").then(|| self.factory())
    }
    fn setattr(&self, name: &str, value: Py) -> PyResult<bool> {
        if name != "default_factory" {
            return Err(exceptions::attribute_error("collections.defaultdict", name));
        }
        let old = std::mem::replace(&mut *self.factory.lock().unwrap_or_else(|e| e.into_inner()), value);
        crate::runtime::object::drop_values(vec![old]);
        Ok(true)
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["default_factory".to_owned()]
    }
    fn to_value(&self, pairs: Vec<(Value, Value)>, cx: &Cx) -> PyResult<Option<Value>> {
        let factory = factory_value(cx, &self.factory())?;
        Ok(Some(super::record("collections.defaultdict", vec![factory, Value::Dict(pairs)])))
    }
    fn take_children(&self) -> Vec<Py> {
        vec![std::mem::replace(&mut *self.factory.lock().unwrap_or_else(|e| e.into_inner()), Py::None)]
    }
}
