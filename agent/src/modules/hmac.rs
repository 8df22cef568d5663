//! `hmac`: keyed hashing (RFC 2104) as CPython 3.11's `hmac.py` — `new`,
//! `HMAC` objects, one-shot `digest` and `compare_digest`. A digest given
//! by name or by one of `hashlib`'s constructors runs natively; any other
//! callable (a client's constructor, a Python function) or module with
//! `new` is used through its hash objects, as `hmac.py` does.

use std::sync::{LazyLock, Mutex, MutexGuard};

use crate::modules::binascii::hex;
use crate::modules::buffer;
use crate::modules::hashlib::{self, algo, hash_data, keyed_states};
use crate::objects::attr;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, Args};
use crate::runtime::callables::Function;
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{as_type, method, property, type_value, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static MODULE: ModuleDef = ModuleDef {
    name: "hmac",
    type_name: "hmac",
    doc: "HMAC (Keyed-Hashing for Message Authentication) module.",
    functions: &[f("new", new), f("digest", digest), f("compare_digest", compare_digest)],
    attr: |name, _| match name {
        "HMAC" => Some(Ok(type_value(&HMAC))),
        "digest_size" => Some(Ok(Py::None)),
        _ => None,
    },
    attr_names: &["HMAC", "digest_size"],
    setattr: None,
};

pub static HMAC: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("hmac", "HMAC", None, &HMAC_METHODS, Some(|cx, _, a| hmac_new(cx, "HMAC", a))));

/// The two running hashes of an HMAC.
#[derive(Clone)]
enum Pair {
    /// The inner and outer states of a native algorithm.
    Native(Box<(algo::State, algo::State)>),
    /// Hash objects of any kind, used through their methods.
    Objects { inner: Py, outer: Py },
}

struct HmacObj {
    name: String,
    digest_size: usize,
    block_size: usize,
    pair: Mutex<Pair>,
}

