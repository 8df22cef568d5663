//! The classic service: rpyc's handlers mapped onto the object model.

use std::sync::Arc;

use rpyc_protocol::vinegar::ExceptionPayload;
use rpyc_protocol::{Handler, IdPack, Obj, ObjectModel, Peer, Request, Service, Value};

use crate::args::Args;
use crate::context::{Cx, Session};
use crate::exc::{self, PyResult};
use crate::object::{self, class_id_of, PyRef, Val};
use crate::{containers, root};

/// One per connection: its own namespace, like a SlaveService instance.
pub struct AgentService {
    session: Arc<Session>,
    root: PyRef,
}

impl AgentService {
    pub fn new() -> AgentService {
        let session = Arc::new(Session::default());
        AgentService { root: root::Root::new(session.clone()), session }
    }
}

impl Default for AgentService {
    fn default() -> Self {
        Self::new()
    }
}

impl ObjectModel for AgentService {
    type Object = PyRef;

    fn id_pack(&self, obj: &PyRef) -> IdPack {
        let name = obj.type_name();
        IdPack::new(name, class_id_of(name), obj.instance_id())
    }

    fn export_value(&self, value: Value) -> Option<PyRef> {
        containers::from_value(value)
    }
}

impl Service for AgentService {
    fn handle_now(
        &self,
        peer: &Peer<PyRef>,
        request: Request<PyRef>,
    ) -> Result<Result<Val, ExceptionPayload>, Request<PyRef>> {
        if needs_blocking_pool(&request) {
            return Err(request);
        }
        let cx = Cx { peer: peer.clone(), session: self.session.clone(), blocking: false };
        let what = describe(&request, &cx);
        Ok(dispatch(&cx, &self.root, request).map_err(|e| with_traceback(e, &what)))
    }

    async fn handle(&self, peer: &Peer<PyRef>, request: Request<PyRef>) -> Result<Val, ExceptionPayload> {
        let cx = Cx { peer: peer.clone(), session: self.session.clone(), blocking: false };
        let what = describe(&request, &cx);
        let result = if needs_blocking_pool(&request) {
            let root = self.root.clone();
            let cx = Cx { blocking: true, ..cx };
            match tokio::task::spawn_blocking(move || dispatch(&cx, &root, request)).await {
                Ok(result) => result,
                Err(e) => Err(exc::new("SystemError", format!("rpyc-agent: a call failed inside the agent: {e}"))),
            }
        } else {
            dispatch(&cx, &self.root, request)
        };
        result.map_err(|e| with_traceback(e, &what))
    }
}

/// What a request did, for the traceback of its exception.
fn describe(request: &Request<PyRef>, cx: &Cx) -> String {
    let target = match (request.handler, request.args.first()) {
        (Handler::Call, Some(Obj::Local(o))) => o.repr(cx).unwrap_or_else(|_| o.type_name().to_owned()),
        (_, Some(Obj::Local(o))) => o.type_name().to_owned(),
        _ => String::new(),
    };
    match (request.handler, request.args.get(1)) {
        (
            Handler::GetAttr | Handler::CallAttr | Handler::SetAttr | Handler::DelAttr,
            Some(Obj::Value(Value::Str(n))),
        ) => {
            format!("{} {target}.{n}", request.handler.name())
        }
        _ => format!("{} {target}", request.handler.name()),
    }
}

/// The agent has no Python frames; its traceback says where the exception
/// arose, in the shape Python's client prints under "Remote Traceback".
fn with_traceback(e: ExceptionPayload, what: &str) -> ExceptionPayload {
    match e {
        ExceptionPayload::Exception(mut e) if e.traceback.is_empty() => {
            let message = e.message();
            let last =
                if message.is_empty() { e.qualified_name() } else { format!("{}: {message}", e.qualified_name()) };
            e.traceback = format!(
                "Traceback (most recent call last):\n  rpyc-agent {} (native, no Python frames), serving {what}\n{last}\n",
                env!("CARGO_PKG_VERSION")
            );
            ExceptionPayload::Exception(e)
        }
        other => other,
    }
}

