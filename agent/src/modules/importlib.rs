//! `importlib` and `importlib.util`: `rpyc.classic.connect` fetches
//! `importlib.util` during its handshake; `'x' in conn.modules` asks
//! `importlib.util._find_spec_from_path`.

use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "importlib",
    type_name: "importlib",
    doc: "Importing the modules the agent implements.",
    functions: &[f("import_module", import_module)],
    attr: |name, _cx| match name {
        "util" => Some(super::getmodule("importlib.util").map(Py::Obj)),
        _ => None,
    },
    attr_names: &["util"],
    setattr: None,
};

pub static UTIL: ModuleDef = ModuleDef {
    name: "importlib.util",
    type_name: "importlib.util",
    doc: "Whether the agent implements a module.",
    functions: &[f("find_spec", find_spec), f("_find_spec_from_path", find_spec)],
    attr: |_, _| None,
    attr_names: &[],
    setattr: None,
};

fn import_module(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, _package] = args.bind("import_module", ["name", "package?"])?;
    let name = args::to_str("import_module", &args::req(name))?;
    super::getmodule(&name).map(Py::Obj)
}

/// The agent has no module specs; it answers whether it implements a module
/// (True) or None, which is what `name in conn.modules` needs.
fn find_spec(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, _path] = args.bind("find_spec", ["name", "path?"])?;
    let name = args::to_str("find_spec", &args::req(name))?;
    Ok(if super::getmodule(&name).is_ok() { Py::Bool(true) } else { Py::None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::attr;
    use crate::objects::testing::with_cx;

    #[test]
    fn modules_are_found_and_imported() {
        with_cx(|cx| {
            let sys = import_module(cx, Args::one(Py::str("sys"))).expect("sys");
            assert!(sys.is(&Py::Obj(super::super::getmodule("sys").expect("sys"))));
            let e = import_module(cx, Args::one(Py::str("no_such_module"))).expect_err("missing");
            assert!(e.is("ModuleNotFoundError"));
            assert!(matches!(find_spec(cx, Args::one(Py::str("time"))), Ok(Py::Bool(true))));
            assert!(find_spec(cx, Args::one(Py::str("no_such_module"))).expect("an answer").is_none());
            let importlib = Py::Obj(super::super::getmodule("importlib").expect("importlib"));
            let util = attr::getattr(cx, &importlib, "util").expect("util");
            assert!(util.is(&Py::Obj(super::super::getmodule("importlib.util").expect("util"))));
        });
    }
}
