//! `io.StringIO`: text in memory, addressed by character, with CPython's
//! newline modes (`newline=None` translates `\r\n` and `\r` on write,
//! `''` reads any line ending, `'\r'`/`'\r\n'` translate `\n` on write).

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{LazyLock, Mutex, MutexGuard};

use rpyc_protocol::Value;

use super::buffer::{truncate_size, Buffer};
use super::{seek_args, size_arg, IO_BASE};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static STRING_IO: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_io", "StringIO", Some(&IO_BASE), &METHODS, Some(string_io_new)).in_c());

pub struct StringIo {
    /// The `newline` argument (`None` is universal newlines, translated).
    newline: Option<String>,
    state: Mutex<Buffer<char>>,
    /// The line endings written so far in the universal modes (`None` and
    /// `''`), as CPython's IncrementalNewlineDecoder records them for
    /// `newlines`: bits [`SEEN_CR`], [`SEEN_LF`], [`SEEN_CRLF`].
    seen: AtomicU8,
}

const SEEN_CR: u8 = 1;
const SEEN_LF: u8 = 2;
const SEEN_CRLF: u8 = 4;

/// The line endings in `s`, as [`StringIo::seen`] bits.
fn endings(s: &str) -> u8 {
    let mut seen = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                seen |= SEEN_CRLF;
            }
            '\r' => seen |= SEEN_CR,
            '\n' => seen |= SEEN_LF,
            _ => {}
        }
    }
    seen
}

impl StringIo {
    fn lock(&self) -> MutexGuard<'_, Buffer<char>> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state of an open stream.
    fn open(&self) -> PyResult<MutexGuard<'_, Buffer<char>>> {
        let st = self.lock();
        if st.closed {
            return Err(exceptions::value_error("I/O operation on closed file"));
        }
        Ok(st)
    }

    /// `s` as it is stored: `\r\n` and `\r` made `\n` when translating,
    /// `\n` made the newline when it is `\r` or `\r\n`.
    fn translate(&self, s: &str) -> String {
        let s = match self.newline {
            None => s.replace("\r\n", "\n").replace('\r', "\n"),
            Some(_) => s.to_owned(),
        };
        match self.newline.as_deref() {
            Some(nl @ ("\r" | "\r\n")) => s.replace('\n', nl),
            _ => s,
        }
    }

    fn write_str(&self, st: &mut Buffer<char>, s: &str) {
        if matches!(self.newline.as_deref(), None | Some("")) {
            self.seen.fetch_or(endings(s), Ordering::Relaxed);
        }
        let chars: Vec<char> = self.translate(s).chars().collect();
        st.write(&chars);
    }

    /// The length of the next line in `window`.
    fn line_len(&self, window: &[char]) -> usize {
        let found = match self.newline.as_deref() {
            None => window.iter().position(|&c| c == '\n').map(|i| i + 1),
            Some("") => window.iter().position(|&c| c == '\n' || c == '\r').map(|i| {
                if window[i] == '\r' && window.get(i + 1) == Some(&'\n') {
                    i + 2
                } else {
                    i + 1
                }
            }),
            Some(nl) => {
                let nl: Vec<char> = nl.chars().collect();
                window.windows(nl.len()).position(|w| w == nl.as_slice()).map(|i| i + nl.len())
            }
        };
        found.unwrap_or(window.len())
    }

    fn readline(&self, limit: Option<usize>) -> PyResult<String> {
        let mut st = self.open()?;
        let n = self.line_len(st.rest(limit));
        Ok(st.read(Some(n)).into_iter().collect())
    }
}

impl super::Stream for StringIo {
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
        Ok(())
    }
}

fn string_io_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [initial, newline] = args.bind("StringIO", ["initial_value?", "newline?"])?;
    let newline = match newline {
        None => Some("\n".to_owned()),
        Some(Py::None) => None,
        Some(Py::Str(s)) if matches!(&*s, "" | "\n" | "\r" | "\r\n") => Some(s.to_string()),
        Some(Py::Str(s)) => {
            return Err(exceptions::value_error(format!(
                "illegal newline value: {}",
                semantics::repr(cx, &Py::Str(s))?
            )))
        }
        Some(other) => {
            return Err(exceptions::type_error(format!(
                "newline must be str or None, not {}",
                semantics::type_name(&other)
            )))
        }
    };
    let io = StringIo { newline, state: Mutex::new(Buffer::new(Vec::new())), seen: AtomicU8::new(0) };
    match initial {
        None | Some(Py::None) => {}
        Some(Py::Str(s)) => {
            let mut st = io.lock();
            io.write_str(&mut st, &s);
            st.pos = 0;
        }
        Some(other) => {
            return Err(exceptions::type_error(format!(
                "initial_value must be str or None, not {}",
                semantics::type_name(&other)
            )))
        }
    }
    Ok(Py::obj(io))
}

