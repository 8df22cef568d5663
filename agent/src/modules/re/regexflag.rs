//! `re.RegexFlag`: the flag constants (`re.I`, `re.M`, ...) as an
//! `IntFlag`: ints that print as `re.IGNORECASE|re.MULTILINE` and stay
//! flags under `|`, `&`, `^` and `~`.

use std::sync::LazyLock;

use rpyc_protocol::Value;

use super::flags::{flag_repr, MEMBERS};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, ObjRef, PyObject, UnaryOp};
use crate::runtime::semantics;
use crate::runtime::types::{property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static REGEX_FLAG: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native(
        "re",
        "RegexFlag",
        Some(&crate::objects::numbers::INT),
        &FLAG_METHODS,
        Some(|_cx, _cls, args: Args| {
            let [value] = args.bind("RegexFlag", ["value"])?;
            Ok(flag(args::to_int("RegexFlag", &args::req(value))?))
        }),
    )
});

struct RegexFlag(i64);

/// A flag value.
pub fn flag(value: i64) -> Py {
    Py::obj(RegexFlag(value))
}

static FLAG_METHODS: [Method; 2] = [
    property("value", |_, this, _| Ok(Py::Int(value_of(this)?))),
    property("name", |_, this, _| {
        let v = value_of(this)?;
        let names: Vec<&str> = MEMBERS.iter().filter(|(_, _, bit)| v & bit != 0).map(|(n, _, _)| *n).collect();
        Ok(if names.is_empty() { Py::None } else { Py::str(names.join("|")) })
    }),
];

fn value_of(this: &Py) -> PyResult<i64> {
    this.downcast::<RegexFlag>().map(|f| f.0).ok_or_else(|| exceptions::type_error("expected a RegexFlag"))
}

impl PyObject for RegexFlag {
    fn ty(&self) -> TypeRef {
        REGEX_FLAG.clone()
    }
    fn repr(&self, _this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(flag_repr(self.0))
    }
    fn base_value(&self) -> Option<Py> {
        Some(Py::Int(self.0))
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, _reflected: bool, _cx: &Cx) -> PyResult<Option<Py>> {
        let Some(Py::Int(o)) = semantics::index_value(other) else { return Ok(None) };
        if matches!(other, Py::Bool(_)) {
            return Ok(None);
        }
        Ok(match op {
            BinOp::Or => Some(flag(self.0 | o)),
            BinOp::And => Some(flag(self.0 & o)),
            BinOp::Xor => Some(flag(self.0 ^ o)),
            _ => None,
        })
    }
    fn unary(&self, _this: &ObjRef, op: UnaryOp, _cx: &Cx) -> PyResult<Option<Py>> {
        let all = MEMBERS.iter().fold(0, |acc, (_, _, bit)| acc | bit);
        Ok(match op {
            UnaryOp::Invert => Some(flag(all & !self.0)),
            _ => None,
        })
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "re.RegexFlag".into(),
            args: vec![Value::Int(self.0)],
            state: None,
        }))))
    }
}
