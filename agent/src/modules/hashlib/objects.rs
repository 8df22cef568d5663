//! Hash objects: `_hashlib.HASH` (and `HASHXOF` for SHAKE, whose digests
//! take a length) and the `_blake2.blake2b`/`blake2s` classes with their
//! keyword parameters.

use std::sync::{LazyLock, Mutex, MutexGuard};

use super::algo::{self, State};
use super::hash_data;
use crate::modules::binascii::hex;
use crate::modules::buffer;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::{address, ObjRef, PyObject};
use crate::runtime::types::{method, property, Method, Type, TypeRef};
use crate::runtime::value::Py;

pub static HASH: LazyLock<TypeRef> = LazyLock::new(|| Type::native("_hashlib", "HASH", None, &HASH_METHODS, None));

pub static HASHXOF: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_hashlib", "HASHXOF", Some(&HASH), &XOF_METHODS, None));

pub static BLAKE2B: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("_blake2", "blake2b", None, &HASH_METHODS, Some(|cx, _, a| blake2_new(cx, true, a))));

pub static BLAKE2S: LazyLock<TypeRef> = LazyLock::new(|| {
    Type::native("_blake2", "blake2s", None, &HASH_METHODS, Some(|cx, _, a| blake2_new(cx, false, a)))
});

/// A hash object.
pub struct HashObj {
    state: Mutex<State>,
}

