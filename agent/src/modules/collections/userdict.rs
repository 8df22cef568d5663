//! `collections.UserDict`: a mapping that keeps its items in a real dict,
//! its `data` attribute, as Lib/collections/__init__.py's class does; the
//! methods `MutableMapping` mixes in (`pop`, `update`, `keys`, ...) follow
//! Lib/_collections_abc.py, and so do their error messages.

use std::sync::LazyLock;

use rpyc_protocol::Value;

use super::chainmap::{mapping_view, ViewKind};
use super::user_data::{self, Data};
use crate::objects::arg_styles;
use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{class_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static USER_DICT: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "UserDict", None, &METHODS, Some(user_dict_new)).with_specials(SPECIALS)
});
/// The operators of its slots, as CPython's UserDict defines them.
const SPECIALS: &[&str] = &["__or__", "__ror__", "__ior__"];

pub struct UserDict {
    data: Data,
}

impl UserDict {
    /// A UserDict whose `data` is a new dict.
    fn empty() -> (Py, Py) {
        let data = Dict::new_empty();
        (Py::obj(UserDict { data: Data::new("UserDict", data.clone()) }), data)
    }

    /// `UserDict(source)`: a new dict updated from `source`.
    fn of(cx: &Cx, source: &Py) -> PyResult<Py> {
        let (u, data) = UserDict::empty();
        update_into(cx, &data, source)?;
        Ok(u)
    }
}

fn user_dict_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let ([source], _) = arg_styles::def_bind("UserDict.__init__", Args::positional(pos), ["/dict?"], false)?;
    let (u, data) = UserDict::empty();
    if let Some(src) = source.filter(|s| !matches!(s, Py::None)) {
        update_into(cx, &data, &src)?;
    }
    for (k, v) in kw {
        semantics::setitem(cx, &data, Py::Str(k), v)?;
    }
    Ok(u)
}

fn ud_self(this: &Py) -> PyResult<&UserDict> {
    this.downcast::<UserDict>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'UserDict' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// Whether `collections.abc.Mapping` counts `v` as a mapping.
fn is_mapping(v: &Py) -> bool {
    super::is_mapping(v) || v.downcast::<UserDict>().is_some()
}

/// `MutableMapping.update(other)` into `target`: a mapping's keys, else
/// whatever has `keys()`, else pairs.
fn update_into(cx: &Cx, target: &Py, other: &Py) -> PyResult<()> {
    if is_mapping(other) || attr::hasattr(cx, other, "keys")? {
        let keys = if is_mapping(other) {
            semantics::iterate(cx, other)?
        } else {
            semantics::iterate(cx, &attr::call_method(cx, other, "keys", Args::default())?)?
        };
        for k in keys {
            let v = semantics::getitem(cx, other, &k)?;
            semantics::setitem(cx, target, k, v)?;
        }
        return Ok(());
    }
    for item in semantics::iterate(cx, other)? {
        if semantics::iter(cx, &item).is_err() {
            return Err(exceptions::type_error(format!(
                "cannot unpack non-iterable {} object",
                semantics::type_name(&item)
            )));
        }
        let [k, v] = super::pair_of(cx, &item)?;
        semantics::setitem(cx, target, k, v)?;
    }
    Ok(())
}

/// `self[key]`: the dict's value, else KeyError (no `__missing__`: the
/// client cannot subclass the agent's class).
fn lookup(cx: &Cx, data: &Py, key: &Py) -> PyResult<Py> {
    if semantics::contains(cx, data, key)? {
        semantics::getitem(cx, data, key)
    } else {
        Err(exceptions::key_error(key.clone()))
    }
}

/// `dict(m.items())` of any mapping.
fn as_dict(cx: &Cx, m: &Py) -> PyResult<Py> {
    let d = Dict::new_empty();
    update_into(cx, &d, m)?;
    Ok(d)
}

impl PyObject for UserDict {
    fn ty(&self) -> TypeRef {
        USER_DICT.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        semantics::repr(cx, &self.data.get()?)
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(user_data::unhashable("UserDict"))
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        // Its data may be the client's.
        true
    }
    fn len(&self, cx: &Cx) -> PyResult<Option<usize>> {
        semantics::len(cx, &self.data.get()?).map(Some)
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &self.data.get()?).map(Some)
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        lookup(cx, &self.data.get()?, key).map(Some)
    }
    fn setitem(&self, key: Py, value: Py, cx: &Cx) -> PyResult<bool> {
        semantics::setitem(cx, &self.data.get()?, key, value).map(|()| true)
    }
    fn delitem(&self, key: &Py, cx: &Cx) -> PyResult<bool> {
        semantics::delitem(cx, &self.data.get()?, key).map(|()| true)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        semantics::contains(cx, &self.data.get()?, item).map(Some)
    }
    fn richcmp(&self, this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        // Mapping.__eq__ (and `!=` its inverse); no ordering.
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) || !is_mapping(other) {
            return Ok(None);
        }
        let equal = semantics::eq(cx, &as_dict(cx, &Py::Obj(this.clone()))?, &as_dict(cx, other)?)?;
        Ok(Some(equal == (op == CmpOp::Eq)))
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or {
            return Ok(None);
        }
        let theirs = match other.downcast::<UserDict>() {
            Some(u) => u.data.get()?,
            None if other.downcast::<Dict>().is_some() => other.clone(),
            None => return Ok(None),
        };
        let mine = self.data.get()?;
        let (a, b) = if reflected { (&theirs, &mine) } else { (&mine, &theirs) };
        let merged = semantics::binary(cx, BinOp::Or, a, b)?;
        UserDict::of(cx, &merged).map(Some)
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or {
            return Ok(None);
        }
        let other = other.downcast::<UserDict>().map_or_else(|| Ok(other.clone()), |u| u.data.get())?;
        self.data.set(semantics::inplace(cx, BinOp::Or, &self.data.get()?, &other)?);
        Ok(Some(Py::Obj(this.clone())))
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
        self.data.to_value(cx, "collections.UserDict")
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.data.take()]
    }
}

