//! `sys`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "sys",
    type_name: "sys",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
