//! `hashlib`: MD5, SHA-1, SHA-2, SHA-3, SHAKE and BLAKE2 ([`algo`], on the
//! RustCrypto crates) with CPython 3.11's constructors, hash objects
//! (`_hashlib.HASH`, `_hashlib.HASHXOF`, `_blake2.blake2b/blake2s`),
//! `new`, `file_digest` and `pbkdf2_hmac`. Hash objects cannot be pickled,
//! so they stay on the agent (references).

pub mod algo;
mod objects;
#[cfg(test)]
mod tests;

use std::sync::{Arc, LazyLock};

use crate::runtime::callables::Function;
use crate::runtime::object::ObjRef;

use crate::modules::buffer;
use crate::objects::attr;
use crate::objects::module::{b, f, ModuleDef};
use crate::objects::set::Set;
use crate::runtime::args::{self, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyErr, PyResult};
use crate::runtime::semantics;
use crate::runtime::types::{type_value, Type, TypeRef};
use crate::runtime::value::Py;

use algo::State;
pub use objects::{hash_object, HashObj, BLAKE2B, BLAKE2S};

/// The OpenSSL-backed constructors as CPython's `hashlib` exposes them:
/// `hashlib.md5` is `_hashlib.openssl_md5`.
macro_rules! constructors {
    ($($name:literal => $func:ident),* $(,)?) => {
        $(fn $func(_cx: &Cx, args: Args) -> PyResult<Py> {
            openssl_constructor($name, concat!("openssl_", $name), args)
        })*
        /// Made once, so each keeps its identity (and id pack).
        static CONSTRUCTORS: LazyLock<Vec<(&'static str, ObjRef)>> = LazyLock::new(|| {
            vec![$(($name, Function::new("_hashlib", concat!("openssl_", $name), $func, false))),*]
        });
    };
}

constructors! {
    "md5" => md5, "sha1" => sha1, "sha224" => sha224, "sha256" => sha256, "sha384" => sha384,
    "sha512" => sha512, "sha3_224" => sha3_224, "sha3_256" => sha3_256, "sha3_384" => sha3_384,
    "sha3_512" => sha3_512, "shake_128" => shake_128, "shake_256" => shake_256,
}

pub static MODULE: ModuleDef = ModuleDef {
    name: "hashlib",
    type_name: "hashlib",
    doc: "hashlib module - A common interface to many hash functions.",
    functions: &[f("new", new), b("file_digest", file_digest), f("pbkdf2_hmac", pbkdf2_hmac)],
    attr,
    attr_names: &[
        "md5",
        "sha1",
        "sha224",
        "sha256",
        "sha384",
        "sha512",
        "sha3_224",
        "sha3_256",
        "sha3_384",
        "sha3_512",
        "shake_128",
        "shake_256",
        "blake2b",
        "blake2s",
        "algorithms_available",
        "algorithms_guaranteed",
    ],
    setattr: None,
};

fn attr(name: &str, cx: &Cx) -> Option<PyResult<Py>> {
    let names = |list: &[&str]| Set::from_items(cx, list.iter().map(|n| Py::str(*n)).collect(), true);
    if let Some((_, f)) = CONSTRUCTORS.iter().find(|(n, _)| *n == name) {
        return Some(Ok(Py::Obj(f.clone())));
    }
    Some(match name {
        "blake2b" => Ok(type_value(&BLAKE2B)),
        "blake2s" => Ok(type_value(&BLAKE2S)),
        "algorithms_available" => names(algo::AVAILABLE),
        "algorithms_guaranteed" => names(algo::GUARANTEED),
        _ => return None,
    })
}

/// Data to hash: bytes-like; str is refused as Python refuses it.
pub fn hash_data(v: &Py) -> PyResult<Arc<[u8]>> {
    match v {
        Py::Str(_) => Err(exceptions::type_error("Strings must be encoded before hashing")),
        other => {
            buffer::buffer_of(other).ok_or_else(|| exceptions::type_error("object supporting the buffer API required"))
        }
    }
}

