//! `time`.

use super::ModuleDef;

pub static MODULE: ModuleDef = ModuleDef {
    name: "time",
    type_name: "time",
    functions: &[],
    attr: |_, _| None,
    attr_names: &[],
};
