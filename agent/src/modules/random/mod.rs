//! `random`: the Mersenne Twister seeded as CPython seeds it, so that
//! `random.seed(42); random.random()` gives CPython's number, and every
//! method of `random.Random` built on it with `random.py`'s algorithms
//! (`randrange` through `_randbelow` and `getrandbits`, `choice`,
//! `shuffle`, `sample`, `choices`, the distributions). The module's
//! functions share one generator per agent process, as they share one per
//! Python process; `random.Random(seed)` makes independent ones and
//! `random.SystemRandom` draws from the system's entropy.

mod dists;
mod mt;
mod sequences;
mod sha512;
#[cfg(test)]
mod tests;

use std::io::Read;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard};

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, ToPrimitive};
use rpyc_protocol::Value;

use crate::objects::bytearray::ByteArray;
use crate::objects::module::{f, ModuleDef};
use crate::runtime::args::{self, req, Args};
use crate::runtime::context::Cx;
use crate::runtime::exceptions::{self, PyResult};
use crate::runtime::object::PyObject;
use crate::runtime::semantics;
use crate::runtime::types::{method, type_value, Method, NativeMethod, Type, TypeRef};
use crate::runtime::value::Py;

use mt::Mt19937;

pub static RANDOM: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("random", "Random", None, &METHODS, Some(random_new)));
pub static SYSTEM_RANDOM: LazyLock<TypeRef> =
    LazyLock::new(|| Type::native("random", "SystemRandom", Some(&RANDOM), &SYSTEM_METHODS, Some(system_new)));

/// The generator behind the module's functions.
static INSTANCE: LazyLock<Py> = LazyLock::new(|| Py::Obj(Arc::new(RandomObj::seeded(None))));

/// Where a generator's bits come from.
enum Source {
    Twister(Box<Mt19937>),
    /// `SystemRandom`: the operating system's entropy, no state.
    System,
}

struct State {
    source: Source,
    /// `gauss()`'s second value, kept for the next call.
    gauss_next: Option<f64>,
}

pub struct RandomObj {
    ty: TypeRef,
    state: Mutex<State>,
}

/// Bytes of the system's entropy.
fn urandom(n: usize) -> Vec<u8> {
    let mut buf = vec![0u8; n];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf));
    if read.is_err() {
        // No /dev/urandom (a bare chroot): CPython falls back to the time
        // and the process id as well.
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let mut x = now.as_nanos() as u64 ^ (u64::from(std::process::id()) << 32);
        for b in buf.iter_mut() {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            *b = x as u8;
        }
    }
    buf
}

/// The generator for a seed already reduced to an int (or none).
fn twister_for(seed: Option<&BigInt>) -> Mt19937 {
    match seed {
        Some(n) => Mt19937::from_int(n),
        None => {
            let bytes = urandom(mt::N * 4);
            let key: Vec<u32> = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
            Mt19937::from_key(&key)
        }
    }
}

