//! `xml.etree.ElementTree` against CPython 3.11's answers: the case file cases.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn etree_matches_cpython() {
    check_cases(include_str!("cases.txt"), include_str!("cases.expected"));
}
