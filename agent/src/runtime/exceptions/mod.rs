//! Exceptions: the builtin class hierarchy as class objects
//! ([`hierarchy`]), exception instances ([`instance`]), [`PyErr`] (an
//! exception being raised) and the wire form the client sees ([`wire`]).

mod hierarchy;
mod instance;
mod wire;

use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

pub use hierarchy::{
    builtin_exception, builtin_exception_names, builtin_exceptions, class_for, exc_type, is_exception_type,
    oserror_subclass, register_class, registered_class,
};
pub use instance::{base_str, exc_repr, exc_self, exception_new, ExcObj, TbFrame, EXCEPTION_METHODS};

use super::context::Cx;
use super::object::ObjRef;
use super::types::{as_type, TypeRef};
use super::value::Py;

/// An exception being raised: a handle to its instance.
#[derive(Clone)]
pub struct PyErr(pub Arc<ExcObj>);

pub type PyResult<T> = Result<T, PyErr>;

impl PyErr {
    pub fn class(&self) -> &TypeRef {
        &self.0.class
    }

    /// The instance, as a value (`except E as e`).
    pub fn value(&self) -> Py {
        Py::Obj(self.0.clone())
    }

    /// `isinstance(exc, cls)`.
    pub fn is_instance(&self, cls: &TypeRef) -> bool {
        self.0.class.is_subtype(cls)
    }

    /// Whether it is (or derives from) the builtin class `name`.
    pub fn is(&self, name: &str) -> bool {
        self.0.class.is_subtype_named("builtins", name)
    }

    pub fn with_attr(self, name: &str, value: impl Into<Py>) -> PyErr {
        self.0.set_attr(name, value.into());
        self
    }

    /// `str(exc)`.
    pub fn message(&self, cx: &Cx) -> String {
        let this: ObjRef = self.0.clone();
        super::object::PyObject::str(&*self.0, &this, cx).unwrap_or_default()
    }

    /// What `raise X` raises: a class is instantiated with no arguments,
    /// an instance is raised as it is.
    pub fn from_raised(cx: &Cx, v: &Py) -> PyResult<PyErr> {
        if let Some(cls) = as_type(v) {
            if !is_exception_type(&cls) {
                return Err(type_error("exceptions must derive from BaseException"));
            }
            let inst = super::semantics::call(cx, v, super::args::Args::default())?;
            return PyErr::from_raised(cx, &inst);
        }
        match v {
            Py::Obj(o) => match o.clone().into_any_arc().downcast::<ExcObj>() {
                Ok(e) => Ok(PyErr(e)),
                Err(_) => Err(type_error("exceptions must derive from BaseException")),
            },
            Py::Client(r) => Ok(PyErr::new(
                exc_type("Exception"),
                vec![Py::str(format!("a client object of type {} was raised", r.type_name()))],
            )),
            _ => Err(type_error("exceptions must derive from BaseException")),
        }
    }
}

impl fmt::Debug for PyErr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:?}", self.0.class.display_name(), &self.0.args()[..])
    }
}

/// An exception of the builtin class `class` with one message argument.
pub fn new(class: &str, msg: impl Into<String>) -> PyErr {
    PyErr::new(exc_type(class), vec![Py::str(msg.into())])
}

pub fn type_error(msg: impl Into<String>) -> PyErr {
    new("TypeError", msg)
}

pub fn value_error(msg: impl Into<String>) -> PyErr {
    new("ValueError", msg)
}

pub fn index_error(msg: impl Into<String>) -> PyErr {
    new("IndexError", msg)
}

pub fn overflow_error(msg: impl Into<String>) -> PyErr {
    new("OverflowError", msg)
}

pub fn zero_division(msg: impl Into<String>) -> PyErr {
    new("ZeroDivisionError", msg)
}

pub fn runtime_error(msg: impl Into<String>) -> PyErr {
    new("RuntimeError", msg)
}

pub fn memory_error(what: &str) -> PyErr {
    new("MemoryError", format!("{what} too large for rpyc-agent"))
}

