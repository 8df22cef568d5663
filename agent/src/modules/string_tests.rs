//! `string` against CPython 3.11's answers: the case file cases/string.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn string_matches_cpython() {
    check_cases(include_str!("cases/string.txt"), include_str!("cases/string.expected"));
}
