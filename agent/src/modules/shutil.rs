//! `shutil`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "shutil",
    type_name: "shutil",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
