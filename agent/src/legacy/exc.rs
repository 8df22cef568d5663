//! Python exceptions as the agent raises them: the right class, args and
//! attributes, so the client's `except FileNotFoundError:` works.

use std::io;
use std::path::Path;

use rpyc_protocol::vinegar::{oserror_class, ExceptionPayload, RemoteException};
use rpyc_protocol::Value;

pub type PyResult<T> = Result<T, ExceptionPayload>;

/// A builtins exception with one message argument.
pub fn new(class: &str, msg: impl Into<String>) -> ExceptionPayload {
    ExceptionPayload::Exception(RemoteException::builtin(class, vec![Value::Str(msg.into())]))
}

pub fn raise(e: RemoteException) -> ExceptionPayload {
    ExceptionPayload::Exception(e)
}

pub fn type_error(msg: impl Into<String>) -> ExceptionPayload {
    new("TypeError", msg)
}

pub fn value_error(msg: impl Into<String>) -> ExceptionPayload {
    new("ValueError", msg)
}

pub fn index_error(msg: impl Into<String>) -> ExceptionPayload {
    new("IndexError", msg)
}

pub fn key_error(key: Value) -> ExceptionPayload {
    ExceptionPayload::Exception(RemoteException::builtin("KeyError", vec![key]))
}

pub fn stop_iteration() -> ExceptionPayload {
    ExceptionPayload::StopIteration
}

/// Something Python has that this native agent does not implement.
pub fn not_implemented(what: &str) -> ExceptionPayload {
    new(
        "NotImplementedError",
        format!("{what} is not implemented by rpyc-agent (a native agent, no Python on the host)"),
    )
}

pub fn attribute_error(type_name: &str, name: &str) -> ExceptionPayload {
    let short = type_name.rsplit('.').next().unwrap_or(type_name);
    ExceptionPayload::Exception(
        RemoteException::builtin(
            "AttributeError",
            vec![Value::Str(format!("'{short}' object has no attribute '{name}'"))],
        )
        .with_attr("name", name),
    )
}

pub fn module_attribute_error(module: &str, name: &str) -> ExceptionPayload {
    ExceptionPayload::Exception(
        RemoteException::builtin(
            "AttributeError",
            vec![Value::Str(format!(
                "module '{module}' has no attribute '{name}' (rpyc-agent is native: {module}.{name} is not implemented)"
            ))],
        )
        .with_attr("name", name),
    )
}

pub fn module_not_found(name: &str) -> ExceptionPayload {
    ExceptionPayload::Exception(
        RemoteException::builtin(
            "ModuleNotFoundError",
            vec![Value::Str(format!(
                "No module named '{name}' (rpyc-agent is native and implements only some modules)"
            ))],
        )
        .with_attr("name", name)
        .with_attr("path", Value::None),
    )
}

/// `subprocess.CalledProcessError(returncode, cmd, output, stderr)`.
pub fn called_process_error(returncode: Value, cmd: Value, output: Value, stderr: Value) -> ExceptionPayload {
    let message = match &returncode {
        Value::Int(n) if *n < 0 => format!("Command '{cmd}' died with signal {}.", -n),
        code => format!("Command '{cmd}' returned non-zero exit status {code}."),
    };
    ExceptionPayload::Exception(
        RemoteException::new("subprocess", "CalledProcessError", vec![returncode.clone(), cmd.clone()])
            .with_attr("returncode", returncode)
            .with_attr("cmd", cmd)
            .with_attr("output", output.clone())
            .with_attr("stdout", output)
            .with_attr("stderr", stderr)
            .with_traceback(format!("subprocess.CalledProcessError: {message}\n")),
    )
}

/// The text Python shows for an errno (`os.strerror`).
pub fn strerror(errno: i32) -> String {
    let text = io::Error::from_raw_os_error(errno).to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// An OSError subclass for an errno, as Python raises it: args are
/// `(errno, strerror)`, the file names are attributes.
pub fn os_errno(errno: i32, filename: Option<&Path>, filename2: Option<&Path>) -> ExceptionPayload {
    let strerror = strerror(errno);
    let path_value = |p: Option<&Path>| p.map_or(Value::None, |p| Value::Str(p.to_string_lossy().into_owned()));
    let e =
        RemoteException::builtin(oserror_class(errno), vec![Value::Int(errno.into()), Value::Str(strerror.clone())])
            .with_attr("errno", i64::from(errno))
            .with_attr("strerror", strerror)
            .with_attr("filename", path_value(filename))
            .with_attr("filename2", path_value(filename2));
    ExceptionPayload::Exception(e)
}

/// An `io::Error` as Python would raise it for an operation on `filename`.
pub fn os_error(err: &io::Error, filename: Option<&Path>) -> ExceptionPayload {
    os_error2(err, filename, None)
}

pub fn os_error2(err: &io::Error, filename: Option<&Path>, filename2: Option<&Path>) -> ExceptionPayload {
    match err.raw_os_error() {
        Some(errno) => os_errno(errno, filename, filename2),
        None => match err.kind() {
            io::ErrorKind::InvalidData => new("UnicodeDecodeError", err.to_string()),
            _ => new("OSError", err.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enoent_is_file_not_found_with_attributes() {
        let ExceptionPayload::Exception(e) = os_errno(2, Some(Path::new("/x")), None) else { panic!() };
        assert_eq!(e.name, "FileNotFoundError");
        assert_eq!(e.args, vec![Value::Int(2), Value::str("No such file or directory")]);
        assert_eq!(e.attr("filename"), Some(&Value::str("/x")));
        assert_eq!(e.to_string(), "FileNotFoundError: [Errno 2] No such file or directory: '/x'");
    }
}
