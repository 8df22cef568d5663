//! The read-ahead buffer of a file object, and finding line ends in it.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom};

use super::codec::{Encoding, BOM};
use super::{closed, io_err, CHUNK};
use crate::runtime::exceptions::PyResult;

pub(super) struct State {
    pub(super) file: Option<fs::File>,
    /// Read-ahead: `buf[pos..]` is read from the file but not consumed.
    pub(super) buf: Vec<u8>,
    pub(super) pos: usize,
    /// At offset 0 since opening or seeking: where `utf-8-sig` skips or
    /// writes its BOM.
    pub(super) at_start: bool,
}

impl State {
    pub(super) fn f(&mut self) -> PyResult<&mut fs::File> {
        self.file.as_mut().ok_or_else(closed)
    }

    pub(super) fn buffered(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Reads one more chunk into the buffer; false at end of file.
    pub(super) fn fill(&mut self) -> PyResult<bool> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let f = self.file.as_mut().ok_or_else(closed)?;
        let result = loop {
            match f.read(&mut self.buf[old..]) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        match result {
            Ok(n) => {
                self.buf.truncate(old + n);
                Ok(n > 0)
            }
            Err(e) => {
                self.buf.truncate(old);
                Err(io_err(&e))
            }
        }
    }

    /// Everything left in the file, read in one go.
    pub(super) fn read_rest(&mut self) -> PyResult<Vec<u8>> {
        let mut out = std::mem::take(&mut self.buf);
        out.drain(..self.pos);
        self.pos = 0;
        let f = self.f()?;
        let left = match (f.metadata(), f.stream_position()) {
            (Ok(m), Ok(at)) => m.len().saturating_sub(at) as usize,
            _ => 0,
        };
        out.reserve(left.saturating_add(1));
        f.read_to_end(&mut out).map_err(|e| io_err(&e))?;
        Ok(out)
    }

    /// Drops the read-ahead, moving the file offset back to the logical
    /// position (before a write, seek or truncate).
    pub(super) fn unread(&mut self) -> PyResult<()> {
        let n = self.buffered();
        self.buf.clear();
        self.pos = 0;
        if n > 0 {
            self.f()?.seek(SeekFrom::Current(-(n as i64))).map_err(|e| io_err(&e))?;
        }
        Ok(())
    }

    pub(super) fn tell(&mut self) -> PyResult<u64> {
        let n = self.buffered() as u64;
        let at = self.f()?.stream_position().map_err(|e| io_err(&e))?;
        Ok(at.saturating_sub(n))
    }

    /// `utf-8-sig`: skips a BOM at the start of the file.
    pub(super) fn skip_bom(&mut self, enc: Encoding) -> PyResult<()> {
        if enc != Encoding::Utf8Sig || !self.at_start {
            return Ok(());
        }
        self.at_start = false;
        while self.buffered() < BOM.len() && self.fill()? {}
        if self.buf[self.pos..].starts_with(BOM) {
            self.pos += BOM.len();
        }
        Ok(())
    }
}

/// Where the first line of `buf` ends (after its terminator), looking from
/// `from`; `None` when more data is needed to tell.
pub(super) fn line_end(buf: &[u8], from: usize, newline: Option<&str>) -> Option<usize> {
    match newline {
        None | Some("") => {
            let k = from + buf[from..].iter().position(|b| *b == b'\n' || *b == b'\r')?;
            match (buf[k], buf.get(k + 1)) {
                (b'\n', _) => Some(k + 1),
                (_, Some(b'\n')) => Some(k + 2),
                (_, Some(_)) => Some(k + 1),
                (_, None) => None,
            }
        }
        Some(nl) => {
            let nl = nl.as_bytes();
            buf[from..].windows(nl.len()).position(|w| w == nl).map(|k| from + k + nl.len())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ends() {
        assert_eq!(line_end(b"ab\ncd", 0, None), Some(3));
        assert_eq!(line_end(b"ab\r\ncd", 0, None), Some(4));
        assert_eq!(line_end(b"ab\rcd", 0, None), Some(3));
        assert_eq!(line_end(b"ab\r", 0, None), None);
        assert_eq!(line_end(b"abcd", 0, None), None);
        assert_eq!(line_end(b"a\rb\r\nc", 0, Some("\r\n")), Some(5));
        assert_eq!(line_end(b"a\nb\rc", 0, Some("\r")), Some(4));
        assert_eq!(line_end(b"a\r\nb", 0, Some("")), Some(3));
    }
}
