//! `builtins`: the functions, classes and constants every Python program
//! reaches for.

mod functions;
mod numeric;
mod output;

pub use functions::object_id;

use crate::objects::module::{b, f, ModuleDef};
use crate::objects::{bytearray, bytes, dict, iter, list, memoryview, numbers, range, set, singletons, str, tuple};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::{self, type_value};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "builtins",
    type_name: "builtins",
    doc: "Built-in functions, exceptions, and other objects.",
    functions: &[
        f("abs", numeric::abs),
        f("all", functions::all),
        f("any", functions::any),
        f("ascii", functions::ascii),
        f("bin", numeric::bin),
        f("callable", functions::callable),
        f("chr", numeric::chr),
        f("delattr", functions::delattr),
        f("dir", functions::dir),
        f("divmod", numeric::divmod),
        f("format", functions::format),
        f("getattr", functions::getattr),
        f("hasattr", functions::hasattr),
        f("hash", functions::hash),
        f("hex", numeric::hex),
        f("id", functions::id),
        f("isinstance", functions::isinstance),
        f("issubclass", functions::issubclass),
        f("iter", functions::iter),
        f("len", functions::len),
        f("max", functions::max),
        f("min", functions::min),
        f("next", functions::next),
        f("oct", numeric::oct),
        b("open", crate::objects::file::open),
        f("ord", numeric::ord),
        f("pow", numeric::pow),
        f("print", output::print),
        f("repr", functions::repr),
        f("round", numeric::round),
        f("setattr", functions::setattr),
        f("sorted", functions::sorted),
        f("sum", numeric::sum),
        f("vars", functions::vars),
        f("globals", functions::needs_interpreter),
        f("locals", functions::needs_interpreter),
        f("eval", functions::needs_interpreter),
        f("exec", functions::needs_interpreter),
        f("__import__", functions::import),
    ],
    attr,
    attr_names: &[
        "bool",
        "bytearray",
        "bytes",
        "complex",
        "dict",
        "enumerate",
        "filter",
        "float",
        "frozenset",
        "int",
        "list",
        "map",
        "memoryview",
        "object",
        "range",
        "reversed",
        "set",
        "slice",
        "str",
        "tuple",
        "type",
        "zip",
        "None",
        "True",
        "False",
        "Ellipsis",
        "NotImplemented",
        "__debug__",
        // The builtin exception classes (runtime::exceptions' table; a test
        // keeps the two equal).
        "ArithmeticError",
        "AssertionError",
        "AttributeError",
        "BaseException",
        "BaseExceptionGroup",
        "BlockingIOError",
        "BrokenPipeError",
        "BufferError",
        "BytesWarning",
        "ChildProcessError",
        "ConnectionAbortedError",
        "ConnectionError",
        "ConnectionRefusedError",
        "ConnectionResetError",
        "DeprecationWarning",
        "EOFError",
        "EncodingWarning",
        "EnvironmentError",
        "Exception",
        "ExceptionGroup",
        "FileExistsError",
        "FileNotFoundError",
        "FloatingPointError",
        "FutureWarning",
        "GeneratorExit",
        "IOError",
        "ImportError",
        "ImportWarning",
        "IndentationError",
        "IndexError",
        "InterruptedError",
        "IsADirectoryError",
        "KeyError",
        "KeyboardInterrupt",
        "LookupError",
        "MemoryError",
        "ModuleNotFoundError",
        "NameError",
        "NotADirectoryError",
        "NotImplementedError",
        "OSError",
        "OverflowError",
        "PendingDeprecationWarning",
        "PermissionError",
        "ProcessLookupError",
        "RecursionError",
        "ReferenceError",
        "ResourceWarning",
        "RuntimeError",
        "RuntimeWarning",
        "StopAsyncIteration",
        "StopIteration",
        "SyntaxError",
        "SyntaxWarning",
        "SystemError",
        "SystemExit",
        "TabError",
        "TimeoutError",
        "TypeError",
        "UnboundLocalError",
        "UnicodeDecodeError",
        "UnicodeEncodeError",
        "UnicodeError",
        "UnicodeTranslateError",
        "UnicodeWarning",
        "UserWarning",
        "ValueError",
        "Warning",
        "ZeroDivisionError",
    ],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    let t = match name {
        "bool" => numbers::BOOL.clone(),
        "bytearray" => bytearray::BYTEARRAY.clone(),
        "bytes" => bytes::BYTES.clone(),
        "complex" => numbers::COMPLEX.clone(),
        "dict" => dict::DICT.clone(),
        "enumerate" => iter::ENUMERATE.clone(),
        "filter" => iter::FILTER.clone(),
        "memoryview" => memoryview::MEMORYVIEW.clone(),
        "float" => numbers::FLOAT.clone(),
        "frozenset" => set::FROZENSET.clone(),
        "int" => numbers::INT.clone(),
        "list" => list::LIST.clone(),
        "map" => iter::MAP.clone(),
        "object" => types::OBJECT.clone(),
        "range" => range::RANGE.clone(),
        "reversed" => iter::REVERSED.clone(),
        "set" => set::SET.clone(),
        "slice" => crate::runtime::slice::SLICE.clone(),
        "str" => str::STR.clone(),
        "tuple" => tuple::TUPLE.clone(),
        "type" => types::TYPE.clone(),
        "zip" => iter::ZIP.clone(),
        "None" => return Some(Ok(Py::None)),
        "True" => return Some(Ok(Py::Bool(true))),
        "False" => return Some(Ok(Py::Bool(false))),
        "__debug__" => return Some(Ok(Py::Bool(true))),
        "Ellipsis" => return Some(Ok(singletons::ellipsis())),
        "NotImplemented" => return Some(Ok(singletons::not_implemented())),
        other => exceptions::builtin_exception(other)?,
    };
    Some(Ok(type_value(&t)))
}

#[cfg(test)]
#[path = "memoryview_tests.rs"]
mod memoryview_tests;

#[cfg(test)]
mod tests {
    #[test]
    fn dir_of_builtins_names_every_exception_class() {
        for name in crate::runtime::exceptions::builtin_exception_names() {
            assert!(super::MODULE.attr_names.contains(&name), "{name} missing from builtins' attr_names");
        }
    }
}
