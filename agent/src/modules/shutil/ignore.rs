//! `shutil.ignore_patterns` (a `copytree` ignore function made of glob
//! patterns) and `shutil.copyfileobj`.

use std::sync::LazyLock;

use crate::modules::fnmatch::{chars_of, Pattern};
use crate::objects::attr;
use crate::objects::set::Set;
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{Type, TypeRef};
use crate::runtime::value::Py;

static FUNCTION: LazyLock<TypeRef> = LazyLock::new(|| Type::native("builtins", "function", None, &[], None));

/// `ignore_patterns(*patterns)`: the function `copytree` calls with
/// `(path, names)`; it returns the set of names any pattern matches.
pub(super) fn ignore_patterns(cx: &Cx, args: Args) -> PyResult<Py> {
    args.no_kw("ignore_patterns")?;
    let mut patterns = Vec::new();
    for p in &args.pos {
        let p = semantics::fspath(cx, p)?;
        let Some((_, chars)) = chars_of(&p) else { return Err(exceptions::type_error("pattern must be str or bytes")) };
        patterns.push((p, Pattern::new(&chars)));
    }
    Ok(Py::obj(IgnorePatterns { patterns }))
}

struct IgnorePatterns {
    patterns: Vec<(Py, Pattern)>,
}

impl PyObject for IgnorePatterns {
    fn ty(&self) -> TypeRef {
        FUNCTION.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<function ignore_patterns.<locals>._ignore_patterns at {:#x}>", address(this)))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        let [_path, names] = args.bind("_ignore_patterns", ["path", "names"])?;
        let names = semantics::iterate(cx, &req(names))?;
        let mut ignored = Vec::new();
        for (pat, pattern) in &self.patterns {
            let pat_kind = chars_of(pat).map(|(k, _)| k);
            for n in &names {
                match chars_of(n) {
                    Some((kind, chars)) if Some(kind) == pat_kind => {
                        if pattern.matches(&chars) {
                            ignored.push(n.clone());
                        }
                    }
                    _ => {
                        return Err(exceptions::type_error(if matches!(pat, Py::Str(_)) {
                            "cannot use a string pattern on a bytes-like object"
                        } else {
                            "cannot use a bytes pattern on a string-like object"
                        }))
                    }
                }
            }
        }
        Set::from_items(cx, ignored, false)
    }
}

/// `copyfileobj(fsrc, fdst, length=0)`: reads and writes until the end.
pub(super) fn copyfileobj(cx: &Cx, args: Args) -> PyResult<Py> {
    let [src, dst, length] = args.bind("copyfileobj", ["fsrc", "fdst", "length?"])?;
    let (src, dst) = (req(src), req(dst));
    let length = match args::opt_int("copyfileobj", length.as_ref())?.unwrap_or(0) {
        n if n <= 0 => 64 * 1024,
        n => n,
    };
    loop {
        cx.check_interrupt()?;
        let buf = attr::call_method(cx, &src, "read", Args::one(Py::Int(length)))?;
        if !semantics::truthy(cx, &buf)? {
            return Ok(Py::None);
        }
        attr::call_method(cx, &dst, "write", Args::one(buf))?;
    }
}
