//! `operator` against CPython 3.11's answers: the case file cases/operator.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn operator_matches_cpython() {
    check_cases(include_str!("cases/operator.txt"), include_str!("cases/operator.expected"));
}
