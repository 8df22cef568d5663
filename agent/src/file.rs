//! File objects (`_io.TextIOWrapper`, `_io.BufferedReader`, ...).
//! (Being written.)

use crate::args::Args;
use crate::context::Cx;
use crate::exc::{self, PyResult};
use crate::object::Val;

pub fn open(_cx: &Cx, _args: Args) -> PyResult<Val> {
    Err(exc::not_implemented("open"))
}

pub fn decode_text(bytes: &[u8], _encoding: Option<&str>, _errors: Option<&str>) -> PyResult<String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| exc::new("UnicodeDecodeError", e.to_string()))
}
