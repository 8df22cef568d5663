//! `open()` modes.

use crate::runtime::exceptions::{self, PyResult};

/// The letters of an `open()` mode.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Mode {
    pub(super) create: bool,
    pub(super) read: bool,
    pub(super) write: bool,
    pub(super) append: bool,
    pub(super) plus: bool,
    pub(super) text: bool,
    pub(super) binary: bool,
}

pub(super) fn parse_mode(mode: &str) -> PyResult<Mode> {
    let invalid = || exceptions::value_error(format!("invalid mode: '{mode}'"));
    let mut m = Mode::default();
    for (i, c) in mode.char_indices() {
        let flag = match c {
            'x' => &mut m.create,
            'r' => &mut m.read,
            'w' => &mut m.write,
            'a' => &mut m.append,
            '+' => &mut m.plus,
            't' => &mut m.text,
            'b' => &mut m.binary,
            _ => return Err(invalid()),
        };
        if mode[i + 1..].contains(c) {
            return Err(invalid());
        }
        *flag = true;
    }
    if m.text && m.binary {
        return Err(exceptions::value_error("can't have text and binary mode at once"));
    }
    match [m.create, m.read, m.write, m.append].iter().filter(|x| **x).count() {
        0 => {
            Err(exceptions::value_error("Must have exactly one of create/read/write/append mode and at most one plus"))
        }
        1 => Ok(m),
        _ => Err(exceptions::value_error("must have exactly one of create/read/write/append mode")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::with_cx;

    #[test]
    fn modes_parse_like_python() {
        let m = parse_mode("rb+").expect("valid");
        assert!(m.read && m.binary && m.plus && !m.write);
        assert!(parse_mode("w").is_ok_and(|m| m.write && !m.binary));
        let msg = |mode: &str| match parse_mode(mode) {
            Err(e) => with_cx(|cx| e.message(cx)),
            Ok(_) => String::new(),
        };
        assert_eq!(msg("rr"), "invalid mode: 'rr'");
        assert_eq!(msg("rq"), "invalid mode: 'rq'");
        assert_eq!(msg("rw"), "must have exactly one of create/read/write/append mode");
        assert_eq!(msg("tb"), "can't have text and binary mode at once");
        assert_eq!(msg("b"), "Must have exactly one of create/read/write/append mode and at most one plus");
    }
}