/// Calls that may block (a subprocess, a sleep, file I/O on a slow disk) or
/// that must reach back to the client run on the blocking pool; the rest run
/// right on the connection's task.
fn needs_blocking_pool(request: &Request<PyRef>) -> bool {
    fn has_client_object(v: &Val) -> bool {
        match v {
            Obj::Remote(_) => true,
            Obj::Tuple(items) => items.iter().any(has_client_object),
            _ => false,
        }
    }
    if request.args.iter().any(has_client_object) {
        return true;
    }
    match (request.handler, request.args.first(), request.args.get(1)) {
        (Handler::Call, Some(Obj::Local(f)), _) => f.blocks(None),
        (Handler::CallAttr, Some(Obj::Local(o)), Some(Obj::Value(Value::Str(name)))) => o.blocks(Some(name)),
        (Handler::BuffIter | Handler::CtxExit, Some(Obj::Local(o)), _) => o.blocks(None),
        // These may walk containers that hold client objects, which are read
        // by asking the client: that waits, so not on the connection's task.
        (Handler::Pickle | Handler::Repr | Handler::Str | Handler::Cmp, _, _) => true,
        _ => false,
    }
}

fn target(args: &[Val], handler: Handler) -> PyResult<PyRef> {
    match args.first() {
        Some(Obj::Local(o)) => Ok(o.clone()),
        _ => Err(exc::type_error(format!("{} expects an agent object", handler.name()))),
    }
}

fn name_arg(args: &[Val]) -> PyResult<String> {
    match args.get(1) {
        Some(Obj::Value(Value::Str(s))) => Ok(s.clone()),
        Some(Obj::Value(Value::Bytes(b))) => {
            String::from_utf8(b.clone()).map_err(|_| exc::type_error("attribute name must be string"))
        }
        _ => Err(exc::type_error("attribute name must be string")),
    }
}

/// `args` tuple and `kwargs` pairs of CALL/CALLATTR.
fn call_args(args: Option<Val>, kwargs: Option<Val>) -> PyResult<Args> {
    let pos = match args {
        None => Vec::new(),
        Some(Obj::Tuple(items)) => items,
        Some(Obj::Value(Value::Tuple(values))) => values.into_iter().map(Obj::Value).collect(),
        Some(_) => return Err(exc::type_error("call arguments must be a tuple")),
    };
    let pairs: Vec<Val> = match kwargs {
        None => Vec::new(),
        Some(Obj::Tuple(items)) => items,
        Some(Obj::Value(Value::Tuple(values))) => values.into_iter().map(Obj::Value).collect(),
        Some(_) => return Err(exc::type_error("keyword arguments must be a tuple of pairs")),
    };
    let mut kw = Vec::with_capacity(pairs.len());
    for pair in pairs {
        let (k, v) = match pair {
            Obj::Value(Value::Tuple(kv)) if kv.len() == 2 => {
                let mut kv = kv.into_iter();
                (kv.next(), kv.next().map(Obj::Value))
            }
            Obj::Tuple(kv) if kv.len() == 2 => {
                let mut kv = kv.into_iter();
                (kv.next().and_then(Obj::into_value), kv.next())
            }
            _ => (None, None),
        };
        match (k, v) {
            (Some(Value::Str(k)), Some(v)) => kw.push((k, v)),
            _ => return Err(exc::type_error("keywords must be (str, value) pairs")),
        }
    }
    Ok(Args::new(pos, kw))
}

