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

/// `gzip` packs the mtime with `struct.pack('<L')`, whose range error
/// depends on the width of the host's C `long` (CPython's answers).
#[test]
fn gzip_mtime_range_follows_the_host_long() {
    let cx = crate::objects::testing::cx();
    crate::interp::execute(&cx, "import gzip").expect("import");
    let got = super::testing::eval_line(&cx, "gzip.compress(b'abc', mtime=2**32)");
    let want = if cfg!(target_pointer_width = "64") {
        "struct.error: 'L' format requires 0 <= number <= 4294967295"
    } else {
        "struct.error: argument out of range"
    };
    assert_eq!(got, want);
}
