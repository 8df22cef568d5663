//! Reading, writing and seeking a [`File`]: text is encoded on the way out
//! and decoded on the way in, with universal newlines, the `utf-8-sig`
//! BOM, and Python's limits on `read(n)` and `readline(n)`.

use std::io::{Read, Seek, SeekFrom, Write};

use super::buffer::{line_end, State};
use super::codec::{self, decode_into, Encoding, BOM};
use super::{bytes_like, io_err, unsupported, File, Kind};
use crate::platform::errno;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

/// What a write was given.
pub(super) enum Data {
    Text(std::sync::Arc<str>),
    Bytes(std::sync::Arc<[u8]>),
}

impl File {
    /// A write argument, converted before the file is locked (it may be a
    /// client object that has to be fetched).
    pub(super) fn data(&self, cx: &Cx, v: &Py) -> PyResult<Data> {
        if self.text.is_some() {
            return match v {
                Py::Str(s) => Ok(Data::Text(s.clone())),
                other => Err(exceptions::type_error(format!(
                    "write() argument must be str, not {}",
                    semantics::type_name(other)
                ))),
            };
        }
        bytes_like(cx, v).map(Data::Bytes)
    }

    /// Writes one argument; returns the count Python reports (characters
    /// for text, bytes for binary).
    pub(super) fn write(&self, st: &mut State, data: Data) -> PyResult<usize> {
        let (bytes, count) = match (data, &self.text) {
            (Data::Text(s), Some(t)) => {
                let count = s.chars().count();
                let s = match t.newline.as_deref() {
                    Some(nl @ ("\r" | "\r\n")) => s.replace('\n', nl),
                    _ => s.to_string(),
                };
                let mut bytes = codec::encode(&s, t.enc, &t.errors)?;
                if t.enc == Encoding::Utf8Sig && st.at_start && st.tell()? == 0 {
                    bytes.splice(0..0, BOM.iter().copied());
                }
                (bytes, count)
            }
            (Data::Bytes(b), None) => {
                let n = b.len();
                (b.to_vec(), n)
            }
            _ => return Err(exceptions::type_error("write() argument has the wrong type")),
        };
        st.unread()?;
        st.at_start = false;
        st.f()?.write_all(&bytes).map_err(|e| io_err(&e))?;
        Ok(count)
    }

    /// `read(n)`: all that is left when `n < 0`.
    pub(super) fn read(&self, st: &mut State, n: i64) -> PyResult<Py> {
        let Some(t) = &self.text else { return self.read_bytes(st, n).map(Py::bytes) };
        st.skip_bom(t.enc)?;
        let translate = t.newline.is_none();
        let mut out = String::new();
        if n < 0 {
            let raw = st.read_rest()?;
            out.reserve(raw.len());
            decode_into(&raw, t.enc, &t.errors, translate, usize::MAX, true, &mut out)?;
            return Ok(Py::from(out));
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
        Ok(Py::from(out))
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
            // Grown as data comes, so a huge `n` on a small file costs little.
            out.resize(n.min(old + (4 << 20)), 0);
            match f.read(&mut out[old..]) {
                Ok(0) => {
                    out.truncate(old);
                    break;
                }
                Ok(k) => out.truncate(old + k),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => out.truncate(old),
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
    pub(super) fn readline(&self, st: &mut State, limit: i64) -> PyResult<Py> {
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
            return Ok(Py::bytes(line));
        };
        let mut out = String::new();
        let line = &st.buf[st.pos..st.pos + end];
        let d = decode_into(line, t.enc, &t.errors, t.newline.is_none(), limit, complete, &mut out)?;
        st.pos += d.consumed;
        Ok(Py::from(out))
    }

    pub(super) fn seek(&self, st: &mut State, offset: i64, whence: i64) -> PyResult<u64> {
        let text = self.text.is_some();
        match whence {
            0..=2 => {}
            w if text => return Err(exceptions::value_error(format!("invalid whence ({w}, should be 0, 1 or 2)"))),
            w => return Err(exceptions::value_error(format!("whence value {w} unsupported"))),
        }
        if text {
            match (whence, offset) {
                (1, 0) => return st.tell(),
                (1, _) => return Err(unsupported("can't do nonzero cur-relative seeks")),
                (2, o) if o != 0 => return Err(unsupported("can't do nonzero end-relative seeks")),
                (0, o) if o < 0 => return Err(exceptions::value_error(format!("negative seek position {o}"))),
                _ => {}
            }
        }
        st.unread()?;
        let to = match whence {
            0 => SeekFrom::Start(u64::try_from(offset).map_err(|_| exceptions::os_errno(errno::EINVAL, None, None))?),
            1 => SeekFrom::Current(offset),
            _ => SeekFrom::End(offset),
        };
        let at = st.f()?.seek(to).map_err(|e| io_err(&e))?;
        st.at_start = at == 0;
        Ok(at)
    }

    pub(super) fn truncate(&self, st: &mut State, size: Option<i64>) -> PyResult<u64> {
        self.check_writable("truncate")?;
        st.unread()?;
        let size = match size {
            Some(n) => u64::try_from(n).map_err(|_| exceptions::os_errno(errno::EINVAL, None, None))?,
            None => st.tell()?,
        };
        st.f()?.set_len(size).map_err(|e| io_err(&e))?;
        Ok(size)
    }
}
