//! `os.environ` (an `os._Environ` mapping over the agent's real process
//! environment: reads and writes go straight to it, so `putenv` and child
//! processes see the same variables), `getenv`, `putenv`, `unsetenv`.

use std::ffi::OsStr;
use std::sync::{Arc, LazyLock};

use rpyc_protocol::Value;

use crate::objects::attr;
use crate::objects::dict::{mapping_pairs, Dict};
use crate::platform::{env, errno};
use crate::runtime::args::{req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{BinOp, CmpOp, ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static ENVIRON_TYPE: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("os", "_Environ", None, &ENVIRON_METHODS, None));

/// `os.environ`: the process environment as a mapping (one object).
pub struct Environ;

/// The one `os.environ` object.
pub fn environ() -> Py {
    static ENVIRON: LazyLock<ObjRef> = LazyLock::new(|| Arc::new(Environ));
    Py::Obj(ENVIRON.clone())
}

fn vars() -> Vec<(String, String)> {
    env::vars().into_iter().map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned())).collect()
}

fn get(key: &str) -> Option<String> {
    env::get(key).map(|v| v.to_string_lossy().into_owned())
}

/// A key or value: `os.environ` holds str only.
fn text(v: &Py) -> PyResult<&str> {
    match v {
        Py::Str(s) => Ok(s),
        other => Err(exceptions::type_error(format!("str expected, not {}", semantics::type_name(other)))),
    }
}

/// Checks a name (and value) the way `putenv`/`unsetenv` do.
fn check(key: &str, value: Option<&str>) -> PyResult<()> {
    if key.contains('\0') || value.is_some_and(|v| v.contains('\0')) {
        return Err(exceptions::value_error("embedded null byte"));
    }
    match value {
        Some(_) if key.contains('=') => Err(exceptions::value_error("illegal environment variable name")),
        _ if key.is_empty() || key.contains('=') => Err(exceptions::os_errno(errno::EINVAL, None, None)),
        _ => Ok(()),
    }
}

fn set(key: &str, value: &str) -> PyResult<()> {
    check(key, Some(value))?;
    env::set(OsStr::new(key), OsStr::new(value));
    Ok(())
}

fn unset(key: &str) -> PyResult<()> {
    check(key, None)?;
    env::unset(OsStr::new(key));
    Ok(())
}

/// `environ[key]`.
fn lookup(key: &Py) -> PyResult<String> {
    get(text(key)?).ok_or_else(|| exceptions::key_error(key.clone()))
}

/// The environment now, as a dict.
fn snapshot() -> Py {
    let d = Dict::empty();
    for (k, v) in vars() {
        d.set_plain(Py::from(k), Py::from(v));
    }
    Py::Obj(Arc::new(d))
}

/// `other` as a dict when it is a mapping (a dict, `os.environ`, or a
/// client's mapping: an object with `keys()`), for `==` and `|`; `None`
/// makes the operation NotImplemented, as `collections.abc.Mapping` does.
fn as_mapping(cx: &Cx, other: &Py) -> PyResult<Option<Py>> {
    if other.downcast::<Dict>().is_some() {
        return Ok(Some(other.clone()));
    }
    if other.downcast::<Environ>().is_some() {
        return Ok(Some(snapshot()));
    }
    if matches!(other, Py::Client(_)) && attr::hasattr(cx, other, "keys")? {
        return Dict::from_pairs(cx, mapping_pairs(cx, other)?).map(Some);
    }
    Ok(None)
}

