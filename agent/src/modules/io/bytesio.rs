//! `io.BytesIO`: bytes in memory.

use std::sync::{LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use super::buffer::{truncate_size, Buffer};
use super::{seek_args, size_arg, IO_BASE};
use crate::objects::list::List;
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static BYTES_IO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "BytesIO", Some(&IO_BASE), &METHODS, Some(bytes_io_new)).in_c());

pub struct BytesIo {
    state: Mutex<Buffer<u8>>,
}

impl BytesIo {
    fn lock(&self) -> MutexGuard<'_, Buffer<u8>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn open(&self) -> PyResult<MutexGuard<'_, Buffer<u8>>> {
        let st = self.lock();
        if st.closed {
            return Err(exceptions::value_error("I/O operation on closed file."));
        }
        Ok(st)
    }

    fn readline(&self, limit: Option<usize>) -> PyResult<Vec<u8>> {
        let mut st = self.open()?;
        let rest = st.rest(limit);
        let n = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        Ok(st.read(Some(n)))
    }
}

impl super::Stream for BytesIo {
    fn is_closed(&self) -> bool {
        self.lock().closed
    }
    fn close(&self) {
        self.lock().close();
    }
    fn check_open(&self) -> PyResult<()> {
        self.open().map(drop)
    }
    fn flush(&self) -> PyResult<()> {
        self.check_open()
    }
}

/// A bytes-like argument.
fn bytes_arg(v: &Py) -> PyResult<std::sync::Arc<[u8]>> {
    crate::runtime::args::to_bytes("write", v).map_err(|_| {
        exceptions::type_error(format!("a bytes-like object is required, not '{}'", semantics::type_name(v)))
    })
}

fn bytes_io_new(_cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [initial] = args.bind("BytesIO", ["initial_bytes?"])?;
    let buf = match initial {
        None | Some(Py::None) => Vec::new(),
        Some(v) => bytes_arg(&v)?.to_vec(),
    };
    Ok(Py::obj(BytesIo { state: Mutex::new(Buffer::new(buf)) }))
}

impl PyObject for BytesIo {
    fn ty(&self) -> TypeRef {
        BYTES_IO.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        // Unlike StringIO, BytesIO's __iter__ does not check it is open.
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let line = self.readline(None)?;
        Ok((!line.is_empty()).then(|| Py::bytes(line)))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let st = self.open()?;
        let state = Value::Tuple(vec![Value::Bytes(st.data.clone()), Value::Int(st.pos as i64), Value::None]);
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "_io.BytesIO".to_owned(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
}

fn io_self(this: &Py) -> PyResult<&BytesIo> {
    this.downcast::<BytesIo>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a '_io.BytesIO' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn read(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("read", ["size?"])?;
    let size = size_arg(size)?;
    Ok(Py::bytes(io_self(this)?.open()?.read(size)))
}

fn readline(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("readline", ["size?"])?;
    io_self(this)?.readline(size_arg(size)?).map(Py::bytes)
}

fn readlines(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [hint] = args.bind("readlines", ["hint?"])?;
    let hint = size_arg(hint)?.filter(|&h| h > 0);
    let io = io_self(this)?;
    let mut lines = Vec::new();
    let mut total = 0usize;
    loop {
        let line = io.readline(None)?;
        if line.is_empty() {
            break;
        }
        total += line.len();
        lines.push(Py::bytes(line));
        if hint.is_some_and(|h| total >= h) {
            break;
        }
    }
    Ok(List::new(lines))
}

fn write(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [b] = args.bind("write", ["b"])?;
    let io = io_self(this)?;
    let data = bytes_arg(&req(b))?;
    io.open()?.write(&data);
    Ok(Py::from(data.len()))
}

fn seek(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (pos, whence) = seek_args(args)?;
    let mut st = io_self(this)?.open()?;
    let new = match whence {
        0 if pos < 0 => return Err(exceptions::value_error(format!("negative seek value {pos}"))),
        0 => pos,
        1 => (st.pos as i64).saturating_add(pos).max(0),
        2 => (st.data.len() as i64).saturating_add(pos).max(0),
        _ => return Err(exceptions::value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)"))),
    };
    st.pos = new as usize;
    Ok(Py::Int(new))
}

fn tell(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("tell")?;
    Ok(Py::from(io_self(this)?.open()?.pos))
}

fn truncate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("truncate", ["size?"])?;
    let size = truncate_size(size, "negative size value")?;
    Ok(Py::from(io_self(this)?.open()?.truncate(size)))
}

fn getvalue(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("getvalue")?;
    Ok(Py::bytes(io_self(this)?.open()?.data.clone()))
}

static METHODS: [Method; 10] = [
    method("read", read),
    method("read1", read),
    method("readline", readline),
    method("readlines", readlines),
    method("write", write),
    method("seek", seek),
    method("tell", tell),
    method("truncate", truncate),
    method("getvalue", getvalue),
    method("detach", |_, _, _| Err(super::unsupported("detach"))),
];
