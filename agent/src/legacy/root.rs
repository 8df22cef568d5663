//! The classic root (`rpyc.core.service.SlaveService`): `getmodule`,
//! `eval`, `execute` and `namespace`, which `rpyc.classic.connect` fetches
//! during its handshake.

use std::sync::Arc;

use rpyc_protocol::{Obj, Value};

use crate::legacy::args::{self, Args};
use crate::legacy::containers::Dict;
use crate::legacy::context::{Cx, Session};
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::{next_instance_id, PyObject, PyRef, Val};

pub const ROOT_TYPE: &str = "rpyc.core.service.SlaveService";

pub struct Root {
    id: i64,
    session: Arc<Session>,
}

impl Root {
    pub fn new(session: Arc<Session>) -> PyRef {
        Arc::new(Root { id: next_instance_id(), session })
    }

    /// The connection's namespace dict, made on first use.
    pub fn namespace(session: &Session) -> PyRef {
        let mut slot = session.namespace.lock().unwrap_or_else(|e| e.into_inner());
        slot.get_or_insert_with(|| Dict::new(Vec::new())).clone()
    }
}

impl PyObject for Root {
    fn type_name(&self) -> &str {
        ROOT_TYPE
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        &[
            "getmodule",
            "eval",
            "execute",
            "get_service_name",
            "get_service_aliases",
            "exposed_get_service_name",
            "exposed_get_service_aliases",
        ]
    }
    fn blocks(&self, method: Option<&str>) -> bool {
        // eval/execute may call anything, including blocking functions.
        matches!(method, Some("eval" | "execute"))
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        match name {
            "namespace" | "exposed_namespace" => Ok(Obj::Local(Root::namespace(&self.session))),
            _ => Err(exc::attribute_error(ROOT_TYPE, name)),
        }
    }
    fn call_method(&self, _this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        match name {
            "getmodule" => {
                let [n] = args.bind("getmodule", ["name"])?;
                let n = args::to_str("getmodule", &args::req(n))?;
                Ok(Obj::Local(crate::legacy::modules::getmodule(&n)?))
            }
            "eval" => {
                let [src] = args.bind("eval", ["text"])?;
                crate::legacy::eval::eval(cx, &args::to_str("eval", &args::req(src))?)
            }
            "execute" => {
                let [src] = args.bind("execute", ["text"])?;
                crate::legacy::eval::execute(cx, &args::to_str("execute", &args::req(src))?).map(|()| Obj::none())
            }
            "get_service_name" | "exposed_get_service_name" => Ok(Obj::Value(Value::str("SLAVE"))),
            "get_service_aliases" | "exposed_get_service_aliases" => {
                Ok(Obj::Value(Value::Tuple(vec![Value::str("SLAVE")])))
            }
            _ => Err(exc::attribute_error(ROOT_TYPE, name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        vec!["namespace".into()]
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<rpyc.core.service.SlaveService object at 0x{:x}>", self.id))
    }
}
