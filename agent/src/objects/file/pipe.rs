//! File objects over one end of a pipe to a child (`Popen.stdin`,
//! `.stdout`, `.stderr`), as CPython's `Popen` makes them: named by the
//! descriptor, `BufferedReader`/`BufferedWriter` (`FileIO` without
//! buffering), or a `TextIOWrapper` without a `mode` in text mode.

use std::os::fd::OwnedFd;
use std::sync::Mutex;

use super::buffer::State;
use super::codec::Encoding;
use super::{File, Kind, Text, BUFFERED_READER, BUFFERED_WRITER, FILE_IO, TEXT_IO_WRAPPER};
use crate::runtime::exceptions::PyResult;
use crate::runtime::types::TypeRef;
use crate::runtime::value::Py;

/// Text settings of a pipe's file object.
pub struct PipeText {
    /// The `encoding` attribute (`UTF-8` when none was given).
    pub shown: String,
    /// The codec.
    pub encoding: String,
    pub errors: String,
}

/// A file object over the agent's end of a pipe; `raw` is `bufsize=0`.
pub fn pipe_file(fd: OwnedFd, reading: bool, text: Option<PipeText>, raw: bool) -> PyResult<Py> {
    use std::os::fd::AsRawFd;
    let name = Py::Int(fd.as_raw_fd().into());
    let text = match text {
        Some(t) => {
            Some(Text { enc: Encoding::lookup(&t.encoding)?, encoding: t.shown, errors: t.errors, newline: None })
        }
        None => None,
    };
    let (kind, ty, mode) = match (&text, raw, reading) {
        (Some(_), ..) => (Kind::Text, &TEXT_IO_WRAPPER, ""),
        (None, true, true) => (Kind::Raw, &FILE_IO, "rb"),
        (None, true, false) => (Kind::Raw, &FILE_IO, "wb"),
        (None, false, true) => (Kind::Buffered, &BUFFERED_READER, "rb"),
        (None, false, false) => (Kind::Buffered, &BUFFERED_WRITER, "wb"),
    };
    Ok(Py::obj(File {
        ty: TypeRef::clone(ty),
        kind,
        name,
        mode: mode.to_owned(),
        readable: reading,
        writable: !reading,
        text,
        state: Mutex::new(State { file: Some(std::fs::File::from(fd)), buf: Vec::new(), pos: 0, at_start: true }),
    }))
}

/// Takes the descriptor out of a file object (which is then closed) with
/// the bytes it had read ahead: for `communicate`, which reads the pipe
/// itself. `None` when the value is not an open file.
pub fn take_pipe(v: &Py) -> Option<(OwnedFd, Vec<u8>)> {
    let f = v.downcast::<File>()?;
    let mut st = f.lock();
    let file = st.file.take()?;
    let ahead = st.buf.get(st.pos..).map(<[u8]>::to_vec).unwrap_or_default();
    st.buf = Vec::new();
    st.pos = 0;
    Some((OwnedFd::from(file), ahead))
}
