//! Checks for native modules through the interpreter: each case runs its
//! setup statements, evaluates an expression, and compares its `repr` (or
//! the exception as `Class: message`) with what CPython 3.11 gave for the
//! same source.

use crate::objects::testing::cx;
use crate::runtime::semantics;

/// What `setup` then `expr` give: `repr(value)` or `Class: message`.
pub fn outcome(setup: &str, expr: &str) -> String {
    let cx = cx();
    if let Err(e) = crate::interp::execute(&cx, setup) {
        return format!("{}: {}", e.class().name, e.message(&cx));
    }
    match crate::interp::eval(&cx, expr) {
        Ok(v) => semantics::repr(&cx, &v).unwrap_or_else(|e| format!("repr failed: {}", e.message(&cx))),
        Err(e) => format!("{}: {}", e.class().name, e.message(&cx)),
    }
}

/// Runs every case (after `prefix`) and reports all mismatches at once.
pub fn check(prefix: &str, cases: &[(&str, &str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(setup, expr, want)| {
            let got = outcome(&format!("{prefix}{setup}"), expr);
            (got != *want).then(|| format!("setup: {setup}\n  expr: {expr}\n  want: {want}\n  got:  {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} cases differ from CPython:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
