//! `socket`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "socket",
    type_name: "socket",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
