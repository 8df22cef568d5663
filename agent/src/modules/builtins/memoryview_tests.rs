//! `memoryview` against CPython 3.11's answers: the case file cases_memoryview.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn memoryview_matches_cpython() {
    check_cases(include_str!("cases_memoryview.txt"), include_str!("cases_memoryview.expected"));
}
