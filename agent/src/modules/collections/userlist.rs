//! `collections.UserList`: a sequence that keeps its items in a real
//! list, its `data` attribute, as Lib/collections/__init__.py's class
//! does: every operation is the list's, and slices, `+` and `*` give new
//! UserLists.

use std::sync::LazyLock;

use rpyc_protocol::Value;

use super::user_data::{self, Data};
use crate::objects::arg_styles;
use crate::objects::attr;
use crate::objects::builtin_types::type_of;
use crate::objects::list::{List, LIST};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::slice::Slice;
use crate::runtime::types::{method, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static USER_LIST: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("collections", "UserList", None, &METHODS, Some(user_list_new)).with_specials(SPECIALS)
});
/// The operators of its slots, as CPython's UserList defines them.
const SPECIALS: &[&str] = &["__add__", "__radd__", "__iadd__", "__mul__", "__rmul__", "__imul__"];

pub struct UserList {
    data: Data,
}

impl UserList {
    /// `UserList(initlist)`: a list's items copied, another UserList's
    /// data copied, else `list(initlist)`.
    fn of(cx: &Cx, initlist: Option<&Py>) -> PyResult<Py> {
        let items = match initlist {
            None | Some(Py::None) => Vec::new(),
            Some(v) => match (v.downcast::<List>(), v.downcast::<UserList>()) {
                (Some(l), _) => l.snapshot(),
                (_, Some(u)) => semantics::iterate(cx, &semantics::getitem(cx, &u.data.get()?, &full_slice())?)?,
                _ => semantics::iterate(cx, v)?,
            },
        };
        Ok(Py::obj(UserList { data: Data::new("UserList", List::new(items)) }))
    }
}

fn full_slice() -> Py {
    Slice::new(Py::None, Py::None, Py::None)
}

fn user_list_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let ([initlist], _) = arg_styles::def_bind("UserList.__init__", args, ["initlist?"], false)?;
    UserList::of(cx, initlist.as_ref())
}

fn ul_self(this: &Py) -> PyResult<&UserList> {
    this.downcast::<UserList>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'UserList' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// `UserList.__cast`: another UserList's data, else the value itself.
fn cast(other: &Py) -> PyResult<Py> {
    other.downcast::<UserList>().map_or_else(|| Ok(other.clone()), |u| u.data.get())
}

/// The right operand of `+` and `+=`: another UserList's data, a value of
/// the data's own class as it is, anything else as `list(other)`.
fn addend(cx: &Cx, data: &Py, other: &Py) -> PyResult<Py> {
    if let Some(u) = other.downcast::<UserList>() {
        return u.data.get();
    }
    if type_of(other).is_subtype(&type_of(data)) {
        return Ok(other.clone());
    }
    semantics::call(cx, &type_value(&LIST), Args::one(other.clone()))
}

impl PyObject for UserList {
    fn ty(&self) -> TypeRef {
        USER_LIST.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        semantics::repr(cx, &self.data.get()?)
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(user_data::unhashable("UserList"))
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
        let item = semantics::getitem(cx, &self.data.get()?, key)?;
        if key.downcast::<Slice>().is_some() {
            return UserList::of(cx, Some(&item)).map(Some);
        }
        Ok(Some(item))
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
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        semantics::richcmp(cx, &self.data.get()?, &cast(other)?, op).map(Some)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        let data = self.data.get()?;
        let result = match op {
            BinOp::Add => {
                let theirs = addend(cx, &data, other)?;
                let (a, b) = if reflected { (&theirs, &data) } else { (&data, &theirs) };
                semantics::binary(cx, BinOp::Add, a, b)?
            }
            // `__rmul__ = __mul__`: the data stays on the left.
            BinOp::Mul => semantics::binary(cx, BinOp::Mul, &data, other)?,
            _ => return Ok(None),
        };
        UserList::of(cx, Some(&result)).map(Some)
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        let data = self.data.get()?;
        let other = match op {
            BinOp::Add => addend(cx, &data, other)?,
            BinOp::Mul => other.clone(),
            _ => return Ok(None),
        };
        self.data.set(semantics::inplace(cx, op, &data, &other)?);
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
        self.data.to_value(cx, "collections.UserList")
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.data.take()]
    }
}

// ------------------------------------------------------------------ methods

fn data_of(this: &Py) -> PyResult<Py> {
    ul_self(this)?.data.get()
}

/// `self.data.<name>(*args)` with the arguments as bound: the list's
/// answer is the UserList method's.
fn delegate(cx: &Cx, this: &Py, name: &str, args: Vec<Py>) -> PyResult<Py> {
    attr::call_method(cx, &data_of(this)?, name, Args::positional(args))
}

fn append(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([item], _) = arg_styles::def_bind("UserList.append", args, ["item"], false)?;
    delegate(cx, this, "append", vec![req(item)])
}

fn insert(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([i, item], _) = arg_styles::def_bind("UserList.insert", args, ["i", "item"], false)?;
    delegate(cx, this, "insert", vec![req(i), req(item)])
}

fn pop(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([i], _) = arg_styles::def_bind("UserList.pop", args, ["i?"], false)?;
    delegate(cx, this, "pop", vec![i.unwrap_or(Py::Int(-1))])
}

fn remove(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([item], _) = arg_styles::def_bind("UserList.remove", args, ["item"], false)?;
    delegate(cx, this, "remove", vec![req(item)])
}

fn count(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([item], _) = arg_styles::def_bind("UserList.count", args, ["item"], false)?;
    delegate(cx, this, "count", vec![req(item)])
}

fn index(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([item], rest) = arg_styles::def_bind("UserList.index", args, ["item"], true)?;
    let mut pass = vec![req(item)];
    pass.extend(rest);
    delegate(cx, this, "index", pass)
}

fn extend(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let ([other], _) = arg_styles::def_bind("UserList.extend", args, ["other"], false)?;
    delegate(cx, this, "extend", vec![cast(&req(other))?])
}

/// `sort(*args, **kwds)`: the list's own arguments and errors.
fn sort(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    attr::call_method(cx, &data_of(this)?, "sort", args)
}

/// `copy()`: `UserList(self)`.
fn copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    arg_styles::def_none("UserList.copy", args)?;
    ul_self(this)?;
    UserList::of(cx, Some(this))
}

/// `__copy__()`: the instance attributes, with `data[:]`.
fn dunder_copy(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    arg_styles::def_none("UserList.__copy__", args)?;
    let me = ul_self(this)?;
    let data = semantics::getitem(cx, &me.data.get()?, &full_slice())?;
    let new = UserList { data: Data::new("UserList", data) };
    new.data.copy_attrs(&me.data);
    Ok(Py::obj(new))
}

static METHODS: [Method; 13] = [
    method("__reduce_ex__", |_, this, _| Ok(user_data::reduce(&USER_LIST, vec![], &ul_self(this)?.data))),
    method("append", append),
    method("insert", insert),
    method("pop", pop),
    method("remove", remove),
    method("clear", |cx, this, a| {
        arg_styles::def_none("UserList.clear", a).and_then(|()| delegate(cx, this, "clear", vec![]))
    }),
    method("copy", copy),
    method("__copy__", dunder_copy),
    method("count", count),
    method("index", index),
    method("reverse", |cx, this, a| {
        arg_styles::def_none("UserList.reverse", a).and_then(|()| delegate(cx, this, "reverse", vec![]))
    }),
    method("sort", sort),
    method("extend", extend),
];
