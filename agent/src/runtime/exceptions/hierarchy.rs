//! The builtin exception classes, as class objects with Python's
//! hierarchy (`BaseException` at the root).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use super::instance::{exception_new, EXCEPTION_METHODS, OSERROR_METHODS};
use crate::runtime::types::{Type, TypeRef};

/// Every builtin exception class and its base, bases before subclasses.
const BUILTINS: &[(&str, &str)] = &[
    ("BaseException", ""),
    ("BaseExceptionGroup", "BaseException"),
    ("GeneratorExit", "BaseException"),
    ("KeyboardInterrupt", "BaseException"),
    ("SystemExit", "BaseException"),
    ("Exception", "BaseException"),
    ("ArithmeticError", "Exception"),
    ("FloatingPointError", "ArithmeticError"),
    ("OverflowError", "ArithmeticError"),
    ("ZeroDivisionError", "ArithmeticError"),
    ("AssertionError", "Exception"),
    ("AttributeError", "Exception"),
    ("BufferError", "Exception"),
    ("EOFError", "Exception"),
    ("ExceptionGroup", "Exception"),
    ("ImportError", "Exception"),
    ("ModuleNotFoundError", "ImportError"),
    ("LookupError", "Exception"),
    ("IndexError", "LookupError"),
    ("KeyError", "LookupError"),
    ("MemoryError", "Exception"),
    ("NameError", "Exception"),
    ("UnboundLocalError", "NameError"),
    ("OSError", "Exception"),
    ("BlockingIOError", "OSError"),
    ("ChildProcessError", "OSError"),
    ("ConnectionError", "OSError"),
    ("BrokenPipeError", "ConnectionError"),
    ("ConnectionAbortedError", "ConnectionError"),
    ("ConnectionRefusedError", "ConnectionError"),
    ("ConnectionResetError", "ConnectionError"),
    ("FileExistsError", "OSError"),
    ("FileNotFoundError", "OSError"),
    ("InterruptedError", "OSError"),
    ("IsADirectoryError", "OSError"),
    ("NotADirectoryError", "OSError"),
    ("PermissionError", "OSError"),
    ("ProcessLookupError", "OSError"),
    ("TimeoutError", "OSError"),
    ("ReferenceError", "Exception"),
    ("RuntimeError", "Exception"),
    ("NotImplementedError", "RuntimeError"),
    ("RecursionError", "RuntimeError"),
    ("StopAsyncIteration", "Exception"),
    ("StopIteration", "Exception"),
    ("SyntaxError", "Exception"),
    ("IndentationError", "SyntaxError"),
    ("TabError", "IndentationError"),
    ("SystemError", "Exception"),
    ("TypeError", "Exception"),
    ("ValueError", "Exception"),
    ("UnicodeError", "ValueError"),
    ("UnicodeDecodeError", "UnicodeError"),
    ("UnicodeEncodeError", "UnicodeError"),
    ("UnicodeTranslateError", "UnicodeError"),
    ("Warning", "Exception"),
    ("BytesWarning", "Warning"),
    ("DeprecationWarning", "Warning"),
    ("EncodingWarning", "Warning"),
    ("FutureWarning", "Warning"),
    ("ImportWarning", "Warning"),
    ("PendingDeprecationWarning", "Warning"),
    ("ResourceWarning", "Warning"),
    ("RuntimeWarning", "Warning"),
    ("SyntaxWarning", "Warning"),
    ("UnicodeWarning", "Warning"),
    ("UserWarning", "Warning"),
];

/// Other names Python gives the same classes.
const ALIASES: &[(&str, &str)] = &[("EnvironmentError", "OSError"), ("IOError", "OSError")];

struct Registry {
    builtins: HashMap<&'static str, TypeRef>,
    order: Vec<TypeRef>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut builtins: HashMap<&'static str, TypeRef> = HashMap::new();
    let mut order = Vec::new();
    for &(name, base) in BUILTINS {
        let base = builtins.get(base).cloned();
        let methods = if name == "OSError" { &OSERROR_METHODS[..] } else { &EXCEPTION_METHODS[..] };
        let t = Type::native("builtins", name, base.as_ref(), methods, Some(exception_new));
        order.push(t.clone());
        builtins.insert(name, t);
    }
    for &(alias, name) in ALIASES {
        if let Some(t) = builtins.get(name).cloned() {
            builtins.insert(alias, t);
        }
    }
    Registry { builtins, order }
});

/// The builtin exception class `name` (`"ValueError"`), or its alias.
pub fn builtin_exception(name: &str) -> Option<TypeRef> {
    REGISTRY.builtins.get(name).cloned()
}

/// Every builtin exception class, bases first.
pub fn builtin_exceptions() -> &'static [TypeRef] {
    &REGISTRY.order
}

/// Names the builtins module exposes for exception classes (with aliases).
pub fn builtin_exception_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = BUILTINS.iter().map(|(n, _)| *n).collect();
    names.extend(ALIASES.iter().map(|(a, _)| *a));
    names
}

/// A builtin class that is known to exist (the table above); falls back to
/// `Exception` so a typo can never panic.
pub fn exc_type(name: &str) -> TypeRef {
    builtin_exception(name).unwrap_or_else(base_exception_fallback)
}

fn base_exception_fallback() -> TypeRef {
    REGISTRY.order[5].clone() // Exception
}

/// Whether a class is an exception class (derives from BaseException).
pub fn is_exception_type(t: &TypeRef) -> bool {
    t.is_subtype(&REGISTRY.order[0])
}

/// The OSError subclass Python picks for an errno (`OSError.__new__`).
pub fn oserror_subclass(errno: i64) -> TypeRef {
    exc_type(rpyc_protocol::vinegar::oserror_class(errno as i32))
}

/// Classes of other modules that code raises without importing that module
/// (the client's exceptions come back as these when their names match).
static FOREIGN: LazyLock<Mutex<HashMap<(String, String), TypeRef>>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// A class for an exception known only by module and name (raised by the
/// client, or by a module of the agent that registered it): the same class
/// object for the same name, deriving from the builtin class rpyc's
/// hierarchy gives it.
pub fn class_for(module: &str, name: &str) -> TypeRef {
    if module == "builtins" {
        if let Some(t) = builtin_exception(name) {
            return t;
        }
    }
    let mut table = FOREIGN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = table.get(&(module.to_owned(), name.to_owned())) {
        return t.clone();
    }
    let base = match rpyc_protocol::vinegar::parent_class(module, name) {
        Some(("builtins", parent)) => exc_type(parent),
        Some((m, n)) if (m, n) != (module, name) => {
            drop(table);
            let base = class_for(m, n);
            table = FOREIGN.lock().unwrap_or_else(|e| e.into_inner());
            base
        }
        _ => exc_type("Exception"),
    };
    let t = Type::named(module, name, base);
    table.insert((module.to_owned(), name.to_owned()), t.clone());
    t
}

/// A class registered under that module and name, if any.
pub fn registered_class(module: &str, name: &str) -> Option<TypeRef> {
    FOREIGN.lock().unwrap_or_else(|e| e.into_inner()).get(&(module.to_owned(), name.to_owned())).cloned()
}

/// Registers a class of an agent module (e.g. `subprocess.CalledProcessError`)
/// so exceptions of that name coming from the client map onto it.
pub fn register_class(t: &TypeRef) {
    let mut table = FOREIGN.lock().unwrap_or_else(|e| e.into_inner());
    table.insert((t.module.to_string(), t.name.to_string()), t.clone());
}