impl RandomObj {
    fn seeded(seed: Option<&BigInt>) -> RandomObj {
        RandomObj {
            ty: RANDOM.clone(),
            state: Mutex::new(State { source: Source::Twister(Box::new(twister_for(seed))), gauss_next: None }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `random()`: a float in `[0, 1)`.
    pub fn random(&self) -> f64 {
        match &mut self.lock().source {
            Source::Twister(mt) => mt.random(),
            Source::System => {
                let b = urandom(7);
                let x = b.iter().fold(0u64, |acc, &byte| (acc << 8) | u64::from(byte));
                (x >> 3) as f64 * (1.0 / 9_007_199_254_740_992.0)
            }
        }
    }

    /// `getrandbits(k)`.
    pub fn getrandbits(&self, k: u64) -> BigInt {
        if k == 0 {
            return BigInt::ZERO;
        }
        match &mut self.lock().source {
            Source::Twister(mt) => mt.getrandbits(k),
            Source::System => {
                let nbytes = k.div_ceil(8) as usize;
                let x = BigInt::from_bytes_be(Sign::Plus, &urandom(nbytes));
                x >> (nbytes as u64 * 8 - k)
            }
        }
    }

    /// `_randbelow(n)` for `n > 0`: `getrandbits(n.bit_length())` until
    /// below `n`.
    pub fn randbelow(&self, n: &BigInt) -> BigInt {
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }

    /// [`RandomObj::randbelow`] for small `n`.
    pub fn randbelow_usize(&self, n: usize) -> usize {
        self.randbelow(&BigInt::from(n)).to_usize().unwrap_or(0)
    }
}

impl PyObject for RandomObj {
    fn ty(&self) -> TypeRef {
        self.ty.clone()
    }
    fn to_value(&self, _cx: &Cx) -> PyResult<Option<Value>> {
        let st = self.lock();
        let Source::Twister(mt) = &st.source else { return Ok(None) };
        let (words, index) = mt.state();
        let mut internal: Vec<Value> = words.into_iter().map(|w| Value::Int(w.into())).collect();
        internal.push(Value::Int(index as i64));
        let gauss = st.gauss_next.map_or(Value::None, Value::Float);
        let state = Value::Tuple(vec![Value::Int(3), Value::Tuple(internal), gauss]);
        Ok(Some(Value::Record(Box::new(rpyc_protocol::Record {
            class: "random.Random".to_owned(),
            args: Vec::new(),
            state: Some(state),
        }))))
    }
}

/// The generator a method was called on.
pub fn rng(this: &Py) -> PyResult<&RandomObj> {
    this.downcast::<RandomObj>().ok_or_else(|| {
        exceptions::type_error(format!(
            "descriptor requires a 'random.Random' object but received a '{}'",
            semantics::type_name(this)
        ))
    })
}

/// The int a seed stands for, as `Random.seed` reduces it before the
/// generator sees it; `None` seeds from the system's entropy.
fn seed_int(cx: &Cx, a: &Py, version: i64) -> PyResult<Option<BigInt>> {
    let bytearray = a.downcast::<ByteArray>();
    let text: Option<Vec<u8>> = match a {
        Py::Str(s) => Some(s.as_bytes().to_vec()),
        Py::Bytes(b) => Some(b.to_vec()),
        _ => bytearray.map(ByteArray::snapshot),
    };
    if let Some(bytes) = text.as_ref().filter(|_| version == 2) {
        let mut all = bytes.clone();
        all.extend_from_slice(&sha512::sha512(bytes));
        return Ok(Some(BigInt::from_bytes_be(Sign::Plus, &all)));
    }
    if version == 1 {
        let chars: Option<Vec<u32>> = match a {
            Py::Str(s) => Some(s.chars().map(u32::from).collect()),
            Py::Bytes(b) => Some(b.iter().map(|&c| u32::from(c)).collect()),
            _ => None,
        };
        if let Some(chars) = chars {
            let mut x: u64 = chars.first().map_or(0, |&c| u64::from(c) << 7);
            for &c in &chars {
                x = 1_000_003u64.wrapping_mul(x) ^ u64::from(c);
            }
            x ^= chars.len() as u64;
            return Ok(Some(BigInt::from(x)));
        }
    }
    match a {
        Py::None => Ok(None),
        Py::Int(n) => Ok(Some(BigInt::from(*n).abs())),
        Py::BigInt(n) => Ok(Some(n.abs())),
        Py::Bool(b) => Ok(Some(BigInt::from(u8::from(*b)))),
        // A bytearray passes random.py's check but, outside version 2, goes
        // to the generator's hash: unhashable.
        Py::Float(_) | Py::Str(_) | Py::Bytes(_) => Ok(Some(BigInt::from(semantics::hash(cx, a)? as u64))),
        _ if bytearray.is_some() => semantics::hash(cx, a).map(|h| Some(BigInt::from(h as u64))),
        _ => Err(exceptions::type_error(
            "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
        )),
    }
}

fn random_new(cx: &Cx, _cls: &TypeRef, args: Args) -> PyResult<Py> {
    let [x] = args.bind("Random", ["x?"])?;
    let seed = seed_int(cx, &x.unwrap_or(Py::None), 2)?;
    Ok(Py::obj(RandomObj::seeded(seed.as_ref())))
}

fn system_new(_cx: &Cx, _cls: &TypeRef, _args: Args) -> PyResult<Py> {
    Ok(Py::obj(RandomObj {
        ty: SYSTEM_RANDOM.clone(),
        state: Mutex::new(State { source: Source::System, gauss_next: None }),
    }))
}

fn seed(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [a, version] = args.bind("seed", ["a?", "version?"])?;
    let version = args::opt_int("seed", version.as_ref())?.unwrap_or(2);
    let r = rng(this)?;
    let n = seed_int(cx, &a.unwrap_or(Py::None), version)?;
    let mut st = r.lock();
    if let Source::Twister(mt) = &mut st.source {
        **mt = twister_for(n.as_ref());
    }
    st.gauss_next = None;
    Ok(Py::None)
}

fn random(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("random")?;
    Ok(Py::Float(rng(this)?.random()))
}

/// A bit count for `getrandbits`.
fn bit_count(v: &Py) -> PyResult<u64> {
    let k = match semantics::index_value(v) {
        Some(Py::Int(k)) => k,
        Some(_) => return Err(exceptions::overflow_error("Python int too large to convert to C int")),
        None => {
            return Err(exceptions::type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                semantics::type_name(v)
            )))
        }
    };
    if k < 0 {
        return Err(exceptions::value_error("number of bits must be non-negative"));
    }
    if k > semantics::num::MAX_INT_BITS as i64 {
        return Err(semantics::num::too_big());
    }
    Ok(k as u64)
}

fn getrandbits(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [k] = args.bind("getrandbits", ["k"])?;
    let k = bit_count(&req(k))?;
    Ok(Py::from_bigint(rng(this)?.getrandbits(k)))
}

fn randbytes(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [n] = args.bind("randbytes", ["n"])?;
    let n = args::to_int("randbytes", &req(n))?;
    let k = bit_count(&Py::Int(n.saturating_mul(8)))?;
    let x = rng(this)?.getrandbits(k);
    let mut bytes = x.to_bytes_le().1;
    bytes.resize(n as usize, 0);
    Ok(Py::bytes(bytes))
}

fn getstate(_cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    args.none("getstate")?;
    let st = rng(this)?.lock();
    let Source::Twister(mt) = &st.source else { return Err(no_state()) };
    let (words, index) = mt.state();
    let mut internal: Vec<Py> = words.into_iter().map(Py::from).collect();
    internal.push(Py::from(index));
    Ok(Py::tuple(vec![Py::Int(3), Py::tuple(internal), Py::from(st.gauss_next)]))
}

fn no_state() -> exceptions::PyErr {
    exceptions::new("NotImplementedError", "System entropy source does not have state.")
}

fn setstate(cx: &Cx, this: &Py, args: Args) -> PyResult<Py> {
    let [state] = args.bind("setstate", ["state"])?;
    let state = req(state);
    let r = rng(this)?;
    let version = semantics::getitem(cx, &state, &Py::Int(0))?;
    if !matches!(version, Py::Int(2 | 3)) {
        return Err(exceptions::value_error(format!(
            "state with version {} passed to Random.setstate() of version 3",
            semantics::str(cx, &version)?
        )));
    }
    let [_, internal, gauss] = <[Py; 3]>::try_from(semantics::iterate(cx, &state)?).map_err(|items| {
        exceptions::value_error(format!("too many values to unpack (expected 3, got {})", items.len()))
    })?;
    let Py::Tuple(internal) = internal else { return Err(exceptions::type_error("state vector must be a tuple")) };
    if internal.len() != mt::N + 1 {
        return Err(exceptions::value_error("state vector is the wrong size"));
    }
    let mut words = Vec::with_capacity(mt::N);
    for v in &internal[..mt::N] {
        let n = match v {
            Py::Int(n) if *n < 0 => {
                return Err(exceptions::overflow_error("can't convert negative value to unsigned int"))
            }
            Py::Int(n) => *n as u64,
            _ => return Err(exceptions::type_error("state vector items must be integers")),
        };
        // Version 2 states hold the words modulo 2**32, as do C's unsigned casts.
        words.push(n as u32);
    }
    let index = match internal[mt::N] {
        Py::Int(i) if (0..=mt::N as i64).contains(&i) => i as usize,
        _ => return Err(exceptions::value_error("invalid state")),
    };
    let gauss = match gauss {
        Py::None => None,
        g => Some(crate::modules::math::float_arg(&g)?),
    };
    let mt = Mt19937::from_state(&words, index).ok_or_else(|| exceptions::value_error("invalid state"))?;
    let mut st = r.lock();
    if !matches!(st.source, Source::Twister(_)) {
        return Err(no_state());
    }
    st.source = Source::Twister(Box::new(mt));
    st.gauss_next = gauss;
    Ok(Py::None)
}

static METHODS: [Method; 23] = [
    method("seed", seed),
    method("random", random),
    method("getrandbits", getrandbits),
    method("randbytes", randbytes),
    method("getstate", getstate),
    method("setstate", setstate),
    method("randrange", sequences::randrange),
    method("randint", sequences::randint),
    method("choice", sequences::choice),
    method("choices", sequences::choices),
    method("shuffle", sequences::shuffle),
    method("sample", sequences::sample),
    method("uniform", dists::uniform),
    method("triangular", dists::triangular),
    method("gauss", dists::gauss),
    method("normalvariate", dists::normalvariate),
    method("lognormvariate", dists::lognormvariate),
    method("expovariate", dists::expovariate),
    method("vonmisesvariate", dists::vonmisesvariate),
    method("gammavariate", dists::gammavariate),
    method("betavariate", dists::betavariate),
    method("paretovariate", dists::paretovariate),
    method("weibullvariate", dists::weibullvariate),
];

static SYSTEM_METHODS: [Method; 3] = [
    method("seed", |_, _, _| Ok(Py::None)),
    method("getstate", |_, _, _| Err(no_state())),
    method("setstate", |_, _, _| Err(no_state())),
];

/// A module function: the method of the shared generator.
macro_rules! on_instance {
    ($($name:literal => $method:path),* $(,)?) => {
        &[$(f($name, |cx, args| {
            let m: NativeMethod = $method;
            m(cx, &INSTANCE, args)
        }),)*]
    };
}

pub static MODULE: ModuleDef = ModuleDef {
    name: "random",
    type_name: "random",
    doc: "Random variable generators.",
    functions: on_instance! {
        "seed" => seed,
        "random" => random,
        "getrandbits" => getrandbits,
        "randbytes" => randbytes,
        "getstate" => getstate,
        "setstate" => setstate,
        "randrange" => sequences::randrange,
        "randint" => sequences::randint,
        "choice" => sequences::choice,
        "choices" => sequences::choices,
        "shuffle" => sequences::shuffle,
        "sample" => sequences::sample,
        "uniform" => dists::uniform,
        "triangular" => dists::triangular,
        "gauss" => dists::gauss,
        "normalvariate" => dists::normalvariate,
        "lognormvariate" => dists::lognormvariate,
        "expovariate" => dists::expovariate,
        "vonmisesvariate" => dists::vonmisesvariate,
        "gammavariate" => dists::gammavariate,
        "betavariate" => dists::betavariate,
        "paretovariate" => dists::paretovariate,
        "weibullvariate" => dists::weibullvariate,
    },
    attr,
    attr_names: &["Random", "SystemRandom", "BPF", "LOG4", "NV_MAGICCONST", "RECIP_BPF", "SG_MAGICCONST", "TWOPI"],
    setattr: None,
};

fn attr(name: &str, _cx: &Cx) -> Option<PyResult<Py>> {
    Some(Ok(match name {
        "Random" => type_value(&RANDOM),
        "SystemRandom" => type_value(&SYSTEM_RANDOM),
        "BPF" => Py::Int(53),
        "RECIP_BPF" => Py::Float(1.0 / 9_007_199_254_740_992.0),
        "LOG4" => Py::Float(dists::LOG4),
        "NV_MAGICCONST" => Py::Float(dists::nv_magicconst()),
        "SG_MAGICCONST" => Py::Float(dists::sg_magicconst()),
        "TWOPI" => Py::Float(std::f64::consts::TAU),
        _ => return None,
    }))
}
