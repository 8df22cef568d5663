//! `conn.eval` / `conn.execute`: a documented subset of Python.
//! (Being written: the interpreter lands in this module.)

pub mod ops;

use crate::context::Cx;
use crate::exc::{self, PyResult};
use crate::object::Val;

pub fn eval(_cx: &Cx, source: &str) -> PyResult<Val> {
    Err(exc::new("SyntaxError", format!("rpyc-agent cannot evaluate {source:?} yet")))
}

pub fn execute(_cx: &Cx, source: &str) -> PyResult<()> {
    Err(exc::new("SyntaxError", format!("rpyc-agent cannot execute {source:?} yet")))
}