impl PyObject for Environ {
    fn ty(&self) -> TypeRef {
        ENVIRON_TYPE.clone()
    }
    fn repr(&self, _this: &ObjRef, cx: &Cx) -> PyResult<String> {
        let mut inner = Vec::new();
        for (k, v) in vars() {
            inner.push(format!("{}: {}", semantics::repr(cx, &Py::from(k))?, semantics::repr(cx, &Py::from(v))?));
        }
        Ok(format!("environ({{{}}})", inner.join(", ")))
    }
    fn hash(&self, _cx: &Cx) -> PyResult<Option<i64>> {
        Err(exceptions::type_error("unhashable type: '_Environ'"))
    }
    fn len(&self, _cx: &Cx) -> PyResult<Option<usize>> {
        Ok(Some(vars().len()))
    }
    fn iter(&self, _this: &ObjRef, cx: &Cx) -> PyResult<Option<Py>> {
        semantics::iter(cx, &snapshot()).map(Some)
    }
    fn getitem(&self, _this: &ObjRef, key: &Py, _cx: &Cx) -> PyResult<Option<Py>> {
        lookup(key).map(|v| Some(Py::from(v)))
    }
    fn setitem(&self, key: Py, value: Py, _cx: &Cx) -> PyResult<bool> {
        set(text(&key)?, text(&value)?)?;
        Ok(true)
    }
    fn delitem(&self, key: &Py, _cx: &Cx) -> PyResult<bool> {
        lookup(key)?;
        unset(text(key)?)?;
        Ok(true)
    }
    fn contains(&self, item: &Py, _cx: &Cx) -> PyResult<Option<bool>> {
        Ok(Some(get(text(item)?).is_some()))
    }
    fn richcmp(&self, _this: &ObjRef, op: CmpOp, other: &Py, cx: &Cx) -> PyResult<Option<bool>> {
        if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            return Ok(None);
        }
        let Some(other) = as_mapping(cx, other)? else { return Ok(None) };
        semantics::richcmp(cx, &snapshot(), &other, op).map(Some)
    }
    fn binary(&self, _this: &ObjRef, op: BinOp, other: &Py, reflected: bool, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or {
            return Ok(None);
        }
        let Some(other) = as_mapping(cx, other)? else { return Ok(None) };
        let (first, second) = if reflected { (other, snapshot()) } else { (snapshot(), other) };
        let new = Dict::empty();
        new.update_from(cx, &first)?;
        new.update_from(cx, &second)?;
        Ok(Some(Py::Obj(Arc::new(new))))
    }
    fn inplace(&self, this: &ObjRef, op: BinOp, other: &Py, cx: &Cx) -> PyResult<Option<Py>> {
        if op != BinOp::Or {
            return Ok(None);
        }
        update_from(cx, other)?;
        Ok(Some(Py::Obj(this.clone())))
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        Ok(Some(Value::Dict(vars().into_iter().map(|(k, v)| (Value::Str(k), Value::Str(v))).collect())))
    }
}

fn update_from(cx: &Cx, other: &Py) -> PyResult<()> {
    for (k, v) in mapping_pairs(cx, other)? {
        set(text(&k)?, text(&v)?)?;
    }
    Ok(())
}

/// A method on the dict of the variables as they are now.
fn on_snapshot(cx: &Cx, name: &str, args: Args) -> PyResult<Py> {
    args.none(name)?;
    attr::call_method(cx, &snapshot(), name, Args::default())
}

fn get_method(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("get", ["key", "default?"])?;
    Ok(get(text(&req(key))?).map_or_else(|| default.unwrap_or(Py::None), Py::from))
}

fn setdefault(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [key, value] = args.bind("_Environ.setdefault", ["key", "value"])?;
    let (key, value) = (req(key), req(value));
    if let Some(v) = get(text(&key)?) {
        return Ok(Py::from(v));
    }
    set(text(&key)?, text(&value)?)?;
    Ok(value)
}

fn pop(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("pop", ["key", "default?"])?;
    let key = req(key);
    match (get(text(&key)?), default) {
        (Some(v), _) => {
            unset(text(&key)?)?;
            Ok(Py::from(v))
        }
        (None, Some(d)) => Ok(d),
        (None, None) => Err(exceptions::key_error(key)),
    }
}

fn popitem(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    args.none("popitem")?;
    let Some((k, v)) = vars().into_iter().next() else { return Err(exceptions::key_error(Py::None)) };
    unset(&k)?;
    Ok(Py::tuple(vec![Py::from(k), Py::from(v)]))
}

fn update(cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    let Args { pos, kw } = args;
    if pos.len() > 1 {
        return Err(exceptions::type_error(format!("update expected at most 1 argument, got {}", pos.len())));
    }
    if let Some(other) = pos.first() {
        update_from(cx, other)?;
    }
    for (k, v) in kw {
        set(&k, text(&v)?)?;
    }
    Ok(Py::None)
}

fn copy(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    args.none("copy")?;
    Ok(snapshot())
}

fn clear(_cx: &Cx, _this: &Py, args: Args) -> PyResult<Py> {
    args.none("clear")?;
    for (k, _) in vars() {
        unset(&k)?;
    }
    Ok(Py::None)
}

static ENVIRON_METHODS: [Method; 10] = [
    method("get", get_method),
    method("keys", |cx, _, a| on_snapshot(cx, "keys", a)),
    method("values", |cx, _, a| on_snapshot(cx, "values", a)),
    method("items", |cx, _, a| on_snapshot(cx, "items", a)),
    method("setdefault", setdefault),
    method("pop", pop),
    method("popitem", popitem),
    method("update", update),
    method("copy", copy),
    method("clear", clear),
];

pub(super) fn getenv(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [key, default] = args.bind("getenv", ["key", "default?"])?;
    Ok(get(text(&req(key))?).map_or_else(|| default.unwrap_or(Py::None), Py::from))
}

pub(super) fn putenv(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [key, value] = args.bind("putenv", ["name", "value"])?;
    set(text(&req(key))?, text(&req(value))?)?;
    Ok(Py::None)
}

