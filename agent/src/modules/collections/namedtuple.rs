//! `collections.namedtuple`: tuple subclasses made at run time. The class
//! is a real class object (`type(p) is Point`, `isinstance(p, tuple)`)
//! whose `_fields` and `_field_defaults` are class attributes; instances
//! behave as their tuple wherever they do not say otherwise.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use rpyc_protocol::Value;

use crate::objects::dict::Dict;
use crate::objects::tuple::TUPLE;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{as_type, class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

/// Python 3.11's `keyword.kwlist`.
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// `str.isidentifier()`.
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c == '_' || c.is_alphabetic() => chars.all(|c| c == '_' || c.is_alphanumeric()),
        _ => false,
    }
}

/// `namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)`.
pub fn namedtuple(cx: &Cx, args: Args) -> PyResult<Py> {
    let [typename, field_names, rename, defaults, module] =
        args.bind("namedtuple", ["typename", "field_names", "$rename?", "$defaults?", "$module?"])?;
    let typename = semantics::str(cx, &req(typename))?;
    let mut fields: Vec<String> = match req(field_names) {
        Py::Str(s) => s.replace(',', " ").split_whitespace().map(str::to_owned).collect(),
        other => semantics::iterate(cx, &other)?.iter().map(|v| semantics::str(cx, v)).collect::<PyResult<_>>()?,
    };
    let rename = args::opt_bool(cx, rename.as_ref(), false)?;
    if rename {
        let mut seen: Vec<String> = Vec::new();
        for (i, name) in fields.iter_mut().enumerate() {
            let original = name.clone();
            if !is_identifier(name) || KEYWORDS.contains(&name.as_str()) || name.starts_with('_') || seen.contains(name)
            {
                *name = format!("_{i}");
            }
            seen.push(original);
        }
    }
    for name in std::iter::once(&typename).chain(&fields) {
        if !is_identifier(name) {
            return Err(exceptions::value_error(format!(
                "Type names and field names must be valid identifiers: {}",
                semantics::repr(cx, &Py::str(name.as_str()))?
            )));
        }
        if KEYWORDS.contains(&name.as_str()) {
            return Err(exceptions::value_error(format!(
                "Type names and field names cannot be a keyword: {}",
                semantics::repr(cx, &Py::str(name.as_str()))?
            )));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for name in &fields {
        if name.starts_with('_') && !rename {
            return Err(exceptions::value_error(format!("Field names cannot start with an underscore: '{name}'")));
        }
        if seen.contains(&name.as_str()) {
            return Err(exceptions::value_error(format!("Encountered duplicate field name: '{name}'")));
        }
        seen.push(name);
    }
    let defaults = match defaults {
        None | Some(Py::None) => Vec::new(),
        Some(d) => semantics::iterate(cx, &d)?,
    };
    if defaults.len() > fields.len() {
        return Err(exceptions::type_error("Got more default values than field names"));
    }
    let first_default = fields.len() - defaults.len();
    let field_defaults = Dict::empty();
    for (name, v) in fields[first_default..].iter().zip(defaults) {
        field_defaults.set_str(name, v);
    }
    let module = match module {
        None | Some(Py::None) => "__main__".to_owned(),
        Some(m) => semantics::str(cx, &m)?,
    };
    let names = Py::tuple(fields.iter().map(|f| Py::str(f.as_str())).collect::<Vec<_>>());
    let doc = format!("{typename}({})", fields.join(", "));
    let getters = fields.iter().enumerate().map(|(index, name)| (Cow::Owned(name.clone()), TupleGetter::new(index)));
    let class = Type::with_attrs(
        Cow::Owned(module),
        Cow::Owned(typename),
        TUPLE.clone(),
        &METHODS,
        Some(namedtuple_new),
        None,
        vec![
            (Cow::Borrowed("_fields"), names.clone()),
            (Cow::Borrowed("__match_args__"), names),
            (Cow::Borrowed("_field_defaults"), Py::obj(field_defaults)),
            (Cow::Borrowed("__doc__"), Py::str(doc)),
            (Cow::Borrowed("__slots__"), Py::empty_tuple()),
        ]
        .into_iter()
        .chain(getters)
        .collect(),
    );
    Ok(Py::Obj(class))
}

/// The field names of a named tuple class.
fn fields_of(cls: &Type) -> Vec<Arc<str>> {
    match cls.class_attr("_fields") {
        Some(Py::Tuple(t)) => t.iter().filter_map(|f| f.as_str().map(Arc::from)).collect(),
        _ => Vec::new(),
    }
}

/// `'x'`, `'x' and 'y'`, `'x', 'y', and 'z'`, as CPython lists missing arguments.
fn quoted_list(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        0 => String::new(),
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        n => format!("{}, and {}", q[..n - 1].join(", "), q[n - 1]),
    }
}

/// `Point(x, y)`: binds like the generated `__new__(_cls, x, y)`.
fn namedtuple_new(_cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let fields = fields_of(cls);
    let defaults = cls.class_attr("_field_defaults");
    let defaults = defaults.as_ref().and_then(|d| d.downcast::<Dict>());
    let n = fields.len();
    let func = format!("{}.__new__", cls.name);
    let Args { pos, kw } = args;
    if pos.len() > n {
        let required = n - defaults.map_or(0, Dict::len);
        let takes = if required == n { format!("{}", n + 1) } else { format!("from {} to {}", required + 1, n + 1) };
        return Err(exceptions::type_error(format!(
            "{func}() takes {takes} positional arguments but {} were given",
            pos.len() + 1
        )));
    }
    let mut slots: Vec<Option<Py>> = vec![None; n];
    for (slot, v) in slots.iter_mut().zip(pos) {
        *slot = Some(v);
    }
    for (k, v) in kw {
        let Some(i) = fields.iter().position(|f| **f == *k) else {
            return Err(exceptions::type_error(format!("{func}() got an unexpected keyword argument '{k}'")));
        };
        if slots[i].is_some() {
            return Err(exceptions::type_error(format!("{func}() got multiple values for argument '{k}'")));
        }
        slots[i] = Some(v);
    }
    let mut missing = Vec::new();
    for (slot, name) in slots.iter_mut().zip(&fields) {
        if slot.is_none() {
            *slot = defaults.and_then(|d| d.get_str(name));
            if slot.is_none() {
                missing.push(&**name);
            }
        }
    }
    if !missing.is_empty() {
        return Err(exceptions::type_error(format!(
            "{func}() missing {} required positional argument{}: {}",
            missing.len(),
            if missing.len() == 1 { "" } else { "s" },
            quoted_list(&missing)
        )));
    }
    Ok(Py::obj(NamedTuple { ty: cls.clone(), items: slots.into_iter().map(req).collect() }))
}

pub struct NamedTuple {
    ty: TypeRef,
    items: Arc<[Py]>,
}

fn nt_self(this: &Py) -> PyResult<&NamedTuple> {
    this.downcast::<NamedTuple>().ok_or_else(|| {
        exceptions::type_error(format!("a named tuple is required, not '{}'", semantics::type_name(this)))
    })
}

impl PyObject for NamedTuple {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let mut parts = Vec::with_capacity(self.items.len());
        for (name, v) in fields_of(&self.ty).iter().zip(self.items.iter()) {
            parts.push(format!("{name}={}", semantics::repr(cx, v)?));
        }
        Ok(format!("{}({})", self.ty.name, parts.join(", ")))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        if let Some(i) = fields_of(&self.ty).iter().position(|f| **f == *name) {
            return Ok(self.items.get(i).cloned());
        }
        Ok(self.ty.class_attr(name))
    }
    fn setattr(&self, name: &str, _value: Py, _cx: &Cx) -> PyResult<bool> {
        if fields_of(&self.ty).iter().any(|f| **f == *name) {
            return Err(exceptions::new("AttributeError", "can't set attribute"));
        }
        Err(exceptions::attribute_error(&self.ty.name, name))
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = fields_of(&self.ty).iter().map(|f| f.to_string()).collect();
        names.extend(self.ty.attrs.iter().map(|(k, _)| k.to_string()));
        names
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::Tuple(self.items.clone()))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        // The class exists only in the agent: pickle on a server cannot name it either.
        Err(super::pickling_error(format!(
            "Can't pickle <class '{}'>: attribute lookup {} on {} failed",
            self.ty.qualified_name(),
            self.ty.name,
            self.ty.module
        )))
    }
    fn take_children(&self) -> Vec<Py> {
        self.items.to_vec()
    }
}

