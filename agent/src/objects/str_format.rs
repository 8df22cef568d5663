//! `str.format` and `str.format_map`: replacement fields with indices,
//! names, attributes and items, conversions and nested format specs.

use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::value::Py;

/// `template.format(*args, **kwargs)`.
pub fn format(_cx: &Cx, _template: &str, _args: Args) -> PyResult<String> {
    Err(exceptions::not_implemented("str.format"))
}

/// `template.format_map(mapping)`.
pub fn format_map(_cx: &Cx, _template: &str, _mapping: &Py) -> PyResult<String> {
    Err(exceptions::not_implemented("str.format_map"))
}