pub fn recursion_error(msg: impl Into<String>) -> PyErr {
    new("RecursionError", msg)
}

pub fn key_error(key: Py) -> PyErr {
    PyErr::new(exc_type("KeyError"), vec![key])
}

/// `StopIteration()` (what `next()` raises at the end).
pub fn stop_iteration() -> PyErr {
    PyErr::new(exc_type("StopIteration"), vec![]).with_attr("value", Py::None)
}

/// `'T' object has no attribute 'name'`.
pub fn attribute_error(type_name: &str, name: &str) -> PyErr {
    new("AttributeError", format!("'{type_name}' object has no attribute '{name}'")).with_attr("name", name)
}

pub fn name_error(name: &str) -> PyErr {
    new("NameError", format!("name '{name}' is not defined")).with_attr("name", name)
}

/// Something Python has that this native agent does not implement.
pub fn not_implemented(what: &str) -> PyErr {
    new(
        "NotImplementedError",
        format!("{what} is not implemented by rpyc-agent (a native agent, no Python on the host)"),
    )
}

pub fn module_not_found(name: &str) -> PyErr {
    new(
        "ModuleNotFoundError",
        format!("No module named '{name}' (rpyc-agent is native and implements only some modules)"),
    )
    .with_attr("name", name)
    .with_attr("path", Py::None)
    .with_attr("msg", Py::None)
}

pub fn module_attribute_error(module: &str, name: &str) -> PyErr {
    new(
        "AttributeError",
        format!(
            "module '{module}' has no attribute '{name}' (rpyc-agent is native: {module}.{name} is not implemented)"
        ),
    )
    .with_attr("name", name)
}

static PICKLE_ERROR: std::sync::LazyLock<TypeRef> = std::sync::LazyLock::new(|| {
    let t = super::types::Type::native("_pickle", "PickleError", Some(&exc_type("Exception")), &[], None);
    register_class(&t);
    t
});

static PICKLING_ERROR: std::sync::LazyLock<TypeRef> = std::sync::LazyLock::new(|| {
    let t = super::types::Type::native("_pickle", "PicklingError", Some(&PICKLE_ERROR), &[], None);
    register_class(&t);
    t
});

/// `_pickle.PicklingError(msg)`: what CPython's pickle raises for classes
/// and functions it cannot name (the by-value copy of a value).
pub fn pickling_error(msg: impl Into<String>) -> PyErr {
    PyErr::new(PICKLING_ERROR.clone(), vec![Py::str(msg.into())])
}

/// The text Python shows for an errno (`os.strerror`).
pub fn strerror(errno: i32) -> String {
    let text = io::Error::from_raw_os_error(errno).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn path_value(p: Option<&Path>) -> Py {
    p.map_or(Py::None, |p| Py::str(p.to_string_lossy().into_owned()))
}

/// The OSError subclass for an errno, as Python raises it: args
/// `(errno, strerror)`, file names as attributes.
pub fn os_errno(errno: i32, filename: Option<&Path>, filename2: Option<&Path>) -> PyErr {
    let text = strerror(errno);
    PyErr::new(oserror_subclass(errno.into()), vec![Py::Int(errno.into()), Py::str(text.clone())])
        .with_attr("errno", Py::Int(errno.into()))
        .with_attr("strerror", Py::str(text))
        .with_attr("filename", path_value(filename))
        .with_attr("filename2", path_value(filename2))
}

/// An `io::Error` as Python would raise it for an operation on `filename`.
pub fn os_error(err: &io::Error, filename: Option<&Path>) -> PyErr {
    os_error2(err, filename, None)
}

pub fn os_error2(err: &io::Error, filename: Option<&Path>, filename2: Option<&Path>) -> PyErr {
    match err.raw_os_error() {
        Some(errno) => os_errno(errno, filename, filename2),
        None => match err.kind() {
            io::ErrorKind::InvalidData => new("UnicodeDecodeError", err.to_string()),
            _ => new("OSError", err.to_string()),
        },
    }
}
