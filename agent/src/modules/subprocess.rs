//! `subprocess`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "subprocess",
    type_name: "subprocess",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