// ------------------------------------------------------------------ methods

fn data_of(this: &Py) -> PyResult<Py> {
    ud_self(this)?.data.get()
}

/// `Mapping.get`: `self[key]`, or the default on KeyError.
fn get(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([key, default], _) = arg_styles::def_bind("Mapping.get", args, ["key", "default?"], false)?;
    let key = crate::runtime::args::req(key);
    match lookup(cx, &data_of(this)?, &key) {
        Err(e) if e.is("KeyError") => Ok(default.unwrap_or(Py::None)),
        other => other,
    }
}

fn pop(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([key, default], _) = arg_styles::def_bind("MutableMapping.pop", args, ["key", "default?"], false)?;
    let key = crate::runtime::args::req(key);
    let data = data_of(this)?;
    match lookup(cx, &data, &key) {
        Ok(v) => {
            semantics::delitem(cx, &data, &key)?;
            Ok(v)
        }
        Err(e) if e.is("KeyError") => default.ok_or(e),
        Err(e) => Err(e),
    }
}

fn popitem(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    arg_styles::def_none("MutableMapping.popitem", args)?;
    let data = data_of(this)?;
    let it = semantics::iter(cx, &data)?;
    // `raise KeyError from None`: no key in the message.
    let Some(key) = semantics::next(cx, &it)? else {
        return Err(exceptions::PyErr::new(exceptions::exc_type("KeyError"), Vec::new()));
    };
    let value = lookup(cx, &data, &key)?;
    semantics::delitem(cx, &data, &key)?;
    Ok(Py::tuple(vec![key, value]))
}

fn clear(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    arg_styles::def_none("MutableMapping.clear", args)?;
    loop {
        match popitem(cx, this, Args::default()) {
            Ok(_) => {}
            Err(e) if e.is("KeyError") => return Ok(Py::None),
            Err(e) => return Err(e),
        }
    }
}

fn update(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let ([other], _) = arg_styles::def_bind("MutableMapping.update", Args::positional(pos), ["/other?"], false)?;
    let data = data_of(this)?;
    if let Some(other) = other {
        update_into(cx, &data, &other)?;
    }
    for (k, v) in kw {
        semantics::setitem(cx, &data, Py::Str(k), v)?;
    }
    Ok(Py::None)
}

fn setdefault(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([key, default], _) = arg_styles::def_bind("MutableMapping.setdefault", args, ["key", "default?"], false)?;
    let (key, default) = (crate::runtime::args::req(key), default.unwrap_or(Py::None));
    let data = data_of(this)?;
    match lookup(cx, &data, &key) {
        Err(e) if e.is("KeyError") => {
            semantics::setitem(cx, &data, key, default.clone())?;
            Ok(default)
        }
        other => other,
    }
}

/// `copy()`: a UserDict of a copy of the data; `__copy__()` also keeps
/// the other instance attributes.
fn copy_with(cx: &Cx, this: &Py, args: Args, name: &str, attrs: bool) -> PyResult<Py> {
    arg_styles::def_none(name, args)?;
    let copied = attr::call_method(cx, &data_of(this)?, "copy", Args::default())?;
    let new = UserDict { data: Data::new("UserDict", copied) };
    if attrs {
        new.data.copy_attrs(&ud_self(this)?.data);
    }
    Ok(Py::obj(new))
}

fn fromkeys(cx: &Cx, _cls: &Py, args: Args) -> PyResult<Py> {
    let ([iterable, value], _) = arg_styles::def_bind("UserDict.fromkeys", args, ["iterable", "value?"], false)?;
    let value = value.unwrap_or(Py::None);
    let (u, data) = UserDict::empty();
    for k in semantics::iterate(cx, &crate::runtime::args::req(iterable))? {
        semantics::setitem(cx, &data, k, value.clone())?;
    }
    Ok(u)
}

fn view(this: &Py, args: Args, name: &str, kind: ViewKind) -> PyResult<Py> {
    arg_styles::def_none(name, args)?;
    ud_self(this)?;
    Ok(mapping_view(this.clone(), kind))
}

static METHODS: [Method; 13] = [
    method("__reduce_ex__", |_, this, _| Ok(user_data::reduce(&USER_DICT, vec![], &ud_self(this)?.data))),
    method("get", get),
    method("pop", pop),
    method("popitem", popitem),
    method("clear", clear),
    method("update", update),
    method("setdefault", setdefault),
    method("copy", |cx, this, a| copy_with(cx, this, a, "UserDict.copy", false)),
    method("__copy__", |cx, this, a| copy_with(cx, this, a, "UserDict.__copy__", true)),
    class_method("fromkeys", fromkeys),
    method("keys", |_, this, a| view(this, a, "Mapping.keys", ViewKind::Keys)),
    method("values", |_, this, a| view(this, a, "Mapping.values", ViewKind::Values)),
    method("items", |_, this, a| view(this, a, "Mapping.items", ViewKind::Items)),
];
