//! `collections` (UserDict, UserList, UserString) against CPython 3.11's answers: the case file cases_user.txt and its
//! `.expected` twin (scripts/gen-stdlib-expectations.py).

use crate::modules::testing::check_cases;

#[test]
fn collections_user_classes_match_cpython() {
    check_cases(include_str!("cases_user.txt"), include_str!("cases_user.expected"));
}
