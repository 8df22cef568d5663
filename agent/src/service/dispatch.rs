//! Each rpyc handler, in terms of the runtime.

use rpyc_protocol::vinegar::ExceptionPayload;
use rpyc_protocol::{Handler, Obj, Request};

use super::{inspect, to_payload};
use crate::objects::{attr, dunder};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{CmpOp, ObjRef};
use crate::runtime::semantics;
use crate::runtime::value::Py;
use crate::runtime::wire::{py_from_obj, py_to_obj};

pub fn dispatch(cx: &Cx, root: &ObjRef, request: Request<ObjRef>) -> Result<Obj<ObjRef>, ExceptionPayload> {
    match serve(cx, root, request) {
        Ok(v) => Ok(py_to_obj(v)),
        Err(e) => Err(to_payload(cx, e)),
    }
}

fn target(args: &[Py], handler: Handler) -> PyResult<Py> {
    match args.first() {
        Some(v @ Py::Obj(_)) => Ok(v.clone()),
        _ => Err(exceptions::type_error(format!("{} expects an agent object", handler.name()))),
    }
}

fn name_arg(args: &[Py]) -> PyResult<String> {
    match args.get(1) {
        Some(Py::Str(s)) => Ok(s.to_string()),
        Some(Py::Bytes(b)) => {
            String::from_utf8(b.to_vec()).map_err(|_| exceptions::type_error("attribute name must be string"))
        }
        _ => Err(exceptions::type_error("attribute name must be string")),
    }
}

/// The `args` tuple and `kwargs` pairs of CALL/CALLATTR.
fn call_args(args: Option<Py>, kwargs: Option<Py>) -> PyResult<Args> {
    let pos = match args {
        None => Vec::new(),
        Some(Py::Tuple(items)) => items.to_vec(),
        Some(_) => return Err(exceptions::type_error("call arguments must be a tuple")),
    };
    let pairs = match kwargs {
        None => Vec::new(),
        Some(Py::Tuple(items)) => items.to_vec(),
        Some(_) => return Err(exceptions::type_error("keyword arguments must be a tuple of pairs")),
    };
    let mut kw = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match pair {
            Py::Tuple(kv) if kv.len() == 2 => match &kv[0] {
                Py::Str(k) => kw.push((k.clone(), kv[1].clone())),
                _ => return Err(exceptions::type_error("keywords must be (str, value) pairs")),
            },
            _ => return Err(exceptions::type_error("keywords must be (str, value) pairs")),
        }
    }
    Ok(Args::new(pos, kw))
}

fn serve(cx: &Cx, root: &ObjRef, request: Request<ObjRef>) -> PyResult<Py> {
    let handler = request.handler;
    let args: Vec<Py> = request.args.into_iter().map(|a| py_from_obj(a, cx.hooks)).collect();
    match handler {
        Handler::GetRoot => Ok(Py::Obj(root.clone())),
        Handler::GetAttr => attr::getattr(cx, &target(&args, handler)?, &name_arg(&args)?),
        Handler::SetAttr => {
            let obj = target(&args, handler)?;
            let name = name_arg(&args)?;
            attr::setattr(cx, &obj, &name, args.get(2).cloned().unwrap_or(Py::None)).map(|()| Py::None)
        }
        Handler::DelAttr => attr::delattr(cx, &target(&args, handler)?, &name_arg(&args)?).map(|()| Py::None),
        Handler::Call => {
            let mut it = args.into_iter();
            let f = it.next().unwrap_or(Py::None);
            let call = call_args(it.next(), it.next())?;
            semantics::call(cx, &f, call)
        }
        Handler::CallAttr => {
            let obj = target(&args, handler)?;
            let name = name_arg(&args)?;
            let mut it = args.into_iter().skip(2);
            let call = call_args(it.next(), it.next())?;
            attr::call_method(cx, &obj, &name, call)
        }
        Handler::Repr => Ok(Py::str(semantics::repr(cx, &target(&args, handler)?)?)),
        Handler::Str => Ok(Py::str(semantics::str(cx, &target(&args, handler)?)?)),
        Handler::Hash => Ok(Py::Int(semantics::hash(cx, &target(&args, handler)?)?)),
        Handler::Dir => {
            let names = attr::dir(cx, &target(&args, handler)?);
            Ok(Py::tuple(names.into_iter().map(Py::from).collect::<Vec<_>>()))
        }
        Handler::Cmp => {
            let obj = target(&args, handler)?;
            let other = args.get(1).cloned().unwrap_or(Py::None);
            let op = match args.get(2) {
                Some(Py::Str(op)) => op.to_string(),
                _ => "__eq__".to_owned(),
            };
            let Some(m) = CmpOp::from_dunder(&op).and_then(|_| dunder::lookup(&op)) else {
                return Err(exceptions::value_error(format!("unknown comparison {op}")));
            };
            (m.func)(cx, &obj, Args::one(other))
        }
        Handler::Pickle => {
            let obj = target(&args, handler)?;
            let proto = match args.get(1) {
                Some(Py::Int(p)) => (*p).clamp(2, 5) as u8,
                _ => 4,
            };
            let value = semantics::to_value(cx, &obj)?;
            Ok(Py::bytes(rpyc_protocol::pickle::dumps(&value, proto)))
        }
        Handler::Inspect => {
            let Some(Py::Obj(o)) = args.first() else {
                return Err(exceptions::type_error("INSPECT expects an agent object"));
            };
            let names = inspect::methods_for_inspect(cx, o);
            Ok(Py::tuple(names.into_iter().map(|n| Py::tuple(vec![Py::str(n), Py::None])).collect::<Vec<_>>()))
        }
        Handler::BuffIter => {
            let obj = target(&args, handler)?;
            let count = match args.get(1) {
                Some(Py::Int(n)) => (*n).clamp(0, 100_000) as usize,
                _ => 0,
            };
            let mut items = Vec::new();
            for _ in 0..count {
                match semantics::next(cx, &obj)? {
                    Some(item) => items.push(item),
                    None => break,
                }
            }
            Ok(Py::tuple(items))
        }
        Handler::CtxExit => {
            let obj = target(&args, handler)?;
            let exc_type = args.get(1).cloned().unwrap_or(Py::None);
            attr::call_method(cx, &obj, "__exit__", Args::positional(vec![exc_type, Py::None, Py::None]))
        }
        Handler::InstanceCheck => {
            // `isinstance(proxy, cls_proxy)` on the client when their class
            // ids differ: the other object's class is known here by name.
            let cls = match args.first().and_then(crate::runtime::types::as_type) {
                Some(t) => t,
                None => return Ok(Py::Bool(false)),
            };
            let other = match args.get(1) {
                Some(Py::Tuple(pack)) => match pack.first() {
                    Some(Py::Str(name)) => crate::objects::builtin_types::class_named(name),
                    _ => None,
                },
                _ => None,
            };
            Ok(Py::Bool(other.is_some_and(|t| t.is_subtype(&cls))))
        }
        Handler::OldSlicing => Err(exceptions::not_implemented("Python 2 slicing (HANDLE_OLDSLICING)")),
        // Answered by the connection itself.
        Handler::Ping | Handler::Close | Handler::Del => Ok(Py::None),
    }
}
