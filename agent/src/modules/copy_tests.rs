//! `copy` against CPython 3.11's answers: the case file cases/copy.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn copy_matches_cpython() {
    check_cases(include_str!("cases/copy.txt"), include_str!("cases/copy.expected"));
}