fn make(cx: &Cx, cls: &Py, args: Args) -> PyResult<Py> {
    let [iterable] = args.bind("_make", ["iterable"])?;
    let cls = as_type(cls).ok_or_else(|| exceptions::type_error("_make() needs a named tuple class"))?;
    let items = semantics::iterate(cx, &req(iterable))?;
    let n = fields_of(&cls).len();
    if items.len() != n {
        return Err(exceptions::type_error(format!("Expected {n} arguments, got {}", items.len())));
    }
    Ok(Py::obj(NamedTuple { ty: cls, items: items.into() }))
}

fn asdict(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("_asdict")?;
    let nt = nt_self(this)?;
    let d = Dict::empty();
    for (name, v) in fields_of(&nt.ty).iter().zip(nt.items.iter()) {
        d.set_str(name, v.clone());
    }
    Ok(Py::obj(d))
}

fn replace(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let nt = nt_self(this)?;
    if !args.pos.is_empty() {
        return Err(exceptions::type_error(format!(
            "{}._replace() takes 1 positional argument but {} were given",
            nt.ty.name,
            args.pos.len() + 1
        )));
    }
    let fields = fields_of(&nt.ty);
    let mut items = nt.items.to_vec();
    let mut unexpected = Vec::new();
    for (k, v) in args.kw {
        match fields.iter().position(|f| **f == *k) {
            Some(i) => items[i] = v,
            None => unexpected.push(Py::Str(k)),
        }
    }
    if !unexpected.is_empty() {
        let shown = crate::objects::list::items_repr(cx, &unexpected, "[", "]")?;
        return Err(exceptions::value_error(format!("Got unexpected field names: {shown}")));
    }
    Ok(Py::obj(NamedTuple { ty: nt.ty.clone(), items: items.into() }))
}

