//! The storage both in-memory streams share: items (characters for
//! `StringIO`, bytes for `BytesIO`), a position that may lie past the end,
//! and whether the stream is closed.

pub struct Buffer<T> {
    pub data: Vec<T>,
    pub pos: usize,
    pub closed: bool,
}

impl<T: Copy + Default> Buffer<T> {
    pub fn new(data: Vec<T>) -> Buffer<T> {
        Buffer { data, pos: 0, closed: false }
    }

    /// Up to `size` items from the position (all when `None`), advancing.
    pub fn read(&mut self, size: Option<usize>) -> Vec<T> {
        let start = self.pos.min(self.data.len());
        let end = size.map_or(self.data.len(), |n| start.saturating_add(n).min(self.data.len()));
        self.pos = end.max(self.pos);
        self.data[start..end].to_vec()
    }

    /// The items from the position on, at most `limit`.
    pub fn rest(&self, limit: Option<usize>) -> &[T] {
        let start = self.pos.min(self.data.len());
        let end = limit.map_or(self.data.len(), |n| start.saturating_add(n).min(self.data.len()));
        &self.data[start..end]
    }

    /// Writes at the position (padding with zeros past the end), advancing.
    /// Writing nothing changes nothing, even past the end (as CPython).
    pub fn write(&mut self, items: &[T]) {
        if items.is_empty() {
            return;
        }
        if self.pos > self.data.len() {
            self.data.resize(self.pos, T::default());
        }
        let end = (self.pos + items.len()).min(self.data.len());
        self.data.splice(self.pos..end, items.iter().copied());
        self.pos += items.len();
    }

    /// `truncate(size)`: cut at `size` (the position when `None`); the
    /// position stays.
    pub fn truncate(&mut self, size: Option<usize>) -> usize {
        let size = size.unwrap_or(self.pos);
        if size < self.data.len() {
            self.data.truncate(size);
        }
        size
    }

    pub fn close(&mut self) {
        self.closed = true;
        self.data = Vec::new();
    }
}

/// A `truncate` size argument: `None` for the position, refused when
/// negative with the stream's own message.
pub fn truncate_size(
    v: Option<crate::runtime::value::Py>,
    negative: &str,
) -> crate::runtime::exceptions::PyResult<Option<usize>> {
    use crate::runtime::value::Py;
    match v {
        None | Some(Py::None) => Ok(None),
        Some(v) => {
            let n = super::int_arg(&v)?;
            if n < 0 {
                return Err(crate::runtime::exceptions::value_error(format!("{negative} {n}")));
            }
            Ok(Some(n as usize))
        }
    }
}
