//! The modules of single files, against CPython 3.11's answers (the case
//! files under `cases/`; folders have their own tests).

use super::testing::check_cases;

#[test]
fn binascii_agrees_with_cpython() {
    check_cases(include_str!("cases/binascii.txt"), include_str!("cases/binascii.expected"));
}

#[test]
fn base64_agrees_with_cpython() {
    check_cases(include_str!("cases/base64.txt"), include_str!("cases/base64.expected"));
}

#[test]
fn zlib_agrees_with_cpython() {
    check_cases(include_str!("cases/zlib.txt"), include_str!("cases/zlib.expected"));
}

#[test]
fn gzip_agrees_with_cpython() {
    check_cases(include_str!("cases/gzip.txt"), include_str!("cases/gzip.expected"));
}

#[test]
fn uuid_agrees_with_cpython() {
    check_cases(include_str!("cases/uuid.txt"), include_str!("cases/uuid.expected"));
}