/// `openssl_md5(string=b'', *, usedforsecurity=True)` and the others.
fn openssl_constructor(name: &str, func: &str, mut args: Args) -> PyResult<Py> {
    args.take_kw("usedforsecurity");
    if args.pos.len() > 1 {
        return Err(exceptions::type_error(format!(
            "{func}() takes at most 1 positional argument ({} given)",
            args.pos.len()
        )));
    }
    let data = match args.take_kw("string") {
        Some(v) if !args.pos.is_empty() => {
            drop(v);
            return Err(exceptions::type_error(format!(
                "argument for {func}() given by name ('string') and position (1)"
            )));
        }
        Some(v) => Some(v),
        None => args.pos.pop(),
    };
    if let Some((k, _)) = args.kw.first() {
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for {func}()")));
    }
    let mut state = State::new(name).ok_or_else(|| unsupported(name))?;
    if let Some(data) = data {
        state.update(&hash_data(&data)?);
    }
    Ok(hash_object(state))
}

pub fn unsupported(name: &str) -> exceptions::PyErr {
    exceptions::value_error(format!("unsupported hash type {name}"))
}

/// A fresh state for a name `hashlib.new` accepts.
pub fn state_named(name: &str) -> PyResult<State> {
    algo::canonical(name).and_then(State::new).ok_or_else(|| unsupported(name))
}

/// `new(name, data=b'', **kwargs)`.
fn new(cx: &Cx, mut args: Args) -> PyResult<Py> {
    let name = match args.take_kw("name") {
        Some(n) => n,
        None if !args.pos.is_empty() => args.pos.remove(0),
        None => return Err(exceptions::type_error("__hash_new() missing 1 required positional argument: 'name'")),
    };
    let Py::Str(name) = name else { return Err(exceptions::type_error("name must be a string")) };
    if let Some(canon @ ("blake2b" | "blake2s")) = algo::canonical(&name) {
        let cls = if canon == "blake2b" { &BLAKE2B } else { &BLAKE2S };
        return semantics::call(cx, &type_value(cls), args);
    }
    args.take_kw("usedforsecurity");
    if let Some((k, _)) = args.kw.iter().find(|(k, _)| &**k != "data") {
        return Err(exceptions::type_error(format!("'{k}' is an invalid keyword argument for new()")));
    }
    let [data] = args.bind("new", ["data?"])?;
    let mut state = state_named(&name)?;
    if let Some(data) = data {
        state.update(&hash_data(&data)?);
    }
    Ok(hash_object(state))
}

/// `file_digest(fileobj, digest, /)`: a name or a constructor; the file is
/// read in 256 KiB chunks (`read`, where CPython uses `readinto` into a
/// buffer the agent cannot lend across the connection).
fn file_digest(cx: &Cx, args: Args) -> PyResult<Py> {
    let [fileobj, digest] = args.bind("file_digest", ["fileobj", "digest"])?;
    let (fileobj, digest) = (args::req(fileobj), args::req(digest));
    let hash = match &digest {
        Py::Str(name) => hash_object(state_named(name)?),
        other => semantics::call(cx, other, Args::default())?,
    };
    let update = |data: Py| attr::call_method(cx, &hash, "update", Args::one(data));
    if attr::hasattr(cx, &fileobj, "getbuffer")? {
        update(attr::call_method(cx, &fileobj, "getvalue", Args::default())?)?;
        return Ok(hash);
    }
    let readable = attr::hasattr(cx, &fileobj, "readinto")?
        && attr::hasattr(cx, &fileobj, "readable")?
        && semantics::truthy(cx, &attr::call_method(cx, &fileobj, "readable", Args::default())?)?;
    if !readable {
        return Err(exceptions::value_error(format!(
            "'{}' is not a file-like object in binary reading mode.",
            semantics::repr(cx, &fileobj)?
        )));
    }
    loop {
        cx.check_interrupt()?;
        let chunk = attr::call_method(cx, &fileobj, "read", Args::one(Py::Int(1 << 18)))?;
        if !semantics::truthy(cx, &chunk)? {
            return Ok(hash);
        }
        update(chunk)?;
    }
}

