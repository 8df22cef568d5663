//! What a native function can reach while it runs: the peer it serves (to
//! read the client's objects) and that connection's state.

use std::sync::{Arc, Mutex};

use rpyc_protocol::{Obj, Peer, Value};

use crate::exc::{self, PyResult};
use crate::object::{PyRef, Val};

/// Per-connection state of the classic service.
#[derive(Default)]
pub struct Session {
    /// `conn.namespace`: the globals of `eval`/`execute`.
    pub namespace: Mutex<Option<PyRef>>,
}

/// The call context.
pub struct Cx {
    pub peer: Peer<PyRef>,
    pub session: Arc<Session>,
    /// True on the blocking pool, where reaching back to the client is
    /// allowed (it waits for a reply).
    pub blocking: bool,
}

impl Cx {
    /// A value by value: agent objects through `to_value`, client objects
    /// (a list or dict the client passed) fetched from the client with
    /// PICKLE, the way `rpyc.classic.obtain` does it.
    pub fn value(&self, v: &Val) -> PyResult<Value> {
        match v {
            Obj::Value(v) => Ok(v.clone()),
            Obj::Tuple(items) => Ok(Value::Tuple(items.iter().map(|i| self.value(i)).collect::<PyResult<_>>()?)),
            Obj::Local(o) => o
                .to_value(self)?
                .ok_or_else(|| exc::type_error(format!("cannot use a '{}' object by value here", o.type_name()))),
            Obj::Remote(r) => {
                let r = r.clone();
                self.wait_for_client(async move |peer| peer.obtain(&r).await)
            }
        }
    }

    /// `repr()` of a client object, asked of the client.
    pub fn client_repr(&self, v: &Val) -> PyResult<String> {
        let Obj::Remote(r) = v else { return Err(exc::type_error("not a client object")) };
        let r = r.clone();
        match self.wait_for_client(async move |peer| peer.repr(&r).await.map(Value::Str))? {
            Value::Str(s) => Ok(s),
            _ => Err(exc::type_error("repr() returned a non-string")),
        }
    }

    /// `str()` of a client object, asked of the client.
    pub fn client_str(&self, v: &Val) -> PyResult<String> {
        let Obj::Remote(r) = v else { return Err(exc::type_error("not a client object")) };
        let r = r.clone();
        match self.wait_for_client(async move |peer| peer.str(&r).await.map(Value::Str))? {
            Value::Str(s) => Ok(s),
            _ => Err(exc::type_error("str() returned a non-string")),
        }
    }

    /// Calls a no-argument method of a client object and returns its value.
    pub fn call_client_method(&self, v: &Val, method: &str) -> PyResult<Value> {
        let Obj::Remote(r) = v else { return Err(exc::type_error("not a client object")) };
        let (r, method) = (r.clone(), method.to_owned());
        self.wait_for_client(async move |peer| {
            let result = peer.callattr(&r, &method, vec![], vec![]).await?;
            peer.fetch(result).await
        })
    }

    fn wait_for_client<F>(&self, f: F) -> PyResult<Value>
    where
        F: AsyncFnOnce(Peer<PyRef>) -> Result<Value, rpyc_protocol::Error>,
    {
        if !self.blocking {
            return Err(exc::new("RuntimeError", "rpyc-agent: client objects can only be read from a blocking call"));
        }
        let peer = self.peer.clone();
        let handle = tokio::runtime::Handle::current();
        handle.block_on(f(peer)).map_err(|e| match e {
            rpyc_protocol::Error::Remote(r) => exc::raise(*r),
            rpyc_protocol::Error::StopIteration => exc::stop_iteration(),
            other => exc::new("RuntimeError", format!("reading a client object: {other}")),
        })
    }
}
