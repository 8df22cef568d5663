//! `str`: the constructor and the methods of text.

use std::sync::LazyLock;

use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static STR: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "str", None, &STR_METHODS, Some(str_new)));

fn str_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [object, encoding, errors] = args.bind("str", ["object?", "encoding?", "errors?"])?;
    let Some(object) = object else { return Ok(Py::str("")) };
    if encoding.is_none() && errors.is_none() {
        return Ok(Py::str(semantics::str(cx, &object)?));
    }
    let data = args::to_bytes("str", &object).map_err(|_| {
        exceptions::type_error(format!(
            "decoding to str: need a bytes-like object, {} found",
            semantics::type_name(&object)
        ))
    })?;
    let encoding = args::opt_str("str", encoding.as_ref())?.unwrap_or_else(|| "utf-8".into());
    let errors = args::opt_str("str", errors.as_ref())?.unwrap_or_else(|| "strict".into());
    super::bytes::decode(&data, &encoding, &errors).map(Py::str)
}

/// `self` of a str method.
pub fn str_self(this: &Py) -> PyResult<&str> {
    match this {
        Py::Str(s) => Ok(s),
        Py::Obj(o) => {
            Err(exceptions::type_error(format!("descriptor requires a 'str' object but received a '{}'", o.ty().name)))
        }
        other => Err(exceptions::type_error(format!(
            "descriptor requires a 'str' object but received a '{}'",
            semantics::type_name(other)
        ))),
    }
}

static STR_METHODS: [Method; 0] = [];
