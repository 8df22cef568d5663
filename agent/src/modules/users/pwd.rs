//! `pwd`: the password database — `getpwuid`, `getpwnam`, `getpwall` and
//! `struct_passwd`, which copies by value as `pwd.struct_passwd`.

use std::sync::LazyLock;

use super::{id_text, id_value, name_arg};
use crate::objects::list::List;
use crate::objects::module::{b, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform::users::{self, Passwd};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "pwd",
    type_name: "pwd",
    doc: "Access to the Unix password database.",
    functions: &[b("getpwuid", getpwuid), b("getpwnam", getpwnam), b("getpwall", getpwall)],
    attr,
    attr_names: &["struct_passwd"],
    setattr: None,
};

const KIND: RecordKind = RecordKind::StructSeq { visible: 7 };

/// `pwd.struct_passwd`.
pub static STRUCT_PASSWD: LazyLock<TypeRef> = LazyLock::new(|| record_type("pwd", "struct_passwd", KIND, &[]));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    (name == "struct_passwd").then(|| Ok(type_value(&STRUCT_PASSWD)))
}

/// A passwd entry as Python's `struct_passwd`.
pub fn struct_passwd(p: Passwd) -> Py {
    let fields = vec![
        ("pw_name", Py::str(p.name)),
        ("pw_passwd", Py::str(p.passwd)),
        ("pw_uid", Py::from(u64::from(p.uid))),
        ("pw_gid", Py::from(u64::from(p.gid))),
        ("pw_gecos", Py::str(p.gecos)),
        ("pw_dir", Py::str(p.dir)),
        ("pw_shell", Py::str(p.shell)),
    ];
    RecordObj::new(&STRUCT_PASSWD, KIND, fields)
}

/// CPython's functions that take positional arguments only.
fn no_keywords(func: &str, args: &Args) -> PyResult<()> {
    if args.kw.is_empty() {
        Ok(())
    } else {
        Err(exceptions::type_error(format!("{func}() takes no keyword arguments")))
    }
}

/// `getpwuid(uid)`: an id that does not fit is "not found", as in CPython.
fn getpwuid(_cx: &Cx, args: Args) -> PyResult<Py> {
    no_keywords("pwd.getpwuid", &args)?;
    let [uid] = args.bind("getpwuid", ["uid"])?;
    let uid = match id_value("uid", &args::req(uid))? {
        Ok(uid) => uid,
        Err(_) => return Err(exceptions::key_error(Py::str("getpwuid(): uid not found"))),
    };
    users::getpwuid(uid)
        .map(struct_passwd)
        .ok_or_else(|| exceptions::key_error(Py::str(format!("getpwuid(): uid not found: {}", id_text(uid)))))
}

fn getpwnam(cx: &Cx, args: Args) -> PyResult<Py> {
    no_keywords("pwd.getpwnam", &args)?;
    let [name] = args.bind("getpwnam", ["name"])?;
    let name = name_arg("getpwnam", &args::req(name))?;
    users::getpwnam(&name).map(struct_passwd).ok_or_else(|| {
        let shown = crate::runtime::semantics::repr(cx, &Py::str(name.as_str())).unwrap_or_default();
        exceptions::key_error(Py::str(format!("getpwnam(): name not found: {shown}")))
    })
}

fn getpwall(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getpwall")?;
    Ok(List::new(users::all_users().into_iter().map(struct_passwd).collect()))
}
