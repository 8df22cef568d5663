//! The classic root (`rpyc.core.service.SlaveService`): `getmodule`,
//! `eval`, `execute` and `namespace`, which `rpyc.classic.connect` fetches
//! during its handshake.

use std::sync::{Arc, LazyLock};

use crate::interp;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::types::{blocking_method, method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub const ROOT_TYPE: &str = "rpyc.core.service.SlaveService";

pub static ROOT: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("rpyc.core.service", "SlaveService", None, &ROOT_METHODS, None));

pub struct Root;

impl Root {
    pub fn new() -> ObjRef {
        Arc::new(Root)
    }
}

fn getmodule(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [name] = args.bind("getmodule", ["name"])?;
    let name = args::to_str("getmodule", &req(name))?;
    crate::modules::getmodule(&name).map(Py::Obj)
}

fn eval(cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [text] = args.bind("eval", ["text"])?;
    interp::eval(cx, args::as_str("eval", &req(text))?)
}

fn execute(cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [text] = args.bind("execute", ["text"])?;
    interp::execute(cx, args::as_str("execute", &req(text))?).map(|()| Py::None)
}

fn service_name(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    args.none("get_service_name")?;
    Ok(Py::str("SLAVE"))
}

fn service_aliases(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    args.none("get_service_aliases")?;
    Ok(Py::tuple(vec![Py::str("SLAVE")]))
}

static ROOT_METHODS: [Method; 7] = [
    method("getmodule", getmodule),
    // eval/execute may call anything, including what blocks.
    blocking_method("eval", eval),
    blocking_method("execute", execute),
    method("get_service_name", service_name),
    method("get_service_aliases", service_aliases),
    method("exposed_get_service_name", service_name),
    method("exposed_get_service_aliases", service_aliases),
];

impl PyObject for Root {
    fn ty(&self) -> TypeRef {
        ROOT.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<{ROOT_TYPE} object at {:#x}>", address(this)))
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        matches!(method, Some("eval" | "execute"))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, cx: &Cx) -> PyResult<Option<Py>> {
        match name {
            "namespace" | "exposed_namespace" => Ok(Some(Py::Obj(interp::exec::namespace(cx)?))),
            _ => Ok(None),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["namespace".into()]
    }
}
