//! File objects: `open()` and what it returns, named like Python's so the
//! client's `isinstance(f, io.TextIOWrapper)` holds: `_io.TextIOWrapper`
//! (text), `_io.BufferedReader` / `_io.BufferedWriter` /
//! `_io.BufferedRandom` (binary), `_io.FileIO` (binary, `buffering=0`).
//!
//! Reads go through one read-ahead buffer of raw bytes; text is decoded
//! only when it is returned (see [`codec`]), so `tell()` is always a byte
//! offset. Writes go straight to the file (each is one request anyway), so
//! `flush()` has nothing to do. Every method may block: they all run on the
//! blocking pool.

mod buffer;
mod codec;
mod mode;

use std::fs;
use std::io::{self, IsTerminal, Read, Seek, SeekFrom, Write};
use std::os::unix::io::AsRawFd;
use std::sync::{Arc, Mutex, MutexGuard};

use rpyc_protocol::vinegar::{ExceptionPayload, RemoteException};
use rpyc_protocol::{Obj, Value};

use crate::legacy::args::{self, Args};
use crate::legacy::containers::{iterate, List};
use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::modules::os_path::fspath;
use crate::legacy::object::{next_instance_id, val_type_name, PyObject, PyRef, Val};
use buffer::{line_end, State};
use codec::{decode_into, Encoding, BOM};
use mode::parse_mode;

/// Read-ahead size.
const CHUNK: usize = 64 * 1024;

/// `bytes.decode(encoding, errors)`: the whole buffer, newlines untouched.
pub fn decode_text(bytes: &[u8], encoding: Option<&str>, errors: Option<&str>) -> PyResult<String> {
    codec::decode_all(bytes, Encoding::lookup(encoding.unwrap_or("utf-8"))?, errors.unwrap_or("strict"))
}

/// `str.encode(encoding, errors)` (`utf-8-sig` starts with a BOM).
pub fn encode_text(text: &str, encoding: Option<&str>, errors: Option<&str>) -> PyResult<Vec<u8>> {
    let enc = Encoding::lookup(encoding.unwrap_or("utf-8"))?;
    let mut out = codec::encode(text, enc, errors.unwrap_or("strict"))?;
    if enc == Encoding::Utf8Sig {
        out.splice(0..0, BOM.iter().copied());
    }
    Ok(out)
}

/// `io.UnsupportedOperation(msg)` (derives from OSError and ValueError).
pub fn unsupported(msg: &str) -> ExceptionPayload {
    exc::raise(RemoteException::new("io", "UnsupportedOperation", vec![Value::str(msg)]))
}

fn closed() -> ExceptionPayload {
    exc::value_error("I/O operation on closed file.")
}

fn io_err(e: &io::Error) -> ExceptionPayload {
    exc::os_error(e, None)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Buffered,
    Raw,
}

/// Text-mode settings.
struct Text {
    enc: Encoding,
    /// The `encoding` attribute: as given, or Python's default `UTF-8`.
    encoding: String,
    errors: String,
    newline: Option<String>,
}

