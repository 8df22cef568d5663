//! `functools.lru_cache` and `functools.cache`: a wrapper that remembers
//! results by their arguments, evicting the least recently used beyond
//! `maxsize`.
//!
//! The wrapped function runs with no lock held (it may recurse into the
//! wrapper); two threads missing the same key both call it, as in CPython.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use crate::objects::attr;
use crate::objects::dict::Dict;
use crate::objects::record::{record_type, RecordKind, RecordObj};
use crate::runtime::args::Args;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{ObjRef, PyObject};
use crate::runtime::semantics;
use crate::runtime::types::{method, Method, Type, TypeRef};
use crate::runtime::value::Py;

static LRU_CACHE_WRAPPER: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("functools", "_lru_cache_wrapper", None, &WRAPPER_METHODS, None).in_c());
static DECORATOR: LazyLock<TypeRef> = LazyLock::new(|| Type::native("functools", "function", None, &[], None));
static CACHE_INFO: LazyLock<TypeRef> =
    LazyLock::new(|| record_type("functools", "CacheInfo", RecordKind::NamedTuple, &[]));

/// The attributes a wrapper takes from the function (`WRAPPER_ASSIGNMENTS`).
pub const ASSIGNED: [&str; 5] = ["__module__", "__name__", "__qualname__", "__doc__", "__annotations__"];

/// The separator between positional and keyword arguments in cache keys
/// (`_make_key`'s `kwd_mark`): an object equal only to itself, that no
/// caller can pass.
static KWD_MARK: LazyLock<Py> = LazyLock::new(|| Py::obj(KwdMark));

struct KwdMark;

impl PyObject for KwdMark {
    fn ty(&self) -> TypeRef {
        crate::runtime::types::OBJECT.clone()
    }
}

#[derive(Default)]
struct Order {
    /// Key of each entry by its last use (oldest first).
    by_use: BTreeMap<u64, Py>,
    hits: u64,
    misses: u64,
}

pub struct LruCache {
    func: Py,
    maxsize: Option<usize>,
    typed: bool,
    /// Key → `(result, last use)`.
    cache: Dict,
    order: Mutex<Order>,
    clock: AtomicU64,
}

fn lock(m: &Mutex<Order>) -> std::sync::MutexGuard<'_, Order> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// `lru_cache_make_key`: the arguments as one hashable key (a lone int or
/// str argument is its own key, as in CPython's C implementation).
fn make_key(cx: &Cx, args: &Args, typed: bool) -> PyResult<Py> {
    if !typed && args.kw.is_empty() {
        if let [one @ (Py::Int(_) | Py::BigInt(_) | Py::Str(_))] = args.pos.as_slice() {
            return Ok(one.clone());
        }
    }
    let mut key = args.pos.clone();
    if !args.kw.is_empty() {
        key.push(KWD_MARK.clone());
        for (k, v) in &args.kw {
            key.push(Py::Str(k.clone()));
            key.push(v.clone());
        }
    }
    if typed {
        key.extend(args.pos.iter().map(crate::objects::type_value_of));
        key.extend(args.kw.iter().map(|(_, v)| crate::objects::type_value_of(v)));
    }
    let key = Py::tuple(key);
    semantics::hash(cx, &key)?;
    Ok(key)
}

impl LruCache {
    fn lookup(&self, cx: &Cx, key: &Py) -> PyResult<Option<Py>> {
        let Some(Py::Tuple(entry)) = self.cache.get_item(cx, key)? else { return Ok(None) };
        if self.maxsize.is_some() {
            let now = self.clock.fetch_add(1, Ordering::Relaxed);
            let mut order = lock(&self.order);
            if let Py::Int(old) = entry[1] {
                order.by_use.remove(&(old as u64));
            }
            order.by_use.insert(now, key.clone());
            drop(order);
            self.cache.set_item(cx, key.clone(), Py::tuple(vec![entry[0].clone(), Py::Int(now as i64)]))?;
        }
        Ok(Some(entry[0].clone()))
    }

    fn store(&self, cx: &Cx, key: Py, value: Py) -> PyResult<()> {
        let Some(max) = self.maxsize else {
            return self.cache.set_item(cx, key, Py::tuple(vec![value, Py::Int(0)]));
        };
        if max == 0 {
            return Ok(());
        }
        if self.cache.get_item(cx, &key)?.is_some() {
            // Another call stored it meanwhile.
            return Ok(());
        }
        let now = self.clock.fetch_add(1, Ordering::Relaxed);
        self.cache.set_item(cx, key.clone(), Py::tuple(vec![value, Py::Int(now as i64)]))?;
        let evicted = {
            let mut order = lock(&self.order);
            order.by_use.insert(now, key);
            let mut out = Vec::new();
            while order.by_use.len() > max {
                out.extend(order.by_use.pop_first().map(|(_, k)| k));
            }
            out
        };
        for k in evicted {
            self.cache.remove_item(cx, &k)?;
        }
        Ok(())
    }
}