pub(super) fn unsetenv(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [key] = args.bind("unsetenv", ["name"])?;
    unset(text(&req(key))?)?;
    Ok(Py::None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::testing::with_cx;

    fn message(cx: &Cx, r: PyResult<Py>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(e) => format!("{}: {}", e.class().name, e.message(cx)),
        }
    }

    #[test]
    fn bad_names_are_errors_not_panics() {
        assert!(set("", "x").is_err_and(|e| e.is("OSError")));
        assert!(set("A=B", "x").is_err_and(|e| e.is("ValueError")));
        assert!(set("A\0", "x").is_err_and(|e| e.is("ValueError")));
        assert!(set("RPYC_AGENT_TEST_ENV", "x\0").is_err());
        assert!(unset("=").is_err_and(|e| e.is("OSError")));
        assert!(unset("A=B").is_err_and(|e| e.is("OSError")));
        set("RPYC_AGENT_TEST_ENV", "1").expect("valid");
        assert_eq!(get("RPYC_AGENT_TEST_ENV").as_deref(), Some("1"));
        unset("RPYC_AGENT_TEST_ENV").expect("valid");
        assert_eq!(get("RPYC_AGENT_TEST_ENV"), None);
    }

    #[test]
    fn environ_is_a_mapping_like_os_environ() {
        with_cx(|cx| {
            let env = environ();
            let k = Py::str("RPYC_AGENT_ENVIRON_TEST");
            semantics::setitem(cx, &env, k.clone(), Py::str("v1")).expect("set");
            assert!(matches!(semantics::getitem(cx, &env, &k), Ok(Py::Str(v)) if &*v == "v1"));
            assert!(semantics::contains(cx, &env, &k).unwrap_or(false));
            let keys = semantics::iterate(cx, &env).expect("iterate");
            assert!(keys.iter().any(|key| semantics::eq(cx, key, &k).unwrap_or(false)));
            assert_eq!(semantics::len(cx, &env).ok(), Some(vars().len()));
            let copy = attr::call_method(cx, &env, "copy", Args::default()).expect("copy");
            assert!(semantics::eq(cx, &env, &copy).unwrap_or(false));
            let merged = semantics::binary(cx, BinOp::Or, &env, &Dict::new_empty()).expect("env | {}");
            assert!(merged.downcast::<Dict>().is_some());
            assert!(!semantics::eq(cx, &env, &Py::Int(5)).unwrap_or(true));
            assert!(semantics::binary(cx, BinOp::Or, &env, &Py::Int(5)).is_err_and(|e| e.is("TypeError")));
            let lt = semantics::richcmp(cx, &env, &Dict::new_empty(), CmpOp::Lt);
            assert!(lt.is_err_and(|e| e.is("TypeError")));
            semantics::delitem(cx, &env, &k).expect("del");
            assert!(!semantics::contains(cx, &env, &k).unwrap_or(true));
            assert_eq!(message(cx, semantics::getitem(cx, &env, &k)), "KeyError: 'RPYC_AGENT_ENVIRON_TEST'");
            assert_eq!(
                message(cx, semantics::delitem(cx, &env, &k).map(|()| Py::None)),
                "KeyError: 'RPYC_AGENT_ENVIRON_TEST'"
            );
            assert_eq!(
                message(cx, semantics::contains(cx, &env, &Py::Int(1)).map(Py::Bool)),
                "TypeError: str expected, not int"
            );
            assert_eq!(
                message(cx, semantics::setitem(cx, &env, k.clone(), Py::Int(1)).map(|()| Py::None)),
                "TypeError: str expected, not int"
            );
            let env_get = |args: Vec<Py>| attr::call_method(cx, &env, "get", Args::positional(args));
            assert!(env_get(vec![k.clone()]).is_ok_and(|v| v.is_none()));
            assert!(matches!(env_get(vec![k.clone(), Py::Int(5)]), Ok(Py::Int(5))));
            let pop = attr::call_method(cx, &env, "pop", Args::positional(vec![k.clone(), Py::str("d")]));
            assert!(matches!(pop, Ok(Py::Str(d)) if &*d == "d"));
            let up = Args::new(vec![], vec![(Arc::from("RPYC_AGENT_ENVIRON_TEST"), Py::str("kw"))]);
            attr::call_method(cx, &env, "update", up).expect("update");
            assert_eq!(get("RPYC_AGENT_ENVIRON_TEST").as_deref(), Some("kw"));
            let sd = attr::call_method(cx, &env, "setdefault", Args::positional(vec![k.clone(), Py::str("other")]));
            assert!(matches!(sd, Ok(Py::Str(v)) if &*v == "kw"));
            unsetenv(cx, Args::one(k.clone())).expect("unsetenv");
            assert!(getenv(cx, Args::one(k.clone())).is_ok_and(|v| v.is_none()));
            assert!(semantics::repr(cx, &env).is_ok_and(|r| r.starts_with("environ({")));
            assert!(semantics::hash(cx, &env).is_err());
            assert!(matches!(semantics::to_value(cx, &env), Ok(Value::Dict(_))));
        });
    }
}
