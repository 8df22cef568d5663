//! The string a pattern is applied to: str (positions in code points, as
//! Python counts them, over UTF-8 text) or bytes-like (positions in
//! bytes), with the conversions between the two kinds of offsets.

use std::cell::Cell;
use std::sync::Arc;

use super::engine::{Hay, Spans};
use crate::modules::buffer;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

#[derive(Clone)]
pub enum Text {
    Str(Arc<str>),
    Bytes(Arc<[u8]>),
}

/// A subject and a cursor for offset conversions (searches move forward,
/// so converting from the last offset keeps iteration linear).
pub struct Subject {
    pub text: Text,
    ascii: bool,
    cursor: Cell<(usize, usize)>,
}

impl Subject {
    /// The subject argument of a pattern of the given kind.
    pub fn of(v: &Py, pattern_is_bytes: bool) -> PyResult<Subject> {
        let text = match v {
            Py::Str(s) => {
                if pattern_is_bytes {
                    return Err(exceptions::type_error("cannot use a bytes pattern on a string-like object"));
                }
                Text::Str(s.clone())
            }
            other => match buffer::buffer_of(other) {
                Some(b) => {
                    if !pattern_is_bytes {
                        return Err(exceptions::type_error("cannot use a string pattern on a bytes-like object"));
                    }
                    Text::Bytes(b)
                }
                None => {
                    return Err(exceptions::type_error(format!(
                        "expected string or bytes-like object, got '{}'",
                        semantics::type_name(other)
                    )))
                }
            },
        };
        Ok(Subject::new(text))
    }

    pub fn new(text: Text) -> Subject {
        let ascii = match &text {
            Text::Str(s) => s.is_ascii(),
            Text::Bytes(_) => true,
        };
        Subject { text, ascii, cursor: Cell::new((0, 0)) }
    }

    /// A subject whose ASCII-ness and conversion cursor are known from
    /// earlier use (an iteration resumed).
    pub fn resumed(text: Text, ascii: bool, cursor: (usize, usize)) -> Subject {
        Subject { text, ascii, cursor: Cell::new(cursor) }
    }

    pub fn is_ascii(&self) -> bool {
        self.ascii
    }

    /// The last conversion point (byte offset, code point index).
    pub fn cursor(&self) -> (usize, usize) {
        self.cursor.get()
    }

    /// Length in Python's units.
    pub fn len(&self) -> usize {
        match &self.text {
            Text::Str(s) if !self.ascii => s.chars().count(),
            Text::Str(s) => s.len(),
            Text::Bytes(b) => b.len(),
        }
    }

    /// The subject up to byte offset `end`.
    pub fn hay(&self, end: usize) -> Hay<'_> {
        match &self.text {
            Text::Str(s) => Hay::Str(&s[..end]),
            Text::Bytes(b) => Hay::Bytes(&b[..end]),
        }
    }

    /// Code point index → byte offset.
    pub fn to_byte(&self, index: usize) -> usize {
        match &self.text {
            Text::Str(s) if !self.ascii => s.char_indices().nth(index).map_or(s.len(), |(i, _)| i),
            _ => index,
        }
    }

    /// Byte offset → code point index.
    pub fn to_index(&self, byte: usize) -> usize {
        let Text::Str(s) = &self.text else { return byte };
        if self.ascii {
            return byte;
        }
        let (b0, i0) = self.cursor.get();
        let index = if byte >= b0 { i0 + s[b0..byte].chars().count() } else { s[..byte].chars().count() };
        self.cursor.set((byte, index));
        index
    }

    /// Spans in Python's units.
    pub fn indices(&self, spans: &Spans) -> Spans {
        spans.iter().map(|s| s.map(|(a, b)| (self.to_index(a), self.to_index(b)))).collect()
    }

    /// The text between two byte offsets, as a value of the subject's kind.
    pub fn slice(&self, start: usize, end: usize) -> Py {
        match &self.text {
            Text::Str(s) => Py::str(&s[start..end]),
            Text::Bytes(b) => Py::bytes(b[start..end].to_vec()),
        }
    }

    /// `(pos, endpos)` clamped as SRE clamps them, in both units:
    /// `(pos_index, end_index, pos_byte, end_byte)`.
    pub fn bounds(&self, pos: i64, endpos: i64) -> (usize, usize, usize, usize) {
        let len = self.len() as i64;
        let pos = pos.clamp(0, len) as usize;
        let end = endpos.clamp(0, len) as usize;
        (pos, end, self.to_byte(pos), self.to_byte(end))
    }
}
