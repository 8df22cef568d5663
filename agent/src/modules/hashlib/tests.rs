//! `hashlib` and `hmac` against CPython 3.11's answers.

use crate::modules::testing::{check_cases, eval_line};
use crate::objects::testing::cx;

#[test]
fn hashes_agree_with_cpython() {
    check_cases(include_str!("cases.txt"), include_str!("cases.expected"));
}

/// BLAKE2 tree hashing is the one option the crates do not offer: it is
/// refused by name rather than hashed wrongly.
#[test]
fn blake2_tree_parameters_are_refused_by_name() {
    let cx = cx();
    crate::interp::execute(&cx, "import hashlib").expect("import");
    let got = eval_line(&cx, "hashlib.blake2b(b'x', fanout=2)");
    assert!(got.starts_with("NotImplementedError: BLAKE2 tree hashing"), "{got}");
    assert_eq!(eval_line(&cx, "hashlib.blake2b(b'x', fanout=1, depth=1, last_node=False).digest_size"), "64");
}
