//! `getpass`: `getuser()` as CPython looks the user up (the `LOGNAME`,
//! `USER`, `LNAME` and `USERNAME` variables, then the password database).
//! `getpass()` reads a password from the controlling terminal of the
//! process that calls it; the agent's terminal is not the client's user's,
//! so it is refused with a message that says so.

use std::sync::LazyLock;

use crate::objects::module::{f, ModuleDef};
use crate::platform::{env, ids, users};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "getpass",
    type_name: "getpass",
    doc: "Utilities to get a password and/or the current user name.",
    functions: &[f("getuser", getuser), f("getpass", getpass)],
    attr,
    attr_names: &["GetPassWarning"],
    setattr: None,
};

/// `getpass.GetPassWarning(UserWarning)`.
static GET_PASS_WARNING: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "getpass",
        "GetPassWarning",
        Some(&exceptions::exc_type("UserWarning")),
        &[],
        Some(exceptions::exception_new),
    );
    exceptions::register_class(&t);
    t
});

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    (name == "GetPassWarning").then(|| Ok(type_value(&GET_PASS_WARNING)))
}

fn getuser(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getuser")?;
    for name in ["LOGNAME", "USER", "LNAME", "USERNAME"] {
        if let Some(v) = env::get(name).filter(|v| !v.is_empty()) {
            return Ok(Py::str(v.to_string_lossy().into_owned()));
        }
    }
    let uid = ids::getuid();
    match users::getpwuid(uid) {
        Some(p) => Ok(Py::str(p.name)),
        None => Err(exceptions::key_error(Py::str(format!("getpwuid(): uid not found: {}", super::id_text(uid))))),
    }
}

fn getpass(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.bind("getpass", ["prompt?", "stream?"])?;
    Err(exceptions::not_implemented(
        "getpass.getpass (it reads from the terminal of the agent's host, which no rpyc client can type into; \
         ask for the password on the client and pass it in)",
    ))
}
