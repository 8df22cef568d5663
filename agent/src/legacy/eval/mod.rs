//! `conn.eval` / `conn.execute`: a documented subset of Python, run
//! natively (there is no Python on the host).
//!
//! Names resolve in the connection's namespace (`conn.namespace`, the
//! globals shared by `eval` and `execute`), then in `builtins`; `import`
//! binds the agent's native modules there.
//!
//! **Expressions** (`eval`, and anywhere in `execute`):
//! - literals: int (decimal, `0x`/`0o`/`0b`, `_` separators, unbounded),
//!   float, complex (`1j`), str and bytes with every escape but `\N{...}`,
//!   prefixes `r`, `b`, `u`, `f`, adjacent literals concatenated, `True`,
//!   `False`, `None`, `...`;
//! - f-strings: `{expr}`, `{expr!r}` / `!s` / `!a`, `{expr=}`, and a format
//!   spec `{expr:spec}` handed to `builtins.format` (no nested `{}` in it);
//! - names, attributes `a.b`, calls `f(x, *args, k=v, **kw)`, subscripts
//!   `a[i]`, slices `a[1:3]`, `a[::-1]`, `a[i, j:k]`;
//! - operators with Python's precedence: `**`, unary `- + ~`,
//!   `* / // % @`, `+ -`, `<< >>`, `&`, `^`, `|`, comparisons (chained)
//!   `== != < <= > >= in not in is is not`, `not`, `and`, `or`,
//!   `a if c else b`;
//! - displays: tuples, lists, dicts, sets, with `*x` / `**m` unpacking.
//!
//! **Statements** (`execute`; separated by newlines or `;`): expression
//! statements, assignment `x = y = expr`, unpacking `a, *b = expr`,
//! attribute and item assignment `o.x = v`, `d[k] = v`, augmented
//! assignment `x += 1` (every binary operator), `import a.b`,
//! `import a as b`, `from a import b, c as d`, `from a import *`,
//! `del x, d[k], o.x`, `pass`, `assert cond, msg`.
//!
//! **Semantics**: int, float, complex, bool, str, bytes and tuple follow
//! Python (ints never overflow; floor division and modulo take the sign of
//! the divisor; `/` is true division; int/float comparisons are exact;
//! CPython's `ZeroDivisionError` messages); `+` and `*` make new lists,
//! `+=` extends a list in place; `in` asks `__contains__`; `==` compares
//! containers by value and other objects by identity; `is` is identity for
//! objects and equality of type and value for plain values; `and`/`or`
//! return an operand; comparisons return bool. Client objects met in the
//! namespace are used by value (fetched like `rpyc.classic.obtain`) and
//! cannot be called. Methods of plain values (`'a'.upper()`) and
//! printf-style `%` formatting are not available (a `TypeError`).
//!
//! **Not supported** (a `SyntaxError` that names the construct and says
//! rpyc-agent evaluates a subset of Python): `def`, `class`, `lambda`,
//! `if`/`for`/`while`/`with`/`try` blocks, `return`, `raise`, `yield`,
//! `global`, comprehensions and generator expressions, `:=`, decorators,
//! annotations, `async`/`await`. Relative imports raise `ImportError`.
//! Compile errors carry `msg`, `filename` (`<string>`), `lineno`, `offset`
//! and `text`, like CPython's.
//!
//! **Limits**: source at most 1 MiB (`ValueError`); nesting at most 100
//! levels (`RecursionError`); integers at most 2²⁰ bits, tuples and
//! repeated sequences at most 2²⁰ items, str and bytes at most 256 MiB
//! (`MemoryError`); decimal literals at most 4300 digits, as in CPython.

mod ast;
mod expr;
mod interp;
mod lexer;
mod num;
pub mod ops;
mod parser;
mod strings;
mod subscript;

use rpyc_protocol::{ExceptionPayload, RemoteException, Value};

use crate::legacy::context::Cx;
use crate::legacy::exc::{self, PyResult};
use crate::legacy::object::Val;

/// Longest source `eval`/`execute` accept.
pub const MAX_SOURCE: usize = 1 << 20;
/// Deepest nesting of expressions.
pub const MAX_DEPTH: usize = 100;
/// Most stack parsing or evaluating one source may use, whatever the
/// build's frame sizes: beyond it, `RecursionError` (the agent's threads
/// have 2 MiB).
pub const MAX_STACK: usize = 1 << 20;

/// The current stack position, to measure how much stack a recursion uses.
#[inline(never)]
fn stack_mark() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// `conn.eval(source)`: the value of one expression.
pub fn eval(cx: &Cx, source: &str) -> PyResult<Val> {
    check_source(source)?;
    let node = parser::parse_eval(source).map_err(|e| syntax_error(e, source))?;
    interp::Interp::new(cx)?.eval(&node)
}

/// `conn.execute(source)`: runs statements.
pub fn execute(cx: &Cx, source: &str) -> PyResult<()> {
    check_source(source)?;
    let stmts = parser::parse_exec(source).map_err(|e| syntax_error(e, source))?;
    interp::Interp::new(cx)?.exec(&stmts)
}

fn check_source(source: &str) -> PyResult<()> {
    if source.len() > MAX_SOURCE {
        return Err(exc::value_error(format!(
            "source is {} bytes; rpyc-agent's eval/execute take at most {MAX_SOURCE} bytes",
            source.len()
        )));
    }
    if let Some(at) = source.find('\0') {
        let line = source[..at].matches('\n').count() + 1;
        let col = source[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let e = lexer::err("source code string cannot contain null bytes", line, col);
        return Err(syntax_error(e, source));
    }
    Ok(())
}

/// A compile error as Python raises it: `SyntaxError(msg, (filename,
/// lineno, offset, text, end_lineno, end_offset))` with those attributes.
fn syntax_error(e: lexer::SyntaxErr, source: &str) -> ExceptionPayload {
    if e.kind == "RecursionError" {
        return exc::new("RecursionError", format!("{} (line {})", e.msg, e.line));
    }
    let text = source.split(['\n']).nth(e.line.saturating_sub(1)).unwrap_or("").trim_end_matches('\r');
    let (line, col) = (e.line as i64, e.col as i64);
    let caret = " ".repeat(e.col.saturating_sub(1).min(text.chars().count()));
    let tb = format!("  File \"<string>\", line {line}\n    {text}\n    {caret}^\n{}: {}\n", e.kind, e.msg);
    exc::raise(
        RemoteException::builtin(
            e.kind,
            vec![
                Value::str(e.msg.as_str()),
                Value::Tuple(vec![
                    Value::str("<string>"),
                    Value::Int(line),
                    Value::Int(col),
                    Value::str(text),
                    Value::Int(line),
                    Value::Int(col),
                ]),
            ],
        )
        .with_attr("msg", e.msg.as_str())
        .with_attr("filename", "<string>")
        .with_attr("lineno", line)
        .with_attr("offset", col)
        .with_attr("text", text)
        .with_attr("end_lineno", line)
        .with_attr("end_offset", col)
        .with_traceback(tb),
    )
}

#[cfg(test)]
mod tests;