impl HmacObj {
    fn pair(&self) -> MutexGuard<'_, Pair> {
        self.pair.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl PyObject for HmacObj {
    fn ty(&self) -> TypeRef {
        HMAC.clone()
    }
}

/// The algorithm a digestmod names natively: a name, or one of
/// `hashlib`'s own constructors.
fn native_name(digestmod: &Py) -> Option<String> {
    match digestmod {
        Py::Str(s) => Some(s.to_string()),
        Py::Obj(o) => {
            if let Some(func) = o.as_any().downcast_ref::<Function>() {
                let name = func.name.strip_prefix("openssl_")?;
                return (func.module == "_hashlib" && algo::canonical(name).is_some()).then(|| name.to_owned());
            }
            let t = as_type(digestmod)?;
            (t.module == "_blake2").then(|| t.name.to_string())
        }
        _ => None,
    }
}

fn key_bytes(key: &Py) -> PyResult<Vec<u8>> {
    match key {
        Py::Bytes(b) => Ok(b.to_vec()),
        other => match buffer::buffer_of(other) {
            Some(b) if other.as_obj().is_some_and(|o| o.ty().name == "bytearray") => Ok(b.to_vec()),
            _ => Err(exceptions::type_error(format!(
                "key: expected bytes or bytearray, but got '{}'",
                semantics::type_name(other)
            ))),
        },
    }
}

/// `HMAC(key, msg=None, digestmod='')`.
fn hmac_new(cx: &Cx, func: &str, args: Args) -> PyResult<Py> {
    let [key, msg, digestmod] = args.bind(func, ["key", "msg?", "digestmod?"])?;
    let key = key_bytes(&args::req(key))?;
    let digestmod = digestmod.unwrap_or_else(|| Py::str(""));
    if !semantics::truthy(cx, &digestmod)? {
        return Err(exceptions::type_error("Missing required parameter 'digestmod'."));
    }
    let obj = match native_name(&digestmod) {
        Some(name) => native(&name, &key)?,
        None => through_objects(cx, &digestmod, &key)?,
    };
    let obj = Py::obj(obj);
    if let Some(msg) = msg.filter(|m| !m.is_none()) {
        update(cx, &obj, Args::one(msg))?;
    }
    Ok(obj)
}

fn native(name: &str, key: &[u8]) -> PyResult<HmacObj> {
    let (inner, outer) = keyed_states(name, key)?;
    if inner.is_xof() {
        return Err(exceptions::value_error("no reason supplied"));
    }
    Ok(HmacObj {
        name: format!("hmac-{}", inner.name()),
        digest_size: inner.digest_size(),
        block_size: inner.block_size(),
        pair: Mutex::new(Pair::Native(Box::new((inner, outer)))),
    })
}

/// `_init_old`: a constructor (or a module's `new`) makes the hashes.
fn through_objects(cx: &Cx, digestmod: &Py, key: &[u8]) -> PyResult<HmacObj> {
    let cons = if attr::hasattr(cx, digestmod, "__call__")? || matches!(digestmod, Py::Obj(o) if o.is_callable()) {
        digestmod.clone()
    } else {
        attr::getattr(cx, digestmod, "new")?
    };
    let make = |data: Option<Vec<u8>>| {
        semantics::call(cx, &cons, data.map_or_else(Args::default, |d| Args::one(Py::bytes(d))))
    };
    let (outer, inner) = (make(None)?, make(None)?);
    let digest_size = args::to_int("HMAC", &attr::getattr(cx, &inner, "digest_size")?)?.max(0) as usize;
    let mut block_size = 64;
    if attr::hasattr(cx, &inner, "block_size")? {
        let b = args::to_int("HMAC", &attr::getattr(cx, &inner, "block_size")?)?;
        if b >= 16 {
            block_size = b as usize;
        }
    }
    let mut key = key.to_vec();
    if key.len() > block_size {
        let h = make(Some(key))?;
        key = buffer::bytes_like(&attr::call_method(cx, &h, "digest", Args::default())?)?.to_vec();
    }
    key.resize(block_size, 0);
    let pad = |x: u8| Py::bytes(key.iter().map(|b| b ^ x).collect::<Vec<_>>());
    attr::call_method(cx, &outer, "update", Args::one(pad(0x5c)))?;
    attr::call_method(cx, &inner, "update", Args::one(pad(0x36)))?;
    let inner_name = semantics::str(cx, &attr::getattr(cx, &inner, "name")?)?;
    Ok(HmacObj {
        name: format!("hmac-{inner_name}"),
        digest_size,
        block_size,
        pair: Mutex::new(Pair::Objects { inner, outer }),
    })
}

fn me(this: &Py) -> PyResult<&HmacObj> {
    this.downcast::<HmacObj>().ok_or_else(|| exceptions::type_error("descriptor requires an 'hmac.HMAC' object"))
}

fn update(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [msg] = args.bind("update", ["msg"])?;
    let msg = args::req(msg);
    let h = me(this)?;
    // Hash objects of the client are called with no lock held.
    let objects = match &mut *h.pair() {
        Pair::Native(states) => {
            states.0.update(&hash_data(&msg)?);
            None
        }
        Pair::Objects { inner, .. } => Some(inner.clone()),
    };
    if let Some(inner) = objects {
        attr::call_method(cx, &inner, "update", Args::one(msg))?;
    }
    Ok(Py::None)
}

fn digest_of(cx: &Cx, this: &Py) -> PyResult<Vec<u8>> {
    let pair = me(this)?.pair().clone();
    match pair {
        Pair::Native(states) => Ok(hashlib::hmac_finish(&states.0, &states.1)),
        Pair::Objects { inner, outer } => {
            let h = attr::call_method(cx, &outer, "copy", Args::default())?;
            let inner = attr::call_method(cx, &inner, "copy", Args::default())?;
            let inner_digest = attr::call_method(cx, &inner, "digest", Args::default())?;
            attr::call_method(cx, &h, "update", Args::one(inner_digest))?;
            Ok(buffer::bytes_like(&attr::call_method(cx, &h, "digest", Args::default())?)?.to_vec())
        }
    }
}

static HMAC_METHODS: [Method; 7] = [
    method("update", update),
    method("digest", |cx, this, args| {
        args.none("digest")?;
        Ok(Py::bytes(digest_of(cx, this)?))
    }),
    method("hexdigest", |cx, this, args| {
        args.none("hexdigest")?;
        Ok(Py::str(String::from_utf8_lossy(&hex(&digest_of(cx, this)?, None, 1)).into_owned()))
    }),
    method("copy", |cx, this, args| {
        args.none("copy")?;
        let h = me(this)?;
        let pair = match h.pair().clone() {
            native @ Pair::Native(_) => native,
            Pair::Objects { inner, outer } => Pair::Objects {
                inner: attr::call_method(cx, &inner, "copy", Args::default())?,
                outer: attr::call_method(cx, &outer, "copy", Args::default())?,
            },
        };
        let copy = HmacObj {
            name: h.name.clone(),
            digest_size: h.digest_size,
            block_size: h.block_size,
            pair: Mutex::new(pair),
        };
        Ok(Py::obj(copy))
    }),
    property("name", |_, this, _| Ok(Py::str(me(this)?.name.clone()))),
    property("digest_size", |_, this, _| Ok(Py::from(me(this)?.digest_size))),
    property("block_size", |_, this, _| Ok(Py::from(me(this)?.block_size))),
];

fn new(cx: &Cx, args: Args) -> PyResult<Py> {
    hmac_new(cx, "new", args)
}

/// `digest(key, msg, digest)`: one-shot.
fn digest(cx: &Cx, args: Args) -> PyResult<Py> {
    let [key, msg, digestmod] = args.bind("digest", ["key", "msg", "digest"])?;
    let h = hmac_new(cx, "digest", Args::new(vec![args::req(key), args::req(msg), args::req(digestmod)], vec![]))?;
    Ok(Py::bytes(digest_of(cx, &h)?))
}

/// `compare_digest(a, b)`: ASCII strs or bytes-like objects, compared in
/// time that depends only on `b`'s length.
fn compare_digest(_cx: &Cx, args: Args) -> PyResult<Py> {
    let [a, b] = args.bind("compare_digest", ["a", "b"])?;
    let (a, b) = (args::req(a), args::req(b));
    let (x, y): (Vec<u8>, Vec<u8>) = match (&a, &b) {
        (Py::Str(x), Py::Str(y)) => {
            if !x.is_ascii() || !y.is_ascii() {
                return Err(exceptions::type_error("comparing strings with non-ASCII characters is not supported"));
            }
            (x.as_bytes().to_vec(), y.as_bytes().to_vec())
        }
        (Py::Str(_), other) | (other, Py::Str(_)) if buffer::buffer_of(other).is_some() => {
            return Err(buffer::not_buffer(&Py::str("")));
        }
        _ => match (buffer::buffer_of(&a), buffer::buffer_of(&b)) {
            (Some(x), Some(y)) => (x.to_vec(), y.to_vec()),
            _ => {
                return Err(exceptions::type_error(format!(
                    "unsupported operand types(s) or combination of types: '{}' and '{}'",
                    semantics::type_name(&a),
                    semantics::type_name(&b)
                )))
            }
        },
    };
    let mut diff = u8::from(x.len() != y.len());
    for (i, yb) in y.iter().enumerate() {
        diff |= x.get(i).copied().unwrap_or(!yb) ^ yb;
    }
    Ok(Py::Bool(diff == 0))
}
