//! `grp`: the group database — `getgrgid`, `getgrnam`, `getgrall` and
//! `struct_group`, which copies by value as `grp.struct_group`.

use std::sync::LazyLock;

use super::{id_overflow, id_text, id_value, name_arg};
use crate::objects::list::List;
use crate::objects::module::{b, ModuleDef};
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::platform::users::{self, Group};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::types::{type_value, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "grp",
    type_name: "grp",
    doc: "Access to the Unix group database.",
    functions: &[b("getgrgid", getgrgid), b("getgrnam", getgrnam), b("getgrall", getgrall)],
    attr,
    attr_names: &["struct_group"],
    setattr: None,
};

const KIND: RecordKind = RecordKind::StructSeq { visible: 4 };

/// `grp.struct_group`.
pub static STRUCT_GROUP: LazyLock<TypeRef> = LazyLock::new(|| record_type("grp", "struct_group", KIND, &[]));

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    (name == "struct_group").then(|| Ok(type_value(&STRUCT_GROUP)))
}

/// A group entry as Python's `struct_group` (members as a list).
pub fn struct_group(g: Group) -> Py {
    let fields = vec![
        ("gr_name", Py::str(g.name)),
        ("gr_passwd", Py::str(g.passwd)),
        ("gr_gid", Py::from(u64::from(g.gid))),
        ("gr_mem", List::new(g.members.into_iter().map(Py::str).collect())),
    ];
    RecordObj::new(&STRUCT_GROUP, KIND, fields)
}

fn getgrgid(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [id] = args.bind("getgrgid", ["id"])?;
    let gid = id_value("gid", &args::req(id))?.map_err(|e| id_overflow("gid", e))?;
    users::group_by_gid(gid)
        .map(struct_group)
        .ok_or_else(|| exceptions::key_error(Py::str(format!("getgrgid(): gid not found: {}", id_text(gid)))))
}

fn getgrnam(cx: &Cx, args: Args) -> PyResult<Py> {
    let [name] = args.bind("getgrnam", ["name"])?;
    let name = name_arg("getgrnam", &args::req(name))?;
    users::group_by_name(&name).map(struct_group).ok_or_else(|| {
        let shown = crate::runtime::semantics::repr(cx, &Py::str(name.as_str())).unwrap_or_default();
        exceptions::key_error(Py::str(format!("getgrnam(): name not found: {shown}")))
    })
}

fn getgrall(_cx: &Cx, args: Args) -> PyResult<Py> {
    args.none("getgrall")?;
    Ok(List::new(users::all_groups().into_iter().map(struct_group).collect()))
}
