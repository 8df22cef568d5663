//! Remote exceptions (`rpyc/core/vinegar.py`).
//!
//! An exception travels unboxed as
//! `((module, class_name), args, ((attr, value), ...), traceback_text)`, or
//! as the int `1` for StopIteration. [`RemoteException`] keeps every part, so
//! a remote `FileNotFoundError` is a Rust value with its errno, filename and
//! the remote traceback; [`is_subclass`] answers `except OSError:` questions
//! for the builtin hierarchy.

use std::fmt;

use crate::consts::EXC_STOP_ITERATION;
use crate::message::MessageError;
use crate::value::Value;

/// The rpyc version an exception claims to come from (`_remote_version`).
pub const REMOTE_VERSION: &str = "6.0.2";

/// An exception raised on the other side.
#[derive(Debug, Clone, PartialEq)]
pub struct RemoteException {
    pub module: String,
    pub name: String,
    pub args: Vec<Value>,
    /// Public attributes (`errno`, `filename`, `returncode`, ...).
    pub attrs: Vec<(String, Value)>,
    pub traceback: String,
}

/// What an exception message carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ExceptionPayload {
    StopIteration,
    Exception(RemoteException),
}

impl RemoteException {
    /// An exception of a `builtins` class.
    pub fn builtin(name: &str, args: Vec<Value>) -> Self {
        Self::new("builtins", name, args)
    }

    pub fn new(module: &str, name: &str, args: Vec<Value>) -> Self {
        RemoteException {
            module: module.to_owned(),
            name: name.to_owned(),
            args,
            attrs: Vec::new(),
            traceback: String::new(),
        }
    }

    /// Adds an attribute (builder style).
    pub fn with_attr(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.attrs.push((name.to_owned(), value.into()));
        self
    }

    pub fn with_traceback(mut self, tb: impl Into<String>) -> Self {
        self.traceback = tb.into();
        self
    }

    pub fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }

    /// `errno` of an OSError (from the attribute, else the first argument).
    pub fn errno(&self) -> Option<i64> {
        match self.attr("errno") {
            Some(v) => v.as_i64(),
            None if is_subclass(&self.module, &self.name, "builtins", "OSError") && self.args.len() >= 2 => {
                self.args[0].as_i64()
            }
            None => None,
        }
    }

    /// `module.name`, or just the name for builtins (as Python prints it).
    pub fn qualified_name(&self) -> String {
        if self.module == "builtins" {
            self.name.clone()
        } else {
            format!("{}.{}", self.module, self.name)
        }
    }

    /// Whether `except <module>.<class>` would catch it, as far as the class
    /// hierarchy is known here (builtins and the stdlib classes an agent
    /// raises); unknown classes match only themselves and `Exception`.
    pub fn is_instance_of(&self, module: &str, class: &str) -> bool {
        is_subclass(&self.module, &self.name, module, class)
    }

    /// `str(exc)` as Python computes it for the common classes.
    pub fn message(&self) -> String {
        let is_os_error = self.is_instance_of("builtins", "OSError");
        if is_os_error {
            if let (Some(errno), Some(Value::Str(strerror))) = (self.errno(), self.attr("strerror")) {
                return match self.attr("filename") {
                    Some(f @ Value::Str(_)) | Some(f @ Value::Bytes(_)) => match self.attr("filename2") {
                        Some(f2 @ (Value::Str(_) | Value::Bytes(_))) => {
                            format!("[Errno {errno}] {strerror}: {f} -> {f2}")
                        }
                        _ => format!("[Errno {errno}] {strerror}: {f}"),
                    },
                    _ => format!("[Errno {errno}] {strerror}"),
                };
            }
        }
        match self.args.as_slice() {
            [] => String::new(),
            [Value::Str(s)] if self.name != "KeyError" => s.clone(),
            [one] if self.name == "KeyError" => one.to_string(),
            [one] => plain_str(one),
            many => Value::Tuple(many.to_vec()).to_string(),
        }
    }

    /// Decodes an exception body; `Ok(None)`-like StopIteration is a variant.
    pub fn decode(body: Value) -> Result<ExceptionPayload, MessageError> {
        let bad = || MessageError::BadException;
        match body {
            Value::Int(EXC_STOP_ITERATION) => Ok(ExceptionPayload::StopIteration),
            // A "string exception" (deprecated upstream): keep its text.
            Value::Str(text) => {
                Ok(ExceptionPayload::Exception(RemoteException::builtin("Exception", vec![Value::Str(text)])))
            }
            Value::Tuple(parts) => {
                let mut parts = parts.into_iter();
                let (Some(Value::Tuple(class)), Some(args), Some(attrs), Some(tb), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(bad());
                };
                let [Value::Str(module), Value::Str(name)] = <[Value; 2]>::try_from(class).map_err(|_| bad())? else {
                    return Err(bad());
                };
                let Value::Tuple(args) = args else { return Err(bad()) };
                let Value::Tuple(attr_items) = attrs else { return Err(bad()) };
                let mut attrs = Vec::with_capacity(attr_items.len());
                for item in attr_items {
                    let [Value::Str(k), v] = <[Value; 2]>::try_from(match item {
                        Value::Tuple(kv) => kv,
                        _ => return Err(bad()),
                    })
                    .map_err(|_| bad())?
                    else {
                        return Err(bad());
                    };
                    attrs.push((k, v));
                }
                let traceback = match tb {
                    Value::Str(s) => s,
                    Value::None => String::new(),
                    _ => return Err(bad()),
                };
                Ok(ExceptionPayload::Exception(RemoteException { module, name, args, attrs, traceback }))
            }
            _ => Err(bad()),
        }
    }

    /// The wire form, with `_remote_version` appended as rpyc does.
    /// Arguments and attributes that are not brine-dumpable go as their repr.
    pub fn encode(&self) -> Value {
        let dumpable = |v: &Value| if v.is_dumpable() { v.clone() } else { Value::Str(v.to_string()) };
        let mut attrs: Vec<Value> =
            self.attrs.iter().map(|(k, v)| Value::Tuple(vec![Value::Str(k.clone()), dumpable(v)])).collect();
        attrs.push(Value::Tuple(vec![Value::str("_remote_version"), Value::str(REMOTE_VERSION)]));
        Value::Tuple(vec![
            Value::Tuple(vec![Value::Str(self.module.clone()), Value::Str(self.name.clone())]),
            Value::Tuple(self.args.iter().map(dumpable).collect()),
            Value::Tuple(attrs),
            Value::Str(self.traceback.clone()),
        ])
    }
}