pub fn dispatch(cx: &Cx, root: &PyRef, request: Request<PyRef>) -> PyResult<Val> {
    let handler = request.handler;
    let args = request.args;
    match handler {
        Handler::GetRoot => Ok(Obj::Local(root.clone())),
        Handler::GetAttr => object::getattr(&target(&args, handler)?, &name_arg(&args)?, cx),
        Handler::SetAttr => {
            let obj = target(&args, handler)?;
            let name = name_arg(&args)?;
            let value = args.into_iter().nth(2).unwrap_or(Obj::none());
            obj.setattr(&name, value, cx).map(|()| Obj::none())
        }
        Handler::DelAttr => {
            let obj = target(&args, handler)?;
            obj.delattr(&name_arg(&args)?, cx).map(|()| Obj::none())
        }
        Handler::Call => {
            let mut it = args.into_iter();
            let Some(Obj::Local(f)) = it.next() else { return Err(exc::type_error("CALL expects an agent object")) };
            let args = call_args(it.next(), it.next())?;
            f.call(&f, args, cx)
        }
        Handler::CallAttr => {
            let obj = target(&args, handler)?;
            let name = name_arg(&args)?;
            let mut it = args.into_iter().skip(2);
            let args = call_args(it.next(), it.next())?;
            object::callattr(&obj, &name, args, cx)
        }
        Handler::Repr => Ok(Obj::Value(Value::Str(target(&args, handler)?.repr(cx)?))),
        Handler::Str => Ok(Obj::Value(Value::Str(target(&args, handler)?.str(cx)?))),
        Handler::Hash => Ok(Obj::Value(Value::Int(target(&args, handler)?.hash()?))),
        Handler::Dir => {
            let names = object::dir(&target(&args, handler)?);
            Ok(Obj::Value(Value::Tuple(names.into_iter().map(Value::Str).collect())))
        }
        Handler::Cmp => {
            let obj = target(&args, handler)?;
            let mut it = args.into_iter().skip(1);
            let other = it.next().unwrap_or(Obj::none());
            let op = match it.next() {
                Some(Obj::Value(Value::Str(op))) => op,
                _ => "__eq__".to_owned(),
            };
            containers::compare(&obj, other, &op, cx)
        }
        Handler::Pickle => {
            let obj = target(&args, handler)?;
            let proto = match args.get(1) {
                Some(Obj::Value(Value::Int(p))) => (*p).clamp(2, 5) as u8,
                _ => 4,
            };
            match obj.to_value(cx)? {
                Some(value) => Ok(Obj::Value(Value::Bytes(rpyc_protocol::pickle::dumps(&value, proto)))),
                None => Err(exc::type_error(format!("cannot pickle '{}' object", object::short_type(obj.type_name())))),
            }
        }
        Handler::Inspect => {
            let obj = target(&args, handler)?;
            let names = crate::inspect::methods_for_inspect(&obj);
            Ok(Obj::Value(Value::Tuple(
                names.into_iter().map(|n| Value::Tuple(vec![Value::str(n), Value::None])).collect(),
            )))
        }
        Handler::BuffIter => {
            let obj = target(&args, handler)?;
            let count = match args.get(1) {
                Some(Obj::Value(Value::Int(n))) => (*n).clamp(0, 100_000) as usize,
                _ => 0,
            };
            let mut items = Vec::new();
            for _ in 0..count {
                match object::callattr(&obj, "__next__", Args::default(), cx) {
                    Ok(item) => items.push(item),
                    Err(ExceptionPayload::StopIteration) => break,
                    Err(e) => return Err(e),
                }
            }
            Ok(Obj::Tuple(items))
        }
        Handler::CtxExit => {
            let obj = target(&args, handler)?;
            let exc_type = args.into_iter().nth(1).unwrap_or(Obj::none());
            object::callattr(&obj, "__exit__", Args::positional(vec![exc_type, Obj::none(), Obj::none()]), cx)
        }
        Handler::InstanceCheck => Ok(Obj::Value(Value::Bool(false))),
        Handler::OldSlicing => Err(exc::not_implemented("Python 2 slicing (HANDLE_OLDSLICING)")),
        // Answered by the connection itself.
        Handler::Ping | Handler::Close | Handler::Del => Ok(Obj::none()),
    }
}
