//! `string.Formatter` against CPython 3.11's answers: the case file cases/string_formatter.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn string_formatter_matches_cpython() {
    check_cases(include_str!("cases/string_formatter.txt"), include_str!("cases/string_formatter.expected"));
}