impl PyObject for StringIo {
    fn ty(&self) -> TypeRef {
        STRING_IO.clone()
    }
    fn is_iterator(&self) -> bool {
        true
    }
    fn iter(&self, this: &ObjRef, _cx: &Cx) -> PyResult<Option<Py>> {
        if self.lock().closed {
            return Err(exceptions::value_error("I/O operation on closed file."));
        }
        Ok(Some(Py::Obj(this.clone())))
    }
    fn next(&self, _cx: &Cx) -> PyResult<Option<Py>> {
        let line = self.readline(None)?;
        Ok((!line.is_empty()).then(|| Py::str(line)))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let st = self.open()?;
        let state = Value::Tuple(vec![
            Value::Str(st.data.iter().collect()),
            self.newline.clone().map_or(Value::None, Value::Str),
            Value::Int(st.pos as i64),
            Value::None,
        ]);
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "_io.StringIO".to_owned(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
}

fn io_self(this: &Py) -> PyResult<&StringIo> {
    this.downcast::<StringIo>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a '_io.StringIO' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

fn read(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("read", ["size?"])?;
    let size = size_arg(size)?;
    let text: String = io_self(this)?.open()?.read(size).into_iter().collect();
    Ok(Py::str(text))
}

fn readline(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("readline", ["size?"])?;
    let size = size_arg(size)?;
    io_self(this)?.readline(size).map(Py::str)
}

fn write(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [s] = args.bind("write", ["s"])?;
    let io = io_self(this)?;
    let s = match req(s) {
        Py::Str(s) => s,
        other => {
            return Err(exceptions::type_error(format!(
                "string argument expected, got '{}'",
                semantics::type_name(&other)
            )))
        }
    };
    let mut st = io.open()?;
    io.write_str(&mut st, &s);
    Ok(Py::from(s.chars().count()))
}

fn seek(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let (pos, whence) = seek_args(args)?;
    let mut st = io_self(this)?.open()?;
    let new = match whence {
        0 if pos < 0 => return Err(exceptions::value_error(format!("Negative seek position {pos}"))),
        0 => pos as usize,
        1 | 2 if pos != 0 => return Err(exceptions::new("OSError", "Can't do nonzero cur-relative seeks")),
        1 => st.pos,
        2 => st.data.len(),
        _ => return Err(exceptions::value_error(format!("Invalid whence ({whence}, should be 0, 1 or 2)"))),
    };
    st.pos = new;
    Ok(Py::from(new))
}

fn tell(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("tell")?;
    Ok(Py::from(io_self(this)?.open()?.pos))
}

fn truncate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [size] = args.bind("truncate", ["pos?"])?;
    let size = truncate_size(size, "Negative size value")?;
    Ok(Py::from(io_self(this)?.open()?.truncate(size)))
}

/// `newlines`: the line endings read so far in the universal modes (as
/// CPython's StringIO, every write counts as read), one as a str, several
/// as a tuple; None in the others.
fn newlines(_cx: &Cx, this: &Py, _args: Args) -> PyResult<Py> {
    let io = io_self(this)?;
    drop(io.open()?);
    let seen = io.seen.load(Ordering::Relaxed);
    let names: Vec<Py> = [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .into_iter()
        .filter(|(bit, _)| seen & bit != 0)
        .map(|(_, s)| Py::str(s))
        .collect();
    Ok(match names.len() {
        0 => Py::None,
        1 => names.into_iter().next().unwrap_or(Py::None),
        _ => Py::tuple(names),
    })
}

fn getvalue(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("getvalue")?;
    let st = io_self(this)?.open()?;
    Ok(Py::str(st.data.iter().collect::<String>()))
}

static METHODS: [Method; 10] = [
    method("read", read),
    method("readline", readline),
    method("write", write),
    method("seek", seek),
    method("tell", tell),
    method("truncate", truncate),
    method("getvalue", getvalue),
    method("detach", |_, _, _| Err(super::unsupported("detach"))),
    property("newlines", newlines),
    property("line_buffering", |_, _, _| Ok(Py::Bool(false))),
];
