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

/// `text` with object addresses (`at 0x7f...`) blanked: they differ
/// from run to run.
fn without_addresses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 6]);
        rest = rest[i + 6..].trim_start_matches(|c: char| c.is_ascii_hexdigit());
        out.push_str("...");
    }
    out.push_str(rest);
    out
}

/// Runs every case (after `prefix`) and reports all mismatches at once.
/// Cases run on a thread with the stack the agent gives its own threads
/// (deep recursion behaves as in the agent, not as in a test thread).
pub fn check(prefix: &str, cases: &[(&str, &str, &str)]) {
    crate::objects::testing::on_agent_stack(|| check_here(prefix, cases));
}

fn check_here(prefix: &str, cases: &[(&str, &str, &str)]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(setup, expr, want)| {
            let got = outcome(&format!("{prefix}{setup}"), expr);
            (without_addresses(&got) != without_addresses(want))
                .then(|| format!("setup: {setup}\n  expr: {expr}\n  want: {want}\n  got:  {got}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from CPython:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// The protocol-4 pickle (in hex) of what `setup` then `expr` copy to by
/// value (`obtain`), or the exception as `module.Class: message`.
pub fn pickled(setup: &str, expr: &str) -> String {
    let cx = cx();
    if let Err(e) = crate::interp::execute(&cx, setup) {
        return format!("setup failed: {}", e.message(&cx));
    }
    let v = match crate::interp::eval(&cx, expr) {
        Ok(v) => v,
        Err(e) => return format!("eval failed: {}", e.message(&cx)),
    };
    match semantics::to_value(&cx, &v) {
        Ok(value) => rpyc_protocol::pickle::dumps(&value, 4).iter().map(|b| format!("{b:02x}")).collect(),
        Err(e) => format!("{}: {}", e.class().qualified_name(), e.message(&cx)),
    }
}
