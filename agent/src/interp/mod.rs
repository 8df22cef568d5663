//! The interpreter behind `conn.eval` / `conn.execute`: a real subset of
//! Python with Python's grammar and semantics, run natively.
//!
//! - [`lexer`], [`strings`]: tokens, indentation, literals, f-strings.
//! - [`parser`]: statements and expressions to the tree in [`ast`], and the
//!   names each scope uses; [`scope`] resolves them (locals, cells, globals).
//! - [`exec`]: runs the tree against the connection's namespace.
//!
//! The subset it runs, and its limits, are written down once, for users:
//! README.md, "The agent's Python". Anything outside it is a `SyntaxError`
//! that names the construct.

pub mod ast;
pub mod exec;
pub mod lexer;
pub mod parser;
pub mod scope;
mod strings;

#[cfg(test)]
mod tests;

use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::value::Py;

/// Longest source `eval`/`execute` accept.
pub const MAX_SOURCE: usize = 1 << 20;

/// `conn.eval(source)`: the value of one expression in the namespace.
pub fn eval(cx: &Cx, source: &str) -> PyResult<Py> {
    check_source(cx, source)?;
    let code = parser::parse_eval(source).map_err(|e| syntax_error(cx, e, source))?;
    exec::run_module(cx, &code, exec::namespace(cx)?)
}

/// `conn.execute(source)`: runs statements in the namespace.
pub fn execute(cx: &Cx, source: &str) -> PyResult<()> {
    check_source(cx, source)?;
    let code = parser::parse_module(source).map_err(|e| syntax_error(cx, e, source))?;
    exec::run_module(cx, &code, exec::namespace(cx)?).map(drop)
}

fn check_source(cx: &Cx, source: &str) -> PyResult<()> {
    if source.len() > MAX_SOURCE {
        return Err(exceptions::value_error(format!(
            "source is {} bytes; rpyc-agent's eval/execute take at most {MAX_SOURCE} bytes",
            source.len()
        )));
    }
    if let Some(at) = source.find('\0') {
        let line = source[..at].matches('\n').count() + 1;
        let col = source[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let e = lexer::err("source code string cannot contain null bytes", line, col);
        return Err(syntax_error(cx, e, source));
    }
    Ok(())
}

/// A compile error as Python raises it: `SyntaxError(msg, (filename,
/// lineno, offset, text, end_lineno, end_offset))` with those attributes.
pub fn syntax_error(_cx: &Cx, e: lexer::SyntaxErr, source: &str) -> PyErr {
    if e.kind == "RecursionError" {
        return exceptions::recursion_error(format!("{} (line {})", e.msg, e.line));
    }
    let text = source.split('\n').nth(e.line.saturating_sub(1)).unwrap_or("").trim_end_matches('\r');
    let (line, col) = (e.line as i64, e.col as i64);
    let details = Py::tuple(vec![
        Py::str("<string>"),
        Py::Int(line),
        Py::Int(col),
        Py::str(format!("{text}\n")),
        Py::Int(line),
        Py::Int(col),
    ]);
    PyErr::new(exceptions::exc_type(e.kind), vec![Py::str(e.msg.as_str()), details])
        .with_attr("msg", Py::str(e.msg.as_str()))
        .with_attr("filename", Py::str("<string>"))
        .with_attr("lineno", Py::Int(line))
        .with_attr("offset", Py::Int(col))
        .with_attr("text", Py::str(format!("{text}\n")))
        .with_attr("end_lineno", Py::Int(line))
        .with_attr("end_offset", Py::Int(col))
        .with_attr("print_file_and_line", Py::None)
}
