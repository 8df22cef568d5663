//! Checks for native modules through the interpreter, against what
//! CPython 3.11 gave for the same source: case files, Python
//! lines run in one namespace — `>>> statement` lines are executed (with
//! the `... ` lines that continue them), every other line is an expression
//! whose result is compared — with an `.expected` twin holding CPython's
//! answer for each expression, written by
//! `scripts/gen-stdlib-expectations.py` ([`check_cases`]). A result is
//! `repr(value)`, or `Class: message` for an exception (`module.Class`
//! outside builtins in case files), with addresses masked.

use crate::objects::testing::cx;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyErr;
use crate::runtime::semantics;

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

/// `module.Class: message` as the generator prints it.
pub fn describe(cx: &Cx, e: &PyErr) -> String {
    let class = e.class();
    let name = if class.module == "builtins" { class.name.to_string() } else { class.qualified_name() };
    let msg = e.message(cx);
    if msg.is_empty() {
        name
    } else {
        format!("{name}: {msg}")
    }
}

/// Masks object addresses and writes newlines as `\\n` (one line each
/// in `.expected` files).
fn mask(text: &str) -> String {
    without_addresses(text).replace('\n', "\\n")
}

/// Result of evaluating `src` in `cx`'s namespace.
pub fn eval_line(cx: &Cx, src: &str) -> String {
    let text = match crate::interp::eval(cx, src) {
        Ok(v) => semantics::repr(cx, &v).unwrap_or_else(|e| format!("repr failed: {}", describe(cx, &e))),
        Err(e) => describe(cx, &e),
    };
    mask(&text)
}

/// Runs a case file and compares every expression with CPython's answer;
/// panics listing every disagreement. The cases run on a thread with the
/// stack the agent gives its own threads (deep recursion behaves as in
/// the agent, not as in a test thread).
pub fn check_cases(cases: &str, expected: &str) {
    crate::objects::testing::on_agent_stack(|| check_cases_here(cases, expected));
}

fn check_cases_here(cases: &str, expected: &str) {
    let cx = cx();
    let mut want = expected.lines();
    let mut failures = Vec::new();
    let mut count = 0;
    let lines: Vec<&str> = cases.lines().collect();
    for (n, line) in lines.iter().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("... ") {
            continue;
        }
        if let Some(first) = line.strip_prefix(">>> ") {
            let more = lines[n + 1..].iter().map_while(|l| l.strip_prefix("... "));
            let stmt = std::iter::once(first).chain(more).collect::<Vec<_>>().join("\n");
            if let Err(e) = crate::interp::execute(&cx, &stmt) {
                failures.push(format!("line {}: {line}\n   setup failed: {}", n + 1, describe(&cx, &e)));
            }
            continue;
        }
        count += 1;
        let got = eval_line(&cx, line);
        let Some(want) = want.next() else {
            failures.push(format!("line {}: no expectation (run scripts/gen-stdlib-expectations.py)", n + 1));
            continue;
        };
        if got != want {
            failures.push(format!("line {}: {line}\n   agent:   {got}\n   cpython: {want}", n + 1));
        }
    }
    assert!(failures.is_empty(), "{} of {count} cases differ from CPython:\n{}", failures.len(), failures.join("\n"));
    assert!(want.next().is_none(), "more expectations than cases: regenerate");
}
