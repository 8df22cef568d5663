//! The methods and attributes of file objects, per class as in CPython's
//! `_io` (`read1` on buffered files, `readall` on raw ones, `encoding` on
//! text ones).

use std::io::{IsTerminal, Seek, Write};
use std::os::unix::io::AsRawFd;

use super::{file_self, io_err, File, Kind};
use crate::objects::list::List;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{blocking_method, property, Method};
use crate::runtime::value::Py;

/// `size` of `read`/`readline`: -1 (everything) when absent or None.
fn size_arg(func: &str, args: Args) -> PyResult<i64> {
    let [n] = args.bind(func, ["size?"])?;
    Ok(args::opt_int(func, n.as_ref())?.unwrap_or(-1))
}

fn read_as(func: &str, this: &Py, n: i64) -> PyResult<Py> {
    let f = file_self(this)?;
    let mut st = f.open_state()?;
    f.check_readable(func)?;
    f.read(&mut st, n)
}

fn read(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    read_as("read", this, size_arg("read", args)?)
}

fn read1(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    read_as("read1", this, size_arg("read1", args)?)
}

fn readall(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("readall")?;
    read_as("readall", this, -1)
}

fn readline(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let n = size_arg("readline", args)?;
    let f = file_self(this)?;
    let mut st = f.open_state()?;
    f.check_readable("readline")?;
    f.readline(&mut st, n)
}

fn readlines(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [hint] = args.bind("readlines", ["hint?"])?;
    let hint = args::opt_int("readlines", hint.as_ref())?.unwrap_or(-1);
    let f = file_self(this)?;
    let mut st = f.open_state()?;
    f.check_readable("readlines")?;
    let (mut lines, mut total) = (Vec::new(), 0usize);
    loop {
        let line = f.readline(&mut st, -1)?;
        let len = match &line {
            Py::Str(s) => s.chars().count(),
            Py::Bytes(b) => b.len(),
            _ => 0,
        };
        if len == 0 {
            break;
        }
        lines.push(line);
        total += len;
        if hint > 0 && total >= hint as usize {
            break;
        }
    }
    Ok(List::new(lines))
}

fn write(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [data] = args.bind("write", ["data"])?;
    let f = file_self(this)?;
    let data = f.data(cx, &req(data))?;
    let mut st = f.open_state()?;
    f.check_writable("write")?;
    Ok(Py::from(f.write(&mut st, data)?))
}

fn writelines(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [lines] = args.bind("writelines", ["lines"])?;
    let f = file_self(this)?;
    // The lines are fetched (maybe from the client) before the file is locked.
    let lines = semantics::iterate(cx, &req(lines))?;
    let data = lines.iter().map(|l| f.data(cx, l)).collect::<PyResult<Vec<_>>>()?;
    let mut st = f.open_state()?;
    f.check_writable("writelines")?;
    for d in data {
        f.write(&mut st, d)?;
    }
    Ok(Py::None)
}

fn seek(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [offset, whence] = args.bind("seek", ["offset", "whence?"])?;
    let offset = args::to_int("seek", &req(offset))?;
    let whence = args::opt_int("seek", whence.as_ref())?.unwrap_or(0);
    let f = file_self(this)?;
    let mut st = f.open_state()?;
    Ok(Py::from(f.seek(&mut st, offset, whence)?))
}

fn tell(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("tell")?;
    Ok(Py::from(file_self(this)?.open_state()?.tell()?))
}

fn truncate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("truncate", ["size?"])?;
    let size = args::opt_int("truncate", size.as_ref())?;
    let f = file_self(this)?;
    let mut st = f.open_state()?;
    Ok(Py::from(f.truncate(&mut st, size)?))
}

fn flush(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("flush")?;
    file_self(this)?.open_state()?.f()?.flush().map_err(|e| io_err(&e))?;
    Ok(Py::None)
}

fn close(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("close")?;
    file_self(this)?.close();
    Ok(Py::None)
}

