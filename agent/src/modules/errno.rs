//! `errno`: every error number name of the platform, as CPython 3.11 on
//! Linux exposes them, and `errorcode` (number → name) in the order
//! CPython's `errnomodule.c` fills it. The values are the target's
//! (`platform::errno`).

use crate::objects::dict::Dict;
use crate::objects::module::ModuleDef;
use crate::platform::errno::{ALIASES, CODES};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::PyResult;
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "errno",
    type_name: "errno",
    doc: "This module makes available standard errno system symbols.",
    functions: &[],
    attr,
    attr_names: &NAMES,
    setattr: None,
};

/// Every name: `errorcode`'s and the aliases.
const NAMES: [&str; CODES.len() + ALIASES.len() + 1] = {
    let mut out = [""; CODES.len() + ALIASES.len() + 1];
    let mut i = 0;
    while i < CODES.len() {
        out[i] = CODES[i].0;
        i += 1;
    }
    let mut j = 0;
    while j < ALIASES.len() {
        out[i + j] = ALIASES[j].0;
        j += 1;
    }
    out[i + j] = "errorcode";
    out
};

fn attr(name: &str, cx: &Cx) -> Option<PyResult<Py>> {
    if name == "errorcode" {
        let pairs = CODES.iter().map(|(n, code)| (Py::Int((*code).into()), Py::str(*n))).collect();
        return Some(Dict::from_pairs(cx, pairs));
    }
    CODES.iter().chain(ALIASES).find(|(n, _)| *n == name).map(|(_, code)| Ok(Py::Int((*code).into())))
}

#[cfg(test)]
mod tests {
    use crate::interp::{eval, execute};
    use crate::objects::testing::with_cx;
    use crate::runtime::semantics;

    #[test]
    fn names_and_errorcode() {
        with_cx(|cx| {
            execute(cx, "import errno").expect("imports");
            let run = |src: &str| semantics::repr(cx, &eval(cx, src).expect(src)).expect("repr");
            assert_eq!(run("errno.ENOENT, errno.EACCES, errno.EWOULDBLOCK == errno.EAGAIN"), "(2, 13, True)");
            assert_eq!(
                run("errno.errorcode[2], errno.errorcode[errno.EAGAIN], errno.errorcode[errno.ENOTSUP]"),
                "('ENOENT', 'EAGAIN', 'ENOTSUP')"
            );
            assert_eq!(run("len(errno.errorcode), len([n for n in dir(errno) if n.startswith('E')])"), "(130, 133)");
            assert_eq!(
                run("list(errno.errorcode.items())[:3]"),
                "[(19, 'ENODEV'), (50, 'ENOCSI'), (113, 'EHOSTUNREACH')]"
            );
        });
    }
}
