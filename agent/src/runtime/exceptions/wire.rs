//! Exceptions on the wire: an agent exception as the client's vinegar
//! reads it, and a client exception as an agent instance.

use rpyc_protocol::{ExceptionPayload, RemoteException, Value};

use super::instance::ExcObj;
use super::{class_for, PyErr};
use crate::runtime::context::Cx;
use crate::runtime::semantics;
use crate::runtime::value::Py;

impl PyErr {
    /// An exception the client raised (in a callback), as an instance of
    /// the agent's class of that name; sent back unchanged if it leaves
    /// the agent again.
    pub fn from_payload(payload: ExceptionPayload, cx: &Cx) -> PyErr {
        match payload {
            ExceptionPayload::StopIteration => super::stop_iteration(),
            ExceptionPayload::Exception(r) => {
                let class = class_for(&r.module, &r.name);
                let args: Vec<Py> = r.args.iter().cloned().map(|v| (cx.hooks.from_value)(v)).collect();
                let e = ExcObj::new(class, args);
                for (k, v) in &r.attrs {
                    if k != "_remote_version" {
                        e.set_attr(k, (cx.hooks.from_value)(v.clone()));
                    }
                }
                e.set_remote(r);
                PyErr(std::sync::Arc::new(e))
            }
        }
    }

    /// The exception as the client's vinegar reads it: class by module and
    /// name, args and public attributes by value (their repr when they
    /// cannot go by value), and a traceback in Python's words.
    pub fn to_payload(&self, cx: &Cx) -> ExceptionPayload {
        let e = &self.0;
        if let Some(r) = e.remote() {
            return ExceptionPayload::Exception(r);
        }
        let class = &e.class;
        if class.name == "StopIteration" && class.module == "builtins" {
            return ExceptionPayload::StopIteration;
        }
        let by_value = |v: &Py| -> Value {
            match semantics::to_value(cx, v) {
                Ok(value) if value.is_dumpable() => value,
                _ => Value::Str(semantics::repr(cx, v).unwrap_or_else(|_| "<unprintable>".into())),
            }
        };
        let args: Vec<Value> = e.args().iter().map(by_value).collect();
        let mut attrs: Vec<(String, Value)> = e
            .attrs()
            .into_iter()
            .filter(|(k, _)| !k.starts_with('_'))
            .map(|(k, v)| {
                let value = by_value(&v);
                (k, value)
            })
            .collect();
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        let message = self.message(cx);
        ExceptionPayload::Exception(RemoteException {
            module: class.module.to_string(),
            name: class.name.to_string(),
            args,
            attrs,
            traceback: traceback_text(self, &message),
        })
    }
}

/// Python's traceback text for an exception of the agent: the frames the
/// interpreter recorded (outermost first), then `Class: message`.
pub fn traceback_text(err: &PyErr, message: &str) -> String {
    let mut out = String::from("Traceback (most recent call last):\n");
    let frames = err.0.frames();
    if frames.is_empty() {
        out.push_str(&format!("  rpyc-agent {} (native, no Python frames)\n", env!("CARGO_PKG_VERSION")));
    }
    for f in frames.iter().rev() {
        out.push_str(&format!("  File \"{}\", line {}, in {}\n", f.file, f.line, f.name));
        if let Some(text) = &f.text {
            out.push_str(&format!("    {}\n", text.trim()));
        }
    }
    let name = err.class().display_name();
    if message.is_empty() {
        out.push_str(&format!("{name}\n"));
    } else {
        out.push_str(&format!("{name}: {message}\n"));
    }
    out
}
