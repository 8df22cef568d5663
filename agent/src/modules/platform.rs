//! `platform`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "platform",
    type_name: "platform",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