impl PyObject for LruCache {
    fn ty(&self) -> TypeRef {
        LRU_CACHE_WRAPPER.clone()
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, cx: &Cx) -> PyResult<Py> {
        if self.maxsize == Some(0) {
            lock(&self.order).misses += 1;
            return semantics::call(cx, &self.func, args);
        }
        let key = make_key(cx, &args, self.typed)?;
        if let Some(v) = self.lookup(cx, &key)? {
            lock(&self.order).hits += 1;
            return Ok(v);
        }
        lock(&self.order).misses += 1;
        let value = semantics::call(cx, &self.func, args)?;
        self.store(cx, key, value.clone())?;
        Ok(value)
    }
    fn blocks(&self, _method: Option<&str>) -> bool {
        true
    }
    fn getattr(&self, _this: &ObjRef, name: &str, cx: &Cx) -> PyResult<Option<Py>> {
        if name == "__wrapped__" {
            return Ok(Some(self.func.clone()));
        }
        if ASSIGNED.contains(&name) || name == "__dict__" {
            return match attr::getattr(cx, &self.func, name) {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is("AttributeError") => Ok(None),
                Err(e) => Err(e),
            };
        }
        Ok(None)
    }
    fn attr_names(&self) -> Vec<String> {
        let mut names: Vec<String> = ASSIGNED.iter().map(|s| (*s).to_owned()).collect();
        names.push("__wrapped__".to_owned());
        names
    }
    fn take_children(&self) -> Vec<Py> {
        let mut out = vec![self.func.clone()];
        out.extend(lock(&self.order).by_use.values().cloned());
        out
    }
}

fn wrapper_self(this: &Py) -> PyResult<&LruCache> {
    this.downcast::<LruCache>().ok_or_else(|| exceptions::type_error("an lru_cache wrapper is required"))
}

fn maxsize_value(m: Option<usize>) -> Py {
    m.map_or(Py::None, Py::from)
}

fn cache_info(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("cache_info")?;
    let w = wrapper_self(this)?;
    let (hits, misses) = {
        let order = lock(&w.order);
        (order.hits, order.misses)
    };
    Ok(RecordObj::new(
        &CACHE_INFO,
        RecordKind::NamedTuple,
        vec![
            ("hits", Py::from(hits)),
            ("misses", Py::from(misses)),
            ("maxsize", maxsize_value(w.maxsize)),
            ("currsize", Py::from(w.cache.len())),
        ],
    ))
}

fn cache_clear(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("cache_clear")?;
    let w = wrapper_self(this)?;
    for k in w.cache.keys() {
        w.cache.remove_item(cx, &k)?;
    }
    let mut order = lock(&w.order);
    *order = Order::default();
    Ok(Py::None)
}

fn cache_parameters(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("cache_parameters")?;
    let w = wrapper_self(this)?;
    Dict::from_pairs(cx, vec![(Py::str("maxsize"), maxsize_value(w.maxsize)), (Py::str("typed"), Py::Bool(w.typed))])
}

static WRAPPER_METHODS: [Method; 3] = [
    method("cache_info", cache_info),
    method("cache_clear", cache_clear),
    method("cache_parameters", cache_parameters),
];

fn wrap(func: Py, maxsize: Option<usize>, typed: bool) -> Py {
    Py::obj(LruCache {
        func,
        maxsize,
        typed,
        cache: Dict::empty(),
        order: Mutex::new(Order::default()),
        clock: AtomicU64::new(0),
    })
}

/// What `lru_cache(maxsize, typed)` returns: applied to a function, it
/// wraps it.
struct Decorator {
    maxsize: Option<usize>,
    typed: bool,
}

impl PyObject for Decorator {
    fn ty(&self) -> TypeRef {
        DECORATOR.clone()
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        Ok(format!("<function lru_cache.<locals>.decorating_function at {:#x}>", crate::runtime::object::address(this)))
    }
    fn is_callable(&self) -> bool {
        true
    }
    fn call(&self, _this: &ObjRef, args: Args, _cx: &Cx) -> PyResult<Py> {
        let [func] = args.bind("decorating_function", ["user_function"])?;
        Ok(wrap(crate::runtime::args::req(func), self.maxsize, self.typed))
    }
}

fn is_callable(v: &Py) -> bool {
    match v {
        Py::Obj(o) => o.is_callable(),
        Py::Client(_) => true,
        _ => false,
    }
}

/// `lru_cache(maxsize=128, typed=False)`, or `lru_cache(user_function)`.
pub fn lru_cache(cx: &Cx, args: Args) -> PyResult<Py> {
    let [maxsize, typed] = args.bind("lru_cache", ["maxsize?", "typed?"])?;
    let typed = crate::runtime::args::opt_bool(cx, typed.as_ref(), false)?;
    let maxsize = match maxsize {
        None => Some(128),
        Some(Py::None) => None,
        Some(f) if is_callable(&f) && !matches!(f, Py::Int(_) | Py::Bool(_)) => return Ok(wrap(f, Some(128), typed)),
        Some(n) => match semantics::index_value(&n) {
            Some(Py::Int(n)) => Some(n.max(0) as usize),
            Some(_) => return Err(exceptions::overflow_error("Python int too large to convert to C ssize_t")),
            None => {
                return Err(exceptions::type_error("Expected first argument to be an integer, a callable, or None"))
            }
        },
    };
    Ok(Py::obj(Decorator { maxsize, typed }))
}

/// `cache(user_function)`: an unbounded `lru_cache`.
pub fn cache(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [func] = args.bind("cache", ["user_function"])?;
    Ok(wrap(crate::runtime::args::req(func), None, false))
}
