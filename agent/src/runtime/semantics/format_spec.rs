//! The format mini-language (`format(x, spec)`, f-strings, `str.format`)
//! for int, bool, float, complex and str.

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

/// `format(v, spec)` for the builtin kinds.
pub fn format_value(cx: &Cx, v: &Py, spec: &str) -> PyResult<String> {
    if spec.is_empty() {
        return super::str(cx, v);
    }
    Err(exceptions::not_implemented("format specifications"))
}
