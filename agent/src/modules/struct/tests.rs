//! `struct` against CPython 3.11's answers (the case files), and native
//! mode against the C types of whatever host runs the tests.

use std::mem::{align_of, size_of};

use crate::platform::ctypes::{c_int, c_long, c_longlong};

use crate::modules::testing::{check_cases, eval_line};
use crate::objects::testing::cx;

/// The expectations come from a 64-bit host: with a 32-bit C `long`,
/// CPython's range errors for large numbers differ (`argument out of
/// range` from its `long` conversion comes first).
#[cfg(target_pointer_width = "64")]
#[test]
fn standard_sizes_agree_with_cpython() {
    check_cases(include_str!("cases.txt"), include_str!("cases.expected"));
}

/// Cases written for a little-endian host; on a big-endian one CPython
/// answers for `>` what it answers for `<` here, and the other way round.
#[cfg(target_pointer_width = "64")]
#[test]
fn byte_order_of_the_host_picks_the_native_functions() {
    let cases = include_str!("cases_host_order.txt");
    let cases = if cfg!(target_endian = "big") {
        cases.replace("('<", "('\u{1}").replace("('>", "('<").replace("('\u{1}", "('>")
    } else {
        cases.to_owned()
    };
    check_cases(&cases, include_str!("cases_host_order.expected"));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn native_mode_agrees_with_cpython_on_x86_64() {
    check_cases(include_str!("cases_native_x86_64.txt"), include_str!("cases_native_x86_64.expected"));
}

#[test]
fn native_mode_follows_the_host() {
    let cx = cx();
    crate::interp::execute(&cx, "import struct").expect("import");
    let ev = |src: &str| eval_line(&cx, src);
    assert_eq!(ev("struct.calcsize('l')"), size_of::<c_long>().to_string());
    assert_eq!(ev("struct.calcsize('P')"), size_of::<usize>().to_string());
    assert_eq!(ev("struct.calcsize('cq')"), (align_of::<c_longlong>() + 8).to_string());
    assert_eq!(ev("struct.calcsize('ci')"), (align_of::<c_int>() + 4).to_string());
    let one = if cfg!(target_endian = "big") { r"b'\x00\x00\x00\x01'" } else { r"b'\x01\x00\x00\x00'" };
    assert_eq!(ev("struct.pack('=I', 1)"), one);
    assert_eq!(ev("struct.pack('I', 1)"), one);
    let long_max = c_long::MAX;
    assert_eq!(ev(&format!("struct.unpack('l', struct.pack('l', {long_max}))")), format!("({long_max},)"));
    assert_eq!(ev(&format!("struct.pack('l', {})", i128::from(long_max) + 1)), "struct.error: argument out of range");
}

/// A format whose size is past the agent's limit on bytes is refused
/// before anything is allocated (on 64-bit hosts; 32-bit ones refuse the
/// format itself as CPython does there).
#[cfg(target_pointer_width = "64")]
#[test]
fn huge_formats_are_memory_errors() {
    let cx = cx();
    crate::interp::execute(&cx, "import struct").expect("import");
    assert_eq!(eval_line(&cx, "struct.calcsize('<4000000000s')"), "4000000000");
    assert_eq!(eval_line(&cx, "struct.pack('<4000000000s', b'')"), "MemoryError: struct too large for rpyc-agent");
}