impl ExceptionPayload {
    pub fn encode(&self) -> Value {
        match self {
            ExceptionPayload::StopIteration => Value::Int(EXC_STOP_ITERATION),
            ExceptionPayload::Exception(e) => e.encode(),
        }
    }
}

/// `str(x)` for an exception argument: strings bare, the rest as repr.
fn plain_str(v: &Value) -> String {
    match v {
        Value::Str(s) => s.clone(),
        other => other.to_string(),
    }
}

impl fmt::Display for RemoteException {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message();
        if message.is_empty() {
            f.write_str(&self.qualified_name())
        } else {
            write!(f, "{}: {}", self.qualified_name(), message)
        }
    }
}

impl std::error::Error for RemoteException {}

/// The parent class of the exception classes this crate knows.
pub fn parent_class(module: &str, name: &str) -> Option<(&'static str, &'static str)> {
    let parent = match (module, name) {
        ("builtins", "BaseException") => return None,
        ("builtins", "Exception" | "SystemExit" | "KeyboardInterrupt" | "GeneratorExit") => "BaseException",
        ("builtins", "ZeroDivisionError" | "OverflowError" | "FloatingPointError") => "ArithmeticError",
        ("builtins", "ModuleNotFoundError") => "ImportError",
        ("builtins", "IndexError" | "KeyError") => "LookupError",
        ("builtins", "UnboundLocalError") => "NameError",
        ("builtins", "ConnectionError" | "BlockingIOError" | "ChildProcessError" | "FileExistsError")
        | ("builtins", "FileNotFoundError" | "InterruptedError" | "IsADirectoryError")
        | ("builtins", "NotADirectoryError" | "PermissionError" | "ProcessLookupError" | "TimeoutError") => "OSError",
        ("builtins", "BrokenPipeError" | "ConnectionAbortedError")
        | ("builtins", "ConnectionRefusedError" | "ConnectionResetError") => "ConnectionError",
        ("builtins", "NotImplementedError" | "RecursionError") => "RuntimeError",
        ("builtins", "IndentationError") => "SyntaxError",
        ("builtins", "TabError") => "IndentationError",
        ("builtins", "UnicodeError") => "ValueError",
        ("builtins", "UnicodeDecodeError" | "UnicodeEncodeError" | "UnicodeTranslateError") => "UnicodeError",
        ("subprocess", "CalledProcessError" | "TimeoutExpired") => return Some(("subprocess", "SubprocessError")),
        ("socket", "gaierror" | "herror") => "OSError",
        ("socket", "timeout") => "TimeoutError",
        // Everything else known or unknown (ValueError, TypeError, OSError,
        // SubprocessError, user classes) derives from Exception.
        (_, _) => "Exception",
    };
    Some(("builtins", parent))
}

