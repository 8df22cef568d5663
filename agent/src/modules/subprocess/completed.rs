//! `subprocess.CompletedProcess`: what `run` returns. As in CPython it is a
//! plain class, not a tuple: `args`, `returncode`, `stdout`, `stderr` are
//! ordinary (settable) attributes, its repr leaves out outputs that are
//! `None`, and it copies by value as pickle rebuilds it on the client.

use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use rpyc_protocol::{Record, Value};

use super::errors::called_process_error;
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static COMPLETED_PROCESS: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("subprocess", "CompletedProcess", None, &COMPLETED_PROCESS_METHODS, Some(completed_process_new))
});

static COMPLETED_PROCESS_METHODS: [Method; 1] = [method("check_returncode", check_returncode)];

pub struct CompletedProcess {
    /// The instance's attributes, in the order they were set.
    attrs: Mutex<Vec<(String, Py)>>,
}

impl CompletedProcess {
    pub fn new(args: Py, returncode: Py, stdout: Py, stderr: Py) -> Py {
        let attrs = [("args", args), ("returncode", returncode), ("stdout", stdout), ("stderr", stderr)];
        let attrs = attrs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        Py::Obj(Arc::new(CompletedProcess { attrs: Mutex::new(attrs) }))
    }

    fn lock(&self) -> MutexGuard<'_, Vec<(String, Py)>> {
        self.attrs.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, name: &str) -> Option<Py> {
        self.lock().iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }
}

/// `CompletedProcess(args, returncode, stdout=None, stderr=None)`.
fn completed_process_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [args, returncode, stdout, stderr] =
        args.bind("CompletedProcess.__init__", ["args", "returncode", "stdout?", "stderr?"])?;
    let or_none = |v: Option<Py>| v.unwrap_or(Py::None);
    Ok(CompletedProcess::new(or_none(args), or_none(returncode), or_none(stdout), or_none(stderr)))
}

/// `check_returncode()`: raises `CalledProcessError(returncode, args,
/// stdout, stderr)` when the return code is not 0.
fn check_returncode(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("check_returncode")?;
    let me = this
        .downcast::<CompletedProcess>()
        .ok_or_else(|| exceptions::type_error("descriptor 'check_returncode' requires a 'CompletedProcess' object"))?;
    let field = |name: &str| me.get(name).ok_or_else(|| exceptions::attribute_error("CompletedProcess", name));
    let returncode = field("returncode")?;
    if !semantics::truthy(cx, &returncode)? {
        return Ok(Py::None);
    }
    let (cmd, stdout, stderr) = (field("args")?, field("stdout")?, field("stderr")?);
    let args = vec![returncode.clone(), cmd.clone(), stdout.clone(), stderr.clone()];
    Err(called_process_error(args, returncode, cmd, stdout, stderr))
}

impl PyObject for CompletedProcess {
    fn ty(&self) -> TypeRef {
        COMPLETED_PROCESS.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let attrs = self.lock().clone();
        let get = |name: &str| attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut parts = Vec::with_capacity(4);
        for name in ["args", "returncode"] {
            let v = get(name).ok_or_else(|| exceptions::attribute_error("CompletedProcess", name))?;
            parts.push(format!("{name}={}", semantics::repr(cx, &v)?));
        }
        for name in ["stdout", "stderr"] {
            match get(name) {
                Some(Py::None) => {}
                Some(v) => parts.push(format!("{name}={}", semantics::repr(cx, &v)?)),
                None => return Err(exceptions::attribute_error("CompletedProcess", name)),
            }
        }
        Ok(format!("CompletedProcess({})", parts.join(", ")))
    }
    fn getattr(&self, _this: &ObjRef, name: &str, _cx: &Cx) -> PyResult<Option<Py>> {
        Ok(self.get(name))
    }
    fn setattr(&self, name: &str, value: Py, _cx: &Cx) -> PyResult<bool> {
        let old = {
            let mut attrs = self.lock();
            match attrs.iter_mut().find(|(k, _)| k == name) {
                Some(slot) => Some(std::mem::replace(&mut slot.1, value)),
                None => {
                    attrs.push((name.to_owned(), value));
                    None
                }
            }
        };
        crate::runtime::object::drop_values(old.into_iter().collect());
        Ok(true)
    }
    fn delattr(&self, name: &str, _cx: &Cx) -> PyResult<bool> {
        let removed = {
            let mut attrs = self.lock();
            let i = attrs.iter().position(|(k, _)| k == name);
            i.map(|i| attrs.remove(i).1)
        };
        let found = removed.is_some();
        crate::runtime::object::drop_values(removed.into_iter().collect());
        Ok(found)
    }
    fn attr_names(&self) -> Vec<String> {
        self.lock().iter().map(|(k, _)| k.clone()).collect()
    }
    fn to_value(&self, cx: &Cx) -> PyResult<Option<Value>> {
        cx.check_stack("while copying a CompletedProcess")?;
        let attrs = self.lock().clone();
        let mut state = Vec::with_capacity(attrs.len());
        for (k, v) in &attrs {
            state.push((Value::str(k), semantics::to_value(cx, v)?));
        }
        Ok(Some(Value::Record(Box::new(Record {
            class: COMPLETED_PROCESS.qualified_name(),
            args: Vec::new(),
            state: Some(Value::Dict(state)),
        }))))
    }
    fn take_children(&self) -> Vec<Py> {
        self.lock().drain(..).map(|(_, v)| v).collect()
    }
}
