//! `mappingproxy`: the read-only view of a dict that `Pattern.groupindex`
//! is.

use std::sync::LazyLock;

use crate::objects::attr;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MAPPING_PROXY: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("builtins", "mappingproxy", None, &PROXY_METHODS, None));

pub struct MappingProxy {
    dict: Py,
}

impl MappingProxy {
    pub fn new(dict: Py) -> Py {
        Py::obj(MappingProxy { dict })
    }
}

fn inner(this: &Py) -> PyResult<&Py> {
    this.downcast::<MappingProxy>().map(|p| &p.dict).ok_or_else(|| exceptions::type_error("expected a mappingproxy"))
}

/// A method forwarded to the dict.
fn forward(cx: &Cx, this: &Py, name: &str, args: Args) -> PyResult<Py> {
    attr::call_method(cx, inner(this)?, name, args)
}

static PROXY_METHODS: [Method; 5] = [
    method("keys", |cx, this, a| forward(cx, this, "keys", a)),
    method("values", |cx, this, a| forward(cx, this, "values", a)),
    method("items", |cx, this, a| forward(cx, this, "items", a)),
    method("get", |cx, this, a| forward(cx, this, "get", a)),
    method("copy", |cx, this, a| forward(cx, this, "copy", a)),
];

impl PyObject for MappingProxy {
    fn ty(&self) -> TypeRef {
        MAPPING_PROXY.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        Ok(format!("mappingproxy({})", semantics::repr(cx, &self.dict)?))
    }
    fn len(&self, cx: &Cx) -> PyResult<Option<usize>> {
        semantics::len(cx, &self.dict).map(Some)
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &self.dict).map(Some)
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::getitem(cx, &self.dict, key).map(Some)
    }
    fn contains(&self, item: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        semantics::contains(cx, &self.dict, item).map(Some)
    }
    fn richcmp(
        &self,
        _this: &ObjRef,
        op: crate::runtime::object::CmpOp,
        other: &Py,
        cx: &Cx,
    ) -> PyResult<Option<bool>> {
        semantics::richcmp(cx, &self.dict, other, op).map(Some)
    }
    fn take_children(&self) -> Vec<Py> {
        vec![self.dict.clone()]
    }
}
