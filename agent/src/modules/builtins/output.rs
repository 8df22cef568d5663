//! `print`: to the client's `sys.stdout` when the client redirected it
//! (`rpyc.classic.redirected_stdout`), else to the agent's log — never to
//! the agent's own stdout, which may be the protocol stream.

use crate::objects::attr;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub fn print(cx: &Cx, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let mut rest = Args::new(Vec::new(), kw);
    let sep = rest.take_kw("sep");
    let end = rest.take_kw("end");
    let file = rest.take_kw("file");
    let flush = rest.take_kw("flush");
    rest.no_kw("print")?;
    let text_arg = |v: Option<Py>, default: &str, what: &str| -> PyResult<String> {
        match v {
            None | Some(Py::None) => Ok(default.to_owned()),
            Some(Py::Str(s)) => Ok(s.to_string()),
            Some(other) => Err(exceptions::type_error(format!(
                "{what} must be None or a string, not {}",
                semantics::type_name(&other)
            ))),
        }
    };
    let sep = text_arg(sep, " ", "sep")?;
    let end = text_arg(end, "\n", "end")?;
    let mut text = String::new();
    for (i, v) in pos.iter().enumerate() {
        if i > 0 {
            text.push_str(&sep);
        }
        text.push_str(&semantics::str(cx, v)?);
    }
    text.push_str(&end);
    let target = match file {
        Some(f) if !f.is_none() => Some(f),
        _ => cx.session.stdout.lock().unwrap_or_else(|e| e.into_inner()).clone(),
    };
    match target {
        // `sys.stdout = None`: CPython's print writes nothing.
        Some(Py::None) => {}
        Some(f) => {
            attr::call_method(cx, &f, "write", Args::one(Py::str(text)))?;
            if args::opt_bool(cx, flush.as_ref(), false)? {
                attr::call_method(cx, &f, "flush", Args::default())?;
            }
        }
        None => crate::log::info(&format!("print: {}", text.trim_end_matches('\n'))),
    }
    Ok(Py::None)
}