impl HashObj {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A hash object for a state.
pub fn hash_object(state: State) -> Py {
    Py::obj(HashObj { state: Mutex::new(state) })
}

impl PyObject for HashObj {
    fn ty(&self) -> TypeRef {
        match &*self.lock() {
            State::Blake2b(_) => BLAKE2B.clone(),
            State::Blake2s(_) => BLAKE2S.clone(),
            s if s.is_xof() => HASHXOF.clone(),
            _ => HASH.clone(),
        }
    }
    fn repr(&self, this: &ObjRef, _cx: &Cx) -> PyResult<String> {
        let state = self.lock();
        Ok(match &*state {
            State::Blake2b(_) | State::Blake2s(_) => {
                format!("<_blake2.{} object at {:#x}>", state.name(), address(this))
            }
            s => {
                let class = if s.is_xof() { "HASHXOF" } else { "HASH" };
                format!("<{} _hashlib.{class} object @ {:#x}>", s.name(), address(this))
            }
        })
    }
}

fn me(this: &Py) -> PyResult<&HashObj> {
    this.downcast::<HashObj>().ok_or_else(|| exceptions::type_error("descriptor requires a hash object"))
}

fn class_name(this: &Py) -> String {
    match this.downcast::<HashObj>().map(|h| h.ty()) {
        Some(t) => t.name.to_string(),
        None => "HASH".into(),
    }
}

fn update(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let n = args.pos.len() + args.kw.len();
    if n != 1 || !args.kw.is_empty() {
        return Err(exceptions::type_error(format!(
            "{}.update() takes exactly one argument ({n} given)",
            class_name(this)
        )));
    }
    let data = hash_data(&args.pos[0])?;
    me(this)?.lock().update(&data);
    Ok(Py::None)
}

/// The digest of a fixed-size hash; for SHAKE, `length` bytes.
fn digest_bytes(this: &Py, args: Args, func: &str) -> PyResult<Vec<u8>> {
    let h = me(this)?;
    if h.lock().is_xof() {
        let [length] = args.bind(func, ["length"])?;
        let length = args::to_int(func, &args::req(length))?;
        if length < 0 {
            return Err(exceptions::new("SystemError", "Negative size passed to PyBytes_FromStringAndSize"));
        }
        if length as usize > crate::runtime::semantics::MAX_BYTES {
            return Err(exceptions::memory_error("digest"));
        }
        return Ok(h.lock().digest(length as usize));
    }
    if !args.is_empty() {
        return Err(exceptions::type_error(format!(
            "{}.{func}() takes no arguments ({} given)",
            class_name(this),
            args.pos.len() + args.kw.len()
        )));
    }
    Ok(h.lock().digest(0))
}

static HASH_METHODS: [Method; 7] = [
    method("update", update),
    method("digest", |_, this, args| Ok(Py::bytes(digest_bytes(this, args, "digest")?))),
    method("hexdigest", |_, this, args| {
        Ok(Py::str(String::from_utf8_lossy(&hex(&digest_bytes(this, args, "hexdigest")?, None, 1)).into_owned()))
    }),
    method("copy", |_, this, args| {
        args.none("copy")?;
        let state = me(this)?.lock().clone();
        Ok(hash_object(state))
    }),
    property("name", |_, this, _| Ok(Py::str(me(this)?.lock().name()))),
    property("digest_size", |_, this, _| Ok(Py::from(me(this)?.lock().digest_size()))),
    property("block_size", |_, this, _| Ok(Py::from(me(this)?.lock().block_size()))),
];

static XOF_METHODS: [Method; 0] = [];

/// A BLAKE2 parameter given as bytes (`key`, `salt`, `person`).
fn param_bytes(v: Option<&Py>) -> PyResult<Vec<u8>> {
    match v {
        None => Ok(Vec::new()),
        Some(v) => Ok(buffer::bytes_like(v)?.to_vec()),
    }
}

/// `blake2b(data=b'', /, *, digest_size=64, key=b'', salt=b'', person=b'',
/// fanout=1, depth=1, leaf_size=0, node_offset=0, node_depth=0,
/// inner_size=0, last_node=False, usedforsecurity=True)`, and `blake2s`
/// with half the sizes. Tree hashing (the last seven) is not supported.
fn blake2_new(cx: &Cx, big: bool, mut args: Args) -> PyResult<Py> {
    let func = if big { "blake2b" } else { "blake2s" };
    if args.pos.len() > 1 {
        return Err(exceptions::type_error(format!(
            "{func}() takes at most 1 positional argument ({} given)",
            args.pos.len()
        )));
    }
    args.take_kw("usedforsecurity");
    let data = args.pos.pop();
    const NAMES: [&str; 11] = [
        "digest_size",
        "key",
        "salt",
        "person",
        "fanout",
        "depth",
        "leaf_size",
        "node_offset",
        "node_depth",
        "inner_size",
        "last_node",
    ];
    if let Some((k, _)) = args.kw.iter().find(|(k, _)| !NAMES.contains(&&**k)) {
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for {func}()")));
    }
    let [size, key, salt, person, fanout, depth, leaf, offset, node_depth, inner, last] = args.bind(
        func,
        [
            "$digest_size?",
            "$key?",
            "$salt?",
            "$person?",
            "$fanout?",
            "$depth?",
            "$leaf_size?",
            "$node_offset?",
            "$node_depth?",
            "$inner_size?",
            "$last_node?",
        ],
    )?;
    let (max, param_max) = if big { (64, 16) } else { (32, 8) };
    let size = args::opt_int(func, size.as_ref())?.unwrap_or(max);
    if !(1..=max).contains(&size) {
        return Err(exceptions::value_error(format!("digest_size must be between 1 and {max} bytes")));
    }
    let (key, salt, person) = (param_bytes(key.as_ref())?, param_bytes(salt.as_ref())?, param_bytes(person.as_ref())?);
    if key.len() > max as usize {
        return Err(exceptions::value_error(format!("maximum key length is {max} bytes")));
    }
    for (what, v) in [("salt", &salt), ("person", &person)] {
        if v.len() > param_max {
            return Err(exceptions::value_error(format!("maximum {what} length is {param_max} bytes")));
        }
    }
    let tree = [(fanout, 1), (depth, 1), (leaf, 0), (offset, 0), (node_depth, 0), (inner, 0)];
    for (v, default) in tree {
        if args::opt_int(func, v.as_ref())?.is_some_and(|v| v != default) {
            return Err(exceptions::not_implemented(
                "BLAKE2 tree hashing (fanout, depth, leaf_size, node_offset, node_depth, inner_size)",
            ));
        }
    }
    if args::opt_bool(cx, last.as_ref(), false)? {
        return Err(exceptions::not_implemented("BLAKE2 tree hashing (last_node)"));
    }
    let size = size as usize;
    let mut state =
        if big { algo::blake2b(size, &key, &salt, &person) } else { algo::blake2s(size, &key, &salt, &person) };
    if let Some(data) = data {
        state.update(&hash_data(&data)?);
    }
    Ok(hash_object(state))
}
