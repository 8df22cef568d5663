//! The builtin functions over objects: attributes, identity, iteration,
//! ordering.

use crate::objects::{attr, iter::CallableIter, list};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::address;
use crate::runtime::semantics;
use crate::runtime::value::Py;

pub fn len(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("len", ["obj"])?;
    Ok(Py::from(semantics::len(cx, &req(x))?))
}

pub fn repr(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("repr", ["obj"])?;
    Ok(Py::str(semantics::repr(cx, &req(x))?))
}

/// `ascii()` of a repr: non-ASCII characters escaped.
pub fn ascii(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("ascii", ["obj"])?;
    Ok(Py::str(semantics::ascii(cx, &req(x))?))
}

pub fn format(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x, spec] = args.bind("format", ["value", "format_spec?"])?;
    let spec = match spec {
        None => String::new(),
        Some(s) => args::to_str("format", &s)?,
    };
    Ok(Py::str(semantics::format(cx, &req(x), &spec)?))
}

pub fn hash(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("hash", ["obj"])?;
    Ok(Py::Int(semantics::hash(cx, &req(x))?))
}

/// `id(x)`: an object's address; for values held inline, a stable
/// stand-in derived from the value.
pub fn id(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("id", ["obj"])?;
    Ok(Py::Int(match req(x) {
        Py::Obj(o) => address(&o),
        Py::Str(s) => s.as_ptr() as usize as i64,
        Py::Bytes(b) => b.as_ptr() as usize as i64,
        Py::Tuple(t) => t.as_ptr() as usize as i64,
        Py::BigInt(b) => std::sync::Arc::as_ptr(&b) as usize as i64,
        other => {
            // Small immutable values: equal values give equal ids.
            (semantics::plain_hash(&other).unwrap_or(0) & 0x0fff_ffff_ffff) | 0x7000_0000_0000
        }
    }))
}

pub fn callable(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("callable", ["obj"])?;
    Ok(Py::Bool(match req(x) {
        Py::Obj(o) => o.is_callable(),
        Py::Client(r) => r.is_class() || r.type_name().contains("function") || r.type_name().contains("method"),
        _ => false,
    }))
}

fn name_arg(_func: &str, v: &Py) -> PyResult<String> {
    match v {
        Py::Str(s) => Ok(s.to_string()),
        other => {
            Err(exceptions::type_error(format!("attribute name must be string, not '{}'", semantics::type_name(other))))
        }
    }
}

pub fn getattr(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, name, default] = args.bind("getattr", ["object", "name", "default?"])?;
    let name = name_arg("getattr", &req(name))?;
    match attr::getattr(cx, &req(obj), &name) {
        Err(e) if e.is("AttributeError") && default.is_some() => Ok(default.unwrap_or(Py::None)),
        other => other,
    }
}

pub fn setattr(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, name, value] = args.bind("setattr", ["object", "name", "value"])?;
    let name = name_arg("setattr", &req(name))?;
    attr::setattr(cx, &req(obj), &name, req(value))?;
    Ok(Py::None)
}

pub fn delattr(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, name] = args.bind("delattr", ["object", "name"])?;
    let name = name_arg("delattr", &req(name))?;
    attr::delattr(cx, &req(obj), &name)?;
    Ok(Py::None)
}

pub fn hasattr(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, name] = args.bind("hasattr", ["object", "name"])?;
    let name = name_arg("hasattr", &req(name))?;
    attr::hasattr(cx, &req(obj), &name).map(Py::Bool)
}

pub fn dir(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj] = args.bind("dir", ["object?"])?;
    let Some(obj) = obj else { return needs_interpreter(cx, Args::default()) };
    if let Py::Client(r) = &obj {
        let names = cx.ask_client(rpyc_protocol::Handler::Dir, vec![Cx::client_ref(r)])?;
        let names = crate::runtime::wire::py_from_obj(names, cx.hooks);
        let mut v = semantics::iterate(cx, &names)?;
        semantics::sort_values(cx, &mut v, None, false)?;
        return Ok(list::List::new(v));
    }
    Ok(list::List::new(attr::dir(cx, &obj).into_iter().map(Py::from).collect()))
}

pub fn vars(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj] = args.bind("vars", ["object?"])?;
    let Some(obj) = obj else { return needs_interpreter(cx, Args::default()) };
    match attr::getattr(cx, &obj, "__dict__") {
        Ok(d) => Ok(d),
        Err(e) if e.is("AttributeError") => Err(exceptions::type_error("vars() argument must have __dict__ attribute")),
        Err(e) => Err(e),
    }
}

/// `globals()`, `locals()`, `eval()`, `exec()` and argument-less `dir()`
/// and `vars()` read the caller's frame: the interpreter answers them.
pub fn needs_interpreter(_cx: &Cx, _args: Args) -> PyResult<Py> {
    Err(exceptions::runtime_error("this builtin reads the calling Python frame; call it from eval/execute"))
}

pub fn import(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, _globals, _locals, fromlist, level] =
        args.bind("__import__", ["name", "globals?", "locals?", "fromlist?", "level?"])?;
    let name = args::to_str("__import__", &req(name))?;
    if let Some(level) = level {
        if args::to_int("__import__", &level)? != 0 {
            return Err(exceptions::new("ImportError", "attempted relative import with no known parent package"));
        }
    }
    let wants_leaf = fromlist.is_some_and(|f| !matches!(f, Py::None) && !matches!(&f, Py::Tuple(t) if t.is_empty()));
    let target = if wants_leaf { name.clone() } else { name.split('.').next().unwrap_or(&name).to_owned() };
    // Every prefix must exist, as a real import would find them.
    let mut prefix = String::new();
    for part in name.split('.') {
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(part);
        crate::modules::getmodule(&prefix)?;
    }
    crate::modules::getmodule(&target).map(Py::Obj)
}