/// Whether class `module.name` is `base_module.base` or derives from it.
pub fn is_subclass(module: &str, name: &str, base_module: &str, base: &str) -> bool {
    let mut current = (module.to_owned(), name.to_owned());
    // The hierarchy above is at most 6 deep; the bound guards against a cycle.
    for _ in 0..16 {
        if current.0 == base_module && current.1 == base {
            return true;
        }
        match parent_class(&current.0, &current.1) {
            Some((m, n)) => current = (m.to_owned(), n.to_owned()),
            None => return false,
        }
    }
    false
}

/// The OSError subclass Python picks for an errno (`OSError.__new__`), using
/// Linux errno numbers (the same on every architecture rpyctl targets).
pub fn oserror_class(errno: i32) -> &'static str {
    match errno {
        1 | 13 => "PermissionError",         // EPERM, EACCES
        2 => "FileNotFoundError",            // ENOENT
        3 => "ProcessLookupError",           // ESRCH
        4 => "InterruptedError",             // EINTR
        10 => "ChildProcessError",           // ECHILD
        11 | 114 | 115 => "BlockingIOError", // EAGAIN, EALREADY, EINPROGRESS
        17 => "FileExistsError",             // EEXIST
        20 => "NotADirectoryError",          // ENOTDIR
        21 => "IsADirectoryError",           // EISDIR
        32 | 108 => "BrokenPipeError",       // EPIPE, ESHUTDOWN
        103 => "ConnectionAbortedError",     // ECONNABORTED
        104 => "ConnectionResetError",       // ECONNRESET
        110 => "TimeoutError",               // ETIMEDOUT
        111 => "ConnectionRefusedError",     // ECONNREFUSED
        _ => "OSError",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fnf() -> RemoteException {
        RemoteException::builtin("FileNotFoundError", vec![Value::Int(2), Value::str("No such file or directory")])
            .with_attr("errno", 2)
            .with_attr("strerror", "No such file or directory")
            .with_attr("filename", "/x")
            .with_traceback("agent tb\n")
    }

    #[test]
    fn descriptors_round_trip() {
        let e = fnf();
        let back = RemoteException::decode(e.encode()).expect("valid");
        let ExceptionPayload::Exception(back) = back else { panic!("not stop iteration") };
        assert_eq!(back.errno(), Some(2));
        assert_eq!(back.attr("filename"), Some(&Value::str("/x")));
        assert_eq!(back.attr("_remote_version"), Some(&Value::str("6.0.2")));
        assert_eq!(back.traceback, "agent tb\n");
        assert_eq!(RemoteException::decode(Value::Int(1)), Ok(ExceptionPayload::StopIteration));
    }

    #[test]
    fn messages_read_like_python() {
        assert_eq!(fnf().to_string(), "FileNotFoundError: [Errno 2] No such file or directory: '/x'");
        let k = RemoteException::builtin("KeyError", vec![Value::str("x")]);
        assert_eq!(k.to_string(), "KeyError: 'x'");
        let v = RemoteException::builtin("ValueError", vec![Value::str("bad"), Value::Int(1)]);
        assert_eq!(v.to_string(), "ValueError: ('bad', 1)");
        let s = RemoteException::new("subprocess", "TimeoutExpired", vec![]);
        assert_eq!(s.to_string(), "subprocess.TimeoutExpired");
    }

    #[test]
    fn hierarchy_answers_except_clauses() {
        let e = fnf();
        assert!(e.is_instance_of("builtins", "OSError"));
        assert!(e.is_instance_of("builtins", "Exception"));
        assert!(!e.is_instance_of("builtins", "ValueError"));
        assert!(is_subclass("subprocess", "CalledProcessError", "builtins", "Exception"));
        assert!(is_subclass("builtins", "ModuleNotFoundError", "builtins", "ImportError"));
        assert_eq!(oserror_class(21), "IsADirectoryError");
    }

    #[test]
    fn malformed_descriptors_are_errors() {
        assert!(RemoteException::decode(Value::Tuple(vec![Value::Int(1)])).is_err());
        assert!(RemoteException::decode(Value::Float(1.0)).is_err());
    }
}