fn getnewargs(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__getnewargs__")?;
    Ok(Py::Tuple(nt_self(this)?.items.clone()))
}

static METHODS: [Method; 4] = [
    class_method("_make", make),
    method("_asdict", asdict),
    method("_replace", replace),
    method("__getnewargs__", getnewargs),
];

static TUPLE_GETTER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_collections", "_tuplegetter", None, &GETTER_METHODS, None).in_c());

/// A named tuple class's field (`Point.x`): CPython's
/// `_collections._tuplegetter`, a descriptor for item `index`.
struct TupleGetter {
    index: usize,
}

impl TupleGetter {
    fn new(index: usize) -> Py {
        Py::obj(TupleGetter { index })
    }
}

impl PyObject for TupleGetter {
    fn ty(&self) -> TypeRef {
        TUPLE_GETTER.clone()
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok((name == "__doc__").then(|| Py::str(format!("Alias for field number {}", self.index))))
    }
}

fn getter_self(this: &Py) -> PyResult<&TupleGetter> {
    this.downcast::<TupleGetter>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a '_collections._tuplegetter' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// `__get__(instance, owner=None)`: the item of a tuple, the getter itself
/// from the class.
fn getter_get(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [instance, _owner] = args.bind("__get__", ["instance", "owner?"])?;
    let getter = getter_self(this)?;
    let instance = req(instance);
    if instance.is_none() {
        return Ok(this.clone());
    }
    let items = match &instance {
        Py::Tuple(t) => t.clone(),
        Py::Obj(o) => match o.base_value() {
            Some(Py::Tuple(t)) => t,
            _ => return Err(not_a_tuple(getter, &instance)),
        },
        _ => return Err(not_a_tuple(getter, &instance)),
    };
    match items.get(getter.index) {
        Some(v) => Ok(v.clone()),
        None => semantics::getitem(cx, &Py::Tuple(items), &Py::from(getter.index)),
    }
}

fn not_a_tuple(getter: &TupleGetter, v: &Py) -> exceptions::PyErr {
    exceptions::type_error(format!(
        "descriptor for index '{}' for tuple subclasses doesn't apply to '{}' object",
        getter.index,
        semantics::type_name(v)
    ))
}

static GETTER_METHODS: [Method; 3] = [
    method("__get__", getter_get),
    method("__set__", |_, this, _| {
        getter_self(this).and(Err(exceptions::new("AttributeError", "can't set attribute")))
    }),
    method("__delete__", |_, this, _| {
        getter_self(this).and(Err(exceptions::new("AttributeError", "can't delete attribute")))
    }),
];