fn enter(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("__enter__")?;
    file_self(this)?.check_open()?;
    Ok(this.clone())
}

/// `__exit__(exc_type, exc_value, traceback)`: closes the file; the
/// exception, if any, goes on.
fn exit(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    file_self(this)?.close();
    Ok(Py::None)
}

fn fileno(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("fileno")?;
    let f = file_self(this)?;
    let mut st = f.open_state().map_err(|_| exceptions::value_error("I/O operation on closed file"))?;
    Ok(Py::from(st.f()?.as_raw_fd()))
}

fn isatty(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("isatty")?;
    Ok(Py::Bool(file_self(this)?.open_state()?.f()?.is_terminal()))
}

fn readable(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("readable")?;
    let f = file_self(this)?;
    f.check_open()?;
    Ok(Py::Bool(f.readable))
}

fn writable(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("writable")?;
    let f = file_self(this)?;
    f.check_open()?;
    Ok(Py::Bool(f.writable))
}

fn seekable(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("seekable")?;
    Ok(Py::Bool(file_self(this)?.open_state()?.f()?.stream_position().is_ok()))
}

fn closed(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::Bool(file_self(this)?.is_closed()))
}

fn name(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(file_self(this)?.name.clone())
}

fn mode(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let f = file_self(this)?;
    if f.mode.is_empty() {
        return Err(exceptions::attribute_error(&f.ty.qualified_name(), "mode"));
    }
    Ok(Py::str(f.mode.as_str()))
}

/// A text file's settings.
fn text_of<'a>(this: &'a Py, attr: &str) -> PyResult<&'a super::Text> {
    let f: &File = file_self(this)?;
    f.text.as_ref().ok_or_else(|| exceptions::attribute_error(&f.ty.name, attr))
}

fn encoding(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(text_of(this, "encoding")?.encoding.as_str()))
}

fn errors(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    Ok(Py::str(text_of(this, "errors")?.errors.as_str()))
}

fn newlines(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    text_of(this, "newlines")?;
    Ok(Py::None)
}

fn line_buffering(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    text_of(this, "line_buffering")?;
    Ok(Py::Bool(false))
}

fn closefd(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let f = file_self(this)?;
    if f.kind != Kind::Raw {
        return Err(exceptions::attribute_error(&f.ty.name, "closefd"));
    }
    Ok(Py::Bool(true))
}

/// `_io._IOBase`: what every file has.
pub(super) static IOBASE_METHODS: [Method; 18] = [
    blocking_method("readline", readline),
    blocking_method("readlines", readlines),
    blocking_method("writelines", writelines),
    blocking_method("seek", seek),
    blocking_method("tell", tell),
    blocking_method("truncate", truncate),
    blocking_method("flush", flush),
    blocking_method("close", close),
    blocking_method("fileno", fileno),
    blocking_method("isatty", isatty),
    blocking_method("readable", readable),
    blocking_method("writable", writable),
    blocking_method("seekable", seekable),
    blocking_method("__enter__", enter),
    blocking_method("__exit__", exit),
    property("closed", closed),
    property("name", name),
    property("mode", mode),
];

/// `_io._RawIOBase`.
pub(super) static RAW_METHODS: [Method; 3] =
    [blocking_method("read", read), blocking_method("readall", readall), blocking_method("write", write)];

/// `_io._BufferedIOBase`.
pub(super) static BUFFERED_METHODS: [Method; 3] =
    [blocking_method("read", read), blocking_method("read1", read1), blocking_method("write", write)];

/// `_io._TextIOBase` (and `TextIOWrapper`).
pub(super) static TEXT_METHODS: [Method; 6] = [
    blocking_method("read", read),
    blocking_method("write", write),
    property("encoding", encoding),
    property("errors", errors),
    property("newlines", newlines),
    property("line_buffering", line_buffering),
];

/// `_io.FileIO`.
pub(super) static FILE_IO_METHODS: [Method; 1] = [property("closefd", closefd)];
