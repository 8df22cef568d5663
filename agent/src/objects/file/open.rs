//! `builtins.open(file, mode='r', buffering=-1, encoding=None,
//! errors=None, newline=None, closefd=True, opener=None)`.

use std::fs;
use std::io::{Seek, SeekFrom};
use std::sync::Mutex;

use super::buffer::State;
use super::codec::Encoding;
use super::mode::parse_mode;
use super::{File, Kind, Text, BUFFERED_RANDOM, BUFFERED_READER, BUFFERED_WRITER, FILE_IO, TEXT_IO_WRAPPER};
use crate::platform::errno;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

/// The OSError of opening `name` (its `filename` is the path as given,
/// bytes staying bytes).
fn open_error(e: &std::io::Error, name: &Py) -> PyErr {
    let err = exceptions::os_error(e, None);
    if e.raw_os_error().is_some() {
        err.with_attr("filename", name.clone())
    } else {
        err
    }
}

pub fn open(cx: &Cx, args: Args) -> PyResult<Py> {
    let [file, mode, buffering, encoding, errors, newline, closefd, opener] =
        args.bind("open", ["file", "mode?", "buffering?", "encoding?", "errors?", "newline?", "closefd?", "opener?"])?;
    let file = req(file);
    if let Py::Int(_) | Py::Bool(_) = file {
        return Err(exceptions::not_implemented("open() of a file descriptor"));
    }
    let name = semantics::fspath(cx, &file)?;
    let settings = Settings::new(cx, [mode, buffering, encoding, errors, newline])?;
    if !args::opt_bool(cx, closefd.as_ref(), true)? {
        return Err(exceptions::value_error("Cannot use closefd=False with file name"));
    }
    if opener.is_some_and(|o| !o.is_none()) {
        return Err(exceptions::not_implemented("open(opener=...)"));
    }
    let m = &settings.mode;
    let path = semantics::fspath_buf(cx, &name)?;
    let mut opts = fs::OpenOptions::new();
    opts.read(settings.readable).write(settings.writable && !m.append).append(m.append);
    if m.create {
        opts.create_new(true);
    } else if m.write {
        opts.create(true).truncate(true);
    } else if m.append {
        opts.create(true);
    }
    let f = opts.open(&path).map_err(|e| open_error(&e, &name))?;
    if f.metadata().is_ok_and(|md| md.is_dir()) {
        return Err(open_error(&std::io::Error::from_raw_os_error(errno::EISDIR), &name));
    }
    settings.finish(f, name)
}

/// A file object over a file the agent opened itself (a temporary file,
/// the pipe of `os.popen`), as `open(fd, mode, buffering, encoding,
/// errors, newline)` makes one; `name` is its `name` attribute.
pub fn open_file(cx: &Cx, f: fs::File, name: Py, args: [Option<Py>; 5]) -> PyResult<Py> {
    Settings::new(cx, args)?.finish(f, name)
}

/// What `open`'s arguments (but the file) ask for.
struct Settings {
    mode_text: String,
    mode: super::mode::Mode,
    buffering: i64,
    text: Option<Text>,
    readable: bool,
    writable: bool,
}

impl Settings {
    /// From `mode, buffering, encoding, errors, newline`.
    fn new(_cx: &Cx, [mode, buffering, encoding, errors, newline]: [Option<Py>; 5]) -> PyResult<Settings> {
        let mode = args::opt_str("open", mode.as_ref())?.unwrap_or_else(|| "r".into());
        let m = parse_mode(&mode)?;
        let buffering = args::opt_int("open", buffering.as_ref())?.unwrap_or(-1);
        let encoding = args::opt_str("open", encoding.as_ref())?;
        let errors = args::opt_str("open", errors.as_ref())?;
        let newline = args::opt_str("open", newline.as_ref())?;
        if m.binary {
            for (given, what) in [(&encoding, "an encoding"), (&errors, "an errors"), (&newline, "a newline")] {
                if given.is_some() {
                    return Err(exceptions::value_error(format!("binary mode doesn't take {what} argument")));
                }
            }
        } else if buffering == 0 {
            return Err(exceptions::value_error("can't have unbuffered text I/O"));
        }
        if let Some(nl) = &newline {
            if !matches!(nl.as_str(), "" | "\n" | "\r" | "\r\n") {
                return Err(exceptions::value_error(format!("illegal newline value: {nl}")));
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
        let (readable, writable) = (m.read || m.plus, !m.read || m.plus);
        Ok(Settings { mode_text: mode, mode: m, buffering, text, readable, writable })
    }

    fn finish(self, mut f: fs::File, name: Py) -> PyResult<Py> {
        let Settings { mode_text: mode, mode: m, buffering, text, readable, writable } = self;
        let mut at = 0;
        if m.append {
            at = f.seek(SeekFrom::End(0)).map_err(|e| open_error(&e, &name))?;
        } else if let Ok(pos) = f.stream_position() {
            at = pos;
        }
        let (kind, ty) = match (&text, buffering, readable, writable) {
            (Some(_), ..) => (Kind::Text, &TEXT_IO_WRAPPER),
            (None, 0, ..) => (Kind::Raw, &FILE_IO),
            (None, _, true, true) => (Kind::Buffered, &BUFFERED_RANDOM),
            (None, _, true, false) => (Kind::Buffered, &BUFFERED_READER),
            (None, ..) => (Kind::Buffered, &BUFFERED_WRITER),
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
        Ok(Py::obj(File {
            ty: TypeRef::clone(ty),
            kind,
            name,
            mode,
            readable,
            writable,
            text,
            state: Mutex::new(State { file: Some(f), buf: Vec::new(), pos: 0, at_start: at == 0 }),
        }))
    }
}
