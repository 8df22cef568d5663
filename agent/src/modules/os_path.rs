//! `os.path`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os.path",
    type_name: "posixpath",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
