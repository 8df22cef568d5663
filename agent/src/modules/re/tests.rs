//! `re` against CPython 3.11's answers.

use crate::modules::testing::check_cases;

#[test]
fn re_agrees_with_cpython() {
    check_cases(include_str!("cases.txt"), include_str!("cases.expected"));
}

/// `\N{...}` needs Unicode's name table, which the agent does not carry:
/// it is refused with `re.error` saying so (CPython resolves the name).
#[test]
fn named_characters_are_refused_plainly() {
    let cx = crate::objects::testing::cx();
    crate::interp::execute(&cx, "import re").expect("import");
    let got = crate::modules::testing::eval_line(&cx, r"re.compile(r'\N{EM DASH}')");
    assert!(
        got.starts_with("re.error: undefined character name 'EM DASH' (rpyc-agent has no Unicode name table)"),
        "{got}"
    );
}