pub fn isinstance(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, cls] = args.bind("isinstance", ["obj", "class_or_tuple"])?;
    attr::isinstance(cx, &req(obj), &req(cls)).map(Py::Bool)
}

pub fn issubclass(cx: &Cx, args: Args) -> PyResult<Py> {
    let [c, cls] = args.bind("issubclass", ["cls", "class_or_tuple"])?;
    attr::issubclass(cx, &req(c), &req(cls)).map(Py::Bool)
}

pub fn iter(cx: &Cx, args: Args) -> PyResult<Py> {
    let [obj, sentinel] = args.bind("iter", ["object", "sentinel?"])?;
    match sentinel {
        Some(s) => {
            let f = req(obj);
            let callable = match &f {
                Py::Obj(o) => o.is_callable(),
                Py::Client(_) => true,
                _ => false,
            };
            if !callable {
                return Err(exceptions::type_error("iter(v, w): v must be callable"));
            }
            Ok(CallableIter::new(f, s))
        }
        None => semantics::iter(cx, &req(obj)),
    }
}

pub fn next(cx: &Cx, args: Args) -> PyResult<Py> {
    let [it, default] = args.bind("next", ["iterator", "default?"])?;
    let it = req(it);
    let is_iter = match &it {
        Py::Obj(o) => o.is_iterator(),
        Py::Client(_) => true,
        _ => false,
    };
    if !is_iter {
        return Err(exceptions::type_error(format!("'{}' object is not an iterator", semantics::type_name(&it))));
    }
    match semantics::next(cx, &it)? {
        Some(v) => Ok(v),
        None => default.ok_or_else(exceptions::stop_iteration),
    }
}

pub fn all(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("all", ["iterable"])?;
    let it = semantics::iter(cx, &req(x))?;
    while let Some(v) = semantics::next(cx, &it)? {
        if !semantics::truthy(cx, &v)? {
            return Ok(Py::Bool(false));
        }
    }
    Ok(Py::Bool(true))
}

pub fn any(cx: &Cx, args: Args) -> PyResult<Py> {
    let [x] = args.bind("any", ["iterable"])?;
    let it = semantics::iter(cx, &req(x))?;
    while let Some(v) = semantics::next(cx, &it)? {
        if semantics::truthy(cx, &v)? {
            return Ok(Py::Bool(true));
        }
    }
    Ok(Py::Bool(false))
}

pub fn sorted(cx: &Cx, args: Args) -> PyResult<Py> {
    let Args { mut pos, kw } = args;
    if pos.len() != 1 {
        return Err(exceptions::type_error(format!("sorted expected 1 argument, got {}", pos.len())));
    }
    let mut rest = Args::new(Vec::new(), kw);
    let key = rest.take_kw("key");
    let reverse = rest.take_kw("reverse");
    rest.no_kw("sort")?;
    let mut items = semantics::iterate(cx, &pos.remove(0))?;
    list::sort_items(cx, &mut items, key.as_ref(), args::opt_bool(cx, reverse.as_ref(), false)?)?;
    Ok(list::List::new(items))
}

/// `min` and `max`: one iterable or several arguments, `key`, `default`.
fn extreme(cx: &Cx, args: Args, name: &str, want_greater: bool) -> PyResult<Py> {
    let Args { pos, kw } = args;
    let mut rest = Args::new(Vec::new(), kw);
    let key = rest.take_kw("key").filter(|k| !k.is_none());
    let default = rest.take_kw("default");
    rest.no_kw(name)?;
    // One iterable is walked lazily, comparing as it goes (a generator's
    // later items are not made when an earlier comparison fails).
    let iterator = match pos.len() {
        0 => return Err(exceptions::type_error(format!("{name} expected at least 1 argument, got 0"))),
        1 => semantics::iter(cx, &pos[0])?,
        _ => {
            if default.is_some() {
                return Err(exceptions::type_error(format!(
                    "Cannot specify a default for {name}() with multiple positional arguments"
                )));
            }
            semantics::iter(cx, &Py::tuple(pos))?
        }
    };
    let mut best: Option<(Py, Py)> = None;
    while let Some(item) = semantics::next(cx, &iterator)? {
        cx.check_interrupt()?;
        let k = match &key {
            Some(f) => semantics::call(cx, f, Args::one(item.clone()))?,
            None => item.clone(),
        };
        best = Some(match best {
            None => (item, k),
            Some((bi, bk)) => {
                // CPython asks `item > best` for max and `item < best` for min.
                let op =
                    if want_greater { crate::runtime::object::CmpOp::Gt } else { crate::runtime::object::CmpOp::Lt };
                let better = semantics::richcmp(cx, &k, &bk, op)?;
                if better {
                    (item, k)
                } else {
                    (bi, bk)
                }
            }
        });
    }
    match (best, default) {
        (Some((item, _)), _) => Ok(item),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(exceptions::value_error(format!("{name}() arg is an empty sequence"))),
    }
}

pub fn max(cx: &Cx, args: Args) -> PyResult<Py> {
    extreme(cx, args, "max", true)
}

pub fn min(cx: &Cx, args: Args) -> PyResult<Py> {
    extreme(cx, args, "min", false)
}
