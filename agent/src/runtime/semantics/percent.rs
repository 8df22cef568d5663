//! printf-style formatting: `str % args` and `bytes % args`.

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

pub fn format_str(_cx: &Cx, _fmt: &str, _args: &Py) -> PyResult<String> {
    Err(exceptions::not_implemented("printf-style formatting"))
}

pub fn format_bytes(_cx: &Cx, _fmt: &[u8], _args: &Py) -> PyResult<Vec<u8>> {
    Err(exceptions::not_implemented("printf-style formatting"))
}