pub struct File {
    id: i64,
    type_name: &'static str,
    kind: Kind,
    /// The `name` attribute: the path as given (str or bytes).
    name: Value,
    mode: String,
    readable: bool,
    writable: bool,
    text: Option<Text>,
    state: Mutex<State>,
}

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None)`.
pub fn open(cx: &Cx, args: Args) -> PyResult<Val> {
    let [file, mode, buffering, encoding, errors, newline, closefd, opener] =
        args.bind("open", ["file", "mode?", "buffering?", "encoding?", "errors?", "newline?", "closefd?", "opener?"])?;
    let file = args::req(file);
    if let Obj::Value(Value::Int(_) | Value::Bool(_)) = file {
        return Err(exc::not_implemented("open() of a file descriptor"));
    }
    let given = fspath(None, &file, cx)?;
    let mode = args::opt_str("open", mode.as_ref())?.unwrap_or_else(|| "r".into());
    let m = parse_mode(&mode)?;
    let buffering = args::opt_int("open", buffering.as_ref())?.unwrap_or(-1);
    let encoding = args::opt_str("open", encoding.as_ref())?;
    let errors = args::opt_str("open", errors.as_ref())?;
    let newline = args::opt_str("open", newline.as_ref())?;
    if !args::opt_bool(closefd.as_ref(), true) {
        return Err(exc::value_error("Cannot use closefd=False with file name"));
    }
    if opener.is_some_and(|o| !matches!(o, Obj::Value(Value::None))) {
        return Err(exc::not_implemented("open(opener=...)"));
    }
    if m.binary {
        for (given, what) in [(&encoding, "an encoding"), (&errors, "an errors"), (&newline, "a newline")] {
            if given.is_some() {
                return Err(exc::value_error(format!("binary mode doesn't take {what} argument")));
            }
        }
    } else if buffering == 0 {
        return Err(exc::value_error("can't have unbuffered text I/O"));
    }
    if let Some(nl) = &newline {
        if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
            return Err(exc::value_error(format!("illegal newline value: {nl}")));
        }
    }
    let text = match m.binary {
        true => None,
        false => Some(Text {
            enc: Encoding::lookup(encoding.as_deref().unwrap_or("utf-8"))?,
            encoding: encoding.unwrap_or_else(|| "UTF-8".into()),
            errors: errors.unwrap_or_else(|| "strict".into()),
            newline,
        }),
    };
    let path = given.to_path()?;
    let (readable, writable) = (m.read || m.plus, !m.read || m.plus);
    let mut opts = fs::OpenOptions::new();
    opts.read(readable).write(writable && !m.append).append(m.append);
    if m.create {
        opts.create_new(true);
    } else if m.write {
        opts.create(true).truncate(true);
    } else if m.append {
        opts.create(true);
    }
    let mut f = opts.open(&path).map_err(|e| exc::os_error(&e, Some(&path)))?;
    if f.metadata().is_ok_and(|md| md.is_dir()) {
        return Err(exc::os_errno(libc::EISDIR, Some(&path), None));
    }
    let mut at = 0;
    if m.append {
        at = f.seek(SeekFrom::End(0)).map_err(|e| exc::os_error(&e, Some(&path)))?;
    }
    let (kind, type_name) = match (&text, buffering, readable, writable) {
        (Some(_), ..) => (Kind::Text, "_io.TextIOWrapper"),
        (None, 0, ..) => (Kind::Raw, "_io.FileIO"),
        (None, _, true, true) => (Kind::Buffered, "_io.BufferedRandom"),
        (None, _, true, false) => (Kind::Buffered, "_io.BufferedReader"),
        (None, ..) => (Kind::Buffered, "_io.BufferedWriter"),
    };
    let mode = match kind {
        Kind::Text => mode,
        // FileIO's spelling, which the buffered objects report too.
        _ => {
            let base = match (m.create, m.append, readable) {
                (true, ..) => "xb",
                (_, true, _) => "ab",
                (_, _, true) => "rb",
                _ => "wb",
            };
            if m.plus {
                format!("{base}+")
            } else {
                base.to_owned()
            }
        }
    };
    Ok(Obj::Local(Arc::new(File {
        id: next_instance_id(),
        type_name,
        kind,
        name: given.to_value(),
        mode,
        readable,
        writable,
        text,
        state: Mutex::new(State { file: Some(f), buf: Vec::new(), pos: 0, at_start: at == 0 }),
    })))
}

const METHODS: &[&str] = &[
    "read",
    "read1",
    "readall",
    "readline",
    "readlines",
    "write",
    "writelines",
    "seek",
    "tell",
    "flush",
    "close",
    "fileno",
    "isatty",
    "readable",
    "writable",
    "seekable",
    "truncate",
    "__enter__",
    "__exit__",
    "__iter__",
    "__next__",
];

/// What a write was given.
enum Data {
    Text(String),
    Bytes(Vec<u8>),
}

impl File {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state of an open file.
    fn open_state(&self) -> PyResult<MutexGuard<'_, State>> {
        let st = self.lock();
        if st.file.is_none() {
            return Err(closed());
        }
        Ok(st)
    }

    fn check_readable(&self, method: &str) -> PyResult<()> {
        match (self.readable, self.kind) {
            (true, _) => Ok(()),
            (false, Kind::Text) => Err(unsupported("not readable")),
            (false, Kind::Buffered) => Err(unsupported(method)),
            (false, Kind::Raw) => Err(unsupported("File not open for reading")),
        }
    }

    fn check_writable(&self, method: &str) -> PyResult<()> {
        match (self.writable, self.kind) {
            (true, _) => Ok(()),
            (false, Kind::Text) if method != "truncate" => Err(unsupported("not writable")),
            (false, Kind::Raw) => Err(unsupported("File not open for writing")),
            (false, _) => Err(unsupported(method)),
        }
    }

    /// A write argument, converted before the file is locked (it may be
    /// a client object that has to be fetched).
    fn data(&self, v: &Val, cx: &Cx) -> PyResult<Data> {
        if self.text.is_some() {
            return match v {
                Obj::Value(Value::Str(s)) => Ok(Data::Text(s.clone())),
                other => Err(exc::type_error(format!("write() argument must be str, not {}", val_type_name(other)))),
            };
        }
        let wrong = || exc::type_error(format!("a bytes-like object is required, not '{}'", val_type_name(v)));
        match v {
            Obj::Value(Value::Str(_) | Value::Int(_) | Value::None) | Obj::Tuple(_) => Err(wrong()),
            _ => match cx.value(v)? {
                Value::Bytes(b) | Value::ByteArray(b) => Ok(Data::Bytes(b)),
                Value::List(items) if matches!(v, Obj::Local(o) if o.type_name() == "builtins.bytearray") => items
                    .iter()
                    .map(|i| i.as_i64().and_then(|n| u8::try_from(n).ok()).ok_or_else(wrong))
                    .collect::<PyResult<Vec<u8>>>()
                    .map(Data::Bytes),
                _ => Err(wrong()),
            },
        }
    }

    fn write(&self, st: &mut State, data: Data) -> PyResult<usize> {
        let (bytes, count) = match (data, &self.text) {
            (Data::Text(s), Some(t)) => {
                let count = s.chars().count();
                let s = match t.newline.as_deref() {
                    Some(nl @ ("\r" | "\r\n")) => s.replace('\n', nl),
                    _ => s,
                };
                let mut bytes = codec::encode(&s, t.enc, &t.errors)?;
                if t.enc == Encoding::Utf8Sig && st.at_start && st.tell()? == 0 {
                    bytes.splice(0..0, BOM.iter().copied());
                }
                (bytes, count)
            }
            (Data::Bytes(b), None) => {
                let n = b.len();
                (b, n)
            }
            _ => return Err(exc::type_error("write() argument has the wrong type")),
        };
        st.unread()?;
        st.at_start = false;
        st.f()?.write_all(&bytes).map_err(|e| io_err(&e))?;
        Ok(count)
    }

    fn read(&self, st: &mut State, n: i64) -> PyResult<Value> {
        let Some(t) = &self.text else { return self.read_bytes(st, n).map(Value::Bytes) };
        st.skip_bom(t.enc)?;
        let translate = t.newline.is_none();
        let mut out = String::new();
        if n < 0 {
            let raw = st.read_rest()?;
            out.reserve(raw.len());
            decode_into(&raw, t.enc, &t.errors, translate, usize::MAX, true, &mut out)?;
            return Ok(Value::Str(out));
        }
        let want = n as usize;
        let mut chars = 0;
        while chars < want {
            let d = decode_into(&st.buf[st.pos..], t.enc, &t.errors, translate, want - chars, false, &mut out)?;
            st.pos += d.consumed;
            chars += d.chars;
            if chars >= want {
                break;
            }
            if !st.fill()? {
                let d = decode_into(&st.buf[st.pos..], t.enc, &t.errors, translate, want - chars, true, &mut out)?;
                st.pos += d.consumed;
                break;
            }
        }
        Ok(Value::Str(out))
    }

    fn read_bytes(&self, st: &mut State, n: i64) -> PyResult<Vec<u8>> {
        if n < 0 {
            return st.read_rest();
        }
        let n = n as usize;
        if st.buffered() >= n {
            let out = st.buf[st.pos..st.pos + n].to_vec();
            st.pos += n;
            return Ok(out);
        }
        let mut out = st.buf.split_off(st.pos);
        st.buf.clear();
        st.pos = 0;
        let f = st.f()?;
        while out.len() < n {
            let old = out.len();
            out.resize(n.min(old + (4 << 20)), 0);
            match f.read(&mut out[old..]) {
                Ok(0) => {
                    out.truncate(old);
                    break;
                }
                Ok(k) => out.truncate(old + k),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => out.truncate(old),
                Err(e) => return Err(io_err(&e)),
            }
            if self.kind == Kind::Raw {
                break; // FileIO.read is a single read(2)
            }
        }
        Ok(out)
    }

    /// One line (at most `limit` characters or bytes when >= 0); empty at
    /// end of file.
    fn readline(&self, st: &mut State, limit: i64) -> PyResult<Value> {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let newline = match &self.text {
            Some(t) => {
                st.skip_bom(t.enc)?;
                t.newline.as_deref()
            }
            None => Some("\n"),
        };
        // Bytes that surely hold `limit` characters.
        let enough = if self.text.is_some() { limit.saturating_mul(4).saturating_add(2) } else { limit };
        let mut scan = 0;
        let (end, complete) = loop {
            let avail = &st.buf[st.pos..];
            if let Some(e) = line_end(avail, scan, newline) {
                break (e, true);
            }
            if avail.len() >= enough {
                break (avail.len(), false);
            }
            scan = avail.len().saturating_sub(2);
            if !st.fill()? {
                break (st.buffered(), true);
            }
        };
        let Some(t) = &self.text else {
            let end = end.min(limit);
            let line = st.buf[st.pos..st.pos + end].to_vec();
            st.pos += end;
            return Ok(Value::Bytes(line));
        };
        let mut out = String::new();
        let line = &st.buf[st.pos..st.pos + end];
        let d = decode_into(line, t.enc, &t.errors, t.newline.is_none(), limit, complete, &mut out)?;
        st.pos += d.consumed;
        Ok(Value::Str(out))
    }

    fn seek(&self, st: &mut State, offset: i64, whence: i64) -> PyResult<u64> {
        let text = self.text.is_some();
        match whence {
            0..=2 => {}
            w if text => return Err(exc::value_error(format!("invalid whence ({w}, should be 0, 1 or 2)"))),
            w => return Err(exc::value_error(format!("whence value {w} unsupported"))),
        }
        if text {
            match (whence, offset) {
                (1, 0) => return st.tell(),
                (1, _) => return Err(unsupported("can't do nonzero cur-relative seeks")),
                (2, o) if o != 0 => return Err(unsupported("can't do nonzero end-relative seeks")),
                (0, o) if o < 0 => return Err(exc::value_error(format!("negative seek position {o}"))),
                _ => {}
            }
        }
        st.unread()?;
        let to = match whence {
            0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| exc::os_errno(libc::EINVAL, None, None))?),
            1 => SeekFrom::Current(offset),
            _ => SeekFrom::End(offset),
        };
        let at = st.f()?.seek(to).map_err(|e| io_err(&e))?;
        st.at_start = at == 0;
        Ok(at)
    }

    fn truncate(&self, st: &mut State, size: Option<i64>) -> PyResult<u64> {
        self.check_writable("truncate")?;
        st.unread()?;
        let size = match size {
            Some(n) => u64::try_from(n).map_err(|_| exc::os_errno(libc::EINVAL, None, None))?,
            None => st.tell()?,
        };
        st.f()?.set_len(size).map_err(|e| io_err(&e))?;
        Ok(size)
    }
}

fn int(v: u64) -> Val {
    Obj::Value(Value::from(v))
}

impl PyObject for File {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn instance_id(&self) -> i64 {
        self.id
    }
    fn methods(&self) -> &[&str] {
        METHODS
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn call_method(&self, this: &PyRef, name: &str, args: Args, cx: &Cx) -> PyResult<Val> {
        let size_arg = |args: Args, func: &str| -> PyResult<i64> {
            let [n] = args.bind(func, ["size?"])?;
            Ok(args::opt_int(func, n.as_ref())?.unwrap_or(-1))
        };
        match name {
            "close" | "__exit__" => {
                let mut st = self.lock();
                st.file = None;
                st.buf = Vec::new();
                st.pos = 0;
                return Ok(Obj::none());
            }
            "write" => {
                let [data] = args.bind("write", ["data"])?;
                let data = self.data(&args::req(data), cx)?;
                let mut st = self.open_state()?;
                self.check_writable("write")?;
                return Ok(int(self.write(&mut st, data)? as u64));
            }
            "writelines" => {
                let [lines] = args.bind("writelines", ["lines"])?;
                let lines = iterate(&args::req(lines), cx)?;
                let data = lines.iter().map(|l| self.data(l, cx)).collect::<PyResult<Vec<_>>>()?;
                let mut st = self.open_state()?;
                self.check_writable("writelines")?;
                for d in data {
                    self.write(&mut st, d)?;
                }
                return Ok(Obj::none());
            }
            _ => {}
        }
        let mut st = match self.open_state() {
            Err(_) if name == "fileno" => return Err(exc::value_error("I/O operation on closed file")),
            other => other?,
        };
        let st = &mut *st;
        Ok(match name {
            "__enter__" | "__iter__" => Obj::Local(this.clone()),
            "read" | "read1" | "readall" => {
                let n = if name == "readall" { args.none(name).map(|()| -1)? } else { size_arg(args, name)? };
                self.check_readable(name)?;
                Obj::Value(self.read(st, n)?)
            }
            "readline" => {
                let n = size_arg(args, name)?;
                self.check_readable(name)?;
                Obj::Value(self.readline(st, n)?)
            }
            "__next__" => {
                self.check_readable("readline")?;
                match self.readline(st, -1)? {
                    Value::Str(s) if s.is_empty() => return Err(exc::stop_iteration()),
                    Value::Bytes(b) if b.is_empty() => return Err(exc::stop_iteration()),
                    line => Obj::Value(line),
                }
            }
            "readlines" => {
                let [hint] = args.bind("readlines", ["hint?"])?;
                let hint = args::opt_int("readlines", hint.as_ref())?.unwrap_or(-1);
                self.check_readable(name)?;
                let (mut lines, mut total) = (Vec::new(), 0usize);
                loop {
                    let line = self.readline(st, -1)?;
                    let len = match &line {
                        Value::Str(s) => s.chars().count(),
                        Value::Bytes(b) => b.len(),
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
                Obj::Local(List::of_values(lines))
            }
            "seek" => {
                let [offset, whence] = args.bind("seek", ["offset", "whence?"])?;
                let offset = args::to_int("seek", &args::req(offset))?;
                let whence = args::opt_int("seek", whence.as_ref())?.unwrap_or(0);
                int(self.seek(st, offset, whence)?)
            }
            "tell" => {
                args.none("tell")?;
                int(st.tell()?)
            }
            "truncate" => {
                let [size] = args.bind("truncate", ["size?"])?;
                int(self.truncate(st, args::opt_int("truncate", size.as_ref())?)?)
            }
            "flush" => {
                args.none("flush")?;
                st.f()?.flush().map_err(|e| io_err(&e))?;
                Obj::none()
            }
            "fileno" => Obj::Value(Value::from(st.f()?.as_raw_fd())),
            "isatty" => Obj::Value(Value::Bool(st.f()?.is_terminal())),
            "readable" => Obj::Value(Value::Bool(self.readable)),
            "writable" => Obj::Value(Value::Bool(self.writable)),
            "seekable" => Obj::Value(Value::Bool(st.f()?.stream_position().is_ok())),
            _ => return Err(exc::attribute_error(self.type_name, name)),
        })
    }
    fn getattr(&self, _this: &PyRef, name: &str, _cx: &Cx) -> PyResult<Val> {
        let s = |v: &str| Ok(Obj::Value(Value::str(v)));
        match (name, &self.text) {
            ("closed", _) => Ok(Obj::Value(Value::Bool(self.lock().file.is_none()))),
            ("name", _) => Ok(Obj::Value(self.name.clone())),
            ("mode", _) => s(&self.mode),
            ("encoding", Some(t)) => s(&t.encoding),
            ("errors", Some(t)) => s(&t.errors),
            ("newlines", Some(_)) => Ok(Obj::none()),
            ("line_buffering", Some(_)) => Ok(Obj::Value(Value::Bool(false))),
            ("closefd", None) if self.kind == Kind::Raw => Ok(Obj::Value(Value::Bool(true))),
            _ => Err(exc::attribute_error(self.type_name, name)),
        }
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names = vec!["closed", "name", "mode"];
        if self.text.is_some() {
            names.extend(["encoding", "errors", "newlines", "line_buffering"]);
        }
        names.into_iter().map(String::from).collect()
    }
    fn repr(&self, _cx: &Cx) -> PyResult<String> {
        let name = &self.name;
        let mode = Value::str(self.mode.as_str());
        Ok(match (self.kind, &self.text) {
            (Kind::Text, Some(t)) => {
                format!("<_io.TextIOWrapper name={name} mode={mode} encoding={}>", Value::str(t.encoding.as_str()))
            }
            (Kind::Raw, _) if self.lock().file.is_none() => "<_io.FileIO [closed]>".to_owned(),
            (Kind::Raw, _) => format!("<_io.FileIO name={name} mode={mode} closefd=True>"),
            _ => format!("<{} name={name}>", self.type_name),
        })
    }
}
