//! `json` against CPython 3.11's answers.

use crate::modules::testing::check_cases;

#[test]
fn json_agrees_with_cpython() {
    check_cases(include_str!("cases.txt"), include_str!("cases.expected"));
}

/// A lone surrogate escape decodes to U+FFFD: Rust strings hold only
/// scalar values (CPython keeps the surrogate).
#[test]
fn lone_surrogates_become_replacement_characters() {
    let cx = crate::objects::testing::cx();
    crate::interp::execute(&cx, "import json").expect("import");
    let ev = |src: &str| crate::modules::testing::eval_line(&cx, src);
    assert_eq!(ev(r#"json.loads('"\\ud83d\\u0041"')"#), "'\u{fffd}A'");
    assert_eq!(ev(r#"json.loads('"\\udc00"')"#), "'\u{fffd}'");
}
