//! `os`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "os",
    type_name: "os",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
