//! `psutil`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "psutil",
    type_name: "psutil",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
