//! Operations on the client's objects (netrefs), by asking the client:
//! what rpyc's netref proxies do, from the serving side.

use rpyc_protocol::{Handler, Netref, Obj, Value};

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::CmpOp;
use crate::runtime::value::Py;
use crate::runtime::wire::{py_from_obj, py_to_obj};

fn reply(cx: &Cx, obj: Obj<crate::runtime::object::ObjRef>) -> Py {
    py_from_obj(obj, cx.hooks)
}

fn kwargs(kw: Vec<(std::sync::Arc<str>, Py)>) -> Obj<crate::runtime::object::ObjRef> {
    Obj::Tuple(
        kw.into_iter().map(|(k, v)| Obj::Tuple(vec![Obj::Value(Value::Str(k.to_string())), py_to_obj(v)])).collect(),
    )
}

/// `getattr(client_obj, name)`.
pub fn client_getattr(cx: &Cx, r: &Netref, name: &str) -> PyResult<Py> {
    let got = cx.ask_client(Handler::GetAttr, vec![Cx::client_ref(r), Obj::Value(Value::str(name))])?;
    Ok(reply(cx, got))
}

/// `setattr(client_obj, name, value)`.
pub fn client_setattr(cx: &Cx, r: &Netref, name: &str, value: Py) -> PyResult<()> {
    cx.ask_client(Handler::SetAttr, vec![Cx::client_ref(r), Obj::Value(Value::str(name)), py_to_obj(value)])?;
    Ok(())
}

/// `client_obj.name(*args, **kwargs)` in one request.
pub fn client_callattr(cx: &Cx, r: &Netref, name: &str, args: Args) -> PyResult<Py> {
    let got = cx.ask_client(
        Handler::CallAttr,
        vec![
            Cx::client_ref(r),
            Obj::Value(Value::str(name)),
            Obj::Tuple(args.pos.into_iter().map(py_to_obj).collect()),
            kwargs(args.kw),
        ],
    )?;
    Ok(reply(cx, got))
}

/// Whether `e` is the client's AttributeError for `name` itself missing on
/// the object (not one raised inside the method).
pub fn lacks_attribute(e: &exceptions::PyErr, name: &str) -> bool {
    e.is("AttributeError")
        && matches!(&e.0.args()[..], [Py::Str(msg)] if msg.ends_with(&format!(" has no attribute '{name}'")))
}

/// `client_obj(*args, **kwargs)`: a callback to the client.
pub fn call(cx: &Cx, r: &Netref, args: Args) -> PyResult<Py> {
    let got = cx.ask_client(
        Handler::Call,
        vec![Cx::client_ref(r), Obj::Tuple(args.pos.into_iter().map(py_to_obj).collect()), kwargs(args.kw)],
    )?;
    Ok(reply(cx, got))
}

fn string(cx: &Cx, handler: Handler, r: &Netref) -> PyResult<String> {
    match reply(cx, cx.ask_client(handler, vec![Cx::client_ref(r)])?) {
        Py::Str(s) => Ok(s.to_string()),
        other => Err(exceptions::type_error(format!("{} returned {other:?}", handler.name()))),
    }
}

pub fn repr(cx: &Cx, r: &Netref) -> PyResult<String> {
    string(cx, Handler::Repr, r)
}

pub fn str(cx: &Cx, r: &Netref) -> PyResult<String> {
    string(cx, Handler::Str, r)
}

pub fn hash(cx: &Cx, r: &Netref) -> PyResult<i64> {
    match reply(cx, cx.ask_client(Handler::Hash, vec![Cx::client_ref(r)])?) {
        Py::Int(n) => Ok(n),
        other => Err(exceptions::type_error(format!("__hash__ returned {other:?}"))),
    }
}

/// `client_obj <op> other` as the client computes it; `None` is
/// NotImplemented.
pub fn richcmp(cx: &Cx, r: &Netref, op: CmpOp, other: &Py) -> PyResult<Option<bool>> {
    let got = cx.ask_client(
        Handler::Cmp,
        vec![Cx::client_ref(r), py_to_obj(other.clone()), Obj::Value(Value::str(op.dunder()))],
    )?;
    match reply(cx, got) {
        Py::Bool(b) => Ok(Some(b)),
        Py::Obj(o) if o.ty().name == "NotImplementedType" => Ok(None),
        other => super::truthy(cx, &other).map(Some),
    }
}

pub fn len(cx: &Cx, r: &Netref) -> PyResult<usize> {
    match client_callattr(cx, r, "__len__", Args::default())? {
        Py::Int(n) if n >= 0 => Ok(n as usize),
        other => Err(exceptions::type_error(format!("__len__ returned {other:?}"))),
    }
}

/// `bool(client_obj)`: `__bool__`, else `__len__`, else true.
pub fn truthy(cx: &Cx, r: &Netref) -> PyResult<bool> {
    match client_callattr(cx, r, "__bool__", Args::default()) {
        Ok(v) => super::truthy(cx, &v),
        Err(e) if e.is("AttributeError") => match len(cx, r) {
            Ok(n) => Ok(n > 0),
            Err(e) if e.is("AttributeError") || e.is("TypeError") => Ok(true),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    }
}

/// Items of a client iterable, fetched in batches (BUFFITER).
pub fn items(cx: &Cx, r: &Netref, limit: usize) -> PyResult<Vec<Py>> {
    let it = client_callattr(cx, r, "__iter__", Args::default())?;
    let Py::Client(it) = it else {
        return Err(exceptions::type_error("iter() of a client object returned a non-iterator"));
    };
    let mut out = Vec::new();
    loop {
        cx.check_interrupt()?;
        let batch = cx.ask_client(Handler::BuffIter, vec![Cx::client_ref(&it), Obj::Value(Value::Int(256))])?;
        let batch = match reply(cx, batch) {
            Py::Tuple(items) => items,
            other => return Err(exceptions::type_error(format!("BUFFITER returned {other:?}"))),
        };
        if batch.is_empty() {
            return Ok(out);
        }
        out.extend(batch.iter().cloned());
        if out.len() > limit {
            return Err(exceptions::memory_error("iterable"));
        }
    }
}

/// One item of a client iterator: `None` at its end.
pub fn next(cx: &Cx, r: &Netref) -> PyResult<Option<Py>> {
    match client_callattr(cx, r, "__next__", Args::default()) {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is("StopIteration") => Ok(None),
        Err(e) => Err(e),
    }
}

/// The client object by value (`rpyc.classic.obtain`).
pub fn obtain(cx: &Cx, r: &Netref) -> PyResult<Value> {
    let got = cx.ask_client(Handler::Pickle, vec![Cx::client_ref(r), Obj::Value(Value::Int(4))])?;
    match got {
        Obj::Value(Value::Bytes(b)) => rpyc_protocol::pickle::loads(&b)
            .map_err(|e| exceptions::type_error(format!("cannot read the client's {} by value: {e}", r.type_name()))),
        _ => Err(exceptions::type_error("PICKLE of a client object did not return bytes")),
    }
}
