//! `enum.IntEnum` classes of native modules (`signal.Signals`,
//! `socket.AddressFamily`, ...): a class whose members are attributes of
//! the class, each an int with a name. As in CPython 3.11, `repr` is
//! `<Signals.SIGTERM: 15>` while `str` and `format` are the int's; a
//! member compares, hashes and computes as its int; `Signals(15)` finds
//! the member of a value (`ValueError` otherwise); and a member copies by
//! value as pickle writes enums (`signal.Signals(15)`).
//!
//! Aliases (two names of one value) are one member under both names: the
//! canonical name is the one given first, as `_convert_` sorts them.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use rpyc_protocol::{Record, Value};

use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

/// A member of an IntEnum class.
pub struct IntEnumMember {
    class: &'static LazyLock<TypeRef>,
    name: &'static str,
    value: i64,
}

/// Makes an IntEnum class from `(name, value)` pairs; `class` is the
/// static the type is stored in (the members name their class through it).
/// A later name with the value of an earlier one is an alias.
pub fn int_enum_type(
    module: &'static str,
    name: &'static str,
    class: &'static LazyLock<TypeRef>,
    members: &[(&'static str, i64)],
) -> TypeRef {
    let mut canonical: Vec<(i64, Py)> = Vec::new();
    let mut attrs: Vec<(Cow<'static, str>, Py)> = Vec::with_capacity(members.len());
    for (member, value) in members {
        let obj = match canonical.iter().find(|(v, _)| v == value) {
            Some((_, m)) => m.clone(),
            None => {
                let m = Py::obj(IntEnumMember { class, name: member, value: *value });
                canonical.push((*value, m.clone()));
                m
            }
        };
        attrs.push((Cow::Borrowed(*member), obj));
    }
    let int = crate::objects::builtin_types::type_of(&Py::Int(0));
    Type::native_with_attrs(module, name, Some(&int), &[], Some(enum_new), attrs)
}

/// The member of `class` with this value, if there is one.
pub fn member(class: &TypeRef, value: i64) -> Option<Py> {
    class
        .attrs
        .iter()
        .map(|(_, m)| m)
        .find(|m| m.downcast::<IntEnumMember>().is_some_and(|e| e.value == value))
        .cloned()
}

/// The member of `class` with this value, or the plain int (CPython's
/// `_intenum_converter`).
pub fn member_or_int(class: &TypeRef, value: i64) -> Py {
    member(class, value).unwrap_or(Py::Int(value))
}

/// Every member of `class` once (aliases left out), in definition order.
pub fn members(class: &TypeRef) -> Vec<Py> {
    let mut out: Vec<Py> = Vec::new();
    for (_, m) in &class.attrs {
        let Some(e) = m.downcast::<IntEnumMember>() else { continue };
        if !out.iter().any(|o| o.downcast::<IntEnumMember>().is_some_and(|x| x.value == e.value)) {
            out.push(m.clone());
        }
    }
    out
}

/// `Cls(value)`: the member of that value.
fn enum_new(cx: &Cx, cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [value] = args.bind(&cls.name, ["value"])?;
    let value = args::req(value);
    if let Some(Py::Int(n)) = semantics::index_value(&value) {
        if let Some(m) = member(cls, n) {
            return Ok(m);
        }
    }
    Err(exceptions::value_error(format!("{} is not a valid {}", semantics::repr(cx, &value)?, cls.name)))
}

impl IntEnumMember {
    /// The member's name (`Signals.SIGTERM.name`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn value(&self) -> i64 {
        self.value
    }
}

impl PyObject for IntEnumMember {
    fn ty(&self) -> TypeRef {
        TypeRef::clone(self.class)
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<{}.{}: {}>", self.class.name, self.name, self.value))
    }
    fn str(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(self.value.to_string())
    }
    fn format(&self, _this: &ObjRef, spec: &str, cx: &Cx) -> PyResult<Option<String>> {
        semantics::format(cx, &Py::Int(self.value), spec).map(Some)
    }
    fn hash(&self, cx: &Cx) -> PyResult<Option<i64>> {
        semantics::hash(cx, &Py::Int(self.value)).map(Some)
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(match name {
            "name" | "_name_" => Some(Py::str(self.name)),
            "value" | "_value_" => Some(Py::Int(self.value)),
            _ => None,
        })
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["name".into(), "value".into()]
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::Int(self.value))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let class = self.class.qualified_name();
        Ok(Some(Value::Record(Box::new(Record { class, args: vec![Value::Int(self.value)], state: None }))))
    }
}

/// The member behind a value, when it is one.
pub fn as_member(v: &Py) -> Option<Arc<IntEnumMember>> {
    match v {
        Py::Obj(o) if o.as_any().is::<IntEnumMember>() => o.clone().into_any_arc().downcast::<IntEnumMember>().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::with_cx;

    static COLOR: LazyLock<TypeRef> =
        LazyLock::new(|| int_enum_type("testmod", "Color", &COLOR, &[("RED", 1), ("GREEN", 2), ("CRIMSON", 1)]));

    #[test]
    fn members_look_like_python_int_enums() {
        with_cx(|cx| {
            let red = COLOR.class_attr("RED").expect("a member");
            assert_eq!(semantics::repr(cx, &red).expect("repr"), "<Color.RED: 1>");
            assert_eq!(semantics::str(cx, &red).expect("str"), "1");
            assert_eq!(semantics::format(cx, &red, "03d").expect("format"), "001");
            assert!(semantics::eq(cx, &red, &Py::Int(1)).expect("eq"));
            let alias = COLOR.class_attr("CRIMSON").expect("an alias");
            assert_eq!(semantics::repr(cx, &alias).expect("repr"), "<Color.RED: 1>");
            assert_eq!(members(&COLOR).len(), 2);
            let two = semantics::call(cx, &Py::Obj(COLOR.clone()), Args::one(Py::Int(2))).expect("a member");
            assert_eq!(semantics::repr(cx, &two).expect("repr"), "<Color.GREEN: 2>");
            let e = semantics::call(cx, &Py::Obj(COLOR.clone()), Args::one(Py::Int(7))).expect_err("no member");
            assert_eq!(e.message(cx), "7 is not a valid Color");
            assert!(matches!(member_or_int(&COLOR, 9), Py::Int(9)));
            let sum = semantics::binary(cx, crate::runtime::object::BinOp::Add, &red, &Py::Int(1)).expect("adds");
            assert!(matches!(sum, Py::Int(2)));
            let copied = semantics::to_value(cx, &red).expect("by value");
            assert_eq!(copied.to_string(), "testmod.Color(1)");
        });
    }
}