/// `_hashlib.UnsupportedDigestmodError`, what OpenSSL's functions raise
/// for a name they do not know.
pub static UNSUPPORTED_DIGESTMOD: LazyLock<TypeRef> = LazyLock::new(|| {
    let t = Type::native(
        "_hashlib",
        "UnsupportedDigestmodError",
        Some(&exceptions::exc_type("ValueError")),
        &[],
        Some(exceptions::exception_new),
    );
    exceptions::register_class(&t);
    t
});

pub fn register_classes() {
    LazyLock::force(&UNSUPPORTED_DIGESTMOD);
}

/// HMAC of a native algorithm: the inner and outer states after the
/// padded key (RFC 2104).
pub fn keyed_states(name: &str, key: &[u8]) -> PyResult<(State, State)> {
    let fresh = state_named(name)?;
    let block = fresh.block_size();
    let mut padded = if key.len() > block {
        let mut h = fresh.clone();
        h.update(key);
        h.digest(0)
    } else {
        key.to_vec()
    };
    padded.resize(block, 0);
    let (mut inner, mut outer) = (fresh.clone(), fresh);
    inner.update(&padded.iter().map(|b| b ^ 0x36).collect::<Vec<_>>());
    outer.update(&padded.iter().map(|b| b ^ 0x5c).collect::<Vec<_>>());
    Ok((inner, outer))
}

/// The HMAC of `msg` from keyed states.
pub fn hmac_finish(inner: &State, outer: &State) -> Vec<u8> {
    let mut outer = outer.clone();
    outer.update(&inner.digest(0));
    outer.digest(0)
}

/// `pbkdf2_hmac(hash_name, password, salt, iterations, dklen=None)`.
fn pbkdf2_hmac(cx: &Cx, args: Args) -> PyResult<Py> {
    let [name, password, salt, iterations, dklen] =
        args.bind("pbkdf2_hmac", ["hash_name", "password", "salt", "iterations", "dklen?"])?;
    let name = args::to_str("pbkdf2_hmac", &args::req(name))?;
    let password = buffer::bytes_like(&args::req(password))?;
    let salt = buffer::bytes_like(&args::req(salt))?;
    let iterations = args::to_int("pbkdf2_hmac", &args::req(iterations))?;
    let (inner, outer) = keyed_states(&name, &password).map_err(|e| {
        if e.is("ValueError") {
            PyErr::new(UNSUPPORTED_DIGESTMOD.clone(), vec![Py::str("[digital envelope routines] unsupported")])
        } else {
            e
        }
    })?;
    if inner.is_xof() {
        return Err(exceptions::value_error("no reason supplied"));
    }
    if iterations < 1 {
        return Err(exceptions::value_error("iteration value must be greater than 0."));
    }
    let size = inner.digest_size();
    let dklen = args::opt_int("pbkdf2_hmac", dklen.as_ref())?.unwrap_or(size as i64);
    if dklen < 1 {
        return Err(exceptions::value_error("key length must be greater than 0."));
    }
    if dklen as usize > semantics::MAX_BYTES {
        return Err(exceptions::memory_error("pbkdf2_hmac key"));
    }
    let prf = |data: &[u8]| {
        let mut i = inner.clone();
        i.update(data);
        hmac_finish(&i, &outer)
    };
    let mut out = Vec::with_capacity(dklen as usize);
    let mut block = 1u32;
    while out.len() < dklen as usize {
        let mut u = prf(&[&salt[..], &block.to_be_bytes()].concat());
        let mut t = u.clone();
        for n in 1..iterations {
            if n % 4096 == 0 {
                cx.check_interrupt()?;
            }
            u = prf(&u);
            t.iter_mut().zip(&u).for_each(|(a, b)| *a ^= b);
        }
        out.extend_from_slice(&t);
        block += 1;
    }
    out.truncate(dklen as usize);
    Ok(Py::bytes(out))
}
