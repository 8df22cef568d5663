//! `importlib` and `importlib.util`: `rpyc.classic.connect` fetches
//! `importlib.util` during its handshake; `'x' in conn.modules` asks
//! `importlib.util._find_spec_from_path`.

use rpyc_protocol::{Obj, Value};

use super::{f, ModuleDef};
use crate::legacy::args::{self, Args};
use crate::legacy::context::Cx;
use crate::legacy::exc::PyResult;
use crate::legacy::object::Val;

pub static MODULE: ModuleDef = ModuleDef {
    name: "importlib",
    type_name: "importlib",
    functions: &[f("import_module", import_module)],
    attr: |name, _cx| match name {
        "util" => Some(super::getmodule("importlib.util").map(Obj::Local)),
        _ => None,
    },
    attr_names: &["util"],
};

pub static UTIL: ModuleDef = ModuleDef {
    name: "importlib.util",
    type_name: "importlib.util",
    functions: &[f("find_spec", find_spec), f("_find_spec_from_path", find_spec)],
    attr: |_, _| None,
    attr_names: &[],
};

fn import_module(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [name, _package] = args.bind("import_module", ["name", "package?"])?;
    let name = args::to_str("import_module", &args::req(name))?;
    super::getmodule(&name).map(Obj::Local)
}

/// The agent has no module specs; it answers whether it implements a module
/// (True) or None, which is what `name in conn.modules` needs.
fn find_spec(_cx: &Cx, args: Args) -> PyResult<Val> {
    let [name, _path] = args.bind("find_spec", ["name", "path?"])?;
    let name = args::to_str("find_spec", &args::req(name))?;
    Ok(Obj::Value(if super::getmodule(&name).is_ok() { Value::Bool(true) } else { Value::None }))
}
